"""Bank checks beyond the questions: sources cited, weights, exclusive options, migrations.

Each function returns located problems (file, line, field) and never raises, so that
:func:`rcr_checklist.files.bank_loader.load_bank` can report every problem of a bank in one run.
"""

from __future__ import annotations

from rcr_checklist.errors import Problem
from rcr_checklist.files.locate import dotted
from rcr_checklist.files.located import LocatedData
from rcr_checklist.model.bank import CHOICE_KINDS, BankMeta, PrincipleFile, Question, Reference
from rcr_checklist.model.migration import MigrationMap
from rcr_checklist.model.sources import Sources, reference_problems

__all__ = ["exclusive_problems", "migration_problems", "source_problems", "weight_problems"]

Located = list[tuple[PrincipleFile, LocatedData]]


def _problem(loc: LocatedData, path: tuple[str | int, ...], message: str) -> Problem:
    return Problem(loc.source, loc.line_of(path), dotted(path), message)


def _refs(
    refs: list[Reference], sources: Sources, loc: LocatedData, base: tuple[str | int, ...]
) -> list[Problem]:
    return [
        _problem(loc, (*base, "references", i, name), message)
        for i, name, message in reference_problems(refs, sources)
    ]


def source_problems(
    meta: BankMeta, meta_loc: LocatedData, principles: Located, sources: Sources
) -> list[Problem]:
    """Every reference of every question and rule must name a framework and edition in sources.

    Args:
        meta: ``bank.yaml``.
        meta_loc: its located data (for line numbers).
        principles: the principle files with their located data.
        sources: the parsed sources file.

    Returns:
        One problem per reference that does not resolve, in file order.
    """
    problems: list[Problem] = []
    for principle, loc in principles:
        for qi, question in enumerate(principle.questions):
            problems += _refs(question.references, sources, loc, ("questions", qi))
    for ri, rule in enumerate(meta.rules):
        problems += _refs(rule.references, sources, meta_loc, ("rules", ri))
    return problems


def weight_problems(meta: BankMeta, principles: Located) -> list[Problem]:
    """When ``bank.yaml`` lists weights, every scored question must carry one of them.

    Args:
        meta: ``bank.yaml``.
        principles: the principle files with their located data.

    Returns:
        One problem per scored question whose weight has no stated reason.
    """
    if not meta.weights:
        return []
    allowed = {w.weight for w in meta.weights}
    listing = ", ".join(f"{w:g}" for w in sorted(allowed))
    return [
        _problem(
            loc,
            ("questions", qi, "weight"),
            f"weight {q.weight:g} has no reason in bank.yaml's weights (use one of: {listing})",
        )
        for principle, loc in principles
        if principle.number > 0
        for qi, q in enumerate(principle.questions)
        if q.kind in CHOICE_KINDS and q.weight > 0 and q.weight not in allowed
    ]


def exclusive_problems(principles: Located) -> list[Problem]:
    """``exclusive: true`` only makes sense on an option of a multi-choice question.

    Args:
        principles: the principle files with their located data.

    Returns:
        One problem per misplaced ``exclusive``.
    """
    return [
        _problem(
            loc,
            ("questions", qi, "options", oi, "exclusive"),
            f"exclusive applies to multi-choice options only; {q.id!r} is {q.kind}",
        )
        for principle, loc in principles
        for qi, q in enumerate(principle.questions)
        if q.kind != "multi"
        for oi, option in enumerate(getattr(q, "options", []))
        if option.exclusive
    ]


def _semver(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def migration_problems(
    migration: MigrationMap, loc: LocatedData, version: str, by_id: dict[str, Question]
) -> list[Problem]:
    """A migration map must lead to real questions and option values, and not past this bank.

    Args:
        migration: the parsed migration file.
        loc: its located data.
        version: this bank's version.
        by_id: this bank's question id -> question.

    Returns:
        Located problems, in file order.
    """
    problems: list[Problem] = []
    if _semver(migration.to_version) > _semver(version):
        problems.append(
            _problem(
                loc, ("to",), f"leads to bank version {migration.to_version}, newer than {version}"
            )
        )
    for old_id, change in migration.questions.items():
        base = ("questions", old_id)
        if change.change == "removed":
            if change.to:
                problems.append(_problem(loc, (*base, "to"), "a removed question has no targets"))
            continue
        if not change.to:
            problems.append(_problem(loc, (*base, "to"), f"a {change.change} question needs `to`"))
        if change.change == "options" and set(change.to) != {old_id}:
            problems.append(
                _problem(loc, (*base, "to"), "an options change maps the question onto itself")
            )
        for new_id, vmap in change.to.items():
            question = by_id.get(new_id)
            if question is None:
                problems.append(
                    _problem(loc, (*base, "to", new_id), f"{new_id!r} is not a question")
                )
                continue
            values = {o.value for o in getattr(question, "options", [])}
            problems.extend(
                _problem(loc, (*base, "to", new_id, old), f"{value!r} is not an option of {new_id}")
                for old, new in vmap.items()
                for value in (new if isinstance(new, list) else [new])
                if value is not None and value not in values
            )
    return problems
