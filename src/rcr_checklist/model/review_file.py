"""A review file's data: a reviewer's verdicts per answer and the sign-off (pydantic, frozen).

What the file holds and how it changes (a verdict set, a sign-off given); what a report shows
of it, and the rules a sign-off must keep, are in ``model.review``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rcr_checklist.limits import MAX_TEXT
from rcr_checklist.model.fields import FullDate, Line, Text, latest_date_today
from rcr_checklist.model.scoring import Assessment

__all__ = [
    "DECISIONS",
    "REVIEW_FORMAT",
    "VERDICTS",
    "ReviewFile",
    "SignOff",
    "Verdict",
    "latest_date_today",
    "new_review",
    "product_label",
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
