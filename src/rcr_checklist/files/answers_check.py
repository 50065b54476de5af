"""Answers checked against the bank: known question ids, option values, value types, versions.

Reading and saving answers files is ``files.answers_io``; :func:`check_against_bank` is the
check every loaded answers file (from YAML, JSON, a form or a report PDF) goes through.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.files.answers_migration import find_migration, migrate_loaded
from rcr_checklist.files.document import load_document
from rcr_checklist.files.locate import closest
from rcr_checklist.files.located import LocatedData
from rcr_checklist.limits import NA, NOT_DISCLOSED
from rcr_checklist.model.bank import CHOICE_KINDS, Bank

if TYPE_CHECKING:
    from rcr_checklist.files.answers_io import LoadedAnswers

__all__ = ["check_against_bank", "raw_answer_problems", "value_problem"]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def check_against_bank(loaded: LoadedAnswers, bank: Bank) -> None:
    """Check answers against the bank's questions; fills warnings and version differences.

    Args:
        loaded: answers as loaded (modified in place: warnings, new and removed questions).
        bank: the bank.

    Raises:
        InputError: another bank id, an option value the question lacks, a wrong value type,
            n/a where not allowed, or n/a without a justification.
    """
    answers = loaded.answers
    loc = loaded.located or LocatedData(data={}, source=loaded.source)
    problems: list[Problem] = []

    def here(*path: str | int) -> int | None:
        return loc.line_of(path)

    if answers.bank.id != bank.meta.id:
        raise InputError(
            Problem(
                loaded.source,
                here("bank", "id"),
                "bank.id",
                f"written for bank {answers.bank.id!r}, not {bank.meta.id!r}; "
                "use --bank to choose the right bank",
            )
        )
    migration = None
    if answers.bank.version != bank.meta.version:
        migration = find_migration(bank, answers.bank.version)
    if migration is not None:
        migrate_loaded(loaded, bank, migration)
        answers = loaded.answers
    elif answers.bank.version != bank.meta.version:
        loaded.warnings.append(
            Problem(
                loaded.source,
                here("bank", "version"),
                "bank.version",
                f"written for bank version {answers.bank.version}, scored with {bank.meta.version}",
            )
        )
        loaded.new_questions = [
            q.id for q in bank.questions if bank.is_scored(q.id) and q.id not in answers.answers
        ]
    by_id, options_of = bank.by_id, bank.options_of
    unknown = 0
    for qid, answer in answers.answers.items():
        question = by_id.get(qid)
        if question is None:
            loaded.removed_questions.append(qid)
            unknown += 1
            if unknown <= UNKNOWN_IDS_SHOWN:
                loaded.warnings.append(_unknown_question(loaded.source, loc, qid, bank))
            continue
        if _plainly_valid(question.kind, options_of.get(qid), answer.value):
            continue  # the common case, decided without working out a line or a message
        problems.extend(
            _answer_problems(loaded.source, loc, qid, question, answer.value, answer.justification)
        )
    if unknown > UNKNOWN_IDS_SHOWN:
        loaded.warnings.append(_more_unknown(loaded.source, loc, unknown))
    if problems:
        # the run fails: list the notes too (a misspelt question id), so one run shows all
        raise InputError(sorted(problems + loaded.warnings, key=lambda p: p.line or 0))


def _plainly_valid(kind: str, options: dict[str, Any] | None, value: Any) -> bool:
    """Whether a value is certainly fine for its question, decided cheaply.

    True for no value, an option of a single choice, a list of distinct options (none
    exclusive among several) for a multi, and text for a text question; False means "look
    closer" (:func:`_answer_problems` says what, if anything, is wrong), as for every "n/a".
    """
    if value is None:
        return True
    if value == NA:
        return False
    if options is None:
        return kind == "text" and value.__class__ is str
    if value.__class__ is str:
        return kind != "multi" and value in options
    if value.__class__ is not list or kind != "multi" or len(set(value)) != len(value):
        return False
    if not all(v in options for v in value):
        return False
    return len(value) < 2 or not any(options[v].exclusive for v in value)


def _answer_problems(
    source: str,
    loc: LocatedData,
    qid: str,
    question: Any,
    value: Any,
    justification: str | None,
) -> list[Problem]:
    """What is wrong with one answer's value for its question (empty when nothing)."""
    field_path = f"answers.{qid}"
    vline = loc.line_of(("answers", qid, "value"))
    if value is None or value == NOT_DISCLOSED:  # not disclosed: allowed on any question
        return []
    if value == NA:
        if not question.allow_na:
            return [
                Problem(source, vline, f"{field_path}.value", "this question does not allow 'n/a'")
            ]
        if not justification:
            return [
                Problem(
                    source,
                    vline,
                    f"{field_path}.justification",
                    "'n/a' needs a justification saying why it does not apply",
                )
            ]
        return []
    message = value_problem(question, value)
    return [Problem(source, vline, f"{field_path}.value", message)] if message else []


