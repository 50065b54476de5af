"""Reads the assessment embedded in a report PDF (pypdf), within size limits.

Opening the file (bounds, decryption, the reader) is ``files.pdf_open``; its names are
offered here too, for the readers of reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.files.answers_io import LoadedAnswers, check_against_bank
from rcr_checklist.files.jsonio import JsonSyntaxError, load_json
from rcr_checklist.files.locate import problems_from_validation
from rcr_checklist.files.located import LocatedData
from rcr_checklist.files.pdf_open import ReportPdf, open_report, pdf_error, pdf_reader
from rcr_checklist.limits import ATTACHMENT_NAME, MAX_ATTACHMENT, Limits
from rcr_checklist.model.answers import AnswersFile, answers_sha256
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import ASSESSMENT_FORMAT

__all__ = [
    "ComparisonPdf",
    "Embedded",
    "ReportPdf",
    "answers_from_report",
    "check_hash",
    "open_report",
    "pdf_error",
    "pdf_reader",
    "read_embedded",
]


@dataclass(frozen=True)
class Embedded:
    """The assessment found in a report.

    Attributes:
        data: the parsed ``assessment.json`` (checked to be ours: the ``format`` key).
        answers: the answers rebuilt from it.
    """

    data: dict[str, Any]
    answers: AnswersFile


_ATTACHMENT_LIMITS = Limits(max_bytes=MAX_ATTACHMENT)
"""Bounds of an embedded ``assessment.json``: those of an answers file, but its size."""


class ComparisonPdf(InputError):
    """A PDF made by ``compare``: ours, but not one submission (folder scans skip it)."""


def _attachment_bytes(pdf: ReportPdf) -> bytes:
    """Return the bytes of ``assessment.json`` in a report, within the size limit."""
    path = pdf.path
    if ATTACHMENT_NAME not in pdf.attachments:
        if "comparison.json" in pdf.attachments:
            raise ComparisonPdf(
                Problem(
                    str(path),
                    None,
                    "",
                    "is a comparison made by `rcr-checklist compare`, not one submission's report",
                )
            )
        raise pdf_error(
            path,
            f"holds no {ATTACHMENT_NAME} attachment, so it was not made by rcr-checklist "
            "(or the attachment was removed)",
        )
    try:
        found = [f for f in pdf.reader.attachment_list if f.name == ATTACHMENT_NAME]
        if len(found) > 1:
            raise pdf_error(path, f"holds {len(found)} attachments named {ATTACHMENT_NAME}")
        declared = found[0].size
        if isinstance(declared, int) and declared > MAX_ATTACHMENT:
            raise pdf_error(path, f"{ATTACHMENT_NAME} is larger than {MAX_ATTACHMENT:,} bytes")
        data: bytes = found[0].content
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on broken files
        raise pdf_error(path, f"cannot be read as a PDF ({type(exc).__name__})") from None
    if len(data) > MAX_ATTACHMENT:
        raise pdf_error(path, f"{ATTACHMENT_NAME} is larger than {MAX_ATTACHMENT:,} bytes")
    return data


def read_embedded(path: Path | ReportPdf) -> Embedded:
    """Read and validate the assessment embedded in a report PDF.

    Args:
        path: the report PDF, or the report already read by :func:`open_report`.

    Returns:
        The embedded assessment data and its answers (not yet checked against a bank).

    Raises:
        InputError: not a PDF, encrypted or broken, no ``assessment.json``, not our format,
            or answers that do not validate; one line naming the file.
    """
    pdf = path if isinstance(path, ReportPdf) else open_report(path)
    path = pdf.path
    raw = _attachment_bytes(pdf)
    source = f"{path} ({ATTACHMENT_NAME})"
    try:
        # the JSON reader of answers files: numbers, texts and nesting bounded, errors located
        located = load_json(raw.decode("utf-8"), source, _ATTACHMENT_LIMITS)
    except (UnicodeDecodeError, JsonSyntaxError):
        raise pdf_error(path, f"{ATTACHMENT_NAME} is not valid JSON") from None
    data = located.data
    if not isinstance(data, dict) or data.get("format") != ASSESSMENT_FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise pdf_error(
            path,
            f"{ATTACHMENT_NAME} is not an rcr-checklist assessment (format {found!r}, "
            f"expected {ASSESSMENT_FORMAT!r})",
        )
    try:
        answers = AnswersFile.model_validate(data.get("answers"))
    except ValidationError as exc:
        inner = LocatedData(
            data=data.get("answers"),
            source=source,
            lines={p[1:]: n for p, n in located.lines.items() if p[:1] == ("answers",)},
            written={p[1:]: w for p, w in located.written.items() if p[:1] == ("answers",)},
        )
        first = problems_from_validation(exc, inner)[0]
        raise InputError(
            Problem(
                source,
                first.line,
                f"answers.{first.field}" if first.field else "answers",
                first.message,
            )
        ) from None
    return Embedded(data=data, answers=answers)


def check_hash(embedded: Embedded) -> str | None:
    """Say whether the embedded answers still hash to the SHA-256 the report records.

    Args:
        embedded: the report's assessment.

    Returns:
        The difference, one line, or None when the hash matches.
    """
    recorded = embedded.data.get("answers_sha256")
    actual = answers_sha256(embedded.answers)
    if recorded != actual:
        return (
            f"answers_sha256: the report records {recorded}, but its embedded answers hash to "
            f"{actual}; the report was edited after it was made"
        )
    return None


def answers_from_report(path: Path, bank: Bank) -> LoadedAnswers:
    """Load the answers embedded in a report PDF made by this tool (``score report.pdf``).

    Args:
        path: the report PDF.
        bank: the bank to check the answers against.

    Returns:
        The answers, with warnings as for an answers file.

    Raises:
        InputError: see :func:`read_embedded`; also when the embedded answers do not match
            their recorded SHA-256 (the report was edited), or do not fit the bank.
    """
    embedded = read_embedded(path)
    problem = check_hash(embedded)
    if problem:
        raise pdf_error(path, problem)
    loaded = LoadedAnswers(answers=embedded.answers, source=f"{path} ({ATTACHMENT_NAME})")
    check_against_bank(loaded, bank)
    return loaded
