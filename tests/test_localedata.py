"""Babel locales whose data a plan reads comes from the user's cache folder: the
same answers as Babel's own data, without loading it whole in a new process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel import Locale, localedata
from babel.dates import format_date, format_skeleton
from babel.lists import format_list

from followup import _cache, _localedata, locales


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder, and nothing kept in memory yet."""
    monkeypatch.setenv(_cache.CACHE_VARIABLE, str(tmp_path / "cache"))
    _localedata._kept.cache_clear()
    _localedata.babel_locale.cache_clear()
    yield tmp_path / "cache"
    _localedata._kept.cache_clear()
    _localedata.babel_locale.cache_clear()


LOCALES = ["en_US", "en_GB", "de", "de_CH", "fr", "fr_CA", "es", "es_419", "ar", "ja"]


@pytest.mark.parametrize("identifier", LOCALES)
def test_kept_data_formats_as_babel_does(cache: Path, identifier: str) -> None:
    day = dt.date(2026, 11, 24)
    for _ in range(2):  # computed and stored, then read back from the cache
        _localedata._kept.cache_clear()
        _localedata.babel_locale.cache_clear()
        quick, plain = _localedata.babel_locale(identifier), Locale.parse(identifier)
        assert str(quick) == str(plain)
        assert quick.character_order == plain.character_order
        assert format_skeleton("MMMMd", day, locale=quick) == format_skeleton(
            "MMMMd", day, locale=plain
        )
        assert format_date(day, "long", locale=quick) == format_date(day, "long", locale=plain)
        for style in ("standard", "or"):
            items = ["a", "b", "c"]
            assert format_list(items, style, locale=quick) == format_list(
                items, style, locale=plain
            )
    assert [p.name.startswith(identifier + "-") for p in (cache / "cldr").iterdir()] == [True]


def test_a_new_process_reads_only_the_kept_keys(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _localedata.babel_locale("fr").character_order  # noqa: B018 (stores the kept keys)
    _localedata._kept.cache_clear()
    _localedata.babel_locale.cache_clear()
    loaded: list[str] = []
    real = localedata.load

    def load(name: str, merge_inherited: bool = True) -> dict[str, object]:
        loaded.append(name)
        return real(name, merge_inherited)

    monkeypatch.setattr(localedata, "load", load)
    quick = _localedata.babel_locale("fr")
    assert quick.list_patterns["standard"]["end"] == "{0} et {1}"
    assert quick.months["format"]["wide"][11] == "novembre"
    assert loaded == []
    # A key not kept (a template of the user's may ask for anything) loads the whole data.
    assert quick.days["format"]["wide"][0] == "lundi"
    assert loaded == ["fr"]


def test_a_damaged_entry_is_computed_again(cache: Path) -> None:
    _localedata.babel_locale("de").character_order  # noqa: B018
    (entry,) = (cache / "cldr").iterdir()
    entry.write_bytes(b"\x80\x05 not a pickle")
    _localedata._kept.cache_clear()
    _localedata.babel_locale.cache_clear()
    assert _localedata.babel_locale("de").months["format"]["wide"][3] == "März"


def test_an_entry_with_other_keys_is_not_used(cache: Path) -> None:
    _localedata.babel_locale("de").character_order  # noqa: B018
    (entry,) = (cache / "cldr").iterdir()
    _cache.store("cldr", entry.name, {"months": "wrong", "other": 1}, objects=True)
    _localedata._kept.cache_clear()
    _localedata.babel_locale.cache_clear()
    assert _localedata.babel_locale("de").months["format"]["wide"][3] == "März"


def test_no_cache_still_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_cache.CACHE_VARIABLE, "")
    _localedata._kept.cache_clear()
    _localedata.babel_locale.cache_clear()
    try:
        assert _localedata.babel_locale("es").list_patterns["standard"]["end"] == "{0} y {1}"
    finally:
        _localedata._kept.cache_clear()
        _localedata.babel_locale.cache_clear()


def test_the_likely_territory_is_kept_per_locale(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locales.territory_of.cache_clear()
    assert locales.territory_of("pa_Arab") == "PK"
    locales.territory_of.cache_clear()

    def unread(parsed: Locale) -> str:
        raise AssertionError("read CLDR's likely subtags again")

    monkeypatch.setattr(locales, "_likely_territory", unread)
    try:
        assert locales.territory_of("pa_Arab") == "PK"
    finally:
        locales.territory_of.cache_clear()


def test_an_entry_of_the_right_keys_but_wrong_values_is_computed_again(cache: Path) -> None:
    _localedata.babel_locale("de").character_order  # noqa: B018
    (entry,) = (cache / "cldr").iterdir()
    wrong = dict.fromkeys(_localedata.KEPT_KEYS)
    _cache.store("cldr", entry.name, wrong, objects=True)
    _localedata._kept.cache_clear()
    _localedata.babel_locale.cache_clear()
    assert _localedata.babel_locale("de").months["format"]["wide"][3] == "März"


def test_a_copy_of_the_kept_data_still_falls_back(cache: Path) -> None:
    kept = _localedata._kept("fr").copy()
    assert kept["days"]["format"]["wide"][0] == "lundi"


@pytest.mark.parametrize("kept", ["", "us", 7, "XYZ"])
def test_a_kept_territory_that_is_none_is_read_again(
    cache: Path, monkeypatch: pytest.MonkeyPatch, kept: object
) -> None:
    locales.territory_of.cache_clear()
    assert locales.territory_of("en") == "US"
    (entry,) = (p for p in (cache / "cldr").iterdir() if p.name.startswith("territory-en-"))
    _cache.store("cldr", entry.name, kept)
    locales.territory_of.cache_clear()
    try:
        assert locales.territory_of("en") == "US"
    finally:
        locales.territory_of.cache_clear()


def _forget_parents() -> None:
    """The parent locales as a new process finds them: read from the cache folder."""
    locales.parent_chain.cache_clear()
    locales._parent_exceptions.cache_clear()


def test_kept_parent_locales_that_are_empty_are_read_again(cache: Path) -> None:
    _forget_parents()
    assert locales.parent_chain("es_AR") == ("es_AR", "es_419", "es")
    (entry,) = (p for p in (cache / "cldr").iterdir() if p.name.startswith("parent-"))
    _cache.store("cldr", entry.name, {})
    _forget_parents()
    try:
        assert locales.parent_chain("es_AR") == ("es_AR", "es_419", "es")
    finally:
        _forget_parents()
