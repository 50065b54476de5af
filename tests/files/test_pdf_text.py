"""The printed-text normalisation and the fast page-text reader (no rendering)."""

from __future__ import annotations

import io
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)

from helpers.code_points import REFUSED, format_and_ignorable
from rcr_checklist.files.pdf_text import PLACEHOLDER, PageReader, printed_text, squash


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("Test\u2028Scan", "Test\nScan"),  # line separator
        ("a\u2029b", "a\nb"),  # paragraph separator
        ("\uf0b7 first", "\u2022 first"),  # Word's Symbol bullet
        ("\uf0a7 second", "\u25aa second"),  # Wingdings square
        ("x\ue000y", f"x{PLACEHOLDER}y"),  # other private use
        ("\ufb01le", "file"),  # ligature
        ("e\u0301", "\u00e9"),  # combining mark composed (NFC)
        ("a\x07b", f"a{PLACEHOLDER}b"),  # control character
        ("\ufef3", "\u064a"),  # Arabic presentation form -> letter
        ("שלום", "שלום"),  # right-to-left text kept
        ("plain ASCII <b>", "plain ASCII <b>"),
    ],
)
def test_printed_text(text: str, printed: str) -> None:
    assert printed_text(text) == printed
    assert printed_text(printed) == printed  # idempotent: rendering and verify agree


def test_squash_drops_what_a_layout_moves() -> None:
    assert squash("Chest\u00adFlow \u200dAI\n  3 critical") == "ChestFlowAI3critical"
    assert squash("\ufb01nd") == "find"
    # the hyphen a layout draws where it breaks a line at a soft hyphen
    assert squash("Chest\u2010\nFlow") == squash("Chest\u00adFlow") == "ChestFlow"


def test_format_and_ignorable_characters_are_not_compared() -> None:
    """Every Cf and default-ignorable: a shaper may draw nothing and read back nothing."""
    for c in format_and_ignorable():
        if unicodedata.category(c) == "Cn":  # unassigned here: printed as a visible mark
            assert squash(c) == PLACEHOLDER, f"U+{ord(c):04X}"
        else:
            assert squash(f"e{c}\u0301 a{c}b") == "e\u0301ab", f"U+{ord(c):04X}"


ACCEPTED = st.characters(exclude_categories=tuple(REFUSED))
INVISIBLE = [c for c in format_and_ignorable() if unicodedata.category(c) != "Cn"]


@settings(max_examples=100, deadline=None)
@given(st.text(ACCEPTED, max_size=20), st.sampled_from(INVISIBLE), st.integers(0, 20))
def test_an_invisible_character_anywhere_changes_nothing(text: str, c: str, at: int) -> None:
    at = min(at, len(text))
    assert squash(text[:at] + c + text[at:]) == squash(text)


@settings(max_examples=100, deadline=None)
@given(st.text(ACCEPTED, max_size=20))
def test_squash_is_printed_text_and_is_idempotent(text: str) -> None:
    assert squash(printed_text(text)) == squash(text)
    assert squash(squash(text)) == squash(text)


def _font(writer: PdfWriter, mapping: dict[int, str], encoding: object = None) -> DictionaryObject:
    lines = "".join(
        f"<{code:04x}> <{ch.encode('utf-16-be').hex()}>\n" for code, ch in mapping.items()
    )
    cmap = DecodedStreamObject()
    cmap.set_data(f"begincmap\n{len(mapping)} beginbfchar\n{lines}endbfchar\nendcmap\n".encode())
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/BaseFont"): NameObject("/Test"),
            NameObject("/Encoding"): encoding or NameObject("/Identity-H"),
            NameObject("/ToUnicode"): writer._add_object(cmap),
        }
    )


def _page_pdf(
    content: bytes, *, form: bytes | None = None, codespace: bytes | None = None
) -> PdfReader:
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    mapping = {1: "H", 2: "i", 3: " ", 4: "!"}
    encoding = None
    if codespace is not None:  # an embedded CMap, as WeasyPrint writes for missing glyphs
        cmap = DecodedStreamObject()
        cmap.set_data(
            b"/CMapName /WP-Encod-0 def /CMapType 1 def 1 begincodespacerange "
            + codespace
            + b" endcodespacerange 2 begincidchar <0001> 1 <0004> 0 endcidchar endcmap"
        )
        cmap[NameObject("/Type")] = NameObject("/CMap")
        encoding = writer._add_object(cmap)
    resources = DictionaryObject(
        {
            NameObject("/Font"): DictionaryObject(
                {NameObject("/F1"): writer._add_object(_font(writer, mapping, encoding))}
            )
        }
    )
    if form is not None:
        xobject = DecodedStreamObject()
        xobject.set_data(form)
        xobject.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject([NumberObject(0)] * 4),
                NameObject("/Resources"): resources,
            }
        )
        resources[NameObject("/XObject")] = DictionaryObject(
            {NameObject("/X1"): writer._add_object(xobject)}
        )
    page[NameObject("/Resources")] = resources
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return PdfReader(io.BytesIO(out.getvalue()))


