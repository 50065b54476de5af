"""The report's first two pages (what a reader decides on) and the detail levels.

Built from the report's view model (``context.py``): the verdict in one sentence, the critical
and major findings with the status of their evidence, the open and not-disclosed items, the
DTAC view and the crosswalk condensed to the clauses this product's findings touch.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any

from rcr_checklist.limits import NOT_DISCLOSED
from rcr_checklist.model.assessment import Assessment, QuestionResult
from rcr_checklist.model.bank import Bank
from rcr_checklist.report.context import CrosswalkEntry, FindingView, ReportContext

__all__ = [
    "DTAC_SECTIONS",
    "DecisionView",
    "Detail",
    "DtacSection",
    "FindingRow",
    "OpenItem",
    "build_decision",
]

# Top-level DTAC sections (the same letters in v1 and v2.0); a clause's section is the part
# of its number before the first dot, e.g. "C2" for "C2.2.5".
DTAC_SECTIONS = {
    "A": "Company information",
    "B": "Value proposition",
    "C1": "Clinical safety",
    "C2": "Data protection",
    "C3": "Technical security",
    "C4": "Interoperability",
    "D1": "Usability and accessibility",
}
_DTAC_SECTION = re.compile(r"^(?:Section\s+)?([A-D])(\d?)")
TOP_ACTIONS = 5
Table = list[tuple[str, list[tuple[str, list[str]]]]]
"""The crosswalk as rows: ``[(framework, [(clause, [question ids])])]``."""


class Detail(enum.StrEnum):
    """How much of the assessment a report prints after its first two pages.

    ``summary``: the two decision pages and the integrity page (at most four pages).
    ``standard``: cards (without the bank's help text and clauses) only for questions with a
    finding or below full marks, one line for each other question, an action plan of the
    actions alone (each finding is on its card), the crosswalk condensed to the clauses of
    the critical and major findings.
    ``full``: every question's card and the whole crosswalk.
    """

    SUMMARY = "summary"
    STANDARD = "standard"
    FULL = "full"


@dataclass(frozen=True)
class FindingRow:
    """A critical or major finding on page 2, with the status of its evidence."""

    finding: FindingView
    evidence: str
    evidence_css: str


@dataclass(frozen=True)
class OpenItem:
    """A question still open: not answered, or not disclosed by the vendor."""

    id: str
    text: str
    principle: int
    critical: bool


@dataclass(frozen=True)
class DtacSection:
    """One DTAC section and the questions that cover it, with their status."""

    code: str
    title: str
    questions: list[tuple[str, str, str]]  # (question id, status label, css)


@dataclass(frozen=True)
class DecisionView:
    """What the first two pages show, and the detail that follows.

    Attributes:
        detail: the detail level.
        verdict: one sentence saying why the rating is what it is.
        findings: critical then major findings, each with its evidence status.
        other_findings: how many minor findings are left to the action plan.
        unanswered: visible questions without an answer (critical-capable first).
        not_disclosed: questions the vendor was asked and did not answer.
        top_actions: the findings to act on first.
        dtac_edition: the DTAC edition of the DTAC view ("" when the bank cites none).
        dtac: the DTAC view, section by section.
        crosswalk: the crosswalk to print: whole (full) or condensed (standard).
        crosswalk_condensed: whether ``crosswalk`` is limited to the clauses of the critical
            and major findings.
        planned: ``(question id, recommendation)`` of every action in the action plan; a
            standard card leaves out a recommendation the plan already gives.
    """

    detail: Detail
    verdict: str
    findings: list[FindingRow]
    other_findings: int
    unanswered: list[OpenItem]
    not_disclosed: list[OpenItem]
    top_actions: list[FindingView]
    dtac_edition: str
    dtac: list[DtacSection]
    crosswalk: Table
    crosswalk_condensed: bool
    planned: frozenset[tuple[str, str]] = frozenset()

    @property
    def cards(self) -> bool:
        """Whether the principle sections (question cards) are printed at all."""
        return self.detail is not Detail.SUMMARY


def _evidence(r: QuestionResult | None, raw: dict[str, Any], source: str) -> tuple[str, str]:
    if source == "rule" or r is None:
        return "Rule over several answers", "ev-rule"
    if r.status == "not_disclosed" or raw.get("value") == NOT_DISCLOSED:
        return "Not disclosed by the vendor", "ev-missing"
    if r.status == "unanswered":
        return "Not answered", "ev-missing"
    if r.status == "na":
        return "Not applicable", "ev-none"
    if r.evidence_count:
        n = r.evidence_count
        return f"{n} document{'' if n == 1 else 's'} cited", "ev-cited"
    if r.evidence_required and r.positive:
        return "None cited", "ev-missing"
    return "None needed for this answer", "ev-none"


def _verdict(ctx: ReportContext, a: Assessment) -> str:
    o = ctx.overall
    critical = int(o["critical"])
    reason = getattr(a.overall, "not_rated_reason", "")
    if not critical and reason:
        return reason if reason.endswith(".") else reason + "."
    if critical:
        base = (
            f"{critical} critical finding{'' if critical == 1 else 's'} "
            f"{'makes' if critical == 1 else 'make'} the rating \u201c{o['rating']}\u201d"
        )
        if o["forced"]:
            base += f", whatever the score ({o['score']} / 100 would rate higher)"
        return base + "."
    text = f"Rated \u201c{o['rating']}\u201d on its score of {o['score']} / 100"
    low = [p for p in ctx.principles if p.rating != ctx.bands[0][0] and p.score_value is not None]
    if low:
        text += "; below the top band: " + ", ".join(f"principle {p.number}" for p in low)
    if o["draft"]:
        text += f"; a draft, {o['completion']} answered"
    return text + "."


def _condensed(ctx: ReportContext, touched: set[str]) -> Table:
    out: Table = []
    for framework, rows in ctx.crosswalk_table:
        kept = [(clause, ids) for clause, ids in rows if any(i in touched for i in ids)]
        if kept:
            out.append((framework, kept))
    return out


def _dtac(
    bank: Bank, ctx: ReportContext, results: dict[str, QuestionResult], raw: dict[str, Any]
) -> tuple[str, list[DtacSection]]:
    """Group the DTAC clauses the bank cites by section, newest edition the bank cites."""
    entries: dict[str, list[CrosswalkEntry]] = {
        framework: group
        for framework, group in ctx.crosswalk
        if framework.split()[0].upper() == "DTAC"
    }
    if not entries:
        return "", []
    # "DTAC v2.0" before "DTAC v1" before plain "DTAC" (a bank citing one edition only)
    name = max(entries, key=lambda n: (("v2" in n), n))
    edition = name[len("DTAC") :].strip()
    if not edition:
        editions = {
            ref.edition or ""
            for q in bank.questions
            for ref in q.references
            if ref.framework == "DTAC"
        }
        edition = ", ".join(sorted(e for e in editions if e)) or "edition not given"
    sections: dict[str, list[tuple[str, str, str]]] = {}
    for entry in entries[name]:
        m = _DTAC_SECTION.match(entry.clause)
        code = (m.group(1) + m.group(2)) if m else "Other"
        if code not in DTAC_SECTIONS and m:
            code = m.group(1)
        status, css = _status(results.get(entry.question), raw.get(entry.question, {}), ctx, entry)
        row = (entry.question, status, css)
        if row not in sections.setdefault(code, []):
            sections[code].append(row)
    order = list(DTAC_SECTIONS)
    codes = sorted(sections, key=lambda c: (order.index(c) if c in order else len(order), c))
    return edition, [DtacSection(c, DTAC_SECTIONS.get(c, ""), sections[c]) for c in codes]


def _status(
    r: QuestionResult | None, raw: dict[str, Any], ctx: ReportContext, entry: CrosswalkEntry
) -> tuple[str, str]:
    severities = [f.severity for f in ctx.findings if f.question == entry.question]
    if r is None:
        return ("Critical finding", "st-critical") if severities else ("Raised", "st-part")
    if r.status == "not_disclosed" or raw.get("value") == NOT_DISCLOSED:
        return "Not disclosed", "st-open"
    if r.status == "unanswered":
        return "Not answered", "st-open"
    if r.status == "na":
        return "Not applicable", "st-na"
    if "critical" in severities:
        return "Critical finding", "st-critical"
    if r.possible and r.earned >= r.possible:
        return "Full marks", "st-full"
    if r.earned > 0:
        return "Partly met", "st-part"
    return "Not met", "st-none"


def build_decision(
    bank: Bank, ctx: ReportContext, a: Assessment, detail: Detail = Detail.STANDARD
) -> DecisionView:
    """Build what the first two pages show and choose the detail that follows.

    Args:
        bank: the bank the assessment was scored with.
        ctx: the report's view model.
        a: the scored assessment.
        detail: the detail level.

    Returns:
        The decision view.
    """
    results = {r.id: r for r in a.questions}
    raw: dict[str, Any] = a.answers.get("answers", {})
    rows = []
    for f in ctx.findings:
        if f.severity in ("critical", "major"):
            text, css = _evidence(results.get(f.question), raw.get(f.question, {}), f.source)
            rows.append(FindingRow(f, text, css))
    critical_capable = set(a.overall.unanswered_critical)
    unanswered: list[OpenItem] = []
    withheld: list[OpenItem] = []
    for r in a.questions:
        withheld_here = (
            r.status == "not_disclosed" or raw.get(r.id, {}).get("value") == NOT_DISCLOSED
        )
        if r.status != "unanswered" and not withheld_here:
            continue
        q = bank.by_id[r.id]
        item = OpenItem(r.id, q.text, r.principle, r.id in critical_capable)
        if withheld_here:
            withheld.append(item)
        else:
            unanswered.append(item)
    unanswered.sort(key=lambda i: not i.critical)
    # the standard report traces only what decides: the clauses behind critical and major
    # findings (a minor finding on nearly every question would list nearly every clause)
    touched = {f.question for f in ctx.findings if f.severity in ("critical", "major")}
    edition, dtac = _dtac(bank, ctx, results, raw)
    return DecisionView(
        detail=detail,
        verdict=_verdict(ctx, a),
        findings=rows,
        other_findings=len(ctx.findings) - len(rows),
        unanswered=unanswered,
        not_disclosed=withheld,
        top_actions=[f for f in ctx.findings if f.recommendation][:TOP_ACTIONS],
        dtac_edition=edition,
        dtac=dtac,
        crosswalk=ctx.crosswalk_table if detail is Detail.FULL else _condensed(ctx, touched),
        crosswalk_condensed=detail is not Detail.FULL,
        planned=frozenset((f.question, f.recommendation) for f in ctx.findings),
    )
