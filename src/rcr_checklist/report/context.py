"""The report's view model: everything the templates show, built from a bank and an assessment.

Templates only loop and print; every decision (what a score means, which colour, what order)
is taken here, into the plain frozen dataclasses of ``report.views`` (named here too); the
crosswalk is ``report.crosswalk``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rcr_checklist.limits import NA
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment, Finding, QuestionResult
from rcr_checklist.model.wording import percent_text, score_text
from rcr_checklist.report.crosswalk import CrosswalkEntry, crosswalk
from rcr_checklist.report.explain import answer_lines, explain, number_text
from rcr_checklist.report.views import (
    EvidenceView,
    FindingView,
    PrincipleView,
    QuestionView,
    ReportContext,
)

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
_HELP_SUMMARY = 280  # characters of a question's help shown under it
# A free text longer than this many printed lines (at about 95 characters a line in a
# question's table) may split across pages; shorter ones move whole with their label.
_TALL_LINES = 15
_LINE_CHARS = 95


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
                    answer=answer_lines(q, r, raw),
                    scored=r.scored,
                    earned=r.earned,
                    possible=r.possible,
                    points=f"{number_text(r.earned)} / {number_text(r.possible)}"
                    if r.possible
                    else "",
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
        crosswalk=crosswalk(bank, [r.id for r in a.questions if r.scored], a),
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
