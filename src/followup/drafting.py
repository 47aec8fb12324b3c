"""From decisions to drafts: the render context, the language, and a note that fits its card.

Each :class:`~followup.strategy.Decision` becomes one
:class:`~followup.drafts.Draft`, rendered in its recipient's language as a
note and as an e-mail, with one :class:`~followup.drafts.Enclosure` per gift.
Every part of a draft (note, e-mail, inserts) is written in one language: the
recipient's, when every fact the draft tells has a text in it (a plain fact is
in the interview's language; see :mod:`followup.facts.phrases`), else the
interview's language; and if the wording of that language lacks a message any
part needs, the whole draft is written in the source language.

**A note that fits its card.** A thank-you note is copied by hand onto a
card, which holds about :data:`~followup.rendering.conventions.CARD_WORDS`
words and :data:`~followup.rendering.conventions.CARD_CHARACTERS` characters
(each language's limits are in its
:class:`~followup.rendering.conventions.Conventions`). When the facts give
more to say, optional sentences drop out in the order of :data:`TRIM_ORDER`,
whole sentences only, until the note fits; what was left out is listed in
:attr:`Draft.omitted <followup.drafts.Draft.omitted>`. A topic is left out of
a note only when another draft of the plan carries it (a check-in about it,
or an earlier note that keeps it), so every topic reaches some draft.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from followup._names import before_family, first_surname, honorific, name_words, without_initials
from followup.drafts import Draft, Enclosure
from followup.facts import (
    ArticleGift,
    Gift,
    Hobby,
    Idea,
    Interview,
    Interviewer,
    TipGift,
    WebsiteGift,
)
from followup.facts.phrases import Phrase
from followup.gifts import files_for
from followup.locales import ResolvedLocale, resolve_locale
from followup.rendering import Rendered, conventions, render
from followup.rendering.conventions import Conventions
from followup.strategy import Decision, interview_rounds, promised_day

__all__ = ["TRIM_ORDER", "AsSent", "Renderer", "Told", "draft_all", "drafted", "told"]

TRIM_ORDER = (
    "the detail of a hobby",
    "hobbies after the first, the last first",
    "ideas after the first, the last first",
    "the sentence naming the other interviewers",
    "topics after the first that another draft carries, the last first",
    "the topic the first idea grew from, in its sentence",
    "the first hobby",
    "the first idea, with the offer to come back",
)
"""What a thank-you note leaves out, in this order, when it is too long for its card."""

Form = Literal["note", "email"]
Renderer = Callable[..., Rendered]
"""What renders one template: :func:`followup.rendering.render` or a function with its
signature (one that also records what each template receives, for instance)."""
TITLED = (ArticleGift, WebsiteGift)
"""The gifts with a title."""


_NONE: Mapping[int, str | None] = MappingProxyType({})
_NO_TURNS: Mapping[int, Mapping[str, int]] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Told:
    """What one draft told that the drafts after it take into account."""

    kept: frozenset[str] = frozenset()
    """For a thank-you note, the topics it keeps (a later note may leave them out)."""
    ideas: Mapping[tuple[str, str], tuple[int, int]] = dataclasses.field(default_factory=dict)
    """For a thank-you note sent, the (recipient, idea) pairs it told, each with its
    place among the note's ideas and the interview it followed."""
    asked: frozenset[tuple[str, str]] = frozenset()
    """For a check-in, the (recipient, hobby) it asked about with the hobby's detail."""


@dataclass(frozen=True, slots=True)
class AsSent:
    """A draft as a plan showed it, with what the drafts after it follow from: what a
    draft recorded as sent keeps (see :func:`followup.plan`)."""

    draft: Draft
    season: str | None = None
    """The seasonal wish it opens with (see :func:`seasons`)."""
    turns: Mapping[str, int] | None = None
    """The wording of each of its rotated sentences (see :func:`check_in_turns`)."""
    told: Told = Told()
    """What it told that the drafts after it take into account."""


@dataclass(frozen=True, slots=True)
class _Content:
    """What a note says: the facts it mentions, before wording."""

    topics: tuple[str, ...]
    hobbies: tuple[Hobby, ...]
    ideas: tuple[Idea, ...]
    others: bool
    """Whether it names the other interviewers."""
    detail: Phrase | None
    """A hobby's detail the note mentions."""
    detail_of: str | None = None
    """The hobby that detail is about."""
    idea_topic: bool = True
    """Whether the first idea's sentence names the topic it grew from."""


class _Speaker:
    """Facts in one draft's language: each phrase's text for the draft's locale chain,
    spelled as the draft's variant of the language spells (Swiss "ss")."""

    def __init__(self, interview: Interview, locale: ResolvedLocale) -> None:
        self.locale = locale
        self.default = interview.locale
        self.spell = conventions(locale.formatting).spell
        self.subjects: dict[str, Phrase] = {str(t.subject): t.subject for t in interview.topics}
        self.subjects.update((str(h.subject), h.subject) for h in interview.hobbies)
        self.shorts: dict[str, Phrase] = {
            str(t.subject): t.short for t in interview.topics if t.short is not None
        }

    def has(self, phrase: Phrase) -> bool:
        """Whether *phrase* has a text in this draft's language."""
        return phrase.text_for(self.locale.chain, default=self.default) is not None

    def say(self, phrase: str) -> str:
        """*phrase* in this draft's language (its first text when it has none there)."""
        if not isinstance(phrase, Phrase):
            phrase = self.subjects.get(phrase, Phrase(phrase))
        text = phrase.text_for(self.locale.chain, default=self.default) or str(phrase)
        return self.spell(text)

    def short(self, subject: str) -> str:
        """The topic *subject* as it is named once it has been: its short name where
        the facts give one in this draft's language, else the subject itself."""
        short = self.shorts.get(subject)
        text = short.text_for(self.locale.chain, default=self.default) if short else None
        return self.say(subject) if text is None else self.spell(text)


