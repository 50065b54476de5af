"""The scored assessment: what ``score`` returns, ``--format json`` prints and PDFs embed."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rcr_checklist.model.bank import Severity

__all__ = [
    "ASSESSMENT_FORMAT",
    "NOT_ASSESSED",
    "Assessment",
    "Finding",
    "Overall",
    "PrincipleScore",
    "QuestionResult",
    "generated_time",
    "round1",
]

ASSESSMENT_FORMAT = "rcr-checklist/assessment/v1"
NOT_ASSESSED = "Not assessed"


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


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
            marks with no finding of its own) or "rule" (a bank rule over several answers).
    """

    severity: Severity
    principle: int
    question: str
    text: str
    recommendation: str
    source: Literal["option", "score", "rule"] = "option"


@dataclass(frozen=True, slots=True)
class QuestionResult:
    """How one visible question was answered and scored: the "why" behind the points.

    Attributes:
        id: question id.
        principle: principle number (0 for facts).
        status: answered, na or unanswered.
        value: the answer's value (option value, list, text, number, date, "n/a").
        labels: labels of the chosen options.
        scored: whether the question earns points.
        earned: points earned, weight x option score.
        possible: points possible: the weight; 0 when n/a or unscored.
        evidence_required: a scored question whose positive answer must cite evidence.
        evidence_count: evidence items given.
        positive: a scored answer with option score > 0.
    """

    id: str
    principle: int
    status: Literal["answered", "na", "unanswered"]
    scored: bool
    earned: float
    possible: float
    evidence_required: bool
    evidence_count: int
    positive: bool
    value: Any = None
    labels: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PrincipleScore:
    """Score of one principle.

    Attributes:
        id: principle id, e.g. "standards".
        number: 1-5.
        title: short title.
        score: 0-100, one decimal; None when nothing counts (everything n/a or hidden).
        rating: the band's label, forced to the failing label by a critical finding.
        earned: points earned.
        possible: points possible.
        answered: visible questions answered (n/a included).
        visible: visible questions.
        critical_findings: critical findings in this principle.
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


class Overall(_Out):
    """The headline result."""

    score: float | None
    rating: str
    draft: bool
    completion: float = Field(description="Answered / visible questions, 0-1, three decimals.")
    evidence_coverage: float | None = Field(
        description="Positive answers to evidence-required questions that cite evidence / all "
        "such answers, 0-1; None when there are none."
    )
    critical_findings: int
    findings: dict[str, int] = Field(description="Count of findings per severity.")
    unanswered_critical: list[str] = Field(
        default_factory=list,
        description="Visible unanswered questions whose answer could raise (or hide) a "
        "critical finding; a --fail-on-critical gate fails on them too.",
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
    answers: dict[str, Any]


_TENTH = Decimal("0.1")


def round1(value: float) -> float:
    """Round to one decimal, halves up (61.25 -> 61.3), as a reader rounding by hand would.

    Args:
        value: any finite number.

    Returns:
        The number rounded on its shortest decimal form (what ``repr`` shows), so a score
        printed as 61.25 rounds to 61.3 although the float is a hair below it.
    """
    text = repr(value)
    whole, dot, decimals = text.partition(".")
    if not dot or "e" in text or "n" in text:  # exponent, inf, nan: leave it to Decimal
        return float(Decimal(text).quantize(_TENTH, rounding=ROUND_HALF_UP))
    if len(decimals) == 1:
        return value
    # Half up on the decimal digits themselves (away from zero, as Decimal's ROUND_HALF_UP).
    tenths = int(whole.lstrip("-") + decimals[0]) + (decimals[1] >= "5")
    return -(tenths / 10) if text[0] == "-" else tenths / 10


def generated_time() -> str:
    """ISO 8601 UTC time, from ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        if epoch and epoch.isdigit()
        else dt.datetime.now(dt.UTC).replace(microsecond=0)
    )
    return moment.isoformat().replace("+00:00", "Z")
