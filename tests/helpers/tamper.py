"""Ways to change a report PDF after it was made, as a forger or a re-saving tool would."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from rcr_checklist.files.pdf_syntax import to_unicode
from rcr_checklist.files.pdf_text import PageReader

_RUN = re.compile(rb"/(\w+) [\d.]+ Tf\s*\[([^\]]*)\] TJ")
_CODE = re.compile(rb"<([0-9a-fA-F]{4})>")


def save(writer: PdfWriter, target: Path) -> Path:
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def remove_pages(source: Path, target: Path, numbers: list[int]) -> Path:
    """Remove pages (1-based)."""
    writer = PdfWriter(clone_from=PdfReader(source))
    for number in sorted(numbers, reverse=True):
        writer.remove_page(number - 1)
    return save(writer, target)


def swap_page(source: Path, donor: Path, target: Path, number: int) -> Path:
    """Replace page ``number`` (1-based) by the same page of ``donor``."""
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.insert_page(PdfReader(donor).pages[number - 1], number - 1)
    writer.remove_page(number)
    return save(writer, target)


def edit_text(source: Path, target: Path, number: int, old: str, new: str) -> Path:
    """Edit the first text run of page ``number`` that starts with ``old``: it shows ``new``.

    The glyphs are taken from the same embedded font (``new`` must use characters the page
    already draws in that font); the content stream is rewritten in place, as a forger with
    ``qpdf --qdf`` and an editor would.
    """
    writer = PdfWriter(clone_from=PdfReader(source))
    page = writer.pages[number - 1]
    data = page.get_contents().get_data()
    fonts = page["/Resources"]["/Font"]
    for match in _RUN.finditer(data):
        font = fonts["/" + match.group(1).decode()].get_object()
        table = to_unicode(font["/ToUnicode"].get_object().get_data())
        codes = _CODE.findall(match.group(2))
        text = "".join(table.get(int(c, 16), "?") for c in codes)
        if not text.startswith(old) or len(old) != len(new):
            continue
        glyphs = {v: k for k, v in table.items()}
        run = match.group(0)
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                run = run.replace(codes[i], b"%04x" % glyphs[b], 1)
        stream = DecodedStreamObject()
        stream.set_data(data.replace(match.group(0), run, 1))
        page[NameObject("/Contents")] = writer._add_object(stream)
        return save(writer, target)
    raise AssertionError(f"no text run starting with {old!r} on page {number}")


def add_annotation_incrementally(source: Path, target: Path, text: str) -> Path:
    """Append an incremental update that draws a FreeText annotation over the cover."""
    from pypdf.annotations import FreeText

    writer = PdfWriter(str(source), incremental=True)
    writer.add_annotation(0, FreeText(text=text, rect=(60, 560, 320, 620), font_size="28pt"))
    writer.write(str(target))
    return target


def pypdf_round_trip(source: Path, target: Path) -> Path:
    return save(PdfWriter(clone_from=PdfReader(source)), target)


def page_texts(pdf: Path | bytes) -> list[str]:
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    reader = PageReader()
    return [reader.page_text(page) for page in PdfReader(io.BytesIO(data)).pages]


def pikepdf_change(source: Path, target: Path, change: Callable[[Any], None]) -> Path:
    """Open ``source`` with pikepdf, apply ``change`` to it and save it as ``target``.

    Args:
        source: the PDF to change.
        target: where the changed copy goes.
        change: edits the open ``pikepdf.Pdf`` in place.

    Returns:
        ``target``.
    """
    import pikepdf

    with pikepdf.open(source) as pdf:
        change(pdf)
        pdf.save(target)
    return target
