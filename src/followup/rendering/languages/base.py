"""What every language's rules start from: the card limits and hooks that change nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["CARD_CHARACTERS", "CARD_WORDS", "Conventions", "placeholders"]

CARD_WORDS = 150
"""The most words a thank-you card holds, unless a language sets its own limit."""
CARD_CHARACTERS = 1000
"""The most characters (spaces and line breaks included) a card holds, whatever the
language: what the printed card page has room for, so long words cannot overflow it."""

_DOUBLED = re.compile(r"(?:(?<=[?!…])|(?<=[^.]\.))\.(?!\.)")
_PLACEHOLDER = re.compile(r"(?:(?<=\s)|^)(?P<word>[^\W\d_]+) %\((?P<name>\w+)\)s")


def placeholders(message: str) -> Iterator[re.Match[str]]:
    """Each ``word %(name)s`` of *message*: a placeholder and the word right before it."""
    return _PLACEHOLDER.finditer(message)


class Conventions:
    """What a language does to the text around inserted facts; the default does nothing."""

    card_words: int = CARD_WORDS
    """The most words a handwritten card holds in this language."""
    card_characters: int = CARD_CHARACTERS
    """The most characters a card holds in this language."""

    def fits_card(self, text: str) -> bool:
        """Whether a note of *text* fits on a card in this language."""
        return len(text.split()) <= self.card_words and len(text) <= self.card_characters

    def prepare(self, message: str, variables: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
        """*message* and the values about to fill its placeholders, adjusted to each
        other: a word before a fact may change (French "de le" → "du"), a fact may
        change (German "der Umzug" → "den Umzug" after "über")."""
        return message, variables

    def spell(self, fact: str) -> str:
        """A fact the user wrote in this language (a topic, an idea, a tip; never a
        name), spelled as this variant of the language spells; the default keeps it."""
        return fact

    def date(self, text: str, value: dt.date, format: str) -> str:
        """A date Babel formatted as *text*, written as this language writes it."""
        return text

    def finish(self, text: str) -> str:
        """A rendered draft's text, finished: where a fact's own closing punctuation
        meets the sentence's full stop, the fact's stays ("about build or buy?",
        "at Acme, Inc."); then the language's :meth:`typography`.

        >>> Conventions().finish("our talk about build or buy?. At Acme, Inc..")
        'our talk about build or buy? At Acme, Inc.'
        """
        return self.typography(_DOUBLED.sub("", text))

    def typography(self, text: str) -> str:
        """*text* with the language's typography applied; the default changes nothing."""
        return text
