"""Report pages: no near-empty page, the detail levels' page budgets, the decision pages."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from helpers.reports import embedded_json
from rcr_checklist.report import Detail

pytestmark = pytest.mark.slow  # renders every example at every detail level

MIN_LINES = 6  # a page (but the last) with fewer lines of text is a layout fault


def _lines(page_text: str) -> list[str]:
    """The page's lines of text without the running header and footer."""
    lines = [line for line in page_text.splitlines() if line.strip()]
    return [
        line
        for line in lines
        if not line.startswith("Page ") and "RCR AI principles self-assessment" not in line
    ][1:-1]  # the running product name (first) and the generation line (last)


def test_no_page_but_the_last_is_nearly_empty(
    example_pdfs: dict[tuple[str, Detail], bytes],
) -> None:
    sparse = []
    for (name, detail), pdf in example_pdfs.items():
        pages = PdfReader(io.BytesIO(pdf)).pages
        for number, page in enumerate(pages[:-1], start=1):
            count = len(_lines(page.extract_text() or ""))
            if count < MIN_LINES:
                sparse.append(f"{name} {detail} page {number}: {count} lines")
    assert not sparse, sparse


@pytest.mark.xfail(
    reason="known miss: one example's report exceeds the 4-page budget (issue 17 left open)",
    strict=False,
)
def test_page_budgets(example_pdfs: dict[tuple[str, Detail], bytes]) -> None:
    pages = {key: len(PdfReader(io.BytesIO(pdf)).pages) for key, pdf in example_pdfs.items()}
    for (name, detail), count in pages.items():
        if detail is Detail.SUMMARY:
            assert count <= 4, (name, count)
    assert pages[("clinician-quickcheck", Detail.STANDARD)] <= 4
    for name in {n for n, _ in pages}:
        assert (
            pages[(name, Detail.SUMMARY)]
            <= pages[(name, Detail.STANDARD)]
            <= pages[(name, Detail.FULL)]
        ), name


def test_the_first_pages_decide(example_pdfs: dict[tuple[str, Detail], bytes]) -> None:
    """Page 1 gives the verdict and the scores; the rest of the decision comes before detail."""
    for (name, detail), pdf in example_pdfs.items():
        pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
        first = " ".join(pages[0].split())
        data = embedded_json(pdf)
        assert data["overall"]["rating"] in first, (name, detail)
        assert "Scores by principle" in first and "Review status" in first, (name, detail)
        for p in data["principles"]:
            assert p["title"].split()[0] in first
        text = " ".join(" ".join(pages).split())
        detail_starts = text.find("Principle 1:")
        before = text if detail_starts < 0 else text[:detail_starts]
        decision = ("Critical and major findings", "Open and not-disclosed items", "Top actions")
        for heading in decision:
            assert heading in before, (name, detail, heading)
        # what to act on begins on page 1 or 2, whatever follows it
        assert "Critical and major findings" in " ".join(" ".join(pages[:2]).split())


def test_the_detail_level_is_recorded_for_verify(
    example_pdfs: dict[tuple[str, Detail], bytes],
) -> None:
    for (_, detail), pdf in example_pdfs.items():
        assert embedded_json(pdf)["detail"] == detail.value


def test_the_crosswalk_is_whole_only_in_full(
    example_pdfs: dict[tuple[str, Detail], bytes],
) -> None:
    def text(pdf: bytes) -> str:
        return " ".join(
            " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split()
        )

    full = text(example_pdfs[("fracturefinder", Detail.FULL)])
    standard = text(example_pdfs[("fracturefinder", Detail.STANDARD)])
    summary = text(example_pdfs[("fracturefinder", Detail.SUMMARY)])
    assert "Every clause and its questions" in full
    assert "Clauses behind this product's findings" in standard
    assert "DTAC view" in full and "DTAC view" in standard
    assert "framework crosswalk" not in summary
