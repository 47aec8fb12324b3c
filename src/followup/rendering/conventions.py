"""Per-language rules that a catalog cannot express, in one registry.

A translated message is fixed text; the facts a user writes are not. Where a
language changes the words around an inserted fact (French "de le" → "du",
German "über der Umzug" → "über den Umzug"), writes a formatted value its
own way (French "1er" for the first of the month), or sets its text apart
(American commas inside quotation marks, British single quotation marks,
Swiss "ss" for "ß"), the rule
lives in that language's module of :mod:`followup.rendering.languages`, not
in the generic renderer. A new language's quirk is one more class there and
one more entry in :data:`CONVENTIONS`.

The conventions also hold each language's **card limit**: the most words a
handwritten thank-you card holds in that language (see
:attr:`Conventions.card_words`). A 5 by 7 inch card holds about 900
handwritten characters: 150 words of English at 5.7 characters a word
(spaces included). Measured on followup's own notes, German, French and
Spanish average 6.1 to 6.2 characters a word, close enough that every
shipped language keeps the same limit of 150; a language whose words differ
much in length (or that writes no spaces between words) sets its own. A note
must also stay within 1,000 characters, what the printed card page has room
for, so that long words cannot make it overflow.
"""

from __future__ import annotations

from collections.abc import Mapping

from followup.locales import resolve_locale, territory_of
from followup.rendering.languages.base import CARD_CHARACTERS, CARD_WORDS, Conventions
from followup.rendering.languages.english import American, British, English
from followup.rendering.languages.french import CanadianFrench, French
from followup.rendering.languages.german import German, SwissGerman
from followup.rendering.languages.spanish import LatinAmericanSpanish, Spanish

__all__ = ["CARD_CHARACTERS", "CARD_WORDS", "CONVENTIONS", "Conventions", "conventions"]

CONVENTIONS: Mapping[str, Conventions] = {
    "de": German(),
    "de_CH": SwissGerman(),
    "de_LI": SwissGerman(),
    "en_GB": British(),
    "es": Spanish(),
    "fr": French(),
    "fr_CA": CanadianFrench(),
}
"""The languages (and regional variants) with rules of their own, by locale."""
_DEFAULT = Conventions()
_AMERICAN = American()
_ENGLISH = English()
_LATIN_AMERICAN = LatinAmericanSpanish()


def conventions(locale: str) -> Conventions:
    """The rules of *locale*: its own (``fr_CA``), else its language's (``fr_BE`` →
    French); English follows American usage where the territory is the United States,
    Spanish Latin-American usage where the locale's chain goes through ``es_419``.

    >>> [type(conventions(loc)).__name__ for loc in ("fr_BE", "fr_CA", "de_AT", "de_CH")]
    ['French', 'CanadianFrench', 'German', 'SwissGerman']
    >>> [type(conventions(loc)).__name__ for loc in ("en", "en_US", "en_GB", "en_AU")]
    ['American', 'American', 'British', 'English']
    >>> [type(conventions(loc)).__name__ for loc in ("es", "es_ES", "es_MX", "es_AR")]
    ['Spanish', 'Spanish', 'LatinAmericanSpanish', 'LatinAmericanSpanish']
    """
    if locale in CONVENTIONS:
        return CONVENTIONS[locale]
    language = locale.split("_")[0]
    if language == "en":
        return _AMERICAN if territory_of(locale) == "US" else _ENGLISH
    if language == "es" and "es_419" in resolve_locale(locale).chain:
        return _LATIN_AMERICAN
    return CONVENTIONS.get(language, _DEFAULT)
