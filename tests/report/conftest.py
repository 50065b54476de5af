"""Report tests: the bundled examples rendered once per worker (see helpers.examples)."""

from __future__ import annotations

import pytest

from helpers.examples import ExampleReports
from rcr_checklist.model.bank import Bank


@pytest.fixture(scope="session")
def example_reports(rcr_bank: Bank) -> ExampleReports:
    """Call with an example's name: its reports at each detail level, rendered once."""
    return ExampleReports(rcr_bank)
