"""``bank validate``, ``bank list`` and ``schema``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from rcr_checklist.cli.options import bank_option, get_bank

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
    loaded = get_bank(directory)
    scored = [q for q in loaded.questions if loaded.is_scored(q.id)]
    click.echo(
        f"OK: {loaded.meta.id} {loaded.meta.version}: {len(loaded.questions)} questions "
        f"({len(scored)} scored) in {sum(1 for p in loaded.principles if p.number)} principles, "
        f"{len(loaded.meta.rules)} rules; sha256 {loaded.sha256}"
    )


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
@bank_option
def list_questions(fmt: str, profile: str | None, bank_dir: Path | None) -> None:
    """List the bank's questions: id, principle, kind, weight, evidence, references."""
    from rcr_checklist.summary import bank_rows, print_bank_table

    loaded = get_bank(bank_dir)
    rows = bank_rows(loaded, profile)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        print_bank_table(loaded, rows)


@click.command()
@click.argument("what", type=click.Choice(["answers", "bank", "bank-meta", "assessment", "review"]))
def schema(what: str) -> None:
    """Print a JSON Schema: answers file, bank principle file, bank.yaml, assessment JSON, review.

    Save it beside your answers file for editor completion, e.g.
    `rcr-checklist schema answers > answers.schema.json`.
    """
    from rcr_checklist.schemas import json_schema

    click.echo(json.dumps(json_schema(what), indent=2, ensure_ascii=False))
