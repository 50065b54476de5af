"""What hides a page's text from a reader while its text still reads back: ``verify`` checks it.

Text extraction sees every glyph a page draws, even one painted over later, drawn too small
to read, off the paper, or in the colour of what is behind it. A forger who wants "Does not
meet" to read "Does meet" on screen need not edit the text: a white box over "not" does it.
This module follows a page's content stream (the graphics state, the clip, the text
positions from the fonts' widths, and every fill, stroke, image and shading) and names the
text so hidden:

- **covered**: a fill, a stroke (along its lines and curves), an image or a shading drawn
  after a glyph, over the glyph's centre (a third of the way up, half-way along its advance);
- **cut away**: a glyph whose centre lies outside the clip it is drawn in;
- **drawn over other text**: a glyph drawn where another one already is (combining marks,
  which sit on their letter, aside);
- **too small**, **squeezed** or **off the page**: under 3 pt high, at under half its width
  or with its letters drawn over each other, or outside the crop box;
- **unseen**: drawn in the colour of the fill behind it (the page is white), nearly
  transparent, through a soft mask or a blend mode, in a colour space this reader cannot
  read, or used as a clipping path (render modes 4 to 7);
- **disguised**: glyphs that read back as white space but draw something (a forger's copy
  of a font whose map reads "Meets" as five spaces);
- **out of reading order**: text moved on the page without changing the order it is drawn
  in (two scores swapped between rows), seen where it leaves the line it is drawn along.

Raster images are listed (a report draws none) but for a colour emoji, which WeasyPrint draws
as an image right after its glyph. A report's own pages never do any of this but for the DRAFT
mark, drawn first and faintly behind everything: the caller names it, and it is only held to
being there (not invisible, not cut away, not off the page).

Kept whole (about 560 lines): one interpreter of content streams whose graphics state, text
placement and paint checks share the page's record of what is drawn where.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rcr_checklist.files.pdf_syntax import Name, content_tokens, to_unicode

__all__ = ["Hidden", "PaintReader"]

_MIN_SIZE = 3.0  # points: smaller text cannot be read on paper or at 100 % zoom
_MAX_DEPTH = 6
_BAND = 4.0  # points: the height of the buckets glyph centres are kept in
_CELL = 2.0  # points: the grid that finds glyphs drawn over glyphs
_NEAR = [(i, j) for i in (-1, 0, 1) for j in (-1, 0, 1)]
_FAINT = 0.2  # fill opacity under which text is not read as printed
_CONTRAST = 0.15  # text this close to the colour behind it (0-1 a channel) is not read
_INVISIBLE = 0.05  # ... and under which even the DRAFT mark is gone
_POINTS = " (points from the page's bottom left)"
_DEVICE = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4, "/CalGray": 1, "/CalRGB": 3}
_FURNITURE_KINDS = frozenset({"covered", "drawn", "faint"})  # what the DRAFT mark may be

Area = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_UNIT = [(0.0, 0.0), (1.0, 1.0), (0.0, 1.0), (1.0, 0.0)]


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


def _bounds(points: list[tuple[float, float]], ctm: Matrix) -> Area:
    device = [_apply(ctm, x, y) for x, y in points]
    xs = [p[0] for p in device]
    ys = [p[1] for p in device]
    return (min(xs), min(ys), max(xs), max(ys))


def _meet(a: Area | None, b: Area) -> Area:
    """The intersection of two areas (an empty one has x1 > x2 or y1 > y2)."""
    if a is None:
        return b
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def _inside(area: Area, x: float, y: float) -> bool:
    return area[0] <= x <= area[2] and area[1] <= y <= area[3]


@dataclass(frozen=True)
class Hidden:
    """Text a page draws where a reader cannot see it.

    Attributes:
        text: the run of text concerned (at most 40 characters, then "…").
        how: how it is hidden, in plain words ("covered by a filled shape drawn over it at
            [x1, y1, x2, y2] (points from the page's bottom left)", "drawn 0.8 pt high, too
            small to read", ...).
        order: the run's place in the page's drawing order (0 first).
    """

    text: str
    how: str
    order: int = 0


@dataclass
class _Font:
    table: dict[int, str]
    widths: dict[int, float]
    default: float
    two_bytes: bool
    program: Any = None  # the font dictionary, for the glyph check (loaded only if needed)
    blank: frozenset[int] = frozenset()  # codes that read as white space
    marks: frozenset[int] = frozenset()  # codes that read as combining marks only
    rtl: frozenset[int] = frozenset()  # codes that read as right-to-left letters
    suspect: frozenset[int] = frozenset()  # white-space codes a forger could have remapped
    drawn: dict[int, bool] = field(default_factory=dict)  # code -> its glyph draws ink

    def __post_init__(self) -> None:
        self.blank = frozenset(code for code, text in self.table.items() if text.isspace())
        self.marks = frozenset(
            code
            for code, text in self.table.items()
            if text and all(unicodedata.category(c) in ("Mn", "Me", "Mc") for c in text)
        )
        self.rtl = frozenset(  # letters only: a right-to-left mark (U+200F) draws nothing
            code
            for code, text in self.table.items()
            if any(
                unicodedata.bidirectional(c) in ("R", "AL") and unicodedata.category(c)[0] == "L"
                for c in text
            )
        )
        seen: dict[str, list[int]] = {}
        for code in self.blank:
            seen.setdefault(self.table[code], []).append(code)
        self.suspect = frozenset(
            code
            for text, codes in seen.items()
            for code in codes
            if len(codes) > 1 or text not in (" ", "\u00a0")
        )


@dataclass(frozen=True)
class _Clip:
    """One clipping path: its bounds, and its polygons when it has holes or several parts."""

    bounds: Area
    polygons: tuple[tuple[tuple[float, float], ...], ...] = ()
    even_odd: bool = False
    empty: bool = False  # it encloses (next to) no area: nothing drawn through it shows

    def holds(self, x: float, y: float) -> bool:
        if self.empty or not _inside(self.bounds, x, y):
            return False
        if not self.polygons:
            return True
        winding = 0
        for polygon in self.polygons:
            for (ax, ay), (bx, by) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
                if (ay <= y) != (by <= y):
                    cross = ax + (y - ay) * (bx - ax) / (by - ay)
                    if cross > x:
                        winding += 1 if by > ay else -1
        return winding % 2 == 1 if self.even_odd else winding != 0


def _clip(path: _Path, ctm: Matrix, even_odd: bool) -> _Clip:
    """The clip a path makes (one part: its bounds; several: its polygons and fill rule)."""
    bounds = _bounds(path.points, ctm)
    parts = [part for part in path.subpaths if len(part) > 2]
    polygons = tuple(tuple(_apply(ctm, x, y) for x, y in part) for part in parts)
    enclosed = sum(abs(_area(polygon)) for polygon in polygons)
    box = max(0.0, bounds[2] - bounds[0]) * max(0.0, bounds[3] - bounds[1])
    empty = enclosed < 0.5 or enclosed < 0.01 * box  # a sliver: a forger's "clip to nothing"
    if len(parts) < 2:
        return _Clip(bounds, empty=empty)
    return _Clip(bounds, polygons, even_odd, empty)


def _area(polygon: tuple[tuple[float, float], ...]) -> float:
    """The signed area of a polygon (the shoelace formula), in square points."""
    return 0.5 * sum(
        ax * by - bx * ay
        for (ax, ay), (bx, by) in zip(polygon, polygon[1:] + polygon[:1], strict=True)
    )


@dataclass
class _Graphics:
    ctm: Matrix = _IDENTITY
    fill: tuple[float, ...] | None = (0.0, 0.0, 0.0)
    stroke: tuple[float, ...] | None = (0.0, 0.0, 0.0)
    fill_space: str = ""  # "" for a device colour space, else its family (Separation, ...)
    stroke_space: str = ""
    alpha: float = 1.0
    stroke_alpha: float = 1.0
    masked: bool = False
    transfer: bool = False  # a transfer function remaps the colours drawn
    blend: str = ""
    line: float = 1.0
    font: _Font | None = None
    size: float = 0.0
    spacing: float = 0.0
    word: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    mode: int = 0
    clips: tuple[_Clip, ...] = ()  # every one must hold a point for it to be drawn

    def copy(self) -> _Graphics:
        return _Graphics(**self.__dict__)

    def clip_bounds(self) -> Area | None:
        bounds: Area | None = None
        for layer in self.clips:
            bounds = _meet(bounds, layer.bounds)
        return bounds

    def clipped(self, x: float, y: float) -> bool:
        return any(not layer.holds(x, y) for layer in self.clips)


@dataclass
class _Run:
    font: _Font
    items: list[Any]
    alpha: float


@dataclass
class _Page:
    """What has been drawn so far: glyph centres (by height band) and fills (for colours)."""

    box: Area
    runs: list[_Run] = field(default_factory=list)
    bands: dict[int, list[tuple[float, float, int, int]]] = field(default_factory=dict)
    cells: dict[tuple[int, int], tuple[float, float, int]] = field(default_factory=dict)
    fills: list[tuple[Area, tuple[float, ...] | None]] = field(default_factory=list)
    found: list[tuple[int, str, str]] = field(default_factory=list)  # run, kind, how
    told: set[tuple[int, str]] = field(default_factory=set)
    images: list[Area] = field(default_factory=list)
    starts: list[tuple[int, float, float, float, bool]] = field(default_factory=list)

    def tell(self, run: int, kind: str, how: str) -> None:
        if (run, kind) not in self.told:
            self.told.add((run, kind))
            self.found.append((run, kind, how))

    def text(self, run: int) -> str:
        item = self.runs[run]
        return _decode(item.font, item.items)

    def glyphs_under(self, area: Area) -> Iterator[tuple[float, float, int, int]]:
        """The glyphs drawn so far whose centres ``area`` holds: (x, y, run, code)."""
        x1, y1, x2, y2 = area
        if x2 - x1 <= 0 or y2 - y1 <= 0:
            return
        for band in range(int(y1 // _BAND), int(y2 // _BAND) + 1):
            for x, y, run, code in self.bands.get(band, ()):
                if x1 <= x <= x2 and y1 <= y <= y2:
                    yield x, y, run, code

    def cover(self, area: Area, what: str) -> None:
        """Report the glyphs drawn before whose centres ``area`` covers."""
        for _, _, run, _ in self.glyphs_under(area):
            shown = ", ".join(f"{v:.0f}" for v in area)
            self.tell(run, "covered", f"covered by {what} drawn over it at [{shown}]{_POINTS}")

    def cover_line(
        self, start: tuple[float, float], stop: tuple[float, float], half: float
    ) -> None:
        """Report the glyph centres within ``half`` of a stroked segment (device space)."""
        (ax, ay), (bx, by) = start, stop
        area = (min(ax, bx) - half, min(ay, by) - half, max(ax, bx) + half, max(ay, by) + half)
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        for x, y, run, _ in self.glyphs_under(area):
            t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length))
            if math.hypot(x - ax - t * dx, y - ay - t * dy) <= half:
                shown = ", ".join(f"{v:.0f}" for v in area)
                self.tell(run, "covered", f"covered by a line drawn over it at [{shown}]{_POINTS}")

    def behind(self, x: float, y: float) -> tuple[float, ...] | None:
        """The colour of the last fill under a point (white paper when none is)."""
        for area, colour in reversed(self.fills):
            if _inside(area, x, y):
                return colour
        return (1.0, 1.0, 1.0)

    def image(self, g: _Graphics) -> None:
        area = _bounds(_UNIT, g.ctm)
        bounds = g.clip_bounds()
        if bounds is not None:
            area = _meet(bounds, area)
        under = list(self.glyphs_under(area))
        if under and all(not _inks(self.runs[run].font, code) for _, _, run, code in under):
            return  # a colour emoji: its glyph has no outline, WeasyPrint draws it as an image
        self.images.append(area)
        self.cover(area, "an image")


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
        and max(abs(p - q) for p, q in zip(one, two, strict=True)) < _CONTRAST
    )


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


class _Reader:
    """Fonts and colour spaces, read once per document."""

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


def _space(resources: Any, name: Name) -> tuple[str, int]:
    """A colour space's family ("" for device-like spaces) and its number of components."""
    key = name.decode("latin-1")
    if key in _DEVICE:
        return "", _DEVICE[key]
    spaces = resources.get("/ColorSpace") if resources is not None else None
    entry = spaces.get_object().get(key) if spaces else None
    entry = entry.get_object() if entry is not None else None
    if entry is None:
        return key.lstrip("/"), 0
    family = str(
        entry[0] if hasattr(entry, "__getitem__") and not isinstance(entry, str) else entry
    )
    if family in _DEVICE:
        return "", _DEVICE[family]
    if family == "/ICCBased":
        return "", int(entry[1].get_object().get("/N", 3))
    return family.lstrip("/"), 0


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
            if hasattr(second, "__iter__"):
                for k, width in enumerate(second):
                    widths[int(first) + k] = float(width)
                i += 2
            elif i + 2 < len(items):
                for code in range(int(first), int(second) + 1):
                    widths[code] = float(items[i + 2])
                i += 3
            else:
                break
        return _Font(table, widths, default, True, descendant)
    first = int(font.get("/FirstChar", 0))
    for k, width in enumerate(font.get("/Widths", [])):
        widths[first + k] = float(width)
    return _Font(table, widths, 500.0, False, font)


def _inks(font: _Font, code: int) -> bool:
    """Whether a code's glyph draws anything (its outline has contours); True if unknown."""
    if code in font.drawn:
        return font.drawn[code]
    inked = True
    try:
        from fontTools.ttLib import TTFont

        descriptor = font.program["/FontDescriptor"].get_object()
        stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
        if stream is not None:
            program = TTFont(io.BytesIO(stream.get_object().get_data()), lazy=True)
            gid = code
            mapping = font.program.get("/CIDToGIDMap")
            if mapping is not None and not isinstance(mapping.get_object(), str):
                data = mapping.get_object().get_data()
                gid = int.from_bytes(data[2 * code : 2 * code + 2], "big")
            name = program.getGlyphName(gid)
            if "glyf" in program:
                inked = program["glyf"][name].numberOfContours != 0
            elif "CFF " in program:
                charstring = program["CFF "].cff.topDictIndex[0].CharStrings[name]
                inked = charstring.calcBounds(None) is not None
    except Exception:  # a font fontTools cannot read: assume it draws (reported)
        inked = True
    font.drawn[code] = inked
    return inked


class PaintReader:
    """Finds hidden text page by page; one reader serves one document (fonts are shared).

    Args:
        furniture: text drawn behind everything by design (the DRAFT mark): it is only held
            to being there (not invisible, not cut away, not off the page).

    Attributes:
        images: the areas (x1, y1, x2, y2, in points) of the raster images the last page
            read draws, colour emoji aside.
    """

    def __init__(self, furniture: str = "") -> None:
        self._reader = _Reader()
        self._keep = "".join(furniture.split())
        self.images: list[Area] = []

    def hidden(self, page: Any) -> list[Hidden]:
        """Find the text a page draws where a reader cannot see it.

        Args:
            page: a pypdf ``PageObject``.

        Returns:
            One :class:`Hidden` per run of text and way it is hidden, in drawing order. A
            page this reader cannot follow (a broken stream) gives what was found before
            the break (the text comparison sees the rest).
        """
        crop = [float(v) for v in page.cropbox]
        box = (min(crop[::2]), min(crop[1::2]), max(crop[::2]), max(crop[1::2]))
        state = _Page(box)
        self.images = state.images
        try:
            contents = page.get_contents()
            data = contents.get_data() if contents is not None else b""
            _run(self._reader, state, data, page.get("/Resources"), _Graphics(), 0)
            _reading_order(state)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, ZeroDivisionError):
            pass
        out: list[Hidden] = []
        for run, kind, how in state.found:
            text = state.text(run)
            if self._keep and kind in _FURNITURE_KINDS and "".join(text.split()) == self._keep:
                continue
            shown = text if len(text) <= 40 else text[:39].rstrip() + "\u2026"
            out.append(Hidden(shown, how, run))
        return out


@dataclass
class _Path:
    subpaths: list[list[tuple[float, float]]] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = field(default_factory=list)
    rects: list[list[tuple[float, float]]] = field(default_factory=list)
    curved: bool = False  # not only rectangles
    start: tuple[float, float] = (0.0, 0.0)
    last: tuple[float, float] = (0.0, 0.0)

    def to(self, point: tuple[float, float]) -> None:
        self.segments.append((self.last, point))
        self.points.append(point)
        if not self.subpaths:
            self.subpaths.append([self.last])
        self.subpaths[-1].append(point)
        self.last = point


def _state(g: _Graphics, resources: Any, name: Name) -> None:
    states = resources.get("/ExtGState") if resources is not None else None
    entry = states.get_object().get(name.decode("latin-1")) if states else None
    if entry is None:
        return
    entry = entry.get_object()
    if "/ca" in entry:
        g.alpha = float(entry["/ca"])
    if "/CA" in entry:
        g.stroke_alpha = float(entry["/CA"])
    if "/SMask" in entry:
        g.masked = str(entry["/SMask"]) != "/None"
    if "/BM" in entry:
        mode = entry["/BM"]
        mode = mode[0] if isinstance(mode, list) and mode else mode
        g.blend = "" if str(mode) in ("/Normal", "/Compatible") else str(mode).lstrip("/")
    for key in ("/TR", "/TR2"):
        if key in entry and str(entry[key]) not in ("/Identity", "/Default"):
            g.transfer = True
    if "/LW" in entry:
        g.line = float(entry["/LW"])


def _run(
    reader: _Reader, page: _Page, data: bytes, resources: Any, graphics: _Graphics, depth: int
) -> None:
    stack: list[_Graphics] = []
    operands: list[Any] = []
    path = _Path()
    clip = clip_rule = False
    tm: Matrix = _IDENTITY
    tlm: Matrix = _IDENTITY
    g = graphics
    for kind, value in content_tokens(data):
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
            g.fill, g.fill_space = tuple(nums[-{b"g": 1, b"rg": 3, b"k": 4}[op] :]), ""
        elif op in (b"G", b"RG", b"K"):
            g.stroke, g.stroke_space = tuple(nums[-{b"G": 1, b"RG": 3, b"K": 4}[op] :]), ""
        elif op in (b"cs", b"CS") and operands and isinstance(operands[-1], Name):
            family, _ = _space(resources, operands[-1])
            if op == b"cs":
                g.fill, g.fill_space = None, family
            else:
                g.stroke, g.stroke_space = None, family
        elif op in (b"sc", b"scn"):
            g.fill = tuple(nums) if not g.fill_space and len(nums) in (1, 3, 4) else None
        elif op in (b"SC", b"SCN"):
            g.stroke = tuple(nums) if not g.stroke_space and len(nums) in (1, 3, 4) else None
        elif op == b"gs" and operands and isinstance(operands[-1], Name):
            _state(g, resources, operands[-1])
        elif op == b"m" and len(nums) >= 2:
            path.start = path.last = (nums[-2], nums[-1])
            path.points.append(path.last)
            path.subpaths.append([path.last])
        elif op == b"l" and len(nums) >= 2:
            path.to((nums[-2], nums[-1]))
            path.curved = True
        elif op in (b"c", b"v", b"y") and len(nums) >= 4:
            for i in range(len(nums) % 2, len(nums), 2):
                path.to((nums[i], nums[i + 1]))  # the control polygon holds the curve
            path.curved = True
        elif op == b"h":
            path.to(path.start)
        elif op == b"re" and len(nums) >= 4:
            x, y, w, h = nums[-4:]
            corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
            path.rects.append(corners)
            path.subpaths.append(list(corners))
            path.points.extend(corners)
            path.segments.extend(zip(corners, corners[1:] + corners[:1], strict=True))
            path.start = path.last = (x, y)
        elif op in (b"W", b"W*"):
            clip, clip_rule = True, op == b"W*"
        elif op in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"n"):
            if path.points and op != b"n":
                _paint(page, op, path, g)
            if clip and path.points:
                g.clips = (*g.clips, _clip(path, g.ctm, clip_rule))
            path, clip = _Path(), False
        elif op == b"sh":
            bounds = g.clip_bounds()
            page.cover(page.box if bounds is None else _meet(bounds, page.box), "a shading")
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


