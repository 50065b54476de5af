"""Finds the packaged question bank, templates and examples in a checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

__all__ = ["default_bank_dir", "examples_dir", "templates_dir"]

_PACKAGE = Path(__file__).resolve().parents[1]


def _find(name: str) -> Path:
    """Return ``_data/<name>`` inside the installed package, else ``<checkout>/<name>``."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"the packaged folder {name!r} is missing; reinstall rcr-checklist")


def default_bank_dir() -> Path:
    """Return the folder of the bundled RCR question bank (``principles/``)."""
    return _find("principles")


def templates_dir() -> Path:
    """Return the folder of the report templates and CSS (``templates/``)."""
    return _find("templates")


def examples_dir() -> Path:
    """Return the folder of the bundled example answers files (``examples/``)."""
    return _find("examples")
