"""Which writing systems a word's letters come from, to spot lookalikes.

A word whose letters come from several scripts (``n\u043erthwind``, with a
Cyrillic o) is how a lookalike domain or name is made. Words mixing the scripts
that are written together — Latin with Han and the Japanese kana, or with Han
and Bopomofo, or with Han and Hangul (the "highly restrictive" sets of Unicode
Technical Standard 39) — are not mixed. The script of a letter is read from its
Unicode name (``CYRILLIC SMALL LETTER O``), which names it for every letter of
the scripts a name or domain is written in.
"""

from __future__ import annotations

import unicodedata

__all__ = ["mixed_scripts", "scripts"]

_ALIASES = {"CJK": "Han", "IDEOGRAPHIC": "Han", "KANGXI": "Han"}
_WIDTH = ("FULLWIDTH ", "HALFWIDTH ")
_COMMON = frozenset({"MODIFIER", "LETTER", "KATAKANA-HIRAGANA"})
"""Letters several scripts share (the prolonged sound mark ``ー``, modifier letters)."""
_TOGETHER = (
    frozenset({"Latin", "Han", "Hiragana", "Katakana"}),
    frozenset({"Latin", "Han", "Bopomofo"}),
    frozenset({"Latin", "Han", "Hangul"}),
)


def _script(char: str) -> str | None:
    if not unicodedata.category(char).startswith("L"):
        return None  # digits, signs and marks belong to the letter they follow
    name = unicodedata.name(char, "")
    for prefix in _WIDTH:
        name = name.removeprefix(prefix)
    word = name.split(" ", 1)[0]
    if not word or word in _COMMON:
        return None
    return _ALIASES.get(word, word.title())


def scripts(word: str) -> frozenset[str]:
    """The scripts of *word*'s letters, as ``{"Latin", "Cyrillic"}``.

    >>> sorted(scripts("n\u043erthwind"))
    ['Cyrillic', 'Latin']
    """
    return frozenset(s for char in word if (s := _script(char)) is not None)


def mixed_scripts(text: str, *, separators: str = ".@-_/:") -> tuple[str, frozenset[str]] | None:
    """The first word of *text* (split at spaces and *separators*: dots, ``@``,
    hyphens…) whose letters mix scripts that are not written together, with those
    scripts; None when there is none. A domain is checked label by label
    (``separators="."``): "northwind-" and Cyrillic letters are one label, mixed
    across its hyphen.

    >>> mixed_scripts("Dana Rivera") is None
    True
    >>> word, found = mixed_scripts("dana@n\u043erthwind.example")
    >>> word, sorted(found)
    ('n\u043erthwind', ['Cyrillic', 'Latin'])
    >>> mixed_scripts("東京タワー") is None
    True
    >>> mixed_scripts("northwind-\u0430\u0440\u0440.example") is None
    True
    >>> mixed_scripts("northwind-\u0430\u0440\u0440.example", separators=".")[0]
    'northwind-\u0430\u0440\u0440'
    """
    word = ""
    for char in text + " ":
        if char.isspace() or char in separators:
            found = scripts(word)
            if len(found) > 1 and not any(found <= together for together in _TOGETHER):
                return word, found
            word = ""
        else:
            word += char
    return None
