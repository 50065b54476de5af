"""The report's view types: frozen dataclasses the templates loop over and print.

``report.context`` fills them from a bank and an assessment; nothing here decides anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rcr_checklist.report.crosswalk import CrosswalkEntry

__all__ = [
    "EvidenceView",
    "FindingView",
    "PrincipleView",
    "QuestionView",
    "ReportContext",
]


@dataclass(frozen=True)
class EvidenceView:
    """One cited document (untrusted text, shown as text, never fetched)."""

    title: str
    ref: str
    date: str


@dataclass(frozen=True)
class FindingView:
    """A finding as shown in the summary, the principle sections and the action plan."""

    severity: str
    severity_label: str
    principle: int
    principle_title: str
    question: str
    question_text: str
    text: str
    recommendation: str
    source: str


@dataclass(frozen=True)
class QuestionView:
    """One visible question with its answer and why it earned its points."""

    id: str
    number: str
    text: str
    help: str
    status: str
    css: str
    answer: list[str]
    scored: bool
    earned: float
    possible: float
    points: str
    explanation: str
    evidence_required: bool
    evidence_examples: str
    evidence: list[EvidenceView]
    comment: str
    justification: str
    findings: list[FindingView]
    tall_comment: bool
    tall_justification: bool
    recommendation: str
    references: list[str]
    brief: bool = False


@dataclass(frozen=True)
class PrincipleView:
    """One principle (or the product facts, number 0) with its questions."""

    id: str
    number: int
    title: str
    statement: str
    score: str
    score_value: float | None
    rating: str
    colour: str
    earned: float
    possible: float
    answered: int
    visible: int
    critical: int
    questions: list[QuestionView]


@dataclass(frozen=True)
class ReportContext:
    """Everything a report template needs.

    Attributes:
        title: the document title (product label and product name).
        product: product fields as given (untrusted text).
        assessor: assessor fields as given (untrusted text).
        facts: the product-facts section (principle 0), or None when the bank has none.
        principles: the five scored principles, in order.
        findings: every finding, critical first.
        critical: the critical findings only.
        top_recommendations: up to five findings to act on first.
        crosswalk: framework -> clauses with their questions, frameworks in reading order.
        overall: headline figures, already formatted.
        integrity: tool, bank and answers identity for the integrity page.
        bands: the rating bands ``(label, min, colour)``, highest first.
        unanswered: ids of visible questions without an answer.
        not_disclosed: ``(id, question text)`` of the questions answered "not disclosed":
            requested from the vendor.
        not_counted: ``(id, answer, why)`` of the answers the score does not count (hidden
            by the product facts or outside the profile).
        obtain: ``(id, question text, not disclosed)`` of the open questions (unanswered or
            not disclosed) whose answer could raise a critical finding, in bank order: what
            to obtain from the vendor first.
    """

    title: str
    product: dict[str, Any]
    assessor: dict[str, Any]
    facts: PrincipleView | None
    principles: list[PrincipleView]
    findings: list[FindingView]
    critical: list[FindingView]
    top_recommendations: list[FindingView]
    crosswalk: list[tuple[str, list[CrosswalkEntry]]]
    overall: dict[str, Any]
    integrity: dict[str, str]
    bands: list[tuple[str, float, str]]
    profile: str
    bank_title: str
    bank_source: str
    bank_notes: str
    failing_label: str
    unanswered: list[str] = field(default_factory=list)
    not_disclosed: list[tuple[str, str]] = field(default_factory=list)
    not_counted: list[tuple[str, str, str]] = field(default_factory=list)
    obtain: list[tuple[str, str, bool]] = field(default_factory=list)

    @property
    def crosswalk_table(self) -> list[tuple[str, list[tuple[str, list[str]]]]]:
        """The crosswalk with one row per clause: ``[(framework, [(clause, [ids])])]``."""
        table: list[tuple[str, list[tuple[str, list[str]]]]] = []
        for framework, entries in self.crosswalk:
            rows: dict[str, list[str]] = {}
            for entry in entries:
                ids = rows.setdefault(entry.clause, [])
                if entry.question not in ids:
                    ids.append(entry.question)
            table.append((framework, list(rows.items())))
        return table
