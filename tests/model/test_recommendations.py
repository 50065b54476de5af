"""A recommendation follows the chosen option: a product is never told to do what it does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rcr_checklist.app.inputs import score_path
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.model.bank import Bank, Option
from rcr_checklist.model.scoring_plan import QuestionPlan, choose, scoring_plan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

_STOP = set(
    "a an the and or of to for in on at by with from as is are be its it this that these those "
    "their every each all any some one two yes has have was were been where which who there "
    "than then so such into under over after before per".split()
)
# A label's claims end where it starts saying what is missing ("..., without a rationale").
_NEGATION = {"no", "not", "without", "but", "only", "none", "neither", "never", "nor", "except"}
# Labels that state the failure itself, which the question's recommendation rightly undoes.
_STATES_THE_FAILURE = {("regulation.claims_consistency", "beyond_scope")}
# Multi-choice questions whose own recommendation asks only for "whichever ... is still missing".
_ASKS_FOR_WHAT_IS_MISSING = {"data.mfa_logging"}


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


@pytest.fixture(scope="module")
def plans(bank: Bank) -> dict[str, QuestionPlan]:
    plan = scoring_plan(bank, profile="vendor")
    return {**plan.others, **plan.by_id}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _claims(label: str) -> set[tuple[str, ...]]:
    """Three-word runs of what an option says is in place (crudely stemmed)."""
    kept: list[str] = []
    for word in _words(label):
        if word in _NEGATION:
            break
        kept.append(word)
    return _runs([w[:5] for w in kept if w not in _STOP])


def _runs(words: list[str], n: int = 3) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _shown(plans: dict[str, QuestionPlan], qid: str, values: list[str]) -> str:
    plan = plans[qid]
    options = {o.value: o for o in plan.question.options}  # type: ignore[union-attr]
    return choose(plan, chosen=[options[v] for v in values]).recommendation


def _partial_options(bank: Bank, plans: dict[str, QuestionPlan]) -> list[tuple[str, Option]]:
    return [
        (q.id, o)
        for q in bank.questions
        if q.kind in ("single", "yes_no", "multi") and plans[q.id].scored
        for o in q.options  # type: ignore[union-attr]
        if (o.score or 0) < 1
    ]


def test_no_question_recommendation_repeats_what_a_chosen_option_already_does(
    bank: Bank, plans: dict[str, QuestionPlan]
) -> None:
    """Where an option below full marks falls back to the question's recommendation, that
    recommendation must not ask for what the option's label says is in place."""
    checked, offending = 0, []
    for qid, option in _partial_options(bank, plans):
        shown = _shown(plans, qid, [option.value])
        assert shown, (qid, option.value)  # below full marks there is always something to do
        if option.recommendation or (qid, option.value) in _STATES_THE_FAILURE:
            continue
        if qid in _ASKS_FOR_WHAT_IS_MISSING:
            assert "whichever of these is still missing" in shown
            continue
        checked += 1
        words = [w[:5] for w in _words(shown) if w not in _STOP]
        overlap = _claims(option.label) & _runs(words)
        if overlap:
            offending.append((qid, option.value, sorted(overlap)))
    assert checked > 80  # most options below full marks still use the question's own advice
    assert offending == []


def test_the_check_catches_the_old_advice() -> None:
    """The word-run check above flags the bank 2.0.0 advice this change replaced."""
    label = "Automatic DICOM routing (C-STORE) from PACS or a broker"
    old = (
        "Support the IHE AIW-I profile or at least automatic DICOM routing from PACS, and make "
        "sure failed or unprocessed studies are reported to the site rather than silently dropped."
    )
    assert _claims(label) & _runs([w[:5] for w in _words(old) if w not in _STOP])
    label = "Internal held-out set, split by patient"
    old = (
        "Re-test on an external, multi-site held-out dataset, or at minimum on an internal set "
        "split by patient, and report those results rather than training-set figures."
    )
    assert _claims(label) & _runs([w[:5] for w in _words(old) if w not in _STOP])


