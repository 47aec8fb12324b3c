"""Mail folders: a whole plan as a new mbox file or added to a Maildir, flagged as drafts.

Each message is the one :func:`followup.export.mail.to_email` builds, with
the same :class:`~followup.export.mail.MailOptions` and each draft's place in
its conversation (:func:`~followup.export.mail.thread`); the date a mail
folder records for it is its send date, never the clock. A Maildir is added
to, never cleared: a draft whose ``Message-ID`` is already there is left alone.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import mailbox
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import TYPE_CHECKING

from followup.drafts import Draft
from followup.errors import ExportError
from followup.export._common import open_regular
from followup.export.mail import MailOptions, messages

if TYPE_CHECKING:
    from followup.plans import FollowUpPlan

__all__ = ["write_maildir", "write_mbox"]

_MOZILLA_DRAFT = "internal/draft; vcard=0; receipt=0; DSN=0; uuencode=0"


def _midnight(day: dt.date) -> float:
    return float(calendar.timegm(day.timetuple()))


def mbox_bytes(plan: FollowUpPlan, built: Sequence[EmailMessage]) -> bytes:
    """The mbox file of *plan*'s messages *built*, each flagged as a draft."""
    try:
        with tempfile.TemporaryDirectory(prefix="followup-") as folder:
            path = os.path.join(folder, "drafts.mbox")
            box = mailbox.mbox(path, create=True)
            try:
                for draft, message in zip(plan.drafts, built, strict=True):
                    box.add(_mbox_entry(draft, message))
                box.flush()
            finally:
                box.close()
            return Path(path).read_bytes()
    except (OSError, mailbox.Error) as err:
        raise ExportError(f"cannot build the mailbox: {err}") from err


def _mbox_entry(draft: Draft, message: EmailMessage) -> mailbox.mboxMessage:
    entry = mailbox.mboxMessage(message)
    # The From_ line's date comes from the draft, never from the clock.
    envelope = message["From"].addresses[0].addr_spec if message["From"] else None
    entry.set_from(envelope or "MAILER-DAEMON", time.gmtime(_midnight(draft.send_on)))
    entry.set_flags("RO")  # seen; mbox has no draft flag ("D" means deleted)
    entry["X-Mozilla-Status"] = "0001"  # Thunderbird's own "read" flag
    entry["X-Mozilla-Draft-Info"] = _MOZILLA_DRAFT
    return entry


def write_mbox(
    plan: FollowUpPlan,
    path: str | os.PathLike[str],
    *,
    options: MailOptions | None = None,
) -> Path:
    """Write every draft to a new mbox file at *path*, flagged as drafts.

    The file is written whole under a temporary name and then linked into place,
    so a reader never sees half of it and an existing file is never replaced:
    if *path* exists, :class:`ExportError` is raised and nothing is written.
    """
    target = Path(path)
    data = mbox_bytes(plan, messages(plan, options=options))
    if target.exists():
        raise ExportError(
            f"{str(target)!r} already exists; followup does not add to or replace an "
            "existing mailbox: choose a new file name"
        )
    try:
        handle, temp = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as err:
        raise ExportError(f"cannot write the mailbox {str(target)!r}: {err}") from err
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.link(temp, target)
    except FileExistsError:
        raise ExportError(
            f"{str(target)!r} appeared while followup was writing it; nothing was replaced"
        ) from None
    except OSError as err:
        raise ExportError(f"cannot write the mailbox {str(target)!r}: {err}") from err
    finally:
        Path(temp).unlink(missing_ok=True)
    return target


@dataclass(frozen=True, slots=True)
class MaildirEntry:
    """What became of one draft in a Maildir."""

    draft: Draft
    path: Path
    """The message's file: the new one, or the one already there."""
    key: str
    added: bool
    """False when a message with the draft's ``Message-ID`` was there already."""
    same: bool
    """Whether the file holds exactly what followup writes for the draft now."""


