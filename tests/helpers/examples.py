"""The bundled examples rendered at most once per worker, at each detail level.

Rendering is the slow part of the suite, so the examples are rendered lazily and kept for the
session: a test asks for one example and gets its three reports (summary, standard, full) with
the text of every page, read once with poppler's ``pdftotext`` (about five times faster than
pypdf's ``extract_text``). Tests that use them are grouped per example (``xdist_group``), so
each example is rendered by one worker only and the examples spread over the workers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.reports import EPOCH
from rcr_checklist.app.inputs import score_path
from rcr_checklist.files.resources import examples_dir
from rcr_checklist.formats import OutputFormat, render_assessment
from rcr_checklist.model.bank import Bank
from rcr_checklist.report import Detail

EXAMPLES = sorted(p.stem for p in examples_dir().glob("*.yaml"))


def per_example(names: list[str] = EXAMPLES) -> list[object]:
    """``pytest.param`` per example name, grouped so one worker renders each example."""
    return [pytest.param(n, marks=pytest.mark.xdist_group(f"example-{n}"), id=n) for n in names]


@dataclass(frozen=True)
class Rendered:
    """One example's report at one detail level.

    Attributes:
        pdf: the PDF bytes.
        pages: the printed text of each page (``pdftotext``, reading order), page 1 first.
    """

    pdf: bytes
    pages: tuple[str, ...]


def page_texts(pdf: bytes) -> tuple[str, ...]:
    """The text of each page of ``pdf``, read with ``pdftotext`` (poppler-utils)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext (poppler-utils) is needed: apt-get install poppler-utils")
    done = subprocess.run(
        [tool, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    pages = done.stdout.decode("utf-8").split("\f")
    return tuple(pages[:-1] if pages and not pages[-1].strip() else pages)


class ExampleReports:
    """Renders an example's three reports the first time a test asks for it."""

    def __init__(self, bank: Bank) -> None:
        self._bank = bank
        self._done: dict[str, dict[Detail, Rendered]] = {}

    def __call__(self, name: str) -> dict[Detail, Rendered]:
        """``{detail: Rendered}`` for the bundled example ``name`` (a file stem)."""
        if name not in self._done:
            old = os.environ.get("SOURCE_DATE_EPOCH")
            os.environ["SOURCE_DATE_EPOCH"] = EPOCH
            try:
                path = Path(examples_dir() / f"{name}.yaml")
                assessment = score_path(path, self._bank).assessment
                out: dict[Detail, Rendered] = {}
                for detail in Detail:
                    pdf = render_assessment(self._bank, assessment, OutputFormat.PDF, detail=detail)
                    assert isinstance(pdf, bytes)
                    out[detail] = Rendered(pdf, page_texts(pdf))
                self._done[name] = out
            finally:
                if old is None:
                    os.environ.pop("SOURCE_DATE_EPOCH", None)
                else:
                    os.environ["SOURCE_DATE_EPOCH"] = old
        return self._done[name]
