"""``review``: a reviewer's verdict per answer and the sign-off, saved after every step."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path

import click

from rcr_checklist.errors import InputError, NotATerminal, Problem, printable
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.limits import EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED

__all__ = ["review"]


def review(
    answers: Path,
    out: Path,
    *,
    template: bool = False,
    bank_dir: Path | None = None,
    echo: Callable[..., None] = click.echo,
) -> int:
    """Review submitted answers (an answers file or a report PDF) and sign them off.

    Args:
        answers: the answers file or report PDF under review (a PDF is verified first).
        out: the review file; an existing review of the same answers is continued.
        template: write a review to fill in by hand (every answered question, verdict
            empty) and return, instead of asking in the terminal.
        bank_dir: the ``--bank`` folder, or None for the bundled bank.
        echo: prints a line (``err=True``: to stderr).

    Returns:
        The exit code: 0 saved (finished or quit), 130 interrupted (verdicts so far saved).

    Raises:
        InputError: unusable answers, an existing ``out`` with ``template``, or a review of
            other answers.
        NotATerminal: no terminal and no ``template``.
        AnswersLocked: another session has the review open.
    """
    from rcr_checklist.app.compare import load_verified
    from rcr_checklist.files.review_io import check_review, load_review, save_review
    from rcr_checklist.model.review_file import new_review

    bank = load_bank(bank_dir)
    scored = load_verified(answers, bank, bank_given=bank_dir is not None)
    for warning in scored.warnings:
        echo(f"warning: {printable(str(warning))}", err=True)
    assessment = scored.assessment
    if template:
        if out.exists():
            raise InputError(Problem(str(out), None, "-o", "already exists; choose another file"))
        save_review(new_review(assessment, blank_verdicts=True), out, assessment)
        echo(
            f"wrote {out}: set each verdict to accepted, query or rejected (a query or a "
            "rejection needs a comment), then fill in the signoff; check it with "
            f"`rcr-checklist report {shlex.quote(str(answers))} --review "
            f"{shlex.quote(str(out))} -o review.pdf`",
            err=True,
        )
        return EXIT_OK
    from rcr_checklist.questionnaire.terminal import is_interactive

    if not is_interactive():
        raise NotATerminal(
            "review needs an interactive terminal; without one, write a review to fill in by "
            f"hand with `rcr-checklist review {shlex.quote(str(answers))} -o "
            f"{shlex.quote(str(out))} --template`"
        )
    if out.exists():
        loaded = load_review(out)
        check_review(loaded, assessment, scored.source, signoff=False)  # asked again at the end
        current = loaded.review
    else:
        current = new_review(assessment)
    from rcr_checklist.files.atomic import remove_stale_temps, removed_note
    from rcr_checklist.files.lock import answers_lock
    from rcr_checklist.questionnaire.protocol import Terminated
    from rcr_checklist.questionnaire.terminal import QuestionaryAsker, terminal_session
    from rcr_checklist.questionnaire.wrap import wrap_command_hint
    from rcr_checklist.review.flow import review_items, run_review

    hint = f"rcr-checklist review {shlex.quote(str(answers))} -o {shlex.quote(str(out))}"
    if bank_dir is not None:  # resuming needs the same bank
        hint += f" --bank {shlex.quote(str(bank_dir))}"
    with answers_lock(out, what="review"), terminal_session():
        note = removed_note(remove_stale_temps(out))
        if note:
            echo(note)
        save_review(current, out)
        try:
            outcome, final = run_review(
                review_items(bank, assessment),
                current,
                QuestionaryAsker(),  # the same terminal adapter as `assess`
                lambda r: save_review(r, out),
                critical=assessment.overall.critical_findings,
            )
        except (KeyboardInterrupt, EOFError) as exc:
            stopped = f"Stopped. The review is saved in {out}. Continue with:"
            echo("\n" + wrap_command_hint(stopped, hint))
            return EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED
    if outcome == "quit":
        echo(wrap_command_hint(f"Saved to {out}. Continue with:", hint))
        return EXIT_OK
    decision = final.signoff.decision if final.signoff else "not signed off"
    show = (
        f"rcr-checklist report {shlex.quote(str(answers))} --review {shlex.quote(str(out))} "
        "-o report.pdf"
    )
    if bank_dir is not None:
        show += f" --bank {shlex.quote(str(bank_dir))}"
    echo(wrap_command_hint(f"Review saved to {out} ({decision}). Show it with:", show))
    return EXIT_OK
