"""Files on disk: one text file per draft (and ``.eml``, ``.html`` pages to print,
``plan.ics``, ``drafts.mbox``, a ``Drafts`` Maildir), never clobbering edits.

Every file is written atomically: to a temporary file in the same folder,
flushed to disk, then renamed over its name, so a crash leaves either the old
file or the new one, never half of one. A manifest (:data:`MANIFEST`) records
the SHA-256 of what followup last wrote to each file, before the files change
(while a write is under way, both what a file held and what it is about to
hold, so that an interrupted run leaves nothing unknown). A file whose content
matches none of them was edited by the user, and a file the manifest does not
know was not written by followup: neither is overwritten unless ``force``.
A file from an earlier run that this run's plan no longer has is reported as
``stale`` and left in place, but only among the kinds of file this run was
asked for: files of a kind not asked for this time are not touched or
mentioned; a stale file holding edits says so and is never offered for deletion.
The ``Drafts`` Maildir is only ever added to: a draft whose ``Message-ID`` is
already there is left alone.

A draft's files (its ``.txt``, ``.eml`` and page to print) are one unit: when
you edited one of them and the facts have changed since, none of them is
rewritten (two files of one draft never tell different stories), and the
report's :attr:`WriteReport.conflicts` names the draft that needs your decision;
``force`` rewrites all of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from followup._text import shown_line
from followup.drafts import Draft
from followup.errors import ExportError
from followup.export._common import (
    draft_filenames,
    open_regular,
    remove_leftovers,
    write_atomic,
)
from followup.export.calendar import to_ics
from followup.export.mail import messages
from followup.export.mailbox import MaildirEntry, add_to_maildir, mbox_bytes
from followup.export.printing import print_pages

if TYPE_CHECKING:
    from followup.plans import FollowUpPlan

__all__ = [
    "MAILDIR",
    "MANIFEST",
    "MBOX",
    "Conflict",
    "Outcome",
    "WriteReport",
    "draft_filenames",
    "write_plan",
]

MANIFEST = ".followup-manifest.json"
"""The file in the output folder recording what followup wrote there."""
MBOX = "drafts.mbox"
"""The mbox file of the whole plan in the output folder."""
MAILDIR = "Drafts"
"""The Maildir in the output folder that the plan's drafts are added to."""

Status = Literal["written", "unchanged", "skipped", "stale"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one file."""

    path: Path
    status: Status
    reason: str = ""

    def __str__(self) -> str:
        # One line, whatever the file's name holds (a line break would fake another).
        text = f"{self.status:<9} {shown_line(str(self.path))}"
        return f"{text}  ({shown_line(self.reason)})" if self.reason else text


@dataclass(frozen=True, slots=True)
class Conflict:
    """A draft that needs your decision: you edited one of its files and the facts have
    changed since, so none of its files was rewritten."""

    label: str
    """The draft, as listings name it (``2026-11-24 · thank-you note · Dana Rivera``)."""
    edited: tuple[Path, ...]
    """Its files that hold your edits."""
    held: tuple[Path, ...] = ()
    """Its other files, left as they were although the facts changed."""

    def __str__(self) -> str:
        names = " and ".join(shown_line(path.name) for path in self.edited)
        return (
            f"decide    {shown_line(self.label)}: you edited {names} and the facts have "
            "changed since, so none of this draft's files was rewritten; carry the change "
            "over by hand, or move your edited file aside and run again, or use --force to "
            "rewrite them all"
        )


@dataclass(frozen=True, slots=True)
class WriteReport:
    """Every file :func:`write_plan` considered, in order, and the drafts that need a
    decision."""

    outcomes: list[Outcome] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    """Drafts none of whose files was rewritten, because you edited one of them and the
    facts have changed since."""

    @property
    def written(self) -> list[Path]:
        """The files written (created or replaced)."""
        return [o.path for o in self.outcomes if o.status == "written"]

    @property
    def skipped(self) -> list[Outcome]:
        """The files left alone because they were edited or not followup's."""
        return [o for o in self.outcomes if o.status == "skipped"]

    @property
    def stale(self) -> list[Path]:
        """Files followup wrote on an earlier run that this plan no longer has."""
        return [o.path for o in self.outcomes if o.status == "stale"]


def _draft_text(draft: Draft) -> str:
    """The note, then each insert it encloses, as the text file of a draft."""
    inserts = "".join(
        f"\n--- enclosed: {enclosure.label} ---\n\n{enclosure.text}\n"
        for enclosure in draft.enclosures
    )
    return f"Subject: {draft.subject}\n\n{draft.text}\n{inserts}"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(folder: Path) -> dict[str, frozenset[str]]:
    """What followup wrote to each file: a digest, or several (what a file held and
    what it was about to hold) when a run stopped midway."""
    path = folder / MANIFEST
    try:
        raw = _existing(path)
        if raw is None:
            return {}
        if isinstance(raw, Outcome):
            raise ValueError(raw.reason)
        data = json.loads(raw.decode("utf-8"))
    except RecursionError as err:
        raise ExportError(
            f"cannot read {str(path)!r} (it nests far more deeply than a followup manifest "
            "does); remove it to start afresh (followup will then treat every existing "
            "file as the user's)"
        ) from err
    except (OSError, ValueError) as err:
        raise ExportError(
            f"cannot read {str(path)!r} ({err}); remove it to start afresh "
            "(followup will then treat every existing file as the user's)"
        ) from err
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise ExportError(f"{str(path)!r} is not a followup manifest; remove it to start afresh")
    # Only names followup gives files, each of this folder: a manifest never points
    # outside it, nor names a file no system call takes (a NUL, a lone surrogate).
    manifest: dict[str, frozenset[str]] = {}
    for name, digests in files.items():
        if not _OWN_NAME.fullmatch(name):
            continue
        if isinstance(digests, str):
            manifest[name] = frozenset([digests])
        elif isinstance(digests, list):
            manifest[name] = frozenset(d for d in digests if isinstance(d, str))
    return manifest


_OWN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,254}")
"""The names followup gives the files it writes (``2026-11-24_thank-you_dana-rivera.txt``,
``plan.ics``, ``drafts.mbox``): ASCII letters, digits, ``.``, ``_`` and ``-``; never
``.`` or ``..``, a folder, or a hidden file."""


