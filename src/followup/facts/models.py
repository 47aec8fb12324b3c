"""The interview facts: validated, immutable pydantic models.

One :class:`Interview` describes one interview. :meth:`Interview.model_validate`
applies every rule, including references between facts (a topic's ``with``
names interviewers, a gift is ``about`` a topic or hobby), and raises
pydantic's ``ValidationError`` with one error per problem, as pydantic users
expect; :func:`followup.facts.parse` and :func:`followup.facts.load` turn
those into a :class:`~followup.errors.FactsError`.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    StrictBool,
    Tag,
    TypeAdapter,
    ValidationError,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic_core import PydanticCustomError

from followup._names import family_default, name_words, particle
from followup._seasons import Season
from followup._text import EmailAddress, Line, Name, Phone, Text, Url
from followup.errors import PROBLEMS_SHOWN
from followup.facts._fields import (
    MAX_EVENTS,
    MAX_ITEMS,
    MAX_PEOPLE,
    Day,
    DraftId,
    DraftKind,
    Formality,
    Gender,
    GiftTiming,
    LocaleCode,
    Outcome,
    Region,
    Title,
)
from followup.facts._references import reference_error, reference_problems, reraised
from followup.facts.phrases import LinePhrase, Phrase, TextPhrase
from followup.locales import DEFAULT_LOCALE

__all__ = [
    "ArticleGift",
    "Candidate",
    "Contact",
    "ContactGift",
    "DecisionEvent",
    "DraftRef",
    "Event",
    "Gift",
    "Hobby",
    "Idea",
    "Interview",
    "Interviewer",
    "PausedEvent",
    "ReplyEvent",
    "SecondInterviewEvent",
    "SentEvent",
    "TipGift",
    "Topic",
    "WebsiteGift",
]


class _Facts(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; with *update*, validated like facts read from a file (pydantic's own
        ``model_copy`` would take any value: a line break in a name, a bad date). So
        every instance holds valid facts, and validating one returns it as it is;
        only pydantic's ``model_construct`` makes one without any check.

        Raises :class:`~followup.errors.FactsError` listing every problem.
        """
        if not update:
            return super().model_copy(deep=deep)
        from followup.errors import FactsError
        from followup.facts.problems import problems

        data = self.model_dump(by_alias=True) | {
            self._alias(key): value for key, value in update.items()
        }
        try:
            return self.model_validate(data)
        except ValidationError as err:
            raise FactsError(problems(err)) from err

    @classmethod
    def _alias(cls, name: str) -> str:
        field = cls.model_fields.get(name)
        return field.alias if field is not None and field.alias else name


class Candidate(_Facts):
    """The person writing the follow-ups."""

    name: Name = Field(description="Your name, as you sign the notes and e-mails.")
    email: EmailAddress | None = Field(
        default=None, description="Your e-mail address: who the e-mail drafts are from."
    )
    phone: Phone | None = Field(
        default=None,
        description="Your phone number; the shipped templates leave it out, templates of "
        "your own may use it (`candidate.phone`).",
    )
    locale: LocaleCode | None = Field(
        default=None,
        description="The language of your own calendar reminders (what to do and for whom); "
        "by default the interview's `locale`.",
    )


