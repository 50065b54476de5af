"""The scored assessment: what ``score`` returns, ``--format json`` prints and PDFs embed.

Kept whole (about 320 lines): the models of the assessment JSON, which ``schema assessment``
exports as one schema.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from rcr_checklist.model.bank import Severity

__all__ = [
    "ASSESSMENT_FORMAT",
    "NOT_ASSESSED",
    "NOT_RATED",
    "Assessment",
    "Finding",
    "FindingSource",
    "NotCounted",
    "Overall",
    "PrincipleScore",
    "QuestionResult",
    "Status",
    "critical_text",
    "generated_time",
    "round1",
]

ASSESSMENT_FORMAT = "rcr-checklist/assessment/v1"
NOT_ASSESSED = "Not assessed"
NOT_RATED = "Not rated"


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


_T = TypeVar("_T")


def _pickled_as_arguments(cls: type[_T]) -> type[_T]:
    """Pickle a frozen, slotted dataclass as its class and field values, in field order.

    The dataclass default lists the fields at every object and sets them one by one through
    Python when read back; a batch sends hundreds of these objects from each worker process
    to the main one, so this halves what pickling an assessment costs.
    """
    values = attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def reduce(self: _T) -> tuple[type[_T], tuple[Any, ...]]:
        return cls, values(self)

    setattr(cls, "__reduce__", reduce)  # noqa: B010 - a class attribute, set after the class
    return cls


FindingSource = Literal["option", "score", "rule", "disagreement"]
Status = Literal["answered", "na", "not_disclosed", "unanswered"]


@_pickled_as_arguments
@dataclass(frozen=True, slots=True)
class Finding:
    """A finding raised by an answer or a rule.

    Attributes:
        severity: critical, major or minor.
        principle: principle number, 1-5.
        question: question id, or the rule id for cross-answer findings.
        text: the finding, one sentence.
        recommendation: what to do about it.
        source: "option" (the chosen option's own finding), "score" (a score below full
            marks with no finding of its own), "rule" (a bank rule over several answers finds
            a shortfall) or "disagreement" (answers contradict each other: a bank rule of that
            kind, or an answer the product facts hide that would raise a finding).
        reads: ids of the questions the finding is about (the question itself, or every
            question a rule reads), so a report can show it on each of their cards.
    """

    severity: Severity
    principle: int
    question: str
    text: str
    recommendation: str
    source: FindingSource = "option"
    reads: tuple[str, ...] = ()


@_pickled_as_arguments
@dataclass(frozen=True, slots=True)
class QuestionResult:
    """How one visible question was answered and scored: the "why" behind the points.

    Attributes:
        id: question id.
        principle: principle number (0 for facts).
        status: answered, na (justified n/a: not counted), not_disclosed (asked of the
            vendor, not given: scores 0) or unanswered (scores 0).
        value: the answer's value (option value, list, text, number, date, "n/a",
            "not-disclosed").
        labels: labels of the chosen options.
        scored: whether the question earns points.
        earned: points earned, weight x option score.
        possible: points possible: the weight; 0 when n/a or unscored.
        evidence_required: a scored question whose positive answer must cite evidence.
        evidence_count: evidence items given.
        positive: a scored answer with option score > 0.
        recommendation: what to do about this answer when it scores below full marks: the
            chosen option's recommendation, else the question's; empty at full marks.
    """

    id: str
    principle: int
    status: Status
    scored: bool
    earned: float
    possible: float
    evidence_required: bool
    evidence_count: int
    positive: bool
    value: Any = None
    labels: list[str] = field(default_factory=list)
    recommendation: str = ""


@_pickled_as_arguments
@dataclass(frozen=True, slots=True)
class NotCounted:
    """An answer in the file that the score does not count, and why.

    Attributes:
        question: the question id.
        principle: its principle number (0 for facts).
        reason: "facts" (the product facts hide the question) or "profile" (the question
            is not asked of the answers' profile).
        detail: the reason in words, e.g. "shown only when facts.medical_device is one of
            yes, unsure".
        value: the answer's value as given.
        labels: labels of the chosen options (choice questions).
    """

    question: str
    principle: int
    reason: Literal["facts", "profile"]
    detail: str
    value: Any = None
    labels: list[str] = field(default_factory=list)


@_pickled_as_arguments
@dataclass(frozen=True, slots=True)
class PrincipleScore:
    """Score of one principle.

    Attributes:
        id: principle id, e.g. "standards".
        number: 1-5.
        title: short title.
        score: 0-100, one decimal, over every visible question (unanswered and not-disclosed
            ones count 0); None when nothing counts (everything n/a or hidden).
        rating: the band's label when rated; the failing label when a critical finding is in
            the principle; "Not rated" below the bank's completion threshold.
        earned: points earned.
        possible: points possible.
        answered: visible questions answered (justified n/a included, not-disclosed not).
        visible: visible questions.
        critical_findings: critical findings in this principle.
        answered_score: 0-100, one decimal, over the answered questions only; None when none
            of them has points.
        not_disclosed: visible questions answered "not disclosed".
        rated: whether ``rating`` is a band earned by the score.
    """

    id: str
    number: int
    title: str
    score: float | None
    rating: str
    earned: float
    possible: float
    answered: int
    visible: int
    critical_findings: int
    answered_score: float | None = None
    not_disclosed: int = 0
    rated: bool = True


class Overall(_Out):
    """The headline result."""

    score: float | None = Field(
        description="Mean of the principle scores (unanswered and not-disclosed count 0)."
    )
    rating: str = Field(
        description="The band's label when rated; the failing label whenever a critical finding "
        "exists; 'Not rated' below the bank's completion threshold; 'Not assessed' when nothing "
        "counts."
    )
    draft: bool = Field(description="Some visible question is still unanswered.")
    completion: float = Field(
        description="Answered (justified n/a included, not-disclosed not) / visible questions, "
        "0-1, three decimals."
    )
    evidence_coverage: float | None = Field(
        description="Positive answers to evidence-required questions that cite evidence / all "
        "such answers, 0-1; None when there are none. Read it with evidence_base."
    )
    critical_findings: int
    findings: dict[str, int] = Field(description="Count of findings per severity.")
    unanswered_critical: list[str] = Field(
        default_factory=list,
        description="Visible questions still open (unanswered or not disclosed) whose answer "
        "could raise (or hide) a critical finding; a --fail-on-critical gate fails on them too.",
    )
    rated: bool = Field(
        True, description="Whether the rating is earned by the score (complete enough)."
    )
    not_rated_reason: str = Field(
        "",
        description="Why there is no band rating, e.g. 'Not rated: 62% answered, 13 open "
        "questions could raise a critical finding'; empty when rated or failed.",
    )
    answered_score: float | None = Field(
        None,
        description="Mean of the principle scores over answered questions only (labelled as "
        "such wherever shown); None when no answered question has points.",
    )
    not_disclosed: list[str] = Field(
        default_factory=list,
        description="Visible questions answered 'not-disclosed': requested from the vendor.",
    )
    unanswered: int = Field(0, description="Visible questions without an answer.")
    evidence_base: dict[str, int] = Field(
        default_factory=dict,
        description="cited: positive answers to evidence-required questions that cite "
        "evidence; answered: all such answers; open: evidence-required questions not answered "
        "(unanswered or not disclosed).",
    )


class Assessment(_Out):
    """The scored assessment: what ``score --format json`` prints and PDFs embed."""

    format: str = ASSESSMENT_FORMAT
    tool: dict[str, str]
    bank: dict[str, str]
    answers_sha256: str
    generated: str
    profile: str
    product: dict[str, Any]
    assessor: dict[str, Any]
    overall: Overall
    principles: list[PrincipleScore]
    findings: list[Finding]
    questions: list[QuestionResult]
    not_counted: list[NotCounted] = Field(
        default_factory=list,
        description="Answers in the file the score does not count (hidden by the product "
        "facts or outside the profile), with why.",
    )
    answers: dict[str, Any]


def critical_text(overall: Overall) -> str:
    """Critical findings with the open questions that could still raise one: "0 (+13 open)".

    Args:
        overall: the headline result.

    Returns:
        The count, followed by "(+K open)" when K open questions could raise a critical
        finding.
    """
    n_open = len(overall.unanswered_critical)
    return f"{overall.critical_findings}" + (f" (+{n_open} open)" if n_open else "")


_TENTH = Decimal("0.1")


def round1(value: float) -> float:
    """Round to one decimal, halves up (61.25 -> 61.3), as a reader rounding by hand would.

    Args:
        value: any finite number.

    Returns:
        The number rounded on its shortest decimal form (what ``repr`` shows), so a score
        printed as 61.25 rounds to 61.3 although the float is a hair below it.
    """
    hundredths = value * 100
    if math.isfinite(hundredths):
        nearest = round(hundredths)
        # Only a value written with exactly two decimals, the second a 5 (61.25), can round
        # differently on its decimal digits than on its binary value: every other value
        # takes the fast, correctly rounded built-in.
        if nearest % 10 != 5 or abs(hundredths - nearest) > 1e-6 * max(1.0, abs(hundredths)):
            return round(value, 1)
    return float(Decimal(repr(value)).quantize(_TENTH, rounding=ROUND_HALF_UP))


def generated_time() -> str:
    """ISO 8601 UTC time, from ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        if epoch and epoch.isdigit()
        else dt.datetime.now(dt.UTC).replace(microsecond=0)
    )
    return moment.isoformat().replace("+00:00", "Z")
