"""Recording what happened: a ``sent`` event added to a facts file, nothing else touched.

:func:`record_sent` is what ``followup sent FILE DRAFT_ID`` runs, so that the
workflow is plan → send → record → plan, and the facts file stays the record.
The file keeps every byte it had (comments, layout, order, line endings): in
TOML the event is inserted as one ``[[events]]`` table after the last event
(its sub-tables included), or at the end; in JSON as the last item of the
``"events"`` array, or as a new ``"events"`` member. Where it goes is found by
the file's structure (:mod:`followup._factstext`), never by what a line looks
like. The new text is read back and must hold the same facts plus exactly that
event, and plan without a problem, before anything is written; the file is then
replaced at once (a temporary file, then a rename) with its owner, group,
permissions and extended attributes, so a facts file is never left half
written, invalid or readable by other people than before.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from followup._factstext import LayoutError, json_with_event, toml_layout
from followup._filemeta import NotKept, keep_metadata, owner_change
from followup.errors import FactsError, OptionError, Problem
from followup.export._common import remove_leftovers, write_atomic
from followup.facts import load, parse
from followup.facts.loading import MAX_FILE_SIZE, FactsFormat
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


def _problem(path: Path, message: str) -> FactsError:
    return FactsError([Problem("", message)], source=str(path))


def _sent_table(draft_id: str, on: dt.date) -> str:
    return f'[[events]]\nkind = "sent"\ndate = {on.isoformat()}\ndraft = "{draft_id}"\n'


def _sent_item(draft_id: str, on: dt.date) -> dict[str, str]:
    return {"kind": "sent", "date": on.isoformat(), "draft": draft_id}


def _by_hand(format: FactsFormat, draft_id: str, on: dt.date) -> str:
    """What to do instead, in one line: the event to add, as the file writes it."""
    if format == "json":
        return f'add {_json(_sent_item(draft_id, on))} to its "events" list by hand'
    return (
        f'add the event by hand: an [[events]] table with kind = "sent", '
        f'date = {on.isoformat()}, draft = "{draft_id}"'
    )


def _insertion_point(text: str, path: Path, by_hand: str) -> int:
    """Where the new table goes: after the last key of the last ``[[events]]`` table
    and of its sub-tables (``[events.draft]``, ``[[events.interviewers]]``), before the
    comments and blank lines that lead into the next table; at the end when no table
    follows or there is no event yet."""
    try:
        headers = toml_layout(text).headers
    except LayoutError as err:
        raise _problem(
            path, f"cannot be followed well enough to add to it ({err}); {by_hand}"
        ) from err
    if not any(h.key == ("events",) and h.array for h in headers):
        if "events" in tomllib.loads(text):
            raise _problem(
                path,
                "writes its events as an inline array (events = [...]); write each as an "
                "[[events]] table so that followup can add to them",
            )
        return len(text)
    # A sub-table of events belongs to the last [[events]] before it, wherever it is.
    last = max(i for i, h in enumerate(headers) if h.key[0] == "events")
    if last == len(headers) - 1:
        return len(text)
    return headers[last].content_end


def _inserted(text: str, draft_id: str, on: dt.date, path: Path, by_hand: str) -> str:
    """*text* with the event's table inserted; every other byte as it was."""
    where = _insertion_point(text, path, by_hand)
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
    format: FactsFormat | None = None,
) -> str:
    """Record in the facts file *path* that the draft *draft_id* went out *on* that day,
    and return the text added: an ``[[events]]`` table, or in a JSON file an item of
    its ``"events"`` array. *format* reads the file as TOML or JSON whatever its name,
    as for :func:`followup.load`.

    *draft_id* is a draft of the plan that the facts and the options (as for
    :func:`followup.plan`) give; a draft it does not name raises
    :class:`~followup.errors.OptionError` with the closest ids, and a draft already
    recorded, or facts that the event would make contradictory, raise
    :class:`~followup.errors.FactsError`; the file is then left as it was. So does a
    file that cannot be rewritten as it is: another user's (unless run as root, which
    gives it back), one with other hard links, one whose group, access control list
    or other extended attributes the new file cannot be given.
    """
    file = Path(path)
    # A missing, unreadable or invalid file says so first.
    interview = load(file, format=format)
    kind: FactsFormat = format or ("toml" if file.suffix.lower() == ".toml" else "json")
    by_hand = _by_hand(kind, draft_id, on)
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
    raw, _ = _read(real, file, by_hand)
    text = raw.decode("utf-8-sig")
    bom = b"\xef\xbb\xbf" if raw[:3] == b"\xef\xbb\xbf" else b""
    if kind == "json":
        added = _json(_sent_item(draft_id, on))
        try:
            written = json_with_event(text, _sent_item(draft_id, on))
        except LayoutError as err:
            raise _problem(
                file, f"cannot be followed well enough to add to it ({err}); {by_hand}"
            ) from err
    else:
        added = _sent_table(draft_id, on)
        written = _inserted(text, draft_id, on, file, by_hand)
    _check(written, text, file, kind=kind, event=(draft_id, on), by_hand=by_hand)
    _plans(written, kind, file, chosen_options=chosen)
    data = bom + written.encode("utf-8")
    if len(data) > MAX_FILE_SIZE:
        raise _problem(file, f"would grow past {MAX_FILE_SIZE} bytes, more than followup reads")
    # Planning takes a while: an edit saved meanwhile must not be lost.
    again, info = _read(real, file, by_hand)
    if again != raw:
        raise _problem(file, "changed while recording; run again")
    try:
        write_atomic(real, data, prepare=lambda handle: keep_metadata(handle, str(real), info))
    except NotKept as err:
        raise _problem(file, f"{err}; {by_hand}") from err
    except OSError as err:
        raise _problem(
            file,
            f"cannot be written: {err.strerror or err} (followup writes a new file in its "
            f"folder, {real.parent}, and puts it in its place: that folder must be writable "
            f"too); {by_hand}",
        ) from err
    return added