class Interviewer(_Facts):
    """One person who interviewed the candidate; a committee is several."""

    name: Name = Field(description="Their full name as they write it: `Dana Rivera`.")
    # Left empty, both are filled in from `name` once it is valid.
    given_name: Name = Field(
        default="",
        description="Their given name; defaults to the first word of `name` (leading "
        "titles such as `Dr.` skipped).",
    )
    family_name: Name = Field(
        default="",
        description="Their family name; defaults to the last word of `name` with the "
        "particles before it (`Di Pietro`, `van der Berg`; suffixes such as `Jr.` or "
        "`, PhD` skipped): set it for a family name of several words, "
        "such as `Ortega Ruiz` (a Spanish letter greets by the first of two surnames: "
        "`Estimado Sr. Ortega:`).",
    )
    title: Title | None = Field(
        default=None,
        description="An academic or professional title used in the salutation, such as "
        "`Dr.` or `Prof.`. A doctorate written with its field (`Dr.-Ing.`, `Dr. rer. nat.`) "
        'greets its holder as "Dr.", as letters do; another title (`Ing.`, `Dipl.-Ing.`) is '
        "written as you give it.",
    )
    gender: Gender = Field(
        default="unspecified",
        description="Only picks the grammatical forms of address (`Dear Ms. Rivera`, "
        "`Sehr geehrte Frau Weber`); never guessed from a name.",
    )
    position: Line | None = Field(
        default=None,
        description="Their job title, such as `Head of Data Platform`; templates of your "
        "own may use it (`recipient.position`).",
    )
    email: EmailAddress | None = Field(
        default=None,
        description="Their e-mail address: who the e-mail drafts go to. Without one the "
        "review warns (`no_email_address`).",
    )
    primary: StrictBool = Field(
        default=False,
        description="Marks the person the check-ins go to (and whose gifts they are when "
        "several discussed a subject); by default the first interviewer.",
    )
    locale: LocaleCode | None = Field(
        default=None,
        description="The language of drafts to this person, overriding the interview's "
        "`locale`, such as `de_DE` or `fr_CA`.",
    )
    formality: Formality | None = Field(
        default=None,
        description="How you address this person, overriding the interview's `formality`.",
    )
    region: Region | None = Field(
        default=None,
        description="The state or province whose public holidays check-ins avoid besides "
        "the country's, by code or name: `BY` or `Bayern`, `QC`; the country comes from "
        "the locale.",
    )

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
        # "Herr von Weizsäcker": no given name to go by; the whole name, not "von".
        data.setdefault("given_name", name if particle(words[0]) else words[0])
        data.setdefault("family_name", family_default(words))
        return data


_NAME: TypeAdapter[str] = TypeAdapter(Name)


class Topic(_Facts):
    """Something discussed in the interview, and with whom."""

    subject: LinePhrase = Field(
        description='What was discussed, as it follows "about" in English: '
        "`error budgets`; in German or French with its article (`die Rufbereitschaft`)."
    )
    with_: Annotated[tuple[Name, ...], Field(min_length=1, max_length=MAX_PEOPLE)] | None = Field(
        default=None,
        alias="with",
        description="The names of the interviewers who discussed it; left out, every "
        "interviewer did.",
    )
    short: LinePhrase | None = Field(
        default=None,
        description="What to call it once it has been named, in the same shape as "
        "`subject`: `the fossil hall` for `the renovation of the fossil hall before it "
        "reopens in 2028`. The thank-you note names the topic in full; its other "
        "sentences and every later draft use this. Left out, they repeat the subject.",
    )


def _seasons(value: Any) -> Any:
    """A list of seasons, or one written on its own (``season = "summer"``); "fall"
    is the American English "autumn"."""
    items = (value,) if isinstance(value, str) else value
    if isinstance(items, list | tuple):
        return tuple("autumn" if item == "fall" else item for item in items)
    return value


class Hobby(_Facts):
    """An interest an interviewer mentioned."""

    subject: LinePhrase = Field(
        description='The interest, as it follows "your passion for" in English: '
        "`sailing`, `jazz piano`; in German or French with its article (`das Segeln`)."
    )
    person: Name = Field(description="The name of the interviewer who mentioned it.")
    detail: LinePhrase | None = Field(
        default=None,
        description="A short phrase that says more about it, such as `racing a Laser "
        'dinghy most weekends`: in English it follows "about" ("You told me '
        'about …"), so it is written without "my" or "her". It goes into the '
        "check-in about the hobby, else the thank-you note.",
    )
    season: Annotated[tuple[Season, ...], BeforeValidator(_seasons), Field(max_length=4)] = Field(
        default=(),
        description="The seasons it is done in (spring, summer, autumn or fall, winter), "
        'where it has some: `["summer"]` for sailing, `["winter"]` for skiing, as the '
        "recipient's territory has them (south "
        "of the equator, July is winter). A check-in out of season speaks of another "
        "interest where there is one. Left out, any time of year.",
    )


class Idea(_Facts):
    """An idea the candidate had after leaving the interview."""

    summary: TextPhrase = Field(
        description="The idea, as it follows a colon in English: `partitioning the "
        "event tables by day`; the thank-you note expands on it and offers to come back."
    )
    topic: Line | None = Field(
        default=None,
        description="The subject of the topic it grew from: only the people who "
        "discussed that topic hear of it. Left out, every interviewer does. One "
        "thank-you note a day tells it (the primary interviewer's when it is for "
        "them); the others may hear of it in a check-in.",
    )


