"""Scoring speed: assessments scored per second in one process, and `score` on 1,000 files.

Run: python benchmarks/bench_score.py [--files 1000] [--seconds 3]
Targets (DESIGN.md section 9, issue 11): over 3,000 assessments/s; 1,000 files under 5 s.
The machine may be shared: every figure comes with the CPU time it took (a rate per CPU
second, and user+sys of the child process) and the load average when it was taken.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rcr_checklist.files.answers_io import save_answers
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.model.answers import AnswersFile
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import score


def random_answers(bank: Bank, rng: random.Random) -> AnswersFile:
    body: dict[str, Any] = {}
    for q in bank.questions:
        if q.kind in ("single", "yes_no"):
            body[q.id] = {"value": rng.choice(q.options).value}
        elif q.kind == "multi":
            plain = [o for o in q.options if not o.exclusive]  # an exclusive one stands alone
            body[q.id] = {"value": [o.value for o in rng.sample(plain, min(2, len(plain)))]}
        elif q.kind == "text":
            body[q.id] = {"value": "Some text about the product."}
        if q.evidence != "none" and rng.random() < 0.7:
            body[q.id]["evidence"] = [{"title": "Document", "ref": "DOC-1", "date": "2026-01-01"}]
    return AnswersFile.model_validate(
        {
            "format": "rcr-checklist/answers/v1",
            "bank": {"id": bank.meta.id, "version": bank.meta.version},
            "product": {
                "name": f"Product {rng.randrange(10**6)}",
                "version": "1.0",
                "manufacturer": "Benchmark Ltd",
            },
            "assessor": {"name": "B. Mark", "date": "2026-11-29"},
            "answers": body,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    bank = load_bank()
    rng = random.Random(1)
    pool = [random_answers(bank, rng) for _ in range(200)]

    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    count = 0
    start, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - start < args.seconds:
        for answers in pool:
            score(bank, answers, generated="2026-11-29T00:00:00Z")
        count += len(pool)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"score(): {count / wall:,.0f} assessments/s in one process, {count / cpu:,.0f} per "
        f"CPU second ({len(bank.questions)} questions; target > 3,000/s)"
    )

    # Each answers object's canonical form and SHA-256 are worked out once per object
    # (model.answers.answers_identity): score fresh copies to see the first scoring too.
    fresh = [answers.model_copy() for answers in pool for _ in range(5)]
    start, cpu = time.perf_counter(), time.process_time()
    for answers in fresh:
        score(bank, answers, generated="2026-11-29T00:00:00Z")
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"score() of answers objects scored for the first time: {len(fresh) / wall:,.0f} "
        f"assessments/s, {len(fresh) / cpu:,.0f} per CPU second"
    )

    from rcr_checklist.files.answers_io import load_answers
    from rcr_checklist.files.resources import examples_dir

    for path in sorted(examples_dir().glob("*.yaml")):
        answers = load_answers(path, bank).answers
        count = 0
        start, cpu = time.perf_counter(), time.process_time()
        while time.perf_counter() - start < args.seconds / 3:
            for _ in range(100):
                score(bank, answers, generated="2026-11-29T00:00:00Z")
            count += 100
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"score() on examples/{path.name}: {count / wall:,.0f} assessments/s, "
            f"{count / cpu:,.0f} per CPU second"
        )

    folder = Path(tempfile.mkdtemp(prefix="rcr-bench-"))
    try:
        for i in range(args.files):
            save_answers(pool[i % len(pool)], folder / f"sub-{i:04d}.yaml")
        exe = shutil.which("rcr-checklist") or sys.executable
        cmd = [exe] if exe.endswith("rcr-checklist") else [exe, "-m", "rcr_checklist"]
        for fmt in ("csv", "table"):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run(
                [*cmd, "score", str(folder), "--format", fmt], capture_output=True, text=True
            )
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            rows = done.stdout.count("\n")
            print(
                f"rcr-checklist score <folder of {args.files}> --format {fmt}: {wall:.2f} s "
                f"wall, {used:.2f} s CPU (user+sys, workers included; exit "
                f"{done.returncode}, {rows} lines out; target < 5 s; "
                f"load {os.getloadavg()[0]:.2f})"
            )
        start = time.perf_counter()
        subprocess.run([*cmd, "--help"], capture_output=True, check=True)
        print(f"rcr-checklist --help: {time.perf_counter() - start:.2f} s (target < 0.3 s)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
