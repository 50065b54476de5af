"""``verify``: check that a report PDF still matches its own embedded answers."""

from __future__ import annotations

from pathlib import Path

import click

from rcr_checklist.cli.options import bank_option, get_bank
from rcr_checklist.errors import VerifyMismatch, printable

__all__ = ["COMMANDS", "verify"]


@click.command("verify")
@click.argument("report", type=click.Path(path_type=Path))
@bank_option
def verify(report: Path, bank_dir: Path | None) -> None:
    """Re-score the assessment embedded in REPORT.pdf and compare it with the report.

    Prints VALID, or each difference. Exit codes: 0 valid; 1 a difference; 2 not a report of
    this tool, or made with another bank (give that bank with --bank).
    """
    from rcr_checklist.verify.check import verify_report

    bank = get_bank(bank_dir)
    notes: list[str] = []
    differences = verify_report(report, bank, bank_given=bank_dir is not None, notes=notes)
    for note in notes:
        click.echo(f"note: {printable(note)}", err=True)
    if differences:
        for line in differences:
            click.echo(f"DIFFERS {printable(line)}")  # values from the PDF: one line each
        raise VerifyMismatch(f"{report}: the report does not match its embedded answers")
    click.echo(f"VALID {report}")


COMMANDS = [verify]
