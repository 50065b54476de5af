"""Asking one bank question: its value, an n/a justification, an evidence item; typed values.

Each function asks and returns what was given; saving is the conversation's job
(:mod:`rcr_checklist.questionnaire.session`). Nothing here imports questionary or prompt_toolkit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import TypeAdapter, ValidationError

from rcr_checklist.limits import MAX_TEXT, NA, NOT_DISCLOSED
from rcr_checklist.model.answers import Answer, EvidenceItem
from rcr_checklist.model.bank import CHOICE_KINDS, Question
from rcr_checklist.model.fields import PartialDate
from rcr_checklist.questionnaire.flow import is_answered
from rcr_checklist.questionnaire.protocol import TICK_KEYS, Asker, Choice, Nav

__all__ = [
    "ask_evidence_item",
    "ask_justification",
    "ask_value",
    "describe",
    "earns_points",
    "parse_typed",
    "question_keys",
]


def question_keys(question: Question, answer: Answer | None) -> list[Nav]:
    """The scheme's keys a bank question offers.

    Help (when it has help), back, skip, n/a (when allowed), not disclosed, comment, clear
    (when answered), save and quit.
    """
    keys = [Nav.HELP] if question.help else []
    keys += [Nav.BACK, Nav.SKIP]
    if question.allow_na:
        keys.append(Nav.NA)
    keys += [Nav.NOT_DISCLOSED, Nav.COMMENT]
    if is_answered(answer):
        keys.append(Nav.CLEAR)
    keys.append(Nav.QUIT)
    return keys


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
        number, date), or a :class:`Nav` member of :func:`question_keys` (empty text gives
        SKIP, or CLEAR when the question had an answer; a tick list is not accepted empty:
        its validation asks for a tick, or Ctrl-S / Ctrl-R).

    Raises:
        KeyboardInterrupt: on Ctrl-C.
    """
    value = answer.value if answer is not None else None
    keys = question_keys(question, answer)
    if question.kind in ("single", "yes_no"):
        options: list[Choice | None] = [
            Choice(o.label, o.value, str(i) if i < 10 else None)
            for i, o in enumerate(question.options, 1)
        ]
        default: str | Nav | None = value if isinstance(value, str) else None
        return asker.choose(question.text, options, default=default, keys=keys)
    if question.kind == "multi":
        choices = [Choice(o.label, o.value) for o in question.options]
        checked: list[str | Nav] = list(value) if isinstance(value, list) else []
        answered = is_answered(answer)
        picked = asker.choose_many(
            question.text,
            choices,
            checked,
            lambda p: _multi_problem(question, p, answered),
            keys=keys,
        )
        if isinstance(picked, Nav):
            return picked
        if not picked:
            return Nav.CLEAR if is_answered(answer) else Nav.SKIP
        return [str(v) for v in picked]
    multiline = bool(getattr(question, "multiline", False))
    instruction = ("Esc then Enter finishes; " if multiline else "") + "empty leaves it unanswered"
    unit = getattr(question, "unit", None)
    raw = asker.text(
        question.text + (f" ({unit})" if unit else ""),
        default=""
        if value is None or value in (NA, NOT_DISCLOSED)
        else f"{value:g}"
        if isinstance(value, float)
        else str(value),
        instruction=instruction,
        validate=lambda s: _typed_problem(question, s),
        multiline=multiline,
        keys=keys,
    )
    if isinstance(raw, Nav):
        return raw
    if not raw:
        return Nav.CLEAR if is_answered(answer) else Nav.SKIP
    parsed = parse_typed(question, raw)
    return Nav.NA if parsed == NA else parsed


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
        instruction="required for n/a; empty to choose again",
    )
    if isinstance(text, Nav) or not text:
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
        instruction="empty to stop adding",
        validate=lambda s: "at most 500 characters" if len(s) > 500 else None,
    )
    if isinstance(title, Nav) or not title:
        return None
    ref = asker.text(
        "Reference or URL",
        instruction="optional",
        validate=lambda s: "at most 2,000 characters" if len(s) > 2000 else None,
    )
    date = asker.text(
        "Date of the document (YYYY-MM-DD, YYYY-MM or YYYY)",
        instruction="optional; as precisely as known",
        validate=_date_problem,
    )
    return EvidenceItem(
        title=title,
        ref=ref if isinstance(ref, str) and ref else None,
        date=date if isinstance(date, str) and date else None,
    )


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
    if not raw:
        return None
    try:
        parse_typed(question, raw)
    except ValueError as exc:
        return str(exc)
    return None


def _multi_problem(question: Question, picked: list[str | Nav], answered: bool) -> str | None:
    if not picked:  # Enter on an empty list is a slip more often than a wish to skip
        leave = "^R clears the answer" if answered else "^S skips the question"
        return f"Nothing is ticked: {TICK_KEYS} an option; {leave}"
    if Nav.NA in picked and len(picked) > 1:
        return "n/a cannot be combined with other options"
    if len(picked) > 1:
        for option in getattr(question, "options", []):
            if option.exclusive and option.value in picked:
                return f"'{option.label}' cannot be combined with other options"
    return None


_EVIDENCE_DATE: TypeAdapter[str] = TypeAdapter(PartialDate)


def _date_problem(raw: str) -> str | None:
    """The problem with an evidence date as typed (the answers file's rule), or None."""
    if not raw:
        return None
    try:
        _EVIDENCE_DATE.validate_python(raw)
    except ValidationError:
        return "give a date as YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2026-03-01, or leave it empty"
    return None
