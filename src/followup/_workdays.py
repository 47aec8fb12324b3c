"""Working days by territory: the weekend from CLDR week data, public holidays from ``holidays``.

Weekends are not Saturday and Sunday everywhere: Israel and Saudi Arabia rest on
Friday and Saturday, India on Sunday only. Babel keeps CLDR's week data per
locale, so the weekend of a territory is read from the locale CLDR considers
likely for it (``und_IL`` → ``he_IL``). Public holidays come from the
`holidays <https://pypi.org/project/holidays/>`_ package, for the country and,
where given, one of its subdivisions (``DE`` and ``BY``, ``CA`` and ``QC``);
a territory it does not know has no holidays.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import os
import warnings
from collections.abc import Mapping

import babel
from babel import Locale, UnknownLocaleError

from followup import _cache

__all__ = [
    "holiday_name",
    "is_working_day",
    "next_working_day",
    "region_choices",
    "region_code",
    "subdivisions",
    "weekend",
]

_WORLD_WEEKEND = frozenset({5, 6})
"""CLDR's default for territory 001 (the world): Saturday and Sunday."""


@functools.cache
def weekend(territory: str) -> frozenset[int]:
    """The weekend days of *territory* as weekday numbers (Monday is 0), read from
    CLDR once per user and Babel version (reading CLDR's week data takes 10 ms).

    >>> sorted(weekend("US")), sorted(weekend("IL")), sorted(weekend("IN"))
    ([5, 6], [4, 5], [6])
    """
    name = f"weekend-{territory}-{babel.__version__}"
    kept = _cache.load("cldr", name)
    if isinstance(kept, tuple) and kept and all(isinstance(day, int) for day in kept):
        return frozenset(kept)
    days = _cldr_weekend(territory)
    _cache.store("cldr", name, tuple(sorted(days)))
    return days


def _cldr_weekend(territory: str) -> frozenset[int]:
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


@functools.cache
def _data_version() -> str:
    """Which holidays data is installed, without importing it: its files' times and
    sizes (the cache of what was computed from it is keyed by this)."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return ""
    try:
        info = os.stat(spec.origin)
    except OSError:
        return ""
    return f"{info.st_mtime_ns:x}-{info.st_size:x}"


@functools.cache
def _supported() -> Mapping[str, tuple[str, ...]]:
    name = f"supported-{_data_version()}"
    kept = _cache.load("holidays", name)
    if isinstance(kept, dict) and all(
        type(country) is str and type(codes) is tuple for country, codes in kept.items()
    ):
        return kept
    import holidays  # imported when first needed: it is large (about 0.1 s)

    supported: Mapping[str, list[str]] = holidays.list_supported_countries(include_aliases=False)
    found = {country: tuple(codes) for country, codes in supported.items()}
    _cache.store("holidays", name, found)
    return found


def subdivisions(territory: str) -> tuple[str, ...] | None:
    """The region codes of *territory* that have holidays of their own, or None when
    followup knows no public holidays for *territory* at all.

    >>> "BY" in subdivisions("DE"), subdivisions("001")
    (True, None)
    """
    return _supported().get(territory)


@functools.cache
def _aliases(territory: str) -> Mapping[str, str]:
    """The names the holidays data knows for *territory*'s regions, to their codes."""
    if not subdivisions(territory):
        return {}
    import holidays

    kind = type(holidays.country_holidays(territory))
    aliases: Mapping[str, str] = getattr(kind, "subdivisions_aliases", {})
    return dict(aliases)


def region_code(territory: str, region: str) -> str | None:
    """*region* as the holidays data spells its code (``by`` and ``Bayern`` → ``BY``),
    or None when *territory* has no such region.

    >>> region_code("CA", "qc"), region_code("AT", "Wien"), region_code("CA", "BY")
    ('QC', '9', None)
    """
    wanted = region.strip().casefold()
    for code in subdivisions(territory) or ():
        if code.casefold() == wanted:
            return code
    for alias, code in _aliases(territory).items():
        if alias.casefold() == wanted:
            return code
    return None


def region_choices(territory: str) -> list[str]:
    """The regions of *territory* as a person reads them: ``BY (Bayern)``, ``9 (Wien)``.

    >>> region_choices("AT")[-1], region_choices("DE")[2]
    ('9 (Wien)', 'BW (Baden-Württemberg)')
    """
    names: dict[str, str] = {}
    for alias, code in _aliases(territory).items():
        if len(alias) > 3:  # a name, not another abbreviation
            names.setdefault(code, alias)
    return [
        f"{code} ({names[code]})" if code in names else code
        for code in subdivisions(territory) or ()
    ]


_LAST_ORDINAL = dt.date.max.toordinal()


@functools.lru_cache(maxsize=256)
def _holidays(territory: str, region: str | None, year: int) -> Mapping[dt.date, str]:
    if subdivisions(territory) is None:
        return {}
    subdivision = region_code(territory, region) if region else None
    name = f"{territory}-{subdivision or ''}-{year}-{_data_version()}"
    kept = _cache.load("holidays", name)
    if isinstance(kept, dict) and all(
        type(day) is int and 0 < day <= _LAST_ORDINAL and type(holiday) is str
        for day, holiday in kept.items()
    ):
        return {dt.date.fromordinal(day): holiday for day, holiday in kept.items()}
    import holidays

    with warnings.catch_warnings():
        # Some countries' data covers a range of years; outside it there are none to avoid.
        warnings.simplefilter("ignore", UserWarning)
        found = dict(holidays.country_holidays(territory, subdiv=subdivision, years=year).items())
    _cache.store("holidays", name, {day.toordinal(): holiday for day, holiday in found.items()})
    return found


def holiday_name(day: dt.date, territory: str, region: str | None = None) -> str | None:
    """The name of the public holiday on *day* in *territory* (and *region*), or None.

    >>> holiday_name(dt.date(2027, 5, 6), "DE"), holiday_name(dt.date(2027, 5, 6), "US")
    ('Ascension Day', None)
    """
    return _holidays(territory, region, day.year).get(day)


def is_working_day(day: dt.date, territory: str, region: str | None = None) -> bool:
    """Whether *day* is neither in *territory*'s weekend nor one of its public holidays."""
    return day.weekday() not in weekend(territory) and (
        holiday_name(day, territory, region) is None
    )


def next_working_day(day: dt.date, territory: str, region: str | None = None) -> dt.date:
    """*day* itself when it is a working day in *territory*, else the next one.

    >>> next_working_day(dt.date(2026, 12, 5), "US")  # a Saturday
    datetime.date(2026, 12, 7)
    >>> next_working_day(dt.date(2026, 12, 4), "IL")  # a Friday
    datetime.date(2026, 12, 6)
    >>> next_working_day(dt.date(2026, 12, 25), "US")  # Christmas Day, a Friday
    datetime.date(2026, 12, 28)
    """
    while not is_working_day(day, territory, region):
        day += dt.timedelta(days=1)
    return day
