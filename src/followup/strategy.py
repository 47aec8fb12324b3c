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
  them), each about a different shared interest;
* **what happened since** (the facts' ``events``) changes what is due after it: a
  draft recorded as sent is done, and sent late it counts the next check-ins
  from the day it went out; a reply moves its author's next check-in; a later
  interview brings its own thank-you notes and counts every series from its
  day (while it lies ahead, the check-ins before it stay, the last looking
  forward to it); a pause holds check-ins back; the decision ends them and a **closing
  note** answers it. Every draft has a stable id (:func:`draft_id`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from followup._names import slug, unique_names
from followup._seasons import season_of
from followup._workdays import holiday_name, next_working_day
from followup.errors import FactsError, OptionError, Problem
from followup.facts import Gift, Hobby, Idea, Interview, Interviewer
from followup.facts._fields import DraftKind, Outcome
from followup.facts.models import (
    DecisionEvent,
    DraftRef,
    Event,
    PausedEvent,
    ReplyEvent,
    SecondInterviewEvent,
    SentEvent,
)
from followup.locales import territory_of

__all__ = [
    "DEFAULT_CHECK_INS",
    "DEFAULT_EVERY",
    "MAX_CHECK_INS",
    "MIN_GAP",
    "CheckInsTo",
    "Decision",
    "DraftKind",
    "DraftStatus",
    "Interest",
    "Options",
    "Round",
    "check_in_dates",
    "decide",
    "draft_id",
    "gift_recipient",
    "interview_rounds",
    "options",
    "person_slugs",
    "promised_day",
    "shared_interests",
]

CheckInsTo = Literal["primary", "all"]
"""Who gets check-ins: the primary interviewer only, or every interviewer."""
_KIND_ORDER: dict[str, int] = {"thank_you": 0, "check_in": 1, "closing": 2}

DEFAULT_EVERY = dt.timedelta(days=14)
"""How often to check in: every couple of weeks."""
DEFAULT_CHECK_INS = 4
"""How many check-ins to send when no end date is known: about two months' worth."""
MAX_CHECK_INS = 100
"""The most check-ins one series may hold; more is surely a mistake in the options."""
MIN_GAP = dt.timedelta(days=7)
"""The least time between two check-ins to one person that a move off a holiday, a
weekend or the holiday week may leave (closer, they read as pushy): with an
``every`` of a week or more, a check-in that would follow a moved one sooner goes
out this long after it, and the next ones are counted from there."""
_NO_TIME = dt.timedelta(0)
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


DraftStatus = Literal["sent", "skipped", "pending"]
"""Where a draft stands in the record: sent (an event says so), skipped (no longer to
send: a later draft to the same person went out first, a later interview's note thanks
them, or the decision came), or still to send."""


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
    id: str = ""
    """The draft's stable id (see :func:`draft_id`)."""
    sent_on: dt.date | None = None
    """The day it went out, when an event records it."""
    sent_by: int | None = None
    """The place among the interview's events of the ``sent`` event that records it."""
    status: DraftStatus = "pending"
    day: dt.date | None = None
    """For a thank-you note, the day of the interview it thanks for; for a check-in, the
    day of the last interview its recipient was at."""
    met: tuple[Interviewer, ...] = ()
    """For a thank-you note after a later interview, the people met that day."""
    again: bool = False
    """Whether the recipient was at an earlier interview too: before the one a thank-you
    note thanks for, or before the last one a check-in follows."""
    seen: frozenset[str] = frozenset()
    """For a thank-you note after a later interview, the names of the people met that
    day who were at an earlier interview too."""
    outcome: Outcome | None = None
    """For a closing note, the decision it answers."""
    last: bool | None = None
    """For a check-in sent, whether it was the last before the decision when it went
    out (``None``: whether it is now)."""
    expected: dt.date | None = None
    """For a check-in sent, the day the decision was expected when it went out."""
    written_on: dt.date | None = None
    """For a check-in, the day its words are for (a season's wish): the day it went
    out, or *today* for one whose day has passed; ``None``: its :attr:`send_on`."""
    carried: frozenset[str] | None = None
    """For a thank-you note, the topics check-ins carry (a note may leave them out to fit
    its card); ``None``: those of the check-ins drafted with it."""
    detailed: frozenset[str] | None = None
    """For a thank-you note, the hobbies a check-in tells with their detail; ``None``:
    those of the check-ins drafted with it."""
    asked: dt.date | None = None
    """For a check-in due on the day its recipient named in a reply, the day of that
    reply (it says it comes as they suggested then)."""
    next_interview: dt.date | None = None
    """For the last check-in before a later interview written down (for one sent: by the
    time it went out), that interview's day; for a thank-you note, the day of the next
    interview when its recipient is to be at it."""
    meets_again: bool = False
    """With :attr:`next_interview`: whether the recipient is to be at that interview."""
    promised: dt.date | None = None
    """For a thank-you note sent, with :attr:`promised_known`: the day it said the
    candidate would be in touch again (a reply had asked for it), as the plan stood
    when it went out; ``None`` when it said no day."""
    promised_known: bool = False
    """Whether :attr:`promised` is known (else the drafts read it off the plan)."""
    interview_ahead: dt.date | None = None
    """For a check-in, the day of the next later interview written down (for one sent:
    by the time it went out), whether or not it is the last check-in before it."""
    meets_ahead: bool = False
    """With :attr:`interview_ahead`: whether the recipient is to be at that interview."""


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
    """How many check-ins each series has at most, counted from the interview day (and
    again from each later interview)."""
    check_ins_to: CheckInsTo
    until_given: bool = False
    """Whether :attr:`until` was given; else it follows the expected decision, which a
    later interview may change."""
    max_check_ins_given: bool = False
    """Whether :attr:`max_check_ins` was given; else it depends on whether an end date
    is known."""


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
        until_given=until is not None,
        max_check_ins_given=max_check_ins is not None,
    )


# --- who and what -----------------------------------------------------------------------------


def shared_interests(
    interview: Interview, person: Interviewer, *, topics: Collection[str] | None = None
) -> tuple[Interest, ...]:
    """What check-ins to *person* can be about, in the order they are used:
    their hobbies, then the candidate's ideas for them after the one their
    thank-you note tells first (a card seldom has room for them; a thought of
    one's own says more than a topic recalled), then the topics discussed with
    them, then the idea the note tells first. A subject is
    listed once. With *topics*, only those topics count, and only ideas that grew
    from one of them (or from none): what the interviews held so far gave to
    talk about."""
    found: dict[str, Interest] = {}
    for hobby in interview.hobbies_of(person):
        found.setdefault(hobby.subject, Interest(hobby.subject, "hobby", hobby=hobby))
    mine = interview.ideas_for(person)
    noted = _noted_first(interview, person) if len(mine) > 1 else mine[0] if mine else None
    ideas = [i for i in mine if topics is None or i.topic is None or i.topic in topics]
    for idea in ideas:
        if idea is not noted:
            found.setdefault(idea.summary, Interest(idea.summary, "idea", idea=idea))
    for topic in interview.topics_with(person):
        if topics is None or topic.subject in topics:
            found.setdefault(topic.subject, Interest(topic.subject, "topic"))
    if noted is not None and any(i is noted for i in ideas):
        found.setdefault(noted.summary, Interest(noted.summary, "idea", idea=noted))
    return tuple(found.values())


def _noted_first(interview: Interview, person: Interviewer) -> Idea | None:
    """The idea *person*'s thank-you note tells first: the first of theirs that no note
    before it tells, the primary interviewer's first, then the colleagues' in the
    facts' order (colleagues compare notes, see :func:`_ideas_told_once`)."""
    said: set[str] = set()
    primary = interview.primary.name
    for someone in sorted(interview.interviewers, key=lambda p: p.name != primary):
        ideas = interview.ideas_for(someone)
        if someone.name == person.name:
            return next((i for i in ideas if str(i.summary) not in said), None)
        said.update(str(i.summary) for i in ideas)
    return None


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
    working day, and one between Christmas Eve and New Year's Day (where Christmas
    is a public holiday) to the first working day after it
    (:func:`_after_the_holidays`), the next ones counted from there; with ``every``
    of a week or more, none sooner than :data:`MIN_GAP` after the one before;
    nothing after ``until``; two check-ins never share a day.
    """
    days: list[dt.date] = []
    base, step = interview.date, 1
    while chosen.max_check_ins is None or len(days) < chosen.max_check_ins:
        try:
            day = next_working_day(base + step * chosen.every, territory, region)
            last = days[-1] if days else None
            if (moved := _moved(day, last, chosen.every, territory, region)) is not None:
                day, base, step = moved, moved, 0  # the next ones follow it
        except OverflowError:
            break  # past the last day the calendar knows
        step += 1
        if chosen.until is not None and day > chosen.until:
            break
        if days and day <= days[-1]:
            continue  # a short cadence moved two check-ins onto the same working day
        days.append(day)
    return days


def _after_the_holidays(day: dt.date, territory: str, region: str | None) -> dt.date:
    """*day*, or for a day from 24 December to 1 January where Christmas Day is a
    public holiday, the first working day after New Year's Day: offices are closed or
    half-empty that week, and a check-in then would be a second seasonal greeting
    days after the one before Christmas. Raises :class:`OverflowError` past the
    calendar's last year.

    >>> _after_the_holidays(dt.date(2026, 12, 29), "DE", None)
    datetime.date(2027, 1, 4)
    >>> _after_the_holidays(dt.date(2026, 12, 23), "DE", None)
    datetime.date(2026, 12, 23)
    >>> _after_the_holidays(dt.date(2026, 12, 29), "IL", None)  # a working week there
    datetime.date(2026, 12, 29)
    """
    if (day.month, day.day) < (12, 24) and (day.month, day.day) > (1, 1):
        return day
    christmas = dt.date(day.year if day.month == 12 else day.year - 1, 12, 25)
    if holiday_name(christmas, territory, region) is None:
        return day
    if christmas.year == dt.MAXYEAR:
        raise OverflowError("past the calendar's last year")
    return next_working_day(dt.date(christmas.year + 1, 1, 2), territory, region)


def _moved(
    day: dt.date,
    last: dt.date | None,
    every: dt.timedelta,
    territory: str,
    region: str | None,
) -> dt.date | None:
    """Where a check-in due on the working day *day* goes instead, or None when it
    stays: after the holidays (:func:`_after_the_holidays`), or, with *every* of a week
    or more, :data:`MIN_GAP` after the check-in before it on *last* when a move left it
    closer. The next ones are counted from the day returned."""
    moved = _after_the_holidays(day, territory, region)
    if moved != day:
        return moved
    if last is not None and every >= MIN_GAP > day - last > _NO_TIME:
        return next_working_day(last + MIN_GAP, territory, region)
    return None


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
    items = [_Item("check_in", person, day, ordinal=n) for n, day in enumerate(days, start=1)]
    rounds = interview_rounds(interview, ())
    return _Content(interview, rounds, person, gifts).check_ins(items)


# --- what happened since ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Round:
    """One interview day: the first, or a later one a ``second_interview`` event records."""

    number: int
    """1 for the first interview, 2 for the next, …"""
    day: dt.date
    people: tuple[Interviewer, ...]
    """Who was there."""
    topics: frozenset[str]
    """The subjects of the topics discussed that day."""
    decision_expected: dt.date | None
    """When the decision is expected, as known after this interview."""


def interview_rounds(interview: Interview, events: Sequence[Event] | None = None) -> list[Round]:
    """The interview days, in order: the first, then one per ``second_interview`` among
    *events* (default: all of the interview's). The first day's topics are those no
    later interview of the facts names (nor one written down after the events of a
    plan a sent draft went out from)."""
    later = sorted(
        (e for e in interview.events if isinstance(e, SecondInterviewEvent)),
        key=lambda e: e.date,
    )
    named = {topic for event in later for topic in event.topics} | interview._discussed_later
    kept = [e for e in later if events is None or any(e is x for x in events)]
    first = Round(
        number=1,
        day=interview.date,
        people=interview.interviewers,
        topics=frozenset(str(t.subject) for t in interview.topics) - named,
        decision_expected=interview.decision_expected,
    )
    rounds = [first]
    for number, event in enumerate(kept, start=2):
        people = (
            tuple(
                interview.interviewer(p) if isinstance(p, str) else p for p in event.interviewers
            )
            if event.interviewers
            else interview.interviewers
        )
        rounds.append(
            Round(
                number=number,
                day=event.date,
                people=people,
                topics=frozenset(event.topics),
                decision_expected=event.decision_expected or rounds[-1].decision_expected,
            )
        )
    return rounds


def person_slugs(interview: Interview) -> dict[str, str]:
    """The part of a draft id that names each person: their name in lower-case ASCII
    letters, digits and hyphens (a short digest for a name with no ASCII form),
    numbered when two people's would be the same.

    >>> person_slugs(Interview.model_validate({
    ...     "company": "Acme", "role": "Analyst", "date": "2026-11-24",
    ...     "candidate": {"name": "Sam Okafor"},
    ...     "interviewers": [{"name": "Dana Rivera"}, {"name": "Zoë Ångström"}],
    ... }))
    {'Dana Rivera': 'dana-rivera', 'Zoë Ångström': 'zoe-angstrom'}
    """
    names = [person.name for person in interview.people]
    slugs = [
        slug(name, limit=40) or "x" + hashlib.sha256(name.encode()).hexdigest()[:8]
        for name in names
    ]
    # Never a leading digit: the number of a later interview comes before the name.
    slugs = [f"x{s}" if s[0].isdigit() else s for s in slugs]
    return dict(zip(names, unique_names(slugs), strict=True))


def draft_id(kind: DraftKind, person: str, *, round: int = 1, number: int = 0) -> str:
    """The id of a draft: ``thank-you-dana-rivera`` (the note after the first interview),
    ``thank-you-2-dana-rivera`` (after the second), ``check-in-3-dana-rivera`` (the
    third check-in to Dana Rivera after the first interview, whatever day the plan is
    made), ``check-in-2-1-dana-rivera`` (the first after the second interview),
    ``closing-dana-rivera``; *person* is the part :func:`person_slugs` gives. An id
    names the same draft in every plan of the same facts and options.

    >>> draft_id("check_in", "dana-rivera", number=3)
    'check-in-3-dana-rivera'
    >>> draft_id("check_in", "dana-rivera", round=2, number=1)
    'check-in-2-1-dana-rivera'
    """
    if kind == "thank_you":
        return f"thank-you-{person}" if round == 1 else f"thank-you-{round}-{person}"
    if kind == "check_in":
        if round == 1:
            return f"check-in-{number}-{person}"
        return f"check-in-{round}-{number}-{person}"
    return f"closing-{person}"


@dataclass(slots=True, eq=False)
class _Item:
    """A draft as the record places it, before it is given words."""

    kind: DraftKind
    person: Interviewer
    planned: dt.date
    """The day it is due, counted from its series' anchor; the interview day for a
    thank-you note, the decision's day for a closing note."""
    round: int = 1
    ordinal: int = 0
    """A check-in's place in its series, counted from the first interview."""
    number: int = 0
    """A check-in's place among those after its interview: its id's number."""
    id: str = ""
    sent_on: dt.date | None = None
    sent_by: int | None = None
    """The event that records it as sent."""
    skipped: bool = False
    base: dt.date | None = None
    step: int = 0
    """A check-in is due on the working day from ``base + step * every``."""
    avoid: _Item | None = None
    """The draft a reply answered: this check-in is about something else."""
    outcome: Outcome | None = None
    last: bool | None = None
    """For a check-in sent: whether it was the last before the decision when it went
    out, and the day the decision was expected then."""
    expected: dt.date | None = None
    gifts_after: int | None = None
    """For a note left unsent: its gifts go with the check-ins after this place."""
    hidden: bool = False
    """For a check-in left behind: whether no plan ever showed it."""
    asked: dt.date | None = None
    """For a check-in due on the day its recipient named in a reply, the reply's day."""
    forward: dt.date | None = None
    """For a check-in sent: the day of the later interview it was the last before, as
    the plan counted it when it went out."""


@dataclass(slots=True)
class _Series:
    """The check-ins to one person as the events so far leave them."""

    person: Interviewer
    territory: str
    region: str | None
    base: dt.date
    step: int
    """The next check-in is due on the working day from ``base + step * every``."""
    round: int
    counted: int = 0
    """How many check-ins of the current round are settled (sent or skipped)."""
    ordinal: int = 1
    """The place of the next check-in."""
    number: int = 1
    """The place of the next check-in among those after the current interview."""
    pause: dt.date | None = None
    """No check-in is due before this day."""
    avoid: _Item | None = None
    contact: dt.date | None = None
    """The day a reply named for the next check-in, until a check-in goes out."""
    asked_on: dt.date | None = None
    """The day of the reply that named :attr:`contact`."""
    stopped: bool = False
    settled: list[_Item] = field(default_factory=list)
    pending: list[_Item] = field(default_factory=list)
    stale: bool = False
    """Whether *pending* is to be counted again before it is read."""


@dataclass(slots=True)
class _Record:
    """Every draft as the events leave them, before words and before *today*."""

    items: list[_Item]
    series: dict[str, _Series]
    rounds: list[Round]
    replies: list[tuple[int, ReplyEvent, Interviewer]]


class _Timeline:
    """The events in the order they happened, each changing what is due after it."""

    def __init__(
        self,
        interview: Interview,
        chosen: Options,
        events: Sequence[Event],
        limits: _Limits | None = None,
    ) -> None:
        self.interview = interview
        self.chosen = chosen
        self.rounds = interview_rounds(interview, events)
        self.slugs = person_slugs(interview)
        self.thanks: list[_Item] = []
        self.closing: _Item | None = None
        self.series: dict[str, _Series] = {}
        self.replies: list[tuple[int, ReplyEvent, Interviewer]] = []
        self.problems: list[Problem] = []
        self.indices = {id(event): index for index, event in enumerate(interview.events)}
        self.later = 0
        """How many later interviews have begun."""
        self.limits = {} if limits is None else limits
        """Each series' last day and most check-ins, by recipient and round (the same
        for every timeline of one plan: they do not depend on the events)."""
        self.paused: dt.date | None = None
        """The end of the latest pause for everyone: a series begun after it waits too."""
        self.dropped: dict[str, _Item] = {}
        """The check-ins a later interview counted again, by id: one may have gone out
        all the same."""
        self.kept: dict[str, _Item] = {}
        """Of those, the ones due before that interview (and not in the days just
        before it), by id, while it lies ahead: they stay in the plan, to send while
        waiting for it."""
        self._start(self.rounds[0])
        # A send written down after a reply or pause of its day went out after it.
        answered: dict[dt.date, int] = {}
        for event in reversed(events):
            if isinstance(event, ReplyEvent | PausedEvent):
                answered[event.date] = self.indices.get(id(event), 0)
        ordered = sorted(
            events,
            key=lambda e: (
                e.date,
                _rank(
                    e, after=self.indices.get(id(e), 0) > answered.get(e.date, len(self.indices))
                ),
                self.indices.get(id(e), 0),
            ),
        )
        today = chosen.today
        # Once sends are recorded, what is due goes out today, one draft at a time;
        # until then the plan keeps the days counted from the interview.
        to_predict = today is not None and any(isinstance(e, SentEvent) for e in events)
        for event in ordered:
            if today is not None and event.date > today:
                if isinstance(event, _HAPPENED):
                    # Only what has happened: a plan never rewrites a day already past
                    # for something still to come.
                    self._problem(
                        event,
                        "date",
                        f"is after today ({today.isoformat()}): a {event.kind} event records "
                        "what has happened; give the day it happened (a second interview "
                        "or a pause may lie ahead)",
                        event.date,
                    )
                    continue
                if to_predict:
                    self._predict(today)
                    to_predict = False
            self._apply(event)
        if to_predict and today is not None:
            self._predict(today)
        if self.problems:
            raise FactsError(self.problems)

    def _predict(self, today: dt.date) -> None:
        """What is due by *today* goes out today, one draft per person: the first
        note not sent, else the first check-in whose day has come. The drafts after it
        are counted from today, as recording it that day will count them; it stays
        due (or overdue) itself."""
        done: set[str] = set()
        due: list[_Item] = []
        for note in self.thanks:
            name = note.person.name
            waiting = note.sent_on is None and not note.skipped and note.planned <= today
            if waiting and name not in done:  # the earliest note first: one at a time
                done.add(name)
                due.append(note)
        upcoming = next((r for r in self.rounds[self.later + 1 :] if r.day > today), None)
        # In the interval just before a later interview no check-in is due: it is the next
        # contact.
        quiet = upcoming is not None and self._quiet(today, upcoming.day)
        for series in self.series.values():
            pending = self._pending(series)
            if quiet or series.person.name in done or not pending:
                continue
            if pending[0].planned <= today:
                due.append(pending[0])
        for item in due:
            self._went_out(item, today, predicted=True)
            item.sent_on = None

    # -- rounds and projections

    def _start(self, round: Round) -> None:
        """A new interview day: its thank-you notes, and every series counted from it.
        Once that day has come, a note of an earlier interview not sent to someone met
        again is no longer to send: the new note thanks them."""
        today = self.chosen.today
        if today is not None and round.day <= today:
            again = {person.name for person in round.people}
            for note in self.thanks:
                if note.sent_on is None and note.person.name in again and not note.skipped:
                    mine = self.series.get(note.person.name)
                    note.skipped = True
                    note.gifts_after = mine.ordinal - 1 if mine is not None else None
        for person in round.people:
            self.thanks.append(
                _Item(
                    "thank_you",
                    person,
                    round.day,
                    round=round.number,
                    id=draft_id("thank_you", self.slugs[person.name], round=round.number),
                )
            )
        recipients: tuple[Interviewer, ...] = (
            round.people if self.chosen.check_ins_to == "all" else (self.interview.primary,)
        )
        # While the new day lies ahead, the check-ins due before it stay, to keep in
        # touch until then, but not those in the interval just before it: the interview is
        # the next contact. Once it has come, those not sent are no longer to send.
        ahead = today is None or round.day > today
        for series in self.series.values():
            for item in self._pending(series):
                self.dropped[item.id] = item
                series.ordinal = max(series.ordinal, item.ordinal + 1)  # never used twice
                due = item.planned if today is None else max(item.planned, today)
                # The day the recipient asked for holds, however close.
                asked = item.asked is not None and item.planned < round.day
                if ahead and (asked or not self._quiet(due, round.day)):
                    self.kept[item.id] = item
            series.pending, series.stale = [], False
            series.base, series.step = round.day, 1
            series.round, series.counted, series.avoid = round.number, 0, None
            series.number = 1
            if series.contact is not None and series.contact > round.day:
                series.base, series.step = series.contact, 0  # the day they named holds
        for person in recipients:
            if person.name not in self.series:
                self.series[person.name] = _Series(
                    person=person,
                    territory=territory_of(person.locale or self.interview.locale),
                    region=person.region,
                    base=round.day,
                    step=1,
                    round=round.number,
                    pause=self.paused,
                )
        for series in self.series.values():
            self._project(series)

    def _quiet(self, day: dt.date, interview_day: dt.date) -> bool:
        """Whether a check-in on *day* falls in the interval just before an interview on
        *interview_day*, when the interview is the next contact: a reminder of interest
        days before a meeting already booked is one too many."""
        return interview_day - day < self.chosen.every

    def _round(self, number: int) -> Round:
        return self.rounds[number - 1]

    def _limits(self, series: _Series) -> tuple[dt.date | None, int | None]:
        """The last day and the most check-ins of *series*' current round."""
        key = (series.person.name, series.round)
        found = self.limits.get(key)
        if found is None:
            found = self.limits[key] = self._work_out_limits(series)
        return found

    def _work_out_limits(self, series: _Series) -> tuple[dt.date | None, int | None]:
        chosen = self.chosen
        expected = self._round(series.round).decision_expected
        if chosen.until_given:
            until = chosen.until
        else:
            until = expected - dt.timedelta(days=1) if expected is not None else None
        if chosen.max_check_ins_given:
            cap = chosen.max_check_ins
        else:
            cap = DEFAULT_CHECK_INS if until is None else MAX_CHECK_INS
        person = series.person
        if cap is not None and person.name != self.interview.primary.name:
            # Someone other than the hiring manager hears from the candidate about what
            # they shared, each thing once: never a run of check-ins with nothing to say.
            allowed = frozenset().union(*(r.topics for r in self.rounds[: series.round]))
            shared = shared_interests(self.interview, person, topics=allowed)
            cap = min(cap, max(1, len(shared)))
        return until, cap

    def _project(self, series: _Series) -> None:
        """Count *series*' check-ins still to send again, when they are next read (many
        events in a row, pauses above all, change a series before anything reads it)."""
        series.stale = True

    def _pending(self, series: _Series) -> list[_Item]:
        """*series*' check-ins still to send, as its state now counts them."""
        if series.stale:
            self._count(series)
        return series.pending

    def _count(self, series: _Series) -> None:
        """The check-ins still to send in *series*: from its anchor in steps of
        ``every``, each moved to a working day, none before a pause ends."""
        series.stale = False
        series.pending = []
        if series.stopped:
            return
        until, cap = self._limits(series)
        assert cap is not None
        base, step = series.base, series.step
        last = series.settled[-1].planned if series.settled else None
        ordinal, number = series.ordinal, series.number
        count = series.counted
        slug_ = self.slugs[series.person.name]
        while count < cap:
            try:
                day = next_working_day(
                    base + step * self.chosen.every, series.territory, series.region
                )
                if series.pause is not None and day < series.pause:
                    base, step = series.pause, 0
                    day = next_working_day(base, series.territory, series.region)
                named = step == 0 and base == series.contact  # a day they named holds
                moved = _moved(day, last, self.chosen.every, series.territory, series.region)
                if moved is not None and not named:
                    day, base, step = moved, moved, 0  # the next ones follow it
            except OverflowError:
                break  # past the last day the calendar knows: the series ends there
            if until is not None and day > until:
                break
            this_step = step
            step += 1
            if last is not None and day <= last:
                continue  # a short cadence moved two check-ins onto the same working day
            series.pending.append(
                _Item(
                    "check_in",
                    series.person,
                    day,
                    round=series.round,
                    ordinal=ordinal,
                    number=number,
                    id=draft_id("check_in", slug_, round=series.round, number=number),
                    base=base,
                    step=this_step,
                    avoid=series.avoid if not series.pending else None,
                    asked=(
                        series.asked_on
                        if not series.pending and this_step == 0 and base == series.contact
                        else None
                    ),
                )
            )
            ordinal += 1
            number += 1
            count += 1
            last = day

    # -- events

    def _where(self, event: Event) -> str:
        return f"events[{self.indices.get(id(event), 0)}]"

    def _problem(self, event: Event, field_: str, message: str, value: object) -> None:
        self.problems.append(
            Problem(f"{self._where(event)}.{field_}", message, value, has_value=True)
        )

    def _person(self, name: str | None) -> Interviewer:
        return self.interview.primary if name is None else self.interview.interviewer(name)

    def _apply(self, event: Event) -> None:
        if isinstance(event, SecondInterviewEvent):
            # The rounds are in the order the events are applied: the next one is this.
            self.later += 1
            self._start(self.rounds[self.later])
        elif isinstance(event, SentEvent):
            self._sent(event)
        elif isinstance(event, ReplyEvent):
            self._reply(event)
        elif isinstance(event, PausedEvent):
            affected = (
                list(self.series.values())
                if event.person is None
                else [s for s in self.series.values() if s.person.name == event.person]
            )
            if event.person is None:
                self.paused = max(self.paused or event.until, event.until)
            for series in affected:
                series.pause = max(series.pause or event.until, event.until)
                self._project(series)
        else:
            person = self._person(event.person)
            self.closing = _Item(
                "closing",
                person,
                event.date,
                id=draft_id("closing", self.slugs[person.name]),
                outcome=event.outcome,
            )
            for series in self.series.values():
                series.pending, series.stale = [], False
                series.stopped = True
            for note in self.thanks:
                if note.sent_on is None:
                    note.skipped = True  # a thank-you note after the decision says nothing

    def _known(self) -> list[_Item]:
        """Every draft the record holds so far, in no particular order (the check-ins a
        later interview counted again last)."""
        found = list(self.thanks)
        for series in self.series.values():
            found += series.settled + self._pending(series)
        if self.closing is not None:
            found.append(self.closing)
        return found + list(self.dropped.values())

    def _find(self, event: SentEvent | ReplyEvent, draft: str | DraftRef) -> _Item | None:
        """The draft *draft* names, or None after recording the problem."""
        known = self._known()
        person = event.person
        if isinstance(draft, str):
            found = [item for item in known if item.id == draft]
            if found:
                return found[0]
            later = _LATER_ROUND.match(draft)
            number = int(later.group(1) or later.group(2)) if later else 0
            if 1 < number <= len(self.rounds) and self.rounds[number - 1].day > event.date:
                day = self.rounds[number - 1].day.isoformat()
                self._problem(
                    event,
                    "date",
                    f"is before the interview on {day}, and {draft} is a draft after it; "
                    "give the day it went out",
                    event.date,
                )
                return None
            ids = sorted({item.id for item in known})
            close = difflib.get_close_matches(draft, ids, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}? " if close else ""
            self._problem(
                event,
                "draft",
                f"names no draft of the plan; {hint}the drafts are "
                f"{', '.join(repr(i) for i in ids)} (followup plan shows each one's id)",
                draft,
            )
            return None
        theirs = [
            item
            for item in known
            if item.kind == draft.kind and (person is None or item.person.name == person)
        ]
        # The day it was planned for; else, for a note overdue, the day it went out, where
        # the plan of that day listed it (a check-in past its day is left out of a plan
        # until a send is recorded).
        found = [item for item in theirs if item.planned == draft.date] or [
            item
            for item in theirs
            if item.kind != "check_in"
            and draft.date == event.date
            and item.planned < event.date
            and item.sent_on is None
        ]
        live = [item for item in found if self.dropped.get(item.id) is not item]
        found = live or found
        if len(found) == 1:
            return found[0]
        label = _KIND_LABELS[draft.kind]
        if found:
            names = " and ".join(sorted(item.person.name for item in found))
            self._problem(
                event,
                "draft",
                f"names {len(found)} drafts, a {label} each to {names}; add person = "
                f"{found[0].person.name!r} (or give the draft's id)",
                draft.model_dump(mode="json"),
            )
            return None
        days = sorted(
            {
                item.planned.isoformat()
                for item in known
                if item.kind == draft.kind and (person is None or item.person.name == person)
            }
        )
        where = f"the {label}s are planned for {', '.join(days)}" if days else f"no {label} is"
        self._problem(
            event,
            "draft",
            f"names no draft of the plan: {where} (followup plan shows each draft's day and id)",
            draft.model_dump(mode="json"),
        )
        return None

    def _sent(self, event: SentEvent) -> None:
        item = self._find(event, event.draft)
        if item is None:
            return
        if item.sent_on is not None:
            self._problem(
                event,
                "draft",
                f"is already recorded as sent on {item.sent_on.isoformat()} at "
                f"events[{item.sent_by}]; record each draft once",
                event.draft if isinstance(event.draft, str) else item.id,
            )
            return
        if item.kind != "check_in" and event.date < item.planned:
            what = "interview it thanks for" if item.kind == "thank_you" else "decision"
            self._problem(
                event,
                "date",
                f"is before the {what}, on {item.planned.isoformat()}; give the day "
                f"{item.id} went out",
                event.date,
            )
            return
        series = self.series.get(item.person.name)
        if item.kind == "check_in" and series is not None and item in series.settled:
            # The check-in sent after it in the record: a later one, or one a later
            # interview had counted again, sent in its place.
            at = series.settled.index(item)
            later = next(i for i in series.settled[at + 1 :] if i.sent_on is not None)
            self._problem(
                event,
                "draft",
                f"was left behind: {later.id}, a later check-in to {item.person.name}, "
                f"went out on {later.sent_on} before it; record the drafts that went out",
                item.id,
            )
            return
        self._went_out(item, event.date, by=self.indices.get(id(event)))

    def _went_out(
        self, item: _Item, day: dt.date, *, by: int | None = None, predicted: bool = False
    ) -> None:
        """*item* went out on *day* (*predicted*: will go out today): it is done, the
        drafts before it to that person are left behind, and the next check-ins are
        counted from it."""
        item.sent_on, item.sent_by = day, by
        item.skipped = False
        series = self.series.get(item.person.name)
        if series is None or item.kind == "closing":
            return
        if item.kind == "thank_you":
            late = day > item.planned
            pending = self._pending(series)
            first = late and item.round == series.round and series.counted == 0
            if first or (late and pending and pending[0].planned <= day):
                # The note first: the check-ins follow it, unless a reply named a later day.
                if series.contact is not None and series.contact > day:
                    series.base, series.step = series.contact, 0
                else:
                    series.base, series.step = day, 1
                self._project(series)
            return
        if not predicted:
            for note in self.thanks:
                mine = note.person.name == item.person.name
                if mine and note.sent_on is None and not note.skipped:
                    note.skipped, note.gifts_after = True, item.ordinal
        if item not in self._pending(series):
            # Dropped when a later interview counted the series again, and sent after
            # it all the same: it counts, the check-ins due before it are left behind,
            # and the next ones follow it.
            self.dropped.pop(item.id, None)
            behind = [p for p in self._pending(series) if p.planned < day]
            unseen = not predicted and not self._tracked_before(day)
            for skipped in behind:
                skipped.skipped = True
                skipped.hidden = unseen
            series.settled += [*behind, item]
            series.counted += len(behind) + 1
            if behind:  # their places are taken
                series.ordinal = max(series.ordinal, behind[-1].ordinal + 1)
                series.number = behind[-1].number + 1
            series.avoid = series.contact = None
            series.base, series.step = day, 1
            self._project(series)
            self._was_last(item, series)
            return
        at = series.pending.index(item)
        # Left out of a plan made that day before anything was recorded (past its day):
        # never shown, so it takes no place among the check-ins.
        unseen = not predicted and not self._tracked_before(day)
        for skipped in series.pending[:at]:
            skipped.skipped = True
            skipped.hidden = unseen and skipped.planned < day
        series.settled += series.pending[: at + 1]
        series.counted += at + 1
        series.ordinal, series.number = item.ordinal + 1, item.number + 1
        series.avoid = series.contact = None
        if day > item.planned:
            series.base, series.step = day, 1
        else:
            assert item.base is not None
            series.base, series.step = item.base, item.step + 1
        self._project(series)
        if not predicted:
            self._was_last(item, series)

    def _tracked_before(self, day: dt.date) -> bool:
        """Whether a send was recorded before *day*: a plan made that day counted what
        was due from today."""
        return any(isinstance(e, SentEvent) and e.date < day for e in self.interview.events)

    def _was_last(self, item: _Item, series: _Series) -> None:
        """Keep what *item* said when it went out: whether nothing followed it before
        the decision, and when the decision was expected then. A later interview
        written down before the send was known (the plan counted the check-ins
        again from it); one written down after it came later."""
        sent_on, by = item.sent_on, item.sent_by
        known = sorted(
            (e for e in self.interview.events if isinstance(e, SecondInterviewEvent)),
            key=lambda e: e.date,
        )
        known = [
            e
            for e in known
            if sent_on is not None
            and by is not None
            and e.date > sent_on
            and self.indices.get(id(e), 0) < by
        ]
        cutoff = known[0].date if known else None
        item.expected = next(
            (e.decision_expected for e in reversed(known) if e.decision_expected),
            self._round(series.round).decision_expected,
        )
        # What followed it in the plan then: the check-ins before the next interview
        # known (none in the interval just before it), else that interview's own.
        before = [
            p
            for p in self._pending(series)
            if cutoff is None or (p.planned < cutoff and not self._quiet(p.planned, cutoff))
        ]
        item.forward = cutoff if cutoff is not None and not before else None
        if before or cutoff is None:
            item.last = not before
        else:
            item.last = not self._brings(series, cutoff, item.expected)

    def _brings(self, series: _Series, day: dt.date, expected: dt.date | None) -> bool:
        """Whether an interview on *day* brings *series* a check-in before the decision,
        expected on *expected*: its first, an interval after it, is due by then."""
        chosen = self.chosen
        if chosen.max_check_ins_given and not chosen.max_check_ins:
            return False
        if chosen.until_given:
            until = chosen.until
        else:
            until = expected - dt.timedelta(days=1) if expected is not None else None
        try:
            first = next_working_day(day + chosen.every, series.territory, series.region)
            first = _after_the_holidays(first, series.territory, series.region)
        except OverflowError:
            return False
        return until is None or first <= until

    def _reply(self, event: ReplyEvent) -> None:
        person = self._person(event.person)
        answered: _Item | None = None
        if event.draft is not None:
            answered = self._find(event, event.draft)
            if answered is None:
                return
            if answered.person.name != person.name:
                self._problem(
                    event,
                    "person",
                    f"is not whom {answered.id} went to: a reply answers a draft sent to "
                    f"the one who replies; give person = {answered.person.name!r}",
                    person.name,
                )
                return
            if answered.sent_on is None or answered.sent_on > event.date:
                went = answered.sent_on or next(
                    (
                        e.date
                        for e in self.interview.events
                        if isinstance(e, SentEvent) and e.draft == answered.id
                    ),
                    None,
                )
                when = f"it went out on {went.isoformat()}" if went else "no sent event records it"
                self._problem(
                    event,
                    "draft",
                    f"answers {answered.id}, which had not gone out by "
                    f"{event.date.isoformat()} ({when}); record the draft they answered "
                    "as sent, or leave draft out (the last one sent to them)",
                    answered.id,
                )
                return
        else:
            sent = [
                i
                for i in self._known()
                if i.person.name == person.name
                and i.sent_on is not None
                and i.sent_on <= event.date
            ]
            answered = max(sent, key=lambda i: i.sent_on or event.date, default=None)
        self.replies.append((self.indices.get(id(event), 0), event, person))
        series = self.series.get(person.name)
        if series is None or series.stopped:
            return
        series.contact, series.asked_on = event.next_contact, event.date
        if event.next_contact is not None:
            series.base, series.step = event.next_contact, 0
        else:
            series.base, series.step = event.date, 1
        series.avoid = answered
        self._project(series)

    def record(self) -> _Record:
        items = list(self.thanks)
        for series in self.series.values():
            items += series.settled + self._pending(series)
        items += [i for i in self.kept.values() if self.dropped.get(i.id) is i]
        if self.closing is not None:
            items.append(self.closing)
        return _Record(items, self.series, self.rounds, self.replies)


def _rank(event: Event, *, after: bool = False) -> float:
    """The order of events of one day, whatever their order in the file: an interview
    first (its notes may go out that day), the check-ins sent, the notes sent, the
    replies and pauses, the decision, and the closing note that answers it. A draft
    sent *after* a reply or pause of that day (written below it) comes after the
    replies and pauses: the plan it went out from knew them."""
    if isinstance(event, SecondInterviewEvent):
        return 0
    if isinstance(event, DecisionEvent):
        return 4
    if isinstance(event, SentEvent):
        draft = event.draft
        kind = draft.kind if isinstance(draft, DraftRef) else draft.replace("-", "_")
        if kind.startswith("closing"):
            return 5
        # A check-in before a note: a note sent late the same day does not count the
        # check-ins again from that day once one went out.
        if after:  # between the replies and pauses and the decision
            return 3.25 if kind.startswith("check_in") else 3.5
        return 1 if kind.startswith("check_in") else 2
    return 3


_HAPPENED = (SentEvent, ReplyEvent, DecisionEvent)
"""The events that record what has happened, never what is planned."""

_LATER_ROUND = re.compile(r"thank-you-([0-9]+)-|check-in-([0-9]+)-[0-9]+-")
"""The id of a draft after a later interview, and that interview's number."""

_KIND_LABELS = {"thank_you": "thank-you note", "check_in": "check-in", "closing": "closing note"}


@dataclass(frozen=True, slots=True)
class Placed:
    """A draft as the record places it: its day, its interview, and when it was sent."""

    planned: dt.date
    round: int
    sent_on: dt.date | None


def placed(
    interview: Interview, chosen: Options, *, until: dt.date | None = None
) -> dict[str, Placed]:
    """Every draft the events leave, by id, whatever day the plan is made (a check-in
    whose day has passed is kept too); with *until*, as the events up to that day
    leave them, which is what a new event on that day names."""
    events = [e for e in interview.events if until is None or e.date <= until]
    record = _Timeline(interview, chosen, events).record()
    return {item.id: Placed(item.planned, item.round, item.sent_on) for item in record.items}


def _listed(record: _Record, today: dt.date | None) -> list[_Item]:
    """The drafts a plan made on *today* lists: all, but a check-in not sent whose day
    has passed, unless the draft before it to the same person was sent (it is
    overdue then: one at a time)."""
    if today is None:
        return record.items
    left_out: set[int] = {id(item) for item in record.items if item.hidden}
    for name in {item.person.name for item in record.items}:
        mine = sorted(
            (i for i in record.items if i.person.name == name and i.kind != "closing"),
            key=lambda i: (i.planned, _KIND_ORDER[i.kind], i.ordinal),
        )
        previous: _Item | None = None
        for item in mine:
            if (
                item.kind == "check_in"
                and item.sent_on is None
                and not item.skipped
                and item.planned < today
                and (previous is None or previous.sent_on is None)
            ):
                left_out.add(id(item))
            previous = item
    return [item for item in record.items if id(item) not in left_out]


class _Content:
    """What each check-in of one series is about, in order: the interests in turn,
    the gifts riding along, and after a later interview the interests not yet used
    first."""

    def __init__(
        self,
        interview: Interview,
        rounds: Sequence[Round],
        person: Interviewer,
        gifts: Sequence[Gift],
        late: Sequence[Gift] = (),
        after: int = 0,
        today: dt.date | None = None,
        said: dict[dt.date, set[str]] | None = None,
        as_sent: Mapping[int, Mapping[str, str | None]] | None = None,
    ) -> None:
        self.interview = interview
        self.rounds = rounds
        self.person = person
        self.pending = list(gifts)
        self.late = list(late)
        """Gifts of a note never sent: for the check-ins after *after*, first."""
        self.released: list[tuple[Gift, int]] = []
        """Gifts of a check-in left unsent, each with the event (its index) that left it
        behind: for the next check-in sent after that event, or still to send."""
        self.after = after
        self.today = today
        self.about: dict[int, str | None] = {}
        """The interest of each check-in given words so far, by the item's identity."""
        self.territory = territory_of(person.locale or interview.locale)
        """Where the recipient's seasons are counted (south of the equator, July is winter)."""
        self.said = {} if said is None else said
        """The topics and ideas of the check-ins of every series given words so far, by
        the day they go out (shared by the series of one plan): colleagues who compare
        notes the same day should not find the same idea pitched to both. (A hobby is
        the reader's own, even when a colleague shares it.)"""
        self.as_sent = {} if as_sent is None else as_sent
        """By the place of a ``sent`` event, the interest of each check-in in the plan
        made before it was written down: what the check-in it records was about."""

    def _allowed(self, round: int) -> frozenset[str]:
        return frozenset().union(*(r.topics for r in self.rounds if r.number <= round))

    def check_ins(self, items: Sequence[_Item]) -> tuple[list[Decision], list[Gift]]:
        interview, person = self.interview, self.person
        decisions: list[Decision] = []
        previous: str | None = None
        used: list[str] = []
        round = 0
        ordered: list[Interest] = []
        rotation: Iterator[Interest | None] = iter(())
        for number, item in enumerate(items, start=1):
            following = items[number] if number < len(items) else None
            last_of_round = following is None or following.round != item.round
            ahead = self._ahead(item) if item.sent_on is not None or last_of_round else None
            upcoming = _written_ahead(interview, self.rounds, item)
            if item.round != round:
                round = item.round
                interests = shared_interests(interview, person, topics=self._allowed(round))
                if round == 1:
                    about = {gift.about for gift in self.pending}
                    ordered = [i for i in interests if i.subject not in about]
                    ordered += [i for i in interests if i.subject in about]
                else:
                    # What the latest interview discussed first: "since we last met"
                    # would otherwise seem to be about a topic of months before.
                    latest = self.rounds[round - 1].topics
                    fresh = sorted(
                        (i for i in interests if i.subject not in used),
                        key=lambda i: i.subject not in latest,
                    )
                    ordered = fresh + sorted(
                        (i for i in interests if i.subject in used),
                        key=lambda i: used.index(i.subject),
                    )
                rotation = _rotation(ordered)
            avoid = self.about.get(id(item.avoid)) if item.avoid is not None else None
            later = item.ordinal > self.after and not item.skipped
            offered = [*self.late, *self.pending] if later else self.pending
            gift = next((g for g in offered if g.about not in (previous, avoid)), None)
            # The gift of a check-in left unsent goes with the next one to send after the
            # send that left it behind (one sent before kept what it had then).
            released = None
            if gift is None:
                released = next(
                    (
                        g
                        for g, by in self.released
                        if g.about not in (previous, avoid)
                        and (item.sent_on is None or (item.sent_by or -1) > by)
                    ),
                    None,
                )
            interest: Interest | None
            if gift is not None:
                late = any(g is gift for g in self.late)
                (self.late if late else self.pending).remove(gift)
                interest = _about(interview, person, gift)
                if item.skipped:
                    self.released.append((gift, _left_behind_by(items, number)))
                    gift = None
            elif released is not None:
                self.released = [(g, by) for g, by in self.released if g is not released]
                gift = released
                interest = _about(interview, person, gift)
                if item.skipped:  # left behind in turn: for the next after that send
                    self.released.append((gift, _left_behind_by(items, number)))
                    gift = None
            elif (sent := self._sent_about(item, ordered)) is not None:
                interest = sent[0]  # what it said when it went out: the turn goes on from it
                for _ in range(len(ordered) + 1 if interest is not None else 0):
                    if next(rotation) is interest:
                        break
            else:
                interest = self._next(rotation, len(ordered), (previous, avoid), item)
            # By the day the plan gave it: recording it as sent changes nothing.
            if interest is not None and interest.kind != "hobby" and not item.skipped:
                self.said.setdefault(item.planned, set()).add(interest.subject)
            previous = interest.subject if interest is not None else None
            self.about[id(item)] = previous
            if previous is not None:
                if previous in used:
                    used.remove(previous)
                used.append(previous)
            met = [
                r.day
                for r in self.rounds[: item.round]
                if any(p.name == person.name for p in r.people)
            ]
            decisions.append(
                Decision(
                    kind="check_in",
                    recipient=person,
                    send_on=item.planned,
                    day=met[-1] if met else None,
                    again=len(met) > 1,
                    topics=(interest.subject,) if interest and interest.kind == "topic" else (),
                    hobbies=(interest.hobby,) if interest and interest.hobby else (),
                    ideas=(interest.idea,) if interest and interest.idea else (),
                    enclosures=(gift,) if gift is not None else (),
                    interest=previous,
                    number=number,
                    id=item.id,
                    sent_on=item.sent_on,
                    sent_by=item.sent_by,
                    status=_status(item),
                    # Sent early, it said what the plan showed for its day.
                    written_on=(
                        max(item.sent_on, item.planned)
                        if item.sent_on is not None
                        else _not_before(item.planned, self.today)
                    ),
                    last=item.last if item.sent_on is not None else None,
                    expected=item.expected if item.sent_on is not None else None,
                    asked=item.asked,
                    next_interview=ahead.day if ahead is not None else None,
                    meets_again=ahead is not None
                    and any(p.name == person.name for p in ahead.people),
                    interview_ahead=upcoming.day if upcoming is not None else None,
                    meets_ahead=upcoming is not None
                    and any(p.name == person.name for p in upcoming.people),
                )
            )
        return decisions, [*self.pending, *(g for g, _ in self.released)]

    def _sent_about(
        self, item: _Item, interests: Sequence[Interest]
    ) -> tuple[Interest | None] | None:
        """For a check-in sent, the interest it had in the plan it went out from (in a
        1-tuple), when that plan is known and the interest is still among *interests*."""
        if item.sent_by is None or item.id not in (then := self.as_sent.get(item.sent_by, {})):
            return None
        subject = then[item.id]
        if subject is None:
            return (None,)
        found = next((i for i in interests if i.subject == subject), None)
        return None if found is None else (found,)

    def _ahead(self, item: _Item) -> Round | None:
        """The later interview *item* is the last check-in before: for one sent, the
        one it was the last before when it went out."""
        if item.sent_on is not None:
            return next((r for r in self.rounds if r.day == item.forward), None)
        return next((r for r in self.rounds[item.round :] if r.day > item.planned), None)

    def _next(
        self,
        rotation: Iterator[Interest | None],
        count: int,
        blocked: tuple[str | None, ...],
        item: _Item,
    ) -> Interest | None:
        """The next interest in *rotation* that is none of *blocked* (the previous
        check-in's, the one to avoid), no hobby out of its season on the check-in's
        day and none that a check-in to a colleague planned the same day is about;
        else the first that is not *blocked*."""
        taken = self.said.get(item.planned, set())
        season = season_of(item.planned, self.territory)
        fallback: Interest | None = None
        interest = next(rotation)
        for _ in range(count):  # a whole turn of the rotation
            if interest is None or interest.subject not in blocked:
                if interest is None or (
                    interest.subject not in taken
                    if interest.hobby is None
                    else not interest.hobby.season or season in interest.hobby.season
                ):
                    return interest
                if fallback is None:
                    fallback = interest
            interest = next(rotation)
        return interest if fallback is None else fallback


def _status(item: _Item) -> DraftStatus:
    if item.sent_on is not None:
        return "sent"
    return "skipped" if item.skipped else "pending"


@dataclass(slots=True)
class _Drafts:
    """A record given words: the check-ins' decisions and what the thank-you notes of
    each round need to know about them."""

    check_ins: list[Decision]
    leftover: dict[str, list[Gift]]
    """Per recipient, the gifts for a check-in that no check-in could carry."""


def _check_in_decisions(
    interview: Interview,
    record: _Record,
    listed: Sequence[_Item],
    gifts: dict[str, list[Gift]],
    late: dict[str, tuple[list[Gift], int]] | None = None,
    today: dt.date | None = None,
    as_sent: Mapping[int, Mapping[str, str | None]] | None = None,
) -> _Drafts:
    """Words for every listed check-in of *record*, series by series; *gifts* are the
    gifts for a check-in of each recipient, *late* those of a note never sent, with the
    place of the check-in after which they ride along."""
    decisions: list[Decision] = []
    # A gift for someone who gets no check-in goes with their note.
    leftover = {name: list(mine) for name, mine in gifts.items() if name not in record.series}
    said: dict[dt.date, set[str]] = {}
    # The primary interviewer's series first: theirs keeps what a colleague's would share.
    primary = interview.primary.name
    for name, series in sorted(record.series.items(), key=lambda entry: entry[0] != primary):
        mine = sorted(
            (i for i in listed if i.kind == "check_in" and i.person.name == name),
            key=lambda i: (i.planned, i.ordinal),
        )
        left, after = (late or {}).get(name, ([], 0))
        content = _Content(
            interview,
            record.rounds,
            series.person,
            gifts.get(name, []),
            left,
            after,
            today,
            said,
            as_sent,
        )
        found, rest = content.check_ins(mine)
        decisions += found
        leftover[name] = rest
    return _Drafts(decisions, leftover)


_Limits = dict[tuple[str, int], tuple[dt.date | None, int | None]]


def _run(
    interview: Interview, chosen: Options, events: Sequence[Event], limits: _Limits
) -> tuple[_Record, list[_Item]]:
    record = _Timeline(interview, chosen, events, limits).record()
    return record, _listed(record, chosen.today)


def decide(
    interview: Interview,
    chosen: Options,
    *,
    as_sent: Mapping[int, Mapping[str, str | None]] | None = None,
) -> list[Decision]:
    """Every draft the candidate should send, ordered by send date, then kind, then
    the order of the interviewers in the facts.

    *today* (in *chosen*) is the earliest send date: thank-you notes for an
    interview that is already past go out *today* instead, and check-ins that
    fall before it are left out; the cadence stays counted from the interview day.

    The interview's ``events`` change what is due after them (see
    :class:`~followup.facts.Interview`): a sent draft is done, and a check-in sent
    late counts the next ones from the day it went out; a reply moves the next
    check-in to its recipient; a later interview brings its own thank-you notes
    and counts every series again from its day (while it lies ahead, the
    check-ins due before it stay, but none in the last interval before it);
    a pause holds check-ins back; the
    decision ends them, and a closing note answers it. Once a ``sent`` event is
    recorded, each person has at most one draft due by *today* (the note not sent,
    else the first check-in whose day has come: overdue when it has passed), and the
    drafts after it are counted from *today*, as recording it that day will count
    them. A draft recorded as sent keeps the words it had when it went out; *as_sent*
    gives, by the place of each ``sent`` event, the interest of every check-in in the
    plan made before that event was written down (see :func:`followup.plan`): the
    check-in it records keeps that interest, and the ones after it follow from it.

    Raises :class:`~followup.errors.FactsError` for an event that names no draft of
    the plan, a draft already recorded, a reply to a draft not sent by then or sent
    to someone else, and a ``sent``, ``reply`` or ``decision`` after *today*.
    """
    gifts_for_check_ins: dict[str, list[Gift]] = {}
    recipients = {id(gift): gift_recipient(interview, gift) for gift in interview.gifts}
    for gift in interview.gifts:
        if gift.when == "check_in":
            gifts_for_check_ins.setdefault(recipients[id(gift)].name, []).append(gift)
    # The thank-you notes after the first interview say what they said before anything
    # happened: their words never change with what is recorded later.
    planned = dataclasses.replace(chosen, today=None)  # as planned, whatever the day
    limits: _Limits = {}
    base_record, base_listed = _run(interview, planned, (), limits)
    base = _check_in_decisions(interview, base_record, base_listed, gifts_for_check_ins)
    with_note = {id(g) for rest in base.leftover.values() for g in rest}
    ride = {
        name: [g for g in gifts if id(g) not in with_note]
        for name, gifts in gifts_for_check_ins.items()
    }
    record, listed = _run(interview, chosen, interview.events, limits)
    # The gifts of a first note never sent go with the next check-in to that person.
    late: dict[str, tuple[list[Gift], int]] = {}
    for item in record.items:
        if item.kind == "thank_you" and item.round == 1 and item.skipped:
            late[item.person.name] = (
                [
                    g
                    for g in interview.gifts
                    if recipients[id(g)].name == item.person.name
                    and (g.when == "note" or id(g) in with_note)
                ],
                item.gifts_after or 0,
            )
    drafts = _check_in_decisions(interview, record, listed, ride, late, chosen.today, as_sent)
    by_round: dict[int, tuple[frozenset[str], frozenset[str]]] = {1: _told(base.check_ins)}
    for round in record.rounds[1:]:
        known = [e for e in interview.events if e.date <= round.day]
        asof_record, asof_listed = _run(interview, planned, known, limits)
        asof = _check_in_decisions(interview, asof_record, asof_listed, ride)
        by_round[round.number] = _told(asof.check_ins)
    thanks = [
        _promised(
            interview,
            item,
            _thank_you(
                interview, record, item, by_round[item.round], chosen, with_note, recipients
            ),
            chosen,
            limits,
            ride,
        )
        for item in listed
        if item.kind == "thank_you"
    ]
    thanks = _ideas_told_once(thanks, interview.primary.name)
    closings = [
        Decision(
            kind="closing",
            recipient=item.person,
            send_on=item.sent_on or _not_before(item.planned, chosen.today),
            id=item.id,
            sent_on=item.sent_on,
            sent_by=item.sent_by,
            status=_status(item),
            outcome=item.outcome,
        )
        for item in listed
        if item.kind == "closing"
    ]
    order = {person.name: index for index, person in enumerate(interview.people)}
    return sorted(
        [*thanks, *drafts.check_ins, *closings],
        key=lambda d: (d.send_on, _KIND_ORDER[d.kind], order[d.recipient.name], d.number),
    )


def _promised(
    interview: Interview,
    item: _Item,
    note: Decision,
    chosen: Options,
    limits: _Limits,
    gifts: dict[str, list[Gift]],
) -> Decision:
    """*note* with the day it promised to be in touch again when it is sent: read off
    the plan made with the events written down before its send, so that what happens
    later (another reply, a pause, the decision) does not change what went out."""
    if item.sent_on is None or item.sent_by is None:
        return note
    if not any(isinstance(e, ReplyEvent) for e in interview.events[: item.sent_by]):
        return dataclasses.replace(note, promised_known=True)
    then = dataclasses.replace(chosen, today=item.sent_on)
    # What had happened by then (a later interview or a pause may have lain ahead).
    known = [
        e
        for e in interview.events[: item.sent_by]
        if e.date <= item.sent_on or isinstance(e, SecondInterviewEvent | PausedEvent)
    ]
    record, listed = _run(interview, then, known, limits)
    check_ins = _check_in_decisions(interview, record, listed, gifts).check_ins
    return dataclasses.replace(note, promised=promised_day(note, check_ins), promised_known=True)


def promised_day(note: Decision, check_ins: Iterable[Decision]) -> dt.date | None:
    """The day the thank-you note *note* says the candidate will be in touch again:
    that of the next of *check_ins* to its recipient, when a reply asked for it (for a
    note sent, a reply that came before it went out)."""
    following = min(
        (
            c
            for c in check_ins
            if c.recipient.name == note.recipient.name and c.send_on > note.send_on
        ),
        key=lambda c: c.send_on,
        default=None,
    )
    if following is None or following.asked is None:
        return None
    if note.sent_on is not None and following.asked > note.sent_on:
        return None  # the reply came after the note went out
    return following.send_on


def _not_before(day: dt.date, today: dt.date | None) -> dt.date:
    return day if today is None else max(day, today)


def _told(check_ins: Sequence[Decision]) -> tuple[frozenset[str], frozenset[str]]:
    """The topics check-ins carry, and the hobbies a check-in tells with its detail
    (a check-in that carries a gift is about the gift, and leaves the detail out)."""
    carried = frozenset(t for d in check_ins for t in d.topics)
    detailed = frozenset(
        h.subject for d in check_ins if not d.enclosures for h in d.hobbies if h.detail
    )
    return carried, detailed


def _ideas_told_once(thanks: list[Decision], primary: str) -> list[Decision]:
    """The thank-you notes with each idea in one note of its interview day: the
    primary interviewer's when it is for them, else the first colleague's in the
    facts' order. Colleagues compare notes; the others hear of the idea in a
    check-in, on another day."""
    told: dict[dt.date | None, set[str]] = {}
    notes = {id(note): note for note in thanks}
    for note in sorted(thanks, key=lambda n: n.recipient.name != primary):
        said = told.setdefault(note.day, set())
        ideas = tuple(i for i in note.ideas if str(i.summary) not in said)
        said.update(str(i.summary) for i in note.ideas)
        if ideas != note.ideas:
            notes[id(note)] = dataclasses.replace(note, ideas=ideas)
    return [notes[id(note)] for note in thanks]


def _one_hobby(
    hobbies: tuple[Hobby, ...], enclosures: tuple[Gift, ...], season: str | None = None
) -> tuple[Hobby, ...]:
    """The hobby a thank-you note tells: the one a gift it encloses is about, else,
    among those in *season* (the note's, where its recipient lives) when any is, the
    first with a detail, else the first. A note that lists someone's hobbies reads as
    a checklist of their private life, and a gift after the list seems to be about
    all of them; the others are for the check-ins.

    >>> from followup.facts import Hobby
    >>> garden = Hobby(subject="gardening", person="Thomas", season=["spring", "summer"])
    >>> rugby = Hobby(subject="rugby", person="Thomas")
    >>> [str(h.subject) for h in _one_hobby((garden, rugby), (), "winter")]
    ['rugby']
    """
    fitting = tuple(h for h in hobbies if not h.season or season in h.season) or hobbies
    chosen = next(
        (h for h in hobbies if any(h.subject == g.about for g in enclosures)),
        next((h for h in fitting if h.detail), fitting[0] if fitting else None),
    )
    return () if chosen is None else (chosen,)


def _left_behind_by(items: Sequence[_Item], number: int) -> int:
    """The event (its index) that left the check-in at place *number* (from 1) behind:
    the send of the first check-in after it recorded as sent; -1 when none is."""
    return next(
        (i.sent_by for i in items[number:] if i.sent_on is not None and i.sent_by is not None),
        -1,
    )


def _written_ahead(interview: Interview, rounds: Sequence[Round], item: _Item) -> Round | None:
    """The first interview after *item*'s written down in the facts (for a draft sent:
    by the time it went out, as the event that records it shows) and still ahead on
    the day it goes (or went) out."""
    written = {
        e.date: n for n, e in enumerate(interview.events) if isinstance(e, SecondInterviewEvent)
    }
    by = item.sent_by if item.sent_on is not None else None
    return next(
        (
            r
            for r in rounds[item.round :]
            if r.day > (item.sent_on or item.planned)
            and (item.sent_on is None or (by is not None and written.get(r.day, by) < by))
        ),
        None,
    )


def _thank_you(
    interview: Interview,
    record: _Record,
    item: _Item,
    told: tuple[frozenset[str], frozenset[str]],
    chosen: Options,
    with_note: set[int],
    recipients: dict[int, Interviewer],
) -> Decision:
    """The thank-you note *item*: after the first interview, about what the person
    discussed, with its gifts; after a later one, about what was discussed that day,
    and for someone met that day also their hobbies."""
    person = item.person
    round = record.rounds[item.round - 1]
    # Compared by name: comparing the models field by field is slow for many people.
    met = {p.name for r in record.rounds if r.number < round.number for p in r.people}
    season = season_of(round.day, territory_of(person.locale or interview.locale))
    again = person.name in met
    if round.number == 1:
        topics = tuple(
            t.subject for t in interview.topics_with(person) if t.subject in round.topics
        )
        ideas = tuple(
            i for i in interview.ideas_for(person) if i.topic is None or i.topic in round.topics
        )
        enclosures = tuple(
            g
            for g in interview.gifts
            if recipients[id(g)].name == person.name and (g.when == "note" or id(g) in with_note)
        )
        hobbies = _one_hobby(interview.hobbies_of(person), enclosures, season)
    else:
        topics = tuple(
            t.subject for t in interview.topics_with(person) if t.subject in round.topics
        )
        hobbies = () if again else _one_hobby(interview.hobbies_of(person), (), season)
        # An idea of no topic that a note after an earlier interview told someone who was
        # there too is not news to a newcomer's table: it is left out.
        known = [p for p in round.people if p.name in met]
        ideas = tuple(
            i
            for i in interview.ideas_for(person)
            if (i.topic in topics)
            or (
                not again
                and i.topic is None
                and not any(i in interview.ideas_for(p) for p in known)
            )
        )
        enclosures = ()
    carried, detailed = told
    # The first later interview written down (for a note sent: by the time it went
    # out), when the recipient is to be at it: the note looks forward to it.
    later = _written_ahead(interview, record.rounds, item)
    if later is not None and all(p.name != person.name for p in later.people):
        later = None
    return Decision(
        kind="thank_you",
        recipient=person,
        # A note left unsent keeps the day it was for.
        send_on=item.sent_on
        or (item.planned if item.skipped else _not_before(item.planned, chosen.today)),
        topics=topics,
        hobbies=hobbies,
        ideas=ideas,
        enclosures=enclosures,
        id=item.id,
        sent_on=item.sent_on,
        sent_by=item.sent_by,
        status=_status(item),
        day=round.day,
        met=round.people if round.number > 1 else (),
        again=again,
        seen=frozenset(p.name for p in round.people if p.name in met),
        carried=carried,
        detailed=detailed,
        next_interview=later.day if later is not None else None,
        meets_again=later is not None,
    )
