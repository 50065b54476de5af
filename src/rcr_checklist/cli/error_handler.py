"""The one place that turns errors and Ctrl-C into a message and an exit code.

Every command runs inside :func:`error_handler`: our errors become one ``error:`` line each
(no traceback unless ``--debug``), an OS error names its file, Ctrl-C (SIGINT) exits 130
from every command instead of click's ``Aborted!`` and exit 1, and SIGTERM (``kill``, a CI
job cancelled) exits 143 the same clean way: temporary files removed, nothing half written.
"""

from __future__ import annotations

import signal
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import click

from rcr_checklist.errors import RcrError, Terminated
from rcr_checklist.limits import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_TERMINATED

__all__ = ["DEBUG_KEY", "INTERRUPTED_MESSAGE", "TERMINATED_MESSAGE", "error_handler"]

DEBUG_KEY = "rcr.debug"
"""The key of ``click.Context.meta`` that ``--debug`` sets."""

INTERRUPTED_MESSAGE = "Interrupted."
"""What Ctrl-C prints on stderr before the command exits with :data:`EXIT_INTERRUPTED`."""

TERMINATED_MESSAGE = "Terminated."
"""What SIGTERM prints on stderr before the command exits with :data:`EXIT_TERMINATED`."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While the block runs, SIGTERM raises :class:`Terminated` (a KeyboardInterrupt)."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread (a test runner's worker thread): leave it
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def error_handler(ctx: click.Context) -> Iterator[None]:
    """Run a command; map what escapes it to a message on stderr and an exit code.

    With ``--debug`` (``ctx.meta["rcr.debug"]``, set while the command runs) our errors and
    OS errors are re-raised with their traceback, and an interrupt prints its traceback.

    Args:
        ctx: the top-level click context, whose ``exit`` ends the program with the code.

    Yields:
        Nothing; the command runs in the ``with`` block.

    Raises:
        click.exceptions.Exit: with the command's exit code (2 bad input or an OS error,
            1 a failed gate or verification, 130 interrupted, 143 terminated).
        RcrError: only with ``--debug``.
        OSError: only with ``--debug``.
    """
    try:
        with _sigterm_as_interrupt():
            yield
    except KeyboardInterrupt as exc:
        debug = bool(ctx.meta.get(DEBUG_KEY))
        if debug:
            traceback.print_exc()
        if isinstance(exc, Terminated):
            click.echo(f"\n{TERMINATED_MESSAGE}", err=True)
            ctx.exit(EXIT_TERMINATED)
        click.echo(f"\n{INTERRUPTED_MESSAGE}", err=True)
        ctx.exit(EXIT_INTERRUPTED)
    except RcrError as exc:
        if ctx.meta.get(DEBUG_KEY):
            raise
        for line in str(exc).splitlines():
            click.echo(f"error: {line}", err=True)
        ctx.exit(exc.exit_code)
    except OSError as exc:
        if ctx.meta.get(DEBUG_KEY):
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"error: {where}{exc.strerror or exc}", err=True)
        ctx.exit(EXIT_INPUT)
