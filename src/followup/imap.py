"""IMAP: a plan's due drafts saved into the account's Drafts folder, never twice.

:func:`save_drafts` logs in to the account's IMAP server (TLS from the start,
or STARTTLS; plain IMAP only to this machine), finds the folder the server
marks as the Drafts folder (RFC 6154 ``\\Drafts``) unless one is named, and
appends each draft that is due as a message flagged ``\\Draft``: the same
bytes an ``.eml`` file holds, with the same ``Message-ID``
(:func:`followup.export.mail.thread`). A draft whose ``Message-ID`` is
already in the folder is skipped, so running it every day stores each draft
once, and a draft edited there is never replaced.

It uses the standard library's :mod:`imaplib`, imported with this module
(``import followup`` does not). The password is sent only to the server and
never printed, logged or put in an error message.
"""

from __future__ import annotations

import base64
import datetime as dt
import imaplib
import ipaddress
import re
import ssl as tls
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from followup.drafts import Draft
from followup.errors import ExportError, OptionError
from followup.export.mail import MailOptions, messages

if TYPE_CHECKING:
    from followup.plans import FollowUpPlan

__all__ = [
    "ImapConnectionError",
    "ImapError",
    "ImapFolderError",
    "ImapLoginError",
    "SaveReport",
    "SavedDraft",
    "Status",
    "decode_folder_name",
    "encode_folder_name",
    "save_drafts",
]


class ImapError(ExportError):
    """The IMAP server did not store every draft.

    The drafts stored before the failure stay stored: :attr:`stored` lists
    them and :attr:`not_stored` the due drafts that are not in the folder, and
    the message says both. Running again stores the rest (a draft already in
    the folder is skipped).
    """

    def __init__(
        self,
        message: str,
        *,
        host: str,
        stored: Sequence[SavedDraft] = (),
        not_stored: Sequence[Draft] = (),
    ) -> None:
        self.host = host
        self.reason = message
        """What went wrong and what to do, without what was stored."""
        self.stored: tuple[SavedDraft, ...] = tuple(stored)
        self.not_stored: tuple[Draft, ...] = tuple(not_stored)
        if self.stored:
            message += (
                f"; stored before that: {_labels(s.draft for s in self.stored)}; "
                f"not stored: {_labels(self.not_stored)} (run again to store the rest)"
            )
        elif self.not_stored:
            message += f"; none of the {len(self.not_stored)} drafts due was stored"
        super().__init__(message)


def _labels(drafts: Iterable[Draft]) -> str:
    return ", ".join(draft.label for draft in drafts) or "none"


class ImapConnectionError(ImapError, ConnectionError):
    """The IMAP server could not be reached, did not prove who it is (TLS), or the
    connection broke."""


class ImapLoginError(ImapError, PermissionError):
    """The IMAP server refused the login."""


class ImapFolderError(ImapError, LookupError):
    """The account has no folder marked as the Drafts folder, or not the folder named."""


Status = Literal["stored", "present", "would_store"]
"""What became of a due draft: ``stored`` now; ``present``, a message with its
``Message-ID`` was in the folder already and was left alone; ``would_store``, a
dry run found it missing and stored nothing."""

_SHOWN = {"stored": "stored", "present": "present", "would_store": "would store"}


@dataclass(frozen=True, slots=True)
class SavedDraft:
    """One due draft and what became of it in the Drafts folder."""

    draft: Draft
    message_id: str
    status: Status
    uid: int | None = None
    """Its UID in the folder: of the message stored, when the server reports it
    (UIDPLUS ``APPENDUID``), or of the message found there."""

    def __str__(self) -> str:
        text = f"{_SHOWN[self.status]:<11} {self.draft.label}"
        return f"{text}  (UID {self.uid})" if self.uid is not None else text


