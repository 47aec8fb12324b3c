"""What every language's rules start from: the card limits and hooks that change nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from markupsafe import Markup

__all__ = [
    "CARD_CHARACTERS",
    "CARD_WORDS",
    "Advice",
    "Conventions",
    "FactKind",
    "Listed",
    "ListedMarkup",
    "placeholders",
    "plural_owner",
    "possessives",
    "same_kind",
]


class Listed(str):
    """Facts joined into one list ("A, B and C") that still knows its :attr:`items`,
    so that a language's rule can change each item (German case) and :attr:`rejoin`
    them, instead of taking a comma or an "und" inside one fact for a new item."""

    items: tuple[str, ...]
    rejoin: Callable[[Sequence[str]], str]


class ListedMarkup(Markup):
    """A :class:`Listed` whose items are already escaped for HTML."""

    items: tuple[str, ...]
    rejoin: Callable[[Sequence[str]], str]


def listed(
    joined: str, items: Sequence[str], rejoin: Callable[[Sequence[str]], str]
) -> Listed | ListedMarkup:
    """*joined* as a :class:`Listed` (a :class:`ListedMarkup` when it is markup)."""
    value: Listed | ListedMarkup = (
        ListedMarkup(joined) if isinstance(joined, Markup) else Listed(joined)
    )
    value.items = tuple(items)
    value.rejoin = rejoin
    return value


def same_kind(original: Any, text: str) -> Any:
    """*text*, marked as HTML-safe when *original* was: a rule changed only words."""
    return Markup(text) if isinstance(original, Markup) else text


FactKind = Literal["topic", "hobby", "detail", "idea", "note"]
"""The kinds of facts whose shape a language prescribes: a topic, a hobby or a hobby's
detail stands inside a sentence; an idea follows a colon; a contact's note stands
as a sentence of its own."""


@dataclass(frozen=True, slots=True)
class Advice:
    """How to write a fact so that it reads right in every sentence of its language."""

    reason: str
    """What is off, in a few words ("a topic is written without a full stop")."""
    better: str | None = None
    """The fact rewritten, when it can be computed."""


CARD_WORDS = 150
"""The most words a thank-you card holds, unless a language sets its own limit."""
CARD_CHARACTERS = 1000
"""The most characters (spaces and line breaks included) a card holds, whatever the
language: what the printed card page has room for, so long words cannot overflow it."""

# A fact ending in an abbreviation ("usw.", "St.", "e.V.", "Inc.") keeps its full stop.
_ABBREVIATION = re.compile(r"(?:\b\w{1,4}\.){2,}$|(?:^|\s)[^\W\d_]{1,4}\.$")


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _bare(word: str) -> str:
    """*word* without an elided article's apostrophe and what follows it: "l'"."""
    return word.split("'")[0].split("\u2019")[0] + ("'" if "'" in word or "\u2019" in word else "")


_PLACEHOLDER = re.compile(r"(?:(?<=\s)|^)(?P<word>[^\W\d_]+) %\((?P<name>\w+)\)s")


def placeholders(message: str) -> Iterator[re.Match[str]]:
    """Each ``word %(name)s`` of *message*: a placeholder and the word right before it."""
    return _PLACEHOLDER.finditer(message)


def possessives(
    message: str,
    variables: Mapping[str, Any],
    owned: Callable[[str, str, str], str | None],
) -> tuple[str, dict[str, Any]]:
    """*message* and *variables* with each possessive a translation put right before a
    fact ("vos %(detail)s": the reader's own) made to agree with the fact, by the
    language's *owned*: given the possessive as written, the word before it and the
    fact, *owned* gives the fact with its definite article made that possessive ("les
    régates" → "vos régates"), "" when the word is no possessive, or None when the fact
    has no definite article: the possessive is then left out and the fact keeps its
    own words, after the word before it as the language's other rules make them meet
    ("de vos %(detail)s" + "des parties" → "de parties", never "de vos des parties")."""
    changed = dict(variables)
    for match in reversed(list(placeholders(message))):
        word, name = match["word"], match["name"]
        value = variables.get(name)
        if not isinstance(value, str) or isinstance(value, Listed | ListedMarkup):
            continue
        before = message[: match.start()].rstrip().rpartition(" ")[2]
        found = owned(word, before, value)
        if found == "":
            continue
        message = f"{message[: match.start()]}%({name})s{message[match.end() :]}"
        changed[name] = same_kind(value, value if found is None else found)
    return message, changed


def plural_owner(
    yours: Mapping[str, str], plurals: frozenset[str]
) -> Callable[[str, str, str], str | None]:
    """The *owned* of :func:`possessives` for a language that takes only a plural fact
    ("les régates en Laser") for the reader's own doing: a singular one may be someone
    else's ("le club photo du quartier") and keeps its article. *yours* gives, for each
    possessive a translation may write (in lower case), the plural possessive of the
    same person; *plurals* are the language's plural definite articles.

    >>> owned = plural_owner({"vos": "vos", "votre": "vos"}, frozenset({"les"}))
    >>> owned("vos", "de", "les régates en Laser"), owned("Votre", "", "les parties")
    ('vos régates en Laser', 'Vos parties')
    >>> owned("vos", "de", "le club photo du quartier"), owned("de", "", "les x")
    (None, '')
    """

    def owned(word: str, before: str, value: str) -> str | None:
        possessive = yours.get(word.lower())
        if possessive is None:
            return ""
        article, _, rest = value.partition(" ")
        if article.lower() not in plurals or not rest:
            return None
        return f"{possessive.capitalize() if word[:1].isupper() else possessive} {rest}"

    return owned


_WORDS = re.compile(r"\w+")


