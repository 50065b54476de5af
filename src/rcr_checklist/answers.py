"""Answers-file models, safe loading with located errors, checks against a bank, atomic save."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from rcr_checklist.bank import CHOICE_KINDS, Bank
from rcr_checklist.errors import InputError, Problem
from rcr_checklist.locate import closest, problems_from_validation, vocabulary
from rcr_checklist.yamlio import LocatedData, atomic_write, dump_yaml, load_yaml, read_text

__all__ = [
    "ANSWERS_FORMAT",
    "NA",
    "Answer",
    "AnswersFile",
    "Assessor",
    "BankRef",
    "EvidenceItem",
    "LoadedAnswers",
    "Product",
    "answers_sha256",
    "canonical_answers",
    "canonical_sha256",
    "check_against_bank",
    "load_answers",
    "parse_answers",
    "save_answers",
]

ANSWERS_FORMAT = "rcr-checklist/answers/v1"
NA = "n/a"
_TEXT = 20_000  # characters in any one free-text field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class BankRef(_Strict):
    """Which bank the answers were written for."""

    id: str = Field(description="Bank id, e.g. 'rcr-ai-principles'.")
    version: str = Field(description="Bank version the answers were written for, e.g. '1.0.0'.")


class Product(_Strict):
    """The product being assessed."""

    name: str = Field(min_length=1, max_length=200, description="Product name.")
    version: str | None = Field(None, max_length=100, description="Product or model version.")
    manufacturer: str | None = Field(None, max_length=200, description="Legal manufacturer.")
    intended_purpose: str | None = Field(
        None, max_length=_TEXT, description="The intended purpose as written in the labelling."
    )
    modality: str | None = Field(None, max_length=200, description="e.g. 'Chest X-ray'.")
    care_setting: str | None = Field(
        None, max_length=200, description="e.g. 'Emergency department'."
    )


class Assessor(_Strict):
    """Who answered."""

    name: str | None = Field(None, max_length=200, description="Name of the person answering.")
    role: str | None = Field(None, max_length=200, description="e.g. 'Clinical safety officer'.")
    organisation: str | None = Field(None, max_length=200, description="Organisation.")
    date: dt.date | None = Field(None, description="Date of the assessment, YYYY-MM-DD.")


class EvidenceItem(_Strict):
    """A document that supports an answer."""

    title: str = Field(min_length=1, max_length=500, description="e.g. 'UKCA certificate'.")
    ref: str | None = Field(
        None, max_length=2000, description="Document id or URL; shown as text, never fetched."
    )
    date: dt.date | None = Field(None, description="Issue date, YYYY-MM-DD.")


class Answer(_Strict):
    """The answer to one question."""

    value: str | float | list[str] | None = Field(
        None,
        description="Option value (single, yes_no), list of option values (multi), text, "
        "number, date (YYYY-MM-DD), or 'n/a' where the question allows it.",
    )
    justification: str | None = Field(
        None, max_length=_TEXT, description="Why the question does not apply (with 'n/a')."
    )
    evidence: list[EvidenceItem] = Field(
        default_factory=list, max_length=50, description="Documents that support the answer."
    )
    comment: str | None = Field(None, max_length=_TEXT, description="Free text for the reader.")

    @field_validator("value", mode="before")
    @classmethod
    def _plain_value(cls, value: Any) -> Any:
        """Refuse mappings and booleans with one clear message instead of one per union arm."""
        if isinstance(value, dict) or isinstance(value, bool):
            raise ValueError(
                "must be an option value, a list of option values, text, a number or a "
                "date (YYYY-MM-DD)"
            )
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            raise ValueError("a list answer holds option values (text) only")
        return value


class AnswersFile(_Strict):
    """An answers file: the source of truth of one self-assessment."""

    format: Literal["rcr-checklist/answers/v1"] = Field(
        description="Always 'rcr-checklist/answers/v1'."
    )
    bank: BankRef
    profile: Literal["vendor", "clinician", "procurement"] = Field(
        "vendor", description="Which questions apply: vendor (all), clinician, procurement."
    )
    product: Product
    assessor: Assessor = Field(default_factory=Assessor)
    answers: dict[str, Answer] = Field(
        default_factory=dict, description="Question id -> answer, e.g. 'regulation.ukca_marking'."
    )

    @field_validator("answers", mode="before")
    @classmethod
    def _null_is_unanswered(cls, value: Any) -> Any:
        """``question.id:`` with nothing after it (or ``~``) means not answered yet."""
        if isinstance(value, dict):
            return {qid: ({} if entry is None else entry) for qid, entry in value.items()}
        return value


_KNOWN = vocabulary(AnswersFile)


@dataclass
class LoadedAnswers:
    """An answers file as loaded, with what the user should be told about it.

    Attributes:
        answers: the validated answers.
        source: the file name for messages.
        located: the raw data with line numbers (None when built in memory).
        warnings: located notes that do not stop scoring (unknown ids, other bank version).
        new_questions: ids in the bank that the file's bank version did not have answers for.
        removed_questions: answered ids the bank no longer has; kept, not scored.
    """

    answers: AnswersFile
    source: str
    located: LocatedData | None = None
    warnings: list[Problem] = field(default_factory=list)
    new_questions: list[str] = field(default_factory=list)
    removed_questions: list[str] = field(default_factory=list)


def parse_answers(text: str, source: str) -> tuple[AnswersFile, LocatedData]:
    """Parse and validate answers-file text (no bank checks).

    Args:
        text: YAML text.
        source: the name shown in messages.

    Returns:
        The model and the located data.

    Raises:
        InputError: bad YAML, limits exceeded, wrong types, unknown or missing fields; every
            problem names file, line and field.
    """
    located = load_yaml(text, source)
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
            Problem(source, 1, "", "must be a YAML mapping with format, bank, product and answers")
        )
    fmt = located.data.get("format")
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
    try:
        answers, located = parse_answers(text, name)
    except InputError as exc:
        problems = exc.problems + _raw_answer_problems(text, name, bank, exc.problems)
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
    if answers.bank.version != bank.meta.version:
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
    for qid, answer in answers.answers.items():
        question = bank.by_id.get(qid)
        if question is None:
            loaded.removed_questions.append(qid)
            loaded.warnings.append(_unknown_question(loaded.source, loc, qid, bank))
            continue
        problems.extend(
            _answer_problems(loaded.source, loc, qid, question, answer.value, answer.justification)
        )
    if problems:
        # the run fails: list the notes too (a misspelt question id), so one run shows all
        raise InputError(sorted(problems + loaded.warnings, key=lambda p: p.line or 0))


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
    if value is None:
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


def _raw_answer_problems(text: str, source: str, bank: Bank, known: list[Problem]) -> list[Problem]:
    """Bank checks on the raw answers of a file that failed its schema check.

    So that one run reports a wrong option value together with, say, a misspelt field,
    instead of one pass after the other.
    """
    try:
        loc = load_yaml(text, source)
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
            return None
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
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return "a date is expected as YYYY-MM-DD"
        return None
    if not isinstance(value, str):
        return "text is expected"
    return None


def canonical_answers(answers: AnswersFile) -> dict[str, Any]:
    """Return the answers as plain JSON data (the form hashed, saved and embedded in reports).

    Empty values are left out (None fields, empty evidence lists), so a file saved by the
    questionnaire holds only what was said.

    Args:
        answers: the answers.

    Returns:
        Plain data: dicts, lists, str, float, int.
    """
    data = answers.model_dump(mode="json", exclude_none=True)
    for answer in data["answers"].values():
        if not answer.get("evidence"):
            answer.pop("evidence", None)
    return data


def answers_sha256(answers: AnswersFile) -> str:
    """SHA-256 of the canonical answers: JSON, sorted keys, UTF-8, no insignificant whitespace.

    Args:
        answers: the answers.

    Returns:
        64 hex digits.
    """
    return canonical_sha256(canonical_answers(answers))


def canonical_sha256(data: Any) -> str:
    """SHA-256 of plain data as canonical JSON (sorted keys, UTF-8, no extra whitespace).

    Args:
        data: JSON-ready data, e.g. from :func:`canonical_answers`.

    Returns:
        64 hex digits.
    """
    # orjson writes exactly this form (keys sorted, UTF-8, no whitespace) about seven times
    # faster than json.dumps(sort_keys=True); numbers use the shortest round-trip form.
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()


def save_answers(answers: AnswersFile, path: Path, schema_hint: bool = True) -> None:
    """Write an answers file atomically (temporary file in the same folder, then rename).

    Args:
        answers: the answers.
        path: the file to write.
        schema_hint: add the yaml-language-server comment pointing editors to the schema.

    Raises:
        OSError: the folder cannot be written; the previous file is left as it was.
    """
    body = dump_yaml(canonical_answers(answers))
    head = (
        "# yaml-language-server: $schema=answers.schema.json\n"
        "# Written by rcr-checklist; get the schema with `rcr-checklist schema answers`.\n"
        if schema_hint
        else ""
    )
    atomic_write(path, head + body)
