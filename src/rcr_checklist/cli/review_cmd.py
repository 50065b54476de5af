"""``review``: a reviewer's verdict per answer and the sign-off, saved after every step."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from rcr_checklist.cli.options import bank_option, get_bank
from rcr_checklist.errors import InputError, Problem, RcrError, printable

__all__ = ["COMMANDS", "review"]

from rcr_checklist.limits import EXIT_INTERRUPTED as INTERRUPTED


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
    130 interrupted.
    """
    from rcr_checklist.app.compare import load_verified
    from rcr_checklist.files.review_io import check_review, load_review, save_review
    from rcr_checklist.model.review import new_review

    bank = get_bank(bank_dir)
    scored = load_verified(answers, bank, bank_given=bank_dir is not None)
    for warning in scored.warnings:
        click.echo(f"warning: {printable(str(warning))}", err=True)
    assessment = scored.assessment
    if template:
        if out.exists():
            raise InputError(Problem(str(out), None, "-o", "already exists; choose another file"))
        save_review(new_review(assessment, blank_verdicts=True), out)
        click.echo(
            f"wrote {out}: set each verdict to accepted, query or rejected (a query or a "
            "rejection needs a comment), then fill in the signoff; check it with "
            f"`rcr-checklist report {shlex.quote(str(answers))} --review "
            f"{shlex.quote(str(out))} -o review.pdf`",
            err=True,
        )
        return
    from rcr_checklist.questionnaire.terminal import is_interactive

    if not is_interactive():
        raise RcrError(
            "review needs an interactive terminal; without one, write a review to fill in by "
            f"hand with `rcr-checklist review {shlex.quote(str(answers))} -o "
            f"{shlex.quote(str(out))} --template`"
        )
    if out.exists():
        loaded = load_review(out)
        check_review(loaded, assessment, scored.source)
        current = loaded.review
    else:
        current = new_review(assessment)
    from rcr_checklist.files.lock import answers_lock
    from rcr_checklist.questionnaire.terminal import QuestionaryAsker
    from rcr_checklist.review.flow import review_items, run_review

    hint = f"rcr-checklist review {shlex.quote(str(answers))} -o {shlex.quote(str(out))}"
    with answers_lock(out):
        save_review(current, out)
        try:
            outcome, final = run_review(
                review_items(bank, assessment),
                current,
                QuestionaryAsker(),  # the same terminal adapter as `assess`
                lambda r: save_review(r, out),
            )
        except (KeyboardInterrupt, EOFError):
            click.echo(f"\nStopped. The review is saved in {out}. Continue with: {hint}")
            ctx.exit(INTERRUPTED)
    if outcome == "quit":
        click.echo(f"Saved to {out}. Continue with: {hint}")
        return
    decision = final.signoff.decision if final.signoff else "not signed off"
    click.echo(
        f"Review saved to {out} ({decision}). Show it: rcr-checklist report "
        f"{shlex.quote(str(answers))} --review {shlex.quote(str(out))} -o report.pdf"
    )


COMMANDS = [review]
