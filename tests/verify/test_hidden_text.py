"""verify names text a page still holds but a reader cannot see: painted over, tiny, off the
page or in the colour behind it (text extraction alone reads all of it back)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from rcr_checklist.files.pdf_paint import PaintReader
from rcr_checklist.model.bank import Bank
from rcr_checklist.verify.check import headline, verify_report

pytestmark = pytest.mark.slow  # the `reports` fixture renders reports (set-up of a few seconds)


def _append(content: bytes, number: int = 1) -> Callable[[pikepdf.Pdf], None]:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.pages[number - 1].contents_add(pikepdf.Stream(pdf, content), prepend=False)

    return change


def _wrap(before: bytes, number: int = 2) -> Callable[[pikepdf.Pdf], None]:
    def change(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[number - 1]
        page.contents_coalesce()
        data = page.obj.Contents.read_bytes()
        page.obj.Contents = pikepdf.Stream(pdf, b"q " + before + b"\n" + data + b"\nQ")

    return change


def _white_image(pdf: pikepdf.Pdf, placed: bytes = b"595 0 0 600 0 120") -> None:
    page = pdf.pages[0]
    image = pikepdf.Stream(pdf, b"\xff\xff\xff")
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height, image.BitsPerComponent = 1, 1, 8
    image.ColorSpace = pikepdf.Name.DeviceRGB
    page.add_resource(image, pikepdf.Name.XObject, pikepdf.Name("/Blank"))
    page.contents_add(pikepdf.Stream(pdf, b"q " + placed + b" cm /Blank Do Q"), prepend=False)


def _prepend(content: bytes, number: int = 1) -> Callable[[pikepdf.Pdf], None]:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.pages[number - 1].contents_add(pikepdf.Stream(pdf, content), prepend=True)

    return change


_TM = re.compile(rb"1 0 0 -1 ([\d.]+) ([\d.]+) Tm")


def _overprint(pdf: pikepdf.Pdf) -> None:
    """Move every line of page 1 onto the line above it (the words stay in order)."""
    page = pdf.pages[0]
    page.contents_coalesce()
    data = page.obj.Contents.read_bytes()
    lines = sorted({float(m.group(2)) for m in _TM.finditer(data)})

    def up(match: re.Match[bytes]) -> bytes:
        y = float(match.group(2))
        k = lines.index(y)
        return b"1 0 0 -1 %s %.6f Tm" % (match.group(1), lines[max(0, k - 1)])

    page.obj.Contents = pikepdf.Stream(pdf, _TM.sub(up, data))


def _all_white(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[0]
    page.contents_coalesce()
    data = page.obj.Contents.read_bytes()
    data = re.sub(rb"[\d.]+ [\d.]+ [\d.]+ rg", b"1 1 1 rg", data)
    page.obj.Contents = pikepdf.Stream(pdf, data)


TAMPERS: dict[str, tuple[Callable[[pikepdf.Pdf], None], str]] = {
    "white-box": (_append(b"q 1 1 1 rg 0 120 595 600 re f Q"), "covered by a filled shape"),
    "black-bar": (_append(b"q 0 g 40 120 500 600 re f Q"), "covered by a filled shape"),
    "white-image": (_white_image, "covered by an image"),
    # a stamp where the page has no text (a corner of the margin; the page is drawn upside
    # down, so the corner is the top left)
    "stamp-image": (
        lambda pdf: _white_image(pdf, b"20 0 0 20 2 2"),
        "an image is drawn at [2, 820, 22, 840], which the report does not have",
    ),
    "strike-lines": (
        _append(
            b"q 1 1 1 RG 30 w "
            + b" ".join(b"0 %d m 595 %d l" % (y, y) for y in range(0, 842, 10))
            + b" S Q"
        ),
        "covered by a line",
    ),
    "scaled-down": (_wrap(b"0.02 0 0 0.02 0 0 cm"), "too small to read"),
    "moved-off": (_wrap(b"1 0 0 1 2000 0 cm"), "outside its crop box"),
    "white-text": (_all_white, "unseen: drawn in the colour of what is behind it"),
    "clipped-away": (_prepend(b"0 0 1 1 re W n"), "cut away by a clipping path"),
    "squeezed": (_prepend(b"20 Tz"), "squeezed: its letters are drawn over each other"),
    "text-clip": (_prepend(b"4 Tr"), "used as a clipping path (render mode 4)"),
    "overprinted": (_overprint, "drawn over other text"),
}


def _tamper(source: Path, target: Path, change: Callable[[pikepdf.Pdf], None]) -> Path:
    with pikepdf.open(source) as pdf:
        change(pdf)
        pdf.save(target)
    return target


@pytest.mark.parametrize("name", sorted(TAMPERS))
def test_hidden_text_differs(name: str, reports, rcr_bank: Bank, tmp_path: Path) -> None:
    change, how = TAMPERS[name]
    path = _tamper(reports.genuine, tmp_path / f"{name}.pdf", change)
    differences = verify_report(path, rcr_bank)
    assert differences, "verify said VALID"
    assert any(how in d for d in differences), differences
    assert re.match(r"page \d+: (the text '|an image is drawn)", differences[0]), differences
    said = headline(differences)
    assert (
        "hidden from the reader" in said
        or "drawn over the text" in said
        or ("drawn on top of page" in said)
    )


def test_honest_pages_hide_nothing(reports) -> None:
    """Two honest reports: nothing is hidden (every example, the DRAFT mark included, is
    verified in full by test_unlaid.py)."""
    for path in (reports.genuine, reports.other_product):
        reader = PaintReader()
        pages = PdfReader(path).pages
        assert [h for page in pages for h in reader.hidden(page)] == []


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript is not installed")
def test_a_ghostscript_copy_hides_nothing(reports, tmp_path: Path) -> None:
    """Ghostscript re-draws every page with its own fonts and operators: nothing hidden."""
    copy = tmp_path / "gs.pdf"
    subprocess.run(
        [
            "gs",
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-sDEVICE=pdfwrite",
            f"-sOutputFile={copy}",
            str(reports.genuine),
        ],
        check=True,
    )
    reader = PaintReader()
    assert [h for page in PdfReader(copy).pages for h in reader.hidden(page)] == []


@pytest.mark.parametrize("name", ["white-box", "white-text", "stamp-image", "clipped-away"])
def test_the_fast_check_sees_the_cover_hidden(
    name: str, reports, rcr_bank: Bank, tmp_path: Path
) -> None:
    """score, compare and the register run the same check on the cover."""
    from rcr_checklist.verify.check import check_report

    path = _tamper(reports.genuine, tmp_path / f"{name}.pdf", TAMPERS[name][0])
    altered = check_report(path, rcr_bank, full=False).altered
    assert any(line.startswith("page 1: ") for line in altered), altered
    clean = check_report(reports.genuine, rcr_bank, full=False).altered
    assert clean == []
