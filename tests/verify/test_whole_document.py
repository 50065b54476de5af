"""verify proves every page: tampering names the page; honest re-saves and other fonts verify."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from helpers.code_points import every_kind_of_text
from helpers.tamper import (
    add_annotation_incrementally,
    edit_text,
    page_texts,
    pypdf_round_trip,
    remove_pages,
    swap_page,
)
from rcr_checklist.cli import main
from rcr_checklist.model.bank import Bank
from rcr_checklist.verify.check import verify_report

pytestmark = pytest.mark.slow  # each verify renders the report again (cached per report)


def test_the_genuine_report_is_valid(reports, rcr_bank: Bank) -> None:
    notes: list[str] = []
    assert verify_report(reports.genuine, rcr_bank, notes=notes) == []
    assert "signature: not signed" in notes
    result = CliRunner().invoke(main, ["verify", str(reports.genuine)])
    assert result.exit_code == 0, result.output
    assert f"VALID {reports.genuine}" in result.output


def test_removed_pages_name_the_count_and_the_first_page(
    reports, rcr_bank: Bank, tmp_path: Path
) -> None:
    count = len(PdfReader(reports.genuine).pages)
    cut = remove_pages(reports.genuine, tmp_path / "cut.pdf", [2, 3])
    missing = (
        f"pages 2 and 3 of {count} are missing: the report has {count - 2} pages, but they "
        f"are numbered 1 to {count}"
    )
    assert verify_report(cut, rcr_bank) == [missing]
    result = CliRunner().invoke(main, ["verify", str(cut)])
    assert result.exit_code == 1
    assert f"DIFFERS {missing}\n" in result.output
    assert f"error: {cut}: {missing}\n" in result.stderr


def test_removed_pages_renumbered_still_differ_in_the_text(
    reports, rcr_bank: Bank, tmp_path: Path
) -> None:
    """The last page removed: the footers of the others still say N pages."""
    count = len(PdfReader(reports.genuine).pages)
    cut = remove_pages(reports.genuine, tmp_path / "cut.pdf", [count])
    assert verify_report(cut, rcr_bank) == [
        f"page {count} of {count} is missing: the report has {count - 1} pages, but they are "
        f"numbered 1 to {count}"
    ]


@pytest.mark.parametrize("inner", [2, -1], ids=["second", "next-to-last"])
def test_a_page_from_another_report(reports, rcr_bank: Bank, tmp_path: Path, inner: int) -> None:
    """Named as the page that differs, not as another attachment (the integrity page is one
    of the last pages, so the cover-and-integrity check sees the next-to-last page too)."""
    count = len(PdfReader(reports.genuine).pages)
    inner = inner % count
    swapped = swap_page(reports.genuine, reports.other_product, tmp_path / "swap.pdf", inner)
    text = PdfReader(swapped).pages[inner - 1].extract_text().rstrip()
    assert text.endswith(f"Page {inner} of {count}")
    line = f"page {inner} comes from another report: its header or footer is not this one's"
    assert verify_report(swapped, rcr_bank) == [line]
    result = CliRunner().invoke(main, ["verify", str(swapped)])
    assert f"error: {swapped}: {line}\n" in result.stderr


def test_a_page_of_the_same_product_with_other_answers(
    reports, rcr_bank: Bank, tmp_path: Path
) -> None:
    genuine, other = page_texts(reports.genuine), page_texts(reports.other_answers)
    assert len(genuine) == len(other)
    page = next(i for i, (a, b) in enumerate(zip(genuine, other, strict=True), 1) if a != b)
    swapped = swap_page(reports.genuine, reports.other_answers, tmp_path / "swap.pdf", page)
    differences = verify_report(swapped, rcr_bank)
    line = next(d for d in differences if d.startswith(f"page {page}: the text was changed"))
    expected, found = line.split(" but reads ")
    assert expected.split(": it should read ")[1] != found, differences


def test_text_edited_on_an_inner_page(reports, rcr_bank: Bank, tmp_path: Path) -> None:
    assert "Top actions" in page_texts(reports.genuine)[1]
    edited = edit_text(reports.genuine, tmp_path / "edited.pdf", 2, "Top actions", "Top options")
    assert "Top options" in page_texts(edited)[1]
    (line,) = verify_report(edited, rcr_bank)
    assert line.startswith("page 2: the text was changed: it should read '")
    expected, found = line.split(" but reads ")
    assert "actions" in expected and "options" in found
    result = CliRunner().invoke(main, ["verify", str(edited)])
    assert result.exit_code == 1
    assert f"DIFFERS {line}\n" in result.output
    assert (
        f"error: {edited}: page 2 was changed: it does not print what its answers render to\n"
    ) in result.stderr


def test_an_annotation_drawn_over_the_cover(reports, rcr_bank: Bank, tmp_path: Path) -> None:
    forged = add_annotation_incrementally(reports.genuine, tmp_path / "annot.pdf", "Meets 94.6")
    assert forged.read_bytes().startswith(reports.genuine.read_bytes())  # pages untouched
    assert verify_report(forged, rcr_bank) == [
        "page 1: a FreeText annotation 'Meets 94.6' is drawn on top of the page",
        "document: changed after it was saved (1 later update appended to the file)",
    ]


def test_a_report_from_another_build_says_so(
    reports, rcr_bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another commit of the same version: "cannot prove the pages", not "changed"."""
    import rcr_checklist.verify.provenance as provenance
    from helpers.reports import embedded_json
    from rcr_checklist import __version__
    from rcr_checklist.files.fingerprint import renderer_fingerprint

    recorded = embedded_json(reports.genuine.read_bytes())["renderer"]["sha256"]
    assert recorded == renderer_fingerprint()
    monkeypatch.setattr(provenance, "renderer_fingerprint", lambda: "f" * 64)  # another build
    notes: list[str] = []
    assert verify_report(reports.genuine, rcr_bank, notes=notes) == []  # the same words: proved
    assert (
        f"made by another build of rcr-checklist ({__version__}, fingerprint {recorded[:12]}); "
        "its pages print what this build prints"
    ) in notes
    printed_otherwise = edit_text(
        reports.genuine, tmp_path / "other.pdf", 2, "Top actions", "Top options"
    )
    notes = []
    (line,) = verify_report(printed_otherwise, rcr_bank, notes=notes)
    assert line == (
        f"build: made by another build of rcr-checklist ({__version__}, fingerprint "
        f"{recorded[:12]}; this is {__version__}, fingerprint ffffffffffff), which prints "
        "reports differently, so its pages cannot be proved here; verify it with the build "
        "that made it, or ask the supplier for a report made with this one"
    )
    assert any(n.startswith("what differs from this build's printing: page 2:") for n in notes)
    result = CliRunner().invoke(main, ["verify", str(printed_otherwise)])
    assert result.exit_code == 1
    assert (
        f"error: {printed_otherwise}: it was made by another build of rcr-checklist, so its "
        "pages cannot be proved\n"
    ) in result.stderr


