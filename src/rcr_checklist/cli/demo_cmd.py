"""``demo``: the README's first command."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["COMMANDS", "demo"]


@click.command()
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("rcr-demo"),
    show_default=True,
    help="Folder for the example reports.",
)
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Parallel processes.")
def demo(out: Path, jobs: int | None) -> None:
    """Render the bundled examples to PDF, compare three vendors, and print the results."""
    from rcr_checklist.app.demo import demo as run_demo

    click.echo(f"Rendering the bundled examples into {out}/ ...", err=True)
    run = run_demo(out, jobs=jobs)
    for result in run.results:
        click.echo(result.line())
    click.echo(f"{run.comparison}: comparison of {run.summary}")
    click.echo(
        "Open the PDFs to read the reports; check one with `rcr-checklist verify FILE.pdf`.",
        err=True,
    )


COMMANDS = [demo]
