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
mentioned. The ``Drafts`` Maildir is only ever added to: a draft whose
``Message-ID`` is already there is left alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from followup.drafts import Draft
from followup.errors import ExportError
from followup.export._common import draft_filenames, remove_leftovers, write_atomic
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
        text = f"{self.status:<9} {self.path}"
        return f"{text}  ({self.reason})" if self.reason else text


@dataclass(frozen=True, slots=True)
class WriteReport:
    """Every file :func:`write_plan` considered, in order."""

    outcomes: list[Outcome] = field(default_factory=list)

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
    except (OSError, ValueError) as err:
        raise ExportError(
            f"cannot read {str(path)!r} ({err}); remove it to start afresh "
            "(followup will then treat every existing file as the user's)"
        ) from err
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise ExportError(f"{str(path)!r} is not a followup manifest; remove it to start afresh")
    # Only plain names of this folder: a manifest never points outside it.
    return {
        name: frozenset([digests] if isinstance(digests, str) else map(str, digests))
        for name, digests in files.items()
        if _plain_name(name) and isinstance(digests, str | list)
    }


def _plain_name(name: str) -> bool:
    return bool(name) and name not in {".", ".."} and "/" not in name and "\\" not in name


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
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced since lstat
            return Outcome(
                path, "skipped", "is not a regular file; followup never writes through it"
            )
        return handle.read(MAX_EXISTING + 1)


def _contents(
    plan: FollowUpPlan,
    built: list[EmailMessage],
    *,
    txt: bool,
    eml: bool,
    ics: bool,
    html: bool,
    mbox: bool,
) -> Iterator[tuple[str, bytes]]:
    names = draft_filenames(plan)
    if txt:
        for name, draft in zip(names, plan.drafts, strict=True):
            yield f"{name}.txt", _draft_text(draft).encode("utf-8")
    if eml:
        for name, message in zip(names, built, strict=True):
            # RFC 5322 line endings, as mail clients write .eml files.
            yield f"{name}.eml", message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    if html:
        for page in print_pages(plan):
            yield page.filename, page.html.encode("utf-8")
    if ics:
        yield "plan.ics", to_ics(plan).encode("utf-8")
    if mbox:
        yield MBOX, mbox_bytes(plan, built)


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
    Everything is built before anything is written, so an error in one draft
    writes nothing. Before the first file changes, the manifest records both
    what each file holds and what it is about to hold, so a run stopped midway
    (even killed) leaves every file as it was or as followup wrote it, both
    known to the next run: your edits stay protected without ``--force``.
    Temporary files such a run left behind are removed by the next one.
    """
    out = Path(folder)
    built = messages(plan) if eml or mbox or maildir else []
    contents = list(_contents(plan, built, txt=txt, eml=eml, ics=ics, html=html, mbox=mbox))
    if out.exists() and not out.is_dir():
        raise ExportError(f"{str(out)!r} is a file, not a folder; give a folder to write into")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ExportError(f"cannot create the folder {str(out)!r}: {err.strerror}") from err
    manifest = _read_manifest(out)
    remove_leftovers(out, [*(name for name, _ in contents), *manifest, MANIFEST])
    try:
        decided = [
            (name, data, _decide(out / name, data, manifest.get(name, _NONE), force=force))
            for name, data in contents
        ]
        # First record what is there and what will be, then change the files.
        pending = dict(manifest)
        for name, data, outcome in decided:
            if outcome.status == "written":
                pending[name] = manifest.get(name, _NONE) | {_sha256(data)}
            elif outcome.status == "unchanged":
                pending[name] = frozenset({_sha256(data)})
        if any(outcome.status == "written" for _, _, outcome in decided):
            _write_manifest(out, pending)
        outcomes: list[Outcome] = []
        for name, data, outcome in decided:
            if outcome.status == "written":
                write_atomic(out / name, data)
            if outcome.status != "skipped":
                manifest[name] = frozenset({_sha256(data)})
            outcomes.append(outcome)
        current = {name for name, _ in contents}
        kinds = {_suffix(name) for name in current}
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
    return WriteReport(outcomes)


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


def _decide(path: Path, data: bytes, recorded: frozenset[str], *, force: bool) -> Outcome:
    current = _existing(path)
    if isinstance(current, Outcome):
        return current  # even with --force: never through a link, never into a device
    if current is None:
        return Outcome(path, "written")
    if current == data:
        return Outcome(path, "unchanged")
    if force:
        return Outcome(path, "written", "overwritten: --force")
    if not recorded:
        return Outcome(path, "skipped", "not written by followup; use --force to replace it")
    if _sha256(current) not in recorded:
        return Outcome(
            path, "skipped", "edited since followup wrote it; use --force to replace it"
        )
    return Outcome(path, "written")
