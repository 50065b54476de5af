"""Command-line interface: parses arguments, calls the core and maps errors to exit codes.

Heavy libraries (WeasyPrint, questionary, rich) are imported inside the commands that need
them, so ``rcr-checklist --help`` stays fast.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from rcr_checklist import __version__

__all__ = ["main"]


def _escape_what_streams_cannot_encode() -> None:
    r"""Make stdout and stderr write ``\u2713`` for what their encoding lacks, never raise.

    With ``PYTHONIOENCODING=cp1252`` (or a Windows console) a product name with a character
    the encoding lacks would raise UnicodeEncodeError half-way through the output and exit 1,
    the gate-failed code. click and rich write through these same streams.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            try:
                reconfigure(errors="backslashreplace")
            except (OSError, ValueError):  # pragma: no cover - a closed or odd stream
                pass


class _Group(click.Group):
    """A group that runs every command inside the one error handler (exit codes, Ctrl-C)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line, first making the output streams escape what they cannot encode."""
        _escape_what_streams_cannot_encode()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        from rcr_checklist.cli.error_handler import error_handler

        with error_handler(ctx):
            return super().invoke(ctx)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="rcr-checklist")
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Self-assess a medical AI product against the RCR's five core principles.

    A self-assessment aid: a score is not a certification or regulatory approval.
    """
    ctx.meta["rcr.debug"] = debug  # read by cli.error_handler (DEBUG_KEY)


def _register() -> None:
    # Each module is light: the libraries a command needs are imported when it runs.
    from rcr_checklist.cli import (
        assess_cmd,
        bank_cmds,
        compare_cmd,
        demo_cmd,
        report_cmd,
        review_cmd,
        score_cmd,
        serve_cmd,
        verify_cmd,
    )

    main.add_command(bank_cmds.bank)
    main.add_command(bank_cmds.schema)
    main.add_command(score_cmd.score_command)
    for module in (
        assess_cmd,
        serve_cmd,
        report_cmd,
        verify_cmd,
        compare_cmd,
        review_cmd,
        demo_cmd,
    ):
        for command in module.COMMANDS:
            main.add_command(command)


_register()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