def test_reads_weasyprint_shaped_text_fast() -> None:
    reader = _page_pdf(b"BT /F1 10 Tf [<0001>5<0002>] TJ ET BT /F1 10 Tf <000300010002> Tj ET")
    pages = PageReader()
    assert pages.page_text(reader.pages[0]) == "Hi \n Hi \n"
    assert pages.fallbacks == 0


def test_a_font_with_missing_glyphs_is_read_fast() -> None:
    """WeasyPrint's own CMap over two-byte codes (some character had no glyph) reads as usual."""
    content = b"BT /F1 10 Tf [<0001>5<0002>] TJ ET BT /F1 10 Tf <0004> Tj ET"
    pages = PageReader()
    assert pages.page_text(_page_pdf(content, codespace=b"<0000> <ffff>").pages[0]) == "Hi \n! \n"
    assert pages.fallbacks == 0
    other = PageReader()  # one-byte codes: not our shape, so pypdf reads the page
    other.page_text(_page_pdf(content, codespace=b"<00> <ff>").pages[0])
    assert other.fallbacks == 1


def test_invisible_text_is_not_printed() -> None:
    reader = _page_pdf(
        b"BT /F1 10 Tf 3 Tr [<0001>] TJ 0 Tr [<0002>] TJ ET q BT /F1 0 Tf <0004> Tj ET Q"
    )
    assert squash(PageReader().page_text(reader.pages[0])) == "i"


def test_literal_strings_and_comments_take_the_full_tokenizer() -> None:
    reader = _page_pdf(b"BT /F1 10 Tf % a comment with TJ\n[<0001> (\\000\\002)] TJ ET")
    pages = PageReader()
    assert squash(pages.page_text(reader.pages[0])) == "Hi"
    assert pages.fallbacks == 0


def test_form_xobject_text_is_a_figure() -> None:
    reader = _page_pdf(
        b"BT /F1 10 Tf <0001> Tj ET /X1 Do BT /F1 10 Tf <0002> Tj ET",
        form=b"BT /F1 10 Tf <00040004> Tj ET",
    )
    read = PageReader().read_page(reader.pages[0])
    assert squash(read.text) == "Hi"
    assert [squash(f) for f in read.figures] == ["!!"]


def test_other_fonts_are_read_by_pypdf() -> None:
    writer = PdfWriter(clone_from=_page_pdf(b"BT /F1 10 Tf <0001> Tj ET"))
    page = writer.pages[0]
    page["/Resources"]["/Font"][NameObject("/F2")] = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    stream = DecodedStreamObject()
    stream.set_data(
        page.get_contents().get_data() + b" BT /F2 24 Tf 1 0 0 1 20 20 Tm (Meets 94.6) Tj ET"
    )
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    pages = PageReader()
    text = pages.page_text(PdfReader(io.BytesIO(out.getvalue())).pages[0])
    assert pages.fallbacks == 1
    assert "Meets 94.6" in text


def test_object_streams_are_read_one_object_at_a_time(tmp_path) -> None:
    """Opening a report reads the objects it needs, not every object of a stream."""
    import shutil
    import subprocess

    from rcr_checklist.files.report_pdf import pdf_reader

    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed")
    plain = tmp_path / "plain.pdf"
    writer = PdfWriter(clone_from=_page_pdf(b"BT /F1 10 Tf [<0001>5<0002>] TJ ET"))
    elements = [  # objects nobody reads, as a tagged PDF's structure elements
        writer._add_object(DictionaryObject({NameObject("/S"): NameObject("/P")}))
        for _ in range(200)
    ]
    writer._root_object[NameObject("/StructTreeRoot")] = writer._add_object(
        DictionaryObject({NameObject("/K"): ArrayObject(elements)})
    )
    with plain.open("wb") as handle:
        writer.write(handle)
    packed = tmp_path / "packed.pdf"
    subprocess.run(["qpdf", "--object-streams=generate", str(plain), str(packed)], check=True)
    reader = pdf_reader(packed.read_bytes())
    assert reader.xref_objStm  # the objects are in object streams
    assert PageReader().page_text(reader.pages[0]) == "Hi \n"
    assert len(reader.resolved_objects) < len(reader.xref_objStm) // 4
