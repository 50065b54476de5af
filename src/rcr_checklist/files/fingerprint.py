"""The renderer fingerprint: a SHA-256 of everything that decides what a report's pages print.

Two builds of the tool with the same version number (two commits of 0.1.0) can print the
same assessment differently. A report records the fingerprint of the build that made it,
so ``verify`` can tell "printed by another build" from "changed after it was printed".
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from rcr_checklist.files.resources import templates_dir

__all__ = ["RENDERER_SOURCES", "renderer_fingerprint"]

_PACKAGE = Path(__file__).resolve().parents[1]

RENDERER_SOURCES = ("model", "report", "files/printed_text.py")
"""The package's code that turns answers into printed words (scoring, report, text policy)."""


def _files() -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    templates = templates_dir()
    found.extend(
        (f"templates/{p.relative_to(templates).as_posix()}", p)
        for p in templates.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    for part in RENDERER_SOURCES:
        path = _PACKAGE / part
        if path.is_file():
            found.append((part, path))
        elif path.is_dir():
            found.extend(
                (f"{part}/{p.relative_to(path).as_posix()}", p) for p in path.rglob("*.py")
            )
    return sorted(found)


@functools.cache
def renderer_fingerprint() -> str:
    """Return the SHA-256 of the templates, the CSS and the code that prints a report.

    The bank is not part of it (a report records the bank's own SHA-256). Files are hashed
    by their path inside the package and their bytes, so the fingerprint is the same in a
    checkout and in an installed wheel of the same commit.

    Returns:
        64 hexadecimal digits.
    """
    digest = hashlib.sha256()
    for name, path in _files():
        data = path.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()
