"""``assess`` in a real pseudo-terminal (pexpect): Ctrl-C, resume, finish, SIGKILL."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from helpers.flow import start, write_flow_bank
from helpers.terminal import answer, spawn, spawn_cli
from rcr_checklist.files.answers_io import load_answers, save_answers
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.questionnaire.flow import new_answers

pexpect = pytest.importorskip("pexpect")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.terminal,
    pytest.mark.skipif(os.name != "posix", reason="needs a pty"),
]


def through_fields(child: pexpect.spawn) -> None:
    """Name the product and leave the other product and assessor fields as they are."""
    answer(child, "Product name", "Acme CXR\r")
    for prompt in (
        "Product version",
        "Manufacturer",
        "Intended purpose",
        "Modality",
        "Care setting",
        "Your name",
        "Your role",
        "Your organisation",
        "Date of the assessment",
    ):
        answer(child, prompt, "\r")


def test_ctrl_c_then_resume_then_finish(tmp_path: Path) -> None:
    bank_dir = write_flow_bank(tmp_path / "flowbank")
    bank = load_bank(bank_dir)
    child = spawn(tmp_path, "-o", "a.yaml", "--profile", "vendor", "--bank", str(bank_dir))
    through_fields(child)
    answer(child, "Is it a medical device?", "\x0f")  # Ctrl-O: a comment first
    answer(child, "Comment", "Class IIa\r")
    answer(child, "Is it a medical device?", "1\r")
    answer(child, "Has it a user interface?", "2\r")
    child.expect_exact("Is it marked?")
    child.sendintr()
    child.expect_exact("Resume with:\r\n  rcr-checklist assess --resume a.yaml --bank")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    saved = load_answers(tmp_path / "a.yaml", bank).answers
    assert saved.product.name == "Acme CXR"
    assert saved.answers["facts.device"].value == "yes"
    assert saved.answers["facts.device"].comment == "Class IIa"
    assert saved.answers["facts.ui"].value == "no"
    assert not (tmp_path / ".a.yaml.lock").exists()

    child = spawn(tmp_path, "--resume", "a.yaml", "--bank", str(bank_dir))
    child.expect_exact("2 of 6 questions answered.")
    answer(child, "Is it marked?", "1\r")  # marked: evidence is required
    answer(child, "Add evidence", "y")
    answer(child, "Evidence title", "UKCA certificate\r")
    answer(child, "Reference or URL", "CERT-1\r")
    answer(child, "Date of the document", "2026-01-15\r")
    answer(child, "Add more evidence?", "n")
    answer(child, "Which standards?", " \r")  # ISO 13485 (evidence optional: not offered)
    answer(child, "Is there a safety case?", "2\r")  # none: a critical finding
    answer(child, "How many sites use it?", "4\r")
    child.expect_exact("Overall")
    child.expect_exact("No clinical safety case.")
    answer(child, "Render the PDF report now", "n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    final = load_answers(tmp_path / "a.yaml", bank).answers.answers
    assert final["facts.device"].comment == "Class IIa"
    assert final["first.marking"].value == "marked"
    assert [e.title for e in final["first.marking"].evidence] == ["UKCA certificate"]
    assert final["first.standards"].value == ["iso13485"]
    assert final["second.safety"].value == "none"
    assert final["second.sites"].value == 4.0


def test_numbers_tick_a_tick_list_in_a_real_80x24_terminal(tmp_path: Path) -> None:
    bank_dir = write_flow_bank(tmp_path / "flowbank")
    bank = load_bank(bank_dir)
    given = {"facts.device": "yes", "facts.ui": "no", "first.marking": "pending"}
    save_answers(start(bank, given), tmp_path / "a.yaml")
    args = ("--resume", "a.yaml", "--bank", str(bank_dir))
    child = spawn_cli("assess", tmp_path, *args, size=(24, 80))
    child.expect_exact("(a number or Space ticks, Enter confirms)")
    child.expect_exact("1) ISO 13485")  # numbered as a menu's entries are
    answer(child, "3) None of these", "2")  # ticks IEC 62304
    child.send("1")  # ticks ISO 13485
    child.send("2")  # unticks IEC 62304
    child.send("2")  # and ticks it again
    child.send("\r")
    child.expect_exact("> ISO 13485; IEC 62304")
    child.expect_exact("Is there a safety case?")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    saved = load_answers(tmp_path / "a.yaml", bank).answers.answers
    assert saved["first.standards"].value == ["iso13485", "iec62304"]


def test_sigkill_right_after_an_answer_keeps_it(tmp_path: Path) -> None:
    bank_dir = write_flow_bank(tmp_path / "flowbank")
    bank = load_bank(bank_dir)
    child = spawn(tmp_path, "-o", "a.yaml", "--profile", "clinician", "--bank", str(bank_dir))
    through_fields(child)
    answer(child, "Is it a medical device?", "2\r")
    child.expect_exact("Is it marked?")  # the answer is accepted and saved before this prompt
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL
    text = (tmp_path / "a.yaml").read_text(encoding="utf-8")
    saved = load_answers(tmp_path / "a.yaml", bank).answers
    assert saved.answers["facts.device"].value == "no"
    assert "facts.device" in text
    assert not list(tmp_path.glob(".a.yaml.*.tmp"))  # no half-written temporary file left
    # The killed session's lock does not block the next one.
    child = spawn(tmp_path, "--resume", "a.yaml", "--bank", str(bank_dir))
    child.expect_exact("1 of 3 questions answered.")
    child.expect_exact("Is it marked?")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_long_labels_wrap_in_a_real_80x24_terminal(tmp_path: Path) -> None:
    """The width comes from the pseudo-terminal: labels wrap under themselves, whole."""
    pyte = pytest.importorskip("pyte")
    bank = load_bank()
    save_answers(new_answers(bank, "Narrow", "vendor"), tmp_path / "a.yaml")
    child = spawn_cli(
        "assess", tmp_path, "--edit", "facts.medical_device", "--resume", "a.yaml", size=(24, 80)
    )
    screen = pyte.Screen(80, 24)
    stream = pyte.Stream(screen)
    child.expect_exact("Not settled")
    stream.feed(child.before + child.after)
    lines = [line.rstrip() for line in screen.display]
    assert "   3) Not a medical device: the manufacturer has recorded a qualification" in lines
    assert "      decision" in lines
    child.send("3\r")
    child.expect_exact("facts.medical_device: saved to a.yaml.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (
        load_answers(tmp_path / "a.yaml", bank).answers.answers["facts.medical_device"].value
        == "no"
    )
