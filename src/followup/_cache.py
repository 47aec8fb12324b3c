"""The user's cache folder: what followup computes once per user and version.

``FOLLOWUP_CACHE_DIR`` names the folder (empty: keep nothing); otherwise it is
the platform's cache folder for the user. Whatever cannot be read or written
there only costs time: followup computes it again.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import pickle
import re
import stat
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

T = TypeVar("T")

__all__ = [
    "CACHE_VARIABLE",
    "cache_root",
    "folder",
    "load",
    "prune",
    "read",
    "remembered",
    "store",
    "versioned",
]

CACHE_VARIABLE = "FOLLOWUP_CACHE_DIR"
"""The environment variable naming followup's cache folder (empty: no cache)."""


def cache_root() -> Path | None:
    """Where followup keeps what it computes once: $FOLLOWUP_CACHE_DIR, else the
    platform's cache folder for the user; None when there is to be none."""
    if CACHE_VARIABLE in os.environ:
        return Path(os.environ[CACHE_VARIABLE]) if os.environ[CACHE_VARIABLE] else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "followup" / "Cache" if base else None
    try:
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "followup"
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except (RuntimeError, KeyError):  # no home folder (a service account): no cache
        return None
    return Path(base) / "followup"


def folder(kind: str) -> Path | None:
    """The cache folder for *kind*, made (private to the user) if missing; None when
    there is no cache, it cannot be made, or it is not the user's own: what is read
    back from it is trusted as followup's own code (compiled templates), so a cache
    that another user owns or may write to, or whose folders they may rename, is not
    used (:func:`_private`)."""
    root = cache_root()
    if root is None:
        return None
    path = root / kind
    try:
        _tightened(root)
        try:
            found = os.lstat(path)  # a link is not followed
        except FileNotFoundError:
            if not _steady(root, made=False):
                return None
            # Each missing folder private (mkdir's parents follow the umask).
            for made in [*reversed(path.parents[: len(path.parents) - 1]), path]:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(made, 0o700)
            found = os.lstat(path)
        safe = stat.S_ISDIR(found.st_mode) and _private(found) and _private(root) and _steady(root)
    except (OSError, ValueError):
        return None
    return path if safe else None


def _steady(root: Path, *, made: bool = True) -> bool:
    """Whether no one but the user and the system may change where *root* leads: each
    folder and link on the way to it, from ``/``, is theirs, and a folder others may
    write to is one where no one may rename what is not theirs (``/tmp``, sticky), as
    OpenSSH checks the way to a key file. Another user could otherwise plant a link
    or swap a folder on the way, once *root* was checked, and bring followup to write
    and prune elsewhere. With *made* False, a folder still missing on the way counts
    as steady (followup is about to make it; it checks again once made). Checked once
    per process and root, once all of it exists; always true where the system has no
    user ids."""
    key = os.fspath(root)
    key = key if os.path.isabs(key) else os.path.join(os.getcwd(), key)
    if key in _steady_roots:
        return True
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return True
    whole = _walk(key, getuid())
    if whole is None:
        return not made
    if whole:
        _steady_roots.add(key)
    return whole


_steady_roots: set[str] = set()


def _walk(path: str, user: int) -> bool | None:
    """:func:`_steady`'s walk of the absolute *path* as the system resolves it (each link's target
    from where the link stands, ``..`` after it): False at the first step another
    user may change, None at the first that is missing, else True."""
    todo = path.split("/")[::-1]  # the names still to follow, the next one last
    here = "/"
    links = 0
    while True:
        found = os.lstat(here)
        if found.st_uid not in (0, user):
            return False
        if stat.S_ISLNK(found.st_mode):
            links += 1
            if links > 40:  # as the system gives up on a loop of links
                return False
            target = os.readlink(here)
            here = "/" if target.startswith("/") else os.path.dirname(here)
            todo.extend(target.split("/")[::-1])
        elif not stat.S_ISDIR(found.st_mode):
            return False
        elif found.st_mode & 0o022 and not found.st_mode & stat.S_ISVTX:
            return False  # others may rename what is in it
        while todo and todo[-1] in ("", ".", ".."):
            if todo.pop() == "..":
                here = os.path.dirname(here)  # a folder already checked
        if not todo:
            return True
        here = os.path.join(here, todo.pop())
        if not os.path.lexists(here):
            return None