class Contact(_Facts):
    """A person worth meeting, offered as a gift."""

    name: Name = Field(description="Their full name.")
    email: EmailAddress | None = Field(
        default=None, description="Their e-mail address; a contact needs this or a phone."
    )
    phone: Phone | None = Field(
        default=None, description="Their phone number; a contact needs this or an e-mail."
    )
    organization: Line | None = Field(
        default=None,
        description="Where they work, told with their name; in German, French or Spanish "
        "with its article where it takes one (`die Hochschule Osnabrück`).",
    )
    note: LinePhrase | None = Field(
        default=None,
        description="Why they are worth meeting, as whole sentences: `Ada runs the local "
        "SRE meetup.`",
    )
    gender: Gender = Field(
        default="unspecified",
        description="Only picks the pronoun after their name is given (`You can reach her "
        "at …`, `Sie erreichen ihn unter …`); without it their name is repeated. Never "
        "guessed from a name.",
    )

    @model_validator(mode="after")
    def _reachable(self) -> Self:
        if self.email is None and self.phone is None:
            raise PydanticCustomError(
                "contact_unreachable",
                "a contact needs an email or a phone so the recipient can reach them",
            )
        return self


class _GiftBase(_Facts):
    about: Line = Field(
        description="The subject of the topic or hobby the gift relates to, as written "
        "there (any of its texts)."
    )
    to: Name | None = Field(
        default=None,
        description="The name of the interviewer it goes to; by default the primary "
        "interviewer when they discussed or mentioned `about`, else the first who did.",
    )
    when: GiftTiming = Field(
        default="note",
        description="`note`: enclosed with the recipient's thank-you note; `check_in`: "
        "with their next check-in instead, which is then about `about`.",
    )


class ArticleGift(_GiftBase):
    """An article worth reading."""

    kind: Literal["article"] = Field(description="`article`: an article worth reading.")
    title: LinePhrase = Field(description="The article's title, as published.")
    url: Url = Field(description="Where to read it: an `http` or `https` address.")


class WebsiteGift(_GiftBase):
    """A web site worth knowing."""

    kind: Literal["website"] = Field(description="`website`: a web site worth knowing.")
    title: LinePhrase = Field(description="The site's name.")
    url: Url = Field(description="Its address: `http` or `https`.")


class ContactGift(_GiftBase):
    """A contact worth meeting."""

    kind: Literal["contact"] = Field(description="`contact`: someone worth meeting.")
    contact: Contact = Field(description="Who they are and how to reach them.")


class TipGift(_GiftBase):
    """A practical tip."""

    kind: Literal["tip"] = Field(description="`tip`: a practical tip.")
    text: TextPhrase = Field(description="The tip, as whole sentences.")


Gift = Annotated[ArticleGift | WebsiteGift | ContactGift | TipGift, Field(discriminator="kind")]
"""An information gift, told apart by its ``kind``."""


def _tags(*models: type[BaseModel]) -> tuple[str, ...]:
    return tuple(typing.get_args(m.model_fields["kind"].annotation)[0] for m in models)


_GIFT_KINDS = _tags(ArticleGift, WebsiteGift, ContactGift, TipGift)


# --- what happened since ----------------------------------------------------------------------


class DraftRef(_Facts):
    """A draft named as ``followup plan`` lists it: its kind and its day.

    The day of a thank-you note is the day of the interview it thanks for; of a
    check-in, the day it was planned for; of a closing note, the day of the decision.
    A note overdue when it went out may also be named by the day it went out (the
    day the plan of that day listed it).
    """

    kind: DraftKind = Field(
        description="`thank_you`, `check_in` or `closing`, as `followup plan` lists the draft."
    )
    date: Day = Field(
        description="Its day: for a thank-you note the interview's, for a check-in the "
        "day it was planned for, for a closing note the decision's; for a note overdue "
        "when it went out, also the day it went out (where the plan listed it)."
    )


def _draft_reference(value: object) -> object:
    """A draft's id (a string) or a :class:`DraftRef` (a table), with one message for
    anything else, rather than one per kind of reference."""
    if isinstance(value, str):
        return _ID.validate_python(value)
    if isinstance(value, DraftRef):
        return value
    if isinstance(value, Mapping):
        try:
            return DraftRef.model_validate(value)
        except ValidationError as err:
            details = "; ".join(
                f"{'.'.join(str(part) for part in e['loc']) or 'it'} {_said(e)}"
                for e in err.errors(include_url=False)
            )
            raise ValueError(
                f'is not a draft: {details} (write {{ kind = "check_in", date = 2026-12-08 }}, '
                "or the draft's id)"
            ) from None
    raise ValueError(
        "must name a draft: its id as followup plan shows it ('check-in-2-dana-rivera'), "
        'or its kind and day ({ kind = "check_in", date = 2026-12-08 })'
    )


