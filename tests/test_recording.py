"""Recording a sent draft: one table added to the facts file, every other byte kept."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import stat
import struct
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest

import followup
import followup.cli
from followup import recording
from followup.recording import record_sent
from tests.conftest import EXAMPLE

D = dt.date

TABLE = '[[events]]\nkind = "sent"\ndate = {on}\ndraft = "{draft}"\n'


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    """A copy of the example facts file, comments and all."""
    path = tmp_path / "interview.toml"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def test_the_file_keeps_every_byte_and_gains_one_table(facts: Path) -> None:
    before = facts.read_bytes()
    assert b"# the interview day" in before
    added = record_sent(facts, "thank-you-dana-rivera", on=D(2026, 11, 24))
    assert added == TABLE.format(on="2026-11-24", draft="thank-you-dana-rivera")
    assert facts.read_bytes() == before + b"\n" + added.encode()
    again = followup.load(facts)
    assert [(e.kind, e.date) for e in again.events] == [("sent", D(2026, 11, 24))]


def test_a_second_event_goes_after_the_first_even_when_tables_follow(facts: Path) -> None:
    record_sent(facts, "thank-you-dana-rivera", on=D(2026, 11, 24))
    # Someone adds a table after the events, with a comment.
    facts.write_bytes(facts.read_bytes() + b'\n# more facts\n[[topics]]\nsubject = "data"\n')
    before = facts.read_bytes()
    added = record_sent(facts, "thank-you-lee-chen", on=D(2026, 11, 25)).encode()
    after = facts.read_bytes()
    # One insertion: a blank line and the table, right after the first event's table,
    # before the comment that leads into the next table.
    at = before.index(b"\n# more facts")
    assert after == before[:at] + b"\n" + added + before[at:]
    assert b'draft = "thank-you-lee-chen"\n\n# more facts' in after
    assert [e.draft for e in followup.load(facts).events] == [  # type: ignore[union-attr]
        "thank-you-dana-rivera",
        "thank-you-lee-chen",
    ]


def test_crlf_files_and_a_missing_last_line_break_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "windows.toml"
    text = EXAMPLE.read_text(encoding="utf-8").rstrip("\n").replace("\n", "\r\n")
    path.write_bytes(text.encode())
    record_sent(path, "thank-you-dana-rivera", on=D(2026, 11, 24))
    written = path.read_bytes()
    assert written.startswith(text.encode() + b"\r\n\r\n[[events]]\r\n")
    assert b"\n" not in written.replace(b"\r\n", b"")


def test_a_draft_not_in_the_plan_is_refused_with_the_closest_id(facts: Path) -> None:
    before = facts.read_bytes()
    with pytest.raises(followup.OptionError) as caught:
        record_sent(facts, "check-in-1-dana-riviera", on=D(2026, 12, 8))
    assert caught.value.option == "draft_id"
    assert "did you mean 'check-in-1-dana-rivera'?" in caught.value.reason
    assert facts.read_bytes() == before


def test_a_draft_recorded_twice_or_a_bad_day_leaves_the_file_alone(facts: Path) -> None:
    record_sent(facts, "thank-you-dana-rivera", on=D(2026, 11, 24))
    before = facts.read_bytes()
    with pytest.raises(followup.FactsError, match="already records 'thank-you-dana-rivera'"):
        record_sent(facts, "thank-you-dana-rivera", on=D(2026, 11, 25))
    with pytest.raises(followup.FactsError) as caught:
        record_sent(facts, "thank-you-lee-chen", on=D(2026, 11, 20))
    (problem,) = caught.value.problems
    assert problem.path == "the new event.date"
    assert facts.read_bytes() == before


def test_the_write_is_atomic(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = facts.read_bytes()

    def broken(source: object, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(followup.FactsError, match="cannot be written: disk full"):
        record_sent(facts, "thank-you-dana-rivera", on=D(2026, 11, 24))
    assert facts.read_bytes() == before
    assert sorted(p.name for p in facts.parent.iterdir()) == ["interview.toml"]


def test_a_folder_that_cannot_be_written_is_one_line(
    facts: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    argv = ["sent", str(facts), "thank-you-dana-rivera", "--today", "2026-11-24"]
    code = followup.cli.main(argv)
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"followup: {facts}: cannot be written: Permission denied (")
    assert f"folder, {facts.parent.resolve()}, and puts it in its place" in err
    assert err.endswith('date = 2026-11-24, draft = "thank-you-dana-rivera"\n')
    assert err.count("\n") == 1


def test_the_file_keeps_its_mode_and_a_read_only_file_is_refused(facts: Path) -> None:
    facts.chmod(0o600)
    record_sent(facts, "thank-you-dana-rivera", on=D(2026, 11, 24))
    assert stat.S_IMODE(facts.stat().st_mode) == 0o600
    facts.chmod(0o400)
    before = facts.read_bytes()
    with pytest.raises(followup.FactsError, match="is read-only"):
        record_sent(facts, "thank-you-lee-chen", on=D(2026, 11, 24))
    assert facts.read_bytes() == before


def test_a_hard_linked_file_is_refused_rather_than_unlinked(facts: Path) -> None:
    other = facts.with_name("other.toml")
    os.link(facts, other)
    before = facts.read_bytes()
    with pytest.raises(followup.FactsError, match="1 other hard link"):
        record_sent(facts, "thank-you-dana-rivera", on=D(2026, 11, 24))
    assert facts.read_bytes() == before
    assert os.path.samefile(facts, other)


def test_a_symbolic_link_is_followed_and_stays_a_link(facts: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(facts)
    record_sent(link, "thank-you-dana-rivera", on=D(2026, 11, 24))
    assert link.is_symlink()
    assert [e.kind for e in followup.load(facts).events] == ["sent"]


def test_a_killed_runs_temporary_file_is_removed_by_the_next(facts: Path) -> None:
    leftover = facts.with_name(".interview.toml.followup-abcd1234.tmp")
    leftover.write_bytes(facts.read_bytes())
    mine = facts.with_name(".interview.toml.mine.tmp")
    mine.write_bytes(b"")
    record_sent(facts, "thank-you-dana-rivera", on=D(2026, 11, 24))
    assert not leftover.exists()
    assert mine.exists()


def test_an_edit_saved_while_recording_is_kept(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check = recording._check

    def slow(*args: Any, **kwargs: Any) -> None:
        facts.write_bytes(facts.read_bytes() + b"\n# an edit\n")
        check(*args, **kwargs)

    monkeypatch.setattr(recording, "_check", slow)
    with pytest.raises(followup.FactsError, match="changed while recording; run again"):
        record_sent(facts, "thank-you-dana-rivera", on=D(2026, 11, 24))
    assert facts.read_bytes().endswith(b"\n# an edit\n")
    assert not followup.load(facts).events


def test_inline_events_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "inline.toml"
    path.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("company =", "events = []\ncompany =", 1),
        encoding="utf-8",
    )
    with pytest.raises(followup.FactsError, match=r"\[\[events\]\] table"):
        record_sent(path, "thank-you-dana-rivera", on=D(2026, 11, 24))


def test_a_crlf_file_takes_a_second_event(tmp_path: Path) -> None:
    path = tmp_path / "windows.toml"
    path.write_bytes(EXAMPLE.read_bytes().replace(b"\n", b"\r\n"))
    record_sent(path, "thank-you-dana-rivera", on=D(2026, 11, 24))
    record_sent(path, "thank-you-lee-chen", on=D(2026, 11, 24))
    written = path.read_bytes()
    assert b"\n" not in written.replace(b"\r\n", b"")
    assert [e.draft for e in followup.load(path).events] == [  # type: ignore[union-attr]
        "thank-you-dana-rivera",
        "thank-you-lee-chen",
    ]


def test_a_check_in_recorded_a_few_days_late_is_found(facts: Path) -> None:
    """A plan made on 10 December no longer lists the 8 December check-in (the thank-you
    note before it is not recorded); the check-in still went out that day."""
    record_sent(facts, "check-in-1-dana-rivera", on=D(2026, 12, 8), today=D(2026, 12, 10))
    (event,) = followup.load(facts).events
    assert event.draft == "check-in-1-dana-rivera"  # type: ignore[union-attr]


def test_a_check_in_left_out_today_is_never_mistaken_for_another(facts: Path) -> None:
    with pytest.raises(followup.OptionError) as caught:
        record_sent(facts, "check-in-1-dana-riviera", on=D(2026, 12, 8), today=D(2026, 12, 10))
    assert "did you mean 'check-in-1-dana-rivera'?" in caught.value.reason


def test_an_id_of_a_later_interview_before_that_interview_is_refused(facts: Path) -> None:
    """After a second interview on 15 December, its check-ins have ids of their own; on
    9 December, before it, none of them can have gone out."""
    facts.write_bytes(
        facts.read_bytes() + b'\n[[events]]\nkind = "second_interview"\ndate = 2026-12-15\n'
        b"decision_expected = 2027-03-01\n"
    )
    before = facts.read_bytes()
    chosen: dict[str, Any] = {"every": 7, "today": D(2026, 12, 9)}
    with pytest.raises(followup.FactsError) as caught:
        record_sent(facts, "check-in-2-2-dana-rivera", on=D(2026, 12, 9), **chosen)
    assert "check-in-2-2-dana-rivera is a draft after the interview on 2026-12-15, and " in str(
        caught.value
    )
    with pytest.raises(followup.FactsError, match="is a draft after the interview"):
        record_sent(facts, "thank-you-2-lee-chen", on=D(2026, 12, 9), **chosen)
    assert facts.read_bytes() == before
    # check-in-2 is the one of 8 December, before and after the second interview.
    record_sent(facts, "check-in-2-dana-rivera", on=D(2026, 12, 9), **chosen)
    plan = followup.plan(followup.load(facts), **chosen)
    assert plan.draft("check-in-2-dana-rivera").send_on == D(2026, 12, 8)
    assert plan.draft("check-in-2-dana-rivera").sent_on == D(2026, 12, 9)


# What follows the last event in these files: a table after the events, led by a
# comment, so that where the new table goes matters.
NEXT_TABLE = '\n# more facts\n[[topics]]\nsubject = "data"\n'

LAST_EVENTS = {
    "a draft written as a sub-table": (
        '[[events]]\nkind = "sent"\ndate = 2026-11-24\nperson = "Lee Chen"\n\n'
        '[events.draft]\nkind = "thank_you"\ndate = 2026-11-24\n'
    ),
    "a second interview's interviewers as tables": (
        '[[events]]\nkind = "second_interview"\ndate = 2026-11-30\n\n'
        '[[events.interviewers]]\nname = "Pat Kim"\n# a comment inside\n\n'
        '[[events.interviewers]]\nname = "Sam Ortiz"\n'
    ),
    "a sub-table of the last event after another table": (
        '[[events]]\nkind = "sent"\ndate = 2026-11-24\nperson = "Lee Chen"\n\n'
        '[[hobbies]]\nperson = "Lee Chen"\nsubject = "chess"\n\n'
        '[events.draft]\nkind = "thank_you"\ndate = 2026-11-24\n'
    ),
    "a note holding lines like headers": (
        '[[events]]\nkind = "sent"\ndate = 2026-11-24\ndraft = "thank-you-lee-chen"\n'
        'note = """\n[x]\n[[events]]\n  [topics] # not a table\n\\""" still the note ""\n'
        '[[events]]"""\n'
    ),
    "a literal note holding lines like headers": (
        '[[events]]\nkind = "sent"\ndate = 2026-11-24\ndraft = "thank-you-lee-chen"\n'
        "note = '''\n[x]\n[[events]]\nkind = 'reply'\n''''\n"
    ),
    "a header with an escape": (
        '[["ev\\u0065nts"]]\nkind = "sent"\ndate = 2026-11-24\ndraft = "thank-you-lee-chen"\n'
    ),
    "a header with blanks, quotes and a comment": (
        '\t[[ "events" ]]  # the events\nkind = "sent"\ndate = 2026-11-24\n'
        'draft = "thank-you-lee-chen"\n'
    ),
    "a header with a literal key": (
        "[['events']]\nkind = \"sent\"\ndate = 2026-11-24\ndraft = 'thank-you-lee-chen'\n"
    ),
    "an inline table and a quoted key": (
        '[[events]]\n"kind" = "sent"\ndate = 2026-11-24\n'
        'draft = { kind = "thank_you", date = 2026-11-24 }  # [[events]]\nperson = "Lee Chen"\n'
    ),
}


