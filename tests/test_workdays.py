"""Working days by territory from CLDR week data."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup._workdays import is_working_day, next_working_day, weekend

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
    assert day <= moved <= day + dt.timedelta(days=2)
    skipped = [day + dt.timedelta(days=n) for n in range((moved - day).days)]
    assert not any(is_working_day(d, territory) for d in skipped)
