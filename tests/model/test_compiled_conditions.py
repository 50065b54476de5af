"""Compiled conditions (what scoring runs) give what the tree evaluator gives, always."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.limits import NA, NOT_DISCLOSED
from rcr_checklist.model.conditions import Condition, compile_condition, evaluate, leaves

CONDITION = TypeAdapter(Condition)
IDS = ["a", "b", "c"]
SCALARS = st.sampled_from(["yes", "no", "x", NA, NOT_DISCLOSED, "", 0, 1, 2.5, -1, True])
VALUES = st.one_of(
    st.none(), SCALARS, st.lists(st.sampled_from(["yes", "no", "x", NA]), max_size=3)
)


def _leaf() -> st.SearchStrategy[dict[str, Any]]:
    question = st.sampled_from(IDS)
    return st.one_of(
        st.builds(lambda q, v: {"question": q, "equals": v}, question, SCALARS),
        st.builds(lambda q, v: {"question": q, "in": v}, question, st.lists(SCALARS, max_size=3)),
        st.builds(
            lambda q, v: {"question": q, "not_in": v}, question, st.lists(SCALARS, max_size=3)
        ),
        st.builds(lambda q, v: {"question": q, "gte": v}, question, st.sampled_from([0, 1, 2.5])),
        st.builds(lambda q, v: {"question": q, "lte": v}, question, st.sampled_from([0, 1, 2.5])),
        st.builds(lambda q, v: {"question": q, "answered": v}, question, st.booleans()),
    )


CONDITIONS = st.recursive(
    _leaf(),
    lambda children: st.one_of(
        st.builds(lambda c: {"all": c}, st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda c: {"any": c}, st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda c: {"not": c}, children),
    ),
    max_leaves=6,
)


@settings(max_examples=80, deadline=None)
@given(CONDITIONS, st.dictionaries(st.sampled_from(IDS), VALUES))
def test_a_compiled_condition_agrees_with_the_evaluator(raw, values):
    condition = CONDITION.validate_python(raw)
    assert compile_condition(condition)(values) is evaluate(condition, values)


def test_every_condition_of_the_bank_agrees_on_every_option():
    bank = load_bank()
    conditions = [q.show_if for q in bank.questions if q.show_if is not None]
    conditions += [rule.when for rule in bank.meta.rules]
    checked = 0
    for condition in conditions:
        test = compile_condition(condition)
        ids = {leaf.question for leaf, _ in leaves(condition)}
        for qid in ids:
            options = [o.value for o in getattr(bank.by_id[qid], "options", [])]
            for value in [None, NA, NOT_DISCLOSED, [], *options, options[:2], options[-1:]]:
                values = {qid: value}
                assert test(values) is evaluate(condition, values), (qid, value)
                checked += 1
    assert checked > 200  # the bank's 49 conditions over their questions' options
