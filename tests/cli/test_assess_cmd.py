"""``assess`` as a command: refusals, the lock, and whole sessions with a scripted asker."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

# The report-offer tests replace the report writer (rcr_checklist.app.report) in sys.modules;
# the terminal summary (rcr_checklist.report.tables) must stay importable, whatever ran before.
import rcr_checklist.report.tables  # noqa: E402, F401
from helpers.flow import KEEP, FakeAsker, start, with_answer, write_flow_bank
from rcr_checklist.cli import main
from rcr_checklist.cli.assess_cmd import run_session
from rcr_checklist.files.answers_io import load_answers, save_answers
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.files.lock import AnswersLocked, answers_lock, lock_path
from rcr_checklist.model.bank import Bank
from rcr_checklist.questionnaire.protocol import Nav


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    return write_flow_bank(tmp_path / "flowbank")


@pytest.fixture
def bank(bank_dir: Path) -> Bank:
    return load_bank(bank_dir)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend stdin and stdout are a terminal (the refusals come before any prompt)."""
    monkeypatch.setattr("rcr_checklist.questionnaire.terminal.is_interactive", lambda: True)


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_refuses_without_a_terminal(tmp_path: Path) -> None:
    result = invoke("assess", "-o", str(tmp_path / "a.yaml"))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: assess needs an interactive terminal; without one, fill in an answers file "
        "(see `rcr-checklist schema answers`) and run `rcr-checklist score` or "
        "`rcr-checklist report` on it"
    ]
    assert not (tmp_path / "a.yaml").exists()


@pytest.mark.usefixtures("terminal")
def test_refuses_to_overwrite_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("keep me", encoding="utf-8")
    result = invoke("assess", "-o", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}: already exists; continue it with `rcr-checklist assess --resume {path}` "
        "or choose another file with -o\n"
    )
    assert path.read_text(encoding="utf-8") == "keep me"


@pytest.mark.usefixtures("terminal")
def test_resume_needs_an_existing_file(tmp_path: Path) -> None:
    result = invoke("assess", "--resume", str(tmp_path / "none.yaml"))
    assert result.exit_code == 2
    assert "no such answers file; start a new one with `rcr-checklist assess -o FILE`" in (
        result.stderr
    )


