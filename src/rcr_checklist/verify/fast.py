"""The fast check of a report PDF: what ``score``, ``compare`` and the register run on it.

The answers still hash to the recorded SHA-256; the cover and the integrity page show this
assessment (product, score, rating, review, answers SHA-256); nothing was drawn on top of
the pages or added in a later update, and no text of the cover is hidden (painted over,
tiny, off the page, cut away or in the colour behind it). The inner pages are proved by
``verify`` only.
"""

from __future__ import annotations

from typing import Any

from rcr_checklist.files.pdf_paint import PaintReader
from rcr_checklist.files.pdf_structure import count_revisions, find_extras
from rcr_checklist.files.pdf_text import PageReader
from rcr_checklist.files.report_pdf import Embedded, ReportPdf, check_hash
from rcr_checklist.report.render import DRAFT_MARK
from rcr_checklist.verify.document import shows, squash

__all__ = ["FAST_CHECK", "attached", "printed_differences", "quick_check"]

FAST_CHECK = "attachment-and-cover (fast)"
"""What ``score``, ``compare`` and the register say of a report PDF that passed the fast check."""


def quick_check(pdf: ReportPdf, embedded: Embedded) -> list[str]:
    """The fast check of a report PDF (what ``score``, ``compare`` and the register run).

    It proves that the answers still hash to the recorded SHA-256, that the cover and the
    integrity page show this assessment (product, score, rating, review, answers SHA-256),
    and that nothing was drawn or run on top of the pages or added in a later update. It
    does not prove the inner pages' text (``verify`` does).

    Args:
        pdf: the report, read once.
        embedded: its assessment.

    Returns:
        The differences, one line each.
    """
    reader = PageReader()
    count = len(pdf.reader.pages)
    wanted = sorted({0, *range(max(0, count - 3), count)})
    texts = {i: reader.page_text(pdf.reader.pages[i]) for i in wanted}
    cover, tail = texts.get(0, ""), [texts[i] for i in wanted if i > 0 or count == 1]
    printed = printed_differences(embedded.data, cover, tail)
    return attached(pdf, embedded) + (printed or _cover_hidden(pdf, embedded))


def _cover_hidden(pdf: ReportPdf, embedded: Embedded) -> list[str]:
    """Text of the cover drawn where a reader cannot see it (see ``files.pdf_paint``)."""
    if not pdf.reader.pages:
        return []
    overall = embedded.data.get("overall")
    draft = isinstance(overall, dict) and overall.get("draft") is True
    paint = PaintReader(DRAFT_MARK if draft else "")
    found = [f"page 1: the text {h.text!r} is {h.how}" for h in paint.hidden(pdf.reader.pages[0])]
    area = paint.images[0] if paint.images else None
    if area is not None:
        shown = ", ".join(f"{v:.0f}" for v in area)
        found.append(f"page 1: an image is drawn at [{shown}], which the report does not have")
    return found[:2]


def attached(pdf: ReportPdf, embedded: Embedded) -> list[str]:
    """The answers' hash, and anything on top of the pages or added to the file.

    Args:
        pdf: the report, read once.
        embedded: its assessment.

    Returns:
        The differences, one line each.
    """
    problem = check_hash(embedded)
    return ([problem] if problem else []) + _structure_differences(pdf)


def printed_differences(data: dict[str, Any], cover: str, last_pages: list[str]) -> list[str]:
    """The cover and the integrity page (one of the last three pages) against the attachment.

    Args:
        data: the embedded assessment.
        cover: the printed text of page 1.
        last_pages: the printed text of the last pages, in order.

    Returns:
        One line per mismatch.
    """
    return _page_differences(data, cover, " ".join(last_pages[-3:]))


def _structure_differences(pdf: ReportPdf) -> list[str]:
    """Anything on top of the pages, and updates after the tool's save."""
    try:
        extras = find_extras(pdf.reader, pdf.attachments)
    except Exception as exc:  # pypdf raises many kinds of error on broken files
        return [f"document: cannot read its structure ({type(exc).__name__})"]
    out = list(extras.problems)
    revisions = count_revisions(pdf.raw)
    allowed = 1 + extras.signature_fields  # each signature appends one revision
    if revisions > allowed:
        later = revisions - allowed
        out.append(
            f"document: changed after it was saved ({later} later update"
            f"{'s' if later > 1 else ''} appended to the file)"
        )
    return out


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
            ["page 1: the cover shows a review and sign-off that the attachment does not carry"]
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
    missing = [value for value in expected if not shows(_squash(value), cover)]
    if not shows_review or missing:
        shown = ", ".join(repr(v) for v in missing) or "the review box"
        return [f"page 1: the cover does not show the embedded review ({shown})"]
    return []


def _squash(text: str) -> str:
    """Text for matching what a PDF's pages print (see :func:`document.squash`)."""
    return squash(text)


def _page_differences(data: dict[str, Any], cover_text: str, tail_text: str) -> list[str]:
    """Check that the cover and integrity page show the embedded assessment (not another).

    Swapping the attachment of a report for another assessment's keeps every hash inside
    the attachment consistent; only the pages can betray it. The cover must name the
    product and show the overall score and rating, and its headline must read them together
    ("Meets 95.6 / 100 overall"); the integrity page (one of the last pages) must print the
    answers' SHA-256.

    Args:
        data: the embedded assessment.
        cover_text: the printed text of page 1.
        tail_text: the printed text of the last pages.

    Returns:
        One line per mismatch; empty when the pages agree with the attachment.
    """
    cover, tail = _squash(cover_text), _squash(tail_text)
    product = data.get("product", {}) if isinstance(data.get("product"), dict) else {}
    overall = data.get("overall", {}) if isinstance(data.get("overall"), dict) else {}
    score_value = overall.get("score")
    shown_score = "n/a" if not isinstance(score_value, int | float) else f"{score_value:.1f}"
    expected = {
        "product name": str(product.get("name", "")),
        "overall score": shown_score,
        "rating": str(overall.get("rating", "")),
    }
    out = [
        f"page 1: the cover does not show the {what} {value!r} of the embedded assessment "
        "(the attachment may belong to another report)"
        for what, value in expected.items()
        if not shows(_squash(value), cover)
    ]
    if not out:
        # the headline as printed, rating and score together: the score also appears in the
        # sentence under it, so a changed big number would still leave "95.6" on the page
        headline = f"{expected['rating']} {shown_score} / 100 overall"
        if not shows(_squash(headline), cover):
            out.append(
                f"page 1: the cover's headline does not read {headline!r} as the embedded "
                "assessment gives (it was changed on the page)"
            )
    out.extend(_review_differences(data.get("review"), cover))
    answers_hash = str(data.get("answers_sha256", ""))
    if answers_hash and answers_hash not in tail:
        out.append(
            "pages: the integrity page does not print the embedded answers SHA-256 "
            f"{answers_hash[:12]}... (a page or the attachment comes from another report)"
        )
    return out
