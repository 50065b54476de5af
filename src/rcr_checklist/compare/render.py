"""Renders a comparison as PDF, HTML, Markdown, CSV or JSON (WeasyPrint only for PDF)."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any, assert_never

from markupsafe import Markup

from rcr_checklist.compare.build import comparison_data
from rcr_checklist.compare.model import PALETTE, Comparison
from rcr_checklist.errors import InputError, Problem
from rcr_checklist.files.atomic import atomic_write
from rcr_checklist.files.resources import templates_dir
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.text import json_text
from rcr_checklist.report.colours import readable
from rcr_checklist.report.csvtext import BOM
from rcr_checklist.report.register import register_csv

__all__ = [
    "CompareFormat",
    "compare_format_for",
    "render_comparison",
    "write_comparison",
]

COMPARISON_ATTACHMENT = "comparison.json"


class CompareFormat(enum.StrEnum):
    """The comparison formats, by name."""

    PDF = "pdf"
    HTML = "html"
    MD = "md"
    CSV = "csv"
    JSON = "json"


_SUFFIXES = {".htm": CompareFormat.HTML, ".markdown": CompareFormat.MD} | {
    f".{f.value}": f for f in CompareFormat
}


def compare_format_for(out: Path, fmt: str | None = None) -> CompareFormat:
    """Pick the comparison format from ``fmt`` or, when None, from the suffix of ``out``.

    Args:
        out: the output path.
        fmt: a format name or None.

    Returns:
        The format.

    Raises:
        InputError: unknown format, or no format and an unknown suffix.
    """
    names = ", ".join(f.value for f in CompareFormat)
    if fmt is not None:
        try:
            return CompareFormat(fmt.lower())
        except ValueError:
            raise InputError(
                Problem(str(out), None, "--format", f"unknown format {fmt!r}; use one of {names}")
            ) from None
    found = _SUFFIXES.get(out.suffix.lower())
    if found is None:
        raise InputError(
            Problem(
                str(out),
                None,
                "",
                f"cannot tell the format from the file name; end it with one of {names} "
                "or give --format",
            )
        )
    return found


def _csv(c: Comparison) -> str:
    """The comparison as the register (``report.register``): the columns ``score`` writes."""
    return register_csv((v.register for v in c.submissions), [n for n, _ in c.principles])


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


def _html(bank: Bank, c: Comparison) -> str:
    from rcr_checklist.report.render import html_environment

    css = "\n".join(
        (templates_dir() / name).read_text(encoding="utf-8")
        for name in ("report.css", "compare.css")
    )
    template = html_environment().get_template("compare.html.j2")
    return template.render(**_template_args(bank, c), css=Markup(css), lang="en-GB")


def render_comparison(bank: Bank, c: Comparison, fmt: CompareFormat) -> str | bytes:
    """Render a comparison in memory.

    Args:
        bank: the bank every submission was scored with.
        c: the comparison.
        fmt: the format.

    Returns:
        Text, or bytes for PDF (tagged PDF/A-3a with ``comparison.json`` attached).
    """
    match fmt:
        case CompareFormat.JSON:
            return json_text(comparison_data(c)) + "\n"
        case CompareFormat.CSV:  # always written to a file: the BOM tells Excel it is UTF-8
            return BOM + _csv(c)
        case CompareFormat.MD:
            from rcr_checklist.report.render import markdown_environment

            template = markdown_environment().get_template("compare.md.j2")
            return template.render(**_template_args(bank, c))
        case CompareFormat.HTML:
            return _html(bank, c)
        case CompareFormat.PDF:
            from rcr_checklist.report.pdf import html_to_pdf

            data = json_text(comparison_data(c)) + "\n"
            return html_to_pdf(
                _html(bank, c),
                data.encode("utf-8"),
                c.generated,
                name=COMPARISON_ATTACHMENT,
                description="The comparison's figures (rcr-checklist/comparison/v1)",
            )
        case _:  # pragma: no cover - exhaustive
            assert_never(fmt)


def write_comparison(bank: Bank, c: Comparison, out: Path, fmt: str | None = None) -> Path:
    """Render a comparison and write it atomically.

    Args:
        bank: the bank every submission was scored with.
        c: the comparison.
        out: the file to write.
        fmt: a format name; from the suffix of ``out`` when None.

    Returns:
        The path written.

    Raises:
        InputError: unknown format.
        OSError: the folder is missing or not writable; nothing is left behind.
    """
    atomic_write(out, render_comparison(bank, c, compare_format_for(out, fmt)))
    return out
