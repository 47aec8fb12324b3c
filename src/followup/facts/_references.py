"""References between facts: names, topics and subjects that must point at something.

Checked over the raw facts (a mapping as loaded), so that one run reports a
bad reference next to any type error elsewhere, each at its own location.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_core.core_schema import ErrorType

from followup._suggest import closest, did_you_mean
from followup._text import normalise_line
from followup._workdays import region_choices, region_code, subdivisions
from followup.errors import LocaleError
from followup.facts._fields import DAY, MAX_EVENTS, MAX_LATER_INTERVIEWS, MAX_PEOPLE_TOTAL
from followup.facts.phrases import phrases
from followup.locales import DEFAULT_LOCALE, territory_of

__all__ = ["Reference", "later_topics", "reference_error", "reference_problems", "reraised"]


class Reference(NamedTuple):
    """A bad reference: its location, what is wrong, the value as written, and the
    allowed value closest to it (when one is close)."""

    loc: tuple[int | str, ...]
    message: str
    value: object
    suggestion: str | None = None
    choices: tuple[str, ...] = ()
    """What the value may name: the suggestion is looked for among them by
    :meth:`suggested` (for the problems a message shows, not for every one)."""

    def suggested(self) -> Reference:
        """This problem led by the choice its value most likely misspells, if any."""
        suggestion = closest(self.value, self.choices)
        if suggestion is None:
            return self
        message = did_you_mean(repr(suggestion), self.message)
        return self._replace(message=message, suggestion=suggestion, choices=())


def _unknown(
    loc: tuple[int | str, ...], message: str, value: str, choices: list[str]
) -> Reference:
    """A reference to nothing: *message* says what it should name, one of *choices*
    (the closest leads it once :meth:`Reference.suggested`)."""
    return Reference(loc, message, value, choices=tuple(choices))


CHOICES_SHOWN = 12
"""The most allowed values a problem's message lists ("use one of …, and 40 more")."""


def _choices(values: list[str]) -> str:
    unique = list(dict.fromkeys(values))
    if not unique:
        return "(none defined)"
    shown = ", ".join(repr(v) for v in unique[:CHOICES_SHOWN])
    more = len(unique) - CHOICES_SHOWN
    return f"{shown}, and {more} more" if more > 0 else shown


_KNOWN_ERRORS = frozenset(typing.get_args(ErrorType))


def reraised(error: Any) -> InitErrorDetails:
    """One error of the inner validation, passed on unchanged."""
    kind = error["type"]
    if kind in _KNOWN_ERRORS:
        details = InitErrorDetails(type=kind, loc=tuple(error["loc"]), input=error["input"])
        if "ctx" in error:
            details["ctx"] = error["ctx"]
        return details
    context = {**(error.get("ctx") or {}), "message": error["msg"]}
    custom = PydanticCustomError(kind, "{message}", context)
    return InitErrorDetails(type=custom, loc=tuple(error["loc"]), input=error["input"])


def reference_error(
    loc: tuple[int | str, ...], message: str, value: object, suggestion: str | None = None
) -> InitErrorDetails:
    """A bad reference as a pydantic error (type ``invalid_reference``); its context
    holds the suggestion, if any."""
    context: dict[str, Any] = {"message": message}
    if suggestion is not None:
        context["suggestion"] = suggestion
    error = PydanticCustomError("invalid_reference", "{message}", context)
    return InitErrorDetails(type=error, loc=loc, input=value)


def _as_date(value: object) -> dt.date | None:
    """A date from dumped or raw facts, or None when it is not one."""
    try:
        return DAY.validate_python(value)
    except ValidationError:
        return None


def _strings(value: object) -> str | None:
    normalised = normalise_line(value)
    return normalised if isinstance(normalised, str) else None


def _names(value: object) -> list[str]:
    """Every text a fact may be named by: a string, or each text of a table by language."""
    return [name for text in phrases(value) if (name := _strings(text))]


_CHECKED = MAX_EVENTS
"""How many entries of a list the references are checked in: a longer list is a
problem of its own ("list at most …"), and checking each of a hundred thousand
entries against all the others would take minutes."""


def _listed(value: object) -> list[Any]:
    """The first entries of *value* when it is a list, else none."""
    return list(value[:_CHECKED]) if isinstance(value, list | tuple) else []


def _items(data: Mapping[str, Any], key: str) -> list[tuple[int, Mapping[str, Any]]]:
    return [
        (index, item)
        for index, item in enumerate(_listed(data.get(key)))
        if isinstance(item, Mapping)
    ]


