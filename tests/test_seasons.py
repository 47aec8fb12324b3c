"""A hobby's season: check-ins speak of it in season, as the recipient's territory has it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import followup
from followup._seasons import SOUTHERN, season_of
from tests.conftest import example_dict


def _check_ins(locale: str, season: object) -> list[followup.Draft]:
    """The example's check-ins in *locale*, sailing done in *season*, no gift about it."""
    data = example_dict()
    data["locale"] = locale
    for person in data["interviewers"]:
        person.pop("locale", None)
    for hobby in data["hobbies"]:
        if hobby["subject"] == "sailing":
            hobby["season"] = season
    data["gifts"] = [g for g in data["gifts"] if g["about"] != "sailing"]
    return [d for d in followup.plan(followup.parse(data)).drafts if d.kind == "check_in"]


def test_a_summer_hobby_waits_out_the_northern_winter() -> None:
    """December to January: Dana's check-ins speak of her baking, the work and the idea."""
    before = [d.interest for d in _check_ins("en_US", [])]
    assert "sailing" in before
    after = _check_ins("en_US", ["summer"])
    assert all(season_of(d.send_on, "US") == "winter" for d in after)
    assert "sailing" not in [d.interest for d in after]
    assert "sourdough baking" in [d.interest for d in after]


def test_south_of_the_equator_december_is_summer() -> None:
    assert "sailing" in [d.interest for d in _check_ins("es_AR", "summer")]


def test_a_hobby_in_every_season_is_always_in_season() -> None:
    every = ["spring", "summer", "autumn", "winter"]
    assert [d.interest for d in _check_ins("en_US", every)] == [
        d.interest for d in _check_ins("en_US", [])
    ]


def test_a_season_is_one_of_four() -> None:
    data = example_dict()
    data["hobbies"][0]["season"] = ["summmer"]
    with pytest.raises(
        followup.FactsError, match=r"hobbies\[0\]\.season\[0\]: did you mean 'summer'"
    ):
        followup.parse(data)


@given(st.integers(min_value=1, max_value=9998))
def test_each_season_is_three_months_and_never_the_same_north_and_south(year: int) -> None:
    months = [dt.date(year, month, 1) for month in range(1, 13)]
    for territory in ("US", "AR"):
        seasons = [season_of(day, territory) for day in months]
        assert sorted(seasons.count(s) for s in set(seasons)) == [3, 3, 3, 3]
    assert all(season_of(day, "US") != season_of(day, "AR") for day in months)
    assert "AR" in SOUTHERN
    assert "US" not in SOUTHERN
