"""The README is what a newcomer runs: its commands exist, and its first block works."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rcr_checklist.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks() -> list[str]:
    return re.findall(r"```bash\n(.*?)```", README, flags=re.S)


def test_readme_opens_with_the_two_commands():
    first, second = _blocks()[:2]
    assert "rcr-checklist demo" in first
    assert "pip install ." in first
    assert 'pip install ".[dev]"' in second and "pytest" in second
    assert README.index(first) < README.index("## What it does")


def test_every_command_in_help_is_in_the_readme():
    result = CliRunner().invoke(main, ["--help"])
    commands = re.findall(r"^  (\w+)\s", result.stdout.split("Commands:")[1], flags=re.M)
    assert {"assess", "score", "report", "verify", "bank", "schema", "demo"} <= set(commands)
    for command in commands:
        assert f"rcr-checklist {command}" in README, command


def test_readme_mentions_every_example():
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        assert f"examples/{path.name}" in README, path.name


def _copy_checkout(target: Path) -> None:
    skip = {
        ".git",
        ".venv",
        "venv",
        "rcr-demo",
        "__pycache__",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".hypothesis",
        "build",
        "dist",
    }

    def ignore(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n in skip or n.endswith(".egg-info")]

    shutil.copytree(ROOT, target, ignore=ignore)


@pytest.mark.slow
def test_first_block_in_a_fresh_virtual_environment(tmp_path):
    """Run the README's install-and-demo block (system packages are CI's job) from scratch."""
    checkout = tmp_path / "checkout"
    _copy_checkout(checkout)
    lines = [
        line
        for line in _blocks()[0].splitlines()
        if line.strip() and not line.lstrip().startswith("sudo ")
    ]
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if not p.endswith(".venv/bin")
    )
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", "\n".join(lines)],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out_dir = checkout / "rcr-demo"
    for expected_file in sorted((checkout / "examples").glob("*.expected.json")):
        name = expected_file.name.removesuffix(".expected.json")
        expected = json.loads(expected_file.read_text(encoding="utf-8"))
        pdf = out_dir / f"{name}.pdf"
        assert pdf.stat().st_size > 10_000
        line = next(x for x in done.stdout.splitlines() if x.startswith(f"rcr-demo/{name}.pdf"))
        assert f": {expected['rating']}, " in line, line
    # the installed tool, not this checkout, made them: verify one with it
    venv_tool = checkout / ".venv" / "bin" / "rcr-checklist"
    verify = subprocess.run(
        [str(venv_tool), "verify", str(out_dir / "chestflow.pdf")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert verify.returncode == 0 and "VALID" in verify.stdout
    assert sys.executable  # the test ran under the outer interpreter
