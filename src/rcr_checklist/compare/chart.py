"""Inline SVG radar chart of several submissions' principle scores, with a text alternative."""

from __future__ import annotations

import math
from html import escape
from typing import TYPE_CHECKING

from rcr_checklist.report.charts import BarChart

if TYPE_CHECKING:
    from rcr_checklist.compare.model import Comparison

__all__ = ["radar_chart"]


def _short(title: str, limit: int = 30) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "\u2026"


_R_SIZE = 560  # viewBox width
_R_RADIUS = 125
_R_CX = 280
_R_CY = 165


def _point(axis: int, axes: int, value: float) -> tuple[float, float]:
    """Where ``value`` (0-100) lies on ``axis`` of ``axes``, the first axis straight up."""
    angle = -math.pi / 2 + 2 * math.pi * axis / axes
    r = _R_RADIUS * max(0.0, min(value, 100.0)) / 100
    return _R_CX + r * math.cos(angle), _R_CY + r * math.sin(angle)


def _ring(axes: int, value: float) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in (_point(i, axes, value) for i in range(axes)))


def radar_chart(c: Comparison, bands: list[tuple[str, float, str]]) -> BarChart:
    """An overlaid radar chart: one axis per principle, one outline per submission.

    Args:
        c: the comparison.
        bands: ``(label, min, colour)`` rating bands, drawn as dashed rings.

    Returns:
        The chart (escaped SVG with ``<title>`` and ``<desc>``) and its text alternative.
    """
    axes = len(c.principles)
    n = len(c.submissions)
    columns = min(n, 3)
    step = (_R_SIZE - 20) // columns
    legend_rows = (n + columns - 1) // columns
    legend_top = 2 * _R_CY + 5
    height = legend_top + 14 * legend_rows + 6
    description = "; ".join(
        f"Principle {number}, {title}: "
        + ", ".join(f"{v.key} {v.principles[i][0]}" for v in c.submissions)
        for i, (number, title) in enumerate(c.principles)
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {_R_SIZE} {height}" width="{_R_SIZE}" height="{height}" '
        f'aria-labelledby="radar-title radar-desc">'
        f'<title id="radar-title">Principle scores out of 100, overlaid by submission</title>'
        f'<desc id="radar-desc">{escape(description)}.</desc>'
    ]
    parts.extend(
        f'<polygon points="{_ring(axes, tick)}" fill="none" stroke="#e3e8eb" stroke-width="1"/>'
        for tick in (25, 50, 75, 100)
    )
    for _label, lo, colour in bands:
        if lo > 0:
            parts.append(
                f'<polygon points="{_ring(axes, lo)}" fill="none" stroke="{colour}" '
                f'stroke-width="1" stroke-dasharray="3,2"/>'
            )
    for i, (number, title) in enumerate(c.principles):
        x, y = _point(i, axes, 100)
        lx, ly = _point(i, axes, 112)
        anchor = "middle" if abs(lx - _R_CX) < 20 else ("start" if lx > _R_CX else "end")
        parts.append(
            f'<line x1="{_R_CX}" y1="{_R_CY}" x2="{x:.1f}" y2="{y:.1f}" stroke="#d8dde0" '
            f'stroke-width="1"/>'
            f'<text x="{lx:.1f}" y="{ly + 3:.1f}" font-size="9.5" fill="#212b32" '
            f'text-anchor="{anchor}">{number}. {escape(_short(title, 24))}</text>'
        )
    for tick in (50, 100):
        x, y = _point(0, axes, tick)
        parts.append(
            f'<text x="{x + 3:.1f}" y="{y + 9:.1f}" font-size="7.5" fill="#56646e">{tick}</text>'
        )
    for v in c.submissions:
        points = " ".join(
            f"{x:.1f},{y:.1f}"
            for x, y in (_point(i, axes, p[1] or 0.0) for i, p in enumerate(v.principles))
        )
        parts.append(
            f'<polygon points="{points}" fill="{v.colour}" fill-opacity="0.12" '
            f'stroke="{v.colour}" stroke-width="2"/>'
        )
    for i, v in enumerate(c.submissions):
        x = 10.0 + (i % columns) * step
        y = legend_top + (i // columns) * 14
        parts.append(
            f'<rect x="{x}" y="{y}" width="10" height="10" fill="{v.colour}"/>'
            f'<text x="{x + 14}" y="{y + 9}" font-size="9" fill="#212b32">'
            f"{escape(v.key)}: {escape(_short(v.label, step // 6))}</text>"
        )
    parts.append("</svg>")
    return BarChart(svg="".join(parts), description=description)
