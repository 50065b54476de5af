"""``score(bank, answers) -> Assessment``: a pure, deterministic function, in named steps.

The steps, in order: walk the visible answers (:func:`walk_answers`), add the findings of the
bank's cross-answer rules (:func:`apply_rules`), order the findings (:func:`sort_findings`),
score the principles (:func:`principle_scores`), work out the headline (:func:`overall_result`)
and put the assessment together (:func:`assemble`). The bank is compiled once per profile
(:mod:`rcr_checklist.model.scoring_plan`), so most of the work is dictionary look-ups.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rcr_checklist import __version__
from rcr_checklist.limits import NA
from rcr_checklist.model.answers import Answer, AnswersFile, canonical_answers, canonical_sha256
from rcr_checklist.model.assessment import (
    ASSESSMENT_FORMAT,
    NOT_ASSESSED,
    Assessment,
    Finding,
    Overall,
    PrincipleScore,
    QuestionResult,
    generated_time,
    round1,
)
from rcr_checklist.model.bank import Bank, Question
from rcr_checklist.model.conditions import evaluate
from rcr_checklist.model.scoring_plan import SEVERITY_RANK, ScoringPlan, choose, scoring_plan

__all__ = [
    "ASSESSMENT_FORMAT",
    "Assessment",
    "Finding",
    "Overall",
    "PrincipleScore",
    "QuestionResult",
    "Walk",
    "apply_rules",
    "assemble",
    "generated_time",
    "overall_result",
    "principle_scores",
    "round1",
    "score",
    "sort_findings",
    "visible_questions",
    "walk_answers",
]


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
    plan = scoring_plan(bank, profile=answers.profile)
    walk = walk_answers(plan, given=answers.answers)
    findings = apply_rules(plan, findings=walk.findings, values=walk.values)
    findings = sort_findings(findings, rank=plan.rank)
    principles = principle_scores(bank, results=walk.results, findings=findings)
    overall = overall_result(bank, principles=principles, results=walk.results, findings=findings)
    return assemble(
        bank,
        answers=answers,
        generated=generated or generated_time(),
        overall=overall,
        principles=principles,
        findings=findings,
        results=walk.results,
    )


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


@dataclass(slots=True)
class Walk:
    """What walking the visible questions gave.

    Attributes:
        results: one result per visible question, in asking order.
        findings: findings raised by the answers themselves (rules not yet applied).
        values: question id -> value of every visible answered question (n/a included),
            what rules and conditions read.
    """

    results: list[QuestionResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


def walk_answers(plan: ScoringPlan, *, given: Mapping[str, Answer]) -> Walk:
    """Walk the profile's questions in order: decide visibility, score each visible answer.

    A question is visible when its ``show_if`` holds on the visible answers before it; an
    answer to a hidden question is not scored and not read by later conditions.

    Args:
        plan: the bank compiled for the answers' profile.
        given: question id -> answer, as in the answers file.

    Returns:
        The results, the answers' own findings and the visible values.
    """
    walk = Walk()
    results, findings, values = walk.results, walk.findings, walk.values
    for q, qid, show_if, options, singles, memo in plan.steps:
        if show_if is not None and not evaluate(show_if, values):
            continue
        answer = given.get(qid)
        if answer is None:
            value, n_evidence = None, 0
        else:
            value = answer.value
            n_evidence = len(answer.evidence) if answer.evidence else 0
        if value is None or value == []:
            key: tuple[Any, int] = (None, n_evidence)
            result = memo.get(key) or memo.setdefault(key, q.result("unanswered", n_evidence))
        elif value == NA:
            values[qid] = value
            key = (NA, n_evidence)
            result = memo.get(key) or memo.setdefault(key, q.result("na", n_evidence, value=NA))
        elif options is None:  # text, number, date: shown, never scored
            values[qid] = value
            result = q.result("answered", n_evidence, value=value)
        elif isinstance(value, list):  # multi: the options' scores summed, capped at 1
            values[qid] = value
            choice = choose(q, chosen=[options[v] for v in value if v in options])
            findings.extend(choice.findings)
            result = q.result("answered", n_evidence, value=value, choice=choice)
        else:  # single and yes/no: the common case, all worked out in the plan
            values[qid] = value
            known = singles.get(value) if isinstance(value, str) else None
            if known is None:  # not an option (unchecked answers): kept out of the memo
                choice = choose(q, chosen=[])
                result = q.result("answered", n_evidence, value=value, choice=choice)
            else:
                choice = known
                key = (value, n_evidence)
                result = memo.get(key) or memo.setdefault(
                    key, q.result("answered", n_evidence, value=value, choice=choice)
                )
            findings.extend(choice.findings)
        results.append(result)
    return walk


def apply_rules(
    plan: ScoringPlan, *, findings: list[Finding], values: Mapping[str, Any]
) -> list[Finding]:
    """Add the findings of the bank's cross-answer rules whose condition holds.

    A rule's finding names the answers it reads, so their generic low-score findings are
    dropped in its favour.

    Args:
        plan: the compiled bank (its rules).
        findings: the answers' own findings.
        values: the visible answers' values.

    Returns:
        The findings, rules' included (unordered).
    """
    fired = [r for r in plan.rules if evaluate(r.rule.when, values)]
    if not fired:
        return findings
    named = frozenset().union(*(r.reads for r in fired))
    kept = [f for f in findings if not (f.source == "score" and f.question in named)]
    kept.extend(r.finding for r in fired)
    return kept


def sort_findings(findings: list[Finding], *, rank: Mapping[str, int]) -> list[Finding]:
    """Order findings: critical, major, minor, then by principle, then by bank order.

    Args:
        findings: the findings.
        rank: question or rule id -> position in the bank.

    Returns:
        A new, sorted list.
    """
    return sorted(
        findings, key=lambda f: (SEVERITY_RANK[f.severity], f.principle, rank.get(f.question, 0))
    )


def principle_scores(
    bank: Bank, *, results: list[QuestionResult], findings: list[Finding]
) -> list[PrincipleScore]:
    """Score each principle: 100 x earned / possible, one decimal, and its band.

    Args:
        bank: the bank (principles and bands).
        results: the visible questions' results.
        findings: every finding (a critical one forces the principle's failing label).

    Returns:
        One score per principle 1-5 (facts excluded), in bank order; a principle whose
        questions are all n/a or hidden has score None and rating "Not assessed".
    """
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


def overall_result(
    bank: Bank,
    *,
    principles: list[PrincipleScore],
    results: list[QuestionResult],
    findings: list[Finding],
) -> Overall:
    """Work out the headline: score, rating, completion, evidence coverage, finding counts.

    Args:
        bank: the bank (bands, failing label, critical-capable questions).
        principles: the principle scores.
        results: the visible questions' results.
        findings: every finding, sorted.

    Returns:
        The overall result; the score is the mean of the principles that have points.
    """
    counted = [p.score for p in principles if p.score is not None]
    overall_score = round1(sum(counted) / len(counted)) if counted else None
    severities = dict.fromkeys(SEVERITY_RANK, 0)
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
    answered = 0
    positives = 0
    cited = 0
    for r in results:
        if r.status != "unanswered":
            answered += 1
        if r.positive and r.evidence_required:
            positives += 1
            cited += r.evidence_count > 0
    critical_capable = bank.critical_capable
    return Overall.model_construct(
        score=overall_score,
        rating=rating,
        draft=answered < len(results),
        completion=round(answered / len(results), 3) if results else 0.0,
        evidence_coverage=round(cited / positives, 3) if positives else None,
        critical_findings=critical,
        findings=severities,
        unanswered_critical=[
            r.id for r in results if r.status == "unanswered" and r.id in critical_capable
        ],
    )


def assemble(
    bank: Bank,
    *,
    answers: AnswersFile,
    generated: str,
    overall: Overall,
    principles: list[PrincipleScore],
    findings: list[Finding],
    results: list[QuestionResult],
) -> Assessment:
    """Put the assessment together with its identity: tool, bank and answers hashes.

    Args:
        bank: the bank (id, version, SHA-256).
        answers: the answers (embedded in canonical form, and hashed).
        generated: ISO 8601 time to stamp.
        overall: the headline.
        principles: the principle scores.
        findings: the findings, sorted.
        results: the visible questions' results.

    Returns:
        The assessment.
    """
    canonical = canonical_answers(answers)
    return Assessment.model_construct(
        format=ASSESSMENT_FORMAT,
        tool={"name": "rcr-checklist", "version": __version__},
        bank={"id": bank.meta.id, "version": bank.meta.version, "sha256": bank.sha256},
        answers_sha256=canonical_sha256(canonical),
        generated=generated,
        profile=answers.profile,
        product=canonical["product"],
        assessor=canonical.get("assessor", {}),
        overall=overall,
        principles=principles,
        findings=findings,
        questions=results,
        answers=canonical,
    )
