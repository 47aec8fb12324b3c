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

import ast
import base64
import datetime as dt
import imaplib
import io
import ipaddress
import math
import re
import socket
import ssl as tls
import time
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from followup._text import UNSHOWN, shown, shown_line
from followup.drafts import Draft
from followup.errors import ExportError, OptionError
from followup.export.mail import MailOptions, messages

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer, WriteableBuffer

    from followup.plans import FollowUpPlan

__all__ = [
    "TIME_LIMIT",
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
        # The folder's name is the server's: one line, whatever it holds.
        text = (
            f"{shown_line(self.folder)} on {self.host}: {done}, {counts['present']} there already"
        )
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


_QUOTABLE = re.compile(r"[\x01-\x09\x0b\x0c\x0e-\x7f]*")
"""What an IMAP quoted string can carry: ASCII but NUL, CR and LF (RFC 3501, 9)."""


def _quoted(text: str) -> str:
    """*text* as an IMAP quoted string: backslash and double quote escaped.

    Raises ``ValueError`` for text no quoted string can carry (a line break, a NUL,
    anything but ASCII): followup refuses such a folder name before it gets here.
    """
    if not _QUOTABLE.fullmatch(text):
        raise ValueError(f"{text[:80]!r} cannot travel as an IMAP quoted string")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- the options --------------------------------------------------------------------------------

_UNSENDABLE = re.compile(r"[\x00\r\n]")

TIME_LIMIT = 120.0
"""How many seconds a whole session with the server may take unless told otherwise:
connecting, logging in, finding the folder and storing every draft."""


def _checked(
    *,
    host: str,
    port: int,
    username: str,
    password: str,
    folder: str | None,
    ssl: bool,
    starttls: bool,
    timeout: float,
    time_limit: float,
) -> None:
    if not isinstance(host, str) or not host or re.search(r"[\s\x00-\x1f\x7f]", host):
        raise OptionError("host", host, "must be a host name such as imap.example.com")
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise OptionError("port", port, "must be a port number such as 993")
    for option, value in (("username", username), ("password", password)):
        if not isinstance(value, str) or _UNSENDABLE.search(value):
            # The value itself is never shown: it may be a password.
            raise OptionError(option, "…", "must be text without line breaks or NUL")
    if folder is not None and not isinstance(folder, str):
        raise OptionError("folder", folder, "must be a folder name such as 'Drafts'")
    for option, seconds in (("timeout", timeout), ("time_limit", time_limit)):
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, int | float)
            or not 0 < seconds < math.inf
        ):
            raise OptionError(option, seconds, "must be a number of seconds such as 30")
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


# --- what a server may send: bounded ------------------------------------------------------------

_LINE_MAX = 65_536
"""The longest line of an answer followup reads (a capability list or a folder's row
is a few hundred bytes)."""
_LITERAL_MAX = 65_536
"""The most bytes a server may send in one piece (a literal: a folder name, at most)."""
_LINES_MAX = 100_000
"""The most lines a session reads: rows of the folder list, mostly."""
_RECEIVED_MAX = 16 * 1024 * 1024
"""The most bytes a session reads in all."""


class _Overrun(Exception):  # noqa: N818 - not an error of followup's: the server's
    """The server sent more than any answer followup waits for needs, or took longer
    than the session may: followup hangs up. Neither an ``OSError`` nor an imaplib
    error, which imaplib catches and words anew."""


