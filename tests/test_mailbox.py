"""Mail folders: a whole plan as a new mbox file, or added to a Maildir, flagged as drafts."""

from __future__ import annotations

import datetime as dt
import mailbox
import time
import tracemalloc
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

import followup
from followup.export import mailbox as folders
from followup.export.mail import MailOptions
from tests.conftest import example_dict
from tests.test_mail import with_gift


def test_write_mbox_gives_one_draft_per_message(
    interview: followup.Interview, tmp_path: Path
) -> None:
    plan = with_gift(followup.plan(interview))
    path = plan.write_mbox(tmp_path / "drafts.mbox")
    box = mailbox.mbox(path)
    entries = list(box)
    assert [e["Subject"] for e in entries] == [d.subject for d in plan.drafts]
    for entry, draft in zip(entries, plan.drafts, strict=True):
        assert "D" not in entry.get_flags()  # "D" would mean deleted in mbox
        assert entry.get_flags() == "RO"
        assert entry["X-Mozilla-Draft-Info"].startswith("internal/draft")
        assert entry["X-Mozilla-Status"] == "0001"
        assert entry.get_from().endswith(time.asctime(draft.send_on.timetuple()))
    again = plan.write_mbox(tmp_path / "again.mbox")
    assert again.read_bytes() == path.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.mbox", "drafts.mbox"]


def test_write_mbox_never_replaces_an_existing_file(
    interview: followup.Interview, tmp_path: Path
) -> None:
    target = tmp_path / "drafts.mbox"
    target.write_text("my own mail\n")
    with pytest.raises(followup.ExportError, match="already exists"):
        followup.plan(interview).write_mbox(target)
    assert target.read_text() == "my own mail\n"
    assert [p.name for p in tmp_path.iterdir()] == ["drafts.mbox"]


def test_write_maildir_adds_drafts_and_keeps_what_is_there(
    interview: followup.Interview, tmp_path: Path
) -> None:
    box = mailbox.Maildir(tmp_path / "Drafts", create=True)
    mine = box.add(mailbox.MaildirMessage(b"Subject: mine\n\nkeep me\n"))
    plan = followup.plan(interview)
    keys = plan.write_maildir(tmp_path / "Drafts")
    box = mailbox.Maildir(tmp_path / "Drafts")
    assert box[mine].get_payload() == "keep me\n"
    assert len(keys) == len(plan.drafts)
    for key, draft in zip(keys, plan.drafts, strict=True):
        entry = box[key]
        assert entry.get_subdir() == "cur"
        assert set(entry.get_flags()) == {"D", "S"}
        assert entry["Subject"] == draft.subject
        day = draft.send_on
        assert (
            entry.get_date()
            == dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()
        )


def test_write_mbox_into_a_missing_folder_is_an_export_error(
    interview: followup.Interview, tmp_path: Path
) -> None:
    with pytest.raises(followup.ExportError, match="cannot write the mailbox"):
        followup.plan(interview).write_mbox(tmp_path / "missing" / "drafts.mbox")