def _paint(page: _Page, op: bytes, path: _Path, g: _Graphics) -> None:
    if any(layer.empty for layer in g.clips):
        return  # clipped to nothing: nothing is painted (and it is no background)
    bounds = g.clip_bounds()
    if op not in (b"S", b"s") and g.alpha > _INVISIBLE:
        areas = (
            [_bounds(path.points, g.ctm)]
            if path.curved or not path.rects
            else [_bounds(r, g.ctm) for r in path.rects]
        )
        for area in areas:
            shown = area if bounds is None else _meet(bounds, area)
            if shown[2] <= shown[0] or shown[3] <= shown[1]:
                continue  # clipped to nothing: nothing is painted
            page.cover(shown, "a filled shape")
            page.fills.append((shown, g.fill if not g.fill_space else None))
    if op in (b"S", b"s", b"B", b"B*", b"b", b"b*") and g.stroke_alpha > _INVISIBLE:
        # a stroke covers only along its lines: a rectangle's outline does not cover inside
        scale = math.sqrt(abs(g.ctm[0] * g.ctm[3] - g.ctm[1] * g.ctm[2])) or 1.0
        half = max(g.line * scale / 2, 0.25)
        for start, stop in path.segments:
            a, b = _apply(g.ctm, *start), _apply(g.ctm, *stop)
            if bounds is not None and not _inside(bounds, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2):
                continue  # the line is drawn outside the clip
            page.cover_line(a, b, half)


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


