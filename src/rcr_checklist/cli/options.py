"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from rcr_checklist.model.bank import Bank

__all__ = ["FiniteFloatRange", "echo_json", "bank_option", "get_bank"]

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


def echo_json(data: Any) -> None:
    r"""Print JSON on stdout, exact whatever the stream's encoding.

    On a stream that is not UTF-8 (``PYTHONIOENCODING=cp1252``) every non-ASCII character is
    written as a ``\uXXXX`` escape, which JSON reads back as the same character.

    Args:
        data: JSON-ready data.
    """
    from rcr_checklist.cli.streams import stdout_ascii_only
    from rcr_checklist.model.text import json_text

    click.echo(json_text(data, ascii_only=stdout_ascii_only()))


class FiniteFloatRange(click.FloatRange):
    """A float range that refuses NaN (``float("nan")`` passes every range check)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Convert like ``click.FloatRange``; ``nan`` is a usage error, not a disabled gate."""
        import math

        number = super().convert(value, param, ctx)
        if isinstance(number, float) and math.isnan(number):
            self.fail(f"{value!r} is not a number", param, ctx)
        return number
