"""The questionnaire's flow, pure: steps, visibility, order, back, resume point, progress.

What to ask and in which order, given the answers so far. The conversation that asks it is
:mod:`rcr_checklist.questionnaire.session`; the terminal adapter is
:mod:`rcr_checklist.questionnaire.terminal`.
Nothing here imports questionary or prompt_toolkit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from rcr_checklist.limits import NOT_DISCLOSED
from rcr_checklist.model.answers import ANSWERS_FORMAT, Answer, AnswersFile, BankRef
from rcr_checklist.model.bank import Bank, PrincipleFile, Question
from rcr_checklist.model.scoring import visible_questions
from rcr_checklist.questionnaire.fields import (
    ASSESSOR_FIELDS,
    FIELDS,
    PRODUCT_FIELDS,
    SECTIONS,
    asked_fields,
)

__all__ = [
    "FIRST_STEP",
    "Flow",
    "Progress",
    "Step",
    "StepKind",
    "is_answered",
    "new_answers",
    "resume_summary",
    "with_answer",
    "without_answer",
]

StepKind = Literal["product", "assessor", "question"]


@dataclass(frozen=True)
class Step:
    """One thing to ask: a product field, an assessor field or a bank question.

    Attributes:
        kind: "product", "assessor" or "question".
        key: the field name, or the question id.
    """

    kind: StepKind
    key: str


FIRST_STEP = Step("product", "name")


@dataclass(frozen=True)
class Progress:
    """Where a step sits, for the header and the progress line.

    Attributes:
        section: e.g. "Principle 2 of 5", "Product facts", "About the product".
        title: the principle's title ("" for product and assessor fields).
        statement: the principle's statement ("" when none).
        index: 1-based position of the step within its section.
        count: visible steps in the section.
        group: identifies the section; a new group gets a header.
    """

    section: str
    title: str
    statement: str
    index: int
    count: int
    group: str

    def line(self) -> str:
        """Return e.g. ``"Principle 2 of 5 - question 4 of 12"``."""
        return f"{self.section} - question {self.index} of {self.count}"


def is_answered(answer: Answer | None) -> bool:
    """Whether an answer holds a value (n/a counts as answered; a lone comment does not)."""
    return answer is not None and answer.value is not None and answer.value != []


def _withheld(answer: Answer | None) -> bool:
    return answer is not None and answer.value == NOT_DISCLOSED


class Flow:
    """What to ask, in which order, given the answers so far (an immutable snapshot).

    Visibility follows :func:`rcr_checklist.model.scoring.visible_questions`: the profile and every
    ``show_if``, recomputed from the answers this flow was built with.

    Args:
        bank: the bank.
        answers: the answers so far.
    """

    def __init__(self, bank: Bank, answers: AnswersFile) -> None:
        self.bank = bank
        self.answers = answers
        self.questions: list[Question] = visible_questions(bank, answers)
        fields = [Step("product", f.name) for f in asked_fields(bank, PRODUCT_FIELDS)]
        fields += [Step("assessor", f.name) for f in asked_fields(bank, ASSESSOR_FIELDS)]
        self.steps: list[Step] = fields + [Step("question", q.id) for q in self.questions]

    def rank(self, step: Step) -> int:
        """Position of a step in asking order, also for a step that is hidden now."""
        if step.kind == "question":
            return len(FIELDS) + self.bank.order[step.key]
        return list(FIELDS).index((step.kind, step.key))

    def next_step(self, current: Step | None) -> Step | None:
        """The visible step after ``current`` (the first step when None); None at the end."""
        if current is None:
            return self.steps[0]
        rank = self.rank(current)
        return next((s for s in self.steps if self.rank(s) > rank), None)

    def previous_step(self, current: Step) -> Step | None:
        """The visible step before ``current``; None at the first step."""
        rank = self.rank(current)
        earlier = [s for s in self.steps if self.rank(s) < rank]
        return earlier[-1] if earlier else None

    def unanswered(self) -> list[Question]:
        """Visible questions without an answer, in asking order."""
        return [q for q in self.questions if not is_answered(self.answers.answers.get(q.id))]

    def not_disclosed(self) -> list[Question]:
        """Visible questions answered "not disclosed" (requested from the vendor), in order.

        They count as answered for the flow (they are not asked again), but they score 0
        and are not answered; what the user is told about them says so apart.
        """
        return [q for q in self.questions if _withheld(self.answers.answers.get(q.id))]

    def next_unanswered(self, current: Step | None) -> Step | None:
        """The first unanswered visible question after ``current`` (from the start when None)."""
        rank = -1 if current is None else self.rank(current)
        for q in self.unanswered():
            step = Step("question", q.id)
            if self.rank(step) > rank:
                return step
        return None

    def resume_point(self) -> Step | None:
        """Where ``--resume`` starts: the first unanswered visible question, None if all are.

        Product and assessor fields are optional (apart from the name, which a saved file
        always has), so they are not asked again; Back reaches them.
        """
        return self.next_unanswered(None)

    def principle(self, step: Step) -> PrincipleFile | None:
        """The principle file of a question step; None for product and assessor fields."""
        return self.bank.principle_of[step.key] if step.kind == "question" else None

    def progress(self, step: Step) -> Progress:
        """Section, position and count of a step among the visible steps."""
        principle = self.principle(step)
        if principle is None:
            specs = PRODUCT_FIELDS if step.kind == "product" else ASSESSOR_FIELDS
            fields = [f.name for f in asked_fields(self.bank, specs)]
            return Progress(
                SECTIONS[step.kind], "", "", fields.index(step.key) + 1, len(fields), step.kind
            )
        mine = [q.id for q in self.questions if self.bank.principle_of[q.id] is principle]
        index = mine.index(step.key) + 1 if step.key in mine else 0
        total = sum(1 for p in self.bank.principles if p.number > 0)
        section = (
            principle.title if principle.number == 0 else f"Principle {principle.number} of {total}"
        )
        return Progress(
            section, principle.title, principle.statement, index, len(mine), principle.id
        )


def new_answers(bank: Bank, product_name: str, profile: str) -> AnswersFile:
    """A fresh answers file for ``bank`` holding only the product name and the profile.

    Args:
        bank: the bank answered.
        product_name: the product's name (1-200 characters).
        profile: "vendor", "clinician" or "procurement".

    Returns:
        The answers file.

    Raises:
        pydantic.ValidationError: an empty or too long name, or an unknown profile.
    """
    return AnswersFile.model_validate(
        {
            "format": ANSWERS_FORMAT,
            "bank": BankRef(id=bank.meta.id, version=bank.meta.version).model_dump(),
            "profile": profile,
            "product": {"name": product_name},
        }
    )


def with_answer(bank: Bank, answers: AnswersFile, question_id: str, **changes: Any) -> AnswersFile:
    """A copy of ``answers`` with one answer's fields changed; answers kept in bank order.

    Args:
        bank: the bank (for the order).
        answers: the current answers.
        question_id: the question.
        **changes: fields of :class:`Answer` to set (value, justification, evidence, comment).

    Returns:
        The new answers file.

    Raises:
        pydantic.ValidationError: a field breaks the answers model (e.g. too long).
    """
    current = answers.answers.get(question_id) or Answer()
    updated = Answer.model_validate({**dict(current), **changes})
    merged = {**answers.answers, question_id: updated}
    unknown = len(bank.order)
    ordered = dict(sorted(merged.items(), key=lambda kv: bank.order.get(kv[0], unknown)))
    return answers.model_copy(update={"answers": ordered})


def without_answer(answers: AnswersFile, question_id: str) -> AnswersFile:
    """A copy of ``answers`` with one answer cleared: no value, justification or evidence.

    A comment is kept (a lone comment does not count as an answer); an answer with nothing
    left is removed.

    Args:
        answers: the current answers.
        question_id: the question.

    Returns:
        The new answers file.
    """
    kept = {
        qid: answer if qid != question_id else Answer(comment=answer.comment)
        for qid, answer in answers.answers.items()
        if qid != question_id or answer.comment
    }
    return answers.model_copy(update={"answers": kept})


def resume_summary(flow: Flow) -> str:
    r"""What is already answered, for ``--resume``: a headline and one line per section.

    Answers "not disclosed" (requested from the vendor) are counted apart from the answered.

    Args:
        flow: the flow over the loaded answers.

    Returns:
        Text such as ``"12 of 40 questions answered.\\n  Product facts: 8 of 8\\n..."``.
    """
    visible = flow.questions
    withheld = {q.id for q in flow.not_disclosed()}
    done = {q.id for q in visible if is_answered(flow.answers.answers.get(q.id))} - withheld
    headline = f"{len(done)} of {len(visible)} questions answered"
    if withheld:
        headline += f", {len(withheld)} not disclosed (requested from the vendor)"
    lines = [headline + "."]
    for principle in flow.bank.principles:
        mine = [q.id for q in visible if flow.bank.principle_of[q.id] is principle]
        if mine:
            label = (
                principle.title
                if principle.number == 0
                else (f"{principle.number}. {principle.title}")
            )
            line = f"  {label}: {sum(1 for i in mine if i in done)} of {len(mine)}"
            asked = sum(1 for i in mine if i in withheld)
            lines.append(line + (f" ({asked} not disclosed)" if asked else ""))
    return "\n".join(lines)