def _unknown_question(source: str, loc: LocatedData, qid: str, bank: Bank) -> Problem:
    """The note for an answer to a question the bank does not have (kept, not scored)."""
    guess = closest(qid, bank.by_id)
    return Problem(
        source,
        loc.line_of(("answers", qid)),
        f"answers.{qid}",
        "no such question in this bank; the answer is kept but not scored"
        + (f" (did you mean {guess!r}?)" if guess else ""),
    )


UNKNOWN_IDS_SHOWN = 20
"""Unknown question ids listed (each with a suggestion) per file; the rest are counted in one
line, so that a file with tens of thousands of them neither floods the terminal nor spends
seconds looking for a close match to each."""


def _more_unknown(source: str, loc: LocatedData, unknown: int) -> Problem:
    """The one line that counts the unknown question ids not listed."""
    more = unknown - UNKNOWN_IDS_SHOWN
    ids = "id" if more == 1 else "ids"
    return Problem(
        source,
        loc.line_of(("answers",)),
        "answers",
        f"... and {more:,} more unknown question {ids}; kept but not scored",
    )


def raw_answer_problems(
    text: str, source: str, bank: Bank, known: list[Problem], json_only: bool
) -> list[Problem]:
    """Bank checks on the raw answers of a file that failed its schema check.

    So that one run reports a wrong option value together with, say, a misspelt field,
    instead of one pass after the other.

    Args:
        text: the file's text.
        source: the file name for messages.
        bank: the bank.
        known: the problems already found (not repeated).
        json_only: the file is JSON (read it as JSON only).

    Returns:
        Located problems of the answers' values; empty when the text cannot be read.
    """
    try:
        loc = load_document(text, source, json_only=json_only)
    except InputError:
        return []
    raw = loc.data.get("answers") if isinstance(loc.data, dict) else None
    if not isinstance(raw, dict):
        return []
    seen = {p.field for p in known}
    found: list[Problem] = []
    unknown = 0
    for qid, entry in raw.items():
        question = bank.by_id.get(qid)
        if question is None:  # a warning on its own; listed here so one run shows everything
            unknown += 1
            if unknown <= UNKNOWN_IDS_SHOWN:
                found.append(_unknown_question(source, loc, qid, bank))
            continue
        if not isinstance(entry, dict):
            continue
        value = entry.get("value")
        if isinstance(value, dict | bool) or (
            isinstance(value, list) and not all(isinstance(v, str) for v in value)
        ):
            continue  # a type error the schema check has already reported
        justification = entry.get("justification")
        found.extend(
            p
            for p in _answer_problems(
                source,
                loc,
                qid,
                question,
                value,
                justification if isinstance(justification, str) else None,
            )
            if p.field not in seen
        )
    if unknown > UNKNOWN_IDS_SHOWN:
        found.append(_more_unknown(source, loc, unknown))
    return found


def _exclusive_problem(question: Any, value: list[str]) -> str | None:
    """An exclusive option (e.g. 'None of these') chosen together with another option."""
    if len(value) < 2:
        return None
    exclusive = [o for o in question.options if o.exclusive and o.value in value]
    if not exclusive:
        return None
    others = ", ".join(repr(v) for v in value if v != exclusive[0].value)
    return (
        f"{exclusive[0].value!r} ({exclusive[0].label}) cannot be combined with other options; "
        f"remove it or remove {others}"
    )


def value_problem(question: Any, value: Any) -> str | None:
    """Say what is wrong with an answer's value for its question's kind, or None.

    Args:
        question: the bank question (its ``kind``, options, bounds).
        value: the value as read.

    Returns:
        One sentence, e.g. "'2026-02-30' is not a date in the calendar", or None when fine.
    """
    """Say what is wrong with a non-n/a value for this question, or None."""
    kind = question.kind
    if kind in CHOICE_KINDS:
        values = [o.value for o in question.options]
        listing = ", ".join(values)
        if kind == "multi":
            if not isinstance(value, list):
                return f"a multi-choice answer is a list, e.g. [{values[0]}]; options: {listing}"
            for item in value:
                if item not in values:
                    return f"{item!r} is not an option; options: {listing}"
            if len(set(value)) != len(value):
                return "an option is listed twice"
            return _exclusive_problem(question, value)
        if isinstance(value, list) or isinstance(value, float | int):
            return f"give one option value; options: {listing}"
        if value not in values:
            guess = closest(value, values)
            return (
                f"{value!r} is not an option"
                + (f" (did you mean {guess!r}?)" if guess else "")
                + f"; options: {listing}"
            )
        return None
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "a number is expected"
        if question.minimum is not None and value < question.minimum:
            return f"must be at least {question.minimum:g}"
        if question.maximum is not None and value > question.maximum:
            return f"must be at most {question.maximum:g}"
        return None
    if kind == "date":
        if not isinstance(value, str):  # 20250601 or 0 is a number, never a date
            return f"{value!r} is a number, not a date; write the date as YYYY-MM-DD"
        if not _ISO_DATE.fullmatch(value):
            return "a date is expected as YYYY-MM-DD"
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return f"{value!r} is not a date in the calendar"
        return None
    if not isinstance(value, str):
        return "text is expected"
    return None
