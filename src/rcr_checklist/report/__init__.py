"""Reports (PDF, HTML, Markdown, JSON) of a scored assessment; WeasyPrint loads only for PDFs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rcr_checklist.files.atomic import atomic_write
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment
from rcr_checklist.report.decision import Detail
from rcr_checklist.report.formats import ReportFormat, format_for, get_format

if TYPE_CHECKING:
    from rcr_checklist.model.review import ReviewView

__all__ = ["Detail", "ReportFormat", "render_report", "write_report"]


def render_report(
    bank: Bank,
    assessment: Assessment,
    fmt: ReportFormat,
    review: ReviewView | None = None,
    detail: Detail | str = Detail.STANDARD,
) -> str | bytes:
    """Render a report in memory.

    Args:
        bank: the bank the assessment was scored with.
        assessment: the scored assessment.
        fmt: the format.
        review: a reviewer's verdicts and sign-off to show (already checked to match).
        detail: ``summary``, ``standard`` or ``full``: how much the PDF and HTML print after
            their two decision pages; a PDF records it in its ``assessment.json``.

    Returns:
        Text for HTML, Markdown and JSON; bytes for PDF.
    """
    return get_format(fmt).render(bank, assessment, review, Detail(detail))


def write_report(
    bank: Bank,
    assessment: Assessment,
    out: Path,
    fmt: str | None = None,
    review: ReviewView | None = None,
    detail: Detail | str = Detail.STANDARD,
) -> Path:
    """Render a report and write it atomically (whole or not at all).

    Args:
        bank: the bank the assessment was scored with.
        assessment: the scored assessment.
        out: the file to write; its folder must exist.
        fmt: ``pdf``, ``html``, ``md``, ``json`` or ``csv`` (the action plan); from the
            suffix of ``out`` when None.
        review: a reviewer's verdicts and sign-off to show (already checked to match).
        detail: ``summary``, ``standard`` or ``full`` (see :func:`render_report`).

    Returns:
        The path written (``out``).

    Raises:
        InputError: unknown format, or no format and an unknown suffix.
        OSError: the folder is missing or not writable; nothing is left behind.
    """
    content = render_report(bank, assessment, format_for(out, fmt), review, detail)
    atomic_write(out, content)
    return out
