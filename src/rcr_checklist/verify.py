"""Reads the assessment embedded in a report PDF, re-scores it and says what differs."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rcr_checklist.answers import AnswersFile, LoadedAnswers, answers_sha256, check_against_bank
from rcr_checklist.bank import Bank
from rcr_checklist.errors import InputError, Problem
from rcr_checklist.scoring import ASSESSMENT_FORMAT, Assessment, score

__all__ = [
    "ATTACHMENT_NAME",
    "MAX_ATTACHMENT",
    "MAX_PDF",
    "Embedded",
    "answers_from_report",
    "read_embedded",
    "verify_report",
]

ATTACHMENT_NAME = "assessment.json"
MAX_ATTACHMENT = 5 * 1024 * 1024  # bytes of assessment.json we are willing to read
MAX_PDF = 100 * 1024 * 1024  # bytes of PDF we are willing to open


@dataclass(frozen=True)
class Embedded:
    """The assessment found in a report.

    Attributes:
        data: the parsed ``assessment.json`` (checked to be ours: the ``format`` key).
        answers: the answers rebuilt from it.
    """

    data: dict[str, Any]
    answers: AnswersFile


class ComparisonPdf(InputError):
    """A PDF made by ``compare``: ours, but not one submission (folder scans skip it)."""


def _fail(path: Path, message: str) -> InputError:
    return InputError(Problem(str(path), None, "", message))


def _attachment_bytes(path: Path) -> bytes:
    """Return the bytes of ``assessment.json`` in a PDF, reading at most the size limits."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _fail(path, "no such file") from None
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror})") from None
    if path.is_dir():
        raise _fail(path, "is a folder, not a report PDF")
    if size > MAX_PDF:
        raise _fail(path, f"the file is {size:,} bytes, larger than the {MAX_PDF:,} bytes limit")
    with path.open("rb") as handle:
        if not handle.read(1024).lstrip().startswith(b"%PDF-"):
            raise _fail(path, "is not a PDF file")
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise _fail(path, "is an encrypted PDF; rcr-checklist reports are never encrypted")
        root: Any = reader.trailer["/Root"]
        names = root.get("/Names")
        tree = names.get_object().get("/EmbeddedFiles") if names is not None else None
        spec = _find_spec(tree.get_object() if tree is not None else None)
        if (
            spec is None
            and _find_spec(tree.get_object() if tree is not None else None, name="comparison.json")
            is not None
        ):
            raise ComparisonPdf(
                Problem(
                    str(path),
                    None,
                    "",
                    "is a comparison made by `rcr-checklist compare`, not one submission's report",
                )
            )
        if spec is None:
            raise _fail(
                path,
                f"holds no {ATTACHMENT_NAME} attachment, so it was not made by rcr-checklist "
                "(or the attachment was removed)",
            )
        stream = spec["/EF"]["/F"].get_object()
        declared = stream.get("/Params", {}).get("/Size")
        if isinstance(declared, int) and declared > MAX_ATTACHMENT:
            raise _fail(path, f"{ATTACHMENT_NAME} is larger than {MAX_ATTACHMENT:,} bytes")
        data: bytes = stream.get_data()
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on broken files
        raise _fail(path, f"cannot be read as a PDF ({type(exc).__name__})") from None
    if len(data) > MAX_ATTACHMENT:
        raise _fail(path, f"{ATTACHMENT_NAME} is larger than {MAX_ATTACHMENT:,} bytes")
    return data


def _find_spec(node: Any, depth: int = 0, name: str = ATTACHMENT_NAME) -> Any:
    """Find the file specification called ``name`` in an embedded-files name tree."""
    if node is None or depth > 8:
        return None
    names = node.get("/Names")
    if names is not None:
        items = list(names)
        for key, value in zip(items[0::2], items[1::2], strict=False):
            if str(key) == name:
                return value.get_object()
    for kid in node.get("/Kids", []) or []:
        found = _find_spec(kid.get_object(), depth + 1, name)
        if found is not None:
            return found
    return None