def _said(error: Any) -> str:
    if error["type"] == "missing":
        return "is required"
    message = str(error["msg"]).removeprefix("Value error, ")
    return message[:1].lower() + message[1:]


_ID: TypeAdapter[str] = TypeAdapter(DraftId)


DraftReference = Annotated[str | DraftRef, BeforeValidator(_draft_reference)]
"""Which draft an event is about: its id, or its kind and day."""


class _EventBase(_Facts):
    date: Day = Field(description="The day it happened, as `YYYY-MM-DD`.")
    note: Text | None = Field(
        default=None,
        description="Anything worth remembering about it, for you; no draft tells it.",
    )


class SentEvent(_EventBase):
    """A draft went out: it is done, and a check-in sent late re-anchors the ones after it."""

    kind: Literal["sent"] = Field(description="`sent`: a draft went out.")
    draft: DraftReference = Field(
        description="Which draft: its id as `followup plan` shows it "
        '(`check-in-2-dana-rivera`), or `{ kind = "check_in", date = 2026-12-08 }`.'
    )
    person: Name | None = Field(
        default=None,
        description="Whom it went to, when a kind and day name drafts to several people.",
    )


class ReplyEvent(_EventBase):
    """An interviewer replied: their next check-in moves to :attr:`next_contact`, else
    a full interval after the reply, and is about something else than the reply."""

    kind: Literal["reply"] = Field(description="`reply`: an interviewer answered.")
    person: Name | None = Field(
        default=None, description="Who replied; left out, the primary interviewer."
    )
    draft: DraftReference | None = Field(
        default=None,
        description="The draft they answered (an id, or kind and day); left out, the last "
        "one sent to them. Their next check-in is about something else.",
    )
    next_contact: Day | None = Field(
        default=None,
        description="The day they named for getting in touch again: their next check-in "
        "goes out then. Left out, a full interval after the reply.",
    )


def _met_kind(value: Any) -> str:
    """Which of :data:`_Met` a value is: a name, or a table (a person met that day)."""
    return "str" if isinstance(value, str) else "Interviewer"


_Met = Annotated[
    Annotated[Name, Tag("str")] | Annotated[Interviewer, Tag("Interviewer")],
    Discriminator(_met_kind),
]
"""Someone at a later interview: a name, or a table for someone met for the first time
(one kind per value, so that a mistake is reported once)."""


class SecondInterviewEvent(_EventBase):
    """Another interview day: a thank-you note to each of its interviewers, and every
    series of check-ins counted again from it. While it lies ahead, the check-ins due
    before it stay in the plan, and the last of them (and the note after the interview
    before it, to someone who will be there) looks forward to it. A facts file records
    at most 20 later interviews, and names at most 60 people in all (the first day's
    and those met later)."""

    kind: Literal["second_interview"] = Field(
        description="`second_interview`: another interview day, with thank-you notes of its own."
    )
    interviewers: (
        Annotated[tuple[_Met, ...], Field(min_length=1, max_length=MAX_PEOPLE)] | None
    ) = Field(
        default=None,
        description="Who was there: names of people in `interviewers`, or a table (as in "
        "`interviewers`) for someone met for the first time; left out, the first day's.",
    )
    topics: Annotated[tuple[Line, ...], Field(max_length=MAX_ITEMS)] = Field(
        default=(),
        description="Subjects of `topics` discussed that day: the thank-you notes for this "
        "day tell them, those for earlier days do not.",
    )
    decision_expected: Day | None = Field(
        default=None, description="When the decision is now expected, if the interview changed it."
    )


class DecisionEvent(_EventBase):
    """The decision: no check-in after it, and one closing note that fits it."""

    kind: Literal["decision"] = Field(
        description="`decision`: no check-in after it, and one closing note."
    )
    outcome: Outcome = Field(
        description="`offer` (the closing note accepts it), `rejection` (it thanks and keeps "
        "the door open) or `withdrawn` (you withdraw)."
    )
    person: Name | None = Field(
        default=None,
        description="Who told you (or whom you tell, for a withdrawal): the closing note goes "
        "to them; left out, the primary interviewer.",
    )


