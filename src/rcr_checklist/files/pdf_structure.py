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

__all__ = ["Extras", "count_revisions", "find_extras"]

_REVISION_END = re.compile(rb"startxref\s+\d+\s+%%EOF")
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

    Returns:
        The number of ``startxref ... %%EOF`` endings, at least 1.
    """
    return max(1, len(_REVISION_END.findall(raw)))


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
            return None
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
        if "/AA" in page:
            problems.append(f"page {number}: actions run when the page is shown")
        for ref in page.get("/Annots", []) or []:
            problem = _annotation_problem(number, ref.get_object())
            if problem:
                problems.append(problem)
    return Extras(problems, signature_fields)
