"""Working days by territory: the weekend from CLDR week data, public holidays from `holidays`."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup._workdays import (
    holiday_name,
    is_working_day,
    next_working_day,
    region_code,
    subdivisions,
    weekend,
)

SAT, SUN, FRI, THU = 5, 6, 4, 3


@pytest.mark.parametrize(
    ("territory", "days"),
    [
        ("US", {SAT, SUN}),
        ("DE", {SAT, SUN}),
        ("IL", {FRI, SAT}),
        ("SA", {FRI, SAT}),
        ("IN", {SUN}),
        ("IR", {FRI}),
        ("AF", {THU, FRI}),
        ("AQ", {SAT, SUN}),  # no week data of its own: the world's
    ],
)
def test_weekend(territory: str, days: set[int]) -> None:
    assert weekend(territory) == frozenset(days)


def test_next_working_day_moves_off_the_weekend() -> None:
    saturday = dt.date(2026, 12, 5)
    friday = dt.date(2026, 12, 4)
    assert next_working_day(saturday, "US") == dt.date(2026, 12, 7)
    assert next_working_day(friday, "US") == friday
    assert next_working_day(friday, "IL") == dt.date(2026, 12, 6)
    assert next_working_day(saturday, "IN") == saturday
    assert next_working_day(dt.date(2026, 12, 6), "IN") == dt.date(2026, 12, 7)


@settings(max_examples=60)
@given(
    day=st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
    territory=st.sampled_from(["US", "IL", "SA", "IN", "IR", "AF", "DE", "BR", "EG"]),
)
def test_next_working_day_is_the_first_one(day: dt.date, territory: str) -> None:
    moved = next_working_day(day, territory)
    assert is_working_day(moved, territory)
    assert moved.weekday() not in weekend(territory)
    assert holiday_name(moved, territory) is None
    assert day <= moved <= day + dt.timedelta(days=10)  # a weekend next to a few holidays
    skipped = [day + dt.timedelta(days=n) for n in range((moved - day).days)]
    assert not any(is_working_day(d, territory) for d in skipped)


@pytest.mark.parametrize(
    ("day", "territory", "region", "name"),
    [
        (dt.date(2026, 12, 25), "US", None, "Christmas Day"),
        (dt.date(2027, 1, 18), "US", None, "Martin Luther King Jr. Day"),
        (dt.date(2027, 5, 6), "DE", None, "Ascension Day"),
        (dt.date(2027, 5, 6), "US", None, None),
        (dt.date(2027, 1, 6), "DE", "BY", "Epiphany"),
        (dt.date(2027, 1, 6), "DE", None, None),
        (dt.date(2027, 6, 24), "CA", "QC", "Saint John the Baptist Day"),
        (dt.date(2026, 12, 8), "ES", None, "Immaculate Conception"),
        (dt.date(2026, 12, 25), "001", None, None),  # the world has no public holidays
    ],
)
def test_holidays_by_country_and_region(
    day: dt.date, territory: str, region: str | None, name: str | None
) -> None:
    assert holiday_name(day, territory, region) == name
    assert is_working_day(day, territory, region) is (name is None and day.weekday() < 5)


def test_a_working_day_after_christmas_and_a_weekend() -> None:
    # Thursday 24 December 2026 in Germany: Christmas Day, Boxing Day (a Saturday),
    # then Sunday: the next working day is Monday 28 December.
    assert next_working_day(dt.date(2026, 12, 25), "DE") == dt.date(2026, 12, 28)


def test_regions_are_the_countrys_own() -> None:
    codes = subdivisions("DE")
    assert codes is not None
    assert "BY" in codes
    assert region_code("DE", "by") == "BY"
    assert region_code("DE", "QC") is None
    assert subdivisions("001") is None


_PLAN = """
import sys, followup
followup.plan(followup.load(sys.argv[1]))
print("holidays" in sys.modules)
"""


def test_the_holiday_data_is_read_once_per_user(tmp_path: Path) -> None:
    """The holidays package takes about 0.1 s to load: a plan with a warm cache
    needs none of it."""
    import os
    import subprocess
    import sys

    from tests.conftest import EXAMPLE, ROOT

    def imported_holidays() -> bool:
        done = subprocess.run(
            [sys.executable, "-c", _PLAN, str(EXAMPLE)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={
                **os.environ,
                "FOLLOWUP_CACHE_DIR": str(tmp_path),
                "PYTHONPATH": str(ROOT / "src"),
            },
        )
        return done.stdout.strip() == "True"

    assert imported_holidays()
    assert not imported_holidays()


def test_the_weekend_is_read_from_cldr_once_per_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup import _cache, _workdays

    monkeypatch.setenv(_cache.CACHE_VARIABLE, str(tmp_path))
    weekend.cache_clear()
    assert weekend("IL") == frozenset({4, 5})
    weekend.cache_clear()

    def unread(territory: str) -> frozenset[int]:
        raise AssertionError("read from CLDR again")

    monkeypatch.setattr(_workdays, "_cldr_weekend", unread)
    try:
        assert weekend("IL") == frozenset({4, 5})
        (tmp_path / "cldr" / next(iter(os.listdir(tmp_path / "cldr")))).write_bytes(b"\x00bad")
        weekend.cache_clear()
        with pytest.raises(AssertionError, match="again"):
            weekend("IL")  # a damaged entry is read from CLDR again
    finally:
        weekend.cache_clear()
