"""Keystrokes a clinician spends: a scripted clinician-profile `assess` session, key by key.

A bot answers every question of the clinician profile in a real pseudo-terminal, the way a
clinician doing the quick check would: the first option of each menu (a number, then Enter),
the first box of each tick list (Space, Enter), a one-line intended purpose, no evidence
documents at hand, no comments. It reads the screen to see which prompt is up and counts every
key it sends (an escape sequence counts as one key), per question.

Run: python benchmarks/bench_keystrokes.py [--src SRC_DIR] [--columns N]
``--src`` runs another checkout's ``src`` folder (for a before/after comparison); the bot
understands the prompts of the current key scheme and of the earlier one (menus with letter
entries and a comment prompt after every answer). Target (issue 16): under 3 keys on average
per choice question.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

import pexpect

START = """\
format: rcr-checklist/answers/v1
bank: {id: rcr-ai-principles, version: 2.0.0}
profile: clinician
product: {name: Bench CXR, version: '1.0', manufacturer: Bench Ltd}
assessor: {name: Dr B. Mark, role: Radiologist, organisation: Bench Trust, date: 2026-11-30}
answers: {}
"""

PROMPTS = [
    ("progress", r"question (\d+) of (\d+)"),
    ("select", r"» 1\)"),  # a menu, pointer on its first entry
    ("ticks", r"» ○"),  # a tick list, pointer on its first box
    ("multiline", r"Esc then Enter finishes|Paste the product's intended purpose"),
    ("evidence", r"\(Y/n\)|\(y/N\)"),  # the only yes/no prompt before the end: evidence
    ("comment", r"\(optional; Enter to leave empty\)"),
    ("render", r"Render the PDF report now"),
    ("eof", pexpect.EOF),
]
ANSWER = {  # what the clinician types at each prompt, as a list of keys
    "select": ["1", "\r"],
    "ticks": [" ", "\r"],
    "multiline": [*"Detects pneumothorax on adult chest X-rays.", "\x1b", "\r"],
    "evidence": ["n"],
    "comment": ["\r"],
}


def run(
    src: Path | None, log: Path | None = None, columns: int = 120
) -> list[tuple[int, str, int]]:
    """Play the session; returns (question number, kind of its main prompt, keys) per question."""
    folder = Path(tempfile.mkdtemp(prefix="bench-keys-"))
    (folder / "a.yaml").write_text(START, encoding="utf-8")
    env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1"}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "rcr_checklist", "assess", "--resume", "a.yaml"],
        cwd=str(folder),
        env=env,
        dimensions=(40, columns),
        encoding="utf-8",
        timeout=30,
    )
    if log is not None:
        child.logfile_read = log.open("w", encoding="utf-8")
    names = [name for name, _ in PROMPTS]
    rows: list[tuple[int, str, int]] = []
    number, kind, keys = 0, "", 0
    done: set[str] = {"select", "ticks", "multiline", "evidence", "comment"}
    while True:
        name = names[child.expect([pattern for _, pattern in PROMPTS])]
        if name == "progress":
            if number:
                rows.append((number, kind, keys))
            number, kind, keys, done = number + 1, "", 0, set()
            continue
        if name in ("render", "eof"):
            if number:
                rows.append((number, kind, keys))
            if name == "render":
                child.send("n")
                child.expect(pexpect.EOF)
            return rows
        if name in done:  # a redraw of a prompt already answered for this question
            continue
        done.add(name)
        if name in ("select", "ticks", "multiline"):
            kind = name
        for key in ANSWER[name]:
            child.send(key)
            keys += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--src", type=Path, default=None, help="another checkout's src folder")
    parser.add_argument("--log", type=Path, default=None, help="write the screen output here")
    parser.add_argument(
        "--columns",
        type=int,
        default=120,
        help="terminal width (versions before issue 16 draw the multi-line prompt only from 170)",
    )
    args = parser.parse_args()
    rows = run(args.src, args.log, args.columns)
    choice = [keys for _, kind, keys in rows if kind in ("select", "ticks")]
    for number, kind, keys in rows:
        print(f"question {number:2d}  {kind:9s}  {keys:3d} keys")
    print(
        f"{len(rows)} questions, {sum(k for *_, k in rows)} keys; choice questions: "
        f"{len(choice)}, {statistics.mean(choice):.2f} keys on average (target under 3)"
    )


if __name__ == "__main__":
    main()