@pytest.mark.parametrize("last", LAST_EVENTS.values(), ids=LAST_EVENTS.keys())
def test_the_new_table_goes_after_the_whole_last_event(facts: Path, last: str) -> None:
    text = facts.read_text(encoding="utf-8") + "\n" + last
    facts.write_text(text + NEXT_TABLE, encoding="utf-8")
    before = facts.read_bytes()
    old = tomllib.loads(before.decode())
    added = record_sent(facts, "thank-you-dana-rivera", on=D(2026, 11, 24))
    # One insertion, right after the last event (sub-tables and all), before the
    # comment that leads into the next table.
    at = len(text.encode())
    assert facts.read_bytes() == before[:at] + b"\n" + added.encode() + before[at:]
    new = tomllib.loads(facts.read_text(encoding="utf-8"))
    assert new["events"] == [
        *old["events"],
        {"kind": "sent", "date": D(2026, 11, 24), "draft": "thank-you-dana-rivera"},
    ]
    assert {k: v for k, v in new.items() if k != "events"} == {
        k: v for k, v in old.items() if k != "events"
    }


@pytest.mark.parametrize("last", LAST_EVENTS.values(), ids=LAST_EVENTS.keys())
def test_a_last_event_with_nothing_after_it_takes_the_table_at_the_end(
    facts: Path, last: str
) -> None:
    before = facts.read_bytes() + b"\n" + last.encode()
    facts.write_bytes(before)
    added = record_sent(facts, "thank-you-dana-rivera", on=D(2026, 11, 24))
    assert facts.read_bytes() == before + b"\n" + added.encode()
    event = followup.load(facts).events[-1]
    assert event.draft == "thank-you-dana-rivera"  # type: ignore[union-attr]


