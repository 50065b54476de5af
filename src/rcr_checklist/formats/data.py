"""The data formats: JSON and CSV, of an assessment, a comparison or the register.

JSON is the assessment JSON (DESIGN section 5), the comparison's figures, or a list of
assessments; CSV is the action plan of an assessment, or the register (one row per
submission, the same columns from ``score`` and ``compare``: ``report.register``).
"""

from __future__ import annotations

from rcr_checklist.formats.interface import (
    AssessmentDoc,
    ComparisonDoc,
    FormatBase,
    OutputFormat,
    RegisterDoc,
    Subject,
)

__all__ = ["CsvFormat", "JsonFormat"]

_ALL = frozenset(Subject)


class JsonFormat(FormatBase):
    """The assessment JSON, the comparison's figures, or the scored submissions."""

    name = OutputFormat.JSON
    suffixes: tuple[str, ...] = (".json",)
    subjects = _ALL

    def assessment(self, doc: AssessmentDoc) -> str:
        """Render the assessment JSON (with the review, when there is one)."""
        from rcr_checklist.report.assessment_json import assessment_json

        return assessment_json(doc.assessment, doc.review)

    def comparison(self, doc: ComparisonDoc) -> str:
        """Render the comparison's figures (``rcr-checklist/comparison/v1``)."""
        from rcr_checklist.compare.render import comparison_json

        return comparison_json(doc.comparison)

    def register(self, doc: RegisterDoc) -> str:
        """Render one assessment JSON for one named file, else a list of them.

        Returns:
            JSON text ending with a newline, safe on a terminal (``model.text.json_text``).
        """
        from rcr_checklist.model.text import json_text

        data = [a.model_dump(mode="json") for _, a in doc.items]
        one = len(data) == 1 and doc.one_file
        return json_text(data[0] if one else data, ascii_only=doc.ascii_only) + "\n"


class CsvFormat(FormatBase):
    """For a spreadsheet: an assessment's action plan, or the register of submissions."""

    name = OutputFormat.CSV
    suffixes: tuple[str, ...] = (".csv",)
    subjects = _ALL

    def assessment(self, doc: AssessmentDoc) -> str:
        """Render the action plan, with empty owner and due-date columns.

        It starts with a UTF-8 byte order mark, so Excel reads accented names right.
        """
        from rcr_checklist.report.action_plan import action_plan_csv
        from rcr_checklist.report.csvtext import BOM

        return BOM + action_plan_csv(doc.bank, doc.assessment, doc.review)

    def comparison(self, doc: ComparisonDoc) -> str:
        """Render the register of the compared submissions (always a file: with the BOM)."""
        from rcr_checklist.compare.render import comparison_csv
        from rcr_checklist.report.csvtext import BOM

        return BOM + comparison_csv(doc.comparison)

    def register(self, doc: RegisterDoc) -> bytes:
        """Render the register as UTF-8, whatever the terminal's encoding.

        Returns:
            The CSV's bytes; with a byte order mark first when it goes to a file.
        """
        from rcr_checklist.report.csvtext import BOM
        from rcr_checklist.report.summary import csv_text

        text = csv_text(doc.items, doc.verified)
        return ((BOM if doc.bom else "") + text).encode("utf-8")