@pytest.mark.usefixtures("terminal")
def test_resume_and_another_output_conflict(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x", encoding="utf-8")
    result = invoke("assess", "--resume", str(tmp_path / "a.yaml"), "-o", str(tmp_path / "b.yaml"))
    assert result.exit_code == 2
    assert "give either --resume FILE" in result.stderr


@pytest.mark.usefixtures("terminal")
def test_second_session_on_the_same_file_is_refused(
    tmp_path: Path, bank: Bank, bank_dir: Path
) -> None:
    path = tmp_path / "a.yaml"
    save_answers(start(bank), path)
    with answers_lock(path):
        result = invoke("assess", "--resume", str(path), "--bank", str(bank_dir))
        assert lock_path(path).read_text(encoding="ascii").strip().isdigit()
    assert result.exit_code == 2
    assert "is open in another `rcr-checklist assess` (pid " in result.stderr
    assert not lock_path(path).exists()  # released and removed


def test_lock_is_exclusive_and_a_leftover_lock_file_is_not_stale(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    lock_path(path).write_text("999999\n", encoding="ascii")  # left by a killed process
    with answers_lock(path):
        with pytest.raises(AnswersLocked, match="is open in another"), answers_lock(path):
            pass
    with answers_lock(path):  # free again
        pass


def test_new_session_interrupted_then_resumed_and_finished(
    tmp_path: Path, bank: Bank, bank_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    fields = [("text", KEEP)] * 9  # version ... assessor date (today)
    asker = FakeAsker(
        [
            ("choose", "vendor"),
            ("text", "Acme CXR"),
            *fields,
            ("choose", "yes"),  # facts.device
            ("choose", KeyboardInterrupt()),  # Ctrl-C at facts.ui
        ]
    )
    assert run_session(bank, path, False, None, asker, bank_dir) == 130
    asker.done()
    out = capsys.readouterr().out
    assert f"Resume with:\n  rcr-checklist assess --resume {path} --bank {bank_dir}" in out
    assert "(1 of 6 answered)" in " ".join(out.split())  # wrapped at words
    saved = load_answers(path, bank).answers
    assert saved.product.name == "Acme CXR"
    assert saved.profile == "vendor"
    assert saved.answers["facts.device"].value == "yes"

    asker = FakeAsker(
        [
            ("choose", "no"),  # facts.ui: resumed here
            ("choose", "none"),  # first.marking: critical finding later
            ("many", ["iso13485"]),  # evidence optional: not offered
            ("choose", "none"),  # second.safety: critical
            ("text", "3"),  # second.sites
            ("confirm", False),  # render the report? no
        ]
    )
    assert run_session(bank, path, True, None, asker, bank_dir) == 0
    asker.done()
    out = capsys.readouterr().out
    assert ("info", "1 of 6 questions answered.") in [
        (kind, text.splitlines()[0]) for kind, text in asker.shown
    ]
    assert "Overall" in out
    assert "CRITICAL [second.safety] No clinical safety case." in out
    assert f"Later:\n  rcr-checklist report {path} -o {path.with_suffix('.pdf')}" in out
    assert asker.asked[-1][1] == f"Render the PDF report now ({path.with_suffix('.pdf')})?"
    final = load_answers(path, bank).answers.answers
    assert [final[k].value for k in ("facts.ui", "second.safety", "second.sites")] == [
        "no",
        "none",
        3.0,
    ]


def test_interrupt_before_the_name_saves_nothing(
    tmp_path: Path, bank: Bank, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    asker = FakeAsker([("text", KeyboardInterrupt())])
    assert run_session(bank, path, False, "clinician", asker) == 130
    assert "nothing was saved" in capsys.readouterr().out
    assert not path.exists()


def test_save_and_quit_says_how_to_resume(
    tmp_path: Path, bank: Bank, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    save_answers(start(bank, {"facts.device": "yes"}), path)
    asker = FakeAsker([("choose", Nav.QUIT)])
    assert run_session(bank, path, True, "clinician", asker) == 0
    out = capsys.readouterr().out
    # the sentence wrapped at words, the resume command on a line of its own, so an
    # 80-column terminal never splits it (nor leaves a full stop alone on a line)
    said, command = out.rstrip("\n").rsplit("\n", 1)
    assert " ".join(said.split()).endswith(f"Saved to {path} (1 of 3 answered). Resume with:")
    assert all(len(line) < 80 for line in said.splitlines() if " " in line)
    assert command == f"  rcr-checklist assess --resume {path}"
    assert load_answers(path, bank).answers.profile == "clinician"


def _complete(bank: Bank, path: Path) -> None:
    answers = start(bank, {"facts.device": "yes", "facts.ui": "no", "second.sites": 1.0})
    for qid, value in (
        ("first.marking", "marked"),
        ("first.standards", ["iso13485"]),
        ("second.safety", "complete"),
    ):
        answers = with_answer(bank, answers, qid, value=value)
    save_answers(answers, path)


def test_report_offer_when_the_report_writer_is_missing(
    tmp_path: Path, bank: Bank, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    _complete(bank, path)
    monkeypatch.setitem(sys.modules, "rcr_checklist.app.report", None)  # import fails
    asker = FakeAsker([("confirm", True)])
    assert run_session(bank, path, True, None, asker) == 0
    assert "The report writer is not available" in capsys.readouterr().out


def test_report_offer_renders_next_to_the_answers(
    tmp_path: Path, bank: Bank, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    _complete(bank, path)
    calls: list[tuple[Path, str | None]] = []

    def write_report(bank: Bank, assessment: Any, out: Path, fmt: str | None = None) -> Path:
        calls.append((out, fmt))
        return out

    fake = types.ModuleType("rcr_checklist.app.report")
    fake.write_report = write_report  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "rcr_checklist.app.report", fake)
    asker = FakeAsker([("confirm", KEEP), ("text", KEEP)])
    assert run_session(bank, path, True, None, asker) == 0
    assert calls == [(tmp_path / "a.pdf", None)]
    assert f"Report written to {tmp_path / 'a.pdf'}" in capsys.readouterr().out


def test_edit_changes_one_answer_and_leaves(
    tmp_path: Path, bank: Bank, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    save_answers(start(bank, {"facts.device": "yes", "first.marking": "none"}), path)
    before = path.read_text(encoding="utf-8")
    asker = FakeAsker([("choose", "pending"), ("confirm", False)])
    assert run_session(bank, path, True, None, asker, edit="first.marking") == 0
    asker.done()
    assert "first.marking: saved to" in capsys.readouterr().out
    saved = load_answers(path, bank).answers.answers
    assert {k: v.value for k, v in saved.items()} == {
        "facts.device": "yes",
        "first.marking": "pending",
    }
    after = path.read_text(encoding="utf-8")
    changed = [a for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed == ["    value: none"]  # one line of the file


def test_edit_refuses_an_unknown_or_hidden_question(
    tmp_path: Path, bank: Bank, bank_dir: Path, terminal: None
) -> None:
    path = tmp_path / "a.yaml"
    save_answers(start(bank, {"facts.ui": "no"}), path)
    result = invoke(
        "assess", "--resume", str(path), "--edit", "first.markin", "--bank", str(bank_dir)
    )
    assert result.exit_code == 2
    assert "no question 'first.markin' in this bank (did you mean 'first.marking'?)" in (
        result.output
    )
    with pytest.raises(Exception, match="first.wcag is not asked for Product X"):
        run_session(bank, path, True, None, FakeAsker([]), edit="first.wcag")


def test_a_read_only_folder_at_start_names_the_answers_file(
    tmp_path: Path, bank_dir: Path, terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    import rcr_checklist.files.lock as lock

    def read_only(*args: object, **kwargs: object) -> int:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(lock.os, "open", read_only)
    result = invoke("assess", "-o", str(tmp_path / "a.yaml"), "--bank", str(bank_dir))
    assert result.exit_code == 2
    assert f"{tmp_path / 'a.yaml'}: cannot save the answers: the folder " in result.output
    assert "read-only file system; copy the file to a folder you can write to" in result.output
    assert ".lock" not in result.output
