"""Report pages: no near-empty page, the detail levels' page budgets, the decision pages."""

from __future__ import annotations

import pytest

from helpers.examples import ExampleReports, per_example
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
        if not line.startswith("Page ")
        and "RCR AI principles self-assessment" not in line
        and not line.startswith("rcr-ai-principles ")
    ][1:]  # the running product name


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", per_example())
def test_no_page_but_the_last_is_nearly_empty(example_reports: ExampleReports, name: str) -> None:
    sparse = []
    for detail, report in example_reports(name).items():
        for number, page in enumerate(report.pages[:-1], start=1):
            count = len(_lines(page))
            if count < MIN_LINES:
                sparse.append(f"{name} {detail} page {number}: {count} lines")
    assert not sparse, sparse


@pytest.mark.parametrize("name", per_example())
def test_page_budgets(example_reports: ExampleReports, name: str) -> None:
    pages = {detail: len(r.pages) for detail, r in example_reports(name).items()}
    assert pages[Detail.SUMMARY] <= 4, pages
    if name == "clinician-quickcheck":
        assert pages[Detail.STANDARD] <= 4, pages
    assert pages[Detail.SUMMARY] <= pages[Detail.STANDARD] <= pages[Detail.FULL], pages


@pytest.mark.parametrize("name", per_example())
def test_the_first_pages_decide(example_reports: ExampleReports, name: str) -> None:
    """Page 1 gives the verdict and the scores; the rest of the decision comes before detail."""
    for detail, report in example_reports(name).items():
        first = _flat(report.pages[0])
        data = embedded_json(report.pdf)
        assert data["overall"]["rating"] in first, (name, detail)
        assert "Scores by principle" in first and "Review status" in first, (name, detail)
        for p in data["principles"]:
            assert p["title"].split()[0] in first
        text = _flat(" ".join(report.pages))
        detail_starts = text.find("Principle 1:")
        before = text if detail_starts < 0 else text[:detail_starts]
        decision = ("Critical and major findings", "Open and not-disclosed items", "Top actions")
        for heading in decision:
            assert heading in before, (name, detail, heading)
        # what to act on begins on page 1 or 2, whatever follows it
        assert "Critical and major findings" in _flat(" ".join(report.pages[:2]))


@pytest.mark.parametrize("name", per_example())
def test_the_detail_level_is_recorded_for_verify(
    example_reports: ExampleReports, name: str
) -> None:
    for detail, report in example_reports(name).items():
        assert embedded_json(report.pdf)["detail"] == detail.value


@pytest.mark.parametrize("name", per_example(["fracturefinder"]))
def test_the_crosswalk_is_whole_only_in_full(example_reports: ExampleReports, name: str) -> None:
    reports = example_reports(name)
    full, standard, summary = (
        _flat(" ".join(reports[d].pages)) for d in (Detail.FULL, Detail.STANDARD, Detail.SUMMARY)
    )
    assert "Every clause and its questions" in full
    assert "Clauses behind this product's findings" in standard
    assert "DTAC view" in full and "DTAC view" in standard
    assert "framework crosswalk" not in summary
