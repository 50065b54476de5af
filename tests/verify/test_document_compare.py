"""compare_pages on made-up pages: what differs is named with its page (no rendering)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.code_points import REFUSED
from rcr_checklist.files import pdf_text
from rcr_checklist.verify.document import Printed, bidi_free, compare_pages, shows, squash

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
        "page 2: the text was changed: it should read '…0 critical 1 major Principl…' "
        "but reads '…3 critical 1 major Principl…'"
    ]


def test_footers_give_the_count_and_the_order() -> None:
    pages = _given(BODIES).pages
    removed = Printed([pages[0], pages[2], pages[3]])
    assert compare_pages(removed, _expected(BODIES)) == [
        "page 2 of 4 is missing: the report has 3 pages, but they are numbered 1 to 4"
    ]
    two = Printed([pages[0], pages[3]])
    assert compare_pages(two, _expected(BODIES)) == [
        "pages 2 and 3 of 4 are missing: the report has 2 pages, but they are numbered 1 to 4"
    ]
    last = Printed(pages[:3])
    assert compare_pages(last, _expected(BODIES)) == [
        "page 4 of 4 is missing: the report has 3 pages, but they are numbered 1 to 4"
    ]
    added = Printed([pages[0], pages[1], _given(["Other"], total=9).pages[0], *pages[2:]])
    assert compare_pages(added, _expected(BODIES)) == [
        "page 3 was added: the report has 5 pages, but they are numbered 1 to 4"
    ]
    swapped = Printed([pages[0], pages[2], pages[1], pages[3]])
    assert compare_pages(swapped, _expected(BODIES))[0] == (
        "page 2 is numbered 'Page 3 of 4': pages are out of order"
    )


def test_a_page_with_another_header_is_from_another_report() -> None:
    pages = list(_given(BODIES).pages)
    pages[2] = pages[2].replace("Scanner 1.0", "Other 2.0")
    assert compare_pages(Printed(pages), _expected(BODIES)) == [
        "page 3 comes from another report: its header or footer is not this one's"
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
        "page 3: something was added to the page: 'Meets 94.6'"
    ]


@settings(max_examples=100, deadline=None)
@given(st.text(st.characters(exclude_categories=tuple(REFUSED)), max_size=20))
def test_one_character_at_a_time_squashes_as_the_whole(text: str) -> None:
    """Positions map back to the page only if squashing per character loses nothing."""
    assert squash(text) == pdf_text.squash(text)


HEBREW = "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd"  # two words, as stored
ARABIC = "\u0645\u0631\u062d\u0628\u0627"


def _drawn(run: str) -> str:
    """A right-to-left run as a PDF holds it: reversed (drawing order, left to right)."""
    return run[::-1]


def test_right_to_left_text_reads_the_same_wherever_its_lines_break() -> None:
    words = HEBREW.split()
    one_line = f"Scan {_drawn(HEBREW)} (2) end"
    two_lines = f"Scan {_drawn(words[0])}\n{_drawn(words[1])} (2) end"
    stored = f"Scan {HEBREW} (2) end"
    assert squash(one_line) != squash(stored)
    assert bidi_free(squash(one_line)) == bidi_free(squash(stored))
    assert bidi_free(squash(two_lines)) == bidi_free(squash(stored))
    edited = stored.replace("\u05e2", "\u05d0")  # one letter changed
    assert bidi_free(squash(edited)) != bidi_free(squash(one_line))
    assert bidi_free(squash("Scan end")) == "Scanend"  # left-to-right text is untouched


def test_a_right_to_left_value_is_shown_in_drawing_order() -> None:
    cover = squash(f"SELF-ASSESSMENT\nScan 2 {_drawn(ARABIC)}\n3.2 (model CXR-T)")
    assert shows(squash(f"Scan {ARABIC} 2"), cover)
    assert shows(squash(ARABIC), cover)
    assert not shows(squash(f"Scan {ARABIC[:-1]}\u0645 2"), cover)
    assert not shows(squash("Scanner"), cover)


def test_a_right_to_left_header_and_body_verify() -> None:
    head = f"{ARABIC} 1.0 RCR AI principles self-assessment"
    bodies = [f"Cover {HEBREW} Meets 94.6", "Summary 0 critical", "Integrity"]
    n = len(bodies)
    margins = [(head if i > 1 else "") + f"{FOOT} Page {i} of {n}" for i in range(1, n + 1)]
    expected = Printed(
        [f"{b}\n{m}" for b, m in zip(bodies, margins, strict=True)], margins, [""] * n
    )
    drawn_head = f"{_drawn(ARABIC)} 1.0 RCR AI principles self-assessment"
    words = HEBREW.split()
    given_pages = [
        f"Cover {_drawn(words[0])}\n{FOOT} Page 1 of 3",  # the line breaks inside the Hebrew
        f"{_drawn(words[1])} Meets 94.6 Summary 0 critical\n{drawn_head} {FOOT} Page 2 of 3",
        f"Integrity\n{drawn_head} {FOOT} Page 3 of 3",
    ]
    assert compare_pages(Printed(given_pages), expected) == []
    changed = [given_pages[0], given_pages[1].replace("0 critical", "3 critical"), given_pages[2]]
    assert compare_pages(Printed(changed), expected)[0].startswith("page 2: the text was changed")