def _territory(*locales: object) -> str | None:
    """The territory of the first locale given, or None when it is not a valid locale."""
    for locale in locales:
        if locale is None:
            continue
        try:
            return territory_of(str(locale)) if isinstance(locale, str) else None
        except (LocaleError, ValueError):
            return None
    return territory_of(DEFAULT_LOCALE)


def _region_problems(
    data: Mapping[str, Any], people: list[tuple[int, Mapping[str, Any]]]
) -> Iterator[Reference]:
    """A region must be one of its country's; the country comes from the locale."""
    for index, person in people:
        region = _strings(person.get("region"))
        if region is None or not region or len(region) > 60:
            continue  # no region, or one the field's own check reports
        territory = _territory(person.get("locale"), data.get("locale"))
        if territory is None:
            continue  # the locale's own problem is reported
        codes = subdivisions(territory)
        if codes is None:
            yield Reference(
                ("interviewers", index, "region"),
                f"followup knows no public holidays for the territory {territory!r} of "
                "this person's locale; remove the region",
                region,
            )
        elif region_code(territory, region) is None:
            yield Reference(
                ("interviewers", index, "region"),
                f"is not a region of {territory}, the country of this person's locale; "
                f"use one of {', '.join(region_choices(territory))}"
                if codes
                else f"names a region, but {territory} has none with holidays of their own; "
                "remove it",
                region,
            )


def _newcomers(data: Mapping[str, Any]) -> list[tuple[tuple[int | str, ...], str]]:
    """The people met for the first time at a later interview: each table in a
    ``second_interview`` event's ``interviewers``, with its place and name."""
    found: list[tuple[tuple[int | str, ...], str]] = []
    for index, event in _items(data, "events"):
        if event.get("kind") != "second_interview":
            continue
        for position, person in enumerate(_listed(event.get("interviewers"))):
            if isinstance(person, Mapping) and (name := _strings(person.get("name"))):
                found.append((("events", index, "interviewers", position), name))
    return found


def _event_problems(
    data: Mapping[str, Any], names: list[str], everyone: list[str]
) -> Iterator[Reference]:
    """Events that contradict the facts or each other."""
    day = _as_date(data.get("date"))
    not_person = f"is not the name of someone you met; use one of {_choices(everyone)}"
    topics = {name for _, t in _items(data, "topics") for name in _names(t.get("subject"))}
    later_topics: dict[str, int] = {}
    interview_days: dict[dt.date, int] = {}
    seen_new: dict[str, tuple[int | str, ...]] = {}
    decision: tuple[int, dt.date | None] | None = None
    for index, event in _items(data, "events"):
        kind = event.get("kind")
        when = _as_date(event.get("date"))
        where: tuple[int | str, ...] = ("events", index)
        if when is not None and day is not None and when < day:
            yield Reference(
                (*where, "date"),
                f"is before the interview day {day.isoformat()}; what happens after an "
                "interview is dated on or after it",
                when,
            )
        person = _strings(event.get("person"))
        if person is not None and person not in everyone and "person" in event:
            yield _unknown((*where, "person"), not_person, person, everyone)
        if kind == "reply":
            named = _as_date(event.get("next_contact"))
            if named is not None and when is not None and named <= when:
                yield Reference(
                    (*where, "next_contact"),
                    f"must be after the reply on {when.isoformat()}",
                    named,
                )
        elif kind == "paused":
            until = _as_date(event.get("until"))
            if until is not None and when is not None and until <= when:
                yield Reference(
                    (*where, "until"),
                    f"must be after the day the pause begins, {when.isoformat()}",
                    until,
                )
        elif kind == "second_interview":
            if when is not None and day is not None and when == day:
                yield Reference(
                    (*where, "date"),
                    f"is the first interview's day {day.isoformat()}; a second interview "
                    "comes on a later day",
                    when,
                )
            elif when is not None and when in interview_days:
                yield Reference(
                    (*where, "date"),
                    f"is the day of the interview at events[{interview_days[when]}]; one "
                    "interview a day: merge the two (their interviewers and topics)",
                    when,
                )
            if when is not None:
                interview_days.setdefault(when, index)
            expected = _as_date(event.get("decision_expected"))
            if expected is not None and when is not None and expected <= when:
                yield Reference(
                    (*where, "decision_expected"),
                    f"must be after this interview on {when.isoformat()}",
                    expected,
                )
            for position, entry in enumerate(_listed(event.get("interviewers"))):
                place = (*where, "interviewers", position)
                if isinstance(entry, Mapping):
                    name = _strings(entry.get("name"))
                    if name is None:
                        continue
                    if name in names or name.casefold() in seen_new:
                        yield Reference(
                            (*place, "name"),
                            "is someone you already met; name them by their name alone, "
                            f'as in interviewers = ["{name}"]',
                            name,
                        )
                    seen_new.setdefault(name.casefold(), place)
                    if entry.get("primary") is True:
                        yield Reference(
                            (*place, "primary"),
                            "the primary interviewer is one of the first interview's; "
                            "remove primary here",
                            True,
                        )
                elif (text := _strings(entry)) is not None and text not in everyone:
                    yield _unknown(place, not_person, text, everyone)
            for position, subject in enumerate(_listed(event.get("topics"))):
                text = _strings(subject)
                if text is None:
                    continue
                if text not in topics:
                    yield _unknown(
                        (*where, "topics", position),
                        f"is not a topic's subject; use one of {_choices(sorted(topics))}",
                        text,
                        sorted(topics),
                    )
                elif text in later_topics:
                    yield Reference(
                        (*where, "topics", position),
                        f"is already a topic of the interview at events[{later_topics[text]}]; "
                        "a topic belongs to one interview",
                        text,
                    )
                later_topics.setdefault(text, index)
        elif kind == "decision":
            if decision is not None:
                yield Reference(
                    (*where, "kind"),
                    f"a decision is already recorded at events[{decision[0]}]; keep one",
                    kind,
                )
            else:
                decision = (index, when)
    if decision is None or decision[1] is None:
        return
    for index, event in _items(data, "events"):
        when = _as_date(event.get("date"))
        if event.get("kind") in ("second_interview", "paused") and when and when > decision[1]:
            yield Reference(
                ("events", index, "date"),
                f"comes after the decision on {decision[1].isoformat()} "
                f"(events[{decision[0]}]); nothing is planned after a decision",
                when,
            )


