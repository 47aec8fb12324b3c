"""Starting a facts file: the questions ``followup init`` asks on a terminal.

:func:`ask_facts` asks for the essentials one at a time — the company, the
role, the interview day, you, each interviewer (name, e-mail, language,
formality; in Spanish, which words of a long name are the surnames), then
what you talked about (topics, hobbies, ideas) and the gifts to send — each
with its default in brackets, and checks every answer as it is typed with the
validators of the facts models: a bad answer is asked again, saying why (and
what was probably meant). It returns the answers as
raw facts, which :func:`followup.facts.writing.save` writes as a commented
TOML file. Without a terminal, ``followup init`` takes the same facts as
JSON instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, BinaryIO, Protocol, TextIO, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from followup._names import before_family, name_words, spanish_name_parts
from followup._suggest import closest, did_you_mean
from followup.errors import FollowupError
from followup.facts._fields import MAX_ITEMS, MAX_PEOPLE, SHORT_NAME_WORDS
from followup.facts.models import (
    ArticleGift,
    Candidate,
    Contact,
    Hobby,
    Idea,
    Interview,
    Interviewer,
    TipGift,
    Topic,
)
from followup.facts.problems import problems
from followup.locales import DEFAULT_LOCALE

__all__ = ["LINE_MAX", "AnswersEndedError", "StreamTerminal", "Terminal", "ask_facts"]

T = TypeVar("T")

LINE_MAX = 10_000
"""The longest answer read, in bytes."""


class Terminal(Protocol):
    """Where the questions go and the answers come from."""

    def ask(self, prompt: str) -> str | None:
        """Show *prompt* and return the line typed, without its line break; None at the
        end of input. Raises ``ValueError`` for a line that is not text."""

    def say(self, text: str) -> None:
        """Show a line of *text*."""


class StreamTerminal:
    """A :class:`Terminal` on a byte stream of answers and a text stream of questions."""

    def __init__(self, answers: BinaryIO, questions: TextIO) -> None:
        self.answers = answers
        self.questions = questions

    def ask(self, prompt: str) -> str | None:
        self.questions.write(prompt)
        self.questions.flush()
        line = self.answers.readline(LINE_MAX)
        if not line:
            return None
        try:
            return line.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            raise ValueError("is not UTF-8 text; set your terminal to UTF-8") from None

    def say(self, text: str) -> None:
        self.questions.write(text + "\n")
        self.questions.flush()


class AnswersEndedError(FollowupError, EOFError):
    """The answers ended (end of input) before the facts were complete."""


def _checker(model: type[BaseModel], name: str) -> Callable[[str], Any]:
    """A check of one answer with the validator of *model*'s field *name*: the value as
    facts hold it, or a ``ValueError`` saying what is wrong (did you mean …?)."""
    adapter: TypeAdapter[Any] = TypeAdapter(model.model_fields[name].rebuild_annotation())

    def check(text: str) -> Any:
        try:
            value = adapter.validate_python(text)
        except ValidationError as err:
            raise ValueError(str(problems(err)[0])) from None
        return str(value) if isinstance(value, str) else value

    return check


def _ask(
    terminal: Terminal, question: str, check: Callable[[str], T], *, default: str | None = None
) -> T:
    """Ask until the answer passes *check*; Enter takes *default*."""
    answer = _answer(terminal, question, check, default=default, optional=False)
    assert answer is not None
    return answer


def _maybe(terminal: Terminal, question: str, check: Callable[[str], T]) -> T | None:
    """Ask until the answer passes *check*, or is empty (None)."""
    return _answer(terminal, question, check, default=None, optional=True)


def _answer(
    terminal: Terminal,
    question: str,
    check: Callable[[str], T],
    *,
    default: str | None,
    optional: bool,
) -> T | None:
    """Ask until the answer passes *check*; Enter takes *default*, or (when *optional*)
    gives None."""
    prompt = f"{question} [{default}]: " if default else f"{question}: "
    while True:
        try:
            answer = terminal.ask(prompt)
        except ValueError as err:
            terminal.say(f"  ! {err}")
            continue
        if answer is None:
            raise AnswersEndedError(
                "the answers ended before the facts were complete; nothing written"
            )
        answer = answer.strip()
        if not answer and default is not None:
            answer = default
        if not answer:
            if optional:
                return None
            terminal.say("  ! needs an answer")
            continue
        try:
            return check(answer)
        except ValueError as err:
            terminal.say(f"  ! {err}")


def _one_of(choices: list[str], what: str) -> Callable[[str], str]:
    """A check that an answer names one of *choices* (any case)."""

    def check(text: str) -> str:
        for choice in choices:
            if choice.casefold() == text.casefold():
                return choice
        listed = ", ".join(repr(c) for c in choices)
        message = f"is not {what}; use one of {listed} (got {text!r})"
        suggestion = closest(text, choices)
        raise ValueError(did_you_mean(repr(suggestion), message) if suggestion else message)

    return check


def _new(
    check: Callable[[str], str], taken: list[str], what: str, *, complaint: str | None = None
) -> Callable[[str], str]:
    """*check*, and that the answer is not one of *taken* (any case); *complaint* says
    what is wrong then (default: listed already)."""
    said = complaint or f"is already listed; give each {what} once"

    def new(text: str) -> str:
        value = check(text)
        if value.casefold() in {t.casefold() for t in taken}:
            raise ValueError(f"{said} (got {value!r})")
        return value

    return new


def _after(day: dt.date) -> Callable[[str], dt.date]:
    check = _checker(Interview, "decision_expected")

    def later(text: str) -> dt.date:
        value: dt.date = check(text)
        if value <= day:
            raise ValueError(f"must be after the interview day {day.isoformat()} (got {text!r})")
        return value

    return later


def ask_facts(terminal: Terminal, *, today: dt.date) -> dict[str, Any]:
    """Ask for an interview's essentials on *terminal*, each answer checked as it is
    typed; return them as raw facts (a dict as a facts file holds them). The
    interview day defaults to *today*.

    Raises :class:`AnswersEndedError` when the answers end before the facts are complete.
    """
    say = terminal.say
    say("The essentials of the interview: press Enter to take the [default], and to end a list.")
    facts: dict[str, Any] = {
        "company": _ask(terminal, "Company", _checker(Interview, "company")),
        "role": _ask(terminal, "Role you interviewed for", _checker(Interview, "role")),
    }
    day: dt.date = _ask(
        terminal,
        "Interview day (YYYY-MM-DD)",
        _checker(Interview, "date"),
        default=today.isoformat(),
    )
    facts["date"] = day
    decision = _maybe(
        terminal,
        "When the hiring decision is expected (YYYY-MM-DD; Enter if not known)",
        _after(day),
    )
    if decision is not None:
        facts["decision_expected"] = decision
    locale: str = _ask(
        terminal,
        "Language of the drafts (en_US, en_GB, de_DE, fr_FR, es_ES, …)",
        _checker(Interview, "locale"),
        default=DEFAULT_LOCALE,
    )
    formality: str = _ask(
        terminal,
        "Address them formally or informally (formal/informal)",
        _checker(Interview, "formality"),
        default="formal",
    )
    facts |= {"locale": locale, "formality": formality}
    facts["candidate"] = _candidate(terminal)
    facts["interviewers"] = _interviewers(terminal, locale=locale, formality=formality)
    names = [person["name"] for person in facts["interviewers"]]
    facts["topics"] = _topics(terminal, names)
    facts["hobbies"] = _hobbies(terminal, names)
    facts["ideas"] = _ideas(terminal, [topic["subject"] for topic in facts["topics"]])
    subjects = [t["subject"] for t in facts["topics"]] + [h["subject"] for h in facts["hobbies"]]
    facts["gifts"] = _gifts(terminal, list(dict.fromkeys(subjects)))
    return facts


def _candidate(terminal: Terminal) -> dict[str, Any]:
    candidate: dict[str, Any] = {
        "name": _ask(terminal, "Your name, as you sign", _checker(Candidate, "name"))
    }
    email = _maybe(terminal, "Your e-mail (Enter to leave out)", _checker(Candidate, "email"))
    if email is not None:
        candidate["email"] = email
    return candidate


def _interviewers(terminal: Terminal, *, locale: str, formality: str) -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = []
    while len(people) < MAX_PEOPLE:
        number = len(people) + 1
        more = "" if not people else " (Enter when there are no more)"
        name = _answer(
            terminal,
            f"Interviewer {number}: name{more}",
            _new(_checker(Interviewer, "name"), [p["name"] for p in people], "person"),
            default=None,
            optional=bool(people),
        )
        if name is None:
            break
        person: dict[str, Any] = {"name": name}
        email = _maybe(
            terminal, "  their e-mail (Enter to leave out)", _checker(Interviewer, "email")
        )
        if email is not None:
            person["email"] = email
        # The salutation needs these: "Dear Ms. Rivera", "Sehr geehrte Frau Dr. Rivera".
        person |= _gender(
            terminal, Interviewer, "addressed as a woman or a man, for the salutation"
        )
        title = _maybe(
            terminal, "  their title, such as Dr. (Enter for none)", _checker(Interviewer, "title")
        )
        if title is not None:
            person["title"] = title
        their_locale = _ask(
            terminal, "  their language", _checker(Interviewer, "locale"), default=locale
        )
        if their_locale != locale:
            person["locale"] = their_locale
        person |= _spanish_surnames(terminal, name, their_locale)
        their_formality = _ask(
            terminal,
            "  formal or informal",
            _checker(Interviewer, "formality"),
            default=formality,
        )
        if their_formality != formality:
            person["formality"] = their_formality
        people.append(person)
    return people


def _spanish_surnames(terminal: Terminal, name: str, locale: str) -> dict[str, str]:
    """For someone written to in Spanish whose name has three words or more: their
    surnames, the last words of the name ("Estimado Sr. Ortega:" greets Rafael Ortega
    Ruiz by the first), and the given name before them when it is not the first word."""
    words = name_words(name)
    if locale.partition("_")[0] != "es" or len(words) < 3:
        return {}
    _, guess = spanish_name_parts(words, words[:1])
    check = _checker(Interviewer, "family_name")

    def ending(text: str) -> str:
        family: str = check(text)
        before = before_family(words, family)
        if before is None:
            raise ValueError(
                f"must be the last words of the name {' '.join(words)!r}, such as "
                f"{guess!r} (got {text!r})"
            )
        return " ".join(words[len(before) :])

    family = _ask(
        terminal,
        "  their surnames, the end of the name (a letter greets by the first)",
        ending,
        default=guess,
    )
    given = words[: len(words) - len(family.split())]
    parts = {"family_name": family}
    if len(given) > 1:
        parts["given_name"] = " ".join(given)
    return parts


def _names(choices: list[str]) -> Callable[[str], list[str]]:
    """A check of a comma-separated list of interviewers' names."""
    one = _one_of(choices, "an interviewer's name")

    def check(text: str) -> list[str]:
        return list(dict.fromkeys(one(part.strip()) for part in text.split(",") if part.strip()))

    return check