def test_a_large_hostile_file_is_read_in_linear_time(facts: Path) -> None:
    """Notes full of lines that look like headers, of brackets followed by many blanks,
    and of quotes and escapes: about 400 KB, which must not take minutes."""
    lines = [
        "[" + " \t" * 300 + "x",
        "[[events]]",
        "[" * 400 + " " * 400,
        '\\"\\"\\"' * 100 + '""x',
        "[[ events ]] # " + "]" * 300,
    ]
    note = "\n".join(lines)[:1990]
    events = "".join(
        f'\n[[events]]\nkind = "reply"\ndate = 2026-11-24\nperson = "Lee Chen"\n'
        f'note = """\n{note}\n"""\n'
        for _ in range(190)
    )
    facts.write_bytes(facts.read_bytes() + events.encode() + NEXT_TABLE.encode())
    assert facts.stat().st_size > 380_000
    script = (
        "import datetime as dt, sys; from followup.recording import record_sent; "
        "record_sent(sys.argv[1], 'thank-you-dana-rivera', on=dt.date(2026, 11, 24), "
        "today=dt.date(2026, 11, 24))"
    )
    # In a child process, so that a slow reader fails the test after a generous time
    # rather than holding it for minutes (it takes a few seconds).
    subprocess.run([sys.executable, "-c", script, str(facts)], check=True, timeout=120)
    assert [e.kind for e in followup.load(facts).events] == ["reply"] * 190 + ["sent"]


