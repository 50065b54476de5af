"""No lost work: ``assess`` killed at random moments, and a full disk while saving.

The questionnaire saves each answer before it shows the next prompt, so every answer whose
next prompt appeared ("acknowledged") must be in the file after a SIGKILL, and the file must
always be a valid answers file.
"""

from __future__ import annotations

import os
import random
import resource
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.flow import write_flow_bank
from helpers.terminal import answer, spawn
from rcr_checklist.files.answers_io import load_answers, save_answers
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.model.answers import AnswersFile

pexpect = pytest.importorskip("pexpect")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.terminal,
    pytest.mark.skipif(os.name != "posix", reason="needs a pty"),
]

Check = Callable[[AnswersFile], bool]

# (prompt to wait for, keys to type, what the file must hold once the *next* prompt shows)
SCRIPT: list[tuple[str, str, Check | None]] = [
    ("Product name", "Acme CXR\r", lambda a: a.product.name == "Acme CXR"),
    ("Product version", "2.1\r", lambda a: a.product.version == "2.1"),
    ("Manufacturer", "Acme Ltd\r", lambda a: a.product.manufacturer == "Acme Ltd"),
    ("Intended purpose", "\r", None),
    ("Modality", "\r", None),
    ("Care setting", "\r", None),
    ("Your name", "\r", None),
    ("Your role", "\r", None),
    ("Your organisation", "\r", None),
    ("Date of the assessment", "\r", None),
    ("Is it a medical device?", "\x0f", None),  # Ctrl-O: a comment first
    ("Comment", "Class IIa\r", lambda a: a.answers["facts.device"].comment == "Class IIa"),
    ("Is it a medical device?", "1\r", lambda a: a.answers["facts.device"].value == "yes"),
    ("Has it a user interface?", "2\r", lambda a: a.answers["facts.ui"].value == "no"),
    ("Is it marked?", "", None),
]
RUNS = 15


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_an_acknowledged_answer(tmp_path: Path) -> None:
    bank_dir = write_flow_bank(tmp_path / "flowbank")
    bank = load_bank(bank_dir)
    rng = random.Random(20261129)
    checked = 0
    for run in range(RUNS):
        folder = tmp_path / f"run{run}"
        folder.mkdir()
        child = spawn(folder, "-o", "a.yaml", "--profile", "vendor", "--bank", str(bank_dir))
        stop = rng.randrange(len(SCRIPT))  # the step during which the kill comes
        acknowledged: list[Check] = []
        pending: Check | None = None
        for step, (prompt, keys, check) in enumerate(SCRIPT):
            child.expect_exact(prompt)
            if pending is not None:
                acknowledged.append(pending)  # its next prompt is on screen: it was saved
            if step == stop:
                child.send(keys)
                time.sleep(rng.uniform(0, 0.05))  # sometimes mid-save
                break
            child.send(keys)
            pending = check
        os.kill(child.pid, signal.SIGKILL)
        child.expect(pexpect.EOF)
        child.close()
        path = folder / "a.yaml"
        leftovers = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
        if not path.exists():
            assert not acknowledged, f"run {run}: file missing after step {stop}"
            continue
        saved = load_answers(path, bank).answers  # always a valid answers file
        checked += len(acknowledged)
        for i, check in enumerate(acknowledged):
            assert check(saved), f"run {run}: acknowledged answer {i} lost (killed at {stop})"
        assert len(leftovers) <= 1  # at most the temporary file of the save we interrupted
    assert checked >= RUNS  # the kills did land after acknowledged answers


def test_full_disk_while_saving_keeps_previous_file_and_says_so(tmp_path: Path) -> None:
    bank_dir = write_flow_bank(tmp_path / "flowbank")
    bank = load_bank(bank_dir)
    from rcr_checklist.questionnaire.flow import new_answers

    path = tmp_path / "a.yaml"
    save_answers(new_answers(bank, "Acme CXR", "vendor"), path)
    size = path.stat().st_size
    limit = size + 400  # room for a short answer, not for a long comment

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    # like test_assess_terminal.spawn, plus the file-size limit
    env = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1"}
    import sys

    child = pexpect.spawn(
        sys.executable,
        ["-m", "rcr_checklist", "assess", "--resume", "a.yaml", "--bank", str(bank_dir)],
        cwd=str(tmp_path),
        env=env,
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=30,
        preexec_fn=small_disk,
    )
    answer(child, "Is it a medical device?", "1\r")
    answer(child, "Has it a user interface?", "\x0f")  # Ctrl-O: a comment on it
    child.expect_exact("Comment")
    before = path.read_text(encoding="utf-8")
    assert "facts.device" in before  # the short answer fitted
    child.send("x" * 2000 + "\r")
    child.expect_exact("Could not save the answers (File too large)")
    child.expect_exact("the file still holds the previous answers")
    assert path.read_text(encoding="utf-8") == before
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    saved = load_answers(path, bank).answers
    assert saved.answers["facts.device"].value == "yes"
    assert "facts.ui" not in saved.answers
    assert not list(tmp_path.glob(".a.yaml.*.tmp"))