def _topics(terminal: Terminal, names: list[str]) -> list[dict[str, Any]]:
    topics: list[dict[str, Any]] = []
    while len(topics) < MAX_ITEMS:
        subject = _maybe(
            terminal,
            f"Topic {len(topics) + 1} you discussed (Enter when done)",
            _new(_checker(Topic, "subject"), [t["subject"] for t in topics], "topic"),
        )
        if subject is None:
            break
        topic: dict[str, Any] = {"subject": subject}
        if len(subject.split()) > SHORT_NAME_WORDS:
            named = [t["subject"] for t in topics] + [t["short"] for t in topics if "short" in t]
            short = _maybe(
                terminal,
                "  a short name for it, for later mentions (Enter to repeat it in full)",
                _new(
                    _checker(Topic, "short"),
                    named,
                    "short name",
                    complaint="is another topic's name; give this one its own",
                ),
            )
            if short is not None:
                topic["short"] = short
        if len(names) > 1:
            with_ = _maybe(
                terminal,
                "  with whom (names, separated by commas; Enter for everyone)",
                _names(names),
            )
            if with_:
                topic["with"] = with_
        topics.append(topic)
    return topics


def _hobbies(terminal: Terminal, names: list[str]) -> list[dict[str, Any]]:
    hobbies: list[dict[str, Any]] = []
    while len(hobbies) < MAX_ITEMS:
        subject = _maybe(
            terminal,
            f"Hobby {len(hobbies) + 1} an interviewer mentioned (Enter when done)",
            _checker(Hobby, "subject"),
        )
        if subject is None:
            break
        person = _ask(
            terminal,
            f"  who mentioned it ({', '.join(names)})",
            _one_of(names, "an interviewer's name"),
            default=names[0] if len(names) == 1 else None,
        )
        hobby: dict[str, Any] = {"subject": subject, "person": person}
        detail = _maybe(
            terminal,
            "  a detail that can follow 'especially' (Enter to leave out)",
            _checker(Hobby, "detail"),
        )
        if detail is not None:
            hobby["detail"] = detail
        hobbies.append(hobby)
    return hobbies


