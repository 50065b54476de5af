"""The YAML 1.2 core schema, exactly: what a plain (unquoted, untagged) scalar reads as.

``yes`` and ``1_000`` stay text, ``007`` is the integer 7, ``0o17`` and ``0x1F`` are
integers, ``.inf`` and ``.nan`` are floats (spec 1.2.2, section 10.3.2). The reader
(``files.yamlio``) and the writer (``files.yaml_dump``) both follow it.
"""

from __future__ import annotations

import re
from typing import Any

from rcr_checklist.limits import ANSWERS_LIMITS

__all__ = ["NUMBER_START", "WORDS", "TooLong", "resolve_plain"]

# The YAML 1.2 core schema (spec 1.2.2, section 10.3.2), exactly; everything else is text.
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"[-+]?[0-9]+")
_INT8 = re.compile(r"0o[0-7]+")
_INT16 = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = frozenset({".nan", ".NaN", ".NAN"})
NUMBER_START = frozenset("0123456789+-.")


WORDS = _NULL | frozenset(_BOOL)
"""Plain scalars that are not text although they start like text: null and the booleans."""


class TooLong(ValueError):
    """A number literal beyond ``Limits.max_digits``."""


def resolve_plain(value: str, max_digits: int = ANSWERS_LIMITS.max_digits) -> Any:
    """Resolve a plain (unquoted, untagged) scalar by the YAML 1.2 core schema.

    Args:
        value: the scalar as written.
        max_digits: longest number accepted, in characters.

    Returns:
        None, a bool, an int, a float or the text itself.

    Raises:
        ValueError: a number longer than ``max_digits`` characters.
    """
    if value in _NULL:
        return None
    if value[0] not in NUMBER_START:
        found = _BOOL.get(value)
        return value if found is None else found
    if _INT10.fullmatch(value):
        base, digits = 10, value
    elif _INT8.fullmatch(value):
        base, digits = 8, value[2:]
    elif _INT16.fullmatch(value):
        base, digits = 16, value[2:]
    elif _FLOAT.fullmatch(value):
        if len(value) > max_digits:
            raise TooLong(value)
        return float(value)
    elif _INF.fullmatch(value):
        return float("-inf") if value[0] == "-" else float("inf")
    elif value in _NAN:
        return float("nan")
    else:
        return value
    if len(value) > max_digits:
        raise TooLong(value)
    try:
        return int(digits, base)
    except ValueError:  # beyond the interpreter's own digit limit (4,300 in CPython)
        raise TooLong(value) from None
