"""``bank validate``, ``bank list`` and ``schema``."""

from __future__ import annotations

from pathlib import Path

import click

from rcr_checklist.cli.options import bank_option, echo_json, get_bank

__all__ = ["bank", "schema"]


@click.group()
def bank() -> None:
    """Check or list a question bank."""


@bank.command("validate")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
def validate(directory: Path | None) -> None:
    """Check a bank folder (default: the bundled RCR bank) beyond its schema.

    Exit code 0 when valid, 2 with one line per problem (file, line, field) otherwise.
    """
    from rcr_checklist.app.bank import validate_bank

    click.echo(validate_bank(directory))


@bank.command("list")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--profile",
    type=click.Choice(["vendor", "clinician", "procurement"]),
    default=None,
    help="Only the questions this profile is asked.",
)
@click.option(
    "--principle",
    type=click.IntRange(0, 9),
    default=None,
    help="Only the questions of this principle (0: product facts).",
)
@click.option(
    "--options",
    "show_options",
    is_flag=True,
    help="Table: print each question's option values with their scores under it.",
)
@bank_option
def list_questions(
    fmt: str,
    profile: str | None,
    principle: int | None,
    show_options: bool,
    bank_dir: Path | None,
) -> None:
    """List the bank's questions: id, principle, kind, weight, evidence, references.

    The JSON output also gives each question's text, option values (label, score, finding
    severity), show_if condition and when n/a is legitimate.
    """
    from rcr_checklist.app.bank import list_bank
    from rcr_checklist.report.tables import bank_table

    listing = list_bank(bank_dir, profile=profile, principle=principle)
    if fmt == "json":
        echo_json(listing.rows)
    else:
        click.echo(bank_table(listing.bank, listing.rows, options=show_options), nl=False)


@click.command()
@click.argument("what", type=click.Choice(["answers", "bank", "bank-meta", "assessment", "review"]))
@click.option(
    "--bank",
    "bank_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="For `answers`: the bank whose question ids and option values the schema lists "
    "(default: the bundled RCR bank).",
)
def schema(what: str, bank_dir: Path | None) -> None:
    """Print a JSON Schema: answers file, bank principle file, bank.yaml, assessment JSON, review.

    The answers schema lists every question id of the bank with the values its answer takes,
    so editors complete option values. Save it beside your answers file, e.g.
    `rcr-checklist schema answers > answers.schema.json`.
    """
    from rcr_checklist.app.schemas import json_schema

    loaded = get_bank(bank_dir) if what == "answers" else None
    echo_json(json_schema(what, loaded))
