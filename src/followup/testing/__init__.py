"""Hypothesis strategies for interview facts, to property-test templates of your own.

Needs the ``testing`` extra (``pip install 'followup[testing]'``, which brings
`hypothesis <https://hypothesis.readthedocs.io>`_). followup's own property
tests draw from these strategies::

    from hypothesis import given
    import followup
    from followup.testing import interviews

    @given(interviews())
    def test_my_templates_render(interview):
        followup.plan(interview, template_dirs=["my-templates"])

- :func:`interviews`: valid :class:`~followup.Interview` values of any size, in
  any language, with :func:`facts` (the same as a plain dict, as a facts file
  holds them) underneath;
- :func:`names`, :func:`lines`, :func:`paragraphs`: text that the facts accept
  in a name, a one-line fact (a topic, a title) and a paragraph (an idea, a
  tip), in every script, right-to-left ones and combining marks included, and
  with the strings of :data:`ATTACK_CORPUS` that the field allows;
- :func:`hostile_text`: text built from :data:`ATTACK_CORPUS`, valid or not,
  for checking that bad input ends in a :class:`~followup.FactsError`.

:mod:`followup.testing.fuzz` renders a folder of templates for facts drawn
from these strategies (``python -m followup.testing.fuzz --templates DIR``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from followup.errors import MissingDependencyError

try:
    from hypothesis import strategies as st
except ImportError as _err:  # pragma: no cover - depends on the environment
    raise MissingDependencyError("followup.testing", "hypothesis", "testing") from _err

from pydantic import TypeAdapter, ValidationError

from followup._text import BLANK_LOOKING, Line, Name, Text, normalise_line
from followup.facts import Interview, Interviewer, parse
from followup.facts._fields import MAX_ITEMS, MAX_PEOPLE
from followup.locales import shipped_locales

__all__ = [
    "ATTACK_CORPUS",
    "RIGHT_TO_LEFT",
    "facts",
    "hostile_text",
    "interviews",
    "lines",
    "locale_codes",
    "names",
    "paragraphs",
]

ATTACK_CORPUS: tuple[str, ...] = (
    "{{",
    "{%",
    "{#",
    "{{ 7*7 }}",
    "{% if %}",
    "{% raw %}",
    "{{ ''.__class__.__mro__ }}",
    "%(x)s",
    "%s",
    "{0.__class__}",
    "=?utf-8?q?",
    "=0A",
    "=?UTF-8?Q?Thanks=0ABcc:_evil@x.com?=",
    "\r\n",
    "\n",
    "Bcc: evil@example.com",
    ",",
    ";",
    '"',
    "'",
    "\\",
    "<",
    ">",
    "&",
    "&amp;",
    "<script>alert(1)</script>",
    '<a href="x">"',
    'Rivera, "Dana" <eve@evil.example>',
    "javascript:alert(1)",
    "\u202e",
    "\u2028",
    "\u2029",
    "\u0085",
    "\u200b",
    "\ufeff",
    "\x00",
    "\t",
)
"""Strings that broke, or could break, a template engine, an e-mail header, HTML or a
file: template syntax, format strings, encoded words (RFC 2047), line breaks, markup,
bidi overrides and invisible characters. Many are not valid in every field: the text
strategies use each one only where the facts accept it."""

RIGHT_TO_LEFT: tuple[str, ...] = (
    "דנה",
    "ריברה",
    "שָׁלוֹם",
    "دانا",
    "ريفيرا",
    "عبد الله",
    "مُحَمَّد",
    "سارا",
    "احمدی",
    "ܫܠܡܐ",
)
"""Words in right-to-left scripts (Hebrew, Arabic, Persian, Syriac), some with vowel marks."""

_WORDS: tuple[str, ...] = (
    "Dana",
    "Rivera",
    "Lee",
    "Chen",
    "José",
    "Zoë",
    "Zoe\u0308",  # decomposed: facts store it composed (NFC)
    "Ångström",
    "Müller-Łukasz",
    "O'Brien",
    "d'Alembert",
    "Nguyễn",
    "Đặng",
    "Straße",
    "Дана",
    "Иванова",
    "Δήμητρα",
    "李",
    "小明",
    "さくら",
    "김민준",
    "प्रिया",
    "शर्मा",
    "ਗੁਰਪ੍ਰੀਤ",
    "நிலா",
    "ສົມ",
    "ผู้หญิง",
    "ქეთი",
    "Ṣàngó",
    "क्\u200dष",  # a zero-width joiner, which several scripts need
    "Jr.",
    "Dr.",
    "PhD",
    *RIGHT_TO_LEFT,
)

_NAME: TypeAdapter[str] = TypeAdapter(Name)
_LINE: TypeAdapter[str] = TypeAdapter(Line)
_TEXT: TypeAdapter[str] = TypeAdapter(Text)

_PRINTABLE = st.characters(
    categories=["L", "M", "N", "P", "S", "Zs"],
    exclude_characters="\u180e" + "".join(BLANK_LOOKING),
)


def _accepted(adapter: TypeAdapter[str]) -> Callable[[str], bool]:
    def accepted(value: str) -> bool:
        try:
            adapter.validate_python(value)
        except ValidationError:
            return False
        return True

    return accepted


def _as_stored(text: str) -> str:
    """A one-line text as the facts store it: NFC, runs of spaces as one, stripped."""
    return str(normalise_line(text))


def _stored(adapter: TypeAdapter[str], strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """*strategy*'s text as the facts store it, where they accept it."""
    return strategy.map(_as_stored).filter(_accepted(adapter))


