"""The questionnaire's pure flow, driven by a scripted fake asker (no terminal)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers.flow import KEEP, FakeAsker, q, run, start, write_flow_bank
from rcr_checklist.files.answers_io import load_answers, save_answers
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.limits import NA, NOT_DISCLOSED
from rcr_checklist.model.answers import AnswersFile
from rcr_checklist.model.bank import Bank
from rcr_checklist.questionnaire.flow import (
    FIRST_STEP,
    Flow,
    Step,
    new_answers,
    resume_summary,
    with_answer,
)
from rcr_checklist.questionnaire.prompts import ask_value, parse_typed
from rcr_checklist.questionnaire.protocol import Nav
from rcr_checklist.questionnaire.session import Questionnaire


@pytest.fixture
def bank(tmp_path: Path) -> Bank:
    return load_bank(write_flow_bank(tmp_path / "flowbank"))


# --- Flow: visibility, order, back, resume point -------------------------------------------


def test_steps_start_with_product_then_assessor_then_visible_questions(bank: Bank) -> None:
    flow = Flow(bank, start(bank))
    kinds = [s.kind for s in flow.steps]
    assert kinds[:10] == ["product"] * 6 + ["assessor"] * 4
    assert [s.key for s in flow.steps[10:]] == [
        "facts.device",
        "facts.ui",
        "first.marking",
        "first.standards",
        "second.safety",
        "second.sites",
    ]
    assert flow.steps[0] == FIRST_STEP


def test_show_if_adds_and_removes_questions_as_answers_change(bank: Bank) -> None:
    assert q("first.wcag") not in Flow(bank, start(bank)).steps
    shown = Flow(bank, start(bank, {"facts.ui": "yes"}))
    assert shown.next_step(q("first.marking")) == q("first.wcag")
    hidden = Flow(bank, start(bank, {"facts.ui": "no"}))
    assert q("first.wcag") not in hidden.steps
    assert hidden.next_step(q("first.marking")) == q("first.standards")
    # A step that is hidden now still has a place in the order.
    assert hidden.next_step(q("first.wcag")) == q("first.standards")
    assert hidden.previous_step(q("first.wcag")) == q("first.marking")


def test_profile_filters_questions(bank: Bank) -> None:
    flow = Flow(bank, start(bank, profile="clinician"))
    assert [s.key for s in flow.steps if s.kind == "question"] == [
        "facts.device",
        "first.marking",
        "second.safety",
    ]


def test_next_and_previous_cross_sections(bank: Bank) -> None:
    flow = Flow(bank, start(bank))
    assert flow.next_step(None) == FIRST_STEP
    assert flow.previous_step(FIRST_STEP) is None
    assert flow.next_step(Step("product", "care_setting")) == Step("assessor", "name")
    assert flow.next_step(Step("assessor", "date")) == q("facts.device")
    assert flow.previous_step(q("facts.device")) == Step("assessor", "date")
    assert flow.next_step(q("second.sites")) is None


def test_resume_point_is_first_unanswered_visible_question(bank: Bank) -> None:
    assert Flow(bank, start(bank)).resume_point() == q("facts.device")
    partly = start(bank, {"facts.device": "yes", "facts.ui": "no", "first.marking": "marked"})
    assert Flow(bank, partly).resume_point() == q("first.standards")
    # n/a counts as answered; a hidden question never is the resume point.
    with_na = with_answer(bank, partly, "first.standards", value=NA, justification="none")
    assert Flow(bank, with_na).resume_point() == q("second.safety")
    full = start(
        bank,
        {
            "facts.device": "yes",
            "facts.ui": "no",
            "first.marking": "marked",
            "first.standards": ["iso13485"],
            "second.safety": "complete",
            "second.sites": 3.0,
        },
    )
    assert Flow(bank, full).resume_point() is None


def test_progress_line_counts_visible_questions_of_the_principle(bank: Bank) -> None:
    flow = Flow(bank, start(bank, {"facts.ui": "yes"}))
    assert flow.progress(q("first.wcag")).line() == "Principle 1 of 2 - question 2 of 3"
    assert flow.progress(q("facts.ui")).line() == "Product facts - question 2 of 2"
    assert flow.progress(q("second.sites")).section == "Principle 2 of 2"


def test_resume_summary_counts_per_section(bank: Bank) -> None:
    text = resume_summary(Flow(bank, start(bank, {"facts.device": "yes", "facts.ui": "no"})))
    assert text.splitlines() == [
        "2 of 6 questions answered.",
        "  Product facts: 2 of 2",
        "  1. First principle: 0 of 2",
        "  2. Second principle: 0 of 2",
    ]


def test_parse_typed_values(bank: Bank) -> None:
    sites = bank.by_id["second.sites"]
    assert parse_typed(sites, "12") == 12.0
    with pytest.raises(ValueError, match="at least 0"):
        parse_typed(sites, "-1")
    with pytest.raises(ValueError, match="a number is expected"):
        parse_typed(sites, "many")


def test_with_answer_keeps_bank_order(bank: Bank) -> None:
    file = start(bank, {"second.safety": "complete", "facts.device": "yes"})
    assert list(file.answers) == ["facts.device", "second.safety"]


# --- The conversation -----------------------------------------------------------------------


def test_answer_then_comment_on_demand_and_every_answer_is_saved(bank: Bank) -> None:
    outcome, session, asker, saved = run(
        bank,
        start(bank),
        [
            ("choose", Nav.COMMENT),  # facts.device: the comment key first
            ("text", "Class IIa"),
            ("choose", "yes"),  # then the answer; no comment prompt follows it
            ("choose", Nav.QUIT),  # facts.ui
        ],
        q("facts.device"),
    )
    assert outcome == "quit"
    assert [s.answers["facts.device"].comment for s in saved] == ["Class IIa", "Class IIa"]
    assert saved[-1].answers["facts.device"].value == "yes"
    assert session.answers == saved[-1]
    assert ("progress", "Product facts - question 1 of 2") in asker.shown
    assert ("header", "Product facts") in asker.shown


def test_no_comment_prompt_after_an_answer(bank: Bank) -> None:
    _, _, asker, saved = run(
        bank, start(bank), [("choose", "yes"), ("choose", Nav.QUIT)], q("facts.device")
    )
    assert [m for _, m, _ in asker.asked] == ["Is it a medical device?", "Has it a user interface?"]
    assert len(saved) == 1


def test_every_question_offers_the_key_scheme(bank: Bank) -> None:
    _, _, asker, _ = run(
        bank,
        start(bank, {"facts.ui": "yes", "first.marking": "marked"}),
        [("choose", Nav.SKIP), ("choose", Nav.SKIP), ("many", Nav.SKIP), ("choose", Nav.QUIT)],
        q("first.marking"),
    )
    marking, wcag, standards, _ = asker.keys
    assert marking == [
        Nav.HELP,
        Nav.BACK,
        Nav.SKIP,
        Nav.NOT_DISCLOSED,
        Nav.COMMENT,
        Nav.CLEAR,
        Nav.QUIT,
    ]
    assert wcag == [Nav.BACK, Nav.SKIP, Nav.NA, Nav.NOT_DISCLOSED, Nav.COMMENT, Nav.QUIT]
    assert standards == wcag  # tick lists offer the same keys as menus


def test_not_disclosed_key_stores_the_value(bank: Bank) -> None:
    _, session, _, _ = run(
        bank, start(bank), [("choose", Nav.NOT_DISCLOSED), ("choose", Nav.QUIT)], q("facts.device")
    )
    assert session.answers.answers["facts.device"].value == NOT_DISCLOSED


def test_back_returns_to_previous_question_with_its_answer_as_default(bank: Bank) -> None:
    outcome, session, asker, _ = run(
        bank,
        start(bank),
        [
            ("choose", "yes"),  # facts.device
            ("choose", Nav.BACK),  # facts.ui -> back
            ("choose", "no"),  # facts.device again
            ("choose", Nav.QUIT),
        ],
        q("facts.device"),
    )
    assert outcome == "quit"
    messages = [(m, d) for kind, m, d in asker.asked if kind == "choose"]
    assert messages[2] == ("Is it a medical device?", "yes")
    assert session.answers.answers["facts.device"].value == "no"


def test_back_from_first_question_reaches_assessor_fields(bank: Bank) -> None:
    _, session, asker, _ = run(
        bank,
        start(bank),
        [("choose", Nav.BACK), ("text", "2026-03-01"), ("choose", Nav.QUIT)],
        q("facts.device"),
    )
    assert asker.asked[1][1] == "Date of the assessment (YYYY-MM-DD)"
    assert str(session.answers.assessor.date) == "2026-03-01"


def test_skip_leaves_question_unanswered_and_saves_nothing(bank: Bank) -> None:
    outcome, session, _, saved = run(
        bank,
        start(bank),
        [("choose", Nav.SKIP), ("choose", Nav.SKIP), ("choose", Nav.QUIT)],
        q("facts.device"),
    )
    assert outcome == "quit"
    assert saved == []
    assert session.answers.answers == {}


def test_help_is_shown_on_request_then_the_question_is_asked_again(bank: Bank) -> None:
    _, _, asker, _ = run(
        bank,
        start(bank),
        [("choose", Nav.HELP), ("choose", Nav.QUIT)],
        q("facts.device"),
    )
    assert ("help", "Device help.") in asker.shown
    assert [m for _, m, _ in asker.asked] == ["Is it a medical device?"] * 2


def test_hidden_question_appears_and_disappears(bank: Bank) -> None:
    shown_script = [
        ("choose", "yes"),  # facts.ui
        ("choose", Nav.SKIP),  # first.marking
        ("choose", Nav.QUIT),  # first.wcag is asked
    ]
    _, _, asker, _ = run(bank, start(bank), shown_script, q("facts.ui"))
    assert asker.asked[-1][1] == "Does the interface meet WCAG 2.1 AA?"
    hidden_script = [
        ("choose", "no"),  # facts.ui
        ("choose", Nav.SKIP),  # first.marking
        ("many", Nav.QUIT),  # first.standards (wcag is hidden)
    ]
    _, _, asker, _ = run(bank, start(bank, {"facts.ui": "yes"}), hidden_script, q("facts.ui"))
    assert "Does the interface meet WCAG 2.1 AA?" not in [m for _, m, _ in asker.asked]
    assert asker.asked[-1][1] == "Which standards?"


def test_na_asks_for_justification_showing_na_when(bank: Bank) -> None:
    _, session, asker, _ = run(
        bank,
        start(bank, {"facts.ui": "yes"}),
        [
            ("choose", Nav.NA),
            ("text", ""),  # no justification: asked again
            ("choose", Nav.NA),
            ("text", "Engineers only."),
            ("many", Nav.QUIT),  # first.standards
        ],
        q("first.wcag"),
    )
    answer = session.answers.answers["first.wcag"]
    assert answer.value == NA
    assert answer.justification == "Engineers only."
    assert ("help", "n/a is meant for: Only engineers use the screens.") in asker.shown
    assert Nav.NA in asker.keys[0]


def test_na_not_offered_where_not_allowed(bank: Bank) -> None:
    _, _, asker, _ = run(bank, start(bank), [("choose", Nav.QUIT)], q("first.marking"))
    assert Nav.NA not in asker.keys[0] and Nav.NA not in asker.choices[0]
    assert {Nav.BACK, Nav.SKIP, Nav.HELP, Nav.QUIT} <= set(asker.keys[0])
    assert asker.choices[0] == ["marked", "pending", "none"]  # the menu holds answers only


def test_positive_answer_asks_for_required_evidence(bank: Bank) -> None:
    _, session, asker, saved = run(
        bank,
        start(bank),
        [
            ("choose", "marked"),
            ("confirm", KEEP),  # default yes: evidence is required and none given
            ("text", "UKCA certificate"),
            ("text", "https://example.org/cert.pdf"),
            ("text", "2026-01-15"),
            ("confirm", True),
            ("text", "Declaration of conformity"),
            ("text", ""),
            ("text", ""),
            ("confirm", False),
            ("many", Nav.QUIT),  # first.standards
        ],
        q("first.marking"),
    )
    answer = session.answers.answers["first.marking"]
    assert [(e.title, e.ref, str(e.date) if e.date else None) for e in answer.evidence] == [
        ("UKCA certificate", "https://example.org/cert.pdf", "2026-01-15"),
        ("Declaration of conformity", None, None),
    ]
    assert len(saved) == 3  # value, two evidence items
    assert ("info", "This answer needs evidence: The certificate.") in asker.shown
    assert [d for kind, _, d in asker.asked if kind == "confirm"] == [True, False, False]


def test_zero_score_answer_asks_no_evidence(bank: Bank) -> None:
    _, session, asker, _ = run(
        bank,
        start(bank),
        [("choose", "none"), ("many", Nav.QUIT)],
        q("first.marking"),
    )
    assert "confirm" not in [kind for kind, _, _ in asker.asked]
    assert session.answers.answers["first.marking"].value == "none"


def test_multi_choice_values_skip_clear_and_optional_evidence(bank: Bank) -> None:
    _, session, asker, _ = run(
        bank,
        start(bank, {"facts.ui": "no"}),
        [
            ("many", Nav.SKIP),
            ("choose", Nav.BACK),  # second.safety -> back to first.standards
            ("many", ["iso13485", "iec62304"]),  # evidence optional: not offered
            ("choose", Nav.BACK),
            ("many", Nav.CLEAR),
            ("choose", Nav.QUIT),
        ],
        q("first.standards"),
    )
    assert "first.standards" not in session.answers.answers
    many_defaults = [d for kind, _, d in asker.asked if kind == "many"]
    assert many_defaults == [[], [], ["iso13485", "iec62304"]]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, "Nothing is ticked: a number or Space ticks an option; ^S skips the question"),
        (
            ["iso13485"],
            "Nothing is ticked: a number or Space ticks an option; ^R clears the answer",
        ),
    ],
)
def test_an_empty_tick_list_is_refused_with_what_to_do(
    bank: Bank, given: list[str] | None, expected: str
) -> None:
    """Enter on nothing ticked is not an answer (it used to echo "done" and skip)."""
    answers = start(bank, {"first.standards": given} if given else {})
    checks: list[Callable[[list[Any]], str | None]] = []

    class Asker(FakeAsker):
        def choose_many(self, *args: Any, **kwargs: Any) -> Any:
            checks.append(args[3])
            return Nav.QUIT

    current = answers.answers.get("first.standards")
    assert ask_value(Asker([]), bank.by_id["first.standards"], current) is Nav.QUIT
    assert [checks[0]([]), checks[0](["iso13485"])] == [expected, None]


def test_a_fact_the_bank_asks_fills_the_product_field_for_the_cover(tmp_path: Path) -> None:
    real = load_bank()
    answers = new_answers(real, "Product X", "vendor")
    _, session, _, _ = run(
        real, answers, [("many", ["ct", "mr"]), ("choose", Nav.QUIT)], q("facts.modality")
    )
    assert session.answers.product.modality == "CT, MRI"


def test_multi_na(bank: Bank) -> None:
    _, session, _, _ = run(
        bank,
        start(bank),
        [("many", Nav.NA), ("text", "Not software."), ("choose", Nav.QUIT)],
        q("first.standards"),
    )
    assert session.answers.answers["first.standards"].value == NA


def test_number_question_text_navigation(bank: Bank) -> None:
    outcome, session, asker, _ = run(
        bank,
        start(bank),
        [
            ("text", Nav.BACK),  # back to second.safety
            ("choose", Nav.SKIP),
            ("text", "12"),
            ("choose", Nav.FINISH),  # the end: others are unanswered
        ],
        q("second.sites"),
    )
    assert session.answers.answers["second.sites"].value == 12.0
    assert outcome == "finished"
    assert asker.asked[0][1] == "How many sites use it? (sites)"
    assert Nav.NOT_DISCLOSED in asker.keys[0] and Nav.COMMENT in asker.keys[0]


def test_product_fields_back_help_and_required_name(bank: Bank) -> None:
    _, session, asker, saved = run(
        bank,
        start(bank),
        [
            ("text", "2.0"),  # version
            ("text", Nav.HELP),  # manufacturer: help
            ("text", Nav.BACK),  # manufacturer: back
            ("text", KEEP),  # version again, unchanged
            ("text", "Acme"),
            ("text", Nav.BACK),  # intended purpose: back
            ("text", Nav.BACK),  # manufacturer: back
            ("text", Nav.BACK),  # version: back
            ("text", "Product Y"),  # name
            ("text", KEEP),
            ("text", KEEP),
            ("text", "Detects pneumothorax on chest X-rays."),
            ("text", ""),
            ("text", ""),
            ("text", "Dr A"),
            ("text", ""),
            ("text", ""),
            ("text", "2026-03-01"),
            ("choose", Nav.QUIT),
        ],
        Step("product", "version"),
    )
    product = session.answers.product
    assert (product.name, product.version, product.manufacturer) == ("Product Y", "2.0", "Acme")
    assert product.intended_purpose == "Detects pneumothorax on chest X-rays."
    assert session.answers.assessor.name == "Dr A"
    assert ("help", "The legal manufacturer named in the labelling.") in asker.shown
    assert len(saved) == 6
    headers = [t for kind, t in asker.shown if kind == "header"]
    assert headers[:2] == ["About the product", "About you (the assessor)"]


def test_assessor_date_defaults_to_today(bank: Bank) -> None:
    import datetime as dt

    _, session, _, _ = run(
        bank, start(bank), [("text", KEEP), ("choose", Nav.QUIT)], Step("assessor", "date")
    )
    assert session.answers.assessor.date == dt.date.today()


def test_end_offers_to_answer_skipped_questions_only(bank: Bank) -> None:
    answers = start(
        bank,
        {"facts.device": "yes", "facts.ui": "no", "first.marking": "marked", "second.sites": 2.0},
    )
    outcome, session, asker, _ = run(
        bank,
        answers,
        [
            ("choose", Nav.FILL),  # 2 unanswered
            ("many", ["iso13485"]),  # first.standards
            ("choose", "complete"),  # second.safety; second.sites is answered: not asked
        ],
        None,
    )
    assert outcome == "finished"
    assert asker.asked[0][1] == "2 of 6 questions are unanswered."
    assert Flow(bank, session.answers).unanswered() == []


def test_end_finish_and_quit(bank: Bank) -> None:
    outcome, _, _, _ = run(bank, start(bank), [("choose", Nav.FINISH)], None)
    assert outcome == "finished"
    outcome, _, _, _ = run(bank, start(bank), [("choose", Nav.QUIT)], None)
    assert outcome == "quit"


def test_save_failure_keeps_previous_state_and_asks_again(bank: Bank) -> None:
    calls: list[AnswersFile] = []

    def save(answers: AnswersFile) -> None:
        calls.append(answers)
        if len(calls) == 1:
            raise OSError(28, "No space left on device")

    asker = FakeAsker([("choose", "yes"), ("choose", "yes"), ("choose", Nav.QUIT)])
    session = Questionnaire(bank, start(bank), asker, save)
    assert session.run(q("facts.device")) == "quit"
    assert any("No space left on device" in t for kind, t in asker.shown if kind == "warning")
    assert session.answers.answers["facts.device"].value == "yes"
    assert len(calls) == 2


def test_ctrl_c_propagates_after_answers_are_saved(bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    asker = FakeAsker([("choose", "yes"), ("choose", KeyboardInterrupt())])
    session = Questionnaire(bank, start(bank), asker, lambda a: save_answers(a, path))
    with pytest.raises(KeyboardInterrupt):
        session.run(q("facts.device"))
    assert load_answers(path, bank).answers.answers["facts.device"].value == "yes"


def test_flow_over_the_bundled_bank() -> None:
    real = load_bank()
    answers = new_answers(real, "Product X", "vendor")
    flow = Flow(real, answers)
    first = next(q for q in real.questions if "vendor" in q.profiles and q.show_if is None)
    assert flow.resume_point() == q(first.id)
    # Each fact is asked once: the bank asks intended purpose, modality and care setting, so
    # the product fields of the same names are not asked separately.
    fields = [s.key for s in flow.steps if s.kind != "question"]
    assert fields == ["name", "version", "manufacturer", "name", "role", "organisation", "date"]
    assert len(flow.steps) == 7 + len(flow.questions)
    assert flow.next_step(Step("assessor", "date")) == q(flow.questions[0].id)


def test_the_flow_does_not_import_questionary() -> None:
    import subprocess
    import sys

    code = (
        "import sys, rcr_checklist.questionnaire.session, rcr_checklist.cli; "
        "bad = [m for m in ('questionary', 'prompt_toolkit') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
