"""IMAP: each due draft stored in the Drafts folder of a real Dovecot server on loopback,
flagged as a draft, byte for byte, never twice; and each way it can fail, said clearly.

What is stored is always read back over a fresh connection, as a mail program would.
"""

from __future__ import annotations

import base64
import datetime as dt
import imaplib
import io
import re
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import followup
from followup import imap
from followup.cli import main
from followup.export.mail import thread
from followup.imap import (
    ImapConnectionError,
    ImapError,
    ImapFolderError,
    ImapLoginError,
    SaveReport,
    decode_folder_name,
    encode_folder_name,
    save_drafts,
)
from followup.plans import FollowUpPlan
from tests import _hostile_imap as hostile_imap
from tests._dovecot import QUOTA_KB, Dovecot
from tests._hostile_imap import Answer, Hostile, Send, drip, hostile, nth, stream
from tests.conftest import EXAMPLE
from tests.test_mail import with_files

EVERYTHING_DUE = dt.date(2027, 2, 1)
"""A day after the example's last check-in."""


def _plain(dovecot: Dovecot, plan: FollowUpPlan, user: str, **options: Any) -> SaveReport:
    """save_drafts over plain IMAP to the test server as *user*."""
    chosen: dict[str, Any] = {"host": dovecot.host, "port": dovecot.port, "ssl": False}
    chosen |= {"username": user, "password": dovecot.password}
    return save_drafts(plan, **(chosen | options))


def _quoted(folder: str) -> str:
    """*folder*'s name as an IMAP command takes it: encoded, then quoted."""
    return '"' + encode_folder_name(folder).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _folder(dovecot: Dovecot, user: str, folder: str = "Drafts") -> dict[int, tuple[str, bytes]]:
    """Every message in *folder* by UID: its flags and its bytes, over a fresh connection."""
    with dovecot.connect(user) as connection:
        typ, data = connection.select(_quoted(folder), readonly=True)
        assert typ == "OK", data
        typ, data = connection.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[])")
        assert typ == "OK", data
    found = {}
    for item in data:
        if isinstance(item, tuple):
            head, body = item
            uid = int(re.search(rb"UID (\d+)", head)[1])  # type: ignore[index]
            flags = re.search(rb"FLAGS \(([^)]*)\)", head)[1].decode()  # type: ignore[index]
            found[uid] = (flags, body)
    return found


def _eml(plan: FollowUpPlan, tmp_path: Path) -> list[bytes]:
    """The .eml files `followup write --eml` writes for *plan*, in the plan's order."""
    report = plan.write_files(tmp_path / "files", txt=False, eml=True)
    return [path.read_bytes() for path in report.written]


def test_every_due_draft_arrives_as_a_draft_byte_for_byte(
    dovecot: Dovecot, interview: followup.Interview, tmp_path: Path
) -> None:
    plan = followup.plan(interview)
    user = dovecot.account()
    report = _plain(dovecot, plan, user, today=EVERYTHING_DUE)
    assert report.folder == "Drafts"
    assert report.host == dovecot.host
    assert [s.status for s in report.drafts] == ["stored"] * len(plan.drafts)
    assert [s.draft for s in report.drafts] == list(plan.drafts)
    assert [s.message_id for s in report.drafts] == [
        thread(plan, d).message_id for d in plan.drafts
    ]
    assert report.later == ()
    stored = _folder(dovecot, user)
    assert sorted(stored) == sorted(s.uid for s in report.drafts if s.uid is not None)
    assert len(stored) == len(plan.drafts)
    for saved, eml in zip(report.drafts, _eml(plan, tmp_path), strict=True):
        assert saved.uid is not None
        flags, body = stored[saved.uid]
        assert "\\Draft" in flags.split()
        assert body == eml


