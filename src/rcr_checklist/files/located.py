"""Plain data read from a file with the line of every value, shared by the YAML and JSON readers.

Also the number rule both readers apply: a number literal longer than ``Limits.max_digits``
characters is refused before Python converts it (CPython refuses integers of more than 4,300
digits with a ValueError, and converting one costs time that grows with the square of its
length).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["LocatedData", "Path_", "dotted_path", "number_too_long"]

Path_ = tuple[str | int, ...]


@dataclass
class LocatedData:
    """Plain data read from YAML or JSON plus the line of every value.

    Attributes:
        data: dicts, lists, str, int, float, bool and None only.
        source: the file name shown in messages.
        lines: maps a path such as ``("answers", "x.y", "value")`` to its 1-based line.
        written: for values that were not written as text (numbers, booleans, null), the
            text as written, e.g. ``"1.10"`` for the number 1.1; messages quote it.
        syntax: ``"yaml"`` or ``"json"``, the language the text was read as.
    """

    data: Any
    source: str
    lines: dict[Path_, int] = field(default_factory=dict)
    written: dict[Path_, str] = field(default_factory=dict)
    syntax: str = "yaml"

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


def dotted_path(path: Path_) -> str:
    """Format a data path for people: ``answers.x.y.evidence[0].title``.

    Args:
        path: keys and list indexes from the document root.

    Returns:
        The dotted form ("" for the root).
    """
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def number_too_long(written: str, max_digits: int) -> str:
    """The message for a number literal longer than the limit.

    Args:
        written: the literal as written.
        max_digits: the limit, in characters.

    Returns:
        One sentence; it says how to keep the value if it is meant as text.
    """
    return (
        f"a number of {len(written):,} characters is longer than the limit of {max_digits:,}; "
        "put it in quotes if it is meant as text"
    )