def later_topics(data: Mapping[str, Any]) -> dict[str, int]:
    """The subjects a later interview names as discussed that day, each with the
    place of the first event that names it."""
    found: dict[str, int] = {}
    for index, event in _items(data, "events"):
        if event.get("kind") == "second_interview":
            for subject in _listed(event.get("topics")):
                if (text := _strings(subject)) is not None:
                    found.setdefault(text, index)
    return found


def _short_problems(data: Mapping[str, Any]) -> Iterator[Reference]:
    """A topic's short name that is another fact's name: the drafts would seem to speak
    of that topic or hobby. Compared without case, as subjects are."""
    named: dict[str, str] = {}  # every subject and short name, with where it is
    for index, topic in _items(data, "topics"):
        for text in _names(topic.get("subject")):
            named.setdefault(text.casefold(), f"topics[{index}].subject")
    for index, hobby in _items(data, "hobbies"):
        for text in _names(hobby.get("subject")):
            named.setdefault(text.casefold(), f"hobbies[{index}].subject")
    for index, topic in _items(data, "topics"):
        own = {text.casefold() for text in _names(topic.get("subject"))}
        for text in _names(topic.get("short")):
            where = named.get(text.casefold())
            if text.casefold() not in own and where is not None:
                yield Reference(
                    ("topics", index, "short"),
                    f"is also {where}: the drafts would seem to speak of that; give "
                    "this topic a short name of its own",
                    text,
                )
            else:
                named.setdefault(text.casefold(), f"topics[{index}].short")