def _ideas(terminal: Terminal, topics: list[str]) -> list[dict[str, Any]]:
    ideas: list[dict[str, Any]] = []
    while len(ideas) < MAX_ITEMS:
        summary = _maybe(
            terminal,
            f"Idea {len(ideas) + 1} you had afterwards (Enter when done)",
            _checker(Idea, "summary"),
        )
        if summary is None:
            break
        idea: dict[str, Any] = {"summary": summary}
        if topics:
            topic = _maybe(
                terminal,
                "  the topic it grew from (Enter for none)",
                _one_of(topics, "a topic you discussed"),
            )
            if topic is not None:
                idea["topic"] = topic
        ideas.append(idea)
    return ideas


_KINDS = ["article", "website", "contact", "tip"]


def _gifts(terminal: Terminal, subjects: list[str]) -> list[dict[str, Any]]:
    """Gifts, each about one of *subjects* (none are asked for without a subject)."""
    gifts: list[dict[str, Any]] = []
    while subjects and len(gifts) < MAX_ITEMS:
        kind = _maybe(
            terminal,
            f"Gift {len(gifts) + 1} to send with a note: article, website, contact or tip "
            "(Enter when done)",
            _one_of(_KINDS, "a kind of gift"),
        )
        if kind is None:
            break
        about = _ask(
            terminal,
            f"  about which topic or hobby ({', '.join(subjects)})",
            _one_of(subjects, "a topic or hobby"),
            default=subjects[0] if len(subjects) == 1 else None,
        )
        gift: dict[str, Any] = {"kind": kind, "about": about}
        if kind in ("article", "website"):
            gift["title"] = _ask(terminal, "  its title", _checker(ArticleGift, "title"))
            gift["url"] = _ask(terminal, "  its link (https://…)", _checker(ArticleGift, "url"))
        elif kind == "tip":
            gift["text"] = _ask(terminal, "  the tip", _checker(TipGift, "text"))
        else:
            gift["contact"] = _contact(terminal)
        gifts.append(gift)
    return gifts


