"""Exclusive options ("None of these") cannot be combined; weights need a stated reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.banks import TINY_ALPHA, TINY_META, best_answers, make_answers, write_tiny_bank
from rcr_checklist.errors import BankError, InputError
from rcr_checklist.files.answers_io import load_answers, save_answers
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.model.bank import Bank


def test_the_bundled_bank_marks_every_none_of_these_option_exclusive(rcr_bank: Bank):
    multi = [q for q in rcr_bank.questions if q.kind == "multi"]
    assert multi
    for q in multi:
        for o in q.options:
            if o.label.lower().startswith(("none of these", "neither")):
                assert o.exclusive, (q.id, o.value)
    marked = {(q.id, o.value) for q in multi for o in q.options if o.exclusive}
    assert ("standards.process_standards", "none") in marked
    assert ("standards.process_standards", "self_declared") in marked
    assert ("data.mfa_logging", "none") in marked
    assert ("facts.output_use", "research_only") in marked


def _write(tmp_path: Path, bank: Bank, value: list[str]) -> Path:
    answers = best_answers(bank)
    answers["standards.process_standards"] = {"value": value}
    path = tmp_path / "answers.yaml"
    save_answers(make_answers(bank, answers), path)
    return path


def test_exclusive_option_combined_with_another_is_one_located_error(tmp_path, rcr_bank):
    path = _write(tmp_path, rcr_bank, ["iso_13485", "none"])
    with pytest.raises(InputError) as info:
        load_answers(path, rcr_bank, source="answers.yaml")
    (problem,) = info.value.problems
    line = path.read_text(encoding="utf-8").splitlines()
    assert problem.line is not None
    assert "standards.process_standards" in "\n".join(line[problem.line - 3 : problem.line])
    assert str(problem) == (
        f"answers.yaml:{problem.line}: answers.standards.process_standards.value: 'none' "
        "(None of these) cannot be combined with other options; remove it or remove 'iso_13485'"
    )


def test_exclusive_option_alone_and_other_options_together_are_accepted(tmp_path, rcr_bank):
    for value in (["none"], ["iso_13485", "ai_management"], ["self_declared"]):
        loaded = load_answers(_write(tmp_path, rcr_bank, value), rcr_bank)
        assert loaded.answers.answers["standards.process_standards"].value == value


def test_exclusive_on_a_single_choice_option_is_refused(tmp_path, monkeypatch):
    alpha = TINY_ALPHA.replace(
        "{value: none, label: None, score: 0}",
        "{value: none, label: None, score: 0, exclusive: true}",
        1,
    )
    write_tiny_bank(tmp_path / "b", **{"1-alpha.yaml": alpha})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BankError) as info:
        load_bank(tmp_path / "b")
    assert str(info.value) == (
        "b/1-alpha.yaml:17: questions[0].options[2].exclusive: exclusive applies to "
        "multi-choice options only; 'alpha.one' is single"
    )


WEIGHTS = """\
weights:
  - {weight: 2, label: Legal duty, reason: The law requires it.}
  - {weight: 1, label: Good practice, reason: A standard expects it.}
"""


def test_a_weight_without_a_stated_reason_is_refused(tmp_path, monkeypatch):
    meta = TINY_META.replace("files: [", WEIGHTS + "files: [")
    write_tiny_bank(tmp_path / "b", **{"bank.yaml": meta})
    assert load_bank(tmp_path / "b").meta.weights[0].reason == "The law requires it."
    alpha = TINY_ALPHA.replace("    weight: 2\n", "    weight: 1.5\n")
    write_tiny_bank(tmp_path / "c", **{"bank.yaml": meta, "1-alpha.yaml": alpha})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BankError) as info:
        load_bank(tmp_path / "c")
    assert str(info.value) == (
        "c/1-alpha.yaml:9: questions[0].weight: weight 1.5 has no reason in bank.yaml's "
        "weights (use one of: 1, 2)"
    )


def test_bundled_weights_are_explained_and_legal_duties_weigh_most(rcr_bank: Bank):
    weights = {w.weight: w for w in rcr_bank.meta.weights}
    assert set(weights) == {3, 2, 1, 0.5}
    assert all(w.reason.strip() for w in weights.values())
    by_id = rcr_bank.by_id
    for legal in (
        "data.dpia",
        "data.dspt",
        "regulation.ukca_marking",
        "regulation.dcb0129_safety_case",
    ):
        assert by_id[legal].weight == 3, legal
    for desirable in ("standards.snomed_coding", "standards.ehr_exchange", "population.ppie"):
        assert by_id[desirable].weight == 0.5, desirable


def test_the_answers_schema_says_which_options_stand_alone(rcr_bank: Bank):
    from rcr_checklist.app.schemas import json_schema

    answers = json_schema("answers")["properties"]["answers"]["properties"]
    text = str(answers["standards.process_standards"])
    assert "none = None of these (score 0) (on its own only)" in text
    assert "iso_13485 = ISO 13485 certified" in text
    assert "processes) (score 0.6) (on its own only)" not in text
