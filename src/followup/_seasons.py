"""The season of a day in a territory: the meteorological seasons, by whole months,
turned round south of the equator.

>>> import datetime as dt
>>> season_of(dt.date(2026, 12, 8), "DE"), season_of(dt.date(2026, 12, 8), "AR")
('winter', 'summer')
>>> season_of(dt.date(2027, 3, 1), "US"), season_of(dt.date(2027, 3, 1), "AU")
('spring', 'autumn')
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

__all__ = ["SOUTHERN", "Season", "season_of"]

Season = Literal["spring", "summer", "autumn", "winter"]

_NORTH: dict[int, Season] = {
    **dict.fromkeys((12, 1, 2), "winter"),
    **dict.fromkeys((3, 4, 5), "spring"),
    **dict.fromkeys((6, 7, 8), "summer"),
    **dict.fromkeys((9, 10, 11), "autumn"),
}
_OPPOSITE: dict[Season, Season] = {
    "winter": "summer",
    "summer": "winter",
    "spring": "autumn",
    "autumn": "spring",
}
SOUTHERN = frozenset(
    [
        "AO",
        "AR",
        "AU",
        "BO",
        "BR",
        "BW",
        "CL",
        "FJ",
        "LS",
        "MG",
        "MU",
        "MW",
        "MZ",
        "NA",
        "NC",
        "NZ",
        "PE",
        "PY",
        "SZ",
        "TO",
        "UY",
        "VU",
        "WS",
        "ZA",
        "ZM",
        "ZW",
    ]
)
"""Territories that lie (mostly) south of the equator, where July is winter."""


def season_of(day: dt.date, territory: str) -> Season:
    """The season *day* falls in, in *territory* (an ISO 3166 code)."""
    season = _NORTH[day.month]
    return _OPPOSITE[season] if territory in SOUTHERN else season