SENT_JSON = {"kind": "sent", "date": "2026-11-24", "draft": "thank-you-dana-rivera"}


def test_a_compact_json_file_gains_the_event_in_its_events_list(tmp_path: Path) -> None:
    path = tmp_path / "interview.json"
    text = followup.load(EXAMPLE).model_dump_json()
    assert text.endswith(',"events":[]}')
    path.write_text(text, encoding="utf-8")
    added = record_sent(path, "thank-you-dana-rivera", on=D(2026, 11, 24))
    assert added == json.dumps(SENT_JSON)
    item = '{"kind":"sent","date":"2026-11-24","draft":"thank-you-dana-rivera"}'
    assert path.read_text(encoding="utf-8") == text[: -len("]}")] + item + "]}"
    assert followup.load(path).events[0].draft == "thank-you-dana-rivera"  # type: ignore[union-attr]


def test_an_indented_json_file_keeps_its_layout(tmp_path: Path) -> None:
    path = tmp_path / "interview.json"
    facts = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    facts["events"] = [{"kind": "sent", "date": "2026-11-24", "draft": "thank-you-lee-chen"}]
    text = json.dumps(facts, indent=4, ensure_ascii=False, default=str).replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    record_sent(path, "thank-you-dana-rivera", on=D(2026, 11, 24))
    end = text.rindex("\r\n    ]\r\n}")
    item = (
        ",\r\n        {\r\n"
        '            "kind": "sent",\r\n'
        '            "date": "2026-11-24",\r\n'
        '            "draft": "thank-you-dana-rivera"\r\n'
        "        }"
    )
    assert path.read_bytes() == b"\xef\xbb\xbf" + (text[:end] + item + text[end:]).encode()
    assert [e.draft for e in followup.load(path).events] == [  # type: ignore[union-attr]
        "thank-you-lee-chen",
        "thank-you-dana-rivera",
    ]


