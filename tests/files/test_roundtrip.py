"""Saving into a hand-kept answers file changes only what changed (comments, order, layout)."""

from __future__ import annotations

import difflib
from pathlib import Path

from rcr_checklist.files.answers_io import load_answers, save_answers
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.files.resources import examples_dir
from rcr_checklist.questionnaire.flow import with_answer


def _diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_one_new_answer_in_a_commented_file_is_a_small_diff(tmp_path: Path) -> None:
    bank = load_bank()
    source = examples_dir() / "draft-inprogress.yaml"
    before = source.read_text(encoding="utf-8")
    assert before.count("#") >= 8  # a hand-kept file with comments
    path = tmp_path / "a.yaml"
    path.write_text(before, encoding="utf-8")
    answers = load_answers(path, bank).answers
    save_answers(answers, path)
    assert path.read_text(encoding="utf-8") == before  # nothing changed: not a byte
    new = next(q for q in bank.questions if q.id not in answers.answers and q.kind == "single")
    changed = with_answer(bank, answers, new.id, value=new.options[0].value)
    save_answers(changed, path)
    after = path.read_text(encoding="utf-8")
    assert _diff(before, after) == [
        f"+  {new.id}:",
        f"+    value: {new.options[0].value}",
    ]
    assert [line for line in after.splitlines() if "#" in line] == [
        line for line in before.splitlines() if "#" in line
    ]
    assert load_answers(path, bank).answers == changed


def test_a_changed_comment_and_value_touch_only_their_lines(tmp_path: Path) -> None:
    bank = load_bank()
    path = tmp_path / "a.yaml"
    before = (examples_dir() / "draft-inprogress.yaml").read_text(encoding="utf-8")
    path.write_text(before, encoding="utf-8")
    answers = load_answers(path, bank).answers
    qid = "facts.hosting"
    changed = with_answer(bank, answers, qid, value="on_premises", comment="Two\nlines")
    save_answers(changed, path)
    diff = _diff(before, path.read_text(encoding="utf-8"))
    assert len(diff) <= 6, diff
    assert "+    value: on_premises" in diff
    assert load_answers(path, bank).answers.answers[qid].comment == "Two\nlines"


def test_saving_answer_after_answer_reuses_the_document_and_writes_the_same_text(
    tmp_path: Path,
) -> None:
    """The questionnaire's saves skip parsing the file they wrote; the text is unchanged."""
    from rcr_checklist.files import roundtrip
    from rcr_checklist.files.answers_io import canonical_answers

    bank = load_bank()
    path = tmp_path / "a.yaml"
    path.write_text(
        (examples_dir() / "draft-inprogress.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    answers = load_answers(path, bank).answers
    missing = [q for q in bank.questions if q.id not in answers.answers and q.kind == "single"]
    for question in missing[:3]:
        answers = with_answer(bank, answers, question.id, value=question.options[-1].value)
        before = path.read_text(encoding="utf-8")
        reused = before in roundtrip._last_written
        save_answers(answers, path)
        roundtrip._last_written.clear()  # the same save with the file parsed afresh
        assert path.read_text(encoding="utf-8") == roundtrip.update_yaml(
            before, canonical_answers(answers)
        )
        assert reused or question is missing[0]
    # A file changed by hand between two saves is parsed again, not overwritten from memory.
    path.write_text(path.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    save_answers(answers, path)
    assert path.read_text(encoding="utf-8").endswith("# edited by hand\n")
