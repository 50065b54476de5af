"""``score(bank, answers) -> Assessment``: a pure, deterministic function, in named steps.

The steps, in order: walk the visible answers (:func:`walk_answers`), add the findings of the
bank's cross-answer rules (:func:`apply_rules`), order the findings (:func:`sort_findings`),
score the principles (:func:`principle_scores`), work out the headline (:func:`overall_result`)
and put the assessment together (:func:`assemble`). The bank is compiled once per profile
(:mod:`rcr_checklist.model.scoring_plan`), so most of the work is dictionary look-ups.

Kept whole (about 560 lines): one pure function in six named steps that share one walk's state
and the compiled plan; split, the order DESIGN section 5 fixes would be scattered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rcr_checklist import __version__
from rcr_checklist.limits import NA, NOT_DISCLOSED
from rcr_checklist.model.answers import Answer, AnswersFile, answers_identity
from rcr_checklist.model.assessment import (
    ASSESSMENT_FORMAT,
    NOT_ASSESSED,
    NOT_RATED,
    Assessment,
    Finding,
    NotCounted,
    Overall,
    PrincipleScore,
    QuestionResult,
    critical_text,
    generated_time,
    round1,
)
from rcr_checklist.model.bank import Bank, Question
from rcr_checklist.model.conditions import evaluate
from rcr_checklist.model.scoring_plan import (
    ANSWERED,
    MEMO_LISTS,
    NOT_APPLICABLE,
    SEVERITY_RANK,
    WITHHELD,
    QuestionPlan,
    ScoringPlan,
    choose,
    scoring_plan,
)
from rcr_checklist.model.wording import percent_text

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
    "critical_text",
    "generated_time",
    "hidden_outcome",
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
    principles = principle_scores(bank, tally=walk.tally, findings=findings)
    overall = overall_result(bank, principles=principles, walk=walk, findings=findings)
    return assemble(
        bank,
        answers=answers,
        generated=generated or generated_time(),
        overall=overall,
        principles=principles,
        findings=findings,
        results=walk.results,
        not_counted=walk.not_counted,
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
    """What walking the questions gave.

    Attributes:
        results: one result per visible question, in asking order.
        findings: findings raised by the answers themselves (rules not yet applied),
            including disagreements between the product facts and a hidden answer.
        values: question id -> value of every visible answered question (n/a included),
            what rules and conditions read.
        not_counted: answers to hidden questions (by the facts, in asking order, then by
            the profile, in bank order), with why they do not count.
        tally: principle number -> [earned, possible, possible over answered questions,
            answered (n/a included), visible, not disclosed], summed while walking.
        open: results of the visible questions still open (unanswered or not disclosed).
        positives: positive answers to evidence-required questions.
        cited: those of them that cite evidence.
    """

    results: list[QuestionResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    not_counted: list[NotCounted] = field(default_factory=list)
    tally: dict[int, list[float]] = field(default_factory=dict)
    open: list[QuestionResult] = field(default_factory=list)
    positives: int = 0
    cited: int = 0


def walk_answers(plan: ScoringPlan, *, given: Mapping[str, Answer]) -> Walk:
    """Walk the profile's questions in order: decide visibility, score each visible answer.

    A question is visible when its ``show_if`` holds on the visible answers before it; an
    answer to a hidden question is not scored and not read by later conditions, but it is
    listed in ``not_counted``, and when it would raise a finding of its own the facts and
    that answer disagree: a finding of the same severity says so.

    Args:
        plan: the bank compiled for the answers' profile.
        given: question id -> answer, as in the answers file.

    Returns:
        The results, the answers' own findings, the visible values, the answers not
        counted and the per-principle tallies.
    """
    walk = Walk(tally={n: [0.0, 0.0, 0.0, 0, 0, 0] for n in plan.principle_numbers})
    results, findings, values, still_open = walk.results, walk.findings, walk.values, walk.open
    not_counted = walk.not_counted
    # Sums of the current principle, kept in locals (questions come grouped by principle)
    # and added to the tally when the principle changes: the loop's hottest lines.
    current = -1
    earned = possible = answered_possible = 0.0
    answered = visible = withheld = positives = cited = 0
    for q, qid, principle, test, memo in plan.steps:
        if principle != current:
            if visible:
                _add(
                    walk.tally[current],
                    (earned, possible, answered_possible, answered, visible, withheld),
                )
            current = principle
            earned = possible = answered_possible = 0.0
            answered = visible = withheld = 0
        answer = given.get(qid)
        if test is not None and not test(values):
            if answer is not None:  # answered, yet hidden by the facts
                value = answer.value
                known = q.hidden.get(tuple(value) if value.__class__ is list else value)
                if known is None:
                    _hidden_answer(q, value=value, walk=walk)
                else:
                    not_counted.append(known[0])
                    if known[1] is not None:
                        findings.append(known[1])
            continue
        if answer is None:
            value, n_evidence = None, 0
        else:
            value, n_evidence = answer.value, len(answer.evidence)
        outcome = memo.get(
            (tuple(value) if value.__class__ is list else value, n_evidence)  # memo_key inline
        )
        if outcome is None:
            outcome = q.outcome(value, n_evidence)
        result, raised, points, out_of, how, needs_evidence = outcome
        if how == ANSWERED:
            values[qid] = value
            answered += 1
            answered_possible += out_of
            if needs_evidence:
                positives += 1
                cited += n_evidence > 0
        elif how == NOT_APPLICABLE:
            values[qid] = value
            answered += 1
        else:
            still_open.append(result)
            withheld += how == WITHHELD
        if raised:
            findings.extend(raised)
        earned += points
        possible += out_of
        visible += 1
        results.append(result)
    if visible:
        _add(
            walk.tally[current], (earned, possible, answered_possible, answered, visible, withheld)
        )
    walk.positives, walk.cited = positives, cited
    others = plan.others
    if others and len(given) > len(values):  # answers to questions the profile does not ask?
        for qid, answer in given.items():
            other = others.get(qid)
            if other is not None and _given(answer.value):
                walk.not_counted.append(
                    NotCounted(
                        qid,
                        other.principle,
                        "profile",
                        "not asked of this profile",
                        answer.value,
                        _labels(other, answer.value),
                    )
                )
    return walk


def _add(row: list[float], sums: tuple[float, ...]) -> None:
    row[:] = [a + b for a, b in zip(row, sums, strict=True)]


def _given(value: Any) -> bool:
    return value is not None and value != []


def _labels(q: QuestionPlan, value: Any) -> list[str]:
    options = q.options or {}
    values = value if isinstance(value, list) else [value]
    return [options[v].label for v in values if isinstance(v, str) and v in options]


def _hidden_answer(q: QuestionPlan, *, value: Any, walk: Walk) -> None:
    """List an answer the product facts hide; when it would raise a finding, say they disagree."""
    if not _given(value):
        return
    if value.__class__ is list:  # a multi-choice list: kept as a tuple, bounded like the memo
        key: Any = tuple(value)
        known = q.options is not None and all(v.__class__ is str for v in value)
    else:
        key = value
        known = isinstance(value, str) and (value in q.singles or value in (NA, NOT_DISCLOSED))
    outcome = q.hidden.get(key) if known else None
    if outcome is None:
        outcome = hidden_outcome(q, value=list(value) if key is not value else value)
        if known and len(q.hidden) < MEMO_LISTS + len(q.singles) + 2:
            q.hidden[key] = outcome
    listed, disagreement = outcome
    walk.not_counted.append(listed)
    if disagreement is not None:
        walk.findings.append(disagreement)


def hidden_outcome(q: QuestionPlan, *, value: Any) -> tuple[NotCounted, Finding | None]:
    """What an answer to a question the product facts hide gives.

    Args:
        q: the hidden question's plan.
        value: the answer's value (not empty).

    Returns:
        The listing of the answer as not counted, and a "disagreement" finding when the
        answer would raise a finding of its own were the question shown: of the same
        severity as the worst of those findings, naming the facts that hide the question.
    """
    labels = _labels(q, value)
    listed = NotCounted(
        q.id, q.principle, "facts", f"shown only when {q.shown_when}", value, labels
    )
    if q.options is None or value in (NA, NOT_DISCLOSED):
        return listed, None
    values = value if isinstance(value, list) else [value]
    choice = choose(q, chosen=[q.options[v] for v in values if v in q.options])
    if not choice.findings:
        return listed, None
    worst = min(choice.findings, key=lambda f: SEVERITY_RANK[f.severity])
    raised = "; ".join(f.text for f in choice.findings if f.source == "option") or (
        f"it earns {choice.earned:g} of {q.weight:g} point{'' if q.weight == 1 else 's'}"
    )
    return listed, Finding(
        worst.severity,
        q.principle,
        q.id,
        f"The product facts and a hidden answer disagree: this question is asked only when "
        f"{q.shown_when}, yet it is answered '{'; '.join(labels)}', which would raise a "
        f"{worst.severity} finding ({raised}).",
        f"Check the product facts ({', '.join(q.gates)}) against this answer and correct "
        "whichever is wrong; until then the answer is not scored.",
        "disagreement",
        (q.id, *q.gates),
    )


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
    fired = [r for r in plan.rules if r.test(values)]
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
    bank: Bank, *, tally: Mapping[int, list[float]], findings: list[Finding]
) -> list[PrincipleScore]:
    """Score each principle: 100 x earned / possible, one decimal, and its rating.

    Args:
        bank: the bank (principles, bands, completion threshold).
        tally: per principle, what the walk summed (see :class:`Walk`).
        findings: every finding (a critical one forces the principle's failing label).

    Returns:
        One score per principle 1-5 (facts excluded), in bank order, with the score over its
        answered questions beside it; a principle whose questions are all n/a or hidden has
        score None and rating "Not assessed"; one answered below the bank's completion
        threshold is "Not rated" unless a critical finding fails it.
    """
    critical: dict[int, int] = {}
    for f in findings:
        if f.severity == "critical":
            critical[f.principle] = critical.get(f.principle, 0) + 1
    threshold = bank.meta.min_completion
    out: list[PrincipleScore] = []
    for principle in bank.principles:
        if principle.number == 0:
            continue
        earned, possible, answered_possible, answered, visible, withheld = tally.get(
            principle.number, (0.0, 0.0, 0.0, 0, 0, 0)
        )
        value = round1(100 * earned / possible) if possible else None
        n_critical = critical.get(principle.number, 0)
        rating = _rating(
            bank,
            score=value,
            critical=n_critical,
            rated=not visible or answered / visible >= threshold,
        )
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
                n_critical,
                round1(100 * earned / answered_possible) if answered_possible else None,
                int(withheld),
                rating not in (NOT_RATED, NOT_ASSESSED),
            )
        )
    return out


def _rating(bank: Bank, *, score: float | None, critical: int, rated: bool) -> str:
    """The one rating rule: a critical finding fails; then no band below the completion bar."""
    if critical:
        return bank.meta.failing_label
    if score is None:
        return NOT_ASSESSED
    return bank.rating(score) if rated else NOT_RATED


def overall_result(
    bank: Bank, *, principles: list[PrincipleScore], walk: Walk, findings: list[Finding]
) -> Overall:
    """Work out the headline: score, rating, completion, evidence coverage, finding counts.

    Args:
        bank: the bank (bands, failing label, completion threshold, critical-capable
            questions).
        principles: the principle scores.
        walk: what walking the answers gave (results, open questions, evidence counts).
        findings: every finding, sorted.

    Returns:
        The overall result; the score is the mean of the principles that have points, the
        score over answered questions the mean of their answered scores.
    """
    counted = [p.score for p in principles if p.score is not None]
    overall_score = round1(sum(counted) / len(counted)) if counted else None
    over_answered = [p.answered_score for p in principles if p.answered_score is not None]
    severities = dict.fromkeys(SEVERITY_RANK, 0)
    for f in findings:
        severities[f.severity] += 1
    critical = severities["critical"]
    visible = len(walk.results)
    still_open = walk.open
    answered = visible - len(still_open)
    not_disclosed = [r.id for r in still_open if r.status == "not_disclosed"]
    critical_capable = bank.critical_capable
    open_critical = [r.id for r in still_open if r.id in critical_capable]
    completion = round(answered / visible, 3) if visible else 0.0
    rating = _rating(
        bank,
        score=overall_score,
        critical=critical,
        rated=not visible or answered / visible >= bank.meta.min_completion,
    )
    positives = walk.positives
    return Overall.model_construct(
        score=overall_score,
        rating=rating,
        draft=len(still_open) > len(not_disclosed),
        completion=completion,
        evidence_coverage=round(walk.cited / positives, 3) if positives else None,
        critical_findings=critical,
        findings=severities,
        unanswered_critical=open_critical,
        rated=rating not in (NOT_RATED, NOT_ASSESSED),
        not_rated_reason=_not_rated_reason(
            answered=answered,
            visible=visible,
            not_disclosed=len(not_disclosed),
            open_critical=len(open_critical),
        )
        if rating == NOT_RATED
        else "",
        answered_score=round1(sum(over_answered) / len(over_answered)) if over_answered else None,
        not_disclosed=not_disclosed,
        unanswered=len(still_open) - len(not_disclosed),
        evidence_base={
            "cited": walk.cited,
            "answered": positives,
            "open": sum(1 for r in still_open if r.evidence_required),
        },
    )


def _not_rated_reason(
    *, answered: int, visible: int, not_disclosed: int, open_critical: int
) -> str:
    """Say why there is no rating, e.g. "Not rated: 62% answered (4 not disclosed), ...".

    The percentage is rounded as the completion is shown elsewhere, except that an
    incomplete assessment never reads "100% answered".
    """
    # the completion's own figure, formatted as every other place shows it (percent_text):
    # rounding the exact share here gave 43% beside a completion of 44% on the same cover
    completion = round(answered / visible, 3) if visible else 0.0
    percent = int(percent_text(completion).rstrip("%"))
    if percent == 100 and answered < visible:
        percent = 99
    text = f"{NOT_RATED}: {percent}% answered"
    if not_disclosed:
        text += f" ({not_disclosed} not disclosed)"
    if open_critical:
        plural = "s" if open_critical != 1 else ""
        text += f", {open_critical} open question{plural} could raise a critical finding"
    return text


def assemble(
    bank: Bank,
    *,
    answers: AnswersFile,
    generated: str,
    overall: Overall,
    principles: list[PrincipleScore],
    findings: list[Finding],
    results: list[QuestionResult],
    not_counted: list[NotCounted],
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
        not_counted: answers the score does not count, with why.

    Returns:
        The assessment.
    """
    canonical, sha256 = answers_identity(answers)
    return Assessment.model_construct(
        format=ASSESSMENT_FORMAT,
        tool={"name": "rcr-checklist", "version": __version__},
        bank={"id": bank.meta.id, "version": bank.meta.version, "sha256": bank.sha256},
        answers_sha256=sha256,
        generated=generated,
        profile=answers.profile,
        product=canonical["product"],
        assessor=canonical.get("assessor", {}),
        overall=overall,
        principles=principles,
        findings=findings,
        questions=results,
        not_counted=not_counted,
        answers=canonical,
    )
