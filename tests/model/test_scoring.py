"""Hand-written scoring cases with exact expected numbers, on the tiny bank."""

from __future__ import annotations

import json

from helpers.banks import make_answers
from rcr_checklist.model.scoring import round1, score, visible_questions

T = "2026-11-29T00:00:00Z"


def test_weighted_scores_findings_completion_and_coverage(tiny_bank):
    answers = make_answers(
        tiny_bank,
        {
            "facts.device": "yes",
            "facts.ui": "no",
            "alpha.one": "half",
            "alpha.multi": ["iso13485", "iec62304"],
            "beta.marking": "pending",
            "beta.dcb0129": {"value": "complete", "evidence": [{"title": "Safety case"}]},
        },
    )
    a = score(tiny_bank, answers, generated=T)
    alpha, beta = a.principles
    # alpha: (2 x 0.5 + 1 x 0.8) / 3 points; wcag is hidden because facts.ui is "no"
    assert (alpha.earned, alpha.possible, alpha.score) == (1.8, 3.0, 60.0)
    # beta: (0.25 + 1) / 2 points; the text question is unscored
    assert (beta.earned, beta.possible, beta.score) == (1.25, 2.0, 62.5)
    assert a.overall.score == 61.3  # mean of 60.0 and 62.5, halves rounded up
    # 6 of 7 visible answered (beta.note is not): a draft gets no band, whatever its score
    assert a.overall.rating == "Not rated"
    assert a.overall.not_rated_reason == "Not rated: 86% answered"
    assert (a.overall.rated, a.overall.draft, a.overall.unanswered) == (False, True, 1)
    assert [p.rating for p in a.principles] == ["Partially meets", "Not rated"]
    assert a.overall.completion == 0.857
    assert a.overall.evidence_coverage == 0.5  # alpha.one positive without evidence
    assert [(f.severity, f.question) for f in a.findings] == [
        ("major", "beta.marking"),
        ("minor", "alpha.one"),
        ("minor", "alpha.multi"),
    ]
    assert a.findings[0].text == "Marking pending."
    assert a.findings[0].recommendation == "Mark it."
    assert a.overall.findings == {"critical": 0, "major": 1, "minor": 2}


def test_critical_option_forces_does_not_meet(tiny_bank):
    answers = make_answers(
        tiny_bank,
        {
            "facts.device": "no",
            "facts.ui": "no",
            "alpha.one": "full",
            "alpha.multi": ["iso13485", "iec62304", "iso14971"],
            "beta.marking": "marked",
            "beta.dcb0129": "none",
            "beta.note": "x",
        },
    )
    a = score(tiny_bank, answers, generated=T)
    assert [p.score for p in a.principles] == [100.0, 50.0]
    assert a.overall.score == 75.0
    assert a.overall.rating == "Does not meet"
    assert a.overall.critical_findings == 1
    assert a.principles[1].rating == "Does not meet"
    assert a.principles[0].rating == "Meets"
    assert a.findings[0].text == "No clinical safety case."


def test_rule_over_several_answers(tiny_bank):
    base = {
        "facts.ui": "no",
        "alpha.one": "full",
        "alpha.multi": ["iso13485", "iec62304"],
        "beta.marking": "none",
        "beta.dcb0129": "complete",
        "beta.note": "Nothing.",
    }
    device = score(tiny_bank, make_answers(tiny_bank, {**base, "facts.device": "yes"}), T)
    assert [f.question for f in device.findings if f.severity == "critical"] == [
        "rule.device_unmarked"
    ]
    assert device.findings[0].source == "rule"
    # the rule names beta.marking: its generic "scored 0" finding is not repeated
    assert "beta.marking" not in [f.question for f in device.findings]
    not_device = score(tiny_bank, make_answers(tiny_bank, {**base, "facts.device": "no"}), T)
    assert not_device.overall.critical_findings == 0
    assert [(f.severity, f.question, f.source) for f in not_device.findings] == [
        ("major", "beta.marking", "score"),
        ("minor", "alpha.multi", "score"),
    ]
    assert not_device.overall.rating == "Partially meets"  # (93.3 + 50) / 2 = 71.7
    assert not_device.overall.score == 71.7


