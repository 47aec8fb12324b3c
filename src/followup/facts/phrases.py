"""Facts in several languages: a text, or a table of texts by language.

Every free-text fact (a topic, a hobby and its detail, an idea, a gift's
title, a tip, a contact's note, the role) may be written once, in the
interview's language::

    subject = "error budgets"

or once per language, keyed by locale::

    subject = { en = "error budgets", de = "Fehlerbudgets", fr = "les budgets d'erreur" }

Either way the fact is a :class:`Phrase`: a ``str`` (the first text written,
which names the fact in listings and references) that also knows its
:attr:`~Phrase.variants`. A draft takes the variant of its own language
(see :meth:`Phrase.text_for`); references between facts (``about``,
``topic``) may name a fact by any of its variants.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, TypeAdapter, ValidationError
from pydantic_core import core_schema

from followup._text import Line, Text
from followup.errors import LocaleError
from followup.locales import parse_locale

__all__ = ["LinePhrase", "Phrase", "TextPhrase", "phrases"]


class Phrase(str):
    """A fact's text; with :attr:`variants` when it was written in several languages."""

    variants: Mapping[str, str]
    """The text per locale (``{"en": "sailing", "de": "Segeln"}``), in the order
    written; empty when the fact is a plain string in the interview's language."""

    def __new__(cls, text: str, variants: Mapping[str, str] | None = None) -> Phrase:
        phrase = super().__new__(cls, text)
        phrase.variants = dict(variants or {})
        return phrase

    def __repr__(self) -> str:
        if self.variants:
            return f"Phrase({dict(self.variants)!r})"
        return f"Phrase({str(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Phrase, (str(self), dict(self.variants)))

    @property
    def names(self) -> tuple[str, ...]:
        """Every way the fact may be referred to: each of its texts."""
        return (str(self), *(v for v in self.variants.values() if v != str(self)))

    def text_for(self, chain: Sequence[str], *, default: str) -> str | None:
        """The text for a draft whose language chain is *chain* (``("de_AT", "de")``),
        or None when the fact has none in that language.

        A plain string is in the *default* locale (the interview's). A variant
        matches when its locale is in the chain, or is of the chain's language
        (``de_DE`` for a ``de_AT`` draft), the most specific first.

        >>> sailing = Phrase("sailing", {"en": "sailing", "de": "Segeln"})
        >>> sailing.text_for(("de_AT", "de"), default="en_US")
        'Segeln'
        >>> Phrase("Segeln").text_for(("de_CH", "de"), default="de_DE")
        'Segeln'
        >>> print(sailing.text_for(("fr",), default="en_US"))
        None
        """
        variants = self.variants or {default: str(self)}
        for locale in chain:
            if locale in variants:
                return variants[locale]
        base = chain[0].split("_")[0] if chain else ""
        for locale, text in variants.items():
            if locale.split("_")[0] == base:
                return text
        return None

    def matches(self, name: str) -> bool:
        """Whether *name* refers to this fact (any of its texts)."""
        return name in self.names

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        # The fields that hold phrases validate them themselves (see LinePhrase).
        return core_schema.no_info_after_validator_function(cls, core_schema.str_schema())


def _validator(text: TypeAdapter[str]) -> Callable[[Any], Phrase]:
    def validate(value: Any) -> Phrase:
        if isinstance(value, Phrase):  # checked like any text or table
            value = dict(value.variants) if value.variants else str(value)
        if isinstance(value, str):
            return Phrase(_checked(text, value))
        if isinstance(value, Mapping):
            if not value:
                raise ValueError(
                    "needs at least one text; write it as text, or as a table by "
                    'language such as { en = "sailing", de = "Segeln" }'
                )
            variants: dict[str, str] = {}
            for key, item in value.items():
                shown = _shown(key)
                try:
                    locale = parse_locale(key)
                except LocaleError as err:
                    raise ValueError(
                        f"has the language key {shown}, which {err.reason.split(';')[0]}; "
                        "key each text by a locale such as 'en' or 'de_AT'"
                    ) from None
                if locale in variants:
                    raise ValueError(f"has two texts for {locale!r}; keep one")
                if isinstance(item, Mapping):
                    raise ValueError(
                        f"has a table under {shown}; give text (a key with a dot, such as "
                        "de.CH, is a table in TOML: write de_CH)"
                    )
                if not isinstance(item, str):
                    kind = "a list" if isinstance(item, list | tuple) else "no text"
                    raise ValueError(f"has {kind} under {shown}; give text")
                variants[locale] = _checked(text, item, key=key)
            return Phrase(next(iter(variants.values())), variants)
        raise ValueError(
            "must be text, or a table of texts by language such as "
            '{ en = "sailing", de = "Segeln" }'
        )

    return validate


def _shown(key: object) -> str:
    """A table key as an error message shows it: quoted, and cut short when long."""
    text = repr(key)
    return text if len(text) <= 40 else f"{text[:37]}…'"


def _checked(text: TypeAdapter[str], value: str, *, key: str | None = None) -> str:
    try:
        return text.validate_python(value)
    except ValidationError as err:
        reason = err.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        where = f"the {key!r} text " if key else ""
        raise ValueError(f"{where}{reason}") from None


def _serialize(phrase: Phrase) -> str | dict[str, str]:
    return dict(phrase.variants) if phrase.variants else str(phrase)


def _phrase_type(text: Any) -> Any:
    return Annotated[
        Phrase,
        PlainValidator(
            _validator(TypeAdapter(text)),
            json_schema_input_type=str | dict[str, str],
        ),
        PlainSerializer(_serialize, return_type=str | dict[str, str]),
    ]


LinePhrase = _phrase_type(Line)
"""A one-line fact, as text or as a table of texts by language."""
TextPhrase = _phrase_type(Text)
"""A short paragraph of fact, as text or as a table of texts by language."""


def phrases(value: object) -> Iterator[str]:
    """Every text of a fact as written in raw facts: a string, or a table's values.

    >>> list(phrases("sailing")), list(phrases({"en": "sailing", "de": "Segeln"}))
    (['sailing'], ['sailing', 'Segeln'])
    """
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        yield from (v for v in value.values() if isinstance(v, str))