@dataclass(slots=True)
class _Limits:
    """What a session may still take: time until its deadline, bytes and lines."""

    seconds: float
    """The time the whole session may take, as given."""
    idle: float
    """The longest wait for any one answer."""
    deadline: float
    """When the session must end, on :func:`time.monotonic`'s clock."""
    received: int = 0
    lines: int = 0

    def timeout(self) -> float:
        """How long the next read or write may wait: the idle timeout, or the time
        left when that is less; :class:`_Overrun` when no time is left."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _Overrun(f"took more than {self.seconds:g} seconds in all")
        return min(self.idle, left)


class _Socket(io.RawIOBase):
    """A socket read within a session's limits: each read waits only as long as the
    session has left, and counts the bytes."""

    def __init__(self, sock: socket.socket, limits: _Limits) -> None:
        super().__init__()
        self.sock = sock
        self.limits = limits

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        self.sock.settimeout(self.limits.timeout())
        try:
            count = self.sock.recv_into(buffer)
        except TimeoutError:
            self.limits.timeout()  # the session's time is up: say that instead
            raise
        self.limits.received += count
        if self.limits.received > _RECEIVED_MAX:
            raise _Overrun(f"sent more than {_RECEIVED_MAX // 2**20} MB")
        return count


class _Connection(imaplib.IMAP4):
    """imaplib's client within limits no server can stretch: one deadline for the
    whole session (a server that answers a byte at a time cannot keep it going), and
    a bound on each line, each literal, the lines and the bytes it reads (imaplib
    keeps every row of an answer and reads a literal of any size it is told)."""

    def __init__(self, host: str, port: int, *, limits: _Limits, **options: Any) -> None:
        self.limits = limits
        self._reads_from: object = None
        self._buffer: io.BufferedReader | None = None
        super().__init__(host, port, timeout=limits.timeout(), **options)

    def _reader(self) -> io.BufferedReader:
        # A new socket (after STARTTLS) gets a new buffer, as in imaplib: nothing
        # the server sent before TLS is read as if it came through it.
        if self._buffer is None or self._reads_from is not self.sock:
            self._reads_from = self.sock
            self._buffer = io.BufferedReader(_Socket(self.sock, self.limits))
        return self._buffer

    def readline(self) -> bytes:
        self.limits.lines += 1
        if self.limits.lines > _LINES_MAX:
            raise _Overrun(f"sent more than {_LINES_MAX} lines")
        line = self._reader().readline(_LINE_MAX + 1)
        if len(line) > _LINE_MAX:
            raise _Overrun(f"sent a line of more than {_LINE_MAX} bytes")
        return line

    def read(self, size: int) -> bytes:
        if size > _LITERAL_MAX:
            raise _Overrun(
                f"announced {size} bytes in one piece (a literal); no answer followup "
                f"waits for needs more than {_LITERAL_MAX}"
            )
        return self._reader().read(size)

    def send(self, data: ReadableBuffer) -> None:
        self.sock.settimeout(self.limits.timeout())
        try:
            super().send(data)
        except TimeoutError:
            self.limits.timeout()
            raise


class _TlsConnection(_Connection, imaplib.IMAP4_SSL):
    """The same, over TLS from the start."""


# --- talking to the server ----------------------------------------------------------------------

_REPLY_SHOWN = 200


def _reply(data: object, hidden: Iterable[str] = ()) -> str:
    """A server's reply as a short line of text (it is the server's, not ours): decoded,
    each of *hidden* (the password in the forms it was sent) replaced by ``…``,
    control characters escaped."""
    if isinstance(data, BaseException):
        data = data.args[0] if len(data.args) == 1 else str(data)
    if isinstance(data, list):
        data = next((item for item in reversed(data) if item), b"")
    if isinstance(data, tuple):  # a row with a literal
        data = b" ".join(part for part in data if isinstance(part, bytes))
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    # imaplib quotes what the server said as Python writes bytes (b'…'): as text instead.
    text = _BYTES_REPR.sub(_as_text, str(data))
    for secret in sorted(hidden, key=len, reverse=True):
        if secret:
            text = text.replace(secret, "…")
    text = shown(" ".join(text.split()))
    return text if len(text) <= _REPLY_SHOWN else text[: _REPLY_SHOWN - 1] + "…"


_BYTES_REPR = re.compile(r"""\bb(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")


def _as_text(found: re.Match[str]) -> str:
    try:
        value = ast.literal_eval(found[0])
    except (ValueError, SyntaxError):  # not a bytes literal after all
        return found[0]
    return repr(value.decode("utf-8", "replace")) if isinstance(value, bytes) else found[0]


def _secrets(username: str, password: str) -> tuple[str, ...]:
    """The password in each form it travels in: as it is, quoted (LOGIN), and in base64
    (AUTHENTICATE PLAIN): a server that echoes it back never gets it into a message."""
    escaped = password.replace("\\", "\\\\").replace('"', '\\"')
    plain = f"\0{username}\0{password}".encode()
    return (
        password,
        escaped,
        base64.b64encode(plain).decode("ascii"),
        base64.b64encode(password.encode()).decode("ascii"),
    )


_SERVERS_DOING = (_Overrun, OSError, imaplib.IMAP4.error, ValueError, LookupError)
"""What talking to a server can raise because of what the server sent (or did not):
each becomes an :class:`ImapError`, never a traceback."""


class _Session:
    """One connection, and what went wrong said in the user's terms; logged out (or
    closed) when the ``with`` block ends."""

    def __init__(
        self, connection: imaplib.IMAP4, host: str, port: int, *, hidden: Sequence[str] = ()
    ) -> None:
        self.connection = connection
        self.host = host
        self.where = f"{host}:{port}"
        self.hidden = tuple(hidden)

    def __enter__(self) -> _Session:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc_info: object) -> None:
        if kind is not None:
            # Nothing more is said to a server that failed: it may be mid-answer.
            _close(self.connection)
            return
        try:
            self.connection.logout()
        except _SERVERS_DOING:
            _close(self.connection)  # the server went away: nothing to close politely

    def said(self, data: object) -> str:
        """What the server said, as a message shows it (never the password)."""
        return _reply(data, self.hidden)

    def command(self, what: str, typ: str, data: Sequence[object]) -> Sequence[object]:
        if typ != "OK":
            raise ImapError(
                f"the IMAP server {self.host} refused to {what}: {self.said(list(data))}",
                host=self.host,
            )
        return data

    def capabilities(self) -> set[str]:
        """The server's capabilities as it states them after the login."""
        typ, data = self.connection.capability()
        self.command("state its capabilities", typ, data)
        return {
            word
            for item in data
            if isinstance(item, bytes)
            for word in item.decode("ascii", "replace").upper().split()
        }

    def failure(self, err: BaseException) -> tuple[type[ImapError], str]:
        """*err*, raised while talking to the server (one of :data:`_SERVERS_DOING`),
        as the kind of :class:`ImapError` and the reason it gives."""
        if isinstance(err, _Overrun):
            return (
                ImapConnectionError,
                f"the IMAP server {self.where} {err}; followup hung up",
            )
        if isinstance(err, OSError | imaplib.IMAP4.abort):
            return (
                ImapConnectionError,
                f"the connection to the IMAP server {self.where} broke ({_why(err, self.hidden)})",
            )
        if isinstance(err, imaplib.IMAP4.error):
            return (
                ImapError,
                f"the IMAP server {self.host} did not understand followup ({self.said(err)})",
            )
        return (
            ImapError,
            f"the IMAP server {self.host} sent an answer followup cannot read ({self.said(err)})",
        )


