"""``score(bank, answers) -> Assessment``: a pure, deterministic function, and its result."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
import os
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rcr_checklist import __version__
from rcr_checklist.answers import NA, AnswersFile, answers_sha256, canonical_answers
from rcr_checklist.bank import CHOICE_KINDS, Bank, Question, Severity
from rcr_checklist.conditions import evaluate

__all__ = [
    "ASSESSMENT_FORMAT",
    "Assessment",
    "Finding",
    "Overall",
    "PrincipleScore",
    "QuestionResult",
    "generated_time",
    "score",
    "visible_questions",
]

ASSESSMENT_FORMAT = "rcr-checklist/assessment/v1"
NOT_ASSESSED = "Not assessed"
_SEVERITY_ORDER: dict[str, int] = {"critical": 0, "major": 1, "minor": 2}


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Finding(_Out):
    """A finding raised by an answer or a rule."""

    severity: Severity
    principle: int = Field(description="Principle number, 1-5.")
    question: str = Field(description="Question id, or rule id for cross-answer findings.")
    text: str
    recommendation: str
    source: Literal["answer", "rule", "unanswered"] = "answer"


class QuestionResult(_Out):
    """How one visible question was answered and scored (the "why" behind the points)."""

    id: str
    principle: int
    status: Literal["answered", "na", "unanswered"]
    value: Any = None
    labels: list[str] = Field(default_factory=list, description="Labels of chosen options.")
    scored: bool
    earned: float = Field(description="Points earned: weight x option score.")
    possible: float = Field(description="Points possible: the weight, 0 when n/a or unscored.")
    evidence_required: bool
    evidence_count: int
    positive: bool = Field(description="A positive (score > 0) answer to a scored question.")


class PrincipleScore(_Out):
    """Score of one principle."""

    id: str
    number: int
    title: str
    score: float | None = Field(description="0-100, one decimal; None when nothing counts.")
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


def round1(value: float) -> float:
    """Round to one decimal, halves up (61.25 -> 61.3), as a reader rounding by hand would."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def generated_time() -> str:
    """ISO 8601 UTC time, from ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        if epoch and epoch.isdigit()
        else dt.datetime.now(dt.UTC).replace(microsecond=0)
    )
    return moment.isoformat().replace("+00:00", "Z")


def visible_questions(bank: Bank, answers: AnswersFile) -> list[Question]:
    """Questions asked of this profile whose ``show_if`` holds, in bank order.

    An answer to a hidden question is ignored, also by later conditions.

    Args:
        bank: the bank.
        answers: the answers (their profile and values decide visibility).

    Returns:
        The visible questions.
    """
    values: dict[str, Any] = {}
    shown: list[Question] = []
    for question in bank.questions:
        if answers.profile not in question.profiles:
            continue
        if question.show_if is not None and not evaluate(question.show_if, values):
            continue
        shown.append(question)
        answer = answers.answers.get(question.id)
        if answer is not None and answer.value is not None:
            values[question.id] = answer.value
    return shown


def _option_score(question: Question, value: Any) -> tuple[float, list[str], list[Any]]:
    """Return (score 0-1, chosen labels, chosen options) for a choice answer."""
    options = {o.value: o for o in question.options}  # type: ignore[union-attr]
    chosen = [options[v] for v in (value if isinstance(value, list) else [value]) if v in options]
    total = sum(o.score or 0.0 for o in chosen)
    return min(total, 1.0), [o.label for o in chosen], chosen


def score(bank: Bank, answers: AnswersFile, generated: str | None = None) -> Assessment:
    """Score answers against a bank.

    Args:
        bank: the validated bank.
        answers: answers already checked against the bank (see ``check_against_bank``).
        generated: ISO 8601 time to stamp; :func:`generated_time` when None.

    Returns:
        The assessment: principle scores 0-100 (one decimal), the overall score (mean of the
        principles that have points), the rating (forced to the failing label by any critical
        finding), completion, evidence coverage, findings by severity then bank order.
    """
    visible = visible_questions(bank, answers)
    results: list[QuestionResult] = []
    findings: list[Finding] = []
    values: dict[str, Any] = {}
    for question in visible:
        principle = bank.principle_of[question.id].number
        answer = answers.answers.get(question.id)
        value = answer.value if answer is not None else None
        scored = bank.is_scored(question.id)
        evidence_required = scored and question.evidence == "required"
        evidence_count = len(answer.evidence) if answer is not None else 0
        if value is None or value == []:
            results.append(
                QuestionResult(
                    id=question.id,
                    principle=principle,
                    status="unanswered",
                    scored=scored,
                    earned=0.0,
                    possible=question.weight if scored else 0.0,
                    evidence_required=evidence_required,
                    evidence_count=evidence_count,
                    positive=False,
                )
            )
            continue
        values[question.id] = value
        if value == NA:
            results.append(
                QuestionResult(
                    id=question.id,
                    principle=principle,
                    status="na",
                    value=NA,
                    scored=scored,
                    earned=0.0,
                    possible=0.0,
                    evidence_required=evidence_required,
                    evidence_count=evidence_count,
                    positive=False,
                )
            )
            continue
        labels: list[str] = []
        earned = 0.0
        fraction = 0.0
        if question.kind in CHOICE_KINDS:
            fraction, labels, chosen = _option_score(question, value)
            if scored:
                earned = question.weight * fraction
                findings.extend(
                    Finding(
                        severity=option.finding.severity,
                        principle=principle,
                        question=question.id,
                        text=option.finding.text,
                        recommendation=question.recommendation or "",
                    )
                    for option in chosen
                    if option.finding is not None
                )
                if fraction < 1 and not any(o.finding for o in chosen):
                    findings.append(
                        Finding(
                            severity="major" if fraction == 0 else "minor",
                            principle=principle,
                            question=question.id,
                            text=f"{question.text} Answered: {'; '.join(labels)}.",
                            recommendation=question.recommendation or "",
                        )
                    )
        results.append(
            QuestionResult(
                id=question.id,
                principle=principle,
                status="answered",
                value=value,
                labels=labels,
                scored=scored,
                earned=round(earned, 4),
                possible=question.weight if scored else 0.0,
                evidence_required=evidence_required,
                evidence_count=evidence_count,
                positive=scored and fraction > 0,
            )
        )
    findings.extend(
        Finding(
            severity=rule.severity,
            principle=rule.principle,
            question=rule.id,
            text=rule.text,
            recommendation=rule.recommendation,
            source="rule",
        )
        for rule in bank.meta.rules
        if evaluate(rule.when, values)
    )
    order = bank.order
    rule_order = {r.id: len(order) + i for i, r in enumerate(bank.meta.rules)}
    findings.sort(
        key=lambda f: (
            _SEVERITY_ORDER[f.severity],
            f.principle,
            order.get(f.question, rule_order.get(f.question, 0)),
        )
    )
    principles = _principle_scores(bank, results, findings)
    counted = [p.score for p in principles if p.score is not None]
    overall_score = round1(sum(counted) / len(counted)) if counted else None
    critical = sum(1 for f in findings if f.severity == "critical")
    rating = (
        bank.meta.failing_label
        if critical
        else NOT_ASSESSED
        if overall_score is None
        else bank.rating(overall_score)
    )
    answered = sum(1 for r in results if r.status != "unanswered")
    positives = [r for r in results if r.evidence_required and r.positive]
    overall = Overall(
        score=overall_score,
        rating=rating,
        draft=answered < len(results),
        completion=round(answered / len(results), 3) if results else 0.0,
        evidence_coverage=(
            round(sum(1 for r in positives if r.evidence_count) / len(positives), 3)
            if positives
            else None
        ),
        critical_findings=critical,
        findings={s: sum(1 for f in findings if f.severity == s) for s in _SEVERITY_ORDER},
    )
    return Assessment(
        tool={"name": "rcr-checklist", "version": __version__},
        bank={"id": bank.meta.id, "version": bank.meta.version, "sha256": bank.sha256},
        answers_sha256=answers_sha256(answers),
        generated=generated or generated_time(),
        profile=answers.profile,
        product=answers.product.model_dump(mode="json", exclude_none=True),
        assessor=answers.assessor.model_dump(mode="json", exclude_none=True),
        overall=overall,
        principles=principles,
        findings=findings,
        questions=results,
        answers=canonical_answers(answers),
    )


def _principle_scores(
    bank: Bank, results: list[QuestionResult], findings: list[Finding]
) -> list[PrincipleScore]:
    out: list[PrincipleScore] = []
    for principle in bank.principles:
        if principle.number == 0:
            continue
        mine = [r for r in results if r.principle == principle.number]
        earned = sum(r.earned for r in mine if r.scored)
        possible = sum(r.possible for r in mine if r.scored)
        value = round1(100 * earned / possible) if possible else None
        critical = sum(
            1 for f in findings if f.principle == principle.number and f.severity == "critical"
        )
        rating = (
            bank.meta.failing_label
            if critical
            else NOT_ASSESSED
            if value is None
            else bank.rating(value)
        )
        out.append(
            PrincipleScore(
                id=principle.id,
                number=principle.number,
                title=principle.title,
                score=value,
                rating=rating,
                earned=round(earned, 4),
                possible=possible,
                answered=sum(1 for r in mine if r.status != "unanswered"),
                visible=len(mine),
                critical_findings=critical,
            )
        )
    return out
