"""Signals at every prompt kind, and pasted lines, in a real pseudo-terminal (pexpect)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from helpers.flow import start, write_flow_bank
from helpers.terminal import answer, spawn_cli
from rcr_checklist.files.answers_io import load_answers, save_answers
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.questionnaire.flow import Flow

pexpect = pytest.importorskip("pexpect")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.terminal,
    pytest.mark.skipif(os.name != "posix", reason="needs a pty"),
]

KIND_SETUP: dict[str, tuple[dict[str, Any], str, str]] = {
    # prompt kind: (answers already given, text on screen, keys typed before the signal)
    "select": ({}, "Is it a medical device?", ""),
    "checkbox": (
        {"facts.device": "yes", "facts.ui": "no", "first.marking": "none"},
        "Which standards?",
        "",
    ),
    "text": (
        {
            "facts.device": "yes",
            "facts.ui": "no",
            "first.marking": "none",
            "first.standards": ["none"],
            "second.safety": "complete",
        },
        "How many sites use it?",
        "12",
    ),
    "yes/no": ({"facts.device": "yes", "facts.ui": "no"}, "Is it marked?", "1\r"),
}


def _session(tmp_path: Path, given: dict[str, Any]) -> Any:
    bank_dir = write_flow_bank(tmp_path / "flowbank")
    bank = load_bank(bank_dir)
    save_answers(start(bank, given), tmp_path / "a.yaml")
    child = spawn_cli("assess", tmp_path, "--resume", "a.yaml", "--bank", str(bank_dir))
    return child, bank


@pytest.mark.parametrize("kind", list(KIND_SETUP))
def test_sigint_signal_at_every_prompt_kind_saves_and_exits_130(tmp_path: Path, kind: str) -> None:
    given, prompt, typed = KIND_SETUP[kind]
    child, bank = _session(tmp_path, given)
    answer(child, prompt, typed)
    if kind == "yes/no":
        child.expect_exact("Add evidence")
    time.sleep(0.5)  # the prompt is up and reading keys
    os.kill(child.pid, signal.SIGINT)  # a signal, as `kill -INT` or a CI runner sends it
    child.expect_exact("Resume with:\r\n  rcr-checklist assess --resume a.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    saved = load_answers(tmp_path / "a.yaml", bank).answers.answers
    expected = dict(given, **({"first.marking": "marked"} if kind == "yes/no" else {}))
    assert {k: v.value for k, v in saved.items()} == expected
    assert not (tmp_path / ".a.yaml.lock").exists()


def test_sigterm_stops_like_ctrl_c_with_exit_143(tmp_path: Path) -> None:
    child, bank = _session(tmp_path, {"facts.device": "yes"})
    child.expect_exact("Has it a user interface?")
    time.sleep(0.5)
    os.kill(child.pid, signal.SIGTERM)
    child.expect_exact("Resume with:\r\n  rcr-checklist assess --resume a.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 143
    assert load_answers(tmp_path / "a.yaml", bank).answers.answers["facts.device"].value == "yes"
    assert not (tmp_path / ".a.yaml.lock").exists()


def test_ctrl_c_while_typing_evidence_says_what_was_not_kept(tmp_path: Path) -> None:
    child, bank = _session(tmp_path, {"facts.device": "yes", "facts.ui": "no"})
    answer(child, "Is it marked?", "1\r")
    answer(child, "Add evidence", "y")
    answer(child, "Evidence title", "UKCA certificate\r")
    child.expect_exact("Reference or URL")
    child.sendintr()
    child.expect_exact("Not kept: the evidence item being typed for first.marking")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    saved = load_answers(tmp_path / "a.yaml", bank).answers.answers["first.marking"]
    assert (saved.value, saved.evidence) == ("marked", [])


def test_paste_case_lines_stay_in_the_field_and_answer_nothing_else(tmp_path: Path) -> None:
    """The paste case of issue 16 (a terminal without bracketed paste sends CR between lines)."""
    bank = load_bank()
    path = tmp_path / "r.yaml"
    path.write_text(
        "format: rcr-checklist/answers/v1\n"
        f"bank: {{id: {bank.meta.id}, version: {bank.meta.version}}}\n"
        "profile: clinician\n"
        "product: {name: TestScan}\n"
        "answers: {}\n",
        encoding="utf-8",
    )
    first = bank.by_id[Flow(bank, load_answers(path, bank).answers).questions[0].id]
    child = spawn_cli("assess", tmp_path, "--resume", "r.yaml")
    answer(child, first.text[:40], "\x0f")  # Ctrl-O: a comment on the first question
    child.expect_exact("Comment")
    time.sleep(0.3)
    child.send("Class IIa under UK MDR.\rSee DoC ref 123.\r")  # a pasted two-line comment
    child.expect_exact(first.text[:40])  # the same question again, unanswered
    time.sleep(1)
    child.send("\x11")  # Ctrl-Q: save and quit
    child.expect(pexpect.EOF)
    child.close()
    saved = load_answers(path, bank).answers.answers
    assert list(saved) == [first.id]
    assert saved[first.id].comment == "Class IIa under UK MDR.\nSee DoC ref 123."
    assert saved[first.id].value is None  # no answer the user did not give


def test_typeahead_from_an_earlier_prompt_is_discarded(tmp_path: Path) -> None:
    child, bank = _session(tmp_path, {})
    child.expect_exact("Is it a medical device?")
    time.sleep(0.5)
    child.send("1\r2\r")  # one answer, and keys meant for nothing
    child.expect_exact("Has it a user interface?")
    time.sleep(1)
    child.send("\x11")  # Ctrl-Q
    child.expect(pexpect.EOF)
    child.close()
    saved = load_answers(tmp_path / "a.yaml", bank).answers.answers
    assert {k: v.value for k, v in saved.items()} == {"facts.device": "yes"}


def test_the_start_removes_a_crashed_saves_temp_and_says_so_once(tmp_path: Path) -> None:
    bank_dir = write_flow_bank(tmp_path / "flowbank")
    save_answers(start(load_bank(bank_dir), {}), tmp_path / "a.yaml")
    stale = tmp_path / ".a.yaml.999999.k3j4h5g6.tmp"  # pid 999999 is not running
    stale.write_text("answers: {secret: 1}\n", encoding="utf-8")
    child = spawn_cli(
        "assess", tmp_path, "--resume", "a.yaml", "--bank", str(tmp_path / "flowbank")
    )
    child.expect_exact("Removed 1 temporary copy left by an interrupted save:")
    answer(child, "Is it a medical device?", "1\r")
    answer(child, "Has it a user interface?", "\x11")  # Ctrl-Q
    before = child.before
    child.expect(pexpect.EOF)
    child.close()
    assert not stale.exists()
    assert "Removed" not in before + (child.before or "")  # said once


def test_ctrl_c_in_a_tick_list_says_the_changed_ticks_were_not_kept(tmp_path: Path) -> None:
    """Ticks are kept with Enter: Ctrl-C after changing them says so, as for typed text."""
    given = {"facts.device": "yes", "facts.ui": "no", "first.marking": "none"}
    child, bank = _session(tmp_path, given)
    child.expect_exact("Which standards?")
    time.sleep(0.5)
    child.send("1")  # ticks the first option
    time.sleep(0.3)
    child.sendintr()
    child.expect_exact("Not kept: the ticks changed for first.standards but not confirmed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    saved = load_answers(tmp_path / "a.yaml", bank).answers.answers
    assert "first.standards" not in saved


def test_ctrl_c_in_a_tick_list_left_as_it_was_says_nothing_more(tmp_path: Path) -> None:
    given = {"facts.device": "yes", "facts.ui": "no", "first.marking": "none"}
    child, _ = _session(tmp_path, given)
    child.expect_exact("Which standards?")
    time.sleep(0.5)
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Not kept" not in child.before
