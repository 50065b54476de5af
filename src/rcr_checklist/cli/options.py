"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from rcr_checklist.model.bank import Bank

__all__ = ["bank_option", "get_bank"]

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
