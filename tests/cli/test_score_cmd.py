"""The ``score`` command: formats, folders, gates and exit codes; start-up imports."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from helpers.banks import best_answers, make_answers
from rcr_checklist.cli import main
from rcr_checklist.files.answers_io import save_answers
from rcr_checklist.files.resources import examples_dir

EXAMPLES = examples_dir()


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def folder(tmp_path, rcr_bank):
    good = make_answers(rcr_bank, best_answers(rcr_bank))
    crit_raw = best_answers(rcr_bank)
    critical = next(
        (q.id, o.value)
        for q in rcr_bank.questions
        if rcr_bank.is_scored(q.id) and not q.show_if
        for o in q.options
        if o.finding and o.finding.severity == "critical"
    )
    crit_raw[critical[0]] = {"value": critical[1]}
    bad = make_answers(rcr_bank, crit_raw)
    (tmp_path / "subs").mkdir()
    save_answers(good, tmp_path / "subs" / "a-good.yaml")
    save_answers(bad, tmp_path / "subs" / "b-critical.yaml")
    return tmp_path / "subs"


def test_score_table_for_one_file(folder):
    result = _run("score", str(folder / "a-good.yaml"))
    assert result.exit_code == 0
    assert "Overall 100.0" in result.stdout
    assert "Meets" in result.stdout


def test_score_json_for_one_file(folder):
    result = _run("score", str(folder / "b-critical.yaml"), "--format", "json")
    data = json.loads(result.stdout)
    assert data["overall"]["rating"] == "Does not meet"
    assert data["overall"]["critical_findings"] >= 1
    assert data["findings"][0]["severity"] == "critical"


def test_score_folder_csv_register(folder):
    result = _run("score", str(folder), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["file"].rsplit("/", 1)[-1] for r in rows] == ["a-good.yaml", "b-critical.yaml"]
    assert rows[0]["overall_score"] == "100.0"
    assert rows[0]["rating"] == "Meets"
    assert rows[0]["principle_3"] == "100.0"
    assert rows[1]["rating"] == "Does not meet"
    assert int(rows[1]["critical_findings"]) >= 1
    assert rows[0]["completion"] == "1.000"
    assert [r["profile"] for r in rows] == ["vendor", "vendor"]
    assert rows[0]["unanswered_critical"] == "0"
    assert len(rows[0]["answers_sha256"]) == 64


def test_gates(folder):
    assert (
        _run(
            "score", str(folder / "a-good.yaml"), "--fail-on-critical", "--fail-under", "90"
        ).exit_code
        == 0
    )
    crit = _run("score", str(folder / "b-critical.yaml"), "--fail-on-critical")
    assert crit.exit_code == 1
    assert "gate failed" in crit.stderr and "critical finding" in crit.stderr
    under = _run("score", str(folder / "b-critical.yaml"), "--fail-under", "99.9")
    assert under.exit_code == 1


def test_bad_file_among_good_ones_exits_2_but_scores_the_rest(folder):
    (folder / "c-broken.yaml").write_text("format: [\n", encoding="utf-8")
    result = _run("score", str(folder), "--format", "csv")
    assert result.exit_code == 2
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 2
    assert result.stderr.strip().endswith(
        "c-broken.yaml:2: not valid YAML: did not find expected node content"
    )
    assert "Traceback" not in result.stderr


def test_missing_input(tmp_path):
    result = _run("score", str(tmp_path / "none.yaml"))
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'none.yaml'}: no such file or folder\n"


def test_csv_neutralises_formulas(tmp_path, rcr_bank):
    answers = make_answers(rcr_bank, {})
    answers = answers.model_copy(
        update={"product": answers.product.model_copy(update={"name": '=HYPERLINK("http://x")'})}
    )
    save_answers(answers, tmp_path / "f.yaml")
    result = _run("score", str(tmp_path / "f.yaml"), "--format", "csv")
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert row["product"] == '\'=HYPERLINK("http://x")'


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys; from rcr_checklist.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "bad = [m for m in ('weasyprint', 'questionary', 'prompt_toolkit', 'rich', 'pypdf')"
        " if m in sys.modules]\nprint('LOADED:' + ','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "LOADED:"


def test_python_dash_m_and_version():
    out = subprocess.run(
        [sys.executable, "-m", "rcr_checklist", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("rcr-checklist, version ")


def test_schema_answers_has_descriptions():
    result = _run("schema", "answers")
    schema = json.loads(result.stdout)
    assert schema["title"] == "rcr-checklist answers file"
    assert "format" in schema["required"]
    assert schema["$defs"]["Answer"]["properties"]["justification"]["description"]


def test_fail_on_critical_also_fails_when_critical_questions_are_blank(tmp_path, rcr_bank):
    save_answers(make_answers(rcr_bank, {}), tmp_path / "blank.yaml")
    result = _run("score", str(tmp_path / "blank.yaml"), "--fail-on-critical")
    assert result.exit_code == 1
    assert "open questions could raise a critical finding (facts.medical_device" in result.stderr
    assert _run("score", str(tmp_path / "blank.yaml")).exit_code == 0


def test_folder_of_vendor_folders_is_scored_recursively(folder):
    (folder / "vendor-c").mkdir()
    (folder / "vendor-c" / "c.yaml").write_bytes((folder / "a-good.yaml").read_bytes())
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "x.yaml").write_text("not: scored\n", encoding="utf-8")
    result = _run("score", str(folder), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    names = [r["file"].rsplit("/", 2)[-2:] for r in csv.DictReader(io.StringIO(result.stdout))]
    assert names == [["subs", "a-good.yaml"], ["subs", "b-critical.yaml"], ["vendor-c", "c.yaml"]]


def test_strict_turns_warnings_into_errors(tmp_path, rcr_bank):
    raw = best_answers(rcr_bank)
    raw["standards.dicom_outptu"] = {"value": "x"}
    save_answers(make_answers(rcr_bank, raw), tmp_path / "typo.yaml")
    lenient = _run("score", str(tmp_path / "typo.yaml"))
    assert lenient.exit_code == 0
    assert "did you mean 'standards.dicom_output'" in lenient.stderr
    strict = _run("score", str(tmp_path / "typo.yaml"), "--strict")
    assert strict.exit_code == 2
    assert strict.stderr.startswith(f"error: {tmp_path / 'typo.yaml'}:")
    assert "answers.standards.dicom_outptu: no such question" in strict.stderr


@pytest.mark.slow
def test_a_comparison_pdf_in_a_folder_is_skipped_with_a_warning(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    for name in ("chestflow", "strokescan"):
        assert (
            _run(
                "report",
                str(EXAMPLES / f"{name}.yaml"),
                "-o",
                str(folder / f"{name}.pdf"),
                "--detail",
                "summary",  # the pages do not matter here; summary renders fastest
            ).exit_code
            == 0
        )
    made = _run(
        "compare",
        str(folder / "chestflow.pdf"),
        str(folder / "strokescan.pdf"),
        "-o",
        str(folder / "comparison.pdf"),
    )
    assert made.exit_code == 0, made.output
    result = _run("score", str(folder), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 2
    assert "comparison.pdf: is a comparison made by `rcr-checklist compare`" in result.stderr
    assert "skipped" in result.stderr
    alone = _run("score", str(folder / "comparison.pdf"))
    assert alone.exit_code == 2


def test_a_draft_has_no_rating_and_cannot_pass_fail_under(tmp_path, rcr_bank):
    save_answers(make_answers(rcr_bank, {}), tmp_path / "blank.yaml")
    result = _run("score", str(tmp_path / "blank.yaml"), "--fail-under", "0")
    assert result.exit_code == 1
    assert "blank.yaml: Not rated: 0% answered" in result.stderr
    assert "a rating is needed to pass --fail-under" in result.stderr
    rows = list(csv.DictReader(io.StringIO(_run("score", str(tmp_path), "--format", "csv").stdout)))
    n_open = len(rcr_bank.critical_capable & {q.id for q in rcr_bank.questions if not q.show_if})
    assert rows[0]["rating"] == "Not rated"
    assert rows[0]["critical_findings"].startswith("0 (+")  # e.g. "0 (+13 open)"
    assert int(rows[0]["unanswered_critical"]) >= n_open > 0
    assert rows[0]["critical_findings"] == f"0 (+{rows[0]['unanswered_critical']} open)"


def test_fail_under_follows_the_rating_rule_on_a_critical_finding(folder):
    # b-critical scores high on points, but a critical finding gives the failing rating
    result = _run("score", str(folder / "b-critical.yaml"), "--fail-under", "10")
    assert result.exit_code == 1
    assert "rated 'Does not meet' by 1 critical finding" in result.stderr


def test_hidden_answers_are_warned_about_and_refused_by_strict(tmp_path, rcr_bank):
    raw = best_answers(rcr_bank)
    raw["facts.user_interface"] = {"value": "no"}  # hides standards.accessibility, answered
    save_answers(make_answers(rcr_bank, raw), tmp_path / "hidden.yaml")
    lenient = _run("score", str(tmp_path / "hidden.yaml"))
    assert lenient.exit_code == 0
    assert "answers.standards.accessibility: answered but not counted: the product facts hide" in (
        lenient.stderr
    )
    strict = _run("score", str(tmp_path / "hidden.yaml"), "--strict")
    assert strict.exit_code == 2
    assert "answers.standards.accessibility: answered but not counted" in strict.stderr


def test_a_folder_table_reads_at_80_columns_and_shows_principles_when_wide():
    """At 80 columns the register keeps names and figures whole; wide, it adds P1-P5."""
    narrow = CliRunner().invoke(main, ["score", str(EXAMPLES)], env={"COLUMNS": "80"})
    assert narrow.exit_code == 0, narrow.output
    lines = narrow.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    text = narrow.stdout
    for whole in (
        "ChestFlow",
        "FractureFinder",
        "Partially meets",
        "Does not meet",
        "0 (+13 open)",
    ):
        assert whole in text, whole
    assert "clinician" in text  # the profile under the name tells the two ChestFlow rows apart
    assert "P1" not in text and "terminal of 120 columns or more, or --format csv" in text
    wide = CliRunner().invoke(main, ["score", str(EXAMPLES)], env={"COLUMNS": "140"})
    assert wide.exit_code == 0
    header = next(line for line in wide.stdout.splitlines() if "Product" in line)
    assert all(f"P{n}" in header for n in range(1, 6)) and "Profile" in header


def test_one_file_table_reads_at_80_columns_and_counts_each_critical_finding(tmp_path, monkeypatch):
    """At 80 columns the headline breaks between its parts and every cell stays whole."""
    # a short relative name, as a user types it: the first line names the file, and an
    # installed package's absolute path (CI) would fold it over the next lines
    for name in ("draft-inprogress.yaml", "fracturefinder.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    narrow = CliRunner().invoke(main, ["score", "draft-inprogress.yaml"], env={"COLUMNS": "80"})
    assert narrow.exit_code == 0, narrow.output
    lines = narrow.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert lines[1] == "Overall 33.8 (90.5 over answered questions)"
    assert lines[2].startswith("Not rated: 44% answered, 13 open questions could raise")
    header = next(line for line in lines if "Principle" in line)
    assert "Answered" not in header and header.rstrip().endswith("Critical")
    # a principle without a critical finding says 0, not a blank cell
    first = next(line for line in lines if line.startswith(" 1 "))
    assert first.rstrip().endswith("0") and "Partially meets" in first
    assert "Answered: P1 12/12, P2 9/22, P3 6/17, P4 2/17, P5 0/13" in lines
    wide = CliRunner().invoke(main, ["score", "fracturefinder.yaml"], env={"COLUMNS": "120"})
    wide_lines = wide.stdout.splitlines()
    assert "Answered" in next(line for line in wide_lines if "Principle" in line)
    assert not any(line.startswith("Answered:") for line in wide_lines)
    # a long critical finding wraps under its own text, not at the left edge
    at = next(i for i, line in enumerate(wide_lines) if "regulation.uk_responsible_person" in line)
    assert wide_lines[at].startswith("  CRITICAL [")
    assert wide_lines[at + 1].startswith(" " * 11) and wide_lines[at + 1].strip()


def test_a_folder_with_a_link_out_and_a_fifo_scores_the_rest_without_blocking(tmp_path) -> None:
    import os
    import signal

    folder = tmp_path / "vendor"
    folder.mkdir()
    shutil.copy(EXAMPLES / "chestflow.yaml", folder / "c.yaml")
    (tmp_path / "secret.conf").write_text("db_password: hunter2\n", encoding="utf-8")
    (folder / "a.yaml").symlink_to(tmp_path / "secret.conf")
    os.mkfifo(folder / "fifo.yaml")

    def stuck(*_: object) -> None:
        raise TimeoutError("score blocked on the FIFO")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(20)
    try:
        result = CliRunner().invoke(main, ["score", str(folder)], catch_exceptions=False)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"warning: {folder / 'a.yaml'}: is a symbolic link; not read (copy the file in if it "
        "belongs to this tender)",
        f"warning: {folder / 'fifo.yaml'}: is not a regular file (a FIFO); not read",
    ]
    assert "db_password" not in result.output and "hunter2" not in result.output
    assert "ChestFlow 3.2" in result.stdout
