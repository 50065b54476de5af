"""``report``: render PDF, HTML, Markdown or JSON reports of answers files."""

from __future__ import annotations

import os
from pathlib import Path

import click

from rcr_checklist.cli.options import bank_option
from rcr_checklist.errors import InputError, Problem, printable
from rcr_checklist.formats import Subject, choices

__all__ = ["COMMANDS", "SIGN_PASSWORD_ENV", "report"]

SIGN_PASSWORD_ENV = "RCR_CHECKLIST_SIGN_PASSWORD"
"""The environment variable that may hold the password of the ``--sign`` key."""


@click.command("report")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="The report file; with several inputs (or a folder), a folder for one report each.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(choices(Subject.ASSESSMENT)),
    default=None,
    help="Report format (default: from the extension of -o; PDF for a folder); csv writes "
    "the action plan for a spreadsheet.",
)
@click.option(
    "--review",
    "review",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="A review file (rcr-checklist review) of these answers: verdicts beside the answers, "
    "sign-off on the cover.",
)
@click.option(
    "--detail",
    type=click.Choice(["summary", "standard", "full"]),
    default="standard",
    show_default=True,
    help="After the two decision pages: summary (nothing more, at most 4 pages), standard "
    "(a card for each question with a finding or below full marks, one line for the others) "
    "or full (every card and the whole crosswalk).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    metavar="N",
    help="Render several reports in N parallel processes.",
)
@click.option(
    "--sign",
    "sign",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="KEY.p12",
    help="Sign each PDF with this PKCS#12 key (PAdES; `verify` shows the signer). The "
    f"password comes from --sign-password-file or the {SIGN_PASSWORD_ENV} environment "
    "variable, never from the command line.",
)
@click.option(
    "--sign-password-file",
    "sign_password_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="A file holding the password of the --sign key (its first line).",
)
@bank_option
def report(
    inputs: tuple[Path, ...],
    out: Path,
    fmt: str | None,
    review: Path | None,
    detail: str,
    jobs: int,
    sign: Path | None,
    sign_password_file: Path | None,
    bank_dir: Path | None,
) -> None:
    """Render the report of answers files (or re-render report PDFs made by this tool).

    The PDF is a tagged PDF/A-3a (accessible) and carries the assessment as the attachment
    assessment.json, so that `rcr-checklist verify` can check it. Exit codes: 0 written; 2 bad
    input (other inputs are still reported).
    """
    from rcr_checklist.app.report import run_report
    from rcr_checklist.cli.progress import progress_bar

    run = run_report(
        list(inputs),
        out,
        fmt=fmt,
        review=review,
        detail=detail,
        jobs=jobs,
        bank_dir=bank_dir,
        progress=progress_bar,
        sign=sign,
        sign_password=_sign_password(sign_password_file),
    )
    for warning in run.warnings:
        click.echo(f"warning: {printable(str(warning))}", err=True)
    click.echo(run.message, err=True)
    error = run.error()
    if error is not None:
        raise error


def _sign_password(path: Path | None) -> bytes | None:
    """The key's password: the first line of ``path``, else the environment, else None."""
    if path is None:
        value = os.environ.get(SIGN_PASSWORD_ENV)
        return value.encode("utf-8") if value else None
    try:
        lines = path.read_bytes().splitlines()
    except OSError as exc:
        raise InputError(
            Problem(str(path), None, "--sign-password-file", f"cannot be read ({exc.strerror})")
        ) from None
    return lines[0] if lines else b""


COMMANDS = [report]
