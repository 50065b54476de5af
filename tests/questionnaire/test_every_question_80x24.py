"""Every question of the bank in every profile, at 80x24: the question, every option label in
full and what is typed are on the screen a user sees.

The sessions run in this process: prompt_toolkit draws into a pyte screen of 80x24 and a
scripted user reads it and types (tests/helpers/screen.py). The same session in a real
pseudo-terminal is tested at 80x24 in test_assess_terminal.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from helpers.screen import Terminal, terminal
from rcr_checklist.app.assess import run_session
from rcr_checklist.files.answers_io import load_answers, save_answers
from rcr_checklist.model.answers import AnswersFile
from rcr_checklist.model.bank import CHOICE_KINDS, Bank, Question
from rcr_checklist.questionnaire.flow import Flow, Step, new_answers, with_answer
from rcr_checklist.questionnaire.prompts import earns_points
from rcr_checklist.questionnaire.session import Questionnaire
from rcr_checklist.questionnaire.terminal import QuestionaryAsker

pytestmark = pytest.mark.slow  # 3-6 s a profile

ROWS, COLUMNS = 24, 80
DOWN = "\x1b[B"
PROFILES = ("vendor", "clinician", "procurement")
TYPED = "Typed on an 80 column screen"


def _plan(question: Question, last: bool = False) -> tuple[Any, str]:
    """The value the user gives and the keys that give it (a choice, ticks or text).

    The first option, or with ``last`` the last one (which usually earns no points, so that
    no evidence is asked); every box of a tick list but the exclusive ones, or the last box.
    """
    if question.kind in ("single", "yes_no"):
        if last:
            return question.options[-1].value, f"{len(question.options)}\r"
        return question.options[0].value, "1\r"
    if question.kind == "multi":
        if last:
            return [question.options[-1].value], DOWN * (len(question.options) - 1) + " "
        picks = [o.value for o in question.options if not o.exclusive]
        return picks, "".join(" " + DOWN if o.value in picks else DOWN for o in question.options)
    if question.kind == "number":
        return 3.0, "3"
    if question.kind == "date":
        return "2026-01-01", "2026-01-01"
    return TYPED, TYPED


@dataclass
class User:
    """Reads the 80x24 screen and answers the question the flow says comes next."""

    bank: Bank
    answers: AnswersFile
    step: Step | None
    last: bool = False
    seen: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    _state: str = "question"
    _typed: str = ""

    def __call__(self, term: Terminal) -> str | None:
        try:
            return self._react(term)
        except AssertionError as exc:
            self.problems.append(f"{exc}\n{term.dump()}")
            return "\x11"  # Ctrl-Q: save and quit, so the test ends and reports

    def _react(self, term: Terminal) -> str | None:
        if self._state == "evidence":
            if not term.shows("Add evidence"):
                return None
            self._state = "question"
            self.step = Flow(self.bank, self.answers).next_unanswered(self.step)
            return "n"
        if self.step is None:
            return "n" if term.shows("Render the PDF report now") else None
        question = self.bank.by_id[self.step.key]
        if self._typed:  # the text typed is on the line being edited
            if not term.shows(self._typed):
                return None
            typed, self._typed = self._typed, ""
            return self._answered(
                question, "\x1b\r" if getattr(question, "multiline", False) else "\r", typed
            )
        if not _prompt_up(term, question):
            return None
        assert term.shows(question.text), f"{question.id}: the question is not on screen"
        for option in getattr(question, "options", []):
            assert term.shows(option.label), f"{question.id}: {option.label!r} is cut"
        self.seen.append(question.id)
        facts = self.bank.principle_of[question.id].number == 0
        value, keys = _plan(question, self.last and not facts)
        self.answers = with_answer(self.bank, self.answers, question.id, value=value)
        if question.kind in CHOICE_KINDS:
            return self._answered(question, "\r" if question.kind == "multi" else "", keys)
        self._typed = keys
        return keys

    def _answered(self, question: Question, enter: str, keys: str) -> str:
        value = self.answers.answers[question.id].value
        if question.evidence == "required" and earns_points(question, value):
            self._state = "evidence"
        else:
            self.step = Flow(self.bank, self.answers).next_unanswered(self.step)
        return keys + enter if question.kind in CHOICE_KINDS else enter


def _prompt_up(term: Terminal, question: Question) -> bool:
    """Whether the prompt of ``question`` is drawn (its first entry, or an input line)."""
    if not term.shows(question.text):
        return False
    if question.kind in CHOICE_KINDS:
        return any(line.startswith(" » ") for line in term.lines())
    return term.lines()[term.screen.cursor.y].startswith(">")


def _session(
    bank: Bank,
    answers: AnswersFile,
    edit: str | None = None,
    path: Path | None = None,
    last: bool = False,
) -> tuple[User, AnswersFile]:
    """One ``assess --resume`` (or ``--edit``) session on an 80x24 screen.

    With ``path``, the whole command (saving to the file, the closing summary); without, the
    questionnaire alone, keeping the answers in memory (saving is tested elsewhere).
    """
    step = Step("question", edit) if edit else Flow(bank, answers).resume_point()
    user = User(bank, answers, step, last)
    kept = [answers]
    with terminal(ROWS, COLUMNS) as term:
        term.user = user
        if path is not None:
            save_answers(answers, path)
            said: list[str] = []
            code = run_session(
                bank,
                path,
                True,
                None,
                QuestionaryAsker(),
                echo=lambda m="", **k: said.append(m),
                edit=edit,
            )
            assert code == 0, said
            kept.append(load_answers(path, bank).answers)
        else:
            session = Questionnaire(bank, answers, QuestionaryAsker(), kept.append)
            if edit:
                session.ask(Step("question", edit))
            else:
                session.run(step)
    assert not user.problems, user.problems[0]
    return user, kept[-1]


def _reveal(bank: Bank, answers: AnswersFile, wanted: set[str]) -> dict[tuple[str, Any], set[str]]:
    """Single answers that, changed, show questions the walk did not reach.

    Returns:
        (question id, value) -> the wanted questions that this one change makes visible.
    """
    found: dict[tuple[str, Any], set[str]] = {}
    left = set(wanted)
    for question in Flow(bank, answers).questions:
        if question.kind not in CHOICE_KINDS or not left:
            continue
        for option in question.options:
            value: Any = [option.value] if question.kind == "multi" else option.value
            changed = with_answer(bank, answers, question.id, value=value)
            shown = {q.id for q in Flow(bank, changed).questions} & left
            if shown:
                found[(question.id, option.value)] = shown
                left -= shown
    assert not left, f"no single answer shows {sorted(left)}"
    return found


@pytest.mark.parametrize("profile", PROFILES)
def test_every_question_of_the_profile_is_readable_and_editable_at_80x24(
    rcr_bank: Bank, tmp_path: Path, profile: str
) -> None:
    bank = rcr_bank
    wanted = {q.id for q in bank.questions if profile in q.profiles}
    fresh = new_answers(bank, "Screen Test", profile)
    # The clinician's walk is the whole command (saved to a file, evidence offered for every
    # answer that earns points, the closing summary); the others keep the answers in memory
    # and mostly give answers that need no evidence, to stay cheap.
    path = tmp_path / "a.yaml" if profile == "clinician" else None
    user, answers = _session(bank, fresh, path=path, last=path is None)
    if path is not None:  # what was saved is what the user chose on screen
        assert list(answers.answers) == user.seen
        for qid in user.seen:
            assert answers.answers[qid].value == _plan(bank.by_id[qid])[0], qid
    seen = set(user.seen)
    # One walk answers each fact one way; a question shown only for another answer (with
    # bank 2.0.0: 4 of the vendor's 96, e.g. the qualification rationale of a product that
    # is not a medical device) is reached by changing that one answer and asking the
    # question as `assess --edit` does.
    for (qid, value), shown in _reveal(bank, answers, wanted - seen).items():
        question = bank.by_id[qid]
        given = [value] if question.kind == "multi" else value
        changed = with_answer(bank, answers, qid, value=given)
        for target in sorted(shown, key=bank.order.__getitem__):
            edited, _ = _session(bank, changed, edit=target)
            seen.update(edited.seen)
    assert seen == wanted, f"not reached: {sorted(wanted - seen)}"