class Conventions:
    """What a language does to the text around inserted facts; the default does nothing."""

    card_words: int = CARD_WORDS
    """The most words a handwritten card holds in this language."""
    card_characters: int = CARD_CHARACTERS
    """The most characters a card holds in this language."""
    new_year_until: int = 15
    """The last day of January on which a check-in opens with a Happy New Year (French
    letters wish it all month)."""
    holidays_until: int = 1
    """The last day of January the holidays last: a check-in after it may hope they went
    well (Spanish waits for Epiphany, 6 January)."""
    new_year_apart: bool = False
    """Whether the new year is wished apart from the holidays: after a check-in that
    wished happy holidays, the next, in January, wishes a happy new year (French
    "meilleurs vœux"); elsewhere the holiday wish was for the new year too."""

    def fits_card(self, text: str) -> bool:
        """Whether a note of *text* fits on a card in this language."""
        return len(text.split()) <= self.card_words and len(text) <= self.card_characters

    def prepare(self, message: str, variables: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
        """*message* and the values about to fill its placeholders, adjusted to each
        other: a word before a fact may change (French "de le" → "du"), a fact may
        change (German "der Umzug" → "den Umzug" after "über")."""
        return message, variables

    about_words: tuple[str, ...] = ()
    """The words the language's wording already puts before a topic ("about"): a topic
    that starts with one would say it twice."""
    function_words: frozenset[str] = frozenset()
    """Articles, determiners and pronouns, in lower case: a fact that starts with one
    in capitals, inside a sentence or after a colon, reads wrong."""
    articles: frozenset[str] = frozenset()
    """The articles (and determiners) a topic or hobby starts with, in a language whose
    topics are written with one; empty where they are not."""
    nouns_capitalized: bool = False
    """Whether every noun starts with a capital (German), so that a capital second
    word does not mark a name."""
    third_person: frozenset[str] = frozenset()
    """Pronouns that speak of someone in the third person ("she", "her"): a hobby and
    its detail are said to their person ("your passion for …", "You told me about
    …"), who would read one as someone else."""
    third_person_capitalized: bool = True
    """Whether a third-person pronoun with a capital is one too ("Her Laser dinghy");
    not in German, where "Sie", "Ihre" address the reader."""

    def _third_person(self, word: str) -> bool:
        if self.third_person_capitalized:
            word = word.lower()
        return word in self.third_person

    idea_case: Literal["lower", "capital", "any"] = "any"
    """How an idea starts after the colon that introduces it: in lower case (French,
    Spanish), as a whole sentence with a capital (German), or either (English)."""

    def advise(self, kind: FactKind, text: str) -> Advice | None:
        """How *text*, a fact of *kind* written in this language, could be written to
        read right in every sentence followup puts it in; None when it already does.

        >>> Conventions().advise("topic", "error budgets.").better
        'error budgets'
        """
        words = text.split()
        if not words:
            return None
        first = words[0]
        inside = kind in {"topic", "hobby", "detail"}
        ends = text.endswith(".") and not text.endswith(("..", "…"))
        if inside and ends and not _ABBREVIATION.search(text):
            return Advice(
                f"{_a(kind)} stands inside a sentence, without a full stop at its end",
                text[:-1].rstrip(),
            )
        if kind in {"detail", "hobby"} and (
            said := next((w for w in _WORDS.findall(text) if self._third_person(w)), None)
        ):
            return Advice(
                f"{_a(kind)} is said to the person it is about, who would read {said!r} as "
                f"someone else; write it without {said!r}"
            )
        if kind == "topic" and first in self.about_words and len(words) > 1:
            return Advice(
                f"the sentence already says {first!r} before a topic", " ".join(words[1:])
            )
        if kind in {"topic", "hobby", "detail"} or (kind == "idea" and self.idea_case == "lower"):
            lower = first.lower()
            capitalized = first != lower and first[1:] == lower[1:]
            # "Le Monde", "The Economist": a name (where nouns are not capitalised anyway)
            name = not self.nouns_capitalized and len(words) > 1 and words[1][:1].isupper()
            if capitalized and not name and lower != "i" and _bare(lower) in self.function_words:
                where = "after a colon" if kind == "idea" else "inside a sentence"
                return Advice(
                    f"{_a(kind)} goes on in lower case {where}", lower + text[len(first) :]
                )
        if kind == "idea" and self.idea_case == "capital" and first.islower():
            return Advice(
                "an idea is written as a whole sentence, with a capital",
                first[:1].upper() + text[1:],
            )
        if (
            kind in {"topic", "hobby"}
            and self.articles
            and first[:1].islower()
            and _bare(first) not in self.articles
            and not text.endswith(("?", "!"))
        ):
            return Advice(f"{_a(kind)} is written with its article")
        return None

    def join(self, items: Sequence[str], joined: str) -> str:
        """*joined*, the list of *items* as the language joins them, with the words
        between them adjusted to the items (Spanish "y" → "e"); the default keeps it."""
        return joined

    def spell(self, fact: str) -> str:
        """A fact the user wrote in this language (a topic, an idea, a tip; never a
        name), spelled as this variant of the language spells; the default keeps it."""
        return fact

    def date(self, text: str, value: dt.date, format: str) -> str:
        """A date Babel formatted as *text*, written as this language writes it."""
        return text

    def finish(self, text: str) -> str:
        """A rendered draft's text, finished with the language's :meth:`typography`.
        (Where a fact's own closing punctuation meets a sentence's full stop, the
        message has already dropped its stop: "about build or buy?".)"""
        return self.typography(text)

    def typography(self, text: str) -> str:
        """*text* with the language's typography applied; the default changes nothing."""
        return text
