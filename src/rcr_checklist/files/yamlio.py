"""Safe, bounded YAML reading that remembers the line of every value.

Writing is :mod:`rcr_checklist.files.yaml_dump` and the scalars' schema
:mod:`rcr_checklist.files.yaml_core`, both offered here too; atomic writing lives in
:mod:`rcr_checklist.files.atomic`.

Answers files are untrusted: they are read with a plain-data loader (no tags, no Python
objects), with limits on size, nesting and aliases checked *before* any tree is built, and
plain scalars are resolved exactly by the YAML 1.2 core schema (``yes`` and ``1_000`` stay
text, ``007`` is the integer 7, ``0o17`` and ``0x1F`` are integers, ``.inf`` and ``.nan``
are floats). Reading a file within its size limit lives in :mod:`files.reading`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import yaml

from rcr_checklist.errors import InputError, Problem
from rcr_checklist.files.located import LocatedData, Path_, dotted_path, number_too_long
from rcr_checklist.files.reading import LineIndex, line_at, read_text
from rcr_checklist.files.yaml_core import NUMBER_START, WORDS, TooLong, resolve_plain
from rcr_checklist.files.yaml_dump import dump_yaml, plain_reads_back
from rcr_checklist.limits import ANSWERS_LIMITS, Limits

__all__ = [
    "Limits",
    "LocatedData",
    "dump_yaml",
    "load_yaml",
    "load_yaml_file",
    "plain_reads_back",
    "resolve_plain",
]

_CParser: Any
try:  # libyaml is bundled with PyYAML wheels; the pure-Python parser is the fallback.
    from yaml._yaml import CParser as _CParser

    _Loader: type[Any] = yaml.CSafeLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    _CParser = None
    _Loader = yaml.SafeLoader


def _problem(source: str, line: int | None, fieldname: str, message: str) -> InputError:
    return InputError(Problem(source, line, fieldname, message))


_dotted = dotted_path

_PLAIN_TAGS = frozenset(
    {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
)
# YAML 1.1 line breaks that libyaml counts as new lines but editors do not.
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")


def _nesting_message(limits: Limits) -> str:
    return f"nesting is deeper than {limits.max_depth} levels; an answers file never needs this"


def _event_reader(text: str) -> Callable[[], Any]:
    """A function giving the next parser event, or None at the end of the stream.

    Straight from libyaml when available: one C call per event, no generator in between.
    """
    if _CParser is not None:
        return cast("Callable[[], Any]", _CParser(text).get_event)
    events = yaml.parse(text, Loader=_Loader)  # pragma: no cover - PyYAML without libyaml
    return lambda: next(events, None)  # pragma: no cover


def _pending_path(stack: list[list[Any]]) -> Path_:
    """The path the next value would take; worked out only for a message, off the hot path."""
    if not stack:
        return ()
    container, path, key_path, _ = stack[-1]
    if type(container) is list:
        return (*path, len(container))
    found: Path_ = path if key_path is None else key_path
    return found  # a key too long is named by its mapping


def _build(text: str, source: str, limits: Limits) -> LocatedData:
    """Build plain data from parser events in one pass, enforcing the limits as it goes.

    Working on events (not on a composed node tree) means no recursion, so 10,000-deep
    nesting is refused at the limit instead of overflowing a stack. This is the hot path of
    ``score`` on a folder of files, so it is one function with local names, and the line of
    an event is read only where it is kept (items, keys, the root: a mapping's value is on
    its key's line).
    """
    out = LocatedData(data=None, source=source)
    lines, written = out.lines, out.written
    # libyaml also counts NEL, U+2028 and U+2029 as line ends; editors do not.
    index = LineIndex(text) if _ODD_BREAKS.search(text) else None
    # open containers: [container, its path, pending key's path or None, pending key]
    stack: list[list[Any]] = []
    anchors: dict[str, Any] = {}
    aliases = 0
    documents = 0
    max_text, max_depth, max_aliases = limits.max_text, limits.max_depth, limits.max_aliases
    max_digits = limits.max_digits
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    stream_end, document_start = yaml.StreamEndEvent, yaml.DocumentStartEvent
    plain_tags, number_start, words = _PLAIN_TAGS, NUMBER_START, WORDS
    next_event = _event_reader(text)

    def line_of(event: Any) -> int:
        mark = event.start_mark
        return mark.line + 1 if index is None else index.line(mark.index)

    def fail(event: Any, message: str, path: Path_ = ()) -> InputError:
        return _problem(source, line_of(event), _dotted(path), message)

    while True:
        event = next_event()
        kind = event.__class__
        is_scalar = kind is scalar_event
        as_written = None
        if is_scalar:
            tag = event.tag
            if tag is not None and tag not in plain_tags:
                raise fail(event, f"YAML tag {tag!r} is not allowed; use plain data")
            raw = event.value
            if len(raw) > max_text:
                raise fail(
                    event,
                    f"a text of {len(raw):,} characters is longer than the limit of {max_text:,}",
                    _pending_path(stack),
                )
            value: Any = raw
            if tag is None and not event.style:  # plain: resolve by the core schema
                if not raw:
                    value = None
                elif raw[0] in number_start or raw in words:
                    try:
                        value = resolve_plain(raw, max_digits)
                    except TooLong:
                        top = stack[-1] if stack else None
                        if not (top and type(top[0]) is dict and top[2] is None):
                            raise fail(
                                event, number_too_long(raw, max_digits), _pending_path(stack)
                            ) from None
                if type(value) is not str:
                    as_written = raw
        elif kind is map_end or kind is seq_end:
            stack.pop()
            continue
        elif kind is map_start or kind is seq_start:
            if event.tag not in plain_tags:
                raise fail(event, f"YAML tag {event.tag!r} is not allowed; use plain data")
            if len(stack) >= max_depth:
                raise fail(event, _nesting_message(limits))
            value = {} if kind is map_start else []
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
        elif event is None or kind is stream_end:
            break
        elif kind is document_start:
            documents += 1
            if documents > 1:
                raise fail(event, "holds more than one YAML document; keep one per file")
            continue
        else:
            continue
        # place the value in the open container
        if not stack:
            out.data = value
            path: Path_ = ()
            lines[path] = line_of(event)
        else:
            top = stack[-1]
            container = top[0]
            if type(container) is list:
                path = (*top[1], len(container))
                container.append(value)
                mark = event.start_mark  # line_of(event), inlined: once per item and key
                lines[path] = mark.line + 1 if index is None else index.line(mark.index)
            elif top[2] is None:  # the value is a mapping key
                if not is_scalar or kind is alias_event:
                    raise fail(event, "a key must be plain text", top[1])
                key = str(event.value)
                if key == "<<":
                    raise fail(event, "YAML merge keys (<<) are not allowed", top[1])
                path = (*top[1], key)
                if key in container:
                    raise fail(event, "this key appears twice", path)
                top[2], top[3] = path, key
                mark = event.start_mark
                lines[path] = mark.line + 1 if index is None else index.line(mark.index)
                continue
            else:
                path = top[2]
                container[top[3]] = value
                top[2] = None
        if as_written is not None:
            written[path] = as_written
        if not is_scalar:
            stack.append([value, path, None, None])
        if event.anchor:
            anchors[event.anchor] = value
    return out


def _char_at(text: str, mark: Any) -> str:
    """The character at a parser mark (index counts characters), or "" past the end."""
    index = getattr(mark, "index", None)
    return text[index] if isinstance(index, int) and 0 <= index < len(text) else ""


def _mark_line(text: str, mark: Any) -> int:
    """The editor's line of a parser mark (libyaml also counts NEL, U+2028 and U+2029)."""
    position = getattr(mark, "index", None)
    if isinstance(position, int) and 0 <= position <= len(text):
        return line_at(text, position)
    return int(mark.line) + 1  # pragma: no cover - marks always carry an index


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
        line = None if mark is None else _mark_line(text, mark)
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
