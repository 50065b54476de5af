"""Fixtures of the browser form's tests: a served answers file and a client that holds the token."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.banks import make_answers
from helpers.serve import Served
from rcr_checklist.files.answers_io import save_answers
from rcr_checklist.model.bank import Bank


@pytest.fixture
def served(tiny_bank: Bank, tmp_path: Path) -> Served:
    path = tmp_path / "answers.yaml"
    save_answers(make_answers(tiny_bank, {}), path)
    s = Served(tiny_bank, path)
    s.login()
    return s


@pytest.fixture
def fresh(tiny_bank: Bank, tmp_path: Path) -> Served:
    s = Served(tiny_bank, tmp_path / "new.yaml")
    s.login()
    return s
