"""The document formats: PDF, HTML and Markdown, of an assessment or a comparison.

Each imports what it renders with only when it renders (WeasyPrint only for a PDF).
"""

from __future__ import annotations

from rcr_checklist.formats.interface import (
    AssessmentDoc,
    ComparisonDoc,
    FormatBase,
    OutputFormat,
    Subject,
)

__all__ = ["HtmlFormat", "MarkdownFormat", "PdfFormat"]

_DOCUMENTS = frozenset({Subject.ASSESSMENT, Subject.COMPARISON})


class PdfFormat(FormatBase):
    """Tagged PDF/A-3a: the report with ``assessment.json``, or the comparison with its figures."""

    name = OutputFormat.PDF
    suffixes: tuple[str, ...] = (".pdf",)
    subjects = _DOCUMENTS

    def assessment(self, doc: AssessmentDoc) -> bytes:
        """Render the report PDF; its ``assessment.json`` records the detail and the build."""
        from rcr_checklist.files.fingerprint import renderer_fingerprint
        from rcr_checklist.report.assessment_json import assessment_json
        from rcr_checklist.report.decision import Detail
        from rcr_checklist.report.pdf import html_to_pdf
        from rcr_checklist.report.render import render_html

        detail = doc.detail or Detail.STANDARD
        a = doc.assessment
        html = render_html(doc.bank, a, review=doc.review, detail=detail)
        text = assessment_json(a, doc.review, detail, renderer_fingerprint())
        return html_to_pdf(html, text.encode("utf-8"), a.generated)

    def comparison(self, doc: ComparisonDoc) -> bytes:
        """Render the comparison PDF with ``comparison.json`` attached."""
        from rcr_checklist.compare.render import comparison_pdf

        return comparison_pdf(doc.bank, doc.comparison)


class HtmlFormat(FormatBase):
    """One self-contained HTML page (CSS and chart inline, nothing fetched)."""

    name = OutputFormat.HTML
    suffixes: tuple[str, ...] = (".html", ".htm")
    subjects = _DOCUMENTS

    def assessment(self, doc: AssessmentDoc) -> str:
        """Render the HTML report at the document's detail."""
        from rcr_checklist.report.decision import Detail
        from rcr_checklist.report.render import render_html

        detail = doc.detail or Detail.STANDARD
        return render_html(doc.bank, doc.assessment, review=doc.review, detail=detail)

    def comparison(self, doc: ComparisonDoc) -> str:
        """Render the comparison as HTML."""
        from rcr_checklist.compare.render import comparison_html

        return comparison_html(doc.bank, doc.comparison)


class MarkdownFormat(FormatBase):
    """Readable Markdown with untrusted text escaped: scores, findings, action plan, answers."""

    name = OutputFormat.MD
    suffixes: tuple[str, ...] = (".md", ".markdown")
    subjects = _DOCUMENTS

    def assessment(self, doc: AssessmentDoc) -> str:
        """Render the Markdown report (every answer, whatever the detail)."""
        from rcr_checklist.report.render import render_markdown

        return render_markdown(doc.bank, doc.assessment, review=doc.review)

    def comparison(self, doc: ComparisonDoc) -> str:
        """Render the comparison as Markdown."""
        from rcr_checklist.compare.render import comparison_markdown

        return comparison_markdown(doc.bank, doc.comparison)
