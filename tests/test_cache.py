"""The user's cache folder: catalogs and templates computed once per user, and a
cache that cannot be used only costs time."""

from __future__ import annotations

import datetime
import os
import sys
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


@pytest.mark.parametrize("locale", ["de", "fr", "es", "es_419", "es_AR", "en_GB"])
def test_a_catalog_is_parsed_once_per_user(
    cache: Path, monkeypatch: pytest.MonkeyPatch, locale: str
) -> None:
    """In every language, whatever its plural rule (Latin-American Spanish has three
    forms, with a rule of its own)."""
    parsed = i18n.catalog(locale)
    assert parsed is not None
    assert [p.name.startswith(f"{locale}-") for p in (cache / "catalogs").iterdir()] == [True]
    i18n.catalog.cache_clear()

    def unread(locale: str) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(i18n, "read_catalog", unread)
    again = i18n.catalog(locale)
    assert again is not None
    assert again.strings == parsed.strings
    for n in (0, 1, 2, 1_000_000):
        assert again.plural(n) == parsed.plural(n)


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
    (tmp_path / "kind" / f"name{_cache.ENTRY}").write_bytes(b"\x80\x05\x95 damaged")
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


_OLD, _RECENT, _NEW = "0123456789abcdef", "456789abcdef0123", "89abcdef01234567"


def test_a_new_version_s_folder_removes_those_of_older_versions(cache: Path) -> None:
    old = cache / f"templates-{_OLD}"
    recent = cache / f"templates-{_RECENT}"
    other = cache / f"sandboxed-templates-{_OLD}"
    mine = cache / "templates-website"  # the user's own, in a cache folder set to $HOME
    kept = cache / f"templates-{_OLD[::-1]}"  # named as followup names them, not its files
    for path in (old, recent, other, mine, kept):
        path.mkdir(parents=True, mode=0o700)
        (path / "__jinja2_x.cache").write_bytes(b"x")
    (mine / "index.html").write_text("<p>mine</p>")
    (kept / "notes.txt").write_text("mine")
    for path in (old, recent, other, mine, kept):
        _aged(path, 2 * _cache.STALE)
    _aged(recent, 60)  # another installation used it a minute ago
    made = _cache.versioned("templates", _NEW, files="__jinja2_*.cache")
    assert made == cache / f"templates-{_NEW}"
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        [
            f"sandboxed-templates-{_OLD}",  # another kind: not this one's to remove
            f"templates-{_RECENT}",
            f"templates-{_NEW}",
            f"templates-{_OLD[::-1]}",
            "templates-website",
        ]
    )
    assert (mine / "index.html").exists()
    assert (kept / "notes.txt").exists()
    _aged(recent, 2 * _cache.STALE)
    _aged(made, 2 * _cache.STALE)
    assert _cache.versioned("templates", _NEW, files="*") == made  # only a new folder prunes
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


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no user ids")
@pytest.mark.parametrize(
    ("mode", "used"),
    [(0o700, True), (0o755, True), (0o770, False), (0o775, False), (0o777, False)],
)
def test_a_cache_others_may_rename_in_is_not_used(cache: Path, mode: int, used: bool) -> None:
    """Another user who may write to the cache folder could swap a checked folder for
    one of their own: such a folder is not used (nor one a group may write to: a
    group may be shared with other users)."""
    cache.mkdir(mode=0o700)
    cache.chmod(mode)
    assert (_cache.folder("catalogs") is not None) == used


