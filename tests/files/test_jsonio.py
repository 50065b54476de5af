"""The JSON reader and the YAML-or-JSON dispatch: same limits, located errors, lines."""

from __future__ import annotations

import json

import pytest

from rcr_checklist.errors import InputError
from rcr_checklist.files.document import load_document
from rcr_checklist.files.jsonio import JsonSyntaxError, load_json
from rcr_checklist.limits import Limits

PRETTY = json.dumps(
    {"a": 1, "b": {"c": [1, 2.5, "x", None], "d": True}, "e": "\U0001fa7b"}, indent=2
)


def test_values_and_the_line_of_every_value():
    located = load_json(PRETTY, "a.json")
    assert located.data == {"a": 1, "b": {"c": [1, 2.5, "x", None], "d": True}, "e": "\U0001fa7b"}
    assert located.lines[("a",)] == 2
    assert located.lines[("b", "c", 2)] == 7
    assert located.lines[("b", "d")] == 10
    assert located.lines[("e",)] == 12
    assert located.written[("b", "c", 1)] == "2.5"
    assert located.syntax == "json"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_lines_for_every_kind_of_line_end(newline):
    text = newline.join(['{"a": 1,', "", '"b": {"c": 1,', '"c": 2}}'])
    with pytest.raises(InputError) as caught:
        load_json(text, "a.json")
    assert str(caught.value) == "a.json:4: b.c: this key appears twice"
    with pytest.raises(JsonSyntaxError) as caught:
        load_json(text.replace('"c": 2', '"c" 2'), "a.json")
    assert str(caught.value) == "a.json:4: not valid JSON: Expecting ':' delimiter"


def test_escaped_surrogate_pairs_are_one_character():
    """What JavaScript's JSON.stringify writes for emoji; libyaml refuses it as YAML."""
    assert load_json('{"n": "X \\ud83e\\ude7b"}', "a.json").data == {"n": "X \U0001fa7b"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"\\ud800"', "\\ud800 is half of a surrogate pair, not a character"),
        ('"a\\udfffb"', "\\udfff is half of a surrogate pair"),
        ("NaN", "NaN is not a JSON number; give a number or text"),
        ("Infinity", "Infinity is not a JSON number"),
        ("-Infinity", "-Infinity is not a JSON number"),
        ("1" * 4301, "a number of 4,301 characters is longer than the limit of 100"),
        ("-" + "1" * 100, "a number of 101 characters is longer than the limit of 100"),
        ("1." + "5" * 99, "a number of 101 characters is longer"),
        ("1e" + "9" * 99, "a number of 101 characters is longer"),
        ('"' + "x" * 20_001 + '"', "a text of 20,001 characters is longer than the limit"),
    ],
)
def test_values_beyond_the_rules_are_located_errors(value, message):
    text = '{\n  "answers": {\n    "q": {"value": [0, ' + value + "]}\n  }\n}"
    with pytest.raises(InputError) as caught:
        load_json(text, "a.json")
    assert str(caught.value).startswith(f"a.json:3: answers.q.value[1]: {message}")
    assert not isinstance(caught.value, JsonSyntaxError)


def test_huge_exponents_read_as_infinity_for_the_model_to_refuse():
    assert load_json('{"a": 1e400, "b": -1e400, "c": 1e-400}', "a.json").data == {
        "a": float("inf"),
        "b": float("-inf"),
        "c": 0.0,
    }


def test_nesting_is_bounded_before_the_stack_overflows():
    for depth in (33, 200_000):
        with pytest.raises(InputError) as caught:
            load_json("[" * depth + "]" * depth, "a.json")
        assert str(caught.value).startswith("a.json:1: nesting is deeper than 32 levels")
    assert load_json('{"a": ' * 31 + "1" + "}" * 31, "a.json").lines[("a",) * 31] == 1


def test_the_limits_are_the_given_ones():
    with pytest.raises(InputError, match="limit of 3;"):
        load_json('{"a": 1234}', "a.json", Limits(max_digits=3))
    with pytest.raises(InputError, match="deeper than 2 levels"):
        load_json('{"a": {"b": {}}}', "a.json", Limits(max_depth=2))


def test_a_duplicate_key_is_named_with_its_path_and_line():
    text = '{\n "a": [\n  {"k": 1},\n  {"k": 1,\n   "k": 2}\n ]\n}'
    with pytest.raises(InputError) as caught:
        load_json(text, "a.json")
    assert str(caught.value) == "a.json:5: a[1].k: this key appears twice"


def test_json_in_a_yaml_file_is_read_as_json_and_yaml_flow_stays_yaml():
    surrogate = '{"name": "X \\ud83e\\ude7b", "n": 007}'
    with pytest.raises(InputError):  # 007 is not JSON: the YAML reader says why
        load_document(surrogate, "a.yaml")
    assert load_document('{"name": "X \\ud83e\\ude7b"}', "a.yaml").data == {"name": "X \U0001fa7b"}
    assert load_document('{"name": "X"}', "a.yaml").syntax == "json"
    flow = load_document("{name: X, n: 007}", "a.yaml")
    assert flow.data == {"name": "X", "n": 7} and flow.syntax == "yaml"
    with pytest.raises(JsonSyntaxError, match="^a.json:1: not valid JSON"):
        load_document("{name: X}", "a.json")  # a .json file is JSON only
    with pytest.raises(InputError, match="^a.yaml:1: a: NaN is not a JSON number"):
        load_document('{"a": NaN}', "a.yaml")  # JSON beyond a limit is not retried as YAML
