"""The YAML reader: the 1.2 core schema exactly, with every bound kept and editor line numbers."""

from __future__ import annotations

import math

import pytest

from rcr_checklist.errors import InputError
from rcr_checklist.files.yamlio import load_yaml, resolve_plain
from rcr_checklist.limits import ANSWERS_LIMITS, Limits

# YAML 1.2.2, example 10.9 "Core Tag Resolution", with the values the spec gives.
SPEC_EXAMPLE = """\
A null: null
Also a null: # Empty
Not a null: ""
Booleans: [ true, True, false, FALSE ]
Integers: [ 0, 0o7, 0x3A, -19 ]
Floats: [ 0., -0.0, .5, +12e03, -2E+05 ]
Also floats: [ .inf, -.Inf, +.INF, .NAN ]
"""


def test_the_core_schema_example_of_the_spec():
    data = load_yaml(SPEC_EXAMPLE, "a.yaml").data
    assert data["A null"] is None and data["Also a null"] is None
    assert data["Not a null"] == ""
    assert data["Booleans"] == [True, True, False, False]
    assert all(type(b) is bool for b in data["Booleans"])
    assert data["Integers"] == [0, 7, 58, -19]
    assert all(type(i) is int for i in data["Integers"])
    assert data["Floats"] == [0.0, -0.0, 0.5, 12000.0, -200000.0]
    assert math.copysign(1, data["Floats"][1]) == -1
    assert data["Also floats"][:3] == [math.inf, -math.inf, math.inf]
    assert math.isnan(data["Also floats"][3])


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("007", 7),  # 1.1 read this as octal (7) and 1.0 loaders as 7.0
        ("-007", -7),
        ("+12", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("0x1f", 31),
        ("1_000", "1_000"),  # 1.1 had digit separators; 1.2 core does not
        ("1_000.5", "1_000.5"),
        ("yes", "yes"),
        ("No", "No"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("~", None),
        ("NULL", None),
        ("nULL", "nULL"),
        ("tRUE", "tRUE"),
        ("0b101", "0b101"),  # binary is 1.1 only
        ("+0x1F", "+0x1F"),  # no sign on hex or octal in 1.2 core
        ("-0o7", "-0o7"),
        ("017", 17),
        ("1.10", 1.1),
        ("1.", 1.0),
        ("1e3", 1000.0),  # 1.1 needed a dot before the exponent
        ("1E-2", 0.01),
        ("1.0.0", "1.0.0"),
        ("2025-06-01", "2025-06-01"),  # no timestamps in the core schema
        ("12:30", "12:30"),  # no sexagesimal numbers either
        (".Nan", ".Nan"),
        ("inf", "inf"),
        ("-.inf", -math.inf),
        ("e3", "e3"),
        (".", "."),
    ],
)
def test_plain_scalars_resolve_by_the_core_schema(written, value):
    got = load_yaml(f"a: {written}\n", "a.yaml").data["a"]
    assert got == value and type(got) is type(value)
    assert resolve_plain(written) == value


@pytest.mark.parametrize("form", ["'12'", '"12"', "!!str 12", "! 12", "|\n  12"])
def test_quoted_and_tagged_scalars_stay_text(form):
    assert load_yaml(f"a: {form}\n", "a.yaml").data["a"].strip() == "12"


def test_the_text_of_numbers_is_remembered_for_messages():
    located = load_yaml("a: 1.10\nb: [0x1F, x]\nc: 'q'\n", "a.yaml")
    assert located.written == {("a",): "1.10", ("b", 0): "0x1F"}


@pytest.mark.parametrize(
    "number",
    [
        "1" * 4301,  # past CPython's int conversion limit: a ValueError today
        "-" + "9" * 101,
        "0x" + "f" * 99,
        "0o" + "7" * 99,
        "1." + "0" * 99,
        "1e" + "9" * 99,
    ],
)
def test_a_number_longer_than_the_limit_is_a_located_error(number):
    with pytest.raises(InputError) as caught:
        load_yaml(f"x: 1\nanswers:\n  q: {{value: [1, {number}]}}\n", "a.yaml")
    assert str(caught.value) == (
        f"a.yaml:3: answers.q.value[1]: a number of {len(number):,} characters is longer than "
        "the limit of 100; put it in quotes if it is meant as text"
    )


def test_a_number_at_the_limit_is_read_and_a_long_number_as_a_key_is_text():
    assert load_yaml("a: " + "1" * 100, "a.yaml").data["a"] == int("1" * 100)
    assert load_yaml("a: " + "1" * 99 + ".", "a.yaml").data["a"] == float("1" * 99)
    assert load_yaml("1" * 500 + ": x", "a.yaml").data == {"1" * 500: "x"}


def test_a_limit_above_what_python_converts_still_gives_a_located_error():
    with pytest.raises(InputError, match=r"^a.yaml:1: a: a number of 5,000 characters"):
        load_yaml("a: " + "1" * 5000, "a.yaml", Limits(max_digits=6000))


def test_the_digit_limit_is_the_limits_field():
    assert ANSWERS_LIMITS.max_digits == 100
    with pytest.raises(InputError, match="limit of 3;"):
        load_yaml("a: 1234", "a.yaml", Limits(max_digits=3))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\na: 2\n", "a.yaml:2: a: this key appears twice"),
        ("a: &x 1\nb: *x\n", "a.yaml:2: YAML aliases (*name) are not allowed here"),
        ("a: !!python/object:os.system x\n", "a.yaml:1: YAML tag"),
        ("a: !!int 3\n", "a.yaml:1: YAML tag 'tag:yaml.org,2002:int' is not allowed"),
        ("a: 1\n---\nb: 2\n", "a.yaml:2: holds more than one YAML document"),
        ("<<: {a: 1}\n", "a.yaml:1: YAML merge keys (<<) are not allowed"),
        ("a: " + "[" * 40 + "]" * 40, "a.yaml:1: nesting is deeper than 32 levels"),
        (f"a: '{'x' * 20_001}'\n", "a.yaml:1: a: a text of 20,001 characters is longer"),
    ],
)
def test_the_bounds_are_kept(text, message):
    with pytest.raises(InputError) as caught:
        load_yaml(text, "a.yaml")
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_numbers_count_every_kind_of_line_end(newline):
    text = newline.join(["a: 1", "", "b: 2", "c:", "  - x", "  - 7", "d: ["])
    located = load_yaml(text.rsplit(newline, 1)[0], "a.yaml")
    assert located.lines[("b",)] == 3
    assert located.lines[("c", 1)] == 6
    with pytest.raises(InputError) as caught:
        load_yaml(text, "a.yaml")
    assert str(caught.value).startswith("a.yaml:7: not valid YAML")
    with pytest.raises(InputError) as caught:
        load_yaml(newline.join(["a: 1", "b: 2", "a: 3"]), "a.yaml")
    assert str(caught.value) == "a.yaml:3: a: this key appears twice"


@pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\x85"])
def test_yaml_1_1_line_ends_inside_text_do_not_shift_the_lines(odd):
    """libyaml counts NEL, U+2028 and U+2029 as line ends; editors do not."""
    text = f'a: "x{odd}y"\nb: 2\nc: 3\nc: 4\n'
    with pytest.raises(InputError) as caught:
        load_yaml(text, "a.yaml")
    assert str(caught.value) == "a.yaml:4: c: this key appears twice"
    assert load_yaml(text.replace("c: 4\n", ""), "a.yaml").lines[("c",)] == 3