def test_a_cache_file_is_read_only_when_it_is_the_user_s_own_plain_file(tmp_path: Path) -> None:
    entry = tmp_path / "entry"
    entry.write_bytes(b"data")
    entry.chmod(0o600)
    assert _cache.read(entry) == b"data"
    if hasattr(os, "getuid"):
        for mode in (0o666, 0o640):  # anyone, or a group, may have written or read it
            entry.chmod(mode)
            assert _cache.read(entry) is None
        entry.chmod(0o600)
        twin = tmp_path / "twin"
        os.link(entry, twin)  # a file of the user's hard-linked into a swapped folder
        assert _cache.read(entry) is None
        twin.unlink()
        assert _cache.read(entry) == b"data"
    link = tmp_path / "link"
    link.symlink_to(entry)
    assert _cache.read(link) is None  # a link is never followed
    assert _cache.read(tmp_path) is None  # a folder
    assert _cache.read(tmp_path / "missing") is None
    if hasattr(os, "mkfifo"):
        pipe = tmp_path / "pipe"
        os.mkfifo(pipe, 0o600)
        assert _cache.read(pipe) is None  # not waited on


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root")
def test_a_cache_file_another_user_owns_is_not_read(tmp_path: Path) -> None:
    entry = tmp_path / "entry"
    entry.write_bytes(b"data")
    entry.chmod(0o600)
    os.chown(entry, 12345, 12345)
    assert _cache.read(entry) is None


def test_an_unusable_cache_path_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(_cache.CACHE_VARIABLE, str(tmp_path / ("x" * 300) / "cache"))
    assert _cache.versioned("templates", _NEW, files="*") is None
    assert _cache.folder("catalogs") is None


@pytest.mark.parametrize(
    "damaged", [(1, 2), ({"x": 1}, "(n != 1)"), ({(None, "a"): ("b",)}, "n +")]
)
def test_a_catalog_entry_of_another_shape_is_parsed_again(cache: Path, damaged: object) -> None:
    parsed = i18n.catalog("de")
    assert parsed is not None
    (entry,) = (cache / "catalogs").iterdir()
    _cache.store("catalogs", entry.name.removesuffix(_cache.ENTRY), damaged)
    i18n.catalog.cache_clear()
    again = i18n.catalog("de")
    assert again is not None
    assert again.strings == parsed.strings


def test_a_holidays_entry_of_another_shape_is_computed_again(cache: Path) -> None:
    from followup import _workdays

    _workdays._holidays.cache_clear()
    christmas = datetime.date(2026, 12, 25)
    assert _workdays.holiday_name(christmas, "DE") is not None
    entries = [p for p in (cache / "holidays").iterdir() if p.name.startswith("DE--2026-")]
    assert entries
    for entry in entries:
        _cache.store("holidays", entry.name.removesuffix(_cache.ENTRY), {"not a day": 1})
    _workdays._holidays.cache_clear()
    assert _workdays.holiday_name(christmas, "DE") is not None
    _workdays._holidays.cache_clear()


def test_only_followup_s_own_entries_are_pruned(tmp_path: Path) -> None:
    """A cache folder may be one of the user's that shares its name (a cache folder set
    to a home folder holding "holidays/"): only the entries followup wrote go."""
    for n in range(5):
        (tmp_path / f"photo-{n}.jpg").write_bytes(b"x")
        entry = tmp_path / f"DE--{n}{_cache.ENTRY}"
        entry.write_bytes(b"x")
        _aged(entry, 100 - n)
    (tmp_path / "draft.txt.tmp").write_bytes(b"the user's")
    _aged(tmp_path / "draft.txt.tmp", 3600)
    stray = tmp_path / f".DE--9{_cache.ENTRY}abc123.tmp"
    stray.write_bytes(b"half")
    _aged(stray, 3600)
    _cache.prune(tmp_path, keep=2, pattern=f"*{_cache.ENTRY}")
    left = sorted(p.name for p in tmp_path.iterdir())
    ours = [f"DE--3{_cache.ENTRY}", f"DE--4{_cache.ENTRY}"]
    assert left == sorted([*(f"photo-{n}.jpg" for n in range(5)), "draft.txt.tmp", *ours])


