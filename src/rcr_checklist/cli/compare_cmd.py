"""``compare``: side-by-side comparison of answers files or report PDFs."""

from __future__ import annotations

from pathlib import Path

import click

from rcr_checklist.cli.options import bank_option
from rcr_checklist.errors import printable
from rcr_checklist.formats import Subject, choices

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
    type=click.Choice(choices(Subject.COMPARISON)),
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
    from rcr_checklist.app.compare import run_compare

    run = run_compare(
        list(inputs),
        out,
        fmt=fmt,
        reviews=list(reviews),
        bank_dir=bank_dir,
        warn=lambda text: click.echo(f"warning: {printable(text)}", err=True),
    )
    click.echo(printable(f"wrote {out}: {run.summary()}"), err=True)


COMMANDS = [compare]
