"""Rows of data for ``score`` and ``bank list``: the bank's questions, the register as CSV.

The terminal tables that show them are in ``report.tables``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment
from rcr_checklist.report.register import register_csv, register_row

if TYPE_CHECKING:
    pass

__all__ = ["bank_rows", "csv_text"]


def bank_rows(
    bank: Bank, profile: str | None = None, principle: int | None = None
) -> list[dict[str, Any]]:
    """One row per question: what an answers file needs to answer it, and how it scores.

    Args:
        bank: the bank.
        profile: only questions asked of this profile when given.
        principle: only questions of this principle number (0 for product facts) when given.

    Returns:
        Rows as plain dicts (JSON-ready) with keys ``id``, ``principle``, ``kind``,
        ``scored``, ``weight``, ``evidence``, ``allow_na``, ``na_when`` (str or None),
        ``critical``, ``profiles``, ``text``, ``references``, ``show_if`` (the condition as
        data, e.g. ``{"question": "facts.medical_device", "in": ["yes", "unsure"]}``, or
        None) and ``options``: for choice questions a list of ``{value, label, score,
        finding_severity}`` (score 0-1 or None, severity ``critical``/``major``/``minor`` or
        None), otherwise empty.
    """
    rows = []
    for q in bank.questions:
        if profile and profile not in q.profiles:
            continue
        if principle is not None and bank.principle_of[q.id].number != principle:
            continue
        options = getattr(q, "options", [])
        rows.append(
            {
                "id": q.id,
                "principle": bank.principle_of[q.id].number,
                "kind": q.kind,
                "scored": bank.is_scored(q.id),
                "weight": q.weight if bank.is_scored(q.id) else 0,
                "evidence": q.evidence,
                "allow_na": q.allow_na,
                "na_when": q.na_when,
                "critical": any(o.finding and o.finding.severity == "critical" for o in options),
                "profiles": list(q.profiles),
                "text": q.text,
                "references": [f"{r.framework} {r.clause}" for r in q.references],
                "show_if": (
                    None
                    if q.show_if is None
                    else q.show_if.model_dump(mode="json", by_alias=True, exclude_none=True)
                ),
                "options": [
                    {
                        "value": o.value,
                        "label": o.label,
                        "score": o.score,
                        "finding_severity": o.finding.severity if o.finding else None,
                    }
                    for o in options
                ],
            }
        )
    return rows


def csv_text(items: list[tuple[str, Assessment]], verified: dict[str, str] | None = None) -> str:
    """The register of submissions: one CSV row per assessment (see ``report.register``).

    Args:
        items: ``(source, assessment)`` pairs.
        verified: by source, the check a report PDF passed (the fast check); answers files
            have none (an empty cell).

    Returns:
        CSV text with a header row, the columns of :func:`report.register.register_columns`;
        ``submission`` and ``review`` are empty (``score`` reads no review files).
    """
    checks = verified or {}
    rows = [
        register_row(source, a, review="", verified=checks.get(source, "")) for source, a in items
    ]
    numbers = [p.number for p in items[0][1].principles] if items else [1, 2, 3, 4, 5]
    return register_csv(rows, numbers)
