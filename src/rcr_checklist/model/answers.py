"""Answers-file models, safe loading with located errors, checks against a bank, atomic save."""

from __future__ import annotations

import hashlib
import math
import weakref
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, field_validator

from rcr_checklist.limits import MAX_TEXT
from rcr_checklist.model.fields import FullDate, Line, PartialDate, Text, latest_date_today
from rcr_checklist.model.text import clean_line, clean_text

__all__ = [
    "ANSWERS_FORMAT",
    "Answer",
    "AnswersFile",
    "Assessor",
    "BankRef",
    "EvidenceItem",
    "Product",
    "answers_identity",
    "answers_sha256",
    "canonical_answers",
    "canonical_sha256",
]

ANSWERS_FORMAT = "rcr-checklist/answers/v1"

MAX_NUMBER = 2**53
"""Largest magnitude of a number answer: every integer up to it is exact in JSON and float."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class BankRef(_Strict):
    """Which bank the answers were written for."""

    id: Line = Field(description="Bank id, e.g. 'rcr-ai-principles'.")
    version: Line = Field(
        description="Bank version the answers were written for, e.g. '1.0.0' (in quotes)."
    )


class Product(_Strict):
    """The product being assessed."""

    name: Line = Field(min_length=1, max_length=200, description="Product name.")
    version: Line | None = Field(
        None, max_length=100, description="Product or model version, in quotes: '1.10'."
    )
    manufacturer: Line | None = Field(None, max_length=200, description="Legal manufacturer.")
    intended_purpose: Text | None = Field(
        None, max_length=MAX_TEXT, description="The intended purpose as written in the labelling."
    )
    modality: Line | None = Field(None, max_length=200, description="e.g. 'Chest X-ray'.")
    care_setting: Line | None = Field(
        None, max_length=200, description="e.g. 'Emergency department'."
    )


class Assessor(_Strict):
    """Who answered."""

    name: Line | None = Field(None, max_length=200, description="Name of the person answering.")
    role: Line | None = Field(None, max_length=200, description="e.g. 'Clinical safety officer'.")
    organisation: Line | None = Field(None, max_length=200, description="Organisation.")
    date: FullDate | None = Field(None, description="Date of the assessment, YYYY-MM-DD.")

    @field_validator("date")
    @classmethod
    def _not_in_the_future(cls, value: Any) -> Any:
        # the cover prints it: a date to come would tell a reader the assessment is newer
        latest = latest_date_today()
        if value is not None and value > latest:
            raise ValueError(
                f"{value.isoformat()} is in the future (today is {latest.isoformat()} at the "
                "latest, anywhere on Earth); give the date the answers were given"
            )
        return value


class EvidenceItem(_Strict):
    """A document that supports an answer."""

    title: Line = Field(min_length=1, max_length=500, description="e.g. 'UKCA certificate'.")
    ref: Line | None = Field(
        None, max_length=2000, description="Document id or URL; shown as text, never fetched."
    )
    date: PartialDate | None = Field(
        None, description="Issue date as precisely as known: YYYY-MM-DD, YYYY-MM or YYYY."
    )


def _booleans_too(schema: dict[str, Any]) -> None:
    """The value's JSON Schema also takes true/false (read as yes/no, see ``_plain_value``)."""
    schema.setdefault("anyOf", []).insert(0, {"type": "boolean"})


class Answer(_Strict):
    """The answer to one question."""

    value: str | float | list[str] | None = Field(
        None,
        description="Option value (single, yes_no: yes/no, or true/false), list of option "
        "values (multi), text, number, date (YYYY-MM-DD), 'n/a' where the question allows it "
        "(with a justification), or 'not-disclosed' on any question: asked of the vendor and "
        "not given (scores 0, listed as requested from the vendor).",
        json_schema_extra=_booleans_too,
    )
    justification: Text | None = Field(
        None, max_length=MAX_TEXT, description="Why the question does not apply (with 'n/a')."
    )
    evidence: list[EvidenceItem] = Field(
        default_factory=list, max_length=50, description="Documents that support the answer."
    )
    comment: Text | None = Field(None, max_length=MAX_TEXT, description="Free text for the reader.")

    @field_validator("value", mode="before")
    @classmethod
    def _plain_value(cls, value: Any) -> Any:
        """One clear message per kind of wrong value instead of one per union arm.

        ``true``/``false`` are the yes/no answers people write; numbers must be finite and
        within :data:`MAX_NUMBER`; text follows the policy of :mod:`model.text`.
        """
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, str):
            return clean_text(value)
        if isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError("must be a finite number (.inf, .nan and NaN are not answers)")
            if abs(value) > MAX_NUMBER:
                raise ValueError(f"a number answer is at most {MAX_NUMBER:,} in size")
            return value
        if isinstance(value, dict):
            raise ValueError(
                "must be an option value, a list of option values, text, a number or a "
                "date (YYYY-MM-DD)"
            )
        if isinstance(value, list):
            if not all(isinstance(item, str) for item in value):
                raise ValueError("a list answer holds option values (text) only")
            return [clean_line(item) for item in value]
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
            # an id with a line break or a bidi control matches no question: it is reported
            # as unknown (escaped on the terminal), kept and not scored, like any other typo
            return {qid: ({} if entry is None else entry) for qid, entry in value.items()}
        return value


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


_IDENTITIES: dict[int, tuple[weakref.ref[AnswersFile], dict[str, Any], str]] = {}


def answers_identity(answers: AnswersFile) -> tuple[dict[str, Any], str]:
    """The canonical answers and their SHA-256, worked out once per answers object.

    An :class:`AnswersFile` is frozen, so its canonical form never changes: scoring the same
    object again (the questionnaire's summary, a benchmark) reuses it. A copy, even an equal
    one, is another object and is worked out afresh; the entry goes when the object does.

    Args:
        answers: the answers.

    Returns:
        ``(data, sha256)``: the data of :func:`canonical_answers`, shared by every caller for
        this object (read it, never change it), and its SHA-256 (64 hex digits).
    """
    key = id(answers)
    kept = _IDENTITIES.get(key)
    if kept is not None and kept[0]() is answers:
        return kept[1], kept[2]
    data = canonical_answers(answers)
    sha = canonical_sha256(data)

    def forget(ref: weakref.ref[AnswersFile]) -> None:
        entry = _IDENTITIES.get(key)
        if entry is not None and entry[0] is ref:
            del _IDENTITIES[key]

    _IDENTITIES[key] = (weakref.ref(answers, forget), data, sha)
    return data, sha


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
