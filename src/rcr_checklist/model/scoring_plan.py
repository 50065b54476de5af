"""The bank compiled for scoring: what each option earns and raises, worked out once per bank.

Built once per bank and profile, so scoring an answers file is mostly dictionary look-ups.

Kept whole (about 400 lines): one compiled plan, each question's and rule's outcomes worked out
once per bank; its parts are only ever built together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rcr_checklist.limits import NA, NOT_DISCLOSED
from rcr_checklist.model.assessment import Finding, NotCounted, QuestionResult, Status
from rcr_checklist.model.bank import Bank, Option, Question, Rule
from rcr_checklist.model.conditions import Condition, Test, compile_condition, describe, leaves

__all__ = [
    "ANSWERED",
    "NOT_APPLICABLE",
    "SEVERITY_RANK",
    "UNANSWERED",
    "WITHHELD",
    "Outcome",
    "Choice",
    "QuestionPlan",
    "RulePlan",
    "ScoringPlan",
    "Step",
    "MEMO_LISTS",
    "choose",
    "memo_key",
    "scoring_plan",
]

SEVERITY_RANK: dict[str, int] = {"critical": 0, "major": 1, "minor": 2}

ANSWERED, NOT_APPLICABLE, UNANSWERED, WITHHELD = 0, 1, 2, 3
"""How an answer counts toward completion: answered, justified n/a, unanswered, not disclosed."""

MEMO_LISTS = 256
"""Most multi-choice lists memoised per question: a list's outcome is worked out again past
this (the options' subsets and orders are too many to keep them all)."""


def memo_key(value: Any, n_evidence: int) -> tuple[Any, int]:
    """The key of an answer in :attr:`QuestionPlan.memo`: a list becomes a tuple.

    Args:
        value: the answer's value.
        n_evidence: evidence items the answer cites.

    Returns:
        ``(value, n_evidence)``, hashable.
    """
    return (tuple(value) if value.__class__ is list else value), n_evidence


Outcome = tuple["QuestionResult", tuple["Finding", ...], float, float, int, bool]
"""What one answer gives, as the scoring loop reads it: ``(result, findings, earned, possible,
how it counts (ANSWERED ... WITHHELD), whether it is a positive answer that needs evidence)``."""


@dataclass(frozen=True, slots=True)
class Choice:
    """What one answer to a choice question gives.

    Attributes:
        fraction: option score 0-1 (a multi answer sums its options, capped at 1).
        earned: points, weight x fraction, four decimals.
        labels: labels of the chosen options, in the answer's order.
        findings: findings the answer raises when the question is scored: the options' own,
            else one generic finding when it scores below full marks.
        positive: the question is scored and the answer earns something.
        recommendation: what to do about this answer (empty at full marks or unscored).
    """

    fraction: float
    earned: float
    labels: list[str]
    findings: tuple[Finding, ...]
    positive: bool
    recommendation: str


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


@dataclass(slots=True)
class QuestionPlan:
    """One question as scoring sees it.

    Attributes:
        question: the bank question.
        id: its id.
        principle: its principle number (0 for facts).
        scored: whether it earns points.
        weight: its points when scored, else 0.
        needs_evidence: scored, with evidence required for a positive answer.
        show_if: its condition, or None when always asked.
        test: the condition compiled (:func:`compile_condition`), or None when always asked.
        options: option value -> option, for choice questions; None otherwise.
        shown_when: the condition in words ("" when always asked).
        gates: ids of the questions its condition reads.
        singles: option value -> what choosing that one option gives (choice questions).
        memo: (value, evidence count) -> outcome, for answers whose outcome depends on nothing
            else (choices, unanswered, n/a, not disclosed; a multi-choice list as a tuple);
            single choices are bounded by options x 51, lists by :data:`MEMO_LISTS`.
        hidden: value -> what that answer gives when the facts hide the question (choices,
            n/a, not disclosed; a list as a tuple); bounded like ``memo``.
    """

    question: Question
    id: str
    principle: int
    scored: bool
    weight: float
    needs_evidence: bool
    show_if: Condition | None
    options: dict[str, Option] | None
    test: Test | None = None
    shown_when: str = ""
    gates: tuple[str, ...] = ()
    singles: dict[str, Choice] = field(default_factory=dict)
    memo: dict[tuple[Any, int], Outcome] = field(default_factory=dict)
    hidden: dict[Any, tuple[NotCounted, Finding | None]] = field(default_factory=dict)
    lists: int = 0

    def outcome(self, value: Any, n_evidence: int) -> Outcome:
        """What one answer to this question gives; kept in ``memo`` when it can be.

        Args:
            value: the answer's value (None when there is no answer).
            n_evidence: evidence items the answer cites.

        Returns:
            The outcome (see :data:`Outcome`). Unanswered, n/a, not-disclosed and known
            choices are memoised under :func:`memo_key` (single choices are bounded by the
            options x 51 evidence counts, multi-choice lists by :data:`MEMO_LISTS`); free
            text, numbers, dates and unknown single values are not.
        """
        keep = True
        choice: Choice | None = None
        if value is None or value == []:
            result, how = self.result("unanswered", n_evidence), UNANSWERED
        elif value == NOT_DISCLOSED:
            result, how = self.result("not_disclosed", n_evidence, value=value), WITHHELD
        elif value == NA:
            result, how = self.result("na", n_evidence, value=NA), NOT_APPLICABLE
        elif self.options is None:  # text, number, date: shown, never scored
            result, how, keep = self.result("answered", n_evidence, value=value), ANSWERED, False
        else:
            if isinstance(value, list):  # multi: the options' scores summed, capped at 1
                value = list(value)  # a memoised result must not share the caller's list
                choice = choose(self, chosen=[self.options[v] for v in value if v in self.options])
                keep = self.lists < MEMO_LISTS
                self.lists += keep
            elif isinstance(value, str) and value in self.singles:
                choice = self.singles[value]
            else:  # not an option (answers not checked against the bank)
                choice, keep = choose(self, chosen=[]), False
            result = self.result("answered", n_evidence, value=value, choice=choice)
            how = ANSWERED
        outcome: Outcome = (
            result,
            choice.findings if choice is not None else (),
            result.earned,
            result.possible,
            how,
            result.positive and result.evidence_required,
        )
        if keep:
            self.memo[memo_key(value, n_evidence)] = outcome
        return outcome

    def result(
        self, status: Status, n_evidence: int, *, value: Any = None, choice: Choice | None = None
    ) -> QuestionResult:
        """The result of this question for one answer.

        Args:
            status: answered, na, not_disclosed or unanswered.
            n_evidence: evidence items the answer cites.
            value: the answer's value (None when unanswered).
            choice: what the chosen options give (choice questions answered).

        Returns:
            The result; an n/a answer counts no points possible; an open question (unanswered
            or not disclosed) carries the question's recommendation.
        """
        if choice is None:
            return QuestionResult(
                self.id,
                self.principle,
                status,
                self.scored,
                0.0,
                0.0 if status == "na" else self.weight,
                self.needs_evidence,
                n_evidence,
                False,
                value,
                [],
                (self.question.recommendation or "")
                if self.scored and status in ("unanswered", "not_disclosed")
                else "",
            )
        return QuestionResult(
            self.id,
            self.principle,
            status,
            self.scored,
            choice.earned,
            self.weight,
            self.needs_evidence,
            n_evidence,
            choice.positive,
            value,
            choice.labels,
            choice.recommendation,
        )


Step = tuple[QuestionPlan, str, int, Test | None, dict[tuple[Any, int], Outcome]]


@dataclass(frozen=True, slots=True)
class RulePlan:
    """A cross-answer rule as scoring sees it.

    Attributes:
        rule: the bank rule.
        reads: ids of the questions its condition reads, in the order it names them.
        finding: the finding it raises when its condition holds.
        test: its condition compiled (:func:`compile_condition`).
    """

    rule: Rule
    reads: tuple[str, ...]
    finding: Finding
    test: Test


@dataclass(frozen=True, slots=True)
class ScoringPlan:
    """A bank compiled for one profile.

    Attributes:
        questions: the profile's questions, in asking order.
        steps: the same, as tuples ``(plan, id, principle, test, memo)`` for the scoring
            loop (unpacking a tuple is cheaper than reading attributes).
        principle_numbers: every principle's number (facts' 0 included), in bank order.
        by_id: question id -> plan, for the profile's questions.
        others: question id -> plan, for the bank's questions this profile does not ask.
        rank: question or rule id -> position, for ordering findings (rules after questions).
        rules: the bank's rules, each with the questions it reads and the finding it raises.
    """

    questions: list[QuestionPlan]
    steps: list[Step]
    principle_numbers: list[int]
    by_id: dict[str, QuestionPlan]
    others: dict[str, QuestionPlan]
    rank: dict[str, int]
    rules: list[RulePlan]


def choose(plan: QuestionPlan, *, chosen: list[Option]) -> Choice:
    """Work out what a set of chosen options earns and raises.

    The recommendation follows the answer: a chosen option's own recommendation replaces the
    question's, so a product is never told to do what its answer says it already does.

    Args:
        plan: the question's plan.
        chosen: the chosen options, in the answer's order (one for single and yes/no).

    Returns:
        The choice: fraction (summed, capped at 1), points, labels, findings and what to do.
    """
    fraction = min(sum(o.score or 0.0 for o in chosen), 1.0)
    labels = [o.label for o in chosen]
    findings: list[Finding] = []
    recommendation = ""
    if plan.scored:
        question = plan.question
        fallback = question.recommendation or ""
        reads = (plan.id,)
        findings.extend(
            Finding(
                o.finding.severity,
                plan.principle,
                plan.id,
                o.finding.text,
                o.recommendation or fallback,
                "option",
                reads,
            )
            for o in chosen
            if o.finding is not None
        )
        if fraction < 1:
            recommendation = " ".join(_unique([o.recommendation or "" for o in chosen])) or fallback
        if fraction < 1 and not findings:
            findings.append(
                Finding(
                    "major" if fraction == 0 else "minor",
                    plan.principle,
                    plan.id,
                    f"{question.text} Answered: {'; '.join(labels)}.",
                    recommendation,
                    "score",
                    reads,
                )
            )
    return Choice(
        fraction,
        round(plan.weight * fraction, 4),
        labels,
        tuple(findings),
        plan.scored and fraction > 0,
        recommendation,
    )


def _question_plan(bank: Bank, question: Question) -> QuestionPlan:
    scored = question.id in bank.scored_ids
    show_if = question.show_if
    plan = QuestionPlan(
        question=question,
        id=question.id,
        principle=bank.principle_of[question.id].number,
        scored=scored,
        weight=question.weight if scored else 0.0,
        needs_evidence=scored and question.evidence == "required",
        show_if=show_if,
        options=bank.options_of.get(question.id),
        test=None if show_if is None else compile_condition(show_if),
        shown_when="" if show_if is None else describe(show_if),
        gates=()
        if show_if is None
        else tuple(_unique([leaf.question for leaf, _ in leaves(show_if)])),
    )
    if plan.options is not None:
        plan.singles = {
            value: choose(plan, chosen=[option]) for value, option in plan.options.items()
        }
    return plan


def _rule_plan(rule: Rule) -> RulePlan:
    reads = tuple(_unique([leaf.question for leaf, _ in leaves(rule.when)]))
    return RulePlan(
        rule=rule,
        reads=reads,
        test=compile_condition(rule.when),
        finding=Finding(
            rule.severity,
            rule.principle,
            rule.id,
            rule.text,
            rule.recommendation,
            "disagreement" if rule.kind == "disagreement" else "rule",
            reads,
        ),
    )


def scoring_plan(bank: Bank, *, profile: str) -> ScoringPlan:
    """The bank compiled for one profile, built once and kept on the bank.

    Args:
        bank: the validated bank.
        profile: ``vendor``, ``clinician`` or ``procurement``.

    Returns:
        The plan.
    """
    key = ("scoring_plan", profile)
    plan = bank.memo.get(key)
    if plan is None:
        order = bank.order
        rank = {rule.id: len(order) + i for i, rule in enumerate(bank.meta.rules)}
        rank.update(order)
        asked = {q.id for q in bank.profile_questions(profile)}
        every = {q.id: _question_plan(bank, q) for q in bank.questions}
        questions = [every[q.id] for q in bank.profile_questions(profile)]
        plan = ScoringPlan(
            questions=questions,
            steps=[(q, q.id, q.principle, q.test, q.memo) for q in questions],
            principle_numbers=[p.number for p in bank.principles],
            by_id={q.id: q for q in questions},
            others={qid: q for qid, q in every.items() if qid not in asked},
            rank=rank,
            rules=[_rule_plan(rule) for rule in bank.meta.rules],
        )
        bank.memo[key] = plan
    assert isinstance(plan, ScoringPlan)
    return plan
