"""Report tests: every bundled example rendered once per session, at each detail level."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.reports import EPOCH
from rcr_checklist.app.inputs import score_path
from rcr_checklist.files.resources import examples_dir
from rcr_checklist.model.bank import Bank
from rcr_checklist.report import Detail, ReportFormat, render_report

EXAMPLES = sorted(p.stem for p in examples_dir().glob("*.yaml"))


@pytest.fixture(scope="session")
def example_pdfs(rcr_bank: Bank) -> Iterator[dict[tuple[str, Detail], bytes]]:
    """``{(example, detail): PDF bytes}`` for every bundled example and detail level."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        out: dict[tuple[str, Detail], bytes] = {}
        for name in EXAMPLES:
            assessment = score_path(Path(examples_dir() / f"{name}.yaml"), rcr_bank).assessment
            for detail in Detail:
                pdf = render_report(rcr_bank, assessment, ReportFormat.PDF, detail=detail)
                assert isinstance(pdf, bytes)
                out[(name, detail)] = pdf
        yield out
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
