"""Bank checks on its questions: ids, numbers, options, scores and conditions that resolve.

Like ``bank_checks``, it returns located problems (file, line, field) and never raises, so
that :func:`rcr_checklist.files.bank_loader.load_bank` reports every problem in one run.
"""

from __future__ import annotations

from typing import Any

from rcr_checklist.errors import Problem
from rcr_checklist.files.locate import dotted
from rcr_checklist.files.located import LocatedData
from rcr_checklist.model.bank import CHOICE_KINDS, BankMeta, PrincipleFile, Question
from rcr_checklist.model.conditions import Condition, leaves

__all__ = ["question_problems"]


def question_problems(
    meta: BankMeta,
    meta_loc: LocatedData,
    principles: list[tuple[PrincipleFile, LocatedData]],
) -> list[Problem]:
    """Check what the schema cannot express about the bank's questions.

    Bands highest first and down to 0; principle numbers and question ids used once; the
    facts file first and the principles in order; every ``show_if`` and rule condition names
    an earlier question and a real option value (``gte``/``lte`` a number question); a choice
    question's option values once each (yes/no exactly); a scored question with a score for
    every option, a reference and a recommendation; ``na_when`` wherever n/a is allowed.

    Args:
        meta: ``bank.yaml``'s content.
        meta_loc: where its values are (file, line).
        principles: each principle file with where its values are, in the bank's order.

    Returns:
        Located problems, in file order; empty when the bank is sound.
    """
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    earlier: dict[str, Question] = {}
    numbers: dict[int, str] = {}

    def add(loc: LocatedData, path: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(loc.source, loc.line_of(path), dotted(path), message))

    for i in range(1, len(meta.bands)):
        if meta.bands[i].min >= meta.bands[i - 1].min:
            add(meta_loc, ("bands", i, "min"), "bands must be listed highest first")
    if meta.bands[-1].min != 0:
        add(meta_loc, ("bands", len(meta.bands) - 1, "min"), "the last band must start at 0")
    for principle, loc in principles:
        if principle.number in numbers:
            add(
                loc,
                ("number",),
                f"principle number {principle.number} is already used by "
                f"{numbers[principle.number]}",
            )
        numbers[principle.number] = loc.source
        for qi, question in enumerate(principle.questions):
            here: tuple[str | int, ...] = ("questions", qi)
            if question.id in seen:
                add(
                    loc, (*here, "id"), f"id {question.id!r} is already used in {seen[question.id]}"
                )
            seen[question.id] = loc.source
            if question.show_if is not None:
                problems.extend(
                    _check_condition(
                        question.show_if, earlier, loc, (*here, "show_if"), question.id
                    )
                )
            _check_question(question, principle.number, loc, here, add)
            for p in question.profiles:
                if p not in meta.profiles:
                    add(loc, (*here, "profiles"), f"profile {p!r} is not defined in bank.yaml")
            earlier[question.id] = question
    if 0 in numbers and min(numbers) != 0 or (numbers and sorted(numbers) != list(numbers)):
        add(meta_loc, ("files",), "list the facts file (number 0) first and principles in order")
    for ri, rule in enumerate(meta.rules):
        problems.extend(_check_condition(rule.when, earlier, meta_loc, ("rules", ri, "when"), None))
        if rule.principle not in numbers:
            add(meta_loc, ("rules", ri, "principle"), f"no principle number {rule.principle}")
    return problems


def _check_question(
    question: Question, number: int, loc: LocatedData, here: tuple[str | int, ...], add: Any
) -> None:
    if question.kind in CHOICE_KINDS:
        values = [o.value for o in question.options]  # type: ignore[union-attr]
        for oi, value in enumerate(values):
            if value in values[:oi]:
                add(loc, (*here, "options", oi, "value"), f"option value {value!r} is repeated")
        if question.kind == "yes_no" and sorted(values) != ["no", "yes"]:
            add(loc, (*here, "options"), "a yes_no question has exactly the options yes and no")
    scored = number > 0 and question.kind in CHOICE_KINDS and question.weight > 0
    if scored:
        for oi, option in enumerate(question.options):  # type: ignore[union-attr]
            if option.score is None:
                add(
                    loc,
                    (*here, "options", oi, "score"),
                    "a scored question needs a score for every option (0 to 1)",
                )
        if not question.references:
            add(
                loc,
                (*here, "references"),
                "a scored question needs at least one {framework, clause} reference",
            )
        if not question.recommendation:
            add(loc, (*here, "recommendation"), "a scored question needs a recommendation")
    if question.allow_na and not question.na_when:
        add(loc, (*here, "na_when"), "say when n/a is legitimate (na_when) if allow_na is true")


def _check_condition(
    condition: Condition,
    earlier: dict[str, Question],
    loc: LocatedData,
    base: tuple[str | int, ...],
    owner: str | None,
) -> list[Problem]:
    problems: list[Problem] = []
    for leaf, sub in leaves(condition):
        path = (*base, *sub, "question")
        target = earlier.get(leaf.question)
        if target is None:
            why = (
                "refers to itself"
                if leaf.question == owner
                else f"refers to {leaf.question!r}, which is not an earlier question"
            )
            problems.append(Problem(loc.source, loc.line_of(path), dotted(path), why))
            continue
        op = leaf.op
        if op in ("equals", "in", "not_in"):
            operand = leaf.operand if isinstance(leaf.operand, list) else [leaf.operand]
            if target.kind in CHOICE_KINDS:
                values = {o.value for o in target.options}  # type: ignore[union-attr]
                for value in operand:
                    if value not in values:
                        opath = (*base, *sub, op)
                        problems.append(
                            Problem(
                                loc.source,
                                loc.line_of(opath),
                                dotted(opath),
                                f"{value!r} is not an option of {leaf.question!r} "
                                f"(options: {', '.join(sorted(values))})",
                            )
                        )
        elif op in ("gte", "lte") and target.kind != "number":
            opath = (*base, *sub, op)
            problems.append(
                Problem(
                    loc.source,
                    loc.line_of(opath),
                    dotted(opath),
                    f"{op} needs a number question; {leaf.question!r} is {target.kind}",
                )
            )
    return problems
