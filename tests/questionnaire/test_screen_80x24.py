"""What the prompts draw on an 80x24 screen: long option labels, tick lists, echoes, legends.

The prompts run in this process and draw into an 80x24 pyte screen (tests/helpers/screen.py).
"""

from __future__ import annotations

from helpers.screen import Script, terminal
from rcr_checklist.model.bank import Bank
from rcr_checklist.questionnaire.prompts import ask_value, question_keys
from rcr_checklist.questionnaire.protocol import Choice, Nav
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
    assert "Nothing is ticked: Space ticks the highlighted option; ^S skips the question" in refused
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


def test_the_key_legend_wraps_between_keys(rcr_bank: Bank) -> None:
    question = rcr_bank.by_id["standards.dicom_output"]
    answer = None
    keys = question_keys(question, answer)
    user = Script(("^Q", CTRL_S))
    with terminal(24, 80) as term:
        term.user = user
        QuestionaryAsker().choose(
            question.text,
            [Choice(o.label, o.value) for o in question.options],
            keys=[*keys, Nav.CLEAR],
        )
    legend = [line for line in user.screens[0] if line.startswith("^")]
    assert "".join(legend).count("^") == len(keys) + 1
    assert all(not line.endswith("&") for line in legend)
    assert any(line.endswith("^Q save & quit") or line == "^Q save & quit" for line in legend)


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
