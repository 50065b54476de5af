"""Asking one bank question: its value, an n/a justification, an evidence item; typed values.

Each function asks and returns what was given; saving is the conversation's job
(:mod:`rcr_checklist.questionnaire.session`). Nothing here imports questionary or prompt_toolkit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rcr_checklist.limits import MAX_TEXT, NA
from rcr_checklist.model.answers import Answer, EvidenceItem
from rcr_checklist.model.bank import CHOICE_KINDS, Question
from rcr_checklist.questionnaire.flow import is_answered
from rcr_checklist.questionnaire.protocol import BACK_KEY, HELP_KEY, Asker, Choice, Nav

__all__ = [
    "ask_evidence_item",
    "ask_justification",
    "ask_value",
    "describe",
    "earns_points",
    "parse_typed",
]


def ask_value(
    asker: Asker, question: Question, answer: Answer | None
) -> str | float | list[str] | Nav:
    """Ask for the value of a question, showing the current answer as the default.

    Args:
        asker: the user interface.
        question: the question.
        answer: its current answer, or None.

    Returns:
        An option value (single, yes_no), option values (multi), the typed value (text,
        number, date), or a :class:`Nav` member: NA, BACK, SKIP, HELP, QUIT, AGAIN or CLEAR.

    Raises:
        KeyboardInterrupt: on Ctrl-C.
    """
    value = answer.value if answer is not None else None
    if question.kind in ("single", "yes_no"):
        options: list[Choice | None] = [Choice(o.label, o.value) for o in question.options]
        if question.allow_na:
            options.append(Choice("Not applicable (n/a)", Nav.NA, "n"))
        default: str | Nav | None = (
            Nav.NA if value == NA else value if isinstance(value, str) else None
        )
        return asker.choose(
            question.text, options + _nav_choices(question, answer), default=default
        )
    if question.kind == "multi":
        return _ask_multi(asker, question, answer)
    multiline = bool(getattr(question, "multiline", False))
    enter = "Esc then Enter to finish; empty" if multiline else "Enter"
    instruction = (
        f"({enter} to leave unanswered; < back"
        + (", ? help" if question.help else "")
        + (", n/a if it does not apply" if question.allow_na else "")
        + ")"
    )
    unit = getattr(question, "unit", None)
    raw = asker.text(
        question.text + (f" ({unit})" if unit else ""),
        default=""
        if value is None or value == NA
        else f"{value:g}"
        if isinstance(value, float)
        else str(value),
        instruction=instruction,
        validate=lambda s: _typed_problem(question, s),
        multiline=multiline,
    )
    if raw == BACK_KEY:
        return Nav.BACK
    if raw == HELP_KEY and question.help:
        return Nav.HELP
    if not raw:
        return Nav.SKIP
    parsed = parse_typed(question, raw)
    return Nav.NA if parsed == NA else parsed


def _nav_choices(question: Question, answer: Answer | None) -> list[Choice | None]:
    choices: list[Choice | None] = [None]
    if question.help:
        choices.append(Choice("Show help", Nav.HELP, "h"))
    choices += [Choice("← Back", Nav.BACK, "b"), Choice("Skip for now", Nav.SKIP, "s")]
    if is_answered(answer):
        choices.append(Choice("Clear the answer", Nav.CLEAR, "x"))
    choices.append(Choice("Save and quit", Nav.QUIT, "q"))
    return choices


def _ask_multi(asker: Asker, question: Question, answer: Answer | None) -> list[str] | Nav:
    value = answer.value if answer is not None else None
    choices = [Choice(o.label, o.value) for o in question.options]  # type: ignore[union-attr]
    if question.allow_na:
        choices.append(Choice("Not applicable (n/a)", Nav.NA))
    checked: list[str | Nav] = (
        [Nav.NA] if value == NA else list(value) if isinstance(value, list) else []
    )
    while True:
        picked = asker.choose_many(question.text, choices, checked, _multi_problem)
        if Nav.NA in picked:
            return Nav.NA
        if picked:
            return [str(v) for v in picked]
        nav: list[Choice | None] = [
            Choice("Skip for now", Nav.SKIP, "s"),
            Choice("Choose again", Nav.AGAIN, "c"),
            Choice("← Back", Nav.BACK, "b"),
        ]
        if is_answered(answer):
            nav.append(Choice("Clear the answer", Nav.CLEAR, "x"))
        if question.help:
            nav.append(Choice("Show help", Nav.HELP, "h"))
        nav.append(Choice("Save and quit", Nav.QUIT, "q"))
        move = asker.choose("Nothing selected. What next?", nav, default=Nav.SKIP)
        if move is not Nav.AGAIN:
            return move if isinstance(move, Nav) else Nav.AGAIN


def ask_justification(asker: Asker, question: Question, answer: Answer | None) -> str | None:
    """Ask why a question does not apply (n/a), showing the bank's ``na_when`` first.

    Args:
        asker: the user interface.
        question: the question answered n/a.
        answer: its current answer (its justification is the default), or None.

    Returns:
        The justification, or None when none was given (the value is then asked again).
    """
    if question.na_when:
        asker.show(f"n/a is meant for: {question.na_when}", "help")
    text = asker.text(
        "Why does it not apply?",
        default=(answer.justification or "") if answer else "",
        instruction="(required for n/a; Enter on an empty line to choose again)",
    )
    if not text:
        asker.show("n/a needs a justification; choose an answer again.", "warning")
        return None
    return text


def ask_evidence_item(asker: Asker) -> EvidenceItem | None:
    """Ask the title, reference and date of one evidence item.

    Args:
        asker: the user interface.

    Returns:
        The item, or None when the title was left empty (stop adding).
    """
    title = asker.text(
        "Evidence title",
        instruction="(Enter on an empty line to stop adding)",
        validate=lambda s: "at most 500 characters" if len(s) > 500 else None,
    )
    if not title:
        return None
    ref = asker.text(
        "Reference or URL",
        instruction="(optional)",
        validate=lambda s: "at most 2,000 characters" if len(s) > 2000 else None,
    )
    date = asker.text(
        "Date of the document (YYYY-MM-DD)", instruction="(optional)", validate=_date_problem
    )
    return EvidenceItem(title=title, ref=ref or None, date=date or None)


def describe(item: EvidenceItem) -> str:
    """One line for an evidence item: ``"title (ref, date)"``, or the title alone."""
    extra = ", ".join(str(x) for x in (item.ref, item.date) if x)
    return f"{item.title} ({extra})" if extra else item.title


def earns_points(question: Question, value: Any) -> bool:
    """Whether a choice answer earns points (its options' scores add up to more than 0)."""
    if question.kind not in CHOICE_KINDS or value == NA or value is None:
        return False
    chosen = set(value) if isinstance(value, list) else {value}
    options = question.options  # type: ignore[union-attr]
    return sum(o.score or 0.0 for o in options if o.value in chosen) > 0


def parse_typed(question: Question, raw: str) -> str | float:
    """Turn the text typed for a text, number or date question into the stored value.

    Args:
        question: a question of kind text, number or date.
        raw: the stripped text typed (not empty).

    Returns:
        The text, the number (float), the date as YYYY-MM-DD, or "n/a" where allowed.

    Raises:
        ValueError: with a message for the user.
    """
    if raw.lower() == NA and question.allow_na:
        return NA
    if question.kind == "number":
        try:
            number = float(raw.replace(",", ""))
        except ValueError:
            raise ValueError("a number is expected, e.g. 12 or 0.5") from None
        low, high = getattr(question, "minimum", None), getattr(question, "maximum", None)
        if low is not None and number < low:
            raise ValueError(f"must be at least {low:g}")
        if high is not None and number > high:
            raise ValueError(f"must be at most {high:g}")
        return number
    if question.kind == "date":
        try:
            return dt.date.fromisoformat(raw).isoformat()
        except ValueError:
            raise ValueError("give a date as YYYY-MM-DD, e.g. 2026-03-01") from None
    if len(raw) > MAX_TEXT:
        raise ValueError("at most 20,000 characters")
    return raw


def _typed_problem(question: Question, raw: str) -> str | None:
    if raw in ("", BACK_KEY) or (raw == HELP_KEY and question.help):
        return None
    try:
        parse_typed(question, raw)
    except ValueError as exc:
        return str(exc)
    return None


def _multi_problem(picked: list[str | Nav]) -> str | None:
    if Nav.NA in picked and len(picked) > 1:
        return "n/a cannot be combined with other options"
    return None


def _date_problem(raw: str) -> str | None:
    if not raw:
        return None
    try:
        dt.date.fromisoformat(raw)
    except ValueError:
        return "give a date as YYYY-MM-DD, e.g. 2026-03-01, or leave it empty"
    return None
