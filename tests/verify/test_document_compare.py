"""compare_pages on made-up pages: what differs is named with its page (no rendering)."""

from __future__ import annotations

from rcr_checklist.verify.document import Printed, compare_pages

HEAD = "Scanner 1.0 RCR AI principles self-assessment"
FOOT = "bank 1.0 · generated 2026-01-01"


def _expected(bodies: list[str], headers: frozenset[str] = frozenset(), mark: str = "") -> Printed:
    n = len(bodies)
    margins = [(HEAD if i > 1 else "") + f"{FOOT} Page {i} of {n}" for i in range(1, n + 1)]
    pages = [f"{mark}{body}\n{margin}" for body, margin in zip(bodies, margins, strict=True)]
    return Printed(pages, margins, [mark] * n, headers)


def _given(bodies: list[str], total: int | None = None, mark: str = "") -> Printed:
    n = total or len(bodies)
    return Printed(
        [
            f"{mark}{body}\n{HEAD if i > 1 else ''} {FOOT} Page {i} of {n}"
            for i, body in enumerate(bodies, start=1)
        ]
    )


BODIES = ["Cover Meets 94.6", "Summary 0 critical 1 major", "Principle one text", "Integrity"]


def test_same_words_other_breaks_are_equal() -> None:
    """Another machine breaks lines and pages elsewhere: only the words count."""
    given = _given(
        ["Cover Meets", "94.6 Summary 0 critical", "1 major Principle one text Integrity"]
    )
    assert compare_pages(given, _expected(BODIES)) == []


def test_edited_words_name_the_page() -> None:
    given = _given(["Cover Meets 94.6", "Summary 3 critical 1 major", *BODIES[2:]])
    assert compare_pages(given, _expected(BODIES)) == [
        "page 2: expected '…0 critical 1 major Principl…' found '…3 critical 1 major Principl…'"
    ]


def test_footers_give_the_count_and_the_order() -> None:
    pages = _given(BODIES).pages
    removed = Printed([pages[0], pages[2], pages[3]])
    assert compare_pages(removed, _expected(BODIES)) == [
        "page count: 4 expected, 3 found",
        "page order: page 2 is numbered 'Page 3 of 4'",
    ]
    swapped = Printed([pages[0], pages[2], pages[1], pages[3]])
    assert compare_pages(swapped, _expected(BODIES))[0] == (
        "page order: page 2 is numbered 'Page 3 of 4'"
    )


def test_a_page_with_another_header_is_from_another_report() -> None:
    pages = list(_given(BODIES).pages)
    pages[2] = pages[2].replace("Scanner 1.0", "Other 2.0")
    assert compare_pages(Printed(pages), _expected(BODIES)) == [
        "page 3 is from another report (its running header or footer differs)"
    ]


def test_repeated_table_headers_may_fall_anywhere() -> None:
    head = "Severity Question Finding"
    expected = _expected([f"{head} row one row two", f"{head} row three", "end"], frozenset({head}))
    given = _given([f"{head} row one", f"{head} row two row three end"])
    assert compare_pages(given, expected) == []


def test_the_draft_mark_must_be_on_every_page() -> None:
    expected = _expected(BODIES, mark="DRAFT ")
    assert compare_pages(_given(BODIES, mark="DRAFT "), expected) == []
    pages = list(_given(BODIES, mark="DRAFT ").pages)
    pages[1] = pages[1].replace("DRAFT ", "", 1)
    assert compare_pages(Printed(pages), expected) == [
        "page 2: does not show 'DRAFT' as every page must"
    ]


def test_figures_are_compared_in_order() -> None:
    expected = Printed(
        _expected(BODIES).pages, _expected(BODIES).margins, figures=[[], ["0 50 100 Meets"], [], []]
    )
    same = Printed(_given(BODIES).pages, figures=[[], [], ["0 50 100 Meets"], []])
    assert compare_pages(same, expected) == []
    other = Printed(_given(BODIES).pages, figures=[[], ["0 50 100 Meets"], ["Meets 94.6"], []])
    assert compare_pages(other, expected) == [
        "page 3: draws more than the report prints: 'Meets 94.6'"
    ]