MAX_EXISTING = 10_000_000
"""The most bytes followup reads of an existing file to compare it with a draft."""


def _existing(path: Path) -> bytes | Outcome | None:
    """The bytes of the regular file at *path*; None when there is nothing there; an
    Outcome (skipped) for anything else: followup neither reads nor replaces a symlink,
    a device or a pipe, nor a file far larger than any draft."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        what = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
        return Outcome(
            path, "skipped", f"is {what}; followup never writes through it (remove it first)"
        )
    if info.st_size > MAX_EXISTING:
        return Outcome(path, "skipped", "is far larger than a draft; not followup's")
    handle = open_regular(path)
    if handle is None:  # replaced since lstat
        return Outcome(path, "skipped", "is not a regular file; followup never writes through it")
    with handle:
        return handle.read(MAX_EXISTING + 1)


def _contents(
    plan: FollowUpPlan,
    names: list[str],
    built: list[EmailMessage],
    *,
    txt: bool,
    eml: bool,
    ics: bool,
    html: bool,
    mbox: bool,
) -> Iterator[tuple[str, bytes, str | None]]:
    """Each file to write: its name, its bytes, and the base name of the draft it is a
    form of (None for plan.ics and the mbox file, which hold every draft)."""
    if txt:
        for name, draft in zip(names, plan.drafts, strict=True):
            yield f"{name}.txt", _draft_text(draft).encode("utf-8"), name
    if eml:
        for name, message in zip(names, built, strict=True):
            # RFC 5322 line endings, as mail clients write .eml files.
            data = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
            yield f"{name}.eml", data, name
    if html:
        for page in print_pages(plan):
            yield page.filename, page.html.encode("utf-8"), page.filename.removesuffix(".html")
    if ics:
        yield "plan.ics", to_ics(plan).encode("utf-8"), None
    if mbox:
        yield MBOX, mbox_bytes(plan, built), None


def _suffix(name: str) -> str:
    return name.rpartition(".")[2]


def write_plan(
    plan: FollowUpPlan,
    folder: str | os.PathLike[str],
    *,
    txt: bool = True,
    eml: bool = False,
    ics: bool = False,
    html: bool = False,
    mbox: bool = False,
    maildir: bool = False,
    force: bool = False,
) -> WriteReport:
    """Write into *folder* one text file per draft (*txt*), an ``.eml`` message per
    draft (*eml*), a page to print per thank-you note (*html*), ``plan.ics``
    reminders (*ics*) and :data:`MBOX`, every message in one mbox file (*mbox*);
    and add each message to the Maildir :data:`MAILDIR` (*maildir*), where one
    with the same ``Message-ID`` is never added again nor replaced, even with
    *force*.

    A file is replaced only if followup wrote it and it has not changed since;
    edited files and files followup does not know are skipped unless *force*.
    A draft's files are one unit: when one of them holds your edits and the
    facts have changed since, none of them is rewritten and the report's
    :attr:`~WriteReport.conflicts` names the draft. Files of an earlier run
    that the plan no longer has are reported ``stale`` (only among the kinds
    asked for) and left in place.

    Everything is built before anything is written, so an error in one draft
    writes nothing. Before the first file changes, the manifest records both
    what each file holds and what it is about to hold, so a run stopped midway
    (even killed) leaves every file as it was or as followup wrote it, both
    known to the next run: your edits stay protected without ``force``.
    Temporary files such a run left behind are removed by the next one.
    """
    out = Path(folder)
    names = draft_filenames(plan)
    built = messages(plan) if eml or mbox or maildir else []
    contents = list(_contents(plan, names, built, txt=txt, eml=eml, ics=ics, html=html, mbox=mbox))
    if out.exists() and not out.is_dir():
        raise ExportError(f"{str(out)!r} is a file, not a folder; give a folder to write into")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ExportError(f"cannot create the folder {str(out)!r}: {err.strerror}") from err
    manifest = _read_manifest(out)
    remove_leftovers(out, [*(name for name, _, _ in contents), *manifest, MANIFEST])
    try:
        decided = [
            _decide(out / name, data, manifest.get(name, _NONE), unit, force=force)
            for name, data, unit in contents
        ]
        labels = dict(zip(names, (draft.label for draft in plan.drafts), strict=True))
        conflicts = [] if force else _hold_back(out, decided, manifest, labels)
        # First record what is there and what will be, then change the files.
        pending = dict(manifest)
        for file in decided:
            name = file.outcome.path.name
            if file.outcome.status == "written":
                pending[name] = manifest.get(name, _NONE) | {_sha256(file.data)}
            elif file.outcome.status == "unchanged":
                pending[name] = frozenset({_sha256(file.data)})
        if any(file.outcome.status == "written" for file in decided):
            _write_manifest(out, pending)
        outcomes: list[Outcome] = []
        for file in decided:
            outcome = file.outcome
            if outcome.status == "written":
                write_atomic(outcome.path, file.data)
            if outcome.status != "skipped":
                manifest[outcome.path.name] = frozenset({_sha256(file.data)})
            outcomes.append(outcome)
        current = {name for name, _, _ in contents}
        # Only kinds asked for can be stale (html even when the plan has no page now).
        asked = {"txt": txt, "eml": eml, "ics": ics, "html": html, _suffix(MBOX): mbox}
        kinds = {kind for kind, wanted in asked.items() if wanted}
        for name in sorted(manifest):
            if name not in current and _suffix(name) in kinds:
                stale = _stale(out / name, manifest[name])
                if stale is not None:
                    outcomes.append(stale)
        _write_manifest(out, manifest)
    except OSError as err:
        raise ExportError(f"cannot write into {str(out)!r}: {err}") from err
    if maildir:
        outcomes += [_maildir_outcome(e) for e in add_to_maildir(plan, out / MAILDIR, built)]
    return WriteReport(outcomes, conflicts)


@dataclass(slots=True)
class _File:
    """One file a run would write, and what it found there."""

    data: bytes
    unit: str | None
    """The base name of the draft the file is a form of; None for plan.ics."""
    outcome: Outcome
    edited: bool = False
    """Followup wrote the file, and it was changed since (by the user)."""
    changed: bool = False
    """What followup would write differs from what it wrote last time: the facts
    (or the options) changed."""


def _hold_back(
    folder: Path,
    files: list[_File],
    manifest: Mapping[str, frozenset[str]],
    labels: Mapping[str, str],
) -> list[Conflict]:
    """Keep a draft's files together: where one holds the user's edits and the facts
    changed, none of them is rewritten (and the draft needs a decision); where the
    facts did not change, a file written anew says it lacks those edits."""
    units: dict[str, list[_File]] = {}
    for file in files:
        if file.unit is not None:
            units.setdefault(file.unit, []).append(file)
    conflicts: list[Conflict] = []
    for unit, members in units.items():
        asked = {file.outcome.path.name for file in members}
        edited = [file.outcome.path for file in members if file.edited]
        # A form of the draft this run was not asked for (no --eml this time) counts too.
        edited += [
            folder / name
            for name in sorted(manifest)
            if name not in asked
            and name.rpartition(".")[0] == unit
            and _holds_edits(folder / name, manifest[name])
        ]
        if not edited:
            continue
        shown = " and ".join(path.name for path in edited)
        if any(file.changed for file in members):
            held = []
            for file in members:
                path = file.outcome.path
                if file.edited:
                    file.outcome = Outcome(
                        path,
                        "skipped",
                        "edited since followup wrote it, and the facts have changed since: "
                        "see the decision below",
                    )
                elif file.outcome.status == "written":
                    held.append(path)
                    file.outcome = Outcome(
                        path,
                        "skipped",
                        f"held back with {shown}, which holds your edits: see the decision below",
                    )
            label = labels.get(unit, unit)
            conflicts.append(Conflict(label, tuple(edited), tuple(held)))
        else:
            for file in members:
                if file.outcome.status == "written" and not file.outcome.reason:
                    file.outcome = Outcome(
                        file.outcome.path,
                        "written",
                        f"new; {shown} of the same draft holds your edits, which this file "
                        "does not have",
                    )
    if conflicts:
        # plan.ics and the mbox file hold every draft: rewritten now, they would hold the
        # new wording of a draft whose own files keep the old one.
        for file in files:
            if file.unit is None and file.changed and file.outcome.status == "written":
                file.outcome = Outcome(
                    file.outcome.path,
                    "skipped",
                    "holds every draft, one of which needs a decision (see below); "
                    "written again once that is decided",
                )
    return conflicts


def _holds_edits(path: Path, recorded: frozenset[str]) -> bool:
    """Whether followup wrote the regular file at *path* and it was changed since."""
    current = _existing(path)
    return isinstance(current, bytes) and bool(recorded) and _sha256(current) not in recorded


def _maildir_outcome(entry: MaildirEntry) -> Outcome:
    label = entry.draft.label
    if entry.added:
        return Outcome(entry.path, "written", label)
    if entry.same:
        return Outcome(entry.path, "unchanged", label)
    return Outcome(
        entry.path,
        "skipped",
        f"{label}: already in the Maildir with other content; followup never changes a "
        "message there: delete it to add this one",
    )


_NONE: frozenset[str] = frozenset()


def _write_manifest(folder: Path, manifest: Mapping[str, frozenset[str]]) -> None:
    """The manifest: one digest per file, or several while a write is under way."""
    files = {
        name: next(iter(digests)) if len(digests) == 1 else sorted(digests)
        for name, digests in sorted(manifest.items())
        if digests
    }
    text = json.dumps({"files": files}, indent=2, ensure_ascii=False) + "\n"
    write_atomic(folder / MANIFEST, text.encode("utf-8"))


def _stale(path: Path, recorded: frozenset[str]) -> Outcome | None:
    """A file of an earlier plan that this one no longer has: left alone, and never
    suggested for deletion when it holds the user's edits. None when it is gone."""
    current = _existing(path)
    if current is None:
        return None
    if isinstance(current, Outcome):
        return Outcome(path, "stale", "no longer in the plan")
    if _sha256(current) not in recorded:
        return Outcome(
            path, "stale", "no longer in the plan, and edited since: keep what you need from it"
        )
    return Outcome(path, "stale", "no longer in the plan; delete it if you do not need it")


def _decide(
    path: Path, data: bytes, recorded: frozenset[str], unit: str | None, *, force: bool
) -> _File:
    """What to do with one file, alone: write it, leave it, or skip it and why."""
    changed = bool(recorded) and _sha256(data) not in recorded
    current = _existing(path)
    if isinstance(current, Outcome):
        # Even with --force: never through a link, never into a device.
        return _File(data, unit, current, changed=changed)
    if current is None:
        return _File(data, unit, Outcome(path, "written"), changed=changed)
    if current == data:
        return _File(data, unit, Outcome(path, "unchanged"), changed=changed)
    edited = bool(recorded) and _sha256(current) not in recorded
    if force:
        return _File(data, unit, Outcome(path, "written", "overwritten: --force"), edited, changed)
    if not recorded:
        reason = "not written by followup; use --force to replace it"
        return _File(data, unit, Outcome(path, "skipped", reason), changed=changed)
    if edited:
        reason = "edited since followup wrote it; use --force to replace it"
        return _File(data, unit, Outcome(path, "skipped", reason), edited, changed)
    return _File(data, unit, Outcome(path, "written"), changed=changed)