@pytest.mark.parametrize(
    "args",
    [[], ["--linearize"], ["--object-streams=generate"], ["--qdf"]],
    ids=["plain", "linearize", "object-streams", "qdf"],
)
def test_qpdf_re_saves_stay_valid(reports, rcr_bank: Bank, tmp_path: Path, args) -> None:
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed")
    target = tmp_path / "resaved.pdf"
    subprocess.run(["qpdf", *args, str(reports.genuine), str(target)], check=True)
    assert target.read_bytes() != reports.genuine.read_bytes()
    assert verify_report(target, rcr_bank) == []


RE_SAVES = {
    # Ghostscript re-distils: it writes new content streams and new fonts, and rewrites the
    # fonts' ToUnicode maps (it read a ligature glyph "ff" back as U+6600 until the report
    # stopped using ligatures)
    "ghostscript": [
        "gs",
        "-q",
        "-dBATCH",
        "-dNOPAUSE",
        "-sDEVICE=pdfwrite",
        "-o",
        "{out}",
        "{src}",
    ],
    "mutool-clean": ["mutool", "clean", "{src}", "{out}"],
    "mutool-garbage-compress": ["mutool", "clean", "-gggg", "-z", "{src}", "{out}"],
    "mutool-decompress": ["mutool", "clean", "-d", "{src}", "{out}"],
}


@pytest.mark.parametrize("tool", sorted(RE_SAVES))
def test_other_tools_re_saves_stay_valid(reports, rcr_bank: Bank, tmp_path: Path, tool) -> None:
    """Re-saved by programs nobody here wrote, the report still proves every page."""
    command = RE_SAVES[tool]
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed")
    target = tmp_path / "resaved.pdf"
    args = [a.format(src=reports.genuine, out=target) for a in command]
    subprocess.run(args, check=True, capture_output=True)
    assert target.read_bytes() != reports.genuine.read_bytes()
    assert verify_report(target, rcr_bank) == []
    if tool == "ghostscript":  # the file names its writer; verify passes that on, as a claim
        result = CliRunner().invoke(main, ["verify", str(target)])
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[1].startswith("written by: 'GPL Ghostscript")
        assert result.stdout.splitlines()[-1] == f"VALID {target}"


