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
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "PLACEHOLDER",
    "PageReader",
    "PageText",
    "decode_utf16",
    "printed_text",
    "squash",
]

PLACEHOLDER = "\ufffd"
"""What a character that no font can be trusted to draw becomes in a PDF (a visible mark)."""

# Word writes list bullets from its Symbol and Wingdings fonts as private-use characters.
_WORD_SYMBOLS = {
    0xF0B7: "\u2022",  # Symbol bullet
    0xF0A7: "\u25aa",  # Wingdings small square
    0xF0A8: "\u25a1",  # Wingdings empty square
    0xF0D8: "\u27a2",  # Wingdings arrowhead
    0xF076: "\u2756",  # Wingdings diamond
    0xF0FC: "\u2713",  # Wingdings check mark
    0xF0E0: "\u2192",  # Wingdings arrow
    0xF02D: "-",
    0xF06F: "o",
}
_KEEP_CONTROLS = frozenset("\t\n\r")
_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _printed_char(c: str) -> str:
    code = ord(c)
    if c in "\u2028\u2029\u0085":  # line and paragraph separators, NEL
        return "\n"
    if code in _WORD_SYMBOLS:
        return _WORD_SYMBOLS[code]
    category = unicodedata.category(c)
    if category in ("Co", "Cn", "Cs") or (category == "Cc" and c not in _KEEP_CONTROLS):
        return PLACEHOLDER  # private use, unassigned, lone surrogates, controls
    if 0xFB00 <= code <= 0xFB4F or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        # Ligatures and Arabic or Hebrew presentation forms: letters that shaping forms again.
        return unicodedata.normalize("NFKC", c) or PLACEHOLDER
    return c


def printed_text(text: str) -> str:
    """Return text as the PDF report prints it: every character one that fonts draw.

    Rendering (``report/pdf``) and ``verify`` both apply it, so a report always reads back
    as what it printed. Line and paragraph separators become line breaks; Word's private-use
    bullets become real bullets; other private-use, unassigned and control characters become
    ``PLACEHOLDER``; ligature and presentation forms become their letters; then NFC (combining
    marks composed where Unicode can).

    Args:
        text: any text, markup included (the changes never touch ASCII).

    Returns:
        The text to lay out.
    """
    if text.isascii() and not _ASCII_CONTROLS.search(text):
        return text
    # one look-up per distinct character, then a C-speed translate (a report is ~200k chars)
    table = {ord(c): printed for c in set(text) if (printed := _printed_char(c)) != c}
    return unicodedata.normalize("NFC", text.translate(table) if table else text)


# Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties.txt; its reserved ranges are
# fixed, so the list holds for later versions): characters a shaper draws as nothing, whose
# text may vanish from a page or be read back on a neighbouring glyph.
_IGNORABLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
# U+2010 is the hyphen a layout draws where it breaks a line at a soft hyphen (the CSS
# hyphenate-character): there on one machine, not on another; a typed U+2010 goes with it.
_UNSEEN = re.compile(f"[\\s{_IGNORABLE}\u2010]+")


def _seen(text: str) -> str:
    text = _UNSEEN.sub("", text)
    if text.isascii():
        return text
    return "".join([c for c in text if unicodedata.category(c) != "Cf"])


def squash(text: str) -> str:
    """Return the characters of printed text that survive any layout and fonts, for comparison.

    The text is made printed (:func:`printed_text`); then what no reader can check is
    dropped: whitespace (a layout breaks lines there), format characters (category Cf: soft
    hyphens, joiners, bidi marks, interlinear annotation marks, Egyptian and shorthand
    format controls, for which a font may have no glyph) and every default-ignorable code
    point (variation selectors, Hangul fillers, tags: a shaper draws them as nothing and
    their text may be read back on a neighbouring glyph), and the hyphen U+2010 (drawn
    where a line breaks at a soft hyphen, so only where the lines break); then
    compatibility forms are folded and accents taken apart (NFKD: fonts may draw "fi" as
    one ligature glyph, and "é" as one glyph or as "e" and a combining accent). Dropping
    comes first, so an invisible character between a letter and its accent changes
    nothing; and the result is the same whether the text is squashed whole or one character
    at a time (but for the order of several accents on one letter).

    Args:
        text: text as printed or as read back from a page.

    Returns:
        The characters, none of them invisible.
    """
    seen = _seen(printed_text(text))
    if seen.isascii():
        return seen
    # NFKD may give spaces ("¸" is a space and a cedilla); NFD puts the accents left in order
    return unicodedata.normalize("NFD", _seen(unicodedata.normalize("NFKD", seen)))