def _visibility(page: _Page, g: _Graphics, run: int, at: tuple[float, float]) -> None:
    """Say whether a run's colour, opacity, mask or blend mode hides it from a reader."""
    mode = g.mode % 4
    uses_fill, uses_stroke = mode in (0, 2), mode in (1, 2)
    spaces = [s for s, used in ((g.fill_space, uses_fill), (g.stroke_space, uses_stroke)) if used]
    if any(spaces):
        family = next(s for s in spaces if s)
        page.tell(run, "colour", f"unseen: drawn in a {family} colour this check cannot read")
    if g.masked:
        page.tell(run, "mask", "unseen: drawn through a soft mask")
    if g.transfer:
        page.tell(run, "transfer", "unseen: drawn through a transfer function")
    if g.blend:
        page.tell(run, "blend", f"unseen: drawn with the blend mode {g.blend}")
    behind = page.behind(*at)
    seen = [
        (colour, alpha)
        for colour, alpha, used in (
            (g.fill, g.alpha, uses_fill),
            (g.stroke, g.stroke_alpha, uses_stroke),
        )
        if used
    ]
    best = max(alpha for _, alpha in seen)
    if best < _INVISIBLE:
        page.tell(run, "invisible", "unseen: drawn fully transparent")
    elif best < _FAINT:
        page.tell(run, "faint", f"unseen: drawn at {best:.0%} opacity")
    elif all(_alike(colour, behind) for colour, _ in seen):
        page.tell(run, "unseen", "unseen: drawn in the colour of what is behind it")


