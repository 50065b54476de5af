"""HTML to tagged PDF/A-3a with WeasyPrint: a fetcher serving only our own files, the attachment.

This is the only module that imports WeasyPrint; it is imported only when a PDF is made.

Kept whole (about 345 lines): the one module that imports WeasyPrint (DESIGN: WeasyPrint only
in report/pdf); making a PDF and reading a layout back for verify share its document set-up.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import mimetypes
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from rcr_checklist.files.pdf_text import printed_text
from rcr_checklist.files.resources import templates_dir
from rcr_checklist.report.native import load_weasyprint

load_weasyprint()  # before the imports below: it spares ctypes' slow library search

import weasyprint  # noqa: E402
from weasyprint.urls import URLFetcherResponse  # noqa: E402

__all__ = [
    "ATTACHMENT_NAME",
    "PDF_VARIANT",
    "OwnFilesFetcher",
    "Printed",
    "html_to_pdf",
    "prepared",
    "print_for_verify",
]

ATTACHMENT_NAME = "assessment.json"
# PDF/A-3a: PDF/A-3b plus a structure tree (headings, tables, figures with their text
# alternatives, reading order) and the document language; it keeps the attachment.
PDF_VARIANT = "pdf/a-3a"
_SERVED_SUFFIXES = frozenset({".css", ".svg", ".png", ".ttf", ".otf", ".woff", ".woff2"})

logging.getLogger("weasyprint").setLevel(logging.CRITICAL)  # refusals are expected, not news


class OwnFilesFetcher(weasyprint.URLFetcher):  # type: ignore[misc]
    """A WeasyPrint URL fetcher that serves our packaged templates, CSS and fonts only.

    Every other URL (``file:`` outside the templates folder, ``http(s):``, ``data:``, ``ftp:``,
    ...) is refused without any I/O; refused URLs are kept in :attr:`refused` for tests and
    diagnostics. Redirects are never followed, since nothing is fetched from a network.

    Args:
        root: the folder whose files may be served (default: the packaged templates).
    """

    def __init__(self, root: Path | None = None) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, timeout=1)
        self.root = (root or templates_dir()).resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """Serve ``url`` if it names one of our own files, else refuse it.

        Args:
            url: an absolute URL as WeasyPrint resolved it.
            headers: ignored (no HTTP is ever made).

        Returns:
            The file's bytes with a content type guessed from its suffix.

        Raises:
            ValueError: the URL is not one of our files (WeasyPrint then skips the resource).
        """
        path = self._own_file(url)
        if path is None:
            self.refused.append(url[:200])
            raise ValueError(
                f"refused to fetch {url[:80]!r}: only packaged report files are served"
            )
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    def _own_file(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(url2pathname(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        if not path.is_relative_to(self.root) or path.suffix.lower() not in _SERVED_SUFFIXES:
            return None
        return path if path.is_file() else None


_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


# Rules of WeasyPrint's user-agent style sheet that apply to *every* element: a list marker
# (only a list item draws one, and ours are <li>) and footnote and note calls and markers
# (our reports have neither). The cascade computed six pseudo-element styles for each
# element, about a tenth of its work. The sheet below is WeasyPrint's own, already parsed,
# with the marker rule looked up for <li> only and the others left out: a report's bytes
# are the same.
_UA_MARKER = "marker"
_UA_UNUSED = frozenset(
    {"footnote-call", "footnote-marker", "note-call", "note-marker", "note-callback"}
)


def _user_agent_sheet() -> weasyprint.CSS | None:
    """WeasyPrint's HTML user-agent style sheet without the rules above (None: not found).

    When the installed WeasyPrint's sheet does not have exactly those universal rules,
    None is returned and its own sheet is used, unchanged.
    """
    import copy

    from weasyprint.html import UA_STYLESHEET

    matcher = UA_STYLESHEET.matcher
    universal = [entry for entry in matcher.other_selectors if entry[3] is not None]
    pseudo = [entry[3] for entry in universal]
    if len(pseudo) != 1 + len(_UA_UNUSED) or set(pseudo) != {_UA_MARKER, *_UA_UNUSED}:
        return None
    trimmed = copy.copy(matcher)
    trimmed.other_selectors = [e for e in matcher.other_selectors if e[3] is None]
    marker = next(entry for entry in universal if entry[3] == _UA_MARKER)
    names = dict(matcher.lower_local_name_selectors)
    names["li"] = [*names.get("li", []), marker]
    trimmed.lower_local_name_selectors = names
    sheet = copy.copy(UA_STYLESHEET)
    sheet.matcher = trimmed
    return sheet


class _ReportHTML(weasyprint.HTML):  # type: ignore[misc]
    """An HTML document that cascades with our trimmed user-agent sheet, when there is one."""

    user_agent: weasyprint.CSS | None = None

    def _ua_stylesheets(self, forms: bool = False) -> list[weasyprint.CSS]:
        if forms or self.user_agent is None:
            sheets: list[weasyprint.CSS] = super()._ua_stylesheets(forms)
            return sheets
        return [self.user_agent]


class _Reused(threading.local):
    """What one thread reuses from render to render: fonts and parsed style sheets.

    A FontConfiguration loads the system's font list and keeps Pango's fonts warm; our
    style sheet is the same text for every report, so it is parsed once; the trimmed
    user-agent sheet is made once. Per thread, since ``serve`` renders in a thread pool and
    WeasyPrint's objects are not made to be shared.
    """

    def __init__(self) -> None:
        from weasyprint.text.fonts import FontConfiguration

        self.fonts = FontConfiguration()
        self.sheets: dict[str, weasyprint.CSS] = {}
        self.user_agent = _user_agent_sheet()


@functools.cache
def _reused() -> _Reused:
    """The per-thread reuse, made on first use (only PDF renders pay for the fonts)."""
    return _Reused()


def prepared(html: str) -> tuple[weasyprint.HTML, list[weasyprint.CSS], Any]:
    """The HTML to lay out, its (cached) style sheet and the font configuration to use.

    Args:
        html: the report HTML, as ``render_html`` makes it.

    Returns:
        ``(document, style_sheets, font_configuration)`` for WeasyPrint's ``render``.

    The report's one ``<style>`` element in the ``<head>`` is ours (untrusted text is
    escaped, so it cannot make another): it is taken out and parsed once per thread and text.
    It cascades exactly as it did inline, being the only sheet beside the user agent's.
    """
    fetcher = OwnFilesFetcher()
    root = fetcher.root.as_uri() + "/"
    text = printed_text(html)
    reused = _reused()
    sheets: list[weasyprint.CSS] = []
    head_end = text.find("</head>")
    match = _STYLE.search(text, 0, head_end) if head_end > 0 else None
    if match is not None:
        css = match.group(1)
        sheet = reused.sheets.get(css)
        if sheet is None:
            if len(reused.sheets) >= 4:
                reused.sheets.clear()
            sheet = weasyprint.CSS(
                string=css, base_url=root, url_fetcher=fetcher, font_config=reused.fonts
            )
            reused.sheets[css] = sheet
        sheets.append(sheet)
        text = text[: match.start()] + text[match.end() :]
    document = _ReportHTML(string=text, base_url=root, url_fetcher=fetcher)
    document.user_agent = reused.user_agent
    return document, sheets, reused.fonts


def _moment(generated: str) -> dt.datetime:
    """Parse the assessment's ISO 8601 UTC time into a naive UTC datetime (for PDF dates)."""
    try:
        moment = dt.datetime.fromisoformat(generated.replace("Z", "+00:00"))
    except ValueError:
        moment = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def html_to_pdf(
    html: str,
    attachment: bytes,
    generated: str,
    *,
    name: str = ATTACHMENT_NAME,
    description: str = "The scored assessment with its answers (rcr-checklist/assessment/v1)",
) -> bytes:
    """Lay out our HTML and write a tagged PDF/A-3a with ``assessment.json`` attached.

    The output depends only on its arguments and the installed fonts: the document and
    attachment dates come from ``generated``, and the file identifier is derived from the
    content (PDF/A's default), so the same input gives the same bytes. The text is laid out
    as :func:`~rcr_checklist.files.pdf_text.printed_text` makes it (every character one
    that fonts draw), which is what ``verify`` expects to read back.

    Args:
        html: the report HTML (self-contained; its CSS is inline).
        attachment: the assessment JSON, as UTF-8 bytes, embedded from memory.
        generated: ISO 8601 UTC time of the assessment, used for every date in the PDF.
        name: the attachment's file name (``comparison.json`` for comparisons).
        description: the attachment's description.

    Returns:
        The PDF bytes.
    """
    moment = _moment(generated)
    document, sheets, fonts = prepared(html)
    fetcher = OwnFilesFetcher()
    root = fetcher.root.as_uri() + "/"
    attached = weasyprint.Attachment(
        string=attachment,
        base_url=root,
        url_fetcher=fetcher,
        name=name,
        description=description,
        created=moment,
        modified=moment,
        relationship="Source",
    )
    pdf: bytes = document.write_pdf(
        stylesheets=sheets,
        font_config=fonts,
        pdf_variant=PDF_VARIANT,
        attachments=[attached],
    )
    return pdf


