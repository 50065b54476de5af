"""How one submission's answer to one question reads in a comparison, and when two are the same."""

from __future__ import annotations

from typing import Any

from rcr_checklist.model.scoring import QuestionResult

__all__ = ["answer_key", "answer_text", "number_text", "points_text"]


def number_text(value: float) -> str:
    """Points with at most two decimals and no trailing zeros ("1.5", "0")."""
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def answer_text(r: QuestionResult | None) -> str:
    """The answer as a reader sees it, or what kept it from being one ("Not answered")."""
    if r is None:
        return "Not asked"
    if r.status == "unanswered":
        return "Not answered"
    if r.status == "na":
        return "Not applicable"
    if r.status == "not_disclosed":
        return "Not disclosed"
    return "; ".join(r.labels) if r.labels else str(r.value)


def points_text(r: QuestionResult | None) -> str:
    """Earned of possible points ("1.5/2"), or "" for a question that does not count."""
    if r is None or not r.possible:
        return ""
    return f"{number_text(r.earned)}/{number_text(r.possible)}"


def answer_key(r: QuestionResult | None) -> tuple[Any, ...]:
    """What makes two answers the same for a comparison: status, value and points."""
    if r is None:
        return ("absent",)
    value = sorted(r.value) if isinstance(r.value, list) else r.value
    return (r.status, repr(value), r.earned, r.possible)
