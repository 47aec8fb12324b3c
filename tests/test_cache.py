"""The user's cache folder: catalogs and templates computed once per user, and a
cache that cannot be used only costs time."""

from __future__ import annotations

import datetime
import os
import time
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


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no user ids")
def test_a_cache_folder_others_may_write_to_is_not_used(cache: Path) -> None:
    """What is read back is trusted as followup's own code: a folder another user may
    write to (a shared FOLLOWUP_CACHE_DIR) is not used, only computed around."""
    made = _cache.folder("catalogs")
    assert made == cache / "catalogs"
    assert made.stat().st_mode & 0o777 == 0o700
    made.chmod(0o777)
    assert _cache.folder("catalogs") is None
    _cache.store("catalogs", "x", {"a": 1})
    assert not (made / "x").exists()
    assert _cache.load("catalogs", "x") is None
    made.chmod(0o700)
    _cache.store("catalogs", "x", {"a": 1})
    assert _cache.load("catalogs", "x") == {"a": 1}


def _aged(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_new_version_s_folder_removes_those_of_older_versions(cache: Path) -> None:
    old = cache / "templates-0123"
    recent = cache / "templates-4567"
    other = cache / "sandboxed-templates-0123"
    for path in (old, recent, other):
        path.mkdir(parents=True, mode=0o700)
        (path / "__jinja2_x.cache").write_bytes(b"x")
        _aged(path, 2 * _cache.STALE)
    _aged(recent, 60)  # another installation used it a minute ago
    made = _cache.versioned("templates", "89ab")
    assert made == cache / "templates-89ab"
    assert sorted(p.name for p in cache.iterdir()) == [
        "sandboxed-templates-0123",  # another kind: not this one's to remove
        "templates-4567",
        "templates-89ab",
    ]
    _aged(recent, 2 * _cache.STALE)
    _aged(made, 2 * _cache.STALE)
    assert _cache.versioned("templates", "89ab") == made  # only a new folder prunes
    assert recent.exists()
    assert time.time() - made.stat().st_mtime < 600  # used: marked so


def test_a_folder_keeps_the_entries_used_last_and_no_stray_temporary_file(
    tmp_path: Path,
) -> None:
    for n in range(6):
        entry = tmp_path / f"__jinja2_{n}.cache"
        entry.write_bytes(b"x")
        _aged(entry, 100 - n)  # 5 used last
    (tmp_path / "notes.txt").write_text("not an entry")
    stray = tmp_path / "__jinja2_9.cache1234.tmp"
    stray.write_bytes(b"half")
    _aged(stray, 3600)
    writing = tmp_path / "__jinja2_8.cache5678.tmp"
    writing.write_bytes(b"half")  # being written now
    _cache.prune(tmp_path, keep=3, pattern="__jinja2_*.cache")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "__jinja2_3.cache",
        "__jinja2_4.cache",
        "__jinja2_5.cache",
        "__jinja2_8.cache5678.tmp",
        "notes.txt",
    ]
