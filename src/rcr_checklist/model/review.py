"""What reports show of a review (verdicts, counts, sign-off status) and a sign-off's rules.

The review file's own data is ``model.review_file``; here it is summarised beside the
answers, checked (an approval over rejected answers or critical findings needs a reason) and
read back from a report's ``assessment.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.model.review_file import (
    DECISIONS,
    REVIEW_FORMAT,
    VERDICTS,
    ReviewFile,
    product_label,
)
from rcr_checklist.model.scoring import Assessment
from rcr_checklist.model.wording import count

__all__ = [
    "ReviewView",
    "VerdictView",
    "approval_needs_reason",
    "review_from_report",
    "review_json",
    "review_view",
    "signoff_headline",
]


@dataclass(frozen=True)
class VerdictView:
    """A verdict as a report shows it."""

    verdict: str
    label: str
    comment: str


@dataclass(frozen=True)
class ReviewView:
    """What reports and comparisons show of a review.

    Attributes:
        verdicts: question id -> verdict (questions without a verdict are absent).
        counts: accepted, query, rejected and pending (answered questions without a verdict).
        signoff: the sign-off fields as text (name, role, organisation, date, decision,
            decision_label, conditions), or None when not signed off.
        status: one line, e.g. "Approved with conditions by A. Reviewer on 2026-12-01".
        css: "approved", "conditions", "not-approved" or "open".
    """

    verdicts: dict[str, VerdictView]
    counts: dict[str, int]
    signoff: dict[str, str] | None
    status: str
    css: str
    answers_sha256: str
    notes: list[str] = field(default_factory=list)


def _counts(review: ReviewFile, assessment: Assessment) -> dict[str, int]:
    """Verdicts by kind, and ``pending``: answered questions without a verdict."""
    counts = dict.fromkeys(VERDICTS, 0)
    for v in review.verdicts.values():
        if v.verdict is not None:
            counts[v.verdict] += 1
    counts["pending"] = sum(
        1
        for r in assessment.questions
        if r.status in ("answered", "na")
        and (r.id not in review.verdicts or review.verdicts[r.id].verdict is None)
    )
    return counts


def approval_needs_reason(review: ReviewFile, assessment: Assessment) -> str | None:
    """What a sign-off approves over without saying why, if anything.

    Approving (with or without conditions) over rejected answers, open queries or critical
    findings needs a reason, so that the cover can never show a clean "Approved" that a
    reader would take at its word.

    Args:
        review: the review, signed off or not.
        assessment: the scored answers it reviews.

    Returns:
        None when nothing is missing (not signed off, not approving, nothing approved over,
        or a reason given); else what was approved over, e.g. "3 critical findings and 1
        rejected answer".
    """
    s = review.signoff
    if s is None or not s.approving or s.reason:
        return None
    counts = _counts(review, assessment)
    over = _over(assessment.overall.critical_findings, counts["rejected"], counts["query"], 0)
    return _listed(over) if over else None


def review_view(review: ReviewFile, assessment: Assessment) -> ReviewView:
    """Summarise a review for display beside the answers.

    Args:
        review: the review (already checked against the assessment).
        assessment: the scored answers.

    Returns:
        The view: verdicts, counts, sign-off and a one-line status.
    """
    verdicts = {
        qid: VerdictView(v.verdict, VERDICTS[v.verdict], v.comment or "")
        for qid, v in review.verdicts.items()
        if v.verdict is not None
    }
    counts = _counts(review, assessment)
    tally = (
        f"{counts['accepted']} accepted, {counts['query']} queried, "
        f"{counts['rejected']} rejected, {counts['pending']} not reviewed"
    )
    notes: list[str] = []
    s = review.signoff
    if s is None:
        return ReviewView(
            verdicts, counts, None, f"In review: {tally}", "open", review.answers_sha256
        )
    who = ", ".join(x for x in (s.name, s.role, s.organisation) if x)
    signoff = {
        "name": s.name,
        "role": s.role or "",
        "organisation": s.organisation or "",
        "who": who,
        "date": s.date.isoformat(),
        "decision": s.decision,
        "decision_label": DECISIONS[s.decision],
        "conditions": s.conditions or "",
        "reason": s.reason or "",
        "tally": tally,
    }
    if s.approving and counts["rejected"]:
        notes.append(
            f"signed off as {s.decision!r} although "
            f"{count(counts['rejected'], 'answer was', 'answers were')} rejected"
        )
    css = {"approved": "approved", "approved with conditions": "conditions"}.get(
        s.decision, "not-approved"
    )
    if css == "approved" and (
        assessment.overall.critical_findings or counts["rejected"] or counts["query"]
    ):
        css = "conditions"  # never the green of a clean approval over what needed a reason
    signoff["headline"] = signoff_headline(
        DECISIONS[s.decision],
        approving=s.approving,
        critical=assessment.overall.critical_findings,
        rejected=counts["rejected"],
        queried=counts["query"],
        pending=counts["pending"],
    )
    status = f"{signoff['headline']} by {s.name} on {s.date.isoformat()}"
    return ReviewView(verdicts, counts, signoff, status, css, review.answers_sha256, notes)


def _over(critical: int, rejected: int, queried: int, pending: int) -> list[str]:
    """What an approval is given over, most serious first, e.g. ["3 critical findings"]."""
    return [
        count(n, one, many)
        for n, one, many in (
            (critical, "critical finding", "critical findings"),
            (rejected, "rejected answer", "rejected answers"),
            (queried, "open query", "open queries"),
            (pending, "answer not reviewed", "answers not reviewed"),
        )
        if n
    ]


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def signoff_headline(
    decision: str,
    *,
    approving: bool,
    critical: int,
    rejected: int,
    queried: int,
    pending: int = 0,
) -> str:
    """The sign-off as the cover states it: never cleaner than what it approved over.

    For example "Approved with 3 critical findings, 1 rejected answer and 2 answers not
    reviewed".

    Args:
        decision: the decision's label, e.g. "Approved".
        approving: whether the decision approves (with or without conditions).
        critical: critical findings in the assessment.
        rejected: answers the reviewer rejected.
        queried: answers with an open query.
        pending: answered questions the reviewer gave no verdict on.

    Returns:
        The decision, followed by what it was given over when it approves.
    """
    over = _over(critical, rejected, queried, pending)
    if not approving or not over:
        return decision
    return f"{decision} with {_listed(over)}"


def review_from_report(
    data: dict[str, Any], assessment: Assessment, source: str
) -> ReviewFile | None:
    """Rebuild the review embedded in a reviewed report's ``assessment.json``, if any.

    ``report --review`` embeds :func:`review_json` of the review; this turns it back into a
    review file so that ``compare`` shows a reviewed PDF as reviewed.

    Args:
        data: the embedded assessment JSON.
        assessment: the report's assessment, re-scored (its answers SHA-256 must match).
        source: the report's name, for messages.

    Returns:
        The review, or None when the report carries none.

    Raises:
        InputError: the embedded review is malformed or is for other answers.
    """
    raw = data.get("review")
    if raw is None:
        return None
    where = f"{source} (assessment.json)"
    signoff = raw.get("signoff") if isinstance(raw, dict) else None
    keys = ("name", "role", "organisation", "date", "decision", "conditions", "reason")
    try:
        review = ReviewFile.model_validate(
            {
                "format": REVIEW_FORMAT,
                "answers_sha256": raw.get("answers_sha256") if isinstance(raw, dict) else None,
                "product": product_label(assessment),
                "verdicts": raw.get("verdicts", {}) if isinstance(raw, dict) else {},
                "signoff": {k: signoff[k] for k in keys if signoff.get(k)}
                if isinstance(signoff, dict)
                else None,
            }
        )
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field_name = ".".join(str(part) for part in first["loc"])
        raise InputError(
            Problem(where, None, f"review.{field_name}", f"embedded review: {first['msg']}")
        ) from None
    if review.answers_sha256 != assessment.answers_sha256:
        raise InputError(
            Problem(
                where, None, "review.answers_sha256", "the embedded review is for other answers"
            )
        )
    return review


def review_json(view: ReviewView) -> dict[str, Any]:
    """Plain data of a review view (for JSON outputs)."""
    return {
        "answers_sha256": view.answers_sha256,
        "status": view.status,
        "counts": view.counts,
        "signoff": view.signoff,
        "verdicts": {
            qid: {"verdict": v.verdict, "comment": v.comment} for qid, v in view.verdicts.items()
        },
        "notes": view.notes,
    }
