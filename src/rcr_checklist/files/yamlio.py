"""Safe, bounded YAML reading that remembers the line of every value, and YAML writing.

Atomic writing lives in :mod:`rcr_checklist.files.atomic`.

Answers files are untrusted: they are read with a plain-data loader (no tags, no Python
objects), with limits on size, nesting and aliases checked *before* any tree is built, and
scalars are resolved with YAML 1.2 core rules (``yes`` stays the string "yes").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.limits import ANSWERS_LIMITS, Limits

__all__ = [
    "Limits",
    "LocatedData",
    "dump_yaml",
    "read_text",
    "load_yaml",
    "load_yaml_file",
]

_CParser: Any
try:  # libyaml is bundled with PyYAML wheels; the pure-Python parser is the fallback.
    from yaml._yaml import CParser as _CParser

    _Loader: type[Any] = yaml.CSafeLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    _CParser = None
    _Loader = yaml.SafeLoader

Path_ = tuple[str | int, ...]


@dataclass
class LocatedData:
    """Plain data read from YAML plus the line of every value.

    Attributes:
        data: dicts, lists, str, int, float, bool and None only.
        source: the file name shown in messages.
        lines: maps a path such as ``("answers", "x.y", "value")`` to its 1-based line.
    """

    data: Any
    source: str
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """Return the line of ``path`` or of its nearest located parent.

        Args:
            path: keys and list indexes from the document root.

        Returns:
            A 1-based line number, or None for an empty document.
        """
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


def _scalar(value: str, style: str | None) -> Any:
    if style:  # quoted or block scalars are always text (plain is None or "")
        return value
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value.replace("_", ""))
    if _FLOAT.match(value):
        return float(value.replace("_", ""))
    return value


def _problem(source: str, line: int | None, fieldname: str, message: str) -> InputError:
    return InputError(Problem(source, line, fieldname, message))


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_PLAIN_TAGS = frozenset(
    {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
)


def _nesting_message(limits: Limits) -> str:
    return f"nesting is deeper than {limits.max_depth} levels; an answers file never needs this"


def _line(event: Any) -> int | None:
    mark = getattr(event, "start_mark", None)
    return mark.line + 1 if mark is not None else None


def _events(text: str) -> Iterator[Any]:
    """Parser events, straight from libyaml when available (fewer Python calls per event)."""
    if _CParser is not None:
        parser = _CParser(text)
        while True:
            event = parser.get_event()
            if event is None or type(event) is yaml.StreamEndEvent:
                return
            yield event
    else:  # pragma: no cover - PyYAML without libyaml
        yield from yaml.parse(text, Loader=_Loader)


def _pending_path(stack: list[list[Any]]) -> Path_:
    """The path the next value would take; worked out only for a message, off the hot path."""
    if not stack:
        return ()
    container, path, key = stack[-1]
    if type(container) is list:
        return (*path, len(container))
    return path if key is None else (*path, key)  # a key too long is named by its mapping


def _build(text: str, source: str, limits: Limits) -> LocatedData:
    """Build plain data from parser events in one pass, enforcing the limits as it goes.

    Working on events (not on a composed node tree) means no recursion, so 10,000-deep
    nesting is refused at the limit instead of overflowing a stack. This is the hot path of
    ``score`` on a folder of files, so it is one function with local names.
    """
    out = LocatedData(data=None, source=source)
    lines = out.lines
    # open containers: [container, its path, pending mapping key or None]
    stack: list[list[Any]] = []
    anchors: dict[str, Any] = {}
    aliases = 0
    documents = 0
    max_text, max_depth, max_aliases = limits.max_text, limits.max_depth, limits.max_aliases
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent

    def fail(event: Any, message: str, path: Path_ = ()) -> InputError:
        return _problem(source, _line(event), _dotted(path), message)

    for event in _events(text):
        kind = type(event)
        is_scalar = kind is scalar_event
        if is_scalar:
            if event.tag not in _PLAIN_TAGS:
                raise fail(event, f"YAML tag {event.tag!r} is not allowed; use plain data")
            raw = event.value
            if len(raw) > max_text:
                raise fail(
                    event,
                    f"a text of {len(raw):,} characters is longer than the limit of {max_text:,}",
                    _pending_path(stack),
                )
            value: Any = _scalar(raw, event.style)
        elif kind is map_start or kind is seq_start:
            if event.tag not in _PLAIN_TAGS:
                raise fail(event, f"YAML tag {event.tag!r} is not allowed; use plain data")
            if len(stack) >= max_depth:
                raise fail(event, _nesting_message(limits))
            value = {} if kind is map_start else []
        elif kind is map_end or kind is seq_end:
            stack.pop()
            continue
        elif kind is alias_event:
            aliases += 1
            if aliases > max_aliases:
                raise fail(
                    event,
                    "YAML aliases (*name) are not allowed here"
                    if max_aliases == 0
                    else f"more than {max_aliases} YAML aliases",
                )
            if event.anchor not in anchors:
                raise fail(event, f"unknown YAML alias *{event.anchor}")
            value = anchors[event.anchor]
            if any(value is open_[0] for open_ in stack):
                raise fail(event, "a YAML alias refers to itself")
            is_scalar = True  # placed like a scalar: never opened
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise fail(event, "holds more than one YAML document; keep one per file")
            continue
        else:
            continue
        line = event.start_mark.line + 1
        # place the value in the open container
        if not stack:
            out.data = value
            path: Path_ = ()
            lines[path] = line
        else:
            top = stack[-1]
            container = top[0]
            if type(container) is list:
                path = (*top[1], len(container))
                container.append(value)
                lines[path] = line
            elif top[2] is None:  # the value is a mapping key
                if not is_scalar or kind is alias_event:
                    raise fail(event, "a key must be plain text", top[1])
                key = str(event.value)
                if key == "<<":
                    raise fail(event, "YAML merge keys (<<) are not allowed", top[1])
                if key in container:
                    raise fail(event, "this key appears twice", (*top[1], key))
                top[2] = key
                lines[(*top[1], key)] = line
                continue
            else:
                key = top[2]
                container[key] = value
                top[2] = None
                path = (*top[1], key)
        if not is_scalar:
            stack.append([value, path, None])
        if event.anchor:
            anchors[event.anchor] = value
    return out


def read_text(path: Path, source: str, limits: Limits = ANSWERS_LIMITS) -> str:
    """Read a file as UTF-8 text within the size limit.

    Args:
        path: the file to read.
        source: the name to show in messages.
        limits: the size limit in bytes is ``limits.max_bytes``.

    Returns:
        The text, without a UTF-8 byte order mark.

    Raises:
        InputError: missing file, a folder, too large, not UTF-8 text, or NUL bytes.
    """
    try:
        if path.is_dir():
            raise _problem(source, None, "", "is a folder, not a file")
        size = path.stat().st_size
    except FileNotFoundError:
        raise _problem(source, None, "", "no such file") from None
    except OSError as exc:
        raise _problem(source, None, "", f"cannot be read ({exc.strerror})") from None
    if size > limits.max_bytes:
        raise _problem(
            source,
            None,
            "",
            f"the file is {size:,} bytes, larger than the limit of {limits.max_bytes:,} bytes",
        )
    try:
        # Bounded read: a device or pipe (``/dev/zero``) reports size 0 but never ends.
        with path.open("rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise _problem(source, None, "", f"cannot be read ({exc.strerror})") from None
    if len(raw) > limits.max_bytes:
        raise _problem(
            source, None, "", f"the file is larger than the limit of {limits.max_bytes:,} bytes"
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
        InputError: UTF-16 or other non-UTF-8 bytes, or NUL / control characters.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _problem(source, 1, "", "the file is UTF-16; save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _problem(
            source, line, "", f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8"
        ) from None
    bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if bad:
        line = text[: bad.start()].count("\n") + 1
        raise _problem(
            source,
            line,
            "",
            f"control character U+{ord(bad.group()):04X} is not allowed (is this a binary file?)",
        )
    return text


def _char_at(text: str, mark: Any) -> str:
    """The character at a parser mark (index counts characters), or "" past the end."""
    index = getattr(mark, "index", None)
    return text[index] if isinstance(index, int) and 0 <= index < len(text) else ""


def load_yaml(text: str, source: str, limits: Limits = ANSWERS_LIMITS) -> LocatedData:
    """Parse YAML text into plain data with line numbers, within limits.

    Args:
        text: the YAML document.
        source: the file name shown in messages.
        limits: nesting, alias and text-length bounds.

    Returns:
        LocatedData whose ``data`` is None for an empty document.

    Raises:
        InputError: malformed YAML, several documents, tags, aliases beyond the limit,
            duplicate keys, or values beyond the limits; the message names file and line.
    """
    try:
        return _build(text, source, limits)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "malformed YAML"
        if "nesting depth" in what:  # newer libyaml refuses deep nesting before we see it
            raise _problem(source, line, "", _nesting_message(limits)) from None
        if _char_at(text, mark) == "\t":  # libyaml's "cannot start any token" hides the cause
            raise _problem(
                source, line, "", "a tab character cannot indent YAML; use spaces"
            ) from None
        raise _problem(source, line, "", f"not valid YAML: {what}") from None
    except yaml.YAMLError as exc:
        raise _problem(source, None, "", f"not valid YAML: {exc}") from None


def load_yaml_file(
    path: Path, source: str | None = None, limits: Limits = ANSWERS_LIMITS
) -> LocatedData:
    """Read and parse one YAML file; see :func:`read_text` and :func:`load_yaml`.

    Args:
        path: the file.
        source: the name for messages (default: ``str(path)``).
        limits: the bounds to enforce.

    Returns:
        The located data.

    Raises:
        InputError: any problem reading or parsing, located.
    """
    name = source if source is not None else str(path)
    return load_yaml(read_text(path, name, limits), name, limits)


class _Dumper(yaml.SafeDumper):
    """Block-style YAML with multi-line strings written as literal blocks."""


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(str, _str_presenter)


def dump_yaml(data: Any) -> str:
    """Write plain data as readable block YAML, keys in the given order, Unicode kept.

    Args:
        data: dicts, lists and scalars.

    Returns:
        The YAML text.
    """
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
