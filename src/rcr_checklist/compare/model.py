"""The comparison's view model: submissions, their headline figures, the question rows.

``compare.build`` fills it (pure); the compare templates only loop over it and print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rcr_checklist.model.review import ReviewView
from rcr_checklist.model.scoring import Assessment
from rcr_checklist.report.register import RegisterRow

__all__ = [
    "COMPARISON_FORMAT",
    "OUTCOMES",
    "Cell",
    "Change",
    "Comparison",
    "QuestionRow",
    "Submission",
    "SubmissionView",
]

COMPARISON_FORMAT = "rcr-checklist/comparison/v1"
# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#000000", "#f0e442")


@dataclass
class Submission:
    """One loaded input with its review, if any.

    Attributes:
        source: the input file as given.
        assessment: the scored assessment.
        review: the matching review, or None.
        warnings: what the reader must be told about this input.
        verified: for a report PDF, the check it passed ("attachment-and-cover (fast)": the
            fast check); "" for an answers file.
    """

    source: str
    assessment: Assessment
    review: ReviewView | None = None
    warnings: list[str] = field(default_factory=list)
    verified: str = ""


@dataclass(frozen=True)
class SubmissionView:
    """One submission's headline figures, formatted."""

    key: str
    label: str
    source: str
    verified: str
    product: dict[str, Any]
    colour: str
    css: str
    score: str
    score_value: float | None
    rating: str
    rating_colour: str
    band: int
    draft: bool
    completion: str
    completion_value: float
    evidence_coverage: str
    evidence_value: float | None
    critical: int
    critical_text: str
    major: int
    minor: int
    principles: list[tuple[str, float | None, str, str]]
    critical_findings: list[tuple[str, str]]
    review_status: str
    review_css: str
    answers_sha256: str
    bank_version: str
    profile: str
    register: RegisterRow
    open_critical: int = 0


@dataclass(frozen=True)
class Cell:
    """One submission's answer to one question in the question table."""

    answer: str
    points: str
    css: str
    verdict: str = ""


OUTCOMES = ("finding", "open", "full", "part", "zero", "uncounted")
"""What a submission's answer to one question came to, best read left to right: a critical or
major finding of the question's severity; open (unanswered or not disclosed, which may still
raise it); full marks; part marks; no points; not counted (justified n/a, or not asked)."""


@dataclass(frozen=True)
class QuestionRow:
    """A question on which the submissions differ.

    Attributes:
        id: the question id.
        principle: its principle's number.
        text: the question's wording.
        cells: one answer per submission, in input order.
        severity: the gravest finding any submission has from this question ("" for none).
        groups: ``(answer, css, keys)``: the submissions grouped by answer, most points first.
        outcomes: outcome (one of ``OUTCOMES``) -> keys of the submissions with it, in input
            order; every submission in exactly one.
    """

    id: str
    principle: int
    text: str
    cells: list[Cell]
    severity: str = ""
    groups: list[tuple[str, str, list[str]]] = field(default_factory=list)
    outcomes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def decisive(self) -> bool:
        """Whether a critical or major finding of this question separates the submissions."""
        return self.severity in ("critical", "major")


@dataclass(frozen=True)
class Change:
    """How one question's points changed between two versions of a product."""

    id: str
    principle: int
    text: str
    before: str
    after: str
    before_answer: str
    after_answer: str
    delta: float


@dataclass(frozen=True)
class Comparison:
    """Everything a comparison shows.

    Attributes:
        title: the document title.
        generated: ISO 8601 time of the comparison.
        bank: "id version" of the bank every submission was scored with.
        bank_sha256: that bank's SHA-256.
        submissions: the submissions in input order (keys A, B, C, ...).
        principles: (number, title) of the five principles.
        differing: questions on which the submissions differ: those with a critical finding,
            then those with a major one, then the rest, each in bank order.
        agreeing: how many questions asked of every submission got the same answer.
        over_time: the inputs are versions of one product (same product name).
        improved: over time, questions whose points went up, largest change first.
        worsened: over time, questions whose points went down, largest drop first.
        other_changes: over time, questions whose answer changed but not their points.
        only_one: over time, questions asked of only one of the two versions (not weighed).
        resolved: over time, findings of the first version gone from the last.
        new: over time, findings of the last version that the first did not have.
        warnings: plainly marked notes the reader must see (bank versions, drafts, profiles).
    """

    title: str
    generated: str
    bank: str
    bank_sha256: str
    submissions: list[SubmissionView]
    principles: list[tuple[int, str]]
    differing: list[QuestionRow]
    agreeing: int
    over_time: bool
    improved: list[Change] = field(default_factory=list)
    worsened: list[Change] = field(default_factory=list)
    other_changes: int = 0
    only_one: int = 0
    resolved: list[tuple[str, str, str]] = field(default_factory=list)
    new: list[tuple[str, str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ranking(self) -> list[SubmissionView]:
        """Best first: fewest critical findings, then the better rating, then the higher score."""
        return sorted(
            self.submissions,
            key=lambda v: (
                v.critical,
                v.band,
                -(v.score_value if v.score_value is not None else -1.0),
                v.major,
                v.key,
            ),
        )

    @property
    def decisive(self) -> list[QuestionRow]:
        """The differing questions where a critical or major finding separates submissions."""
        return [row for row in self.differing if row.decisive]

    @property
    def minor_differences(self) -> list[QuestionRow]:
        """The differing questions without a critical or major finding."""
        return [row for row in self.differing if not row.decisive]

    @property
    def critical_groups(self) -> list[tuple[str, str, list[SubmissionView]]]:
        """Each critical finding once, with the submissions that have it.

        Returns:
            ``(question or rule id, finding text, submissions)``, the finding most
            submissions share first (then in the order the ranking first meets it); the
            submissions in ranking order. Thirty submissions often share a dozen findings,
            so this is a page where one row per submission and finding took five.
        """
        groups: dict[tuple[str, str], list[SubmissionView]] = {}
        for v in self.ranking:
            for question, text in v.critical_findings:
                groups.setdefault((question, text), []).append(v)
        ordered = sorted(groups.items(), key=lambda item: -len(item[1]))
        return [(question, text, subs) for (question, text), subs in ordered]

    @property
    def integrity_rows(self) -> list[list[tuple[str, str]]]:
        """The integrity table: ``[(text, css class)]`` per row, one per submission and the bank."""
        rows = [
            [
                (v.key, ""),
                (v.source, "free"),
                (v.verified or "answers file", ""),
                (v.answers_sha256, "hash"),
            ]
            for v in self.submissions
        ]
        rows.append([("", ""), (f"Bank {self.bank}", ""), ("", ""), (self.bank_sha256, "hash")])
        return rows
