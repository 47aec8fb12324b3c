"""The follow-up strategy: who gets which draft, when, and about what.

Pure decisions over validated facts; no templates, no wording. Each
:class:`Decision` is later rendered into one :class:`~followup.drafts.Draft`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from followup.facts import Gift, Hobby, Idea, Interview, Interviewer

__all__ = ["KIND_ORDER", "Decision", "DraftKind", "decide", "thank_you_decisions"]

DraftKind = Literal["thank_you", "gift", "check_in"]
"""The kinds of draft followup writes."""
KIND_ORDER: dict[str, int] = {"thank_you": 0, "gift": 1, "check_in": 2}
"""How drafts going out on the same day are ordered."""


@dataclass(frozen=True, slots=True)
class Decision:
    """One draft to write: its kind, recipient, send date and what it is about."""

    kind: DraftKind
    recipient: Interviewer
    send_on: dt.date
    topics: tuple[str, ...] = ()
    """Topics the recipient discussed."""
    hobbies: tuple[Hobby, ...] = ()
    """Hobbies the recipient mentioned."""
    ideas: tuple[Idea, ...] = ()
    """The candidate's ideas worth expanding on for this recipient."""
    enclosures: tuple[Gift, ...] = ()
    """Gifts that go with a thank-you note, or the one gift of a gift draft."""
    interest: str | None = None
    """The shared interest a check-in is about."""


def thank_you_decisions(interview: Interview, *, send_on: dt.date) -> list[Decision]:
    """One thank-you note per interviewer, each about what that person discussed."""
    return [
        Decision(
            kind="thank_you",
            recipient=person,
            send_on=send_on,
            topics=tuple(t.subject for t in interview.topics_with(person)),
            hobbies=interview.hobbies_of(person),
            ideas=interview.ideas_for(person),
        )
        for person in interview.interviewers
    ]


def decide(interview: Interview, *, today: dt.date | None = None) -> list[Decision]:
    """Every draft the candidate should send, ordered by send date.

    *today* is the earliest send date: a thank-you note for an interview that
    is already past goes out *today* instead.
    """
    send_on = interview.date if today is None else max(interview.date, today)
    decisions = thank_you_decisions(interview, send_on=send_on)
    order = {person.name: index for index, person in enumerate(interview.interviewers)}
    return sorted(
        decisions,
        key=lambda d: (d.send_on, KIND_ORDER[d.kind], order[d.recipient.name]),
    )
