"""The questionnaire's conversation: asks step after step and saves after every accepted answer.

Written against the small :class:`rcr_checklist.questionnaire.protocol.Asker` protocol; the
flow it follows is :class:`rcr_checklist.questionnaire.flow.Flow`, and tests drive it with a
scripted asker. Nothing here imports questionary or prompt_toolkit.

Kept whole (about 340 lines): one conversation state machine whose steps share the answers, the
flow and the answer being typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from rcr_checklist.limits import MAX_TEXT, NA, NOT_DISCLOSED
from rcr_checklist.model.answers import AnswersFile
from rcr_checklist.model.bank import Bank, Question
from rcr_checklist.questionnaire.fields import (
    FIELDS,
    PRODUCT_FIELDS,
    field_problem,
    with_field,
)
from rcr_checklist.questionnaire.flow import Flow, Step, with_answer, without_answer
from rcr_checklist.questionnaire.prompts import (
    ask_evidence_item,
    ask_justification,
    ask_value,
    describe,
    earns_points,
)
from rcr_checklist.questionnaire.protocol import UNCONFIRMED_TICKS, Asker, Choice, Nav

__all__ = ["Move", "Outcome", "Questionnaire", "ask_product_name", "choose_profile"]

Move = Literal["next", "back", "quit"]
Outcome = Literal["finished", "quit"]


def choose_profile(asker: Asker, bank: Bank) -> str:
    """Ask who is answering; returns the profile name (default "vendor")."""
    choices = [
        Choice(p.title, name, description=p.description or None)
        for name, p in bank.meta.profiles.items()
    ]
    picked = asker.choose("Who is answering?", choices, default="vendor")
    if picked is Nav.QUIT:
        raise KeyboardInterrupt
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

    while True:
        name = asker.text(
            PRODUCT_FIELDS[0].prompt, instruction="required", validate=problem, keys=[Nav.QUIT]
        )
        if name is Nav.QUIT:
            raise KeyboardInterrupt
        if isinstance(name, str) and name:
            return name


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
        save: Callable[[AnswersFile], object],
    ) -> None:
        self.bank = bank
        self.answers = answers
        self.asker = asker
        self._save = save
        self.group: str | None = None
        """The section whose header was shown last (a new section gets its header)."""
        self._only_unanswered = False
        self.pending: str | None = None
        """What is being typed and not yet saved (for the message when Ctrl-C stops), or None."""
        self.removed_temps: list[str] = []
        """Stale temporary files that saves removed (each reported once)."""

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
        withheld = len(flow.not_disclosed())
        asked = f"; {withheld} not disclosed (requested from the vendor)" if withheld else ""
        picked = self.asker.choose(
            f"{len(missing)} of {len(flow.questions)} questions are unanswered{asked}.",
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
            removed = self._save(answers)
        except OSError as exc:
            self.asker.show(
                f"Could not save the answers ({exc.strerror or exc}); the file still holds the "
                "previous answers. Fix the problem and answer again, or press Ctrl-C.",
                "warning",
            )
            return False
        self.answers = answers
        self.pending = None
        if isinstance(removed, list) and removed:
            names = ", ".join(str(p) for p in removed)
            self.asker.show(f"Removed stale temporary copies left by a crashed save: {names}")
        return True

    def _ask_field(self, step: Step) -> Move:
        spec = FIELDS[(step.kind, step.key)]
        model = self.answers.product if step.kind == "product" else self.answers.assessor
        current = getattr(model, step.key)
        default = "" if current is None else str(current)
        if step.kind == "assessor" and step.key == "date" and current is None:
            default = dt.date.today().isoformat()
        required = step.kind == "product" and step.key == "name"
        instruction = "required" if required else "Enter keeps it" if default else "optional"
        while True:
            raw = self.asker.text(
                spec.prompt,
                default=default,
                instruction=instruction,
                validate=lambda s: field_problem(self.answers, step.kind, step.key, s),
                keys=[Nav.HELP, Nav.BACK, Nav.SKIP, Nav.QUIT],
            )
            if raw is Nav.BACK:
                return "back"
            if raw is Nav.HELP:
                self.asker.show(spec.help, "help")
                continue
            if raw is Nav.QUIT:
                return "quit"
            if isinstance(raw, Nav):
                return "next"
            value = raw or None
            if value == (None if current is None else str(current)):
                return "next"
            self.pending = f"the {spec.prompt.lower()} being typed"
            if self._commit(with_field(self.answers, step.kind, step.key, value)):
                return "next"

    def _ask_question(self, question: Question) -> Move:
        while True:
            self.pending = None
            try:
                picked = ask_value(self.asker, question, self.answers.answers.get(question.id))
            except KeyboardInterrupt as stop:
                if stop.args == (UNCONFIRMED_TICKS,):
                    self.pending = f"the ticks changed for {question.id} but not confirmed"
                raise
            if picked is Nav.HELP:
                self.asker.show(question.help, "help")
                continue
            if picked is Nav.AGAIN:
                continue
            if picked is Nav.COMMENT:
                self._ask_comment(question)
                continue
            if picked is Nav.BACK:
                return "back"
            if picked is Nav.SKIP:
                return "next"
            if picked is Nav.QUIT:
                return "quit"
            if picked is Nav.CLEAR:
                if self._commit(without_answer(self.answers, question.id)):
                    return "next"
                continue
            if picked is Nav.NA:
                if not question.allow_na:
                    self.asker.show("This question does not allow n/a.", "warning")
                    continue
                self.pending = f"the n/a justification of {question.id}"
                justification = ask_justification(
                    self.asker, question, self.answers.answers.get(question.id)
                )
                if justification is None:
                    continue
                changes: dict[str, Any] = {"value": NA, "justification": justification}
            elif picked is Nav.NOT_DISCLOSED:
                changes = {"value": NOT_DISCLOSED, "justification": None}
            elif isinstance(picked, Nav):  # pragma: no cover - every Nav is handled above
                continue
            else:
                changes = {"value": picked, "justification": None}
            if not self._commit(self._with_facts(question, changes)):
                continue
            if question.evidence == "required" and earns_points(question, changes["value"]):
                self._ask_evidence(question)
            return "next"

    def _with_facts(self, question: Question, changes: dict[str, Any]) -> AnswersFile:
        """The answers with ``changes``, and the product field this question fills (if any)."""
        answers = with_answer(self.bank, self.answers, question.id, **changes)
        for spec in PRODUCT_FIELDS:
            if question.id not in spec.asked_by:
                continue
            value = changes["value"]
            if isinstance(value, list):
                labels = {o.value: o.label for o in getattr(question, "options", [])}
                text: str | None = ", ".join(str(labels.get(v, v)) for v in value)[:200]
            elif isinstance(value, str) and value not in (NA, NOT_DISCLOSED):
                text = value
            else:
                text = None
            answers = with_field(answers, "product", spec.name, text)
        return answers

    def _ask_evidence(self, question: Question) -> None:
        examples = f": {question.evidence_examples}" if question.evidence_examples else ""
        self.asker.show(f"This answer needs evidence{examples}", "info")
        for given in self.answers.answers[question.id].evidence:
            self.asker.show(f"  - {describe(given)}", "info")
        while True:
            have = self.answers.answers[question.id].evidence
            wanted = self.asker.confirm(
                "Add more evidence?" if have else "Add evidence (a document a reviewer can check)?",
                default=not have,
            )
            if wanted is not True:
                return
            self.pending = f"the evidence item being typed for {question.id}"
            item = ask_evidence_item(self.asker)
            if item is None:
                self.pending = None
                return
            self._commit(with_answer(self.bank, self.answers, question.id, evidence=[*have, item]))

    def _ask_comment(self, question: Question) -> None:
        while True:
            answer = self.answers.answers.get(question.id)
            current = answer.comment if answer is not None else None
            self.pending = f"the comment being typed for {question.id}"
            text = self.asker.text(
                "Comment",
                default=current or "",
                instruction="for the reader of the report; empty removes it",
                validate=lambda s: "at most 20,000 characters" if len(s) > MAX_TEXT else None,
            )
            if isinstance(text, Nav) or (text or None) == current:
                self.pending = None
                return
            if self._commit(
                with_answer(self.bank, self.answers, question.id, comment=text or None)
            ):
                return
