"""The product facts of bank 2.0.0: no product escapes a rule, or is punished, by a fact."""

from __future__ import annotations

from typing import Any

import yaml

from helpers.banks import best_answers, make_answers
from rcr_checklist.files.answers_io import load_answers
from rcr_checklist.files.resources import examples_dir
from rcr_checklist.model.answers import AnswersFile
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment, score, visible_questions

CLINICAL_USES = ["inform_diagnosis", "triage", "treatment_planning", "monitoring"]
IMAGING_ONLY = {
    "standards.dicom_output",
    "standards.workflow_integration",
    "standards.reporting_responsibility",
    "standards.critical_findings",
    "population.equipment_generalisation",
}
DEVICE_ONLY = {
    "regulation.classification",
    "regulation.ukca_marking",
    "regulation.paq",
    "regulation.uk_responsible_person",
    "regulation.claims_consistency",
    "regulation.software_lifecycle",
    "regulation.post_market_surveillance",
}
DCB_ONLY = {
    "regulation.dcb0129_safety_case",
    "regulation.clinical_safety_officer",
    "regulation.dcb0160_support",
}
DATA_PROTECTION = {
    "data.dpia",
    "data.ico_registration_dpo",
    "data.dspt",
    "data.data_location",
    "data.controller_retention",
}


def _answers(bank: Bank, **changes: Any) -> AnswersFile:
    """The best answers to every question, with some answers replaced (dots as double _)."""
    raw = best_answers(bank)
    for key, value in changes.items():
        raw[key.replace("__", ".")] = {"value": value}
    return make_answers(bank, raw)


def _assess(bank: Bank, answers: AnswersFile) -> tuple[Assessment, set[str], dict[str, str]]:
    assessment = score(bank, answers, generated="2026-01-01T00:00:00Z")
    visible = {q.id for q in visible_questions(bank, answers)}
    findings = {f.question: f.severity for f in assessment.findings}
    return assessment, visible, findings


def test_research_use_only_offered_for_patient_care_is_critical(rcr_bank: Bank):
    answers = _answers(rcr_bank, facts__medical_device="ruo", facts__output_use=["triage"])
    assessment, visible, findings = _assess(rcr_bank, answers)
    assert findings["rule.ruo_offered_for_care"] == "critical"
    assert assessment.overall.rating == "Does not meet"
    assert DEVICE_ONLY <= visible  # the device questions stay in for a research-only label


def test_research_use_only_in_research_settings_raises_no_finding(rcr_bank: Bank):
    answers = _answers(
        rcr_bank,
        facts__medical_device="ruo",
        facts__output_use=["research_only"],
        facts__care_setting=["research"],
    )
    _, _, findings = _assess(rcr_bank, answers)
    assert "rule.ruo_offered_for_care" not in findings


def test_not_a_device_with_a_clinical_use_is_a_finding_and_keeps_device_questions(rcr_bank):
    for use in CLINICAL_USES:
        answers = _answers(rcr_bank, facts__medical_device="no", facts__output_use=[use])
        _, visible, findings = _assess(rcr_bank, answers)
        assert findings["rule.not_device_clinical_use"] == "major", use
        assert DEVICE_ONLY <= visible, use
        assert "regulation.qualification_rationale" in visible


def test_not_a_device_for_operational_use_hides_device_questions_and_can_meet(rcr_bank):
    answers = _answers(
        rcr_bank,
        facts__medical_device="no",
        facts__output_use=["operational"],
        facts__direct_care="no",
    )
    assessment, visible, findings = _assess(rcr_bank, answers)
    assert not (DEVICE_ONLY | DCB_ONLY) & visible
    assert "rule.not_device_clinical_use" not in findings
    assert assessment.overall.rating == "Meets"
    assert assessment.overall.score == 100.0


