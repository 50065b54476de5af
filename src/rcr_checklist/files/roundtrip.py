"""Saving into a YAML file the user keeps: only what changed is rewritten.

Answers files live in git and are edited by hand, so a save must not reformat them: comments,
key order, quoting, flow or block style and indentation are kept (ruamel.yaml's round-trip
mode), values that did not change are left as they are, and a new answer is inserted where
the bank order puts it. One new answer is then a diff of a few lines.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
from collections.abc import Sequence
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from rcr_checklist.files.yamlio import plain_reads_back

__all__ = ["update_yaml"]


def _same(old: Any, new: Any) -> bool:
    """Whether a value read back from the file says the same as the new plain value."""
    if isinstance(old, dict) or isinstance(new, dict):
        old_map = old if isinstance(old, dict) else {} if old is None else None
        new_map = new if isinstance(new, dict) else {} if new is None else None
        if old_map is None or new_map is None or set(old_map) != set(new_map):
            return False
        return all(_same(old_map[k], new_map[k]) for k in new_map)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, int | float) and isinstance(new, int | float):
        return float(old) == float(new)
    if isinstance(old, dt.date):
        return bool(old.isoformat() == new)
    if isinstance(old, str) and isinstance(new, str):
        return str(old) == new
    return bool(old is None and new is None)


def _scalar(value: str) -> Any:
    """A new string as the file should hold it.

    A literal block for line breaks; quoted where a YAML 1.1 reader would take it for something
    else (``yes``, ``1.0``, ``2026-03-01``).
    """
    if "\n" in value:
        return LiteralScalarString(value)
    if yaml.safe_dump(value).startswith(("'", '"')) or not plain_reads_back(value):
        return SingleQuotedScalarString(value)
    return value


def _fresh(value: Any) -> Any:
    """Plain data as new round-trip nodes (block style)."""
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _fresh(item)
        return node
    if isinstance(value, list):
        seq = CommentedSeq(_fresh(item) for item in value)
        if all(isinstance(item, str) for item in value):
            seq.fa.set_flow_style()  # option lists read best as [a, b]
        return seq
    if isinstance(value, str):
        return _scalar(value)
    return value


def _insert_at(node: CommentedMap, order: Sequence[str], key: str) -> int:
    """Where a new key goes: after the nearest key that precedes it in ``order``."""
    position = 0
    keys = list(node)
    for earlier in order[: order.index(key)]:
        if earlier in node:
            position = keys.index(earlier) + 1
    return position


def _last_leaf(node: Any) -> tuple[Any, Any] | None:
    """The container and key of the last entry written inside ``node``.

    That is where ruamel keeps the comment lines that follow the entry.
    """
    if isinstance(node, CommentedMap) and node:
        key = list(node)[-1]
        return _last_leaf(node[key]) or (node, key)
    if isinstance(node, CommentedSeq) and node:
        return _last_leaf(node[-1]) or (node, len(node) - 1)
    return None


def _comment_slot(container: Any) -> int:
    return 2 if isinstance(container, CommentedMap) else 0


def _move_trailing_comment(node: CommentedMap, before: Any, new_key: Any) -> None:
    """Keep comment lines that followed ``before`` (a section heading) after ``new_key``."""
    source = (
        _last_leaf(node[before]) if isinstance(node[before], CommentedMap | CommentedSeq) else None
    )
    source = source or (node, before)
    target = (
        _last_leaf(node[new_key])
        if isinstance(node[new_key], CommentedMap | CommentedSeq)
        else None
    )
    target = target or (node, new_key)
    container, key = source
    entry = container.ca.items.get(key)
    slot = _comment_slot(container)
    if not entry or len(entry) <= slot or entry[slot] is None:
        return
    token = entry[slot]
    entry[slot] = None
    t_container, t_key = target
    if isinstance(t_container[t_key], LiteralScalarString) and token.value.startswith("\n"):
        token.value = token.value[1:]  # a block scalar already ends its line
    t_entry = t_container.ca.items.setdefault(t_key, [None] * (4 if slot == 2 else 2))
    t_entry[_comment_slot(t_container)] = token


def _merge(node: CommentedMap, new: dict[str, Any]) -> None:
    """Make ``node`` say what ``new`` says, touching only the keys whose value differs."""
    for key in [k for k in node if k not in new]:
        del node[key]
    order = list(new)
    if not node and getattr(node.fa, "flow_style", lambda: None)():
        node.fa.set_block_style()  # `answers: {}` grows into a block mapping
    for key, value in new.items():
        if key in node:
            old = node[key]
            if _same(old, value):
                continue
            if isinstance(old, CommentedMap) and isinstance(value, dict):
                _merge(old, value)
                continue
            node[key] = _fresh(value)
        else:
            position = _insert_at(node, order, key)
            node.insert(position, key, _fresh(value))
            if position > 0:
                _move_trailing_comment(node, list(node)[position - 1], key)


_KEY_LINE = re.compile(r"^( +)[^\s#\-][^:]*:(\s|$)", re.MULTILINE)


def _mapping_indent(text: str) -> int:
    """The indentation the file uses for nested mappings (2 when it has none)."""
    widths = [len(m.group(1)) for m in _KEY_LINE.finditer(text)]
    return min(widths) if widths else 2


class _NotParsed:
    """Stands in for the YAML loader that ``load_yaml_guess_indent`` would run."""

    def load(self, stream: str) -> None:
        return None


_NOT_PARSED = _NotParsed()


_last_written: dict[str, tuple[YAML, CommentedMap]] = {}
"""The text this process wrote last and the document it was dumped from (at most one)."""
_last_lock = threading.Lock()


def _parse(text: str) -> tuple[YAML, Any]:
    """A round-trip loader set to the file's indentation, and the file read with it."""
    # Only the indentation is wanted from load_yaml_guess_indent: the parse it would also do
    # is skipped (it was half the time of a save) and done once, with the settings found.
    _, sequence, offset = load_yaml_guess_indent(text, yaml=_NOT_PARSED)
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096  # never fold a line the user wrote long
    offset = offset or 0
    rt.indent(mapping=_mapping_indent(text), sequence=max(sequence or 2, offset + 2), offset=offset)
    return rt, rt.load(text)


def update_yaml(text: str, data: dict[str, Any]) -> str | None:
    """Rewrite YAML text so that it holds ``data``, keeping everything that did not change.

    When ``text`` is what the previous call returned (the questionnaire saving answer after
    answer, with nobody editing the file in between), the document that call dumped is
    reused instead of parsing the file again: the parse is most of a save's time on a long
    file, and dumping the same document gives the same text.

    Args:
        text: the file as it is (a mapping at the top).
        data: the plain data it should hold (dicts, lists, str, float, int), in the order new
            keys should take.

    Returns:
        The new text, or None when ``text`` cannot be read as a YAML mapping (the caller then
        writes the file afresh).
    """
    with _last_lock:
        reused = _last_written.pop(text, None)
        _last_written.clear()
    if reused is not None:
        rt, doc = reused
    else:
        try:
            rt, doc = _parse(text)
        except (YAMLError, ValueError, TypeError):
            return None
    if not isinstance(doc, CommentedMap):
        return None
    _merge(doc, data)
    out = io.StringIO()
    rt.dump(doc, out)
    written = out.getvalue()
    with _last_lock:
        _last_written.clear()
        _last_written[written] = (rt, doc)
    return written