def told(decision: Decision, interview: Interview) -> list[Phrase]:
    """Every fact a draft for *decision* may tell, as phrases."""
    subjects = {str(t.subject): t.subject for t in interview.topics}
    found: list[Phrase] = [subjects.get(t, Phrase(t)) for t in decision.topics]
    for hobby in decision.hobbies:
        found += [hobby.subject, *([hobby.detail] if hobby.detail else [])]
    found += [idea.summary for idea in decision.ideas]
    hobbies = {str(h.subject): h.subject for h in interview.hobbies}
    for gift in decision.enclosures:
        found.append(subjects.get(gift.about) or hobbies.get(gift.about) or Phrase(gift.about))
        if isinstance(gift, ArticleGift | WebsiteGift):
            found.append(gift.title)
        elif isinstance(gift, TipGift):
            found.append(gift.text)
        elif gift.contact.note:
            found.append(gift.contact.note)
    if isinstance(interview.role, Phrase) and interview.role.variants:
        found.append(interview.role)
    return found


class _People:
    """The people of one interview as templates see them, each worked out once per
    plan (a committee's every draft names everyone else)."""

    def __init__(self, interview: Interview) -> None:
        self.interview = interview
        self.everyone = {p.name: index for index, p in enumerate(interview.people)}
        self.primary = interview.primary.name
        self.tables: dict[
            int,
            tuple[
                dict[str, int],
                dict[str, int],
                dict[str, int],
                dict[str, dict[str, str]],
                dict[str, str],
            ],
        ] = {}
        self.found: dict[tuple[str, int], dict[str, Any]] = {}

    def __call__(self, person: Interviewer, met: tuple[Interviewer, ...] = ()) -> dict[str, Any]:
        """*person* for a template (never changed by the caller); *met*: the people of
        a later interview the draft is about (default: the first day's interviewers)."""
        people = met or self.interview.interviewers
        key = (person.name, id(people))
        found = self.found.get(key)
        if found is not None:
            return found
        table = self.tables.get(id(people))
        if table is None:
            named = tuple((p.name, str(p.given_name), str(p.family_name)) for p in people)
            shown = _shown_names(p.name for p in people)
            table = self.tables[id(people)] = (*_names_of(named), _surnames_of(named), shown)
        given, family, names, surnames, shown = table
        name = shown.get(person.name) or without_initials(person.name)
        interview = self.interview
        found = self.found[key] = {
            "name": name,
            "given_name": person.given_name,
            "family_name": person.family_name,
            **(
                surnames[person.name]
                if person.name in surnames
                else _one_surname(name, str(person.family_name))
            ),
            "title": person.title,
            "honorific": honorific(person.title),
            "gender": person.gender,
            "position": person.position,
            "formality": person.formality or interview.formality,
            "primary": person.name == self.primary,
            "index": names.get(person.name, self.everyone[person.name]),
            # Whether another interviewer goes by the same given or family name.
            "given_name_shared": given.get(str(person.given_name).casefold(), 0) > 1,
            "family_name_shared": family.get(str(person.family_name).casefold(), 0) > 1,
        }
        return found


def _conventions_of(decision: Decision, interview: Interview) -> Conventions:
    """The conventions of the language a decision's recipient reads."""
    return conventions(resolve_locale(decision.recipient.locale or interview.locale).formatting)


def _shown_names(names: Iterable[str]) -> dict[str, str]:
    """How running text names each of *names*: without middle initials, unless two
    would then be named alike.

    >>> list(_shown_names(["Laura J. Delgado", "John A. Smith", "John B. Smith"]).values())
    ['Laura Delgado', 'John A. Smith', 'John B. Smith']
    """
    shown = {name: without_initials(name) for name in names}
    counts: dict[str, int] = {}
    for short in shown.values():
        counts[short.casefold()] = counts.get(short.casefold(), 0) + 1
    return {
        name: short if counts[short.casefold()] == 1 else name for name, short in shown.items()
    }


def _one_surname(name: str, family_name: str) -> dict[str, str]:
    """How a Spanish letter names someone with two surnames: greeted by the first
    ("Estimado Sr. Ortega:"), named in running text with it alone ("Rafael Ortega");
    with one surname, as the facts write it.

    >>> _one_surname("Rafael Ortega Ruiz", "Ortega Ruiz")
    {'first_surname': 'Ortega', 'name_with_first_surname': 'Rafael Ortega'}
    >>> _one_surname("Rafael Ortega Ruiz", "Ruiz")["name_with_first_surname"]
    'Rafael Ortega Ruiz'
    >>> _one_surname("Dr. Rafael Ortega Ruiz, PhD", "Ortega Ruiz")["name_with_first_surname"]
    'Rafael Ortega'
    """
    first = first_surname(family_name)
    before = before_family(name_words(name), family_name)
    short = " ".join([*before, first]) if first != family_name and before else name
    return {"first_surname": first, "name_with_first_surname": short}


def _names_of(
    people: tuple[tuple[str, str, str], ...],
) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """For the (name, given name, family name) of the people met: how many go by each
    given and each family name (case-folded), and each name's place (a committee's
    every draft asks, so it is counted once)."""
    given: dict[str, int] = {}
    family: dict[str, int] = {}
    for _, first, last in people:
        given[first.casefold()] = given.get(first.casefold(), 0) + 1
        family[last.casefold()] = family.get(last.casefold(), 0) + 1
    return given, family, {name: index for index, (name, _, _) in enumerate(people)}


def _surnames_of(people: tuple[tuple[str, str, str], ...]) -> dict[str, dict[str, str]]:
    """For the (name, given name, family name) of the people met, by name: how a Spanish
    letter greets and names each (:func:`_one_surname`). Two who would go by the same
    name with one surname ("Rafael Ortega" for Rafael Ortega Ruiz and Rafael Ortega
    López), or one by another's whole name, are each named in full."""
    shown = _shown_names(name for name, _, _ in people)
    found = {name: _one_surname(shown[name], last) for name, _, last in people}
    counts: dict[str, int] = {}
    for name, parts in found.items():
        for called in {name.casefold(), parts["name_with_first_surname"].casefold()}:
            counts[called] = counts.get(called, 0) + 1
    for name, parts in found.items():
        if counts[parts["name_with_first_surname"].casefold()] > 1:
            parts["name_with_first_surname"] = shown[name]
    return found


