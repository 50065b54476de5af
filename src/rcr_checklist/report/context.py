"""The report's view model: everything the templates show, built from a bank and an assessment.

Templates only loop and print; every decision (what a score means, which colour, what order)
is taken here, in plain frozen dataclasses that are easy to test.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rcr_checklist.limits import NA
from rcr_checklist.model.bank import Bank, ChoiceQuestion, Question, Reference, YesNoQuestion
from rcr_checklist.model.scoring import Assessment, Finding, QuestionResult
from rcr_checklist.model.wording import percent_text, score_text

__all__ = [
    "CrosswalkEntry",
    "EvidenceView",
    "FindingView",
    "PrincipleView",
    "QuestionView",
    "ReportContext",
    "build_context",
    "explain",
]

PRODUCT_LABEL = "RCR AI principles self-assessment"
SEVERITY_LABELS = {"critical": "Critical", "major": "Major", "minor": "Minor"}
# Frameworks in the order an NHS reader expects them; others follow alphabetically.
FRAMEWORK_ORDER = (
    "DTAC",
    "DCB0129",
    "DCB0160",
    "MHRA",
    "UK MDR 2002",
    "UK GDPR",
    "DSPT",
    "NICE ESF",
    "EU AI Act",
)
_HELP_SUMMARY = 280  # characters of a question's help shown under it
# A free text longer than this many printed lines (at about 95 characters a line in a
# question's table) may split across pages; shorter ones move whole with their label.
_TALL_LINES = 15
_LINE_CHARS = 95


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
class CrosswalkEntry:
    """A clause of a framework and the question (or rule) traced to it."""

    clause: str
    question: str
    text: str
    principle: int


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


def _num(value: float) -> str:
    """Format points without noise: 1, 0.75, 0.4."""
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def _points(value: float) -> str:
    return f"{_num(value)} point" + ("" if value == 1 else "s")


def _tall(text: str) -> bool:
    """Whether a free text fills so much of a page that its row had better split there."""
    return sum(len(line) // _LINE_CHARS + 1 for line in text.split("\n")) > _TALL_LINES


def _summary(text: str) -> str:
    """First sentences of a question's help, up to about 280 characters."""
    text = " ".join(text.split())
    if len(text) <= _HELP_SUMMARY:
        return text
    cut = text[:_HELP_SUMMARY]
    end = cut.rfind(". ")
    return cut[: end + 1] if end > 80 else cut.rsplit(" ", 1)[0] + " ..."


def explain(question: Question, result: QuestionResult) -> str:
    """Say in one sentence why a question earned its points.

    Args:
        question: the bank question.
        result: how it was answered and scored.

    Returns:
        e.g. "Earned 0.75 of 1 point: answered 'Partial' (option score 0.75 x weight 1)."
    """
    weight = _num(question.weight)
    if not result.scored:
        return "Not scored: a product fact or information for the reader."
    if result.status == "unanswered":
        return (
            f"Earned 0 of {_points(result.possible)}: not answered "
            "(an unanswered question counts as 0)."
        )
    if result.status == "na":
        return "Not counted: answered 'not applicable' with the justification below."
    if result.status == "not_disclosed":
        return (
            f"Earned 0 of {_points(result.possible)}: not disclosed (requested from the vendor; "
            "it counts as 0 until answered)."
        )
    head = f"Earned {_num(result.earned)} of {_points(result.possible)}: answered "
    if not isinstance(question, ChoiceQuestion | YesNoQuestion):  # pragma: no cover
        return head + "."  # scored questions are always choices
    options = {o.value: o for o in question.options}
    values = result.value if isinstance(result.value, list) else [result.value]
    chosen = [options[v] for v in values if v in options]
    if len(chosen) == 1:
        return (
            f"{head}'{chosen[0].label}' (option score {_num(chosen[0].score or 0)} "
            f"x weight {weight})."
        )
    parts = " + ".join(f"'{o.label}' ({_num(o.score or 0)})" for o in chosen)
    total = sum(o.score or 0 for o in chosen)
    capped = " capped at 1" if total > 1 else ""
    return f"{head}{parts} = {_num(total)}{capped}, x weight {weight}."


def _answer_lines(question: Question, result: QuestionResult, raw: dict[str, Any]) -> list[str]:
    if result.status == "unanswered":
        return ["Not answered"]
    if result.status == "na":
        return ["Not applicable"]
    if result.status == "not_disclosed":
        return ["Not disclosed: requested from the vendor"]
    if result.labels:
        return list(result.labels)
    value = raw.get("value")
    unit = getattr(question, "unit", None)
    if isinstance(value, float | int) and not isinstance(value, bool):
        return [f"{value:g}" + (f" {unit}" if unit else "")]
    return [str(value)]


