"""Files on disk: stable names, atomic writes, and edits that survive the next write."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import stat
import subprocess
import sys
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

import followup
from followup.cli import main
from followup.export import _common
from followup.export.files import MANIFEST, draft_filenames, write_plan
from tests.conftest import EXAMPLE, minimal_dict

DANA = "2026-11-24_thank-you_dana-rivera.txt"
LEE = "2026-11-24_thank-you_lee-chen.txt"


def notes_only(plan: followup.FollowUpPlan) -> followup.FollowUpPlan:
    """The plan's thank-you notes alone: two drafts, one per interviewer."""
    notes = [d for d in plan.drafts if d.kind == "thank_you"]
    return plan.model_copy(update={"drafts": notes})


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != MANIFEST)


def test_one_file_per_draft_with_readable_names(
    interview: followup.Interview, tmp_path: Path
) -> None:
    plan = notes_only(followup.plan(interview))
    report = write_plan(plan, tmp_path)
    assert visible(tmp_path) == sorted([DANA, LEE])
    assert report.written == [tmp_path / DANA, tmp_path / LEE]
    draft = plan.drafts[0]
    (insert,) = draft.enclosures
    assert (tmp_path / DANA).read_text(encoding="utf-8") == (
        f"Subject: {draft.subject}\n\n{draft.text}\n"
        f"\n--- enclosed: {insert.label} ---\n\n{insert.text}\n"
    )


def test_names_are_unique_safe_and_stable(interview: followup.Interview) -> None:
    plan = notes_only(followup.plan(interview))
    twins = plan.model_copy(update={"drafts": (*plan.drafts, plan.drafts[0])})
    assert draft_filenames(twins) == [
        "2026-11-24_thank-you_dana-rivera",
        "2026-11-24_thank-you_lee-chen",
        "2026-11-24_thank-you_dana-rivera-2",
    ]
    odd = followup.plan(
        followup.parse(
            minimal_dict(interviewers=[{"name": "../../Ünïcø/de\\Rivera"}, {"name": "王小明"}])
        )
    )
    names = draft_filenames(odd)
    assert names[0] == "2026-11-24_thank-you_unic-de-rivera"
    assert names[1].startswith("2026-11-24_thank-you_x")  # no ASCII form: a stable hash
    for name in names:
        assert "/" not in name
        assert "\\" not in name
        assert ".." not in name
        assert name.isascii()
    assert names == draft_filenames(odd)
    assert names[0] != names[1]


def test_an_edited_file_survives_a_second_write(
    interview: followup.Interview, tmp_path: Path
) -> None:
    plan = notes_only(followup.plan(interview))
    write_plan(plan, tmp_path)
    edited = (tmp_path / LEE).read_text(encoding="utf-8") + "P.S. my own words\n"
    (tmp_path / LEE).write_text(edited, encoding="utf-8")
    report = write_plan(plan, tmp_path)
    assert (tmp_path / LEE).read_text(encoding="utf-8") == edited
    assert [(o.path.name, o.status) for o in report.outcomes] == [
        (DANA, "unchanged"),
        (LEE, "skipped"),
    ]
    assert "edited" in report.skipped[0].reason
    # still protected the time after, and replaced with force
    assert write_plan(plan, tmp_path).skipped
    forced = write_plan(plan, tmp_path, force=True)
    assert forced.written == [tmp_path / LEE]
    assert "P.S." not in (tmp_path / LEE).read_text(encoding="utf-8")


def test_a_file_followup_did_not_write_is_not_replaced(
    interview: followup.Interview, tmp_path: Path
) -> None:
    (tmp_path / DANA).write_text("mine\n", encoding="utf-8")
    report = write_plan(notes_only(followup.plan(interview)), tmp_path)
    assert (tmp_path / DANA).read_text(encoding="utf-8") == "mine\n"
    assert "not written by followup" in report.skipped[0].reason


