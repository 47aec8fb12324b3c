"""Babel locales that start quickly: the CLDR data a plan reads, kept per user.

Babel loads a language's CLDR data whole the first time it is read: two
pickles of about 200 KB merged key by key, some 5 ms in every new process,
for the five keys a plan reads (month names, date skeletons, list patterns,
the writing direction and territory names). :func:`babel_locale` returns a
Babel :class:`~babel.Locale` that reads those keys from a small file in the
user's cache folder (kept per Babel version) and loads the whole data only
when something asks for another key, such as a Babel function called from
a template of your own. What it returns is what Babel's own data says.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

import babel
from babel import Locale, localedata

from followup._cache import remembered

__all__ = ["KEPT_KEYS", "babel_locale"]

KEPT_KEYS = (
    "character_order",
    "datetime_skeletons",
    "list_patterns",
    "months",
    "scripts",
    "territories",
)
"""The CLDR keys kept in the cache: those followup's own templates and exports read."""

_KEYS_DIGEST = hashlib.sha256(" ".join(KEPT_KEYS).encode()).hexdigest()[:8]


class _Kept(dict[str | int | None, Any]):
    """Some keys of a locale's CLDR data; any other key loads Babel's whole data."""

    __slots__ = ("identifier",)

    def __init__(self, identifier: str, kept: dict[str | int | None, Any]) -> None:
        super().__init__(kept)
        self.identifier = identifier

    def copy(self) -> _Kept:  # a copy that still falls back to the whole data
        return _Kept(self.identifier, dict(self))

    def __missing__(self, key: str | int | None) -> Any:
        whole: dict[Any, Any] = localedata.load(self.identifier)
        return whole[key]


@functools.cache
def _kept(identifier: str) -> _Kept:
    def read() -> dict[str | int | None, Any]:
        data = localedata.load(identifier)
        return {key: data[key] for key in KEPT_KEYS if key in data}

    kept = remembered(
        "cldr",
        f"{identifier}-{babel.__version__}-{_KEYS_DIGEST}.pickle",
        read,
        valid=lambda found: (
            isinstance(found, dict)
            and set(found) <= set(KEPT_KEYS)
            and all(map(_fits, found.items()))
        ),
        objects=True,
    )
    return _Kept(identifier, kept)


def _fits(item: tuple[object, object]) -> bool:
    """Whether a kept key holds what Babel keeps there (a table, or the direction)."""
    key, value = item
    return isinstance(value, str) if key == "character_order" else isinstance(value, dict)


class _QuickLocale(Locale):
    """A Babel locale whose data :func:`_kept` provides."""

    @property
    def _data(self) -> localedata.LocaleDataDict:
        found: localedata.LocaleDataDict | None = self.__dict__.get("_quick_data")
        if found is None:
            found = localedata.LocaleDataDict(_kept(str(self)))
            self.__dict__["_quick_data"] = found
        return found


@functools.cache
def babel_locale(identifier: str) -> Locale:
    """The Babel locale *identifier* names (as :meth:`babel.Locale.parse` reads it),
    its data read from the cache where it can be.

    >>> babel_locale("fr_CA").list_patterns["standard"]["end"]
    '{0} et {1}'
    >>> babel_locale("de").days["format"]["wide"][0]  # a key not kept: loaded whole
    'Montag'
    """
    parsed = Locale.parse(identifier)
    if parsed.modifier or not localedata.exists(str(parsed)):
        return parsed
    return _QuickLocale(parsed.language, parsed.territory, parsed.script, parsed.variant)
