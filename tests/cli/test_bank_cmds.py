"""``bank list``: options, show_if and na_when in JSON; --options and --principle."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from helpers.banks import TINY_BETA, write_tiny_bank
from rcr_checklist.cli import main
from rcr_checklist.model.bank import Bank


def _run(*args: str):
    # rich sizes its tables from COLUMNS when the output is not a terminal
    return CliRunner(env={"COLUMNS": "200"}).invoke(main, list(args), catch_exceptions=False)


def _json_rows(*args: str) -> list[dict]:
    result = _run("bank", "list", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    rows: list[dict] = json.loads(result.stdout)
    return rows


def test_json_has_options_show_if_and_na_when():
    rows = {r["id"]: r for r in _json_rows()}
    ukca = rows["regulation.ukca_marking"]
    assert [(o["value"], o["score"], o["finding_severity"]) for o in ukca["options"]] == [
        ("ukca_or_ce_registered", 1.0, None),
        ("marked_registration_unconfirmed", 0.75, None),
        ("marked_not_registered", 0.5, "major"),
        ("pending", 0.25, "major"),
        ("non_uk_only", 0.0, "major"),
        ("none", 0.0, None),
    ]
    assert ukca["options"][0]["label"] == "UKCA or valid CE marked, and registered with the MHRA"
    assert ukca["show_if"] == {
        "any": [
            {"question": "facts.medical_device", "in": ["yes", "ruo", "unsure"]},
            {"question": "facts.medical_device", "answered": False},
            {
                "question": "facts.output_use",
                "in": ["inform_diagnosis", "triage", "treatment_planning", "monitoring"],
            },
        ]
    }
    assert ukca["na_when"] is None
    assert rows["regulation.intended_purpose_text"]["options"] == []


def test_json_na_when_matches_the_bank(rcr_bank: Bank):
    rows = {r["id"]: r for r in _json_rows()}
    for q in rcr_bank.questions:
        assert rows[q.id]["na_when"] == q.na_when
        assert rows[q.id]["allow_na"] is q.allow_na
    assert rows["standards.accessibility"]["na_when"]


def test_principle_filter(rcr_bank: Bank):
    rows = _json_rows("--principle", "3")
    assert [r["id"] for r in rows] == [
        q.id for q in rcr_bank.questions if rcr_bank.principle_of[q.id].number == 3
    ]
    assert {r["principle"] for r in rows} == {3}
    both = _json_rows("--principle", "3", "--profile", "clinician")
    assert both and all("clinician" in r["profiles"] for r in both)
    assert len(both) < len(rows)


def test_unknown_principle_is_refused():
    result = _run("bank", "list", "--principle", "7")
    assert result.exit_code == 2
    assert "the bank has no principle 7; it has 0, 1, 2, 3, 4, 5" in result.output


def test_table_default_has_no_options():
    result = _run("bank", "list", "--principle", "3")
    assert result.exit_code == 0
    assert "regulation.ukca_marking" in result.stdout
    assert "marked_not_registered" not in result.stdout


def test_table_with_options_lists_values_and_scores_under_their_question():
    result = _run("bank", "list", "--principle", "3", "--options")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "regulation.ukca_marking" in line)
    below = lines[start + 1 : start + 7]
    assert [line.split("│")[2].strip() for line in below] == [
        "ukca_or_ce_registered",
        "marked_registration_unconfirmed",
        "marked_not_registered",
        "pending",
        "non_uk_only",
        "none",
    ]
    assert [line.split("│")[4].strip() for line in below] == ["1", "0.75", "0.5", "0.25", "0", "0"]
    assert "major" in below[2]


def test_table_prints_bank_text_literally(tmp_path: Path):
    beta = TINY_BETA.replace("label: Pending,", 'label: "[bold]Pending[/bold]",')
    folder = write_tiny_bank(tmp_path / "tiny", **{"2-beta.yaml": beta})
    result = _run("bank", "list", "--options", "--principle", "2", "--bank", str(folder))
    assert result.exit_code == 0, result.output
    assert "[bold]Pending[/bold]" in result.stdout