def test_an_unedited_file_is_updated_when_the_facts_change(
    example_data: dict[str, object], tmp_path: Path
) -> None:
    write_plan(notes_only(followup.plan(followup.parse(example_data))), tmp_path)
    example_data["role"] = "Principal Data Engineer"
    report = write_plan(notes_only(followup.plan(followup.parse(example_data))), tmp_path)
    assert report.written == [tmp_path / DANA, tmp_path / LEE]
    assert "Principal" in (tmp_path / DANA).read_text(encoding="utf-8")


def test_a_crash_before_the_rename_leaves_no_partial_file(
    interview: followup.Interview, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = notes_only(followup.plan(interview))
    write_plan(plan, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    changed = plan.model_copy(
        update={"drafts": tuple(d.model_copy(update={"text": "new"}) for d in plan.drafts)}
    )

    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_common.os, "replace", crash)
    with pytest.raises(followup.ExportError, match="No space left"):
        write_plan(changed, tmp_path)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_crash_while_writing_leaves_no_file_and_no_temp_file(
    interview: followup.Interview, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[int] = []
    real_fsync = os.fsync

    def crash_on_second(fd: int) -> None:
        written.append(fd)
        if len(written) == 5:  # the manifest and its folder, file one and its folder, file two
            raise OSError(5, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(_common.os, "fsync", crash_on_second)
    with pytest.raises(followup.ExportError):
        write_plan(notes_only(followup.plan(interview)), tmp_path)
    monkeypatch.undo()
    assert visible(tmp_path) == [DANA]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    # the manifest knows the one file that was written, so the next run completes
    report = write_plan(notes_only(followup.plan(interview)), tmp_path)
    assert [o.status for o in report.outcomes] == ["unchanged", "written"]


def test_eml_and_ics_on_request(interview: followup.Interview, tmp_path: Path) -> None:
    plan = notes_only(followup.plan(interview))
    write_plan(plan, tmp_path, eml=True, ics=True)
    assert visible(tmp_path) == sorted(
        [DANA, LEE, DANA.replace(".txt", ".eml"), LEE.replace(".txt", ".eml"), "plan.ics"]
    )
    data = (tmp_path / DANA.replace(".txt", ".eml")).read_bytes()
    assert b"\r\n" in data
    parsed = message_from_bytes(data, policy=policy.default)
    assert str(parsed["Subject"]) == plan.drafts[0].subject
    assert (tmp_path / "plan.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


def test_a_damaged_manifest_is_reported_not_ignored(
    interview: followup.Interview, tmp_path: Path
) -> None:
    (tmp_path / MANIFEST).write_text("[1, 2", encoding="utf-8")
    with pytest.raises(followup.ExportError, match="remove it"):
        write_plan(notes_only(followup.plan(interview)), tmp_path)
    assert visible(tmp_path) == []


def test_cli_write_lists_what_it_wrote_and_skipped(tmp_path: Path) -> None:
    today = ("--today", "2026-11-24")
    code, out, err = run("write", str(EXAMPLE), "--out", str(tmp_path), "--eml", "--ics", *today)
    assert (code, err) == (0, "")
    drafts = len(followup.plan(followup.load(EXAMPLE)).drafts)
    assert out.count("written") == 2 * drafts + 1  # .txt and .eml per draft, and plan.ics
    (tmp_path / LEE).write_text("my version\n", encoding="utf-8")
    code, out, err = run("write", str(EXAMPLE), "--out", str(tmp_path), *today)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("unchanged")
    assert lines[0].endswith(DANA)
    assert lines[1].startswith("skipped")
    assert LEE in lines[1]
    assert "use --force" in lines[1]
    assert (tmp_path / LEE).read_text(encoding="utf-8") == "my version\n"
    code, out, _ = run("write", str(EXAMPLE), "--out", str(tmp_path), "--force", *today)
    assert code == 0
    assert "--force" in out
    assert (tmp_path / LEE).read_text(encoding="utf-8") != "my version\n"


def test_cli_write_reports_bad_facts_in_one_line(tmp_path: Path) -> None:
    code, out, err = run("write", str(tmp_path / "missing.toml"), "--out", str(tmp_path / "o"))
    assert code == 2
    assert out == ""
    assert err.startswith("followup: ")
    assert "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_written_files_keep_no_clock(interview: followup.Interview, tmp_path: Path) -> None:
    plan = followup.plan(interview, today=dt.date(2026, 11, 24))
    write_plan(plan, tmp_path / "a", eml=True, ics=True)
    write_plan(plan, tmp_path / "b", eml=True, ics=True)
    for name in visible(tmp_path / "a"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_files_from_an_earlier_plan_are_reported_stale_not_deleted(
    interview: followup.Interview, tmp_path: Path
) -> None:
    write_plan(followup.plan(interview), tmp_path, eml=True)
    fewer = followup.plan(interview, max_check_ins=2)
    report = write_plan(fewer, tmp_path)
    stale = {p.name for p in report.stale}
    # the last two check-ins' text files; the .eml files were not asked for this time
    assert stale == {"2027-01-05_check-in_dana-rivera.txt", "2027-01-19_check-in_dana-rivera.txt"}
    assert all((tmp_path / name).exists() for name in stale)
    assert not {p.name for p in report.written} & stale
    assert not [o for o in report.outcomes if o.path.suffix == ".eml"]
    again = write_plan(fewer, tmp_path, eml=True)
    assert {p.name for p in again.stale} == stale | {
        name.replace(".txt", ".eml") for name in stale
    }


def test_html_pages_to_print_on_request(interview: followup.Interview, tmp_path: Path) -> None:
    plan = followup.plan(interview)
    report = write_plan(plan, tmp_path, txt=False, html=True)
    assert visible(tmp_path) == sorted(
        [DANA.replace(".txt", ".html"), LEE.replace(".txt", ".html")]
    )
    assert report.written == [
        tmp_path / DANA.replace(".txt", ".html"),
        tmp_path / LEE.replace(".txt", ".html"),
    ]
    page = (tmp_path / DANA.replace(".txt", ".html")).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert plan.drafts[0].html in page


# --- what else may be in the folder -------------------------------------------------------------


def test_a_thank_you_note_keeps_its_file_name_when_it_is_late(
    interview: followup.Interview, tmp_path: Path
) -> None:
    """The note's send date moves with `today`; its file does not, so edits stay put."""
    first = followup.plan(interview, today=dt.date(2026, 11, 30))
    write_plan(first, tmp_path)
    edited = (tmp_path / DANA).read_text(encoding="utf-8") + "my careful edits\n"
    (tmp_path / DANA).write_text(edited, encoding="utf-8")
    report = write_plan(followup.plan(interview, today=dt.date(2026, 12, 1)), tmp_path)
    assert (tmp_path / DANA).read_text(encoding="utf-8") == edited
    assert [o.status for o in report.outcomes if o.path.name == DANA] == ["skipped"]
    assert report.stale == []


def test_a_stale_file_with_edits_is_never_suggested_for_deletion(
    interview: followup.Interview, tmp_path: Path
) -> None:
    write_plan(followup.plan(interview), tmp_path)
    last = tmp_path / "2027-01-19_check-in_dana-rivera.txt"
    last.write_text(last.read_text(encoding="utf-8") + "P.S. mine\n", encoding="utf-8")
    report = write_plan(followup.plan(interview, max_check_ins=3), tmp_path)
    (stale,) = [o for o in report.outcomes if o.status == "stale"]
    assert stale.path == last
    assert "edited" in stale.reason
    assert "delete" not in stale.reason
    assert last.exists()


@pytest.mark.attack("M3")
@pytest.mark.parametrize("kind", ["symlink to /dev/zero", "dangling symlink", "fifo"])
def test_followup_never_reads_or_writes_through_links_or_pipes(
    interview: followup.Interview, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / DANA
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/zero" if "zero" in kind else tmp_path / "nowhere")
    for force in (False, True):
        report = write_plan(notes_only(followup.plan(interview)), tmp_path, force=force)
        (outcome,) = [o for o in report.outcomes if o.path == target]
        assert outcome.status == "skipped"
        assert "never writes through it" in outcome.reason
    assert target.is_symlink() or kind == "fifo"
    assert not (tmp_path / "nowhere").exists()


def test_a_manifest_that_points_outside_the_folder_is_not_followed(
    interview: followup.Interview, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("not followup's\n", encoding="utf-8")
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / MANIFEST).write_text(
        '{"files": {"../outside.txt": "0", "/etc/passwd": "0"}}', encoding="utf-8"
    )
    report = write_plan(notes_only(followup.plan(interview)), folder)
    assert report.stale == []
    assert outside.read_text(encoding="utf-8") == "not followup's\n"


# --- interrupted runs -------------------------------------------------------------------------

_KILLED_WRITE = """
import datetime as dt, os, sys
import followup
from followup.export import _common
from followup.export.files import write_plan

renames = []
real_replace = os.replace

def replace(source, target):
    if not str(target).endswith(".json"):
        renames.append(target)
        if len(renames) == int(sys.argv[2]):
            os._exit(9)  # killed: no clean-up code runs
    real_replace(source, target)

_common.os.replace = replace
interview = followup.load(sys.argv[3])
plan = followup.plan(interview, today=dt.date(2026, 11, 24))
write_plan(plan, sys.argv[1], eml=True)
"""


def _killed_write(folder: Path, facts: Path, *, after: int) -> None:
    """Run `write_plan` in a process that dies at its *after*-th file."""
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_WRITE, str(folder), str(after), str(facts)], check=False
    )
    assert done.returncode == 9


@pytest.mark.attack("L2")
def test_a_killed_first_run_leaves_files_the_next_run_knows(
    example_data: dict[str, Any], tmp_path: Path
) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(example_data, default=str), encoding="utf-8")
    out = tmp_path / "out"
    _killed_write(out, facts, after=3)
    assert [p for p in out.iterdir() if p.name.endswith(".tmp")]  # the kill left one
    assert [name for name in visible(out) if not name.endswith(".tmp")] == [DANA, LEE]
    plan = followup.plan(followup.parse(example_data), today=dt.date(2026, 11, 24))
    report = write_plan(plan, out, eml=True)
    assert report.skipped == []
    assert [o.status for o in report.outcomes][:2] == ["unchanged", "unchanged"]
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.attack("L2")
def test_a_killed_run_keeps_edits_protected(example_data: dict[str, Any], tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(example_data, default=str), encoding="utf-8")
    out = tmp_path / "out"
    write_plan(followup.plan(followup.parse(example_data), today=dt.date(2026, 11, 24)), out)
    (out / LEE).write_text("my own words\n", encoding="utf-8")
    changed = example_data | {"role": "Principal Data Engineer"}
    facts.write_text(json.dumps(changed, default=str), encoding="utf-8")
    _killed_write(out, facts, after=2)  # the first draft replaced, the kill on the next
    plan = followup.plan(followup.parse(changed), today=dt.date(2026, 11, 24))
    report = write_plan(plan, out)
    statuses = {o.path.name: o.status for o in report.outcomes}
    assert statuses[LEE] == "skipped"
    assert (out / LEE).read_text(encoding="utf-8") == "my own words\n"
    assert statuses[DANA] == "unchanged"  # the killed run had written it
    assert all(status != "skipped" for name, status in statuses.items() if name != LEE)
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_leftovers_of_other_files_are_not_removed(
    interview: followup.Interview, tmp_path: Path
) -> None:
    mine = [
        tmp_path / ".notes.txt.followup-abcdefgh.tmp",
        tmp_path / f".{DANA}.tmp",
        tmp_path / f".{DANA}.original.tmp",  # named like a temporary file, but the user's
    ]
    for path in mine:
        path.write_text("not followup's\n", encoding="utf-8")
    left = tmp_path / f".{DANA}.followup-abcdefgh.tmp"
    left.write_text("left by a killed run\n", encoding="utf-8")
    write_plan(notes_only(followup.plan(interview)), tmp_path)
    assert sorted(p for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == sorted(mine)


@pytest.mark.attack("M3")
@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_replaced_file_keeps_its_permissions_but_never_a_special_bit(
    interview: followup.Interview, tmp_path: Path
) -> None:
    plan = notes_only(followup.plan(interview))
    write_plan(plan, tmp_path)
    os.chmod(tmp_path / DANA, 0o600)
    os.chmod(tmp_path / LEE, 0o6755)
    for path in (tmp_path / DANA, tmp_path / LEE):
        path.write_text("edited\n", encoding="utf-8")
    write_plan(plan, tmp_path, force=True)
    assert stat.S_IMODE((tmp_path / DANA).stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / LEE).stat().st_mode) == 0o644


# --- what a write reports: kinds not asked for, edits, and drafts as units -------------------


def changed_facts(data: dict[str, Any]) -> followup.FollowUpPlan:
    """The plan for *data* with another role: every draft's wording changes."""
    data["role"] = "Principal Data Engineer"
    return followup.plan(followup.parse(data))


def test_files_of_a_kind_not_asked_for_are_neither_touched_nor_called_stale(
    interview: followup.Interview, tmp_path: Path
) -> None:
    plan = followup.plan(interview)
    write_plan(plan, tmp_path, eml=True, ics=True, html=True)
    before = {name: (tmp_path / name).read_bytes() for name in visible(tmp_path)}
    report = write_plan(plan, tmp_path)
    assert {o.path.suffix for o in report.outcomes} == {".txt"}
    assert report.stale == []
    assert {name: (tmp_path / name).read_bytes() for name in visible(tmp_path)} == before


def test_an_edited_txt_with_changed_facts_rewrites_none_of_its_draft(
    example_data: dict[str, Any], tmp_path: Path
) -> None:
    write_plan(followup.plan(followup.parse(example_data)), tmp_path, eml=True)
    eml = tmp_path / DANA.replace(".txt", ".eml")
    old_eml = eml.read_bytes()
    edited = (tmp_path / DANA).read_text(encoding="utf-8") + "P.S. my own words\n"
    (tmp_path / DANA).write_text(edited, encoding="utf-8")

    plan = changed_facts(example_data)
    report = write_plan(plan, tmp_path, eml=True)
    assert (tmp_path / DANA).read_text(encoding="utf-8") == edited
    assert eml.read_bytes() == old_eml  # not rewritten from the new facts
    (conflict,) = report.conflicts
    assert conflict.label == plan.drafts[0].label
    assert conflict.edited == (tmp_path / DANA,)
    assert conflict.held == (eml,)
    status = {o.path.name: o.status for o in report.outcomes}
    assert status[DANA] == status[eml.name] == "skipped"
    assert status[LEE] == status[LEE.replace(".txt", ".eml")] == "written"  # the others move on
    assert "Principal" in (tmp_path / LEE).read_text(encoding="utf-8")
    # still undecided on the next run, and --force rewrites all of the draft
    assert len(write_plan(plan, tmp_path, eml=True).conflicts) == 1
    forced = write_plan(plan, tmp_path, eml=True, force=True)
    assert forced.conflicts == []
    assert {tmp_path / DANA, eml} <= set(forced.written)
    assert "P.S." not in (tmp_path / DANA).read_text(encoding="utf-8")
    assert b"Principal" in eml.read_bytes()


def test_files_of_every_draft_wait_for_the_decision_too(
    example_data: dict[str, Any], tmp_path: Path
) -> None:
    write_plan(followup.plan(followup.parse(example_data)), tmp_path, ics=True, mbox=True)
    kept = {name: (tmp_path / name).read_bytes() for name in ("plan.ics", "drafts.mbox")}
    (tmp_path / DANA).write_text("my own words\n", encoding="utf-8")

    report = write_plan(changed_facts(example_data), tmp_path, ics=True, mbox=True)
    assert len(report.conflicts) == 1
    status = {o.path.name: (o.status, o.reason) for o in report.outcomes}
    for name, data in kept.items():
        assert (tmp_path / name).read_bytes() == data  # still the old wording of every draft
        assert status[name][0] == "skipped"
        assert "needs a decision" in status[name][1]
    forced = write_plan(changed_facts(example_data), tmp_path, ics=True, mbox=True, force=True)
    assert {tmp_path / "plan.ics", tmp_path / "drafts.mbox"} <= set(forced.written)


def test_an_edited_eml_holds_back_its_txt(example_data: dict[str, Any], tmp_path: Path) -> None:
    write_plan(followup.plan(followup.parse(example_data)), tmp_path, eml=True)
    eml = tmp_path / LEE.replace(".txt", ".eml")
    eml.write_bytes(eml.read_bytes().replace(b"Dear", b"Hello"))
    old_txt = (tmp_path / LEE).read_bytes()
    report = write_plan(changed_facts(example_data), tmp_path, eml=True)
    assert (tmp_path / LEE).read_bytes() == old_txt
    (conflict,) = report.conflicts
    assert conflict.edited == (eml,)
    assert "thank-you note · Lee Chen" in str(conflict)
    assert "--force" in str(conflict)


def test_an_edited_form_not_asked_for_this_time_still_holds_back_its_draft(
    example_data: dict[str, Any], tmp_path: Path
) -> None:
    """Edits in the .txt keep `followup print` from rewriting the draft's page."""
    write_plan(followup.plan(followup.parse(example_data)), tmp_path, html=True)
    page = tmp_path / DANA.replace(".txt", ".html")
    old_page = page.read_bytes()
    (tmp_path / DANA).write_text("my version\n", encoding="utf-8")
    report = write_plan(changed_facts(example_data), tmp_path, txt=False, html=True)
    assert page.read_bytes() == old_page
    (conflict,) = report.conflicts
    assert conflict.edited == (tmp_path / DANA,)
    assert [o.path for o in report.outcomes if o.status == "written"] == [
        tmp_path / LEE.replace(".txt", ".html")
    ]


def test_with_unchanged_facts_a_new_form_says_it_lacks_the_edits(
    interview: followup.Interview, tmp_path: Path
) -> None:
    plan = followup.plan(interview)
    write_plan(plan, tmp_path)
    (tmp_path / DANA).write_text("my version\n", encoding="utf-8")
    report = write_plan(plan, tmp_path, eml=True)
    assert report.conflicts == []
    (new,) = [o for o in report.outcomes if o.path.name == DANA.replace(".txt", ".eml")]
    assert new.status == "written"
    assert DANA in new.reason
    assert "edits" in new.reason
    (lee,) = [o for o in report.outcomes if o.path.name == LEE.replace(".txt", ".eml")]
    assert lee.reason == ""


def test_cli_write_names_the_draft_that_needs_a_decision(tmp_path: Path) -> None:
    today = ("--today", "2026-11-24")
    facts = tmp_path / "facts.toml"
    facts.write_bytes(EXAMPLE.read_bytes())
    out_dir = tmp_path / "out"
    assert run("write", str(facts), "--out", str(out_dir), "--eml", *today)[0] == 0
    (out_dir / DANA).write_text("my version\n", encoding="utf-8")
    facts.write_text(
        facts.read_text(encoding="utf-8").replace("Senior Data", "Principal Data"),
        encoding="utf-8",
    )
    code, out, err = run("write", str(facts), "--out", str(out_dir), "--eml", *today)
    assert (code, err) == (0, "")
    (decision,) = [line for line in out.splitlines() if line.startswith("decide")]
    assert "2026-11-24 · thank-you note · Dana Rivera" in decision
    assert DANA in decision
    assert "delete" not in out
    held = [line for line in out.splitlines() if DANA.replace(".txt", ".eml") in line]
    assert held[0].startswith("skipped")
    assert "\x1b" not in out  # no colour into a pipe


def test_cli_a_stale_file_with_edits_says_so_and_is_not_offered_for_deletion(
    tmp_path: Path,
) -> None:
    today = ("--today", "2026-11-24")
    assert run("write", str(EXAMPLE), "--out", str(tmp_path), *today)[0] == 0
    last = tmp_path / "2027-01-19_check-in_dana-rivera.txt"
    last.write_text("my version\n", encoding="utf-8")
    fewer = ("--max-check-ins", "2")
    code, out, _ = run("write", str(EXAMPLE), "--out", str(tmp_path), *fewer, *today)
    assert code == 0
    (line,) = [line for line in out.splitlines() if last.name in line]
    assert line.startswith("stale")
    assert "edited" in line
    assert "delete" not in line
    (other,) = [line for line in out.splitlines() if "2027-01-05_check-in" in line]
    assert "delete it if you do not need it" in other


def test_cli_write_a_folder_counts_the_drafts_that_need_a_decision(tmp_path: Path) -> None:
    today = ("--today", "2026-11-24")
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "interview.toml").write_bytes(EXAMPLE.read_bytes())
    out_dir = tmp_path / "out"
    assert run("write", str(facts), "--out", str(out_dir), *today)[0] == 0
    (out_dir / "interview" / DANA).write_text("my version\n", encoding="utf-8")
    text = (facts / "interview.toml").read_text(encoding="utf-8")
    (facts / "interview.toml").write_text(text.replace("Senior", "Principal"), encoding="utf-8")
    code, out, _ = run("write", str(facts), "--out", str(out_dir), *today)
    assert code == 0
    assert out.splitlines()[-2].startswith("decide    2026-11-24 · thank-you note · Dana Rivera")
    assert out.splitlines()[-1].endswith("0 stale, 1 draft needs a decision; 0 failed")


@pytest.mark.attack("A5-L3")
@pytest.mark.parametrize(
    "name",
    [
        "a\x00b.txt",  # no system call takes it
        "\ud800.txt",  # a lone surrogate: no file system name either
        "a\x1b[2Jb.txt",
        "a\nwritten   b.txt",
        "x" * 300 + ".txt",  # longer than any file name
        ".hidden.txt",
        "..",
        "nested/../x.txt",
    ],
)
def test_a_manifest_key_followup_never_writes_is_ignored(tmp_path: Path, name: str) -> None:
    kept = "2026-11-20_check-in_dana-rivera.txt"  # no longer in the plan
    (tmp_path / kept).write_text("an old draft\n", encoding="utf-8")
    manifest = {"files": {name: "0" * 64, kept: "1" * 64}}
    (tmp_path / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    code, out, err = run("write", str(EXAMPLE), "--out", str(tmp_path), "--today", "2026-11-24")
    assert (code, err) == (0, "")
    assert f"stale     {tmp_path / kept}" in out  # the rest of the manifest still counts
    written = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert name not in written
    assert kept in written


@pytest.mark.attack("A5-L3")
@pytest.mark.parametrize(
    "text",
    [
        '{"files": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"files": {"a.txt": ' + "[" * 100_000 + "]" * 100_000 + "}}",
    ],
)
def test_a_manifest_nested_without_end_is_a_damaged_manifest(tmp_path: Path, text: str) -> None:
    (tmp_path / MANIFEST).write_text(text, encoding="utf-8")
    with pytest.raises(followup.ExportError, match="remove it to start afresh") as caught:
        followup.plan(followup.load(EXAMPLE)).write_files(tmp_path)
    assert MANIFEST in str(caught.value)
    code, out, err = run("write", str(EXAMPLE), "--out", str(tmp_path))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert f"cannot read {str(tmp_path / MANIFEST)!r}" in err
    assert "simplify it" not in err  # not the facts' fault


@pytest.mark.attack("A5-L3")
def test_digests_of_the_wrong_kind_are_ignored(tmp_path: Path) -> None:
    kept = "2026-11-20_check-in_dana-rivera.txt"
    (tmp_path / kept).write_text("an old draft\n", encoding="utf-8")
    deep = "[" * 500 + "]" * 500
    manifest = f'{{"files": {{"{kept}": ["1", {deep}, 2, {{"a": 1}}], "b.txt": 3}}}}'
    (tmp_path / MANIFEST).write_text(manifest, encoding="utf-8")
    code, out, err = run("write", str(EXAMPLE), "--out", str(tmp_path), "--today", "2026-11-24")
    assert (code, err) == (0, "")
    assert f"stale     {tmp_path / kept}  (no longer in the plan, and edited since" in out
