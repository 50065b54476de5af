"""``review`` in a real pseudo-terminal (pexpect): two verdicts, Ctrl-C, resume, sign-off."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml

from helpers.flow import write_flow_bank
from helpers.terminal import answer, spawn_cli
from rcr_checklist.files.answers_io import save_answers
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.files.review_io import load_review
from rcr_checklist.questionnaire.flow import new_answers, with_answer

pexpect = pytest.importorskip("pexpect")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.terminal,
    pytest.mark.skipif(os.name != "posix", reason="needs a pty"),
]


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    return spawn_cli("review", tmp_path, *args)


def write_answers(tmp_path: Path) -> Path:
    """Four answered questions of the flow bank (facts, marking, safety case)."""
    bank = load_bank(tmp_path / "flowbank")
    answers = new_answers(bank, "Acme CXR", "vendor")
    for qid, value in {
        "facts.device": "yes",
        "facts.ui": "no",
        "first.marking": "marked",
        "second.safety": "complete",
    }.items():
        answers = with_answer(bank, answers, qid, value=value)
    path = tmp_path / "a.yaml"
    save_answers(answers, path)
    return path


def test_two_verdicts_ctrl_c_then_resume_and_sign_off(tmp_path: Path) -> None:
    bank_dir = write_flow_bank(tmp_path / "flowbank")
    write_answers(tmp_path)
    args = ("a.yaml", "-o", "r.yaml", "--bank", str(bank_dir))
    child = spawn(tmp_path, *args)
    child.setwinsize(24, 80)
    answer(child, "Verdict on 0.1 facts.device", "1\r")  # accept
    answer(child, "Verdict on 0.2 facts.ui", "2\r")  # query, which needs a comment
    answer(child, "What do you need?", "Which screens?\r")
    child.expect_exact("Verdict on 1.1 first.marking")
    child.sendintr()
    # At 80 columns the hint is cut at words, and the command has a line of its own.
    child.expect_exact(
        f"Continue with:\r\n  rcr-checklist review a.yaml -o r.yaml --bank {bank_dir}"
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    saved = load_review(tmp_path / "r.yaml").review
    assert {k: (v.verdict, v.comment) for k, v in saved.verdicts.items()} == {
        "facts.device": ("accepted", None),
        "facts.ui": ("query", "Which screens?"),
    }
    assert saved.signoff is None
    assert not (tmp_path / ".r.yaml.lock").exists()

    child = spawn(tmp_path, *args)
    answer(child, "Verdict on 1.1 first.marking", "3\r")  # resumes at the first without one
    answer(child, "What is wrong or what is needed?", "No certificate cited\r")
    answer(child, "Verdict on 2.1 second.safety", "\x0f")  # Ctrl-O: the same comment key
    answer(child, "Comment", "Seen the safety case\r")
    answer(child, "Verdict on 2.1 second.safety", "1\r")
    answer(child, "Sign the review off now?", "y")
    answer(child, "Your name", "Dr Ada Reviewer\r")
    answer(child, "Your role", "Clinical safety officer\r")
    answer(child, "Organisation", "\r")
    answer(child, "Date", "\r")  # today
    answer(child, "Decision", "2\r")  # approved with conditions, over a rejection and a query
    child.expect_exact("The cover will say: Approved with conditions with 1 rejected answer")
    answer(child, "approve anyway?", "y")  # the explicit confirmation
    answer(child, "Why approve over them?", "Certificate seen at the site visit\r")
    answer(child, "Conditions", "Cite the UKCA certificate\r")
    child.expect_exact("Review saved to r.yaml (approved with conditions)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    final = load_review(tmp_path / "r.yaml").review.verdicts["second.safety"]
    assert (final.verdict, final.comment) == ("accepted", "Seen the safety case")

    data = yaml.safe_load((tmp_path / "r.yaml").read_text(encoding="utf-8"))
    assert list(data["verdicts"]) == [
        "facts.device",
        "facts.ui",
        "first.marking",
        "second.safety",
    ]
    assert data["verdicts"]["first.marking"] == {
        "verdict": "rejected",
        "comment": "No certificate cited",
    }
    assert data["verdicts"]["second.safety"] == {
        "verdict": "accepted",
        "comment": "Seen the safety case",
    }
    assert data["format"] == "rcr-checklist/review/v1"
    assert len(data["answers_sha256"]) == 64
    final = load_review(tmp_path / "r.yaml").review
    assert final.product.startswith("Acme CXR")
    assert final.signoff is not None
    assert final.signoff.name == "Dr Ada Reviewer"
    assert final.signoff.role == "Clinical safety officer"
    assert final.signoff.organisation is None
    assert final.signoff.decision == "approved with conditions"
    assert final.signoff.conditions == "Cite the UKCA certificate"
    assert final.signoff.reason == "Certificate seen at the site visit"
    assert abs((final.signoff.date - dt.date.today()).days) <= 1
