"""Working days by territory, from CLDR week data: which days are the weekend.

Weekends are not Saturday and Sunday everywhere: Israel and Saudi Arabia rest on
Friday and Saturday, India on Sunday only. Babel keeps CLDR's week data per
locale, so the weekend of a territory is read from the locale CLDR considers
likely for it (``und_IL`` → ``he_IL``).
"""

from __future__ import annotations

import datetime as dt
import functools

from babel import Locale, UnknownLocaleError

__all__ = ["is_working_day", "next_working_day", "weekend"]

_WORLD_WEEKEND = frozenset({5, 6})
"""CLDR's default for territory 001 (the world): Saturday and Sunday."""


@functools.cache
def weekend(territory: str) -> frozenset[int]:
    """The weekend days of *territory* as weekday numbers (Monday is 0).

    >>> sorted(weekend("US")), sorted(weekend("IL")), sorted(weekend("IN"))
    ([5, 6], [4, 5], [6])
    """
    try:
        locale = Locale.parse(f"und_{territory}")
    except (UnknownLocaleError, ValueError):
        # Territories without people (AQ, BV …) have no week data of their own.
        return _WORLD_WEEKEND
    start, end = locale.weekend_start, locale.weekend_end
    days = {start}
    while start != end:
        start = (start + 1) % 7
        days.add(start)
    # A week with no working day would leave nowhere to move a date to.
    return frozenset(days) if len(days) < 7 else _WORLD_WEEKEND


def is_working_day(day: dt.date, territory: str) -> bool:
    """Whether *day* is outside *territory*'s weekend."""
    return day.weekday() not in weekend(territory)


def next_working_day(day: dt.date, territory: str) -> dt.date:
    """*day* itself when it is a working day in *territory*, else the next one.

    >>> next_working_day(dt.date(2026, 12, 5), "US")  # a Saturday
    datetime.date(2026, 12, 7)
    >>> next_working_day(dt.date(2026, 12, 4), "IL")  # a Friday
    datetime.date(2026, 12, 6)
    """
    while not is_working_day(day, territory):
        day += dt.timedelta(days=1)
    return day
