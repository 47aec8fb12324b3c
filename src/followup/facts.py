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
import re
import tomllib
import types
import typing
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    TypeAdapter,
    ValidationError,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_core.core_schema import ErrorType

from followup._text import (
    EmailAddress,
    Line,
    Name,
    Phone,
    Text,
    Url,
    name_words,
    normalise_line,
)
from followup.errors import FactsError, LocaleError, Problem
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


def _locale(value: str) -> str:
    try:
        return parse_locale(value)
    except LocaleError as err:
        raise ValueError(err.reason) from None


def _date(value: object) -> object:
    """Accept a date or a ``YYYY-MM-DD`` string only: no numbers, no times."""
    if isinstance(value, dt.datetime):
        raise ValueError("has a time of day; give the date only, as YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        return value.strip()
    raise ValueError("is not a date; write it as YYYY-MM-DD")


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
Day = Annotated[dt.date, BeforeValidator(_date)]
"""A calendar day, given as a date or a ``YYYY-MM-DD`` string."""
_DAY: TypeAdapter[dt.date] = TypeAdapter(Day)
LocaleCode = Annotated[str, AfterValidator(_locale)]
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
    # Left empty, both are filled in from `name` once it is valid.
    given_name: Name = ""
    """Defaults to the first word of :attr:`name` (leading titles such as ``Dr.`` skipped)."""
    family_name: Name = ""
    """Defaults to the last word of :attr:`name` (suffixes such as ``Jr.`` or
    ``, PhD`` skipped); set it for family names of several words."""
    title: Title | None = None
    """An academic or professional title such as ``Dr.``."""
    gender: Gender = "unspecified"
    position: Line | None = None
    email: EmailAddress | None = None
    primary: StrictBool = False
    """The person check-ins go to; by default the first interviewer."""
    locale: LocaleCode | None = None
    """Overrides the interview's locale for drafts to this person."""
    formality: Formality | None = None
    """Overrides the interview's formality for drafts to this person."""

    @model_validator(mode="before")
    @classmethod
    def _default_name_parts(cls, data: Any) -> Any:
        if not isinstance(data, Mapping) or ("given_name" in data and "family_name" in data):
            return data
        try:
            name = _NAME.validate_python(data.get("name"))
        except ValidationError:
            return data  # the problem is reported once, under `name`
        words = name_words(name)
        data = dict(data)
        data.setdefault("given_name", words[0])
        data.setdefault("family_name", words[-1])
        return data


_NAME: TypeAdapter[str] = TypeAdapter(Name)


class Topic(_Facts):
    """Something discussed in the interview, and with whom."""

    subject: Line
    with_: Annotated[tuple[Name, ...], Field(min_length=1, max_length=MAX_PEOPLE)] | None = Field(
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
    date: Day
    """The interview day."""
    decision_expected: Day | None = None
    """When the hiring decision is expected, if known."""
    locale: LocaleCode = DEFAULT_LOCALE
    formality: Formality = "formal"
    candidate: Candidate
    interviewers: Annotated[tuple[Interviewer, ...], Field(min_length=1, max_length=MAX_PEOPLE)]
    topics: Annotated[tuple[Topic, ...], _Many]
    hobbies: Annotated[tuple[Hobby, ...], _Many]
    ideas: Annotated[tuple[Idea, ...], _Many]
    gifts: Annotated[tuple[Gift, ...], _Many]

    @model_validator(mode="wrap")
    @classmethod
    def _check_references(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Interview:
        if isinstance(data, cls):
            return data  # already validated (frozen), e.g. inside a FollowUpPlan
        # Cross-field references are checked even when some fields are invalid,
        # so one run reports every problem, each at its own location.
        try:
            interview: Interview = handler(data)
        except ValidationError as err:
            errors = err.errors(include_url=False)
            source = data if isinstance(data, Mapping) else {}
        else:
            errors = []
            source = interview.model_dump(by_alias=True)
        taken = {tuple(e["loc"]) for e in errors}
        problems = [p for p in _reference_problems(source) if p[0] not in taken]
        if not errors and not problems:
            return interview
        raise ValidationError.from_exception_data(
            cls.__name__,
            [*(_reraised(e) for e in errors), *(_reference_error(*p) for p in problems)],
        )

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
    unique = list(dict.fromkeys(values))
    return ", ".join(repr(v) for v in unique) if unique else "(none defined)"


_KNOWN_ERRORS = frozenset(typing.get_args(ErrorType))


def _reraised(error: Any) -> InitErrorDetails:
    """One error of the inner validation, passed on unchanged."""
    kind = error["type"]
    if kind in _KNOWN_ERRORS:
        details = InitErrorDetails(type=kind, loc=tuple(error["loc"]), input=error["input"])
        if "ctx" in error:
            details["ctx"] = error["ctx"]
        return details
    custom = PydanticCustomError(kind, "{message}", {"message": error["msg"]})
    return InitErrorDetails(type=custom, loc=tuple(error["loc"]), input=error["input"])


def _reference_error(loc: tuple[int | str, ...], message: str, value: object) -> InitErrorDetails:
    error = PydanticCustomError("invalid_reference", "{message}", {"message": message})
    return InitErrorDetails(type=error, loc=loc, input=value)


def _as_date(value: object) -> dt.date | None:
    """A date from dumped or raw facts, or None when it is not one."""
    try:
        return _DAY.validate_python(value)
    except ValidationError:
        return None


def _strings(value: object) -> str | None:
    normalised = normalise_line(value)
    return normalised if isinstance(normalised, str) else None


def _items(data: Mapping[str, Any], key: str) -> list[tuple[int, Mapping[str, Any]]]:
    value = data.get(key)
    if not isinstance(value, list | tuple):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, Mapping)]


_Reference = tuple[tuple[int | str, ...], str, object]


def _reference_problems(data: Mapping[str, Any]) -> Iterator[_Reference]:
    """Problems with references between facts, read from raw or dumped facts."""
    people = _items(data, "interviewers")
    names = [name for _, p in people if (name := _strings(p.get("name")))]
    seen: set[str] = set()
    for index, person in people:
        name = _strings(person.get("name"))
        if name is None:
            continue
        if name.casefold() in seen:
            yield (
                ("interviewers", index, "name"),
                "names an interviewer already listed; give each person once",
                name,
            )
        seen.add(name.casefold())
    primaries = [index for index, person in people if person.get("primary") is True]
    for index in primaries[1:]:
        yield (
            ("interviewers", index, "primary"),
            f"only one interviewer may be primary, and interviewers[{primaries[0]}] already is",
            True,
        )
    day, decision = _as_date(data.get("date")), _as_date(data.get("decision_expected"))
    if day is not None and decision is not None and decision <= day:
        yield (
            ("decision_expected",),
            f"must be after the interview date {day.isoformat()}",
            decision,
        )
    not_person = f"is not an interviewer's name; use one of {_choices(names)}"
    topics = [_strings(t.get("subject")) for _, t in _items(data, "topics")]
    seen = set()
    for index, topic in _items(data, "topics"):
        subject = _strings(topic.get("subject"))
        if subject is not None and subject in seen:
            yield (("topics", index, "subject"), "is listed twice; merge the two topics", subject)
        if subject is not None:
            seen.add(subject)
        with_ = topic.get("with", topic.get("with_"))
        for position, name in enumerate(with_ if isinstance(with_, list | tuple) else ()):
            if (text := _strings(name)) is not None and text not in names:
                yield (("topics", index, "with", position), not_person, text)
    for index, hobby in _items(data, "hobbies"):
        mentioned_by = _strings(hobby.get("person"))
        if mentioned_by is not None and mentioned_by not in names:
            yield (("hobbies", index, "person"), not_person, mentioned_by)
    known_topics = [t for t in topics if t is not None]
    for index, idea in _items(data, "ideas"):
        topic_name = _strings(idea.get("topic"))
        if topic_name is not None and topic_name not in known_topics:
            yield (
                ("ideas", index, "topic"),
                f"is not a topic's subject; use one of {_choices(known_topics)}",
                topic_name,
            )
    hobbies = [_strings(h.get("subject")) for _, h in _items(data, "hobbies")]
    subjects = list(dict.fromkeys(s for s in [*known_topics, *hobbies] if s is not None))
    for index, gift in _items(data, "gifts"):
        about = _strings(gift.get("about"))
        if about is not None and about not in subjects:
            yield (
                ("gifts", index, "about"),
                f"is not a topic or hobby subject; use one of {_choices(subjects)}",
                about,
            )
        to = _strings(gift.get("to"))
        if to is not None and to not in names:
            yield (("gifts", index, "to"), not_person, to)


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
        elif item["type"] in {"tuple_type", "list_type"}:
            message = (
                'must be a list, such as ["first", "second"] '
                "(in TOML, a list of tables is written [[name]])"
            )
        elif item["type"] == "too_short":
            count = ctx.get("min_length", 1)
            message = (
                "needs at least one entry" if count == 1 else f"needs at least {count} entries"
            )
        elif item["type"] == "bool_type":
            message = "must be true or false"
        elif item["type"] == "union_tag_invalid":
            path = f"{path}.kind" if path else "kind"
            message = "must be one of 'article', 'website', 'contact', 'tip'"
            problems.append(Problem(path, message, ctx.get("tag"), has_value=True))
            continue
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
        raise FactsError(_problems(err), source=source) from err


MAX_FILE_SIZE = 1_000_000
"""The largest facts file :func:`load` reads, in bytes."""


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def load(path: str | os.PathLike[str]) -> Interview:
    """Read one interview's facts from a ``.toml`` or ``.json`` file.

    Raises :class:`FactsError` when the file is missing, unreadable, not valid
    TOML/JSON, or its facts are invalid; the error lists every problem.
    """
    file = Path(path)
    source = str(file)
    try:
        if file.is_dir():
            raise IsADirectoryError(21, "is a folder")
        suffix = file.suffix.lower()
        if suffix not in {".toml", ".json"}:
            raise FactsError(
                [Problem("", f"has the suffix {suffix!r}; name the file *.toml or *.json")],
                source=source,
            )
        if file.stat().st_size > MAX_FILE_SIZE:
            raise FactsError(
                [Problem("", f"is larger than {MAX_FILE_SIZE} bytes; is it the right file?")],
                source=source,
            )
        raw = file.read_bytes()
    except FileNotFoundError as err:
        raise FactsError([Problem("", "no such file; check the path")], source=source) from err
    except IsADirectoryError as err:
        raise FactsError([Problem("", "is a folder; give a facts file")], source=source) from err
    except OSError as err:
        reason = err.strerror or str(err)
        raise FactsError([Problem("", f"cannot be read: {reason}")], source=source) from err
    except ValueError as err:  # a path with a NUL character
        raise FactsError([Problem("", f"is not a usable path: {err}")], source=source) from err
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise FactsError(
            [Problem(f"line {line}", "is not UTF-8 text; save the file as UTF-8")],
            source=source,
        ) from err
    data: Any
    try:
        if suffix == ".toml":
            data = tomllib.loads(text)
        else:
            data = json.loads(text, object_pairs_hook=_unique_keys)
    except tomllib.TOMLDecodeError as err:
        raise FactsError([Problem("", f"is not valid TOML: {err}")], source=source) from err
    except json.JSONDecodeError as err:
        raise FactsError(
            [Problem(f"line {err.lineno}", f"is not valid JSON: {err.msg} (column {err.colno})")],
            source=source,
        ) from err
    except _DuplicateKeyError as err:
        raise FactsError(
            [Problem("", f"sets the key {err.key!r} twice in one object; keep one")],
            source=source,
        ) from err
    except RecursionError as err:
        raise FactsError(
            [Problem("", "is nested too deeply to be interview facts")], source=source
        ) from err
    except ValueError as err:  # e.g. an integer with more digits than Python converts
        raise FactsError([Problem("", f"cannot be read: {err}")], source=source) from err
    if not isinstance(data, dict):
        raise FactsError(
            [Problem("", f"must hold a table of facts, not a {type(data).__name__}")],
            source=source,
        )
    return parse(data, source=source)
