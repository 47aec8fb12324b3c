"""The interview facts: what the candidate wrote down, validated and immutable.

- :mod:`~followup.facts.models`: the frozen pydantic models, :class:`Interview` at the top,
  and the events that record what happened since (:data:`Event`);
- :mod:`~followup.facts.problems`: validation errors as problems people can act on;
- :mod:`~followup.facts.loading`: :func:`load` a TOML or JSON file, :func:`loads` text,
  :func:`parse` a mapping;
- :mod:`~followup.facts.writing`: facts as a commented TOML file (``followup init``).
"""

from followup.facts._fields import (
    MAX_EVENTS,
    MAX_ITEMS,
    MAX_LATER_INTERVIEWS,
    MAX_PEOPLE,
    MAX_PEOPLE_TOTAL,
    Day,
    DraftKind,
    EventKind,
    Formality,
    Gender,
    Outcome,
)
from followup.facts.loading import MAX_FILE_SIZE, load, loads, parse
from followup.facts.models import (
    ArticleGift,
    Candidate,
    Contact,
    ContactGift,
    DecisionEvent,
    DraftRef,
    Event,
    Gift,
    Hobby,
    Idea,
    Interview,
    Interviewer,
    PausedEvent,
    ReplyEvent,
    SecondInterviewEvent,
    SentEvent,
    TipGift,
    Topic,
    WebsiteGift,
)

__all__ = [
    "MAX_EVENTS",
    "MAX_FILE_SIZE",
    "MAX_ITEMS",
    "MAX_LATER_INTERVIEWS",
    "MAX_PEOPLE",
    "MAX_PEOPLE_TOTAL",
    "ArticleGift",
    "Candidate",
    "Contact",
    "ContactGift",
    "Day",
    "DecisionEvent",
    "DraftKind",
    "DraftRef",
    "Event",
    "EventKind",
    "Formality",
    "Gender",
    "Gift",
    "Hobby",
    "Idea",
    "Interview",
    "Interviewer",
    "Outcome",
    "PausedEvent",
    "ReplyEvent",
    "SecondInterviewEvent",
    "SentEvent",
    "TipGift",
    "Topic",
    "WebsiteGift",
    "load",
    "loads",
    "parse",
]
