"""Verify and PDF-scoring benchmark: prints figures, never fails.

    python benchmarks/bench_verify.py [--pdfs 100] [--repeat 3]

1. `rcr-checklist verify` of the largest bundled example (most pages): wall and CPU time of
   the child process (imports included, as a user sees it); target under 6 s on 2 cores.
   An unchanged report is proved from the report's boxes before layout (the quick proof);
   a changed one is laid out in full to name the difference, so the same report with its
   last page removed is timed too. Also the parts in-process: reading the given pages, the
   quick proof, rendering in full, reading the rendered pages.
2. `rcr-checklist score DIR` of a folder of N report PDFs (the fast check on each); target
   100 PDFs under 60 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = [sys.executable, "-m", "rcr_checklist"]


def _without_last_page(source: Path, target: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.remove_page(len(writer.pages) - 1)
    with target.open("wb") as out:
        writer.write(out)


def _child(args: list[str], expect: int = 0) -> tuple[float, float]:
    """Run the CLI; return (wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([*CLI, *args], capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != expect:
        print(done.stdout, done.stderr, file=sys.stderr)
        raise SystemExit(f"{' '.join(args)} exited {done.returncode}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _largest_example(folder: Path) -> tuple[Path, int]:
    from pypdf import PdfReader

    from rcr_checklist.files.resources import examples_dir

    best: tuple[Path, int] | None = None
    for answers in sorted(examples_dir().glob("*.yaml")):
        target = folder / f"{answers.stem}.pdf"
        subprocess.run([*CLI, "report", str(answers), "-o", str(target)], check=True)
        pages = len(PdfReader(target).pages)
        if best is None or pages > best[1]:
            best = (target, pages)
    assert best is not None
    return best


def _parts(pdf: Path) -> None:
    """Time the parts of a verify in this process (imports done first)."""
    from rcr_checklist.files.bank_loader import load_bank
    from rcr_checklist.files.pdf_text import PageReader
    from rcr_checklist.files.report_pdf import open_report, pdf_reader, read_embedded
    from rcr_checklist.model.scoring import score
    from rcr_checklist.report.decision import Detail
    from rcr_checklist.report.pdf import print_for_verify
    from rcr_checklist.report.pdf.unlaid import print_unlaid
    from rcr_checklist.report.render import render_html
    from rcr_checklist.verify.check import verify_report

    bank = load_bank()
    start = time.process_time()
    report = open_report(pdf)
    embedded = read_embedded(report)
    opened = time.process_time() - start
    start = time.process_time()
    given = [PageReader().read_page(p) for p in report.reader.pages]
    read = time.process_time() - start
    fresh = score(bank, embedded.answers, generated=str(embedded.data["generated"]))
    html = render_html(bank, fresh, detail=Detail(embedded.data.get("detail", "standard")))
    start = time.process_time()
    print_unlaid.__wrapped__(html)
    quick = time.process_time() - start
    start = time.process_time()
    printed = print_for_verify.__wrapped__(html)
    render = time.process_time() - start
    start = time.process_time()
    expected = [PageReader().read_page(p) for p in pdf_reader(printed.pdf).pages]
    reread = time.process_time() - start
    print(
        f"  in-process CPU: open and read the attachment {opened:.2f} s, read {len(given)} "
        f"given pages {read:.2f} s, the quick proof (boxes before layout) {quick:.2f} s; "
        f"when it finds a difference: render in full {render:.2f} s, read {len(expected)} "
        f"rendered pages {reread:.2f} s"
    )
    print_for_verify.cache_clear()
    print_unlaid.cache_clear()
    start = time.process_time()
    assert verify_report(pdf, bank) == []
    print(f"  in-process CPU: verify_report {time.process_time() - start:.2f} s (imports done)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pdfs", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pdf, pages = _largest_example(root)
        figures = [_child(["verify", str(pdf)]) for _ in range(args.repeat)]
        wall = min(w for w, _ in figures)
        cpu = min(c for _, c in figures)
        print(
            f"verify {pdf.name} ({pages} pages): best of {args.repeat}: {wall:.2f} s wall, "
            f"{cpu:.2f} s CPU (target < 6 s)"
        )
        (root / "changed").mkdir()
        cut = root / "changed" / f"{pdf.stem}-cut.pdf"
        _without_last_page(pdf, cut)
        wall, cpu = _child(["verify", str(cut)], expect=1)
        print(
            f"verify of the same report with its last page removed (DIFFERS, laid out in full "
            f"to name it): {wall:.2f} s wall, {cpu:.2f} s CPU"
        )
        _parts(pdf)

        folder = root / "submissions"
        folder.mkdir()
        sources = sorted(root.glob("*.pdf"))
        for i in range(args.pdfs):
            shutil.copy(sources[i % len(sources)], folder / f"vendor-{i:03d}.pdf")
        wall, cpu = _child(["score", str(folder), "--format", "csv"])
        print(
            f"score of {args.pdfs} report PDFs (fast check each): {wall:.2f} s wall, "
            f"{cpu:.2f} s CPU (target < 60 s)"
        )


if __name__ == "__main__":
    main()
