"""verify: embedded assessment read back, re-scored and compared; tampering and bad files."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from helpers.reports import (
    EPOCH,
    answers_data,
    answers_model,
    embedded_json,
    full_answers,
    write_answers,
)
from rcr_checklist.app.report import write_report
from rcr_checklist.cli import main
from rcr_checklist.errors import InputError
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.files.report_pdf import answers_from_report
from rcr_checklist.files.resources import default_bank_dir
from rcr_checklist.model.answers import canonical_answers
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import score
from rcr_checklist.verify.check import verify_report

pytestmark = pytest.mark.slow  # renders PDFs


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


@pytest.fixture(scope="module")
def report_pdf(bank: Bank, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("verify")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        assessment = score(bank, answers_model(answers_data(bank, full_answers(bank))))
        return write_report(bank, assessment, folder / "report.pdf")
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def _with_attachment(source: Path, target: Path, data: dict[str, Any] | bytes | None) -> Path:
    """Copy a PDF, replacing (or with None removing) its assessment.json."""
    writer = PdfWriter(clone_from=PdfReader(source))
    names = writer._root_object["/Names"]
    del names["/EmbeddedFiles"]
    if "/AF" in writer._root_object:
        del writer._root_object["/AF"]
    if data is not None:
        raw = data if isinstance(data, bytes) else json.dumps(data).encode()
        writer.add_attachment("assessment.json", raw)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def test_valid_report(report_pdf: Path, bank: Bank) -> None:
    assert verify_report(report_pdf, bank) == []
    result = CliRunner().invoke(main, ["verify", str(report_pdf)])
    assert result.exit_code == 0
    pages = len(PdfReader(report_pdf).pages)
    assert result.output == (
        "signature: not signed\n"
        f"proved: its {pages} pages print what its embedded answers score and render to; the "
        "answers are the supplier's own (a signature would prove who made it)\n"
        f"VALID {report_pdf}\n"
    )


def test_score_reads_a_report(report_pdf: Path, bank: Bank) -> None:
    loaded = answers_from_report(report_pdf, bank)
    data = embedded_json(report_pdf.read_bytes())
    assert canonical_answers(loaded.answers) == data["answers"]
    result = CliRunner().invoke(main, ["score", str(report_pdf), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["overall"] == data["overall"]


def test_changed_score_is_a_mismatch(report_pdf: Path, bank: Bank, tmp_path: Path) -> None:
    data = embedded_json(report_pdf.read_bytes())
    data["overall"]["score"] = 99.9
    data["principles"][0]["rating"] = "Meets with distinction"
    forged = _with_attachment(report_pdf, tmp_path / "forged.pdf", data)
    differences = verify_report(forged, bank)
    assert any(
        d.startswith("overall.score: the report says 99.9, its answers score") for d in differences
    )
    assert any(
        "principle 1 rating: the report says Meets with distinction" in d for d in differences
    )
    result = CliRunner().invoke(main, ["verify", str(forged)])
    assert result.exit_code == 1
    assert "DIFFERS overall.score: the report says 99.9" in result.output


def test_edited_answers_break_the_hash(report_pdf: Path, bank: Bank, tmp_path: Path) -> None:
    data = embedded_json(report_pdf.read_bytes())
    data["answers"]["product"]["name"] = "Someone else's product"
    forged = _with_attachment(report_pdf, tmp_path / "edited.pdf", data)
    differences = verify_report(forged, bank)
    assert any("the report was edited after it was made" in d for d in differences)
    with pytest.raises(InputError, match="the report was edited after it was made"):
        answers_from_report(forged, bank)


def test_not_our_pdf(report_pdf: Path, tmp_path: Path) -> None:
    plain = _with_attachment(report_pdf, tmp_path / "plain.pdf", None)
    result = CliRunner().invoke(main, ["verify", str(plain)])
    assert result.exit_code == 2
    assert result.output == (
        f"error: {plain}: holds no assessment.json attachment, so it was not made by "
        "rcr-checklist (or the attachment was removed)\n"
    )
    other = _with_attachment(report_pdf, tmp_path / "other.pdf", {"format": "invoice/v2"})
    result = CliRunner().invoke(main, ["verify", str(other)])
    assert result.exit_code == 2
    assert "is not an rcr-checklist assessment (format 'invoice/v2'" in result.output
    garbage = _with_attachment(report_pdf, tmp_path / "garbage.pdf", b"\xff\x00 not json")
    result = CliRunner().invoke(main, ["verify", str(garbage)])
    assert result.exit_code == 2
    assert result.output.endswith("assessment.json is not valid JSON\n")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello, world\n", "is not a PDF file"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "cannot be read as a PDF"),
    ],
)
def test_broken_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["verify", str(path)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert message in result.output


def test_encrypted_pdf(report_pdf: Path, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(report_pdf))
    writer.encrypt("secret", algorithm="AES-256")  # an open password: cannot be read
    target = tmp_path / "locked.pdf"
    with target.open("wb") as handle:
        writer.write(handle)
    result = CliRunner().invoke(main, ["verify", str(target)])
    assert result.exit_code == 2
    assert "is an encrypted PDF that needs a password to open" in result.output


def test_another_bank_is_refused_unless_given(bank: Bank, report_pdf: Path, tmp_path: Path) -> None:
    other_dir = tmp_path / "bank-copy"
    shutil.copytree(default_bank_dir(), other_dir)
    with (other_dir / "bank.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# a local edit changes the bank's SHA-256\n")
    other = load_bank(other_dir)
    assert other.sha256 != bank.sha256
    made_with_other = tmp_path / "other-bank.pdf"
    # Render from the embedded JSON of the normal report, re-scored with the other bank.
    data = embedded_json(report_pdf.read_bytes())
    write_report(other, score(other, answers_model(data["answers"])), made_with_other)
    result = CliRunner().invoke(main, ["verify", str(made_with_other)])
    assert result.exit_code == 2
    assert "pass --bank DIR with the bank it was made with" in result.output
    result = CliRunner().invoke(main, ["verify", str(made_with_other), "--bank", str(other_dir)])
    assert result.exit_code == 0
    assert f"VALID {made_with_other}" in result.output


def test_yaml_is_not_a_report(bank: Bank, tmp_path: Path) -> None:
    path = write_answers(tmp_path / "a.yaml", answers_data(bank, {}))
    result = CliRunner().invoke(main, ["verify", str(path)])
    assert result.exit_code == 2
    assert "is not a PDF file" in result.output


def test_attachment_of_another_report_is_caught_by_the_pages(
    report_pdf: Path, bank: Bank, tmp_path: Path
) -> None:
    """A consistent assessment of another product, swapped in: only the pages betray it."""
    from rcr_checklist.files.answers_io import load_answers
    from rcr_checklist.files.resources import examples_dir

    other = load_answers(examples_dir() / "fracturefinder.yaml", bank).answers
    foreign = score(bank, other).model_dump(mode="json")
    swapped = _with_attachment(report_pdf, tmp_path / "swapped.pdf", foreign)
    differences = verify_report(swapped, bank)
    assert differences, "a swapped attachment must not verify"
    assert all(d.startswith(("page 1", "pages: ")) for d in differences), differences
    assert any("the product name 'FractureFinder'" in d for d in differences)
    assert any("answers SHA-256" in d for d in differences)
    result = CliRunner().invoke(main, ["verify", str(swapped)])
    assert result.exit_code == 1
    assert "DIFFERS page 1: the cover does not show the product name" in result.output


def test_review_on_the_cover_must_match_the_attachment(tmp_path: Path) -> None:
    """The review is outside the answers' hash: the cover must betray a swapped sign-off."""
    import yaml

    from rcr_checklist.files.resources import examples_dir

    answers = examples_dir() / "clinician-quickcheck.yaml"
    run = CliRunner().invoke
    reviews = {}
    for decision in ("approved", "not approved"):
        review = tmp_path / f"{decision.replace(' ', '-')}.yaml"
        assert run(main, ["review", str(answers), "-o", str(review), "--template"]).exit_code == 0
        data = yaml.safe_load(review.read_text(encoding="utf-8"))
        data["verdicts"] = {qid: {"verdict": "accepted"} for qid in data["verdicts"]}
        data["signoff"] = {
            "name": f"Reviewer {decision}",
            "date": "2026-12-01",
            "decision": decision,
        }
        review.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        pdf = tmp_path / f"{decision.replace(' ', '-')}.pdf"
        made = run(main, ["report", str(answers), "--review", str(review), "-o", str(pdf)])
        assert made.exit_code == 0, made.output
        reviews[decision] = pdf
    plain = tmp_path / "plain.pdf"
    assert run(main, ["report", str(answers), "-o", str(plain)]).exit_code == 0
    for pdf in (*reviews.values(), plain):
        assert run(main, ["verify", str(pdf)]).output.splitlines()[-1].startswith("VALID")
    approval = embedded_json(reviews["approved"].read_bytes())
    forged = _with_attachment(reviews["not approved"], tmp_path / "forged.pdf", approval)
    result = run(main, ["verify", str(forged)])
    assert result.exit_code == 1
    assert "DIFFERS page 1: the cover does not show the embedded review ('Approved'" in (
        result.output
    )
    unreviewed = _with_attachment(
        reviews["approved"], tmp_path / "bare.pdf", embedded_json(plain.read_bytes())
    )
    assert (
        "the cover shows a review and sign-off that the attachment does not carry"
        in run(main, ["verify", str(unreviewed)]).output
    )


def test_a_soft_hyphen_in_the_product_name_still_verifies(bank: Bank, tmp_path: Path) -> None:
    from rcr_checklist.files.answers_io import load_answers
    from rcr_checklist.files.resources import examples_dir

    answers = load_answers(examples_dir() / "clinician-quickcheck.yaml", bank).answers
    product = answers.product.model_copy(update={"name": "Chest\u00adFlow \u200dAI"})
    pdf = write_report(
        bank, score(bank, answers.model_copy(update={"product": product})), tmp_path / "soft.pdf"
    )
    assert verify_report(pdf, bank) == []
