"""YAML writing: readable block YAML whose plain scalars read back as written (YAML 1.2 core)."""

from __future__ import annotations

from typing import Any

import yaml

from rcr_checklist.files.yaml_core import resolve_plain

__all__ = ["dump_yaml", "plain_reads_back"]


class _Dumper(yaml.SafeDumper):
    """Block-style YAML with multi-line strings written as literal blocks."""


def plain_reads_back(text: str) -> bool:
    """Whether ``text`` written unquoted reads back as the same text under the 1.2 core schema.

    PyYAML's writer quotes what YAML 1.1 would read as something else (``yes``, ``1.0``), but
    not ``1e3``, ``0o17`` or a 200-digit number, which the 1.2 reader takes for numbers.

    Args:
        text: a string about to be written as a plain scalar.

    Returns:
        False when it must be quoted.
    """
    if not text:
        return False
    try:
        return bool(resolve_plain(text, max_digits=len(text)) == text)
    except ValueError:
        return False


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    style = None if plain_reads_back(data) else "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_presenter)


def dump_yaml(data: Any) -> str:
    """Write plain data as readable block YAML, keys in the given order, Unicode kept.

    Args:
        data: dicts, lists and scalars.

    Returns:
        The YAML text.
    """
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
