"""The review's sign-off, asked: who signs, when, the decision, and why it approves over issues.

An approval over rejected answers, open queries or critical findings must be confirmed and
given a reason, which the cover shows beside it.
"""

from __future__ import annotations

import datetime as dt

from rcr_checklist.model.review import signoff_headline
from rcr_checklist.model.review_file import DECISIONS, ReviewFile, SignOff, latest_date_today
from rcr_checklist.questionnaire.protocol import Choice, Validator
from rcr_checklist.review.asking import ReviewAsker, ask_text

__all__ = ["ask_signoff"]


def _date_not_after(latest: dt.date) -> Validator:
    """A validator of a YYYY-MM-DD date that is not later than ``latest``."""

    def check(text: str) -> str | None:
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            return "give the date as YYYY-MM-DD"
        if date > latest:
            return "that date is in the future; date the sign-off on the day it is given"
        return None

    return check


def ask_signoff(asker: ReviewAsker, review: ReviewFile, today: dt.date, critical: int) -> SignOff:
    """Ask the sign-off fields; Enter keeps what an earlier sign-off said.

    Approving over rejected answers, open queries or critical findings needs an explicit
    confirmation and a reason (shown on the cover); without the confirmation the decision is
    asked again.

    Args:
        asker: the user interface.
        review: the review; an earlier sign-off gives the defaults.
        today: the default date; a later date than today anywhere on Earth is refused.
        critical: the assessment's critical findings (an approval over them needs a reason).

    Returns:
        The sign-off.
    """
    old = review.signoff
    name = ask_text(
        asker,
        "Your name",
        default=old.name if old else "",
        validate=lambda t: None if t else "required",
    )
    role = ask_text(asker, "Your role", default=(old.role or "") if old else "")
    organisation = ask_text(asker, "Organisation", default=(old.organisation or "") if old else "")
    date = ask_text(
        asker,
        "Date",
        default=(old.date if old else today).isoformat(),
        validate=_date_not_after(max(today, latest_date_today())),
    )
    rejected = sum(1 for v in review.verdicts.values() if v.verdict == "rejected")
    queried = sum(1 for v in review.verdicts.values() if v.verdict == "query")
    default: str | None = old.decision if old else None
    while True:
        decision = str(
            asker.choose(
                "Decision",
                [
                    Choice(label, value, str(i))
                    for i, (value, label) in enumerate(DECISIONS.items(), 1)
                ],
                default,
            )
        )
        headline = signoff_headline(
            DECISIONS.get(decision, decision),
            approving=decision != "not approved",
            critical=critical,
            rejected=rejected,
            queried=queried,
        )
        if headline == DECISIONS.get(decision, decision):
            break  # not approving, or nothing to approve over
        asker.show(
            f"The cover will say: {headline}. A reader takes that at its word, so approving "
            "over these needs a reason, which is shown beside it.",
            "warning",
        )
        if asker.confirm(f"{headline}: approve anyway?", default=False) is True:
            break
        default = "not approved"
    reason = None
    if headline != DECISIONS.get(decision, decision):
        reason = ask_text(
            asker,
            "Why approve over them? (shown on the cover)",
            default=(old.reason or "") if old else "",
            validate=lambda t: None if t else "a reason is required to approve over these",
        )
    conditions = None
    if decision == "approved with conditions":
        conditions = ask_text(
            asker,
            "Conditions",
            default=(old.conditions or "") if old else "",
            validate=lambda t: None if t else "write the conditions",
        )
    return SignOff(
        name=name,
        role=role or None,
        organisation=organisation or None,
        date=dt.date.fromisoformat(date),
        decision=decision,
        conditions=conditions,
        reason=reason,
    )
