"""``assess``: the interactive questionnaire, saved after every answer, resumable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from rcr_checklist.cli.options import bank_option

__all__ = ["COMMANDS", "assess"]


@click.command("assess")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="New answers file to write (default: answers.yaml in the current folder).",
)
@click.option(
    "--resume",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Continue an answers file at its first unanswered question.",
)
@click.option(
    "--profile",
    type=click.Choice(["vendor", "clinician", "procurement"]),
    default=None,
    help="Who answers: vendor (all questions), clinician (a quick check), procurement "
    "(asked when not given for a new file).",
)
@click.option(
    "--edit",
    metavar="QUESTION_ID",
    default=None,
    help="Change one answer of an existing file (--resume FILE, or answers.yaml) and leave.",
)
@bank_option
@click.pass_context
def assess(
    ctx: click.Context,
    output: Path | None,
    resume: Path | None,
    profile: str | None,
    edit: str | None,
    bank_dir: Path | None,
) -> None:
    """Answer the self-assessment questionnaire in the terminal.

    Every answer is saved at once; Ctrl-C saves and says how to resume. A menu answer is its
    number, then Enter. Without a terminal, fill in an answers file instead
    (`rcr-checklist schema answers`) and use `score` or `report`. Exit codes: 0 finished or
    saved and quit; 2 bad input; 130 interrupted (Ctrl-C, SIGINT); 143 stopped by SIGTERM.

    \b
    Keys, the same in assess and review, in menus, tick lists, text, numbers and dates:
      Ctrl-G  help
      Ctrl-P  back
      Ctrl-S  skip
      Ctrl-N  n/a
      Ctrl-D  not disclosed
      Ctrl-O  comment
      Ctrl-R  clear
      Ctrl-Q  save & quit
      Ctrl-C  stop (what was accepted is saved)
    """  # noqa: D301 - "\b" (a backspace) keeps click from re-wrapping the table
    from rcr_checklist.app.assess import assess as run_assess

    ctx.exit(
        run_assess(output=output, resume=resume, profile=profile, bank_dir=bank_dir, edit=edit)
    )


COMMANDS = [assess]


def __getattr__(name: str) -> Any:
    # ``run_session`` moved to app.assess; imported on demand so --help stays light.
    if name == "run_session":
        from rcr_checklist.app.assess import run_session

        return run_session
    raise AttributeError(name)
