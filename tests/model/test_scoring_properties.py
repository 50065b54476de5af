"""Property tests (hypothesis) over generated answers for the real RCR bank."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.banks import best_answers, make_answers
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import score, visible_questions
from rcr_checklist.model.wording import percent_text

pytestmark = pytest.mark.slow  # hypothesis, hundreds of scorings

BANK: Bank = load_bank()
T = "2026-11-29T00:00:00Z"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _value_strategy(q: Any) -> st.SearchStrategy[Any]:
    if q.kind in ("single", "yes_no"):
        values = [*(o.value for o in q.options), "not-disclosed"]
        if q.allow_na:
            values.append("n/a")
        return st.sampled_from(values)
    if q.kind == "multi":
        return st.lists(st.sampled_from([o.value for o in q.options]), min_size=1, unique=True)
    if q.kind == "number":
        return st.integers(min_value=int(q.minimum or 0), max_value=int(q.maximum or 100))
    if q.kind == "date":
        return st.just("2026-01-01")
    # Text the answers model accepts: control characters (C0 but tab and line feed, DEL, C1)
    # and lone surrogates are refused when a file is read (tests/model/test_text.py covers that).
    return st.text(
        st.characters(blacklist_categories=("Cc", "Cs"), whitelist_characters="\t\n"),
        max_size=20,
    )


@st.composite
def answer_sets(draw: st.DrawFn, profile: str = "vendor") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for q in BANK.questions:
        if profile not in q.profiles or not draw(st.booleans() | st.just(True)):
            continue
        value = draw(_value_strategy(q))
        entry: dict[str, Any] = {"value": value}
        if value == "n/a":
            entry["justification"] = "Does not apply to this product."
        if draw(st.booleans()):
            entry["evidence"] = [{"title": "Doc"}]
        out[q.id] = entry
    return out


@SETTINGS
@given(answer_sets())
def test_scores_stay_in_range(raw):
    a = score(BANK, make_answers(BANK, raw), T)
    for p in a.principles:
        assert p.score is None or 0 <= p.score <= 100
    assert a.overall.score is None or 0 <= a.overall.score <= 100
    assert 0 <= a.overall.completion <= 1


def test_best_answers_give_full_marks():
    for profile in ("vendor", "clinician", "procurement"):
        a = score(BANK, make_answers(BANK, best_answers(BANK, profile), profile), T)
        assert a.overall.score == 100.0, profile
        assert a.overall.rating == "Meets"
        assert a.findings == []
        assert a.overall.draft is False
        assert a.overall.evidence_coverage in (1.0, None)


CRITICAL = [
    (q.id, o.value)
    for q in BANK.questions
    if BANK.is_scored(q.id)
    for o in q.options
    if o.finding and o.finding.severity == "critical"
]


@SETTINGS
@given(answer_sets(), st.sampled_from(CRITICAL))
def test_any_critical_answer_fails(raw, critical):
    qid, value = critical
    raw = {**best_answers(BANK), **raw}
    raw[qid] = {"value": [value] if BANK.by_id[qid].kind == "multi" else value}
    answers = make_answers(BANK, raw)
    if qid not in {q.id for q in visible_questions(BANK, answers)}:
        return  # hidden by this draw's facts: it cannot count
    a = score(BANK, answers, T)
    assert a.overall.rating == "Does not meet"
    assert a.overall.critical_findings >= 1


@SETTINGS
@given(answer_sets(), st.data())
def test_improving_one_answer_never_lowers_its_principle(raw, data):
    scored = [q for q in BANK.questions if BANK.is_scored(q.id) and q.kind != "multi"]
    q = data.draw(st.sampled_from(scored))
    ranked = sorted(q.options, key=lambda o: o.score or 0)
    low, high = data.draw(st.sampled_from(ranked)), None
    high = data.draw(st.sampled_from([o for o in ranked if (o.score or 0) >= (low.score or 0)]))
    number = BANK.principle_of[q.id].number
    before = score(BANK, make_answers(BANK, {**raw, q.id: low.value}), T)
    after = score(BANK, make_answers(BANK, {**raw, q.id: high.value}), T)
    b = next(p.score for p in before.principles if p.number == number)
    c = next(p.score for p in after.principles if p.number == number)
    if b is not None and c is not None:
        assert c >= b


@SETTINGS
@given(answer_sets())
def test_answering_a_hidden_question_changes_nothing(raw):
    answers = make_answers(BANK, raw)
    visible = {q.id for q in visible_questions(BANK, answers)}
    hidden = [
        q
        for q in BANK.questions
        if q.id not in visible and q.kind in ("single", "yes_no") and "vendor" in q.profiles
    ]
    if not hidden:
        return
    extra = dict(raw)
    for q in hidden:
        extra[q.id] = {"value": q.options[-1].value}
    a = score(BANK, answers, T)
    b = score(BANK, make_answers(BANK, extra), T)
    # the points never change; the hidden answers are listed, never dropped silently, and
    # one that would raise a finding adds a finding that it and the facts disagree
    assert a.questions == b.questions
    assert [(p.score, p.earned, p.possible) for p in a.principles] == [
        (p.score, p.earned, p.possible) for p in b.principles
    ]
    assert a.overall.score == b.overall.score
    own = [f for f in a.findings if f.source != "disagreement"]
    assert [f for f in b.findings if f.source != "disagreement"] == own
    assert {n.question for n in b.not_counted} >= {q.id for q in hidden}
    assert all(n.reason == "facts" for n in b.not_counted)
    # a disagreement names a hidden question: one added here or one already in ``raw``
    # (of any kind, for example a multiple choice answered although the facts hide it)
    not_visible = {q.id for q in BANK.questions} - visible
    for f in b.findings:
        if f.source == "disagreement":
            assert f.question in not_visible


@SETTINGS
@given(answer_sets())
def test_same_input_same_json(raw):
    one = json.dumps(score(BANK, make_answers(BANK, raw), T).model_dump(mode="json"))
    two = json.dumps(score(BANK, make_answers(BANK, raw), T).model_dump(mode="json"))
    assert one == two


@SETTINGS
@given(answer_sets())
def test_not_disclosed_scores_like_unanswered_but_is_not_a_draft(raw):
    withheld = {qid for qid, entry in raw.items() if entry["value"] == "not-disclosed"}
    a = score(BANK, make_answers(BANK, raw), T)
    dropped = score(
        BANK, make_answers(BANK, {k: v for k, v in raw.items() if k not in withheld}), T
    )
    assert [p.score for p in a.principles] == [p.score for p in dropped.principles]
    assert a.findings == dropped.findings
    assert a.overall.unanswered_critical == dropped.overall.unanswered_critical
    visible = {q.id for q in a.questions}
    assert a.overall.not_disclosed == [q.id for q in a.questions if q.id in withheld]
    assert a.overall.unanswered == dropped.overall.unanswered - len(withheld & visible)
    if withheld & visible and not a.overall.critical_findings:
        assert a.overall.rating == "Not rated"


@SETTINGS
@given(answer_sets())
def test_a_rating_needs_every_visible_question_answered_or_a_critical_finding(raw):
    a = score(BANK, make_answers(BANK, raw), T)
    o = a.overall
    if o.critical_findings:
        assert o.rating == BANK.meta.failing_label and o.rated
    elif o.completion < 1:
        assert (o.rating, o.rated) == ("Not rated", False)
        assert o.not_rated_reason.startswith("Not rated: ")
        # the same figure as the completion wherever it is shown (never "100%" while open)
        shown = percent_text(o.completion)
        assert o.not_rated_reason.startswith(
            f"Not rated: {shown if shown != '100%' else '99%'} answered"
        )
    else:
        assert o.rating == BANK.rating(o.score or 0) and o.rated
        assert o.not_rated_reason == ""
    if o.answered_score is not None and o.score is not None:
        assert o.answered_score >= o.score - 0.1  # open questions only ever lower the score
