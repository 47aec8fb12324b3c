"""Recording a sent draft: one table added to the facts file, every other byte kept."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
import tempfile
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
    assert capsys.readouterr().err == f"followup: {facts}: cannot be written: Permission denied\n"


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


def test_a_json_facts_file_is_refused_with_the_event_to_add(tmp_path: Path) -> None:
    path = tmp_path / "interview.json"
    path.write_text(followup.load(EXAMPLE).model_dump_json(), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(followup.FactsError) as caught:
        record_sent(path, "thank-you-dana-rivera", on=D(2026, 11, 24))
    (problem,) = caught.value.problems
    assert '{"kind": "sent", "date": "2026-11-24", "draft": "thank-you-dana-rivera"}' in (
        problem.message
    )
    assert path.read_bytes() == before


def test_inline_events_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "inline.toml"
    path.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("company =", "events = []\ncompany =", 1),
        encoding="utf-8",
    )
    with pytest.raises(followup.FactsError, match=r"\[\[events\]\] table"):
        record_sent(path, "thank-you-dana-rivera", on=D(2026, 11, 24))


def test_a_line_of_many_spaces_after_a_bracket_is_read_at_once(facts: Path) -> None:
    """A note may hold ``[`` and 2,000 spaces: finding the table headers must not take
    seconds per such line (it took about four before)."""
    note = "[" + " \t" * 990 + "x"
    facts.write_bytes(
        facts.read_bytes()
        + f'\n[[events]]\nkind = "reply"\ndate = 2026-11-24\nnote = """\n{note}\n"""\n'.encode()
    )
    script = (
        "import sys; from followup.recording import _HEADER; "
        "line = '[' + ' ' * 2000 + 'x\\n'; mixed = '[' + ' \\t' * 1000 + 'x\\r\\n'; "
        "assert not list(_HEADER.finditer(line * 5 + mixed * 5))"
    )
    # In a child process, so that a regex that backtracks fails the test after the time
    # limit rather than holding it for minutes.
    subprocess.run([sys.executable, "-c", script], check=True, timeout=5)
    record_sent(facts, "thank-you-dana-rivera", on=D(2026, 11, 24), today=D(2026, 11, 24))
    assert [e.kind for e in followup.load(facts).events] == ["reply", "sent"]


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