def test_chestflow_declared_not_a_device_does_not_read_meets_without_the_finding(rcr_bank):
    path = examples_dir() / "chestflow.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["answers"]["facts.medical_device"]["value"] == "yes"
    data["answers"]["facts.medical_device"]["value"] = "no"
    answers = AnswersFile.model_validate(data)
    assessment, visible, findings = _assess(rcr_bank, answers)
    assert findings.get("rule.not_device_clinical_use") == "major"
    assert "regulation.ukca_marking" in visible
    assert "regulation.qualification_rationale" in visible
    assert assessment.overall.rating != "Meets" or "rule.not_device_clinical_use" in findings
    original = score(rcr_bank, load_answers(path, rcr_bank).answers)
    assert "rule.not_device_clinical_use" not in {f.question for f in original.findings}


def test_clinical_safety_follows_direct_care_not_device_status(rcr_bank: Bank):
    not_device = _answers(
        rcr_bank,
        facts__medical_device="no",
        facts__output_use=["operational"],
        facts__direct_care="yes",
        regulation__clinical_safety_officer="none",
    )
    _, visible, findings = _assess(rcr_bank, not_device)
    assert DCB_ONLY <= visible
    assert findings["rule.direct_care_without_cso"] == "critical"
    standalone = _answers(
        rcr_bank, facts__direct_care="standalone_device", regulation__clinical_safety_officer="none"
    )
    _, visible, findings = _assess(rcr_bank, standalone)
    assert not DCB_ONLY & visible
    assert "rule.direct_care_without_cso" not in findings


def test_personal_data_of_staff_only_still_asks_data_protection(rcr_bank: Bank):
    staff = _answers(
        rcr_bank, facts__personal_data="staff_only", data__data_location="elsewhere_no_basis"
    )
    _, visible, findings = _assess(rcr_bank, staff)
    assert DATA_PROTECTION <= visible
    assert findings["rule.data_transfer_without_basis"] == "critical"
    assert "population.patient_information" not in visible
    none = _answers(rcr_bank, facts__personal_data="none")
    _, visible, _ = _assess(rcr_bank, none)
    assert not DATA_PROTECTION & visible


def test_imaging_only_questions_are_hidden_for_a_non_imaging_product(rcr_bank: Bank):
    answers = _answers(rcr_bank, facts__modality=["non_imaging"], facts__generative="yes")
    assessment, visible, _ = _assess(rcr_bank, answers)
    assert not IMAGING_ONLY & visible
    assert "clinical.generated_output_safety" in visible
    assert assessment.overall.score == 100.0


def test_non_imaging_llm_example_meets_with_good_answers(rcr_bank: Bank):
    loaded = load_answers(examples_dir() / "vetassist.yaml", rcr_bank)
    assert loaded.warnings == []
    facts = loaded.answers.answers
    assert facts["facts.modality"].value == ["non_imaging"]
    assert facts["facts.generative"].value == "yes"
    assert facts["facts.model_updates"].value == "third_party_api"
    assessment, visible, findings = _assess(rcr_bank, loaded.answers)
    assert assessment.overall.rating == "Meets"
    assert assessment.overall.completion == 1.0
    assert not IMAGING_ONLY & visible
    assert {"clinical.generated_output_safety", "regulation.foundation_model_assurance"} <= visible
    assert "critical" not in findings.values()


def test_third_party_model_changed_without_revalidation_is_a_finding(rcr_bank: Bank):
    answers = _answers(
        rcr_bank, facts__model_updates="third_party_api", regulation__change_control="ad_hoc"
    )
    _, visible, findings = _assess(rcr_bank, answers)
    assert findings["rule.third_party_model_uncontrolled"] == "major"
    assert "regulation.foundation_model_assurance" in visible


def test_missing_uk_responsible_person_and_us_only_clearance(rcr_bank: Bank):
    answers = _answers(
        rcr_bank,
        facts__markets=["gb", "us"],
        regulation__uk_responsible_person="not_appointed",
        regulation__ukca_marking="non_uk_only",
    )
    _, _, findings = _assess(rcr_bank, answers)
    assert findings["regulation.uk_responsible_person"] == "critical"
    assert findings["rule.clinical_use_without_marking"] == "critical"
    us_only = _answers(rcr_bank, facts__markets=["us"], regulation__ukca_marking="non_uk_only")
    _, visible, findings = _assess(rcr_bank, us_only)
    assert "regulation.uk_responsible_person" not in visible
    assert "rule.clinical_use_without_marking" not in findings
