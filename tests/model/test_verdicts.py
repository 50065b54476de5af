"""Verdicts a reader can trust (issue 13): answer states, no rating for drafts, hidden answers,
disagreements, findings on every card they concern, coverage with its base, recommendations
per chosen option. Exact values on the tiny bank."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.banks import TINY_BETA, TINY_META, make_answers, write_tiny_bank
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.conditions import describe, evaluate
from rcr_checklist.model.scoring import score

T = "2026-11-29T00:00:00Z"

COMPLETE = {
    "facts.device": "no",
    "facts.ui": "no",
    "alpha.one": {"value": "full", "evidence": [{"title": "Report"}]},
    "alpha.multi": ["iso13485", "iec62304"],
    "beta.marking": "marked",
    "beta.dcb0129": {"value": "complete", "evidence": [{"title": "Safety case"}]},
    "beta.note": "Nothing to add.",
}


def _bank(tmp_path: Path, **overrides: str) -> Bank:
    return load_bank(write_tiny_bank(tmp_path / "bank", **overrides))


def test_complete_answers_are_rated_with_no_reason(tiny_bank):
    a = score(tiny_bank, make_answers(tiny_bank, COMPLETE), T)
    o = a.overall
    # alpha (2 + 0.8) / 3 = 93.3, beta 2 / 2 = 100: mean 96.65
    assert (o.score, o.rating, o.rated, o.draft, o.completion) == (96.7, "Meets", True, False, 1.0)
    assert o.not_rated_reason == "" and o.not_disclosed == [] and o.unanswered == 0
    assert o.answered_score == 96.7  # every question answered: the same score
    assert a.not_counted == []


def test_not_disclosed_scores_zero_is_listed_and_leaves_the_assessment_unrated(tiny_bank):
    answers = {**COMPLETE, "beta.marking": "not-disclosed", "alpha.multi": "not-disclosed"}
    a = score(tiny_bank, make_answers(tiny_bank, answers), T)
    results = {r.id: r for r in a.questions}
    marking = results["beta.marking"]
    assert (marking.status, marking.earned, marking.possible) == ("not_disclosed", 0.0, 1.0)
    assert marking.value == "not-disclosed"
    assert marking.recommendation == "Mark it."  # still what the vendor should do
    o = a.overall
    assert o.not_disclosed == ["alpha.multi", "beta.marking"]  # bank order
    # alpha: 2 of 3 points; beta: 1 of 2 points
    assert [p.score for p in a.principles] == [66.7, 50.0]
    assert [p.not_disclosed for p in a.principles] == [1, 1]
    assert o.score == 58.4
    # nothing is left for the assessor to do, but two answers are missing: no band
    assert o.draft is False
    assert o.completion == 0.714  # 5 of 7
    assert (o.rating, o.rated) == ("Not rated", False)
    assert o.not_rated_reason == (
        "Not rated: 71% answered (2 not disclosed), 1 open question could raise a critical finding"
    )
    assert o.unanswered_critical == ["beta.marking"]  # the critical rule reads it
    # over the answered questions only: alpha 2 of 2, beta 1 of 1
    assert [p.answered_score for p in a.principles] == [100.0, 100.0]
    assert o.answered_score == 100.0
    assert [p.rating for p in a.principles] == ["Not rated", "Not rated"]
    assert a.findings == []  # not disclosed raises nothing by itself


def test_a_not_disclosed_fact_hides_nothing_and_matches_no_condition(tiny_bank):
    a = score(tiny_bank, make_answers(tiny_bank, {**COMPLETE, "facts.ui": "not-disclosed"}), T)
    assert "alpha.wcag" not in {r.id for r in a.questions}  # shown only when ui is "yes"
    leaf = {"question": "facts.ui", "not_in": ["yes"]}
    from rcr_checklist.model.conditions import Leaf

    assert evaluate(Leaf.model_validate(leaf), {"facts.ui": "not-disclosed"}) is False
    assert evaluate(Leaf.model_validate(leaf), {"facts.ui": "no"}) is True


def test_a_critical_finding_fails_a_draft(tiny_bank):
    a = score(tiny_bank, make_answers(tiny_bank, {"beta.dcb0129": "none"}), T)
    assert a.overall.draft is True
    assert (a.overall.rating, a.overall.rated) == ("Does not meet", True)
    assert a.overall.not_rated_reason == ""
    assert a.principles[1].rating == "Does not meet"
    assert a.principles[0].rating == "Not rated"


def test_the_bank_can_lower_the_completion_threshold(tmp_path):
    meta = TINY_META.replace("\nfiles:", "\nmin_completion: 0.8\nfiles:")
    bank = _bank(tmp_path, **{"bank.yaml": meta})
    answers = {k: v for k, v in COMPLETE.items() if k != "beta.note"}  # 6 of 7 = 0.857
    a = score(bank, make_answers(bank, answers), T)
    assert (a.overall.rating, a.overall.rated, a.overall.draft) == ("Meets", True, True)
    fewer = {k: v for k, v in answers.items() if k != "alpha.multi"}  # 5 of 7 = 0.714
    b = score(bank, make_answers(bank, fewer), T)
    assert b.overall.rating == "Not rated"


def test_evidence_coverage_comes_with_its_base(tiny_bank):
    a = score(tiny_bank, make_answers(tiny_bank, {"alpha.one": "full"}), T)
    # one positive answer, no evidence; beta.dcb0129 (evidence required) is still open
    assert a.overall.evidence_coverage == 0.0
    assert a.overall.evidence_base == {"cited": 0, "answered": 1, "open": 1}
    b = score(tiny_bank, make_answers(tiny_bank, COMPLETE), T)
    assert b.overall.evidence_coverage == 1.0
    assert b.overall.evidence_base == {"cited": 2, "answered": 2, "open": 0}


def test_answers_hidden_by_the_facts_or_the_profile_are_listed(tiny_bank):
    answers = {**COMPLETE, "alpha.wcag": "yes"}  # facts.ui is "no": wcag is hidden
    a = score(tiny_bank, make_answers(tiny_bank, answers), T)
    [hidden] = a.not_counted
    assert (hidden.question, hidden.reason, hidden.value, hidden.labels) == (
        "alpha.wcag",
        "facts",
        "yes",
        ["Yes"],
    )
    assert hidden.detail == "shown only when facts.ui is yes"
    assert a.findings == score(tiny_bank, make_answers(tiny_bank, COMPLETE), T).findings

    clinician = score(tiny_bank, make_answers(tiny_bank, COMPLETE, "clinician"), T)
    assert [(n.question, n.reason) for n in clinician.not_counted] == [
        ("facts.ui", "profile"),
        ("alpha.multi", "profile"),
        ("beta.marking", "profile"),
        ("beta.dcb0129", "profile"),
        ("beta.note", "profile"),
    ]
    assert clinician.not_counted[0].detail == "not asked of this profile"


def test_a_hidden_answer_that_would_raise_a_finding_disagrees_with_the_facts(tiny_bank):
    answers = {**COMPLETE, "alpha.wcag": "no"}  # "no" would score 0: a major finding
    a = score(tiny_bank, make_answers(tiny_bank, answers), T)
    [f] = [f for f in a.findings if f.source == "disagreement"]
    assert (f.severity, f.principle, f.question) == ("major", 1, "alpha.wcag")
    assert f.text == (
        "The product facts and a hidden answer disagree: this question is asked only when "
        "facts.ui is yes, yet it is answered 'No', which would raise a major finding "
        "(it earns 0 of 1 point)."
    )
    assert f.recommendation.startswith("Check the product facts (facts.ui) against this answer")
    assert f.reads == ("alpha.wcag", "facts.ui")
    assert [p.score for p in a.principles] == [
        p.score for p in score(tiny_bank, make_answers(tiny_bank, COMPLETE), T).principles
    ]


def test_a_hidden_critical_answer_makes_a_critical_disagreement(tmp_path):
    gate = '    show_if: {question: facts.device, equals: "yes"}\n'
    beta = TINY_BETA.replace("  - id: beta.dcb0129\n", "  - id: beta.dcb0129\n" + gate)
    bank = _bank(tmp_path, **{"2-beta.yaml": beta})
    a = score(bank, make_answers(bank, {**COMPLETE, "beta.dcb0129": "none"}), T)
    [f] = [f for f in a.findings if f.source == "disagreement"]
    assert (f.severity, f.source, f.question) == ("critical", "disagreement", "beta.dcb0129")
    assert "which would raise a critical finding (No clinical safety case.)" in f.text
    assert a.overall.rating == "Does not meet"


RULES_WITH_DISAGREEMENT = (
    TINY_META
    + """\
  - id: rule.ui_disagrees
    principle: 1
    kind: disagreement
    when:
      all:
        - {question: facts.ui, equals: "no"}
        - {question: beta.note, equals: "See the screenshots."}
    severity: minor
    text: The product is said to have no user interface, yet screenshots are offered.
    recommendation: Correct the user-interface fact or the note.
    references: [{framework: DTAC, clause: D1.4}]
