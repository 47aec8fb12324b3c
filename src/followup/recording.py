"""Recording what happened: a ``sent`` event added to a facts file, nothing else touched.

:func:`record_sent` is what ``followup sent FILE DRAFT_ID`` runs, so that the
workflow is plan → send → record → plan, and the facts file stays the record.
The file keeps every byte it had (comments, layout, order, line endings): the
event is inserted as one ``[[events]]`` table after the last one, or at the
end. The new text is read back (with :mod:`tomllib`) and must hold the same
facts plus the event, and plan without a problem, before anything is written;
the file is then replaced at once (a temporary file, then a rename), so a facts
file is never left half written or invalid. Only TOML facts files are written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from followup.errors import FactsError, OptionError, Problem
from followup.export._common import remove_leftovers, write_atomic
from followup.facts import load, parse
from followup.facts.loading import MAX_FILE_SIZE
from followup.strategy import (
    DEFAULT_EVERY,
    CheckInsTo,
    Options,
    decide,
    interview_rounds,
    options,
    placed,
)

__all__ = ["record_sent"]

_HEADER = re.compile(r"^[ \t]*\[(\[?)([^\]\n]*)\]\]?[ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)
"""A table header line: ``[name]`` or ``[[name]]``, a comment allowed after it, and a
carriage return before its line break. No two of its repeats can take the same
characters, so it cannot backtrack far: a line of 2,000 spaces costs as little as
the spaces themselves. The name keeps the spaces around it (see :func:`_name`)."""
_QUIET = re.compile(r"^[ \t]*(?:#[^\n]*)?$")
"""A blank line or a comment."""


def _problem(path: Path, message: str) -> FactsError:
    return FactsError([Problem("", message)], source=str(path))


def _sent_table(draft_id: str, on: dt.date) -> str:
    return f'[[events]]\nkind = "sent"\ndate = {on.isoformat()}\ndraft = "{draft_id}"\n'


def _name(header: re.Match[str]) -> str:
    """The table name of a :data:`_HEADER` match, without spaces or quotes around it."""
    return header[2].strip(" \t").strip("\"'")


def _insertion_point(text: str, path: Path) -> int:
    """Where the new table goes: after the last line of the last ``[[events]]`` table
    (its comments and blank lines before the next table stay with that table), or at
    the end when there is none."""
    headers = list(_HEADER.finditer(text))
    events = [h for h in headers if h[1] == "[" and _name(h) == "events"]
    if not events:
        if "events" in tomllib.loads(text):
            raise _problem(
                path,
                "writes its events as an inline array (events = [...]); write each as an "
                "[[events]] table so that followup can add to them",
            )
        return len(text)
    last = events[-1]
    following = next((h for h in headers if h.start() > last.start()), None)
    if following is None:
        return len(text)
    lines = text[last.end() : following.start()].split("\n")
    # Walk back over the blank lines and comments that lead into the next table.
    keep = len(lines)
    while keep > 1 and _QUIET.fullmatch(lines[keep - 1].rstrip("\r")):
        keep -= 1
    return last.end() + len("\n".join(lines[:keep])) + 1


def _inserted(text: str, draft_id: str, on: dt.date, path: Path) -> str:
    """*text* with the event's table inserted; every other byte as it was."""
    where = _insertion_point(text, path)
    newline = "\r\n" if "\r\n" in text else "\n"
    before, after = text[:where], text[where:]
    block = _sent_table(draft_id, on)
    if before and not before.endswith("\n"):
        block = "\n" + block
    if before.strip() and not before.endswith(("\n\n", "\r\n\r\n")):
        block = "\n" + block
    if after.strip() and not after.startswith(("\n", "\r\n")):
        block += "\n"
    return before + block.replace("\n", newline) + after


