"""The register: one CSV row per submission, the same columns from `score` and `compare`.

A procurement officer keeps one spreadsheet of every vendor's figures. ``score DIR --format
csv`` and ``compare ... -o x.csv`` both write it through :func:`register_csv`, so the two files
have the same columns in the same order and can be pasted under each other.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from rcr_checklist.model.assessment import critical_text
from rcr_checklist.model.scoring import Assessment
from rcr_checklist.model.wording import score_text
from rcr_checklist.report.csvtext import csv_document

__all__ = ["RegisterRow", "register_columns", "register_csv", "register_row", "relative_name"]


def relative_name(source: str) -> str:
    """A file name as the reader typed it: relative to where the command ran, never absolute.

    A register or a comparison is sent to other people: it must not carry this machine's
    folders.

    Args:
        source: the input path as given.

    Returns:
        The path relative to the working folder (``..`` parts where needed), or the bare
        file name when no relative path exists (another drive on Windows).
    """
    try:
        return os.path.relpath(source)
    except ValueError:
        return Path(source).name


_BEFORE = (
    "submission",
    "file",
    "product",
    "manufacturer",
    "version",
    "profile",
    "overall_score",
    "answered_score",
    "rating",
)
_AFTER = (
    "critical_findings",
    "major_findings",
    "minor_findings",
    "unanswered_critical",
    "not_disclosed",
    "completion",
    "evidence_coverage",
    "draft",
    "review",
    "verified",
    "bank_version",
    "answers_sha256",
)


def register_columns(principles: Sequence[int]) -> list[str]:
    """The register's header.

    Args:
        principles: the bank's principle numbers, in order (1-5 for the RCR bank).

    Returns:
        Column names: who and what (``submission`` .. ``rating``), one ``principle_N`` score
        per principle, then findings, completion, review, the fast check and the hashes.
    """
    return [*_BEFORE, *(f"principle_{n}" for n in principles), *_AFTER]


@dataclass(frozen=True)
class RegisterRow:
    """One submission's figures, as text cells.

    Attributes:
        submission: the comparison's letter ("A", "B", ...); empty in ``score``'s register.
        file: the input, relative to where the command ran (see :func:`relative_name`).
        product, manufacturer, version: from the answers file's ``product`` block.
        profile: vendor, clinician or procurement.
        overall_score: 0-100 with one decimal, or "n/a" when nothing scored.
        answered_score: the score over the answered questions only, 0-100, or "n/a".
        rating: the bank's band label, "Not rated" for a draft.
        principles: ``{number: score}``, 0-100 with one decimal, or "n/a".
        critical_findings: the count with the open questions that could raise one: "0 (+13 open)".
        major_findings, minor_findings: counts.
        unanswered_critical: open questions that could raise a critical finding.
        not_disclosed: answers requested from the vendor and not given.
        completion: 0-1, three decimals.
        evidence_coverage: 0-1, three decimals, over answered evidence-required questions;
            empty when none is answered.
        draft: "yes" or "no".
        review: the reviewer's status ("Not reviewed" when there is none).
        verified: for a report PDF, the check it passed (see the README's "fast check");
            empty for an answers file.
        bank_version: the version of the bank it was scored with.
        answers_sha256: the SHA-256 of the answers, hex.
    """

    submission: str
    file: str
    product: str
    manufacturer: str
    version: str
    profile: str
    overall_score: str
    answered_score: str
    rating: str
    principles: dict[int, str]
    critical_findings: str
    major_findings: int
    minor_findings: int
    unanswered_critical: int
    not_disclosed: int
    completion: str
    evidence_coverage: str
    draft: str
    review: str
    verified: str
    bank_version: str
    answers_sha256: str


def register_row(
    source: str,
    assessment: Assessment,
    *,
    submission: str = "",
    review: str = "Not reviewed",
    verified: str = "",
) -> RegisterRow:
    """Build one register row from a scored assessment.

    Args:
        source: the input file as given (printed relative, see :func:`relative_name`).
        assessment: the scored assessment.
        submission: the comparison's letter for it, or "".
        review: the review status to show.
        verified: the check a report PDF passed, or "" for an answers file.

    Returns:
        The row.
    """
    a = assessment
    o = a.overall
    return RegisterRow(
        submission=submission,
        file=relative_name(source),
        product=str(a.product.get("name", "")),
        manufacturer=str(a.product.get("manufacturer", "")),
        version=str(a.product.get("version", "")),
        profile=a.profile,
        overall_score=score_text(o.score),
        answered_score=score_text(o.answered_score),
        rating=o.rating,
        principles={p.number: score_text(p.score) for p in a.principles},
        critical_findings=critical_text(o),
        major_findings=o.findings.get("major", 0),
        minor_findings=o.findings.get("minor", 0),
        unanswered_critical=len(o.unanswered_critical),
        not_disclosed=len(o.not_disclosed),
        completion=f"{o.completion:.3f}",
        evidence_coverage="" if o.evidence_coverage is None else f"{o.evidence_coverage:.3f}",
        draft="yes" if o.draft else "no",
        review=review,
        verified=verified,
        bank_version=str(a.bank.get("version", "")),
        answers_sha256=a.answers_sha256,
    )


def register_csv(rows: Iterable[RegisterRow], principles: Sequence[int]) -> str:
    """Write register rows as CSV text (no byte order mark; the caller adds it for files).

    Args:
        rows: the rows, in the order to print.
        principles: the bank's principle numbers (see :func:`register_columns`).

    Returns:
        CSV text with the header row; text cells neutralised against spreadsheet formulas.
    """

    def cells(row: RegisterRow) -> dict[str, object]:
        out = asdict(row)
        scores = out.pop("principles")
        out.update({f"principle_{n}": score for n, score in scores.items()})
        return out

    return csv_document(register_columns(principles), (cells(r) for r in rows))
