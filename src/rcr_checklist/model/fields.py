"""Field types for files from outside: one-line and multi-line text, dates as people write them."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BeforeValidator, StringConstraints

from rcr_checklist.model.text import clean_line, clean_text

__all__ = ["FullDate", "Line", "PartialDate", "Text", "latest_date_today"]


def _on_text(clean: Callable[[str], str]) -> BeforeValidator:
    def check(value: Any) -> Any:
        return clean(value) if isinstance(value, str) else value

    return BeforeValidator(check)


Line = Annotated[str, _on_text(clean_line)]
"""A one-line text field of a file from outside (names, versions, titles, references)."""

Text = Annotated[str, _on_text(clean_text)]
"""A multi-line text field of a file from outside (comments, justifications, purposes)."""


_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _not_a_number_date(value: Any) -> None:
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a date; write the date as YYYY-MM-DD")
    if isinstance(value, int | float):
        raise ValueError(
            f"{value!r} is a number, not a date; write the date as YYYY-MM-DD, e.g. 2026-03-01"
        )


def _full_date(value: Any) -> Any:
    """A date written YYYY-MM-DD (or a date object); never a number (0 is not 1970-01-01)."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    _not_a_number_date(value)
    if isinstance(value, str) and _FULL_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a date in the calendar") from None
    raise ValueError("a date is written YYYY-MM-DD, e.g. 2026-03-01")


def _partial_date(value: Any) -> Any:
    """A date as precise as it is known: YYYY, YYYY-MM or YYYY-MM-DD, kept as written.

    An unquoted year (``date: 2025``) reads as the number 2025; a four-digit whole number is
    taken as that year. Any other number is refused.
    """
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if type(value) is int and 1000 <= value <= 9999:
        return str(value)
    _not_a_number_date(value)
    if isinstance(value, str):
        return _partial_date_text(value)
    raise ValueError(_PARTIAL_DATE_FORM)


_PARTIAL_DATE_FORM = "a date is written YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2026-03-01 or 2026"


@functools.lru_cache(maxsize=4096)
def _partial_date_text(value: str) -> str:
    """A written partial date checked against the calendar (kept: files repeat their dates)."""
    text = value.strip()
    found = _PARTIAL_DATE.fullmatch(text)
    if not found:
        raise ValueError(_PARTIAL_DATE_FORM)
    year, month, day = found.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"{value!r} is not a date in the calendar") from None
    return text


FullDate = Annotated[dt.date, BeforeValidator(_full_date)]
"""A date written YYYY-MM-DD; a number (``date: 0``) is refused, never read as a timestamp."""
PartialDate = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"),
    BeforeValidator(_partial_date),  # after the constraint, so the schema shows the pattern
]
"""A date as precise as known (YYYY, YYYY-MM or YYYY-MM-DD), kept as written."""


def latest_date_today(now: dt.datetime | None = None) -> dt.date:
    """The latest calendar date that is already today somewhere on Earth (UTC+14).

    A sign-off dated later than this is in the future wherever it was written; comparing
    with the local date instead would refuse a review signed in New Zealand and rendered in
    London on the same morning.

    Args:
        now: the current time (default: now); a naive time is taken as UTC.

    Returns:
        The date at UTC+14.
    """
    moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return (moment.astimezone(dt.UTC) + dt.timedelta(hours=14)).date()
