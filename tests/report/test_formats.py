"""Report formats other than PDF, the view model, the report command and its safety rules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.reports import HOSTILE, answers_data, answers_model, full_answers, write_answers
from rcr_checklist.app.report import write_report
from rcr_checklist.cli import main
from rcr_checklist.errors import InputError
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.formats import (
    AssessmentDoc,
    OutputFormat,
    Subject,
    get_format,
    pick_format,
    render_assessment,
)
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import Assessment, score
from rcr_checklist.report.context import build_context, explain
from rcr_checklist.report.render import md_escape


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


@pytest.fixture(scope="module")
def assessment(bank: Bank) -> Assessment:
    answers = full_answers(bank, skip_last=1)
    first = next(q.id for q in bank.questions if bank.is_scored(q.id))
    answers[first]["comment"] = "\n".join(HOSTILE.values()) + "\n| a | b |\n# heading\n- item"
    return score(bank, answers_model(answers_data(bank, answers, name="Evil {{ 7*7 }} | x")))


@pytest.mark.parametrize(
    "fmt", [f for f in OutputFormat if f is not OutputFormat.PDF and f is not OutputFormat.TABLE]
)
def test_every_text_format_renders(fmt: OutputFormat, bank: Bank, assessment: Assessment) -> None:
    writer = get_format(fmt)
    assert writer.name is fmt
    assert writer.suffixes[0] == f".{fmt.value}"
    out = writer.assessment(AssessmentDoc(bank, assessment))
    assert isinstance(out, str)
    assert "{{ 7*7 }}" in out or "\\{\\{ 7\\*7 \\}\\}" in out
    assert "Evil 49" not in out


def test_json_is_the_assessment(bank: Bank, assessment: Assessment) -> None:
    out = render_assessment(bank, assessment, OutputFormat.JSON)
    assert isinstance(out, str)
    assert json.loads(out) == assessment.model_dump(mode="json")


def test_html_escapes_untrusted_text(bank: Bank, assessment: Assessment) -> None:
    html = render_assessment(bank, assessment, OutputFormat.HTML, detail="full")
    assert isinstance(html, str)
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "&lt;/td&gt;&lt;/table&gt;&lt;h1&gt;Injected heading&lt;/h1&gt;" in html
    assert '<link rel="attachment"' not in html
    assert html.count("<h1") == html.count("</h1>")
    assert "<svg" in html and "<title>" in html  # score bars with their text alternative


def test_markdown_escapes_untrusted_text(bank: Bank, assessment: Assessment) -> None:
    md = render_assessment(bank, assessment, OutputFormat.MD)
    assert isinstance(md, str)
    assert "Evil \\{\\{ 7\\*7 \\}\\} \\| x" in md
    assert '\\<img src="file:///etc/passwd"\\>' in md
    assert "<img" not in md.replace("\\<img", "")
    for p in assessment.principles:
        assert f"| {p.number} | {p.title} | " in md
    # Every table row keeps its table's column count: no untrusted "|" leaks.
    columns = None
    for line in md.splitlines():
        if not line.startswith("|"):
            columns = None
            continue
        count = line.replace("\\|", "").count("|")
        columns = count if columns is None else columns  # the header row sets it
        assert count == columns, line


def test_md_escape() -> None:
    assert md_escape("a|b") == "a\\|b"
    assert md_escape("<b>*x*</b>") == "\\<b\\>\\*x\\*\\</b\\>"
    assert md_escape("# h\n- i", cell=True) == "\\# h \\- i"
    assert md_escape("1. x\nline") == "1\\. x  \nline"
    assert md_escape(None) == ""


def test_points_are_explained(bank: Bank) -> None:
    question = next(
        q
        for q in bank.questions
        if bank.is_scored(q.id)
        and q.kind == "single"
        and any(0 < (o.score or 0) < 1 for o in q.options)  # type: ignore[union-attr]
    )
    partial = next(o for o in question.options if 0 < (o.score or 0) < 1)  # type: ignore[union-attr]
    a = score(bank, answers_model(answers_data(bank, {question.id: {"value": partial.value}})))
    result = next(r for r in a.questions if r.id == question.id)
    points = f"{partial.score * question.weight:.4f}".rstrip("0").rstrip(".")
    assert explain(question, result) == (
        f"Earned {points} of {question.weight:g} point{'' if question.weight == 1 else 's'}: "
        f"answered '{partial.label}' (option score {partial.score:g} x weight {question.weight:g})."
    )
    ctx = build_context(bank, a)
    assert ctx.overall["draft"] is True
    view = next(q for p in ctx.principles for q in p.questions if q.id == question.id)
    assert view.answer == [partial.label]
    assert view.css == "part"
    unanswered = next(q for p in ctx.principles for q in p.questions if q.status == "unanswered")
    assert unanswered.explanation.startswith("Earned 0 of ")
    assert [name for name, _ in ctx.crosswalk][:1] == ["DTAC"] or ctx.crosswalk


def test_format_from_suffix_or_option(tmp_path: Path) -> None:
    report = Subject.ASSESSMENT
    assert pick_format(report, tmp_path / "r.PDF") is OutputFormat.PDF
    assert pick_format(report, tmp_path / "r.markdown") is OutputFormat.MD
    assert pick_format(report, tmp_path / "r.txt", "json") is OutputFormat.JSON
    with pytest.raises(InputError, match="cannot tell the report format from the file name"):
        pick_format(report, tmp_path / "r.txt")


def test_write_report_is_atomic_and_returns_the_path(
    bank: Bank, assessment: Assessment, tmp_path: Path
) -> None:
    out = write_report(bank, assessment, tmp_path / "r.md")
    assert out == tmp_path / "r.md"
    assert out.read_text(encoding="utf-8").startswith("# RCR AI principles self-assessment")
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]
    with pytest.raises(OSError):
        write_report(bank, assessment, tmp_path / "missing" / "r.md")


def test_report_command_single_and_many(bank: Bank, tmp_path: Path) -> None:
    data = answers_data(bank, full_answers(bank))
    one = write_answers(tmp_path / "one.yaml", data)
    two = write_answers(tmp_path / "two.yaml", answers_data(bank, {}))
    runner = CliRunner()
    result = runner.invoke(main, ["report", str(one), "-o", str(tmp_path / "one.json")])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "one.json").read_text())["product"]["name"] == "ChestScan AI"
    out = tmp_path / "out"
    result = runner.invoke(
        main, ["report", str(one), str(two), "-o", str(out), "--format", "md", "--jobs", "2"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["one.md", "two.md"]
    assert "**DRAFT**" in (out / "two.md").read_text(encoding="utf-8")
    assert "wrote 2 reports" in result.output


def test_report_refuses_to_overwrite_its_input(bank: Bank, tmp_path: Path) -> None:
    path = write_answers(tmp_path / "a.yaml", answers_data(bank, {}))
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["report", str(path), "-o", str(path), "--format", "md"])
    assert result.exit_code == 2
    assert result.output == (
        f"error: {path}: -o: the report would overwrite its input; choose another name\n"
    )
    assert path.read_bytes() == before


def test_bad_input_among_many_still_reports_the_others(bank: Bank, tmp_path: Path) -> None:
    good = write_answers(tmp_path / "good.yaml", answers_data(bank, {}))
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: rcr-checklist/answers/v1\nproduct: [\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["report", str(good), str(bad), "-o", str(out), "--format", "json"]
    )
    assert result.exit_code == 2
    assert (out / "good.json").is_file()
    assert not (out / "bad.json").exists()
    assert f"error: {bad}" in result.output


def test_help_and_report_package_do_not_import_weasyprint() -> None:
    code = (
        "import sys\n"
        "import rcr_checklist.report, rcr_checklist.formats, rcr_checklist.verify.check\n"
        "from rcr_checklist.cli import main\n"
        "try:\n    main(['report', '--help'])\nexcept SystemExit:\n    pass\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint imported'\n"
        "assert 'pypdf' not in sys.modules, 'pypdf imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "--jobs" in result.stdout


def test_draft_report_says_which_critical_questions_are_open() -> None:
    from rcr_checklist.app.inputs import score_path
    from rcr_checklist.files.resources import examples_dir
    from rcr_checklist.report.render import render_html, render_markdown

    bank = load_bank()
    a = score_path(examples_dir() / "draft-inprogress.yaml", bank).assessment
    assert a.overall.unanswered_critical  # the draft leaves critical questions open
    html = render_html(bank, a)
    n = len(a.overall.unanswered_critical)
    assert f"Not yet ruled out: {n} open questions (unanswered or not disclosed) could" in html
    assert a.overall.unanswered_critical[0] in html
    assert "Not yet ruled out:" in render_markdown(bank, a)
    # a draft has no band: the cover gives the reason and the score over answered questions
    reason = f"Not rated: 44% answered, {n} open questions could raise a critical finding"
    assert a.overall.not_rated_reason == reason
    assert f'<p class="cover-reason">{reason}.</p>' in html
    assert "bg-band-none" in html.split('class="cover-rating')[1].split("</div>")[0]
    assert f"{a.overall.answered_score:.1f} over answered questions" in html
    assert f"**Overall: {a.overall.score:.1f} / 100, {reason}**" in render_markdown(bank, a)


def test_not_disclosed_and_not_counted_answers_are_listed(tmp_path: Path) -> None:
    from rcr_checklist.app.inputs import score_path
    from rcr_checklist.files.resources import examples_dir
    from rcr_checklist.report.action_plan import action_plan_csv
    from rcr_checklist.report.render import render_html, render_markdown

    bank = load_bank()
    text = (examples_dir() / "chestflow.yaml").read_text(encoding="utf-8")
    text = text.replace("value: ukca_or_ce_registered", "value: not-disclosed", 1)
    path = tmp_path / "withheld.yaml"
    path.write_text(text, encoding="utf-8")
    scored = score_path(path, bank)
    a = scored.assessment
    assert a.overall.not_disclosed == ["regulation.ukca_marking"]
    html = render_html(bank, a)
    assert '<h2 id="requested">Requested from the vendor</h2>' in html
    # it could raise a critical finding: page 2 names it once, in the first top action
    requested = " ".join(html.split('id="requested"')[1].split("</p>")[0].split())
    assert requested.endswith(
        "1 answer not disclosed; each scores 0 until the vendor answers (it could raise a "
        "critical finding: the first top action names it)."
    )
    page2 = html.split('id="open"')[1].split('class="disclaimer"')[0]
    assert page2.count("regulation.ukca_marking") == 1
    top = page2.split('id="top-recommendations"')[1]
    assert "(regulation.ukca_marking, not disclosed)" in top
    plan = action_plan_csv(bank, a).splitlines()
    assert plan[1].split(",")[1:2] == ["request"]  # the plan opens with the request
    assert "regulation.ukca_marking" in plan[1]
    md = render_markdown(bank, a)  # a critical-capable request opens the plan
    assert "Obtain answers to these first (each could raise a critical finding):" in md
    assert "- `regulation.ukca_marking`: " in md and "(not disclosed)" in md

    hidden = text.replace(
        'facts.direct_care:\n    value: "yes"', "facts.direct_care:\n    value: no"
    )
    assert hidden != text
    path.write_text(hidden, encoding="utf-8")
    scored = score_path(path, bank)
    listed = [n.question for n in scored.assessment.not_counted]
    assert "regulation.clinical_safety_officer" in listed
    assert [w.field for w in scored.warnings] == [f"answers.{q}" for q in listed]
    html = render_html(bank, scored.assessment)
    section = html.split('id="not-counted"')[1].split("</ul>")[0]
    assert "regulation.clinical_safety_officer" in section
    assert "shown only when not (facts.direct_care is one of standalone_device, no)" in section


def test_pdf_action_plan_lists_requests_as_the_markdown_and_csv_do(tmp_path: Path) -> None:
    # a not-disclosed answer is in the CSV and Markdown action plans; the HTML/PDF one must not
    # say "nothing to act on" beside it
    from rcr_checklist.app.inputs import score_path
    from rcr_checklist.files.resources import examples_dir
    from rcr_checklist.report.render import render_html

    bank = load_bank()
    text = (examples_dir() / "clinician-quickcheck.yaml").read_text(encoding="utf-8")
    qid = "regulation.intended_purpose"
    withheld = text.replace("value: specific_published\n", "value: not-disclosed\n", 1)
    assert withheld != text
    path = tmp_path / "withheld.yaml"
    path.write_text(withheld, encoding="utf-8")
    a = score_path(path, bank).assessment
    assert a.overall.not_disclosed == [qid]
    plan = render_html(bank, a).split('id="action-plan"')[1].split("</section>")[0]
    assert f'<span class="qid">{qid}</span>: ' in plan
    assert "nothing to act on" not in plan
