"""``report``: render PDF, HTML, Markdown or JSON reports of answers files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from rcr_checklist.cli.options import bank_option, get_bank
from rcr_checklist.errors import InputError, Problem, printable

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
    from rcr_checklist.app.batch import plan_many, plan_one, report_file
    from rcr_checklist.app.inputs import expand_inputs

    bank = get_bank(bank_dir)
    sources = expand_inputs(list(inputs))
    single = len(inputs) == 1 and not inputs[0].is_dir() and not out.is_dir()
    if review is not None and not single:
        raise InputError(
            Problem(
                str(review), None, "--review", "a review goes with one answers file and one report"
            )
        )
    if single:
        job = plan_one(sources[0], out, fmt)
        if review is not None:
            job = replace(job, review=review)
        for warning in report_file(bank, job):
            click.echo(f"warning: {printable(str(warning))}", err=True)
        click.echo(f"wrote {job.target}", err=True)
        return
    planned = plan_many(sources, out, fmt)
    out.mkdir(parents=True, exist_ok=True)
    failed = _run_with_progress(planned, bank, bank_dir, jobs)
    click.echo(f"wrote {len(planned) - len(failed)} report(s) to {out}", err=True)
    if failed:
        raise InputError([p for problems in failed.values() for p in problems])


def _run_with_progress(planned: list[Any], bank: Any, bank_dir: Path | None, jobs: int) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from rcr_checklist.app.batch import run_jobs

    console = Console(stderr=True)
    # auto_refresh=False: no refresh thread, so worker processes fork from a single thread.
    with Progress(
        TextColumn("Rendering"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=console,
        auto_refresh=False,
        transient=False,
    ) as bar:
        task = bar.add_task("", total=len(planned))

        def tick(job: Any, notes: list[Any]) -> None:
            for note in notes:
                bar.console.print(f"warning: {note}", markup=False, highlight=False)
            bar.update(task, advance=1, description=job.target.name)
            bar.refresh()

        return run_jobs(planned, bank, bank_dir, jobs, tick)


COMMANDS = [report]
