"""``verify``: check that a report PDF still matches its own embedded answers."""

from __future__ import annotations

from pathlib import Path

import click

from rcr_checklist.cli.options import bank_option
from rcr_checklist.cli.streams import streams_shared
from rcr_checklist.errors import printable

__all__ = ["COMMANDS", "verify"]


@click.command("verify")
@click.argument("report", type=click.Path(path_type=Path))
@click.option(
    "--trust",
    "trust",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="CERT.pem",
    help="A root certificate (PEM or DER) that a signature's chain must reach; repeatable.",
)
@bank_option
def verify(report: Path, trust: tuple[Path, ...], bank_dir: Path | None) -> None:
    """Prove that REPORT.pdf prints what its embedded assessment renders to.

    Re-scores the embedded answers, renders them again and compares the printed words of
    every page, the page count and the page order; reports anything drawn on top
    (annotations, form fields, later updates) and the signature (signer, time, whether it
    covers the whole file, and whether its chain reaches a --trust root). Prints VALID, or
    each difference, naming the page. Exit codes: 0 valid; 1 a difference; 2 not a report of
    this tool, or made with another bank (give that bank with --bank).
    """
    from rcr_checklist.app.verify import run_verify

    run = run_verify(report, bank_dir=bank_dir, trust=list(trust) if trust else None)
    for line in run.signature:
        click.echo(printable(line))
    for note in run.notes:
        click.echo(f"note: {printable(note)}", err=True)
    for line in run.differences:
        click.echo(f"DIFFERS {printable(line)}")  # values from the PDF: one line each
    # on one terminal (or log) the DIFFERS lines are right above: the error line points at
    # them instead of saying the first one again; redirected, stderr names what it means
    error = run.error(listed=streams_shared())
    if error is not None:
        raise error
    click.echo(run.proved())
    click.echo(f"VALID {report}")


COMMANDS = [verify]
