"""The interactive review's logic, pure: which answer is shown, the verdict, then the sign-off.

Written against the small :class:`ReviewAsker` protocol (a subset of the questionnaire's
``Asker``); the terminal adapter is :mod:`rcr_checklist.questionnaire.terminal`, shared with
``assess``, and tests drive this module with a scripted asker. Every verdict is saved at
once, so Ctrl-C loses nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from rcr_checklist.model.bank import Bank
from rcr_checklist.model.review_file import (
    ReviewFile,
    Verdict,
    with_signoff,
    with_verdict,
)
from rcr_checklist.model.scoring import Assessment
from rcr_checklist.model.wording import count
from rcr_checklist.questionnaire.protocol import Choice, Nav
from rcr_checklist.report.context import build_context
from rcr_checklist.review.asking import ReviewAsker, ask_text
from rcr_checklist.review.signoff import ask_signoff

__all__ = ["ReviewAsker", "ReviewItem", "review_items", "run_review"]

ReviewOutcome = Literal["finished", "quit"]
_COMMENTED = "accepted-comment"


@dataclass(frozen=True)
class ReviewItem:
    """One submitted answer as the reviewer sees it.

    Attributes:
        id: question id.
        number: "2.3" (principle.question), "0.1" for product facts.
        section: the principle's title.
        text: the question.
        lines: the answer, its points, evidence, comment and justification, one per line.
        help: the question's help text from the bank ("" when none).
    """

    id: str
    number: str
    section: str
    text: str
    lines: list[str]
    help: str = ""


def review_items(bank: Bank, assessment: Assessment) -> list[ReviewItem]:
    """The answered questions of an assessment, in bank order, ready to show.

    Args:
        bank: the bank the answers were scored with.
        assessment: the scored answers.

    Returns:
        One item per answered (or n/a) visible question; unanswered ones have nothing to review.
    """
    ctx = build_context(bank, assessment)
    sections = ([ctx.facts] if ctx.facts is not None else []) + ctx.principles
    items: list[ReviewItem] = []
    for p in sections:
        for q in p.questions:
            if q.status in ("unanswered", "not_disclosed"):  # nothing the vendor said
                continue
            lines = [f"Answer: {'; '.join(q.answer)}"]
            if q.scored:
                lines.append(q.explanation)
            if q.justification:
                lines.append(f"Why n/a: {q.justification}")
            lines.extend(
                "Evidence: " + " | ".join(x for x in (e.title, e.ref, e.date) if x)
                for e in q.evidence
            )
            if q.evidence_required and not q.evidence and q.earned > 0:
                lines.append("Evidence: none cited (this question asks for evidence)")
            if q.comment:
                lines.append(f"Comment: {q.comment}")
            lines.extend(f"Finding ({f.severity}): {f.text}" for f in q.findings)
            question = bank.by_id.get(q.id)
            help_text = (question.help or "") if question is not None else ""
            items.append(ReviewItem(q.id, q.number, p.title, q.text, lines, help_text))
    return items


def _verdict_choices() -> list[Choice | None]:
    return [
        Choice("Accept", "accepted", "1"),
        Choice("Query: ask the vendor for more", "query", "2"),
        Choice("Reject", "rejected", "3"),
    ]


REVIEW_KEYS = (Nav.HELP, Nav.BACK, Nav.SKIP, Nav.COMMENT, Nav.QUIT)
"""The keys of the shared scheme that a verdict prompt offers (help shows the question's
help; comment adds or changes the verdict's comment)."""


def _required(text: str) -> str | None:
    return None if text else "a comment is required: say what is wrong or what is needed"


def _ask_verdict(
    asker: ReviewAsker, item: ReviewItem, old: Verdict | None, help_text: str = ""
) -> Verdict | Nav:
    """Ask the verdict on one answer (and a comment when it needs one, or on Ctrl-O)."""
    default: str | Nav | None = old.verdict if old is not None else None
    previous = old.comment if old is not None and old.comment else ""
    commented: str | None = None
    while True:
        picked = asker.choose(
            f"Verdict on {item.number} {item.id}", _verdict_choices(), default, keys=REVIEW_KEYS
        )
        if picked is Nav.HELP:
            asker.show(help_text or "No help for this question.", "help")
            continue
        if picked is Nav.COMMENT:
            commented = ask_text(asker, "Comment", default=commented or previous)
            continue
        break
    if isinstance(picked, Nav):
        return picked
    if commented is not None:
        previous = commented
    if picked == "accepted":
        return Verdict(verdict="accepted", comment=previous or None)
    if picked == _COMMENTED:
        comment = ask_text(asker, "Comment", default=previous)
        return Verdict(verdict="accepted", comment=comment or None)
    if previous and commented is not None:
        return Verdict(verdict="query" if picked == "query" else "rejected", comment=previous)
    comment = ask_text(
        asker,
        "What is wrong or what is needed?" if picked == "rejected" else "What do you need?",
        default=previous,
        validate=_required,
    )
    return Verdict(verdict="query" if picked == "query" else "rejected", comment=comment)


def run_review(
    items: list[ReviewItem],
    review: ReviewFile,
    asker: ReviewAsker,
    save: Callable[[ReviewFile], object],
    today: dt.date | None = None,
    *,
    critical: int,
) -> tuple[ReviewOutcome, ReviewFile]:
    """Walk the reviewer through the answers, then the sign-off; save after every step.

    Starts at the first answer without a verdict (at the sign-off when all have one).

    Args:
        items: the answers to review (see :func:`review_items`).
        review: the review so far (new or resumed).
        asker: the user interface.
        save: called with the review after every change.
        today: the default sign-off date (default: today).
        critical: critical findings of the assessment under review; approving over any of
            them (or over rejected or queried answers) asks for a confirmation and a reason.

    Returns:
        ``("finished", review)`` after the sign-off question, ``("quit", review)`` when the
        reviewer chose to save and quit.

    Raises:
        KeyboardInterrupt: Ctrl-C; everything accepted so far is already saved.
    """
    index = next(
        (
            i
            for i, item in enumerate(items)
            if review.verdicts.get(item.id) is None or review.verdicts[item.id].verdict is None
        ),
        len(items),
    )
    section = ""
    while index < len(items):
        item = items[index]
        if item.section != section:
            section = item.section
            asker.show(section, "header")
        done = sum(1 for v in review.verdicts.values() if v.verdict is not None)
        asker.show(f"[{done} of {len(items)} reviewed]  {item.number}  {item.id}", "progress")
        asker.show(item.text)
        asker.show("\n".join(f"  {line}" for line in item.lines), "help")
        answer = _ask_verdict(asker, item, review.verdicts.get(item.id), item.help)
        if answer is Nav.QUIT:
            return "quit", review
        if answer is Nav.BACK:
            index = max(index - 1, 0)
            section = ""
            continue
        if isinstance(answer, Verdict):
            review = with_verdict(review, item.id, answer)
            save(review)
        index += 1
    pending = sum(
        1
        for item in items
        if review.verdicts.get(item.id) is None or review.verdicts[item.id].verdict is None
    )
    asker.show("Sign-off", "header")
    if pending:
        asker.show(f"{count(pending, 'answer has', 'answers have')} no verdict yet.", "warning")
    if asker.confirm("Sign the review off now?", default=not pending) is not True:
        return "quit", review
    signoff = ask_signoff(asker, review, today or dt.date.today(), critical)
    review = with_signoff(review, signoff)
    save(review)
    return "finished", review
