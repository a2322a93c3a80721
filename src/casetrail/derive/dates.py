"""Partial dates as intervals of days: a date known to the month is any day of that month."""

from __future__ import annotations

import calendar
from datetime import date
from functools import cache

from casetrail.domain import PartialDate

# Cached: listings and conflict checks ask about the same few thousand dates again and again.
iso = cache(PartialDate.iso)


@cache
def first_day(when: PartialDate) -> date:
    return date(when.year, when.month or 1, when.day or 1)


@cache
def last_day(when: PartialDate) -> date:
    month = when.month or 12
    return date(when.year, month, when.day or calendar.monthrange(when.year, month)[1])


def compatible(a: PartialDate, b: PartialDate) -> bool:
    """Whether two dates can name the same day: one refines the other (2020-01, 2020-01-23)."""
    return iso(a).startswith(iso(b)) or iso(b).startswith(iso(a))


def sort_key(when: PartialDate | None) -> str:
    """Chronological order as the store keeps it: ISO text, a coarser date first; None last."""
    return iso(when) if when is not None else "~"


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def from_day(day: date) -> PartialDate:
    return PartialDate(day.year, day.month, day.day)
