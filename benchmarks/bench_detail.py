"""Detail levels and large comparisons: prints figures, never fails.

    python benchmarks/bench_detail.py [--count 30] [--repeat 3]

1. `report EXAMPLE -o x.pdf --detail summary|standard|full` for the largest bundled example:
   wall time of the CLI (a child process, imports included) and pages. Targets on 2 quiet
   cores: standard under 2.5 s, summary under 1.5 s.
2. `compare` of N generated submissions (benchmarks/gen_submissions.py) to PDF: wall time and
   peak RSS of the child. Target for 30: under 8 s and 300 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from rcr_checklist.files.resources import examples_dir

CLI = [sys.executable, "-m", "rcr_checklist"]
HERE = Path(__file__).resolve().parent


def _run(args: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run([*CLI, *args], check=True, capture_output=True, cwd=cwd)
    return time.perf_counter() - start


def _child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    largest = max(examples_dir().glob("*.yaml"), key=lambda p: p.stat().st_size)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for detail in ("summary", "standard", "full"):
            out = root / f"{detail}.pdf"
            walls = [
                _run(["report", str(largest), "-o", str(out), "--detail", detail])
                for _ in range(args.repeat)
            ]
            pages = len(PdfReader(out).pages)
            print(f"report {largest.name} --detail {detail}: {min(walls):.2f} s, {pages} pages")
        subs = root / "subs"
        subprocess.run(
            [
                sys.executable,
                str(HERE / "gen_submissions.py"),
                str(subs),
                "--count",
                str(args.count),
            ],
            check=True,
            capture_output=True,
        )
        walls = []
        for i in range(args.repeat):
            walls.append(_run(["compare", "subs", "-o", f"c{i}.pdf"], cwd=root))
        pages = len(PdfReader(root / "c0.pdf").pages)
        print(
            f"compare {args.count} submissions: {min(walls):.2f} s, {pages} pages, "
            f"peak RSS {_child_peak_mb():.0f} MB (largest child so far)"
        )
        print(f"this machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