@dataclass(frozen=True, slots=True)
class SaveReport:
    """What :func:`save_drafts` did: the folder, each due draft, and the drafts not due."""

    host: str
    folder: str
    """The Drafts folder's name as people read it (decoded from IMAP's modified UTF-7)."""
    drafts: tuple[SavedDraft, ...]
    """Each due draft, in the plan's order."""
    later: tuple[Draft, ...] = ()
    """The drafts of the plan that are not due yet: run again on or after their day."""
    dry_run: bool = False
    """Whether nothing was stored, only looked for."""

    @property
    def stored(self) -> tuple[SavedDraft, ...]:
        """The drafts stored by this call."""
        return tuple(d for d in self.drafts if d.status == "stored")

    @property
    def present(self) -> tuple[SavedDraft, ...]:
        """The drafts that were in the folder already, left alone."""
        return tuple(d for d in self.drafts if d.status == "present")

    def summary(self) -> str:
        """One line: how many drafts were stored (or would be), found, and are due later."""
        counts = dict.fromkeys(_SHOWN, 0)
        for saved in self.drafts:
            counts[saved.status] += 1
        done = (
            f"{counts['would_store']} would be stored (dry run)"
            if self.dry_run
            else f"{counts['stored']} stored"
        )
        text = f"{self.folder} on {self.host}: {done}, {counts['present']} there already"
        if self.later:
            first = min(draft.send_on for draft in self.later)
            text += f"; {len(self.later)} due later, the first on {first.isoformat()}"
        return text


# --- folder names: IMAP's modified UTF-7 (RFC 3501, 5.1.3) -----------------------------------


def encode_folder_name(name: str) -> str:
    """*name* in IMAP's modified UTF-7: printable ASCII as it is (``&`` as ``&-``),
    anything else as ``&``, modified base64 of UTF-16 and ``-``.

    >>> encode_folder_name("Entwürfe")
    'Entw&APw-rfe'
    >>> encode_folder_name("Tom & Jerry")
    'Tom &- Jerry'
    """
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            data = "".join(pending).encode("utf-16-be")
            out.append("&" + base64.b64encode(data).decode("ascii").rstrip("=").replace("/", ","))
            out.append("-")
            pending.clear()

    for char in name:
        if " " <= char <= "~":
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return "".join(out)


_ENCODED = re.compile(r"&([A-Za-z0-9+,]*)-")


def decode_folder_name(name: str) -> str:
    """A folder name in IMAP's modified UTF-7 as people read it; a name that is not
    valid modified UTF-7 is returned as it is.

    >>> decode_folder_name("Entw&APw-rfe")
    'Entwürfe'
    """

    def decoded(found: re.Match[str]) -> str:
        if not found[1]:
            return "&"
        data = found[1].replace(",", "/")
        return base64.b64decode(data + "=" * (-len(data) % 4)).decode("utf-16-be")

    try:
        return _ENCODED.sub(decoded, name)
    except (ValueError, UnicodeDecodeError):
        return name


def _quoted(text: str) -> str:
    """*text* as an IMAP quoted string: backslash and double quote escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- the options --------------------------------------------------------------------------------

_UNSENDABLE = re.compile(r"[\x00\r\n]")


def _checked(
    *, host: str, port: int, username: str, password: str, ssl: bool, starttls: bool
) -> None:
    if not isinstance(host, str) or not host or re.search(r"[\s\x00-\x1f\x7f]", host):
        raise OptionError("host", host, "must be a host name such as imap.example.com")
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise OptionError("port", port, "must be a port number such as 993")
    for option, value in (("username", username), ("password", password)):
        if not isinstance(value, str) or _UNSENDABLE.search(value):
            # The value itself is never shown: it may be a password.
            raise OptionError(option, "…", "must be text without line breaks or NUL")
    if ssl and starttls:
        raise OptionError(
            "starttls", True, "needs ssl=False: STARTTLS upgrades a plain connection (port 143)"
        )
    if not ssl and not starttls and not _loopback(host):
        raise OptionError(
            "ssl",
            False,
            f"would send the password to {host!r} unencrypted; use ssl=True (port 993) or "
            "starttls=True (port 143); plain IMAP is only for this machine (127.0.0.1)",
        )


def _loopback(host: str) -> bool:
    """Whether *host* is this machine by its name or address (never looked up)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# --- talking to the server ----------------------------------------------------------------------

_REPLY_SHOWN = 200


def _reply(data: object) -> str:
    """A server's reply as a short line of text (it is the server's, not ours)."""
    if isinstance(data, list | tuple):
        data = next((item for item in reversed(data) if item), b"")
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    text = " ".join(str(data).split())
    return text if len(text) <= _REPLY_SHOWN else text[: _REPLY_SHOWN - 1] + "…"


