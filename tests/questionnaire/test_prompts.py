"""Asking one question: clearing a choice answer, multiline text (scripted asker, pipe input)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from helpers.flow import FakeAsker, q, run, start, write_flow_bank
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.limits import NA
from rcr_checklist.model.answers import EvidenceItem
from rcr_checklist.model.bank import Bank
from rcr_checklist.questionnaire.flow import with_answer, without_answer
from rcr_checklist.questionnaire.prompts import ask_evidence_item, ask_value
from rcr_checklist.questionnaire.protocol import Nav
from rcr_checklist.questionnaire.terminal import QuestionaryAsker

NOTES = """\
  - id: second.notes
    kind: text
    text: Anything else?
    multiline: true
"""


@pytest.fixture
def bank(tmp_path: Path) -> Bank:
    root = write_flow_bank(tmp_path / "flowbank")
    second = root / "2-second.yaml"
    second.write_text(second.read_text(encoding="utf-8") + NOTES, encoding="utf-8")
    return load_bank(root)


def test_clear_is_offered_only_for_an_answered_choice(bank: Bank) -> None:
    asker = FakeAsker([("choose", Nav.SKIP), ("choose", Nav.SKIP)])
    answered = start(bank, {"facts.device": "yes"})
    ask_value(asker, bank.by_id["facts.device"], answered.answers["facts.device"])
    ask_value(asker, bank.by_id["facts.ui"], None)
    asker.done()
    assert Nav.CLEAR in asker.keys[0]
    assert Nav.CLEAR not in asker.keys[1]


def test_clear_removes_value_and_evidence_and_keeps_the_comment(bank: Bank) -> None:
    answers = start(bank, {"facts.device": "yes", "first.marking": "marked"})
    answers = with_answer(
        bank,
        answers,
        "first.marking",
        comment="UKCA since 2024",
        evidence=[EvidenceItem(title="UKCA certificate")],
    )
    outcome, session, _, saved = run(
        bank,
        answers,
        [("choose", Nav.CLEAR), ("many", Nav.SKIP), ("choose", Nav.QUIT)],
        q("first.marking"),
    )
    assert outcome == "quit"
    assert len(saved) == 1
    cleared = session.answers.answers["first.marking"]
    assert (cleared.value, cleared.evidence, cleared.comment) == (None, [], "UKCA since 2024")
    assert list(session.answers.answers) == ["facts.device", "first.marking"]
    assert session.flow.next_unanswered(None) == q("facts.ui")


def test_clear_without_a_comment_removes_the_answer() -> None:
    root_bank = load_bank()
    answers = start(root_bank)
    qid = next(iter(root_bank.by_id))
    answers = with_answer(root_bank, answers, qid, value=NA, justification="Not a device.")
    assert qid not in without_answer(answers, qid).answers


def test_multi_clear_with_the_clear_key(bank: Bank) -> None:
    _, session, asker, _ = run(
        bank,
        start(bank, {"first.standards": ["iso13485"]}),
        [("many", Nav.CLEAR), ("choose", Nav.QUIT)],
        q("first.standards"),
    )
    assert "first.standards" not in session.answers.answers
    assert Nav.CLEAR in asker.keys[0]


def test_multiline_text_question_asks_for_several_lines(bank: Bank) -> None:
    _, session, asker, _ = run(
        bank,
        start(bank),
        [("text", "Line one\nLine two"), ("choose", Nav.QUIT)],
        q("second.notes"),
    )
    assert session.answers.answers["second.notes"].value == "Line one\nLine two"
    instruction, multiline = asker.texts[0]
    assert multiline
    assert instruction == "Esc then Enter finishes; empty leaves it unanswered"
    assert len(asker.texts) == 1  # no comment prompt after the answer


def test_questionary_multiline_text_finishes_with_esc_enter() -> None:
    with create_pipe_input() as pipe:
        pipe.send_text("Line one\rLine two  \x1b\r")
        pipe.close()
        with create_app_session(input=pipe, output=DummyOutput()):
            typed = QuestionaryAsker().text("Anything else?", multiline=True)
    assert typed == "Line one\nLine two"


def test_tick_list_refuses_an_exclusive_option_with_others(rcr_bank: Bank) -> None:
    seen: list[Any] = []

    class Recorder:
        def choose_many(
            self, message: str, choices: Any, checked: Any, validate: Any, keys: Any = ()
        ) -> Any:
            seen.append(validate)
            return ["none"]

    question = rcr_bank.by_id["standards.process_standards"]
    assert ask_value(Recorder(), question, None) == ["none"]  # type: ignore[arg-type]
    (validate,) = seen
    assert (
        validate(["iso_13485", "none"]) == "'None of these' cannot be combined with other options"
    )
    assert validate(["self_declared", "iso_13485"]) == (
        "'Self-declared conformity only, without certificates' cannot be combined with other "
        "options"
    )
    assert validate(["none"]) is None
    assert validate(["iso_13485", "ai_management"]) is None


@pytest.mark.parametrize("typed", ["2025", "2025-06", "2025-06-30"])
def test_evidence_date_as_precise_as_known(typed: str) -> None:
    # the answers file takes YYYY, YYYY-MM or YYYY-MM-DD; the questionnaire takes the same
    asker = FakeAsker([("text", "DICOM conformance statement"), ("text", ""), ("text", typed)])
    item = ask_evidence_item(asker)
    asker.done()
    assert item == EvidenceItem(title="DICOM conformance statement", ref=None, date=typed)


@pytest.mark.parametrize("typed", ["2025-13", "2025-02-30", "June 2025", "25"])
def test_evidence_date_not_a_date_is_refused_with_a_hint(typed: str) -> None:
    problems: list[str | None] = []

    class Recording(FakeAsker):
        def text(self, message: str, *args: Any, validate: Any = None, **kw: Any) -> Any:
            if validate is not None and message.startswith("Date of the document"):
                problems.append(validate(typed))
                return ""
            return super().text(message, *args, validate=validate, **kw)

    asker = Recording([("text", "Safety case"), ("text", "")])
    assert ask_evidence_item(asker) == EvidenceItem(title="Safety case", ref=None, date=None)
    assert problems == [
        "give a date as YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2026-03-01, or leave it empty"
    ]
