"""What a PDF holds on top of its pages: scripts, forms, layers, annotations, later updates."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText, Link
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from rcr_checklist.files.pdf_structure import count_revisions, find_extras


def _base() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_blank_page(200, 200)
    writer.add_attachment("assessment.json", b"{}")
    return writer


def _extras(writer: PdfWriter) -> list[str]:
    out = io.BytesIO()
    writer.write(out)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    names = tuple(str(f.name) for f in reader.attachment_list)
    return find_extras(reader, names).problems


def test_a_plain_report_has_nothing_on_top() -> None:
    writer = _base()
    writer.add_annotation(1, Link(rect=(10, 10, 50, 20), url="https://example.org/"))
    writer.add_annotation(0, Link(rect=(10, 10, 50, 20), target_page_index=1))
    assert _extras(writer) == []


def test_each_addition_is_named() -> None:
    writer = _base()
    root = writer._root_object
    script = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1;")}
    )
    root[NameObject("/OpenAction")] = writer._add_object(script)
    root["/Names"][NameObject("/JavaScript")] = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("a"), writer._add_object(script)])}
    )
    writer.add_attachment("invoice.exe", b"MZ")
    writer.add_annotation(1, FreeText(text="Approved", rect=(10, 10, 90, 40)))
    root[NameObject("/OCProperties")] = DictionaryObject()
    field = DictionaryObject(
        {NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject("score")}
    )
    root[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([writer._add_object(field)])}
    )
    assert _extras(writer) == [
        "document: optional content (layers that a viewer may show or hide)",
        "document: an action run when the file is opened",
        "document: JavaScript",
        "document: an embedded file 'invoice.exe' besides assessment.json",
        "document: a form field 'score'",
        "page 2: a FreeText annotation 'Approved' is drawn on top of the page",
    ]


def test_revisions_count_incremental_updates_only() -> None:
    writer = _base()
    out = io.BytesIO()
    writer.write(out)
    saved = out.getvalue()
    assert count_revisions(saved) == 1
    update = PdfWriter(io.BytesIO(saved), incremental=True)
    update.add_annotation(0, FreeText(text="x", rect=(0, 0, 10, 10)))
    later = io.BytesIO()
    update.write(later)
    assert later.getvalue().startswith(saved)
    assert count_revisions(later.getvalue()) == 2
