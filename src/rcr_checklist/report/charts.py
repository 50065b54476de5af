"""Inline SVG bar chart of the principle scores, with band thresholds and a text alternative."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from rcr_checklist.report.context import PrincipleView

__all__ = ["BarChart", "bar_chart", "score_bar"]

_WIDTH = 520
_LABEL = 200  # left column for principle labels
_RIGHT = 50  # room for the value after the bar
_ROW = 26
_TOP = 18
_BOTTOM = 18


@dataclass(frozen=True)
class BarChart:
    """A chart ready to inline.

    Attributes:
        svg: the ``<svg>`` element (escaped, safe to insert as markup), with ``<title>`` and
            ``<desc>`` for screen readers.
        description: the same figures in one plain sentence (the text alternative).
    """

    svg: str
    description: str


def _short(title: str, limit: int = 34) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "\u2026"


def bar_chart(principles: list[PrincipleView], bands: list[tuple[str, float, str]]) -> BarChart:
    """Draw a horizontal bar per principle (0-100) with dashed lines at the band thresholds.

    Args:
        principles: the scored principles, in order.
        bands: ``(label, min, colour)`` rating bands, highest first.

    Returns:
        The chart; bars take the colour of their rating.
    """
    plot = _WIDTH - _LABEL - _RIGHT
    height = _TOP + _ROW * len(principles) + _BOTTOM
    parts: list[str] = []
    description = "; ".join(
        f"Principle {p.number}, {p.title}: {p.score} ({p.rating})" for p in principles
    )
    thresholds = ", ".join(f"{label} from {lo:g}" for label, lo, _ in bands if lo > 0)
    parts.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}" '
        f'aria-labelledby="chart-title chart-desc">'
        f'<title id="chart-title">Principle scores out of 100</title>'
        f'<desc id="chart-desc">{escape(description)}. Bands: {escape(thresholds)}.</desc>'
    )
    # Grid and band thresholds.
    for tick in (0, 25, 50, 75, 100):
        x = _LABEL + plot * tick / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{_TOP - 4}" x2="{x:.1f}" y2="{height - _BOTTOM}" '
            f'stroke="#e3e8eb" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{height - 4}" font-size="9" fill="#56646e" '
            f'text-anchor="middle">{tick}</text>'
        )
    for label, lo, colour in bands:
        if lo <= 0:
            continue
        x = _LABEL + plot * lo / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{_TOP - 8}" x2="{x:.1f}" y2="{height - _BOTTOM}" '
            f'stroke="{colour}" stroke-width="1" stroke-dasharray="3,2"/>'
            f'<text x="{x - 2:.1f}" y="{_TOP - 9}" font-size="8" fill="{colour}" '
            f'text-anchor="end">{escape(label)} {lo:g}</text>'
        )
    for i, p in enumerate(principles):
        y = _TOP + i * _ROW
        value = p.score_value or 0.0
        width = plot * value / 100
        parts.append(
            f'<text x="{_LABEL - 8}" y="{y + 15}" font-size="10" fill="#212b32" '
            f'text-anchor="end">{p.number}. {escape(_short(p.title))}</text>'
            f'<rect x="{_LABEL}" y="{y + 5}" width="{plot}" height="14" fill="#f0f4f5"/>'
            f'<rect x="{_LABEL}" y="{y + 5}" width="{width:.1f}" height="14" fill="{p.colour}"/>'
            f'<text x="{_LABEL + width + 4:.1f}" y="{y + 16}" font-size="10" '
            f'font-weight="bold" fill="#212b32">{escape(p.score)}</text>'
        )
    parts.append("</svg>")
    return BarChart(svg="".join(parts), description=description)


def score_bar(value: float | None, colour: str, bands: list[tuple[str, float, str]]) -> str:
    """A small bar (0-100) for a table cell, with ticks at the band thresholds.

    The cell beside it prints the score too; the bar's text alternative says the same.

    Args:
        value: the score, or None (an empty bar).
        colour: the fill, the colour of the score's band (``#rrggbb`` from the bank).
        bands: ``(label, min, colour)`` rating bands, for the ticks.

    Returns:
        An ``<svg>`` element.
    """
    width = 0.0 if value is None else max(0.0, min(value, 100.0))
    ticks = "".join(
        f'<line x1="{lo:g}" y1="0" x2="{lo:g}" y2="8" stroke="#4c6272" stroke-width="0.6"/>'
        for _, lo, _ in bands
        if 0 < lo < 100
    )
    label = "no score" if value is None else f"{value:.1f} out of 100"
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" class="score-bar" viewBox="0 0 100 8" '
        f'preserveAspectRatio="none" role="img" aria-label="{label}">'
        f"<title>{label}</title>"
        '<rect x="0" y="1" width="100" height="6" fill="#e3e8eb"/>'
        f'<rect x="0" y="1" width="{width:.1f}" height="6" fill="{escape(colour)}"/>'
        f"{ticks}</svg>"
    )
