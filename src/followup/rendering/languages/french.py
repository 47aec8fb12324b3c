"""French: contraction and elision where a fact meets the word before it, "1er", and
Canadian spacing.

A French topic or hobby is written with its article ("le passage au
streaming", "les astreintes", "l'observabilité", "la voile"); a role without
one ("ingénieure de données"). Where a translation puts a fact right after
"de" or "à", the rule contracts or elides::

    de %(topic)s  + "le passage au streaming"  → "du passage au streaming"
    de %(topic)s  + "les astreintes"           → "des astreintes"
    à %(topic)s   + "le streaming"             → "au streaming"
    de %(role)s   + "ingénieure"               → "d'ingénieure"
    de %(role)s   + "hydrographe"              → "d'hydrographe"     (h muet)
    de %(role)s   + "yield manager"            → "de yield manager"  (y consonant)
    de %(role)s   + "hockeyeur"                → "de hockeyeur"      (h aspiré)
    de %(detail)s + "des parties de blitz"     → "de parties de blitz"

A possessive a translation puts before a fact takes the place of a plural
fact's article, as the reader's own doing; a singular fact may be someone
else's and keeps its article::

    de vos %(detail)s + "les régates"          → "de vos régates"
    de tes %(detail)s + "le club photo"        → "du club photo"

"que" elides the same way as "de". "la" and "l'" need nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from followup.rendering.languages.base import (
    Conventions,
    placeholders,
    plural_owner,
    possessives,
    same_kind,
)

__all__ = ["CanadianFrench", "French", "elides_before"]

_VOWELS = frozenset("aeiouàâäéèêëîïôöùûüœæ")
# Words (and word stems) whose h is aspirated: no elision, no liaison. The list
# covers the words people put in facts about work and pastimes; others elide.
_ASPIRATED_H = (
    "hache",
    "hacker",
    "hackathon",
    "haie",
    "haine",
    "hall",
    "halte",
    "hamac",
    "hameau",
    "hamster",
    "hanche",
    "handball",
    "handicap",
    "hangar",
    "harcèlement",
    "hardware",
    "harpe",
    "hasard",
    "hashtag",
    "hausse",
    "haut",
    "hérisson",
    "héron",
    "héros",
    "hêtre",
    "hibou",
    "hiérarchi",
    "hip-hop",
    "hippie",
    "hobby",
    "hockey",
    "holding",
    "homard",
    "honte",
    "hors",
    "hotte",
    "houle",
    "hub",
    "huit",
    "hurl",
)
_CONTRACTIONS = {
    ("de", "le"): "du",
    ("de", "les"): "des",
    ("de", "des"): "de",  # parler de parties
    ("à", "le"): "au",
    ("à", "les"): "aux",
}
_FIRST = re.compile(r"(?<!\d)1(?=\s)")
_ARTICLED = re.compile(r"(?:le|la|les) \S|l['\u2019]\S")
"""A name that starts with its article: "le Parc …", "la Fondation …", "l'Agence …"."""


# The reader's own: the possessive a translation writes before a fact, by person.
# Only a plural fact ("les régates en Laser") is taken for the reader's own doing: a
# singular one may be someone else's ("le club photo du quartier", "l'Étape du Tour")
# and keeps its article.
_owned = plural_owner(
    {"vos": "vos", "votre": "vos", "tes": "tes", "ton": "tes", "ta": "tes"}, frozenset({"les"})
)


def elides_before(word: str) -> bool:
    """Whether "de" and "que" elide before *word*.

    >>> [elides_before(w) for w in ("ingénieure", "hydrographe", "hockeyeur", "yield", "Yves")]
    [True, True, False, False, True]
    """
    lower = word.lower()
    first = lower[:1]
    if first == "y":
        return lower[1:2] not in _VOWELS and lower[1:2] != ""  # Yves, not yield
    if first == "h":
        return not lower.startswith(_ASPIRATED_H)
    return first in _VOWELS


class French(Conventions):
    """French: "du", "des", "au", "aux" and "d'", "qu'" where a fact meets the word
    before it (see the module documentation), and "1er" for the first of the month.
    A topic or hobby is written with its article, an idea in lower case. The
    wording's space before ":", ";", "?", "!" and "»" and after "«" is a no-break
    space, whatever space a translation has there:

    >>> French().prepare("Une idée : %(idea)s ?", {"idea": "la voici"})[0]
    'Une idée\xa0: %(idea)s\xa0?'

    The reader's possessive takes the place of a plural fact's article only:

    >>> _owned("vos", "de", "les régates en Laser"), _owned("tes", "de", "les parties")
    ('vos régates en Laser', 'tes parties')
    >>> _owned("vos", "de", "le club photo du quartier"), _owned("de", "", "x")
    (None, '')
    """

    idea_case = "lower"
    new_year_until = 31
    new_year_apart = True
    about_words = ("sur",)
    articles = frozenset(
        [
            "le",
            "la",
            "les",
            "l'",
            "un",
            "une",
            "des",
            "du",
            "de",
            "d'",
            "ce",
            "cet",
            "cette",
            "ces",
            "mon",
            "ma",
            "mes",
            "ton",
            "ta",
            "tes",
            "son",
            "sa",
            "ses",
            "notre",
            "nos",
            "votre",
            "vos",
            "leur",
            "leurs",
        ]
    )
    third_person = frozenset(["elle", "lui", "son", "sa", "ses"])
    function_words = articles | frozenset(
        ["il", "elle", "ils", "elles", "on", "nous", "vous", "je", "j'", "c'", "ça"]
    )

    def prepare(self, message: str, variables: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
        # The wording's own spaces before ":", ";", "?", "!" and "»" and after "«" are
        # no-break spaces, whatever the translation typed (facts stay as written).
        message = _LOOSE_AFTER.sub("«\u00a0", _LOOSE_BEFORE.sub("\u00a0\\1", message))
        message, changed = possessives(message, variables, _owned)
        variables = dict(changed)
        # An organization named with its article is worked at, not "chez": "au Parc
        # naturel régional", "à la Fondation …", "aux Éditions …" (a name alone keeps it).
        for match in reversed(list(placeholders(message))):
            value = variables.get(match["name"])
            if (
                match["word"].lower() == "chez"
                and isinstance(value, str)
                and _ARTICLED.match(value)
            ):
                at = "À" if match["word"][:1].isupper() else "à"
                message = (
                    f"{message[: match.start()]}{at} %({match['name']})s{message[match.end() :]}"
                )
        for match in reversed(list(placeholders(message))):
            word, name = match["word"], match["name"]
            value = variables.get(name)
            if word.lower() not in {"de", "à", "que"} or not isinstance(value, str) or not value:
                continue
            article, _, rest = value.partition(" ")
            contracted = _CONTRACTIONS.get((word.lower(), article))
            start, end = match.start(), match.end()
            if contracted is not None and rest:
                if word[:1].isupper():
                    contracted = contracted.capitalize()
                changed[name] = same_kind(value, rest)
                message = f"{message[:start]}{contracted} %({name})s{message[end:]}"
            elif word.lower() in {"de", "que"} and elides_before(value):
                message = f"{message[:start]}{word[:-1]}'%({name})s{message[end:]}"
        return message, changed

    def date(self, text: str, value: dt.date, format: str) -> str:
        if value.day == 1 and format in {"long", "full", "day_month"}:
            return _FIRST.sub("1er", text, count=1)
        return text


_LOOSE_BEFORE = re.compile("[ \u202f]([:;?!»])")
_LOOSE_AFTER = re.compile("«[ \u202f]")
_SPACE_BEFORE = re.compile("[\u00a0\u202f]([?!;])")


class CanadianFrench(French):
    """Canadian French (OQLF): no space before "?", "!" and ";" (a no-break space
    before ":" stays).

    >>> CanadianFrench().finish("Comment allez-vous\\u00a0? Bien\\u00a0: merci")
    'Comment allez-vous? Bien\\xa0: merci'
    """

    def typography(self, text: str) -> str:
        return _SPACE_BEFORE.sub(r"\1", text)
