"""What scoring keeps between calls gives the same results as working everything out afresh."""

from __future__ import annotations

import gc

from helpers.banks import make_answers
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.model import answers as answers_module
from rcr_checklist.model.answers import answers_identity, answers_sha256, canonical_answers
from rcr_checklist.model.scoring import score
from rcr_checklist.model.scoring_plan import MEMO_LISTS, scoring_plan

T = "2026-11-29T00:00:00Z"


def test_the_canonical_answers_are_worked_out_once_per_object_and_forgotten_with_it():
    bank = load_bank()
    answers = make_answers(bank, {"facts.medical_device": "yes"})
    data, sha = answers_identity(answers)
    assert data == canonical_answers(answers)
    assert sha == answers_sha256(answers)
    again, _ = answers_identity(answers)
    assert again is data  # the same object: not worked out again
    copy = answers.model_copy(update={"profile": "clinician"})
    other, other_sha = answers_identity(copy)
    assert other["profile"] == "clinician" and other_sha != sha  # a copy is worked out afresh
    assert score(bank, copy, T).answers_sha256 == answers_sha256(copy)
    key = id(copy)
    del copy, other
    gc.collect()
    assert key not in answers_module._IDENTITIES


def test_multi_choice_lists_are_memoised_within_a_bound():
    bank = load_bank()
    question = next(q for q in bank.questions if q.kind == "multi" and q.show_if is None)
    values = [o.value for o in question.options if not o.exclusive]
    plan = scoring_plan(bank, profile="vendor").by_id[question.id]
    first = score(bank, make_answers(bank, {question.id: values[:2]}), T)
    # the list's outcome is kept, and scoring it again gives an equal result
    assert plan.lists >= 1
    second = score(bank, make_answers(bank, {question.id: values[:2]}), T)
    assert first.model_dump(mode="json") == second.model_dump(mode="json")
    # past the bound, lists are worked out every time and nothing more is kept
    kept, plan.lists = plan.lists, MEMO_LISTS
    try:
        size = len(plan.memo)
        third = score(bank, make_answers(bank, {question.id: values[1:3]}), T)
        assert len(plan.memo) == size
    finally:
        plan.lists = kept
    result = next(r for r in third.questions if r.id == question.id)
    assert result.value == values[1:3]