def test_a_second_run_stores_nothing_new(dovecot: Dovecot, interview: followup.Interview) -> None:
    plan = followup.plan(interview)
    user = dovecot.account()
    first = _plain(dovecot, plan, user, today=EVERYTHING_DUE)
    before = _folder(dovecot, user)
    # Another day's plan of the same facts: the same drafts, the same Message-IDs.
    again = _plain(dovecot, followup.plan(interview, today=dt.date(2026, 11, 25)), user)
    assert again.stored == ()
    assert {s.uid for s in again.present} <= {s.uid for s in first.drafts}
    assert _folder(dovecot, user) == before


def test_only_due_drafts_are_stored_and_the_rest_on_their_day(
    dovecot: Dovecot, interview: followup.Interview
) -> None:
    plan = followup.plan(interview)
    user = dovecot.account()
    first = _plain(dovecot, plan, user)  # the plan's own day: the interview day
    notes = [d for d in plan.drafts if d.kind == "thank_you"]
    assert [s.draft for s in first.stored] == notes
    assert list(first.later) == [d for d in plan.drafts if d.kind == "check_in"]
    assert len(_folder(dovecot, user)) == len(notes)
    day = first.later[0].send_on
    assert f"{len(first.later)} due later, the first on {day.isoformat()}" in first.summary()
    second = _plain(dovecot, plan, user, today=day)
    assert [s.draft for s in second.present] == notes
    assert [s.draft for s in second.stored] == [first.later[0]]
    assert len(_folder(dovecot, user)) == len(notes) + 1


def test_a_dry_run_stores_nothing(dovecot: Dovecot, interview: followup.Interview) -> None:
    plan = followup.plan(interview)
    user = dovecot.account()
    _plain(dovecot, plan, user)  # the thank-you notes
    report = _plain(dovecot, plan, user, today=EVERYTHING_DUE, dry_run=True)
    assert [s.status for s in report.drafts] == ["present"] * 2 + ["would_store"] * (
        len(plan.drafts) - 2
    )
    assert report.dry_run
    assert "would be stored (dry run)" in report.summary()
    assert len(_folder(dovecot, user)) == 2


def test_a_wrong_password_is_a_login_error_that_never_shows_it(
    dovecot: Dovecot, interview: followup.Interview
) -> None:
    user = dovecot.account()
    wrong = "Wrong-Pa55word"
    with pytest.raises(ImapLoginError) as caught:
        save_drafts(
            followup.plan(interview),
            host=dovecot.host,
            port=dovecot.port,
            username=user,
            password=wrong,
            ssl=False,
        )
    message = str(caught.value)
    assert f"refused the login of {user!r}" in message
    assert "check the user name and the password" in message
    assert wrong not in message
    assert "\n" not in message
    assert isinstance(caught.value, followup.ExportError)
    assert isinstance(caught.value, PermissionError)
    assert _folder(dovecot, user) == {}


