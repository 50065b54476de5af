"""``serve`` as a command: what it refuses before starting, its address, and Ctrl-C."""

from __future__ import annotations

import signal
import socket
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from helpers.serve import start_server
from rcr_checklist.cli import main


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    result = invoke("serve", str(tmp_path / "nowhere" / "a.yaml"), "--no-browser")
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'nowhere' / 'a.yaml'}: the folder does not exist\n"


def test_a_broken_answers_file_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("format: rcr-checklist/answers/v1\nbank: {id: rcr-ai-principles}\n")
    result = invoke("serve", str(path), "--no-browser")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}:")


def test_a_port_in_use_is_an_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = invoke("serve", str(tmp_path / "a.yaml"), "--no-browser", "--port", str(port))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "in use" in result.stderr


@pytest.mark.slow
def test_it_prints_a_loopback_address_with_a_token_and_ctrl_c_exits_130(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "format: rcr-checklist/answers/v1\n"
        "bank: {id: rcr-ai-principles, version: 1.0.0}\n"
        "product: {name: P}\n"
    )
    proc, url = start_server(path)
    assert url.startswith("http://127.0.0.1:")
    token = url.split("?token=")[1]
    assert len(token) >= 40
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert f"Stopped. Your answers are saved in {path}." in out
    proc, url = start_server(tmp_path / "new.yaml")
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=30)
    assert (proc.returncode, out.splitlines()[-1]) == (130, "Stopped. Nothing was saved.")
