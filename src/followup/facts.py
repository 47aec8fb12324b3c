"""The interview facts: validated, immutable pydantic models, and how to load them.

One facts file describes one interview. :func:`load` reads TOML or JSON and
raises :class:`~followup.errors.FactsError` listing every problem with its
field path; :meth:`Interview.model_validate` applies the same rules and raises
pydantic's ``ValidationError``, as pydantic users expect.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
import types
import typing
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from followup._text import EmailAddress, Line, Name, Phone, Text, Url
from followup.errors import FactsError, Problem
from followup.locales import DEFAULT_LOCALE, parse_locale

__all__ = [
    "ArticleGift",
    "Candidate",
    "Contact",
    "ContactGift",
    "Formality",
    "Gender",
    "Gift",
    "Hobby",
    "Idea",
    "Interview",
    "Interviewer",
    "TipGift",
    "Topic",
    "WebsiteGift",
    "load",
    "parse",
]

Gender = Literal["female", "male", "unspecified"]
"""Only picks grammatical forms of address; never inferred from a name."""
Formality = Literal["formal", "informal"]
LocaleCode = Annotated[str, AfterValidator(parse_locale)]
"""A locale such as ``en_US`` or ``de-AT``, stored in canonical form (``de_AT``)."""
Title = Annotated[Line, Field(max_length=40)]

MAX_PEOPLE = 20
MAX_ITEMS = 50


class _Facts(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )


class Candidate(_Facts):
    """The person writing the follow-ups."""

    name: Name
    email: EmailAddress | None = None
    phone: Phone | None = None


class Interviewer(_Facts):
    """One person who interviewed the candidate; a committee is several."""

    name: Name
    """Full name as they write it."""
    # The defaults below only survive when `name` itself is invalid; otherwise
    # _default_name_parts fills both in from `name` before validation.
    given_name: Name = ""
    """Defaults to the first word of :attr:`name`."""
    family_name: Name = ""
    """Defaults to the last word of :attr:`name`."""
    title: Title | None = None
    """An academic or professional title such as ``Dr.``."""
    gender: Gender = "unspecified"
    position: Line | None = None
    email: EmailAddress | None = None
    primary: bool = False
    """The person check-ins go to; by default the first interviewer."""
    locale: LocaleCode | None = None
    """Overrides the interview's locale for drafts to this person."""
    formality: Formality | None = None
    """Overrides the interview's formality for drafts to this person."""

    @model_validator(mode="before")
    @classmethod
    def _default_name_parts(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and isinstance(data.get("name"), str):
            words = data["name"].split()
            if words:
                data = dict(data)
                data.setdefault("given_name", words[0])
                data.setdefault("family_name", words[-1])
        return data


class Topic(_Facts):
    """Something discussed in the interview, and with whom."""

    subject: Line
    with_: Annotated[tuple[Name, ...], Field(max_length=MAX_PEOPLE)] | None = Field(
        default=None, alias="with"
    )
    """Names of the interviewers who discussed it; ``None`` means every interviewer."""


class Hobby(_Facts):
    """An interest an interviewer mentioned."""

    subject: Line
    person: Name
    """The interviewer who mentioned it."""
    detail: Line | None = None


class Idea(_Facts):
    """An idea the candidate had after leaving the interview."""

    summary: Text
    topic: Line | None = None
    """The topic it grew from; its note goes to the people who discussed that topic."""


class Contact(_Facts):
    """A person worth meeting, offered as a gift."""

    name: Name
    email: EmailAddress | None = None
    phone: Phone | None = None
    organization: Line | None = None
    note: Line | None = None
    """Why they are worth meeting."""

    @model_validator(mode="after")
    def _reachable(self) -> Self:
        if self.email is None and self.phone is None:
            raise PydanticCustomError(
                "contact_unreachable",
                "a contact needs an email or a phone so the recipient can reach them",
            )
        return self


class _GiftBase(_Facts):
    about: Line
    """The topic or hobby subject the gift relates to."""
    to: Name | None = None
    """The recipient; by default whoever discussed or mentioned :attr:`about`."""


class ArticleGift(_GiftBase):
    """An article worth reading."""

    kind: Literal["article"]
    title: Line
    url: Url


class WebsiteGift(_GiftBase):
    """A web site worth knowing."""

    kind: Literal["website"]
    title: Line
    url: Url


class ContactGift(_GiftBase):
    """A contact worth meeting."""

    kind: Literal["contact"]
    contact: Contact


class TipGift(_GiftBase):
    """A practical tip."""

    kind: Literal["tip"]
    text: Text


Gift = Annotated[ArticleGift | WebsiteGift | ContactGift | TipGift, Field(discriminator="kind")]
"""An information gift, told apart by its ``kind``."""

_Many = Field(default=(), max_length=MAX_ITEMS)


class Interview(_Facts):
    """Everything the candidate wrote down about one interview."""

    company: Name
    role: Line
    date: dt.date
    """The interview day."""
    decision_expected: dt.date | None = None
    """When the hiring decision is expected, if known."""
    locale: LocaleCode = DEFAULT_LOCALE
    formality: Formality = "formal"
    candidate: Candidate
    interviewers: Annotated[tuple[Interviewer, ...], Field(min_length=1, max_length=MAX_PEOPLE)]
    topics: Annotated[tuple[Topic, ...], _Many]
    hobbies: Annotated[tuple[Hobby, ...], _Many]
    ideas: Annotated[tuple[Idea, ...], _Many]
    gifts: Annotated[tuple[Gift, ...], _Many]

    @model_validator(mode="after")
    def _check_references(self) -> Self:
        problems = list(_reference_problems(self))
        if problems:
            raise PydanticCustomError(
                "invalid_reference",
                "{summary}",
                {
                    "summary": "; ".join(str(problem) for problem in problems),
                    "problems": tuple(
                        {"path": p.path, "message": p.message, "value": p.value} for p in problems
                    ),
                },
            )
        return self

    @property
    def primary(self) -> Interviewer:
        """The interviewer check-ins go to: the one marked primary, else the first."""
        return next((i for i in self.interviewers if i.primary), self.interviewers[0])

    def interviewer(self, name: str) -> Interviewer:
        """The interviewer called *name*; raises ``KeyError`` if there is none."""
        for person in self.interviewers:
            if person.name == name:
                return person
        raise KeyError(name)

    def topics_with(self, person: Interviewer) -> tuple[Topic, ...]:
        """The topics *person* discussed, in the facts' order."""
        return tuple(t for t in self.topics if t.with_ is None or person.name in t.with_)

    def hobbies_of(self, person: Interviewer) -> tuple[Hobby, ...]:
        """The hobbies *person* mentioned, in the facts' order."""
        return tuple(h for h in self.hobbies if h.person == person.name)

    def ideas_for(self, person: Interviewer) -> tuple[Idea, ...]:
        """The ideas that belong in a note to *person*: those without a topic, and
        those whose topic *person* discussed."""
        discussed = {t.subject for t in self.topics_with(person)}
        return tuple(i for i in self.ideas if i.topic is None or i.topic in discussed)


def _choices(values: list[str]) -> str:
    return ", ".join(repr(v) for v in values) if values else "(none defined)"


def _reference_problems(interview: Interview) -> Iterator[Problem]:
    names = [person.name for person in interview.interviewers]
    seen: set[str] = set()
    for index, person in enumerate(interview.interviewers):
        if person.name in seen:
            yield Problem(
                f"interviewers[{index}].name",
                "names another interviewer already listed; give each person once",
                person.name,
                has_value=True,
            )
        seen.add(person.name)
    primaries = [i for i, person in enumerate(interview.interviewers) if person.primary]
    for index in primaries[1:]:
        yield Problem(
            f"interviewers[{index}].primary",
            f"only one interviewer may be primary, and interviewers[{primaries[0]}] already is",
            True,
            has_value=True,
        )
    if interview.decision_expected is not None and interview.decision_expected <= interview.date:
        yield Problem(
            "decision_expected",
            f"must be after the interview date {interview.date.isoformat()}",
            interview.decision_expected,
            has_value=True,
        )
    not_person = f"is not an interviewer's name; use one of {_choices(names)}"
    topics = [topic.subject for topic in interview.topics]
    seen = set()
    for index, topic in enumerate(interview.topics):
        if topic.subject in seen:
            yield Problem(
                f"topics[{index}].subject",
                "is listed twice; merge the two topics",
                topic.subject,
                has_value=True,
            )
        seen.add(topic.subject)
        for position, name in enumerate(topic.with_ or ()):
            if name not in names:
                yield Problem(
                    f"topics[{index}].with[{position}]", not_person, name, has_value=True
                )
    for index, hobby in enumerate(interview.hobbies):
        if hobby.person not in names:
            yield Problem(f"hobbies[{index}].person", not_person, hobby.person, has_value=True)
    for index, idea in enumerate(interview.ideas):
        if idea.topic is not None and idea.topic not in topics:
            yield Problem(
                f"ideas[{index}].topic",
                f"is not a topic's subject; use one of {_choices(topics)}",
                idea.topic,
                has_value=True,
            )
    subjects = list(dict.fromkeys([*topics, *(h.subject for h in interview.hobbies)]))
    for index, gift in enumerate(interview.gifts):
        if gift.about not in subjects:
            yield Problem(
                f"gifts[{index}].about",
                f"is not a topic or hobby subject; use one of {_choices(subjects)}",
                gift.about,
                has_value=True,
            )
        if gift.to is not None and gift.to not in names:
            yield Problem(f"gifts[{index}].to", not_person, gift.to, has_value=True)


# --- loading -------------------------------------------------------------------------------

_FRIENDLY = {
    "missing": "is required",
    "union_tag_not_found": "needs a 'kind': one of 'article', 'website', 'contact', 'tip'",
}


def _model_at(loc: tuple[int | str, ...]) -> tuple[type[BaseModel] | None, list[str]]:
    """Walk a pydantic error location: the model at its end, and its readable path."""
    model: type[BaseModel] | None = Interview
    path: list[str] = []
    pending: list[type[BaseModel]] = []
    for part in loc:
        if isinstance(part, int):
            path.append(f"[{part}]")
            continue
        if pending:
            tagged = [m for m in pending if _tag_of(m) == part]
            pending = []
            if tagged:
                model = tagged[0]
                continue
        path.append(f".{part}" if path else part)
        field = None
        if model is not None:
            field = next((f for n, f in model.model_fields.items() if part in (n, f.alias)), None)
        models = _models_in(field.annotation) if field is not None else []
        model = models[0] if len(models) == 1 else None
        pending = models if len(models) > 1 else []
    return model, path


def _tag_of(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get("kind")
    args = typing.get_args(field.annotation) if field is not None else ()
    return args[0] if args and isinstance(args[0], str) else None


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (tuple, list, typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
    return []


def _problems(error: ValidationError) -> list[Problem]:
    problems: list[Problem] = []
    items = error.errors(include_url=False)
    inner = {tuple(item["loc"][:k]) for item in items for k in range(1, len(item["loc"]))}
    for item in items:
        ctx = item.get("ctx") or {}
        if item["type"] == "too_short" and tuple(item["loc"]) in inner:
            continue  # the length only fell short because some items were invalid
        if item["type"] == "invalid_reference":
            problems.extend(
                Problem(p["path"], p["message"], p["value"], has_value=True)
                for p in ctx["problems"]
            )
            continue
        _, parts = _model_at(tuple(item["loc"]))
        path = "".join(parts)
        message = _FRIENDLY.get(item["type"], item["msg"])
        message = message.removeprefix("Value error, ")
        message = message[:1].lower() + message[1:]
        if item["type"] == "extra_forbidden":
            parent, _ = _model_at(tuple(item["loc"])[:-1])
            allowed = (
                sorted(f.alias or n for n, f in parent.model_fields.items()) if parent else []
            )
            message = f"is not a known field; allowed here: {', '.join(allowed)}"
        elif item["type"] == "too_short":
            message = f"needs at least {ctx['min_length']} item(s)"
        elif item["type"] == "too_long" and "max_length" in ctx:
            message = f"has {ctx.get('actual_length')} items; list at most {ctx['max_length']}"
        elif item["type"].startswith(("date_", "datetime_")):
            message += "; write dates as YYYY-MM-DD"
        has_value = item["type"] != "missing"
        problems.append(Problem(path, message, item["input"] if has_value else None, has_value))
    return problems


def parse(data: Mapping[str, Any], *, source: str | None = None) -> Interview:
    """Validate facts given as a mapping; raise :class:`FactsError` listing every problem.

    >>> parse({"company": "Acme"}).company
    Traceback (most recent call last):
    ...
    followup.errors.FactsError: 4 problems with the interview facts:
    ...
    """
    try:
        return Interview.model_validate(data)
    except ValidationError as err:
        raise FactsError(_problems(err), source=source) from None


def load(path: str | os.PathLike[str]) -> Interview:
    """Read one interview's facts from a ``.toml`` or ``.json`` file.

    Raises :class:`FactsError` when the file is missing, unreadable, not valid
    TOML/JSON, or its facts are invalid; the error lists every problem.
    """
    file = Path(path)
    source = str(file)
    suffix = file.suffix.lower()
    if suffix not in {".toml", ".json"}:
        raise FactsError(
            [Problem("", f"has the suffix {suffix!r}; name the file *.toml or *.json")],
            source=source,
        )
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise FactsError([Problem("", "no such file; check the path")], source=source) from None
    except OSError as err:
        raise FactsError([Problem("", f"cannot be read: {err.strerror}")], source=source) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise FactsError(
            [Problem(f"line {line}", "is not UTF-8 text; save the file as UTF-8")],
            source=source,
        ) from None
    data: Any
    try:
        data = tomllib.loads(text) if suffix == ".toml" else json.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise FactsError([Problem("", f"is not valid TOML: {err}")], source=source) from None
    except json.JSONDecodeError as err:
        raise FactsError(
            [Problem(f"line {err.lineno}", f"is not valid JSON: {err.msg} (column {err.colno})")],
            source=source,
        ) from None
    if not isinstance(data, dict):
        raise FactsError(
            [Problem("", f"must hold a table of facts, not a {type(data).__name__}")],
            source=source,
        )
    return parse(data, source=source)