def _css(result: QuestionResult) -> str:
    if result.status != "answered":
        return result.status.replace("_", "-")
    if not result.scored:
        return "info"
    if result.possible and result.earned >= result.possible:
        return "full"
    return "part" if result.earned > 0 else "none"


def _brief(result: QuestionResult, has_finding: bool) -> bool:
    """Whether a question gets one line instead of a card at the standard detail level."""
    if has_finding:
        return False
    if result.status == "na":
        return True
    full = result.possible > 0 and result.earned >= result.possible
    return result.status == "answered" and (full or not result.scored)


def _finding_view(bank: Bank, f: Finding) -> FindingView:
    question = bank.by_id.get(f.question)
    titles = {p.number: p.title for p in bank.principles}
    return FindingView(
        severity=f.severity,
        severity_label=SEVERITY_LABELS[f.severity],
        principle=f.principle,
        principle_title=titles.get(f.principle, ""),
        question=f.question,
        question_text=question.text if question is not None else "Cross-answer rule",
        text=f.text,
        recommendation=f.recommendation,
        source=f.source,
    )


def _clause_key(clause: str) -> list[Any]:
    """Natural sort: 'C1.10' after 'C1.9'."""
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", clause)]


def _framework_name(ref: Reference, bank: Bank) -> str:
    """A crosswalk heading: the framework, and the edition where the sources list several."""
    if not ref.edition:
        return ref.framework
    framework = bank.sources.by_name.get(ref.framework) if bank.sources else None
    if framework is not None and len(framework.editions) == 1:
        return ref.framework
    return f"{ref.framework} {ref.edition}"


def _framework_order(bank: Bank) -> list[str]:
    """Headings in reading order: the bank's sources file (current editions first), else ours."""
    if bank.sources is None:
        return list(FRAMEWORK_ORDER)
    order: list[str] = []
    for framework in bank.sources.frameworks:
        order.append(framework.name)
        current = [e for e in framework.editions if e.status == "current"]
        older = [e for e in framework.editions if e.status != "current"]
        order.extend(f"{framework.name} {e.edition}" for e in current + older)
    return order


def _crosswalk(
    bank: Bank, shown: list[str], a: Assessment
) -> list[tuple[str, list[CrosswalkEntry]]]:
    groups: dict[str, list[CrosswalkEntry]] = defaultdict(list)
    for qid in shown:
        q = bank.by_id[qid]
        for ref in q.references:
            groups[_framework_name(ref, bank)].append(
                CrosswalkEntry(ref.clause, qid, q.text, bank.principle_of[qid].number)
            )
    fired = {f.question for f in a.findings if f.source == "rule"}
    for rule in bank.meta.rules:
        if rule.id in fired:
            for ref in rule.references:
                groups[_framework_name(ref, bank)].append(
                    CrosswalkEntry(ref.clause, rule.id, rule.text, rule.principle)
                )
    order = _framework_order(bank)
    rank = {name.lower(): i for i, name in enumerate(order)}
    names = sorted(groups, key=lambda n: (rank.get(n.lower(), len(rank)), n.lower()))
    return [
        (
            name,
            sorted(
                groups[name],
                key=lambda e: (_clause_key(e.clause), bank.order.get(e.question, 10**6)),
            ),
        )
        for name in names
    ]


