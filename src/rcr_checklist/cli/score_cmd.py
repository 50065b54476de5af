"""``score``: score one or many answers files (or report PDFs); the vendor's CI gate."""

from __future__ import annotations

import json
from pathlib import Path

import click

from rcr_checklist.cli.options import bank_option, get_bank
from rcr_checklist.errors import GateFailed, InputError, Problem, printable

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
    type=click.FloatRange(0, 100),
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
    from rcr_checklist.app.inputs import expand_inputs, score_many
    from rcr_checklist.report.summary import csv_text, print_assessment, print_register

    bank = get_bank(bank_dir)
    problems: list[Problem] = []
    items = []
    named = {path.resolve() for path in inputs if not path.is_dir()}
    for outcome in score_many(expand_inputs(list(inputs)), bank, bank_dir, jobs):
        if outcome.skippable and Path(outcome.source).resolve() not in named:
            for problem in outcome.problems:  # found in a folder: not a submission
                click.echo(f"warning: {printable(str(problem))}; skipped", err=True)
            continue
        if strict and outcome.warnings and not outcome.problems:
            problems.extend(outcome.warnings)
            continue
        for warning in outcome.warnings:
            click.echo(f"warning: {printable(str(warning))}", err=True)
        problems.extend(outcome.problems)
        if outcome.assessment is not None:
            items.append((outcome.source, outcome.assessment))
    if fmt == "json":
        data = [a.model_dump(mode="json") for _, a in items]
        click.echo(
            json.dumps(
                data[0]
                if len(data) == 1 and len(inputs) == 1 and not Path(inputs[0]).is_dir()
                else data,
                indent=2,
                ensure_ascii=False,
            )
        )
    elif fmt == "csv":
        click.echo(csv_text(items), nl=False)
    elif len(items) == 1 and not problems:
        print_assessment(*items[0])
    elif items:
        print_register(items)
    if problems:
        raise InputError(problems)
    failures = []
    for source, a in items:
        if fail_on_critical and a.overall.critical_findings:
            failures.append(f"{source}: {a.overall.critical_findings} critical finding(s)")
        if fail_on_critical and a.overall.unanswered_critical:
            open_ = a.overall.unanswered_critical
            failures.append(
                f"{source}: {len(open_)} unanswered question(s) could raise a critical finding "
                f"({', '.join(open_[:3])}{', ...' if len(open_) > 3 else ''})"
            )
        if fail_under is not None and (a.overall.score or 0.0) < fail_under:
            failures.append(f"{source}: overall score {a.overall.score} is below {fail_under:g}")
    if failures:
        raise GateFailed("gate failed: " + "; ".join(failures))