_DELIMS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_TOKEN = re.compile(
    rb"[\x00\t\n\x0c\r ]+"
    rb"|(?P<comment>%[^\r\n]*)"
    rb"|(?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)"
    rb"|(?P<dict><<|>>)"
    rb"|(?P<lit>\()"
    rb"|(?P<name>/[^" + _DELIMS + rb"]*)"
    rb"|(?P<arr>[\[\]])"
    rb"|(?P<word>[^" + _DELIMS + rb"]+)"
    rb"|(?P<other>.)",
    re.DOTALL,
)
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)\Z")
_ESCAPES = {
    ord("n"): b"\n",
    ord("r"): b"\r",
    ord("t"): b"\t",
    ord("b"): b"\b",
    ord("f"): b"\f",
    ord("("): b"(",
    ord(")"): b")",
    ord("\\"): b"\\",
}
_MAX_DEPTH = 8  # nested form XObjects

# The fast path reads only what shows text or changes how text shows, and lets the regex
# engine skip path data. It is used when the stream has no literal strings, comments or
# inline images, and when it accounted for every text-showing operator of the stream.
_D = rb"[\x00\t\n\x0c\r ]"
_NOT = rb"(?<![^" + _DELIMS + rb"])"
_END = rb"(?![^" + _DELIMS + rb"])"
_NUM = rb"[+-]?(?:\d+\.?\d*|\.\d+)"
_HEXSTR = rb"<[0-9A-Fa-f\x00\t\n\x0c\r ]*>"
_NAME = rb"/[^" + _DELIMS + rb"]+"
_FAST = re.compile(
    b"|".join(
        [
            rb"\[(?P<tj>(?:" + _HEXSTR + b"|" + _NUM + b"|" + _D + rb")*)\]" + _D + b"*TJ" + _END,
            b"(?P<one>" + _HEXSTR + b")" + _D + rb"*(?:Tj|'|\")" + _END,
            b"(?P<tf>" + _NAME + b")" + _D + b"+(?P<size>" + _NUM + b")" + _D + b"+Tf" + _END,
            _NOT + b"(?P<tr>" + _NUM + b")" + _D + b"+Tr" + _END,
            b"(?P<do>" + _NAME + b")" + _D + b"*Do" + _END,
            _NOT + b"(?P<q>[qQ])" + _END,
            _NOT + b"(?P<et>ET)" + _END,
        ]
    )
)
_SHOWS = re.compile(_NOT + rb"(?:TJ|Tj|'|\")" + _END)
_SLOW_MARKS = re.compile(rb"[(%]|" + _NOT + rb"(?:BI|ID|EI)" + _END)
_WS = b"\x00\t\n\x0c\r "
_HEX_ITEM = re.compile(rb"<([0-9A-Fa-f\x00\t\n\x0c\r ]*)>")


class _Name(bytes):
    """A PDF name token (``/F1``), told apart from strings."""

    __slots__ = ()


class _Fallback(Exception):
    """The page is drawn in a way this reader does not read; pypdf reads it instead."""


def decode_utf16(raw: bytes) -> str:
    """Decode the UTF-16BE of a ``ToUnicode`` destination (lone surrogates replaced).

    Args:
        raw: the destination's bytes.

    Returns:
        The text.
    """
    return raw.decode("utf-16-be", errors="replace")


def _hex(token: bytes) -> bytes:
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", token)
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode("ascii"))


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """Read a literal string whose ``(`` is at ``pos - 1``; return it and the end position."""
    out = bytearray()
    depth = 1
    end = len(data)
    while pos < end:
        c = data[pos]
        pos += 1
        if c == 0x5C:  # backslash
            if pos >= end:
                break
            e = data[pos]
            pos += 1
            if e in _ESCAPES:
                out += _ESCAPES[e]
            elif 0x30 <= e <= 0x37:
                digits = bytes([e])
                while len(digits) < 3 and pos < end and 0x30 <= data[pos] <= 0x37:
                    digits += bytes([data[pos]])
                    pos += 1
                out.append(int(digits, 8) & 0xFF)
            elif e in (0x0A, 0x0D):
                if e == 0x0D and pos < end and data[pos] == 0x0A:
                    pos += 1
            else:
                out.append(e)
        elif c == 0x28:
            depth += 1
            out.append(c)
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), pos
            out.append(c)
        else:
            out.append(c)
    return bytes(out), pos


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
_HEXES = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])")


def _to_unicode(data: bytes) -> dict[int, str]:
    """Parse a ``ToUnicode`` CMap (``bfchar`` and ``bfrange``) into code -> text."""
    table = _parse_to_unicode(data)
    for code, text in table.items():
        if "\x02" in text or "\x03" in text:  # our figure marks are never text
            table[code] = text.replace("\x02", "\ufffd").replace("\x03", "\ufffd")
    return table


