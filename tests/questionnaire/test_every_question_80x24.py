"""Every question of the bank, at 80x24, in one real session: the question and what is typed
are on the screen (a terminal emulator, pyte, keeps the screen the user would see)."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import pytest

from helpers.terminal import spawn_cli
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.model.answers import AnswersFile
from rcr_checklist.model.bank import Bank, Question
from rcr_checklist.questionnaire.flow import Flow, with_answer
from rcr_checklist.questionnaire.prompts import earns_points

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.terminal,
    pytest.mark.skipif(os.name != "posix", reason="needs a pty"),
]

ROWS, COLUMNS = 24, 80
DOWN = "\x1b[B"


class Screen:
    """What a user of an 80x24 terminal sees, fed from the child's output."""

    def __init__(self, child: Any) -> None:
        self.child = child
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.Stream(self.screen)

    def text(self) -> str:
        return " ".join(" ".join(self.screen.display).split())

    def cursor_line(self) -> str:
        return self.screen.display[self.screen.cursor.y]

    def wait(self, check: Any, what: str, timeout: float = 20) -> None:
        end = time.monotonic() + timeout
        while not check():
            if time.monotonic() > end:
                raise AssertionError(f"not on screen: {what}\n" + "\n".join(self.screen.display))
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.2))
            except pexpect.TIMEOUT:
                continue

    def shows(self, words: str, timeout: float = 20) -> None:
        wanted = " ".join(words.split())
        self.wait(lambda: wanted in self.text(), repr(wanted), timeout)


def _plan(question: Question) -> tuple[Any, str]:
    """The value the test answers and the keys that give it."""
    if question.kind in ("single", "yes_no"):
        return question.options[0].value, "1\r"
    if question.kind == "multi":
        picks = [o.value for o in question.options if not getattr(o, "exclusive", False)]
        keys = "".join(" " + DOWN if o.value in picks else DOWN for o in question.options)
        return picks, keys + "\r"
    if question.kind == "number":
        return 3.0, "3"
    if question.kind == "date":
        return "2026-01-01", "2026-01-01"
    return "Typed on an 80 column screen", "Typed on an 80 column screen"


def _walk(tmp_path: Path, bank: Bank, answers: AnswersFile) -> list[str]:
    """One assess session at 80x24 from the first unanswered question to the end."""
    from rcr_checklist.files.answers_io import save_answers

    tmp_path.mkdir()
    path = tmp_path / "a.yaml"
    save_answers(answers, path)
    child = spawn_cli("assess", tmp_path, "--resume", "a.yaml")
    child.setwinsize(ROWS, COLUMNS)
    screen = Screen(child)
    seen: list[str] = []
    step = Flow(bank, answers).resume_point()
    while step is not None:
        question = bank.by_id[step.key]
        seen.append(question.id)
        screen.shows(question.text)  # the whole question, wrapped, above the input line
        value, keys = _plan(question)
        if question.kind in ("single", "yes_no", "multi"):
            first = question.options[0].label
            screen.shows(first[: COLUMNS - 10])  # the first option, as far as a line shows it
            child.send(keys)
        else:
            child.send(keys)
            screen.shows(keys)  # what was typed is on the screen
            multiline = bool(getattr(question, "multiline", False))
            child.send("\x1b\r" if multiline else "\r")
        answers = with_answer(bank, answers, question.id, value=value)
        if question.evidence == "required" and earns_points(question, value):
            screen.wait(
                lambda: re.search(r"\((Y/n|y/N)\)", screen.cursor_line()) is not None,
                "the evidence question",
            )
            child.send("n")
        step = Flow(bank, answers).next_unanswered(step)
    screen.shows("Render the PDF report now")
    child.send("n")
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    assert child.exitstatus == 0
    return seen


def test_every_question_is_readable_and_editable_at_80x24(tmp_path: Path) -> None:
    bank: Bank = load_bank()
    fresh = AnswersFile.model_validate(
        {
            "format": "rcr-checklist/answers/v1",
            "bank": {"id": bank.meta.id, "version": bank.meta.version},
            "product": {"name": "Screen Test"},
        }
    )
    seen = set(_walk(tmp_path / "walk", bank, fresh))
    # One walk answers the facts one way, so questions shown only for other facts (with bank
    # 2.0.0: four of 95, e.g. the qualification rationale of a product that is not a medical
    # device) are not reached; every other question of every profile is.
    hidden = sorted({q.id for q in bank.questions} - seen)
    assert len(hidden) <= 4, f"the walk did not reach {hidden}"
