"""HTML to PDF/A-3b with WeasyPrint: a fetcher that serves only our own files, the attachment.

This is the only module that imports WeasyPrint; it is imported only when a PDF is made.
"""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.urls import URLFetcherResponse

from rcr_checklist.files.resources import templates_dir

__all__ = ["ATTACHMENT_NAME", "PDF_VARIANT", "OwnFilesFetcher", "html_to_pdf"]

ATTACHMENT_NAME = "assessment.json"
PDF_VARIANT = "pdf/a-3b"
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
    """Lay out our HTML and write a PDF/A-3b with ``assessment.json`` attached.

    The output depends only on its arguments and the installed fonts: the document and
    attachment dates come from ``generated``, and the file identifier is derived from the
    content (PDF/A's default), so the same input gives the same bytes.

    Args:
        html: the report HTML (self-contained; its CSS is inline).
        attachment: the assessment JSON, as UTF-8 bytes, embedded from memory.
        generated: ISO 8601 UTC time of the assessment, used for every date in the PDF.
        name: the attachment's file name (``comparison.json`` for comparisons).
        description: the attachment's description.

    Returns:
        The PDF bytes.
    """
    fetcher = OwnFilesFetcher()
    root = fetcher.root.as_uri() + "/"
    moment = _moment(generated)
    document = weasyprint.HTML(string=html, base_url=root, url_fetcher=fetcher)
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
        pdf_variant=PDF_VARIANT,
        attachments=[attached],
    )
    return pdf
