"""Values as people write them: yes/no as booleans, partial dates, quoted versions, numbers."""

from __future__ import annotations

import pytest

from rcr_checklist.errors import InputError
from rcr_checklist.files.answers_io import parse_answers
from rcr_checklist.model.answers import MAX_NUMBER

HEAD = "format: rcr-checklist/answers/v1\nbank: {id: b, version: 1.0.0}\n"


def _parse(body: str, name: str = "a.yaml"):
    return parse_answers(HEAD + body, name)[0]


def _error(body: str, name: str = "a.yaml") -> str:
    with pytest.raises(InputError) as caught:
        _parse(body, name)
    return str(caught.value)


@pytest.mark.parametrize(("written", "value"), [("true", "yes"), ("false", "no"), ("True", "yes")])
def test_yaml_booleans_are_yes_and_no(written, value):
    answers = _parse(f"product: {{name: X}}\nanswers:\n  q: {{value: {written}}}\n")
    assert answers.answers["q"].value == value


def test_json_booleans_are_yes_and_no():
    text = (
        '{"format": "rcr-checklist/answers/v1", "bank": {"id": "b", "version": "1.0.0"},'
        ' "product": {"name": "X"}, "answers": {"q": {"value": true}, "r": {"value": false}}}'
    )
    answers = parse_answers(text, "a.json")[0]
    assert (answers.answers["q"].value, answers.answers["r"].value) == ("yes", "no")


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("2025", "2025"),  # an unquoted year reads as the number 2025: taken as that year
        ('"2025"', "2025"),
        ("2025-06", "2025-06"),
        ('"2025-06"', "2025-06"),
        ("2025-06-30", "2025-06-30"),
    ],
)
def test_evidence_dates_as_precise_as_known_are_kept_as_written(written, shown):
    answers = _parse(
        f"product: {{name: X}}\nanswers:\n  q: {{evidence: [{{title: T, date: {written}}}]}}\n"
    )
    assert answers.answers["q"].evidence[0].date == shown


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("0", "0 is a number, not a date; write the date as YYYY-MM-DD, e.g. 2026-03-01"),
        ("20250630", "20250630 is a number, not a date"),
        ("2025.06", "2025.06 is a number, not a date"),
        ("-1", "-1 is a number, not a date"),
        ("1e9", "1000000000.0 is a number, not a date"),
        ("2025-13", "'2025-13' is not a date in the calendar"),
        ("2025-02-30", "'2025-02-30' is not a date in the calendar"),
        ("June 2025", "a date is written YYYY-MM-DD, YYYY-MM or YYYY"),
    ],
)
def test_a_number_is_never_an_evidence_date(written, message):
    error = _error(
        f"product: {{name: X}}\nanswers:\n  q:\n    evidence: [{{title: T, date: {written}}}]\n"
    )
    assert error.startswith(f"a.yaml:6: answers.q.evidence[0].date: {message}")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("0", "0 is a number, not a date; write the date as YYYY-MM-DD, e.g. 2026-03-01"),
        ("2025", "2025 is a number, not a date"),
        ("1700000000", "1700000000 is a number, not a date"),
        ("0.5", "0.5 is a number, not a date"),
        ("2025-06", "a date is written YYYY-MM-DD, e.g. 2026-03-01"),
        ("'0'", "a date is written YYYY-MM-DD"),
        ("2025-02-29", "'2025-02-29' is not a date in the calendar"),
    ],
)
def test_the_assessment_date_is_a_full_date_and_never_a_number(written, message):
    error = _error(f"product: {{name: X}}\nassessor: {{date: {written}}}\n")
    assert error == f"a.yaml:4: assessor.date: {message}" or error.startswith(
        f"a.yaml:4: assessor.date: {message}"
    )
    assert "1970" not in error


def test_a_full_date_is_read():
    assert str(_parse("product: {name: X}\nassessor: {date: 2026-03-01}\n").assessor.date) == (
        "2026-03-01"
    )


@pytest.mark.parametrize(
    ("field", "written", "message"),
    [
        (
            "product: {name: X, version: 1.10}",
            "1.10",
            'is text: write it in quotes, "1.10" (unquoted, 1.10 reads as the number 1.1)',
        ),
        ("product: {name: X, version: 2}", "2", 'is text: write it in quotes, "2"'),
        (
            "product: {name: X, version: 0x10}",
            "0x10",
            'is text: write it in quotes, "0x10" (unquoted, 0x10 reads as the number 16)',
        ),
        ("product: {name: 3.0}", "3.0", 'is text: write it in quotes, "3.0"'),
    ],
)
def test_numbers_where_text_is_expected_say_to_quote_them(field, written, message):
    error = _error(field + "\n")
    assert error.endswith(message), error
    assert written in error


def test_an_unquoted_bank_version_says_to_quote_it():
    text = "format: rcr-checklist/answers/v1\nbank: {id: b, version: 1.10}\nproduct: {name: X}\n"
    with pytest.raises(InputError) as caught:
        parse_answers(text, "a.yaml")
    assert str(caught.value) == (
        'a.yaml:2: bank.version: is text: write it in quotes, "1.10" '
        "(unquoted, 1.10 reads as the number 1.1)"
    )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (".inf", "must be a finite number (.inf, .nan and NaN are not answers)"),
        ("-.Inf", "must be a finite number"),
        (".nan", "must be a finite number"),
        ("1e400", "must be a finite number"),
        (str(MAX_NUMBER + 1), f"a number answer is at most {MAX_NUMBER:,} in size"),
        ("1e300", f"a number answer is at most {MAX_NUMBER:,} in size"),
    ],
)
def test_numbers_that_make_no_sense_as_answers_are_refused(written, message):
    error = _error(f"product: {{name: X}}\nanswers:\n  q: {{value: {written}}}\n")
    assert error.startswith(f"a.yaml:5: answers.q.value: {message}")


@pytest.mark.parametrize("written", [str(MAX_NUMBER), f"-{MAX_NUMBER}", "1.5e10", "0o17", "-0.0"])
def test_numbers_within_bounds_are_answers(written):
    value = _parse(f"product: {{name: X}}\nanswers:\n  q: {{value: {written}}}\n").answers["q"]
    assert value.value == float(int(written, 8) if written.startswith("0o") else written)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "0 is a number, not a date; write the date as YYYY-MM-DD"),
        (20250601, "20250601 is a number, not a date; write the date as YYYY-MM-DD"),
        (2025.5, "2025.5 is a number, not a date; write the date as YYYY-MM-DD"),
        ("20250601", "a date is expected as YYYY-MM-DD"),
        ("2025-02-30", "'2025-02-30' is not a date in the calendar"),
        ("2025-02-28", None),
    ],
)
def test_a_date_question_takes_a_date_never_a_number(value, message):
    from types import SimpleNamespace

    from rcr_checklist.files.answers_check import value_problem

    assert value_problem(SimpleNamespace(kind="date"), value) == message
