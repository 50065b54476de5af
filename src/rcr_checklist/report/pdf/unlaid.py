"""What a report prints, read from WeasyPrint's boxes before layout: ``verify``'s quick proof.

``verify`` compares the printed words of a report, in order, with what its assessment renders
to; where lines and pages break is not compared (DESIGN, "Verification travels"). Laying the
report out and writing it again to read those words back is most of a ``verify`` (about four
fifths of it for a 20-page report). The words are known before layout: WeasyPrint's box tree
holds every text the pages draw, after the cascade, generated content, counters and
``text-transform``. What only layout knows is taken from a two-page sample with the same head
and running strings: the header and footer text, the page boxes, the page labels, the title.

The box tree gives the words in the order the pages draw them only for documents drawn in
tree order: no floats, positioned or transformed boxes (but the fixed DRAFT mark, drawn first
on every page), no list markers outside their item (drawn after the list), no links, form
fields, page-based counters in the body, clipped ellipses or text in images. A report that
uses any of them gets a reason in :attr:`Unlaid.hold`, and ``verify`` renders it in full.
``verify`` also renders in full whenever this quick comparison finds a difference, so the
difference it names is the full rendering's: the quick path can only say sooner that a
report is unchanged.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from rcr_checklist.report.pdf import prepared

__all__ = ["Unlaid", "print_unlaid"]

_RUNNING = re.compile(r'<div class="running">.*?</div>', re.DOTALL)
# CSS that makes the body print something only layout knows (page numbers, leaders)
_LAYOUT_CONTENT = re.compile(r"target-counter|target-counters|target-text|leader\(")


@dataclass
class Unlaid:
    """The printed text of a report as its boxes give it, with what a two-page sample adds.

    Attributes:
        body: the text of the pages' content in drawing order, margins and the fixed
            DRAFT mark left out.
        furniture: the text of the fixed-position boxes, drawn first on every page.
        table_headers: the text of every table header row (repeated where a table
            continues on the next page).
        outline: the bookmark titles, in order.
        margins: the header and footer text of the sample's two pages ("Page 1 of 2",
            "Page 2 of 2" with the running strings), as :class:`Printed` margins.
        sample: the two-page sample as PDF bytes (its page boxes, labels and title).
        hold: why the box tree cannot stand for the pages ("" when it can).
        strings: how many boxes set a running string (``string-set``).
        images: whether the report draws a raster image (an ``<img>``; charts are SVG).
    """

    body: str = ""
    furniture: str = ""
    table_headers: frozenset[str] = frozenset()
    outline: tuple[str, ...] = ()
    margins: tuple[str, ...] = ()
    sample: bytes = b""
    hold: str = ""
    strings: int = 0
    images: bool = False
    _seen: set[int] = field(default_factory=set, repr=False)


def _text(box: Any) -> str:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return str(box.text)
    return "".join(_text(child) for child in getattr(box, "children", ()))


def _out_of_order(box: Any) -> str:
    """Why a box is not drawn where it stands in the tree ("" when it is)."""
    style = box.style
    tag = box.element_tag or "box"
    if tag.endswith("::marker") and style["list_style_position"] == "outside":
        return "a list marker is drawn outside its item"
    if style["float"] != "none":
        return f"{tag} floats"
    if style["position"] not in ("static", "fixed"):
        return f"{tag} is positioned"
    if style["transform"] and style["position"] != "fixed":
        return f"{tag} is transformed"
    if style["z_index"] != "auto" and style["position"] != "fixed":
        return f"{tag} has a z-index"
    if style["opacity"] < 1:
        return f"{tag} is translucent"
    if style["order"] != 0:
        return f"{tag} is reordered"
    if style["text_overflow"] != "clip":
        return f"{tag} may be cut with an ellipsis"
    if box.link is not None or box.is_input():
        return f"{tag} is a link or a form field"
    return ""


def _walk(box: Any, out: list[str], unlaid: Unlaid, fixed: bool) -> None:
    """Gather the text of ``box`` in drawing order; note what the tree cannot tell."""
    from weasyprint.formatting_structure import boxes

    if unlaid.hold:
        return
    style = box.style
    if style["position"] == "fixed" and not fixed:
        drawn: list[str] = []
        _walk(box, drawn, unlaid, True)
        unlaid.furniture += "".join(drawn)
        return
    reason = _out_of_order(box)
    if reason:
        unlaid.hold = reason
        return
    if style["bookmark_level"] != "none" and box.bookmark_label:
        if id(box.element) not in unlaid._seen:
            unlaid._seen.add(id(box.element))
            unlaid.outline += (str(box.bookmark_label),)
    if isinstance(box, boxes.TextBox):
        if style["visibility"] == "visible" and style["font_size"] > 0:
            out.append(box.text)
        return
    if isinstance(box, boxes.ReplacedBox):
        if _image_text(box):
            unlaid.hold = "an image draws text"
        if not str(box.element_tag).endswith("svg"):
            unlaid.images = True
        return
    if box.string_set and box.string_set != "none":
        unlaid.strings += 1
    if isinstance(box, boxes.TableRowGroupBox) and box.is_header:
        unlaid.table_headers |= {_text(box)}
    for child in getattr(box, "children", ()):
        _walk(child, out, unlaid, fixed)


def _image_text(box: Any) -> bool:
    """Whether an image draws text (an inline SVG with a ``<text>`` element)."""
    element = box.element
    return element is not None and any(
        str(node.tag).endswith("}text") for node in element.iter() if isinstance(node.tag, str)
    )


def _margin_texts(document: Any) -> tuple[str, ...]:
    from weasyprint.formatting_structure import boxes

    return tuple(
        "".join(
            _text(child) for child in page._page_box.children if isinstance(child, boxes.MarginBox)
        )
        for page in document.pages
    )


def _sample(html: str, strings: int) -> tuple[tuple[str, ...], bytes] | str:
    """Lay out a two-page document with the report's head and running strings.

    Args:
        html: the report HTML.
        strings: how many boxes of the report set a running string: the sample's running
            header must be all of them, or later pages could run other strings.

    Returns:
        Its margin texts and PDF bytes, or why it cannot be made.
    """
    body = html.find("<body")
    running = _RUNNING.search(html, body)
    if body < 0 or running is None:
        return "the report has no running header strings"
    start = html.index(">", body) + 1
    text = (
        html[:start]
        + running.group(0)
        + '<p>&#160;</p><p style="break-before: page">&#160;</p></body></html>'
    )
    source, sheets, fonts = prepared(text)
    document = source.render(stylesheets=sheets, font_config=fonts)
    setting = sum(
        1
        for page in document.pages
        for box in page._page_box.descendants()
        if box.string_set and box.string_set != "none"
    )
    if setting != strings:
        return "running strings are set outside the running header"
    pdf: bytes = document.write_pdf()
    return _margin_texts(document), pdf


@functools.lru_cache(maxsize=4)
def print_unlaid(html: str) -> Unlaid:
    """Read what report HTML prints from its boxes, without laying it out.

    Args:
        html: the report HTML, as ``render_html`` makes it.

    Returns:
        The text and the sample; :attr:`Unlaid.hold` says when the boxes cannot stand for
        the pages (then lay the report out: :func:`~rcr_checklist.report.pdf.print_for_verify`).
        The last few results are cached, as the full rendering's are.
    """
    from weasyprint import DEFAULT_OPTIONS
    from weasyprint.css.counters import CounterStyle
    from weasyprint.document import Document
    from weasyprint.formatting_structure.build import build_formatting_structure

    unlaid = Unlaid()
    head_end = html.find("</head>")
    if _LAYOUT_CONTENT.search(html, 0, head_end if head_end > 0 else len(html)):
        unlaid.hold = "the style sheet prints page numbers in the body"
        return unlaid
    source, sheets, fonts = prepared(html)
    options = {**DEFAULT_OPTIONS, "stylesheets": sheets}
    counters = CounterStyle()
    context = Document._build_layout_context(source, fonts, counters, {}, options)
    root = build_formatting_structure(
        source.etree_element,
        context.style_for,
        context.get_image_from_uri,
        source.base_url,
        context.target_collector,
        counters,
        context.footnotes,
    )
    out: list[str] = []
    _walk(root, out, unlaid, False)
    if unlaid.hold:
        return unlaid
    sample = _sample(html, unlaid.strings)
    if isinstance(sample, str):
        unlaid.hold = sample
        return unlaid
    unlaid.margins, unlaid.sample = sample
    unlaid.body = "".join(out)
    return unlaid
