"""``compare``: side-by-side comparison of answers files or report PDFs."""

from __future__ import annotations

from pathlib import Path

import click

from rcr_checklist.cli.options import bank_option, get_bank, refuse_overwrite
from rcr_checklist.errors import printable

__all__ = ["COMMANDS", "compare"]


@click.command("compare")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The comparison file (.pdf, .html, .md, .csv or .json).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "html", "md", "csv", "json"]),
    default=None,
    help="Output format (default: from the extension of -o).",
)
@click.option(
    "--review",
    "reviews",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="A review file (repeatable); matched to the input whose answers it records.",
)
@bank_option
def compare(
    inputs: tuple[Path, ...],
    out: Path,
    fmt: str | None,
    reviews: tuple[Path, ...],
    bank_dir: Path | None,
) -> None:
    """Compare submissions side by side: answers files, folders or report PDFs.

    Shows overall and per-principle scores, a chart, critical findings, evidence coverage,
    review status and the questions where the submissions differ. Versions of one product
    (same product name) also show what improved and what got worse, first input to last.
    Report PDFs are verified first. Exit codes: 0 written; 2 bad input.
    """
    from rcr_checklist.app.compare import load_submissions
    from rcr_checklist.app.inputs import expand_inputs
    from rcr_checklist.compare.model import build_comparison
    from rcr_checklist.compare.render import compare_format_for, write_comparison

    kind = compare_format_for(out, fmt)
    bank = get_bank(bank_dir)
    sources = expand_inputs(list(inputs))
    refuse_overwrite(out, [*sources, *reviews])
    items = load_submissions(sources, bank, reviews=list(reviews), bank_given=bank_dir is not None)
    comparison = build_comparison(bank, items)
    for warning in comparison.warnings:
        click.echo(f"warning: {printable(str(warning))}", err=True)
    write_comparison(bank, comparison, out, kind.value)
    summary = ", ".join(f"{v.key} {v.label} {v.score} ({v.rating})" for v in comparison.submissions)
    click.echo(printable(f"wrote {out}: {summary}"), err=True)


COMMANDS = [compare]
