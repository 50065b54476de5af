"""Comparison benchmark: prints figures, never fails.

    python benchmarks/bench_compare.py [--counts 2 10 30 50] [--repeat 3]

For each count, writes that many generated submissions (``gen_submissions.py``) and runs
``rcr-checklist compare vendor-*.yaml -o cmp.pdf`` in a child process, as a user would (the
imports included). Prints per count the best wall time, the CPU time (user + system) of that
run, the child's peak memory, the page count and the load average when measured: the
machine may be shared, so CPU time is the steadier figure. Target: 30 submissions under 8 s
wall and 300 MB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_submissions import write_submissions  # noqa: E402

CLI = [sys.executable, "-m", "rcr_checklist"]


def _run(args: list[str], cwd: Path) -> tuple[float, float, float]:
    """Run the CLI in ``cwd``: (wall s, CPU s of the child, peak RSS of the child in MB).

    A child of its own measures each run: ``RUSAGE_CHILDREN`` sums and maxes over every child
    this process waited for, so each run is measured through a fresh intermediate process.
    """
    code = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
        "wall = time.perf_counter() - start\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(wall, r.ru_utime + r.ru_stime, r.ru_maxrss / 1024)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *CLI, *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=cwd,
    )
    wall, cpu, peak = (float(x) for x in done.stdout.split())
    return wall, cpu, peak


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--counts", type=int, nargs="+", default=[2, 10, 30, 50])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    from pypdf import PdfReader

    print(f"{'inputs':>6} {'wall s':>7} {'CPU s':>6} {'peak MB':>8} {'pages':>5}  load (1 min)")
    for count in args.counts:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            files = write_submissions(root / "tender", count)
            inputs = [str(f.relative_to(root)) for f in files]
            best: tuple[float, float, float] | None = None
            for _ in range(args.repeat):
                run = _run(["compare", *inputs, "-o", "cmp.pdf"], root)
                best = run if best is None or run[0] < best[0] else best
            assert best is not None
            pages = len(PdfReader(root / "cmp.pdf").pages)
            load = os.getloadavg()[0]
            wall, cpu, peak = best
            print(f"{count:>6} {wall:>7.2f} {cpu:>6.2f} {peak:>8.0f} {pages:>5}  {load:.2f}")


if __name__ == "__main__":
    main()