@pytest.mark.skipif(not hasattr(os, "getuid") or sys.platform != "linux", reason="XDG")
def test_the_platform_cache_folder_a_umask_left_group_writable_is_made_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(_cache.CACHE_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    root = tmp_path / "followup"
    root.mkdir()
    root.chmod(0o775)  # as a umask of 002 made it
    assert _cache.folder("catalogs") == root / "catalogs"
    assert root.stat().st_mode & 0o777 == 0o755


_IDS = pytest.mark.skipif(not hasattr(os, "getuid"), reason="no user ids")


@_IDS
@pytest.mark.parametrize(
    ("mode", "used"), [(0o755, True), (0o775, False), (0o777, False), (0o1777, True)]
)
def test_a_cache_reached_through_a_folder_others_may_rename_in_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: int, used: bool
) -> None:
    """Another user who may rename what is in a folder on the way (not a sticky one such
    as /tmp) could swap the cache for a folder of their choosing once it was checked:
    nothing is made, written or read there."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(mode)
    monkeypatch.setenv(_cache.CACHE_VARIABLE, str(shared / "me" / "cache"))
    assert (_cache.folder("catalogs") is not None) == used
    _cache.store("catalogs", "x", {"a": 1})
    assert (_cache.load("catalogs", "x") == {"a": 1}) == used
    assert (shared / "me").exists() == used
    if used:  # each folder followup made is private, whatever the umask
        for made in (shared / "me", shared / "me" / "cache", shared / "me" / "cache" / "catalogs"):
            assert made.stat().st_mode & 0o777 == 0o700


@_IDS
def test_a_cache_reached_through_links_is_judged_where_they_lead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    safe = tmp_path / "safe"
    unsafe = tmp_path / "unsafe"
    for path in (safe, unsafe):
        (path / "sub").mkdir(parents=True)
    unsafe.chmod(0o777)
    (tmp_path / "to-safe").symlink_to("safe/sub")
    (tmp_path / "to-unsafe").symlink_to(unsafe / "sub")
    (tmp_path / "loop").symlink_to("loop")
    monkeypatch.chdir(tmp_path)
    for path, used in [
        (tmp_path / "to-safe" / "cache", True),
        ("to-safe/../cache", True),  # safe/cache: ".." after the link, as the system reads it
        (tmp_path / "to-unsafe" / "cache", False),
        ("to-unsafe/../cache", False),  # unsafe/cache, though tmp_path/cache looks safe
        (tmp_path / "loop" / "cache", False),
    ]:
        monkeypatch.setenv(_cache.CACHE_VARIABLE, str(path))
        assert (_cache.folder("catalogs") is not None) == used, path
    assert not (tmp_path / "cache").exists()
    assert (safe / "cache" / "catalogs").is_dir()
    assert not (unsafe / "cache").exists()


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root")
def test_a_link_another_user_planted_on_the_way_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In /tmp (sticky: no one renames what is not theirs, but anyone may add) another
    user may plant the cache's name as a link to a folder of the victim's."""
    shared = tmp_path / "tmp"
    shared.mkdir(mode=0o1777)
    shared.chmod(0o1777)
    victims = tmp_path / "victims"
    victims.mkdir(mode=0o700)
    planted = shared / "followup-cache"
    planted.symlink_to(victims)
    os.lchown(planted, 12345, 12345)
    monkeypatch.setenv(_cache.CACHE_VARIABLE, str(planted))
    assert _cache.folder("catalogs") is None
    _cache.store("catalogs", "x", {"a": 1})
    assert list(victims.iterdir()) == []
    os.lchown(planted, os.getuid(), os.getgid())  # the user's own link is followed
    assert _cache.folder("catalogs") == planted / "catalogs"


def test_no_home_folder_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    def homeless() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv(_cache.CACHE_VARIABLE, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", homeless)
    if sys.platform != "win32":
        assert _cache.cache_root() is None
    assert _cache.folder("catalogs") is None or sys.platform == "win32"
    _cache.store("catalogs", "x", {"a": 1})  # only costs time


@pytest.mark.parametrize("objects", [False, True])
def test_an_entry_damaged_since_it_was_written_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, objects: bool
) -> None:
    """A value that still decodes after a byte changed (a catalog's message) is not
    taken for what was written."""
    monkeypatch.setenv(_cache.CACHE_VARIABLE, str(tmp_path))
    _cache.store("kind", "name", {"message": "Hallo"}, objects=objects)
    entry = tmp_path / "kind" / f"name{_cache.ENTRY}"
    data = entry.read_bytes()
    assert _cache.load("kind", "name", objects=objects) == {"message": "Hallo"}
    entry.write_bytes(data.replace(b"Hallo", b"Hallx"))
    assert _cache.load("kind", "name", objects=objects) is None
