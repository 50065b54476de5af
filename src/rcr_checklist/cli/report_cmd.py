"""``report``: render PDF, HTML, Markdown or JSON reports of answers files."""

from __future__ import annotations

from pathlib import Path

import click

from rcr_checklist.cli.options import bank_option
from rcr_checklist.errors import printable

__all__ = ["COMMANDS", "report"]


@click.command("report")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="The report file; with several inputs (or a folder), a folder for one report each.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "html", "md", "json", "csv"]),
    default=None,
    help="Report format (default: from the extension of -o; PDF for a folder); csv writes "
    "the action plan for a spreadsheet.",
)
@click.option(
    "--review",
    "review",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="A review file (rcr-checklist review) of these answers: verdicts beside the answers, "
    "sign-off on the cover.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    metavar="N",
    help="Render several reports in N parallel processes.",
)
@bank_option
def report(
    inputs: tuple[Path, ...],
    out: Path,
    fmt: str | None,
    review: Path | None,
    jobs: int,
    bank_dir: Path | None,
) -> None:
    """Render the report of answers files (or re-render report PDFs made by this tool).

    The PDF is PDF/A-3b and carries the assessment as the attachment assessment.json, so that
    `rcr-checklist verify` can check it. Exit codes: 0 written; 2 bad input (other inputs are
    still reported).
    """
    from rcr_checklist.app.report import run_report
    from rcr_checklist.cli.progress import progress_bar

    run = run_report(
        list(inputs),
        out,
        fmt=fmt,
        review=review,
        jobs=jobs,
        bank_dir=bank_dir,
        progress=progress_bar,
    )
    for warning in run.warnings:
        click.echo(f"warning: {printable(str(warning))}", err=True)
    click.echo(run.message, err=True)
    error = run.error()
    if error is not None:
        raise error


COMMANDS = [report]
