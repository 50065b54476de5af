"""Reads a data document that may be YAML or JSON, with the same limits and located errors."""

from __future__ import annotations

from pathlib import Path

from rcr_checklist.files.jsonio import JsonSyntaxError, load_json, looks_like_json
from rcr_checklist.files.located import LocatedData
from rcr_checklist.files.reading import read_text
from rcr_checklist.files.yamlio import load_yaml
from rcr_checklist.limits import ANSWERS_LIMITS, Limits

__all__ = ["is_json_name", "load_document", "load_document_file"]


def is_json_name(name: str) -> bool:
    """Whether a file name says JSON (``.json``), so only JSON is accepted in it.

    Args:
        name: a file name or path as text.

    Returns:
        True for names ending in ``.json`` (any case).
    """
    return name.lower().endswith(".json")


def load_document(
    text: str, source: str, limits: Limits = ANSWERS_LIMITS, *, json_only: bool | None = None
) -> LocatedData:
    """Parse YAML or JSON text into plain data with line numbers, within limits.

    JSON is read as JSON (YAML 1.1 parsers refuse some valid JSON, such as the escaped
    surrogate pairs that JavaScript writes for emoji); a text that opens with ``{`` but is not
    JSON is read as YAML (a YAML flow mapping).

    Args:
        text: the document.
        source: the file name shown in messages.
        limits: the bounds to enforce.
        json_only: accept JSON only; default: when ``source`` ends in ``.json``.

    Returns:
        The located data.

    Raises:
        InputError: malformed text or values beyond the limits, located.
    """
    if json_only is None:
        json_only = is_json_name(source)
    if json_only:
        return load_json(text, source, limits)
    if looks_like_json(text):
        try:
            return load_json(text, source, limits)
        except JsonSyntaxError:
            pass  # not JSON: a YAML flow mapping, or broken; YAML says which
    return load_yaml(text, source, limits)


def load_document_file(
    path: Path, source: str | None = None, limits: Limits = ANSWERS_LIMITS
) -> LocatedData:
    """Read and parse one YAML or JSON file (JSON only when its name ends in ``.json``).

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
    return load_document(
        read_text(path, name, limits), name, limits, json_only=is_json_name(path.name)
    )
