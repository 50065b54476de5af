"""Reads, checks against a bank and saves answers files, with located errors."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rcr_checklist.errors import InputError, NotASubmission, Problem
from rcr_checklist.files.answers_migration import find_migration, migrate_loaded
from rcr_checklist.files.atomic import atomic_write
from rcr_checklist.files.document import is_json_name, load_document
from rcr_checklist.files.locate import closest, problems_from_validation, vocabulary
from rcr_checklist.files.located import LocatedData
from rcr_checklist.files.reading import read_text
from rcr_checklist.files.roundtrip import update_yaml
from rcr_checklist.files.yamlio import dump_yaml
from rcr_checklist.limits import NA, NOT_DISCLOSED
from rcr_checklist.model.answers import ANSWERS_FORMAT, AnswersFile, canonical_answers
from rcr_checklist.model.bank import CHOICE_KINDS, Bank

__all__ = [
    "ANSWERS_HEAD",
    "LoadedAnswers",
    "answers_text",
    "check_against_bank",
    "load_answers",
    "parse_answers",
    "save_answers",
]


_KNOWN = vocabulary(AnswersFile)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class LoadedAnswers:
    """An answers file as loaded, with what the user should be told about it.

    Attributes:
        answers: the validated answers.
        source: the file name for messages.
        located: the raw data with line numbers (None when built in memory).
        warnings: located notes that do not stop scoring (unknown ids, other bank version).
        new_questions: ids in the bank that the file's bank version did not have answers for
            (after a migration: the visible scored questions left unanswered).
        removed_questions: answered ids the bank no longer has; kept, not scored.
    """

    answers: AnswersFile
    source: str
    located: LocatedData | None = None
    warnings: list[Problem] = field(default_factory=list)
    new_questions: list[str] = field(default_factory=list)
    removed_questions: list[str] = field(default_factory=list)


def parse_answers(
    text: str, source: str, *, json_only: bool | None = None
) -> tuple[AnswersFile, LocatedData]:
    """Parse and validate answers-file text, YAML or JSON (no bank checks).

    Args:
        text: YAML or JSON text.
        source: the name shown in messages.
        json_only: accept JSON only; default: when ``source`` ends in ``.json``.

    Returns:
        The model and the located data.

    Raises:
        InputError: bad YAML, limits exceeded, wrong types, unknown or missing fields; every
            problem names file, line and field.
    """
    located = load_document(text, source, json_only=json_only)
    if located.data is None:
        raise InputError(
            Problem(
                source,
                None,
                "",
                "the file is empty; see `rcr-checklist schema answers` for the format",
            )
        )
    if not isinstance(located.data, dict):
        raise InputError(
            Problem(
                source,
                located.line_of(()) or 1,
                "",
                "must be a mapping (YAML) or an object (JSON) with format, bank, product "
                "and answers",
            )
        )
    fmt = located.data.get("format")
    if located.syntax == "json" and not (
        isinstance(fmt, str) and fmt.startswith("rcr-checklist/")
    ):  # JSON is also what schemas and other tools write: say what this one is not
        raise NotASubmission(
            Problem(
                source,
                located.line_of(("format",)) or located.line_of(()),
                "format",
                f"is not {ANSWERS_FORMAT!r}, so this JSON is not an answers file",
            )
        )
    if (
        isinstance(fmt, str)
        and fmt.startswith("rcr-checklist/")
        and not fmt.startswith("rcr-checklist/answers/")
    ):
        raise NotASubmission(
            Problem(
                source,
                located.line_of(("format",)),
                "format",
                f"is {fmt!r}, not an answers file ({ANSWERS_FORMAT!r})",
            )
        )
    if isinstance(fmt, str) and fmt != ANSWERS_FORMAT and fmt.startswith("rcr-checklist/answers/"):
        raise InputError(
            Problem(
                source,
                located.line_of(("format",)),
                "format",
                f"{fmt!r} is newer or older than this tool reads "
                f"({ANSWERS_FORMAT!r}); upgrade rcr-checklist",
            )
        )
    try:
        model = AnswersFile.model_validate(located.data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, located, _KNOWN)) from None
    return model, located


def load_answers(path: Path, bank: Bank, source: str | None = None) -> LoadedAnswers:
    """Load an answers file and check it against a bank.

    Args:
        path: the answers file.
        bank: the bank to check against.
        source: the name shown in messages (default: the path as given).

    Returns:
        The loaded answers with warnings and version differences.

    Raises:
        InputError: unreadable file, bad YAML, schema errors, another bank id, or answers
            the bank's questions cannot take.
    """
    name = source or str(path)
    text = read_text(path, name)
    json_only = is_json_name(path.name)
    try:
        answers, located = parse_answers(text, name, json_only=json_only)
    except NotASubmission:
        raise
    except InputError as exc:
        problems = exc.problems + _raw_answer_problems(text, name, bank, exc.problems, json_only)
        raise InputError(sorted(problems, key=lambda p: p.line or 0)) from None
    loaded = LoadedAnswers(answers=answers, source=name, located=located)
    check_against_bank(loaded, bank)
    return loaded


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
    for qid, answer in answers.answers.items():
        question = by_id.get(qid)
        if question is None:
            loaded.removed_questions.append(qid)
            loaded.warnings.append(_unknown_question(loaded.source, loc, qid, bank))
            continue
        if _plainly_valid(question.kind, options_of.get(qid), answer.value):
            continue  # the common case, decided without working out a line or a message
        problems.extend(
            _answer_problems(loaded.source, loc, qid, question, answer.value, answer.justification)
        )
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
    message = _value_problem(question, value)
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


def _raw_answer_problems(
    text: str, source: str, bank: Bank, known: list[Problem], json_only: bool
) -> list[Problem]:
    """Bank checks on the raw answers of a file that failed its schema check.

    So that one run reports a wrong option value together with, say, a misspelt field,
    instead of one pass after the other.
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
    for qid, entry in raw.items():
        question = bank.by_id.get(qid)
        if question is None:  # a warning on its own; listed here so one run shows everything
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


