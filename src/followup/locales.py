"""Locale strings: validation, the CLDR fallback chain, and the language a draft uses.

A locale is validated against an allow-list pattern before Babel sees it
(Babel accepts junk such as ``'en_US\\r\\nBcc: x'``), then resolved along the
CLDR parent chain (``de_AT → de``, ``es_MX → es_419 → es``) to the first
language followup ships. English is the source language of every template and
the final fallback.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files

import babel
from babel import Locale, UnknownLocaleError
from babel.core import get_global

from followup._cache import remembered
from followup._localedata import babel_locale
from followup.errors import LocaleError

__all__ = [
    "DEFAULT_LOCALE",
    "SOURCE_LANGUAGE",
    "ResolvedLocale",
    "parent_chain",
    "parse_locale",
    "resolve_locale",
    "shipped_locales",
    "territory_of",
]

DEFAULT_LOCALE = "en_US"
SOURCE_LANGUAGE = "en"
"""The language the templates are written in; it needs no catalog."""

_PATTERN = re.compile(
    r"(?P<lang>[a-z]{2,3})(?:[_-](?P<script>[a-z]{4}))?(?:[_-](?P<territory>[a-z]{2}|[0-9]{3}))?",
    re.IGNORECASE,
)


@functools.cache
def shipped_locales() -> tuple[str, ...]:
    """Every locale followup has wording for, sorted; English first."""
    found = {SOURCE_LANGUAGE}
    catalogs = files("followup.templates").joinpath("locale")
    if catalogs.is_dir():
        for entry in catalogs.iterdir():
            if entry.joinpath("LC_MESSAGES", "followup.po").is_file():
                found.add(entry.name)
    return (SOURCE_LANGUAGE, *sorted(found - {SOURCE_LANGUAGE}))


@functools.lru_cache(maxsize=4096)
def parse_locale(value: str) -> str:
    """Validate a locale string and return its canonical form (``de-at`` → ``de_AT``).

    >>> parse_locale("de-AT")
    'de_AT'
    >>> parse_locale("en_US\\r\\nBcc: x")
    Traceback (most recent call last):
    ...
    followup.errors.LocaleError: locale 'en_US\\r\\nBcc: x': is not a locale code; ...
    """
    if not isinstance(value, str) or not _PATTERN.fullmatch(value):
        raise LocaleError(value, f"is not a locale code; {_use_one_of()}")
    match = _PATTERN.fullmatch(value)
    assert match is not None
    parts = [match["lang"].lower()]
    if match["script"]:
        parts.append(match["script"].title())
    if match["territory"]:
        parts.append(match["territory"].upper())
    canonical = "_".join(parts)
    names = _known_codes()
    unknown = (
        parts[0] == "und"
        or (match["script"] and parts[1] not in names.scripts)
        or (match["territory"] and parts[-1] not in names.territories)
    )
    try:
        if unknown:
            raise ValueError(canonical)
        Locale.parse(canonical)
    except (UnknownLocaleError, ValueError) as err:
        raise LocaleError(value, f"is not a language Babel knows; {_use_one_of()}") from err
    return canonical


@functools.cache
def _known_codes() -> Locale:
    """The CLDR names of every script and territory (their keys are the codes)."""
    return babel_locale("en")


@functools.cache
def _parent_exceptions() -> Mapping[str, str]:
    """CLDR's parent locales that are not the locale cut short (es_MX → es_419),
    kept in the user's cache folder: Babel reads all its global data (470 KB,
    about 5 ms) for this one small table."""
    return remembered(
        "cldr",
        f"parent-exceptions-{babel.__version__}",
        lambda: dict(get_global("parent_exceptions")),
        valid=lambda kept: (
            isinstance(kept, dict)
            and bool(kept)
            and all(isinstance(v, str) for v in kept.values())
        ),
    )


def _use_one_of() -> str:
    shipped = ", ".join(shipped_locales())
    return f"use a code such as 'en_US' or 'de_AT'; followup writes in {shipped}"


@functools.lru_cache(maxsize=4096)
def parent_chain(locale: str) -> tuple[str, ...]:
    """The CLDR fallback chain of a canonical locale, most specific first.

    >>> parent_chain("es_MX")
    ('es_MX', 'es_419', 'es')
    >>> parent_chain("en_GB")
    ('en_GB', 'en_001', 'en')
    """
    exceptions = _parent_exceptions()
    chain = [locale]
    current = locale
    while True:
        parent = exceptions.get(current)
        if parent is None:
            if "_" not in current:
                break
            parent = current.rsplit("_", 1)[0]
        if parent == "root" or parent in chain:  # a damaged table: no endless loop
            break
        chain.append(parent)
        current = parent
    return tuple(chain)


@dataclass(frozen=True, slots=True)
class ResolvedLocale:
    """What one draft is written in: the asked-for locale and the language used."""

    requested: str
    """The canonical locale that was asked for (``de_AT``)."""
    language: str
    """The shipped locale whose wording the draft uses (``de``)."""
    chain: tuple[str, ...]
    """Where templates and catalogs are looked up, most specific first."""
    formatting: str
    """The locale dates and lists are formatted in: the requested one when it
    speaks the draft's language, else the language used."""
    territory: str
    """The territory whose weekend applies (``AT``), taken from the request."""

    @property
    def is_source(self) -> bool:
        """Whether the draft is written in the source language, which lacks nothing."""
        return self.language.split("_")[0] == SOURCE_LANGUAGE

    @property
    def fell_back(self) -> bool:
        """Whether the draft is in another language than the one asked for."""
        return self.requested.split("_")[0] != self.language.split("_")[0]

    def in_source_language(self) -> ResolvedLocale:
        """The same request written in the source language, for when the wording of
        :attr:`language` is incomplete (a draft never mixes two languages).

        >>> resolve_locale("pt_BR").in_source_language() == resolve_locale("pt_BR")
        True
        """
        return ResolvedLocale(
            requested=self.requested,
            language=SOURCE_LANGUAGE,
            chain=(SOURCE_LANGUAGE,),
            formatting=(
                self.requested
                if self.requested.split("_")[0] == SOURCE_LANGUAGE
                else SOURCE_LANGUAGE
            ),
            territory=self.territory,
        )


