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
    possessives,
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
    >>> decline("Stadtwerke Lindenau", "dat"), decline("die Verkehrsbetriebe Nord", "acc")
    ('den Stadtwerken Lindenau', 'die Verkehrsbetriebe Nord')
    >>> decline("Bergbahnen", "acc"), decline("die Kliniken Nord", "dat")
    ('Bergbahnen', 'den Kliniken Nord')
    >>> decline("die Hochschule Osnabrück", "dat"), decline("die Stadtsparkasse Wuppertal", "dat")
    ('der Hochschule Osnabrück', 'der Stadtsparkasse Wuppertal')

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
    elif (plural := _plural(phrase)) is not None:
        # A plural keeps its words in the accusative ("für Bergbahnen": no article added).
        return phrase if case == "acc" else _dative_plural(plural)
    words = phrase.split(" ")
    article = words[0]
    if article not in _ARTICLES or len(words) < 2:
        return phrase
    strong = case == "dat" or article == "der"  # where the adjective takes -en
    count = _adjectives(words)
    declined = [_ARTICLES[article][case]]
    declined += [w + "n" if strong and w.endswith("e") else w for w in words[1 : 1 + count]]
    return " ".join(declined + words[1 + count :])  # the noun, and what follows it


_PLURAL_HEAD = re.compile(
    r"[A-ZÄÖÜ]\w*(?:werke|betriebe|kliniken|bahnen)|Werke|Betriebe|Kliniken|Bahnen"
)
"""The first word of a company named in the plural: die Stadtwerke, die
Verkehrsbetriebe, die Kliniken, die Bergbahnen."""


def _plural(phrase: str) -> list[str] | None:
    """The words of *phrase* without its article, when it names a company in the
    plural ("Stadtwerke Lindenau", "die Stadtwerke Lindenau"); else None."""
    words = phrase.split(" ")
    if words[0] == "die" and len(words) > 1:
        words = words[1:]
    return words if _PLURAL_HEAD.fullmatch(words[0]) else None


def _dative_plural(words: list[str]) -> str:
    """A plural from :func:`_plural` in the dative: "den Stadtwerken Lindenau"."""
    noun, *rest = words
    return " ".join(["den", noun if noun.endswith(("n", "s")) else noun + "n", *rest])


_NOUN_E = re.compile(
    r"(?:schule|messe|kasse|kirche|bühne|apotheke|mühle|akademie|galerie|börse|behörde"
    r"|stelle|zentrale|halle|gruppe|schmiede|stube|werkstätte|initiative|gilde|kette)$",
    re.IGNORECASE,
)
"""The nouns ending in "e" that name an institution before its place or name ("die
Hochschule Osnabrück", "die Messe Frankfurt", "die Sparkasse Hannover"): not an
adjective of a name, as "Deutsche" in "die Deutsche Bahn" is."""


def _adjectives(words: list[str]) -> int:
    """How many adjectives follow the article *words* start with, before the noun."""
    for index, word in enumerate(words[1:], start=1):
        following = words[index + 1] if index + 1 < len(words) else ""
        adjective = (
            word[:1].islower()
            or (  # or part of a name: die Deutsche Bahn (not die Hochschule Osnabrück)
                word.endswith("e")
                and following[:1].isupper()
                and not _LEGAL_FORM.match(f" {following}")
                and not _NOUN_E.search(word)
            )
        )
        if not word[:1].isalpha() or not adjective:
            return index - 1
    return len(words) - 1


_ACTIVITY = ("ung", "ie", "ei", "ik", "en", "ln", "rn")
"""The endings of a noun that names an activity or a field as a whole: die
Vogelbeobachtung, die Fotografie, die Malerei, die Musik, das Chorsingen, das Segeln,
das Wandern."""

_PASTIMES = {
    "für": frozenset(("hobby", "hobbies", "about")),
    "über": frozenset(("hobby", "hobbies")),
}
"""By preposition, the facts a translation puts after it that are someone's pastime:
"sich für Vogelbeobachtung begeistern", "Zeit für Chorsingen", "über Bouldern
sprechen" read as German; with the article kept ("für die Vogelbeobachtung") the
pastime reads as a field of study. (A gift's subject after "über" may be a topic.)"""