"""
)


def test_rules_flag_disagreement_as_well_as_failure(tmp_path):
    bank = _bank(tmp_path, **{"bank.yaml": RULES_WITH_DISAGREEMENT})
    answers = {**COMPLETE, "beta.note": "See the screenshots."}
    a = score(bank, make_answers(bank, answers), T)
    [f] = [f for f in a.findings if f.source == "disagreement"]
    assert (f.question, f.source, f.reads) == (
        "rule.ui_disagrees",
        "disagreement",
        ("facts.ui", "beta.note"),
    )


def test_rule_findings_name_every_question_they_read(tiny_bank):
    answers = {**COMPLETE, "facts.device": "yes", "beta.marking": "none"}
    a = score(tiny_bank, make_answers(tiny_bank, answers), T)
    [rule] = [f for f in a.findings if f.source == "rule"]
    assert rule.reads == ("facts.device", "beta.marking")
    assert [f.reads for f in a.findings if f.source != "rule"] == [
        (f.question,) for f in a.findings if f.source != "rule"
    ]


BETA_WITH_OPTION_ADVICE = TINY_BETA.replace(
    "      - {value: pending, label: Pending, score: 0.25,\n",
    "      - {value: pending, label: Pending, score: 0.25,\n"
    "         recommendation: Finish the registration you started.,\n",
)


def test_recommendations_follow_the_chosen_option(tmp_path):
    bank = _bank(tmp_path, **{"2-beta.yaml": BETA_WITH_OPTION_ADVICE})
    pending = score(bank, make_answers(bank, {**COMPLETE, "beta.marking": "pending"}), T)
    result = next(r for r in pending.questions if r.id == "beta.marking")
    assert result.recommendation == "Finish the registration you started."
    [f] = [f for f in pending.findings if f.question == "beta.marking"]
    assert f.recommendation == "Finish the registration you started."
    none = score(bank, make_answers(bank, {**COMPLETE, "beta.marking": "none"}), T)
    assert next(r for r in none.questions if r.id == "beta.marking").recommendation == "Mark it."
    [f] = [f for f in none.findings if f.question == "beta.marking"]
    assert f.recommendation == "Mark it."  # the question's, as a fallback
    full = score(bank, make_answers(bank, COMPLETE), T)
    assert next(r for r in full.questions if r.id == "beta.marking").recommendation == ""


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        ({"question": "facts.ui", "equals": "yes"}, "facts.ui is yes"),
        ({"question": "a.b", "in": ["yes", "unsure"]}, "a.b is one of yes, unsure"),
        ({"question": "a.b", "answered": False}, "a.b is not answered"),
        (
            {"all": [{"question": "a", "gte": 2}, {"any": [{"question": "b", "lte": 1}]}]},
            "a is at least 2 and (b is at most 1)",
        ),
        ({"not": {"question": "a", "not_in": ["x"]}}, "not (a is answered and none of x)"),
    ],
)
def test_conditions_are_said_in_words(condition, words):
    from pydantic import TypeAdapter

    from rcr_checklist.model.conditions import Condition

    assert describe(TypeAdapter(Condition).validate_python(condition)) == words


def test_the_procurement_example_is_not_rated_and_shows_its_answered_score(rcr_bank):
    from rcr_checklist.files.answers_io import load_answers
    from rcr_checklist.files.resources import examples_dir

    loaded = load_answers(examples_dir() / "procurement-publicinfo.yaml", rcr_bank)
    o = score(rcr_bank, loaded.answers, T).overall
    assert (o.rating, o.rated, o.draft) == ("Not rated", False, False)  # nothing left to ask
    assert len(o.not_disclosed) == 28
    assert o.not_rated_reason == (
        "Not rated: 70% answered (28 not disclosed), "
        "12 open questions could raise a critical finding"
    )
    assert (o.score, o.answered_score) == (62.7, 96.2)