def test_a_json_file_without_events_gains_the_list(tmp_path: Path) -> None:
    path = tmp_path / "interview.json"
    facts = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    text = json.dumps(facts, indent=2, ensure_ascii=False, default=str) + "\n"
    path.write_text(text, encoding="utf-8")
    record_sent(path, "thank-you-dana-rivera", on=D(2026, 11, 24))
    end = text.rindex("\n}")
    added = ',\n  "events": [' + json.dumps(SENT_JSON) + "]"
    assert path.read_text(encoding="utf-8") == text[:end] + added + text[end:]


def test_facts_format_json_is_followed_whatever_the_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "interview.facts"
    text = followup.load(EXAMPLE).model_dump_json()
    path.write_text(text, encoding="utf-8")
    argv = ["sent", str(path), "thank-you-dana-rivera", "--today", "2026-11-24"]
    assert followup.cli.main(argv) == 2
    assert "has the suffix '.facts'" in capsys.readouterr().err
    assert followup.cli.main([*argv, "--facts-format", "json"]) == 0
    assert "recorded: thank-you-dana-rivera sent on 2026-11-24" in capsys.readouterr().out
    assert json.loads(path.read_text(encoding="utf-8"))["events"] == [SENT_JSON]


def test_a_json_file_read_as_toml_is_refused_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "interview.json"
    path.write_text(followup.load(EXAMPLE).model_dump_json(), encoding="utf-8")
    before = path.read_bytes()
    argv = ["sent", str(path), "thank-you-dana-rivera", "--today", "2026-11-24"]
    assert followup.cli.main([*argv, "--facts-format", "toml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"followup: {path}")
    assert "is not valid TOML" in err
    assert err.count("\n") == 1
    assert path.read_bytes() == before


def _set_xattr(path: Path, name: str, value: bytes) -> None:
    """Set an extended attribute, or skip the test where the file system has none."""
    if not hasattr(os, "setxattr"):
        pytest.skip("extended attributes are a Linux feature")
    try:
        os.setxattr(path, name, value)
    except OSError as err:
        if err.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
            pytest.skip(f"{path.parent} has no {name.split('.')[0]} extended attributes")
        raise


def _acl(*entries: tuple[int, int, int]) -> bytes:
    """A POSIX access ACL as Linux stores it in ``system.posix_acl_access``."""
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *e) for e in entries)