def _shortened(decision: Decision, content: _Content, subject: str) -> bool:
    """Whether a draft (or a slip with it) names the topic *subject* by its short name.
    A thank-you note names a topic in full in its list, and by its short name after
    that; every later draft uses the short name. A note shortened for its card may
    have left the topic out of its list: then it is named in full where it comes up."""
    return decision.kind != "thank_you" or subject in content.topics


def _candidate(interview: Interview) -> dict[str, Any]:
    data = interview.candidate.model_dump(mode="json")
    data["given_name"] = name_words(interview.candidate.name)[0]
    return data


def _season(day: dt.date, *, new_year_until: int) -> str | None:
    """Near the turn of the year, a check-in opens with a seasonal wish: for the
    holidays ahead until Christmas Eve ("year_end"), for the new year ahead after
    Christmas ("turn_of_year"), for the new year begun until *new_year_until*
    January, its first fortnight in most languages ("new_year")."""
    if day.month == 12 and day.day >= 25:
        return "turn_of_year"
    if day.month == 12 and day.day >= 15:
        return "year_end"
    if day.month == 1 and day.day <= new_year_until:
        return "new_year"
    return None


AFTER_HOLIDAYS = "after_holidays"
"""The season of the first check-in in January's first fortnight to someone wished the
holidays in December: it opens by hoping they went well (no second wish)."""

HOLIDAYS_ENDING = "holidays_ending"
"""The season of that check-in while the holidays last (in Spain until Epiphany): its
e-mail hopes they are going well (its card, read later, that they went well)."""

_DEFAULT_CONVENTIONS = Conventions()

SEASON_GAP = dt.timedelta(days=21)
"""A seasonal wish is made once: a check-in this soon after one that made it does not."""


def seasons(
    decisions: Sequence[Decision],
    *,
    conventions: Callable[[Decision], Conventions] = lambda _: _DEFAULT_CONVENTIONS,
    fixed: Mapping[int, str | None] = _NONE,
) -> dict[int, str | None]:
    """The season of each check-in (by the decision's identity): one seasonal wish
    per turn of the year for each recipient, in the first check-in that can make it
    (a wish for the holidays is the one for the new year too: no check-in within
    :data:`SEASON_GAP` after it makes another); none in January after a January
    interview with them (wishes are said in person). *conventions* gives the
    conventions of a check-in's language: whether it wishes the new year apart from
    the holidays (after a wish for the holidays, one for the new year in the last
    days of December or else in January: ``new_year_apart``), the last day of
    January it wishes a Happy New Year (``new_year_until``); until then, the first
    check-in to someone wished the holidays in December hopes they went well
    (:data:`AFTER_HOLIDAYS`), or, before they end (``holidays_until``), that they are
    going well (:data:`HOLIDAYS_ENDING`). A check-in
    in *fixed* (by identity) has the season given there: the wish it made when it
    went out.

    >>> day = dt.date
    >>> from followup.facts import Interviewer
    >>> dana = Interviewer(name="Dana Rivera")
    >>> series = [Decision("check_in", dana, day(2026, 12, 29)),
    ...           Decision("check_in", dana, day(2027, 1, 12))]
    >>> list(seasons(series).values())
    ['turn_of_year', None]
    >>> series = [Decision("check_in", dana, day(2026, 12, 22)),
    ...           Decision("check_in", dana, day(2027, 1, 5)),
    ...           Decision("check_in", dana, day(2027, 1, 12))]
    >>> list(seasons(series).values())
    ['year_end', 'after_holidays', None]
    >>> series = [Decision("check_in", dana, day(2026, 12, 15)),
    ...           Decision("check_in", dana, day(2026, 12, 29)),
    ...           Decision("check_in", dana, day(2027, 1, 19))]
    >>> list(seasons(series).values())
    ['year_end', None, None]
    >>> from followup.rendering.languages.french import French
    >>> from followup.rendering.languages.spanish import Spanish
    >>> series = [Decision("check_in", dana, day(2026, 12, 26)),
    ...           Decision("check_in", dana, day(2027, 1, 30))]
    >>> list(seasons(series, conventions=lambda _: French()).values())
    ['turn_of_year', None]
    >>> series = [Decision("thank_you", dana, day(2027, 1, 12)),
    ...           Decision("check_in", dana, day(2027, 1, 26))]
    >>> seasons(series, conventions=lambda _: French())[id(series[1])] is None
    True

    In Spain the holidays last until Epiphany (6 January):

    >>> series = [Decision("check_in", dana, day(2026, 12, 22)),
    ...           Decision("check_in", dana, day(2027, 1, 5)),
    ...           Decision("check_in", dana, day(2027, 1, 12))]
    >>> list(seasons(series, conventions=lambda _: Spanish()).values())
    ['year_end', 'holidays_ending', None]
    """
    found: dict[int, str | None] = {}
    wished: dict[str, tuple[dt.date, str]] = {}
    for decision in sorted(decisions, key=lambda d: d.written_on or d.send_on):
        if decision.status == "skipped":
            continue  # a draft never sent made no wish
        day = decision.written_on or decision.send_on
        rules = conventions(decision)
        season = in_season = _season(day, new_year_until=rules.new_year_until)
        name = decision.recipient.name
        if id(decision) in fixed:
            season = fixed[id(decision)]
            if season is not None:
                wished[name] = (day, season)
            found[id(decision)] = season
            continue
        if decision.kind != "check_in":
            if season == "new_year" and decision.kind == "thank_you":
                wished[name] = (day, season)  # met in January: wished in person
            continue
        before = wished.get(name)
        # One wish for the holidays and the new year (readers found a second, weeks
        # after the first, a holiday card on autopilot), unless the language wishes the
        # new year in its own right (French "meilleurs vœux" in January).
        apart = rules.new_year_apart
        if season is not None and before is not None and day - before[0] < SEASON_GAP:
            follows = apart and before[1] == "year_end" and season != "year_end"
            season = season if follows else None
        wished_it = before is not None and _new_year_wished(*before, day, holidays=not apart)
        if season == "new_year" and wished_it:
            season = None  # one wish for the new year, however late January comes
        holidays_wished = before is not None and before[1] == "year_end"
        if in_season == "new_year" and season is None and holidays_wished:
            # Wished the holidays in December: the first check-in of January hopes they
            # went well, or go well while they last (a reader expects the turn of the
            # year to be noticed).
            season = AFTER_HOLIDAYS if day.day > rules.holidays_until else HOLIDAYS_ENDING
        if season is not None:
            wished[name] = (day, season)
        found[id(decision)] = season
    return found