def _show(page: _Page, g: _Graphics, tm: Matrix, items: list[Any]) -> Matrix:
    """Place the glyphs of one text-showing operator; check them; return the new matrix."""
    font = g.font
    if font is None:
        return tm
    run = len(page.runs)
    page.runs.append(_Run(font, items, g.alpha))
    render = _mul(tm, g.ctm)
    a, b, c, d, e, f = render
    size, scale, spacing = g.size, g.scale, g.spacing
    widths, default, blank, marks = font.widths, font.default, font.blank, font.marks
    step = 2 if font.two_bytes else 1
    up = g.rise + 0.3 * size
    height = size * math.sqrt(abs(a * d - b * c))
    near = 0.25 * height
    visible = g.mode % 4 != 3  # modes 3 and 7 draw nothing
    bands = page.bands if visible else {}
    cells = page.cells if visible and g.alpha >= _FAINT else {}  # faint marks lie under text
    clips = g.clips
    tx = 0.0
    first: tuple[float, float] | None = None
    dx = dy = 0.0
    cut = crowded = disguised = False
    outside: tuple[float, float] | None = None
    px1, py1, px2, py2 = page.box
    first_code = last_code = 0
    for item in items:
        if isinstance(item, float):
            tx -= item / 1000 * size * scale
            continue
        if not isinstance(item, bytes) or isinstance(item, Name):
            continue
        for i in range(0, len(item) - step + 1, step):
            code = item[i] if step == 1 else (item[i] << 8) | item[i + 1]
            width = widths.get(code, default) / 1000
            advance = (width * size + spacing + (g.word if step == 1 and code == 32 else 0)) * scale
            if code in blank:
                if visible and code in font.suspect and _inks(font, code):
                    disguised = True
                tx += advance
                continue
            x = tx + width * size * scale / 2
            dx, dy = x * a + up * c + e, x * b + up * d + f
            tx += advance
            if first is None:
                first, first_code = (dx, dy), code
            last_code = code
            if not visible:
                continue
            bands.setdefault(int(dy // _BAND), []).append((dx, dy, run, code))
            if not (px1 <= dx <= px2 and py1 <= dy <= py2) and not outside:
                outside = (dx, dy)
            if clips and not cut and g.clipped(dx, dy):
                cut = True
            if code in marks or not cells:
                continue  # a combining mark sits on its letter
            cell = (int(dx // _CELL), int(dy // _CELL))
            for i2, j2 in _NEAR:
                other = cells.get((cell[0] + i2, cell[1] + j2))
                if (
                    other is not None
                    and other[2] != run
                    and abs(other[0] - dx) < near
                    and abs(other[1] - dy) < near
                ):
                    crowded = True
            cells[cell] = (dx, dy, run)
    moved = _mul((1.0, 0.0, 0.0, 1.0, tx, 0.0), tm)
    if g.mode >= 4:
        page.tell(
            run, "clip", f"used as a clipping path (render mode {g.mode}), hiding what follows"
        )
    if disguised:
        page.tell(run, "disguised", "disguised: glyphs that read back as spaces draw something")
    if first is None or not visible:
        return moved  # invisible text is not printed text: the page-text reader leaves it out
    if height < _MIN_SIZE:
        page.tell(run, "small", f"drawn {height:.1f} pt high, too small to read")
    across = math.hypot(a, b) * scale  # how wide a glyph is drawn against how high
    if scale < 0.5 or spacing < -0.3 * size or across < 0.5 * math.hypot(c, d):
        page.tell(run, "squeezed", "squeezed: its letters are drawn over each other")
    if outside is not None:
        ox, oy = outside
        page.tell(run, "off", f"off the page at ({ox:.0f}, {oy:.0f}), outside its crop box")
    if cut:
        page.tell(run, "cut", "cut away by a clipping path")
    if crowded:
        page.tell(run, "drawn", "drawn over other text")
    _visibility(page, g, run, first)
    if g.alpha >= _FAINT:
        bidi = bool(font.rtl) and (first_code in font.rtl or last_code in font.rtl)
        page.starts.append((run, first[0], first[1], height, bidi))
    return moved


def _reading_order(page: _Page) -> None:
    """Name text drawn out of reading order: back up and to the left, or leftwards on a line.

    A page draws its text as it reads: along a line left to right, lines downwards, the
    next cell or column of a row to the right of the one before (back up to the row's top).
    Text drawn above and to the left of the text before it, to its left on the same line,
    or off the line that the text before and after it share, was moved there (two scores
    swapped between rows keep the order the words are compared in). Right-to-left text,
    and the running header and footer in the page's top and bottom tenths (drawn after the
    body), are not held to it.
    """
    x1, y1, x2, y2 = page.box
    band = (y2 - y1) / 10
    body = [item for item in page.starts if y1 + band < item[2] < y2 - band]
    said = "out of reading order: moved from where the text around it runs"
    for before, after in zip(body, body[1:], strict=False):
        _, bx, by, bh, brtl = before
        run, ax, ay, ah, artl = after
        if brtl or artl:
            continue
        size = max(bh, ah)
        left = ax < bx - size
        if left and (ay > by + 0.8 * size or abs(ay - by) < 0.3 * size):
            page.tell(run, "order", said)
    # a run between two of one line, along it, but off it: moved up or down from that line
    for before, middle, after in zip(body, body[1:], body[2:], strict=False):
        if before[4] or middle[4] or after[4]:
            continue
        size = max(before[3], middle[3], after[3])
        if (
            abs(before[2] - after[2]) < 0.3 * size
            and before[1] < middle[1] < after[1]
            and abs(middle[2] - before[2]) > 1.5 * size
        ):
            page.tell(middle[0], "order", said)