@dataclass(frozen=True)
class Printed:
    """What a report's HTML prints, for ``verify`` to compare with a PDF's pages.

    Attributes:
        pdf: the pages as an uncompressed PDF (no attachment, not PDF/A: only its text is
            read).
        margins: per page, the text of its running header and footer (the margin boxes), in
            the order they are drawn (after the page's content).
        furniture: per page, the text of its fixed-position boxes (the DRAFT mark), which
            repeat on every page and are drawn first.
        table_headers: the text of every table header row, which repeats on each page a
            table continues on (so wherever the local fonts break the pages).
    """

    pdf: bytes
    margins: list[str]
    furniture: list[str]
    table_headers: frozenset[str]


def _box_text(box: Any) -> str:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return str(box.text)
    return "".join(_box_text(child) for child in getattr(box, "children", ()))


def _header_rows(box: Any) -> Iterator[str]:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TableRowGroupBox) and box.is_header:
        yield _box_text(box)
        return
    for child in getattr(box, "children", ()):
        yield from _header_rows(child)


def _fixed_text(box: Any) -> Iterator[str]:
    if box.style["position"] == "fixed":
        yield _box_text(box)
        return
    for child in getattr(box, "children", ()):
        yield from _fixed_text(child)


@functools.lru_cache(maxsize=4)
def print_for_verify(html: str) -> Printed:
    """Lay out report HTML as :func:`html_to_pdf` does, and say what each page prints.

    Args:
        html: the report HTML, as ``render_html`` makes it.

    Returns:
        The pages (a PDF to read the text of), their margin texts and the table headers.
        The last few results are cached: tampered copies of one report verify against the
        same rendering.
    """
    from weasyprint.formatting_structure import boxes

    source, sheets, fonts = prepared(html)
    document = source.render(stylesheets=sheets, font_config=fonts)
    margins: list[str] = []
    furniture: list[str] = []
    headers: set[str] = set()
    for page in document.pages:
        box = page._page_box  # WeasyPrint keeps the laid-out page box here
        furniture.append("".join(_fixed_text(box)))
        margins.append(
            "".join(
                _box_text(child) for child in box.children if isinstance(child, boxes.MarginBox)
            )
        )
        headers.update(_header_rows(box))
    pdf: bytes = document.write_pdf(uncompressed_pdf=True)
    return Printed(pdf, margins, furniture, frozenset(headers))
