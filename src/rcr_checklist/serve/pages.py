"""What each page of the browser form shows: sections, questions, values and progress.

Pure view models built from the bank, the answers and, after a refused submission, the form
as it was sent (so nothing typed is lost). Visibility, order and progress come from the
questionnaire's :class:`~rcr_checklist.questionnaire.flow.Flow`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rcr_checklist.limits import NA, NOT_DISCLOSED
from rcr_checklist.model.answers import Answer, AnswersFile
from rcr_checklist.model.bank import CHOICE_KINDS, Bank, PrincipleFile, Question
from rcr_checklist.questionnaire.fields import ASSESSOR_FIELDS, PRODUCT_FIELDS, FieldSpec
from rcr_checklist.questionnaire.flow import Flow, is_answered
from rcr_checklist.serve.forms import (
    FIELD_PARTS,
    NEW,
    Form,
    answer_digest,
    clean_text,
    field_digest,
)

__all__ = [
    "ABOUT",
    "FINISH",
    "FieldView",
    "QuestionView",
    "Section",
    "field_views",
    "question_views",
    "resume_section",
    "section_questions",
    "sections",
]

ABOUT = "about"
"""The section of the product and assessor fields."""
FINISH = "finish"
"""The last page: the score, what is open, and the reports."""


@dataclass(frozen=True)
class Section:
    """One page of the form.

    Attributes:
        id: "about", a principle file's id (e.g. "facts", "standards"), or "finish".
        label: e.g. "Principle 2 of 5" or "Product facts".
        title: the principle's title ("" for the first and last pages).
        answered: visible questions answered (fields filled on the "about" page).
        visible: visible questions (fields on the "about" page).
    """

    id: str
    label: str
    title: str
    answered: int
    visible: int

    @property
    def name(self) -> str:
        """The label and title, e.g. "Principle 2 of 5: Data quality"."""
        return f"{self.label}: {self.title}" if self.title else self.label


def _principles(bank: Bank, profile: str) -> list[PrincipleFile]:
    """Principle files with at least one question for the profile, facts first."""
    return [p for p in bank.principles if any(profile in q.profiles for q in p.questions)]


def sections(flow: Flow) -> list[Section]:
    """Every page of the form in order, with how much of each is answered.

    Args:
        flow: the flow over the current answers.

    Returns:
        "about", the facts and principles the profile asks, then "finish".
    """
    answers = flow.answers
    filled = sum(1 for f in PRODUCT_FIELDS if getattr(answers.product, f.name) is not None) + sum(
        1 for f in ASSESSOR_FIELDS if getattr(answers.assessor, f.name) is not None
    )
    count = len(PRODUCT_FIELDS) + len(ASSESSOR_FIELDS)
    out = [Section(ABOUT, "About", "the product and you", filled, count)]
    total = sum(1 for p in flow.bank.principles if p.number > 0)
    visible = {q.id for q in flow.questions}
    for principle in _principles(flow.bank, answers.profile):
        mine = [q.id for q in principle.questions if q.id in visible]
        done = sum(1 for qid in mine if is_answered(answers.answers.get(qid)))
        facts = principle.number == 0
        label = principle.title if facts else f"Principle {principle.number} of {total}"
        title = "" if facts else principle.title
        out.append(Section(principle.id, label, title, done, len(mine)))
    out.append(Section(FINISH, "Finish", "score and reports", 0, 0))
    return out


def section_questions(bank: Bank, answers: AnswersFile, section_id: str) -> list[Question]:
    """The questions of a principle page the profile asks (visible or not), in bank order."""
    for principle in bank.principles:
        if principle.id == section_id:
            return [q for q in principle.questions if answers.profile in q.profiles]
    return []


def resume_section(flow: Flow) -> str:
    """The page to open on arrival: the section of the first unanswered question, or finish."""
    step = flow.resume_point()
    if step is None:
        return FINISH
    return flow.bank.principle_of[step.key].id


@dataclass(frozen=True)
class FieldView:
    """A product or assessor field as shown.

    Attributes:
        key: the control name, ``product:<name>`` or ``assessor:<name>``.
        spec: the field's prompt and help.
        value: the text shown.
        was: the digest of the saved value.
        required: the product name is required.
        kind: "date" for the assessment date, else "text".
    """

    key: str
    spec: FieldSpec
    value: str
    was: str
    required: bool
    kind: str


def field_views(answers: AnswersFile, form: Form | None = None) -> list[FieldView]:
    """The "about" page's fields, with the submitted text when a submission was refused."""
    out: list[FieldView] = []
    for kind, specs in (("product", PRODUCT_FIELDS), ("assessor", ASSESSOR_FIELDS)):
        model = answers.product if kind == "product" else answers.assessor
        for spec in specs:
            key = f"{kind}:{spec.name}"
            saved = getattr(model, spec.name)
            value = "" if saved is None else str(saved)
            if form is not None and form.get(key) is not None:
                value = clean_text(form.get(key))
            out.append(
                FieldView(
                    key,
                    spec,
                    value,
                    field_digest(answers, kind, spec.name),
                    key == "product:name",
                    "date" if key == "assessor:date" else "text",
                )
            )
    return out


