"""report --format csv (the action plan) and the register of a folder of answers files and PDFs."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from rcr_checklist.app.inputs import score_path
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.report.action_plan import ACTION_PLAN_COLUMNS

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FRACTURE = EXAMPLES / "fracturefinder.yaml"


def run(*args: Any) -> Any:
    from rcr_checklist.cli import main

    return CliRunner().invoke(main, [str(a) for a in args])


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_action_plan_csv_has_every_finding(tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    result = run("report", FRACTURE, "-o", out)
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads the file as UTF-8
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(ACTION_PLAN_COLUMNS)
    truth = json.loads(run("score", FRACTURE, "--format", "json").stdout)
    got = rows(text)
    assert [(r["severity"], r["question_id"], r["finding"]) for r in got] == [
        (f["severity"], f["question"], f["text"]) for f in truth["findings"]
    ]
    assert all(r["owner"] == "" and r["due_date"] == "" for r in got)
    assert {r["product"] for r in got} == {"FractureFinder 0.9.4-beta"}
    assert got[0]["severity"] == "critical"


def test_formulas_in_untrusted_text_are_neutralised(tmp_path: Path) -> None:
    data = yaml.safe_load(FRACTURE.read_text())
    data["product"]["name"] = '=HYPERLINK("http://evil.example","x")'
    data["product"].pop("version", None)
    evil = tmp_path / "evil.yaml"
    evil.write_text(yaml.safe_dump(data, sort_keys=False))
    out = tmp_path / "plan.csv"
    assert run("report", evil, "--format", "csv", "-o", out).exit_code == 0
    for row in rows(out.read_text(encoding="utf-8-sig")):
        assert row["product"] == "'" + data["product"]["name"]
        for value in row.values():
            assert value[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_action_plan_with_review_columns(tmp_path: Path) -> None:
    review = tmp_path / "r.yaml"
    assert run("review", FRACTURE, "-o", review, "--template").exit_code == 0
    data = yaml.safe_load(review.read_text())
    truth = json.loads(run("score", FRACTURE, "--format", "json").stdout)
    target = next(f["question"] for f in truth["findings"] if f["question"] in data["verdicts"])
    data["verdicts"][target] = {"verdict": "query", "comment": "+1 certificate?"}
    review.write_text(yaml.safe_dump(data, sort_keys=False))
    out = tmp_path / "plan.csv"
    result = run("report", FRACTURE, "--review", review, "-o", out)
    assert result.exit_code == 0, result.output
    got = rows(out.read_text())
    marked = [r for r in got if r["question_id"] == target]
    assert marked and all(r["review_verdict"] == "query" for r in marked)
    assert marked[0]["review_comment"] == "'+1 certificate?"
    assert list(got[0])[-2:] == ["owner", "due_date"]


@pytest.mark.slow
def test_register_of_a_mixed_folder(tmp_path: Path) -> None:
    folder = tmp_path / "submissions"
    folder.mkdir()
    for name in ("chestflow.yaml", "strokescan.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    pdf = folder / "fracturefinder.pdf"
    # the register reads the attachment, not the pages: summary renders fastest
    assert run("report", FRACTURE, "-o", pdf, "--detail", "summary").exit_code == 0
    (folder / "notes.txt").write_text("not a submission")
    result = run("score", folder, "--format", "csv")
    assert result.exit_code == 0, result.output
    got = rows(result.stdout)
    assert [Path(r["file"]).name for r in got] == [
        "chestflow.yaml",
        "fracturefinder.pdf",
        "strokescan.yaml",
    ]
    bank = load_bank()
    for row in got:
        source = EXAMPLES / Path(row["file"]).with_suffix(".yaml").name
        truth = score_path(source, bank).assessment
        assert float(row["overall_score"]) == truth.overall.score
        assert row["rating"] == truth.overall.rating
        assert row["answers_sha256"] == truth.answers_sha256


@pytest.mark.slow
def test_register_reports_a_foreign_pdf_and_keeps_the_others(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(EXAMPLES / "chestflow.yaml", folder / "a.yaml")
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    with (folder / "b.pdf").open("wb") as handle:
        writer.write(handle)
    result = run("score", folder, "--format", "csv")
    assert result.exit_code == 2
    assert len(rows(result.stdout)) == 1
    assert "b.pdf: holds no assessment.json attachment" in result.stderr


@pytest.mark.parametrize("name", ["draft-inprogress", "procurement-publicinfo"])
def test_the_plan_opens_with_the_answers_to_obtain_first(name: str) -> None:
    """Open questions that could raise a critical finding come first, with ids and titles."""
    from rcr_checklist.report.action_plan import action_plan_csv
    from rcr_checklist.report.render import render_html, render_markdown

    bank = load_bank()
    a = score_path(EXAMPLES / f"{name}.yaml", bank).assessment
    first = a.overall.unanswered_critical
    assert len(first) >= 12  # 13 and 12 today; both examples are drafts with open criticals
    withheld = set(a.overall.not_disclosed)
    # the draft leaves them unanswered; the procurement officer's vendor withheld them
    assert all(q in withheld for q in first) == (name == "procurement-publicinfo")
    assert any(q in withheld for q in first) == (name == "procurement-publicinfo")

    plan = rows(action_plan_csv(bank, a).lstrip("\ufeff"))
    head = plan[: len(first)]
    assert [r["question_id"] for r in head] == first
    for r in head:
        assert r["severity"] == ("request" if r["question_id"] in withheld else "open")
        assert r["question"] == bank.by_id[r["question_id"]].text
        assert r["finding"].endswith("The answer could raise a critical finding.")
        assert r["recommendation"] == "Obtain the answer (with its evidence) from the vendor first."
    later = [r["question_id"] for r in plan[len(first) :] if r["severity"] == "request"]
    assert later == [q for q in a.overall.not_disclosed if q not in first]  # each asked once

    md = render_markdown(bank, a)
    section = md.split("## Action plan\n\n")[1]
    assert section.startswith(
        "Obtain answers to these first (each could raise a critical finding):"
    )
    listed = [line for line in section.splitlines() if line.startswith("- `")][: len(first)]
    for line, qid in zip(listed, first, strict=True):
        title = bank.by_id[qid].text
        assert line.startswith(f"- `{qid}`: ")
        assert title.split()[0] in line and line.endswith(" (not disclosed)") == (qid in withheld)

    html = render_html(bank, a)
    top = html.split('id="top-recommendations"')[1].split("</ol>")[0]
    item = top.split('<li class="obtain">')[1].split("</li>")[0]
    assert (
        "<b>Obtain answers to</b> these open questions first; each could raise a critical" in item
    )
    assert item.index(first[0]) < item.index(first[-1])
    for qid in first:
        assert f"({qid}" in item
    assert top.index('class="obtain"') < top.index("<li>")  # before every finding


def test_no_obtain_list_when_nothing_critical_is_open() -> None:
    from rcr_checklist.report.render import render_html, render_markdown

    bank = load_bank()
    a = score_path(EXAMPLES / "chestflow.yaml", bank).assessment
    assert not a.overall.unanswered_critical
    assert "Obtain answers" not in render_markdown(bank, a)
    assert "Obtain answers" not in render_html(bank, a)
