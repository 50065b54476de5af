"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from rcr_checklist.model.bank import Bank

__all__ = ["bank_option", "get_bank", "refuse_overwrite"]

F = TypeVar("F", bound=Callable[..., Any])


def bank_option(func: F) -> F:
    """Add ``--bank DIR`` (default: the bundled RCR bank)."""
    return click.option(
        "--bank",
        "bank_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Question bank folder (default: the bundled RCR bank).",
    )(func)


def get_bank(bank_dir: Path | None) -> Bank:
    """Load the bank named by ``--bank`` or the bundled one; raises BankError when broken."""
    from rcr_checklist.files.bank_loader import load_bank

    return load_bank(bank_dir)


def refuse_overwrite(out: Path, inputs: list[Path]) -> None:
    """Refuse an output path that is one of the inputs (it would destroy the input).

    Args:
        out: the output path given with ``-o``.
        inputs: every file the command reads.

    Raises:
        InputError: ``out`` is (or resolves to) one of ``inputs``.
    """
    from rcr_checklist.errors import InputError, Problem

    try:
        target = out.resolve()
    except OSError:  # pragma: no cover - an unresolvable path cannot be an input
        return
    for path in inputs:
        try:
            same = path.resolve() == target
        except OSError:  # pragma: no cover
            same = False
        if same:
            raise InputError(
                Problem(
                    str(out), None, "-o", "the output would overwrite an input; choose another name"
                )
            )