def _allowed(adapter: TypeAdapter[str]) -> tuple[str, ...]:
    """The strings of the corpus a field of this kind accepts."""
    return tuple(s for s in ATTACK_CORPUS if _accepted(adapter)(_as_stored(s)))


def _person(name: str) -> bool:
    """Whether an interviewer may go by *name*: a name field takes it, and its given and
    family names (which followup works out from it) do not look blank."""
    try:
        Interviewer(name=name)
    except ValidationError:
        return False
    return True


def names(*, max_size: int = 60) -> st.SearchStrategy[str]:
    """A person's or company's name as the facts accept and store it: words of many
    scripts (right-to-left ones, combining marks), random printable text, and the
    strings of :data:`ATTACK_CORPUS` a one-line field allows (``{{ 7*7 }}``,
    ``Rivera, "Dana" <eve@evil.example>``, ``=?utf-8?q?``)."""
    word = (
        st.sampled_from(_WORDS)
        | st.sampled_from(_allowed(_NAME))
        | st.text(_PRINTABLE, min_size=1, max_size=12)
    )
    text = st.lists(word, min_size=1, max_size=4).map(" ".join)
    return _stored(_NAME, text.map(lambda s: s[:max_size]))


def lines(*, max_size: int = 120) -> st.SearchStrategy[str]:
    """A one-line fact (a topic, a hobby, a title) as the facts accept and store it:
    like :func:`names`, longer, with more punctuation."""
    word = (
        st.sampled_from(_WORDS)
        | st.sampled_from(_allowed(_LINE))
        | st.text(_PRINTABLE, min_size=1, max_size=20)
        | st.sampled_from(["build or buy?", "why not!", "…", "x.", "a; b:", "(c)", "e-mail"])
    )
    text = st.lists(word, min_size=1, max_size=8).map(" ".join)
    return _stored(_LINE, text.map(lambda s: s[:max_size]))


def paragraphs(*, max_size: int = 600) -> st.SearchStrategy[str]:
    """A short paragraph (an idea, a tip) the facts accept: several lines, with
    ``\\r\\n`` and tabs among the separators (the facts store ``\\r\\n`` as ``\\n``)."""
    separator = st.sampled_from([" ", "\n", "\r\n", "\t", "  "])
    parts = st.lists(st.tuples(lines(max_size=80), separator), min_size=1, max_size=6)
    text = parts.map(lambda ps: "".join(p + s for p, s in ps).strip()[:max_size])
    return text.filter(_accepted(_TEXT))


