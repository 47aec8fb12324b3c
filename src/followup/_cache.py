"""The user's cache folder: what followup computes once per user and version.

``FOLLOWUP_CACHE_DIR`` names the folder (empty: keep nothing); otherwise it is
the platform's cache folder for the user. Whatever cannot be read or written
there only costs time: followup computes it again.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["CACHE_VARIABLE", "cache_root", "folder", "load", "store"]

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


def load(kind: str, name: str) -> object | None:
    """The value stored as *name*, or None when there is none (or it is unreadable)."""
    where = folder(kind)
    if where is None:
        return None
    try:
        with open(where / name, "rb") as handle:
            value: object = marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return value


def store(kind: str, name: str, value: Any) -> None:
    """Keep *value* (plain data: dicts, tuples, strings) as *name*, written whole."""
    where = folder(kind)
    if where is None:
        return
    import tempfile  # only when something is to be kept

    with contextlib.suppress(OSError, ValueError):
        handle, temp = tempfile.mkstemp(dir=where, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                marshal.dump(value, out)
            os.replace(temp, where / name)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temp)