def build_context(bank: Bank, a: Assessment) -> ReportContext:
    """Build the report's view model.

    Args:
        bank: the bank the assessment was scored with (texts, help, options, references).
        a: the scored assessment.

    Returns:
        The view model; its texts are raw (untrusted) strings that templates escape.
    """
    raw_answers: dict[str, Any] = a.answers.get("answers", {})
    findings = [_finding_view(bank, f) for f in a.findings]
    by_question: dict[str, list[FindingView]] = defaultdict(list)
    for finding, finding_view in zip(a.findings, findings, strict=True):
        # a rule's finding belongs on the card of every question it reads
        for qid in finding.reads or (finding.question,):
            by_question[qid].append(finding_view)
    results = {r.id: r for r in a.questions}
    scores = {p.number: p for p in a.principles}
    views: list[PrincipleView] = []
    facts: PrincipleView | None = None
    for principle in bank.principles:
        questions: list[QuestionView] = []
        shown = [q for q in principle.questions if q.id in results]
        for index, q in enumerate(shown, start=1):
            r = results[q.id]
            raw = raw_answers.get(q.id, {})
            comment = raw.get("comment", "") or ""
            justification = (raw.get("justification", "") or "") if r.value == NA else ""
            questions.append(
                QuestionView(
                    id=q.id,
                    number=f"{principle.number}.{index}",
                    text=q.text,
                    # what a good answer looks like matters where points were lost
                    help=""
                    if r.status == "answered" and r.possible and r.earned >= r.possible
                    else _summary(q.help),
                    status=r.status,
                    css=_css(r),
                    answer=_answer_lines(q, r, raw),
                    scored=r.scored,
                    earned=r.earned,
                    possible=r.possible,
                    points=f"{_num(r.earned)} / {_num(r.possible)}" if r.possible else "",
                    explanation=explain(q, r),
                    evidence_required=r.evidence_required,
                    evidence_examples=q.evidence_examples or "",
                    evidence=[
                        EvidenceView(e.get("title", ""), e.get("ref", ""), e.get("date", ""))
                        for e in raw.get("evidence", [])
                    ],
                    comment=comment,
                    justification=justification,
                    findings=by_question.get(q.id, []),
                    tall_comment=_tall(comment),
                    tall_justification=_tall(justification),
                    recommendation=r.recommendation
                    if r.scored and r.possible and r.earned < r.possible
                    else "",
                    references=[f"{ref.framework} {ref.clause}" for ref in q.references],
                    brief=_brief(r, bool(by_question.get(q.id))),
                )
            )
        s = scores.get(principle.number)
        rating = s.rating if s is not None else ""
        view = PrincipleView(
            id=principle.id,
            number=principle.number,
            title=principle.title,
            statement=principle.statement,
            score=score_text(None if s is None else s.score),
            score_value=None if s is None else s.score,
            rating=rating,
            colour=bank.colour(rating),
            earned=0.0 if s is None else s.earned,
            possible=0.0 if s is None else s.possible,
            answered=s.answered
            if s is not None
            else sum(q.status in ("answered", "na") for q in questions),
            visible=s.visible if s is not None else len(questions),
            critical=0 if s is None else s.critical_findings,
            questions=questions,
        )
        if principle.number == 0:
            facts = view
        else:
            views.append(view)
    o = a.overall
    product = a.product
    name = " ".join(str(product.get(k, "")) for k in ("name", "version")).strip()
    return ReportContext(
        title=f"{PRODUCT_LABEL}: {name}",
        product=product,
        assessor=a.assessor,
        facts=facts if facts is not None and facts.questions else None,
        principles=views,
        findings=findings,
        critical=[f for f in findings if f.severity == "critical"],
        top_recommendations=[f for f in findings if f.recommendation][:5],
        crosswalk=_crosswalk(bank, [r.id for r in a.questions if r.scored], a),
        overall={
            "score": score_text(o.score),
            "score_value": o.score,
            "rating": o.rating,
            "colour": bank.colour(o.rating),
            "draft": o.draft,
            "completion": percent_text(o.completion),
            # the principles' questions, as the principle rows above it count them ...
            "answered": sum(r.status in ("answered", "na") for r in a.questions if r.principle),
            "visible": sum(1 for r in a.questions if r.principle),
            # ... and the completion's own figures, the product facts included
            "answered_all": sum(r.status in ("answered", "na") for r in a.questions),
            "visible_all": len(a.questions),
            "evidence_coverage": percent_text(o.evidence_coverage),
            "evidence_base": (
                f"{o.evidence_base.get('cited', 0)} of {o.evidence_base.get('answered', 0)} "
                "answered"
                + (f", {o.evidence_base['open']} open" if o.evidence_base.get("open") else "")
            ),
            "rated": o.rated,
            "not_rated_reason": o.not_rated_reason,
            "answered_score": score_text(o.answered_score),
            "critical": o.findings.get("critical", 0),
            "unanswered_critical": list(o.unanswered_critical),
            "major": o.findings.get("major", 0),
            "minor": o.findings.get("minor", 0),
            "forced": bool(o.critical_findings)
            and o.score is not None
            and bank.rating(o.score) != o.rating,
        },
        integrity={
            "tool": f"{a.tool.get('name', '')} {a.tool.get('version', '')}".strip(),
            "format": a.format,
            "bank": f"{a.bank.get('id', '')} {a.bank.get('version', '')}".strip(),
            "bank_sha256": a.bank.get("sha256", ""),
            "answers_sha256": a.answers_sha256,
            "generated": a.generated,
        },
        bands=[(b.label, b.min, b.colour) for b in bank.meta.bands],
        profile=bank.meta.profiles[a.profile].title
        if a.profile in bank.meta.profiles
        else a.profile,
        bank_title=bank.meta.title,
        bank_source=bank.meta.source,
        bank_notes=bank.meta.notes,
        failing_label=bank.meta.failing_label,
        unanswered=[r.id for r in a.questions if r.status == "unanswered"],
        not_disclosed=[(qid, bank.by_id[qid].text) for qid in o.not_disclosed if qid in bank.by_id],
        not_counted=[
            (
                n.question,
                "; ".join(n.labels) or str(n.value),
                n.detail if n.reason == "facts" else f"not asked of the {a.profile} profile",
            )
            for n in a.not_counted
        ],
        obtain=[
            (qid, bank.by_id[qid].text, qid in o.not_disclosed)
            for qid in o.unanswered_critical
            if qid in bank.by_id
        ],
    )
