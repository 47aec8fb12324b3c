"""The follow-up strategy: who gets which draft, when, and about what.

Pure decisions over validated facts; no templates, no wording. Each
:class:`Decision` is later rendered into one :class:`~followup.drafts.Draft`.

The strategy, in short:

* a **thank-you note** to every interviewer on the interview day (or *today*,
  when that is later), each about what that person discussed;
* every **gift** goes *with* a note to its recipient, never as a message of its
  own: the interviewer named in ``to``, else the primary interviewer when they
  discussed or mentioned what it is ``about``, else the first interviewer who
  did. A gift with ``when = "note"`` is enclosed with the thank-you note; one
  with ``when = "check_in"`` rides with the recipient's next check-in, which is
  then about the gift's subject (or with the thank-you note when no check-in
  goes to them);
* **check-ins** to the primary interviewer (or to everyone, with
  ``check_ins_to="all"``) every couple of weeks, counted from the interview
  day and moved off the weekends and public holidays of the recipient's
  territory, until the day before the decision is expected (or four of
  them), each about a different shared interest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from followup._workdays import next_working_day
from followup.errors import OptionError
from followup.facts import Gift, Hobby, Idea, Interview, Interviewer
from followup.locales import territory_of

__all__ = [
    "DEFAULT_CHECK_INS",
    "DEFAULT_EVERY",
    "MAX_CHECK_INS",
    "CheckInsTo",
    "Decision",
    "DraftKind",
    "Interest",
    "Options",
    "check_in_dates",
    "decide",
    "gift_recipient",
    "options",
    "shared_interests",
]

DraftKind = Literal["thank_you", "check_in"]
"""The kinds of draft followup writes."""
CheckInsTo = Literal["primary", "all"]
"""Who gets check-ins: the primary interviewer only, or every interviewer."""
_KIND_ORDER: dict[str, int] = {"thank_you": 0, "check_in": 1}

DEFAULT_EVERY = dt.timedelta(days=14)
"""How often to check in: every couple of weeks."""
DEFAULT_CHECK_INS = 4
"""How many check-ins to send when no end date is known: about two months' worth."""
MAX_CHECK_INS = 100
"""The most check-ins one series may hold; more is surely a mistake in the options."""
MAX_EVERY = dt.timedelta(days=3650)
"""The longest gap between check-ins :func:`options` accepts."""


@dataclass(frozen=True, slots=True)
class Interest:
    """Something the candidate shares with an interviewer, to write a check-in about."""

    subject: str
    """What it is called: a hobby's or topic's subject, or an idea's summary."""
    kind: Literal["hobby", "topic", "idea"]
    hobby: Hobby | None = None
    idea: Idea | None = None


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
    """The gifts that go with this draft."""
    interest: str | None = None
    """The shared interest a check-in is about."""
    number: int = 0
    """A check-in's position in its recipient's series, from 1; 0 for a thank-you note."""


# --- options ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Options:
    """The validated options of a plan; see :func:`options`."""

    today: dt.date | None
    """The earliest day anything may go out, or ``None`` for the interview day."""
    every: dt.timedelta
    until: dt.date | None
    """The last day a check-in may go out, or ``None`` when no end date is known."""
    max_check_ins: int | None
    """How many check-ins each series has at most, counted from the interview day."""
    check_ins_to: CheckInsTo


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


def options(
    interview: Interview,
    *,
    today: dt.date | None = None,
    every: int | dt.timedelta = DEFAULT_EVERY,
    until: dt.date | None = None,
    max_check_ins: int | None = None,
    check_ins_to: CheckInsTo = "primary",
) -> Options:
    """Validate the options of a plan and fill in their defaults from *interview*.

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
    if check_ins_to not in ("primary", "all"):
        raise OptionError(
            "check_ins_to",
            check_ins_to,
            "must be 'primary' (the primary interviewer only) or 'all' (every interviewer)",
        )
    return Options(
        today=_date("today", today),
        every=delta,
        until=end,
        max_check_ins=cap,
        check_ins_to=check_ins_to,
    )


# --- who and what -----------------------------------------------------------------------------


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


def _about(interview: Interview, person: Interviewer, gift: Gift) -> Interest:
    """The interest a check-in carrying *gift* is about: the gift's subject."""
    for interest in shared_interests(interview, person):
        if interest.subject == gift.about and interest.kind != "idea":
            return interest
    hobby = next((h for h in interview.hobbies if h.subject == gift.about), None)
    if hobby is not None:
        return Interest(gift.about, "hobby", hobby=hobby)
    return Interest(gift.about, "topic")