def _contact(terminal: Terminal) -> dict[str, Any]:
    contact: dict[str, Any] = {
        "name": _ask(terminal, "  the contact's name", _checker(Contact, "name"))
    }
    while "email" not in contact and "phone" not in contact:
        for field, question in (("email", "their e-mail"), ("phone", "their phone")):
            value = _maybe(
                terminal, f"  {question} (Enter to leave out)", _checker(Contact, field)
            )
            if value is not None:
                contact[field] = value
        if "email" not in contact and "phone" not in contact:
            terminal.say("  ! a contact needs an e-mail or a phone, so they can be reached")
    note = _maybe(
        terminal, "  why they are worth meeting (Enter to leave out)", _checker(Contact, "note")
    )
    if note is not None:
        contact["note"] = note
    # After their name, the slip says "You can reach her at …".
    return contact | _gender(
        terminal, Contact, "a woman or a man, for the pronoun after their name"
    )


def _gender(terminal: Terminal, model: type[BaseModel], question: str) -> dict[str, str]:
    """A person's gender, asked with *question*, when the answer gives one."""
    gender = _maybe(
        terminal,
        f"  {question} (female/male; Enter if neither or not known)",
        _checker(model, "gender"),
    )
    return {} if gender is None or gender == "unspecified" else {"gender": gender}
