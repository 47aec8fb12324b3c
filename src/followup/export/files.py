"""Files on disk: one text file per draft (and ``.eml``, ``.html`` pages to print,
``plan.ics``), never clobbering edits.

Every file is written atomically: to a temporary file in the same folder,
flushed to disk, then renamed over its name, so a crash leaves either the old
file or the new one, never half of one. A manifest (:data:`MANIFEST`) records
the SHA-256 of what followup last wrote to each file. A file whose content no
longer matches it was edited by the user, and a file the manifest does not
know was not written by followup: neither is overwritten unless ``force``.
A file from an earlier run that this run's plan no longer has is reported as
``stale`` and left in place, but only among the kinds of file this run was
asked for: files of a kind not asked for this time are not touched or
mentioned.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from followup.drafts import Draft
from followup.errors import ExportError
from followup.export._common import draft_filenames, write_atomic
from followup.export.calendar import to_ics
from followup.export.mail import messages
from followup.export.printing import print_pages

if TYPE_CHECKING:
    from followup.plans import FollowUpPlan

__all__ = ["MANIFEST", "Outcome", "WriteReport", "draft_filenames", "write_plan"]

MANIFEST = ".followup-manifest.json"
"""The file in the output folder recording what followup wrote there."""

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


def _contents(
    plan: FollowUpPlan, *, txt: bool, eml: bool, ics: bool, html: bool
) -> Iterator[tuple[str, bytes]]:
    names = draft_filenames(plan)
    if txt:
        for name, draft in zip(names, plan.drafts, strict=True):
            yield f"{name}.txt", _draft_text(draft).encode("utf-8")
    if eml:
        for name, message in zip(names, messages(plan), strict=True):
            # RFC 5322 line endings, as mail clients write .eml files.
            yield f"{name}.eml", message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    if html:
        for page in print_pages(plan):
            yield page.filename, page.html.encode("utf-8")
    if ics:
        yield "plan.ics", to_ics(plan).encode("utf-8")


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
    force: bool = False,
) -> WriteReport:
    """Write into *folder* one text file per draft (*txt*), an ``.eml`` message per
    draft (*eml*), a page to print per thank-you note (*html*), and ``plan.ics``
    reminders (*ics*).

    A file is replaced only if followup wrote it and it has not changed since;
    edited files and files followup does not know are skipped unless *force*.
    Everything is built before anything is written, so an error in one draft
    writes nothing.
    """
    out = Path(folder)
    contents = list(_contents(plan, txt=txt, eml=eml, ics=ics, html=html))
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
        kinds = {_suffix(name) for name in current}
        outcomes.extend(
            Outcome(out / name, "stale", "no longer in the plan; delete it if you do not need it")
            for name in sorted(manifest)
            if name not in current and _suffix(name) in kinds and (out / name).is_file()
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