def read_embedded(path: Path) -> Embedded:
    """Read and validate the assessment embedded in a report PDF.

    Args:
        path: the report PDF.

    Returns:
        The embedded assessment data and its answers (not yet checked against a bank).

    Raises:
        InputError: not a PDF, encrypted or broken, no ``assessment.json``, not our format,
            or answers that do not validate; one line naming the file.
    """
    raw = _attachment_bytes(path)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _fail(path, f"{ATTACHMENT_NAME} is not valid JSON") from None
    except RecursionError:  # json recurses once per nesting level
        raise _fail(path, f"{ATTACHMENT_NAME} is nested too deeply") from None
    if not isinstance(data, dict) or data.get("format") != ASSESSMENT_FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise _fail(
            path,
            f"{ATTACHMENT_NAME} is not an rcr-checklist assessment (format {found!r}, "
            f"expected {ASSESSMENT_FORMAT!r})",
        )
    try:
        answers = AnswersFile.model_validate(data.get("answers"))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(
            Problem(
                str(path),
                None,
                f"{ATTACHMENT_NAME}: answers.{where}" if where else f"{ATTACHMENT_NAME}: answers",
                first["msg"],
            )
        ) from None
    return Embedded(data=data, answers=answers)


def _check_hash(path: Path, embedded: Embedded) -> str | None:
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
    problem = _check_hash(path, embedded)
    if problem:
        raise _fail(path, problem)
    loaded = LoadedAnswers(answers=embedded.answers, source=f"{path} ({ATTACHMENT_NAME})")
    check_against_bank(loaded, bank)
    return loaded


def _fmt(value: Any) -> str:
    return "none" if value is None else str(value)


def _compare(recorded: dict[str, Any], fresh: Assessment) -> list[str]:
    out: list[str] = []
    now = fresh.model_dump(mode="json")
    ro, no = recorded.get("overall", {}) or {}, now["overall"]
    keys = ("score", "rating", "draft", "completion", "evidence_coverage", "critical_findings")
    out.extend(
        f"overall.{key}: report says {_fmt(ro.get(key))}, re-scored {_fmt(no[key])}"
        for key in keys
        if ro.get(key) != no[key]
    )
    old = {p.get("number"): p for p in recorded.get("principles", []) if isinstance(p, dict)}
    out.extend(
        f"principle {p['number']} {key}: report says {_fmt(old.get(p['number'], {}).get(key))}, "
        f"re-scored {_fmt(p[key])}"
        for p in now["principles"]
        for key in ("score", "rating", "answered", "visible")
        if old.get(p["number"], {}).get(key) != p[key]
    )
    if len(old) != len(now["principles"]):
        out.append(f"principles: report lists {len(old)}, the bank has {len(now['principles'])}")
    found = recorded.get("findings", [])
    if not isinstance(found, list) or len(found) != len(now["findings"]):
        count = len(found) if isinstance(found, list) else "?"
        out.append(f"findings: report lists {count}, re-scoring finds {len(now['findings'])}")
    elif found != now["findings"]:
        out.append("findings: the report's findings differ from the re-scored ones")
    return out


def verify_report(
    path: Path, bank: Bank, *, bank_given: bool = False, notes: list[str] | None = None
) -> list[str]:
    """Re-score a report's embedded answers and compare with what the report says.

    Args:
        path: the report PDF.
        bank: the bank to re-score with.
        bank_given: the user chose this bank (``--bank``); a bank whose SHA-256 differs from
            the report's is then used (and said in ``notes``). Otherwise such a bank is refused.
        notes: when given, receives remarks that are not differences.

    Returns:
        The differences, one readable line each; empty when the report is valid.

    Raises:
        InputError: the file is not a readable report of this tool, its answers do not fit
            the bank, or (without ``bank_given``) the bank's SHA-256 differs from the report's.
    """
    embedded = read_embedded(path)
    data = embedded.data
    differences: list[str] = []
    recorded_bank = data.get("bank", {}) if isinstance(data.get("bank"), dict) else {}
    if recorded_bank.get("sha256") != bank.sha256:
        label = f"{recorded_bank.get('id', '?')} {recorded_bank.get('version', '?')}"
        if not bank_given:
            raise _fail(
                path,
                f"was made with bank {label} (SHA-256 {recorded_bank.get('sha256', '?')}), "
                f"which differs from this bank {bank.meta.id} {bank.meta.version} "
                f"(SHA-256 {bank.sha256}); pass --bank DIR with the bank it was made with",
            )
        if notes is not None:
            notes.append(
                f"re-scored with bank {bank.meta.id} {bank.meta.version} (SHA-256 "
                f"{bank.sha256}); the report was made with {label} "
                f"(SHA-256 {recorded_bank.get('sha256', '?')})"
            )
    problem = _check_hash(path, embedded)
    if problem:
        differences.append(problem)
    loaded = LoadedAnswers(answers=embedded.answers, source=f"{path} ({ATTACHMENT_NAME})")
    check_against_bank(loaded, bank)
    fresh = score(bank, loaded.answers, generated=str(data.get("generated", "")))
    differences.extend(_compare(data, fresh))
    differences.extend(_page_differences(path, data))
    return differences


