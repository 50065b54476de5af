"""Report benchmark: prints figures, never fails.

    python benchmarks/bench_report.py [--files 20]

1. `rcr-checklist report full.yaml -o x.pdf` wall time and peak memory (child process, so the
   WeasyPrint import is included, as a user sees it).
2. Our PDF path versus WeasyPrint alone on our own HTML output (both in-process, import
   excluded): target ratio <= 1.15.
3. `report DIR -o OUT --jobs 2` versus `--jobs 1` on N files: target speed-up >= 1.7 on 2 cores.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from helpers.reports import answers_data, answers_model, full_answers, write_answers  # noqa: E402
from rcr_checklist.files.bank_loader import load_bank  # noqa: E402
from rcr_checklist.model.scoring import score  # noqa: E402
from rcr_checklist.report.assessment_json import assessment_json  # noqa: E402
from rcr_checklist.report.render import render_html  # noqa: E402

CLI = [sys.executable, "-m", "rcr_checklist"]


def _run(args: list[str]) -> tuple[float, float]:
    """Run the CLI; return (wall seconds, peak RSS of the child in MB)."""
    start = time.perf_counter()
    subprocess.run([*CLI, *args], check=True, capture_output=True)
    wall = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, peak_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    bank = load_bank()
    data = answers_data(bank, full_answers(bank))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        full = write_answers(root / "full.yaml", data)

        walls = []
        for _ in range(args.repeat):
            wall, peak = _run(["report", str(full), "-o", str(root / "x.pdf")])
            walls.append(wall)
        from pypdf import PdfReader

        pages = len(PdfReader(root / "x.pdf").pages)
        print(f"questions in bank: {len(bank.questions)}; pages: {pages}")
        print(f"report -o x.pdf (CLI, with imports): {min(walls):.2f} s, peak RSS {peak:.0f} MB")

        import weasyprint

        from rcr_checklist.report.pdf import html_to_pdf

        assessment = score(bank, answers_model(data))
        html = render_html(bank, assessment)
        ours, alone = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            html_to_pdf(
                render_html(bank, assessment),
                assessment_json(assessment).encode(),
                assessment.generated,
            )
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            weasyprint.HTML(string=html).write_pdf()
            alone.append(time.perf_counter() - start)
        print(
            f"ours (render + PDF/A + attachment) {min(ours):.2f} s; WeasyPrint alone on our HTML "
            f"{min(alone):.2f} s; ratio {min(ours) / min(alone):.2f} (target <= 1.15)"
        )

        batch = root / "batch"
        batch.mkdir()
        for i in range(args.files):
            one_file = answers_data(bank, data["answers"], name=f"P{i}")
            write_answers(batch / f"v{i:02}.yaml", one_file)
        one, _ = _run(["report", str(batch), "-o", str(root / "out1"), "--jobs", "1"])
        two, _ = _run(["report", str(batch), "-o", str(root / "out2"), "--jobs", "2"])
        print(
            f"{args.files} files: --jobs 1 {one:.1f} s, --jobs 2 {two:.1f} s, speed-up "
            f"{one / two:.2f} (target >= 1.7 on 2 cores; this machine has {os.cpu_count()} CPUs)"
        )


if __name__ == "__main__":
    main()