def _connect(
    host: str,
    port: int,
    *,
    ssl: bool,
    starttls: bool,
    context: tls.SSLContext | None,
    limits: _Limits,
) -> imaplib.IMAP4:
    where = f"{host}:{port}"
    context = context or tls.create_default_context()
    connection: imaplib.IMAP4 | None = None
    try:
        if ssl:
            connection = _TlsConnection(host, port, limits=limits, ssl_context=context)
        else:
            connection = _Connection(host, port, limits=limits)
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
    except _Overrun as err:
        _close(connection)
        raise ImapConnectionError(
            f"the IMAP server {where} {err}; followup hung up", host=host
        ) from None
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
    except (ValueError, LookupError) as err:
        _close(connection)
        raise ImapConnectionError(
            f"the IMAP server {where} sent an answer followup cannot read ({_reply(err)})",
            host=host,
        ) from None


def _close(connection: imaplib.IMAP4 | None) -> None:
    if connection is not None:
        with suppress(OSError):  # already gone
            connection.shutdown()


def _why(err: BaseException, hidden: Iterable[str] = ()) -> str:
    if isinstance(err, TimeoutError):
        return "no answer in time"
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    return _reply(err, hidden) or type(err).__name__


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
            f"({session.said(err)})",
            host=session.host,
        ) from None
    except imaplib.IMAP4.error as err:
        raise ImapLoginError(
            f"the IMAP server {session.host} refused the login of {username!r} "
            f"({session.said(err)}); check the user name and the password",
            host=session.host,
        ) from None


# --- the Drafts folder --------------------------------------------------------------------------

_LIST_ROW = re.compile(
    rb'\((?P<flags>[^)]*)\) (?P<delimiter>"(?:[^"\\]|\\.)*"|NIL) '
    # The name: a literal (its bytes follow the row), quoted, or an atom; then, with
    # LIST-EXTENDED, more data (CHILDINFO …) that followup does not need.
    rb'(?:\{(?P<literal>\d+)\+?\}|"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<atom>[^\s()"{\\]+))'
    rb"(?: .*)?",
    re.I | re.S,
)
_NAME_MAX = 1000
"""The longest folder name followup sends back to a server, in bytes."""
_PRINTABLE = re.compile(rb"[\x20-\x7e]+")


