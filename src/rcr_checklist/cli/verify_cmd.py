"""``verify``: check that a report PDF still matches its own embedded answers."""

from __future__ import annotations

from pathlib import Path

import click

from rcr_checklist.cli.options import bank_option
from rcr_checklist.errors import printable

__all__ = ["COMMANDS", "verify"]


@click.command("verify")
@click.argument("report", type=click.Path(path_type=Path))
@bank_option
def verify(report: Path, bank_dir: Path | None) -> None:
    """Re-score the assessment embedded in REPORT.pdf and compare it with the report.

    Prints VALID, or each difference. Exit codes: 0 valid; 1 a difference; 2 not a report of
    this tool, or made with another bank (give that bank with --bank).
    """
    from rcr_checklist.app.verify import run_verify

    run = run_verify(report, bank_dir=bank_dir)
    for note in run.notes:
        click.echo(f"note: {printable(note)}", err=True)
    for line in run.differences:
        click.echo(f"DIFFERS {printable(line)}")  # values from the PDF: one line each
    error = run.error()
    if error is not None:
        raise error
    click.echo(f"VALID {report}")


COMMANDS = [verify]
