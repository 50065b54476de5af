"""Driving the CLI in a real pseudo-terminal (pexpect), shared by the terminal tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pexpect

TIMEOUT = 30


def spawn_cli(command: str, cwd: Path, *args: str, size: tuple[int, int] = (40, 120)) -> Any:
    """Start ``python -m rcr_checklist COMMAND ARGS`` in a pseudo-terminal of ``size``.

    ``size`` is (rows, columns), 40x120 unless given.
    """
    import pexpect

    rows, columns = size
    env = {
        **os.environ,
        "TERM": "xterm",
        "COLUMNS": str(columns),
        "LINES": str(rows),
        "NO_COLOR": "1",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # pexpect does not answer cursor-position requests
    }
    return pexpect.spawn(
        sys.executable,
        ["-m", "rcr_checklist", command, *args],
        cwd=str(cwd),
        env=env,
        dimensions=(rows, columns),
        encoding="utf-8",
        timeout=TIMEOUT,
    )


def answer(child: Any, prompt: str, keys: str) -> None:
    """Wait for ``prompt`` on screen, then type ``keys``."""
    child.expect_exact(prompt)
    child.send(keys)


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    return spawn_cli("assess", tmp_path, *args)
