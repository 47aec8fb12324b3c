"""The interview facts: validated, immutable pydantic models.

One :class:`Interview` describes one interview. :meth:`Interview.model_validate`
applies every rule, including references between facts (a topic's ``with``
names interviewers, a gift is ``about`` a topic or hobby), and raises
pydantic's ``ValidationError`` with one error per problem, as pydantic users
expect; :func:`followup.facts.parse` and :func:`followup.facts.load` turn
those into a :class:`~followup.errors.FactsError`.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    TypeAdapter,
    ValidationError,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic_core import PydanticCustomError

from followup._names import name_words
from followup._text import EmailAddress, Line, Name, Phone, Url
from followup.facts._fields import (
    MAX_ITEMS,
    MAX_PEOPLE,
    Day,
    Formality,
    Gender,
    GiftTiming,
    LocaleCode,
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
    "Gift",
    "Hobby",
    "Idea",
    "Interview",
    "Interviewer",
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
        description="Their family name; defaults to the last word of `name` (suffixes "
        "such as `Jr.` or `, PhD` skipped): set it for a family name of several words, "
        "such as `Ortega Ruiz`.",
    )
    title: Title | None = Field(
        default=None,
        description="An academic or professional title used in the salutation, such as "
        "`Dr.` or `Prof.`.",
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
        data.setdefault("given_name", words[0])
        data.setdefault("family_name", words[-1])
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
        'dinghy most weekends`: in English it follows "especially" and "You '
        'mentioned", so it is written without "my" or "her". It goes into the '
        "check-in about the hobby, else the thank-you note.",
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
        "discussed that topic hear of it. Left out, every interviewer does.",
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
        default=None, description="Where they work, told with their name."
    )
    note: LinePhrase | None = Field(
        default=None,
        description="Why they are worth meeting, as whole sentences: `Ada runs the local "
        "SRE meetup.`",
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
_GIFT_KINDS = frozenset(
    typing.get_args(kind.model_fields["kind"].annotation)[0]
    for kind in (ArticleGift, WebsiteGift, ContactGift, TipGift)
)

_Many = Field(default=(), max_length=MAX_ITEMS)


class Interview(_Facts):
    """Everything the candidate wrote down about one interview."""

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
            if len(e["loc"]) > 3 and e["loc"][0] == "gifts" and e["loc"][2] in _GIFT_KINDS
        }
        problems = [p for p in reference_problems(source) if p[0] not in taken]
        if not errors and not problems:
            return interview._named_by_identity()
        raise ValidationError.from_exception_data(
            cls.__name__,
            [*(reraised(e) for e in errors), *(reference_error(*p) for p in problems)],
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
        if gifts == self.gifts and ideas == self.ideas:
            return self
        return self.model_copy(update={"gifts": gifts, "ideas": ideas})

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
