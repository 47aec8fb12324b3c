"""Files on disk: one text file per draft (and ``.eml``, ``plan.ics``), never clobbering edits.

Every file is written atomically: to a temporary file in the same folder,
flushed to disk, then renamed over its name, so a crash leaves either the old
file or the new one, never half of one. A manifest (:data:`MANIFEST`) records
the SHA-256 of what followup last wrote to each file. A file whose content no
longer matches it was edited by the user, and a file the manifest does not
know was not written by followup: neither is overwritten unless ``force``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from followup._names import slug
from followup.drafts import Draft, FollowUpPlan
from followup.errors import ExportError

__all__ = ["MANIFEST", "Outcome", "WriteReport", "draft_filenames", "write_atomic", "write_plan"]

MANIFEST = ".followup-manifest.json"
"""The file in the output folder recording what followup wrote there."""
_SLUG_MAX = 40

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


def _slug(value: str) -> str:
    # A name in a script without an ASCII transliteration: a short stable hash.
    return slug(value, limit=_SLUG_MAX) or "x" + hashlib.sha256(value.encode()).hexdigest()[:8]


def draft_filenames(plan: FollowUpPlan) -> list[str]:
    """A stable, readable, unique base name per draft: ``2026-11-24_thank-you_dana-rivera``."""
    names: list[str] = []
    seen: set[str] = set()
    for draft in plan.drafts:
        base = "_".join(
            [draft.send_on.isoformat(), _slug(draft.kind), _slug(draft.recipient.name)]
        )
        name, number = base, 1
        while name in seen:
            number += 1
            name = f"{base}-{number}"
        seen.add(name)
        names.append(name)
    return names


def _draft_text(draft: Draft) -> str:
    return f"Subject: {draft.subject}\n\n{draft.text}\n"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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


def _read_manifest(folder: Path) -> dict[str, str]:
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as err:
        raise ExportError(
            f"cannot read {str(path)!r} ({err}); remove it to start afresh "
            "(followup will then treat every existing file as the user's)"
        ) from err
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise ExportError(f"{str(path)!r} is not a followup manifest; remove it to start afresh")
    return {str(k): str(v) for k, v in files.items()}


def _contents(plan: FollowUpPlan, *, eml: bool, ics: bool) -> Iterator[tuple[str, bytes]]:
    names = draft_filenames(plan)
    for name, draft in zip(names, plan.drafts, strict=True):
        yield f"{name}.txt", _draft_text(draft).encode("utf-8")
    if eml:
        for name, message in zip(names, plan.messages(), strict=True):
            # RFC 5322 line endings, as mail clients write .eml files.
            yield f"{name}.eml", message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    if ics:
        yield "plan.ics", plan.to_ics().encode("utf-8")


def write_plan(
    plan: FollowUpPlan,
    folder: str | os.PathLike[str],
    *,
    eml: bool = False,
    ics: bool = False,
    force: bool = False,
) -> WriteReport:
    """Write one text file per draft into *folder* (plus ``.eml`` files and ``plan.ics``).

    A file is replaced only if followup wrote it and it has not changed since;
    edited files and files followup does not know are skipped unless *force*.
    Everything is built before anything is written, so an error in one draft
    writes nothing.
    """
    out = Path(folder)
    contents = list(_contents(plan, eml=eml, ics=ics))
    if out.exists() and not out.is_dir():
        raise ExportError(f"{str(out)!r} is a file, not a folder; give a folder to write into")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ExportError(f"cannot create the folder {str(out)!r}: {err.strerror}") from err
    manifest = _read_manifest(out)
    outcomes: list[Outcome] = []
    try:
        for name, data in contents:
            path = out / name
            digest = _sha256(data)
            outcome = _decide(path, data, manifest.get(name), force=force)
            if outcome.status == "written":
                write_atomic(path, data)
            if outcome.status != "skipped":
                manifest[name] = digest
            outcomes.append(outcome)
        current = {name for name, _ in contents}
        outcomes.extend(
            Outcome(out / name, "stale", "no longer in the plan; delete it if you do not need it")
            for name in sorted(manifest)
            if name not in current and (out / name).is_file()
        )
    except OSError as err:
        raise ExportError(f"cannot write into {str(out)!r}: {err}") from err
    finally:
        document = {"files": dict(sorted(manifest.items()))}
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        with contextlib.suppress(OSError):
            write_atomic(out / MANIFEST, text.encode("utf-8"))
    return WriteReport(outcomes)


def _decide(path: Path, data: bytes, recorded: str | None, *, force: bool) -> Outcome:
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        return Outcome(path, "written")
    if current == data:
        return Outcome(path, "unchanged")
    if force:
        return Outcome(path, "written", "overwritten: --force")
    if recorded is None:
        return Outcome(path, "skipped", "not written by followup; use --force to replace it")
    if _sha256(current) != recorded:
        return Outcome(
            path, "skipped", "edited since followup wrote it; use --force to replace it"
        )
    return Outcome(path, "written")
