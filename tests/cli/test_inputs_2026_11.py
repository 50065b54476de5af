"""Every row of the 2026-11 failing-inputs table, as the user meets it on the command line.

The inputs are copied in ``data/inputs-2026-11``; each test also builds other inputs of the
same kind (other escapes, other number forms, other encodings), since the kind is the fault.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rcr_checklist.cli import main

DATA = Path(__file__).parent / "data" / "inputs-2026-11"
HEAD = (
    "format: rcr-checklist/answers/v1\nbank: {id: rcr-ai-principles, version: 2.0.0}\n"
    "profile: clinician\n"
)


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _pdf_with_attachment(data: bytes) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("assessment.json", data)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _assessment_with_value(value: str) -> bytes:
    """An assessment.json whose one answer is ``value`` written as is (JSON text)."""
    return (
        '{\n "format": "rcr-checklist/assessment/v1",\n "answers": {\n'
        '  "format": "rcr-checklist/answers/v1",\n'
        '  "bank": {"id": "rcr-ai-principles", "version": "2.0.0"},\n'
        '  "product": {"name": "X"},\n'
        '  "answers": {"facts.medical_device": {"value": ' + value + "}}\n }\n}\n"
    ).encode()


# --- bigint-yaml.yaml: numbers -------------------------------------------------------------

NUMBER_FORMS = {
    "4,301 digits": "1" * 4301,
    "negative": "-" + "9" * 200,
    "float digits": "0." + "1" * 5000,
    "exponent": "1e" + "9" * 200,
    "hex": "0x" + "f" * 200,
    "octal": "0o" + "7" * 200,
}


def test_bigint_yaml_is_one_located_error_exit_2():
    result = _run("score", str(DATA / "bigint-yaml.yaml"))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {DATA / 'bigint-yaml.yaml'}:1: a: a number of 4,301 characters is longer than "
        "the limit of 100; put it in quotes if it is meant as text"
    ]


@pytest.mark.parametrize("form", NUMBER_FORMS, ids=str)
def test_long_numbers_anywhere_in_an_answers_file(tmp_path, form):
    number = NUMBER_FORMS[form]
    path = tmp_path / "a.yaml"
    path.write_text(
        HEAD + f"product: {{name: X}}\nanswers:\n  facts.medical_device: {{value: {number}}}\n"
    )
    result = _run("score", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {path}:6: answers.facts.medical_device.value: a number of {len(number):,} "
        "characters is longer than the limit of 100; put it in quotes if it is meant as text"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1" * 4301, "a number of 4,301 characters is longer than the limit of 100"),
        ("NaN", "NaN is not a JSON number"),
        ("-Infinity", "-Infinity is not a JSON number"),
        ("1e400", "must be a finite number"),
        ("1e300", "a number answer is at most"),
    ],
)
@pytest.mark.parametrize("command", ["score", "verify"])
def test_numbers_in_a_report_attachment(tmp_path, command, value, message):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(_pdf_with_attachment(_assessment_with_value(value)))
    result = _run(command, str(pdf))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        f"error: {pdf} (assessment.json):7: answers.answers.facts.medical_device.value: {message}"
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_run_scores_the_other_files(tmp_path, jobs):
    folder = tmp_path / "subs"
    folder.mkdir()
    for name in ("bigint-yaml.yaml", "csv-excel.yaml", "date-zero.yaml"):
        (folder / name).write_bytes((DATA / name).read_bytes())
    (folder / "z.pdf").write_bytes(_pdf_with_attachment(_assessment_with_value("1" * 5000)))
    result = _run("score", str(folder), "--format", "csv", "--jobs", jobs)
    assert result.exit_code == 2
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert [row["product"] for row in rows] == ["Café Scan"]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert [e.split(":")[1].rsplit("/", 1)[-1] for e in errors] == [
        "bigint-yaml.yaml",
        "date-zero.yaml",
        "z.pdf (assessment.json)",
    ]


# --- md-cr-injection.yaml: text from outside in every output --------------------------------


def test_md_cr_injection_forges_no_heading(tmp_path):
    out = tmp_path / "r.md"
    result = _run("report", str(DATA / "md-cr-injection.yaml"), "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "\r" not in text
    assert not any(line.startswith("Overall: 100") for line in text.splitlines())
    assert not any(line.strip() == "===" for line in text.splitlines())
    assert "TestScan Overall: 100 / 100, Meets === by" in text


ESCAPES = {
    "CR": "\\r",
    "CRLF": "\\r\\n",
    "NEL": "\\N",
    "LS": "\\L",
    "PS": "\\P",
    "LS as \\u": "\\u2028",
}


@pytest.mark.parametrize("escape", ESCAPES, ids=str)
@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv"])
def test_line_breaks_through_escapes_in_every_output(tmp_path, escape, fmt):
    esc = ESCAPES[escape]
    path = tmp_path / "a.yaml"
    path.write_text(
        HEAD
        + f'product: {{name: "Scan{esc}# Overall: 100{esc}==="}}\n'
        + f'answers:\n  facts.medical_device: {{value: "yes", comment: "ok{esc}# Forged{esc}"}}\n'
    )
    out = tmp_path / f"r.{fmt}"
    result = _run("report", str(path), "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8-sig")
    for bad in ("\r", "\x85", "\u2028", "\u2029"):
        assert bad not in text
    if fmt == "md":
        assert not any(
            line.startswith(("# Overall", "# Forged", "===")) for line in text.splitlines()
        )
    if fmt == "json":
        assert json.loads(text)["product"]["name"] == "Scan # Overall: 100 ==="
    if fmt == "csv":
        assert all(
            row["product"] == "Scan # Overall: 100 ===" for row in csv.DictReader(io.StringIO(text))
        )


@pytest.mark.parametrize("escape", ["\\e", "\\0", "\\a", "\\x9b", "\\x7f", "\\v", "\\u001b"])
def test_control_characters_through_escapes_are_refused_like_raw_bytes(tmp_path, escape):
    path = tmp_path / "a.yaml"
    path.write_text(HEAD + f'product: {{name: "A{escape}B"}}\n')
    result = _run("score", str(path))
    assert result.exit_code == 2
    code = {"\\e": 0x1B, "\\0": 0, "\\a": 7, "\\x9b": 0x9B, "\\x7f": 0x7F, "\\v": 0x0B}.get(
        escape, 0x1B
    )
    assert result.stderr.startswith(
        f"error: {path}:4: product.name: control character U+{code:04X} is not allowed"
    )
    raw = tmp_path / "raw.yaml"
    raw.write_bytes((HEAD + "product: {name: A" + chr(code) + "B}\n").encode())
    result = _run("score", str(raw))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: {raw}:4: control character U+{code:04X} is not allowed"
    )


def test_terminal_table_shows_one_line_per_name(tmp_path):
    result = _run("score", str(DATA / "md-cr-injection.yaml"))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("TestScan Overall: 100 / 100, Meets === by")


# --- csv-excel.yaml and csv-cr-row.yaml: CSV ------------------------------------------------


def test_csv_written_to_a_file_starts_with_a_bom(tmp_path):
    register = tmp_path / "reg.csv"
    with register.open("wb") as handle:  # `score --format csv > reg.csv`
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "rcr_checklist",
                "score",
                "--format",
                "csv",
                str(DATA / "csv-excel.yaml"),
            ],
            stdout=handle,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    raw = register.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfsubmission,file,product,")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert (rows[0]["product"], rows[0]["manufacturer"]) == (
        "Café Scan",
        "Müller Medizintechnik GmbH",
    )
    plan = tmp_path / "plan.csv"
    assert _run("report", str(DATA / "csv-excel.yaml"), "-o", str(plan)).exit_code == 0
    assert plan.read_bytes().startswith(b"\xef\xbb\xbfproduct,")
    assert "Café Scan" in plan.read_text(encoding="utf-8-sig")


def test_csv_piped_has_no_bom():
    result = _run("score", "--format", "csv", str(DATA / "csv-excel.yaml"))
    assert result.stdout_bytes.startswith(b"submission,file,product,")


@pytest.mark.parametrize("escape", ["\\r", "\\r\\n", "\\n", "\\L", "\\P", "\\N", "\\u2028"])
def test_one_row_per_submission_whatever_the_name_holds(tmp_path, escape):
    path = tmp_path / "a.yaml"
    path.write_text(
        HEAD + f'product: {{name: "TestScan{escape}=RivalScan", manufacturer: "=1+1"}}\n'
    )
    result = _run("score", "--format", "csv", str(path), str(DATA / "csv-cr-row.yaml"))
    assert result.exit_code == 0
    # one physical line per record too, so line-based tools and old csv modules agree
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["product"] for r in rows] == ["TestScan =RivalScan", "TestScan RivalScan"]
    assert rows[0]["manufacturer"] == "'=1+1"  # formula neutralising kept


# --- cp1252-name.yaml: output streams -------------------------------------------------------


def _run_encoded(args: list[str], encoding: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONIOENCODING=encoding, LANG="C", LC_ALL="C")
    return subprocess.run(
        [sys.executable, "-m", "rcr_checklist", *args],
        capture_output=True,
        env=env,
        cwd=cwd,
        check=False,
        timeout=120,
    )


def test_cp1252_name_is_escaped_not_a_crash(tmp_path):
    done = _run_encoded(["score", str(DATA / "cp1252-name.yaml")], "cp1252", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("cp1252").splitlines()[0].startswith("ChestFlow \\u2713")
    assert b"Traceback" not in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["score", "{cp}"], 0),
        (["score", "{cp}", "--format", "json"], 0),
        (["score", "{cp}", "--format", "csv"], 0),
        (["score", "{cp}", "--fail-under", "50"], 1),
        (["score", "{cp}", "{bad}"], 2),
        (["report", "{cp}", "-o", "out/r\u2713.md"], 0),
        (["bank", "list"], 0),
        (["schema", "answers"], 0),
        (["verify", "{cp}"], 2),
    ],
)
def test_every_command_escapes_what_the_stream_cannot_encode(tmp_path, encoding, args, code):
    bad = tmp_path / "bad\u2713.yaml"
    bad.write_text(HEAD + 'product: {name: "\u2713", version: 1.10}\n', encoding="utf-8")
    (tmp_path / "out").mkdir()
    filled = [a.format(cp=DATA / "cp1252-name.yaml", bad=bad) for a in args]
    done = _run_encoded(filled, encoding, tmp_path)
    assert done.returncode == code, done.stderr
    assert b"Traceback" not in done.stderr and b"UnicodeEncodeError" not in done.stderr
    if "json" in args:
        assert json.loads(done.stdout)["product"]["name"] == "ChestFlow \u2713"
    if "csv" in args:
        assert "ChestFlow \u2713" in done.stdout.decode("utf-8")


# --- json-surrogate.yaml: JSON answers -------------------------------------------------------


def test_json_surrogate_is_read(tmp_path):
    result = _run("score", str(DATA / "json-surrogate.yaml"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["product"]["name"] == "XRay Triage \U0001fa7b"
    as_json = tmp_path / "a.json"
    as_json.write_bytes((DATA / "json-surrogate.yaml").read_bytes())
    result = _run("score", str(as_json), "--format", "json")
    assert json.loads(result.stdout)["product"]["name"] == "XRay Triage \U0001fa7b"


def test_json_answers_have_located_errors_and_fold_into_folders(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    body = {
        "format": "rcr-checklist/answers/v1",
        "bank": {"id": "rcr-ai-principles", "version": "2.0.0"},
        "profile": "clinician",
        "product": {"name": "J"},
        "answers": {"facts.medical_device": {"value": True}},
    }
    (folder / "good.json").write_text(json.dumps(body, indent=2))
    body["answers"]["facts.medical_device"]["value"] = "maybe"  # type: ignore[index]
    (folder / "bad.json").write_text(json.dumps(body, indent=2))
    (folder / "answers.schema.json").write_text('{"type": "object"}')  # not collected
    result = _run("score", str(folder), "--format", "csv")
    assert result.exit_code == 2
    assert [r["product"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["J"]
    assert result.stderr.startswith(
        f"error: {folder / 'bad.json'}:13: answers.facts.medical_device.value: 'maybe' is not "
        "an option"
    )


# --- date-zero.yaml: a number is never a date ------------------------------------------------


@pytest.mark.parametrize("command", ["score", "report"])
def test_date_zero_is_an_error_naming_the_field(tmp_path, command):
    args = [command, str(DATA / "date-zero.yaml")]
    if command == "report":
        args += ["-o", str(tmp_path / "r.md")]
    result = _run(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {DATA / 'date-zero.yaml'}:5: assessor.date: 0 is a number, not a date; "
        "write the date as YYYY-MM-DD, e.g. 2026-03-01"
    ]
    assert not (tmp_path / "r.md").exists()


def test_partial_evidence_dates_are_shown_as_given(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(
        "format: rcr-checklist/answers/v1\nbank: {id: rcr-ai-principles, version: 2.0.0}\n"
        "product: {name: X}\nanswers:\n  facts.medical_device: {value: true}\n"
        "  regulation.ukca_marking:\n    value: none\n"
        "    evidence: [{title: Cert, date: 2025}, {title: Plan, date: 2025-06}]\n"
    )
    out = tmp_path / "r.json"
    assert _run("report", str(path), "-o", str(out)).exit_code == 0
    answers = json.loads(out.read_text())["answers"]["answers"]
    assert answers["facts.medical_device"]["value"] == "yes"
    assert [e["date"] for e in answers["regulation.ukca_marking"]["evidence"]] == [
        "2025",
        "2025-06",
    ]
    html = tmp_path / "r.html"
    assert _run("report", str(path), "-o", str(html)).exit_code == 0
    text = html.read_text()
    assert "Cert &middot; 2025</span>" in text and "Plan &middot; 2025-06</span>" in text


# --- line numbers for CR-only and CRLF files -------------------------------------------------


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
@pytest.mark.parametrize(
    ("line5", "message"),
    [
        ("assessor: {date: 0}", "5: assessor.date: 0 is a number, not a date"),
        ("answers: {x: [}", "5: not valid YAML"),
        (
            "answers: {facts.medical_device: {value: maybe}}",
            "5: answers.facts.medical_device.value",
        ),
        ("assessor: {nmae: A}", "5: assessor.nmae: unknown field 'nmae'; did you mean 'name'?"),
        ("product: {name: Y}", "5: product: this key appears twice"),
    ],
)
def test_line_numbers_in_cr_and_crlf_files(tmp_path, newline, line5, message):
    path = tmp_path / "a.yaml"
    lines = [*HEAD.splitlines(), "product: {name: X}", line5]
    path.write_bytes(newline.join(lines).encode() + newline.encode())
    result = _run("score", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(f"error: {path}:{message}")


@pytest.mark.slow
def test_the_pdf_shows_escaped_line_breaks_and_bidi_as_plain_text(tmp_path):
    from pypdf import PdfReader

    path = tmp_path / "a.yaml"
    path.write_text(HEAD + 'product: {name: "TestScan\\rOverall: 100 / 100, Meets\\u202e\\L==="}\n')
    out = tmp_path / "r.pdf"
    result = _run("report", str(path), "-o", str(out))
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "TestScan Overall: 100 / 100, Meets ===" in text
    assert "\u202e" not in text and "\r" not in text
    embedded = json.loads(reader.attachments["assessment.json"][0])
    assert embedded["product"]["name"] == "TestScan Overall: 100 / 100, Meets ==="


@pytest.mark.parametrize("given", ["nan", "NaN", "-nan"])
def test_a_gate_of_nan_is_a_usage_error_not_a_disabled_gate(given):
    result = _run("score", str(DATA / "csv-excel.yaml"), "--fail-under", given)
    assert result.exit_code == 2
    assert f"Invalid value for '--fail-under': '{given}' is not a number" in result.stderr


def test_the_answers_schema_accepts_true_and_false_for_yes_no_questions(rcr_bank):
    import jsonschema

    from rcr_checklist.app.schemas import json_schema

    schema = json_schema("answers", rcr_bank)
    yes_no = [q.id for q in rcr_bank.questions if q.kind == "yes_no"]
    assert yes_no
    body = {
        "format": "rcr-checklist/answers/v1",
        "bank": {"id": "rcr-ai-principles", "version": "1.0.0"},
        "product": {"name": "X"},
        "answers": {qid: {"value": True} for qid in yes_no},
    }
    jsonschema.validate(body, schema)
    body["answers"] = {yes_no[0]: {"value": 1}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(body, schema)
