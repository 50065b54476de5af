"""A reviewer's verdicts on submitted answers and the sign-off, bound to the answers' SHA-256."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.limits import MAX_TEXT
from rcr_checklist.model.fields import FullDate, Line, Text
from rcr_checklist.model.scoring import Assessment
from rcr_checklist.model.wording import count

__all__ = [
    "DECISIONS",
    "REVIEW_FORMAT",
    "VERDICTS",
    "ReviewFile",
    "ReviewView",
    "SignOff",
    "Verdict",
    "VerdictView",
    "approval_needs_reason",
    "latest_date_today",
    "new_review",
    "review_from_report",
    "review_view",
    "signoff_headline",
    "with_signoff",
    "with_verdict",
]

REVIEW_FORMAT = "rcr-checklist/review/v1"
VerdictName = Literal["accepted", "query", "rejected"]
DecisionName = Literal["approved", "approved with conditions", "not approved"]
VERDICTS: dict[str, str] = {"accepted": "Accepted", "query": "Query", "rejected": "Rejected"}
DECISIONS: dict[str, str] = {
    "approved": "Approved",
    "approved with conditions": "Approved with conditions",
    "not approved": "Not approved",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Verdict(_Strict):
    """The reviewer's verdict on one answer."""

    verdict: VerdictName | None = Field(
        None,
        description="accepted, query (more is needed) or rejected; empty while not reviewed.",
    )
    comment: Text | None = Field(
        None,
        max_length=MAX_TEXT,
        description="What is wrong or what is needed; required for query and rejected.",
    )

    @model_validator(mode="after")
    def _comment_needed(self) -> Verdict:
        """A query or a rejection must say why, or the vendor cannot act on it."""
        if self.verdict in ("query", "rejected") and not self.comment:
            raise ValueError(
                f"a {self.verdict!r} verdict needs a comment saying what is wrong or needed"
            )
        return self


class SignOff(_Strict):
    """Who signs the review off, when, and the decision."""

    name: Line = Field(min_length=1, max_length=200, description="Name of the reviewer.")
    role: Line | None = Field(None, max_length=200, description="e.g. 'Clinical safety officer'.")
    organisation: Line | None = Field(None, max_length=200, description="e.g. an NHS trust.")
    date: FullDate = Field(description="Date of the sign-off, YYYY-MM-DD.")
    decision: DecisionName = Field(
        description="approved, approved with conditions, or not approved."
    )
    conditions: Text | None = Field(
        None,
        max_length=MAX_TEXT,
        description="The conditions; required with 'approved with conditions'.",
    )
    reason: Text | None = Field(
        None,
        max_length=MAX_TEXT,
        description="Why the decision stands although answers were rejected or queried or "
        "critical findings were raised; required to approve over any of them, and shown on "
        "the cover beside the decision.",
    )

    @property
    def approving(self) -> bool:
        """Whether the decision approves (with or without conditions)."""
        return self.decision != "not approved"

    @model_validator(mode="after")
    def _conditions_needed(self) -> SignOff:
        """Conditions go with 'approved with conditions' and only with it."""
        if self.decision == "approved with conditions" and not self.conditions:
            raise ValueError("'approved with conditions' needs the conditions written out")
        if self.decision != "approved with conditions" and self.conditions:
            raise ValueError("conditions are given only with 'approved with conditions'")
        return self


class ReviewFile(_Strict):
    """A review file: one reviewer's verdicts on one set of answers, and the sign-off."""

    format: Literal["rcr-checklist/review/v1"] = Field(
        description="Always 'rcr-checklist/review/v1'."
    )
    answers_sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$",
        description="SHA-256 of the reviewed answers (see `rcr-checklist score --format json`); "
        "the review is refused for any other answers.",
    )
    product: Line = Field(
        min_length=1, max_length=400, description="Product name and version, for the reader."
    )
    verdicts: dict[str, Verdict] = Field(
        default_factory=dict, description="Question id -> verdict, e.g. 'regulation.ukca_marking'."
    )
    signoff: SignOff | None = Field(None, description="The sign-off; empty until signed.")


def product_label(assessment: Assessment) -> str:
    """Return "Name version" of the assessed product."""
    p = assessment.product
    return " ".join(str(p.get(k, "")) for k in ("name", "version") if p.get(k)).strip() or "?"


def new_review(assessment: Assessment, *, blank_verdicts: bool = False) -> ReviewFile:
    """Start a review of an assessment's answers.

    Args:
        assessment: the scored answers to review.
        blank_verdicts: list every answered question with an empty verdict (a template to
            fill in by hand).

    Returns:
        A review bound to the answers' SHA-256, without sign-off.
    """
    verdicts = (
        {r.id: Verdict() for r in assessment.questions if r.status in ("answered", "na")}
        if blank_verdicts
        else {}
    )
    return ReviewFile(
        format=REVIEW_FORMAT,
        answers_sha256=assessment.answers_sha256,
        product=product_label(assessment),
        verdicts=verdicts,
    )


def with_verdict(review: ReviewFile, question: str, verdict: Verdict | None) -> ReviewFile:
    """Return the review with one verdict set (or removed when None), in its place."""
    verdicts = dict(review.verdicts)
    if verdict is None:
        verdicts.pop(question, None)
    else:
        verdicts[question] = verdict
    return review.model_copy(update={"verdicts": verdicts})


def with_signoff(review: ReviewFile, signoff: SignOff | None) -> ReviewFile:
    """Return the review with its sign-off set (or removed when None)."""
    return review.model_copy(update={"signoff": signoff})


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


def latest_date_today(now: dt.datetime | None = None) -> dt.date:
    """The latest calendar date that is already today somewhere on Earth (UTC+14).

    A sign-off dated later than this is in the future wherever it was written; comparing
    with the local date instead would refuse a review signed in New Zealand and rendered in
    London on the same morning.

    Args:
        now: the current time (default: now); a naive time is taken as UTC.

    Returns:
        The date at UTC+14.
    """
    moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return (moment.astimezone(dt.UTC) + dt.timedelta(hours=14)).date()


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
