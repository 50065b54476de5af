"""Word wrapping for the terminal: text, key legends, commands and menu lines."""

from __future__ import annotations

import re

from prompt_toolkit.formatted_text import StyleAndTextTuples

from rcr_checklist.questionnaire.protocol import KEY_SCHEME
from rcr_checklist.questionnaire.wrap import (
    fit_hints,
    fit_line,
    wrap_command_hint,
    wrap_fragments,
    wrap_items,
    wrap_message,
    wrap_text,
)

LABEL = re.compile(r"^[ »]*(?:[○●] )?(?:[0-9a-z]\) )?")


def indent(line: str) -> int:
    match = LABEL.match(line)
    return len(match.group(0)) if match else 0


def plain(fragments: StyleAndTextTuples) -> str:
    return "".join(f[1] for f in fragments)


def test_a_long_menu_entry_wraps_at_words_under_its_label() -> None:
    entry: StyleAndTextTuples = [
        ("class:pointer", " » "),
        ("[SetCursorPosition]", ""),
        (
            "class:highlighted",
            "3) Not a medical device: the manufacturer has recorded a qualification decision",
        ),
        ("", "\n"),
        ("class:text", "   4) Not settled, or not known"),
    ]
    wrapped = wrap_fragments(entry, 40, indent)
    assert plain(wrapped).split("\n") == [
        " » 3) Not a medical device: the",
        "      manufacturer has recorded a",
        "      qualification decision",
        "   4) Not settled, or not known",
    ]
    # The highlight covers every line of the entry, not the indents; the cursor marker stays.
    assert [f for f in wrapped if f[0] == "class:highlighted"] == [
        ("class:highlighted", "3) Not a medical device: the"),
        ("class:highlighted", "manufacturer has recorded a"),
        ("class:highlighted", "qualification decision"),
    ]
    assert ("[SetCursorPosition]", "") in wrapped


def test_a_tick_list_entry_hangs_under_its_label_and_fits() -> None:
    line = "   ○ Operational or administrative use only (scheduling, capacity, quality control)"
    lines = plain(wrap_fragments([("class:text", line)], 30, indent)).split("\n")
    assert lines == [
        "   ○ Operational or",
        "     administrative use only",
        "     (scheduling, capacity,",
        "     quality control)",
    ]
    assert max(len(x) for x in lines) <= 30


def test_a_word_longer_than_the_line_is_broken_and_nothing_is_lost() -> None:
    word = "x" * 50
    wrapped = plain(wrap_fragments([("", f" » 1) {word} end")], 20, indent))
    assert all(len(line) <= 20 for line in wrapped.split("\n"))
    assert wrapped.replace("\n", "").replace(" ", "") == f"»1){word}end"


def test_lines_that_fit_are_left_alone() -> None:
    entry: StyleAndTextTuples = [
        ("class:text", "   1) Yes"),
        ("", "\n"),
        ("class:text", "   2) No"),
    ]
    assert plain(wrap_fragments(entry, 80, indent)) == "   1) Yes\n   2) No"


def test_wide_characters_count_as_two_columns() -> None:
    wrapped = plain(wrap_fragments([("", "   1) 医療機器 医療機器 医療機器")], 20, indent))
    assert wrapped.split("\n") == ["   1) 医療機器", "      医療機器", "      医療機器"]


def test_the_key_legend_never_splits_a_key_from_what_it_does() -> None:
    items = ["^G help", "^P back", "^S skip", "^D not disclosed", "^O comment", "^R clear"]
    legend = wrap_items([*items, "^Q save & quit"], 78)
    assert legend.split("\n") == [
        "^G help  ^P back  ^S skip  ^D not disclosed  ^O comment  ^R clear",
        "^Q save & quit",
    ]
    long = "Esc then Enter finishes; empty leaves it unanswered and the rest is long"
    assert wrap_items([long, "^G help", "^P back"], 40).split("\n") == [
        "Esc then Enter finishes; empty leaves it",
        "unanswered and the rest is long  ^G help",
        "^P back",
    ]


