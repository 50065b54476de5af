"""One output-format protocol: every format renders what it applies to and refuses the rest.

The loop goes over every member of ``OutputFormat`` and every ``Subject``, so a format added
without its renders, or a subject without formats, fails here. PDFs are not rendered here
(tests/report and tests/compare read them back); their refusals are checked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rcr_checklist.app.inputs import score_path
from rcr_checklist.compare.build import build_comparison
from rcr_checklist.compare.model import Submission
from rcr_checklist.errors import InputError
from rcr_checklist.files.resources import examples_dir
from rcr_checklist.formats import (
    AssessmentDoc,
    ComparisonDoc,
    OutputFormat,
    RegisterDoc,
    Subject,
    choices,
    get_format,
    pick_format,
)
from rcr_checklist.model.bank import Bank

NAMES = ("chestflow", "fracturefinder")


@pytest.fixture(scope="module")
def docs(rcr_bank: Bank) -> dict[Subject, object]:
    items = [
        (f"examples/{name}.yaml", score_path(examples_dir() / f"{name}.yaml", rcr_bank).assessment)
        for name in NAMES
    ]
    comparison = build_comparison(
        rcr_bank, [Submission(s, a) for s, a in items], generated="2026-01-01T00:00:00Z"
    )
    return {
        Subject.ASSESSMENT: AssessmentDoc(rcr_bank, items[0][1]),
        Subject.COMPARISON: ComparisonDoc(rcr_bank, comparison),
        Subject.REGISTER: RegisterDoc(items),
    }


def _render(fmt: OutputFormat, subject: Subject, doc: object) -> str | bytes:
    writer = get_format(fmt)
    match subject:
        case Subject.ASSESSMENT:
            assert isinstance(doc, AssessmentDoc)
            return writer.assessment(doc)
        case Subject.COMPARISON:
            assert isinstance(doc, ComparisonDoc)
            return writer.comparison(doc)
        case Subject.REGISTER:
            assert isinstance(doc, RegisterDoc)
            return writer.register(doc)


@pytest.mark.parametrize("subject", list(Subject))
@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_renders_or_refuses_each_subject(
    fmt: OutputFormat, subject: Subject, docs: dict[Subject, object]
) -> None:
    writer = get_format(fmt)
    assert writer.name is fmt
    if subject not in writer.subjects:
        with pytest.raises(InputError) as refused:
            _render(fmt, subject, docs[subject])
        assert str(refused.value) == (
            f"--format: a {subject.value} cannot be written as {fmt.value}; "
            f"use one of {', '.join(choices(subject))}"
        )
        assert refused.value.exit_code == 2
        return
    if fmt is OutputFormat.PDF:
        return  # rendered and read back in tests/report and tests/compare
    out = _render(fmt, subject, docs[subject])
    text = out.decode("utf-8") if isinstance(out, bytes) else out
    assert "FractureFinder" in text or subject is Subject.ASSESSMENT
    assert "ChestFlow" in text
    if fmt is OutputFormat.JSON:
        json.loads(text)


def test_the_choices_are_what_the_commands_offer() -> None:
    assert choices(Subject.ASSESSMENT) == ["pdf", "html", "md", "json", "csv"]
    assert choices(Subject.COMPARISON) == ["pdf", "html", "md", "json", "csv"]
    assert choices(Subject.REGISTER) == ["table", "json", "csv"]


def test_a_format_that_does_not_apply_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as refused:
        pick_format(Subject.COMPARISON, tmp_path / "c.txt", "table")
    assert str(refused.value) == (
        f"{tmp_path / 'c.txt'}: --format: a comparison cannot be written as table; "
        "use one of pdf, html, md, json, csv"
    )
    with pytest.raises(InputError, match="cannot tell the comparison format from the file name"):
        pick_format(Subject.COMPARISON, tmp_path / "c.txt")
    assert pick_format(Subject.COMPARISON, tmp_path / "c.HTM") is OutputFormat.HTML


def test_the_commands_refuse_a_format_that_does_not_apply(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from rcr_checklist.cli import main

    inputs = [str(examples_dir() / f"{name}.yaml") for name in NAMES]
    out = tmp_path / "c.txt"
    result = CliRunner().invoke(main, ["compare", *inputs, "-o", str(out), "--format", "table"])
    assert result.exit_code == 2
    assert "'table' is not one of 'pdf', 'html', 'md', 'json', 'csv'" in result.output
    result = CliRunner().invoke(main, ["score", inputs[0], "--format", "pdf"])
    assert result.exit_code == 2
    assert "'pdf' is not one of 'table', 'json', 'csv'" in result.output
    assert not out.exists()


@pytest.mark.parametrize("subject", [Subject.ASSESSMENT, Subject.COMPARISON])
def test_a_format_other_than_the_file_names_is_refused(subject: Subject) -> None:
    """`-o x.pdf --format md` wrote Markdown into x.pdf, which no PDF viewer opens."""
    with pytest.raises(InputError) as raised:
        pick_format(subject, Path("x.pdf"), "md")
    assert str(raised.value) == (
        "x.pdf: --format: the file name ends in .pdf, a pdf file, but --format md was "
        "given; end it with .md or leave out --format"
    )
    # the same format, any case of suffix, or a suffix that names no format: as asked
    assert pick_format(subject, Path("x.MD"), "md") is OutputFormat.MD
    assert pick_format(subject, Path("x.txt"), "md") is OutputFormat.MD
    assert pick_format(subject, Path("x.htm"), "html") is OutputFormat.HTML


@pytest.mark.parametrize("fmt", [None, "md"])
def test_standard_output_is_refused_rather_than_a_file_named_dash(fmt: str | None) -> None:
    """`-o -` wrote a file called "-" (a breaker's trial): say it is not supported."""
    with pytest.raises(InputError) as raised:
        pick_format(Subject.ASSESSMENT, Path("-"), fmt)
    assert str(raised.value) == (
        "-: writing to standard output is not supported; give a file name (e.g. report.md) "
        "or a folder"
    )
