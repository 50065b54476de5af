"""The one output-format protocol: a ``str`` enum of formats, what they render, and their shape.

Three things are rendered: an assessment (``report``, ``assess``, ``serve``), a comparison
(``compare``) and the register of scored submissions (``score``). Every format renders each of
them to text or bytes, or refuses one it does not apply to with one clear sentence (exit 2);
no format writes a file or prints (the command does). pip-audit's ``_format/`` is the model.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from rcr_checklist.errors import InputError, Problem

if TYPE_CHECKING:  # the CLI imports the enum for its choices: keep this module light
    from rcr_checklist.compare.model import Comparison
    from rcr_checklist.model.bank import Bank
    from rcr_checklist.model.review import ReviewView
    from rcr_checklist.model.scoring import Assessment
    from rcr_checklist.report.decision import Detail

__all__ = [
    "AssessmentDoc",
    "ComparisonDoc",
    "FormatBase",
    "OutputFormat",
    "OutputWriter",
    "RegisterDoc",
    "Subject",
    "not_applicable",
]


class OutputFormat(enum.StrEnum):
    """Every output format, by the name ``--format`` takes (in the order ``--help`` lists them)."""

    TABLE = "table"
    PDF = "pdf"
    HTML = "html"
    MD = "md"
    JSON = "json"
    CSV = "csv"


class Subject(enum.StrEnum):
    """What is rendered; the value names it in messages ("cannot tell the report format")."""

    ASSESSMENT = "report"
    COMPARISON = "comparison"
    REGISTER = "register"


@dataclass(frozen=True)
class AssessmentDoc:
    """One scored assessment, as a report shows it.

    Attributes:
        bank: the bank it was scored with.
        assessment: the scored assessment.
        review: a reviewer's verdicts and sign-off to show (already checked to match).
        detail: how much the PDF and HTML print after their two decision pages
            (``report.decision.Detail``); None: standard. A PDF records it.
    """

    bank: Bank
    assessment: Assessment
    review: ReviewView | None = None
    detail: Detail | None = None


@dataclass(frozen=True)
class ComparisonDoc:
    """A comparison of several submissions.

    Attributes:
        bank: the bank every submission was scored with.
        comparison: the comparison's view model (``compare.build.build_comparison``).
    """

    bank: Bank
    comparison: Comparison


@dataclass(frozen=True)
class RegisterDoc:
    """The scored submissions of one ``score`` run, and what the output stream can take.

    Attributes:
        items: ``(source, assessment)`` for every input that was scored, in input order.
        one_file: one file was named (not a folder): JSON is one object, the table the whole
            assessment.
        complete: every input was scored (a lone assessment is shown in full only then).
        verified: by source, the check a report PDF passed (the fast check).
        ascii_only: the stream cannot encode every character: JSON escapes non-ASCII.
        bom: the CSV goes to a file: it starts with a UTF-8 byte order mark for Excel.
    """

    items: list[tuple[str, Assessment]]
    one_file: bool = False
    complete: bool = True
    verified: dict[str, str] = field(default_factory=dict)
    ascii_only: bool = False
    bom: bool = False


class OutputWriter(Protocol):
    """What every format provides: its name, file suffixes, and one render per subject.

    Attributes:
        name: the format.
        suffixes: file name endings that choose it, the first the one it writes; empty for a
            format only shown on a terminal.
        subjects: what it renders; it refuses the others (:meth:`FormatBase.refuse`).
    """

    name: OutputFormat
    suffixes: tuple[str, ...]
    subjects: frozenset[Subject]

    def assessment(self, doc: AssessmentDoc) -> str | bytes:
        """Render an assessment.

        Args:
            doc: the assessment, its bank, review and detail.

        Returns:
            Text, or bytes (PDF).

        Raises:
            InputError: the format does not apply to an assessment.
        """
        ...

    def comparison(self, doc: ComparisonDoc) -> str | bytes:
        """Render a comparison.

        Args:
            doc: the comparison and its bank.

        Returns:
            Text, or bytes (PDF).

        Raises:
            InputError: the format does not apply to a comparison.
        """
        ...

    def register(self, doc: RegisterDoc) -> str | bytes:
        """Render the register of scored submissions.

        Args:
            doc: the submissions and what the output stream takes.

        Returns:
            Text, or UTF-8 bytes (CSV, whatever the terminal's encoding).

        Raises:
            InputError: the format does not apply to a register.
        """
        ...


def not_applicable(fmt: OutputFormat, subject: Subject, out: str = "") -> InputError:
    """The error for a format that does not render a subject (exit 2).

    Args:
        fmt: the format asked for.
        subject: what was to be rendered.
        out: the file it was to be written to, if any.

    Returns:
        An InputError naming the file (or ``--format``) and the formats that do apply, e.g.
        "--format: a comparison cannot be written as table; use one of pdf, html, md, json,
        csv".
    """
    from rcr_checklist.formats import choices

    message = (
        f"a {subject.value} cannot be written as {fmt.value}; "
        f"use one of {', '.join(choices(subject))}"
    )
    if out:
        return InputError(Problem(out, None, "--format", message))
    return InputError(Problem("--format", None, "", message))


class FormatBase:
    """Refuses every subject; a format overrides the renders it has and lists them."""

    name: OutputFormat
    suffixes: tuple[str, ...] = ()
    subjects: frozenset[Subject] = frozenset()

    def refuse(self, subject: Subject) -> InputError:
        """The error for a subject this format does not render (exit 2).

        Args:
            subject: what was to be rendered.

        Returns:
            See :func:`not_applicable`.
        """
        return not_applicable(self.name, subject)

    def assessment(self, doc: AssessmentDoc) -> str | bytes:
        """Refuse (see :class:`OutputWriter`)."""
        raise self.refuse(Subject.ASSESSMENT)

    def comparison(self, doc: ComparisonDoc) -> str | bytes:
        """Refuse (see :class:`OutputWriter`)."""
        raise self.refuse(Subject.COMPARISON)

    def register(self, doc: RegisterDoc) -> str | bytes:
        """Refuse (see :class:`OutputWriter`)."""
        raise self.refuse(Subject.REGISTER)