class _Session:
    """One connection, and what went wrong said in the user's terms; logged out (or
    closed) when the ``with`` block ends."""

    def __init__(self, connection: imaplib.IMAP4, host: str, port: int) -> None:
        self.connection = connection
        self.host = host
        self.where = f"{host}:{port}"

    def __enter__(self) -> _Session:
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            self.connection.logout()
        except (OSError, imaplib.IMAP4.error):
            _close(self.connection)  # the server went away: nothing to close politely

    def command(self, what: str, typ: str, data: Sequence[object]) -> Sequence[object]:
        if typ != "OK":
            raise ImapError(
                f"the IMAP server {self.host} refused to {what}: {_reply(data)}", host=self.host
            )
        return data

    def capabilities(self) -> set[str]:
        """The server's capabilities as it states them after the login."""
        typ, data = self.connection.capability()
        return set(_reply(self.command("state its capabilities", typ, data)).upper().split())


def _connect(
    host: str,
    port: int,
    *,
    ssl: bool,
    starttls: bool,
    context: tls.SSLContext | None,
    timeout: float,
) -> imaplib.IMAP4:
    where = f"{host}:{port}"
    context = context or tls.create_default_context()
    connection: imaplib.IMAP4 | None = None
    try:
        if ssl:
            connection = imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=timeout)
        else:
            connection = imaplib.IMAP4(host, port, timeout=timeout)
        # No command is ever written to the screen, whatever imaplib.Debug says: the
        # LOGIN command holds the password.
        connection.debug = 0
        if starttls:
            if "STARTTLS" not in connection.capabilities:
                raise ImapConnectionError(
                    f"the IMAP server {where} does not offer STARTTLS; use TLS from the "
                    "start (ssl=True, port 993)",
                    host=host,
                )
            connection.starttls(ssl_context=context)
        return connection
    except ImapError:
        _close(connection)
        raise
    except tls.SSLCertVerificationError as err:
        _close(connection)
        raise ImapConnectionError(
            f"the IMAP server {where} did not prove who it is ({err.verify_message}); "
            "check the host name, or trust its certificate (ssl_context=, or SSL_CERT_FILE)",
            host=host,
        ) from None
    except tls.SSLError as err:
        _close(connection)
        raise ImapConnectionError(
            f"TLS with the IMAP server {where} failed ({err.reason or err}); port 993 is "
            "TLS from the start (ssl=True), port 143 plain IMAP upgraded with STARTTLS",
            host=host,
        ) from None
    except (OSError, imaplib.IMAP4.error) as err:
        _close(connection)
        raise ImapConnectionError(
            f"cannot reach the IMAP server {where} ({_why(err)}); check the host name, the "
            "port and the network",
            host=host,
        ) from None


def _close(connection: imaplib.IMAP4 | None) -> None:
    if connection is not None:
        with suppress(OSError):  # already gone
            connection.shutdown()


def _why(err: BaseException) -> str:
    if isinstance(err, TimeoutError):
        return "no answer in time"
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    return _reply(str(err)) or type(err).__name__


def _login(session: _Session, username: str, password: str) -> None:
    connection = session.connection
    if "LOGINDISABLED" in connection.capabilities:
        raise ImapLoginError(
            f"the IMAP server {session.where} takes no password over this connection; "
            "use TLS (ssl=True, or starttls=True)",
            host=session.host,
        )
    try:
        if username.isascii() and password.isascii():
            connection.login(_quoted(username), password)
        elif "AUTH=PLAIN" in connection.capabilities:
            secret = f"\0{username}\0{password}".encode()
            connection.authenticate("PLAIN", lambda _challenge: secret)
        else:
            raise ImapLoginError(
                f"the IMAP server {session.where} takes a user name or password with "
                "characters other than ASCII only through AUTH=PLAIN, which it does not offer",
                host=session.host,
            )
    except imaplib.IMAP4.abort as err:
        raise ImapConnectionError(
            f"the IMAP server {session.where} closed the connection at the login "
            f"({_reply(str(err))})",
            host=session.host,
        ) from None
    except imaplib.IMAP4.error as err:
        raise ImapLoginError(
            f"the IMAP server {session.host} refused the login of {username!r} "
            f"({_reply(str(err))}); check the user name and the password",
            host=session.host,
        ) from None


# --- the Drafts folder --------------------------------------------------------------------------

_LIST_ROW = re.compile(
    rb'\((?P<flags>[^)]*)\) (?P<delimiter>"(?:[^"\\]|\\.)*"|NIL) (?P<name>.*)', re.I
)
_LITERAL = re.compile(rb"\{\d+\+?\}")


@dataclass(frozen=True, slots=True)
class _Folder:
    name: str
    """As the server writes it: modified UTF-7."""
    flags: frozenset[str]


