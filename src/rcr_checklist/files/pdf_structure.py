"""What a report PDF holds besides its pages' own content: anything drawn or run on top.

A report made by this tool has one revision, no form fields, no optional content, no
scripts or actions, no annotations other than links, and one attachment (``assessment.json``).
A PDF signature adds one revision with a signature field and its invisible widget, and a
document security store. Anything else was added by someone else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rcr_checklist.limits import ATTACHMENT_NAME

__all__ = [
    "Extras",
    "Layout",
    "Link",
    "PageLayout",
    "count_revisions",
    "find_extras",
    "read_layout",
]

_REVISION_END = re.compile(rb"startxref\s+\d+\s+%%EOF")
_LINEARIZED = re.compile(
    rb"\A%PDF-[^\n\r]*[\r\n]+(?:%[^\n\r]*[\r\n]+)?\s*\d+\s+\d+\s+obj\s*<<(.{0,400}?)>>", re.S
)
_FIRST_PAGE_END = re.compile(rb"/E\s+(\d+)")
_WEB_SCHEMES = ("http:", "https:", "mailto:")
_LINK_ACTIONS = frozenset({"/GoTo", "/URI"})
_CATALOG_EXTRAS = {
    "/OCProperties": "optional content (layers that a viewer may show or hide)",
    "/OpenAction": "an action run when the file is opened",
    "/AA": "actions run on document events",
    "/Collection": "a portfolio (a collection of files)",
}


@dataclass(frozen=True)
class Extras:
    """What was found on top of the pages.

    Attributes:
        problems: one readable line each, naming the page where one applies.
        signature_fields: how many signature fields the form holds (each may be checked by
            the signature validation; they are not problems in themselves).
    """

    problems: list[str]
    signature_fields: int


def count_revisions(raw: bytes) -> int:
    """Count the revisions of a PDF: the saved file plus each incremental update.

    A re-save (qpdf, pypdf, a linearized copy) writes one revision; an incremental update
    appends a cross-reference section and an end-of-file marker to the bytes as they were.

    Args:
        raw: the file's bytes.

    A linearized file (its first object a ``/Linearized`` dictionary) is one save with two
    cross-reference sections: the first page's section has its own ``startxref ... %%EOF``
    (MuPDF writes one; qpdf does not), which is not an update. An update appended later
    still counts.

    Returns:
        The number of ``startxref ... %%EOF`` endings, at least 1, less a linearized
        file's first-page ending (one before the end of the first page, ``/E``).
    """
    ends = [m.end() for m in _REVISION_END.finditer(raw)]
    head = _LINEARIZED.match(raw[:2048])
    if head is not None and b"/Linearized" in head.group(1) and len(ends) > 1:
        first_page = _FIRST_PAGE_END.search(head.group(1))
        if first_page is not None and ends[0] <= int(first_page.group(1)):
            ends = ends[1:]
    return max(1, len(ends))


def _text_of(value: Any, limit: int = 60) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _annotation_problem(number: int, annot: Any) -> str | None:
    """Say what an annotation adds to page ``number``, or None for one of the tool's links."""
    subtype = str(annot.get("/Subtype", "/?"))
    if subtype == "/Link" and "/AP" not in annot:
        action = annot.get("/A")
        action = action.get_object() if action is not None else None
        if action is None and "/Dest" in annot:
            return None
        if action is not None and str(action.get("/S")) in _LINK_ACTIONS and "/Next" not in action:
            uri = str(action.get("/URI", "")) if str(action.get("/S")) == "/URI" else ""
            if not uri or uri.strip().lower().startswith(_WEB_SCHEMES):
                return None
            return f"page {number}: a link to {_text_of(uri)!r} (not a web address) is on the page"
    if subtype == "/Widget" and _field_type(annot) == "/Sig" and _invisible(annot):
        return None
    shown = annot.get("/Contents") or annot.get("/T") or ""
    what = f"a {subtype.lstrip('/')} annotation"
    if shown:
        what += f" {_text_of(shown)!r}"
    return f"page {number}: {what} is drawn on top of the page"


def _field_type(annot: Any) -> str:
    """The field type of a widget (merged with its field, or from its parent field)."""
    if "/FT" in annot:
        return str(annot["/FT"])
    parent = annot.get("/Parent")
    return str(parent.get_object().get("/FT", "")) if parent is not None else ""


def _invisible(annot: Any) -> bool:
    """True for a signature widget with no area (an invisible signature)."""
    try:
        x1, y1, x2, y2 = (float(v) for v in annot.get("/Rect", [0, 0, 0, 0]))
    except (TypeError, ValueError):
        return False
    return abs(x2 - x1) < 1e-6 or abs(y2 - y1) < 1e-6


def _fields(acroform: Any) -> Iterator[Any]:
    stack = list(acroform.get("/Fields", []) or [])
    seen = 0
    while stack and seen < 10_000:
        seen += 1
        field = stack.pop().get_object()
        kids = field.get("/Kids")
        if kids and not all("/Subtype" in k.get_object() for k in kids):
            stack.extend(kids)
            continue
        yield field