def test_every_option_recommendation_is_its_own(bank: Bank) -> None:
    """An option's recommendation replaces the question's: never a copy of it, never on an
    option at full marks (where nothing is shown)."""
    n = 0
    for q in bank.questions:
        for o in getattr(q, "options", []):
            if o.recommendation:
                n += 1
                assert (o.score or 0) < 1, (q.id, o.value)
                assert o.recommendation != q.recommendation, (q.id, o.value)
    assert n >= 60


@pytest.mark.parametrize(
    ("qid", "values", "not_said", "said"),
    [
        (
            "standards.workflow_integration",
            ["dicom_routing"],
            ["at least automatic DICOM routing"],
            "IHE AIW-I profile (UPS-RS worklist)",
        ),
        ("standards.process_standards", ["iso_13485"], ["ISO 13485"], "BS 30440 or ISO/IEC 42001"),
        (
            "standards.process_standards",
            ["iso_13485", "self_declared"],
            ["Obtain ISO 13485", "certify the quality management system"],
            "independently assessed or certified",
        ),
        ("standards.nhs_number", ["nhs_number"], ["Carry and validate"], "Demographics Service"),
        (
            "data.test_independence",
            ["internal_by_patient"],
            ["internal set split by patient", "training-set figures"],
            "external held-out data from several other sites",
        ),
        ("data.bias_mitigation", ["examined_only"], ["Examine the data"], "Mitigate the gaps"),
        (
            "data.ico_registration_dpo",
            ["ico_registered"],
            ["Register with the ICO"],
            "Appoint a data protection officer",
        ),
        (
            "data.mfa_logging",
            ["mfa_all_accounts", "audit_logging"],
            [],
            "whichever of these is still missing",
        ),
        (
            "regulation.ukca_marking",
            ["marked_registration_unconfirmed"],
            ["Do not market", "until it carries"],
            "public register (PARD)",
        ),
        (
            "regulation.change_control",
            ["revalidated_releases"],
            ["re-validate each change", "Version every model"],
            "predetermined change control plan",
        ),
        (
            "clinical.clinical_evidence",
            ["retrospective_external"],
            ["external validation"],
            "prospective evaluation in NHS practice",
        ),
        (
            "clinical.human_override",
            ["override_unlogged"],
            ["Make every AI output advisory"],
            "Record every override",
        ),
        (
            "population.environmental_impact",
            ["narrative"],
            ["Carbon Reduction Plan"],
            "Estimate the compute and carbon footprint",
        ),
    ],
)
def test_concrete_cases(
    plans: dict[str, QuestionPlan], qid: str, values: list[str], not_said: list[str], said: str
) -> None:
    shown = _shown(plans, qid, values)
    assert said in shown
    for phrase in not_said:
        assert phrase.lower() not in shown.lower(), (phrase, shown)


def test_a_bottom_option_keeps_the_question_recommendation(
    bank: Bank, plans: dict[str, QuestionPlan]
) -> None:
    question = bank.by_id["standards.workflow_integration"]
    assert _shown(plans, question.id, ["manual"]) == question.recommendation
    finding = choose(plans[question.id], chosen=[question.options[-1]]).findings[0]  # type: ignore[union-attr]
    assert finding.recommendation == question.recommendation


def test_the_report_of_an_iso_13485_product_does_not_ask_for_iso_13485(bank: Bank) -> None:
    """ChestFlow holds ISO 13485 only: its finding's advice is about the AI-specific processes."""
    a = score_path(EXAMPLES / "chestflow.yaml", bank).assessment
    result = next(r for r in a.questions if r.id == "standards.process_standards")
    assert result.value == ["iso_13485"]
    assert "ISO 13485" not in result.recommendation
    findings = [f for f in a.findings if f.question == "standards.process_standards"]
    assert findings and all("ISO 13485" not in f.recommendation for f in findings)
    assert all("BS 30440" in f.recommendation for f in findings)
