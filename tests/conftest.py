"""Shared fixtures: the bundled bank, a tiny hand-made bank, and answer builders."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.banks import write_tiny_bank
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.model.bank import Bank


@pytest.fixture
def tiny_bank(tmp_path: Path) -> Bank:
    return load_bank(write_tiny_bank(tmp_path / "tinybank"))


@pytest.fixture(scope="session")
def rcr_bank() -> Bank:
    return load_bank()
