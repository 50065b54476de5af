"""The progress bar of a batch of reports, drawn on stderr with rich."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rcr_checklist.app.batch import Job
    from rcr_checklist.app.report import Tick
    from rcr_checklist.errors import Problem

__all__ = ["progress_bar"]


@contextmanager
def progress_bar(total: int) -> Iterator[Tick]:
    """Show ``Rendering [bar] n/N name`` on stderr; warnings print above the bar.

    Args:
        total: the number of jobs.

    Yields:
        The tick to call after each job with the job and its warnings.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

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
        task = bar.add_task("", total=total)

        def tick(job: Job, notes: list[Problem]) -> None:
            for note in notes:
                bar.console.print(f"warning: {note}", markup=False, highlight=False)
            bar.update(task, advance=1, description=job.target.name)
            bar.refresh()

        yield tick
