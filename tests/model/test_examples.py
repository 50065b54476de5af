"""The example submissions in examples/: each scores exactly as its .expected.json says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rcr_checklist.app.schemas import json_schema
from rcr_checklist.files.answers_io import load_answers
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment, score

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
SCHEMA_HINT = "# yaml-language-server: $schema=answers.schema.json"
GENERATED = "2026-01-01T00:00:00Z"


def _expected(path: Path) -> dict[str, Any]:
    expected_path = path.with_name(f"{path.stem}.expected.json")
    assert expected_path.is_file(), f"{path.name} has no {expected_path.name}"
    data: dict[str, Any] = json.loads(expected_path.read_text(encoding="utf-8"))
    return data


def _score(path: Path, bank: Bank) -> tuple[Assessment, list[str]]:
    loaded = load_answers(path, bank, source=path.name)
    warnings = [f"{w.field}: {w.message}" for w in loaded.warnings]
    return score(bank, loaded.answers, generated=GENERATED), warnings


def test_the_described_examples_exist():
    names = {p.stem for p in EXAMPLE_FILES}
    assert {
        "chestflow",
        "fracturefinder",
        "strokescan",
        "clinician-quickcheck",
        "draft-inprogress",
    } <= names


def test_every_expected_file_belongs_to_an_example():
    orphans = [
        p.name
        for p in EXAMPLES.glob("*.expected.json")
        if not p.with_name(p.name.removesuffix(".expected.json") + ".yaml").is_file()
    ]
    assert orphans == []


def test_bundled_schema_matches_the_answers_model():
    saved = json.loads((EXAMPLES / "answers.schema.json").read_text(encoding="utf-8"))
    assert saved == json_schema("answers"), (
        "examples/answers.schema.json is stale; regenerate it with "
        "`rcr-checklist schema answers > examples/answers.schema.json`"
    )


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_starts_with_schema_hint_and_fiction_notice(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == SCHEMA_HINT
    assert all(line.startswith("#") for line in lines[1:3])
    assert "fictional" in " ".join(lines[1:4]).lower()


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_loads_without_warnings(path: Path, rcr_bank: Bank):
    _, warnings = _score(path, rcr_bank)
    assert warnings == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_scores_as_expected(path: Path, rcr_bank: Bank):
    expected = _expected(path)
    assessment, _ = _score(path, rcr_bank)
    overall = assessment.overall
    critical = sorted(f.question for f in assessment.findings if f.severity == "critical")

    assert overall.rating == expected["rating"]
    assert overall.score == expected["overall_score"]
    assert {str(p.number): p.score for p in assessment.principles} == expected["principles"]
    assert overall.critical_findings == expected["critical_findings"]
    assert critical == expected["critical_questions"]
    assert overall.draft is expected["draft"]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_finished_example_answers_every_visible_question(path: Path, rcr_bank: Bank):
    expected = _expected(path)
    assessment, _ = _score(path, rcr_bank)
    if expected["draft"]:
        assert assessment.overall.completion < 1.0
        return
    unanswered = [q.id for q in assessment.questions if q.status == "unanswered"]
    assert unanswered == []
    # a finished assessment may still have answers the vendor did not disclose: open, not draft
    withheld = len(assessment.overall.not_disclosed)
    assert assessment.overall.completion == round(1 - withheld / len(assessment.questions), 3)