def hostile_text(*, max_size: int = 12) -> st.SearchStrategy[str]:
    """Text made of :data:`ATTACK_CORPUS` strings, a few plain characters and random
    printable ones, valid in some fields and not in others: facts holding it either
    validate or raise :class:`~followup.FactsError`, nothing else."""
    piece = st.sampled_from(
        [*ATTACK_CORPUS, "a", "é", " ", "@", ";", ":", "\\", "(", ")", ">", "Ω"]
    ) | st.text(
        st.characters(exclude_categories=("Cc", "Cs", "Cf", "Zl", "Zp", "Co", "Cn")),
        min_size=1,
        max_size=5,
    )
    return st.lists(piece, min_size=1, max_size=max_size).map("".join)


_OTHER_LOCALES = ("en_US", "de_AT", "fr_BE", "es_MX", "pt_BR", "he", "ar_SA", "fa_IR", "ja")


def locale_codes(*, shipped_only: bool = False) -> st.SearchStrategy[str]:
    """A locale the facts accept: one followup writes in, or (unless *shipped_only*)
    one whose drafts fall back to a related language or to English."""
    shipped = st.sampled_from(shipped_locales())
    return shipped if shipped_only else shipped | st.sampled_from(_OTHER_LOCALES)


_EMAILS = st.from_regex(
    r"[a-z0-9]{1,8}([.+_-][a-z0-9]{1,8})?@[a-z0-9]{1,8}\.example", fullmatch=True
)
_PHONES = st.from_regex(r"\+[1-9][0-9]{0,2} [0-9]{3} [0-9]{3} [0-9]{4}", fullmatch=True)
_URLS = st.sampled_from(
    [
        "https://example.org/",
        "https://example.org/a?b=1&c=2",
        'https://example.org/"><script>alert(1)</script>',
        "http://bücher.example/straße",
        "https://example.org/{{7*7}}?q=%0ABcc:x",
    ]
)
_TITLES = st.sampled_from(["Dr.", "Dr", "Prof.", "Prof. Dr.", "Dra.", "Rev.", "Ing."])


def _subset(draw: st.DrawFn, items: Sequence[str]) -> list[str]:
    return draw(st.lists(st.sampled_from(items), min_size=1, unique=True)) if items else []


