"""Side-by-side comparison of submissions (vendors, or versions of one product over time).

Loading (``app.compare``) verifies report PDFs first and refuses what cannot be compared
fairly; building the comparison here is pure: it fills the view model of ``compare.model``.
"""

from __future__ import annotations

from rcr_checklist.compare.cells import answer_key, answer_text, points_text
from rcr_checklist.compare.changes import with_changes
from rcr_checklist.compare.model import (
    OUTCOMES,
    PALETTE,
    Cell,
    Comparison,
    QuestionRow,
    Submission,
    SubmissionView,
)
from rcr_checklist.model.assessment import critical_text
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment, QuestionResult, generated_time
from rcr_checklist.model.wording import percent_text, score_text
from rcr_checklist.report.register import register_row, relative_name

__all__ = ["build_comparison"]


def _label(a: Assessment) -> str:
    p = a.product
    return " ".join(str(p.get(k)) for k in ("name", "version") if p.get(k)).strip() or "?"


def _submission_view(bank: Bank, i: int, key: str, s: Submission) -> SubmissionView:
    a = s.assessment
    o = a.overall
    return SubmissionView(
        key=key,
        label=_label(a),
        source=relative_name(s.source),
        verified=s.verified,
        product=a.product,
        colour=PALETTE[i % len(PALETTE)],
        css=f"sub-{i % len(PALETTE)}",
        score=score_text(o.score),
        score_value=o.score,
        rating=o.rating,
        rating_colour=bank.colour(o.rating),
        band=next(
            (n for n, b in enumerate(bank.meta.bands) if b.label == o.rating), len(bank.meta.bands)
        ),
        draft=o.draft,
        completion=percent_text(o.completion),
        completion_value=o.completion,
        evidence_coverage=percent_text(o.evidence_coverage),
        evidence_value=o.evidence_coverage,
        critical=o.findings.get("critical", 0),
        critical_text=critical_text(o),
        open_critical=len(o.unanswered_critical),
        major=o.findings.get("major", 0),
        minor=o.findings.get("minor", 0),
        principles=[
            (score_text(p.score), p.score, p.rating, bank.colour(p.rating)) for p in a.principles
        ],
        critical_findings=[(f.question, f.text) for f in a.findings if f.severity == "critical"],
        review_status=s.review.status if s.review is not None else "Not reviewed",
        review_css=s.review.css if s.review is not None else "none",
        answers_sha256=a.answers_sha256,
        bank_version=str(a.answers.get("bank", {}).get("version", "")),
        profile=a.profile,
        register=register_row(
            relative_name(s.source),
            a,
            submission=key,
            review=s.review.status if s.review is not None else "Not reviewed",
            verified=s.verified,
        ),
    )


def _warnings(items: list[Submission], views: list[SubmissionView], over_time: bool) -> list[str]:
    out: list[str] = []
    drafts = [v for v in views if v.draft]
    for s, v in zip(items, views, strict=True):
        out.extend(f"{v.key} ({v.label}): {w}" for w in s.warnings)
        if v.draft and len(drafts) <= 3:
            out.append(
                f"{v.key} ({v.label}) is a draft ({v.completion} answered); its unanswered "
                "questions score 0"
            )
        if s.review is not None:
            out.extend(f"{v.key} ({v.label}) review: {note}" for note in s.review.notes)
    if len(drafts) > 3:
        listing = ", ".join(f"{v.key} ({v.completion})" for v in drafts)
        out.append(
            f"{len(drafts)} submissions are drafts, with the share of questions answered: "
            f"{listing}; their unanswered questions score 0"
        )
    profiles = {v.profile for v in views}
    if len(profiles) > 1:
        listing = "; ".join(f"{v.key} {v.profile}" for v in views)
        out.append(
            f"the submissions were answered with different profiles ({listing}), which ask "
            "different questions: their scores are not like for like"
        )
    seen: dict[str, str] = {}
    for v in views:
        if v.answers_sha256 in seen:
            out.append(f"{seen[v.answers_sha256]} and {v.key} hold the same answers")
        seen.setdefault(v.answers_sha256, v.key)
    if over_time:
        first, last = items[0].assessment.assessor, items[-1].assessment.assessor
        if first.get("date") and last.get("date") and str(last["date"]) < str(first["date"]):
            out.append(
                f"the last input ({views[-1].key}, {last['date']}) is dated before the first "
                f"({views[0].key}, {first['date']}); changes are shown from the first input given "
                "to the last"
            )
    return out


