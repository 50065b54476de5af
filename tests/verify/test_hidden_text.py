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

from helpers.tamper import pikepdf_change
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


def _swap(pdf: pikepdf.Pdf) -> None:
    """Swap where two values of one column of page 1 are drawn (the drawing order stays)."""
    page = pdf.pages[0]
    page.contents_coalesce()
    data = page.obj.Contents.read_bytes()
    found = list(_TM.finditer(data))
    column: dict[bytes, list[re.Match[bytes]]] = {}
    for match in found:
        if float(match.group(1)) > 250:
            column.setdefault(match.group(1), []).append(match)
    a, b = next(
        (rows[0], rows[1])
        for rows in column.values()
        if len(rows) > 1 and abs(float(rows[0].group(2)) - float(rows[1].group(2))) > 30
    )
    swapped = (
        data[: a.start(2)]
        + b.group(2)
        + data[a.end(2) : b.start(2)]
        + a.group(2)
        + data[b.end(2) :]
    )
    page.obj.Contents = pikepdf.Stream(pdf, swapped)


def _all_white(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[0]
    page.contents_coalesce()
    data = page.obj.Contents.read_bytes()
    data = re.sub(rb"[\d.]+ [\d.]+ [\d.]+ rg", b"1 1 1 rg", data)
    page.obj.Contents = pikepdf.Stream(pdf, data)


def _resource(kind: str, name: str, value: pikepdf.Object) -> Callable[[pikepdf.Pdf], None]:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].add_resource(value, pikepdf.Name(kind), pikepdf.Name(name))

    return change


def _both(*changes: Callable[[pikepdf.Pdf], None]) -> Callable[[pikepdf.Pdf], None]:
    def change(pdf: pikepdf.Pdf) -> None:
        for one in changes:
            one(pdf)

    return change


def _separation(pdf: pikepdf.Pdf) -> None:
    """Every colour of page 1 becomes a spot colour whose tint 0 prints white."""
    tint = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1.0], C1=[0.0], N=1)
    space = pikepdf.Array(
        [pikepdf.Name.Separation, pikepdf.Name("/Spot"), pikepdf.Name.DeviceGray, tint]
    )
    pdf.pages[0].add_resource(space, pikepdf.Name.ColorSpace, pikepdf.Name("/Sep"))
    page = pdf.pages[0]
    page.contents_coalesce()
    data = re.sub(rb"[\d.]+ [\d.]+ [\d.]+ rg", b"/Sep cs 0 sc", page.obj.Contents.read_bytes())
    page.obj.Contents = pikepdf.Stream(pdf, data)


def _mask(pdf: pikepdf.Pdf) -> None:
    group = pdf.make_stream(
        b"0 g -5000 -5000 10000 10000 re f",
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        BBox=[-5000, -5000, 5000, 5000],
        Group=pikepdf.Dictionary(S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceGray),
    )
    state = pikepdf.Dictionary(
        Type=pikepdf.Name.ExtGState,
        SMask=pikepdf.Dictionary(Type=pikepdf.Name.Mask, S=pikepdf.Name.Luminosity, G=group),
    )
    _resource("/ExtGState", "/Hide", state)(pdf)
    _prepend(b"/Hide gs")(pdf)