def _folders(rows: Sequence[object]) -> list[_Folder]:
    """The folders of a LIST reply (a row is bytes, or a name sent as a literal)."""
    found = []
    for row in rows:
        literal = None
        if isinstance(row, tuple) and len(row) == 2:
            row, literal = row
        if not isinstance(row, bytes):
            continue
        matched = _LIST_ROW.fullmatch(row.strip())
        if matched is None:
            continue
        raw = matched["name"]
        if literal is not None and _LITERAL.fullmatch(raw):
            raw = literal
        elif raw.startswith(b'"') and raw.endswith(b'"') and len(raw) > 1:
            raw = re.sub(rb"\\(.)", rb"\1", raw[1:-1])
        flags = frozenset(
            flag.lower() for flag in matched["flags"].decode("ascii", "replace").split()
        )
        found.append(_Folder(raw.decode("utf-8", "replace"), flags))
    return found


def _list(session: _Session, *arguments: str) -> list[_Folder]:
    connection = session.connection
    connection.response("LIST")  # drop any rows a server sent unasked
    typ, data = connection.xatom("LIST", *arguments)
    session.command("list the folders", typ, data)
    _, rows = connection.response("LIST")
    return _folders([row for row in rows if row is not None])


def _drafts_folder(session: _Session, folder: str | None, capabilities: set[str]) -> _Folder:
    if folder is not None:
        name = encode_folder_name(folder)
        every = _list(session, '""', '"*"')
        chosen = next((f for f in every if f.name == name), None)
        if chosen is None or "\\noselect" in chosen.flags or "\\nonexistent" in chosen.flags:
            names = ", ".join(repr(decode_folder_name(f.name)) for f in every[:20])
            raise ImapFolderError(
                f"the IMAP account on {session.host} has no folder {folder!r}; "
                f"it has {names or 'none'}",
                host=session.host,
            )
        return chosen
    # RFC 6154: the server marks the Drafts folder; with SPECIAL-USE it lists the
    # marked folders when asked, and many servers mark them in any LIST reply.
    if "SPECIAL-USE" in capabilities:
        marked = _list(session, "(SPECIAL-USE)", '""', '"*"')
    else:
        marked = _list(session, '""', '"*"')
    drafts = [f for f in marked if "\\drafts" in f.flags and "\\noselect" not in f.flags]
    if not drafts:
        raise ImapFolderError(
            f"the IMAP account on {session.host} has no folder marked as the Drafts folder "
            "(\\Drafts, RFC 6154); name the folder to use (--folder on the command line, "
            "folder= in Python)",
            host=session.host,
        )
    return drafts[0]


# --- saving -------------------------------------------------------------------------------------

_APPENDUID = re.compile(rb"\[APPENDUID \d+ (\d+)\]", re.I)


def _uid(data: Sequence[object]) -> int | None:
    for item in data:
        if isinstance(item, bytes) and (found := _APPENDUID.search(item)):
            return int(found[1])
    return None


def _found(session: _Session, message_id: str) -> int | None:
    """The UID of a message in the selected folder with *message_id*, if any."""
    typ, data = session.connection.uid("SEARCH", "HEADER", "Message-ID", _quoted(message_id))
    uids = _reply(session.command("search the folder", typ, data)).split()
    return int(uids[0]) if uids and uids[0].isdigit() else None


def _refused(session: _Session, draft: Draft, reply: object) -> str:
    return f"the IMAP server {session.host} refused the draft {draft.label!r}: {_reply(reply)}"


