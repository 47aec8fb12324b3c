"""The follow-up strategy: who gets which draft, when, and about what.

Pure decisions over validated facts; no templates, no wording. Each
:class:`Decision` is later rendered into one :class:`~followup.drafts.Draft`.

The strategy, in short:

* a **thank-you note** to every interviewer on the interview day (or *today*,
  when that is later), each about what that person discussed;
* every **gift** goes with its recipient's thank-you note: to the interviewer
  named in ``to``, else the primary interviewer when they discussed or
  mentioned what it is ``about``, else the first interviewer who did;
* **check-ins** to the primary interviewer every couple of weeks, counted from
  the interview day and moved off the weekend of the recipient's territory,
  until the day before the decision is expected (or four of them), each about
  a different shared interest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from followup._workdays import next_working_day
from followup.errors import OptionError
from followup.facts import Gift, Hobby, Idea, Interview, Interviewer
from followup.locales import resolve_locale

__all__ = [
    "DEFAULT_CHECK_INS",
    "DEFAULT_EVERY",
    "KIND_ORDER",
    "MAX_CHECK_INS",
    "Cadence",
    "Decision",
    "DraftKind",
    "Interest",
    "cadence",
    "check_in_dates",
    "check_in_decisions",
    "decide",
    "gift_decisions",
    "gift_recipient",
    "shared_interests",
    "thank_you_decisions",
]

DraftKind = Literal["thank_you", "gift", "check_in"]
"""The kinds of draft followup writes."""
KIND_ORDER: dict[str, int] = {"thank_you": 0, "gift": 1, "check_in": 2}
"""How drafts going out on the same day are ordered."""

DEFAULT_EVERY = dt.timedelta(days=14)
"""How often to check in: every couple of weeks."""
DEFAULT_CHECK_INS = 4
"""How many check-ins to send when no end date is known: about two months' worth."""
MAX_CHECK_INS = 100
"""The most check-ins one plan may hold; more is surely a mistake in the options."""


@dataclass(frozen=True, slots=True)
class Decision:
    """One draft to write: its kind, recipient, send date and what it is about."""

    kind: DraftKind
    recipient: Interviewer
    send_on: dt.date
    topics: tuple[str, ...] = ()
    """Topics the recipient discussed; for a check-in, the topic it is about."""
    hobbies: tuple[Hobby, ...] = ()
    """Hobbies the recipient mentioned; for a check-in, the hobby it is about."""
    ideas: tuple[Idea, ...] = ()
    """The candidate's ideas worth expanding on; for a check-in, the idea it is about."""
    enclosures: tuple[Gift, ...] = ()
    """Gifts that go with a thank-you note, or the one gift of a gift draft."""
    interest: str | None = None
    """The shared interest a check-in is about."""
    number: int = 0
    """A check-in's position among the check-ins sent, from 1; 0 for other kinds."""


# --- options ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cadence:
    """When check-ins go out: validated ``every``, ``until`` and ``max_check_ins``."""

    every: dt.timedelta
    until: dt.date | None
    """The last day a check-in may go out, or ``None`` when no end date is known."""
    max_check_ins: int | None
    """How many check-ins the series has at most, counted from the interview day."""


MAX_EVERY = dt.timedelta(days=3650)
"""The longest gap between check-ins :func:`decide` accepts."""


def _days(every: object) -> dt.timedelta:
    if isinstance(every, bool) or not isinstance(every, int | dt.timedelta):
        raise OptionError(
            "every", every, "must be a number of days or a datetime.timedelta, such as 14"
        )
    if isinstance(every, int) and abs(every) > MAX_EVERY.days:
        raise OptionError("every", every, f"must be at most {MAX_EVERY.days} days (ten years)")
    delta = dt.timedelta(days=every) if isinstance(every, int) else every
    if delta > MAX_EVERY:
        raise OptionError("every", every, f"must be at most {MAX_EVERY.days} days (ten years)")
    if delta < dt.timedelta(days=1):
        raise OptionError("every", every, "must be at least one day; use 14 for two weeks")
    if delta % dt.timedelta(days=1):
        raise OptionError("every", every, "must be whole days; use a number of days such as 14")
    return delta