def reference_problems(data: Mapping[str, Any]) -> Iterator[Reference]:
    """Problems with references between facts, read from raw or dumped facts."""
    people = _items(data, "interviewers")
    names = [name for _, p in people if (name := _strings(p.get("name")))]
    everyone = names + [name for _, name in _newcomers(data)]
    seen: set[str] = set()
    for index, person in people:
        name = _strings(person.get("name"))
        if name is None:
            continue
        if name.casefold() in seen:
            yield Reference(
                ("interviewers", index, "name"),
                "names an interviewer already listed; give each person once",
                name,
            )
        seen.add(name.casefold())
    primaries = [index for index, person in people if person.get("primary") is True]
    for index in primaries[1:]:
        yield Reference(
            ("interviewers", index, "primary"),
            f"only one interviewer may be primary, and interviewers[{primaries[0]}] already is",
            True,
        )
    yield from _region_problems(data, people)
    day, decision = _as_date(data.get("date")), _as_date(data.get("decision_expected"))
    if day is not None and decision is not None and decision <= day:
        yield Reference(
            ("decision_expected",),
            f"must be after the interview date {day.isoformat()}",
            decision,
        )
    not_person = f"is not an interviewer's name; use one of {_choices(names)}"
    not_met = f"is not the name of someone you met; use one of {_choices(everyone)}"
    topics = [_names(t.get("subject")) for _, t in _items(data, "topics")]
    first_named: dict[str, int] = {}
    for index, topic in _items(data, "topics"):
        subjects = _names(topic.get("subject"))
        twice = next((s for s in subjects if s in first_named), None)
        if twice is not None:
            yield Reference(
                ("topics", index, "subject"),
                f"is listed twice: topics[{first_named[twice]}].subject is also {twice!r}; "
                "merge the two topics",
                twice,
            )
        for subject in subjects:
            first_named.setdefault(subject, index)
        for position, name in enumerate(_listed(topic.get("with", topic.get("with_")))):
            if (text := _strings(name)) is not None and text not in everyone:
                yield _unknown(("topics", index, "with", position), not_met, text, everyone)
    for index, hobby in _items(data, "hobbies"):
        mentioned_by = _strings(hobby.get("person"))
        if mentioned_by is not None and mentioned_by not in everyone:
            yield _unknown(("hobbies", index, "person"), not_met, mentioned_by, everyone)
    known_topics = [name for names in topics for name in names]
    for index, idea in _items(data, "ideas"):
        topic_name = _strings(idea.get("topic"))
        if topic_name is not None and topic_name not in known_topics:
            yield _unknown(
                ("ideas", index, "topic"),
                f"is not a topic's subject; use one of {_choices(known_topics)}",
                topic_name,
                known_topics,
            )
    hobbies = [name for _, h in _items(data, "hobbies") for name in _names(h.get("subject"))]
    subjects = list(dict.fromkeys([*known_topics, *hobbies]))
    yield from _short_problems(data)
    facts: dict[str, list[str]] = {}  # every text, with the facts it names
    for kind in ("topics", "hobbies"):
        for index, fact in _items(data, kind):
            for name in dict.fromkeys(_names(fact.get("subject"))):
                facts.setdefault(name, []).append(f"{kind}[{index}].subject")
    later = later_topics(data)
    for index, gift in _items(data, "gifts"):
        about = _strings(gift.get("about"))
        if about is not None and about not in subjects:
            yield _unknown(
                ("gifts", index, "about"),
                f"is not a topic or hobby subject; use one of {_choices(subjects)}",
                about,
                subjects,
            )
        elif about is not None and len(facts.get(about, [])) > 1:
            yield Reference(
                ("gifts", index, "about"),
                f"names more than one fact ({' and '.join(facts[about])}); "
                "name the one you mean by a text only it has",
                about,
            )
        to = _strings(gift.get("to"))
        if to is not None and to not in names:
            yield _unknown(("gifts", index, "to"), not_person, to, names)
        if about is not None and about in later:
            yield Reference(
                ("gifts", index, "about"),
                f"is a topic of the later interview at events[{later[about]}]; a gift goes "
                "with the first interview's notes: make it about something discussed "
                "then, or give that interview a [[topics]] entry of its own",
                about,
            )
    yield from _event_problems(data, names, everyone)
    yield from _size_problems(data, names)


def _size_problems(data: Mapping[str, Any], names: list[str]) -> Iterator[Reference]:
    """More later interviews, or more people in all, than followup plans for (each
    one more makes planning slower for every draft)."""
    later = [
        index for index, event in _items(data, "events") if event.get("kind") == "second_interview"
    ]
    if len(later) > MAX_LATER_INTERVIEWS:
        yield Reference(
            ("events", later[MAX_LATER_INTERVIEWS], "kind"),
            f"is one later interview too many: followup plans for at most "
            f"{MAX_LATER_INTERVIEWS}; leave out the ones that no longer matter",
            "second_interview",
        )
    newcomers = _newcomers(data)
    room = MAX_PEOPLE_TOTAL - len(names)
    if 0 <= room < len(newcomers):
        where, name = newcomers[room]
        yield Reference(
            where,
            f"is one person too many: followup plans for at most {MAX_PEOPLE_TOTAL} people "
            "in all, the first day's interviewers and those met later",
            name,
        )
