"""Answers written for bank 1.0.0 load into 2.0.0: carried where possible, the rest listed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from helpers.banks import TINY_META, write_tiny_bank
from rcr_checklist.cli import main
from rcr_checklist.errors import BankError
from rcr_checklist.files.answers_io import load_answers, save_answers
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.migration import MigrationMap, migrate_answers
from rcr_checklist.model.scoring import score

OLD = Path(__file__).parents[1] / "fixtures" / "bank-1.0.0"
OLD_FILES = sorted(OLD.glob("*.yaml"))


def _raw(path: Path) -> dict:
    data: dict = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_fixtures_are_the_five_1_0_0_examples():
    assert [p.stem for p in OLD_FILES] == [
        "chestflow",
        "clinician-quickcheck",
        "draft-inprogress",
        "fracturefinder",
        "strokescan",
    ]
    assert all(_raw(p)["bank"]["version"] == "1.0.0" for p in OLD_FILES)


@pytest.mark.parametrize("path", OLD_FILES, ids=lambda p: p.name)
def test_every_1_0_0_example_migrates_and_scores(path: Path, rcr_bank: Bank):
    old = _raw(path)["answers"]
    loaded = load_answers(path, rcr_bank, source=path.name)
    new = loaded.answers.answers
    assert loaded.answers.bank.version == "2.0.0"
    summary = loaded.warnings[0]
    assert (summary.file, summary.field) == (path.name, "bank.version")
    assert summary.message.startswith("written for bank version 1.0.0 and carried to 2.0.0: ")
    # every old answer is accounted for: carried under its id or a new one, or listed
    listed = {w.field.split(".", 1)[1].rsplit(".", 1)[0] for w in loaded.warnings[1:]}
    migration = rcr_bank.migrations[0]
    for qid, entry in old.items():
        if entry is None or entry.get("value") is None:
            continue
        change = migration.questions.get(qid)
        targets = list(change.to) if change else [qid]
        carried = [t for t in targets if new.get(t) is not None and new[t].value is not None]
        assert carried or qid in listed, qid
        if change is None:
            assert new[qid].value == entry["value"], qid
        for target in carried:  # carried evidence and comments travel with the answer
            assert len(new[target].evidence) == len(entry.get("evidence") or []), target
    assert not loaded.removed_questions
    assessment = score(rcr_bank, loaded.answers)
    assert assessment.overall.draft  # new questions are open until answered
    assert set(loaded.new_questions) <= {q.id for q in assessment.questions}


def test_what_fracturefinder_must_answer_again(rcr_bank: Bank):
    path = OLD / "fracturefinder.yaml"
    loaded = load_answers(path, rcr_bank, source="fracturefinder.yaml")
    again = [w for w in loaded.warnings if w.field != "bank.version"]
    assert [(w.line, w.field) for w in again] == [
        (45, "answers.facts.hosting.value"),
        (187, "answers.data.ico_dpo.value"),
        (194, "answers.data.dspt.value"),
        (395, "answers.population.site_feedback.value"),
        (395, "answers.population.site_feedback.value"),
    ]
    assert str(again[2]) == (
        "fracturefinder.yaml:194: answers.data.dspt.value: not carried to data.dspt in bank "
        "2.0.0: 'before_deadline' cannot be carried (\"Will be completed before the deadline or "
        "go-live\" mixed a DTAC pass (last year's Standards Met, this year's return not yet due) "
        "with a fail (never published)); answer it again"
    )
    new = loaded.answers.answers
    assert new["facts.personal_data"].value == "patients"  # renamed and value mapped
    assert new["data.mfa_logging"].value == ["mfa_privileged_supplier", "audit_logging"]
    assert new["data.dspt"].value is None
    assert new["data.dspt"].comment  # the comment is kept for whoever answers again
    assert "facts.output_use" in loaded.new_questions
    assert "data.third_party_ai_processing" in loaded.new_questions


def test_score_and_report_say_so(tmp_path: Path):
    path = OLD / "strokescan.yaml"
    result = CliRunner().invoke(main, ["score", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "bank.version: written for bank version 1.0.0 and carried to 2.0.0" in result.stderr
    assert "answers.standards.accessibility.value: not carried" in result.stderr
    out = tmp_path / "r.json"
    report = CliRunner().invoke(main, ["report", str(path), "-o", str(out)], catch_exceptions=False)
    assert report.exit_code == 0, report.output
    assert "carried to 2.0.0" in report.stderr
    assert '"version": "2.0.0"' in out.read_text(encoding="utf-8")


def test_strict_refuses_a_migrated_file():
    result = CliRunner().invoke(main, ["score", "--strict", str(OLD / "chestflow.yaml")])
    assert result.exit_code == 2


def test_value_maps_split_rename_and_exclusive(rcr_bank: Bank):
    migration = rcr_bank.migrations[0]
    result = migrate_answers(
        {
            "data.ico_dpo": {"value": "both", "comment": "kept"},
            "data.security_hygiene": {"value": ["code_review", "load_testing"]},
            "standards.process_standards": {"value": ["iso_13485", "self_declared"]},
            "population.site_feedback": {"value": "dashboard_and_route"},
            "standards.ehr_exchange": {"value": "n/a", "justification": "PACS only."},
        },
        migration,
        rcr_bank.by_id,
    )
    assert result.answers["data.ico_registration_dpo"] == {
        "value": ["ico_registered", "dpo_appointed"],
        "comment": "kept",
    }
    assert result.answers["population.site_performance_reports"]["value"] == "regular_reports"
    assert result.answers["clinical.challenge_route"]["value"] == "clinicians_only"
    assert result.answers["standards.ehr_exchange"] == {
        "value": "n/a",
        "justification": "PACS only.",
    }
    again = {c.new_id: c.reason for c in result.reanswer}
    assert set(again) == {"data.mfa_logging", "standards.process_standards"}
    assert again["standards.process_standards"].startswith(
        "the carried options include one that cannot be combined with others"
    )


def test_removed_question_is_kept_unscored():
    migration = MigrationMap.model_validate(
        {
            "from": "0.9.0",
            "to": "1.0.0",
            "questions": {"old.q": {"change": "removed", "reason": "No longer asked."}},
        }
    )
    result = migrate_answers({"old.q": {"value": "x"}}, migration, {})
    assert result.removed == ["old.q"]
    assert result.answers == {"old.q": {"value": "x"}}


def test_a_migration_map_to_a_missing_question_is_refused(tmp_path, monkeypatch):
    meta = TINY_META.replace("files: [", "migrations: [migration.yaml]\nfiles: [")
    bad = (
        "from: 0.9.0\nto: 1.0.0\nquestions:\n  alpha.old:\n    change: renamed\n"
        "    reason: Renamed.\n    to:\n      alpha.gone: {}\n"
    )
    write_tiny_bank(tmp_path / "b", **{"bank.yaml": meta, "migration.yaml": bad})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BankError) as info:
        load_bank(tmp_path / "b")
    assert str(info.value) == (
        "b/migration.yaml:8: questions.alpha.old.to.alpha.gone: 'alpha.gone' is not a question"
    )


def test_a_migrated_file_saved_again_is_a_2_0_0_file(tmp_path: Path, rcr_bank: Bank):
    path = tmp_path / "fracturefinder.yaml"
    path.write_bytes((OLD / "fracturefinder.yaml").read_bytes())
    save_answers(load_answers(path, rcr_bank).answers, path)
    text = path.read_text(encoding="utf-8")
    assert "bank: {id: rcr-ai-principles, version: 2.0.0}" in text
    assert "facts.nhs_patient_data" not in text and "data.ico_dpo:" not in text
    assert text.startswith("# yaml-language-server")  # the file's own comments survive
    again = load_answers(path, rcr_bank)
    assert again.warnings == []
    assert again.answers.answers["facts.personal_data"].value == "patients"
