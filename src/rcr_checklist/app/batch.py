"""Reports for many inputs: plan the output files, then render them, in parallel if asked."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.formats import OutputFormat, Subject, pick_format
from rcr_checklist.model.bank import Bank

__all__ = ["Job", "attempt", "plan_many", "plan_one", "report_file", "run_jobs"]


@dataclass(frozen=True)
class Job:
    """One report to make.

    Attributes:
        source: the answers file (or report PDF) to read.
        target: the report file to write.
        fmt: its format.
        review: a review file to show beside the answers (checked against them).
        detail: ``summary``, ``standard`` or ``full`` (PDF and HTML).
    """

    source: Path
    target: Path
    fmt: OutputFormat
    review: Path | None = None
    detail: str = "standard"


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:  # pragma: no cover - unresolvable paths are different
        return False


def plan_one(source: Path, out: Path, fmt: str | None) -> Job:
    """Plan the report of one input.

    Args:
        source: the input file.
        out: the report file.
        fmt: a format name, or None to use the suffix of ``out``.

    Returns:
        The job.

    Raises:
        InputError: unknown format, or ``out`` is the input itself.
    """
    job = Job(source, out, pick_format(Subject.ASSESSMENT, out, fmt))
    if _same(source, out):
        raise InputError(
            Problem(
                str(out), None, "-o", "the report would overwrite its input; choose another name"
            )
        )
    return job


def plan_many(sources: list[Path], out_dir: Path, fmt: str | None) -> list[Job]:
    """Plan one report per input in ``out_dir``, named after the input's stem.

    Args:
        sources: the input files (already expanded from folders).
        out_dir: the folder for the reports (created by :func:`run_jobs`' caller).
        fmt: a format name; PDF when None.

    Returns:
        The jobs, in input order.

    Raises:
        InputError: ``out_dir`` is a file, two inputs share a stem, or a report would
            overwrite an input.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(
            Problem(str(out_dir), None, "-o", "with several inputs, -o names a folder, not a file")
        )
    kind = pick_format(Subject.ASSESSMENT, out_dir, fmt or OutputFormat.PDF.value)
    suffix = f".{kind.value}"
    jobs: list[Job] = []
    seen: dict[Path, Path] = {}
    problems: list[Problem] = []
    for source in sources:
        target = out_dir / f"{source.stem}{suffix}"
        if target in seen:
            problems.append(
                Problem(
                    str(source),
                    None,
                    "",
                    f"would write {target}, like {seen[target]}; rename one of them",
                )
            )
            continue
        if any(_same(target, s) for s in sources):
            problems.append(
                Problem(str(target), None, "-o", "a report would overwrite an input file")
            )
            continue
        seen[target] = source
        jobs.append(Job(source, target, kind))
    if problems:
        raise InputError(problems)
    return jobs


def report_file(bank: Bank, job: Job) -> list[Problem]:
    """Score one input and write its report (load -> score -> render -> write).

    Args:
        bank: the bank to score with.
        job: what to read and write.

    Returns:
        Warnings about the input (unknown question ids, another bank version).

    Raises:
        InputError: the input cannot be read or scored, or the review is for other answers.
        OSError: the report cannot be written; nothing partial is left.
    """
    from rcr_checklist.app.inputs import score_path
    from rcr_checklist.files.atomic import atomic_write
    from rcr_checklist.formats import AssessmentDoc, get_format
    from rcr_checklist.report.decision import Detail

    scored = score_path(job.source, bank)
    view = None
    if job.review is not None:
        from rcr_checklist.files.review_io import review_for
        from rcr_checklist.model.review import review_view

        review = review_for(job.review, scored.assessment, scored.source)
        view = review_view(review, scored.assessment)
    doc = AssessmentDoc(bank, scored.assessment, view, Detail(job.detail))
    atomic_write(job.target, get_format(job.fmt).assessment(doc))
    return scored.warnings


def attempt(bank: Bank, job: Job) -> tuple[list[Problem], list[Problem]]:
    """Make one report and turn its failure into data: the batch's one error policy.

    A bad input and an unwritable output are both problems of this job; neither stops the
    batch, whether it runs in this process or in workers. Anything else (a bug, Ctrl-C)
    propagates.

    Args:
        bank: the bank to score with.
        job: what to read and write.

    Returns:
        ``(warnings, problems)``: problems is empty when the report was written.
    """
    try:
        return report_file(bank, job), []
    except InputError as exc:
        return [], exc.problems
    except OSError as exc:
        return [], [Problem(str(exc.filename or job.target), None, "", exc.strerror or str(exc))]


def _work(bank_dir: str | None, job: Job) -> tuple[list[Problem], list[Problem]]:
    """Worker process: load the bank (cached per process), then :func:`attempt` the job."""
    from rcr_checklist.files.bank_loader import load_bank

    return attempt(load_bank(Path(bank_dir) if bank_dir else None), job)


def run_jobs(
    jobs: list[Job],
    bank: Bank,
    bank_dir: Path | None,
    workers: int,
    progress: Callable[[Job, list[Problem]], None] | None = None,
) -> dict[Job, list[Problem]]:
    """Render every job; with ``workers`` > 1 in that many processes.

    One error policy whatever ``workers`` is (see :func:`attempt`): a bad input or an
    unwritable output does not stop the others, and every failure is returned. Ctrl-C stops
    the batch: jobs not started are cancelled, and the reports written so far stay.

    Args:
        jobs: the reports to make.
        bank: the bank (used in this process when ``workers`` is 1).
        bank_dir: the bank's folder as given (``None`` for the bundled bank), loaded by each
            worker process.
        workers: the number of processes; 1 renders in this process.
        progress: called after each job with the job and its warnings.

    Returns:
        The jobs that failed, with their problems, in input order.
    """
    failed: dict[Job, list[Problem]] = {}

    def done(job: Job, warnings: list[Problem], problems: list[Problem]) -> None:
        if problems:
            failed[job] = problems
        if progress is not None:
            progress(job, warnings)

    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            done(job, *attempt(bank, job))
        return failed
    if any(j.fmt is OutputFormat.PDF for j in jobs):
        # Import WeasyPrint (~0.8 s) once here, so forked workers inherit it.
        import rcr_checklist.report.pdf  # noqa: F401
    workers = min(workers, len(jobs), os.cpu_count() or 1) or 1
    from rcr_checklist.app.pool import worker_pool

    with worker_pool(workers) as pool:
        # Every task is submitted before the caller draws progress (a thread), so the
        # workers are forked while this process is still single-threaded.
        futures = {
            pool.submit(_work, str(bank_dir) if bank_dir else None, job): job for job in jobs
        }
        for future in as_completed(futures):
            done(futures[future], *future.result())
    order = {job: i for i, job in enumerate(jobs)}
    return dict(sorted(failed.items(), key=lambda item: order[item[0]]))
