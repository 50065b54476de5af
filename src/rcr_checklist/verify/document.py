"""Whole-document verification: the pages print what the embedded assessment renders to.

The assessment is rendered again (rendering is deterministic) and the printed words are
compared, not the layout: a report is verified on machines with other fonts, where lines and
pages break elsewhere. So the comparison is of

- the running header and footer of every page: page i of the N pages in the file says
  "Page i of N" under this report's own header (the page count and the page order), and
- the text of all pages in order, whitespace aside, with the table header rows that repeat
  where a table crosses a page allowed anywhere.

The first page that differs is named, with what was expected and what was found.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rcr_checklist.files.pdf_text import squash as _squash_text

__all__ = ["Printed", "compare_pages"]

_FOOTER = re.compile(r"Page(\d+)of(\d+)\Z")
_CONTEXT = 28  # characters of context either side of a difference


_CHARS: dict[str, str] = {}


def _char(c: str) -> str:
    done = _CHARS.get(c)
    if done is None:
        done = _CHARS[c] = _squash_text(c)
    return done


def squash(text: str) -> str:
    """Squash text one character at a time (so positions map back to the printed text)."""
    return "".join([_char(c) for c in text])


@dataclass(frozen=True)
class Printed:
    """The text of a document's pages, as read back or as expected.

    Attributes:
        pages: the printed text of each page, in drawing order (margins last).
        margins: for the expected document, the header and footer text of each page.
        furniture: for the expected document, the text drawn first on each page (the
            fixed-position DRAFT mark).
        table_headers: table header rows that may repeat at any page break.
        figures: per page, the text of each figure (chart) it draws, compared in order
            over the document apart from the pages' text (where a figure's text falls among
            the page's text depends on the page breaks).
    """

    pages: Sequence[str]
    margins: Sequence[str] = ()
    furniture: Sequence[str] = ()
    table_headers: frozenset[str] = frozenset()
    figures: Sequence[Sequence[str]] = ()


@dataclass
class _Stream:
    """The squashed body text of a document, with the original text for quoting."""

    text: str
    source: str
    where: list[int]  # squashed index -> index in source
    starts: list[int]  # squashed index where each page's body starts


def _stream(bodies: list[str]) -> _Stream:
    parts: list[str] = []
    source_parts: list[str] = []
    where: list[int] = []
    starts: list[int] = []
    length = offset = 0
    for body in bodies:
        starts.append(length)
        for i, c in enumerate(body):
            s = _char(c)
            if s:
                parts.append(s)
                where.extend([offset + i] * len(s))
                length += len(s)
        source_parts.append(body + " ")
        offset += len(body) + 1
    return _Stream("".join(parts), "".join(source_parts), where, starts)


def _quote(stream: _Stream, at: int) -> str:
    """The printed text around squashed index ``at``, from the start of its word."""
    if not stream.where:
        return ""
    at = min(at, len(stream.where) - 1) if at < len(stream.where) else len(stream.where) - 1
    pos = stream.where[at] if stream.text else 0
    start = max(0, pos - _CONTEXT)
    space = stream.source.rfind(" ", start, pos)
    start = space + 1 if space >= 0 else start
    text = " ".join(stream.source[start : pos + _CONTEXT].split())
    return ("…" if start > 0 else "") + text + "…"


def _page_of(stream: _Stream, at: int) -> int:
    return max(1, bisect.bisect_right(stream.starts, at))


def _common(a: str, i: int, b: str, j: int) -> int:
    """Length of the common prefix of ``a[i:]`` and ``b[j:]`` (in big steps, then small)."""
    n = 0
    step = 4096
    limit = min(len(a) - i, len(b) - j)
    while step:
        while n + step <= limit and a[i + n : i + n + step] == b[j + n : j + n + step]:
            n += step
        step //= 8
    return n


def _skip_header(text: str, at: int, headers: list[str]) -> int | None:
    """If a table header row covers position ``at`` of ``text``, return where it starts."""
    for head in headers:
        start = text.find(head, max(0, at - len(head) + 1), at + len(head))
        if 0 <= start <= at:
            return start
    return None


def _first_difference(given: _Stream, expected: _Stream, headers: list[str]) -> tuple[int, int]:
    """Walk both texts; return the indices where they part, or their lengths if they agree."""
    g = e = 0
    for _ in range(100_000):
        n = _common(given.text, g, expected.text, e)
        g, e = g + n, e + n
        if g == len(given.text) and e == len(expected.text):
            break
        start = _skip_header(given.text, g, headers)
        if start is not None:
            head = next(h for h in headers if given.text.startswith(h, start))
            e -= g - start
            g = start + len(head)
            continue
        start = _skip_header(expected.text, e, headers)
        if start is not None:
            head = next(h for h in headers if expected.text.startswith(h, start))
            g -= e - start
            e = start + len(head)
            continue
        break
    return g, e


def _expected_margins(expected: Printed) -> tuple[str, str] | None:
    """Return the squashed margins of the first and of later pages, less the page numbers.

    None when the expected pages do not end with "Page i of N" footers.
    """
    first = later = None
    for i, margin in enumerate(expected.margins, start=1):
        text = squash(margin)
        match = _FOOTER.search(text)
        if match is None or int(match.group(1)) != i:
            return None
        prefix = text[: match.start()]
        if i == 1:
            first = prefix
        elif later is None:
            later = prefix
    if first is None:
        return None
    return first, later if later is not None else first


def _margin_problems(
    pages: list[str], prefixes: tuple[str, str], furniture: tuple[str, str]
) -> tuple[list[tuple[int, str]], list[str], str | None]:
    """Check each page's header and footer; return (problems by page, bodies, count line)."""
    count = len(pages)
    problems: list[tuple[int, str]] = []
    bodies: list[str] = []
    totals: Counter[int] = Counter()
    first, shown = furniture
    for i, page in enumerate(pages, start=1):
        if first:
            if squash(page).startswith(first):
                page = _strip_start(page, len(first))
            else:
                problems.append((i, f"page {i}: does not show {shown!r} as every page must"))
        text = squash(page)
        prefix = prefixes[0] if i == 1 else prefixes[1]
        expected_end = f"{prefix}Page{i}of{count}"
        match = _FOOTER.search(text)
        if match:
            totals[int(match.group(2))] += 1
        if text.endswith(expected_end):
            bodies.append(_strip_end(page, len(expected_end)))
            continue
        if match is None:
            problems.append((i, f"page {i}: no 'Page {i} of {count}' footer"))
            bodies.append(page)
            continue
        number, total = int(match.group(1)), int(match.group(2))
        own = text[: match.start()].endswith(prefix)
        bodies.append(_strip_end(page, len(text) - match.start() + (len(prefix) if own else 0)))
        if not own:
            problems.append(
                (i, f"page {i} is from another report (its running header or footer differs)")
            )
        elif number != i:
            problems.append((i, f"page order: page {i} is numbered 'Page {number} of {total}'"))
        # else: only the total differs, which the page count line says
    count_line = None
    if totals:
        said, _ = totals.most_common(1)[0]
        if said != count:
            count_line = f"page count: {said} expected, {count} found"
    return problems, bodies, count_line