def _new_year_wished(on: dt.date, season: str, day: dt.date, *, holidays: bool = True) -> bool:
    """Whether a wish for *season* made *on* wished the new year that *day* is in (with
    *holidays*, a wish for the holidays does)."""
    last_year = day.year - 1
    return (season, on.year) in (
        ("year_end", last_year if holidays else None),
        ("turn_of_year", last_year),
        ("new_year", day.year),
        (AFTER_HOLIDAYS, day.year),
        (HOLIDAYS_ENDING, day.year),
    )


def _phrase(text: str) -> str:
    """A fact a template puts inside a sentence: without a full stop, colon or
    semicolon of its own at its end ("?" and "!" are the fact's and stay)."""
    return text.rstrip(" .;:")


def _ending(text: str) -> str:
    """A fact that ends a sentence: with its own closing punctuation, a full stop
    when it has none ("?" and "!" kept)."""
    text = text.strip().rstrip(" ;:,")
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _sentence(text: str) -> str:
    """A fact that stands as a sentence of its own: closing punctuation, and a capital
    first when its first word is a plain lower-case word ("eBay", "npm" stay)."""
    text = text.strip()
    if not text.endswith((".", "!", "?", "…")):
        text += "."
    first = text.split(maxsplit=1)[0] if text else ""
    if first.isalpha() and first.islower():
        return text[:1].upper() + text[1:]
    return text


def _gift(gift: Gift, interview: Interview, say: _Speaker, *, short: bool) -> dict[str, Any]:
    """A gift for a template; its topic by its short name when *short* (the draft, or
    the note it goes with, has named the topic in full)."""
    data = gift.model_dump(mode="json", by_alias=True)
    hobby = any(h.subject == gift.about for h in interview.hobbies)
    data["about_kind"] = "hobby" if hobby else "topic"
    data["about"] = say.short(gift.about) if short else say.say(gift.about)
    if isinstance(gift, ArticleGift | WebsiteGift):
        data["title"] = say.say(gift.title)
    elif isinstance(gift, TipGift):
        data["text"] = say.say(gift.text)
    elif gift.contact.note:
        data["contact"]["note"] = _sentence(say.say(gift.contact.note))
    return data


def _hobby(hobby: Hobby, say: _Speaker, *, detail: bool) -> dict[str, Any]:
    return {
        "subject": say.say(hobby.subject),
        "person": hobby.person,
        "detail": _phrase(say.say(hobby.detail)) if detail and hobby.detail else None,
    }


