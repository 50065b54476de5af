"""Bounded reading of untrusted text files: size limit, UTF-8 only, no control characters.

Also the one way the tool counts lines, so that every error names the line an editor shows,
whether the file ends its lines with LF, CRLF or a lone CR (old Mac).
"""

from __future__ import annotations

import re
import stat
from bisect import bisect_right
from pathlib import Path

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.limits import ANSWERS_LIMITS, Limits
from rcr_checklist.model.text import CONTROL

__all__ = ["LineIndex", "decode_text", "line_at", "read_text"]

# Control characters refused in a file's raw bytes are those refused when written as escapes
# (``"\e"``) by the answers model: C0 but tab, LF and CR; DEL; C1 but NEL (see model.text).
_RAW_CONTROL = CONTROL
# What editors count as line ends: CRLF (one break), a lone CR, LF.
_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")


def _problem(source: str, line: int | None, message: str) -> InputError:
    return InputError(Problem(source, line, "", message))


def line_at(text: str, index: int) -> int:
    """Return the 1-based line, as an editor counts it, of the character at ``index``.

    Args:
        text: the whole text.
        index: a character offset into ``text`` (clamped to its length).

    Returns:
        The line number: CRLF, a lone CR and LF each end one line.
    """
    head = text[: max(0, index)]
    return head.count("\n") + head.count("\r") - head.count("\r\n") + 1


class LineIndex:
    """Maps character offsets to editor line numbers quickly (many lookups in one text).

    Args:
        text: the whole text.
    """

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in _EDITOR_BREAK.finditer(text)]

    def line(self, index: int) -> int:
        """Return the 1-based line of the character at ``index``."""
        return bisect_right(self._starts, index)


def _is_open_pipe(path: Path) -> bool:
    """Whether ``path`` names a pipe this process already holds (``<(...)``, ``/dev/stdin``)."""
    text = str(path)
    return text in ("/dev/stdin", "-") or text.startswith(("/dev/fd/", "/proc/self/fd/"))


def read_text(path: Path, source: str, limits: Limits = ANSWERS_LIMITS) -> str:
    """Read a file as UTF-8 text within the size limit.

    Args:
        path: the file to read.
        source: the name to show in messages.
        limits: the size limit in bytes is ``limits.max_bytes``.

    Returns:
        The text, without a UTF-8 byte order mark.

    Raises:
        InputError: missing file, a folder, too large, not UTF-8 text, or control characters.
    """
    try:
        if path.is_dir():
            raise _problem(source, None, "is a folder, not a file")
        info = path.stat()
        size = info.st_size
        if stat.S_ISFIFO(info.st_mode) and not _is_open_pipe(path):
            # Opening a named pipe blocks until some other program writes to it: never wait.
            raise _problem(source, None, "is a named pipe (FIFO), not a file; give a file")
    except FileNotFoundError:
        raise _problem(source, None, "no such file") from None
    except OSError as exc:
        raise _problem(source, None, f"cannot be read ({exc.strerror})") from None
    if size > limits.max_bytes:
        raise _problem(
            source,
            None,
            f"the file is {size:,} bytes, larger than the limit of {limits.max_bytes:,} bytes",
        )
    try:
        # Bounded read: a device or pipe (``/dev/zero``) reports size 0 but never ends.
        with path.open("rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise _problem(source, None, f"cannot be read ({exc.strerror})") from None
    if len(raw) > limits.max_bytes:
        raise _problem(
            source, None, f"the file is larger than the limit of {limits.max_bytes:,} bytes"
        )
    return decode_text(raw, source)


def decode_text(raw: bytes, source: str) -> str:
    """Decode bytes as UTF-8 (a BOM is allowed) and refuse binary data.

    Args:
        raw: the file's bytes.
        source: the name to show in messages.

    Returns:
        The decoded text.

    Raises:
        InputError: UTF-16 or other non-UTF-8 bytes, or NUL / control characters; the
            line is counted as an editor counts it (LF, CRLF or CR line ends).
    """
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise _problem(source, 1, "the file is UTF-32; save it as UTF-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _problem(source, 1, "the file is UTF-16; save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start].decode("utf-8", "replace")
        line = line_at(head, len(head))
        raise _problem(
            source, line, f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8"
        ) from None
    bad = _RAW_CONTROL.search(text)
    if bad:
        message = (
            f"control character U+{ord(bad.group()):04X} is not allowed (is this a binary file?)"
        )
        raise _problem(source, line_at(text, bad.start()), message)
    return text