def bare(phrase: str) -> str:
    """*phrase* without its definite article when it is one noun naming an activity
    (what "für" and "über" take without article when it is a pastime); else *phrase*
    as written.

    >>> bare("die Vogelbeobachtung"), bare("das Chorsingen"), bare("die Fotografie")
    ('Vogelbeobachtung', 'Chorsingen', 'Fotografie')
    >>> bare("der Garten"), bare("die Oper"), bare("das Weihnachtsoratorium mit dem Chor")
    ('der Garten', 'die Oper', 'das Weihnachtsoratorium mit dem Chor')
    """
    article, _, noun = phrase.partition(" ")
    one_noun = noun[:1].isupper() and " " not in noun
    return noun if article in ("die", "das") and one_noun and noun.endswith(_ACTIVITY) else phrase


def _after(fact: str, case: Case, pastime: bool) -> str:
    """*fact* after a preposition that governs *case*: a *pastime* without its article
    where it reads so (:func:`bare`), else declined."""
    if pastime and (without := bare(fact)) != fact:
        return without
    return decline(fact, case)


# The reader's own: the possessive a translation writes before a fact, as its stem.
# "Ihre" with its capital (the formal "you"; "ihre" is "her" or "their"), "deine".
_YOURS = {
    **dict.fromkeys(("Ihre", "Ihr", "Ihren"), "Ihr"),
    **dict.fromkeys(("deine", "dein", "deinen"), "dein"),
    **dict.fromkeys(("Deine", "Dein", "Deinen"), "Dein"),
}
_ENDINGS = {"den": "en", "dem": "em", "der": "er", "die": "e", "das": ""}


def _owned(word: str, before: str, value: str) -> str | None:
    """*value* with its definite article made the reader's possessive *word*, in the
    case the preposition *before* it governs (the accusative after any other word: a
    translation puts a possessive fact after an accusative preposition or as an
    object).

    >>> _owned("Ihre", "an", "die Regatten am Wochenende"), _owned("deine", "für", "der Segelclub")
    ('Ihre Regatten am Wochenende', 'deinen Segelclub')
    >>> _owned("Ihre", "an", "das neue Boot"), _owned("Ihre", "mit", "das neue Boot")
    ('Ihr neues Boot', 'Ihrem neuen Boot')
    >>> _owned("Ihre", "an", "Blitzschach im Verein"), _owned("an", "", "das Boot")
    (None, '')
    """
    stem = _YOURS.get(word)
    if stem is None:
        return ""
    article = value.partition(" ")[0]
    if article not in {"der", "die", "das"} or " " not in value:
        return None
    case = _CASES.get(before.lower(), "acc")
    declined = decline(value, case).split(" ")
    owned = stem + _ENDINGS[declined[0]]
    count = _adjectives(value.split(" "))
    # After a possessive with no ending, the adjective shows the gender: "Ihr neues Boot".
    adjectives = [
        w + "s" if owned == stem and w.endswith("e") else w for w in declined[1 : 1 + count]
    ]
    return " ".join([owned, *adjectives, *declined[1 + count :]])


class German(Conventions):
    """German: facts after a preposition take its case (see the module documentation).
    An idea is a whole sentence, with its capital."""

    about_words = ("über",)
    third_person_capitalized = False  # "Sie", "Ihre": the reader
    third_person = frozenset(
        [
            "er",
            "sie",
            "ihm",
            "ihr",
            "ihre",
            "ihrem",
            "ihren",
            "ihrer",
            "ihres",
            "seine",
            "seinem",
            "seinen",
            "seiner",
            "seines",
        ]
    )
    function_words = frozenset(["der", "die", "das", "ein", "eine", "einen", "dem", "den", "des"])
    idea_case = "capital"
    nouns_capitalized = True

    def prepare(self, message: str, variables: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
        message, changed = possessives(message, variables, _owned)
        variables = dict(changed)
        for match in reversed(list(placeholders(message))):
            preposition, name = match["word"], match["name"]
            case = _CASES.get(preposition.lower())
            value = variables.get(name)
            if case is None or not isinstance(value, str):
                continue
            pastime = name in _PASTIMES.get(preposition.lower(), ())
            if isinstance(value, Listed | ListedMarkup):  # facts joined: each its case
                items = [same_kind(item, _after(item, case, pastime)) for item in value.items]
                declined = str(value.rejoin(items))
            else:
                declined = _after(value, case, pastime)
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
