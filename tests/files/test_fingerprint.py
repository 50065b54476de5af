"""The renderer fingerprint: what decides a report's printed words, hashed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rcr_checklist.files import fingerprint
from rcr_checklist.files.resources import templates_dir


def test_the_fingerprint_is_a_sha256_of_the_printing_parts() -> None:
    value = fingerprint.renderer_fingerprint()
    assert len(value) == 64 and int(value, 16) >= 0
    names = [name for name, _ in fingerprint._files()]
    assert "templates/report.css" in names and "templates/report.html.j2" in names
    assert "files/printed_text.py" in names and "report/pdf/__init__.py" in names
    assert "files/pdf_text.py" not in names  # the reader of pages does not print them
    assert "model/scoring.py" in names
    assert not any(name.startswith(("cli/", "app/", "serve/")) for name in names)


def test_a_changed_template_changes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "templates"
    shutil.copytree(templates_dir(), copy)
    monkeypatch.setattr(fingerprint, "templates_dir", lambda: copy)
    before = fingerprint.renderer_fingerprint.__wrapped__()
    assert before == fingerprint.renderer_fingerprint()  # same files, same fingerprint
    css = copy / "report.css"
    css.write_bytes(css.read_bytes() + b"\n/* another commit */\n")
    assert fingerprint.renderer_fingerprint.__wrapped__() != before