@st.composite
def facts(
    draw: st.DrawFn,
    *,
    locales: st.SearchStrategy[str] | None = None,
    max_interviewers: int = 3,
    max_items: int = 4,
    gifts: bool = True,
    events: bool = False,
) -> dict[str, Any]:
    """Valid interview facts as a plain dict, as a TOML or JSON facts file holds them
    (dates as ``YYYY-MM-DD``): up to *max_interviewers* interviewers (at most
    20) and up to *max_items* topics, hobbies, ideas and (with *gifts*) gifts (at
    most 50 each), in locales drawn from *locales* (default: :func:`locale_codes`);
    with *events*, what happened since (:func:`events`)."""
    languages = locales if locales is not None else locale_codes()
    people_count = draw(st.integers(1, min(max_interviewers, MAX_PEOPLE)))
    most = min(max_items, MAX_ITEMS)
    people = draw(
        st.lists(
            names().filter(_person),
            min_size=people_count,
            max_size=people_count,
            unique_by=str.casefold,
        )
    )
    interviewers: list[dict[str, Any]] = []
    primary = draw(st.none() | st.integers(0, people_count - 1))
    for index, name in enumerate(people):
        person: dict[str, Any] = {"name": name}
        optional = {
            "gender": st.sampled_from(["female", "male", "unspecified"]),
            "title": _TITLES,
            "position": lines(max_size=60),
            "email": _EMAILS,
            "locale": languages,
            "formality": st.sampled_from(["formal", "informal"]),
        }
        for key, strategy in optional.items():
            if draw(st.booleans()):
                person[key] = draw(strategy)
        if index == primary:
            person["primary"] = True
        interviewers.append(person)
    subjects = draw(st.lists(lines(max_size=60), max_size=2 * most, unique_by=str.casefold))
    split = draw(st.integers(0, len(subjects)))
    topic_names, hobby_names = subjects[:split][:most], subjects[split:][:most]
    topics = []
    named = {subject.casefold() for subject in subjects}  # a short name is no other's
    for subject in topic_names:
        topic: dict[str, Any] = {"subject": subject}
        if draw(st.booleans()):
            topic["with"] = _subset(draw, people)
        if draw(st.booleans()):
            short = draw(lines(max_size=30))
            if short.casefold() not in named:
                named.add(short.casefold())
                topic["short"] = short
        topics.append(topic)
    hobbies = []
    for subject in hobby_names:
        hobby: dict[str, Any] = {"subject": subject, "person": draw(st.sampled_from(people))}
        if draw(st.booleans()):
            hobby["detail"] = draw(lines(max_size=80))
        hobbies.append(hobby)
    ideas = []
    for _ in range(draw(st.integers(0, most))):
        idea: dict[str, Any] = {"summary": draw(paragraphs(max_size=300))}
        grown_from = draw(st.none() | st.sampled_from(topic_names)) if topic_names else None
        if grown_from is not None:
            idea["topic"] = grown_from
        ideas.append(idea)
    data: dict[str, Any] = {
        "company": draw(names()),
        "role": draw(lines(max_size=80)),
        "date": draw(st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))).isoformat(),
        "locale": draw(languages),
        "formality": draw(st.sampled_from(["formal", "informal"])),
        "candidate": {"name": draw(names().filter(_person))},
        "interviewers": interviewers,
        "topics": topics,
        "hobbies": hobbies,
        "ideas": ideas,
        "gifts": draw(_gifts(topic_names + hobby_names, people, most)) if gifts else [],
    }
    if draw(st.booleans()):
        day = dt.date.fromisoformat(data["date"])
        later = day + dt.timedelta(days=draw(st.integers(1, 200)))
        data["decision_expected"] = later.isoformat()
    for key, strategy in {"email": _EMAILS, "phone": _PHONES, "locale": languages}.items():
        if draw(st.booleans()):
            data["candidate"][key] = draw(strategy)
    if events:
        data["events"] = draw(_events(data, max_items=most))
    return data


_OUTCOMES = st.sampled_from(["offer", "rejection", "withdrawn"])


