"""``score``: score one or many answers files (or report PDFs); the vendor's CI gate."""

from __future__ import annotations

from pathlib import Path

import click

from rcr_checklist.cli.options import FiniteFloatRange, bank_option
from rcr_checklist.cli.streams import stdout_ascii_only, stdout_is_file
from rcr_checklist.formats import OutputFormat, RegisterDoc, Subject, choices, get_format

__all__ = ["score_command"]


@click.command("score")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(choices(Subject.REGISTER)),
    default="table",
    show_default=True,
    help="table for people, json (one object per file, or a list), csv (one row per submission).",
)
@click.option(
    "--fail-under",
    type=FiniteFloatRange(0, 100),
    default=None,
    metavar="N",
    help="Exit 1 when an overall score is below N (0-100).",
)
@click.option(
    "--fail-on-critical",
    is_flag=True,
    help="Exit 1 when any critical finding exists, or when a question that could raise one "
    "is left unanswered.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings (an unknown question id, answers for another bank version) as errors.",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes (default: all CPUs for 200 inputs or more).",
)
@bank_option
def score_command(
    inputs: tuple[Path, ...],
    fmt: str,
    fail_under: float | None,
    fail_on_critical: bool,
    strict: bool,
    jobs: int | None,
    bank_dir: Path | None,
) -> None:
    """Score answers files, folders of them, or PDF reports made by this tool.

    Exit codes: 0 scored and every gate passed; 1 a gate failed; 2 bad input (the other
    inputs are still scored and shown).
    """
    from rcr_checklist.app.score import run_score

    run = run_score(
        list(inputs),
        bank_dir=bank_dir,
        strict=strict,
        jobs=jobs,
        fail_under=fail_under,
        fail_on_critical=fail_on_critical,
    )
    for line in run.warnings:
        click.echo(line, err=True)
    doc = RegisterDoc(
        run.items,
        one_file=run.single,
        complete=not run.problems,
        verified=run.verified,
        ascii_only=stdout_ascii_only(),
        # redirected to a file (`> register.csv`) the CSV starts with a byte order mark, so
        # Excel reads it as UTF-8; it is UTF-8 bytes whatever the terminal's encoding
        bom=stdout_is_file(),
    )
    click.echo(get_format(OutputFormat(fmt)).register(doc), nl=False)
    error = run.error()
    if error is not None:
        raise error
