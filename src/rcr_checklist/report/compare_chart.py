"""Inline SVG grouped bar chart of several submissions' principle scores, with text alternative."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from rcr_checklist.report.charts import BarChart

if TYPE_CHECKING:
    from rcr_checklist.compare import Comparison

__all__ = ["grouped_bar_chart"]

_WIDTH = 520
_LABEL = 170
_RIGHT = 40
_BAR = 9
_GAP = 9
_TOP = 34
_BOTTOM = 18


def _short(title: str, limit: int = 30) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "\u2026"


def grouped_bar_chart(c: Comparison, bands: list[tuple[str, float, str]]) -> BarChart:
    """One group of horizontal bars per principle, one bar per submission, with a legend.

    Args:
        c: the comparison.
        bands: ``(label, min, colour)`` rating bands, drawn as dashed thresholds.

    Returns:
        The chart (escaped SVG with ``<title>`` and ``<desc>``) and its text alternative.
    """
    n = len(c.submissions)
    plot = _WIDTH - _LABEL - _RIGHT
    group = n * _BAR + _GAP
    columns = min(n, 3)
    step = (_WIDTH - 20) // columns
    legend_rows = (n + columns - 1) // columns
    top = _TOP + 14 * (legend_rows - 1)
    height = top + group * len(c.principles) + _BOTTOM
    description = "; ".join(
        f"Principle {number}, {title}: "
        + ", ".join(f"{v.key} {v.principles[i][0]}" for v in c.submissions)
        for i, (number, title) in enumerate(c.principles)
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}" '
        f'aria-labelledby="cmp-title cmp-desc">'
        f'<title id="cmp-title">Principle scores out of 100, by submission</title>'
        f'<desc id="cmp-desc">{escape(description)}.</desc>'
    ]
    for i, v in enumerate(c.submissions):
        x = 10.0 + (i % columns) * step
        y = 10.0 + (i // columns) * 14
        parts.append(
            f'<rect x="{x}" y="{y}" width="10" height="10" fill="{v.colour}"/>'
            f'<text x="{x + 14}" y="{y + 9}" font-size="9" fill="#212b32">'
            f"{escape(v.key)}: {escape(_short(v.label, step // 6))}</text>"
        )
    for tick in (0, 25, 50, 75, 100):
        x = _LABEL + plot * tick / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - _BOTTOM}" '
            f'stroke="#e3e8eb" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{height - 4}" font-size="9" fill="#6b7c87" '
            f'text-anchor="middle">{tick}</text>'
        )
    for _label, lo, colour in bands:
        if lo > 0:
            x = _LABEL + plot * lo / 100
            parts.append(
                f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - _BOTTOM}" '
                f'stroke="{colour}" stroke-width="1" stroke-dasharray="3,2"/>'
            )
    for g, (number, title) in enumerate(c.principles):
        y0 = top + g * group
        parts.append(
            f'<text x="{_LABEL - 8}" y="{y0 + n * _BAR / 2 + 3:.1f}" font-size="9.5" '
            f'fill="#212b32" text-anchor="end">{number}. {escape(_short(title))}</text>'
        )
        for i, v in enumerate(c.submissions):
            text, value, _, _ = v.principles[g]
            width = plot * (value or 0.0) / 100
            y = y0 + i * _BAR
            parts.append(
                f'<rect x="{_LABEL}" y="{y + 1}" width="{width:.1f}" height="{_BAR - 2}" '
                f'fill="{v.colour}"/>'
                f'<text x="{_LABEL + width + 3:.1f}" y="{y + _BAR - 1.5}" font-size="7" '
                f'fill="#212b32">{escape(text)}</text>'
            )
    parts.append("</svg>")
    return BarChart(svg="".join(parts), description=description)