def write_maildir(
    plan: FollowUpPlan,
    path: str | os.PathLike[str],
    *,
    options: MailOptions | None = None,
) -> list[str]:
    """Add every draft to the Maildir at *path* (created if missing), flagged as drafts.

    Maildir delivers each message atomically under a new unique name, so
    messages already in the folder are never touched, and a draft whose
    ``Message-ID`` is already in the folder (written by an earlier run, and
    perhaps edited since) is not added again: writing the same plan twice adds
    nothing the second time. Returns the keys of the messages added.
    """
    return [e.key for e in add_to_maildir(plan, path, messages(plan, options=options)) if e.added]


def add_to_maildir(
    plan: FollowUpPlan, path: str | os.PathLike[str], built: Sequence[EmailMessage]
) -> list[MaildirEntry]:
    """Add *plan*'s messages *built* to the Maildir at *path*, but none whose
    ``Message-ID`` is already there; what became of each draft."""
    folder = Path(path)
    entries = []
    try:
        box = mailbox.Maildir(os.fspath(folder), create=True)
        present = _present(folder, box.colon)
        for draft, message in zip(plan.drafts, built, strict=True):
            entry = mailbox.MaildirMessage(message)
            entry.set_subdir("cur")
            entry.set_flags("DS")  # draft, seen
            entry.set_date(_midnight(draft.send_on))
            message_id = _message_id(message)
            found = present.get(message_id) if message_id else None
            if found is not None:
                there, key = found
                same = _holds(there, _as_written(entry))
                entries.append(MaildirEntry(draft, there, key, added=False, same=same))
                continue
            key = box.add(entry)
            written = folder / "cur" / f"{key}{box.colon}{entry.get_info()}"
            entries.append(MaildirEntry(draft, written, key, added=True, same=True))
            if message_id:
                present[message_id] = (written, key)
        box.close()
    except (OSError, mailbox.Error) as err:
        raise ExportError(f"cannot write the Maildir {os.fspath(path)!r}: {err}") from err
    return entries


def _as_written(entry: mailbox.MaildirMessage) -> bytes:
    """The bytes :class:`mailbox.Maildir` writes for *entry* (headers unfolded, the
    system's line endings)."""
    buffer = io.BytesIO()
    BytesGenerator(buffer, mangle_from_=False, maxheaderlen=0).flatten(entry)
    return buffer.getvalue().replace(b"\n", os.linesep.encode())


def _holds(path: Path, expected: bytes) -> bool:
    """Whether the message file at *path* holds exactly *expected*. Its size is
    compared first, and no more of it is read than *expected* and a byte: a message
    of any size that only shares a draft's ``Message-ID`` is never read whole."""
    handle = open_regular(path)
    if handle is None:
        return False
    with handle:
        if os.fstat(handle.fileno()).st_size != len(expected):
            return False
        return handle.read(len(expected) + 1) == expected


def _message_id(message: EmailMessage) -> str:
    value = message["Message-ID"]
    return "".join(str(value).split()) if value is not None else ""


_HEAD_MAX = 256 * 1024
"""The most of a message read to find its headers."""


def _present(folder: Path, colon: str) -> dict[str, tuple[Path, str]]:
    """The message files of the Maildir at *folder* by their ``Message-ID``."""
    found: dict[str, tuple[Path, str]] = {}
    parser = BytesHeaderParser()
    for sub in ("cur", "new"):
        for item in sorted(os.scandir(folder / sub), key=lambda e: e.name):
            if item.name.startswith(".") or not item.is_file(follow_symlinks=False):
                continue
            handle = open_regular(item.path)
            if handle is None:  # swapped for a link or a pipe since it was listed
                continue
            with handle:
                head = handle.read(_HEAD_MAX)
            end = min(
                (i for i in (head.find(b"\n\n"), head.find(b"\r\n\r\n")) if i >= 0), default=-1
            )
            headers = parser.parsebytes(head[: end + 1] if end >= 0 else head)
            for value in headers.get_all("Message-ID", []):
                found.setdefault(
                    "".join(str(value).split()), (Path(item.path), item.name.split(colon)[0])
                )
    return found
