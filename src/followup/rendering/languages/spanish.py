"""Spanish: "del" and "al" where a fact meets the word before it, and "e"/"u" in lists.

A Spanish topic or hobby is written with its article ("el paso a streaming",
"las guardias", "la vela"). Where a translation puts a fact right after "de"
or "a", the rule contracts::

    de %(topic)s + "el plan de guardias"  → "del plan de guardias"
    a %(topic)s  + "el equipo"            → "al equipo"

and where a list of facts is joined, "y" becomes "e" before an item that
starts with the sound /i/ ("la escalada e idiomas"; not before "hie-": "agua
y hielo"), and "o" becomes "u" before /o/ ("siete u ocho"). Only the words
between items change: a "y" inside a fact ("Studio Y Ideas") is the user's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from followup.rendering.languages.base import Conventions, placeholders, plural_owner, possessives

__all__ = ["LatinAmericanSpanish", "Spanish"]

_CONTRACTIONS = {("de", "el"): "del", ("a", "el"): "al"}
_I_SOUND = re.compile(r"[iIíÍ]|[hH][iIíÍ](?![aeiouáéóúAEIOUÁÉÓÚ])")
_O_SOUND = re.compile(r"[oOóÓ]|[hH][oOóÓ]")


# The reader's own: the possessive a translation writes before a fact, by person.
# Only a plural fact ("las regatas en Laser") is taken for the reader's own doing: a
# singular one may be someone else's ("el maratón de Valencia") and keeps its article.
_owned = plural_owner(
    {"sus": "sus", "su": "sus", "tus": "tus", "tu": "tus"}, frozenset({"los", "las"})
)


class Spanish(Conventions):
    """Spanish contractions and conjunctions (see the module documentation).

    >>> spanish = Spanish()
    >>> spanish.join(["la escalada", "idiomas"], "la escalada y idiomas")
    'la escalada e idiomas'
    >>> spanish.join(["agua", "hielo"], "agua y hielo"), spanish.join(["7", "ocho"], "7 o ocho")
    ('agua y hielo', '7 u ocho')

    The reader's possessive takes the place of a plural fact's article only:

    >>> _owned("sus", "de", "las regatas en Laser"), _owned("tus", "de", "los sábados")
    ('sus regatas en Laser', 'tus sábados')
    >>> _owned("sus", "de", "el maratón"), _owned("de", "", "el club")
    (None, '')

    A topic or hobby is written with its article, an idea in lower case.
    """

    idea_case = "lower"
    holidays_until = 6  # the fiestas end with los Reyes
    about_words = ("sobre",)
    articles = frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "un",
            "una",
            "unos",
            "unas",
            "lo",
            "este",
            "esta",
            "estos",
            "estas",
            "ese",
            "esa",
            "esos",
            "esas",
            "mi",
            "mis",
            "tu",
            "tus",
            "su",
            "sus",
            "nuestro",
            "nuestra",
            "nuestros",
            "nuestras",
        ]
    )
    third_person = frozenset(["él", "ella"])
    function_words = articles | frozenset(
        ["yo", "él", "ella", "ellos", "ellas", "nosotros", "se", "le", "me"]
    )

    def prepare(self, message: str, variables: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
        message, changed = possessives(message, variables, _owned)
        variables = dict(changed)
        for match in reversed(list(placeholders(message))):
            word, name = match["word"], match["name"]
            value = variables.get(name)
            if not isinstance(value, str):
                continue
            article, _, rest = value.partition(" ")
            contracted = _CONTRACTIONS.get((word.lower(), article))
            if contracted is None or not rest:
                continue
            if word[:1].isupper():
                contracted = contracted.capitalize()
            changed[name] = Markup(rest) if isinstance(value, Markup) else rest
            message = f"{message[: match.start()]}{contracted} %({name})s{message[match.end() :]}"
        return message, changed

    def join(self, items: Sequence[str], joined: str) -> str:
        if len(items) < 2:
            return joined
        last = str(items[-1])
        for word, sound, better in ((" y ", _I_SOUND, " e "), (" o ", _O_SOUND, " u ")):
            if joined.endswith(word + last) and sound.match(last):
                return joined[: -len(word + last)] + better + items[-1]
        return joined


class LatinAmericanSpanish(Spanish):
    """Latin-American Spanish: “double quotation marks” around a title in followup's
    wording, where Spain writes «comillas angulares»; the holidays are over with the
    new year (a check-in of 4 January hopes they went well).

    >>> LatinAmericanSpanish().prepare("el artículo «%(title)s»", {})[0]
    'el artículo “%(title)s”'
    """

    holidays_until = 1

    def prepare(self, message: str, variables: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
        message = message.replace("«", "“").replace("»", "”")
        return super().prepare(message, variables)
