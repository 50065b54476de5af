"""Whole-document verification: the pages print what the embedded assessment renders to.

The assessment is rendered again (rendering is deterministic) and the printed words are
compared, not the layout: a report is verified on machines with other fonts, where lines and
pages break elsewhere. So the comparison is of

- the running header and footer of every page: page i of the N pages in the file says
  "Page i of N" under this report's own header (the page count and the page order), and
- the text of all pages in order, whitespace aside, with the table header rows that repeat
  where a table crosses a page allowed anywhere.

The first page that differs is named, with what was expected and what was found.

Kept whole (about 470 lines): one comparison of the printed words, the margins and the figures;
its helpers serve only it.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rcr_checklist.files.pdf_text import squash as _squash_text

__all__ = ["Printed", "bidi_free", "compare_pages", "shows", "squash"]

_FOOTER = re.compile(r"Page(\d+)of(\d+)\Z")
_CONTEXT = 28  # characters of context either side of a difference


_CHARS: dict[str, str] = {}


def _char(c: str) -> str:
    done = _CHARS.get(c)
    if done is None:
        done = _CHARS[c] = _squash_text(c)
    return done


def _ordered(squashed: str) -> str:
    """Put the accents on each letter in canonical order (the length stays the same).

    Squashed characters are decomposed one at a time, so several accents on one letter come
    in the order they were drawn; canonical ordering makes that order irrelevant.
    """
    return squashed if squashed.isascii() else unicodedata.normalize("NFD", squashed)


def squash(text: str) -> str:
    """Squash text one character at a time (so positions map back to the printed text)."""
    return _ordered("".join([_char(c) for c in text]))


# Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo, ... and their
# presentation forms); a run holding one is drawn reversed, in the order it reads on a line.
_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def _run(squashed: str) -> str:
    if not _RTL.search(squashed):
        return squashed
    # mirrored characters ("(" drawn as ")" in right-to-left text) count as one
    return "".join(sorted("(" if unicodedata.mirrored(c) else c for c in squashed))


def bidi_free(squashed: str) -> str:
    """Make squashed text independent of where right-to-left text breaks into lines.

    A PDF holds text in drawing order, and the bidirectional algorithm reverses right-to-left
    text one line at a time, so the order of its characters depends on the line breaks (and
    differs from the order in the answers). Left-to-right letters never move, so each run of
    characters between two of them that holds right-to-left text is sorted (mirrored
    brackets counted as one); the length stays the same.

    Args:
        squashed: text as :func:`squash` returns it.

    Returns:
        The same characters, with each such run in a fixed order.
    """
    if not _RTL.search(squashed):
        return squashed
    out: list[str] = []
    start = 0
    for i, c in enumerate(squashed):
        if unicodedata.bidirectional(c) == "L":
            if start < i:
                out.append(_run(squashed[start:i]))
            out.append(c)
            start = i + 1
    out.append(_run(squashed[start:]))
    return "".join(out)


def shows(value: str, printed: str) -> bool:
    """Say whether squashed printed text shows a value (right-to-left text in any order).

    Args:
        value: the squashed value (a product name, a reviewer).
        printed: the squashed text of a page, in drawing order.

    Returns:
        True when ``value`` is a substring of ``printed``, or when some span of ``printed``
        of the same length holds the same characters and reads the same once
        :func:`bidi_free` (a line's right-to-left runs are reversed where it is drawn).
    """
    if value in printed:
        return True
    if not _RTL.search(value):
        return False
    want = bidi_free(value)
    size = len(value)
    need = Counter(value)
    window = Counter(printed[:size])
    for start in range(len(printed) - size + 1):
        if start:
            gone, came = printed[start - 1], printed[start + size - 1]
            window[gone] -= 1
            window[came] += 1
        if window == need and bidi_free(printed[start : start + size]) == want:
            return True
    return False


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


_SPACE = re.compile(r"[\t\n\r ]+")
_OTHER_ASCII = re.compile(r"[^\t\n\r\x20-\x7e]")


def _squashed_page(body: str) -> str:
    if _OTHER_ASCII.search(body) is None:  # printable ASCII: squashing only drops spaces
        return _SPACE.sub("", body)
    return "".join([_char(c) for c in body])


@dataclass
class _Stream:
    """The squashed body text of a document, with the original text for quoting.

    Which printed character each squashed one comes from is worked out only to quote a
    difference (a valid report needs none).
    """

    text: str
    bodies: list[str]
    starts: list[int]  # squashed index where each page's body starts

    @functools.cached_property
    def source(self) -> str:
        return "".join(body + " " for body in self.bodies)

    @functools.cached_property
    def where(self) -> list[int]:
        """Squashed index -> index in :attr:`source`."""
        where: list[int] = []
        offset = 0
        for body in self.bodies:
            for i, c in enumerate(body):
                where.extend([offset + i] * len(_char(c)))
            offset += len(body) + 1
        return where


def _stream(bodies: list[str]) -> _Stream:
    parts = [_squashed_page(body) for body in bodies]
    starts = list(itertools.accumulate((len(part) for part in parts[:-1]), initial=0))
    return _Stream(bidi_free(_ordered("".join(parts))), bodies, starts[: len(parts)])


def _quote(stream: _Stream, at: int) -> str:
    """The printed text around squashed index ``at``, from the start of its word."""
    where = stream.where
    if not where:
        return ""
    pos = where[min(at, len(where) - 1)]
    source = stream.source
    start = max(0, pos - _CONTEXT)
    space = source.rfind(" ", start, pos)
    start = space + 1 if space >= 0 else start
    text = " ".join(source[start : pos + _CONTEXT].split())
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


@dataclass
class _Margins:
    """What the running headers and footers of the given pages say."""

    problems: list[tuple[int, str]]  # (page, line), by page
    bodies: list[str]  # each page's text without its margins
    numbers: list[int | None]  # each page's own "Page i of N" number (None: not this report's)
    said: int | None  # the page count the footers give (most of them)


def _margin_problems(
    pages: list[str], prefixes: tuple[str, str], furniture: tuple[str, str]
) -> _Margins:
    """Check each page's header and footer; keep what they say for the page count."""
    count = len(pages)
    problems: list[tuple[int, str]] = []
    bodies: list[str] = []
    numbers: list[int | None] = []
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
        if _ends(text, expected_end):
            bodies.append(_strip_end(page, len(expected_end)))
            numbers.append(i)
            continue
        if match is None:
            problems.append((i, f"page {i}: has no 'Page {i} of {count}' footer"))
            bodies.append(page)
            numbers.append(None)
            continue
        number, total = int(match.group(1)), int(match.group(2))
        own = _ends(text[: match.start()], prefix)
        bodies.append(_strip_end(page, len(text) - match.start() + (len(prefix) if own else 0)))
        numbers.append(number if own else None)
        if not own:
            problems.append(
                (i, f"page {i} comes from another report: its header or footer is not this one's")
            )
        elif number != i:
            problems.append(
                (i, f"page {i} is numbered 'Page {number} of {total}': pages are out of order")
            )
        # else: only the total differs, which the page count line says
    said = totals.most_common(1)[0][0] if totals else None
    return _Margins(problems, bodies, numbers, said)


def _pages(numbers: list[int]) -> str:
    shown = [str(n) for n in numbers[:5]]
    more = len(numbers) - len(shown)
    if more:
        return ", ".join(shown) + f" and {more} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _count_problem(margins: _Margins, count: int) -> tuple[int, str] | None:
    """Say which pages are missing or added, when the footers number another count."""
    said = margins.said
    if said is None or said == count:
        return None
    numbered = f"the report has {count} pages, but they are numbered 1 to {said}"
    if count < said:
        own = {n for n in margins.numbers if n is not None}
        missing = [n for n in range(1, said + 1) if n not in own]
        if missing:
            first = missing[0]
            verb = "is" if len(missing) == 1 else "are"
            word = "page" if len(missing) == 1 else "pages"
            return first, f"{word} {_pages(missing)} of {said} {verb} missing: {numbered}"
        return said, f"pages are missing: {numbered}"
    added = [i for i, n in enumerate(margins.numbers, start=1) if n is None]
    first = added[0] if added else said + 1
    word = "page" if len(added) <= 1 else "pages"
    which = _pages(added) if added else f"{said + 1}"
    return first, f"{word} {which} {'was' if len(added) <= 1 else 'were'} added: {numbered}"


def _ends(text: str, end: str) -> bool:
    """``text.endswith(end)``, with the right-to-left runs of the end in any drawn order."""
    if text.endswith(end):
        return True
    return bool(end) and bool(_RTL.search(end)) and bidi_free(text[-len(end) :]) == bidi_free(end)


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
            line = (
                f"page {page}: a chart was changed: it should read {_short(want_shown)!r} "
                f"but reads {_short(shown)!r}"
            )
            return [(page, line)]
    if len(found) > len(wanted):
        page, _, shown = found[len(wanted)]
        return [(page, f"page {page}: something was added to the page: {_short(shown)!r}")]
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
        The differences, at most two lines, in plain words: pages missing or added (when
        the footers number more or fewer pages than the file has), and the first page that
        differs, with how.
    """
    prefixes = _expected_margins(expected)
    if prefixes is None:
        return ["pages: this version cannot read its own page footers (a bug: please report)"]
    drawn_first = expected.furniture[0] if expected.furniture else ""
    if any(squash(f) != squash(drawn_first) for f in expected.furniture):
        return ["pages: this version draws different marks on its pages (a bug: please report)"]
    furniture = (squash(drawn_first), " ".join(drawn_first.split()))
    margins = _margin_problems(list(given.pages), prefixes, furniture)
    problems = margins.problems
    count = _count_problem(margins, len(given.pages))
    if count is not None:
        # what follows a missing or added page differs because of it: name what comes before
        earlier = [p for p in problems if p[0] < count[0]]
        return [count[1], *([min(earlier)[1]] if earlier else [])]
    expected_bodies = [
        _strip_start(_strip_end(page, len(squash(margin))), len(furniture[0]))
        for page, margin in zip(expected.pages, expected.margins, strict=True)
    ]
    g_stream, e_stream = _stream(margins.bodies), _stream(expected_bodies)
    headers = sorted({squash(h) for h in expected.table_headers} - {""}, key=len, reverse=True)
    g, e = _first_difference(g_stream, e_stream, headers)
    if g < len(g_stream.text) or e < len(e_stream.text):
        page = _page_of(g_stream, g)
        if g >= len(g_stream.text):
            should = _quote(e_stream, e)
            line = f"page {page}: text is missing: the report should go on with {should!r}"
        elif e >= len(e_stream.text):
            line = f"page {page}: text was added: {_quote(g_stream, g)!r}"
        else:
            line = (
                f"page {page}: the text was changed: it should read {_quote(e_stream, e)!r} "
                f"but reads {_quote(g_stream, g)!r}"
            )
        problems.append((page, line))
    if not problems:  # a missing chart is named only when the text does not say more
        problems.extend(_figure_problems(given, expected))
    return [min(problems, key=lambda item: item[0])[1]] if problems else []
