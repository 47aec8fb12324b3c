"""English: American and British punctuation around quotation marks."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from followup.rendering.languages.base import Conventions

__all__ = ["American", "British", "English"]

_QUOTED = re.compile(r"%\((\w+)\)s(”?)([,.])")


class English(Conventions):
    """English: a topic is written as it would follow "about" ("error budgets", "the
    move to streaming"), an idea as a phrase or sentence that can follow a colon
    ("partitioning the event tables by day")."""

    about_words = ("about",)
    third_person = frozenset(["he", "she", "him", "her", "his", "hers"])
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
    ("the article “Why Sail?” which"); British English keeps it outside. Only
    followup's wording moves: a quotation inside a fact stays as written.

    >>> American().prepare("the article “%(title)s”, which", {"title": "Rules"})[0]
    'the article “%(title)s,” which'
    >>> American().prepare("the article “%(title)s”, which", {"title": "Why Sail?"})[0]
    'the article “%(title)s” which'
    >>> American().prepare("I enclose %(items)s, which", {"items": "the article “Rules”"})[1]
    {'items': 'the article “Rules,”'}
    """

    def prepare(self, message: str, variables: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
        changed = dict(variables)

        def inside(match: re.Match[str]) -> str:
            name, quote, mark = match[1], match[2], match[3]
            value = variables.get(name)
            if not isinstance(value, str):
                return match[0]
            text = value[:-1] if not quote and value.endswith("”") else value
            if not quote and not value.endswith("”"):
                return match[0]  # no quotation before the mark
            if text.rstrip().endswith(("?", "!")):
                return f"%({name})s{quote}"  # the title's own mark closes the quotation
            if quote:
                return f"%({name})s{mark}{quote}"
            changed[name] = (
                Markup(text) + Markup(mark + "”")
                if isinstance(value, Markup)
                else text + mark + "”"
            )
            return f"%({name})s"

        return _QUOTED.sub(inside, message), changed

    def join(self, items: Sequence[str], joined: str) -> str:
        """A list's own commas go inside an item's closing quotation mark too.

        >>> American().join(["the site “A”", "B"], "the site “A”, and B")
        'the site “A,” and B'
        """
        out, position = joined[:0], 0  # the same kind of text: markup stays markup
        for item in items[:-1]:
            start = joined.find(item, position)
            if start < 0:
                return joined
            end = start + len(item)
            if item.endswith("”") and joined.startswith(",", end):
                text = item[:-1]
                mark = "" if text.rstrip().endswith(("?", "!")) else ","
                out += joined[position:start] + text + mark + "”"
                position = end + 1
            else:
                out += joined[position:end]
                position = end
        return out + joined[position:]


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
