"""The text policy: the same outcome whether a character arrives raw or through an escape."""

from __future__ import annotations

import json

import pytest

from rcr_checklist.errors import InputError, printable
from rcr_checklist.files.answers_io import parse_answers
from rcr_checklist.files.reading import decode_text
from rcr_checklist.model.text import clean_line, clean_text, json_text, neutralise

HEAD = "format: rcr-checklist/answers/v1\nbank: {id: b, version: 1.0.0}\n"

# character -> its YAML double-quoted escape (YAML 1.2, section 5.7)
YAML_ESCAPES = {
    "\x00": "\\0",
    "\x07": "\\a",
    "\x08": "\\b",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\x1b": "\\e",
    "\x7f": "\\x7f",
    "\x9b": "\\x9b",
    "\x01": "\\x01",
    "\r": "\\r",
    "\n": "\\n",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
    "\u202e": "\\u202E",
    "\u2066": "\\u2066",
}
REFUSED = ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x9b", "\x01"]
BREAKS = ["\r", "\r\n", "\x85", "\u2028", "\u2029"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


def _yaml_escape(text: str) -> str:
    return "".join(YAML_ESCAPES.get(c, c) for c in text)


def _outcome(raw: bytes, name: str = "a.yaml") -> tuple[str, object]:
    """('ok', product and comment) or ('refused', the control-character message)."""
    try:
        answers, _ = parse_answers(decode_text(raw, name), name)
    except InputError as exc:
        message = str(exc)
        found = message[message.index("control character") :].split(" is not allowed")[0]
        return "refused", found
    comment = answers.answers["q"].comment or ""
    return "ok", (answers.product.name, comment.rstrip("\n"))


def _three_ways(char: str) -> list[tuple[str, object]]:
    """The character raw, as a YAML escape and as a JSON escape, in a name and a comment."""
    name, text = f"A{char}B", f"x{char}y"
    indented = text.replace(char, char + "      ") if char in BREAKS else text
    raw_yaml = (
        HEAD + f'product: {{name: "{name}"}}\nanswers:\n  q:\n    comment: |\n      {indented}\n'
    ).encode()
    escaped_yaml = (
        HEAD
        + f'product: {{name: "{_yaml_escape(name)}"}}\n'
        + f'answers:\n  q: {{comment: "{_yaml_escape(text)}"}}\n'
    ).encode()
    body = {
        "format": "rcr-checklist/answers/v1",
        "bank": {"id": "b", "version": "1.0.0"},
        "product": {"name": name},
        "answers": {"q": {"comment": text}},
    }
    escaped_json = json.dumps(body, ensure_ascii=True).encode()
    return [_outcome(raw_yaml), _outcome(escaped_yaml), _outcome(escaped_json, "a.json")]


@pytest.mark.parametrize("char", REFUSED, ids=lambda c: f"U+{ord(c):04X}")
def test_control_characters_are_refused_raw_or_escaped(char):
    outcomes = _three_ways(char)
    assert outcomes == [("refused", f"control character U+{ord(char):04X}")] * 3


@pytest.mark.parametrize("char", BREAKS, ids=lambda c: "+".join(f"U+{ord(x):04X}" for x in c))
def test_line_breaks_are_line_breaks_raw_or_escaped(char):
    # a one-line field gets a space; multi-line text a line feed (raw in a block scalar)
    assert _three_ways(char) == [("ok", ("A B", "x\ny"))] * 3


@pytest.mark.parametrize("char", BIDI, ids=lambda c: f"U+{ord(c):04X}")
def test_bidi_controls_are_removed_raw_or_escaped(char):
    assert _three_ways(char) == [("ok", ("AB", "xy"))] * 3


def test_tabs_stay_in_text_and_become_spaces_in_names():
    assert clean_text("a\tb") == "a\tb"
    assert clean_line("a\tb") == "a b"


@pytest.mark.parametrize("char", [*REFUSED, "\ud800"], ids=lambda c: f"U+{ord(c):04X}")
def test_the_policy_functions_refuse_and_neutralise_never_raises(char):
    with pytest.raises(ValueError, match=f"U\\+{ord(char):04X}"):
        clean_text(f"a{char}b")
    with pytest.raises(ValueError):
        clean_line(f"a{char}b")
    shown = neutralise(f"a{char}b")
    assert shown == f"a\\u{ord(char):04x}b"


@pytest.mark.parametrize("char", BREAKS)
def test_neutralise_gives_line_feeds_or_spaces(char):
    assert neutralise(f"a{char}b") == "a\nb"
    assert neutralise(f"a{char}b", one_line=True) == "a b"
    assert neutralise(None) == "" and neutralise(3) == "3"


def test_json_text_escapes_what_json_dumps_leaves_raw():
    data = {"k": "a\u2028b\x85c\x9bd\u202ee\x7f\x1bé"}
    text = json_text(data, indent=None)
    assert text == '{"k": "a\\u2028b\\u0085c\\u009bd\\u202ee\\u007f\\u001bé"}'
    assert json.loads(text) == data
    assert json_text(data, indent=None, ascii_only=True).isascii()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Chest\u200fFlow", "Chest\\u200fFlow"),
        ("Chest\U000e0041Flow", "Chest\\U000e0041Flow"),
        ("Chest\U0001d173Flow", "Chest\\U0001d173Flow"),
        ("Chest\U0010ffffFlow", "Chest\\U0010ffffFlow"),
    ],
)
def test_printable_names_characters_past_the_bmp_unambiguously(text, shown):
    # "\ue0041" would read as U+E004 then "1": past U+FFFF the escape needs eight digits.
    assert printable(text) == shown
    assert shown.encode().decode("unicode_escape") == text