def _review_differences(review: Any, cover: str) -> list[str]:
    """Check the cover's review box against the review embedded by ``report --review``.

    The review is not covered by the answers' hash, so only the printed cover can betray a
    sign-off swapped in from another report or edited inside the attachment.

    Args:
        review: the embedded ``review`` data, or None.
        cover: the squashed text of page 1.

    Returns:
        One line per mismatch.
    """
    shows_review = "reviewandsign-off" in cover.lower()
    if not isinstance(review, dict):
        return (
            ["pages: the cover shows a review and sign-off that the attachment does not carry"]
            if shows_review
            else []
        )
    expected: list[str] = []
    signoff = review.get("signoff")
    if isinstance(signoff, dict):
        expected += [str(signoff.get(k, "")) for k in ("decision_label", "who", "date")]
    else:
        expected.append("Not signed off yet")
    raw_counts = review.get("counts")
    counts: dict[str, Any] = raw_counts if isinstance(raw_counts, dict) else {}
    expected.append(
        f"{counts.get('accepted')} accepted, {counts.get('query')} queried, "
        f"{counts.get('rejected')} rejected"
    )
    missing = [value for value in expected if _squash(value) not in cover]
    if not shows_review or missing:
        shown = ", ".join(repr(v) for v in missing) or "the review box"
        return [f"pages: the cover does not show the embedded review ({shown})"]
    return []


def _squash(text: str) -> str:
    """Text for matching what a PDF's pages print.

    Whitespace and invisible format characters (soft hyphens, zero-width joiners, bidi
    marks) are removed: the layout may break lines at them or drop them.
    """
    return "".join(c for c in "".join(text.split()) if unicodedata.category(c) != "Cf")


def _page_differences(path: Path, data: dict[str, Any]) -> list[str]:
    """Check that the printed pages show the embedded assessment (not another one).

    Swapping the attachment of a report for another assessment's keeps every hash inside
    the attachment consistent; only the pages can betray it. The cover must name the
    product and show the overall score and rating; the integrity page (one of the last
    pages) must print the answers' SHA-256.

    Args:
        path: the report PDF (already read once, so known to be a readable PDF).
        data: the embedded assessment.

    Returns:
        One line per mismatch; empty when the pages agree with the attachment.
    """
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        pages = reader.pages
        cover = _squash(pages[0].extract_text())
        tail = _squash(
            " ".join(pages[i].extract_text() for i in range(max(0, len(pages) - 3), len(pages)))
        )
    except Exception as exc:  # pypdf raises many kinds of error on broken files
        return [f"pages: cannot read the printed pages ({type(exc).__name__})"]
    product = data.get("product", {}) if isinstance(data.get("product"), dict) else {}
    overall = data.get("overall", {}) if isinstance(data.get("overall"), dict) else {}
    score_value = overall.get("score")
    shown_score = "n/a" if score_value is None else f"{score_value:.1f}"
    expected = {
        "product name": str(product.get("name", "")),
        "overall score": shown_score,
        "rating": str(overall.get("rating", "")),
    }
    out = [
        f"pages: the cover does not show the {what} {value!r} of the embedded assessment "
        "(the attachment may belong to another report)"
        for what, value in expected.items()
        if _squash(value) not in cover
    ]
    out.extend(_review_differences(data.get("review"), cover))
    answers_hash = str(data.get("answers_sha256", ""))
    if answers_hash and answers_hash not in tail:
        out.append(
            "pages: the integrity page does not print the embedded answers SHA-256 "
            f"{answers_hash[:12]}... (the attachment may belong to another report)"
        )
    return out
