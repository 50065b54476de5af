"""The bank compiled for scoring: what each option earns and raises, worked out once per bank.

Built once per bank and profile, so scoring an answers file is mostly dictionary look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from rcr_checklist.model.assessment import Finding, QuestionResult
from rcr_checklist.model.bank import Bank, Option, Question, Rule
from rcr_checklist.model.conditions import Condition, leaves

__all__ = [
    "SEVERITY_RANK",
    "Choice",
    "QuestionPlan",
    "RulePlan",
    "ScoringPlan",
    "choose",
    "scoring_plan",
]

SEVERITY_RANK: dict[str, int] = {"critical": 0, "major": 1, "minor": 2}
Status = Literal["answered", "na", "unanswered"]


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
    """

    fraction: float
    earned: float
    labels: list[str]
    findings: tuple[Finding, ...]
    positive: bool


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
        options: option value -> option, for choice questions; None otherwise.
        singles: option value -> what choosing that one option gives (choice questions).
        memo: (value, evidence count) -> result, for answers whose result depends on nothing
            else (single choices, unanswered, n/a); bounded by options x 51.
    """

    question: Question
    id: str
    principle: int
    scored: bool
    weight: float
    needs_evidence: bool
    show_if: Condition | None
    options: dict[str, Option] | None
    singles: dict[str, Choice] = field(default_factory=dict)
    memo: dict[tuple[Any, int], QuestionResult] = field(default_factory=dict)

    def result(
        self, status: Status, n_evidence: int, *, value: Any = None, choice: Choice | None = None
    ) -> QuestionResult:
        """The result of this question for one answer.

        Args:
            status: answered, na or unanswered.
            n_evidence: evidence items the answer cites.
            value: the answer's value (None when unanswered).
            choice: what the chosen options give (choice questions answered).

        Returns:
            The result; an n/a answer counts no points possible.
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
        )


Step = tuple[
    QuestionPlan,
    str,
    Condition | None,
    dict[str, Option] | None,
    dict[str, Choice],
    dict[tuple[Any, int], QuestionResult],
]


@dataclass(frozen=True, slots=True)
class ScoringPlan:
    """A bank compiled for one profile.

    Attributes:
        questions: the profile's questions, in asking order.
        steps: the same, as tuples ``(plan, id, show_if, options, singles, memo)`` for the
            scoring loop (unpacking a tuple is cheaper than reading attributes).
        rank: question or rule id -> position, for ordering findings (rules after questions).
        rules: the bank's rules, each with the questions it reads and the finding it raises.
    """

    questions: list[QuestionPlan]
    steps: list[Step]
    rank: dict[str, int]
    rules: list[RulePlan]


@dataclass(frozen=True, slots=True)
class RulePlan:
    """A cross-answer rule as scoring sees it.

    Attributes:
        rule: the bank rule.
        reads: ids of the questions its condition reads.
        finding: the finding it raises when its condition holds.
    """

    rule: Rule
    reads: frozenset[str]
    finding: Finding


def choose(plan: QuestionPlan, *, chosen: list[Option]) -> Choice:
    """Work out what a set of chosen options earns and raises.

    Args:
        plan: the question's plan.
        chosen: the chosen options, in the answer's order (one for single and yes/no).

    Returns:
        The choice: fraction (summed, capped at 1), points, labels and findings.
    """
    fraction = min(sum(o.score or 0.0 for o in chosen), 1.0)
    labels = [o.label for o in chosen]
    findings: list[Finding] = []
    if plan.scored:
        question = plan.question
        recommendation = question.recommendation or ""
        findings.extend(
            Finding(o.finding.severity, plan.principle, plan.id, o.finding.text, recommendation)
            for o in chosen
            if o.finding is not None
        )
        if fraction < 1 and not findings:
            findings.append(
                Finding(
                    "major" if fraction == 0 else "minor",
                    plan.principle,
                    plan.id,
                    f"{question.text} Answered: {'; '.join(labels)}.",
                    recommendation,
                    "score",
                )
            )
    return Choice(
        fraction,
        round(plan.weight * fraction, 4),
        labels,
        tuple(findings),
        plan.scored and fraction > 0,
    )


def _question_plan(bank: Bank, question: Question) -> QuestionPlan:
    scored = question.id in bank.scored_ids
    plan = QuestionPlan(
        question=question,
        id=question.id,
        principle=bank.principle_of[question.id].number,
        scored=scored,
        weight=question.weight if scored else 0.0,
        needs_evidence=scored and question.evidence == "required",
        show_if=question.show_if,
        options=bank.options_of.get(question.id),
    )
    if plan.options is not None:
        plan.singles = {
            value: choose(plan, chosen=[option]) for value, option in plan.options.items()
        }
    return plan


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
        questions = [_question_plan(bank, q) for q in bank.profile_questions(profile)]
        plan = ScoringPlan(
            questions=questions,
            steps=[(q, q.id, q.show_if, q.options, q.singles, q.memo) for q in questions],
            rank=rank,
            rules=[
                RulePlan(
                    rule=rule,
                    reads=frozenset(leaf.question for leaf, _ in leaves(rule.when)),
                    finding=Finding(
                        rule.severity,
                        rule.principle,
                        rule.id,
                        rule.text,
                        rule.recommendation,
                        "rule",
                    ),
                )
                for rule in bank.meta.rules
            ],
        )
        bank.memo[key] = plan
    assert isinstance(plan, ScoringPlan)
    return plan
