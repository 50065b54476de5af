"""``demo``: render every bundled example to PDF and say what each one scored."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rcr_checklist.app.inputs import score_path
from rcr_checklist.errors import InputError, Problem
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.files.resources import examples_dir
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment
from rcr_checklist.model.wording import count, score_text

__all__ = [
    "COMPARED",
    "DemoResult",
    "DemoRun",
    "demo",
    "example_files",
    "run_demo",
    "write_demo_comparison",
]


@dataclass(frozen=True)
class DemoResult:
    """One rendered example.

    Attributes:
        source: the example answers file.
        report: the PDF written.
        assessment: its scored assessment.
    """

    source: Path
    report: Path
    assessment: Assessment

    def line(self) -> str:
        """One line for the terminal: file, product, rating, score, critical findings."""
        a = self.assessment
        o = a.overall
        score = score_text(o.score)
        product = " ".join(str(a.product.get(k, "")) for k in ("name", "version")).strip()
        critical = (
            count(o.critical_findings, "critical finding")
            if o.critical_findings
            else "no critical findings"
        )
        draft = f", DRAFT ({o.completion:.0%} answered)" if o.draft else ""
        profile = "" if a.profile == "vendor" else f" [{a.profile} profile]"
        return f"{self.report}: {product}{profile}: {o.rating}, {score}/100, {critical}{draft}"


def example_files() -> list[Path]:
    """The bundled example answers files, sorted by name."""
    return sorted(examples_dir().glob("*.yaml"))


def run_demo(
    bank: Bank,
    out_dir: Path,
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[DemoResult]:
    """Render every bundled example to ``out_dir/<name>.pdf``.

    Args:
        bank: the bundled bank.
        out_dir: the folder to write into (created if missing).
        jobs: parallel processes (default: the number of CPUs).
        progress: called with each written file's name.

    Returns:
        One result per example, in name order.

    Raises:
        InputError: an example failed to render (a broken installation).
        OSError: ``out_dir`` cannot be created or written.
    """
    from rcr_checklist.app.batch import plan_many, run_jobs

    sources = example_files()
    if not sources:
        raise InputError(Problem(str(examples_dir()), None, "", "no bundled examples found"))
    out_dir.mkdir(parents=True, exist_ok=True)
    planned = plan_many(sources, out_dir, "pdf")
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    failed = run_jobs(
        planned,
        bank,
        None,
        workers,
        (lambda job, _notes: progress(job.target.name)) if progress else None,
    )
    if failed:
        raise InputError([p for problems in failed.values() for p in problems])
    return [DemoResult(j.source, j.target, score_path(j.source, bank).assessment) for j in planned]


# The three vendor submissions of the demo, compared side by side.
COMPARED = ("chestflow", "fracturefinder", "strokescan")


def write_demo_comparison(bank: Bank, out_dir: Path) -> tuple[Path, str]:
    """Compare the three bundled vendor examples into ``out_dir/comparison.pdf``.

    Args:
        bank: the bundled bank.
        out_dir: the demo folder.

    Returns:
        The PDF written and a one-line summary of the compared submissions.

    Raises:
        InputError: an example is missing or cannot be scored.
    """
    from rcr_checklist.app.compare import load_submissions, write_comparison
    from rcr_checklist.compare.build import build_comparison

    sources = [examples_dir() / f"{name}.yaml" for name in COMPARED]
    comparison = build_comparison(bank, load_submissions(sources, bank))
    target = out_dir / "comparison.pdf"
    write_comparison(bank, comparison, target, "pdf")
    summary = "; ".join(f"{v.label} {v.score} ({v.rating})" for v in comparison.submissions)
    return target, summary


@dataclass(frozen=True)
class DemoRun:
    """What ``demo`` wrote.

    Attributes:
        results: one rendered example each, in name order.
        comparison: the comparison PDF of the three vendor examples.
        summary: one line naming each compared submission with its score and rating.
    """

    results: list[DemoResult]
    comparison: Path
    summary: str


def demo(out_dir: Path, *, jobs: int | None = None) -> DemoRun:
    """Render every bundled example to PDF and compare the three vendor examples.

    Args:
        out_dir: the folder to write into (created if missing).
        jobs: parallel processes (default: the number of CPUs).

    Returns:
        The reports and the comparison written.

    Raises:
        InputError: an example failed to render (a broken installation).
        OSError: ``out_dir`` cannot be created or written.
    """
    bank = load_bank(None)
    results = run_demo(bank, out_dir, jobs)
    target, summary = write_demo_comparison(bank, out_dir)
    return DemoRun(results, target, summary)
