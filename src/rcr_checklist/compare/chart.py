"""Inline SVG radar chart of several submissions' principle scores, with a text alternative."""

from __future__ import annotations

import math
import textwrap
from html import escape
from typing import TYPE_CHECKING

from rcr_checklist.report.charts import BarChart

if TYPE_CHECKING:
    from rcr_checklist.compare.model import Comparison

__all__ = ["radar_chart"]


_R_SIZE = 560  # viewBox width
_R_RADIUS = 118
_R_CX = 280
_R_CY = 168  # room above for a three-line label on the top axis
_LINE = 11.5  # px between the lines of a label (font size 9.5)
_AXIS_WRAP = 26  # characters a line of an axis label holds beside the chart
_LEGEND_WRAP = 92  # characters a legend line holds across the chart's width


def _lines(text: str, width: int) -> list[str]:
    """``text`` wrapped at spaces into lines of at most ``width`` characters (never cut)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def _tspans(lines: list[str], x: float) -> str:
    return "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else _LINE}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )


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
    legend = [
        _lines(
            f"{v.key}: {v.label}"
            + (f" ({v.product['manufacturer']})" if v.product.get("manufacturer") else ""),
            _LEGEND_WRAP,
        )
        for v in c.submissions
    ]
    legend_top = 2 * _R_CY + 12
    height = legend_top + sum(14 + _LINE * (len(lines) - 1) for lines in legend) + 4
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
        lx, ly = _point(i, axes, 110)
        anchor = "middle" if abs(lx - _R_CX) < 20 else ("start" if lx > _R_CX else "end")
        lines = _lines(f"{number}. {title}", _AXIS_WRAP)
        # above the centre the label grows upwards from its axis end, below it downwards
        if ly < _R_CY - 20:
            top = ly - _LINE * (len(lines) - 1)
        elif ly > _R_CY + 20:
            top = ly + 8
        else:
            top = ly + 3 - _LINE * (len(lines) - 1) / 2
        parts.append(
            f'<line x1="{_R_CX}" y1="{_R_CY}" x2="{x:.1f}" y2="{y:.1f}" stroke="#d8dde0" '
            f'stroke-width="1"/>'
            f'<text x="{lx:.1f}" y="{top:.1f}" font-size="9.5" fill="#212b32" '
            f'text-anchor="{anchor}">{_tspans(lines, lx)}</text>'
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
    y = legend_top
    for v, lines in zip(c.submissions, legend, strict=True):
        parts.append(
            f'<rect x="10" y="{y:.1f}" width="10" height="10" fill="{v.colour}"/>'
            f'<text x="24" y="{y + 9:.1f}" font-size="9" fill="#212b32">{_tspans(lines, 24)}'
            "</text>"
        )
        y += 14 + _LINE * (len(lines) - 1)
    parts.append("</svg>")
    return BarChart(svg="".join(parts), description=description)
