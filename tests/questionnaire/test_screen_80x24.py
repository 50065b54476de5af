"""What the prompts draw on an 80x24 screen: long option labels, tick lists, echoes, legends.

The prompts run in this process and draw into an 80x24 pyte screen (tests/helpers/screen.py).
"""

from __future__ import annotations

from helpers.screen import Script, terminal
from rcr_checklist.model.bank import Bank
from rcr_checklist.questionnaire.prompts import ask_value
from rcr_checklist.questionnaire.protocol import KEY_SCHEME, Choice, Nav
from rcr_checklist.questionnaire.session import choose_profile
from rcr_checklist.questionnaire.terminal import QuestionaryAsker

DOWN, ENTER, CTRL_S = "\x1b[B", "\r", "\x13"


def test_long_option_labels_wrap_under_their_label_in_full(rcr_bank: Bank) -> None:
    question = rcr_bank.by_id["facts.medical_device"]
    user = Script(("Not settled", DOWN + DOWN), ("» 3)", "3" + ENTER))
    with terminal(24, 80) as term:
        term.user = user
        assert ask_value(QuestionaryAsker(), question, None) == "no"
        after = term.lines()
    menu = [line for line in user.screens[1] if line.startswith("   ") or " » " in line]
    assert menu == [
        "   1) A medical device (UKCA, CE or another mark, or on its way to one)",
        "   2) Labelled research use only: not for use in patient care",
        " » 3) Not a medical device: the manufacturer has recorded a qualification",
        "      decision",
        "   4) Not settled, or not known",
    ]
    # The answer replaces the menu: the whole label, wrapped at words under "> ".
    assert "> Not a medical device: the manufacturer has recorded a qualification decision" in (
        after
    )


def test_the_highlighted_entrys_description_wraps(rcr_bank: Bank) -> None:
    user = Script(("Vendor self-assessment", DOWN), ("» 2) Clinician", ENTER))
    with terminal(24, 80) as term:
        term.user = user
        assert choose_profile(QuestionaryAsker(), rcr_bank) == "clinician"
    described = rcr_bank.meta.profiles["clinician"].description
    text = " ".join(" ".join(user.screens[1]).split())
    assert f"Description: {' '.join(described.split())}" in text


def test_an_empty_tick_list_says_so_and_asks_again(rcr_bank: Bank) -> None:
    question = rcr_bank.by_id["facts.output_use"]
    user = Script(
        ("Research only", ENTER),  # nothing ticked
        ("Nothing is ticked", " " + ENTER),  # the prompt is still up: tick the first box
    )
    with terminal(24, 80) as term:
        term.user = user
        assert ask_value(QuestionaryAsker(), question, None) == ["inform_diagnosis"]
        after = term.lines()
    refused = user.screens[1]
    assert "Nothing is ticked: a number or Space ticks an option; ^S skips the question" in refused
    assert "> Informs the diagnosis of individual patients" in after
    assert not any("done" in line for line in after)


def test_a_key_pressed_at_a_prompt_is_echoed_as_what_it_did(rcr_bank: Bank) -> None:
    question = rcr_bank.by_id["facts.output_use"]
    user = Script(("Research only", CTRL_S))
    with terminal(24, 80) as term:
        term.user = user
        assert ask_value(QuestionaryAsker(), question, None) is Nav.SKIP
        after = term.lines()
    assert "> (skip)" in after
    assert not any("Space ticks" in line for line in after)  # not the prompt's instruction


def test_ticked_labels_are_echoed(rcr_bank: Bank) -> None:
    question = rcr_bank.by_id["facts.output_use"]
    user = Script(("Research only", " " + DOWN + " " + ENTER))
    with terminal(24, 80) as term:
        term.user = user
        assert ask_value(QuestionaryAsker(), question, None) == ["inform_diagnosis", "triage"]
        after = term.lines()
    echo = " ".join(" ".join(after).split())
    assert (
        "> Informs the diagnosis of individual patients; Triage or prioritisation of patients "
        "or studies" in echo
    )


def test_the_key_legend_fits_one_line_at_80_columns_with_every_key(rcr_bank: Bank) -> None:
    question = rcr_bank.by_id["standards.dicom_output"]
    every = [k.nav for k in KEY_SCHEME]  # ^R clear included (an answered question offers it)
    user = Script(("^Q", CTRL_S))
    with terminal(24, 80) as term:
        term.user = user
        QuestionaryAsker().choose(
            question.text, [Choice(o.label, o.value) for o in question.options], keys=every
        )
    legend = [line for line in user.screens[0] if line.startswith("^")]
    assert legend == ["^G help ^P back ^S skip ^N n/a ^D not disclosed ^O comment ^R clear ^Q quit"]


def test_numbers_tick_and_untick_in_a_tick_list_as_they_pick_in_a_menu(rcr_bank: Bank) -> None:
    question = rcr_bank.by_id["facts.output_use"]
    user = Script(
        ("Research only", "2"),  # ticks option 2 (and moves to it)
        ("● 2) Triage", "4"),
        ("● 4) Monitoring", "4" + "1"),  # 4 again unticks it
        ("● 1) Informs", ENTER),
    )
    with terminal(24, 80) as term:
        term.user = user
        assert ask_value(QuestionaryAsker(), question, None) == ["inform_diagnosis", "triage"]
    first = user.screens[0]
    assert ">  (a number or Space ticks, Enter confirms)" in first
    assert " » ○ 1) Informs the diagnosis of individual patients" in first
    assert " » ● 2) Triage or prioritisation of patients or studies" in user.screens[1]
    # the long label still hangs under its text, past the number
    assert "        control, documentation support with no clinical content)" in first


def test_a_long_text_field_wraps_at_words_and_the_padding_is_not_typed() -> None:
    words = (
        "ChestFlow is software intended to analyse frontal chest radiographs of patients "
        "aged 16 years and over in order to detect radiographic signs of pneumothorax, "
        "pleural effusion, consolidation, lung nodule or mass, and cardiomegaly"
    )
    left = "\x1b[D" * len("cardiomegaly")
    user = Script(("radiographs", left + "X"), ("Xcardiomegaly", "\x1b\r"))
    with terminal(24, 80) as term:
        term.user = user
        got = QuestionaryAsker().text("Purpose", default=words, multiline=True)
    assert got == words.replace("cardiomegaly", "Xcardiomegaly")
    field = [line for line in user.screens[1] if line.startswith(("> ", "   "))]
    assert [line[3:] for line in field] == [
        "ChestFlow is software intended to analyse frontal chest radiographs of",
        "patients aged 16 years and over in order to detect radiographic signs of",
        "pneumothorax, pleural effusion, consolidation, lung nodule or mass, and",
        "Xcardiomegaly",
    ]
