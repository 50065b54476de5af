"""How figures and counts are written for people: one home for every output (terminal, reports).

A score is printed with one decimal, a share as a whole percentage, and either is "n/a" when
there is nothing to score; a count is printed with its noun in the right number ("1 critical
finding", "4 critical findings"), never as "finding(s)".
"""

from __future__ import annotations

__all__ = ["NOT_SCORED", "count", "percent_text", "score_text"]

NOT_SCORED = "n/a"
"""What a score or a share reads when nothing counted towards it."""


def score_text(value: float | None) -> str:
    """A score (0-100) with one decimal, or "n/a".

    Args:
        value: the score, or None when no question counted.

    Returns:
        For example "95.6", "100.0" or "n/a".
    """
    return NOT_SCORED if value is None else f"{value:.1f}"


def percent_text(value: float | None) -> str:
    """A share (0-1) as a whole percentage, or "n/a".

    Args:
        value: the share, or None when its base is empty.

    Returns:
        For example "97%" or "n/a".
    """
    return NOT_SCORED if value is None else f"{value:.0%}"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun in the right number.

    Args:
        n: the count.
        noun: the singular, e.g. "critical finding" or "report PDF".
        plural: the plural when it is not the singular plus "s" (e.g. "open queries",
            "answers not reviewed").

    Returns:
        For example "1 critical finding", "0 critical findings", "4 report PDFs".
    """
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"
