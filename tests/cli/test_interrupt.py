"""Ctrl-C exits 130 from every command, through the one error handler (real processes, SIGINT).

Each command runs in its own Python process with an audit hook: when the command first opens
one of its inputs, the hook leaves a marker file and holds that ``open`` for a while; the test
waits for the marker and sends SIGINT. So the signal always arrives while the command is at
work, on any machine, without guessing a delay.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rcr_checklist.files.resources import default_bank_dir, examples_dir

pytestmark = pytest.mark.slow

CHILD = r"""
import os, signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)  # whatever the test runner set
marker, trigger, hold_main, hold_worker = sys.argv[1:5]
main_pid = os.getpid()
busy = False

def hook(event, args):
    global busy
    if event != "open" or busy or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    path = os.fsdecode(os.fspath(args[0]))
    if not path.startswith(trigger):
        return
    busy = True
    try:
        if not os.path.exists(marker):
            with open(marker, "w") as handle:
                handle.write(str(os.getpid()))
    finally:
        busy = False
    time.sleep(float(hold_main if os.getpid() == main_pid else hold_worker))

sys.addaudithook(hook)
from rcr_checklist.cli import main
sys.argv = ["rcr-checklist", *sys.argv[5:]]
main()
"""


def _interrupt(
    tmp_path: Path,
    trigger: Path,
    *args: str,
    hold_worker: float = 0.0,
    signum: signal.Signals = signal.SIGINT,
) -> subprocess.CompletedProcess[str]:
    marker = tmp_path / "started"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(marker), str(trigger), "60", str(hold_worker), *args],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "the command never opened its input"
        time.sleep(0.02)
    child.send_signal(signum)
    out, err = child.communicate(timeout=120)
    return subprocess.CompletedProcess(child.args, child.returncode, out, err)


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(12):
        shutil.copy(examples_dir() / "strokescan.yaml", folder / f"s{i:02}.yaml")
    return folder


COMMANDS = {
    "score": ("IN", "score", "IN"),
    "score --jobs 2": ("IN", "score", "--jobs", "2", "IN"),
    "report": ("IN", "report", "IN", "-o", "out", "--format", "md"),
    "report -j 2": ("IN", "report", "IN", "-o", "out", "--format", "md", "-j", "2"),
    "verify": ("IN", "verify", "IN/s00.yaml"),
    "compare": ("IN", "compare", "IN/s00.yaml", "IN/s01.yaml", "-o", "c.md"),
    "review --template": ("IN", "review", "IN/s00.yaml", "-o", "r.yaml", "--template"),
    "demo": ("EXAMPLES", "demo", "-o", "demo", "--jobs", "1"),
    "bank validate": ("BANK", "bank", "validate"),
    "bank list": ("BANK", "bank", "list"),
    "schema answers": ("BANK", "schema", "answers"),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_ctrl_c_exits_130(name: str, tmp_path: Path, inputs: Path) -> None:
    trigger, *args = COMMANDS[name]
    where = {"IN": inputs, "EXAMPLES": examples_dir(), "BANK": default_bank_dir()}[trigger]
    args = [a.replace("IN", str(inputs)) for a in args]
    # workers ignore SIGINT (the main process stops the batch): let theirs be slow, not held
    result = _interrupt(tmp_path, where, *args, hold_worker=0.5)
    assert result.returncode == 130, (result.stdout, result.stderr)
    assert result.stderr.endswith("Interrupted.\n"), result.stderr
    assert "Traceback" not in result.stderr
    assert "Aborted!" not in result.stderr + result.stdout
    if name.startswith("report"):  # nothing half-written: only whole reports, no temp files
        out = tmp_path / "out"
        assert all(p.suffix == ".md" for p in out.iterdir()), sorted(out.iterdir())
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.parametrize("name", ["score --jobs 2", "report -j 2", "compare", "verify"])
def test_sigterm_exits_143_as_cleanly(name: str, tmp_path: Path, inputs: Path) -> None:
    """``kill`` (a CI job cancelled) stops a command like Ctrl-C does, with exit 143."""
    trigger, *args = COMMANDS[name]
    args = [a.replace("IN", str(inputs)) for a in args]
    result = _interrupt(tmp_path, inputs, *args, hold_worker=0.5, signum=signal.SIGTERM)
    assert result.returncode == 143, (result.stdout, result.stderr)
    assert result.stderr.endswith("Terminated.\n"), result.stderr
    assert "Traceback" not in result.stderr
    if name.startswith("report"):
        out = tmp_path / "out"
        assert all(p.suffix == ".md" for p in out.iterdir()), sorted(out.iterdir())
    assert not list(tmp_path.rglob("*.tmp"))


def test_the_marker_is_reached_before_work_ends(tmp_path: Path, inputs: Path) -> None:
    """Without the signal, the held command still finishes normally (the hook only waits)."""
    marker = tmp_path / "started"
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(marker), str(inputs), "0", "0", "score", str(inputs)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 0, result.stderr
    assert marker.exists()
    assert "12 submissions" in result.stdout
