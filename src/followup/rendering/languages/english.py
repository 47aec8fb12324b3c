"""English: American and British punctuation around quotation marks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from followup.rendering.languages.base import Conventions

__all__ = ["American", "British", "English"]

_CLOSED_QUOTE = re.compile(r"”([,.])")
_ASKED = re.compile(r"([?!])[,.]”")


class English(Conventions):
    """English: a topic is written as it would follow "about" ("error budgets", "the
    move to streaming"), an idea as a phrase or sentence that can follow a colon
    ("partitioning the event tables by day")."""

    about_words = ("about",)
    function_words = frozenset(
        [
            "the",
            "a",
            "an",
            "this",
            "that",
            "these",
            "those",
            "my",
            "your",
            "our",
            "their",
            "his",
            "her",
            "its",
            "we",
            "it",
            "they",
            "you",
            "he",
            "she",
        ]
    )


class American(English):
    """American English: a comma or full stop after a quotation goes inside its marks
    ("the article “Rules,” which"), and is left out after a title's own "?" or "!"
    ("the article “Why Sail?” which"); British English keeps it outside.

    >>> American().finish("the article “Rules”, which; the article “Why Sail?”, which")
    'the article “Rules,” which; the article “Why Sail?” which'
    """

    def typography(self, text: str) -> str:
        return _ASKED.sub(r"\1”", _CLOSED_QUOTE.sub(r"\1”", text))


class British(English):
    """British English: single quotation marks (U+2018, U+2019) around a title in
    followup's wording, with a comma or full stop outside them.

    >>> British().prepare("the article “%(title)s”, which", {})[0] == (
    ...     "the article \u2018%(title)s\u2019, which"
    ... )
    True
    """

    def prepare(self, message: str, variables: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
        return message.replace("“", "\u2018").replace("”", "\u2019"), variables