def build_comparison(
    bank: Bank, items: list[Submission], generated: str | None = None
) -> Comparison:
    """Build the comparison view model.

    Args:
        bank: the bank every submission was scored with.
        items: the loaded submissions, at least two.
        generated: ISO 8601 time to stamp; now (or ``SOURCE_DATE_EPOCH``) when None.

    Returns:
        The comparison: headline figures, the questions where the submissions differ, and,
        when every input names the same product, what changed from the first to the last.
    """
    keys = [_column_key(i) for i in range(len(items))]
    views = [
        _submission_view(bank, i, k, s) for i, (k, s) in enumerate(zip(keys, items, strict=True))
    ]
    names = {str(s.assessment.product.get("name", "")).strip().casefold() for s in items}
    over_time = len(names) == 1
    results = [{r.id: r for r in s.assessment.questions} for s in items]
    differing: list[QuestionRow] = []
    agreeing = 0
    for q in bank.questions:
        if not bank.is_scored(q.id):
            continue
        row = [res.get(q.id) for res in results]
        if all(r is None for r in row):
            continue
        if len({answer_key(r) for r in row}) == 1:
            agreeing += 1
            continue
        earned = [r.earned for r in row if r is not None and r.possible]
        high, low = (max(earned), min(earned)) if earned else (0.0, 0.0)
        cells = []
        for r, s in zip(row, items, strict=True):
            css = ""
            if r is not None and r.possible and high != low:
                css = "best" if r.earned == high else "worst" if r.earned == low else "mid"
            verdict = ""
            if s.review is not None and q.id in s.review.verdicts:
                verdict = s.review.verdicts[q.id].label
            cells.append(Cell(answer_text(r), points_text(r), css, verdict))
        raised: list[set[str]] = [
            {f.severity for f in s.assessment.findings if f.question == q.id} for s in items
        ]
        severity = next(
            (sev for sev in ("critical", "major", "minor") if sev in set().union(*raised)), ""
        )
        differing.append(
            QuestionRow(
                q.id,
                bank.principle_of[q.id].number,
                q.text,
                cells,
                severity,
                _groups(cells, keys),
                _outcomes(row, raised, severity, keys),
            )
        )
    rank = {"critical": 0, "major": 1}
    differing.sort(key=lambda row: rank.get(row.severity, 2))  # stable: bank order within
    comparison = Comparison(
        title="Comparison: " + ", ".join(v.label for v in views),
        generated=generated or generated_time(),
        bank=f"{bank.meta.id} {bank.meta.version}",
        bank_sha256=bank.sha256,
        submissions=views,
        principles=[(p.number, p.title) for p in bank.principles if p.number],
        differing=differing,
        agreeing=agreeing,
        over_time=over_time,
        warnings=_warnings(items, views, over_time),
    )
    if over_time:
        comparison = with_changes(bank, comparison, items[0].assessment, items[-1].assessment)
    return comparison


def _outcomes(
    row: list[QuestionResult | None], raised: list[set[str]], severity: str, keys: list[str]
) -> dict[str, list[str]]:
    """Each submission's outcome on one question (``compare.model.OUTCOMES``) -> its keys."""
    out: dict[str, list[str]] = {name: [] for name in OUTCOMES}
    for r, found, key in zip(row, raised, keys, strict=True):
        if severity in ("critical", "major") and severity in found:
            name = "finding"
        elif r is None or not r.possible:
            name = "uncounted"
        elif r.status in ("unanswered", "not_disclosed"):
            name = "open"
        elif r.earned >= r.possible:
            name = "full"
        else:
            name = "part" if r.earned > 0 else "zero"
        out[name].append(key)
    return out


def _groups(cells: list[Cell], keys: list[str]) -> list[tuple[str, str, list[str]]]:
    """The submissions grouped by answer, most points first: ``[(answer, css, [keys])]``."""
    groups: dict[tuple[str, str], list[str]] = {}
    css: dict[tuple[str, str], str] = {}
    for key, cell in zip(keys, cells, strict=True):
        label = (cell.answer, cell.points)
        groups.setdefault(label, []).append(key)
        css[label] = cell.css

    def points(label: tuple[str, str]) -> float:
        earned = label[1].split("/")[0]
        return float(earned) if earned else -1.0

    ordered = sorted(groups, key=lambda label: -points(label))
    return [
        (f"{answer} ({pts})" if pts else answer, css[(answer, pts)], groups[(answer, pts)])
        for answer, pts in ordered
    ]


def _column_key(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, rest = divmod(i - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