def test_the_password_is_never_printed_even_with_imaplib_debugging(
    dovecot: Dovecot,
    interview: followup.Interview,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    user = dovecot.account()
    monkeypatch.setattr(imaplib, "Debug", 5)
    _plain(dovecot, followup.plan(interview), user)
    printed = capsys.readouterr()
    assert "new IMAP4 connection" in printed.err  # imaplib did write what it may
    assert f'LOGIN "{user}"' not in printed.err + printed.out
    assert dovecot.password not in printed.err + printed.out


def test_a_password_beyond_ascii_goes_through_auth_plain(
    dovecot: Dovecot, interview: followup.Interview
) -> None:
    """LOGIN takes ASCII only (imaplib would fail to encode it): SASL PLAIN carries UTF-8."""
    user = dovecot.account()
    with pytest.raises(ImapLoginError, match="check the user name and the password"):
        _plain(dovecot, followup.plan(interview), user, password="Pässwörter")
    assert _folder(dovecot, user) == {}


def test_a_server_without_special_use_marks_drafts_in_its_list_reply(
    dovecot: Dovecot, interview: followup.Interview, monkeypatch: pytest.MonkeyPatch
) -> None:
    capabilities = imap._Session.capabilities

    def without_special_use(session: imap._Session) -> set[str]:
        return capabilities(session) - {"SPECIAL-USE"}

    monkeypatch.setattr(imap._Session, "capabilities", without_special_use)
    user = dovecot.account()
    report = _plain(dovecot, followup.plan(interview), user)
    assert report.folder == "Drafts"
    assert len(_folder(dovecot, user)) == 2


LEAF = frozenset({"\\hasnochildren", "\\drafts"})


@pytest.mark.parametrize(
    ("row", "name", "flags"),
    [
        (b'(\\HasNoChildren \\Drafts) "/" Drafts', "Drafts", LEAF),
        (b'(\\Drafts \\HasNoChildren) "/" "[Gmail]/Drafts"', "[Gmail]/Drafts", LEAF),
        (b'(\\Drafts) "." "Mes \\"brouillons\\" \\\\ x"', 'Mes "brouillons" \\ x', {"\\drafts"}),
        (b"(\\Drafts) NIL Entw&APw-rfe", "Entw&APw-rfe", {"\\drafts"}),
        ((b'(\\Drafts) "/" {13}', b'Drafts "2026"'), 'Drafts "2026"', {"\\drafts"}),
    ],
)
def test_list_replies_in_every_form_servers_send(
    row: object, name: str, flags: frozenset[str]
) -> None:
    (folder,) = imap._folders([row])
    assert folder.name == name
    assert folder.flags == flags


def test_an_account_without_a_drafts_folder_is_a_folder_error(
    dovecot: Dovecot, interview: followup.Interview
) -> None:
    user = dovecot.account(drafts=False)
    with pytest.raises(ImapFolderError, match=r"no folder marked as the Drafts folder"):
        _plain(dovecot, followup.plan(interview), user)
    with pytest.raises(ImapFolderError, match=r"no folder 'Brouillons'; it has 'INBOX'"):
        _plain(dovecot, followup.plan(interview), user, folder="Brouillons")


@pytest.mark.parametrize("name", ['Mes "brouillons" d\'été', "Back\\slash & more", "下書き"])
def test_a_named_folder_is_quoted_and_encoded(
    dovecot: Dovecot, interview: followup.Interview, name: str
) -> None:
    user = dovecot.account(drafts=False)
    with dovecot.connect(user) as connection:
        typ, data = connection.create(_quoted(name))
        assert typ == "OK", data
    plan = followup.plan(interview)
    report = _plain(dovecot, plan, user, folder=name)
    assert report.folder == name
    assert len(report.stored) == 2
    assert len(_folder(dovecot, user, name)) == 2


def test_nothing_listening_is_a_connection_error(interview: followup.Interview) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(
        ImapConnectionError, match=rf"cannot reach the IMAP server 127.0.0.1:{port}"
    ):
        save_drafts(
            followup.plan(interview),
            host="127.0.0.1",
            port=port,
            username="sam",
            password="x",
            ssl=False,
        )


def test_starttls_and_tls_check_the_certificate(
    dovecot: Dovecot, interview: followup.Interview
) -> None:
    plan = followup.plan(interview)
    user = dovecot.account()
    common: dict[str, Any] = {"host": dovecot.host, "username": user, "password": dovecot.password}
    trusted = dovecot.tls_context()
    upgraded = save_drafts(
        plan, port=dovecot.port, ssl=False, starttls=True, ssl_context=trusted, **common
    )
    assert len(upgraded.stored) == 2
    direct = save_drafts(plan, port=dovecot.tls_port, ssl_context=trusted, **common)
    assert len(direct.present) == 2
    # The system's authorities do not know the test's own certificate.
    with pytest.raises(ImapConnectionError, match="did not prove who it is"):
        save_drafts(plan, port=dovecot.tls_port, **common)
    with pytest.raises(ImapConnectionError, match="did not prove who it is"):
        save_drafts(plan, port=dovecot.port, ssl=False, starttls=True, **common)
    # TLS spoken to a port that speaks plain IMAP.
    with pytest.raises(ImapConnectionError, match="TLS with the IMAP server"):
        save_drafts(plan, port=dovecot.port, ssl_context=trusted, **common)
    assert len(_folder(dovecot, user)) == 2


def test_a_draft_the_server_refuses_midway_leaves_the_others_stored(
    dovecot: Dovecot, interview: followup.Interview
) -> None:
    """The server's quota refuses the third draft: the first two stay, and the error
    says which were stored and which were not."""
    plan = followup.plan(interview)
    big = followup.Attachment(
        filename="dataset.bin", mime_type="application/octet-stream", data=b"x" * QUOTA_KB * 1024
    )
    third = plan.drafts[2]
    drafts = tuple(with_files(d, big) if d is third else d for d in plan.drafts)
    plan = plan.model_copy(update={"drafts": drafts})
    user = dovecot.account()
    with pytest.raises(ImapError) as caught:
        _plain(dovecot, plan, user, today=EVERYTHING_DUE)
    error = caught.value
    assert not isinstance(error, ImapConnectionError | ImapLoginError | ImapFolderError)
    assert [s.draft for s in error.stored] == list(plan.drafts[:2])
    assert list(error.not_stored) == list(plan.drafts[2:])
    message = str(error)
    assert f"refused the draft {third.label!r}" in message
    assert f"stored before that: {plan.drafts[0].label}, {plan.drafts[1].label}" in message
    assert "run again to store the rest" in message
    assert "\n" not in message
    assert sorted(_folder(dovecot, user)) == sorted(s.uid for s in error.stored)


def test_an_error_before_the_first_draft_says_none_was_stored(
    interview: followup.Interview,
) -> None:
    due = followup.plan(interview).drafts[:2]
    error = ImapError("the IMAP server h refused the draft 'x': NO full", host="h", not_stored=due)
    assert str(error) == (
        "the IMAP server h refused the draft 'x': NO full; none of the 2 drafts due was stored"
    )
    assert ImapError("cannot log in", host="h").args == ("cannot log in",)


# --- options, checked before anything is sent -------------------------------------------------


@pytest.mark.parametrize("host", ["imap.example.com", "10.0.0.1", "127.0.0.1.example.com"])
def test_plain_imap_is_only_for_this_machine(interview: followup.Interview, host: str) -> None:
    with pytest.raises(followup.OptionError, match="unencrypted"):
        save_drafts(followup.plan(interview), host=host, username="sam", password="x", ssl=False)


@pytest.mark.parametrize(
    ("options", "option"),
    [
        ({"host": "imap.example.com\r\nA1 LOGOUT"}, "host"),
        ({"port": 0}, "port"),
        ({"port": True}, "port"),
        ({"username": "sam\r\nA1 DELETE INBOX"}, "username"),
        ({"password": "x\r\nA1 DELETE INBOX"}, "password"),
        ({"starttls": True}, "starttls"),
        ({"today": dt.datetime(2026, 11, 24, 9, 0)}, "today"),
    ],
)
def test_bad_options_are_refused_before_connecting(
    interview: followup.Interview, options: dict[str, Any], option: str
) -> None:
    chosen: dict[str, Any] = {"host": "imap.example.com", "username": "sam", "password": "x"}
    with pytest.raises(followup.OptionError) as caught:
        save_drafts(followup.plan(interview), **(chosen | options))
    assert caught.value.option == option
    assert "DELETE" not in str(caught.value)


# --- folder names: modified UTF-7 -------------------------------------------------------------


def test_folder_names_as_rfc_3501_encodes_them() -> None:
    assert encode_folder_name("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-"
    assert decode_folder_name("~peter/mail/&U,BTFw-/&ZeVnLIqe-") == "~peter/mail/台北/日本語"
    assert encode_folder_name("A&B") == "A&-B"
    assert decode_folder_name("&Jjo-!") == "☺!"
    assert decode_folder_name("broken &$-") == "broken &$-"


@given(st.text(max_size=40))
@example("&")
@example("&-")
@example("\U0001f4e8 Entwürfe")
@example('"quoted" \\ \r\n')
def test_any_folder_name_round_trips_through_printable_ascii(name: str) -> None:
    encoded = encode_folder_name(name)
    assert all(" " <= char <= "~" for char in encoded)
    assert decode_folder_name(encoded) == name


# --- a server that misbehaves on purpose ------------------------------------------------------

SECRET = 'hunter2"\\x'
"""A password with the characters LOGIN escapes."""


def _hostile(server: Hostile, **options: Any) -> SaveReport:
    """save_drafts of the example's plan (two thank-you notes due) to *server*."""
    plan = followup.plan(followup.load(EXAMPLE))
    chosen: dict[str, Any] = {"host": "127.0.0.1", "port": server.port, "ssl": False}
    chosen |= {"username": "sam", "password": SECRET}
    return save_drafts(plan, **(chosen | options))


def _command_line(
    server: Hostile, monkeypatch: pytest.MonkeyPatch, password: str = SECRET
) -> tuple[int, str, str]:
    """``followup drafts`` of the example's facts against *server*."""
    monkeypatch.setenv("FOLLOWUP_IMAP_PASSWORD", password)
    out, err = io.StringIO(), io.StringIO()
    code = main(
        [
            "drafts",
            str(EXAMPLE),
            "--imap-host",
            "127.0.0.1",
            "--imap-port",
            str(server.port),
            "--imap-user",
            "sam",
            "--no-tls",
            "--today",
            "2026-11-24",
        ],
        stdout=out,
        stderr=err,
    )
    return code, out.getvalue(), err.getvalue()


def _one_line(code: int, out: str, err: str) -> str:
    """The error of a command that failed as a user mistake: one line, exit code 2."""
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("followup: ")
    return err


@pytest.mark.attack("A5-M1")
@pytest.mark.parametrize("when", ["greeting", "list", "second draft"])
def test_a_server_that_answers_a_byte_at_a_time_gets_the_time_limit_in_all(when: str) -> None:
    slow = drip(b"* OK hi")
    answers: dict[str, Answer] = {}
    greeting: Answer = slow if when == "greeting" else hostile_imap.GREETING
    if when == "list":
        answers["LIST"] = slow
    if when == "second draft":
        answers["APPEND"] = nth({1: hostile_imap.ANSWERS["APPEND"]}, slow)
    with hostile(answers, greeting=greeting) as server:
        started = time.monotonic()
        with pytest.raises(ImapConnectionError) as caught:
            _hostile(server, time_limit=1.5)
        took = time.monotonic() - started
    assert took < 6  # the idle timeout (30 s) never fires: a byte comes every 0.1 s
    message = str(caught.value)
    assert "took more than 1.5 seconds in all; followup hung up" in message
    if when == "second draft":
        first, second = followup.plan(followup.load(EXAMPLE)).drafts[:2]
        assert [s.draft for s in caught.value.stored] == [first]
        assert list(caught.value.not_stored) == [second]
        assert f"stored before that: {first.label}; not stored: {second.label}" in message


@pytest.mark.attack("A5-M1")
@pytest.mark.parametrize(
    ("answer", "says"),
    [
        # A literal of any size announced (imaplib would read all of it into memory).
        (stream(b'* LIST (\\Drafts) "/" {4000000000}\r\n', b"A" * 65536), "4000000000 bytes"),
        (b'* LIST (\\Drafts) "/" {99999999999999}\r\n{tag} OK done\r\n', "in one piece"),
        # Rows without end (imaplib keeps them all), short and long.
        (stream(b"", b'* LIST () "/" "f"\r\n' * 1000), "more than 100000 lines"),
        (stream(b"", b'* LIST () "/" "' + b"f" * 60000 + b'"\r\n'), "more than 16 MB"),
        # One line without end.
        (stream(b'* LIST () "/" ', b"A" * 65536), "a line of more than 65536 bytes"),
    ],
)
def test_a_server_cannot_fill_followups_memory(
    monkeypatch: pytest.MonkeyPatch, answer: Answer, says: str
) -> None:
    with hostile({"LIST": answer}) as server:
        err = _one_line(*_command_line(server, monkeypatch))
    assert says in err
    assert err.rstrip().endswith("followup hung up")
    assert server.sent < hostile_imap.MAX_SENT  # followup stopped reading long before


@pytest.mark.attack("A5-M2")
@pytest.mark.parametrize(
    "name",
    [
        b"{27}\r\nDr\r\nX1 DELETE INBOX\r\nX2 NOOP",  # a literal holds line breaks
        b"{3}\r\nD\x00r",
        b'"Dr\x01afts"',  # a control character, quoted
        b"{8}\r\nEntw\xfcrfe",  # Latin-1, no known encoding
        b'"' + b"D" * 2000 + b'"',
    ],
)
def test_a_drafts_folder_name_no_command_can_carry_is_refused(
    monkeypatch: pytest.MonkeyPatch, name: bytes
) -> None:
    listed = b'* LIST (\\Drafts) "/" ' + name + b"\r\n{tag} OK done\r\n"
    with hostile({"LIST": listed}) as server:
        err = _one_line(*_command_line(server, monkeypatch))
    assert "marks as the Drafts folder" in err
    assert "a name no IMAP command can carry" in err
    assert "--folder" in err
    commands = server.commands()
    assert commands[-1] == 'LIST (SPECIAL-USE) "" "*"'  # nothing sent after it
    assert not any("DELETE" in line or "NOOP" in line for line in commands)


@pytest.mark.attack("A5-M2")
def test_a_folder_named_with_a_line_break_is_sent_encoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The user's own name for the folder travels in modified UTF-7, whatever it holds."""
    with hostile() as server, pytest.raises(ImapFolderError, match="it has 'Drafts'"):
        _hostile(server, folder="Dr\r\nX1 DELETE INBOX")
    assert server.commands()[-1] == 'LIST "" "*"'
    assert not any("DELETE" in line for line in server.commands())


@pytest.mark.attack("A5-M2")
@pytest.mark.parametrize(
    "listed",
    [
        # LIST-EXTENDED: data after the name.
        b'* LIST (\\Drafts) "/" "Drafts" ("CHILDINFO" ("SUBSCRIBED"))\r\n',
        b'* LIST (\\Drafts) "/" Drafts ("OLDNAME" ("Entw&APw-rfe"))\r\n',
        b'* LIST (\\Drafts) "/" {6}\r\nDrafts ("CHILDINFO" ("SUBSCRIBED"))\r\n',
        # Rows sent unasked, and a folder that is no Drafts folder, before it.
        b'* LIST (\\Sent) "/" "Sent"\r\n* STATUS "x" (MESSAGES 1)\r\n'
        b'* LIST (\\Drafts) "/" Drafts\r\n',
    ],
)
def test_list_rows_with_more_in_them_give_the_folder(listed: bytes) -> None:
    with hostile({"LIST": listed + b"{tag} OK done\r\n"}) as server:
        report = _hostile(server)
    assert report.folder == "Drafts"
    assert 'EXAMINE "Drafts"' in server.commands()
    assert len(report.stored) == 2


@pytest.mark.attack("A5-L1")
def test_a_folder_name_a_server_sends_in_utf_8_is_sent_back_in_modified_utf_7(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    listed = '* LIST (\\Drafts) "/" "Entwürfe"\r\n{tag} OK done\r\n'.encode()
    with hostile({"LIST": listed}) as server:
        code, out, err = _command_line(server, monkeypatch)
    assert (code, err) == (0, "")
    assert "Entwürfe on 127.0.0.1: 2 stored" in out
    assert 'EXAMINE "Entw&APw-rfe"' in server.commands()
    assert all(line.isascii() for line in server.received)


@pytest.mark.attack("A5-L1")
@pytest.mark.parametrize("found", ["²", "٣", "99999999999", "4294967296", "1 x", "-1", "0"])
def test_a_search_answer_that_is_no_list_of_uids_is_one_line(
    monkeypatch: pytest.MonkeyPatch, found: str
) -> None:
    answer = f"* SEARCH {found}\r\n{{tag}} OK done\r\n".encode()
    with hostile({"UID SEARCH": answer}) as server:
        err = _one_line(*_command_line(server, monkeypatch))
    assert "answered a search with" in err
    assert "which is no list of message numbers (UIDs)" in err
    assert "none of the 2 drafts due was stored" in err
    assert not any(line.startswith("APPEND") for line in server.commands())


@pytest.mark.attack("A5-L1")
@pytest.mark.parametrize("uid", [b"9" * 5000, b"0", b"4294967296", b"\xc2\xb2"])
def test_an_appenduid_that_is_no_uid_leaves_the_uid_unknown(
    monkeypatch: pytest.MonkeyPatch, uid: bytes
) -> None:
    answer = b"{tag} OK [APPENDUID 1 " + uid + b"] stored\r\n"
    with hostile({"APPEND": answer}) as server:
        code, out, err = _command_line(server, monkeypatch)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[:2]] == ["stored", "stored"]
    assert "UID" not in out


@pytest.mark.attack("A5-L1")
@pytest.mark.parametrize(
    ("answer", "kind", "says"),
    [
        (b"* 1 EXISTS {99999999}\r\n", ImapConnectionError, "in one piece"),
        (b"* BYE going away\r\n", ImapConnectionError, "broke"),
        (b"{tag} NO [OVERQUOTA] full\r\n", ImapError, "refused the draft"),
        (b"{tag} BAD \xff\xfe what\r\n", ImapError, "refused the draft"),
        (b"}{ \r\n", ImapConnectionError, "broke"),
    ],
)
def test_a_failure_after_a_stored_draft_says_what_was_stored(
    monkeypatch: pytest.MonkeyPatch, answer: bytes, kind: type[ImapError], says: str
) -> None:
    first, second = followup.plan(followup.load(EXAMPLE)).drafts[:2]
    stored_first = {"APPEND": nth({1: hostile_imap.ANSWERS["APPEND"]}, answer)}
    with hostile(stored_first) as server, pytest.raises(kind) as caught:
        _hostile(server)
    assert [s.draft for s in caught.value.stored] == [first]
    with hostile({"APPEND": nth({1: hostile_imap.ANSWERS["APPEND"]}, answer)}) as server:
        err = _one_line(*_command_line(server, monkeypatch))
    assert says in err
    assert f"stored before that: {first.label}; not stored: {second.label}" in err
    assert "run again to store the rest" in err


@pytest.mark.attack("A5-L2")
@pytest.mark.parametrize("password", [SECRET, "hunter2", "Pässwort"])
def test_a_server_that_echoes_the_password_never_gets_it_shown(
    monkeypatch: pytest.MonkeyPatch, password: str
) -> None:
    def echo(tag: bytes, server: Hostile, send: Send) -> None:
        # What the client sent for the login: LOGIN's arguments, or the PLAIN secret.
        said = server.received[-1].rstrip(b"\r\n").split(b" ", 2)[-1]
        send(tag + b" NO [AUTHENTICATIONFAILED] bad credentials for: " + said + b"\r\n")

    with hostile({"LOGIN": echo, "AUTHENTICATE": echo}) as server:
        err = _one_line(*_command_line(server, monkeypatch, password))
    assert "refused the login of 'sam' ([AUTHENTICATIONFAILED] bad credentials for:" in err
    plain = base64.b64encode(f"\0sam\0{password}".encode()).decode()
    for secret in (password, plain, "hunter2", "Pässwort"):
        assert secret not in err
    assert "b'" not in err  # the server's words as text, not as Python's bytes


@pytest.mark.attack("A5-L2")
def test_the_password_is_hidden_in_anything_the_server_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answer = "{tag} NO \x1b]0;x\x07 not for hunter2 or Pässwort\r\n".encode()
    with hostile({"UID SEARCH": answer}) as server:
        err = _one_line(*_command_line(server, monkeypatch, "hunter2"))
    assert "refused to search the folder: \\x1b]0;x\\x07 not for … or Pässwort" in err