def _tightened(root: Path) -> None:
    """Make the platform's cache folder of followup (not one named by
    ``FOLLOWUP_CACHE_DIR``) private when it is the user's own and a group may write
    to it, as a umask of 002 made it before followup made it 0700."""
    if CACHE_VARIABLE not in os.environ and hasattr(os, "getuid"):
        try:
            found = os.lstat(root)
        except FileNotFoundError:
            return
        if stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid() and found.st_mode & 0o020:
            os.chmod(root, stat.S_IMODE(found.st_mode) & ~0o022)


def _private(path: Path | os.stat_result) -> bool:
    """Whether *path* (or what :func:`os.stat` found of it) belongs to this user and
    no one else may write to it, neither others nor a group (a group may be shared
    with other users). Always true where the system has no user ids."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return True
    found = path if isinstance(path, os.stat_result) else path.stat()
    return found.st_uid == getuid() and not found.st_mode & 0o022


def _own(found: os.stat_result) -> bool:
    """Whether a file's :func:`os.fstat` shows one followup wrote for this user: theirs,
    readable by no one else (mode 0600: no group bits, so no ACL grants others), and
    one link only (a file of the user's that another user may write, hard-linked into
    a swapped folder, is not). Always true where the system has no user ids."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return True
    return found.st_uid == getuid() and not found.st_mode & 0o077 and found.st_nlink == 1


MAX_ENTRY = 64 * 1024 * 1024
"""The largest file read back from the cache (a compiled template is about 50 KB)."""


def read(path: Path | str) -> bytes | None:
    """The bytes of the cache file *path*, read whole, or None when it is missing,
    unreadable, not a plain file (a pipe would block), larger than :data:`MAX_ENTRY`,
    or, where the system has user ids, not one followup wrote for the user (:func:`_own`):
    each file is judged as it is opened, so a folder swapped after it was checked
    cannot bring in another user's file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_ENTRY or not _own(found):
            return None
        with open(handle, "rb", closefd=False) as file:
            data = file.read()  # sized by the file: a limit would allocate it whole
        return data if len(data) <= MAX_ENTRY else None
    except OSError:
        return None
    finally:
        os.close(handle)


STALE = 86_400.0
"""Seconds after its last use that another version's folder is taken as unused."""

_VERSION = re.compile(r"[0-9a-f]{16}")
"""A version of a folder of compiled templates: a digest of what compiles them."""


def versioned(kind: str, version: str, *, files: str) -> Path | None:
    """The cache folder for *kind* as this *version* of what fills it writes it
    (``{kind}-{version}``). Making it removes the folders of other versions of *kind*
    not used for a day (another installation of followup may still use a recent
    one; using a folder marks it by its modification time): each release and each
    change of the compiling code would otherwise leave its folder behind. Only a
    folder named as followup names them, holding only its *files* (a glob pattern)
    and temporary files, is removed, file by file: a folder of the user's that
    happens to share the name is left alone."""
    root = cache_root()
    if root is None:
        return None
    try:
        fresh = not os.path.isdir(root / f"{kind}-{version}")
    except (OSError, ValueError):
        return None
    path = folder(f"{kind}-{version}")
    if path is None:
        return None
    if not fresh:
        with contextlib.suppress(OSError):
            os.utime(path)  # in use: not another version's to remove
        return path
    import time

    for other in _listed(root):
        name = other.name
        if not (name.startswith(f"{kind}-") and _VERSION.fullmatch(name[len(kind) + 1 :])):
            continue
        with contextlib.suppress(OSError):
            if other == path or other.is_symlink() or not other.is_dir():
                continue
            if time.time() - other.stat().st_mtime <= STALE or not _private(other):
                continue
            inside = _listed(other)
            if all(p.match(files) or p.match(f"{files}*.tmp") for p in inside):
                for entry in inside:
                    entry.unlink()
                other.rmdir()
    return path


