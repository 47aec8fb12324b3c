"""Mail folders: a whole plan as a new mbox file or added to a Maildir, flagged as drafts.

Each message is the one :func:`followup.export.mail.to_email` builds, with
the same :class:`~followup.export.mail.MailOptions`; the date a mail folder
records for it is its send date, never the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import mailbox
import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from followup.errors import ExportError
from followup.export.mail import MailOptions, messages

if TYPE_CHECKING:
    from followup.plans import FollowUpPlan

__all__ = ["write_maildir", "write_mbox"]

_MOZILLA_DRAFT = "internal/draft; vcard=0; receipt=0; DSN=0; uuencode=0"


def _midnight(day: dt.date) -> float:
    return float(calendar.timegm(day.timetuple()))


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
    built = messages(plan, options=options)
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
    os.close(handle)
    try:
        box = mailbox.mbox(temp, create=True)
        try:
            for draft, message in zip(plan.drafts, built, strict=True):
                entry = mailbox.mboxMessage(message)
                # The From_ line's date comes from the draft, never from the clock.
                envelope = message["From"].addresses[0].addr_spec if message["From"] else None
                entry.set_from(envelope or "MAILER-DAEMON", time.gmtime(_midnight(draft.send_on)))
                entry.set_flags("RO")  # seen; mbox has no draft flag ("D" means deleted)
                entry["X-Mozilla-Status"] = "0001"  # Thunderbird's own "read" flag
                entry["X-Mozilla-Draft-Info"] = _MOZILLA_DRAFT
                box.add(entry)
            box.flush()
        finally:
            box.close()
        with open(temp, "rb") as written:
            os.fsync(written.fileno())
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


def write_maildir(
    plan: FollowUpPlan,
    path: str | os.PathLike[str],
    *,
    options: MailOptions | None = None,
) -> list[str]:
    """Add every draft to the Maildir at *path* (created if missing), flagged as drafts.

    Maildir delivers each message atomically under a new unique name, so
    messages already in the folder are never touched; writing the same plan
    twice adds its drafts twice. Returns the new messages' keys.
    """
    built = messages(plan, options=options)
    try:
        box = mailbox.Maildir(os.fspath(path), create=True)
        keys = []
        for draft, message in zip(plan.drafts, built, strict=True):
            entry = mailbox.MaildirMessage(message)
            entry.set_subdir("cur")
            entry.set_flags("DS")  # draft, seen
            entry.set_date(_midnight(draft.send_on))
            keys.append(box.add(entry))
        box.close()
    except (OSError, mailbox.Error) as err:
        raise ExportError(f"cannot write the Maildir {os.fspath(path)!r}: {err}") from err
    return keys