def _disguised(pdf: pikepdf.Pdf) -> None:
    """A copy of the page's first font whose map reads every glyph as a space draws words."""
    page = pdf.pages[0]
    name, font = next(iter(page.obj.Resources.Font.items()))
    data = font.ToUnicode.read_bytes()
    codes = [int(c, 16) for c in re.findall(rb"<([0-9a-fA-F]{4})>\s*<00[4-5][0-9a-fA-F]>", data)][
        :6
    ]
    assert codes, "no letters in the font's map"
    clone = pdf.make_indirect(pikepdf.Dictionary(dict(font.items())))
    body = b"".join(b"<%04x> <0020>\n" % c for c in codes)
    clone.ToUnicode = pdf.make_stream(
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange\n"
        b"<0000> <ffff>\nendcodespacerange\n%d beginbfchar\n"
        % len(codes)
        + body
        + b"endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end"
    )
    page.add_resource(clone, pikepdf.Name.Font, pikepdf.Name("/Fake"))
    shown = b"".join(b"<%04x>" % c for c in codes)
    _append(b"BT /Fake 30 Tf 1 0 0 -1 60 60 Tm [" + shown + b"] TJ ET")(pdf)


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
    # lines moved onto others: drawn over them, or (a white badge's text onto its neighbour's
    # white badge) unseen; either way named
    "overprinted": (_overprint, "drawn over other text|unseen: drawn in the colour"),
    # round two of a breaker's trial
    "thin-strips": (
        _append(
            b"q 1 1 1 rg " + b" ".join(b"%d 0 0.4 842 re" % x for x in range(0, 595, 1)) + b" f Q"
        ),
        "covered by a filled shape",
    ),
    "hole-clip": (_prepend(b"0 0 595 842 re 100 0 400 842 re W* n"), "cut away by a clipping path"),
    "sliver-clip": (_prepend(b"0 0 m 595 842 l 0 0.01 l W n"), "cut away by a clipping path"),
    "transfer": (
        _both(
            _resource(
                "/ExtGState",
                "/Tr",
                pikepdf.Dictionary(
                    Type=pikepdf.Name.ExtGState,
                    TR=pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1.0], C1=[1.0], N=1),
                ),
            ),
            _prepend(b"/Tr gs"),
        ),
        "unseen: drawn through a transfer function",
    ),
    "matrix-squeeze": (_wrap(b"0.2 0 0 1 0 0 cm", number=1), "squeezed"),
    "swapped-values": (_swap, "out of reading order: moved from where the text around it runs"),
    "stroked-white": (
        _prepend(b"1 Tr 1 1 1 RG"),
        "unseen: drawn in the colour of what is behind it",
    ),
    "spot-colour": (_separation, "unseen: drawn in a Separation colour this check cannot read"),
    "soft-mask": (_mask, "unseen: drawn through a soft mask"),
    "blend-mode": (
        _both(
            _resource(
                "/ExtGState",
                "/Mul",
                pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, BM=pikepdf.Name.Multiply),
            ),
            _prepend(b"/Mul gs"),
        ),
        "unseen: drawn with the blend mode Multiply",
    ),
    "two-rect-clip": (_prepend(b"0 0 5 5 re 590 837 5 5 re W n"), "cut away by a clipping path"),
    "thick-curve": (
        _append(b"q 1 1 1 RG 60 w 0 0 m 200 300 400 600 595 842 c S Q"),
        "covered by a line",
    ),
    "stroked-rects": (
        _append(
            b"q 1 1 1 RG 12 w "
            + b" ".join(b"0 %d 595 0.1 re" % y for y in range(0, 842, 12))
            + b" S Q"
        ),
        "covered by a line",
    ),
    "disguised": (_disguised, "disguised: glyphs that read back as spaces draw something"),
}


@pytest.mark.parametrize("name", sorted(TAMPERS))
def test_hidden_text_differs(name: str, reports, rcr_bank: Bank, tmp_path: Path) -> None:
    change, how = TAMPERS[name]
    path = pikepdf_change(reports.genuine, tmp_path / f"{name}.pdf", change)
    differences = verify_report(path, rcr_bank)
    assert differences, "verify said VALID"
    found = [d for d in differences if (re.search(how, d) if "|" in how else how in d)]
    assert found, differences
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


def test_a_draft_mark_made_transparent_differs(rcr_bank: Bank, tmp_path: Path) -> None:
    """The DRAFT mark may lie under the text, but it must be there: its opacity set to 0."""
    from rcr_checklist.app.report import write_report
    from rcr_checklist.files.answers_io import load_answers
    from rcr_checklist.files.resources import examples_dir
    from rcr_checklist.model.scoring import score
    from rcr_checklist.report.decision import Detail

    answers = load_answers(examples_dir() / "draft-inprogress.yaml", rcr_bank).answers
    pdf = write_report(
        rcr_bank, score(rcr_bank, answers), tmp_path / "d.pdf", detail=Detail.SUMMARY
    )
    assert verify_report(pdf, rcr_bank) == []

    def clear(document: pikepdf.Pdf) -> None:
        for state in document.pages[0].obj.Resources.ExtGState.values():
            if "/ca" in state and 0 < float(state.ca) < 0.2:
                state.ca = 0

    path = pikepdf_change(pdf, tmp_path / "no-draft.pdf", clear)
    assert "page 1: the text 'DRAFT' is unseen: drawn fully transparent" in verify_report(
        path, rcr_bank
    )


@pytest.mark.parametrize("name", ["white-box", "white-text", "stamp-image", "clipped-away"])
def test_the_fast_check_sees_the_cover_hidden(
    name: str, reports, rcr_bank: Bank, tmp_path: Path
) -> None:
    """score, compare and the register run the same check on the cover."""
    from rcr_checklist.verify.check import check_report

    path = pikepdf_change(reports.genuine, tmp_path / f"{name}.pdf", TAMPERS[name][0])
    altered = check_report(path, rcr_bank, full=False).altered
    assert any(line.startswith("page 1: ") for line in altered), altered
    clean = check_report(reports.genuine, rcr_bank, full=False).altered
    assert clean == []