def find_extras(reader: Any, attachments: tuple[str, ...]) -> Extras:
    """Find everything a report holds that this tool does not write.

    Args:
        reader: a pypdf ``PdfReader`` of the file.
        attachments: the names of its embedded files.

    Returns:
        The problems (one line each) and the number of signature fields.
    """
    problems: list[str] = []
    root = reader.trailer["/Root"].get_object()
    for key, what in _CATALOG_EXTRAS.items():
        if key in root:
            problems.append(f"document: {what}")
    names = root.get("/Names")
    names = names.get_object() if names is not None else {}
    if "/JavaScript" in names:
        problems.append("document: JavaScript")
    problems.extend(
        f"document: an embedded file {_text_of(name)!r} besides {ATTACHMENT_NAME}"
        for name in attachments
        if name != ATTACHMENT_NAME
    )
    signature_fields = 0
    acroform = root.get("/AcroForm")
    if acroform is not None:
        acroform = acroform.get_object()
        if "/XFA" in acroform:
            problems.append("document: an XFA form")
        for field in _fields(acroform):
            if str(field.get("/FT", "")) == "/Sig":
                signature_fields += 1
            else:
                label = _text_of(field.get("/T", "")) or "unnamed"
                problems.append(f"document: a form field {label!r}")
    for number, page in enumerate(reader.pages, start=1):
        problems.extend(_geometry_problems(number, page))
        if "/AA" in page:
            problems.append(f"page {number}: actions run when the page is shown")
        for ref in page.get("/Annots", []) or []:
            problem = _annotation_problem(number, ref.get_object())
            if problem:
                problems.append(problem)
    return Extras(problems, signature_fields)


def _box(box: Any) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = (float(v) for v in box)
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def _geometry_problems(number: int, page: Any) -> list[str]:
    """A turned page, or one cut smaller than its paper (the tool writes neither)."""
    out: list[str] = []
    rotation = int(page.rotation or 0) % 360
    if rotation:
        out.append(f"page {number}: the page is turned by {rotation} degrees")
    media, crop = _box(page.mediabox), _box(page.cropbox)
    inside = tuple(
        max(a, b) if i < 2 else min(a, b) for i, (a, b) in enumerate(zip(crop, media, strict=True))
    )
    if any(abs(a - b) > 0.5 for a, b in zip(inside, media, strict=True)):
        shown = ", ".join(f"{v:g}" for v in inside)
        out.append(f"page {number}: the page is cut to a part of it (crop box {shown})")
    return out


@dataclass(frozen=True)
class Link:
    """A link annotation: where it sits and where it goes.

    Attributes:
        rect: its area (x1, y1, x2, y2) in PDF points, normalised.
        target: ``uri <address>``, ``page <n>`` (1-based), ``destination <name>`` or
            ``action <type>``.
    """

    rect: tuple[float, float, float, float]
    target: str


@dataclass(frozen=True)
class PageLayout:
    """What a viewer takes from a page besides its content.

    Attributes:
        boxes: the effective media, crop, trim, art and bleed boxes, in PDF points.
        rotate: the page's rotation in degrees (0, 90, 180, 270).
        user_unit: the size of a unit in 1/72 inch (1.0 by default).
        links: the page's link annotations, in order.
    """

    boxes: dict[str, tuple[float, float, float, float]]
    rotate: int
    user_unit: float
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Layout:
    """The reader-visible structure of a PDF besides its pages' text.

    Attributes:
        pages: one per page.
        outline: the bookmark titles, depth first in order.
        page_labels: the label of each page as a viewer shows it.
        title: the document information's ``/Title`` ("" if none).
        xmp_title: the XMP metadata's ``dc:title`` ("" if none).
    """

    pages: tuple[PageLayout, ...]
    outline: tuple[str, ...]
    page_labels: tuple[str, ...]
    title: str
    xmp_title: str


def _link_target(annot: Any, pages: dict[int, int]) -> str:
    action = annot.get("/A")
    action = action.get_object() if action is not None else None
    dest: Any = annot.get("/Dest")
    if action is not None:
        kind = str(action.get("/S", "/?"))
        if kind == "/URI":
            return f"uri {_text_of(action.get('/URI', ''), 120)}"
        if kind != "/GoTo":
            return f"action {kind.lstrip('/')}"
        dest = action.get("/D")
    if dest is None:
        return "nothing"
    dest = dest.get_object() if hasattr(dest, "get_object") else dest
    if isinstance(dest, list) and dest:
        ref = getattr(dest[0], "idnum", None)
        return f"page {pages[ref] + 1}" if ref in pages else "page ?"
    return f"destination {_text_of(dest)}"


def _titles(outline: Any) -> Iterator[str]:
    for item in outline:
        if isinstance(item, list):
            yield from _titles(item)
        else:
            yield _text_of(item.get("/Title", ""), 120)


def read_layout(reader: Any) -> Layout:
    """Read what a viewer shows of a PDF besides its pages' text.

    Args:
        reader: a pypdf ``PdfReader`` of the file.

    Returns:
        Its pages' boxes, rotation, unit and links, its bookmarks, page labels and titles.
    """
    refs = {getattr(page.indirect_reference, "idnum", -1): i for i, page in enumerate(reader.pages)}
    pages: list[PageLayout] = []
    for page in reader.pages:
        links: list[Link] = []
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            if str(annot.get("/Subtype")) != "/Link":
                continue
            try:
                rect = _box(annot.get("/Rect", [0, 0, 0, 0]))
            except (TypeError, ValueError):
                rect = (0.0, 0.0, 0.0, 0.0)
            links.append(Link(rect, _link_target(annot, refs)))
        boxes = {
            name: _box(getattr(page, f"{name}box"))
            for name in ("media", "crop", "trim", "art", "bleed")
        }
        unit = page.get("/UserUnit")
        pages.append(
            PageLayout(
                boxes,
                int(page.rotation or 0) % 360,
                float(unit) if unit is not None else 1.0,
                tuple(links),
            )
        )
    meta = reader.metadata
    xmp = reader.xmp_metadata
    titles = (xmp.dc_title or {}) if xmp is not None else {}
    xmp_title = str(titles.get("x-default") or next(iter(titles.values()), ""))
    return Layout(
        tuple(pages),
        tuple(_titles(reader.outline)),
        tuple(reader.page_labels),
        _text_of((meta.title if meta is not None else None) or "", 200),
        _text_of(xmp_title, 200),
    )