class PausedEvent(_EventBase):
    """No check-ins until :attr:`until`: the process is on hold, or someone is away."""

    kind: Literal["paused"] = Field(description="`paused`: no check-ins for a while.")
    until: Day = Field(description="The day check-ins may go out again; the first goes out then.")
    person: Name | None = Field(
        default=None, description="Whose check-ins wait; left out, everyone's."
    )


Event = Annotated[
    SentEvent | ReplyEvent | SecondInterviewEvent | DecisionEvent | PausedEvent,
    Field(discriminator="kind"),
]
"""Something that happened after the interview, told apart by its ``kind``."""
_EVENT_KINDS = _tags(SentEvent, ReplyEvent, SecondInterviewEvent, DecisionEvent, PausedEvent)
TAGGED_FIELDS: dict[str, tuple[str, ...]] = {"gifts": _GIFT_KINDS, "events": _EVENT_KINDS}
"""The lists of facts told apart by a ``kind``, with the kinds each allows."""

_Many = Field(default=(), max_length=MAX_ITEMS)


class Interview(_Facts):
    """Everything the candidate wrote down about one interview."""

    _people: tuple[tuple[Event, ...], tuple[Interviewer, ...], tuple[Interviewer, ...]] | None = (
        PrivateAttr(default=None)
    )
    _discussed_later: frozenset[str] = PrivateAttr(default=frozenset())
    """Topics a later interview names that this copy's events leave out (the plan a
    sent draft went out from knew nothing of it): not the first day's either."""

    def __eq__(self, other: object) -> bool:
        # The facts alone: what is worked out from them and kept is not compared.
        if not isinstance(other, BaseModel):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return super().__hash__()

    company: Name = Field(description="The company, as it is named: `Northwind Analytics`.")
    role: LinePhrase = Field(
        description="The role you interviewed for, without an article: `Senior Data Engineer`."
    )
    date: Day = Field(description="The interview day, as `YYYY-MM-DD`.")
    decision_expected: Day | None = Field(
        default=None,
        description="When the hiring decision is expected, as `YYYY-MM-DD`: check-ins "
        "stop the day before. Left out, there are four.",
    )
    locale: LocaleCode = Field(
        default=DEFAULT_LOCALE,
        description="The language of the drafts, and of plain-text facts: `en_US`, "
        "`de_DE`, `fr_CA`; each interviewer may have their own.",
    )
    formality: Formality = Field(
        default="formal",
        description="How you address the interviewers: `formal` (Sie, vous, usted) or "
        "`informal` (du, tu, tú); each interviewer may have their own.",
    )
    candidate: Candidate = Field(description="You, who write the follow-ups.")
    interviewers: Annotated[
        tuple[Interviewer, ...], Field(min_length=1, max_length=MAX_PEOPLE)
    ] = Field(description="Everyone who interviewed you: one thank-you note each.")
    topics: Annotated[tuple[Topic, ...], _Many] = Field(
        description="What was discussed, and with whom: what the notes and check-ins talk about."
    )
    hobbies: Annotated[tuple[Hobby, ...], _Many] = Field(
        description="Interests the interviewers mentioned: the first subjects of the check-ins."
    )
    ideas: Annotated[tuple[Idea, ...], _Many] = Field(
        description="Ideas you had after leaving, for the thank-you note to expand on."
    )
    gifts: Annotated[tuple[Gift, ...], _Many] = Field(
        description="Information gifts, each sent with a note: an article, a web site, a "
        "contact or a tip."
    )
    events: Annotated[tuple[Event, ...], Field(max_length=MAX_EVENTS)] = Field(
        default=(),
        description="What happened since, in the order you learn of it, each below the "
        "last: drafts sent, replies, a second interview, the decision, a pause. The plan "
        "adapts to them; a draft sent says what the plan showed with the events above it.",
    )

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
        # A gift's errors carry its kind in their location (gifts, 0, "tip", about).
        taken = {tuple(e["loc"]) for e in errors} | {
            (*e["loc"][:2], *e["loc"][3:])
            for e in errors
            if len(e["loc"]) > 3
            and e["loc"][0] in TAGGED_FIELDS
            and e["loc"][2] in TAGGED_FIELDS[e["loc"][0]]
        }
        problems = [p for p in reference_problems(source) if p.loc not in taken]
        if not errors and not problems:
            return interview._named_by_identity()
        # "Did you mean …?" for the problems a message shows: looking for the closest
        # choice of each of a hundred thousand bad references would take seconds.
        problems[:PROBLEMS_SHOWN] = [p.suggested() for p in problems[:PROBLEMS_SHOWN]]
        raise ValidationError.from_exception_data(
            cls.__name__,
            [
                *(reraised(e) for e in errors),
                *(reference_error(p.loc, p.message, p.value, p.suggestion) for p in problems),
            ],
        )

    def _named_by_identity(self) -> Interview:
        """The facts with every reference to a topic or hobby (a gift's ``about``, an
        idea's ``topic``) in the words that name the fact: its first text. A reference
        may use any of a fact's texts; the strategy compares names."""
        subjects: list[Phrase] = [t.subject for t in self.topics]
        subjects += [h.subject for h in self.hobbies]

        def named(reference: str) -> str:
            return next((str(s) for s in subjects if s.matches(reference)), reference)

        gifts = tuple(
            g if named(g.about) == g.about else g.model_copy(update={"about": named(g.about)})
            for g in self.gifts
        )
        ideas = tuple(
            i
            if i.topic is None or named(i.topic) == i.topic
            else i.model_copy(update={"topic": named(i.topic)})
            for i in self.ideas
        )
        events = tuple(
            e.model_copy(update={"topics": tuple(named(t) for t in e.topics)})
            if isinstance(e, SecondInterviewEvent) and any(named(t) != t for t in e.topics)
            else e
            for e in self.events
        )
        if gifts == self.gifts and ideas == self.ideas and events == self.events:
            return self
        return self.model_copy(update={"gifts": gifts, "ideas": ideas, "events": events})

    @property
    def primary(self) -> Interviewer:
        """The interviewer check-ins go to: the one marked primary, else the first."""
        return next((i for i in self.interviewers if i.primary), self.interviewers[0])

    @property
    def people(self) -> tuple[Interviewer, ...]:
        """Everyone the candidate met: the first day's :attr:`interviewers`, then those
        met for the first time at a later interview (:class:`SecondInterviewEvent`)."""
        # Asked for each person of each draft: worked out once for these events.
        kept = self._people
        if kept is not None and kept[0] is self.events and kept[1] is self.interviewers:
            return kept[2]
        found = self._find_people()
        self._people = (self.events, self.interviewers, found)
        return found

    def _find_people(self) -> tuple[Interviewer, ...]:
        later = tuple(
            person
            for event in self.events
            if isinstance(event, SecondInterviewEvent)
            for person in event.interviewers or ()
            if isinstance(person, Interviewer)
        )
        return self.interviewers + later if later else self.interviewers

    @property
    def expected_decision(self) -> dt.date | None:
        """When the decision is expected: :attr:`decision_expected`, as the latest
        later interview that gives one changed it."""
        latest = self.decision_expected
        later = sorted(
            (e.date, e.decision_expected)
            for e in self.events
            if isinstance(e, SecondInterviewEvent) and e.decision_expected is not None
        )
        return later[-1][1] if later else latest

    def interviewer(self, name: str) -> Interviewer:
        """The person called *name* (see :attr:`people`); raises ``KeyError`` if there
        is none."""
        for person in self.people:
            if person.name == name:
                return person
        raise KeyError(name)

    def topics_with(self, person: Interviewer) -> tuple[Topic, ...]:
        """The topics *person* discussed, in the facts' order: those naming them in
        ``with``, and those without ``with`` from an interview they were at."""
        return tuple(
            t
            for t in self.topics
            if (person.name in t.with_ if t.with_ is not None else self._present(t, person))
        )

    def _present(self, topic: Topic, person: Interviewer) -> bool:
        """Whether *person* was at the interview *topic* was discussed at: the later
        interview that names it, else the first."""
        for event in self.events:
            if isinstance(event, SecondInterviewEvent) and topic.subject in event.topics:
                people = event.interviewers
                if people is None:
                    break
                return any((p if isinstance(p, str) else p.name) == person.name for p in people)
        # By name (people's names differ): comparing models field by field is slow.
        return any(p.name == person.name for p in self.interviewers)

    def hobbies_of(self, person: Interviewer) -> tuple[Hobby, ...]:
        """The hobbies *person* mentioned, in the facts' order."""
        return tuple(h for h in self.hobbies if h.person == person.name)

    def ideas_for(self, person: Interviewer) -> tuple[Idea, ...]:
        """The ideas that belong in a note to *person*: those without a topic, and
        those whose topic *person* discussed."""
        discussed = {t.subject for t in self.topics_with(person)}
        return tuple(i for i in self.ideas if i.topic is None or i.topic in discussed)