UNDEFINED = 0xFFFFFFFF


def test_extended_attributes_and_the_acl_are_kept(facts: Path) -> None:
    facts.chmod(0o640)
    _set_xattr(facts, "user.origin", b"written by hand")
    # rw for the owner, r for uid 65534 and the group (the mask), nothing for others.
    acl = _acl(
        (0x01, 6, UNDEFINED),
        (0x02, 4, 65534),
        (0x04, 4, UNDEFINED),
        (0x10, 4, UNDEFINED),
        (0x20, 0, UNDEFINED),
    )
    _set_xattr(facts, "system.posix_acl_access", acl)
    record_sent(facts, "thank-you-dana-rivera", on=D(2026, 11, 24))
    assert os.getxattr(facts, "user.origin") == b"written by hand"
    assert os.getxattr(facts, "system.posix_acl_access") == acl
    assert stat.S_IMODE(facts.stat().st_mode) == 0o640
    assert [e.kind for e in followup.load(facts).events] == ["sent"]


def test_an_attribute_that_cannot_be_kept_leaves_the_file_alone(
    facts: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _set_xattr(facts, "user.origin", b"written by hand")
    before = facts.read_bytes()

    def refused(*args: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "setxattr", refused)
    argv = ["sent", str(facts), "thank-you-dana-rivera", "--today", "2026-11-24"]
    assert followup.cli.main(argv) == 2
    assert capsys.readouterr().err == (
        f"followup: {facts}: has an extended attribute 'user.origin' that cannot be given "
        "to the rewritten file (Operation not permitted); add the event by hand: an "
        '[[events]] table with kind = "sent", date = 2026-11-24, draft = '
        '"thank-you-dana-rivera"\n'
    )
    assert facts.read_bytes() == before
    assert sorted(p.name for p in facts.parent.iterdir()) == ["interview.toml"]


def test_another_users_file_is_refused_unless_run_as_root(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = facts.read_bytes()
    monkeypatch.setattr(os, "geteuid", lambda: facts.stat().st_uid + 1)
    with pytest.raises(followup.FactsError, match=r"belongs to .*run followup as its owner"):
        record_sent(facts, "thank-you-dana-rivera", on=D(2026, 11, 24))
    assert facts.read_bytes() == before


def test_root_gives_the_file_back_to_its_owner(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root (sudo), the new file is given the old one's owner and group."""
    owner = facts.stat()
    given: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    # The file seems to belong to someone else; the new one is created as it is.
    other = os.stat_result((*owner[:4], owner.st_uid + 1, owner.st_gid + 1, *owner[6:]))
    real_stat = Path.stat

    def seen(path: Path, **kwargs: Any) -> os.stat_result:
        return other if path == facts else real_stat(path, **kwargs)

    monkeypatch.setattr(Path, "stat", seen)
    monkeypatch.setattr(os, "fchown", lambda fd, uid, gid: given.append((uid, gid)))
    record_sent(facts, "thank-you-dana-rivera", on=D(2026, 11, 24))
    assert given == [(owner.st_uid + 1, owner.st_gid + 1)]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_root_keeps_the_owner_for_real(facts: Path) -> None:
    facts.chmod(0o600)
    os.chown(facts, 65534, 65534)
    record_sent(facts, "thank-you-dana-rivera", on=D(2026, 11, 24))
    after = facts.stat()
    assert (after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (65534, 65534, 0o600)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_a_group_that_cannot_be_kept_is_refused(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.chown(facts, 65534, 65534)
    before = facts.read_bytes()
    monkeypatch.setattr(os, "geteuid", lambda: 65534)  # its owner, not root

    def refused(*args: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", refused)
    with pytest.raises(followup.FactsError, match=r"belongs to the group .*65534"):
        record_sent(facts, "thank-you-dana-rivera", on=D(2026, 11, 24))
    assert facts.read_bytes() == before
    assert sorted(p.name for p in facts.parent.iterdir()) == ["interview.toml"]