@functools.lru_cache(maxsize=4096)
def resolve_locale(value: str) -> ResolvedLocale:
    """Resolve a locale string to the language a draft is written in.

    >>> german = resolve_locale("de_AT")
    >>> german.language, german.chain, german.formatting, german.territory
    ('de', ('de_AT', 'de'), 'de_AT', 'AT')
    >>> resolve_locale("pt_BR").language, resolve_locale("pt_BR").fell_back
    ('en', True)
    """
    requested = parse_locale(value)
    chain = parent_chain(requested)
    shipped = set(shipped_locales())
    language = next((loc for loc in chain if loc in shipped), SOURCE_LANGUAGE)
    if language == SOURCE_LANGUAGE and SOURCE_LANGUAGE not in chain:
        chain = (*chain, SOURCE_LANGUAGE)
    # Templates and catalogs are looked up only in the chain's locales of the
    # language used, so a draft never mixes two languages; the used locale's own
    # parents stay (en_GB → en_001 → en), so a partial de_AT catalog completes
    # from de instead of failing over to English.
    base = language.split("_")[0]
    chain = tuple(loc for loc in chain if loc.split("_")[0] == base)
    same_language = requested.split("_")[0] == language.split("_")[0]
    formatting = requested if same_language else language
    return ResolvedLocale(
        requested=requested,
        language=language,
        chain=chain,
        formatting=formatting,
        territory=territory_of(requested),
    )


@functools.lru_cache(maxsize=4096)
def territory_of(locale: str) -> str:
    """The territory whose weekend and holidays apply to *locale*: its own, else the
    one CLDR considers likely for its language and script, else ``001`` (the world).

    >>> territory_of("de_AT"), territory_of("de"), territory_of("pa_Arab")
    ('AT', 'DE', 'PK')
    """
    parsed = Locale.parse(parse_locale(locale))
    if parsed.territory:
        return parsed.territory
    # Kept per locale: CLDR's table of likely subtags is read whole for one answer.
    return remembered(
        "cldr",
        f"territory-{parsed}-{babel.__version__}",
        lambda: _likely_territory(parsed),
        valid=lambda kept: isinstance(kept, str) and _TERRITORY.fullmatch(kept) is not None,
    )


def _likely_territory(parsed: Locale) -> str:
    likely: Mapping[str, str] = get_global("likely_subtags")
    # The script decides first: pa_Arab is Pakistan, pa (Gurmukhi) India.
    scripted = f"{parsed.language}_{parsed.script}" if parsed.script else ""
    full = likely.get(scripted, "") or likely.get(parsed.language, "")
    # A likely subtag such as "no_Latn_NO" ends in its territory; Babel itself
    # cannot parse every one of them.
    last = full.rsplit("_", 1)[-1] if "_" in full else ""
    return last if _TERRITORY.fullmatch(last) else "001"


_TERRITORY = re.compile(r"[A-Z]{2}|[0-9]{3}")
