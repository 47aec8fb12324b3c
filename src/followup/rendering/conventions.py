"""Per-language rules that a catalog cannot express, in one registry.

A translated message is fixed text; the facts a user writes are not. Where a
language changes the words around an inserted fact (French elides "de"
before a vowel) or writes a formatted value its own way (French "1er" for
the first of the month), the rule lives here, in the :class:`Conventions`
of that language, not in the generic renderer. A new language's quirk is
one more subclass and one more entry in :data:`CONVENTIONS`.

The conventions also hold each language's **card limit**: the most words a
handwritten thank-you card holds in that language (see :attr:`Conventions.card_words`).
A 5 by 7 inch card holds about 900 handwritten characters: 150 words of
English at 5.7 characters a word (spaces included). Measured on followup's
own notes, German, French and Spanish average 6.1 to 6.2 characters a word,
close enough that every shipped language keeps the same limit of 150; a
language whose words differ much in length (or that writes no spaces
between words) sets its own. A note must also stay within 1,000 characters,
what the printed card page has room for, so that long words cannot make it
overflow.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from followup.locales import territory_of

__all__ = [
    "CARD_CHARACTERS",
    "CARD_WORDS",
    "CONVENTIONS",
    "American",
    "Conventions",
    "French",
    "conventions",
]

CARD_WORDS = 150
"""The most words a thank-you card holds, unless a language sets its own limit."""
CARD_CHARACTERS = 1000
"""The most characters (spaces and line breaks included) a card holds, whatever the
language: what the printed card page has room for, so long words cannot overflow it."""


class Conventions:
    """What a language does to the text around inserted facts; the default does nothing."""

    card_words: int = CARD_WORDS
    """The most words a handwritten card holds in this language."""
    card_characters: int = CARD_CHARACTERS
    """The most characters a card holds in this language."""

    def fits_card(self, text: str) -> bool:
        """Whether a note of *text* fits on a card in this language."""
        return len(text.split()) <= self.card_words and len(text) <= self.card_characters

    def before_filling(self, message: str, variables: Mapping[str, Any]) -> str:
        """*message* adjusted to the values about to fill its placeholders."""
        return message

    def date(self, text: str, value: dt.date, format: str) -> str:
        """A date Babel formatted as *text*, written as this language writes it."""
        return text

    def finish(self, text: str) -> str:
        """A rendered draft's text, with the language's typography applied."""
        return text


# French elides "de" and "que" before a vowel: "le poste d'Ingénieur", "d'Anna".
_ELIDABLE = re.compile(r"\b([Dd]e|[Qq]ue) %\((\w+)\)s")
_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ")
_FIRST = re.compile(r"(?<!\d)1(?=\s)")


class French(Conventions):
    """French: elision before a vowel-initial fact, and "1er" for the first of the month."""

    def before_filling(self, message: str, variables: Mapping[str, Any]) -> str:
        # A catalog cannot know the fact that follows, so the elision happens where a
        # placeholder meets the word before it, and only when the fact starts with a vowel.
        def join(match: re.Match[str]) -> str:
            value = str(variables.get(match[2], ""))
            if value[:1] in _VOWELS:
                return f"{match[1][:-1]}'%({match[2]})s"
            return match[0]

        return _ELIDABLE.sub(join, message)

    def date(self, text: str, value: dt.date, format: str) -> str:
        if value.day == 1 and format in {"long", "full"}:
            return _FIRST.sub("1er", text, count=1)
        return text


_CLOSED_QUOTE = re.compile(r"”([,.])")


class American(Conventions):
    """American English: a comma or full stop after a quotation goes inside its marks
    ("the article “Rules,” which"); British English keeps it outside."""

    def finish(self, text: str) -> str:
        return _CLOSED_QUOTE.sub(r"\1”", text)


CONVENTIONS: Mapping[str, Conventions] = {"fr": French()}
"""The languages with rules of their own, by language code."""
_DEFAULT = Conventions()
_AMERICAN = American()


def conventions(locale: str) -> Conventions:
    """The conventions of *locale*'s language (``fr_CA`` → French); English follows
    American usage where the locale's territory is the United States.

    >>> type(conventions("fr_CA")).__name__, conventions("en_GB").card_words
    ('French', 150)
    >>> [type(conventions(loc)).__name__ for loc in ("en", "en_US", "en_GB", "en_AU")]
    ['American', 'American', 'Conventions', 'Conventions']
    """
    language = locale.split("_")[0]
    if language == "en":
        return _AMERICAN if territory_of(locale) == "US" else _DEFAULT
    return CONVENTIONS.get(language, _DEFAULT)
