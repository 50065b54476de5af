"""``review``: a reviewer's verdict per answer and the sign-off, saved after every step."""

from __future__ import annotations

from pathlib import Path

import click

from rcr_checklist.cli.options import bank_option

__all__ = ["COMMANDS", "review"]


@click.command("review")
@click.argument("answers", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The review file; an existing review of the same answers is continued.",
)
@click.option(
    "--template",
    is_flag=True,
    help="Write a review to fill in by hand (every answered question, verdict empty) and exit.",
)
@bank_option
@click.pass_context
def review(
    ctx: click.Context, answers: Path, out: Path, template: bool, bank_dir: Path | None
) -> None:
    """Review submitted answers (an answers file or a report PDF) and sign them off.

    For each answer: accepted, query or rejected, with a comment; then a sign-off (name,
    role, organisation, date, decision). Every verdict is saved at once; Ctrl-C keeps them.
    The review records the answers' SHA-256 and is refused for any other answers. Show it
    with `rcr-checklist report ANSWERS --review FILE`. Exit codes: 0 saved; 2 bad input;
    130 interrupted (Ctrl-C, SIGINT); 143 stopped by SIGTERM.

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
    from rcr_checklist.app.review import review as run_review

    ctx.exit(run_review(answers, out, template=template, bank_dir=bank_dir, echo=click.echo))


COMMANDS = [review]
