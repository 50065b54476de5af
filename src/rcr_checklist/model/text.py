r"""The one policy for text from outside: what is refused, what is neutralised, in and out.

Text reaches the tool as raw bytes or through escapes (YAML ``"\r"``, ``"\e"``, ``"\u2028"``,
JSON ``"\u001b"``); both ways end in the same characters, and this module treats them the same:

* **line breaks** (CRLF, a lone CR, NEL U+0085, U+2028, U+2029) are line breaks: ``"\n"`` in
  multi-line text (comments, justifications, the intended purpose, text answers), a space in
  one-line fields (names, versions, titles), where a tab becomes a space too;
* **bidirectional embeddings, overrides and isolates** (U+202A-U+202E, U+2066-U+2069) are
  removed: they make text read in another order than it is stored ("Trojan source");
* **other control characters** (C0 but tab and line feed, DEL, C1) are refused with one
  message, whichever way they came (raw bytes are refused by ``files.reading``);
* **lone surrogates** (half of a UTF-16 pair, from JSON ``"\ud800"``) are refused.

The answers model applies :func:`clean_line` and :func:`clean_text` when a file is read; every
output format applies :func:`neutralise` (or its own escaping) again, as defence in depth for
text that did not come through the model (the bank, a review).
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = [
    "CONTROL",
    "clean_line",
    "clean_text",
    "control_problem",
    "json_text",
    "neutralise",
]

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f]")
"""Control characters the tool never accepts (tab, LF, CR and NEL are line layout)."""

_BREAK = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\t\x85\u2028\u2029]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# One scan decides whether a text needs any work (almost none do).
_ANY = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def control_problem(text: str) -> str | None:
    """Say why ``text`` is refused (a control character or a lone surrogate), or None.

    Args:
        text: any text.

    Returns:
        One sentence naming the first refused character by its code point, or None.
    """
    bad = CONTROL.search(text)
    if bad:
        return f"control character U+{ord(bad.group()):04X} is not allowed; remove it"
    half = _SURROGATE.search(text)
    if half:
        return (
            f"U+{ord(half.group()):04X} is half of a surrogate pair, not a character; "
            "write the character itself"
        )
    return None


def clean_text(text: str) -> str:
    r"""Apply the policy to multi-line text: breaks become ``"\n"``, bidi controls go.

    Args:
        text: text as read.

    Returns:
        The neutralised text (the same object when nothing needed doing).

    Raises:
        ValueError: a control character or a lone surrogate (see :func:`control_problem`).
    """
    if not _ANY.search(text):
        return text
    problem = control_problem(text)
    if problem:
        raise ValueError(problem)
    return _BIDI.sub("", _BREAK.sub("\n", text))


def clean_line(text: str) -> str:
    """Apply the policy to a one-line field: every break or tab becomes a space.

    Args:
        text: text as read.

    Returns:
        The neutralised text.

    Raises:
        ValueError: a control character or a lone surrogate.
    """
    if not _ANY.search(text):
        return text
    problem = control_problem(text)
    if problem:
        raise ValueError(problem)
    return _BIDI.sub("", _LINE_BREAK.sub(" ", text))


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


_OUT_REFUSED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ud800-\udfff]")


def neutralise(value: Any, *, one_line: bool = False) -> str:
    r"""Make any text safe to put in an output: the read policy, never raising.

    Line breaks become ``"\n"`` (or spaces with ``one_line``), bidi controls are removed and
    any other control character or lone surrogate is shown as a visible ``\uXXXX`` escape.

    Args:
        value: any value; None becomes "" and others their ``str()``.
        one_line: also turn line feeds and tabs into spaces.

    Returns:
        Text that holds no control character but tab and line feed (none with ``one_line``).
    """
    text = "" if value is None else str(value)
    if not _ANY.search(text):
        return text
    text = _OUT_REFUSED.sub(_escape, text)
    text = _BIDI.sub("", _BREAK.sub("\n", text))
    return _LINE_BREAK.sub(" ", text) if one_line else text


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_text(data: Any, *, indent: int | None = 2, ascii_only: bool = False) -> str:
    """Dump JSON that is safe to show on a terminal and to embed in a script.

    ``json.dumps`` escapes C0 controls but leaves DEL, C1 controls (an 8-bit terminal reads
    U+009B as an escape sequence), U+2028/U+2029 (line ends to JavaScript) and bidi controls
    raw; they can only occur inside strings, so they are escaped there, losslessly.

    Args:
        data: JSON-ready data.
        indent: spaces per level, or None for one line.
        ascii_only: escape every non-ASCII character (for a stream that cannot encode them).

    Returns:
        The JSON text, without a final newline.
    """
    text = json.dumps(data, indent=indent, ensure_ascii=ascii_only)
    return text if ascii_only else _JSON_UNSAFE.sub(_escape, text)
