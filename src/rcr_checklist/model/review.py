"""A reviewer's verdicts on submitted answers and the sign-off, bound to the answers' SHA-256."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.limits import MAX_TEXT
from rcr_checklist.model.fields import FullDate, Line, Text
from rcr_checklist.model.scoring import Assessment

__all__ = [
    "DECISIONS",
    "REVIEW_FORMAT",
    "VERDICTS",
    "ReviewFile",
    "ReviewView",
    "SignOff",
    "Verdict",
    "VerdictView",
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
    counts = dict.fromkeys(VERDICTS, 0)
    for v in verdicts.values():
        counts[v.verdict] += 1
    answered = [r.id for r in assessment.questions if r.status in ("answered", "na")]
    counts["pending"] = sum(1 for qid in answered if qid not in verdicts)
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
        "tally": tally,
    }
    if s.decision != "not approved" and counts["rejected"]:
        notes.append(
            f"signed off as {s.decision!r} although {counts['rejected']} answer(s) were rejected"
        )
    css = {"approved": "approved", "approved with conditions": "conditions"}.get(
        s.decision, "not-approved"
    )
    signoff["headline"] = signoff_headline(
        DECISIONS[s.decision],
        approving=s.decision != "not approved",
        critical=assessment.overall.critical_findings,
        rejected=counts["rejected"],
        queried=counts["query"],
    )
    status = f"{signoff['headline']} by {s.name} on {s.date.isoformat()}"
    return ReviewView(verdicts, counts, signoff, status, css, review.answers_sha256, notes)


def signoff_headline(
    decision: str, *, approving: bool, critical: int, rejected: int, queried: int
) -> str:
    """The sign-off as the cover states it: never cleaner than what it approved over.

    For example "Approved with 3 critical findings and 1 rejected answer".

    Args:
        decision: the decision's label, e.g. "Approved".
        approving: whether the decision approves (with or without conditions).
        critical: critical findings in the assessment.
        rejected: answers the reviewer rejected.
        queried: answers with an open query.

    Returns:
        The decision, followed by what it was given over when it approves.
    """

    def plural(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    over = [
        plural(n, one, many)
        for n, one, many in (
            (critical, "critical finding", "critical findings"),
            (rejected, "rejected answer", "rejected answers"),
            (queried, "open query", "open queries"),
        )
        if n
    ]
    if not approving or not over:
        return decision
    listed = over[0] if len(over) == 1 else ", ".join(over[:-1]) + " and " + over[-1]
    return f"{decision} with {listed}"


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
    keys = ("name", "role", "organisation", "date", "decision", "conditions")
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
