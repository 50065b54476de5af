"""``score``: score one or many answers files (or report PDFs); the vendor's CI gate."""

from __future__ import annotations

from pathlib import Path

import click

from rcr_checklist.cli.options import FiniteFloatRange, bank_option, echo_json
from rcr_checklist.cli.streams import stdout_is_file

__all__ = ["score_command"]


@click.command("score")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
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
    from rcr_checklist.report.csvtext import BOM
    from rcr_checklist.report.summary import csv_text, print_assessment, print_register

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
    items = run.items
    if fmt == "json":
        data = [a.model_dump(mode="json") for _, a in items]
        echo_json(data[0] if len(data) == 1 and run.single else data)
    elif fmt == "csv":
        # CSV is UTF-8 bytes whatever the terminal's encoding; redirected to a file
        # (`> register.csv`) it starts with a byte order mark, so Excel reads it as UTF-8
        text = csv_text(items, run.verified)
        click.echo(((BOM if stdout_is_file() else "") + text).encode("utf-8"), nl=False)
    elif len(items) == 1 and not run.problems:
        print_assessment(*items[0])
        check = run.verified.get(items[0][0])
        if check:
            click.echo(f"verified: {check}; `rcr-checklist verify` proves every page")
    elif items:
        print_register(items, run.verified)
    error = run.error()
    if error is not None:
        raise error