@st.composite
def _events(draw: st.DrawFn, data: dict[str, Any], *, max_items: int) -> list[dict[str, Any]]:
    """Events that fit *data* (dicts as a facts file holds them), in any order: later
    interviews on days of their own, replies, pauses, thank-you notes recorded as
    sent, and at most one decision, after every interview and pause."""
    day = dt.date.fromisoformat(data["date"])
    people = [p["name"] for p in data["interviewers"]]
    taken = {name.casefold() for name in people}
    subjects = {t["subject"].casefold() for t in data["topics"]}
    subjects |= {t["short"].casefold() for t in data["topics"] if "short" in t}
    subjects |= {h["subject"].casefold() for h in data["hobbies"]}

    def after(start: dt.date, most: int = 120) -> dt.date:
        return start + dt.timedelta(days=draw(st.integers(1, most)))

    found: list[dict[str, Any]] = []
    planned: list[dt.date] = []  # later interviews and pauses: the decision comes after
    interview_days = {day}
    for _ in range(draw(st.integers(0, min(2, max_items)))):
        when = after(day)
        if when in interview_days:
            continue
        interview_days.add(when)
        event: dict[str, Any] = {"kind": "second_interview", "date": when.isoformat()}
        if draw(st.booleans()):
            met: list[Any] = _subset(draw, people)
            newcomer = draw(st.none() | names().filter(_person))
            if newcomer is not None and newcomer.casefold() not in taken:
                taken.add(newcomer.casefold())
                met.append({"name": newcomer})
            event["interviewers"] = met
        if draw(st.booleans()):
            # A topic of that day, a [[topics]] entry of its own (a first note recorded as
            # sent keeps its topics).
            subject = draw(lines(max_size=60))
            if subject.casefold() not in subjects and len(data["topics"]) < MAX_ITEMS:
                subjects.add(subject.casefold())
                data["topics"].append({"subject": subject})
                event["topics"] = [subject]
        if draw(st.booleans()):
            event["decision_expected"] = after(when).isoformat()
        planned.append(when)
        found.append(event)
    for _ in range(draw(st.integers(0, 2))):
        when = after(day)
        reply: dict[str, Any] = {"kind": "reply", "date": when.isoformat()}
        if draw(st.booleans()):
            reply["person"] = draw(st.sampled_from(people))
        if draw(st.booleans()):
            reply["next_contact"] = after(when, 60).isoformat()
        found.append(reply)
    if draw(st.booleans()):
        when = after(day)
        pause = {"kind": "paused", "date": when.isoformat(), "until": after(when, 60).isoformat()}
        planned.append(when)
        found.append(pause)
    sent_closing: dict[str, Any] | None = None
    recorded: list[str] = []
    if draw(st.booleans()):
        recorded = _subset(draw, people)
    for name in recorded:
        on = day + dt.timedelta(days=draw(st.integers(0, 5)))
        note = {"kind": "thank_you", "date": day.isoformat()}
        found.append({"kind": "sent", "date": on.isoformat(), "draft": note, "person": name})
    if draw(st.booleans()):
        when = after(max([day, *planned]), 60)
        decision: dict[str, Any] = {
            "kind": "decision",
            "date": when.isoformat(),
            "outcome": draw(_OUTCOMES),
        }
        found.append(decision)
        if draw(st.booleans()):
            closing = {"kind": "closing", "date": when.isoformat()}
            sent_closing = {"kind": "sent", "date": when.isoformat(), "draft": closing}
    events: list[dict[str, Any]] = draw(st.permutations(found))
    if sent_closing is not None:
        # Events are read in the order written: the closing note is sent once the
        # decision that brings it is written down, somewhere below it.
        after_decision = next(at for at, e in enumerate(events) if e["kind"] == "decision") + 1
        events.insert(draw(st.integers(after_decision, len(events))), sent_closing)
    return events


@st.composite
def _gifts(
    draw: st.DrawFn, subjects: Sequence[str], people: Sequence[str], most: int
) -> list[dict[str, Any]]:
    if not subjects:
        return []
    found = []
    for _ in range(draw(st.integers(0, most))):
        kind = draw(st.sampled_from(["article", "website", "contact", "tip"]))
        gift: dict[str, Any] = {"kind": kind, "about": draw(st.sampled_from(subjects))}
        if kind in {"article", "website"}:
            gift |= {"title": draw(lines(max_size=80)), "url": draw(_URLS)}
        elif kind == "tip":
            gift["text"] = draw(paragraphs(max_size=300))
        else:
            contact: dict[str, Any] = {"name": draw(names())}
            reach = draw(st.sampled_from(["email", "phone", "both"]))
            if reach != "phone":
                contact["email"] = draw(_EMAILS)
            if reach != "email":
                contact["phone"] = draw(_PHONES)
            if draw(st.booleans()):
                contact["organization"] = draw(lines(max_size=60))
            if draw(st.booleans()):
                contact["note"] = draw(lines(max_size=80))
            contact["gender"] = draw(st.sampled_from(["female", "male", "unspecified"]))
            gift["contact"] = contact
        if draw(st.booleans()):
            gift["to"] = draw(st.sampled_from(people))
        if draw(st.booleans()):
            gift["when"] = "check_in"
        found.append(gift)
    return found


def interviews(
    *,
    locales: st.SearchStrategy[str] | None = None,
    max_interviewers: int = 3,
    max_items: int = 4,
    gifts: bool = True,
    events: bool = False,
) -> st.SearchStrategy[Interview]:
    """Valid interviews: :func:`facts` with the same options, validated (an invalid
    draw would be a bug of this strategy, and raises :class:`~followup.FactsError`).
    With *events*, their plans hold notes after later interviews and closing notes
    too."""
    return facts(
        locales=locales,
        max_interviewers=max_interviewers,
        max_items=max_items,
        gifts=gifts,
        events=events,
    ).map(parse)
