"""What the exporters share: file names for drafts, and writing a file atomically."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from followup._names import slug, unique_names

if TYPE_CHECKING:
    from followup.plans import FollowUpPlan

__all__ = ["draft_filenames", "write_atomic"]

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
    """Keep an existing file's permissions; give a new one the usual ones (umask applied)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def write_atomic(path: Path, data: bytes) -> None:
    """Replace *path* with *data* at once: temp file in the same folder, fsync, rename.

    On any error the temporary file is removed and *path* is left as it was.
    """
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(temp, _mode(path))
        with os.fdopen(handle, "wb") as out:
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
