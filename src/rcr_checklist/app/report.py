"""``report``: one report per input, written atomically; many inputs go through the batch."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rcr_checklist.app.batch import Job, plan_many, plan_one, report_file, run_jobs
from rcr_checklist.app.inputs import expand_inputs
from rcr_checklist.errors import InputError, Problem
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.formats import AssessmentDoc, OutputFormat, Subject, get_format, pick_format
from rcr_checklist.model.wording import count

if TYPE_CHECKING:
    from rcr_checklist.model.bank import Bank
    from rcr_checklist.model.review import ReviewView
    from rcr_checklist.model.scoring import Assessment
    from rcr_checklist.report.decision import Detail
    from rcr_checklist.report.sign import SigningKey

__all__ = ["Progress", "ReportRun", "Tick", "run_report", "write_report"]

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
    detail: str = "standard",
    jobs: int = 1,
    bank_dir: Path | None = None,
    progress: Progress | None = None,
    sign: Path | None = None,
    sign_password: bytes | None = None,
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
        detail: ``summary``, ``standard`` or ``full``: how much a PDF or HTML report prints
            after its two decision pages.
        jobs: worker processes for a batch.
        bank_dir: the ``--bank`` folder, or None for the bundled bank.
        progress: opens a progress display for a batch.
        sign: a PKCS#12 key: every PDF written is then signed (PAdES, invisible signature).
        sign_password: the key's password (from a file or the environment, never argv).

    Returns:
        What was written, and the problems of a batch.

    Raises:
        InputError: bad input for a single report, a review with several inputs, an unknown
            format, or reports that would overwrite inputs.
        OSError: the single report, or the folder of a batch, cannot be written.
    """
    bank = load_bank(bank_dir)
    key = _signing_key(sign, sign_password)  # before rendering: a bad key fails at once
    skipped: list[Problem] = []
    sources = expand_inputs(list(inputs), skipped)
    single = len(inputs) == 1 and not inputs[0].is_dir() and not out.is_dir()
    if review is not None and not single:
        raise InputError(
            Problem(
                str(review), None, "--review", "a review goes with one answers file and one report"
            )
        )
    if single:
        job = replace(plan_one(sources[0], out, fmt), detail=detail)
        if review is not None:
            job = replace(job, review=review)
        _check_signable(key, [job])
        warnings = report_file(bank, job)
        _sign_all(key, [job.target])
        return ReportRun([job.target], f"wrote {job.target}", warnings=skipped + warnings)
    planned = [replace(job, detail=detail) for job in plan_many(sources, out, fmt)]
    _check_signable(key, planned)
    out.mkdir(parents=True, exist_ok=True)
    with (progress or _no_progress)(len(planned)) as tick:
        failed = run_jobs(planned, bank, bank_dir, jobs, tick)
    written = [job.target for job in planned if job not in failed]
    _sign_all(key, written)
    return ReportRun(
        written,
        f"wrote {count(len(written), 'report')} to {out}",
        warnings=skipped,
        problems=[p for problems in failed.values() for p in problems],
    )


def _no_progress(total: int) -> AbstractContextManager[Tick]:
    return nullcontext(lambda job, notes: None)


def _signing_key(sign: Path | None, password: bytes | None) -> SigningKey | None:
    if sign is None:
        return None
    from rcr_checklist.report.sign import load_signing_key

    return load_signing_key(sign, password)


def _check_signable(key: SigningKey | None, jobs: list[Job]) -> None:
    if key is not None and any(job.fmt is not OutputFormat.PDF for job in jobs):
        raise InputError(Problem(str(key.source), None, "--sign", "only PDF reports can be signed"))


def _sign_all(key: SigningKey | None, targets: list[Path]) -> None:
    """Sign each PDF written, in place (whole or not at all)."""
    if key is None:
        return
    from rcr_checklist.files.atomic import atomic_write
    from rcr_checklist.report.sign import sign_pdf

    for target in targets:
        atomic_write(target, sign_pdf(target.read_bytes(), key))


def write_report(
    bank: Bank,
    assessment: Assessment,
    out: Path,
    fmt: str | None = None,
    review: ReviewView | None = None,
    detail: Detail | None = None,
) -> Path:
    """Render a scored assessment and write it atomically (whole or not at all).

    Args:
        bank: the bank the assessment was scored with.
        assessment: the scored assessment.
        out: the file to write; its folder must exist.
        fmt: ``pdf``, ``html``, ``md``, ``json`` or ``csv`` (the action plan); from the
            suffix of ``out`` when None.
        review: a reviewer's verdicts and sign-off to show (already checked to match).
        detail: how much the PDF and HTML print after their two decision pages; standard
            when None.

    Returns:
        The path written (``out``).

    Raises:
        InputError: unknown format, or no format and an unknown suffix.
        OSError: the folder is missing or not writable; nothing is left behind.
    """
    from rcr_checklist.files.atomic import atomic_write

    kind = pick_format(Subject.ASSESSMENT, out, fmt)
    atomic_write(out, get_format(kind).assessment(AssessmentDoc(bank, assessment, review, detail)))
    return out
