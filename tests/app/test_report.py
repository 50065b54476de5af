"""``app.report``: the batch's one error policy, whatever --jobs is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.reports import EPOCH
from rcr_checklist.app.report import run_report
from rcr_checklist.cli import main
from rcr_checklist.files.resources import examples_dir


def _batch_inputs(folder: Path) -> Path:
    """Four answers files: a.yaml and c.yaml good, b.yaml good (its output is blocked), d bad."""
    inputs = folder / "in"
    inputs.mkdir()
    for name in ("a", "b", "c"):
        shutil.copy(examples_dir() / "chestflow.yaml", inputs / f"{name}.yaml")
    (inputs / "d.yaml").write_text("format: [\n", encoding="utf-8")
    return inputs


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_jobs_1_and_2_report_the_same_failures_and_write_the_same_files(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # the same bytes from both runs
    inputs = _batch_inputs(tmp_path)
    results = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        (out / f"b.{fmt}").mkdir(parents=True)  # an output that cannot be written
        result = CliRunner().invoke(
            main, ["report", str(inputs), "-o", str(out), "--format", fmt, "-j", str(jobs)]
        )
        errors = sorted(
            line.replace(str(out), "OUT")
            for line in result.stderr.splitlines()
            if line.startswith("error: ")
        )
        files = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}
        results[jobs] = (result.exit_code, errors, files)
        assert result.exit_code == 2, result.output
        assert f"wrote 2 reports to {out}" in result.stderr
    assert results[1] == results[2]
    _, errors, files = results[1]
    assert sorted(files) == [f"a.{fmt}", f"c.{fmt}"]
    blocked, bad = sorted(errors, key=lambda line: "OUT" not in line)
    assert blocked == (
        f"error: OUT/b.{fmt}: is not a regular file (a folder); give the path of a regular file"
    )
    assert bad.startswith(f"error: {inputs / 'd.yaml'}:") and "YAML" in bad


def test_run_report_returns_what_was_written_and_the_problems(tmp_path: Path) -> None:
    inputs = _batch_inputs(tmp_path)
    out = tmp_path / "out"
    (out / "b.md").mkdir(parents=True)
    ticks: list[str] = []

    from contextlib import contextmanager

    @contextmanager
    def progress(total: int):  # type: ignore[no-untyped-def]
        assert total == 4
        yield lambda job, notes: ticks.append(job.target.name)

    run = run_report([inputs], out, fmt="md", progress=progress)
    assert run.written == [out / "a.md", out / "c.md"]
    assert sorted(ticks) == ["a.md", "b.md", "c.md", "d.md"]
    assert run.message == f"wrote 2 reports to {out}"
    assert [p.file for p in run.problems] == [str(out / "b.md"), str(inputs / "d.yaml")]
    error = run.error()
    assert error is not None and error.exit_code == 2
