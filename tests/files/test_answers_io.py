"""Answers files: exact messages for bad input, version drift, canonical hashing, saving."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.banks import make_answers, write_tiny_bank
from rcr_checklist.errors import InputError
from rcr_checklist.files.answers_io import load_answers, save_answers
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.model.answers import answers_sha256

HEAD = (
    "format: rcr-checklist/answers/v1\nbank: {id: tiny-bank, version: 1.0.0}\nproduct: {name: P}\n"
)


@pytest.fixture
def bank(tmp_path):
    return load_bank(write_tiny_bank(tmp_path / "tb"))


ERRORS = {
    "typo in a field": (
        HEAD + "answers:\n  alpha.one: {value: full, evidnce: []}\n",
        "a.yaml:5: answers.alpha.one.evidnce: unknown field 'evidnce'; did you mean 'evidence'?",
    ),
    "a field of another section": (
        HEAD + "name: P\n",
        "a.yaml:4: name: unknown field 'name' here: it is a field of another section; check "
        "its indentation and the section above it",
    ),
    "option the question lacks": (
        HEAD + "answers:\n  alpha.one: {value: fulll}\n",
        "a.yaml:5: answers.alpha.one.value: 'fulll' is not an option (did you mean 'full'?); "
        "options: full, half, none",
    ),
    "n/a not allowed": (
        HEAD + "answers:\n  alpha.one: {value: n/a, justification: x}\n",
        "a.yaml:5: answers.alpha.one.value: this question does not allow 'n/a'",
    ),
    "n/a without justification": (
        HEAD + "answers:\n  alpha.wcag: {value: n/a}\n",
        "a.yaml:5: answers.alpha.wcag.justification: 'n/a' needs a justification saying why "
        "it does not apply",
    ),
    "multi answer not a list": (
        HEAD + "answers:\n  alpha.multi: {value: iso13485}\n",
        "a.yaml:5: answers.alpha.multi.value: a multi-choice answer is a list, e.g. [iso13485]; "
        "options: iso13485, iec62304, iso14971, none",
    ),
    "another bank": (
        HEAD.replace("tiny-bank", "other"),
        "a.yaml:2: bank.id: written for bank 'other', not 'tiny-bank'; use --bank to choose the "
        "right bank",
    ),
    "newer format": (
        HEAD.replace("v1", "v2"),
        "a.yaml:1: format: 'rcr-checklist/answers/v2' is newer or older than this tool reads "
        "('rcr-checklist/answers/v1'); upgrade rcr-checklist",
    ),
    "empty file": (
        "",
        "a.yaml: the file is empty; see `rcr-checklist schema answers` for the format",
    ),
    "not a mapping": (
        "- a\n- b\n",
        "a.yaml:1: must be a mapping (YAML) or an object (JSON) with format, bank, product and "
        "answers",
    ),
    "a mapping as a value": (
        HEAD + "answers:\n  alpha.one: {value: {a: 1}}\n",
        "a.yaml:5: answers.alpha.one.value: must be an option value, a list of option values, "
        "text, a number or a date (YYYY-MM-DD)",
    ),
    "missing product": (
        "format: rcr-checklist/answers/v1\nbank: {id: tiny-bank, version: 1.0.0}\n",
        "a.yaml:1: product: is required but missing",
    ),
    "alias": (HEAD + "x: &a [1]\ny: *a\n", "a.yaml:5: YAML aliases (*name) are not allowed here"),
    "python tag": (
        HEAD + "answers: !!python/object:os.system {}\n",
        "a.yaml:4: YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed; use "
        "plain data",
    ),
    "duplicate key": (HEAD + "product: {name: Q}\n", "a.yaml:4: product: this key appears twice"),
    "bad date": (
        HEAD + "assessor: {date: 2026-13-45}\n",
        "a.yaml:4: assessor.date: '2026-13-45' is not a date in the calendar",
    ),
    "date not written YYYY-MM-DD": (
        HEAD + "assessor: {date: 09/11/2026}\n",
        "a.yaml:4: assessor.date: a date is written YYYY-MM-DD, e.g. 2026-03-01 (got '09/11/2026')",
    ),
    "tab indentation": (
        HEAD + "answers:\n\talpha.one: {value: full}\n",
        "a.yaml:5: a tab character cannot indent YAML; use spaces",
    ),
    "text over the limit names its field": (
        HEAD + "answers:\n  alpha.one: {value: full, comment: " + "x" * 20_001 + "}\n",
        "a.yaml:5: answers.alpha.one.comment: a text of 20,001 characters is longer than the "
        "limit of 20,000",
    ),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_bad_answers_messages(case, bank, tmp_path):
    text, expected = ERRORS[case]
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_answers(path, bank, source="a.yaml")
    assert str(info.value) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            (HEAD + "assessor: {name: Jos\xe9}\n").encode("latin-1"),
            "a.yaml:4: byte 0xe9 is not UTF-8; save the file as UTF-8",
        ),
        (HEAD.encode("utf-16"), "a.yaml:1: the file is UTF-16; save it as UTF-8"),
        (
            b"\x00\x01\x02binary",
            "a.yaml:1: control character U+0000 is not allowed (is this a binary file?)",
        ),
    ],
)
def test_bad_bytes(raw, expected, bank, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(raw)
    with pytest.raises(InputError) as info:
        load_answers(path, bank, source="a.yaml")
    assert str(info.value) == expected


def test_bom_is_accepted(bank, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + HEAD.encode())
    assert load_answers(path, bank).answers.product.name == "P"


def test_unknown_question_is_a_warning(bank, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(HEAD + "answers:\n  alpha.uno: {value: full}\n", encoding="utf-8")
    loaded = load_answers(path, bank, source="a.yaml")
    assert [str(w) for w in loaded.warnings] == [
        "a.yaml:5: answers.alpha.uno: no such question in this bank; the answer is kept but "
        "not scored (did you mean 'alpha.one'?)"
    ]
    assert loaded.removed_questions == ["alpha.uno"]
    assert "alpha.uno" in loaded.answers.answers


def test_other_bank_version_loads_with_report(bank, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(
        HEAD.replace("1.0.0", "0.9.0") + "answers:\n  alpha.one: {value: full}\n", encoding="utf-8"
    )
    loaded = load_answers(path, bank, source="a.yaml")
    assert [str(w) for w in loaded.warnings] == [
        "a.yaml:2: bank.version: written for bank version 0.9.0, scored with 1.0.0"
    ]
    assert loaded.new_questions == ["alpha.wcag", "alpha.multi", "beta.marking", "beta.dcb0129"]


def test_yes_stays_a_string_and_numbers_parse(bank, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(
        HEAD + "answers:\n  facts.device: {value: yes}\n  beta.note: {value: '42'}\n",
        encoding="utf-8",
    )
    answers = load_answers(path, bank).answers
    assert answers.answers["facts.device"].value == "yes"
    assert answers.answers["beta.note"].value == "42"


def test_save_round_trip_and_canonical_hash(bank, tmp_path):
    answers = make_answers(
        bank,
        {
            "alpha.one": {
                "value": "full",
                "evidence": [{"title": "Cert", "date": "2026-01-02"}],
                "comment": "Line one\nLine two — ŵ 中文 🙂",
            },
            "alpha.multi": ["iso13485"],
        },
    )
    (tmp_path / "o").mkdir()
    path = tmp_path / "o" / "out.yaml"
    save_answers(answers, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=answers.schema.json\n")
    again = load_answers(path, bank).answers
    assert again == answers
    assert answers_sha256(again) == answers_sha256(answers)
    assert [p.name for p in path.parent.iterdir()] == ["out.yaml"]  # no temporary file left


def test_canonical_hash_ignores_formatting(bank, tmp_path):
    one = tmp_path / "one.yaml"
    two = tmp_path / "two.yaml"
    one.write_text(HEAD + "answers:\n  alpha.one: {value: full}\n", encoding="utf-8")
    two.write_text(
        "# comment\nproduct:\n  name: P\nanswers:\n  alpha.one:\n    value: full\n"
        "bank: {version: 1.0.0, id: tiny-bank}\nformat: rcr-checklist/answers/v1\n",
        encoding="utf-8",
    )
    assert answers_sha256(load_answers(one, bank).answers) == answers_sha256(
        load_answers(two, bank).answers
    )


def test_full_disk_keeps_previous_file(bank, tmp_path, monkeypatch):
    import errno

    import rcr_checklist.files.atomic as atomic

    path = tmp_path / "a.yaml"
    path.write_text("previous", encoding="utf-8")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", no_space)
    with pytest.raises(OSError, match="No space left"):
        save_answers(make_answers(bank, {}), path)
    assert path.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "tb"]


def test_missing_file_and_folder(bank, tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_answers(tmp_path / "nope.yaml", bank)
    with pytest.raises(InputError, match="is a folder, not a file"):
        load_answers(tmp_path, bank)
    assert Path(tmp_path).exists()


def test_schema_and_bank_problems_come_in_one_run(bank, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(
        HEAD.replace("product: {name: P}", "product: {name: P, manufactuer: Y}")
        + "answers:\n  alpha.one: {value: fulll, coment: x}\n  alpha.wcag: {value: n/a}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_answers(path, bank, source="a.yaml")
    assert [str(p) for p in info.value.problems] == [
        "a.yaml:3: product.manufactuer: unknown field 'manufactuer'; did you mean 'manufacturer'?",
        "a.yaml:5: answers.alpha.one.coment: unknown field 'coment'; did you mean 'comment'?",
        "a.yaml:5: answers.alpha.one.value: 'fulll' is not an option (did you mean 'full'?); "
        "options: full, half, none",
        "a.yaml:6: answers.alpha.wcag.justification: 'n/a' needs a justification saying why it "
        "does not apply",
    ]


def test_an_empty_answer_is_unanswered(bank, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(HEAD + "answers:\n  alpha.one:\n  beta.marking: ~\n", encoding="utf-8")
    answers = load_answers(path, bank).answers
    assert answers.answers["alpha.one"].value is None
    assert answers.answers["beta.marking"].value is None


def test_a_misspelt_question_id_is_listed_with_the_errors(bank, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(
        HEAD + "answers:\n  alpha.onee: {value: full}\n  beta.marking: {value: nope}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_answers(path, bank, source="a.yaml")
    assert [p.field for p in info.value.problems] == [
        "answers.alpha.onee",
        "answers.beta.marking.value",
    ]
    assert "did you mean 'alpha.one'?" in str(info.value.problems[0])


def test_not_disclosed_is_accepted_on_every_kind_of_question(bank, tmp_path):
    body = "".join(
        f"  {qid}: {{value: not-disclosed}}\n"
        for qid in ("facts.device", "alpha.one", "alpha.multi", "alpha.wcag", "beta.note")
    )
    path = tmp_path / "a.yaml"
    path.write_text(HEAD + "answers:\n" + body, encoding="utf-8")
    loaded = load_answers(path, bank, source="a.yaml")
    assert loaded.warnings == []
    assert {a.value for a in loaded.answers.answers.values()} == {"not-disclosed"}


@pytest.mark.parametrize("bad_value", [False, True])
def test_unknown_question_ids_past_twenty_are_counted_in_one_line_without_suggestions(
    bank, tmp_path, monkeypatch, bad_value
):
    import rcr_checklist.files.answers_check as check

    calls: list[str] = []
    real_closest = check.closest

    def counting(word: str, candidates: object) -> str | None:
        calls.append(word)
        return real_closest(word, candidates)  # type: ignore[arg-type]

    monkeypatch.setattr(check, "closest", counting)
    unknown = "".join(f"  unknown.q{n}: {{value: x}}\n" for n in range(2000))
    bad = "  beta.marking: {value: nope}\n" if bad_value else ""
    path = tmp_path / "a.yaml"
    path.write_text(HEAD + "answers:\n" + unknown + bad, encoding="utf-8")
    if bad_value:
        with pytest.raises(InputError) as info:
            load_answers(path, bank, source="a.yaml")
        notes = [str(p) for p in info.value.problems]
        assert notes[-1].startswith("a.yaml:2005: answers.beta.marking.value: ")
        notes = notes[:-1]
    else:
        loaded = load_answers(path, bank, source="a.yaml")
        notes = [str(w) for w in loaded.warnings]
        assert len(loaded.removed_questions) == 2000
    summary = "a.yaml:4: answers: ... and 1,980 more unknown question ids; kept but not scored"
    assert sorted(notes, key=lambda n: n != summary) == [summary] + [
        f"a.yaml:{5 + n}: answers.unknown.q{n}: no such question in this bank; the answer is "
        "kept but not scored"
        for n in range(20)
    ]
    assert len(calls) <= 2 * 20  # the suggestion work stops after twenty


def test_an_assessment_dated_in_the_future_is_refused_where_it_is_written(bank, tmp_path):
    """The cover prints the date: 2099 would tell a reader the assessment is newer than it is."""
    import datetime as dt

    from rcr_checklist.model.fields import latest_date_today

    latest = latest_date_today()
    path = tmp_path / "a.yaml"
    future = latest + dt.timedelta(days=1)
    path.write_text(HEAD + f"assessor: {{name: A, date: {future.isoformat()}}}\n", "utf-8")
    with pytest.raises(InputError) as raised:
        load_answers(path, bank)
    assert str(raised.value) == (
        f"{path}:4: assessor.date: {future.isoformat()} is in the future (today is "
        f"{latest.isoformat()} at the latest, anywhere on Earth); give the date the answers "
        f"were given (got '{future.isoformat()}')"
    )
    path.write_text(HEAD + f"assessor: {{name: A, date: {latest.isoformat()}}}\n", "utf-8")
    assert load_answers(path, bank).answers.assessor.date == latest