def _read(real: Path, file: Path, by_hand: str) -> tuple[bytes, os.stat_result]:
    """The bytes and status of the facts file *real* (*file* as given, for messages),
    refusing one that a rewrite would not keep as it is: read-only, another user's,
    or with other hard links."""
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
    changed = owner_change(info)
    if changed is not None:
        raise _problem(file, f"{changed}; run followup as its owner, or {by_hand}")
    return raw, info


def _draft_kind(draft_id: str) -> str:
    """The kind of draft an id names, as a ``draft`` table writes it."""
    return next(k for k in ("thank_you", "check_in", "closing") if draft_id.startswith(k[:5]))


def _json(value: dict[str, str]) -> str:
    return json.dumps(value, ensure_ascii=False)


def _check(
    written: str,
    text: str,
    file: Path,
    *,
    kind: FactsFormat,
    event: tuple[str, dt.date],
    by_hand: str,
) -> None:
    """The new text reads as the old facts plus exactly the event, as the last one."""
    read = tomllib.loads if kind == "toml" else json.loads
    before = read(text)
    draft_id, on = event
    expected: dict[str, object] = {
        "kind": "sent",
        "date": on if kind == "toml" else on.isoformat(),
        "draft": draft_id,
    }
    try:
        data = read(written)
    except ValueError:  # TOMLDecodeError and JSONDecodeError both are
        data = None
    events = data.get("events") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or {k: v for k, v in data.items() if k != "events"}
        != {k: v for k, v in before.items() if k != "events"}
        or not isinstance(events, list)
        or events[:-1] != before.get("events", [])
        or events[-1:] != [expected]
    ):
        raise _problem(file, f"cannot take the event without changing other facts; {by_hand}")


def _plans(written: str, kind: FactsFormat, file: Path, *, chosen_options: Options) -> None:
    """The new facts plan without a problem."""
    data = tomllib.loads(written) if kind == "toml" else json.loads(written)
    new = f"events[{len(data['events']) - 1}]"
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
