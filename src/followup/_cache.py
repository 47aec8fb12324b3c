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

__all__ = ["CACHE_VARIABLE", "cache_root", "folder", "load", "remembered", "store"]

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
    there is no cache or it cannot be made."""
    root = cache_root()
    if root is None:
        return None
    path = root / kind
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return path


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
