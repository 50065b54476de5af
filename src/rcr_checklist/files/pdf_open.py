"""Opens a PDF safely: bounded reading, decryption for permissions-only files, lazy objects.

Every PDF the tool reads (a report to verify or score, a comparison found in a folder) is
opened here once; what is inside a report is read by ``files.report_pdf``.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.limits import MAX_PDF

__all__ = ["ReportPdf", "open_report", "pdf_error", "pdf_reader"]


@dataclass(frozen=True)
class ReportPdf:
    """A report PDF read once: its bytes, the pypdf reader over them, its attachments.

    Attributes:
        path: the file as the user named it.
        raw: the file's bytes (at most ``MAX_PDF``).
        reader: a pypdf ``PdfReader`` over ``raw`` (decrypted when it was encrypted).
        encrypted: the file is encrypted with an empty open password (permissions only).
        attachments: the names of every embedded file, in name-tree order.
    """

    path: Path
    raw: bytes
    reader: Any
    encrypted: bool
    attachments: tuple[str, ...]


def pdf_error(path: Path, message: str) -> InputError:
    """Return the input error for a report PDF that cannot be used (no line or field applies)."""
    return InputError(Problem(str(path), None, "", message))


def _read_bounded(path: Path) -> bytes:
    """Read a PDF's bytes, refusing folders, missing files, non-PDFs and oversized files."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise pdf_error(path, "no such file") from None
    except OSError as exc:
        raise pdf_error(path, f"cannot be read ({exc.strerror})") from None
    if path.is_dir():
        raise pdf_error(path, "is a folder, not a report PDF")
    if size > MAX_PDF:
        raise pdf_error(
            path, f"the file is {size:,} bytes, larger than the {MAX_PDF:,} bytes limit"
        )
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_PDF + 1)
    except OSError as exc:
        raise pdf_error(path, f"cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_PDF:
        raise pdf_error(path, f"the file is larger than the {MAX_PDF:,} bytes limit")
    if not raw[:1024].lstrip().startswith(b"%PDF-"):
        raise pdf_error(path, "is not a PDF file")
    return raw


def _decrypt(path: Path, reader: Any) -> None:
    """Open a PDF encrypted for permissions only (empty open password), or say why not."""
    from pypdf.errors import DependencyError

    try:
        opened = reader.decrypt("")
    except DependencyError:  # pragma: no cover - cryptography is a dependency
        raise pdf_error(
            path,
            "is an encrypted PDF and the 'cryptography' package needed to read it is missing",
        ) from None
    except NotImplementedError as exc:
        raise pdf_error(
            path, f"is an encrypted PDF whose encryption cannot be read ({exc})"
        ) from None
    if not opened:
        raise pdf_error(
            path,
            "is an encrypted PDF that needs a password to open; ask the sender for an "
            "unencrypted copy (rcr-checklist reports are never encrypted)",
        )


_WHITESPACE = b"\x00\t\n\x0c\r "


@functools.cache
def _lazy_reader_class() -> type[Any]:
    """A pypdf reader that parses one object of an object stream when it is asked for.

    pypdf parses every object of an object stream the first time one of them is wanted. A
    tagged report keeps thousands of structure elements in one stream, which ``verify`` and
    the fast check never read (about 1.2 s for a 34-page report, most of opening it). Any
    surprise falls back to pypdf's own way.
    """
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject, read_object

    class LazyObjectStreams(PdfReader):
        def _get_object_from_stream(self, indirect_reference: Any) -> Any:
            try:
                return self._one_object(indirect_reference)
            except Exception:  # an odd stream: pypdf's whole-stream parse and its checks
                return super()._get_object_from_stream(indirect_reference)

        def _one_object(self, ref: Any) -> Any:
            streams: dict[int, tuple[bytes, int, dict[int, int]]]
            streams = self.__dict__.setdefault("_rcr_object_streams", {})
            number, _ = self.xref_objStm[ref.idnum]
            found = streams.get(number)
            if found is None:
                stream: Any = IndirectObject(number, 0, self).get_object()
                data = stream.get_data()
                first, count = int(stream["/First"]), int(stream["/N"])
                header = [int(n) for n in data[:first].split()]
                if len(header) != 2 * count or not 0 <= first <= len(data):
                    raise ValueError("not the object stream header pypdf expects")
                offsets = dict(zip(header[::2], header[1::2], strict=True))
                found = streams[number] = (data, first, offsets)
            data, first, offsets = found
            at = first + offsets[ref.idnum]
            while at < len(data) and data[at] in _WHITESPACE:
                at += 1
            buffer = io.BytesIO(data)
            buffer.seek(at)
            value = read_object(buffer, self)
            self.cache_indirect_object(0, ref.idnum, value)
            return value

    return LazyObjectStreams


def pdf_reader(data: bytes) -> Any:
    """Return a pypdf ``PdfReader`` over PDF bytes that reads object streams lazily.

    Args:
        data: the file's bytes.

    Returns:
        The reader (pypdf's, with one method replaced; see :func:`_lazy_reader_class`).
    """
    return _lazy_reader_class()(io.BytesIO(data))


def open_report(path: Path) -> ReportPdf:
    """Read a report PDF once, within the size limits.

    A PDF encrypted for permissions only ("restrict editing": an empty open password, any
    cipher pypdf knows, AES included) is decrypted and read.

    Args:
        path: the PDF.

    Returns:
        The bytes, a reader over them and the names of its attachments.

    Raises:
        InputError: missing, a folder, too large, not a PDF, encrypted with an open password,
            or too broken for pypdf; one line naming the file.
    """
    raw = _read_bounded(path)
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pdf_reader(raw)
        encrypted = bool(reader.is_encrypted)
        if encrypted:
            _decrypt(path, reader)
        names = tuple(str(item.name) for item in reader.attachment_list)
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on broken files
        raise pdf_error(path, f"cannot be read as a PDF ({type(exc).__name__})") from None
    return ReportPdf(path, raw, reader, encrypted, names)
