"""Bounded JSON reading that remembers the line of every value, with the limits of the YAML reader.

JSON is what web forms and scripts write, so an answers file may be JSON (``.json``, or JSON
text in a ``.yaml`` file), and a report's ``assessment.json`` is JSON. Python's ``json``
module alone would accept what the tool must refuse (``NaN``, 5,000-digit integers that then
raise ValueError, lone surrogates, duplicate keys, nesting that overflows the stack) and gives
no line numbers, so this module drives its pure-Python scanner with hooks that record where
every value starts and bound what it builds.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable
from typing import Any

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.files.located import LocatedData, Path_, dotted_path, number_too_long
from rcr_checklist.files.reading import LineIndex, line_at
from rcr_checklist.limits import ANSWERS_LIMITS, Limits

__all__ = ["JsonSyntaxError", "load_json", "looks_like_json"]

_NUMBER = json.scanner.NUMBER_RE
_SURROGATE = re.compile("[\ud800-\udfff]")
_Scan = Callable[[str, int], tuple[Any, int]]


class JsonSyntaxError(InputError):
    """The text is not JSON at all (as opposed to JSON beyond a limit)."""


class _Oversize:
    """A number literal beyond ``Limits.max_digits``, reported with its path after parsing."""

    __slots__ = ("written",)

    def __init__(self, written: str) -> None:
        self.written = written


class _Constant:
    """``NaN``, ``Infinity`` or ``-Infinity``: Python reads them, JSON has no such numbers."""

    __slots__ = ("written",)

    def __init__(self, written: str) -> None:
        self.written = written


class _Stop(Exception):
    """A limit found while scanning; carries the offset and the message."""

    def __init__(self, index: int, message: str, path: Path_ = ()) -> None:
        super().__init__(message)
        self.index = index
        self.message = message
        self.path = path


class _Decoder(json.JSONDecoder):
    """A JSON decoder that records the offset of every value and bounds nesting."""

    def __init__(self, limits: Limits) -> None:
        digits = limits.max_digits
        super().__init__(
            strict=True,
            parse_int=lambda s: _Oversize(s) if len(s) > digits else int(s),
            parse_float=lambda s: _Oversize(s) if len(s) > digits else float(s),
            parse_constant=_Constant,
            object_pairs_hook=list,  # duplicate keys are checked with their offsets
        )
        self.limits = limits
        self.starts: list[int] = []  # offset of every value, in document (pre-)order
        self.depth = 0
        self.duplicates: dict[int, tuple[str, int]] = {}  # id(object) -> (key, offset)
        self.parse_object = self._object
        self.parse_array = self._array
        # the pure-Python scanner calls parse_object/parse_array above (the C one would not)
        make_scanner: Callable[[Any], _Scan] = json.scanner.py_make_scanner  # type: ignore[attr-defined]
        self.scan_once = self._recording(make_scanner(self), [])

    def _recording(self, scan: _Scan, direct: list[int]) -> _Scan:
        starts = self.starts

        def scan_once(string: str, index: int) -> tuple[Any, int]:
            starts.append(index)
            direct.append(index)
            return scan(string, index)

        return scan_once

    def _enter(self, index: int) -> None:
        if self.depth >= self.limits.max_depth:
            raise _Stop(
                index,
                f"nesting is deeper than {self.limits.max_depth} levels; "
                "an answers file never needs this",
            )
        self.depth += 1

    def _object(
        self, s_and_end: tuple[str, int], strict: bool, scan_once: _Scan, *rest: Any
    ) -> tuple[Any, int]:
        self._enter(s_and_end[1] - 1)
        direct: list[int] = []
        try:
            pairs, end = json.decoder.JSONObject(  # type: ignore[attr-defined]
                s_and_end, strict, self._recording(scan_once, direct), *rest
            )
        finally:
            self.depth -= 1
        found: dict[str, Any] = {}
        for position, (key, value) in enumerate(pairs):
            if key in found:  # reported with its path when the walk reaches this object
                self.duplicates.setdefault(id(found), (key, direct[position]))
                continue
            found[key] = value
        return found, end

    def _array(self, s_and_end: tuple[str, int], scan_once: _Scan, *rest: Any) -> tuple[Any, int]:
        self._enter(s_and_end[1] - 1)
        try:
            return json.decoder.JSONArray(  # type: ignore[attr-defined,no-any-return]
                s_and_end, self._recording(scan_once, []), *rest
            )
        finally:
            self.depth -= 1


def looks_like_json(text: str) -> bool:
    """Whether text is probably a JSON object (so it is read as JSON before YAML is tried).

    Args:
        text: the file's text.

    Returns:
        True when the first non-blank character opens a JSON object.
    """
    return text.lstrip(" \t\r\n")[:1] == "{"


def _check_text(value: str, max_text: int) -> str | None:
    if len(value) > max_text:
        return f"a text of {len(value):,} characters is longer than the limit of {max_text:,}"
    bad = _SURROGATE.search(value)
    if bad:
        return (
            f"\\u{ord(bad.group()):04x} is half of a surrogate pair, not a character; "
            "write the character itself or both halves"
        )
    return None


def _locate(data: Any, text: str, decoder: _Decoder, lines: LineIndex) -> LocatedData:
    """Walk the data in document order, pairing each value with its recorded offset."""
    starts, limits, duplicates = decoder.starts, decoder.limits, decoder.duplicates
    out = LocatedData(data=data, source="")
    position = 0
    todo: list[tuple[Path_, Any]] = [((), data)]
    while todo:
        path, value = todo.pop()
        start = starts[position]
        position += 1
        out.lines[path] = lines.line(start)
        message = None
        if isinstance(value, str):
            message = _check_text(value, limits.max_text)
        elif isinstance(value, _Oversize):
            message = number_too_long(value.written, limits.max_digits)
        elif isinstance(value, _Constant):
            message = f"{value.written} is not a JSON number; give a number or text"
        elif isinstance(value, int | float) and not isinstance(value, bool):
            number = _NUMBER.match(text, start)
            out.written[path] = number.group() if number else repr(value)
        elif isinstance(value, dict):
            if id(value) in duplicates:
                key, offset = duplicates[id(value)]
                raise _Stop(offset, "this key appears twice", (*path, key))
            for key in value:
                problem = _check_text(key, limits.max_text)
                if problem:
                    raise _Stop(start, problem, (*path, key))
            todo.extend(((*path, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            todo.extend(((*path, index), item) for index, item in reversed(list(enumerate(value))))
        if message:
            raise _Stop(start, message, path)
    return out


def load_json(text: str, source: str, limits: Limits = ANSWERS_LIMITS) -> LocatedData:
    """Parse JSON text into plain data with line numbers, within the same limits as YAML.

    Args:
        text: the JSON document.
        source: the file name shown in messages.
        limits: nesting, text-length and number-length bounds.

    Returns:
        LocatedData; ``written`` holds every number as written.

    Raises:
        JsonSyntaxError: the text is not JSON; the message names the line.
        InputError: duplicate keys, ``NaN`` or ``Infinity``, lone surrogates, numbers, texts
            or nesting beyond the limits; the message names the line and the field.
    """
    decoder = _Decoder(limits)
    lines = LineIndex(text)
    try:
        located = _locate(decoder.decode(text), text, decoder, lines)
    except _Stop as stop:
        raise InputError(
            Problem(source, lines.line(stop.index), dotted_path(stop.path), stop.message)
        ) from None
    except json.JSONDecodeError as exc:
        raise JsonSyntaxError(
            Problem(source, line_at(text, exc.pos), "", f"not valid JSON: {exc.msg}")
        ) from None
    located.source = source
    located.syntax = "json"
    return located