def test_a_pikepdf_save_stays_valid(reports, rcr_bank: Bank, tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    target = tmp_path / "pikepdf.pdf"
    with pikepdf.open(reports.genuine) as pdf:
        pdf.save(target, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert verify_report(target, rcr_bank) == []


def test_a_reprint_without_the_attachment_is_refused_in_one_line(reports, tmp_path: Path) -> None:
    """pdftocairo draws the pages again and drops the attachment: nothing left to prove."""
    if shutil.which("pdftocairo") is None:
        pytest.skip("pdftocairo is not installed")
    target = tmp_path / "reprinted.pdf"
    subprocess.run(["pdftocairo", "-pdf", str(reports.genuine), str(target)], check=True)
    result = CliRunner().invoke(main, ["verify", str(target)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {target}: holds no assessment.json attachment, so it was not made by "
        "rcr-checklist (or the attachment was removed)\n"
    )


def test_a_pypdf_round_trip_stays_valid(reports, rcr_bank: Bank, tmp_path: Path) -> None:
    target = pypdf_round_trip(reports.genuine, tmp_path / "round.pdf")
    assert verify_report(target, rcr_bank) == []


def test_locked_for_editing_is_read(reports, rcr_bank: Bank, tmp_path: Path) -> None:
    """AES-256 with an empty open password ("restrict editing") verifies, with a note."""
    writer = PdfWriter(clone_from=PdfReader(reports.genuine))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    notes: list[str] = []
    assert verify_report(locked, rcr_bank, notes=notes) == []
    assert "the file is encrypted for permissions only (no password to open it)" in notes


FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]


def test_verify_travels_to_a_machine_without_the_report_fonts(reports, tmp_path: Path) -> None:
    """Another font configuration breaks lines and pages elsewhere; the answer is the same."""
    font_dir = next((d for d in FONT_DIRS if d.is_dir()), None)
    if font_dir is None:
        pytest.skip("no DejaVu font folder to build a one-folder font configuration")
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{font_dir}</dir><cachedir>{tmp_path / 'cache'}</cachedir>"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    edited = edit_text(reports.genuine, tmp_path / "edited.pdf", 2, "Top actions", "Top options")
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    run = [sys.executable, "-m", "rcr_checklist", "verify"]
    good = subprocess.run([*run, str(reports.genuine)], env=env, capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    lines = good.stdout.splitlines()
    assert lines[0] == "signature: not signed" and lines[-1] == f"VALID {reports.genuine}"
    assert lines[1].startswith("proved: its ") and len(lines) == 3
    bad = subprocess.run([*run, str(edited)], env=env, capture_output=True, text=True)
    assert bad.returncode == 1
    assert "DIFFERS page 2: the text was changed: it should read '" in bad.stdout


def test_every_accepted_character_round_trips(reports, rcr_bank: Bank, tmp_path: Path) -> None:
    """Every kind of character the answers accept: an honest report verifies.

    The product name (checked on the cover and in every page's header) and the other fields
    hold every format character (Cf) and default-ignorable code point, a spread of every
    general category the model accepts (scripts with no font here, symbols, marks, private
    use, unassigned), right-to-left words, line separators, Word bullets and ligatures.
    """
    from rcr_checklist.app.report import write_report
    from rcr_checklist.model.scoring import score

    answers = reports.answers
    product = every_kind_of_text(answers.product.model_dump())
    changed = answers.model_copy(update={"product": answers.product.model_validate(product)})
    pdf = write_report(rcr_bank, score(rcr_bank, changed), tmp_path / "glyphs.pdf")
    assert verify_report(pdf, rcr_bank) == []
    cover = page_texts(pdf)[0]
    assert "Test" in cover and "Scan" in cover and "\u2022" in cover  # the bullet is drawn


def test_score_shows_the_fast_check_and_refuses_a_changed_pdf(reports, tmp_path: Path) -> None:
    """The register names the fast check for a genuine PDF and never scores a changed one."""
    import csv
    import io

    folder = tmp_path / "submissions"
    folder.mkdir()
    shutil.copy(reports.genuine, folder / "a-genuine.pdf")
    add_annotation_incrementally(reports.genuine, folder / "b-forged.pdf", "Meets 94.6")
    result = CliRunner().invoke(main, ["score", str(folder), "--format", "csv"])
    assert result.exit_code == 2
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert [(Path(r["file"]).name, r["verified"]) for r in rows] == [
        ("a-genuine.pdf", "attachment-and-cover (fast)")
    ]
    one = CliRunner().invoke(main, ["score", str(folder / "a-genuine.pdf")])
    assert one.exit_code == 0, one.output
    assert one.stdout.endswith(
        "verified: attachment-and-cover (fast): the attachment and the cover only, not the "
        "inner pages; run `rcr-checklist verify FILE` before relying on them\n"
    )
    assert (
        f"error: {folder / 'b-forged.pdf'}: something was drawn on top of page 1 (page 1: a "
        "FreeText annotation 'Meets 94.6' is drawn on top of the page), so the report is not "
        "used; see `rcr-checklist verify "
    ) in result.stderr
