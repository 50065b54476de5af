"""The PDF syntax the page-text reader reads: content-stream tokens and ``ToUnicode`` maps.

Tokens (names, hex and literal strings, numbers), the fast path's patterns for the operators
that show text, and the CMaps that map a Type0 font's two-byte codes to text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

__all__ = [
    "DELIMS",
    "FAST",
    "HEX_ITEM",
    "NUMBER",
    "SHOWS",
    "SLOW_MARKS",
    "TOKEN",
    "WS",
    "Name",
    "content_tokens",
    "decode_utf16",
    "hex_bytes",
    "literal_string",
    "to_unicode",
    "two_byte_codes",
]

DELIMS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
TOKEN = re.compile(
    rb"[\x00\t\n\x0c\r ]+"
    rb"|(?P<comment>%[^\r\n]*)"
    rb"|(?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)"
    rb"|(?P<dict><<|>>)"
    rb"|(?P<lit>\()"
    rb"|(?P<name>/[^" + DELIMS + rb"]*)"
    rb"|(?P<arr>[\[\]])"
    rb"|(?P<word>[^" + DELIMS + rb"]+)"
    rb"|(?P<other>.)",
    re.DOTALL,
)
NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)\Z")
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


# The fast path reads only what shows text or changes how text shows, and lets the regex
# engine skip path data. It is used when the stream has no literal strings, comments or
# inline images, and when it accounted for every text-showing operator of the stream.
_D = rb"[\x00\t\n\x0c\r ]"
_NOT = rb"(?<![^" + DELIMS + rb"])"
_END = rb"(?![^" + DELIMS + rb"])"
_NUM = rb"[+-]?(?:\d+\.?\d*|\.\d+)"
_HEXSTR = rb"<[0-9A-Fa-f\x00\t\n\x0c\r ]*>"
_NAME = rb"/[^" + DELIMS + rb"]+"
FAST = re.compile(
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
SHOWS = re.compile(_NOT + rb"(?:TJ|Tj|'|\")" + _END)
SLOW_MARKS = re.compile(rb"[(%]|" + _NOT + rb"(?:BI|ID|EI)" + _END)
WS = b"\x00\t\n\x0c\r "
HEX_ITEM = re.compile(rb"<([0-9A-Fa-f\x00\t\n\x0c\r ]*)>")


class Name(bytes):
    """A PDF name token (``/F1``), told apart from strings."""

    __slots__ = ()


def decode_utf16(raw: bytes) -> str:
    """Decode the UTF-16BE of a ``ToUnicode`` destination (lone surrogates replaced).

    Args:
        raw: the destination's bytes.

    Returns:
        The text.
    """
    return raw.decode("utf-16-be", errors="replace")


def hex_bytes(token: bytes) -> bytes:
    """Decode a hex string token (``<0041 0042>``; whitespace ignored, an odd digit padded).

    Args:
        token: the token, angle brackets included.

    Returns:
        Its bytes.
    """
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", token)
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode("ascii"))


def literal_string(data: bytes, pos: int) -> tuple[bytes, int]:
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


def to_unicode(data: bytes) -> dict[int, str]:
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
            table[int(src or b"0", 16)] = decode_utf16(hex_bytes(b"<" + dst + b">"))
    for block in _BFRANGE.findall(data):
        for low, high, dst in _RANGE.findall(block):
            first, last = int(low, 16), int(high, 16)
            if last - first > 0xFFFF:
                continue
            if dst.startswith(b"["):
                for i, item in enumerate(_HEXES.findall(dst)):
                    table[first + i] = decode_utf16(hex_bytes(b"<" + item + b">"))
            else:
                base = hex_bytes(dst)
                if not base:
                    continue
                head, tail = base[:-1], base[-1]
                for i in range(last - first + 1):
                    # The last byte counts up (PDF 32000 9.10.3); past 0xFF the map is broken.
                    table[first + i] = decode_utf16(head + bytes([(tail + i) & 0xFF]))
    return table


_CODESPACE = re.compile(rb"begincodespacerange(.*?)endcodespacerange", re.DOTALL)
_WMODE = re.compile(rb"/WMode\s+(\d+)")


def two_byte_codes(encoding: Any) -> bool:
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


_QUICK = re.compile(
    rb"<<|>>|<[0-9A-Fa-f\x00\t\n\x0c\r ]*>|[\[\]]|/[^" + DELIMS + rb"]*|[^" + DELIMS + rb"]+"
)


def content_tokens(data: bytes) -> Iterator[tuple[str, Any]]:
    """Split a content stream into operands and operators, in order.

    Args:
        data: the decoded content stream.

    Yields:
        ``("operand", value)`` (a float, a ``Name``, bytes of a string, or a list for an
        array) and ``("op", operator bytes)``. Dictionaries, comments and stray delimiters
        are skipped; an inline image's data is skipped after its ``BI`` operator.
    """
    if SLOW_MARKS.search(data) is None:
        yield from _quick_tokens(data)
        return
    pos, end = 0, len(data)
    array: list[Any] | None = None
    while pos < end:
        match = TOKEN.match(data, pos)
        if match is None:  # pragma: no cover - the pattern matches any byte
            return
        pos = match.end()
        kind = match.lastgroup
        if kind is None or kind in ("comment", "dict", "other"):
            continue
        token = match.group()
        value: Any = token
        if kind == "hex":
            value = hex_bytes(token)
        elif kind == "lit":
            value, pos = literal_string(data, pos)
        elif kind == "arr":
            if token == b"[":
                array = []
            else:
                yield "operand", array if array is not None else []
                array = None
            continue
        elif kind == "name":
            value = Name(token)
        elif kind == "word":
            if NUMBER.match(token):
                value = float(token)
            elif array is None:
                if token == b"BI":  # an inline image: skip its data, count it as painted
                    stop = data.find(b"EI", pos)
                    pos = end if stop < 0 else stop + 2
                yield "op", token
                continue
        if array is not None:
            array.append(value)
        else:
            yield "operand", value


def _quick_tokens(data: bytes) -> Iterator[tuple[str, Any]]:
    """Tokens of a stream without literal strings, comments or inline images."""
    array: list[Any] | None = None
    for token in _QUICK.findall(data):
        first = token[0]
        if token in (b"<<", b">>"):  # a marked-content dictionary: its entries are operands
            continue
        if first == 0x3C:  # <
            try:  # fromhex skips white space; an odd digit count is padded by hex_bytes
                value: Any = bytes.fromhex(token[1:-1].decode("ascii"))
            except ValueError:
                value = hex_bytes(token)
        elif first == 0x5B:  # [
            array = []
            continue
        elif first == 0x5D:  # ]
            yield "operand", array if array is not None else []
            array = None
            continue
        elif first == 0x2F:  # /
            value = Name(token)
        elif NUMBER.match(token):
            value = float(token)
        elif array is None:
            yield "op", token
            continue
        else:
            value = token
        if array is not None:
            array.append(value)
        else:
            yield "operand", value