def test_a_crash_while_writing_the_mbox_leaves_nothing_behind(
    interview: followup.Interview, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(folders.os, "fsync", crash)
    with pytest.raises(followup.ExportError, match="No space left"):
        followup.plan(interview).write_mbox(tmp_path / "drafts.mbox")
    assert list(tmp_path.iterdir()) == []


def test_mbox_keeps_body_lines_that_start_with_from(tmp_path: Path) -> None:
    data = example_dict()
    data["gifts"][1]["text"] = "From experience:\nFrom now on, keep a runbook per alert."
    plan = followup.plan(followup.parse(data))
    path = plan.write_mbox(tmp_path / "drafts.mbox")
    entries = list(mailbox.mbox(path))
    assert len(entries) == len(plan.drafts)
    for entry, draft in zip(entries, plan.drafts, strict=True):
        parsed = message_from_bytes(entry.as_bytes(), policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        plain = parsed.get_body(("plain",))
        assert plain is not None
        assert plain.get_content().replace("\r\n", "\n") == draft.email_text + "\n"
    assert any(line.startswith("From ") for d in plan.drafts for line in d.email_text.splitlines())


def test_mail_options_reach_every_message_builder(
    interview: followup.Interview, tmp_path: Path
) -> None:
    plan = followup.plan(interview)
    sender = "jürgen@example.de"
    with pytest.raises(followup.ExportError, match="smtputf8=True"):
        plan.to_email(plan.drafts[0], options=MailOptions(sender=sender))
    options = MailOptions(sender=sender, smtputf8=True)
    for message in (
        plan.to_email(plan.drafts[0], options=options),
        plan.messages(options=options)[0],
    ):
        assert message["From"].addresses[0].addr_spec == sender
    for write in (plan.write_mbox, plan.write_maildir):
        with pytest.raises(followup.ExportError, match="smtputf8=True"):
            write(tmp_path / write.__name__, options=MailOptions(sender=sender))
    plan.write_maildir(tmp_path / "Drafts", options=options)
    entries = list(mailbox.Maildir(tmp_path / "Drafts"))
    assert len(entries) == len(plan.drafts)
    assert all(sender.encode() in bytes(entry) for entry in entries)


def test_writing_a_plan_into_a_maildir_again_adds_nothing(
    interview: followup.Interview, tmp_path: Path
) -> None:
    plan = followup.plan(interview)
    first = plan.write_maildir(tmp_path / "Drafts")
    assert len(first) == len(plan.drafts)
    # The same drafts on a later day: the late thank-you notes read differently, but
    # they are the same drafts (the same Message-ID), and the user may have edited them.
    later = followup.plan(interview, today=dt.date(2026, 11, 26))
    assert later.write_maildir(tmp_path / "Drafts") == []
    assert plan.write_maildir(tmp_path / "Drafts") == []
    box = mailbox.Maildir(tmp_path / "Drafts")
    assert sorted(box.keys()) == sorted(first)
    assert sorted(m["Message-ID"] for m in box) == sorted(m["Message-ID"] for m in plan.messages())


def test_a_draft_a_mail_program_saved_under_its_message_id_is_not_added_again(
    interview: followup.Interview, tmp_path: Path
) -> None:
    plan = followup.plan(interview)
    message_id = plan.messages()[0]["Message-ID"]
    box = mailbox.Maildir(tmp_path / "Drafts", create=True)
    # Saved by a mail program after editing: in new/, the identifier folded onto a line.
    edited = f"Message-ID:\n {message_id}\nSubject: my edit\n\nMy own words.\n".encode()
    mine = box.add(edited)
    keys = plan.write_maildir(tmp_path / "Drafts")
    assert len(keys) == len(plan.drafts) - 1
    box = mailbox.Maildir(tmp_path / "Drafts")
    assert mine not in keys
    assert box[mine]["Subject"] == "my edit"
    ids = sorted("".join(m["Message-ID"].split()) for m in box)
    assert ids == sorted(m["Message-ID"] for m in plan.messages())  # each once


HUGE = 64 * 1024 * 1024


@pytest.mark.attack("A5-M3")
@pytest.mark.parametrize("kind", ["huge", "one byte more", "one byte changed", "a link"])
def test_a_message_that_only_shares_a_drafts_message_id_is_never_read_whole(
    interview: followup.Interview, tmp_path: Path, kind: str
) -> None:
    """Another program's message (or a sparse file of any size) that starts with a
    draft's Message-ID: its size differs, so not a byte past its headers is read."""
    plan = followup.plan(interview)
    first = plan.write_files(tmp_path, txt=False, maildir=True).outcomes[0].path
    original = first.read_bytes()
    first.unlink()
    there = first.with_name("1700000000.M1P1.other:2,DS")
    if kind == "huge":
        message_id = plan.messages()[0]["Message-ID"]
        with there.open("wb") as sparse:
            sparse.write(f"Message-ID: {message_id}\nSubject: x\n\n".encode())
            sparse.truncate(HUGE)
    elif kind == "one byte more":
        there.write_bytes(original + b"x")
    elif kind == "one byte changed":
        there.write_bytes(original[:-2] + b"?" + original[-1:])
    else:  # never read through a link (here, to a copy of the draft)
        (tmp_path / "copy").write_bytes(original)
        there.symlink_to(tmp_path / "copy")
    tracemalloc.start()
    try:
        report = plan.write_files(tmp_path, txt=False, maildir=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < HUGE // 4
    statuses = {outcome.path: outcome.status for outcome in report.outcomes}
    if kind == "a link":
        assert there not in statuses  # no message of the Maildir: the draft is added again
        assert len(mailbox.Maildir(tmp_path / "Drafts")) == len(plan.drafts) + 1
    else:
        assert statuses[there] == "skipped"
        assert list(statuses.values()).count("unchanged") == len(plan.drafts) - 1


@pytest.mark.attack("A5-M3")
def test_a_message_exactly_as_followup_wrote_it_is_unchanged(
    interview: followup.Interview, tmp_path: Path
) -> None:
    plan = followup.plan(interview)
    plan.write_files(tmp_path, txt=False, maildir=True)
    again = plan.write_files(tmp_path, txt=False, maildir=True)
    assert [o.status for o in again.outcomes] == ["unchanged"] * len(plan.drafts)
