"""``assess``: the interactive questionnaire on a new or resumed answers file."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from rcr_checklist.app.assess_end import answered_count, finish
from rcr_checklist.errors import InputError, NotATerminal, Problem, RcrError, printable
from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.files.locate import closest
from rcr_checklist.limits import EXIT_INTERRUPTED as INTERRUPTED
from rcr_checklist.limits import EXIT_TERMINATED

if TYPE_CHECKING:  # the questionnaire is imported when assess runs, not for --help
    from rcr_checklist.model.answers import AnswersFile
    from rcr_checklist.model.bank import Bank
    from rcr_checklist.questionnaire.protocol import Asker
    from rcr_checklist.questionnaire.session import Questionnaire

__all__ = ["assess", "run_session"]


def assess(
    *,
    output: Path | None = None,
    resume: Path | None = None,
    profile: str | None = None,
    bank_dir: Path | None = None,
    edit: str | None = None,
) -> int:
    """Run the questionnaire in the terminal, saving after every answer.

    Args:
        output: a new answers file (default: ``answers.yaml`` in the current folder).
        resume: an answers file to continue at its first unanswered question.
        profile: ``vendor``, ``clinician`` or ``procurement``; asked for a new file when None.
        bank_dir: the ``--bank`` folder, or None for the bundled bank.
        edit: a question id: ask only that question of an existing file (``resume``, else
            ``output``, else ``answers.yaml``), save, and leave.

    Returns:
        The exit code: 0 finished or quit, 130 interrupted (the answers so far are saved).

    Raises:
        NotATerminal: stdin or stdout is not a terminal.
        InputError: the file exists (new) or is missing or invalid (resume).
        AnswersLocked: another session has the file open.
        RcrError: ``-o`` and ``--resume`` name different files.
    """
    from rcr_checklist.files.atomic import remove_stale_temps, removed_note
    from rcr_checklist.files.lock import answers_lock
    from rcr_checklist.questionnaire.terminal import (
        QuestionaryAsker,
        is_interactive,
        terminal_session,
    )

    if not is_interactive():
        raise NotATerminal(
            "assess needs an interactive terminal; without one, fill in an answers file "
            "(see `rcr-checklist schema answers`) and run `rcr-checklist score` or "
            "`rcr-checklist report` on it"
        )
    if edit is not None and resume is None:
        resume = output or Path("answers.yaml")
        output = None
    path = _answers_path(output, resume)
    bank = load_bank(bank_dir)
    if edit is not None and edit not in bank.by_id:
        guess = closest(edit, bank.by_id)
        raise RcrError(
            f"--edit: no question {edit!r} in this bank"
            + (f" (did you mean {guess!r}?)" if guess else "")
            + "; list them with `rcr-checklist bank list`"
        )
    with answers_lock(path), terminal_session():
        if resume is None and path.exists():  # created while we were starting
            raise _exists(path)
        note = removed_note(remove_stale_temps(path))
        if note:
            click.echo(note)
        return run_session(
            bank, path, resume is not None, profile, QuestionaryAsker(), bank_dir, edit=edit
        )


def _exists(path: Path) -> InputError:
    return InputError(
        Problem(
            str(path),
            None,
            "",
            "already exists; continue it with "
            f"`rcr-checklist assess --resume {shlex.quote(str(path))}` or choose another file "
            "with -o",
        )
    )


def _answers_path(output: Path | None, resume: Path | None) -> Path:
    """Pick the answers file from ``-o`` and ``--resume`` and check it can be used."""
    if resume is not None:
        if output is not None and output.resolve() != resume.resolve():
            raise RcrError(
                "give either --resume FILE (to continue FILE) or -o FILE (to start a new file)"
            )
        if not resume.is_file():
            raise InputError(
                Problem(
                    str(resume),
                    None,
                    "",
                    "no such answers file; start a new one with `rcr-checklist assess -o FILE`",
                )
            )
        return resume
    path = output or Path("answers.yaml")
    if path.exists():
        raise _exists(path)
    if not path.parent.is_dir():
        raise InputError(Problem(str(path), None, "", "the folder does not exist"))
    return path


def _resume_hint(path: Path, bank_dir: Path | None) -> str:
    bank = f" --bank {shlex.quote(str(bank_dir))}" if bank_dir is not None else ""
    return f"rcr-checklist assess --resume {shlex.quote(str(path))}{bank}"


def run_session(
    bank: Bank,
    path: Path,
    resume: bool,
    profile: str | None,
    asker: Asker,
    bank_dir: Path | None = None,
    echo: Callable[..., None] = click.echo,
    edit: str | None = None,
) -> int:
    """Run the questionnaire on ``path`` (new or resumed) and end with the score summary.

    Args:
        bank: the bank.
        path: the answers file (created when ``resume`` is false).
        resume: continue an existing file at its first unanswered question.
        profile: the profile to use; asked for a new file when None, kept from the file when
            resuming.
        asker: the user interface.
        bank_dir: the ``--bank`` folder, repeated in the resume hint.
        echo: prints a line (``err=True``: to stderr); the session's own prompts go through
            ``asker``.
        edit: a question id: ask only that question (``resume`` must be true), then leave.

    Returns:
        The exit code: 0 finished or quit, 130 interrupted (Ctrl-C, SIGINT or end of input),
        143 stopped by SIGTERM.

    Raises:
        InputError: the resumed file is not a valid answers file for this bank.
        OSError: the first save of a new file failed.
    """
    from rcr_checklist.files.answers_io import load_answers, save_answers
    from rcr_checklist.files.atomic import write_problem
    from rcr_checklist.questionnaire.flow import FIRST_STEP, Flow, new_answers, resume_summary
    from rcr_checklist.questionnaire.protocol import Terminated
    from rcr_checklist.questionnaire.session import (
        Questionnaire,
        ask_product_name,
        choose_profile,
    )
    from rcr_checklist.questionnaire.wrap import wrap_command_hint, wrap_message

    def save(answers: AnswersFile) -> list[Path]:
        return save_answers(answers, path)

    hint = _resume_hint(path, bank_dir)
    session: Questionnaire | None = None
    try:
        if resume:
            loaded = load_answers(path, bank)
            for warning in loaded.warnings:
                echo(f"warning: {printable(str(warning))}", err=True)
            answers = loaded.answers
            if profile is not None and profile != answers.profile:
                answers = answers.model_copy(update={"profile": profile})
                save_answers(answers, path)
            flow = Flow(bank, answers)
            if edit is not None:
                return _edit_one(bank, answers, path, asker, save, edit, echo)
            asker.show(f"Resuming {path} ({answers.product.name})", "header")
            asker.show(resume_summary(flow), "info")
            start = flow.resume_point()
        else:
            asker.show(bank.meta.title, "header")
            asker.show(
                f"Every answer is saved to {path} as soon as you give it; Ctrl-C saves and "
                "quits, and you can resume later."
            )
            chosen = profile or choose_profile(asker, bank)
            asker.show("About the product", "header")
            answers = new_answers(bank, ask_product_name(asker), chosen)
            try:
                save_answers(answers, path)
            except OSError as exc:
                raise InputError(write_problem(path, exc)) from None
            start = Flow(bank, answers).next_step(FIRST_STEP)
        session = Questionnaire(bank, answers, asker, save)
        if not resume:
            session.group = "product"
        outcome = session.run(start)
        if outcome == "quit":
            echo(
                wrap_command_hint(
                    f"Saved to {path} ({answered_count(session)}). Resume with:", hint
                )
            )
            return 0
        finish(bank, session, path, asker, hint, echo)
        return 0
    except (KeyboardInterrupt, EOFError) as exc:
        if session is None and not path.exists():
            echo("\nStopped; nothing was saved.")
        else:
            done = "" if session is None else f" ({answered_count(session)})"
            stopped = f"Stopped. Your answers are saved in {path}{done}. Resume with:"
            echo("\n" + wrap_command_hint(stopped, hint))
            if session is not None and session.pending:
                echo(wrap_message(f"Not kept: {session.pending} (it was not finished)."))
        return EXIT_TERMINATED if isinstance(exc, Terminated) else INTERRUPTED


def _edit_one(
    bank: Bank,
    answers: AnswersFile,
    path: Path,
    asker: Asker,
    save: Callable[[AnswersFile], object],
    qid: str,
    echo: Callable[..., None],
) -> int:
    """Ask one question of a loaded file (``assess --edit``), save, and say what changed."""
    from rcr_checklist.questionnaire.flow import Flow, Step
    from rcr_checklist.questionnaire.session import Questionnaire

    step = Step("question", qid)
    if step not in Flow(bank, answers).steps:
        raise RcrError(
            f"--edit: {qid} is not asked for {answers.product.name} (the product facts or the "
            f"{answers.profile} profile hide it); change the fact that hides it first"
        )
    session = Questionnaire(bank, answers, asker, save)
    before = answers.answers.get(qid)
    if session.ask(step) == "quit" or session.answers.answers.get(qid) == before:
        echo(f"{qid}: unchanged in {path}.")
        return 0
    echo(f"{qid}: saved to {path}.")
    return 0
