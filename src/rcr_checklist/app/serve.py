"""``serve``: the questionnaire as a local web form on one answers file."""

from __future__ import annotations

from pathlib import Path

import click

from rcr_checklist.errors import InputError, Problem, printable
from rcr_checklist.files.bank_loader import load_bank

__all__ = ["serve"]


def serve(
    *,
    answers: Path | None = None,
    profile: str | None = None,
    port: int = 0,
    open_browser: bool = True,
    bank_dir: Path | None = None,
) -> int:
    """Serve the questionnaire on 127.0.0.1 until Ctrl-C, saving every change to ``answers``.

    Args:
        answers: the answers file, new or existing (default: ``answers.yaml`` here).
        profile: the profile of a new file, or the one to switch an existing file to.
        port: the TCP port (0: any free port).
        open_browser: open the address (with its access token) in the default browser.
        bank_dir: the ``--bank`` folder, or None for the bundled bank.

    Returns:
        The exit code: 130 after Ctrl-C (every change is already saved).

    Raises:
        InputError: the answers file is not a regular file, its folder is missing, or it is
            not a valid answers file for the bank.
        AnswersLocked: a profile change was asked while the terminal questionnaire holds it.
        OSError: the port cannot be used.
    """
    from rcr_checklist.serve.run import serve as run

    path = answers or Path("answers.yaml")
    if path.exists() and not path.is_file():
        raise InputError(Problem(str(path), None, "", "is not a file"))
    if not path.parent.is_dir():
        raise InputError(Problem(str(path), None, "", "the folder does not exist"))
    bank = load_bank(bank_dir)
    return run(
        bank,
        path,
        profile=profile,
        port=port,
        open_browser=open_browser,
        echo=lambda line: click.echo(printable(line)),
    )
