"""The user's cache folder: catalogs and templates computed once per user, and a
cache that cannot be used only costs time."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from followup import _cache
from followup.rendering import i18n


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder, and no catalog read yet."""
    monkeypatch.setenv(_cache.CACHE_VARIABLE, str(tmp_path / "cache"))
    i18n.catalog.cache_clear()
    yield tmp_path / "cache"
    i18n.catalog.cache_clear()


def test_a_catalog_is_parsed_once_per_user(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = i18n.catalog("de")
    assert parsed is not None
    assert [p.name.startswith("de-") for p in (cache / "catalogs").iterdir()] == [True]
    i18n.catalog.cache_clear()

    def unread(locale: str) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(i18n, "read_catalog", unread)
    again = i18n.catalog("de")
    assert again is not None
    assert again.strings == parsed.strings
    assert again.plural(1) == parsed.plural(1)
    assert again.plural(2) == parsed.plural(2)


def test_a_damaged_cache_entry_is_parsed_again(cache: Path) -> None:
    parsed = i18n.catalog("fr")
    assert parsed is not None
    (entry,) = (cache / "catalogs").iterdir()
    entry.write_bytes(b"\x00 not marshal")
    i18n.catalog.cache_clear()
    again = i18n.catalog("fr")
    assert again is not None
    assert again.strings == parsed.strings


def test_no_cache_when_asked_for_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_cache.CACHE_VARIABLE, "")
    assert _cache.folder("catalogs") is None
    _cache.store("catalogs", "x", {"a": 1})
    assert _cache.load("catalogs", "x") is None


def test_a_cache_folder_that_cannot_be_made_is_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv(_cache.CACHE_VARIABLE, str(blocked / "cache"))
    assert _cache.folder("catalogs") is None


def test_values_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_cache.CACHE_VARIABLE, str(tmp_path))
    value = ({(None, "Hello"): ("Hallo",), ("ctx", "Bye"): ("Tschüss", "Tschüssi")}, "n != 1")
    _cache.store("kind", "name", value)
    assert _cache.load("kind", "name") == value
    assert not [p for p in (tmp_path / "kind").iterdir() if p.name.endswith(".tmp")]


def test_objects_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_cache.CACHE_VARIABLE, str(tmp_path))
    value = {"when": datetime.date(2026, 11, 24), "names": frozenset({"a"})}
    _cache.store("kind", "name", value, objects=True)
    assert _cache.load("kind", "name", objects=True) == value
    (tmp_path / "kind" / "name").write_bytes(b"\x80\x05\x95 damaged")
    assert _cache.load("kind", "name", objects=True) is None