def test_the_keys_line_takes_one_line_whenever_some_layout_fits() -> None:
    every = [k.hint for k in KEY_SCHEME]
    # wide: every word, two spaces apart
    assert fit_hints(every, 108) == (
        "^G help  ^P back  ^S skip  ^N n/a  ^D not disclosed  ^O comment  ^R clear  ^Q save & quit"
    )
    # 80 columns (78 to wrap at): one space, then the brief words, still one line
    assert fit_hints(every, 78) == (
        "^G help ^P back ^S skip ^N n/a ^D not disclosed ^O comment ^R clear ^Q quit"
    )
    few = [k.hint for k in KEY_SCHEME if k.short in ("^G", "^P", "^S", "^Q")]
    assert (
        fit_hints(few, 78, lead="optional") == "optional  ^G help  ^P back  ^S skip  ^Q save & quit"
    )
    # an instruction that does not fit beside the keys takes its own line above them
    lead = "Esc then Enter finishes; empty leaves it unanswered"
    assert fit_hints(every, 78, lead=lead).split("\n") == [lead, fit_hints(every, 78)]
    # narrower than any one-line layout: the brief forms wrap between keys, never inside
    assert fit_hints(every, 40).split("\n") == [
        "^G help  ^P back  ^S skip  ^N n/a",
        "^D not disclosed  ^O comment  ^R clear",
        "^Q quit",
    ]
    assert fit_hints([], 78, lead="required") == "required"


def test_a_message_never_leaves_its_full_stop_alone() -> None:
    said = (
        "Stopped. Your answers are saved in submissions/chestflow-answers.yaml (40 of 92 answered)."
    )
    lines = wrap_message(said, 79).split("\n")
    assert lines == [
        "Stopped. Your answers are saved in submissions/chestflow-answers.yaml (40 of 92",
        "answered).",
    ]


def test_text_wraps_at_words_and_keeps_long_words_whole() -> None:
    assert wrap_text("risk-managed IEC 62304-compliant software", 20) == (
        "risk-managed IEC\n62304-compliant\nsoftware"
    )
    assert wrap_text("see /a/very/long/path/to/answers.yaml now", 12).split("\n") == [
        "see",
        "/a/very/long/path/to/answers.yaml",
        "now",
    ]


def test_a_command_hint_is_never_split() -> None:
    command = "rcr-checklist review 'submissions/vendor a/answers.yaml' -o review.yaml"
    text = wrap_command_hint("Saved to review.yaml. Continue with:", command, 40)
    assert text.split("\n") == ["Saved to review.yaml. Continue with:", f"  {command}"]


def test_an_indented_line_continues_under_its_text() -> None:
    text = "Verdict\n  Comment: Class IIa software as a medical device; it informs triage"
    assert wrap_text(text, 40, follow_indent=True).split("\n") == [
        "Verdict",
        "  Comment: Class IIa software as a",
        "    medical device; it informs triage",
    ]


def test_a_validation_line_fits_the_width_shortening_the_quoted_label_first() -> None:
    """questionary cuts its one validation line at the terminal's edge: fit it instead."""
    message = (
        "'No medical images: text, speech, structured data or other signals' cannot be "
        "combined with other options"
    )
    fitted = fit_line(message, 79)
    assert fitted == (
        "'No medical images: text, speech, struc…' cannot be combined with other options"
    )
    assert len(fitted) == 79
    assert fit_line(message, 200) == message
    # too narrow for the sentence: the end is cut instead, still within the width
    assert fit_line(message, 30) == "'No medical images: text, spe…"
    assert fit_line("日本語のラベル" * 10, 21).endswith("…")
    assert sum(2 if ord(c) > 0x3000 else 1 for c in fit_line("日本語のラベル" * 10, 21)) <= 21
