"""The text a PDF page prints, in drawing order: a fast reader for WeasyPrint's content streams.

pypdf's ``extract_text`` is exact but slow (about 0.1 s a page). Our reports draw text in
one way only (Type0 fonts with two-byte codes and a ``ToUnicode`` map, hex strings in ``TJ``
arrays), so this module reads that shape directly, with the maps parsed once per font. The
codes are ``Identity-H``, or, in a font where some character has no glyph, an embedded CMap
over the same two-byte codes (WeasyPrint's ``WP-Encod-0``, which sends those codes to the
``.notdef`` glyph); either way the ``ToUnicode`` map gives each code's text.
A page drawn any other way (another kind of font, inline images) is handed to pypdf, so text
added by another tool is read too. Text drawn invisibly (rendering modes 3 and 7, or at size
0) is not printed and is left out.

One reader (the fast path, the tokenizer and the text operators share its font cache and
graphics state) in about 320 lines; the syntax it reads is in ``pdf_syntax`` and the text
policy in ``printed_text``.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rcr_checklist.files.pdf_syntax import (
    FAST,
    HEX_ITEM,
    SHOWS,
    SLOW_MARKS,
    WS,
    Name,
    content_tokens,
    decode_utf16,
    hex_bytes,
    to_unicode,
    two_byte_codes,
)

# The text policy lives in files/printed_text.py; verify and the tests read it from here too.
from rcr_checklist.files.printed_text import PLACEHOLDER, printed_text, squash

__all__ = [
    "PLACEHOLDER",
    "PageReader",
    "PageText",
    "decode_utf16",
    "printed_text",
    "squash",
]

_MAX_DEPTH = 8  # nested form XObjects


class _Fallback(Exception):
    """The page is drawn in a way this reader does not read; pypdf reads it instead."""


_FIGURE_START = "\x02"  # marks the text of a form XObject drawn by the page (never printed)
_FIGURE_END = "\x03"


@dataclass(frozen=True)
class PageText:
    """The text a page prints.

    Attributes:
        text: the page's own text, in drawing order.
        figures: the text of each form XObject the page draws (charts), in drawing order.
    """

    text: str
    figures: tuple[str, ...]


@dataclass
class _State:
    font: dict[int, str] | None = None
    size: float = 1.0
    mode: int = 0


@dataclass
class PageReader:
    """Reads the printed text of pages, caching each font's ``ToUnicode`` map.

    One reader serves the pages of one document (fonts are shared between pages).

    Attributes:
        fallbacks: how many pages were handed to pypdf (for tests and benchmarks).
    """

    fallbacks: int = 0
    _fonts: dict[Any, dict[int, str]] = field(default_factory=dict)

    def page_text(self, page: Any) -> str:
        """Return all the text a page prints: its flow text, then its figures' text.

        Args:
            page: a pypdf ``PageObject``.

        Returns:
            See :meth:`read_page`; the figures follow the text, a space apart.
        """
        read = self.read_page(page)
        return " ".join([read.text, *read.figures])

    def read_page(self, page: Any) -> PageText:
        """Return the text a page prints, in the order it is drawn.

        Text drawn by a form XObject that the page draws (an SVG chart, a page overlay) is
        kept apart as a figure: WeasyPrint draws such boxes in their own painting phase, so
        where they fall among the page's text depends on where the page breaks.

        Args:
            page: a pypdf ``PageObject``.

        Returns:
            The page's text: the characters of every text-showing operator, concatenated
            (spaces are the space glyphs the page draws, and one after each string shown),
            a line break after each text object; and the text of each figure.
        """
        try:
            contents = page.get_contents()
            data = contents.get_data() if contents is not None else b""
            raw = "".join(self._run(data, page.get("/Resources"), 0))
        except _Fallback:
            self.fallbacks += 1
            return PageText(str(page.extract_text()), ())
        if _FIGURE_START not in raw:
            return PageText(raw, ())
        flow: list[str] = []
        figures: list[str] = []
        for part in raw.split(_FIGURE_START):
            figure, end, rest = part.partition(_FIGURE_END)
            if end:
                figures.append(figure)
                flow.append(rest)
            else:
                flow.append(part)
        return PageText("".join(flow), tuple(figures))

    def _font(self, resources: Any, name: bytes) -> dict[int, str]:
        fonts = resources.get("/Font") if resources is not None else None
        if fonts is None:
            raise _Fallback
        ref = fonts.get_object().raw_get(name.decode("latin-1"))
        key = (ref.idnum, ref.generation) if hasattr(ref, "idnum") else id(ref)
        cached = self._fonts.get(key)
        if cached is not None:
            return cached
        font = ref.get_object()
        if (
            font.get("/Subtype") != "/Type0"
            or not two_byte_codes(font.get("/Encoding"))
            or "/ToUnicode" not in font
        ):
            raise _Fallback
        table = to_unicode(font["/ToUnicode"].get_object().get_data())
        self._fonts[key] = table
        return table

    def _show(self, state: _State, raw: bytes) -> str:
        if state.font is None:
            raise _Fallback
        if state.mode in (3, 7) or state.size == 0:
            return ""
        table = state.font
        codes = array("H", raw[: len(raw) & ~1])
        if sys.byteorder == "little":
            codes.byteswap()
        return "".join([table.get(code, "\ufffd") for code in codes])

    def _run(self, data: bytes, resources: Any, depth: int) -> Iterator[str]:
        if depth > _MAX_DEPTH:
            raise _Fallback
        if not SLOW_MARKS.search(data):
            fast = self._fast(data, resources, depth)
            if fast is not None:
                yield from fast
                return
        yield from self._tokens(data, resources, depth)

    def _fast(self, data: bytes, resources: Any, depth: int) -> list[str] | None:
        state = _State()
        stack: list[_State] = []
        out: list[str] = []
        shown = 0
        for match in FAST.finditer(data):
            kind = match.lastgroup
            if kind == "tj":
                shown += 1
                items = [i.translate(None, WS) for i in HEX_ITEM.findall(match.group("tj"))]
                if any(len(i) & 3 for i in items):  # not whole 2-byte codes: one at a time
                    out.extend(self._show(state, hex_bytes(b"<" + i + b">")) for i in items)
                else:
                    out.append(self._show(state, bytes.fromhex(b"".join(items).decode())))
                out.append(" ")
            elif kind == "one":
                shown += 1
                out.append(self._show(state, hex_bytes(match.group("one"))))
                out.append(" ")
            elif kind == "size":
                state.font = self._font(resources, match.group("tf"))
                state.size = _float(match.group("size"))
            elif kind == "tr":
                state.mode = int(_float(match.group("tr")))
            elif kind == "do":
                out.extend(self._xobject(resources, match.group("do"), depth))
            elif kind == "et":
                out.append("\n")
            elif kind == "q":
                if match.group("q") == b"q":
                    stack.append(_State(state.font, state.size, state.mode))
                elif stack:
                    saved = stack.pop()
                    state.font, state.size, state.mode = saved.font, saved.size, saved.mode
        if shown != len(SHOWS.findall(data)):
            return None  # something shows text in a way the fast path did not read
        return out

    def _tokens(self, data: bytes, resources: Any, depth: int) -> Iterator[str]:
        state = _State()
        stack: list[_State] = []
        operands: list[Any] = []
        for kind, value in content_tokens(data):
            if kind == "operand":
                operands.append(value)
                continue
            yield from self._operator(value, operands, state, stack, resources, depth)
            operands = []

    def _operator(
        self,
        op: bytes,
        operands: list[Any],
        state: _State,
        stack: list[_State],
        resources: Any,
        depth: int,
    ) -> Iterator[str]:
        if op == b"TJ" and operands and isinstance(operands[-1], list):
            for item in operands[-1]:
                if isinstance(item, bytes) and not isinstance(item, Name):
                    yield self._show(state, item)
            yield " "
        elif op in (b"Tj", b"'") and operands and _is_string(operands[-1]):
            yield self._show(state, operands[-1]) + " "
        elif op == b'"' and operands and _is_string(operands[-1]):
            yield self._show(state, operands[-1]) + " "
        elif op == b"Tf" and len(operands) >= 2:
            name = operands[-2]
            if not isinstance(name, Name):
                raise _Fallback
            state.font = self._font(resources, name)
            state.size = _float(operands[-1])
        elif op == b"Tr" and operands:
            state.mode = int(_float(operands[-1]))
        elif op == b"q":
            stack.append(_State(state.font, state.size, state.mode))
        elif op == b"Q" and stack:
            saved = stack.pop()
            state.font, state.size, state.mode = saved.font, saved.size, saved.mode
        elif op == b"Do" and operands and isinstance(operands[-1], Name):
            yield from self._xobject(resources, operands[-1], depth)
        elif op == b"ET":
            yield "\n"
        elif op in (b"BI", b"ID", b"EI"):
            raise _Fallback  # inline images hold binary data this tokenizer does not skip

    def _xobject(self, resources: Any, name: Any, depth: int) -> Iterator[str]:
        xobjects = resources.get("/XObject") if resources is not None else None
        if xobjects is None or not isinstance(name, bytes):
            return
        target = xobjects.get_object().get(name.decode("latin-1"))
        if target is None:
            return
        target = target.get_object()
        if target.get("/Subtype") != "/Form":
            return
        inner = target.get("/Resources")
        text = "".join(
            self._run(target.get_data(), inner if inner is not None else resources, depth + 1)
        )
        if depth == 0 and text.strip():
            yield _FIGURE_START + text + _FIGURE_END
        else:
            yield text


def _is_string(value: Any) -> bool:
    return isinstance(value, bytes) and not isinstance(value, Name)


def _float(token: Any) -> float:
    try:
        return float(token)
    except (TypeError, ValueError):
        raise _Fallback from None
