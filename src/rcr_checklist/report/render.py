"""Renders the report templates (HTML and Markdown) with jinja2, escaping all untrusted text."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from rcr_checklist.files.resources import templates_dir
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment
from rcr_checklist.model.text import neutralise
from rcr_checklist.model.wording import count
from rcr_checklist.report.charts import score_bar
from rcr_checklist.report.colours import readable
from rcr_checklist.report.context import ReportContext, build_context
from rcr_checklist.report.decision import Detail, build_decision

if TYPE_CHECKING:
    from rcr_checklist.model.review import ReviewView

__all__ = [
    "DRAFT_MARK",
    "html_environment",
    "markdown_environment",
    "md_escape",
    "render_html",
    "render_markdown",
]


def _html_finalize(value: Any) -> Any:
    """Every expression's text goes through the text policy (line breaks, controls, bidi)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return neutralise(value)
    return value


@cache
def _html_env() -> Environment:
    # autoescape=True, not select_autoescape(): that one does not escape ".j2" files.
    return Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=True,
        finalize=_html_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class _Trusted(str):
    """Markdown written by us (headings, table rules); passed through unescaped."""

    __slots__ = ()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|~#!])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>])", re.MULTILINE)
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def md_escape(value: Any, cell: bool = False) -> str:
    """Escape untrusted text for Markdown: no markup, no HTML, no table breaks.

    Args:
        value: any value; ``None`` becomes "".
        cell: for a table cell, line breaks become spaces as well.

    Returns:
        Text that a Markdown renderer shows literally.
    """
    if value is None:
        return ""
    if isinstance(value, _Trusted):
        return str(value)
    # the text policy first: a lone CR (or U+2028) is a line end to Markdown, and a line
    # end left unescaped could start a forged heading
    text = neutralise(value).replace("&", "&amp;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(r"\1\\\2", text)
    text = _MD_ORDERED.sub(r"\1\\\2", text)
    if cell:
        text = " ".join(text.split())
    else:
        text = text.replace("\n", "  \n")
    return text


def _md_finalize(value: Any) -> Any:
    return md_escape(value)


DRAFT_MARK = "DRAFT"
"""The faint word drawn behind every page of a draft report (the pages are drawn over it)."""


@cache
def _md_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=False,  # Markdown is escaped by `finalize` below, for every expression
        undefined=StrictUndefined,
        finalize=_md_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cell"] = lambda v: _Trusted(md_escape(v, cell=True))
    env.filters["raw"] = lambda v: _Trusted(str(v))
    env.globals["count"] = count  # "1 finding", "3 findings"
    return env


def _context(
    bank: Bank, assessment: Assessment, detail: Detail = Detail.STANDARD
) -> tuple[ReportContext, dict[str, Any]]:
    ctx = build_context(bank, assessment)
    return ctx, {
        "r": ctx,
        "draft_mark": DRAFT_MARK,
        "d": build_decision(bank, ctx, assessment, detail),
        "bars": [Markup(score_bar(p.score_value, p.colour, ctx.bands)) for p in ctx.principles],
        "bands": ctx.bands,
        "band_colours": [readable(colour) for _, _, colour in ctx.bands],
    }


def render_html(
    bank: Bank,
    assessment: Assessment,
    *,
    lang: str = "en-GB",
    review: ReviewView | None = None,
    detail: Detail = Detail.STANDARD,
) -> str:
    """Render the report as one self-contained HTML document (CSS inline, chart inline).

    Args:
        bank: the bank the assessment was scored with.
        assessment: the scored assessment.
        lang: the document language.
        review: a reviewer's verdicts (beside the answers) and sign-off (on the cover).
        detail: how much follows the two decision pages (see :class:`Detail`).

    Returns:
        The HTML text; every value from the answers file is escaped.
    """
    ctx, extra = _context(bank, assessment, detail)
    css = (templates_dir() / "report.css").read_text(encoding="utf-8")
    template = _html_env().get_template("report.html.j2")
    return template.render(**extra, css=Markup(css), lang=lang, a=assessment, review=review)


def render_markdown(bank: Bank, assessment: Assessment, *, review: ReviewView | None = None) -> str:
    """Render the report as Markdown: summary, principle table, findings, action plan.

    Args:
        bank: the bank the assessment was scored with.
        assessment: the scored assessment.
        review: a reviewer's verdicts and sign-off to show.

    Returns:
        Markdown text; untrusted text is escaped so it never becomes markup.
    """
    ctx, extra = _context(bank, assessment)
    return _md_env().get_template("report.md.j2").render(**extra, a=assessment, review=review)


def html_environment() -> Environment:
    """The jinja2 environment for HTML templates (autoescape on, StrictUndefined)."""
    return _html_env()


def markdown_environment() -> Environment:
    """The jinja2 environment for Markdown templates (every expression escaped)."""
    return _md_env()