def _date(option: str, value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise OptionError(option, value, "must be a datetime.date such as date(2027, 1, 15)")
    return value


def cadence(
    interview: Interview,
    *,
    every: int | dt.timedelta = DEFAULT_EVERY,
    until: dt.date | None = None,
    max_check_ins: int | None = None,
) -> Cadence:
    """Validate the check-in options and fill in their defaults from *interview*.

    *until* defaults to the day before the decision is expected;
    *max_check_ins* to :data:`DEFAULT_CHECK_INS` when there is no end date,
    else no cap. Raises :class:`~followup.errors.OptionError` for a bad value.
    """
    delta = _days(every)
    end = _date("until", until)
    if end is not None and end <= interview.date:
        raise OptionError(
            "until",
            until,
            f"must be after the interview day {interview.date.isoformat()}; give a later date",
        )
    if end is None and interview.decision_expected is not None:
        end = interview.decision_expected - dt.timedelta(days=1)
    if max_check_ins is not None and (
        isinstance(max_check_ins, bool) or not isinstance(max_check_ins, int)
    ):
        raise OptionError("max_check_ins", max_check_ins, "must be a whole number such as 4")
    if max_check_ins is not None and not 0 <= max_check_ins <= MAX_CHECK_INS:
        raise OptionError("max_check_ins", max_check_ins, f"must be between 0 and {MAX_CHECK_INS}")
    cap = max_check_ins
    if cap is None and end is None:
        cap = DEFAULT_CHECK_INS
    if cap is None and end is not None and (end - interview.date) // delta > MAX_CHECK_INS:
        raise OptionError(
            "every",
            every,
            f"would give more than {MAX_CHECK_INS} check-ins before {end.isoformat()}; "
            "check in less often, or set an earlier 'until' or a 'max_check_ins'",
        )
    return Cadence(every=delta, until=end, max_check_ins=cap)


# --- who and what -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Interest:
    """Something the candidate shares with an interviewer, to write a check-in about."""

    subject: str
    """What it is called: a hobby's or topic's subject, or an idea's summary."""
    kind: Literal["hobby", "topic", "idea"]
    hobby: Hobby | None = None
    idea: Idea | None = None


def shared_interests(interview: Interview, person: Interviewer) -> tuple[Interest, ...]:
    """What check-ins to *person* can be about, in the order they are used:
    their hobbies, then the topics discussed with them, then the candidate's
    ideas for them. A subject is listed once."""
    found: dict[str, Interest] = {}
    for hobby in interview.hobbies_of(person):
        found.setdefault(hobby.subject, Interest(hobby.subject, "hobby", hobby=hobby))
    for topic in interview.topics_with(person):
        found.setdefault(topic.subject, Interest(topic.subject, "topic"))
    for idea in interview.ideas_for(person):
        found.setdefault(idea.summary, Interest(idea.summary, "idea", idea=idea))
    return tuple(found.values())


def _concerns(interview: Interview, person: Interviewer, subject: str) -> bool:
    return any(t.subject == subject for t in interview.topics_with(person)) or any(
        h.subject == subject for h in interview.hobbies_of(person)
    )


def gift_recipient(interview: Interview, gift: Gift) -> Interviewer:
    """Who receives *gift*: the interviewer named in ``to``; else the primary
    interviewer when they discussed or mentioned what it is ``about``; else the
    first interviewer, in the facts' order, who did."""
    if gift.to is not None:
        return interview.interviewer(gift.to)
    primary = interview.primary
    if _concerns(interview, primary, gift.about):
        return primary
    return next(
        (p for p in interview.interviewers if _concerns(interview, p, gift.about)), primary
    )


def thank_you_decisions(interview: Interview, *, send_on: dt.date) -> list[Decision]:
    """One thank-you note per interviewer, each about what that person discussed
    and mentioning the gifts enclosed with it."""
    recipients = [(gift, gift_recipient(interview, gift).name) for gift in interview.gifts]
    return [
        Decision(
            kind="thank_you",
            recipient=person,
            send_on=send_on,
            topics=tuple(t.subject for t in interview.topics_with(person)),
            hobbies=interview.hobbies_of(person),
            ideas=interview.ideas_for(person),
            enclosures=tuple(gift for gift, name in recipients if name == person.name),
        )
        for person in interview.interviewers
    ]


def gift_decisions(interview: Interview, *, send_on: dt.date) -> list[Decision]:
    """One enclosure per gift, going out with its recipient's thank-you note."""
    return [
        Decision(
            kind="gift",
            recipient=gift_recipient(interview, gift),
            send_on=send_on,
            enclosures=(gift,),
        )
        for gift in interview.gifts
    ]


# --- when -------------------------------------------------------------------------------------


def _territory(interview: Interview, person: Interviewer) -> str:
    return resolve_locale(person.locale or interview.locale).territory


def check_in_dates(interview: Interview, schedule: Cadence, *, territory: str) -> list[dt.date]:
    """The days the check-ins of the series go out, before any is left out for *today*.

    Counted from the interview day in steps of ``every``; a day in
    *territory*'s weekend moves to the next working day; nothing after
    ``until``; two check-ins never share a day.
    """
    days: list[dt.date] = []
    step = 1
    while schedule.max_check_ins is None or len(days) < schedule.max_check_ins:
        try:
            day = next_working_day(interview.date + step * schedule.every, territory)
        except OverflowError:
            break  # past the last day the calendar knows
        step += 1
        if schedule.until is not None and day > schedule.until:
            break
        if days and day <= days[-1]:
            continue  # a short cadence moved two check-ins onto the same working day
        days.append(day)
    return days


def _rotation(interests: tuple[Interest, ...]) -> Iterator[Interest | None]:
    """Each interest in turn, all before any again; nothing when there is none.

    A single interest alternates with a general check-in (``None``), so no two
    check-ins in a row are about the same thing.
    """
    while True:
        if not interests:
            yield None
        yield from interests
        if len(interests) == 1:
            yield None


def check_in_decisions(
    interview: Interview, schedule: Cadence, *, today: dt.date | None = None
) -> list[Decision]:
    """The check-ins to the primary interviewer, each about the next shared interest."""
    person = interview.primary
    days = check_in_dates(interview, schedule, territory=_territory(interview, person))
    days = [day for day in days if today is None or day >= today]
    interests = _rotation(shared_interests(interview, person))
    decisions = []
    for number, day in enumerate(days, start=1):
        interest = next(interests)
        decisions.append(
            Decision(
                kind="check_in",
                recipient=person,
                send_on=day,
                topics=(interest.subject,) if interest and interest.kind == "topic" else (),
                hobbies=(interest.hobby,) if interest and interest.hobby else (),
                ideas=(interest.idea,) if interest and interest.idea else (),
                interest=interest.subject if interest else None,
                number=number,
            )
        )
    return decisions


def decide(
    interview: Interview,
    *,
    today: dt.date | None = None,
    every: int | dt.timedelta = DEFAULT_EVERY,
    until: dt.date | None = None,
    max_check_ins: int | None = None,
) -> list[Decision]:
    """Every draft the candidate should send, ordered by send date.

    *today* is the earliest send date: thank-you notes (and their gifts) for
    an interview that is already past go out *today* instead, and check-ins
    that fall before it are left out; the cadence stays counted from the
    interview day. The other options are those of :func:`cadence`.
    """
    schedule = cadence(interview, every=every, until=until, max_check_ins=max_check_ins)
    today = _date("today", today)
    send_on = interview.date if today is None else max(interview.date, today)
    decisions = [
        *thank_you_decisions(interview, send_on=send_on),
        *gift_decisions(interview, send_on=send_on),
        *check_in_decisions(interview, schedule, today=today),
    ]
    order = {person.name: index for index, person in enumerate(interview.interviewers)}
    return sorted(
        decisions,
        key=lambda d: (d.send_on, KIND_ORDER[d.kind], order[d.recipient.name]),
    )
