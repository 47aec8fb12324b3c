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
import sys
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
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "followup"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "followup"


def folder(kind: str) -> Path | None:
    """The cache folder for *kind*, made (private to the user) if missing; None when
    there is no cache, it cannot be made, or it is not the user's own: what is read
    back from it is trusted as followup's own code (compiled templates), so a folder
    another user owns or may write to is not used."""
    root = cache_root()
    if root is None:
        return None
    path = root / kind
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        return path if _private(path) else None
    except OSError:
        return None


def _private(path: Path) -> bool:
    """Whether *path* belongs to this user and no one else may write to it (always
    true where the system has no user ids)."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return True
    found = path.stat()
    return found.st_uid == getuid() and not found.st_mode & 0o022


STALE = 86_400.0
"""Seconds after its last change that another version's folder is taken as unused."""


def versioned(kind: str, version: str) -> Path | None:
    """The cache folder for *kind* as this *version* of what fills it writes it
    (``{kind}-{version}``). Making it removes the folders of other versions of *kind*
    not used for a day (another installation of followup may still use a recent
    one; using a folder marks it by its modification time): each release and each
    change of the compiling code would otherwise leave its folder behind."""
    root = cache_root()
    if root is None:
        return None
    fresh = not (root / f"{kind}-{version}").is_dir()
    path = folder(f"{kind}-{version}")
    if path is not None and not fresh:
        with contextlib.suppress(OSError):
            os.utime(path)  # in use: not another version's to remove
    if path is not None and fresh:
        import shutil
        import time

        for other in root.glob(f"{kind}-*"):
            with contextlib.suppress(OSError):
                unused = time.time() - other.stat().st_mtime > STALE
                if other != path and other.is_dir() and unused and _private(other):
                    shutil.rmtree(other, ignore_errors=True)
    return path


def prune(where: Path, *, keep: int, pattern: str = "*") -> None:
    """Remove from *where* the files matching *pattern* beyond the *keep* most recently
    used (by modification time: a reader touches what it uses), and temporary files
    (``*.tmp``) a writer stopped midway left more than ten minutes ago."""
    import time

    now = time.time()
    entries: list[tuple[float, Path]] = []
    with contextlib.suppress(OSError):
        for path in where.iterdir():
            with contextlib.suppress(OSError):
                changed = path.stat().st_mtime
                if path.name.endswith(".tmp"):
                    if now - changed > 600:
                        path.unlink()
                elif path.match(pattern):
                    entries.append((changed, path))
    entries.sort(reverse=True)
    for _, path in entries[keep:]:
        with contextlib.suppress(OSError):
            path.unlink()


def load(kind: str, name: str, *, objects: bool = False) -> object | None:
    """The value stored as *name*, or None when there is none (or it is unreadable).
    With *objects*, the value was stored with ``objects=True`` (a pickle)."""
    where = folder(kind)
    if where is None:
        return None
    try:
        # Read whole, then decoded: marshal.load() on a file reads it a few bytes
        # at a time (four times slower for a catalog).
        with open(where / name, "rb") as handle:
            data = handle.read()
        value: object = pickle.loads(data) if objects else marshal.loads(data)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    except Exception:  # a damaged pickle fails in many ways (MemoryError, ImportError…)
        return None
    return value


def store(kind: str, name: str, value: Any, *, objects: bool = False) -> None:
    """Keep *value* as *name*, written whole: plain data (dicts, tuples, strings), or
    with *objects* any value :mod:`pickle` writes (read back with ``objects=True``).

    The folder is the user's own (mode 0700), as are the compiled templates Jinja
    keeps there: what is read back from it is trusted as much as followup itself."""
    where = folder(kind)
    if where is None:
        return
    import tempfile  # only when something is to be kept

    with contextlib.suppress(OSError, ValueError, pickle.PicklingError):
        handle, temp = tempfile.mkstemp(dir=where, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                if objects:
                    pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
                else:
                    marshal.dump(value, out)
            os.replace(temp, where / name)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temp)


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
