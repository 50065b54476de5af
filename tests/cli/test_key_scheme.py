"""One key scheme for assess and review: the same keys in --help, on screen and in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from rcr_checklist.cli import main
from rcr_checklist.questionnaire.protocol import KEY_SCHEME, Nav, key_legend, key_table

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize("command", ["assess", "review"])
def test_help_shows_the_whole_key_scheme(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    lines = [line.strip() for line in result.output.splitlines()]
    for row in key_table().splitlines():
        assert row in lines, (command, row)


def test_readme_lists_the_same_keys() -> None:
    text = README.read_text(encoding="utf-8")
    for key in KEY_SCHEME:
        assert f"| {key.label} | {key.does}" in text, key.label


def test_keys_are_distinct_and_the_legend_follows_the_scheme() -> None:
    assert len({k.name for k in KEY_SCHEME}) == len(KEY_SCHEME)
    assert len({k.nav for k in KEY_SCHEME}) == len(KEY_SCHEME)
    assert "c-c" not in {k.name for k in KEY_SCHEME}  # Ctrl-C always stops
    assert key_legend([Nav.QUIT, Nav.HELP]) == "^G help  ^Q save & quit"
