"""The terminal table of ``score``: one submission in full, or one row each (rich, lazily).

The text is what rich would print on standard output at that moment: the terminal's width
and colours, or 140 columns without colour when piped (``report.tables``).
"""

from __future__ import annotations

from rcr_checklist.formats.interface import FormatBase, OutputFormat, RegisterDoc, Subject

__all__ = ["TableFormat"]


class TableFormat(FormatBase):
    """For people at a terminal; it has no file suffix."""

    name = OutputFormat.TABLE
    subjects = frozenset({Subject.REGISTER})

    def register(self, doc: RegisterDoc) -> str:
        """Render a lone submission in full, else one row per submission.

        In full: the headline, the principles' table and the critical findings.

        Returns:
            The text ("" when nothing was scored); a report PDF named alone adds the check
            it passed.
        """
        from rcr_checklist.report.tables import FAST_CHECK_SCOPE, assessment_table, register_table

        if len(doc.items) == 1 and doc.complete:
            source, a = doc.items[0]
            text = assessment_table(source, a)
            check = doc.verified.get(source)
            if check:
                text += f"verified: {check}: {FAST_CHECK_SCOPE}\n"
            return text
        if doc.items:
            return register_table(doc.items, doc.verified)
        return ""
