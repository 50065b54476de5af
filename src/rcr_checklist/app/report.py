"""``report``: one report per input, written atomically; many inputs go through the batch."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

from rcr_checklist.app.batch import Job, plan_many, plan_one, report_file, run_jobs
from rcr_checklist.app.inputs import expand_inputs
from rcr_checklist.errors import InputError, Problem
from rcr_checklist.files.bank_loader import load_bank

__all__ = ["Progress", "ReportRun", "Tick", "run_report"]

Tick = Callable[[Job, list[Problem]], None]
"""Called after each job of a batch with the job and its warnings."""

Progress = Callable[[int], AbstractContextManager[Tick]]
"""Given the number of jobs, opens a progress display and gives its :data:`Tick`."""


@dataclass
class ReportRun:
    """What ``report`` did.

    Attributes:
        written: the reports written, in input order.
        warnings: warnings about a single input (a batch gives its warnings to the tick).
        message: the closing line for stderr (``wrote ...``).
        problems: the inputs of a batch that failed (the others were written).
    """

    written: list[Path]
    message: str
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def error(self) -> InputError | None:
        """The error to exit with once the message is shown (None when all were written)."""
        return InputError(self.problems) if self.problems else None


def run_report(
    inputs: list[Path],
    out: Path,
    *,
    fmt: str | None = None,
    review: Path | None = None,
    jobs: int = 1,
    bank_dir: Path | None = None,
    progress: Progress | None = None,
) -> ReportRun:
    """Render the report of each input (answers files or report PDFs made by this tool).

    One input named as a file and ``out`` not a folder: one report at ``out``. Otherwise
    ``out`` is a folder and each input gets ``<stem>.<format>`` there, rendered by the batch
    runner (``jobs`` processes); a failed input or output does not stop the others.

    Args:
        inputs: paths as given on the command line.
        out: the report file, or the folder for many.
        fmt: a format name; from the suffix of ``out`` when None (PDF for a folder).
        review: a review file to show beside the answers (one input only).
        jobs: worker processes for a batch.
        bank_dir: the ``--bank`` folder, or None for the bundled bank.
        progress: opens a progress display for a batch.

    Returns:
        What was written, and the problems of a batch.

    Raises:
        InputError: bad input for a single report, a review with several inputs, an unknown
            format, or reports that would overwrite inputs.
        OSError: the single report, or the folder of a batch, cannot be written.
    """
    bank = load_bank(bank_dir)
    sources = expand_inputs(list(inputs))
    single = len(inputs) == 1 and not inputs[0].is_dir() and not out.is_dir()
    if review is not None and not single:
        raise InputError(
            Problem(
                str(review), None, "--review", "a review goes with one answers file and one report"
            )
        )
    if single:
        job = plan_one(sources[0], out, fmt)
        if review is not None:
            job = replace(job, review=review)
        warnings = report_file(bank, job)
        return ReportRun([job.target], f"wrote {job.target}", warnings=warnings)
    planned = plan_many(sources, out, fmt)
    out.mkdir(parents=True, exist_ok=True)
    with (progress or _no_progress)(len(planned)) as tick:
        failed = run_jobs(planned, bank, bank_dir, jobs, tick)
    written = [job.target for job in planned if job not in failed]
    return ReportRun(
        written,
        f"wrote {len(written)} report(s) to {out}",
        problems=[p for problems in failed.values() for p in problems],
    )


def _no_progress(total: int) -> AbstractContextManager[Tick]:
    return nullcontext(lambda job, notes: None)
