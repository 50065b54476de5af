"""Output formats: one enum, one protocol, one exhaustive factory (pip-audit's ``_format/``).

``OutputFormat`` names every format; :func:`get_format` returns its writer, which renders an
assessment, a comparison or the register to text or bytes, or refuses one it does not apply
to (exit 2). Formats never write: ``app`` writes what they return with ``atomic_write`` and
the CLI prints it. Importing this package is cheap (the CLI takes its choices from it); each
render imports what it needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, assert_never

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.formats.data import CsvFormat, JsonFormat
from rcr_checklist.formats.documents import HtmlFormat, MarkdownFormat, PdfFormat
from rcr_checklist.formats.interface import (
    AssessmentDoc,
    ComparisonDoc,
    OutputFormat,
    OutputWriter,
    RegisterDoc,
    Subject,
    not_applicable,
)
from rcr_checklist.formats.table import TableFormat

if TYPE_CHECKING:
    from rcr_checklist.model.bank import Bank
    from rcr_checklist.model.review import ReviewView
    from rcr_checklist.model.scoring import Assessment
    from rcr_checklist.report.decision import Detail

__all__ = [
    "AssessmentDoc",
    "ComparisonDoc",
    "OutputFormat",
    "OutputWriter",
    "RegisterDoc",
    "Subject",
    "choices",
    "get_format",
    "pick_format",
    "render_assessment",
]


def get_format(fmt: OutputFormat) -> OutputWriter:
    """Return the writer of a format.

    Args:
        fmt: the format.

    Returns:
        Its writer (a small object; nothing is imported until it renders).
    """
    match fmt:
        case OutputFormat.PDF:
            return PdfFormat()
        case OutputFormat.HTML:
            return HtmlFormat()
        case OutputFormat.MD:
            return MarkdownFormat()
        case OutputFormat.JSON:
            return JsonFormat()
        case OutputFormat.CSV:
            return CsvFormat()
        case OutputFormat.TABLE:
            return TableFormat()
        case _:  # pragma: no cover - exhaustive: a new member without a writer is a type error
            assert_never(fmt)


def choices(subject: Subject) -> list[str]:
    """The names of the formats that render a subject, in the enum's order.

    Args:
        subject: an assessment, a comparison or the register.

    Returns:
        Format names, e.g. ``["pdf", "html", "md", "json", "csv"]`` for a comparison.
    """
    return [f.value for f in OutputFormat if subject in get_format(f).subjects]


def _format_of_suffix(suffix: str) -> OutputFormat | None:
    """The format whose files end in ``suffix`` (".pdf", ".md", ...), or None."""
    for f in OutputFormat:
        if suffix and suffix in get_format(f).suffixes:
            return f
    return None


def pick_format(subject: Subject, out: Path, fmt: str | None = None) -> OutputFormat:
    """Pick the format of a file from ``fmt`` or, when None, from the suffix of ``out``.

    Args:
        subject: what will be written (the error names it and lists what applies).
        out: the output file.
        fmt: a format name (``--format``), or None.

    Returns:
        A format that renders ``subject``.

    Raises:
        InputError: an unknown format name, a format that does not apply to the subject, a
            format other than the one the file's suffix names (``-o x.pdf --format md``), or
            no format given and a suffix that names none, or ``-`` (standard output) (exit 2).
    """
    if str(out) == "-":  # the usual "standard output": a file named "-" would surprise
        raise InputError(
            Problem(
                "-",
                None,
                "",
                "writing to standard output is not supported; give a file name (e.g. "
                "report.md) or a folder",
            )
        )
    if fmt is not None:
        try:
            chosen = OutputFormat(fmt.lower())
        except ValueError:
            names = ", ".join(choices(subject))
            raise InputError(
                Problem(str(out), None, "--format", f"unknown format {fmt!r}; use one of {names}")
            ) from None
        if subject not in get_format(chosen).subjects:
            raise not_applicable(chosen, subject, str(out))
        named = _format_of_suffix(out.suffix.lower())
        if named is not None and named is not chosen:
            # x.pdf holding Markdown would not open where a reader double-clicks it
            ending = get_format(chosen).suffixes[0] if get_format(chosen).suffixes else ""
            raise InputError(
                Problem(
                    str(out),
                    None,
                    "--format",
                    f"the file name ends in {out.suffix}, a {named.value} file, but --format "
                    f"{chosen.value} was given; end it with {ending} or leave out --format"
                    if ending
                    else f"the file name ends in {out.suffix}, a {named.value} file, but "
                    f"--format {chosen.value} was given; leave out --format",
                )
            )
        return chosen
    suffix = out.suffix.lower()
    for f in OutputFormat:
        writer = get_format(f)
        if subject in writer.subjects and suffix in writer.suffixes:
            return f
    endings = [
        writer.suffixes[0]
        for writer in (get_format(f) for f in OutputFormat)
        if subject in writer.subjects and writer.suffixes
    ]
    listed = ", ".join(endings[:-1]) + f" or {endings[-1]}"
    raise InputError(
        Problem(
            str(out),
            None,
            "",
            f"cannot tell the {subject.value} format from the file name; end it with "
            f"{listed}, or give --format",
        )
    )


def render_assessment(
    bank: Bank,
    assessment: Assessment,
    fmt: OutputFormat,
    *,
    review: ReviewView | None = None,
    detail: Detail | str | None = None,
) -> str | bytes:
    """Render one assessment in memory (shorthand for ``get_format(fmt).assessment(...)``).

    Args:
        bank: the bank the assessment was scored with.
        assessment: the scored assessment.
        fmt: the format.
        review: a reviewer's verdicts and sign-off to show (already checked to match).
        detail: ``summary``, ``standard`` or ``full`` (PDF and HTML); standard when None.

    Returns:
        Text, or bytes for PDF.

    Raises:
        InputError: the format does not apply to an assessment (``table``).
    """
    from rcr_checklist.report.decision import Detail

    level = None if detail is None else Detail(detail)
    return get_format(fmt).assessment(AssessmentDoc(bank, assessment, review, level))