def _context(
    decision: Decision,
    interview: Interview,
    content: _Content,
    form: Form,
    say: _Speaker,
    *,
    told: Mapping[tuple[str, str], tuple[int, int]] | None = None,
    last: bool = False,
    season: str | None = None,
    people: _People | None = None,
    round_number: int = 1,
    asked_for: dt.date | None = None,
    turns: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """The render context: plain data only, never model instances. *told* gives the
    (recipient, idea) pairs a thank-you note has already told, each with its place
    among the ideas that note told (0 for the first) and the interview that note
    followed (1 for the first); *last* is whether the
    draft is its recipient's last check-in before the decision; *asked_for*, for a
    thank-you note, the day its recipient asked in a reply to hear from the
    candidate next, when the next check-in to them goes out then; *turns*, for a
    check-in, which wording each of its rotated sentences takes (:data:`TURNS`)."""
    recipient = decision.recipient
    check_in = decision.kind == "check_in"

    def shortened(subject: str) -> bool:
        return _shortened(decision, content, subject)

    # A check-in sent says what was known when it went out.
    decision_day = decision.expected if decision.last is not None else interview.expected_decision
    day = decision.day or interview.date
    met = decision.met
    person = people or _People(interview)
    return {
        "kind": decision.kind,
        "form": form,
        "company": interview.company,
        "role": say.say(interview.role),
        "interview_date": day,
        "send_on": decision.send_on,
        "same_day": decision.send_on == day,
        "season": season if check_in else None,
        "candidate": _candidate(interview),
        "recipient": person(recipient, met) | {"again": decision.again},
        "others": (
            [
                person(p, met) | {"again": p.name in decision.seen}
                for p in (met or interview.interviewers)
                if p.name != recipient.name
            ]
            if content.others
            else []
        ),
        "again": decision.again,
        "round": round_number,
        "outcome": decision.outcome,
        "topics": [
            say.say(t) if decision.kind == "thank_you" else say.short(t) for t in content.topics
        ],
        "hobbies": [_hobby(h, say, detail=check_in) for h in content.hobbies],
        "hobby_detail": (
            _phrase(say.say(content.detail)) if content.detail and not check_in else None
        ),
        "ideas": [
            {
                "summary": _ending(say.say(i.summary)),
                "topic": (
                    None
                    if not i.topic or not (n or content.idea_topic)
                    else say.short(i.topic)
                    if shortened(i.topic)
                    else say.say(i.topic)
                ),
                "told": (at := (told or {}).get((recipient.name, str(i.summary)))) is not None,
                "told_index": None if at is None else at[0],
                "told_round": None if at is None else at[1],
            }
            for n, i in enumerate(content.ideas)
        ],
        # Only the primary interviewer decides: the others are not told "your decision".
        "decision_day": (
            decision_day
            if check_in
            and last
            and recipient == interview.primary
            and decision_day is not None
            and decision_day > (decision.written_on or decision.send_on)
            else None
        ),
        "enclosures": [
            _gift(g, interview, say, short=shortened(g.about)) for g in decision.enclosures
        ],
        "interest": say.short(decision.interest) if decision.interest else None,
        "number": decision.number,
        "asked": decision.asked,
        "next_interview": (
            {"day": decision.next_interview, "with_you": decision.meets_again}
            if decision.next_interview is not None
            else None
        ),
        "interview_ahead": (
            {"day": decision.interview_ahead, "with_you": decision.meets_ahead}
            if decision.interview_ahead is not None
            else None
        ),
        "asked_for": asked_for if decision.kind == "thank_you" else None,
        "turns": dict.fromkeys([*TURNS, "note"], 0) | dict(turns or {}),
    }


NOTE_TURNS = 3
"""How many wordings the rotated sentences of a thank-you note have (its opening, its
sentence about the topics, its closing): ``turns.note`` says which one a note takes."""


def note_turns(
    decisions: Sequence[Decision], people: _People, rounds: Mapping[dt.date, int]
) -> dict[int, int]:
    """For each thank-you note (by the decision's identity), which wording its rotated
    sentences take (of :data:`NOTE_TURNS`): the notes to people met for the first time
    take them in turn across every interview, so that a newcomer at a later interview
    is not written what a colleague read after the first; a note to someone met again
    takes the turn of their place that day, moved on by one per interview.

    >>> from followup.strategy import Decision
    >>> from followup.facts import Interview
    >>> interview = Interview.model_validate({"candidate": {"name": "Sam"}, "company": "Co",
    ...     "role": "Engineer", "date": "2026-11-24",
    ...     "interviewers": [{"name": n} for n in ("Ann", "Bo", "Cy", "Di")]})
    >>> ann, bo, cy, di = interview.interviewers
    >>> later = dt.date(2026, 12, 8)
    >>> notes = [Decision("thank_you", p, interview.date) for p in (ann, bo, cy)] + [
    ...     Decision("thank_you", ann, later, day=later, met=(ann, di), again=True),
    ...     Decision("thank_you", di, later, day=later, met=(ann, di))]
    >>> list(note_turns(notes, _People(interview), {interview.date: 1, later: 2}).values())
    [0, 1, 2, 1, 0]
    """
    found: dict[int, int] = {}
    newcomers = 0
    for decision in decisions:
        if decision.kind != "thank_you":
            continue
        if decision.again:
            index = people(decision.recipient, decision.met or ())["index"]
            number = rounds.get(decision.day, 1) if decision.day is not None else 1
            found[id(decision)] = (index + number - 1) % NOTE_TURNS
        else:
            found[id(decision)] = newcomers % NOTE_TURNS
            newcomers += 1
    return found


TURNS: Mapping[str, int] = MappingProxyType(
    {"subject": 4, "opening": 4, "hobby": 3, "idea": 3, "topic": 4, "interest": 6}
)
"""How many wordings each rotated sentence of a check-in has: the template variable
``turns`` gives, for each of these sentences, which wording to take (from 0)."""


HOPING: Mapping[str, frozenset[int]] = MappingProxyType(
    {"opening": frozenset({0, 2}), "hobby": frozenset({1}), "interest": frozenset({4})}
)
"""The wordings of a check-in's rotated sentences that hope ("I hope you are well",
"I hope you have been able to enjoy …", "I very much hope to …"), in every shipped
language, as every seasonal opening hopes or wishes: a check-in hopes once, its
later sentences take another wording ("I hope …. I hope …" reads as a form)."""


GIFT_SUBJECTS = frozenset({1, 3})
"""The wordings of a check-in's subject that suit one carrying a gift about a hobby ("A
quick hello", "Keeping in touch"), which its subject does not name: not "Checking in
about the … position" or "Following up on our conversation" over a ski article."""


def _names_gift(decision: Decision, hobbies: frozenset[str]) -> bool:
    """Whether a check-in's subject names the gift it carries: a contact, or a gift about
    a topic (one about a hobby, one of *hobbies*, takes the subject of any day)."""
    if not decision.enclosures:
        return False
    gift = decision.enclosures[0]
    return gift.kind == "contact" or gift.about not in hobbies


def _says(
    decision: Decision,
    sentence: str,
    *,
    season: str | None = None,
    hobbies: frozenset[str] = frozenset(),
) -> bool:
    """Whether a check-in says *sentence* of :data:`TURNS` (as ``check_in.j2``
    chooses: a gift's paragraph, else a hobby, an idea or a topic; a check-in
    the recipient asked for has its own subject, opening and reminder; one with a
    *season* opens with a wish, and has the wish's subject unless a gift names it;
    a gift about one of *hobbies* is not named, a gift about a topic is)."""
    seasonal = season is not None
    if sentence == "interest":  # the last before a later interview looks forward to it
        # A wish before the new year looks ahead to it instead, but takes its turn: a
        # colleague's check-in that day (or the last before the decision, which says
        # it all the same) keeps another wording.
        return decision.asked is None and decision.next_interview is None
    if sentence == "opening":
        return decision.asked is None and not seasonal
    if sentence == "subject":  # after the holidays, no wish: the subject of any day
        wish = seasonal and season not in (AFTER_HOLIDAYS, HOLIDAYS_ENDING)
        return decision.asked is None and not _names_gift(decision, hobbies) and not wish
    if decision.enclosures:
        return False
    if sentence == "hobby":
        return bool(decision.hobbies)
    if sentence == "idea":
        return bool(decision.ideas) and not decision.hobbies
    return bool(decision.topics) and not decision.hobbies and not decision.ideas


def check_in_turns(
    decisions: Sequence[Decision],
    people: _People,
    seasons: Mapping[int, str | None] = _NONE,
    fixed: Mapping[int, Mapping[str, int]] = _NO_TURNS,
) -> dict[int, dict[str, int]]:
    """For each check-in (by the decision's identity), which wording each of its
    rotated sentences (:data:`TURNS`) takes: its turn by its place in its
    recipient's series and on the committee, unless that wording went to the
    same recipient in the last check-ins that said the sentence, went out in
    another check-in that day (colleagues compare notes) or, for the sentence
    about a topic, was the last telling of that topic to anyone; then the next
    wording that is none of these. A series longer than a sentence's wordings
    repeats one as late as it can. The check-ins *seasons* gives a season (by
    identity) open with a seasonal wish: their opening and subject are not the
    rotated ones (see :func:`seasons`). A check-in in *fixed* (by identity) takes the
    wordings given there: those it went out with.

    >>> from followup.strategy import Decision
    >>> from followup.facts import Interview
    >>> interview = Interview.model_validate({"candidate": {"name": "Sam"}, "company": "Co",
    ...     "role": "Engineer", "date": "2026-11-24", "interviewers": [{"name": "Dana"}]})
    >>> dana = interview.interviewers[0]
    >>> series = [Decision(kind="check_in", recipient=dana, number=n, topics=("streaming",),
    ...     send_on=interview.date + dt.timedelta(weeks=2 * n)) for n in range(1, 8)]
    >>> turns = check_in_turns(series, _People(interview))
    >>> [turns[id(d)]["interest"] for d in series]  # the fifth opens hoping: not "I hope" again
    [0, 1, 2, 3, 5, 4, 0]
    >>> [turns[id(d)]["topic"] for d in series]
    [0, 1, 2, 3, 0, 1, 2]
    """
    turns: dict[int, dict[str, int]] = {}
    told: dict[tuple[str, str], list[int]] = {}
    """The wordings each (sentence, recipient) went out in, oldest first."""
    topic_last: dict[str, int] = {}
    today: dict[tuple[str, dt.date], set[int]] = {}
    hobbies = frozenset(hobby.subject for hobby in people.interview.hobbies)
    for decision in decisions:
        if decision.kind != "check_in":
            continue
        index = people(decision.recipient, decision.met or ())["index"]
        season = seasons.get(id(decision))
        hoped = season is not None  # a seasonal opening wishes or hopes
        # A gift about a hobby rides along: not "Checking in about the position".
        hobby_gift = bool(decision.enclosures) and not _names_gift(decision, hobbies)
        chosen: dict[str, int] = {}
        for sentence, size in TURNS.items():
            preferred = (decision.number - 1 + index) % size
            order = [(preferred + step) % size for step in range(size)]
            history = told.setdefault((sentence, decision.recipient.name), [])
            recent = set(history[max(0, len(history) - size + 1) :]) if size > 1 else set()
            taken = today.setdefault((sentence, decision.send_on), set())
            topic = decision.topics[0] if sentence == "topic" and decision.topics else None
            if topic is not None and topic in topic_last:
                recent.add(topic_last[topic])
            hoping = HOPING.get(sentence, frozenset())
            # Once the check-in has hoped, a wording that hopes again comes last: after
            # one the recipient had lately, the one they had longest ago.
            allowed = [t for t in order if not (hoped and t in hoping)] or order
            if sentence == "subject" and hobby_gift:
                allowed = [t for t in allowed if t in GIFT_SUBJECTS]
            turn = next(
                (t for t in allowed if t not in recent and t not in taken),
                next(
                    (t for t in allowed if t not in recent),
                    min(allowed, key=lambda t: _last_told(history, t))
                    if len(allowed) < size
                    else preferred,
                ),
            )
            if id(decision) in fixed and sentence in fixed[id(decision)]:
                turn = fixed[id(decision)][sentence]
            chosen[sentence] = turn
            if _says(decision, sentence, season=season, hobbies=hobbies):
                hoped = hoped or turn in hoping
                history.append(turn)
                taken.add(turn)
                if topic is not None:
                    topic_last[topic] = turn
        turns[id(decision)] = chosen
    return turns


def _last_told(history: Sequence[int], turn: int) -> int:
    """Where *turn* was last told in *history* (oldest first); -1 when never."""
    return max((at for at, told in enumerate(history) if told == turn), default=-1)


def _full(decision: Decision, detailed: frozenset[str], *, others: bool) -> _Content:
    """Everything a decision could say; a hobby's detail only when no check-in is
    about that hobby (the check-in mentions it then)."""
    hobby = next((h for h in decision.hobbies if h.detail and h.subject not in detailed), None)
    return _Content(
        topics=decision.topics,
        hobbies=decision.hobbies,
        ideas=decision.ideas,
        others=others,
        detail=hobby.detail if hobby else None,
        detail_of=hobby.subject if hobby else None,
    )


def _trims(content: _Content, carried: set[str]) -> Iterator[tuple[_Content, str]]:
    """Ever shorter contents, in the order of :data:`TRIM_ORDER`, each with what it dropped."""
    replace = dataclasses.replace
    if content.detail:
        dropped = f"the detail of {content.detail_of}"
        yield (content := replace(content, detail=None)), dropped
    while len(content.hobbies) > 1:
        dropped = content.hobbies[-1].subject
        yield (content := replace(content, hobbies=content.hobbies[:-1])), dropped
    while len(content.ideas) > 1:
        dropped = content.ideas[-1].summary
        yield (content := replace(content, ideas=content.ideas[:-1])), dropped
    if content.others:
        yield (content := replace(content, others=False)), "the other interviewers' names"
    for topic in reversed(content.topics[1:]):
        if topic in carried:
            kept = tuple(t for t in content.topics if t != topic)
            yield (content := replace(content, topics=kept)), topic
    if content.ideas and content.ideas[0].topic:
        dropped = f"the topic of {content.ideas[0].summary}"
        yield (content := replace(content, idea_topic=False)), dropped
    if content.hobbies:
        dropped = content.hobbies[0].subject
        yield (content := replace(content, hobbies=())), dropped
    if content.ideas:
        dropped = content.ideas[0].summary
        yield replace(content, ideas=()), dropped


def first_fitting(count: int, fits: Callable[[int], bool]) -> int:
    """The first of *count* steps (0, 1, …) that *fits*, the last when none does. Each
    step only takes away, so once one fits every later one does: steps doubling from
    the first, then halving the range last tried, try a few rather than each (one
    when the first fits).

    >>> first_fitting(9, lambda step: step >= 5)
    5
    """
    low, high, probe = 0, count - 1, 0
    while True:
        if fits(probe):
            high = probe
            break
        low = probe + 1
        if probe == high:
            return high  # nothing fits: every step taken
        probe = min(2 * probe + 1, high)
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    return high


class _Drafter:
    """Renders the decisions of one plan, in each recipient's language."""

    def __init__(
        self,
        interview: Interview,
        template_dirs: tuple[Path, ...],
        decisions: Sequence[Decision],
        renderer: Renderer,
        as_sent: Mapping[int, Mapping[str, AsSent]] = MappingProxyType({}),
    ) -> None:
        self.interview = interview
        self.template_dirs = template_dirs
        self.renderer = renderer
        self.people = _People(interview)
        self.rounds = {r.day: r.number for r in interview_rounds(interview)}
        """Each interview day's place among the interviews (1 for the first)."""
        self.told: dict[tuple[str, str], tuple[int, int]] = {}
        """The (recipient, idea) pairs the thank-you notes drafted so far have told,
        each with its place among the ideas of that note and the interview it
        followed."""
        last: dict[str, int] = {}
        self.check_ins: dict[str, list[Decision]] = {}
        """Each recipient's check-ins, in the order decided."""
        for decision in decisions:
            if decision.kind == "check_in":
                last[decision.recipient.name] = decision.number
                self.check_ins.setdefault(decision.recipient.name, []).append(decision)
        self.last = frozenset(last.items())
        """Each recipient's last check-in, as (name, number)."""
        self.sent = {
            id(d): as_sent[d.sent_by][d.id]
            for d in decisions
            if d.sent_by is not None and d.id in as_sent.get(d.sent_by, {})
        }
        """The drafts recorded as sent, as the plan they went out from showed them (by
        the decision's identity): they keep their words, and the drafts after them
        follow from those."""
        self.seasons = seasons(
            decisions,
            conventions=lambda d: _conventions_of(d, interview),
            fixed={key: sent.season for key, sent in self.sent.items()},
        )
        # A check-in that opens with a seasonal wish leaves its turn of the opening (and
        # of the subject) to the next: four wordings last four check-ins that say them.
        self.turns = check_in_turns(
            decisions,
            self.people,
            self.seasons,
            fixed={key: sent.turns for key, sent in self.sent.items() if sent.turns is not None},
        )
        """The wordings of each check-in's rotated sentences (see :func:`check_in_turns`)."""
        for key, turn in note_turns(decisions, self.people, self.rounds).items():
            self.turns[key] = {"note": turn}
        self.asked_after: set[tuple[str, str]] = set()
        """The (recipient, hobby) pairs a check-in drafted so far asked about with the
        hobby's detail: a later check-in about that hobby asks without it."""
        self.kept: set[str] = set()
        """The topics the thank-you notes drafted so far keep."""

    def _render(
        self, kind: str, context: dict[str, Any], locale: ResolvedLocale, *, html: bool = True
    ) -> Rendered:
        return self.renderer(
            kind,
            context,
            locale=locale,
            formality=context.get("recipient", {}).get("formality", "formal"),
            # An e-mail sent the day of the interview it speaks of says "today".
            today=bool(context.get("same_day")) and context.get("form") == "email",
            template_dirs=self.template_dirs,
            html=html,
            fallback=False,
        )

    def _parts(
        self, decision: Decision, content: _Content, locale: ResolvedLocale
    ) -> tuple[Rendered, Rendered, list[Rendered]]:
        """The note, the e-mail and the inserts, all in one language."""
        attempts = [locale]
        if not locale.is_source:
            attempts.append(locale.in_source_language())
        for attempt in attempts:
            say = _Speaker(self.interview, attempt)
            note = self._render(
                decision.kind, self._context(decision, content, "note", say), attempt
            )
            email = self._render(
                decision.kind, self._context(decision, content, "email", say), attempt
            )
            inserts = [
                self._render(
                    "enclosure", self._insert_context(decision, content, gift, say), attempt
                )
                for gift in decision.enclosures
            ]
            if not any(part.missing for part in (note, email, *inserts)):
                break
        return note, email, inserts

    def _context(
        self, decision: Decision, content: _Content, form: Form, say: _Speaker
    ) -> dict[str, Any]:
        return _context(
            decision,
            self.interview,
            content,
            form,
            say,
            told=self.told,
            last=(
                decision.last
                if decision.last is not None
                else (decision.recipient.name, decision.number) in self.last
            ),
            season=self.seasons.get(id(decision)),
            people=self.people,
            round_number=self.rounds.get(decision.day or self.interview.date, 1),
            asked_for=self._asked_for(decision),
            turns=self.turns.get(id(decision)),
        )

    def _asked_for(self, decision: Decision) -> dt.date | None:
        """For a thank-you note, the day of the next check-in to its recipient when a
        reply asked for it then: the note says the candidate will be in touch that day."""
        if decision.kind != "thank_you":
            return None
        if decision.promised_known:  # sent: as the plan stood when it went out
            return decision.promised
        return promised_day(decision, self.check_ins.get(decision.recipient.name, ()))

    def _asked_once(
        self, decision: Decision, content: _Content
    ) -> tuple[_Content, frozenset[tuple[str, str]]]:
        """*content* of a check-in whose hobby's detail was asked about already (an
        earlier check-in to the same person said "You mentioned …") without it, and
        the (recipient, hobby) it asks about with the detail, if any."""
        name = decision.recipient.name
        hobbies = tuple(
            h.model_copy(update={"detail": None})
            if h.detail and (name, str(h.subject)) in self.asked_after
            else h
            for h in content.hobbies
        )
        # A check-in left unsent asked nothing.
        told = decision.status != "skipped" and not decision.enclosures
        asked = told and bool(hobbies) and bool(hobbies[0].detail)
        return (
            dataclasses.replace(content, hobbies=hobbies),
            frozenset({(name, str(hobbies[0].subject))} if asked else ()),
        )

    def _tell(self, told: Told) -> None:
        """What a draft told, for the drafts after it."""
        self.kept.update(told.kept)
        self.told.update(told.ideas)
        self.asked_after.update(told.asked)

    def _insert_context(
        self, decision: Decision, content: _Content, gift: Gift, say: _Speaker
    ) -> dict[str, Any]:
        """The slip of *gift*, enclosed with the card whose content is *content*."""
        return {
            "form": "note",
            "gift": _gift(
                gift,
                self.interview,
                say,
                short=_shortened(decision, content, gift.about),
            ),
            "recipient": self.people(decision.recipient, decision.met) | {"again": decision.again},
        }

    def _language(self, decision: Decision, requested: ResolvedLocale) -> ResolvedLocale:
        """The recipient's language when every fact the draft tells has a text in it,
        else the interview's (the language of the facts written as plain text)."""
        phrases = told(decision, self.interview)
        for candidate in (requested, resolve_locale(self.interview.locale)):
            say = _Speaker(self.interview, candidate)
            if all(say.has(phrase) for phrase in phrases):
                return candidate
        return requested

    def _fit(
        self,
        decision: Decision,
        content: _Content,
        locale: ResolvedLocale,
        carried: set[str],
        *,
        note: str,
    ) -> tuple[_Content, tuple[str, ...]]:
        """The content whose note fits its card, and what was left out for it; *note*
        is the text of *content*'s note, rendered already."""
        rules = conventions(locale.formatting)
        say = _Speaker(self.interview, locale)

        def fits(candidate: _Content) -> bool:
            context = self._context(decision, candidate, "note", say)
            return rules.fits_card(self._render(decision.kind, context, locale, html=False).text)

        if rules.fits_card(note):
            return content, ()
        steps = list(_trims(content, carried))
        if not steps:
            return content, ()
        taken = first_fitting(len(steps), lambda step: fits(steps[step][0]))
        return steps[taken][0], tuple(dropped for _, dropped in steps[: taken + 1])

    def draft(
        self, decision: Decision, carried: set[str], detailed: frozenset[str]
    ) -> tuple[Draft, Told]:
        """*decision* as a draft, and what it told the drafts after it; a thank-you
        note shortened to fit its card. A draft recorded as sent is the one the plan
        it went out from showed."""
        if (sent := self.sent.get(id(decision))) is not None:
            self._tell(sent.told)
            update = {"send_on": decision.send_on, "sent_on": decision.sent_on}
            return sent.draft.model_copy(update=update), sent.told
        interview = self.interview
        requested = resolve_locale(decision.recipient.locale or interview.locale)
        locale = self._language(decision, requested)
        content = _full(decision, detailed, others=len(decision.met or interview.interviewers) > 1)
        told = Told()
        if decision.kind == "check_in":
            content, asked = self._asked_once(decision, content)
            told = Told(asked=asked)
        note, email, inserts = self._parts(decision, content, locale)
        omitted: tuple[str, ...] = ()
        if decision.kind == "thank_you":
            fitted, omitted = self._fit(decision, content, note.locale, carried, note=note.text)
            if omitted:
                content = fitted
                note, email, inserts = self._parts(decision, content, locale)
            name = decision.recipient.name
            # A note left unsent (a later draft went out first) told nothing: no
            # check-in may speak of "the idea from my thank-you note".
            after = self.rounds.get(decision.day or interview.date, 1)
            ideas = {
                (name, str(i.summary)): (n, after)
                for n, i in enumerate(content.ideas)
                if decision.status != "skipped"
            }
            told = Told(kept=frozenset(content.topics), ideas=ideas)
        self._tell(told)
        said = _Speaker(interview, note.locale)
        draft = Draft(
            id=decision.id,
            kind=decision.kind,
            recipient=decision.recipient,
            send_on=decision.send_on,
            locale=note.locale.language,
            requested_locale=requested.requested,
            subject=note.subject,
            text=note.text,
            html=note.html,
            email_text=email.text,
            email_html=email.html,
            interest=decision.interest,
            enclosures=tuple(
                Enclosure(
                    gift=gift,
                    text=part.text,
                    html=part.html,
                    attachments=files_for(gift),
                    about=said.say(gift.about),
                    title=said.say(gift.title) if isinstance(gift, TITLED) else None,
                )
                for gift, part in zip(decision.enclosures, inserts, strict=True)
            ),
            omitted=omitted,
            number=decision.number,
            candidate=interview.candidate,
            sent_on=decision.sent_on,
        )
        return draft, told


def _bears_on(earlier: Decision, later: Decision) -> bool:
    """Whether drafting *earlier* may change the words of *later*: a draft to the same
    person (what it told), or a thank-you note before a thank-you note (the topics it
    keeps, which a note may leave out to fit its card)."""
    same = earlier.recipient.name == later.recipient.name
    return same or earlier.kind == later.kind == "thank_you" or earlier is later


def draft_all(
    decisions: Sequence[Decision],
    interview: Interview,
    *,
    template_dirs: tuple[Path, ...] = (),
    renderer: Renderer = render,
) -> tuple[Draft, ...]:
    """Render every decision into a draft, in order, each template through *renderer*.

    A note may leave out a topic that a check-in of the plan is about, or that
    an earlier note keeps, to fit its card.
    """
    found = drafted(decisions, interview, template_dirs=template_dirs, renderer=renderer)
    return tuple(sent.draft for sent in found.values())


def drafted(
    decisions: Sequence[Decision],
    interview: Interview,
    *,
    template_dirs: tuple[Path, ...] = (),
    renderer: Renderer = render,
    as_sent: Mapping[int, Mapping[str, AsSent]] = MappingProxyType({}),
    upto: str | None = None,
) -> dict[str, AsSent]:
    """Every decision as a draft, as :func:`draft_all` renders them, by id, each with
    the wordings the drafts after it follow from; up to the draft *upto* (by id) when
    given (a draft's words depend only on the drafts before it that bear on it: the
    others are not drafted).

    *as_sent* gives, by the place of each ``sent`` event among the interview's
    events, the drafts of the plan made before that event was written down: the
    draft that event records keeps the words it had there.
    """
    drafter = _Drafter(interview, template_dirs, decisions, renderer, as_sent)
    carried = {t for d in decisions if d.kind == "check_in" for t in d.topics}
    # A check-in that carries a gift is about the gift, and leaves the hobby's detail out.
    detailed = frozenset(
        h.subject
        for d in decisions
        if d.kind == "check_in" and not d.enclosures
        for h in d.hobbies
        if h.detail
    )
    target = None if upto is None else next((d for d in decisions if d.id == upto), None)
    found: dict[str, AsSent] = {}
    for decision in decisions:
        if target is not None and not _bears_on(decision, target):
            continue
        # A thank-you note knows the check-ins planned when it went out (the strategy
        # gives them), whatever happened since.
        draft, told = drafter.draft(
            decision,
            set(decision.carried if decision.carried is not None else carried) | drafter.kept,
            decision.detailed if decision.detailed is not None else detailed,
        )
        found[decision.id] = AsSent(
            draft, drafter.seasons.get(id(decision)), drafter.turns.get(id(decision)), told
        )
        if decision.id == upto:
            break
    return found
