"""The field types facts are made of: days, locales, titles, and the size limits."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, TypeAdapter

from followup._text import Line
from followup.errors import LocaleError
from followup.locales import parse_locale

__all__ = [
    "DAY",
    "MAX_EVENTS",
    "MAX_ITEMS",
    "MAX_LATER_INTERVIEWS",
    "MAX_PEOPLE",
    "MAX_PEOPLE_TOTAL",
    "Day",
    "DraftId",
    "DraftKind",
    "EventKind",
    "Formality",
    "Gender",
    "GiftTiming",
    "LocaleCode",
    "Outcome",
    "Region",
    "Title",
]

Gender = Literal["female", "male", "unspecified"]
"""Only picks grammatical forms of address; never inferred from a name."""
Formality = Literal["formal", "informal"]
"""How the candidate addresses a person: Sie / vous / usted, or du / tu / tú."""
GiftTiming = Literal["note", "check_in"]
"""When a gift goes out: with the thank-you note, or with the next check-in."""

DraftKind = Literal["thank_you", "check_in", "closing"]
"""The kinds of draft followup writes: a thank-you note after an interview, a check-in
while the decision is awaited, and the closing note that answers the decision."""
EventKind = Literal["sent", "reply", "second_interview", "decision", "paused"]
"""What can happen after the interview: see :class:`~followup.facts.models.Interview.events`."""
Outcome = Literal["offer", "rejection", "withdrawn"]
"""How the process ended: an offer, a rejection, or the candidate's withdrawal."""

MAX_PEOPLE = 20
"""The most interviewers one interview may have."""
MAX_ITEMS = 50
"""The most topics, hobbies, ideas or gifts one interview may have."""
SHORT_NAME_WORDS = 6
"""A topic of more words than this reads better by a short name once it has been named
(``followup init`` asks for one; the review suggests it)."""
MAX_EVENTS = 200
"""The most events one facts file may record: far more than one hiring process has."""
MAX_LATER_INTERVIEWS = 20
"""The most ``second_interview`` events one facts file may record."""
MAX_PEOPLE_TOTAL = 60
"""The most people one facts file may name in all: the first day's interviewers and
those met for the first time at a later interview."""


def _locale(value: str) -> str:
    try:
        return parse_locale(value)
    except LocaleError as err:
        raise ValueError(err.reason) from None


def _date(value: object) -> object:
    """Accept a date or a ``YYYY-MM-DD`` string only: no numbers, no times."""
    if isinstance(value, dt.datetime):
        raise ValueError("has a time of day; give the date only, as YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        return value.strip()
    raise ValueError("is not a date; write it as YYYY-MM-DD")


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
Day = Annotated[dt.date, BeforeValidator(_date)]
"""A calendar day, given as a date or a ``YYYY-MM-DD`` string."""
DAY: TypeAdapter[dt.date] = TypeAdapter(Day)
"""Validates one :data:`Day`."""
LocaleCode = Annotated[str, AfterValidator(_locale)]
"""A locale such as ``en_US`` or ``de-AT``, stored in canonical form (``de_AT``)."""
Title = Annotated[Line, Field(max_length=40)]
"""An academic or professional title such as ``Dr.``."""

Region = Annotated[Line, Field(max_length=60)]
"""A subdivision of a country for public holidays: its code (``BY``, ``QC``, ``9``) or
its name (``Bayern``, ``Wien``); which exist depends on the country."""


_DRAFT_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DRAFT_ID_MAX = 80


def _draft_id(value: object) -> object:
    if not isinstance(value, str):
        return value  # the string type reports it
    text = value.strip()
    if len(text) > DRAFT_ID_MAX or not _DRAFT_ID.fullmatch(text):
        raise ValueError(
            "is not a draft's id, such as 'check-in-2-dana-rivera': lower-case letters, "
            "digits and hyphens (followup plan shows each draft's id)"
        )
    return text


DraftId = Annotated[str, BeforeValidator(_draft_id)]
"""A draft's id as :attr:`Draft.id <followup.drafts.Draft.id>` gives it:
``thank-you-dana-rivera``, ``check-in-2-dana-rivera``."""