def _listed(where: Path) -> list[Path]:
    try:
        return list(where.iterdir())
    except OSError:
        return []


def prune(where: Path, *, keep: int, pattern: str) -> int:
    """Remove from *where* the files matching *pattern* (followup's own names) beyond
    the *keep* most recently used (by modification time: a reader touches what it
    uses), and the temporary files of that name (``{pattern}*.tmp``) a writer stopped
    midway left more than ten minutes ago. Nothing else is touched: a cache folder
    may be one of the user's that shares its name. Returns how many entries are kept."""
    import time

    now = time.time()
    entries: list[tuple[float, Path]] = []
    for path in _listed(where):
        with contextlib.suppress(OSError):
            changed = path.lstat().st_mtime
            if path.is_symlink() or not path.is_file():
                continue
            if path.match(f"{pattern}*.tmp") or path.match(f".{pattern}*.tmp"):
                if now - changed > 600:
                    path.unlink()
            elif path.match(pattern):
                entries.append((changed, path))
    entries.sort(reverse=True)
    for _, path in entries[keep:]:
        with contextlib.suppress(OSError):
            path.unlink()
    return min(len(entries), keep)


ENTRY = ".fuc"
"""The ending of every file :func:`store` writes (its name as given, then this): what
:func:`prune` may remove."""

KEEP = 1024
"""The most entries a folder of catalogs, CLDR tables or holidays keeps (each a few
KB; new versions of their sources add entries): the least recently written go."""


def load(kind: str, name: str, *, objects: bool = False) -> object | None:
    """The value stored as *name*, or None when there is none (or it is unreadable).
    With *objects*, the value was stored with ``objects=True`` (a pickle)."""
    where = folder(kind)
    if where is None:
        return None
    # Read whole, then decoded: marshal.load() on a file reads it a few bytes at a
    # time (four times slower for a catalog).
    data = read(where / f"{name}{ENTRY}")
    if data is None or data[:4] != zlib.crc32(memoryview(data)[4:]).to_bytes(4, "big"):
        return None  # damaged on the way (a full disk, a crash): computed again
    try:
        body = memoryview(data)[4:]
        value: object = pickle.loads(body) if objects else marshal.loads(body)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    except Exception:  # a damaged pickle fails in many ways (MemoryError, ImportError…)
        return None
    return value


def store(kind: str, name: str, value: Any, *, objects: bool = False) -> None:
    """Keep *value* as *name*, written whole: plain data (dicts, tuples, strings), or
    with *objects* any value :mod:`pickle` writes (read back with ``objects=True``).
    Its CRC-32 comes first: :func:`load` gives nothing for an entry damaged since.

    The folder is the user's own (mode 0700), as are the compiled templates Jinja
    keeps there: what is read back from it is trusted as much as followup itself."""
    where = folder(kind)
    if where is None:
        return
    import tempfile  # only when something is to be kept

    with contextlib.suppress(OSError, ValueError, pickle.PicklingError):
        if objects:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        else:
            data = marshal.dumps(value)
        handle, temp = tempfile.mkstemp(dir=where, prefix=f".{name}{ENTRY}", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(zlib.crc32(data).to_bytes(4, "big"))  # checked by load()
                out.write(data)
            os.replace(temp, where / f"{name}{ENTRY}")
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    if where not in _pruned:  # once per folder and process: listing it costs
        _pruned.add(where)
        prune(where, keep=KEEP, pattern=f"*{ENTRY}")


_pruned: set[Path] = set()


def remembered(
    kind: str,
    name: str,
    compute: Callable[[], T],
    *,
    valid: Callable[[Any], bool],
    objects: bool = False,
) -> T:
    """The value kept as *name* when *valid* accepts it, else what *compute* gives,
    kept for next time (a damaged or stale entry is computed again)."""
    kept = load(kind, name, objects=objects)
    if kept is not None and valid(kept):
        return cast(T, kept)
    found = compute()
    store(kind, name, found, objects=objects)
    return found
