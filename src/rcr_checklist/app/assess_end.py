"""How ``assess`` ends: the score summary, what is still open, and the offer of a report."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from rcr_checklist.model.wording import count

if TYPE_CHECKING:
    from rcr_checklist.model.bank import Bank
    from rcr_checklist.questionnaire.protocol import Asker
    from rcr_checklist.questionnaire.session import Questionnaire

__all__ = ["answered_count", "finish"]


def answered_count(session: Questionnaire) -> str:
    """How far the answers are, e.g. "40 of 96 answered, 2 not disclosed"."""
    flow = session.flow
    withheld = len(flow.not_disclosed())
    answered = len(flow.questions) - len(flow.unanswered()) - withheld
    done = f"{answered} of {len(flow.questions)} answered"
    return done + (f", {withheld} not disclosed" if withheld else "")


def finish(
    bank: Bank,
    session: Questionnaire,
    path: Path,
    asker: Asker,
    hint: str,
    echo: Callable[..., None],
) -> None:
    """Print the score summary and what is still open, and offer to render the PDF report.

    Args:
        bank: the bank.
        session: the questionnaire that ended.
        path: the answers file.
        asker: the user interface (asks whether to render, and the report's file name).
        hint: the command that resumes the questionnaire.
        echo: prints a line; the score table goes to stdout as ``score`` prints it.
    """
    from rcr_checklist.formats import OutputFormat, RegisterDoc, get_format
    from rcr_checklist.model.scoring import score

    assessment = score(bank, session.answers)
    echo("")
    table = get_format(OutputFormat.TABLE).register(RegisterDoc([(str(path), assessment)]))
    click.echo(table, nl=False)  # on stdout, as ``score`` prints it
    from rcr_checklist.questionnaire.wrap import wrap_command_hint, wrap_message

    flow = session.flow
    missing = len(flow.unanswered())
    if missing:
        echo(
            wrap_command_hint(
                f"{count(missing, 'question')} unanswered, so any report is a draft; "
                "answer them with:",
                hint,
            )
        )
    withheld = [q.id for q in flow.not_disclosed()]
    if withheld:
        echo(
            wrap_message(
                f"{count(len(withheld), 'answer')} not disclosed (requested from the vendor), "
                "listed above apart from the unanswered; they score 0 until the vendor answers "
                "them."
            )
        )
    target = path.with_suffix(".pdf")
    if asker.confirm(f"Render the PDF report now ({target})?", default=True) is not True:
        later = f"rcr-checklist report {shlex.quote(str(path))} -o {target}"
        echo(wrap_command_hint("Later:", later))
        return
    try:
        from rcr_checklist.app.report import write_report
    except ImportError:
        echo(
            wrap_message(
                "The report writer is not available in this installation yet; your answers "
                f"are saved in {path}."
            )
        )
        return
    chosen = asker.text(
        "Report file", default=str(target), instruction="(.pdf, .html, .md or .json)"
    )
    written = write_report(
        bank, assessment, Path(chosen) if isinstance(chosen, str) and chosen else target, None
    )
    echo(f"Report written to {written}")
