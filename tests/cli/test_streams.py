"""Where stdout and stderr go (cli.streams): one place, or a file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rcr_checklist.cli.streams import stdout_is_file, streams_shared


def test_shared_only_when_both_reach_the_same_file(tmp_path: Path, monkeypatch) -> None:
    with (tmp_path / "log").open("w") as log, (tmp_path / "other").open("w") as other:
        monkeypatch.setattr(sys, "stdout", log)
        monkeypatch.setattr(sys, "stderr", log)
        assert streams_shared() and stdout_is_file()
        monkeypatch.setattr(sys, "stderr", other)
        assert not streams_shared()


def test_streams_without_a_descriptor_are_not_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert not streams_shared() and not stdout_is_file()
