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


def _limits_rows() -> list[tuple[str, str, list[str]]]:
    section = README.split("## Limits", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("What", "---"):
            rows.append((cells[0], cells[1], re.findall(r"`([\w.]+)`", cells[2])))
    return rows


def _resolve(name: str) -> object:
    """``limits.ANSWERS_LIMITS.max_bytes`` or ``model.answers.Product.name`` -> its value."""
    import importlib

    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            value: object = importlib.import_module("rcr_checklist." + ".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            fields = getattr(value, "model_fields", None)
            if fields is not None and part in fields:  # a pydantic field: its max_length
                return next(m.max_length for m in fields[part].metadata if hasattr(m, "max_length"))
            value = getattr(value, part)
        return value
    raise AssertionError(f"{name} names nothing in the package")


def test_the_limits_table_matches_the_code():
    rows = _limits_rows()
    assert len(rows) >= 10
    checked = 0
    for what, limit, names in rows:
        assert names, what
        for name in names:
            value = _resolve(name)
            if isinstance(value, int) and not isinstance(value, bool):
                assert f"{value:,}" in limit or str(value) in limit.split(), (what, name, value)
                checked += 1
    assert checked >= 15


def test_the_first_command_runs_as_root_without_sudo(tmp_path):
    """The README says how, in one line; that line runs as written with no sudo installed."""
    first = _blocks()[0].splitlines()[0]
    assert first.startswith("sudo apt-get update && sudo apt-get install -y ")
    hint = next(line for line in README.splitlines() if line.startswith("As root"))
    shown = re.search(r"`(apt-get update && apt-get install -y) \.\.\.`", hint)
    assert shown and first.replace("sudo ", "").startswith(shown.group(1))
    fake = tmp_path / "bin"
    fake.mkdir()
    log = tmp_path / "calls"
    (fake / "apt-get").write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    (fake / "apt-get").chmod(0o755)
    done = subprocess.run(
        ["/bin/sh", "-c", first.replace("sudo ", "")],
        env={"PATH": str(fake)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    calls = log.read_text().splitlines()
    assert calls[0] == "update" and calls[1].startswith("install -y python3-venv ")
