"""Report formats: a ``str`` enum, one small protocol, and an exhaustive factory.

A format renders an assessment to text or bytes; it never writes files (``write_report`` does).
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, assert_never

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment
from rcr_checklist.model.text import json_text
from rcr_checklist.report.decision import Detail

if TYPE_CHECKING:
    from rcr_checklist.model.review import ReviewView

__all__ = [
    "CsvFormat",
    "HtmlFormat",
    "JsonFormat",
    "MarkdownFormat",
    "PdfFormat",
    "ReportFormat",
    "ReportWriter",
    "assessment_json",
    "format_for",
    "get_format",
]


class ReportFormat(enum.StrEnum):
    """The report formats, by name."""

    PDF = "pdf"
    HTML = "html"
    MD = "md"
    JSON = "json"
    CSV = "csv"


_SUFFIXES: dict[str, ReportFormat] = {
    ".pdf": ReportFormat.PDF,
    ".html": ReportFormat.HTML,
    ".htm": ReportFormat.HTML,
    ".md": ReportFormat.MD,
    ".markdown": ReportFormat.MD,
    ".json": ReportFormat.JSON,
    ".csv": ReportFormat.CSV,
}


class ReportWriter(Protocol):
    """What every format provides."""

    name: ReportFormat
    suffix: str

    def render(
        self,
        bank: Bank,
        assessment: Assessment,
        review: ReviewView | None = None,
        detail: Detail = Detail.STANDARD,
    ) -> str | bytes:
        """Render the report.

        Args:
            bank: the bank the assessment was scored with.
            assessment: the scored assessment.
            review: a reviewer's verdicts and sign-off to show beside the answers.
            detail: how much the PDF and HTML print after their two decision pages.

        Returns:
            Text (HTML, Markdown, JSON) or bytes (PDF).
        """
        ...


def assessment_json(
    assessment: Assessment,
    review: ReviewView | None = None,
    detail: Detail | None = None,
    renderer: str | None = None,
) -> str:
    """The assessment JSON (DESIGN section 5), pretty printed, UTF-8 characters kept.

    Args:
        assessment: the scored assessment.
        review: when given, added under the key ``review`` (verdicts, counts, sign-off).
        detail: when given, added under the key ``detail``: the detail level a report PDF was
            printed at, so that ``verify`` can print it again the same way.
        renderer: when given, added as ``renderer.sha256``: the fingerprint of the build
            that printed a report PDF (``files.fingerprint``), so that ``verify`` can tell a
            report printed by another build from a changed one.

    Returns:
        JSON text ending with a newline.
    """
    data = assessment.model_dump(mode="json")
    if review is not None:
        from rcr_checklist.model.review import review_json

        data["review"] = review_json(review)
    if detail is not None:
        data["detail"] = detail.value
    if renderer is not None:
        data["renderer"] = {"sha256": renderer}
    return json_text(data) + "\n"


class JsonFormat:
    """The assessment JSON."""

    name = ReportFormat.JSON
    suffix = ".json"

    def render(
        self,
        bank: Bank,
        assessment: Assessment,
        review: ReviewView | None = None,
        detail: Detail = Detail.STANDARD,
    ) -> str:
        """Render the assessment JSON (see :func:`assessment_json`)."""
        return assessment_json(assessment, review)


class MarkdownFormat:
    """A readable Markdown summary: scores, findings, action plan, answers."""

    name = ReportFormat.MD
    suffix = ".md"

    def render(
        self,
        bank: Bank,
        assessment: Assessment,
        review: ReviewView | None = None,
        detail: Detail = Detail.STANDARD,
    ) -> str:
        """Render Markdown with untrusted text escaped."""
        from rcr_checklist.report.render import render_markdown

        return render_markdown(bank, assessment, review=review)


class HtmlFormat:
    """The full report as one self-contained HTML page."""

    name = ReportFormat.HTML
    suffix = ".html"

    def render(
        self,
        bank: Bank,
        assessment: Assessment,
        review: ReviewView | None = None,
        detail: Detail = Detail.STANDARD,
    ) -> str:
        """Render the HTML report (CSS and chart inline, nothing fetched)."""
        from rcr_checklist.report.render import render_html

        return render_html(bank, assessment, review=review, detail=detail)


class PdfFormat:
    """The full report as tagged PDF/A-3a with ``assessment.json`` attached."""

    name = ReportFormat.PDF
    suffix = ".pdf"

    def render(
        self,
        bank: Bank,
        assessment: Assessment,
        review: ReviewView | None = None,
        detail: Detail = Detail.STANDARD,
    ) -> bytes:
        """Render the PDF (imports WeasyPrint)."""
        from rcr_checklist.files.fingerprint import renderer_fingerprint
        from rcr_checklist.report.pdf import html_to_pdf
        from rcr_checklist.report.render import render_html

        html = render_html(bank, assessment, review=review, detail=detail)
        text = assessment_json(assessment, review, detail, renderer_fingerprint())
        data = text.encode("utf-8")
        return html_to_pdf(html, data, assessment.generated)


class CsvFormat:
    """The action plan as CSV, with empty owner and due-date columns for a spreadsheet."""

    name = ReportFormat.CSV
    suffix = ".csv"

    def render(
        self,
        bank: Bank,
        assessment: Assessment,
        review: ReviewView | None = None,
        detail: Detail = Detail.STANDARD,
    ) -> str:
        """Render the action plan CSV (see :func:`action_plan.action_plan_csv`).

        It starts with a UTF-8 byte order mark, so Excel reads accented names right.
        """
        from rcr_checklist.report.action_plan import action_plan_csv
        from rcr_checklist.report.csvtext import BOM

        return BOM + action_plan_csv(bank, assessment, review)


def get_format(fmt: ReportFormat) -> ReportWriter:
    """Return the writer of a format.

    Args:
        fmt: the format.

    Returns:
        Its writer.
    """
    match fmt:
        case ReportFormat.PDF:
            return PdfFormat()
        case ReportFormat.HTML:
            return HtmlFormat()
        case ReportFormat.MD:
            return MarkdownFormat()
        case ReportFormat.JSON:
            return JsonFormat()
        case ReportFormat.CSV:
            return CsvFormat()
        case _:  # pragma: no cover - exhaustive
            assert_never(fmt)


def format_for(out: Path, fmt: str | None = None) -> ReportFormat:
    """Pick the format from ``fmt`` or, when None, from the suffix of ``out``.

    Args:
        out: the output path.
        fmt: a format name (``pdf``, ``html``, ``md``, ``json``, ``csv``) or None.

    Returns:
        The format.

    Raises:
        InputError: an unknown format name, or no format given and an unknown suffix.
    """
    if fmt is not None:
        try:
            return ReportFormat(fmt.lower())
        except ValueError:
            names = ", ".join(f.value for f in ReportFormat)
            raise InputError(
                Problem(str(out), None, "--format", f"unknown format {fmt!r}; use one of {names}")
            ) from None
    found = _SUFFIXES.get(out.suffix.lower())
    if found is None:
        raise InputError(
            Problem(
                str(out),
                None,
                "",
                "cannot tell the report format from the file name; end it with .pdf, .html, "
                ".md, .json or .csv, or give --format",
            )
        )
    return found