@dataclass
class QuestionView:
    """One question as shown on its page.

    Attributes:
        q: the question.
        dom: a prefix for element ids (the question id with dots as dashes).
        visible: whether the profile and the facts show it now.
        number: its position among the page's visible questions (0 when hidden).
        choice: a question answered by picking options.
        value: the option picked (single), the options ticked (multi) or the text typed.
        na: not applicable is chosen (multi and typed kinds).
        nd: not disclosed is chosen (multi and typed kinds).
        justification: why it does not apply.
        comment: the comment.
        evidence: the evidence items as text: dicts of title, ref and date.
        new_evidence: the empty row that adds an item (kept when refused).
        was: the digest of the saved answer.
        answered: the saved answer holds a value.
    """

    q: Question
    dom: str
    visible: bool
    number: int
    choice: bool
    value: Any
    na: bool
    nd: bool
    justification: str
    comment: str
    evidence: list[dict[str, str]]
    new_evidence: dict[str, str]
    was: str
    answered: bool
    errors: dict[str, str] = field(default_factory=dict)

    def id(self, part: str) -> str:
        """An element id for one control of this question, e.g. ``q-facts-hosting-value``."""
        return f"q-{self.dom}-{part}"


def _shown_value(question: Question, answer: Answer | None) -> tuple[Any, bool, bool]:
    value = answer.value if answer is not None else None
    if question.kind in ("single", "yes_no"):
        return ("" if value is None else str(value)), False, False
    na, nd = value == NA, value == NOT_DISCLOSED
    if na or nd:
        return ([] if question.kind == "multi" else ""), na, nd
    if question.kind == "multi":
        return (list(value) if isinstance(value, list) else []), False, False
    if isinstance(value, float):
        return f"{value:g}", False, False
    return ("" if value is None else str(value)), False, False


def _evidence(answer: Answer | None) -> list[dict[str, str]]:
    if answer is None:
        return []
    return [
        {"title": e.title, "ref": e.ref or "", "date": "" if e.date is None else str(e.date)}
        for e in answer.evidence
    ]


def question_views(
    flow: Flow,
    questions: list[Question],
    form: Form | None = None,
    errors: dict[str, str] | None = None,
    keep_all: bool = False,
) -> list[QuestionView]:
    """The questions of a page, with the submitted values of those a submission left unsaved.

    Args:
        flow: the flow over the current answers.
        questions: the page's questions (see :func:`section_questions`).
        form: the refused submission, or None.
        errors: control name -> message from the refused submission.
        keep_all: show the submitted values of every question (nothing was saved).

    Returns:
        One view per question, hidden ones included (shown by the browser when facts change).
    """
    errors = errors or {}
    visible = {q.id for q in flow.questions}
    out: list[QuestionView] = []
    number = 0
    for question in questions:
        answer = flow.answers.answers.get(question.id)
        shown = question.id in visible
        number += shown
        value, na, nd = _shown_value(question, answer)
        view = QuestionView(
            q=question,
            dom=question.id.replace(".", "-"),
            visible=shown,
            number=number if shown else 0,
            choice=question.kind in CHOICE_KINDS,
            value=value,
            na=na,
            nd=nd,
            justification=(answer.justification or "") if answer is not None else "",
            comment=(answer.comment or "") if answer is not None else "",
            evidence=_evidence(answer),
            new_evidence=dict.fromkeys(FIELD_PARTS, ""),
            was=answer_digest(answer),
            answered=is_answered(answer),
            errors={
                k.split(":", 1)[1]: v for k, v in errors.items() if k.startswith(question.id + ":")
            },
        )
        sent = form is not None and form.get(f"{question.id}:shown") is not None
        if form is not None and sent and (view.errors or keep_all):
            _from_form(view, form)
        out.append(view)
    return out


def _from_form(view: QuestionView, form: Form) -> None:
    """Show what was submitted for a question whose answer was refused, so nothing is lost."""
    qid = view.q.id
    if view.q.kind == "multi":
        view.value = [clean_text(v) for v in form.getlist(f"{qid}:value")]
    else:
        view.value = clean_text(form.get(f"{qid}:value"))
    view.na = form.get(f"{qid}:na") is not None
    view.nd = form.get(f"{qid}:nd") is not None
    view.justification = clean_text(form.get(f"{qid}:justification"))
    view.comment = clean_text(form.get(f"{qid}:comment"))
    view.evidence = [
        {part: clean_text(form.get(f"{qid}:ev{i}:{part}")) for part in FIELD_PARTS}
        for i in range(len(view.evidence))
    ]
    new = f"{qid}:ev{NEW}"
    view.new_evidence = {part: clean_text(form.get(f"{new}:{part}")) for part in FIELD_PARTS}
