"""Renders a comparison as PDF, HTML, Markdown, CSV or JSON (WeasyPrint only for PDF).

These are the comparison's renders; ``formats`` picks one by name and the command writes it.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from rcr_checklist.compare.model import COMPARISON_FORMAT, PALETTE, Comparison
from rcr_checklist.files.resources import templates_dir
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.text import json_text
from rcr_checklist.report.colours import readable
from rcr_checklist.report.register import register_csv

__all__ = [
    "COMPARISON_ATTACHMENT",
    "comparison_csv",
    "comparison_data",
    "comparison_html",
    "comparison_json",
    "comparison_markdown",
    "comparison_pdf",
]

COMPARISON_ATTACHMENT = "comparison.json"


def comparison_csv(c: Comparison) -> str:
    """The comparison as the register (``report.register``): the columns ``score`` writes.

    Args:
        c: the comparison.

    Returns:
        CSV text with its header row, no byte order mark.
    """
    return register_csv((v.register for v in c.submissions), [n for n, _ in c.principles])


def comparison_json(c: Comparison) -> str:
    """The comparison's figures (``rcr-checklist/comparison/v1``), pretty printed.

    Args:
        c: the comparison.

    Returns:
        JSON text ending with a newline.
    """
    return json_text(comparison_data(c)) + "\n"


def _template_args(bank: Bank, c: Comparison) -> dict[str, Any]:
    from rcr_checklist.compare.chart import radar_chart

    bands = [(b.label, b.min, b.colour) for b in bank.meta.bands]
    chart = radar_chart(c, bands)  # drawn only up to four submissions; its text is used always
    return {
        "c": c,
        "bands": bands,
        "failing_label": bank.meta.failing_label,
        "band_colours": [readable(colour) for _, _, colour in bands],
        "palette_colours": [readable(colour) for colour in PALETTE],
        "chart_svg": Markup(chart.svg),
        "chart_text": chart.description,
    }


def comparison_html(bank: Bank, c: Comparison) -> str:
    """The comparison as one self-contained HTML page (CSS and chart inline).

    Args:
        bank: the bank every submission was scored with.
        c: the comparison.

    Returns:
        HTML text.
    """
    from rcr_checklist.report.render import html_environment

    css = "\n".join(
        (templates_dir() / name).read_text(encoding="utf-8")
        for name in ("report.css", "compare.css")
    )
    template = html_environment().get_template("compare.html.j2")
    return template.render(**_template_args(bank, c), css=Markup(css), lang="en-GB")


def comparison_markdown(bank: Bank, c: Comparison) -> str:
    """The comparison as Markdown, untrusted text escaped.

    Args:
        bank: the bank every submission was scored with.
        c: the comparison.

    Returns:
        Markdown text.
    """
    from rcr_checklist.report.render import markdown_environment

    template = markdown_environment().get_template("compare.md.j2")
    return template.render(**_template_args(bank, c))


def comparison_pdf(bank: Bank, c: Comparison) -> bytes:
    """The comparison as tagged PDF/A-3a with ``comparison.json`` attached (imports WeasyPrint).

    Args:
        bank: the bank every submission was scored with.
        c: the comparison.

    Returns:
        The PDF's bytes.
    """
    from rcr_checklist.report.pdf import html_to_pdf

    return html_to_pdf(
        comparison_html(bank, c),
        comparison_json(c).encode("utf-8"),
        c.generated,
        name=COMPARISON_ATTACHMENT,
        description="The comparison's figures (rcr-checklist/comparison/v1)",
    )


def comparison_data(c: Comparison) -> dict[str, Any]:
    """The comparison as plain JSON data (``compare --format json``, ``comparison.json``).

    Args:
        c: the comparison.

    Returns:
        A dict with ``format`` ``rcr-checklist/comparison/v1``.
    """
    return {
        "format": COMPARISON_FORMAT,
        "generated": c.generated,
        "bank": {"label": c.bank, "sha256": c.bank_sha256},
        "over_time": c.over_time,
        "warnings": c.warnings,
        "submissions": [
            {
                "key": v.key,
                "source": v.source,
                "verified": v.verified,
                "product": v.product,
                "overall": {
                    "score": v.score_value,
                    "rating": v.rating,
                    "draft": v.draft,
                    "evidence_coverage": v.evidence_value,
                    "findings": {"critical": v.critical, "major": v.major, "minor": v.minor},
                },
                "principles": [
                    {"number": n, "score": p[1], "rating": p[2]}
                    for (n, _), p in zip(c.principles, v.principles, strict=True)
                ],
                "review": v.review_status,
                "answers_sha256": v.answers_sha256,
            }
            for v in c.submissions
        ],
        "differing_questions": [
            {
                "id": row.id,
                "severity": row.severity or None,
                "answers": {
                    v.key: {"answer": cell.answer, "points": cell.points}
                    for v, cell in zip(c.submissions, row.cells, strict=True)
                },
            }
            for row in c.differing
        ],
        "agreeing_questions": c.agreeing,
        "changes": [
            {"id": ch.id, "before": ch.before, "after": ch.after, "delta": ch.delta}
            for ch in c.improved + c.worsened
        ],
    }