# --- when -------------------------------------------------------------------------------------


def check_in_dates(
    interview: Interview, chosen: Options, *, territory: str, region: str | None = None
) -> list[dt.date]:
    """The days a series of check-ins goes out, before any is left out for *today*.

    Counted from the interview day in steps of ``every``; a day in *territory*'s
    weekend or on one of its public holidays (and *region*'s) moves to the next
    working day; nothing after ``until``; two check-ins never share a day.
    """
    days: list[dt.date] = []
    step = 1
    while chosen.max_check_ins is None or len(days) < chosen.max_check_ins:
        try:
            day = next_working_day(interview.date + step * chosen.every, territory, region)
        except OverflowError:
            break  # past the last day the calendar knows
        step += 1
        if chosen.until is not None and day > chosen.until:
            break
        if days and day <= days[-1]:
            continue  # a short cadence moved two check-ins onto the same working day
        days.append(day)
    return days


def _rotation(interests: Sequence[Interest]) -> Iterator[Interest | None]:
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


def _series(
    interview: Interview, person: Interviewer, days: list[dt.date], gifts: list[Gift]
) -> tuple[list[Decision], list[Gift]]:
    """The check-ins to *person* on *days*, and the gifts none of them could carry.

    A gift rides with the next check-in whose previous one was about something
    else, and that check-in is about the gift's subject; the other check-ins
    rotate through the shared interests, those the gifts are about last.
    """
    pending = list(gifts)
    about = {gift.about for gift in gifts}
    interests = shared_interests(interview, person)
    ordered = [i for i in interests if i.subject not in about]
    ordered += [i for i in interests if i.subject in about]
    rotation = _rotation(ordered)
    decisions = []
    previous: str | None = None
    for number, day in enumerate(days, start=1):
        gift = next((g for g in pending if g.about != previous), None)
        interest: Interest | None
        if gift is not None:
            pending.remove(gift)
            interest = _about(interview, person, gift)
        else:
            interest = next(rotation)
            for _ in range(len(ordered)):
                if interest is None or interest.subject != previous:
                    break
                interest = next(rotation)
        previous = interest.subject if interest is not None else None
        decisions.append(
            Decision(
                kind="check_in",
                recipient=person,
                send_on=day,
                topics=(interest.subject,) if interest and interest.kind == "topic" else (),
                hobbies=(interest.hobby,) if interest and interest.hobby else (),
                ideas=(interest.idea,) if interest and interest.idea else (),
                enclosures=(gift,) if gift is not None else (),
                interest=previous,
                number=number,
            )
        )
    return decisions, pending


def decide(interview: Interview, chosen: Options) -> list[Decision]:
    """Every draft the candidate should send, ordered by send date, then kind, then
    the order of the interviewers in the facts.

    *today* (in *chosen*) is the earliest send date: thank-you notes for an
    interview that is already past go out *today* instead, and check-ins that
    fall before it are left out; the cadence stays counted from the interview day.
    """
    send_on = interview.date if chosen.today is None else max(interview.date, chosen.today)
    recipients = {id(gift): gift_recipient(interview, gift) for gift in interview.gifts}
    people = interview.interviewers if chosen.check_ins_to == "all" else (interview.primary,)
    check_ins: list[Decision] = []
    for person in people:
        territory = territory_of(person.locale or interview.locale)
        days = check_in_dates(interview, chosen, territory=territory, region=person.region)
        days = [day for day in days if chosen.today is None or day >= chosen.today]
        gifts = [
            g
            for g in interview.gifts
            if g.when == "check_in" and recipients[id(g)].name == person.name
        ]
        series, _ = _series(interview, person, days, gifts)  # the rest go with the note
        check_ins += series
    carried = {id(g) for d in check_ins for g in d.enclosures}
    in_note = [g for g in interview.gifts if id(g) not in carried]
    thank_yous = [
        Decision(
            kind="thank_you",
            recipient=person,
            send_on=send_on,
            topics=tuple(t.subject for t in interview.topics_with(person)),
            hobbies=interview.hobbies_of(person),
            ideas=interview.ideas_for(person),
            enclosures=tuple(g for g in in_note if recipients[id(g)].name == person.name),
        )
        for person in interview.interviewers
    ]
    order = {person.name: index for index, person in enumerate(interview.interviewers)}
    return sorted(
        [*thank_yous, *check_ins],
        key=lambda d: (d.send_on, _KIND_ORDER[d.kind], order[d.recipient.name]),
    )