def _internal_date(day: dt.date) -> dt.datetime:
    """The date the folder files a draft under: its send date (never the clock)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def save_drafts(
    plan: FollowUpPlan,
    *,
    host: str,
    port: int = 993,
    username: str,
    password: str,
    folder: str | None = None,
    ssl: bool = True,
    starttls: bool = False,
    today: dt.date | None = None,
    dry_run: bool = False,
    options: MailOptions | None = None,
    ssl_context: tls.SSLContext | None = None,
    timeout: float = 30.0,
) -> SaveReport:
    """Store each due draft of *plan* in the account's Drafts folder on the IMAP
    server *host*, flagged ``\\Draft``; a draft whose ``Message-ID`` is there already
    is left alone.

    The connection is TLS from the start (*ssl*, port 993), or plain IMAP upgraded
    with STARTTLS (*starttls* with ``ssl=False``, usually port 143); the server's
    certificate is checked against the system's trusted authorities, or
    *ssl_context*'s. Plain IMAP (both false) is refused for any host but this
    machine. The folder is the one the server marks as the Drafts folder (RFC 6154
    ``\\Drafts``), or *folder* when given. A draft is due when its send date is on or
    before *today* (default: the day the plan was made for, else the interview
    day). With *dry_run* nothing is stored: the report says what would be.
    *options* build the messages as :func:`followup.export.mail.to_email` does;
    only ASCII messages can be stored (not ``smtputf8`` addresses).

    Raises :class:`~followup.errors.OptionError` for a bad option and an
    :class:`~followup.errors.ImapError` (:class:`~followup.errors.ImapConnectionError`,
    :class:`~followup.errors.ImapLoginError`, :class:`~followup.errors.ImapFolderError`)
    when the server cannot be reached, refuses the login, has no such folder, or
    refuses a draft; drafts stored before that stay stored and the error lists them.
    """
    _checked(
        host=host, port=port, username=username, password=password, ssl=ssl, starttls=starttls
    )
    if today is not None and (isinstance(today, dt.datetime) or not isinstance(today, dt.date)):
        raise OptionError("today", today, "must be a datetime.date such as date(2026, 11, 24)")
    due_by = today or plan.today or plan.interview.date
    built = messages(plan, options=options)
    due = []
    for draft, message in zip(plan.drafts, built, strict=True):
        if draft.send_on > due_by or draft.sent_on is not None or draft.id in plan.skipped:
            continue  # not due yet, or already sent (or left behind), as the facts record
        raw = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
        if not raw.isascii():
            raise ExportError(
                f"draft {draft.label!r}: its message has characters other than ASCII in "
                "its headers (smtputf8), which followup does not store over IMAP; use an "
                "ASCII address"
            )
        due.append((draft, str(message["Message-ID"]), raw))
    later = tuple(d for d in plan.drafts if d.send_on > due_by)
    connection = _connect(
        host, port, ssl=ssl, starttls=starttls, context=ssl_context, timeout=timeout
    )
    with _Session(connection, host, port) as session:
        try:
            _login(session, username, password)
            chosen = _drafts_folder(session, folder, session.capabilities())
            mailbox = _quoted(chosen.name)
            typ, data = session.connection.select(mailbox, readonly=True)
            session.command(f"open the folder {decode_folder_name(chosen.name)!r}", typ, data)
            saved = _store(session, mailbox, due, dry_run=dry_run)
        except ImapError:
            raise
        except (OSError, imaplib.IMAP4.abort) as err:
            raise ImapConnectionError(
                f"the connection to the IMAP server {session.where} broke ({_why(err)})",
                host=host,
            ) from None
        except imaplib.IMAP4.error as err:
            raise ImapError(
                f"the IMAP server {host} did not understand followup ({_reply(str(err))})",
                host=host,
            ) from None
    return SaveReport(host, decode_folder_name(chosen.name), tuple(saved), later, dry_run)


def _store(
    session: _Session,
    mailbox: str,
    due: list[tuple[Draft, str, bytes]],
    *,
    dry_run: bool,
) -> list[SavedDraft]:
    """Append each draft of *due* not in the folder; what became of each. A failure
    midway raises an :class:`ImapError` that lists what was stored and what not."""
    saved: list[SavedDraft] = []
    # First what is there already, then the appends: the folder is searched as it was.
    found = [
        (draft, message_id, data, _found(session, message_id)) for draft, message_id, data in due
    ]
    for index, (draft, message_id, data, uid) in enumerate(found):
        if uid is not None:
            saved.append(SavedDraft(draft, message_id, "present", uid))
            continue
        if dry_run:
            saved.append(SavedDraft(draft, message_id, "would_store"))
            continue
        failure: tuple[type[ImapError], str]
        try:
            typ, reply = session.connection.append(
                mailbox, "(\\Draft \\Seen)", _internal_date(draft.send_on), data
            )
        except (OSError, imaplib.IMAP4.abort) as err:
            failure = (
                ImapConnectionError,
                f"the connection to the IMAP server {session.where} broke ({_why(err)})",
            )
        except imaplib.IMAP4.error as err:
            failure = ImapError, _refused(session, draft, str(err))
        else:
            if typ == "OK":
                saved.append(SavedDraft(draft, message_id, "stored", _uid(reply)))
                continue
            failure = ImapError, _refused(session, draft, reply)
        kind, reason = failure
        raise kind(
            reason,
            host=session.host,
            stored=[s for s in saved if s.status == "stored"],
            not_stored=[d for d, _, _, uid in found[index:] if uid is None],
        )
    return saved
