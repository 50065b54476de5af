"""The questionary adapter, driven through prompt_toolkit pipe input (no real terminal)."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from helpers.flow import start, write_flow_bank
from rcr_checklist.files.answers_io import load_answers, save_answers
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.limits import NA
from rcr_checklist.model.answers import AnswersFile
from rcr_checklist.model.bank import Bank
from rcr_checklist.questionnaire import terminal as terminal_module
from rcr_checklist.questionnaire.flow import Step
from rcr_checklist.questionnaire.protocol import KEY_SCHEME, Choice, Nav
from rcr_checklist.questionnaire.session import Questionnaire
from rcr_checklist.questionnaire.terminal import QuestionaryAsker, signals_as_interrupts

DOWN, UP, ENTER, CTRL_C, BACKSPACE = "\x1b[B", "\x1b[A", "\r", "\x03", "\x7f"


@contextmanager
def keys(text: str) -> Iterator[None]:
    """Run prompts inside a prompt_toolkit session whose keyboard is ``text``.

    The pipe is closed after the text, so a prompt that wants more keys raises EOFError
    instead of waiting forever.
    """
    with create_pipe_input() as pipe:
        pipe.send_text(text)
        pipe.close()
        with create_app_session(input=pipe, output=DummyOutput()):
            yield


CHOICES = [Choice("Marked", "marked", "1"), Choice("Pending", "pending", "2")]
SCHEME = [k.nav for k in KEY_SCHEME]
KEY_OF = {k.nav: chr(ord(k.name[-1]) - ord("a") + 1) for k in KEY_SCHEME}  # Ctrl-letter bytes


@pytest.mark.parametrize(
    ("typed", "default", "expected"),
    [
        ("2" + ENTER, None, "pending"),
        (DOWN + ENTER, None, "pending"),
        (ENTER, "pending", "pending"),
        *[(KEY_OF[nav], None, nav) for nav in SCHEME],
    ],
)
def test_choose(typed: str, default: str | None, expected: object) -> None:
    with keys(typed):
        got = QuestionaryAsker().choose("Is it marked?", CHOICES, default=default, keys=SCHEME)
        assert got == expected


@pytest.mark.parametrize("nav", SCHEME)
def test_every_prompt_kind_takes_every_key_of_the_scheme(nav: Nav) -> None:
    """The same key does the same thing in a menu, a tick list, a text and a yes/no prompt."""
    asker = QuestionaryAsker()
    prompts = [
        lambda: asker.choose("Q?", CHOICES, keys=SCHEME),
        lambda: asker.choose_many("Q?", CHOICES, [], lambda p: None, keys=SCHEME),
        lambda: asker.text("Q?", keys=SCHEME),
        lambda: asker.text("Q?", multiline=True, keys=SCHEME),
        lambda: asker.confirm("Q?", default=True, keys=SCHEME),
    ]
    for prompt in prompts:
        with keys("ab" + KEY_OF[nav] if nav is not Nav.NA else KEY_OF[nav]):
            assert prompt() is nav


def test_a_key_not_offered_does_nothing() -> None:
    with keys(KEY_OF[Nav.NA] + "2" + ENTER):
        assert QuestionaryAsker().choose("Q?", CHOICES, keys=[Nav.BACK]) == "pending"


def test_scheme_keys_not_offered_do_not_search_or_end_the_input() -> None:
    """Ctrl-D on an empty line used to end the session; Ctrl-S and Ctrl-R searched."""
    scheme = "".join(KEY_OF[nav] for nav in SCHEME)
    with keys(scheme + "abc" + ENTER):
        assert QuestionaryAsker().text("Evidence title") == "abc"
    with keys(scheme + "2" + ENTER):
        assert QuestionaryAsker().choose("Finish?", CHOICES) == "pending"


def test_choose_unknown_default_is_ignored() -> None:
    with keys(ENTER):
        assert QuestionaryAsker().choose("Marked?", CHOICES, default="gone") == "marked"


def test_choose_many_ticks_and_validation() -> None:
    choices = [Choice("A", "a"), Choice("B", "b"), Choice("n/a", Nav.NA)]

    def no_mix(picked: list[object]) -> str | None:
        return "n/a cannot be combined" if Nav.NA in picked and len(picked) > 1 else None

    with keys(" " + DOWN + " " + ENTER):
        assert QuestionaryAsker().choose_many("Which?", choices, [], no_mix) == ["a", "b"]
    # a + n/a is refused; untick a and n/a alone is accepted.
    typed = " " + DOWN + DOWN + " " + ENTER + UP + UP + " " + ENTER
    with keys(typed):
        assert QuestionaryAsker().choose_many("Which?", choices, [], no_mix) == [Nav.NA]
    with keys(ENTER):
        assert QuestionaryAsker().choose_many("Which?", choices, ["b"], no_mix) == ["b"]
    with keys(" " + ENTER):
        assert QuestionaryAsker().choose_many("Which?", choices, ["a"], no_mix) == []


def test_text_default_strip_and_validation() -> None:
    def digits(raw: str) -> str | None:
        return None if raw.isdigit() else "digits only"

    with keys("  hello  " + ENTER):
        assert QuestionaryAsker().text("Name") == "hello"
    with keys(KEY_OF[Nav.BACK]):
        assert QuestionaryAsker().text("Name", keys=[Nav.BACK]) is Nav.BACK
    with keys(ENTER):
        assert QuestionaryAsker().text("Version", default="2.1") == "2.1"
    with keys("x" + ENTER + BACKSPACE + "42" + ENTER):
        assert QuestionaryAsker().text("Sites", validate=digits) == "42"


@pytest.mark.parametrize(("typed", "expected"), [("n", False), ("y", True), (ENTER, True)])
def test_confirm(typed: str, expected: bool) -> None:
    with keys(typed):
        assert QuestionaryAsker().confirm("Add evidence?", default=True) is expected


def test_end_of_input_raises_eof_error() -> None:
    with keys(""), pytest.raises(EOFError):
        QuestionaryAsker().text("Name")


def test_ctrl_c_raises_keyboard_interrupt_from_every_prompt() -> None:
    asker = QuestionaryAsker()
    prompts = [
        lambda: asker.choose("Q?", CHOICES),
        lambda: asker.choose_many("Q?", [Choice("A", "a"), Choice("B", "b")], [], lambda p: None),
        lambda: asker.text("Q?"),
        lambda: asker.confirm("Q?", default=True),
    ]
    for prompt in prompts:
        with keys(CTRL_C), pytest.raises(KeyboardInterrupt):
            prompt()


@pytest.fixture
def bank(tmp_path: Path) -> Bank:
    return load_bank(write_flow_bank(tmp_path / "flowbank"))


@pytest.mark.slow
def test_questionnaire_through_questionary(bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    typed = "".join(
        [
            KEY_OF[Nav.HELP],  # facts.device: help
            KEY_OF[Nav.COMMENT],  # facts.device: comment
            "Class IIa" + ENTER,
            "1" + ENTER,  # facts.device: yes
            "1" + ENTER,  # facts.ui: yes
            "1" + ENTER,  # first.marking: marked
            ENTER,  # add evidence? (default yes)
            "UKCA certificate" + ENTER,
            "CERT-1" + ENTER,
            "2026-01-15" + ENTER,
            "n",  # more evidence? no
            KEY_OF[Nav.NA],  # first.wcag: n/a
            "Engineers only" + ENTER,
            ENTER,  # first.standards: nothing ticked -> skipped
            KEY_OF[Nav.BACK],  # second.safety: back to first.standards
            KEY_OF[Nav.QUIT],  # save and quit
        ]
    )
    answers: AnswersFile = start(bank)
    session = Questionnaire(bank, answers, QuestionaryAsker(), lambda a: save_answers(a, path))
    with keys(typed):
        assert session.run(Step("question", "facts.device")) == "quit"
    saved = load_answers(path, bank).answers.answers
    assert saved["facts.device"].value == "yes"
    assert saved["facts.device"].comment == "Class IIa"
    assert saved["first.marking"].value == "marked"
    assert [(e.title, e.ref) for e in saved["first.marking"].evidence] == [
        ("UKCA certificate", "CERT-1")
    ]
    assert (saved["first.wcag"].value, saved["first.wcag"].justification) == (
        NA,
        "Engineers only",
    )
    assert "first.standards" not in saved


def test_sigint_while_a_prompt_waits_stops_it() -> None:
    """In a session, SIGINT ends a prompt waiting for keys with KeyboardInterrupt."""
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
        with signals_as_interrupts():
            timer.start()
            with pytest.raises(KeyboardInterrupt):
                QuestionaryAsker().choose("Q?", CHOICES)
        timer.join()


def test_a_stop_signal_lost_between_prompts_stops_the_next_prompt() -> None:
    """A KeyboardInterrupt raised inside a garbage collector's callback is printed and lost
    by Python; the signal is remembered, and the next prompt raises it before reading keys."""
    with keys("2" + ENTER), signals_as_interrupts():
        terminal_module._pending.append(KeyboardInterrupt)
        with pytest.raises(KeyboardInterrupt):
            QuestionaryAsker().choose("Q?", CHOICES)
    with keys("2" + ENTER), signals_as_interrupts():  # a new session starts clean
        assert QuestionaryAsker().choose("Q?", CHOICES) == "pending"
