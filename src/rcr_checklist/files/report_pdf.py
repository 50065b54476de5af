"""Reads the assessment embedded in a report PDF (pypdf), within size limits."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.files.answers_io import LoadedAnswers, check_against_bank
from rcr_checklist.files.jsonio import JsonSyntaxError, load_json
from rcr_checklist.files.locate import problems_from_validation
from rcr_checklist.files.located import LocatedData
from rcr_checklist.limits import ATTACHMENT_NAME, MAX_ATTACHMENT, MAX_PDF, Limits
from rcr_checklist.model.answers import AnswersFile, answers_sha256
from rcr_checklist.model.bank import Bank
from rcr_checklist.model.scoring import ASSESSMENT_FORMAT

__all__ = [
    "ComparisonPdf",
    "Embedded",
    "ReportPdf",
    "answers_from_report",
    "check_hash",
    "open_report",
    "pdf_error",
    "pdf_reader",
    "read_embedded",
]


@dataclass(frozen=True)
class Embedded:
    """The assessment found in a report.

    Attributes:
        data: the parsed ``assessment.json`` (checked to be ours: the ``format`` key).
        answers: the answers rebuilt from it.
    """

    data: dict[str, Any]
    answers: AnswersFile


_ATTACHMENT_LIMITS = Limits(max_bytes=MAX_ATTACHMENT)
"""Bounds of an embedded ``assessment.json``: those of an answers file, but its size."""


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


class ComparisonPdf(InputError):
    """A PDF made by ``compare``: ours, but not one submission (folder scans skip it)."""


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


def _attachment_bytes(pdf: ReportPdf) -> bytes:
    """Return the bytes of ``assessment.json`` in a report, within the size limit."""
    path = pdf.path
    if ATTACHMENT_NAME not in pdf.attachments:
        if "comparison.json" in pdf.attachments:
            raise ComparisonPdf(
                Problem(
                    str(path),
                    None,
                    "",
                    "is a comparison made by `rcr-checklist compare`, not one submission's report",
                )
            )
        raise pdf_error(
            path,
            f"holds no {ATTACHMENT_NAME} attachment, so it was not made by rcr-checklist "
            "(or the attachment was removed)",
        )
    try:
        found = [f for f in pdf.reader.attachment_list if f.name == ATTACHMENT_NAME]
        if len(found) > 1:
            raise pdf_error(path, f"holds {len(found)} attachments named {ATTACHMENT_NAME}")
        declared = found[0].size
        if isinstance(declared, int) and declared > MAX_ATTACHMENT:
            raise pdf_error(path, f"{ATTACHMENT_NAME} is larger than {MAX_ATTACHMENT:,} bytes")
        data: bytes = found[0].content
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on broken files
        raise pdf_error(path, f"cannot be read as a PDF ({type(exc).__name__})") from None
    if len(data) > MAX_ATTACHMENT:
        raise pdf_error(path, f"{ATTACHMENT_NAME} is larger than {MAX_ATTACHMENT:,} bytes")
    return data


def read_embedded(path: Path | ReportPdf) -> Embedded:
    """Read and validate the assessment embedded in a report PDF.

    Args:
        path: the report PDF, or the report already read by :func:`open_report`.

    Returns:
        The embedded assessment data and its answers (not yet checked against a bank).

    Raises:
        InputError: not a PDF, encrypted or broken, no ``assessment.json``, not our format,
            or answers that do not validate; one line naming the file.
    """
    pdf = path if isinstance(path, ReportPdf) else open_report(path)
    path = pdf.path
    raw = _attachment_bytes(pdf)
    source = f"{path} ({ATTACHMENT_NAME})"
    try:
        # the JSON reader of answers files: numbers, texts and nesting bounded, errors located
        located = load_json(raw.decode("utf-8"), source, _ATTACHMENT_LIMITS)
    except (UnicodeDecodeError, JsonSyntaxError):
        raise pdf_error(path, f"{ATTACHMENT_NAME} is not valid JSON") from None
    data = located.data
    if not isinstance(data, dict) or data.get("format") != ASSESSMENT_FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise pdf_error(
            path,
            f"{ATTACHMENT_NAME} is not an rcr-checklist assessment (format {found!r}, "
            f"expected {ASSESSMENT_FORMAT!r})",
        )
    try:
        answers = AnswersFile.model_validate(data.get("answers"))
    except ValidationError as exc:
        inner = LocatedData(
            data=data.get("answers"),
            source=source,
            lines={p[1:]: n for p, n in located.lines.items() if p[:1] == ("answers",)},
            written={p[1:]: w for p, w in located.written.items() if p[:1] == ("answers",)},
        )
        first = problems_from_validation(exc, inner)[0]
        raise InputError(
            Problem(
                source,
                first.line,
                f"answers.{first.field}" if first.field else "answers",
                first.message,
            )
        ) from None
    return Embedded(data=data, answers=answers)


def check_hash(embedded: Embedded) -> str | None:
    """Say whether the embedded answers still hash to the SHA-256 the report records.

    Args:
        embedded: the report's assessment.

    Returns:
        The difference, one line, or None when the hash matches.
    """
    recorded = embedded.data.get("answers_sha256")
    actual = answers_sha256(embedded.answers)
    if recorded != actual:
        return (
            f"answers_sha256: the report records {recorded}, but its embedded answers hash to "
            f"{actual}; the report was edited after it was made"
        )
    return None


def answers_from_report(path: Path, bank: Bank) -> LoadedAnswers:
    """Load the answers embedded in a report PDF made by this tool (``score report.pdf``).

    Args:
        path: the report PDF.
        bank: the bank to check the answers against.

    Returns:
        The answers, with warnings as for an answers file.

    Raises:
        InputError: see :func:`read_embedded`; also when the embedded answers do not match
            their recorded SHA-256 (the report was edited), or do not fit the bank.
    """
    embedded = read_embedded(path)
    problem = check_hash(embedded)
    if problem:
        raise pdf_error(path, problem)
    loaded = LoadedAnswers(answers=embedded.answers, source=f"{path} ({ATTACHMENT_NAME})")
    check_against_bank(loaded, bank)
    return loaded
