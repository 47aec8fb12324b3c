"""German: the case a preposition asks of the fact after it, and Swiss spelling.

A German fact is written as a noun phrase in the nominative, with its
article when it has one ("der Umzug in die Cloud", "die Rufbereitschaft",
"das Segeln", "Kubernetes"). A translation puts a fact right after a
preposition, and the rule declines the fact's article (and the adjectives
before its noun) to the case the preposition governs::

    über %(topic)s   + "der neue Ansatz"     → "über den neuen Ansatz"
    zu %(topic)s     + "die Rufbereitschaft" → "zur Rufbereitschaft"
    bei %(company)s  + "Nordwind GmbH"       → "bei der Nordwind GmbH"

A list of facts ("der Umzug und die Rufbereitschaft", joined by
``format_list``) is declined item by item; inside one fact, only its own
article and adjectives change. "die" is taken as feminine singular:
translations put a topic or hobby only after accusative prepositions (über,
für, um), where feminine and plural agree. An indefinite "ein" (masculine or
neuter) is left as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from followup.rendering.languages.base import (
    Conventions,
    Listed,
    ListedMarkup,
    placeholders,
    same_kind,
)

__all__ = ["German", "SwissGerman", "decline"]

Case = Literal["acc", "dat"]

_CASES: dict[str, Case] = {
    **dict.fromkeys(("über", "für", "durch", "gegen", "ohne", "um"), "acc"),
    **dict.fromkeys(("mit", "von", "zu", "bei", "aus", "nach", "seit", "gegenüber"), "dat"),
}
_ARTICLES: dict[str, dict[Case, str]] = {
    "der": {"acc": "den", "dat": "dem"},
    "die": {"acc": "die", "dat": "der"},
    "das": {"acc": "das", "dat": "dem"},
    "eine": {"acc": "eine", "dat": "einer"},
}
_CONTRACTIONS = {
    ("zu", "dem"): "zum",
    ("zu", "der"): "zur",
    ("von", "dem"): "vom",
    ("bei", "dem"): "beim",
}
_LEGAL_FORM = re.compile(r"\s(?:g?GmbH|AG|SE|KG|KGaA|OHG|UG|mbH)(?: & Co\. KG)?$")
_ASSOCIATION = re.compile(r"\se\.\s?V\.$")


def decline(phrase: str, case: Case) -> str:
    """*phrase*, a nominative noun phrase, in *case*.

    >>> decline("der nächtliche Batch-Lauf", "acc"), decline("die neue Plattform", "dat")
    ('den nächtlichen Batch-Lauf', 'der neuen Plattform')
    >>> decline("Nordwind Analytik GmbH", "dat"), decline("Kubernetes", "dat")
    ('der Nordwind Analytik GmbH', 'Kubernetes')
    >>> decline("Deutsche Bahn AG", "dat"), decline("das Deutsche Museum", "dat")
    ('der Deutschen Bahn AG', 'dem Deutschen Museum')

    Only the phrase's own article and the adjectives before its noun change: what
    follows the noun (a genitive, a relative clause) is the user's and stays.

    >>> decline("der Vorschlag, der im Team diskutiert wird", "acc")
    'den Vorschlag, der im Team diskutiert wird'
    >>> decline("die Zusammenarbeit der Entwickler und der Fachbereiche", "dat")
    'der Zusammenarbeit der Entwickler und der Fachbereiche'
    """
    if _LEGAL_FORM.search(phrase) and phrase.split(" ")[0] not in _ARTICLES:
        phrase = f"die {phrase}"  # die Gesellschaft
    elif _ASSOCIATION.search(phrase) and phrase.split(" ")[0] not in _ARTICLES:
        phrase = f"der {phrase}"  # der Verein
    words = phrase.split(" ")
    article = words[0]
    if article not in _ARTICLES or len(words) < 2:
        return phrase
    strong = case == "dat" or article == "der"  # where the adjective takes -en
    declined = [_ARTICLES[article][case]]
    for index, word in enumerate(words[1:], start=1):
        following = words[index + 1] if index + 1 < len(words) else ""
        adjective = (
            word[:1].islower()
            or (  # or part of a name: die Deutsche Bahn
                word.endswith("e")
                and following[:1].isupper()
                and not _LEGAL_FORM.match(f" {following}")
            )
        )
        if not word[:1].isalpha() or not adjective:
            declined += words[index:]  # the noun, and what follows it
            break
        declined.append(word + "n" if strong and word.endswith("e") else word)
    return " ".join(declined)


class German(Conventions):
    """German: facts after a preposition take its case (see the module documentation).
    An idea is a whole sentence, with its capital."""

    about_words = ("über",)
    function_words = frozenset(["der", "die", "das", "ein", "eine", "einen", "dem", "den", "des"])
    idea_case = "capital"
    nouns_capitalized = True

    def prepare(self, message: str, variables: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
        changed = dict(variables)
        for match in reversed(list(placeholders(message))):
            preposition, name = match["word"], match["name"]
            case = _CASES.get(preposition.lower())
            value = variables.get(name)
            if case is None or not isinstance(value, str):
                continue
            if isinstance(value, Listed | ListedMarkup):  # facts joined: each its case
                items = [same_kind(item, decline(item, case)) for item in value.items]
                declined = str(value.rejoin(items))
            else:
                declined = decline(value, case)
            first, _, rest = declined.partition(" ")
            contracted = _CONTRACTIONS.get((preposition.lower(), first))
            if contracted is not None:
                if preposition[:1].isupper():
                    contracted = contracted.capitalize()
                message = f"{message[: match.start()]}%({name})s{message[match.end() :]}"
                declined = f"{contracted} {rest}"
            changed[name] = same_kind(value, declined)
        return message, changed


_SHARP_S = re.compile("ß")
# A letter's first line is its salutation; the body starts after the blank line.
_BODY = re.compile(
    r"\A([ \t\n]*(?:Sehr geehrte|Guten Tag|Liebe|Hallo|Grüezi)[^\n]*\n[ \t]*\n[ \t\n]*)([a-zäöü])"
)


class SwissGerman(German):
    """Swiss German: "ss" for "ß" (in followup's wording and in the facts the user
    wrote, as Swiss spelling does throughout; never in a name field such as an
    interviewer's), «guillemets» for quotation marks, and no comma after the
    salutation, so the letter goes on with a capital.

    >>> SwissGerman().prepare("Grüße über „%(title)s“", {"title": "Rules"})
    ('Grüsse über «%(title)s»', {'title': 'Rules'})
    >>> SwissGerman().spell("die Maßnahme")
    'die Massnahme'
    >>> SwissGerman().finish("Sehr geehrte Frau Meier\\n\\nvielen Dank.")
    'Sehr geehrte Frau Meier\\n\\nVielen Dank.'
    """

    def prepare(self, message: str, variables: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
        message = _SHARP_S.sub("ss", message).replace("„", "«").replace("“", "»")
        return super().prepare(message, variables)

    def spell(self, fact: str) -> str:
        return _SHARP_S.sub("ss", fact).replace("ẞ", "SS")

    def typography(self, text: str) -> str:
        return _BODY.sub(lambda m: m[1] + m[2].upper(), text, count=1)
