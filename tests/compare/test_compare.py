"""compare: side-by-side figures read back from CSV, Markdown and PDF; every refusal."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from rcr_checklist.app.compare import load_submissions
from rcr_checklist.cli import main
from rcr_checklist.compare.build import build_comparison
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.files.resources import default_bank_dir
from rcr_checklist.model.bank import Bank

pytestmark = pytest.mark.slow  # renders PDFs

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CHEST = EXAMPLES / "chestflow.yaml"
FRACTURE = EXAMPLES / "fracturefinder.yaml"
STROKE = EXAMPLES / "strokescan.yaml"


def run(*args: str) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args])


def scored(path: Path) -> dict[str, Any]:
    result = run("score", path, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("compare")


@pytest.fixture(scope="module")
def fracture_pdf(folder: Path) -> Path:
    out = folder / "fracturefinder.pdf"
    result = run("report", FRACTURE, "-o", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def chest_review(folder: Path) -> Path:
    """A hand-filled review of chestflow.yaml, signed off."""
    out = folder / "chest-review.yaml"
    assert run("review", CHEST, "-o", out, "--template").exit_code == 0
    data = yaml.safe_load(out.read_text())
    for qid in data["verdicts"]:
        data["verdicts"][qid] = {"verdict": "accepted"}
    data["verdicts"]["standards.open_api"] = {"verdict": "query", "comment": "Send the API docs."}
    data["signoff"] = {
        "name": "Dr Rhea Patel",
        "date": "2026-12-01",
        "decision": "approved",
        "reason": "The API documentation does not affect clinical safety.",
    }
    out.write_text(yaml.safe_dump(data, sort_keys=False))
    return out


@pytest.fixture(scope="module")
def compare_pdf(folder: Path, fracture_pdf: Path, chest_review: Path) -> tuple[Path, str]:
    out = folder / "cmp.pdf"
    result = run("compare", CHEST, fracture_pdf, "--review", chest_review, "-o", out)
    assert result.exit_code == 0, result.output
    return out, result.stderr


def test_csv_rows_carry_the_real_scores(folder: Path, fracture_pdf: Path) -> None:
    out = folder / "cmp.csv"
    result = run("compare", CHEST, fracture_pdf, "-o", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r["submission"] for r in rows] == ["A", "B"]
    for row, source in zip(rows, (CHEST, FRACTURE), strict=True):
        truth = scored(source)
        assert row["product"] == truth["product"]["name"]
        assert float(row["overall_score"]) == truth["overall"]["score"]
        assert row["rating"] == truth["overall"]["rating"]
        assert int(row["critical_findings"]) == truth["overall"]["critical_findings"]
        assert row["answers_sha256"] == truth["answers_sha256"]
        for p in truth["principles"]:
            assert float(row[f"principle_{p['number']}"]) == p["score"]
    assert rows[1]["file"] == os.path.relpath(fracture_pdf)  # never an absolute path
    # the check each input passed: none for an answers file, the fast check for a PDF
    assert [r["verified"] for r in rows] == ["", "attachment-and-cover (fast)"]


def test_score_and_compare_write_one_register(folder: Path, fracture_pdf: Path) -> None:
    """The same columns, and the same cells but the letter, from score and compare."""
    out = folder / "same.csv"
    assert run("compare", CHEST, fracture_pdf, "-o", out).exit_code == 0
    compared = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    result = run("score", CHEST, fracture_pdf, "--format", "csv")
    assert result.exit_code == 0, result.output
    scored_rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(compared[0]) == list(scored_rows[0])  # one header
    assert list(compared[0])[:3] == ["submission", "file", "product"]
    assert [r["verified"] for r in scored_rows] == [r["verified"] for r in compared]
    assert scored_rows[0]["verified"] == "" and scored_rows[1]["verified"] != ""
    for left, right in zip(scored_rows, compared, strict=True):
        differ = {k for k in left if left[k] != right[k]}
        assert differ <= {"submission", "review"}, differ  # score reads no review files
    assert [r["submission"] for r in compared] == ["A", "B"]
    assert [r["review"] for r in compared] == ["Not reviewed", "Not reviewed"]


def test_pdf_reads_back(compare_pdf: tuple[Path, str]) -> None:
    path, stderr = compare_pdf
    reader = PdfReader(path)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    chest, fracture = scored(CHEST), scored(FRACTURE)
    assert "2 submissions compared" in text
    for data in (chest, fracture):
        assert data["product"]["name"] in text
        assert f"{data['overall']['score']:.1f}" in text
    assert "Approved with 1 open query by Dr Rhea Patel on 2026-12-01" in text
    assert "Not reviewed" in text
    assert "Questions where the submissions differ" in text
    assert "Critical findings" in text
    for f in fracture["findings"]:
        if f["severity"] == "critical":
            assert f["question"] in text
    assert len(reader.pages) <= 10
    attached = json.loads(reader.attachments["comparison.json"][0])
    assert [s["overall"]["score"] for s in attached["submissions"]] == [
        chest["overall"]["score"],
        fracture["overall"]["score"],
    ]
    assert "wrote" in stderr


def test_question_table_lists_only_differences(bank: Bank, fracture_pdf: Path) -> None:
    items = load_submissions([CHEST, FRACTURE], bank)
    c = build_comparison(bank, items)
    scored_ids = [q.id for q in bank.questions if bank.is_scored(q.id)]
    asked = {r.id for s in items for r in s.assessment.questions if r.scored}
    assert len(c.differing) + c.agreeing == len([q for q in scored_ids if q in asked])
    assert c.differing and not c.over_time
    for row in c.differing:
        assert len({(cell.answer, cell.points) for cell in row.cells}) > 1
    md = run("compare", CHEST, FRACTURE, "-o", fracture_pdf.parent / "c.md")
    assert md.exit_code == 0
    text = (fracture_pdf.parent / "c.md").read_text()
    assert f"{len(c.differing)} differ; {c.agreeing} other scored questions" in text


def test_versions_over_time_show_improved_and_worse(bank: Bank, folder: Path) -> None:
    data = yaml.safe_load(CHEST.read_text())
    data["answers"]["standards.open_api"]["value"] = "undocumented"  # worse
    low = bank.options_of["standards.open_api"]["undocumented"].score or 0.0
    weight = bank.by_id["standards.open_api"].weight
    earned = f"{weight * low:.2f}".rstrip("0").rstrip(".")
    before = folder / "chestflow-v2.yaml"
    before.write_text(yaml.safe_dump(data, sort_keys=False))
    out = folder / "time.md"
    # The edited file is the older version: given first, so going to chestflow improves it.
    result = run("compare", before, CHEST, "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "# Re-assessment of 2 submissions" in text
    assert "## What changed from A to B" in text
    line = next(x for x in text.splitlines() if x.startswith("| `standards.open_api`"))
    assert f"{earned}/1 -> 1/1" in line and f"+{weight * (1 - low):.2f}" in line
    back = run("compare", CHEST, before, "-o", folder / "time.json")
    data = json.loads((folder / "time.json").read_text())
    assert back.exit_code == 0
    assert data["over_time"] is True
    assert data["changes"] == [
        {
            "id": "standards.open_api",
            "before": "1/1",
            "after": f"{earned}/1",
            "delta": -round(weight * (1 - low), 4),
        }
    ]


def test_changes_sorted_by_size(bank: Bank, folder: Path) -> None:
    data = yaml.safe_load(FRACTURE.read_text())
    data["product"]["name"] = "ChestFlow"
    other = folder / "renamed.yaml"
    other.write_text(yaml.safe_dump(data, sort_keys=False))
    c = build_comparison(bank, load_submissions([other, CHEST], bank))
    assert c.over_time and c.improved
    deltas = [ch.delta for ch in c.improved]
    assert deltas == sorted(deltas, reverse=True) and all(d > 0 for d in deltas)
    assert all(ch.before != "-" and ch.after != "-" for ch in c.improved + c.worsened)


def _tampered(source: Path, target: Path) -> Path:
    reader = PdfReader(source)
    data = json.loads(reader.attachments["assessment.json"][0])
    data["answers"]["product"]["name"] = "Tampered"
    writer = PdfWriter(clone_from=reader)
    del writer._root_object["/Names"]["/EmbeddedFiles"]
    writer.add_attachment("assessment.json", json.dumps(data).encode())
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def _foreign_pdf(target: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def _refusal(*args: Any) -> str:
    result = run("compare", *args)
    assert result.exit_code == 2, result.output
    lines = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_refuses_a_pdf_not_made_by_this_tool(folder: Path) -> None:
    foreign = _foreign_pdf(folder / "foreign.pdf")
    line = _refusal(CHEST, foreign, "-o", folder / "x.csv")
    assert line.startswith(f"error: {foreign}: ")
    assert "holds no assessment.json attachment, so it was not made by rcr-checklist" in line
    assert not (folder / "x.csv").exists()


def test_refuses_a_tampered_report(folder: Path, fracture_pdf: Path) -> None:
    bad = _tampered(fracture_pdf, folder / "tampered.pdf")
    line = _refusal(CHEST, bad, "-o", folder / "x.csv")
    assert line.startswith(f"error: {bad}: its embedded answers were edited after it was made")
    assert "answers_sha256" in line and "not used" in line


def test_refuses_a_review_of_other_answers(folder: Path, chest_review: Path) -> None:
    line = _refusal(FRACTURE, STROKE, "--review", chest_review, "-o", folder / "x.csv")
    assert line.startswith(f"error: {chest_review}:")
    assert "answers_sha256: this review is for answers with SHA-256" in line
    assert "none of the inputs has" in line


def test_refuses_answers_for_another_bank(folder: Path) -> None:
    data = yaml.safe_load(STROKE.read_text())
    data["bank"]["id"] = "acme-bank"
    other = folder / "other-bank.yaml"
    other.write_text(yaml.safe_dump(data, sort_keys=False))
    line = _refusal(CHEST, other, "-o", folder / "x.csv")
    assert f"error: {other}:" in line
    assert "written for bank 'acme-bank', not 'rcr-ai-principles'" in line


def test_refuses_one_input(folder: Path) -> None:
    line = _refusal(CHEST, "-o", folder / "x.csv")
    assert "compare needs at least two inputs" in line


def test_another_bank_version_is_a_plain_warning(folder: Path) -> None:
    data = yaml.safe_load(STROKE.read_text())
    data["bank"]["version"] = "0.9.0"
    older = folder / "older-bank.yaml"
    older.write_text(yaml.safe_dump(data, sort_keys=False))
    out = folder / "w.md"
    result = run("compare", CHEST, older, "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "> **Warning**: B (StrokeScan" in text
    assert "written for bank version 0.9.0, scored with 2.0.0" in text
    assert "warning: B (StrokeScan" in result.stderr


def test_a_pdf_made_with_another_bank_is_rescored_with_a_warning(
    folder: Path, fracture_pdf: Path
) -> None:
    other_bank = folder / "bank-copy"
    shutil.copytree(default_bank_dir(), other_bank)
    meta = other_bank / "bank.yaml"
    meta.write_text(meta.read_text().replace("version: 2.0.0", "version: 2.0.1", 1))
    result = run("compare", CHEST, fracture_pdf, "--bank", other_bank, "-o", folder / "b.md")
    assert result.exit_code == 0, result.output
    text = (folder / "b.md").read_text()
    assert "> **Warning**: B (FractureFinder" in text
    assert "the report was made with rcr-ai-principles 2.0.0" in text


def test_markdown_escapes_untrusted_text(folder: Path) -> None:
    data = yaml.safe_load(STROKE.read_text())
    data["product"]["name"] = "Evil | <b>x</b> {{ 7*7 }}"
    evil = folder / "evil.yaml"
    evil.write_text(yaml.safe_dump(data, sort_keys=False))
    result = run("compare", CHEST, evil, "-o", folder / "evil.md")
    assert result.exit_code == 0, result.output
    text = (folder / "evil.md").read_text()
    assert "<b>" not in text and "Evil 49" not in text
    html = run("compare", CHEST, evil, "-o", folder / "evil.html")
    assert html.exit_code == 0
    page = (folder / "evil.html").read_text()
    assert "Evil | &lt;b&gt;x&lt;/b&gt;" in page


def test_a_reviewed_report_pdf_brings_its_review(folder: Path, chest_review: Path) -> None:
    reviewed = folder / "chest-reviewed.pdf"
    made = run("report", CHEST, "--review", chest_review, "-o", reviewed)
    assert made.exit_code == 0, made.output
    out = folder / "reviewed.csv"
    result = run("compare", reviewed, STROKE, "-o", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["review"] == "Approved with 1 open query by Dr Rhea Patel on 2026-12-01"
    assert rows[1]["review"] == "Not reviewed"


def test_radar_chart_has_one_outline_per_submission_and_a_text_alternative(bank: Bank) -> None:
    from rcr_checklist.compare.chart import radar_chart

    c = build_comparison(bank, load_submissions([CHEST, FRACTURE, STROKE], bank))
    chart = radar_chart(c, [(b.label, b.min, b.colour) for b in bank.meta.bands])
    # 4 grid rings + 2 dashed band rings + 3 submission outlines
    assert chart.svg.count("<polygon") == 4 + 2 + 3
    assert chart.svg.count('stroke-dasharray="3,2"') == 2
    assert '<title id="radar-title">' in chart.svg and "<desc" in chart.svg
    chest = scored(CHEST)["principles"][0]["score"]
    assert f"Principle 1, Work to common standards: A {chest:.1f}" in chart.description


def test_no_critical_findings_is_said_only_of_submissions_with_none_open(tmp_path: Path) -> None:
    """A new user's trial: ThoraxRead ('0 (+12 open)', Not rated) was listed in green as
    having no critical findings; it is now named apart, with its open questions."""
    out = tmp_path / "c.html"
    result = run("compare", CHEST, EXAMPLES / "procurement-publicinfo.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(page)).split())
    assert "No critical findings: A (ChestFlow 3.2 (model CXR-T 3.2.1))." in text
    assert (
        "No critical finding yet, but questions left open could still raise one: "
        "B (ThoraxRead 4.0: 12 open questions)."
    ) in text