@dataclass(frozen=True, slots=True)
class _Folder:
    raw: bytes
    """The name as the server listed it."""
    flags: frozenset[str]

    @property
    def name(self) -> str | None:
        """The name as followup sends it back: printable ASCII (modified UTF-7) as it
        is; UTF-8, which some servers send although IMAP asks for modified UTF-7,
        encoded in modified UTF-7. None for anything else (a line break, a NUL, a
        control character, bytes of no known encoding), which no command can carry."""
        raw = self.raw
        if len(raw) > _NAME_MAX:
            return None
        if _PRINTABLE.fullmatch(raw):
            return raw.decode("ascii")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if not text or UNSHOWN.search(text) or "\n" in text or "\t" in text:
            return None
        return encode_folder_name(text)

    @property
    def shown(self) -> str:
        """The name as people read it, for messages: decoded, quoted, at most 80 long."""
        name = self.name
        text = (
            decode_folder_name(name) if name is not None else self.raw.decode("utf-8", "replace")
        )
        quoted = repr(text)
        return quoted if len(quoted) <= 80 else quoted[:79] + "…"


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
        if matched["literal"] is not None:
            if not isinstance(literal, bytes):
                continue
            raw = literal
        elif matched["quoted"] is not None:
            raw = re.sub(rb"\\(.)", rb"\1", matched["quoted"], flags=re.S)
        else:
            raw = matched["atom"]
        flags = frozenset(
            flag.lower() for flag in matched["flags"].decode("ascii", "replace").split()
        )
        found.append(_Folder(raw, flags))
    return found


def _list(session: _Session, *arguments: str) -> list[_Folder]:
    connection = session.connection
    connection.response("LIST")  # drop any rows a server sent unasked
    typ, data = connection.xatom("LIST", *arguments)
    session.command("list the folders", typ, data)
    _, rows = connection.response("LIST")
    return _folders([row for row in rows if row is not None])


def _drafts_folder(
    session: _Session, folder: str | None, capabilities: set[str]
) -> tuple[_Folder, str]:
    """The folder to store the drafts in, and its name as followup sends it."""
    if folder is not None:
        name = encode_folder_name(folder)
        every = _list(session, '""', '"*"')
        chosen = next((f for f in every if f.name == name), None)
        if chosen is None or "\\noselect" in chosen.flags or "\\nonexistent" in chosen.flags:
            names = ", ".join(f.shown for f in every[:20])
            raise ImapFolderError(
                f"the IMAP account on {session.host} has no folder {folder!r}; "
                f"it has {names or 'none'}",
                host=session.host,
            )
        return chosen, name
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
    chosen = drafts[0]
    if chosen.name is None:
        raise ImapFolderError(
            f"the IMAP server {session.host} marks as the Drafts folder {chosen.shown}, a "
            "name no IMAP command can carry (a line break, a NUL, a control character or "
            "bytes of no known encoding); name the folder to use (--folder on the command "
            "line, folder= in Python)",
            host=session.host,
        )
    return chosen, chosen.name


# --- saving -------------------------------------------------------------------------------------

_UID_MAX = 2**32 - 1
"""The largest UID there is (RFC 3501: a 32-bit number)."""
_APPENDUID = re.compile(rb"\[APPENDUID [0-9]{1,10} ([0-9]{1,10})\]", re.I)
_NUMBER = re.compile(rb"[0-9]{1,10}")


def _uid(data: Sequence[object]) -> int | None:
    """The UID the server gave a message it stored (UIDPLUS), if it gave a valid one."""
    for item in data:
        if isinstance(item, bytes) and (found := _APPENDUID.search(item)):
            uid = int(found[1])
            return uid if 0 < uid <= _UID_MAX else None
    return None


def _found(session: _Session, message_id: str) -> int | None:
    """The UID of a message in the selected folder with *message_id*, if any."""
    typ, data = session.connection.uid("SEARCH", "HEADER", "Message-ID", _quoted(message_id))
    session.command("search the folder", typ, data)
    uids = []
    for row in data:
        if row is None:
            continue
        words = row.split() if isinstance(row, bytes) else [b"?"]
        if not all(_NUMBER.fullmatch(word) and 0 < int(word) <= _UID_MAX for word in words):
            raise ImapError(
                f"the IMAP server {session.host} answered a search with {session.said(row)!r}, "
                "which is no list of message numbers (UIDs)",
                host=session.host,
            )
        uids += [int(word) for word in words]
    return uids[0] if uids else None