def _value_problem(question: Any, value: Any) -> str | None:
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


def save_answers(answers: AnswersFile, path: Path, schema_hint: bool = True) -> list[Path]:
    """Write an answers file atomically, changing only what changed in a file that exists.

    An existing file keeps its comments, key order, quoting and layout: only the values that
    differ are rewritten and new answers are inserted in bank order
    (:func:`rcr_checklist.files.roundtrip.update_yaml`). A new file (or one that cannot be read
    back) is written whole. A symlink at ``path`` is followed: the file it points to is
    replaced atomically and the link stays.

    Args:
        answers: the answers.
        path: the file to write.
        schema_hint: add the yaml-language-server comment pointing editors to the schema (new
            files only).

    Returns:
        Stale temporary files of earlier, crashed saves that were removed (usually none).

    Raises:
        OSError: the folder cannot be written; the previous file is left as it was.
    """
    data = canonical_answers(answers)
    text: str | None = None
    try:
        old = read_text(path, str(path))
    except (InputError, OSError):
        old = None
    if old is not None and old.strip():
        text = update_yaml(old, data)
    if text is None:
        text = answers_text(answers, schema_hint)
    return atomic_write(path, text, follow_symlinks=True)


def answers_text(answers: AnswersFile, schema_hint: bool = True) -> str:
    """The text of a new answers file holding ``answers`` (what a first save writes).

    Args:
        answers: the answers.
        schema_hint: start with the yaml-language-server comment pointing editors to the schema.

    Returns:
        YAML text.
    """
    return (ANSWERS_HEAD if schema_hint else "") + dump_yaml(canonical_answers(answers))


ANSWERS_HEAD = (
    "# yaml-language-server: $schema=answers.schema.json\n"
    "# Written by rcr-checklist; get the schema with `rcr-checklist schema answers`.\n"
)
"""The comment lines a new answers file starts with (they point editors to the schema)."""
