"""Reads the assessment embedded in a report PDF, re-scores it and says what differs."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from rcr_checklist.files.answers_io import LoadedAnswers, check_against_bank
from rcr_checklist.files.report_pdf import check_hash, pdf_error, read_embedded
from rcr_checklist.limits import ATTACHMENT_NAME
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment, score

__all__ = [
    "verify_report",
]


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
            raise pdf_error(
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
    problem = check_hash(path, embedded)
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
