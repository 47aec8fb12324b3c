"""What the exporters share: file names for drafts, and writing a file atomically."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from followup._names import slug, unique_names

if TYPE_CHECKING:
    from followup.plans import FollowUpPlan

__all__ = ["draft_filenames", "open_regular", "remove_leftovers", "write_atomic"]

_SLUG_MAX = 40


def _slug(value: str) -> str:
    # A name in a script without an ASCII transliteration: a short stable hash.
    return slug(value, limit=_SLUG_MAX) or "x" + hashlib.sha256(value.encode()).hexdigest()[:8]


def draft_filenames(plan: FollowUpPlan) -> list[str]:
    """A stable, readable, unique base name per draft: ``2026-11-24_thank-you_dana-rivera``.

    A thank-you note is named after the interview day, not its send date, which
    moves with ``today`` when it is late: the same draft keeps the same file.
    """
    return unique_names(
        "_".join(
            [
                (plan.interview.date if draft.kind == "thank_you" else draft.send_on).isoformat(),
                _slug(draft.kind),
                _slug(draft.recipient.name),
            ]
        )
        for draft in plan.drafts
    )


def _umask() -> int:
    """The process umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    # Elsewhere os.umask can only be read by setting it, for a moment.
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def _mode(path: Path) -> int:
    """Keep the read and write permissions of the regular file being replaced (someone
    may have made their drafts private); never a link target's, never a set-user-ID,
    set-group-ID or sticky bit. A new file gets the usual ones (umask applied)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        info = None
    if info is None or not stat.S_ISREG(info.st_mode):
        return 0o666 & ~_umask()
    return info.st_mode & 0o666


def open_regular(path: str | os.PathLike[str]) -> BinaryIO | None:
    """The regular file at *path*, open for reading; None when it is anything else.

    It is opened without following a symbolic link and without waiting on a pipe
    (a file swapped for either since it was listed is not read), and checked once
    open. The caller closes it.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags)
    handle = os.fdopen(descriptor, "rb")
    try:
        regular = stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
    except BaseException:
        handle.close()
        raise
    if not regular:
        handle.close()
        return None
    return handle


TEMP_SUFFIX = ".tmp"


def temp_prefix(name: str) -> str:
    """How a temporary file for *name* starts: ``.name.followup-``, then eight random
    letters and ``.tmp``: a name no one gives a file of their own."""
    return f".{name}.followup-"


def remove_leftovers(folder: Path, names: Iterable[str]) -> list[Path]:
    """Remove the temporary files an interrupted write of *names* left in *folder*
    (regular files named as :func:`write_atomic` names them, nothing else)."""
    wanted = {temp_prefix(name) for name in names}
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if not entry.name.endswith(TEMP_SUFFIX) or not entry.is_file(follow_symlinks=False):
            continue
        stem = entry.name[: -len(TEMP_SUFFIX)]
        prefix, _, random = stem.rpartition("-")
        if prefix + "-" in wanted and _TEMP_RANDOM.fullmatch(random):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


_TEMP_RANDOM = re.compile(r"[a-z0-9_]{8}")
"""The random part of a :func:`tempfile.mkstemp` name."""


def write_atomic(path: Path, data: bytes, *, prepare: Callable[[int], None] | None = None) -> None:
    """Replace *path* with *data* at once: temp file in the same folder, fsync, rename.

    *prepare*, given the temporary file's descriptor, may set what else it must have
    (an owner, attributes) before it takes *path*'s place. On any error, its own
    among them, the temporary file is removed and *path* is left as it was.
    """
    handle, temp = tempfile.mkstemp(
        dir=path.parent, prefix=temp_prefix(path.name), suffix=TEMP_SUFFIX
    )
    try:
        with os.fdopen(handle, "wb") as out:
            os.chmod(temp, _mode(path))
            if prepare is not None:
                prepare(out.fileno())
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    with contextlib.suppress(OSError):  # not every platform can fsync a folder
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
