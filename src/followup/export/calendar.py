"""Calendars: a plan as an iCalendar (RFC 5545) document, one reminder per draft.

Each reminder is written for the candidate, in the candidate's language (see
:mod:`followup.export.reminders`): its title says what to do and for whom
("Send the thank-you note to Dana Rivera"), no two alike, and its description
holds the draft's subject, text and inserts. Each draft becomes an all-day
``VEVENT`` on its send date (``DTSTART;VALUE=DATE``),
the one component Google Calendar, Outlook and Apple Calendar all import
(Google Calendar ignores ``VTODO``), marked free (``TRANSP:TRANSPARENT``) with a
display alarm at 09:00. The document is deterministic: each ``UID`` is a hash
of the interview and the draft's identity, and ``DTSTAMP`` is the plan's first
day, never the clock. Needs the optional ``icalendar`` package
(``pip install 'followup[calendar]'``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from typing import TYPE_CHECKING

from followup.errors import MissingDependencyError
from followup.export.reminders import description, titles
from followup.strategy import draft_id, person_slugs

if TYPE_CHECKING:
    from followup.drafts import Draft
    from followup.plans import FollowUpPlan

__all__ = ["PRODID", "to_ics", "uid"]

PRODID = "-//followup//followup drafts//EN"
_REMIND_AT = dt.timedelta(hours=9)


def uid(plan: FollowUpPlan, draft: Draft, *, occurrence: int = 0) -> str:
    """A stable identifier for *draft*: the same facts give the same UID on every run,
    so re-importing updates a reminder instead of adding a second one."""
    interview = plan.interview
    # A thank-you note that is late moves to `today`; its identity must not move
    # with it. Check-ins keep their day whatever `today` is.
    which = draft.send_on.isoformat() if draft.kind == "check_in" else ""
    if draft.kind == "closing" or (
        draft.kind == "thank_you" and not _first_note(plan, draft)
    ):  # a note after a later interview, the closing note: their ids tell them apart
        which = draft.id
    identity = "\x1f".join(
        [
            interview.company,
            interview.role,
            interview.date.isoformat(),
            interview.candidate.name,
            draft.kind,
            draft.recipient.name,
            which,
            str(occurrence),
        ]
    )
    return f"{hashlib.sha256(identity.encode('utf-8')).hexdigest()[:32]}@followup"


def _first_note(plan: FollowUpPlan, draft: Draft) -> bool:
    """Whether *draft* is the thank-you note after the first interview."""
    return draft.id == draft_id("thank_you", person_slugs(plan.interview)[draft.recipient.name])


def to_ics(plan: FollowUpPlan) -> str:
    """The plan as an iCalendar document: one all-day reminder per draft on its send date,
    titled with what to do and for whom in the candidate's language, the draft's
    subject, text and inserts as description."""
    try:
        import icalendar
    except ImportError as err:
        raise MissingDependencyError("Writing calendars (.ics)", "icalendar", "calendar") from err

    stamp = dt.datetime.combine(plan.today or plan.interview.date, dt.time(0, 0), tzinfo=dt.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    seen: Counter[tuple[str, str, dt.date]] = Counter()
    for draft, title in zip(plan.drafts, titles(plan), strict=True):
        key = (draft.kind, draft.recipient.name, draft.send_on)
        event = icalendar.Event()
        event.add("uid", uid(plan, draft, occurrence=seen[key]))
        seen[key] += 1
        event.add("dtstamp", stamp)
        event.add("dtstart", draft.send_on)
        if draft.send_on < dt.date.max:  # without DTEND, a DATE start lasts one day
            event.add("dtend", draft.send_on + dt.timedelta(days=1))
        event.add("summary", title)
        event.add("description", description(draft))
        event.add("transp", "TRANSPARENT")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", _REMIND_AT)
        alarm.add("description", title)
        event.add_component(alarm)
        calendar.add_component(event)
    document: bytes = calendar.to_ical()
    return document.decode("utf-8")