def _refused(session: _Session, draft: Draft, reply: object) -> str:
    return (
        f"the IMAP server {session.host} refused the draft {draft.label!r}: {session.said(reply)}"
    )


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
    time_limit: float = TIME_LIMIT,
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

    Each answer of the server is waited for at most *timeout* seconds, and the whole
    session takes at most *time_limit* seconds (:data:`TIME_LIMIT`), however the
    server answers; what a server may send is bounded too (a line, a literal, all of
    it), so a server can neither keep followup waiting nor fill its memory.

    Raises :class:`~followup.errors.OptionError` for a bad option and an
    :class:`~followup.errors.ImapError` (:class:`~followup.errors.ImapConnectionError`,
    :class:`~followup.errors.ImapLoginError`, :class:`~followup.errors.ImapFolderError`)
    when the server cannot be reached, refuses the login, has no such folder,
    refuses a draft, or sends what followup cannot read or too much of it; drafts
    stored before that stay stored and the error lists them.
    """
    _checked(
        host=host,
        port=port,
        username=username,
        password=password,
        folder=folder,
        ssl=ssl,
        starttls=starttls,
        timeout=timeout,
        time_limit=time_limit,
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
    limits = _Limits(time_limit, timeout, time.monotonic() + time_limit)
    connection = _connect(
        host, port, ssl=ssl, starttls=starttls, context=ssl_context, limits=limits
    )
    with _Session(connection, host, port, hidden=_secrets(username, password)) as session:
        try:
            _login(session, username, password)
            chosen, mailbox = _drafts_folder(session, folder, session.capabilities())
            typ, data = session.connection.select(_quoted(mailbox), readonly=True)
            session.command(f"open the folder {chosen.shown}", typ, data)
        except ImapError:
            raise
        except _SERVERS_DOING as err:
            kind, reason = session.failure(err)
            raise kind(reason, host=host) from None
        saved = _store(session, _quoted(mailbox), due, dry_run=dry_run)
    return SaveReport(host, decode_folder_name(mailbox), tuple(saved), later, dry_run)


def _store(
    session: _Session,
    mailbox: str,
    due: list[tuple[Draft, str, bytes]],
    *,
    dry_run: bool,
) -> list[SavedDraft]:
    """Append each draft of *due* not in the folder; what became of each. A failure
    at any point raises an :class:`ImapError` that lists what was stored and what not."""
    saved: list[SavedDraft] = []
    # First what is there already, then the appends: the folder is searched as it was.
    found: list[tuple[Draft, str, bytes, int | None]] = []
    failure: tuple[type[ImapError], str]
    try:
        for draft, message_id, data in due:
            found.append((draft, message_id, data, _found(session, message_id)))
    except ImapError as err:
        raise type(err)(err.reason, host=session.host, not_stored=[d for d, _, _ in due]) from None
    except _SERVERS_DOING as err:
        kind, reason = session.failure(err)
        raise kind(reason, host=session.host, not_stored=[d for d, _, _ in due]) from None
    for index, (draft, message_id, data, uid) in enumerate(found):
        if uid is not None:
            saved.append(SavedDraft(draft, message_id, "present", uid))
            continue
        if dry_run:
            saved.append(SavedDraft(draft, message_id, "would_store"))
            continue
        try:
            typ, reply = session.connection.append(
                mailbox, "(\\Draft \\Seen)", _internal_date(draft.send_on), data
            )
            if typ == "OK":
                saved.append(SavedDraft(draft, message_id, "stored", _uid(reply)))
                continue
            failure = ImapError, _refused(session, draft, reply)
        except imaplib.IMAP4.error as err:
            if isinstance(err, imaplib.IMAP4.abort):
                failure = session.failure(err)
            else:
                failure = ImapError, _refused(session, draft, err)
        except _SERVERS_DOING as err:
            failure = session.failure(err)
        kind, reason = failure
        raise kind(
            reason,
            host=session.host,
            stored=[s for s in saved if s.status == "stored"],
            not_stored=[d for d, _, _, uid in found[index:] if uid is None],
        )
    return saved
