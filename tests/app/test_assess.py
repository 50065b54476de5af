"""``assess``'s closing words: unanswered and not-disclosed answers are told apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.flow import FakeAsker, start, write_flow_bank
from rcr_checklist.app.assess import run_session
from rcr_checklist.files.answers_io import save_answers
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.limits import NOT_DISCLOSED
from rcr_checklist.questionnaire.flow import Flow, resume_summary
from rcr_checklist.questionnaire.protocol import Nav


def test_not_disclosed_answers_are_listed_apart_from_the_unanswered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # the closing words wrap at words to the terminal
    bank = load_bank(write_flow_bank(tmp_path / "flowbank"))
    answers = start(
        bank,
        {
            "facts.device": "yes",
            "facts.ui": "no",
            "first.marking": NOT_DISCLOSED,
            "second.safety": NOT_DISCLOSED,  # could raise a critical finding
        },
    )
    path = tmp_path / "a.yaml"
    save_answers(answers, path)
    asker = FakeAsker(
        [
            ("many", Nav.SKIP),  # first.standards
            ("choose", Nav.SKIP),  # second.safety, not disclosed: kept
            ("text", Nav.SKIP),  # second.sites
            ("choose", Nav.FINISH),
            ("confirm", False),
        ]
    )
    said: list[str] = []
    assert run_session(bank, path, True, None, asker, echo=lambda m="", **k: said.append(m)) == 0
    shown = [text for _, text in asker.shown]
    assert shown[1] == (
        "2 of 6 questions answered, 2 not disclosed (requested from the vendor).\n"
        "  Product facts: 2 of 2\n"
        "  1. First principle: 0 of 2 (1 not disclosed)\n"
        "  2. Second principle: 0 of 2 (1 not disclosed)"
    )
    assert asker.asked[-2][1] == (
        "2 of 6 questions are unanswered; 2 not disclosed (requested from the vendor)."
    )
    assert said[-3:-1] == [
        "2 questions unanswered, so any report is a draft; answer them with:\n"
        f"  rcr-checklist assess --resume {path}",
        "2 answers not disclosed (requested from the vendor), listed above apart from\n"
        "the unanswered; they score 0 until the vendor answers them.",
    ]
    summary = capsys.readouterr().out
    assert "Not disclosed (requested from the vendor): first.marking, second.safety" in summary
    assert "could raise a critical finding: second.safety" in summary
    assert "Unanswered, could raise a critical finding" not in summary  # none is unanswered


def test_the_resume_summary_without_not_disclosed_answers_is_unchanged(tmp_path: Path) -> None:
    bank = load_bank(write_flow_bank(tmp_path / "flowbank"))
    flow = Flow(bank, start(bank, {"facts.device": "yes", "facts.ui": "no"}))
    assert resume_summary(flow).splitlines()[0] == "2 of 6 questions answered."