def test_justified_na_does_not_count_and_hidden_answer_is_ignored(tiny_bank):
    shown = {
        "facts.device": "no",
        "facts.ui": "yes",
        "alpha.one": "full",
        "alpha.wcag": {"value": "n/a", "justification": "Results appear only in PACS."},
        "alpha.multi": ["none"],
    }
    a = score(tiny_bank, make_answers(tiny_bank, shown), T)
    assert a.principles[0].possible == 3.0  # one (2) + multi (1); wcag n/a not counted
    assert a.principles[0].score == 66.7
    wcag = next(q for q in a.questions if q.id == "alpha.wcag")
    assert (wcag.status, wcag.possible) == ("na", 0.0)
    hidden = score(tiny_bank, make_answers(tiny_bank, {**shown, "facts.ui": "no"}), T)
    assert "alpha.wcag" not in [q.id for q in hidden.questions]
    assert hidden.principles[0].score == 66.7


def test_unanswered_visible_question_counts_zero(tiny_bank):
    a = score(tiny_bank, make_answers(tiny_bank, {"alpha.one": "full"}), T)
    assert a.principles[0].score == 66.7  # 2 of 3: alpha.multi unanswered, wcag hidden
    assert a.principles[1].score == 0.0
    assert a.overall.score == 33.4  # (66.7 + 0) / 2 = 33.35, halves up
    assert a.overall.draft


def test_clinician_profile_sees_only_its_questions(tiny_bank):
    answers = make_answers(tiny_bank, {"facts.device": "yes", "alpha.one": "full"}, "clinician")
    ids = [q.id for q in visible_questions(tiny_bank, answers)]
    assert ids == ["facts.device", "alpha.one"]
    a = score(tiny_bank, answers, T)
    assert a.principles[0].score == 100.0
    assert a.principles[1].score is None
    assert a.principles[1].rating == "Not assessed"
    assert a.overall.score == 100.0
    assert a.overall.draft is False


def test_assessment_json_keys_hashes_and_determinism(tiny_bank):
    answers = make_answers(tiny_bank, {"alpha.one": "full"})
    first = score(tiny_bank, answers, T).model_dump(mode="json")
    second = score(tiny_bank, answers, T).model_dump(mode="json")
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    for key in (
        "format",
        "tool",
        "bank",
        "answers_sha256",
        "generated",
        "product",
        "assessor",
        "overall",
        "principles",
        "findings",
        "answers",
    ):
        assert key in first
    assert first["format"] == "rcr-checklist/assessment/v1"
    assert first["bank"]["id"] == "tiny-bank" and len(first["bank"]["sha256"]) == 64
    assert len(first["answers_sha256"]) == 64
    assert first["answers"]["answers"]["alpha.one"] == {"value": "full"}
    assert set(first["overall"]) >= {
        "score",
        "rating",
        "draft",
        "completion",
        "evidence_coverage",
        "critical_findings",
    }


def test_round1_rounds_halves_up():
    assert (round1(61.25), round1(33.35), round1(59.99999999999999), round1(0.04)) == (
        61.3,
        33.4,
        60.0,
        0.0,
    )


def test_source_date_epoch_sets_generated(tiny_bank, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    a = score(tiny_bank, make_answers(tiny_bank, {}))
    assert a.generated == "2026-01-01T00:00:00Z"


def test_unanswered_questions_that_could_raise_a_critical_finding(tiny_bank):
    # beta.dcb0129 has a critical option; the critical rule names facts.device and beta.marking
    assert tiny_bank.critical_capable == {"beta.dcb0129", "facts.device", "beta.marking"}
    empty = score(tiny_bank, make_answers(tiny_bank, {}), T)
    assert empty.overall.critical_findings == 0
    assert empty.overall.unanswered_critical == ["facts.device", "beta.marking", "beta.dcb0129"]
    done = score(
        tiny_bank,
        make_answers(
            tiny_bank, {"facts.device": "no", "beta.marking": "marked", "beta.dcb0129": "complete"}
        ),
        T,
    )
    assert done.overall.unanswered_critical == []


def test_round1_matches_decimal_half_up_on_the_shortest_form():
    import random
    from decimal import ROUND_HALF_UP, Decimal

    rng = random.Random(13)
    values = [rng.randint(0, 20000) / 200 for _ in range(20000)]  # every x.x5 tie and more
    values += [100 * rng.randint(0, 300) / rng.randint(1, 300) for _ in range(20000)]
    values += [rng.uniform(-200, 200) for _ in range(20000)] + [0.15, 2.675, -0.04, 1e-7]
    for v in values:
        expected = float(Decimal(repr(v)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
        assert repr(round1(v)) == repr(expected), v