def _parse_to_unicode(data: bytes) -> dict[int, str]:
    table: dict[int, str] = {}
    for block in _BFCHAR.findall(data):
        values = _HEXES.findall(block)
        for src, dst in zip(values[0::2], values[1::2], strict=False):
            table[int(src or b"0", 16)] = decode_utf16(_hex(b"<" + dst + b">"))
    for block in _BFRANGE.findall(data):
        for low, high, dst in _RANGE.findall(block):
            first, last = int(low, 16), int(high, 16)
            if last - first > 0xFFFF:
                continue
            if dst.startswith(b"["):
                for i, item in enumerate(_HEXES.findall(dst)):
                    table[first + i] = decode_utf16(_hex(b"<" + item + b">"))
            else:
                base = _hex(dst)
                if not base:
                    continue
                head, tail = base[:-1], base[-1]
                for i in range(last - first + 1):
                    # The last byte counts up (PDF 32000 9.10.3); past 0xFF the map is broken.
                    table[first + i] = decode_utf16(head + bytes([(tail + i) & 0xFF]))
    return table


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
            or not _two_byte_codes(font.get("/Encoding"))
            or "/ToUnicode" not in font
        ):
            raise _Fallback
        table = _to_unicode(font["/ToUnicode"].get_object().get_data())
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
        if not _SLOW_MARKS.search(data):
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
        for match in _FAST.finditer(data):
            kind = match.lastgroup
            if kind == "tj":
                shown += 1
                items = [i.translate(None, _WS) for i in _HEX_ITEM.findall(match.group("tj"))]
                if any(len(i) & 3 for i in items):  # not whole 2-byte codes: one at a time
                    out.extend(self._show(state, _hex(b"<" + i + b">")) for i in items)
                else:
                    out.append(self._show(state, bytes.fromhex(b"".join(items).decode())))
                out.append(" ")
            elif kind == "one":
                shown += 1
                out.append(self._show(state, _hex(match.group("one"))))
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
        if shown != len(_SHOWS.findall(data)):
            return None  # something shows text in a way the fast path did not read
        return out

    def _tokens(self, data: bytes, resources: Any, depth: int) -> Iterator[str]:
        state = _State()
        stack: list[_State] = []
        operands: list[Any] = []
        array: list[Any] | None = None
        pos, end = 0, len(data)
        while pos < end:
            match = _TOKEN.match(data, pos)
            if match is None:  # pragma: no cover - the pattern matches any byte
                raise _Fallback
            pos = match.end()
            kind = match.lastgroup
            if kind is None or kind == "comment":
                continue
            token = match.group()
            value: Any = token
            if kind == "hex":
                value = _hex(token)
            elif kind == "lit":
                value, pos = _literal(data, pos)
            elif kind == "arr":
                if token == b"[":
                    array = []
                else:
                    operands.append(array if array is not None else [])
                    array = None
                continue
            elif kind == "name":
                value = _Name(token)
            elif kind == "word":
                if _NUMBER.match(token):
                    value = float(token)
                elif array is None:
                    yield from self._operator(token, operands, state, stack, resources, depth)
                    operands = []
                    continue
            if array is not None:
                array.append(value)
            else:
                operands.append(value)

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
                if isinstance(item, bytes) and not isinstance(item, _Name):
                    yield self._show(state, item)
            yield " "
        elif op in (b"Tj", b"'") and operands and _is_string(operands[-1]):
            yield self._show(state, operands[-1]) + " "
        elif op == b'"' and operands and _is_string(operands[-1]):
            yield self._show(state, operands[-1]) + " "
        elif op == b"Tf" and len(operands) >= 2:
            name = operands[-2]
            if not isinstance(name, _Name):
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
        elif op == b"Do" and operands and isinstance(operands[-1], _Name):
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


_CODESPACE = re.compile(rb"begincodespacerange(.*?)endcodespacerange", re.DOTALL)
_WMODE = re.compile(rb"/WMode\s+(\d+)")


def _two_byte_codes(encoding: Any) -> bool:
    """True when a Type0 font's encoding reads two bytes a code, left to right.

    That is ``/Identity-H``, or an embedded CMap (a stream) whose one code space range is
    ``<0000> <ffff>`` and which is horizontal: WeasyPrint writes one when a font lacks a
    glyph for some character, to draw that character's code with ``.notdef``.
    """
    if encoding is None:
        return False
    encoding = encoding.get_object()
    if encoding == "/Identity-H":
        return True
    if not hasattr(encoding, "get_data") or encoding.get("/UseCMap") is not None:
        return False
    if int(encoding.get("/WMode", 0) or 0) != 0:
        return False
    data = encoding.get_data()
    mode = _WMODE.search(data)
    if mode is not None and mode.group(1) != b"0":
        return False
    ranges = [_HEXES.findall(block) for block in _CODESPACE.findall(data)]
    spaces = [r for block in ranges for r in block]
    return [s.strip().lower() for s in spaces] == [b"0000", b"ffff"]


def _is_string(value: Any) -> bool:
    return isinstance(value, bytes) and not isinstance(value, _Name)


def _float(token: Any) -> float:
    try:
        return float(token)
    except (TypeError, ValueError):
        raise _Fallback from None
