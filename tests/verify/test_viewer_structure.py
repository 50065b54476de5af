"""verify compares what a viewer shows besides the text; linearised files are one save."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfWriter
from pypdf.generic import NameObject, TextStringObject

from helpers.tamper import edit_text, pikepdf_change
from rcr_checklist.files.pdf_structure import count_revisions
from rcr_checklist.model.bank import Bank
from rcr_checklist.verify.check import check_report, headline, verify_report

# every test here needs a freshly rendered report (the `reports` fixture renders it: ~6 s of
# set-up), so the module stays out of the fast lane even where the check itself is quick
pytestmark = pytest.mark.slow


def _link(pdf: pikepdf.Pdf, uri: str) -> None:
    page = pdf.pages[0]
    media = [float(v) for v in page.mediabox]
    annot = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=media,
            Border=[0, 0, 0],
            A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=uri),
        )
    )
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([annot]))


def _outline(pdf: pikepdf.Pdf) -> None:
    with pdf.open_outline() as outline:
        outline.root[0].title = "Verdict: MEETS - approved by NHS England"


def _title(pdf: pikepdf.Pdf, xmp: bool = True) -> None:
    pdf.docinfo["/Title"] = "Approved by NHS England"
    if xmp:
        with pdf.open_metadata() as meta:
            meta["dc:title"] = "Approved by NHS England"


def _crop(pdf: pikepdf.Pdf) -> None:
    x1, y1, x2, y2 = (float(v) for v in pdf.pages[1].mediabox)
    pdf.pages[1].obj.CropBox = [x1, (y1 + y2) / 2, x2, y2]


def _rotate(pdf: pikepdf.Pdf) -> None:
    pdf.pages[1].obj.Rotate = 180


def _labels(pdf: pikepdf.Pdf) -> None:
    pdf.Root.PageLabels = pikepdf.Dictionary(Nums=[0, pikepdf.Dictionary(S=pikepdf.Name("/r"))])


TAMPERS: dict[str, tuple[Callable[[pikepdf.Pdf], None], str]] = {
    "newlink": (
        lambda pdf: _link(pdf, "http://evil.example/x"),
        "page 1: a link to uri http://evil.example/x at",
    ),
    "link-uri-file": (
        lambda pdf: _link(pdf, "file:///etc/passwd"),
        "page 1: a link to uri file:///etc/passwd at",
    ),
    "outline": (_outline, "document: bookmark 1 reads 'Verdict: MEETS - approved by NHS England'"),
    "title": (_title, "document: its title reads 'Approved by NHS England'"),
    "title-info-only": (
        lambda pdf: _title(pdf, xmp=False),
        "document: its title reads 'Approved by NHS England'",
    ),
    "crop": (_crop, "page 2: its crop box differs from the report's"),
    "rotate": (_rotate, "page 2: it is turned by 180 degrees, the report's by 0"),
    "labels": (_labels, "page 1: its page label is 'i', the report's '1'"),
}


@pytest.mark.slow  # a full verify (the rendering is cached over the cases)
@pytest.mark.parametrize("name", sorted(TAMPERS))
def test_a_change_to_what_a_viewer_shows_differs(
    name: str, reports, rcr_bank: Bank, tmp_path: Path
) -> None:
    change, line = TAMPERS[name]
    path = pikepdf_change(reports.genuine, tmp_path / f"t-{name}.pdf", change)
    differences = verify_report(path, rcr_bank)
    assert any(d.startswith(line) for d in differences), differences
    assert all("\n" not in d for d in differences)
    assert "does not print what its answers render to" not in headline(differences)


def test_a_pikepdf_resave_keeps_the_fast_check_clean(
    reports, rcr_bank: Bank, tmp_path: Path
) -> None:
    path = pikepdf_change(reports.genuine, tmp_path / "same.pdf", lambda pdf: None)
    assert check_report(path, rcr_bank, full=False).altered == []


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("link-uri-file", "page 1: a link to 'file:///etc/passwd' (not a web address)"),
        ("rotate", "page 2: the page is turned by 180 degrees"),
        ("crop", "page 2: the page is cut to a part of it"),
    ],
)
def test_the_fast_check_sees_file_links_turned_and_cut_pages(
    name: str, line: str, reports, rcr_bank: Bank, tmp_path: Path
) -> None:
    path = pikepdf_change(reports.genuine, tmp_path / f"t-{name}.pdf", TAMPERS[name][0])
    differences = check_report(path, rcr_bank, full=False).altered
    assert any(d.startswith(line) for d in differences), differences


def test_the_fast_check_sees_the_cover_headline_changed(
    reports, rcr_bank: Bank, tmp_path: Path
) -> None:
    """Only the big number changed: the sentence under it still prints the true score.

    A new user's trial: "95.6 / 100 overall" edited to "99.6" passed the fast check (and so
    score, compare and the register), because 95.6 was still on the page.
    """
    data = check_report(reports.genuine, rcr_bank, full=False).embedded.data
    shown = f"{data['overall']['score']:.1f}"
    # one digit changed to another digit the number already draws (same font, same glyphs)
    digits = sorted({c for c in shown if c.isdigit()})
    assert len(digits) > 1, f"the example's score {shown} draws one digit only"
    forged = shown.replace(digits[0], digits[1], 1)
    path = edit_text(reports.genuine, tmp_path / "headline.pdf", 1, shown, forged)
    differences = check_report(path, rcr_bank, full=False).altered
    assert differences == [
        f"page 1: the cover's headline does not read "
        f"'{data['overall']['rating']} {shown} / 100 overall' as the embedded assessment "
        "gives (it was changed on the page)"
    ]


def _mutool_linearised(source: Path, target: Path) -> Path:
    mutool = shutil.which("mutool")
    if mutool is None:
        pytest.skip("mutool is not installed")
    subprocess.run([mutool, "clean", "-l", str(source), str(target)], check=True)
    return target


def _update(source: Path, target: Path) -> Path:
    """Append an incremental update (a changed title) to a file."""
    writer = PdfWriter(source, incremental=True)
    writer._info.get_object()[NameObject("/Title")] = TextStringObject("Changed")  # noqa: SLF001
    with target.open("wb") as out:
        writer.write(out)
    return target


def test_linearised_files_are_one_save_and_a_later_update_counts(reports, tmp_path: Path) -> None:
    if shutil.which("qpdf"):
        qpdf = tmp_path / "qpdf.pdf"
        subprocess.run(["qpdf", "--linearize", str(reports.genuine), str(qpdf)], check=True)
        assert count_revisions(qpdf.read_bytes()) == 1
    mupdf = _mutool_linearised(reports.genuine, tmp_path / "mupdf.pdf")
    raw = mupdf.read_bytes()
    assert raw.count(b"%%EOF") == 2  # the first page's section ends with its own marker
    assert count_revisions(raw) == 1
    updated = _update(mupdf, tmp_path / "updated.pdf")
    assert updated.read_bytes().startswith(raw)
    assert count_revisions(updated.read_bytes()) == 2


def test_a_linearised_file_with_an_update_differs(reports, rcr_bank: Bank, tmp_path: Path) -> None:
    mupdf = _mutool_linearised(reports.genuine, tmp_path / "mupdf.pdf")
    assert check_report(mupdf, rcr_bank, full=False).altered == []
    updated = _update(mupdf, tmp_path / "updated.pdf")
    assert "document: changed after it was saved (1 later update appended to the file)" in (
        check_report(updated, rcr_bank, full=False).altered
    )


@pytest.mark.slow  # a full verify
def test_a_mupdf_linearised_copy_is_valid(reports, rcr_bank: Bank, tmp_path: Path) -> None:
    mupdf = _mutool_linearised(reports.genuine, tmp_path / "mupdf.pdf")
    assert verify_report(mupdf, rcr_bank) == []
    updated = _update(mupdf, tmp_path / "updated.pdf")
    assert "document: changed after it was saved (1 later update appended to the file)" in (
        verify_report(updated, rcr_bank)
    )
