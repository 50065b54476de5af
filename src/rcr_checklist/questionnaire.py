"""The interactive questionnaire's logic, pure: steps, visibility, order, back, resume point.

The conversation is written against the small :class:`Asker` protocol; the one adapter that talks
to a terminal is :mod:`rcr_checklist.questionnaire_ui`, and tests drive this module with a
scripted asker. Nothing here imports questionary or prompt_toolkit.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from pydantic import ValidationError

from rcr_checklist.answers import (
    ANSWERS_FORMAT,
    NA,
    Answer,
    AnswersFile,
    Assessor,
    BankRef,
    EvidenceItem,
    Product,
)
from rcr_checklist.bank import CHOICE_KINDS, Bank, PrincipleFile, Question
from rcr_checklist.scoring import visible_questions

__all__ = [
    "ASSESSOR_FIELDS",
    "PRODUCT_FIELDS",
    "Asker",
    "Choice",
    "FieldSpec",
    "Flow",
    "Move",
    "Nav",
    "Outcome",
    "Progress",
    "Questionnaire",
    "ShowKind",
    "Validator",
    "Step",
    "FIRST_STEP",
    "ask_product_name",
    "choose_profile",
    "is_answered",
    "new_answers",
    "parse_typed",
    "resume_summary",
    "with_answer",
]

StepKind = Literal["product", "assessor", "question"]
ShowKind = Literal["header", "progress", "info", "help", "warning"]
Move = Literal["next", "back", "quit"]
Outcome = Literal["finished", "quit"]
BACK_KEY = "<"
HELP_KEY = "?"


class Nav(enum.Enum):
    """Navigation answers an :class:`Asker` can return instead of an option value."""

    BACK = "back"
    SKIP = "skip"
    HELP = "help"
    QUIT = "quit"
    NA = "n/a"
    AGAIN = "again"
    FILL = "fill"
    FINISH = "finish"


@dataclass(frozen=True)
class Choice:
    """One entry of a choice list: what is shown and what is returned when it is picked.

    Attributes:
        title: the text shown.
        value: an option value (str) or a :class:`Nav` member.
        key: a shortcut key (a digit or a lower-case letter, e.g. "b" for back), or None.
        description: a longer explanation shown while the entry is highlighted.
    """

    title: str
    value: str | Nav
    key: str | None = None
    description: str | None = None


Validator = Callable[[str], str | None]
"""Returns an error message for bad text, None when the text is acceptable."""


class Asker(Protocol):
    """What the questionnaire needs from a user interface. Ctrl-C raises KeyboardInterrupt."""

    def show(self, text: str, kind: ShowKind = "info") -> None:
        """Print ``text`` (a header, a progress line, help, a note or a warning)."""

    def choose(
        self, message: str, choices: Sequence[Choice | None], default: str | Nav | None = None
    ) -> str | Nav:
        """Return the value of one choice; None entries are separators."""

    def choose_many(
        self,
        message: str,
        choices: Sequence[Choice],
        checked: Sequence[str | Nav],
        validate: Callable[[list[str | Nav]], str | None],
    ) -> list[str | Nav]:
        """Return the values of the ticked choices, possibly none."""

    def text(
        self,
        message: str,
        default: str = "",
        instruction: str = "",
        validate: Validator | None = None,
    ) -> str:
        """Return a line of text (stripped)."""

    def confirm(self, message: str, default: bool) -> bool:
        """Return a yes/no answer."""


@dataclass(frozen=True)
class FieldSpec:
    """A product or assessor field asked before the bank's questions.

    Attributes:
        name: the attribute of :class:`Product` or :class:`Assessor`.
        prompt: the question shown.
        help: shown on request.
    """

    name: str
    prompt: str
    help: str


PRODUCT_FIELDS = (
    FieldSpec("name", "Product name", "The product's name as it appears in the labelling."),
    FieldSpec("version", "Product version", "The product or model version being assessed."),
    FieldSpec("manufacturer", "Manufacturer", "The legal manufacturer named in the labelling."),
    FieldSpec(
        "intended_purpose",
        "Intended purpose",
        "The intended purpose as written in the instructions for use: what the product does, "
        "for which patients, used by whom.",
    ),
    FieldSpec("modality", "Modality", "The imaging the product works on, e.g. 'Chest X-ray'."),
    FieldSpec("care_setting", "Care setting", "Where it is used, e.g. 'Emergency department'."),
)
ASSESSOR_FIELDS = (
    FieldSpec("name", "Your name", "The person answering, shown on the report cover."),
    FieldSpec(
        "role", "Your role", "e.g. 'Clinical safety officer' or 'Head of regulatory affairs'."
    ),
    FieldSpec("organisation", "Your organisation", "The organisation you answer for."),
    FieldSpec("date", "Date of the assessment (YYYY-MM-DD)", "Usually today."),
)
_FIELDS: dict[tuple[str, str], FieldSpec] = {
    **{("product", f.name): f for f in PRODUCT_FIELDS},
    **{("assessor", f.name): f for f in ASSESSOR_FIELDS},
}
_SECTION = {"product": "About the product", "assessor": "About you (the assessor)"}


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


class Flow:
    """What to ask, in which order, given the answers so far (an immutable snapshot).

    Visibility follows :func:`rcr_checklist.scoring.visible_questions`: the profile and every
    ``show_if``, recomputed from the answers this flow was built with.

    Args:
        bank: the bank.
        answers: the answers so far.
    """

    def __init__(self, bank: Bank, answers: AnswersFile) -> None:
        self.bank = bank
        self.answers = answers
        self.questions: list[Question] = visible_questions(bank, answers)
        fields = [Step("product", f.name) for f in PRODUCT_FIELDS]
        fields += [Step("assessor", f.name) for f in ASSESSOR_FIELDS]
        self.steps: list[Step] = fields + [Step("question", q.id) for q in self.questions]

    def rank(self, step: Step) -> int:
        """Position of a step in asking order, also for a step that is hidden now."""
        if step.kind == "question":
            return len(_FIELDS) + self.bank.order[step.key]
        return list(_FIELDS).index((step.kind, step.key))

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
            fields = [
                f.name for f in (PRODUCT_FIELDS if step.kind == "product" else ASSESSOR_FIELDS)
            ]
            return Progress(
                _SECTION[step.kind], "", "", fields.index(step.key) + 1, len(fields), step.kind
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


def _with_field(answers: AnswersFile, kind: str, name: str, value: str | None) -> AnswersFile:
    """A copy of ``answers`` with one product or assessor field set (validated)."""
    if kind == "product":
        product = Product.model_validate({**dict(answers.product), name: value})
        return answers.model_copy(update={"product": product})
    assessor = Assessor.model_validate({**dict(answers.assessor), name: value})
    return answers.model_copy(update={"assessor": assessor})


def _field_problem(answers: AnswersFile, kind: str, name: str, raw: str) -> str | None:
    """Say what is wrong with ``raw`` for a product or assessor field, or None."""
    if raw in (BACK_KEY, HELP_KEY):
        return None
    try:
        _with_field(answers, kind, name, raw or None)
    except ValidationError as exc:
        return _message(exc, name)
    return None


def _message(exc: ValidationError, name: str) -> str:
    error = exc.errors()[0]
    if error["type"] == "string_too_short" or (error["type"] == "missing"):
        return f"the {name.replace('_', ' ')} is required"
    if "date" in error["type"]:
        return "give a date as YYYY-MM-DD, e.g. 2026-03-01"
    return str(error["msg"])


def parse_typed(question: Question, raw: str) -> str | float:
    """Turn the text typed for a text, number or date question into the stored value.

    Args:
        question: a question of kind text, number or date.
        raw: the stripped text typed (not empty).

    Returns:
        The text, the number (float), the date as YYYY-MM-DD, or "n/a" where allowed.

    Raises:
        ValueError: with a message for the user.
    """
    if raw.lower() == NA and question.allow_na:
        return NA
    if question.kind == "number":
        try:
            number = float(raw.replace(",", ""))
        except ValueError:
            raise ValueError("a number is expected, e.g. 12 or 0.5") from None
        low, high = getattr(question, "minimum", None), getattr(question, "maximum", None)
        if low is not None and number < low:
            raise ValueError(f"must be at least {low:g}")
        if high is not None and number > high:
            raise ValueError(f"must be at most {high:g}")
        return number
    if question.kind == "date":
        try:
            return dt.date.fromisoformat(raw).isoformat()
        except ValueError:
            raise ValueError("give a date as YYYY-MM-DD, e.g. 2026-03-01") from None
    if len(raw) > 20_000:
        raise ValueError("at most 20,000 characters")
    return raw


def _date_problem(raw: str) -> str | None:
    if not raw:
        return None
    try:
        dt.date.fromisoformat(raw)
    except ValueError:
        return "give a date as YYYY-MM-DD, e.g. 2026-03-01, or leave it empty"
    return None


def _positive(question: Question, value: Any) -> bool:
    """Whether a choice answer earns points (option score > 0)."""
    if question.kind not in CHOICE_KINDS or value == NA or value is None:
        return False
    chosen = set(value) if isinstance(value, list) else {value}
    options = question.options  # type: ignore[union-attr]
    return sum(o.score or 0.0 for o in options if o.value in chosen) > 0


def _describe(item: EvidenceItem) -> str:
    extra = ", ".join(str(x) for x in (item.ref, item.date) if x)
    return f"{item.title} ({extra})" if extra else item.title


def resume_summary(flow: Flow) -> str:
    r"""What is already answered, for ``--resume``: a headline and one line per section.

    Args:
        flow: the flow over the loaded answers.

    Returns:
        Text such as ``"12 of 40 questions answered.\\n  Product facts: 8 of 8\\n..."``.
    """
    answered = flow.questions
    done = {q.id for q in answered if is_answered(flow.answers.answers.get(q.id))}
    lines = [f"{len(done)} of {len(answered)} questions answered."]
    for principle in flow.bank.principles:
        mine = [q.id for q in answered if flow.bank.principle_of[q.id] is principle]
        if mine:
            label = (
                principle.title
                if principle.number == 0
                else (f"{principle.number}. {principle.title}")
            )
            lines.append(f"  {label}: {sum(1 for i in mine if i in done)} of {len(mine)}")
    return "\n".join(lines)


def choose_profile(asker: Asker, bank: Bank) -> str:
    """Ask who is answering; returns the profile name (default "vendor")."""
    choices = [
        Choice(p.title, name, description=p.description or None)
        for name, p in bank.meta.profiles.items()
    ]
    picked = asker.choose("Who is answering?", choices, default="vendor")
    return picked if isinstance(picked, str) else "vendor"


def ask_product_name(asker: Asker) -> str:
    """Ask the product name (required) before any file exists.

    Args:
        asker: the user interface.

    Returns:
        The name, not empty.
    """

    def problem(raw: str) -> str | None:
        if not raw:
            return "the product name is required"
        return "at most 200 characters" if len(raw) > 200 else None

    return asker.text(PRODUCT_FIELDS[0].prompt, instruction="(required)", validate=problem)


class Questionnaire:
    """The conversation: asks step after step, saves after every accepted answer.

    Args:
        bank: the bank.
        answers: the answers so far (``self.answers`` always holds the last saved state).
        asker: the user interface.
        save: writes the answers; an ``OSError`` means nothing was written, and the step is
            asked again.
    """

    def __init__(
        self,
        bank: Bank,
        answers: AnswersFile,
        asker: Asker,
        save: Callable[[AnswersFile], None],
    ) -> None:
        self.bank = bank
        self.answers = answers
        self.asker = asker
        self._save = save
        self.group: str | None = None
        """The section whose header was shown last (a new section gets its header)."""
        self._only_unanswered = False

    @property
    def flow(self) -> Flow:
        """The flow over the current answers (visibility recomputed)."""
        return Flow(self.bank, self.answers)

    def run(self, start: Step | None) -> Outcome:
        """Ask from ``start`` to the end (None: go straight to the end).

        Args:
            start: the first step to ask.

        Returns:
            "finished" at the end, "quit" when the user chose Save and quit.

        Raises:
            KeyboardInterrupt: Ctrl-C; every accepted answer is already saved.
        """
        step = start
        while True:
            if step is None:
                step, outcome = self._at_end()
                if outcome is not None:
                    return outcome
                if step is None:  # pragma: no cover - _at_end returns a step or an outcome
                    return "finished"
            move = self.ask(step)
            flow = self.flow
            if move == "quit":
                return "quit"
            if move == "back":
                previous = flow.previous_step(step)
                if previous is None:
                    self.asker.show("This is the first question.", "warning")
                else:
                    step = previous
                continue
            step = flow.next_unanswered(step) if self._only_unanswered else flow.next_step(step)

    def _at_end(self) -> tuple[Step | None, Outcome | None]:
        """Offer to answer skipped questions; returns a step to ask or an outcome."""
        flow = self.flow
        missing = flow.unanswered()
        if not missing:
            return None, "finished"
        picked = self.asker.choose(
            f"{len(missing)} of {len(flow.questions)} questions are unanswered.",
            [
                Choice("Answer them now", Nav.FILL),
                Choice("Finish (the report will be marked as a draft)", Nav.FINISH),
                Choice("Save and quit", Nav.QUIT, "q"),
            ],
            default=Nav.FILL,
        )
        if picked is Nav.FINISH:
            return None, "finished"
        if picked is Nav.QUIT:
            return None, "quit"
        self._only_unanswered = True
        self.group = None
        return flow.next_unanswered(None), None

    def ask(self, step: Step) -> Move:
        """Ask one step, with its header and progress line, and save what is accepted.

        Args:
            step: the step (visible in the current flow).

        Returns:
            "next", "back" or "quit".
        """
        progress = self.flow.progress(step)
        if progress.group != self.group:
            self.group = progress.group
            header = progress.section + (
                f": {progress.title}"
                if progress.title != progress.section and progress.title
                else ""
            )
            self.asker.show(header, "header")
            if progress.statement:
                self.asker.show(progress.statement, "info")
        if step.kind == "question":
            self.asker.show(progress.line(), "progress")
            return self._ask_question(self.bank.by_id[step.key])
        return self._ask_field(step)

    def _commit(self, answers: AnswersFile) -> bool:
        """Save, then adopt ``answers``; on failure keep the previous state and say so."""
        try:
            self._save(answers)
        except OSError as exc:
            self.asker.show(
                f"Could not save the answers ({exc.strerror or exc}); the file still holds the "
                "previous answers. Fix the problem and answer again, or press Ctrl-C.",
                "warning",
            )
            return False
        self.answers = answers
        return True

    def _ask_field(self, step: Step) -> Move:
        spec = _FIELDS[(step.kind, step.key)]
        model = self.answers.product if step.kind == "product" else self.answers.assessor
        current = getattr(model, step.key)
        default = "" if current is None else str(current)
        if step.kind == "assessor" and step.key == "date" and current is None:
            default = dt.date.today().isoformat()
        required = step.kind == "product" and step.key == "name"
        enter = "required" if required else "Enter to keep" if default else "Enter to leave empty"
        instruction = f"({enter}; < back, ? help)"
        while True:
            raw = self.asker.text(
                spec.prompt,
                default=default,
                instruction=instruction,
                validate=lambda s: _field_problem(self.answers, step.kind, step.key, s),
            )
            if raw == BACK_KEY:
                return "back"
            if raw == HELP_KEY:
                self.asker.show(spec.help, "help")
                continue
            value = raw or None
            if value == (None if current is None else str(current)):
                return "next"
            if self._commit(_with_field(self.answers, step.kind, step.key, value)):
                return "next"

    def _nav_choices(self, question: Question) -> list[Choice | None]:
        choices: list[Choice | None] = [None]
        if question.help:
            choices.append(Choice("Show help", Nav.HELP, "h"))
        choices += [
            Choice("← Back", Nav.BACK, "b"),
            Choice("Skip for now", Nav.SKIP, "s"),
            Choice("Save and quit", Nav.QUIT, "q"),
        ]
        return choices

    def _ask_value(self, question: Question) -> str | float | list[str] | Nav:
        """Ask for the value of a question; a Nav member for navigation."""
        answer = self.answers.answers.get(question.id)
        value = answer.value if answer is not None else None
        if question.kind in ("single", "yes_no"):
            options: list[Choice | None] = [Choice(o.label, o.value) for o in question.options]
            if question.allow_na:
                options.append(Choice("Not applicable (n/a)", Nav.NA, "n"))
            default: str | Nav | None = (
                Nav.NA if value == NA else value if isinstance(value, str) else None
            )
            return self.asker.choose(
                question.text, options + self._nav_choices(question), default=default
            )
        if question.kind == "multi":
            return self._ask_multi(question, value)
        instruction = (
            "(Enter to leave unanswered; < back"
            + (", ? help" if question.help else "")
            + (", n/a if it does not apply" if question.allow_na else "")
            + ")"
        )
        unit = getattr(question, "unit", None)
        raw = self.asker.text(
            question.text + (f" ({unit})" if unit else ""),
            default=""
            if value is None or value == NA
            else f"{value:g}"
            if isinstance(value, float)
            else str(value),
            instruction=instruction,
            validate=lambda s: _typed_problem(question, s),
        )
        if raw == BACK_KEY:
            return Nav.BACK
        if raw == HELP_KEY and question.help:
            return Nav.HELP
        if not raw:
            return Nav.SKIP
        parsed = parse_typed(question, raw)
        return Nav.NA if parsed == NA else parsed

    def _ask_multi(self, question: Question, value: Any) -> list[str] | Nav:
        choices = [Choice(o.label, o.value) for o in question.options]  # type: ignore[union-attr]
        if question.allow_na:
            choices.append(Choice("Not applicable (n/a)", Nav.NA))
        checked: list[str | Nav] = (
            [Nav.NA] if value == NA else list(value) if isinstance(value, list) else []
        )
        while True:
            picked = self.asker.choose_many(question.text, choices, checked, _multi_problem)
            if Nav.NA in picked:
                return Nav.NA
            if picked:
                return [str(v) for v in picked]
            nav: list[Choice | None] = [
                Choice("Skip for now", Nav.SKIP, "s"),
                Choice("Choose again", Nav.AGAIN, "c"),
                Choice("← Back", Nav.BACK, "b"),
            ]
            if question.help:
                nav.append(Choice("Show help", Nav.HELP, "h"))
            nav.append(Choice("Save and quit", Nav.QUIT, "q"))
            move = self.asker.choose("Nothing selected. What next?", nav, default=Nav.SKIP)
            if move is not Nav.AGAIN:
                return move if isinstance(move, Nav) else Nav.AGAIN

    def _ask_question(self, question: Question) -> Move:
        while True:
            picked = self._ask_value(question)
            if picked is Nav.HELP:
                self.asker.show(question.help, "help")
                continue
            if picked is Nav.AGAIN:
                continue
            if picked is Nav.BACK:
                return "back"
            if picked is Nav.SKIP:
                return "next"
            if picked is Nav.QUIT:
                return "quit"
            if picked is Nav.NA:
                justification = self._ask_justification(question)
                if justification is None:
                    continue
                changes: dict[str, Any] = {"value": NA, "justification": justification}
            else:
                changes = {"value": picked, "justification": None}
            if not self._commit(with_answer(self.bank, self.answers, question.id, **changes)):
                continue
            if question.evidence != "none" and _positive(question, changes["value"]):
                self._ask_evidence(question)
            self._ask_comment(question)
            return "next"

    def _ask_justification(self, question: Question) -> str | None:
        if question.na_when:
            self.asker.show(f"n/a is meant for: {question.na_when}", "help")
        answer = self.answers.answers.get(question.id)
        text = self.asker.text(
            "Why does it not apply?",
            default=(answer.justification or "") if answer else "",
            instruction="(required for n/a; Enter on an empty line to choose again)",
        )
        if not text:
            self.asker.show("n/a needs a justification; choose an answer again.", "warning")
            return None
        return text

    def _ask_evidence(self, question: Question) -> None:
        examples = f": {question.evidence_examples}" if question.evidence_examples else ""
        self.asker.show(f"Evidence ({question.evidence}){examples}", "info")
        answer = self.answers.answers[question.id]
        for item in answer.evidence:
            self.asker.show(f"  - {_describe(item)}", "info")
        while True:
            have = self.answers.answers[question.id].evidence
            wanted = self.asker.confirm(
                "Add more evidence?" if have else "Add evidence (a document a reviewer can check)?",
                default=question.evidence == "required" and not have,
            )
            if not wanted:
                return
            title = self.asker.text(
                "Evidence title",
                instruction="(Enter on an empty line to stop adding)",
                validate=lambda s: "at most 500 characters" if len(s) > 500 else None,
            )
            if not title:
                return
            ref = self.asker.text(
                "Reference or URL",
                instruction="(optional)",
                validate=lambda s: "at most 2,000 characters" if len(s) > 2000 else None,
            )
            date = self.asker.text(
                "Date of the document (YYYY-MM-DD)",
                instruction="(optional)",
                validate=_date_problem,
            )
            item = EvidenceItem(title=title, ref=ref or None, date=date or None)
            self._commit(with_answer(self.bank, self.answers, question.id, evidence=[*have, item]))

    def _ask_comment(self, question: Question) -> None:
        while True:
            current = self.answers.answers[question.id].comment
            text = self.asker.text(
                "Comment",
                default=current or "",
                instruction="(optional; Enter to leave empty)",
                validate=lambda s: "at most 20,000 characters" if len(s) > 20_000 else None,
            )
            if (text or None) == current:
                return
            if self._commit(
                with_answer(self.bank, self.answers, question.id, comment=text or None)
            ):
                return


def _typed_problem(question: Question, raw: str) -> str | None:
    if raw in ("", BACK_KEY) or (raw == HELP_KEY and question.help):
        return None
    try:
        parse_typed(question, raw)
    except ValueError as exc:
        return str(exc)
    return None


def _multi_problem(picked: list[str | Nav]) -> str | None:
    if Nav.NA in picked and len(picked) > 1:
        return "n/a cannot be combined with other options"
    return None
