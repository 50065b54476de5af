"""The action plan as CSV: one row per finding, with empty owner and due-date columns to fill in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment
from rcr_checklist.report.csvtext import csv_document

if TYPE_CHECKING:
    from rcr_checklist.model.review import ReviewView

__all__ = ["ACTION_PLAN_COLUMNS", "action_plan_csv"]

ACTION_PLAN_COLUMNS = [
    "product",
    "severity",
    "principle",
    "principle_title",
    "question_id",
    "question",
    "finding",
    "recommendation",
    "owner",
    "due_date",
]
REVIEW_COLUMNS = ["review_verdict", "review_comment"]


def action_plan_csv(bank: Bank, a: Assessment, review: ReviewView | None = None) -> str:
    """Write the action plan (every finding, most severe first) as CSV for a spreadsheet.

    The plan opens with the answers to obtain first: open questions (severity ``request``
    when not disclosed, ``open`` when unanswered) that could raise a critical finding, then
    the other answers requested from the vendor, then the findings.

    Untrusted text that a spreadsheet would run as a formula (starting with ``=``, ``+``,
    ``-``, ``@``, tab or CR) is prefixed with ``'``.

    Args:
        bank: the bank the assessment was scored with (question and principle texts).
        a: the scored assessment.
        review: a review of the answers; adds ``review_verdict`` and ``review_comment``.

    Returns:
        CSV text with a header row: :data:`ACTION_PLAN_COLUMNS` (plus the review columns
        before ``owner`` when a review is given); owner and due_date are left empty.
    """
    columns = list(ACTION_PLAN_COLUMNS)
    if review is not None:
        columns[-2:-2] = REVIEW_COLUMNS
    titles = {p.number: p.title for p in bank.principles}
    product = " ".join(str(a.product.get(k)) for k in ("name", "version") if a.product.get(k))
    rows: list[dict[str, Any]] = []
    withheld = set(a.overall.not_disclosed)
    first = list(a.overall.unanswered_critical)  # the plan opens with what to obtain first
    for qid in first + [q for q in a.overall.not_disclosed if q not in set(first)]:
        asked = bank.by_id.get(qid)
        critical = qid in set(first)
        request: dict[str, Any] = dict.fromkeys(columns, "")
        request.update(
            product=product,
            severity="request" if qid in withheld else "open",
            principle=bank.principle_of[qid].number if qid in bank.principle_of else "",
            principle_title=titles.get(bank.principle_of[qid].number, "")
            if qid in bank.principle_of
            else "",
            question_id=qid,
            question=asked.text if asked is not None else "",
            finding=(
                "Not disclosed: requested from the vendor." if qid in withheld else "Not answered."
            )
            + (" The answer could raise a critical finding." if critical else ""),
            recommendation="Obtain the answer (with its evidence) from the vendor"
            + (" first." if critical else "."),
        )
        rows.append(request)
    for f in a.findings:
        question = bank.by_id.get(f.question)
        row: dict[str, Any] = {
            "product": product,
            "severity": f.severity,
            "principle": f.principle,
            "principle_title": titles.get(f.principle, ""),
            "question_id": f.question,
            "question": question.text if question is not None else "Cross-answer rule",
            "finding": f.text,
            "recommendation": f.recommendation,
            "owner": "",
            "due_date": "",
        }
        if review is not None:
            verdict = review.verdicts.get(f.question)
            row["review_verdict"] = verdict.verdict if verdict else ""
            row["review_comment"] = verdict.comment if verdict else ""
        rows.append(row)
    if not rows:  # one row still names the product, so merged plans stay readable
        rows.append({"product": product, "finding": "No findings: nothing to act on."})
    return csv_document(columns, rows)