def _strip_start(page: str, squashed: int) -> str:
    """Remove the first ``squashed`` non-whitespace characters (as squash counts them)."""
    i = 0
    while squashed > 0 and i < len(page):
        squashed -= len(_char(page[i]))
        i += 1
    return page[i:]


def _strip_end(page: str, squashed: int) -> str:
    """Remove the last ``squashed`` non-whitespace characters (as squash counts them)."""
    i = len(page)
    while squashed > 0 and i > 0:
        i -= 1
        squashed -= len(_char(page[i]))
    return page[:i]


def _figure_problems(given: Printed, expected: Printed) -> list[tuple[int, str]]:
    """Compare the figures of the document in order; name the first that differs."""
    found = [(i, squash(f), f) for i, page in enumerate(given.figures, start=1) for f in page]
    wanted = [(squash(f), f) for page in expected.figures for f in page]
    found = [item for item in found if item[1]]
    wanted = [item for item in wanted if item[0]]
    for (page, text, shown), (want, want_shown) in zip(found, wanted, strict=False):
        if text != want:
            line = f"page {page}: a chart reads {_short(shown)!r}, expected {_short(want_shown)!r}"
            return [(page, line)]
    if len(found) > len(wanted):
        page, _, shown = found[len(wanted)]
        return [(page, f"page {page}: draws more than the report prints: {_short(shown)!r}")]
    if len(wanted) > len(found):
        page = found[-1][0] if found else 1
        return [(page, f"page {page}: a chart is missing: {_short(wanted[len(found)][1])!r}")]
    return []


def _short(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= 2 * _CONTEXT else words[: 2 * _CONTEXT] + "…"


def compare_pages(given: Printed, expected: Printed) -> list[str]:
    """Compare the printed pages of a report with what its assessment renders to.

    Args:
        given: the pages of the PDF being verified (text in drawing order).
        expected: the pages as rendered again here, with their margins and table headers.

    Returns:
        The differences, at most two lines: the page count (when the footers number more or
        fewer pages than the file has) and the first page that differs, with how.
    """
    prefixes = _expected_margins(expected)
    if prefixes is None:
        return ["pages: this version cannot read its own page footers (a bug: please report)"]
    drawn_first = expected.furniture[0] if expected.furniture else ""
    if any(squash(f) != squash(drawn_first) for f in expected.furniture):
        return ["pages: this version draws different marks on its pages (a bug: please report)"]
    furniture = (squash(drawn_first), " ".join(drawn_first.split()))
    problems, bodies, count_line = _margin_problems(list(given.pages), prefixes, furniture)
    expected_bodies = [
        _strip_start(_strip_end(page, len(squash(margin))), len(furniture[0]))
        for page, margin in zip(expected.pages, expected.margins, strict=True)
    ]
    g_stream, e_stream = _stream(bodies), _stream(expected_bodies)
    headers = sorted({squash(h) for h in expected.table_headers} - {""}, key=len, reverse=True)
    g, e = _first_difference(g_stream, e_stream, headers)
    if g < len(g_stream.text) or e < len(e_stream.text):
        page = _page_of(g_stream, g)
        if g >= len(g_stream.text):
            line = f"page {page}: ends early; expected {_quote(e_stream, e)!r}"
        elif e >= len(e_stream.text):
            line = f"page {page}: found more than the report prints: {_quote(g_stream, g)!r}"
        else:
            line = f"page {page}: expected {_quote(e_stream, e)!r} found {_quote(g_stream, g)!r}"
        problems.append((page, line))
    if not problems:  # a missing chart is named only when the text does not say more
        problems.extend(_figure_problems(given, expected))
    out = [count_line] if count_line else []
    if problems:
        out.append(min(problems, key=lambda item: item[0])[1])
    return out
