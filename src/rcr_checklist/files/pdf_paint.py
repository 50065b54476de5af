"""What hides a page's text from a reader while its text still reads back: ``verify`` checks it.

Text extraction sees every glyph a page draws, even one painted over later, drawn too small
to read, off the paper, or in the colour of what is behind it. A forger who wants "Does not
meet" to read "Does meet" on screen need not edit the text: a white box over "not" does it.
This module follows a page's content stream (the graphics state, the text positions from
the fonts' widths, and every fill, stroke, image and shading) and names the text so hidden:

- **covered**: a fill, stroke, image or shading drawn after a glyph covers the glyph's
  centre (half-way up its x-height, half-way along its advance);
- **too small**: a glyph drawn smaller than 3 pt, or scaled flat;
- **off the page**: a glyph whose centre is outside the page's crop box;
- **unseen**: a run of text drawn in the colour of the fill behind it (the page is white),
  or with a fill opacity under 0.2.

A report's own pages never do any of these, but for the DRAFT mark, which the pages' content
is drawn over by design (it is drawn first, faintly, behind everything): the caller names
such furniture, and text that is only that is not reported.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rcr_checklist.files.pdf_syntax import (
    DELIMS,
    NUMBER,
    SLOW_MARKS,
    TOKEN,
    Name,
    hex_bytes,
    literal_string,
    to_unicode,
)

__all__ = ["Hidden", "PaintReader"]

_MIN_SIZE = 3.0  # points: smaller text cannot be read on paper or at 100 % zoom
_MAX_DEPTH = 6
_BAND = 4.0  # points: the height of the buckets glyph centres are kept in (about a line's
# x-height: a fill drawn before the text over it meets no glyph in its bands)

_CELL = 2.0  # points: glyph centres closer than a quarter of the text's height overprint
_NEAR = [(i, j) for i in (-1, 0, 1) for j in (-1, 0, 1)]

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF's row-vector convention: ``p' = p m n``)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])


@dataclass(frozen=True)
class Hidden:
    """Text a page draws where a reader cannot see it.

    Attributes:
        text: the run of text concerned (at most 40 characters).
        how: how it is hidden, in plain words ("covered by a filled shape drawn over it at
            [x1, y1, x2, y2]", "drawn 0.8 pt high", ...).
    """

    text: str
    how: str


@dataclass
class _Font:
    table: dict[int, str]
    widths: dict[int, float]
    default: float
    two_bytes: bool
    blank: frozenset[int] = frozenset()  # codes that draw white space

    def __post_init__(self) -> None:
        self.blank = frozenset(code for code, text in self.table.items() if text.isspace())


@dataclass
class _Graphics:
    ctm: Matrix = _IDENTITY
    fill: tuple[float, ...] | None = (0.0, 0.0, 0.0)
    alpha: float = 1.0
    line: float = 1.0
    font: _Font | None = None
    size: float = 0.0
    spacing: float = 0.0
    word: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    mode: int = 0
    clip: tuple[float, float, float, float] | None = None  # device-space bounds; None: page

    def copy(self) -> _Graphics:
        return _Graphics(**self.__dict__)


@dataclass
class _Page:
    """What has been drawn so far: glyph centres (by height band) and fills (for colours)."""

    box: tuple[float, float, float, float]
    runs: list[tuple[_Font, list[Any]]] = field(default_factory=list)
    bands: dict[int, list[tuple[float, float, int]]] = field(default_factory=dict)
    fills: list[tuple[tuple[float, float, float, float], tuple[float, ...] | None]] = field(
        default_factory=list
    )
    found: list[Hidden] = field(default_factory=list)
    cells: dict[tuple[int, int], tuple[float, float, int]] = field(default_factory=dict)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)

    def image(self, g: _Graphics) -> None:
        area = _meet(g.clip, _path_area([(0, 0), (1, 1), (0, 1), (1, 0)], g.ctm))
        self.images.append(area)
        self.cover(area, "an image")

    told: set[tuple[int, str]] = field(default_factory=set)

    def tell(self, run: int, how: str) -> None:
        kind = how.split(" ", 1)[0]
        if (run, kind) not in self.told:
            self.told.add((run, kind))
            font, items = self.runs[run]
            self.found.append(Hidden(_decode(font, items)[:40], how))

    def cover(self, area: tuple[float, float, float, float], what: str) -> None:
        """Report the glyphs drawn before whose centres ``area`` covers."""
        x1, y1, x2, y2 = area
        if x2 - x1 < 0.5 or y2 - y1 < 0.5:
            return
        for band in range(int(y1 // _BAND), int(y2 // _BAND) + 1):
            for x, y, run in self.bands.get(band, ()):
                if x1 <= x <= x2 and y1 <= y <= y2:
                    shown = ", ".join(f"{v:.0f}" for v in area)
                    self.tell(run, f"covered by {what} drawn over it at [{shown}]")

    def behind(self, x: float, y: float) -> tuple[float, ...] | None:
        """The colour of the last fill under a point (white paper when none is)."""
        for (x1, y1, x2, y2), colour in reversed(self.fills):
            if x1 <= x <= x2 and y1 <= y <= y2:
                return colour
        return (1.0, 1.0, 1.0)


def _rgb(colour: tuple[float, ...] | None) -> tuple[float, float, float] | None:
    if colour is None:
        return None
    if len(colour) == 1:
        return (colour[0], colour[0], colour[0])
    if len(colour) == 3:
        return (colour[0], colour[1], colour[2])
    if len(colour) == 4:
        c, m, y, k = colour
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def _alike(a: tuple[float, ...] | None, b: tuple[float, ...] | None) -> bool:
    one, two = _rgb(a), _rgb(b)
    return (
        one is not None
        and two is not None
        and max(abs(p - q) for p, q in zip(one, two, strict=True)) < 0.06
    )


class _Reader:
    def __init__(self) -> None:
        self.fonts: dict[Any, _Font] = {}

    def font(self, resources: Any, name: Name) -> _Font | None:
        fonts = resources.get("/Font") if resources is not None else None
        if fonts is None:
            return None
        ref = fonts.get_object().raw_get(name.decode("latin-1"))
        if ref is None:
            return None
        key = (ref.idnum, ref.generation) if hasattr(ref, "idnum") else id(ref)
        if key not in self.fonts:
            self.fonts[key] = _load_font(ref.get_object())
        return self.fonts[key]


def _load_font(font: Any) -> _Font:
    table: dict[int, str] = {}
    if "/ToUnicode" in font:
        table = to_unicode(font["/ToUnicode"].get_object().get_data())
    widths: dict[int, float] = {}
    if font.get("/Subtype") == "/Type0":
        descendant = font["/DescendantFonts"][0].get_object()
        default = float(descendant.get("/DW", 1000))
        items = list(descendant.get("/W", []))
        i = 0
        while i + 1 < len(items):
            first, second = items[i], items[i + 1]
            if isinstance(second, list) or hasattr(second, "__iter__"):
                for k, width in enumerate(second):
                    widths[int(first) + k] = float(width)
                i += 2
            elif i + 2 < len(items):
                for code in range(int(first), int(second) + 1):
                    widths[code] = float(items[i + 2])
                i += 3
            else:
                break
        return _Font(table, widths, default, True)
    first = int(font.get("/FirstChar", 0))
    for k, width in enumerate(font.get("/Widths", [])):
        widths[first + k] = float(width)
    return _Font(table, widths, 500.0, False)


class PaintReader:
    """Finds hidden text page by page; one reader serves one document (fonts are shared).

    Args:
        furniture: text drawn behind everything by design (the DRAFT mark), never reported.

    Attributes:
        images: the areas (x1, y1, x2, y2, in points) of the raster images the last page
            read draws (inline images included).
    """

    def __init__(self, furniture: str = "") -> None:
        self._reader = _Reader()
        self._keep = "".join(furniture.split())
        self.images: list[tuple[float, float, float, float]] = []

    def hidden(self, page: Any) -> list[Hidden]:
        """Find the text a page draws where a reader cannot see it.

        Args:
            page: a pypdf ``PageObject``.

        Returns:
            One :class:`Hidden` per run of text and way it is hidden, in drawing order. A
            page this reader cannot follow (a broken stream) gives what was found before
            the break (the text comparison sees the rest). The raster images the page
            draws are left in :attr:`images` (device-space areas), whether or not they
            cover text.
        """
        crop = [float(v) for v in page.cropbox]
        box = (
            min(crop[0], crop[2]),
            min(crop[1], crop[3]),
            max(crop[0], crop[2]),
            max(crop[1], crop[3]),
        )
        state = _Page(box)
        self.images = state.images
        try:
            contents = page.get_contents()
            data = contents.get_data() if contents is not None else b""
            _run(self._reader, state, data, page.get("/Resources"), _Graphics(), 0)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, ZeroDivisionError):
            pass
        keep = self._keep
        return [h for h in state.found if not keep or "".join(h.text.split()) != keep]


_QUICK = re.compile(
    rb"<<|>>|<[0-9A-Fa-f\x00\t\n\x0c\r ]*>|[\[\]]|/[^" + DELIMS + rb"]*|[^" + DELIMS + rb"]+"
)


def _tokens(data: bytes) -> Iterator[tuple[str, Any]]:
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
        if kind is None or kind == "comment" or kind == "dict" or kind == "other":
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
                    yield "op", b"BI"
                    continue
                yield "op", token
                continue
        if array is not None:
            array.append(value)
        else:
            yield "operand", value


def _quick_tokens(data: bytes) -> Iterator[tuple[str, Any]]:
    """Tokens of a stream without literal strings, comments, dictionaries or inline images."""
    array: list[Any] | None = None
    for token in _QUICK.findall(data):
        first = token[0]
        if token in (b"<<", b">>"):  # a marked-content dictionary: its entries are operands
            continue
        if first == 0x3C:  # <
            value: Any = hex_bytes(token)
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


def _path_area(points: list[tuple[float, float]], ctm: Matrix) -> tuple[float, float, float, float]:
    device = [_apply(ctm, x, y) for x, y in points]
    xs = [p[0] for p in device]
    ys = [p[1] for p in device]
    return (min(xs), min(ys), max(xs), max(ys))


def _run(
    reader: _Reader, page: _Page, data: bytes, resources: Any, graphics: _Graphics, depth: int
) -> None:
    stack: list[_Graphics] = []
    operands: list[Any] = []
    path: list[tuple[float, float]] = []
    lines: list[tuple[tuple[float, float], tuple[float, float]]] = []
    last = (0.0, 0.0)
    clip = False
    tm: Matrix = _IDENTITY
    tlm: Matrix = _IDENTITY
    g = graphics
    for kind, value in _tokens(data):
        if kind == "operand":
            operands.append(value)
            continue
        op = value
        nums = [v for v in operands if isinstance(v, float)]
        if op == b"q":
            stack.append(g.copy())
        elif op == b"Q":
            if stack:
                g = stack.pop()
        elif op == b"cm" and len(nums) >= 6:
            g.ctm = _mul(tuple(nums[-6:]), g.ctm)  # type: ignore[arg-type]
        elif op == b"w" and nums:
            g.line = nums[-1]
        elif op in (b"g", b"rg", b"k"):
            g.fill = tuple(nums[-{b"g": 1, b"rg": 3, b"k": 4}[op] :])
        elif op in (b"sc", b"scn", b"cs"):
            g.fill = tuple(nums) if op != b"cs" and len(nums) in (1, 3, 4) else None
        elif op == b"gs" and operands and isinstance(operands[-1], Name):
            states = resources.get("/ExtGState") if resources is not None else None
            entry = states.get_object().get(operands[-1].decode("latin-1")) if states else None
            if entry is not None and "/ca" in entry.get_object():
                g.alpha = float(entry.get_object()["/ca"])
        elif op == b"m" and len(nums) >= 2:
            last = (nums[-2], nums[-1])
            path.append(last)
        elif op == b"l" and len(nums) >= 2:
            lines.append((last, (nums[-2], nums[-1])))
            last = (nums[-2], nums[-1])
            path.append(last)
        elif op in (b"c", b"v", b"y") and len(nums) >= 4:
            points = [(nums[i], nums[i + 1]) for i in range(len(nums) % 2, len(nums), 2)]
            path.extend(points)
            last = points[-1]
        elif op == b"re" and len(nums) >= 4:
            x, y, w, h = nums[-4:]
            path.extend([(x, y), (x + w, y + h), (x, y + h), (x + w, y)])
        elif op in (b"W", b"W*"):
            clip = True
        elif op in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"n"):
            if path and op != b"n" and g.alpha > 0.05:
                _paint(page, op, path, lines, g)
            if clip and path:
                g.clip = _meet(g.clip, _path_area(path, g.ctm))
            path, lines, clip = [], [], False
        elif op == b"sh":
            page.cover(_meet(g.clip, page.box), "a shading")
        elif op == b"BI":
            page.image(g)
        elif op == b"Do" and operands and isinstance(operands[-1], Name):
            _xobject(reader, page, resources, operands[-1], g, depth)
        elif op == b"BT":
            tm = tlm = _IDENTITY
        elif op == b"Tf" and len(operands) >= 2 and isinstance(operands[-2], Name):
            g.font = reader.font(resources, operands[-2])
            g.size = nums[-1] if nums else 0.0
        elif op == b"Tc" and nums:
            g.spacing = nums[-1]
        elif op == b"Tw" and nums:
            g.word = nums[-1]
        elif op == b"Tz" and nums:
            g.scale = nums[-1] / 100
        elif op == b"TL" and nums:
            g.leading = nums[-1]
        elif op == b"Ts" and nums:
            g.rise = nums[-1]
        elif op == b"Tr" and nums:
            g.mode = int(nums[-1])
        elif op in (b"Td", b"TD") and len(nums) >= 2:
            if op == b"TD":
                g.leading = -nums[-1]
            tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, nums[-2], nums[-1]), tlm)
        elif op == b"Tm" and len(nums) >= 6:
            tm = tlm = tuple(nums[-6:])  # type: ignore[assignment]
        elif op in (b"T*", b"'", b'"'):
            tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -g.leading), tlm)
            if op != b"T*" and operands:
                tm = _show(page, g, tm, [operands[-1]])
        elif op == b"Tj" and operands:
            tm = _show(page, g, tm, [operands[-1]])
        elif op == b"TJ" and operands and isinstance(operands[-1], list):
            tm = _show(page, g, tm, operands[-1])
        operands = []


def _meet(
    a: tuple[float, float, float, float] | None, b: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    """The intersection of two areas (an empty one has x1 > x2 or y1 > y2)."""
    if a is None:
        return b
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def _paint(
    page: _Page,
    op: bytes,
    path: list[tuple[float, float]],
    lines: list[tuple[tuple[float, float], tuple[float, float]]],
    g: _Graphics,
) -> None:
    if op in (b"S", b"s"):
        # a stroke covers only along its lines: a rectangle's outline does not cover its inside
        scale = math.sqrt(abs(g.ctm[0] * g.ctm[3] - g.ctm[1] * g.ctm[2])) or 1.0
        half = max(g.line * scale / 2, 0.25)
        for start, stop in lines:
            x1, y1, x2, y2 = _path_area([start, stop], g.ctm)
            page.cover(_meet(g.clip, (x1 - half, y1 - half, x2 + half, y2 + half)), "a line")
        return
    area = _meet(g.clip, _path_area(path, g.ctm))
    page.cover(area, "a filled shape")
    page.fills.append((area, g.fill))


def _xobject(
    reader: _Reader, page: _Page, resources: Any, name: Name, g: _Graphics, depth: int
) -> None:
    xobjects = resources.get("/XObject") if resources is not None else None
    target = xobjects.get_object().get(name.decode("latin-1")) if xobjects else None
    if target is None or depth >= _MAX_DEPTH:
        return
    target = target.get_object()
    if target.get("/Subtype") == "/Image":
        page.image(g)
        return
    if target.get("/Subtype") != "/Form":
        return
    inner = g.copy()
    matrix = target.get("/Matrix")
    if matrix is not None:
        inner.ctm = _mul(tuple(float(v) for v in matrix), g.ctm)  # type: ignore[arg-type]
    own = target.get("/Resources")
    _run(reader, page, target.get_data(), own if own is not None else resources, inner, depth + 1)


def _decode(font: _Font, items: list[Any]) -> str:
    step = 2 if font.two_bytes else 1
    return "".join(
        font.table.get(code, chr(code) if step == 1 else "\ufffd")
        for item in items
        if isinstance(item, bytes) and not isinstance(item, Name)
        for code in (
            int.from_bytes(item[i : i + step], "big") for i in range(0, len(item) - step + 1, step)
        )
    )


def _show(page: _Page, g: _Graphics, tm: Matrix, items: list[Any]) -> Matrix:
    """Place the glyphs of one text-showing operator; check them; return the new matrix."""
    font = g.font
    if font is None:
        return tm
    run = len(page.runs)
    page.runs.append((font, items))
    render = _mul(tm, g.ctm)
    a, b, c, d, e, f = render
    size, scale, spacing = g.size, g.scale, g.spacing
    widths, default, blank = font.widths, font.default / 1000, font.blank
    step = 2 if font.two_bytes else 1
    up = g.rise + 0.3 * size
    bands = page.bands
    tx = 0.0
    first: tuple[float, float] | None = None
    dx = dy = 0.0
    clip = g.clip
    clipped = crowded = False
    cells = page.cells if g.alpha >= 0.2 else {}  # faint furniture is drawn under text
    height0 = size * math.sqrt(abs(a * d - b * c))
    near_x = near_y = 0.25 * height0
    for item in items:
        if isinstance(item, float):
            tx -= item / 1000 * size * scale
            continue
        if not isinstance(item, bytes) or isinstance(item, Name):
            continue
        for i in range(0, len(item) - step + 1, step):
            code = item[i] if step == 1 else (item[i] << 8) | item[i + 1]
            width = widths.get(code, default * 1000) / 1000
            if code not in blank:
                x = tx + width * size * scale / 2
                dx, dy = x * a + up * c + e, x * b + up * d + f
                if first is None:
                    first = (dx, dy)
                bands.setdefault(int(dy // _BAND), []).append((dx, dy, run))
                if clip is not None and not (clip[0] <= dx <= clip[2] and clip[1] <= dy <= clip[3]):
                    clipped = True
                cell = (int(dx // _CELL), int(dy // _CELL))
                for near in _NEAR:
                    other = cells.get((cell[0] + near[0], cell[1] + near[1]))
                    if (
                        other is not None
                        and other[2] != run
                        and abs(other[0] - dx) < near_x
                        and abs(other[1] - dy) < near_y
                    ):
                        crowded = True
                cells[cell] = (dx, dy, run)
            tx += (width * size + spacing + (g.word if step == 1 and code == 32 else 0)) * scale
    moved = _mul((1.0, 0.0, 0.0, 1.0, tx, 0.0), tm)
    if first is None:
        return moved
    if g.mode in (3, 7):
        return moved  # invisible text is not printed text: the page-text reader leaves it out
    if g.mode >= 4:
        page.tell(run, f"used as a clipping path (render mode {g.mode}), hiding what follows")
    height = size * math.sqrt(abs(a * d - b * c))
    if height < _MIN_SIZE:
        page.tell(run, f"drawn {height:.1f} pt high, too small to read")
    if scale < 0.5 or spacing < -0.3 * size:
        page.tell(run, "squeezed: its letters are drawn over each other")
    if clipped:
        page.tell(run, "cut away by a clipping path")
    if crowded:
        page.tell(run, "drawn over other text")
    x1, y1, x2, y2 = page.box
    for px, py in (first, (dx, dy)):
        if not (x1 <= px <= x2 and y1 <= py <= y2):
            page.tell(run, f"off the page at ({px:.0f}, {py:.0f}), outside its crop box")
    if g.alpha < 0.2 or _alike(g.fill, page.behind(*first)):
        page.tell(run, "unseen: drawn in the colour of what is behind it")
    return moved
