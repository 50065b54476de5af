"""``score(bank, answers) -> Assessment``: a pure, deterministic function, and its result."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rcr_checklist import __version__
from rcr_checklist.limits import NA
from rcr_checklist.model.answers import AnswersFile, canonical_answers, canonical_sha256
from rcr_checklist.model.bank import Bank, Option, Question, Severity
from rcr_checklist.model.conditions import evaluate, leaves

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
    given = answers.answers
    for question in bank.profile_questions(answers.profile):
        if question.show_if is not None and not evaluate(question.show_if, values):
            continue
        shown.append(question)
        answer = given.get(question.id)
        if answer is not None and answer.value is not None:
            values[question.id] = answer.value
    return shown


def _option_score(bank: Bank, question_id: str, value: Any) -> tuple[float, list[Option]]:
    """Return (score 0-1, chosen options) for a choice answer; multi sums, capped at 1."""
    options = bank.options_of[question_id]
    if not isinstance(value, list):  # single and yes_no: the common case, kept cheap
        option = options.get(value)
        return (0.0, []) if option is None else (option.score or 0.0, [option])
    chosen = [options[v] for v in value if v in options]
    return min(sum(o.score or 0.0 for o in chosen), 1.0), chosen


def _findings_of(
    question: Question,
    principle: int,
    fraction: float,
    chosen: list[Option],
    labels: list[str],
    out: list[Finding],
) -> None:
    """Append the findings of one scored answer: its options' findings, else a default one."""
    recommendation = question.recommendation or ""
    flagged = False
    for option in chosen:
        if option.finding is not None:
            flagged = True
            out.append(
                Finding(
                    option.finding.severity,
                    principle,
                    question.id,
                    option.finding.text,
                    recommendation,
                )
            )
    if fraction < 1 and not flagged:
        out.append(
            Finding(
                "major" if fraction == 0 else "minor",
                principle,
                question.id,
                f"{question.text} Answered: {'; '.join(labels)}.",
                recommendation,
                "score",
            )
        )


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
    results: list[QuestionResult] = []
    findings: list[Finding] = []
    values: dict[str, Any] = {}
    scored_ids = bank.scored_ids
    principle_of = bank.principle_of
    given = answers.answers
    for question in visible_questions(bank, answers):
        qid = question.id
        principle = principle_of[qid].number
        answer = given.get(qid)
        value = answer.value if answer is not None else None
        scored = qid in scored_ids
        weight = question.weight if scored else 0.0
        needs_evidence = scored and question.evidence == "required"
        n_evidence = len(answer.evidence) if answer is not None else 0
        if value is None or value == []:
            results.append(
                QuestionResult(
                    qid,
                    principle,
                    "unanswered",
                    scored,
                    0.0,
                    weight,
                    needs_evidence,
                    n_evidence,
                    False,
                )
            )
            continue
        values[qid] = value
        if value == NA:
            results.append(
                QuestionResult(
                    qid, principle, "na", scored, 0.0, 0.0, needs_evidence, n_evidence, False, NA
                )
            )
            continue
        if qid not in bank.options_of:  # text, number, date: shown, never scored
            results.append(
                QuestionResult(
                    qid,
                    principle,
                    "answered",
                    scored,
                    0.0,
                    weight,
                    needs_evidence,
                    n_evidence,
                    False,
                    value,
                )
            )
            continue
        fraction, chosen = _option_score(bank, qid, value)
        labels = [o.label for o in chosen]
        if scored:
            _findings_of(question, principle, fraction, chosen, labels, findings)
        results.append(
            QuestionResult(
                qid,
                principle,
                "answered",
                scored,
                round(weight * fraction, 4),
                weight,
                needs_evidence,
                n_evidence,
                scored and fraction > 0,
                value,
                labels,
            )
        )
    fired = [rule for rule in bank.meta.rules if evaluate(rule.when, values)]
    if fired:
        # A rule's finding names these answers already: drop their generic low-score finding.
        named = {leaf.question for rule in fired for leaf, _ in leaves(rule.when)}
        findings = [f for f in findings if not (f.source == "score" and f.question in named)]
    findings.extend(
        Finding(rule.severity, rule.principle, rule.id, rule.text, rule.recommendation, "rule")
        for rule in fired
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
    severities = dict.fromkeys(_SEVERITY_ORDER, 0)
    for f in findings:
        severities[f.severity] += 1
    critical = severities["critical"]
    rating = (
        bank.meta.failing_label
        if critical
        else NOT_ASSESSED
        if overall_score is None
        else bank.rating(overall_score)
    )
    answered = sum(1 for r in results if r.status != "unanswered")
    positives = [r for r in results if r.evidence_required and r.positive]
    coverage = (
        round(sum(1 for r in positives if r.evidence_count) / len(positives), 3)
        if positives
        else None
    )
    overall = Overall(
        score=overall_score,
        rating=rating,
        draft=answered < len(results),
        completion=round(answered / len(results), 3) if results else 0.0,
        evidence_coverage=coverage,
        critical_findings=critical,
        findings=severities,
        unanswered_critical=[
            r.id for r in results if r.status == "unanswered" and r.id in bank.critical_capable
        ],
    )
    canonical = canonical_answers(answers)
    return Assessment.model_construct(
        format=ASSESSMENT_FORMAT,
        tool={"name": "rcr-checklist", "version": __version__},
        bank={"id": bank.meta.id, "version": bank.meta.version, "sha256": bank.sha256},
        answers_sha256=canonical_sha256(canonical),
        generated=generated or generated_time(),
        profile=answers.profile,
        product=canonical["product"],
        assessor=canonical.get("assessor", {}),
        overall=overall,
        principles=principles,
        findings=findings,
        questions=results,
        answers=canonical,
    )


def _principle_scores(
    bank: Bank, results: list[QuestionResult], findings: list[Finding]
) -> list[PrincipleScore]:
    # One pass over the results: [earned, possible, answered, visible, critical] per principle.
    totals: dict[int, list[float]] = {p.number: [0.0, 0.0, 0, 0, 0] for p in bank.principles}
    for r in results:
        row = totals[r.principle]
        if r.scored:
            row[0] += r.earned
            row[1] += r.possible
        row[2] += r.status != "unanswered"
        row[3] += 1
    for f in findings:
        if f.severity == "critical" and f.principle in totals:
            totals[f.principle][4] += 1
    out: list[PrincipleScore] = []
    for principle in bank.principles:
        if principle.number == 0:
            continue
        earned, possible, answered, visible, critical = totals[principle.number]
        value = round1(100 * earned / possible) if possible else None
        if critical:
            rating = bank.meta.failing_label
        else:
            rating = NOT_ASSESSED if value is None else bank.rating(value)
        out.append(
            PrincipleScore(
                principle.id,
                principle.number,
                principle.title,
                value,
                rating,
                round(earned, 4),
                possible,
                int(answered),
                int(visible),
                int(critical),
            )
        )
    return out
