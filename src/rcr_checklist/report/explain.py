"""How a report explains a question: its points and the answer as lines to print."""

from __future__ import annotations

from typing import Any

from rcr_checklist.model.bank import ChoiceQuestion, Question, YesNoQuestion
from rcr_checklist.model.scoring import QuestionResult

__all__ = ["answer_lines", "explain", "number_text", "points_text"]


def number_text(value: float) -> str:
    """Format points without noise: 1, 0.75, 0.4."""
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def points_text(value: float) -> str:
    """Points with their noun: "1 point", "0.75 points"."""
    return f"{number_text(value)} point" + ("" if value == 1 else "s")


def explain(question: Question, result: QuestionResult) -> str:
    """Say in one sentence why a question earned its points.

    Args:
        question: the bank question.
        result: how it was answered and scored.

    Returns:
        e.g. "Earned 0.75 of 1 point: answered 'Partial' (option score 0.75 x weight 1)."
    """
    weight = number_text(question.weight)
    if not result.scored:
        return "Not scored: a product fact or information for the reader."
    if result.status == "unanswered":
        return (
            f"Earned 0 of {points_text(result.possible)}: not answered "
            "(an unanswered question counts as 0)."
        )
    if result.status == "na":
        return "Not counted: answered 'not applicable' with the justification below."
    if result.status == "not_disclosed":
        return (
            f"Earned 0 of {points_text(result.possible)}: not disclosed (requested from the "
            "vendor; it counts as 0 until answered)."
        )
    head = f"Earned {number_text(result.earned)} of {points_text(result.possible)}: answered "
    if not isinstance(question, ChoiceQuestion | YesNoQuestion):  # pragma: no cover
        return head + "."  # scored questions are always choices
    options = {o.value: o for o in question.options}
    values = result.value if isinstance(result.value, list) else [result.value]
    chosen = [options[v] for v in values if v in options]
    if len(chosen) == 1:
        return (
            f"{head}'{chosen[0].label}' (option score {number_text(chosen[0].score or 0)} "
            f"x weight {weight})."
        )
    parts = " + ".join(f"'{o.label}' ({number_text(o.score or 0)})" for o in chosen)
    total = sum(o.score or 0 for o in chosen)
    capped = " capped at 1" if total > 1 else ""
    return f"{head}{parts} = {number_text(total)}{capped}, x weight {weight}."


def answer_lines(question: Question, result: QuestionResult, raw: dict[str, Any]) -> list[str]:
    """The answer as the report prints it: option labels, a number with its unit, or a state.

    Args:
        question: the bank question (its unit).
        result: how it was answered.
        raw: the answer as written in the answers file.

    Returns:
        One line per chosen option, or one line.
    """
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