def record_sent(
    path: str | os.PathLike[str],
    draft_id: str,
    *,
    on: dt.date,
    today: dt.date | None = None,
    every: int | dt.timedelta = DEFAULT_EVERY,
    until: dt.date | None = None,
    max_check_ins: int | None = None,
    check_ins_to: CheckInsTo = "primary",
) -> str:
    """Record in the TOML facts file *path* that the draft *draft_id* went out *on* that
    day, and return the ``[[events]]`` table added.

    *draft_id* is a draft of the plan that the facts and the options (as for
    :func:`followup.plan`) give; a draft it does not name raises
    :class:`~followup.errors.OptionError` with the closest ids, and a draft already
    recorded, or facts that the event would make contradictory, raise
    :class:`~followup.errors.FactsError`; the file is then left as it was. A JSON
    facts file raises :class:`~followup.errors.FactsError` showing the event to add
    by hand.
    """
    file = Path(path)
    interview = load(file)  # a missing, unreadable or invalid file says so first
    if file.suffix.lower() != ".toml":
        event = {"kind": "sent", "date": on.isoformat(), "draft": draft_id}
        raise _problem(
            file,
            "is a JSON facts file, which followup does not rewrite (it would lose its "
            f'layout); add {{"events": [{_json(event)}]}} to it, or to its "events" list',
        )
    chosen = options(
        interview,
        today=today,
        every=every,
        until=until,
        max_check_ins=max_check_ins,
        check_ins_to=check_ins_to,
    )
    listed = [d.id for d in decide(interview, chosen)]  # the facts plan with these options
    # The new event is applied after every event up to its day: the id names the draft
    # of the record as those events leave it. A draft recorded a few days late is
    # still there, even when a plan made today no longer lists it.
    now = placed(interview, chosen)
    then = placed(interview, chosen, until=on)
    if draft_id not in now and draft_id not in then:
        known = listed + [i for i in now if i not in listed]
        close = difflib.get_close_matches(draft_id, known, n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise OptionError(
            "draft_id",
            draft_id,
            f"is not a draft of the plan; {hint}followup plan lists each draft's id "
            f"({', '.join(listed)})",
        )
    draft = then.get(draft_id)
    if draft is None:
        later = now[draft_id]
        day = interview_rounds(interview)[later.round - 1].day
        raise _problem(
            file,
            (
                f"{draft_id} is a draft after the interview on {day.isoformat()}, and "
                f"{on.isoformat()} is before it"
                if later.round > 1 and day > on
                else f"on {on.isoformat()} the plan had no {draft_id} yet (it is the "
                f"draft for {later.planned.isoformat()})"
            )
            + "; give the day the draft went out",
        )
    if draft.sent_on is not None:
        raise _problem(
            file, f"already records {draft_id!r} as sent on {draft.sent_on.isoformat()}"
        )
    # A symbolic link is followed, as an editor follows it: its target is rewritten,
    # in the target's folder, and the link stays a link.
    real = file.resolve()
    remove_leftovers(real.parent, [real.name])
    raw = _read(real, file)
    text = raw.decode("utf-8-sig")
    bom = b"\xef\xbb\xbf" if raw[:3] == b"\xef\xbb\xbf" else b""
    written = _inserted(text, draft_id, on, file)
    _check(written, text, file, chosen_options=chosen)
    data = bom + written.encode("utf-8")
    if len(data) > MAX_FILE_SIZE:
        raise _problem(file, f"would grow past {MAX_FILE_SIZE} bytes, more than followup reads")
    # Planning takes a while: an edit saved meanwhile must not be lost.
    if _read(real, file) != raw:
        raise _problem(file, "changed while recording; run again")
    try:
        write_atomic(real, data)
    except OSError as err:
        raise _problem(file, f"cannot be written: {err.strerror or err}") from err
    return _sent_table(draft_id, on)


def _read(real: Path, file: Path) -> bytes:
    """The bytes of the facts file *real* (*file* as given, for messages), refusing one
    that a rewrite would not keep as it is: read-only, or with other hard links."""
    try:
        info = real.stat()
        raw = real.read_bytes()
    except OSError as err:
        raise _problem(file, f"cannot be read: {err.strerror or err}") from err
    if not info.st_mode & stat.S_IWUSR:
        raise _problem(file, "is read-only; make it writable to record in it")
    if info.st_nlink > 1:
        raise _problem(
            file,
            f"has {info.st_nlink - 1} other hard link(s), which a rewrite would leave "
            "with the old facts; add the event by hand, or record in a copy of its own",
        )
    return raw


def _draft_kind(draft_id: str) -> str:
    """The kind of draft an id names, as a ``draft`` table writes it."""
    return next(k for k in ("thank_you", "check_in", "closing") if draft_id.startswith(k[:5]))


def _json(value: dict[str, str]) -> str:
    return json.dumps(value, ensure_ascii=False)


def _check(written: str, text: str, file: Path, *, chosen_options: Options) -> None:
    """The new facts read as the old ones plus the event, and plan without a problem."""
    before = tomllib.loads(text)
    try:
        data = tomllib.loads(written)
    except tomllib.TOMLDecodeError:
        data = {}
    if (
        not data
        or {k: v for k, v in data.items() if k != "events"}
        != {k: v for k, v in before.items() if k != "events"}
        or data.get("events", [])[:-1] != before.get("events", [])
    ):
        raise _problem(file, "cannot take the event without changing other facts; add it by hand")
    new = f"events[{len(data.get('events', [])) - 1}]"
    try:
        interview = parse(data, source=str(file))
        decide(interview, options(interview, **_as_options(chosen_options)))
    except FactsError as err:
        # The event is not in the file: say "the new event", not an index it lacks.
        problems = [
            Problem(
                "the new event" + p.path.removeprefix(new) if p.path.startswith(new) else p.path,
                p.message,
                p.value,
                p.has_value,
            )
            for p in err.problems
        ]
        raise FactsError(problems, source=str(file)) from err


def _as_options(chosen: Options) -> dict[str, Any]:
    return {
        "today": chosen.today,
        "every": chosen.every,
        "until": chosen.until if chosen.until_given else None,
        "max_check_ins": chosen.max_check_ins if chosen.max_check_ins_given else None,
        "check_ins_to": chosen.check_ins_to,
    }
