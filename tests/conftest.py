"""Shared fixtures: the bundled bank, a tiny hand-made bank, and answer builders."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.banks import write_tiny_bank
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.model.bank import Bank


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep each test file on one xdist worker unless its tests name a group themselves.

    pytest runs with ``--dist loadgroup``: a test marked ``xdist_group(NAME)`` runs on the
    worker that runs its group. Every other test is grouped by its file, as ``--dist loadfile``
    would, so module and session fixtures are built once. The example-rendering report tests
    group per example instead, which spreads the slowest work over the workers.
    """
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::", 1)[0]))


@pytest.fixture
def tiny_bank(tmp_path: Path) -> Bank:
    return load_bank(write_tiny_bank(tmp_path / "tinybank"))


@pytest.fixture(scope="session")
def rcr_bank() -> Bank:
    return load_bank()
