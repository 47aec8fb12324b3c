"""E-mail: drafts as unsent ``EmailMessage`` objects, checked by re-parsing, and mail folders.

Every message is built from :class:`email.headerregistry.Address` objects with
``email.policy.default``, serialised, parsed back with the standard-library
parser, and compared with what was intended before it is returned: a header
that would smuggle in another header (CVE-2024-6923) or a display name that
would change the recipient list raises :class:`~followup.errors.ExportError`
instead of producing a message.

A thank-you note's message carries the files of the gifts it encloses
(:attr:`~followup.drafts.Draft.enclosures`); see :func:`attachments_for`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import html
import mailbox
import os
import re
import tempfile
import time
from collections.abc import Iterable, Sequence
from email import message_from_bytes, message_from_string, policy
from email.errors import HeaderParseError, MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from babel import Locale

from followup._text import LINE_MAX, check_line
from followup.errors import ExportError
from followup.facts import Candidate

if TYPE_CHECKING:
    from followup.drafts import Attachment, Draft, FollowUpPlan

__all__ = [
    "Sender",
    "attachments_for",
    "html_document",
    "messages",
    "plan_message",
    "to_email",
    "write_maildir",
    "write_mbox",
]

Sender = Candidate | Address | str
"""Who a message is from: a candidate, an ``Address``, or a plain ``name@example.com``."""

_MIME_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}")
_MAX_FILENAME = 200
_MAX_LINE = 78
_MOZILLA_DRAFT = "internal/draft; vcard=0; receipt=0; DSN=0; uuencode=0"


def _policy(smtputf8: bool) -> EmailPolicy[EmailMessage]:
    return policy.default.clone(utf8=True) if smtputf8 else policy.default


def _line(value: str, *, what: str, draft: Draft) -> str:
    """Defence in depth: facts are validated already, but drafts can be built by hand."""
    try:
        check_line(value)
    except ValueError as err:
        raise ExportError(f"{_where(draft)}: the {what} {value[:80]!r} {err}") from None
    if len(value) > LINE_MAX:
        raise ExportError(
            f"{_where(draft)}: the {what} is {len(value)} characters long; "
            f"e-mail headers take at most {LINE_MAX}"
        )
    return value


def _where(draft: Draft) -> str:
    return f"draft {draft.label!r}"


def _address(
    name: str | None, addr_spec: str, *, what: str, draft: Draft, smtputf8: bool
) -> Address:
    """An ``Address`` with the domain in its ASCII (IDNA) form."""
    if name is not None:
        _line(name, what=f"{what} name", draft=draft)
        # Runs of spaces do not survive header folding: "Dana  Rivera" reads back
        # as "Dana Rivera". Collapse them here so the re-parse check compares alike.
        name = " ".join(name.split())
    _line(addr_spec, what=f"{what} address", draft=draft)
    local, at, domain = addr_spec.rpartition("@")
    if not at or not local or not domain:
        raise ExportError(
            f"{_where(draft)}: the {what} address {addr_spec!r} is not an e-mail address; "
            "write it as name@example.com"
        )
    if not local.isascii() and not smtputf8:
        raise ExportError(
            f"{_where(draft)}: the {what} address {addr_spec!r} has non-ASCII characters "
            "before the @, which only SMTPUTF8 mail can carry; use an ASCII address "
            "or pass smtputf8=True"
        )
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError as err:
        raise ExportError(
            f"{_where(draft)}: the {what} address {addr_spec!r} has a domain that cannot "
            "be written in ASCII; check its spelling"
        ) from err
    try:
        return Address(display_name=name or "", username=local, domain=ascii_domain)
    except (ValueError, HeaderParseError) as err:
        raise ExportError(
            f"{_where(draft)}: the {what} address {addr_spec!r} is not usable: {err}"
        ) from err


def _sender(sender: Sender | None, draft: Draft, *, smtputf8: bool) -> Address | None:
    if sender is None:
        sender = draft.candidate
    if sender is None:
        return None
    if isinstance(sender, Address):
        return _address(
            sender.display_name or None,
            sender.addr_spec,
            what="sender",
            draft=draft,
            smtputf8=smtputf8,
        )
    if isinstance(sender, str):
        return _address(None, sender, what="sender", draft=draft, smtputf8=smtputf8)
    if sender.email is None:
        return None  # the mail client fills in the account's own address
    return _address(sender.name, sender.email, what="sender", draft=draft, smtputf8=smtputf8)


def _filename(attachment: Attachment, draft: Draft) -> str:
    """The attachment's base name, checked: no folders, control or bidi characters."""
    name = PureWindowsPath(PurePosixPath(attachment.filename).name).name
    if name in {"", ".", ".."} or len(name) > _MAX_FILENAME:
        raise ExportError(
            f"{_where(draft)}: the attachment file name {attachment.filename!r} is not a "
            f"usable file name; give a plain name of at most {_MAX_FILENAME} characters"
        )
    _line(name, what="attachment file name", draft=draft)
    return name


def _mime_type(attachment: Attachment, draft: Draft) -> tuple[str, str]:
    if not _MIME_TYPE.fullmatch(attachment.mime_type):
        raise ExportError(
            f"{_where(draft)}: the attachment {attachment.filename!r} has the MIME type "
            f"{attachment.mime_type!r}; use a lower-case type/subtype such as 'text/plain'"
        )
    maintype, _, subtype = attachment.mime_type.partition("/")
    return maintype, subtype


def html_document(draft: Draft) -> str:
    """The draft's HTML fragment wrapped in a minimal, complete HTML document."""
    locale = Locale.parse(draft.locale)
    direction = "rtl" if locale.character_order == "right-to-left" else "ltr"
    lang = html.escape(draft.locale.replace("_", "-"))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}" dir="{direction}">\n'
        '<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(draft.subject)}</title>\n</head>\n"
        f"<body>\n{draft.html}\n</body>\n</html>\n"
    )


def _cte(text: str) -> str:
    # An mbox file escapes body lines that start with "From " as ">From ", and
    # mail programs keep the ">": such a body travels in base64 instead.
    if _FROM_LINE.search(text):
        return "base64"
    # quoted-printable keeps non-ASCII text and long paragraphs readable and
    # within the line limits of any transport.
    short = all(len(line) <= _MAX_LINE for line in text.splitlines())
    return "7bit" if text.isascii() and short else "quoted-printable"


_FROM_LINE = re.compile(r"^>*From ", re.MULTILINE)


def _settle(message: EmailMessage) -> None:
    """Make the serialised message deterministic: boundaries from a hash of its parts
    (instead of random ones), and ``MIME-Version`` only at the top."""
    digest = hashlib.sha256()
    for part in message.walk():
        if not part.is_multipart():
            digest.update(part.as_bytes())
    for index, part in enumerate(message.walk()):
        if part is not message:
            del part["MIME-Version"]
        if part.is_multipart():
            part.set_boundary(f"followup-{digest.hexdigest()[:40]}-{index}")


def _unique(names: Iterable[str]) -> list[str]:
    """File names made unique within one message: ``tip.txt``, ``tip-2.txt``, …"""
    seen: set[str] = set()
    unique = []
    for name in names:
        stem, dot, suffix = name.rpartition(".")
        if not dot:
            stem, suffix = name, ""
        candidate, number = name, 1
        while candidate.lower() in seen:
            number += 1
            candidate = f"{stem}-{number}{dot}{suffix}"
        seen.add(candidate.lower())
        unique.append(candidate)
    return unique


def _body(text: str) -> str:
    return text.replace("\r\n", "\n").rstrip("\n") + "\n"


def to_email(
    draft: Draft,
    *,
    sender: Sender | None = None,
    date: dt.datetime | None = None,
    require_recipient: bool = False,
    attachments: Sequence[Attachment] | None = None,
    smtputf8: bool = False,
) -> EmailMessage:
    """The draft as an unsent e-mail message, re-parsed and checked before it is returned.

    *sender* replaces the draft's candidate as ``From``; a candidate without an
    e-mail address gives no ``From`` (the mail client fills in its account).
    A recipient without an e-mail address gives a message without ``To``, or an
    :class:`ExportError` when *require_recipient* is true. *date* (timezone-aware)
    becomes the ``Date`` header; without it there is none. *attachments*
    replaces the draft's own. *smtputf8* allows non-ASCII before the ``@``.
    """
    pol = _policy(smtputf8)
    from_ = _sender(sender, draft, smtputf8=smtputf8)
    recipient = draft.recipient
    to: Address | None = None
    if recipient.email is not None:
        to = _address(
            recipient.name, recipient.email, what="recipient", draft=draft, smtputf8=smtputf8
        )
    elif require_recipient:
        raise ExportError(
            f"{_where(draft)}: the recipient {recipient.name!r} has no e-mail address; "
            "add 'email' to that interviewer in the facts file"
        )
    else:
        _line(recipient.name, what="recipient name", draft=draft)
    subject = _line(draft.subject, what="subject", draft=draft)
    if date is not None and (date.tzinfo is None or date.utcoffset() is None):
        raise ExportError(
            f"{_where(draft)}: the date {date!r} has no time zone; "
            "pass an aware datetime such as datetime(..., tzinfo=timezone.utc)"
        )
    chosen = (*draft.attachments, *draft.enclosures) if attachments is None else attachments
    files = [
        (name, *_mime_type(a, draft), a.data)
        for a, name in zip(chosen, _unique(_filename(a, draft) for a in chosen), strict=True)
    ]
    document = html_document(draft)

    message = EmailMessage(policy=pol)
    try:
        if from_ is not None:
            message["From"] = from_
        if to is not None:
            message["To"] = to
        message["Subject"] = subject
        if date is not None:
            message["Date"] = date
        text = _body(draft.text)
        message.set_content(text, cte=_cte(text))
        message.add_alternative(document, subtype="html", cte=_cte(document))
        for filename, maintype, subtype, data in files:
            message.add_attachment(data, maintype, subtype, filename=filename)
        _settle(message)
    except (ValueError, TypeError, MessageError) as err:
        raise ExportError(f"{_where(draft)}: cannot build the e-mail message: {err}") from err
    _verify(
        message,
        pol,
        draft,
        from_=from_,
        to=to,
        subject=subject,
        parts=(text, document, [(name, f"{main}/{sub}", data) for name, main, sub, data in files]),
    )
    return message


def _verify(
    message: EmailMessage,
    pol: EmailPolicy[EmailMessage],
    draft: Draft,
    *,
    from_: Address | None,
    to: Address | None,
    subject: str,
    parts: tuple[str, str, list[tuple[str, str, bytes]]],
) -> None:
    """Serialise, parse back with the stdlib parser, and compare with what was intended."""
    try:
        data = message.as_bytes(policy=pol)
        if pol.utf8:
            # The bytes parser leaves raw UTF-8 headers surrogate-escaped.
            parsed = message_from_string(data.decode("utf-8"), policy=pol)
        else:
            parsed = message_from_bytes(data, policy=pol)
    except (ValueError, TypeError, MessageError) as err:
        raise ExportError(f"{_where(draft)}: the e-mail message cannot be written: {err}") from err
    assert isinstance(parsed, EmailMessage)
    wrong: list[str] = []
    names = [name.lower() for name in message]
    got_names = [name.lower() for name in parsed]
    if got_names != names:
        extra = sorted(set(got_names) - set(names)) or got_names
        wrong.append(f"headers {extra!r} appeared")
    for header, intended in (("From", from_), ("To", to)):
        addresses = tuple(parsed[header].addresses) if parsed[header] is not None else ()
        if [_key(a) for a in addresses] != ([_key(intended)] if intended is not None else []):
            wrong.append(f"{header} reads {addresses!r}")
    for header in ("Cc", "Bcc", "Reply-To", "Sender"):
        if parsed[header] is not None:
            wrong.append(f"a {header} header appeared")
    if str(parsed["Subject"]) != subject:
        wrong.append(f"the subject reads {str(parsed['Subject'])!r}")
    if message["Date"] is not None and parsed["Date"].datetime != message["Date"].datetime:
        wrong.append("the date changed")
    if not wrong:
        wrong.extend(_verify_parts(parsed, *parts))
    if wrong:
        raise ExportError(
            f"{_where(draft)}: the e-mail message does not read back as built "
            f"({'; '.join(wrong)}); a header value may hold an encoded word (=?...?=) "
            "or a line break: remove it from the facts"
        )


def _key(address: Address) -> tuple[str, str, str]:
    """What must read back unchanged: the address exactly, the display name up to spaces.

    RFC 2047 says the space between two folded encoded words is not part of the
    name, but the stdlib parser keeps it in display names ("Ébène -Zürich"); a
    space can never change who receives a message.
    """
    return "".join(address.display_name.split()), address.username, address.domain


def _verify_parts(
    parsed: EmailMessage, text: str, html: str, files: list[tuple[str, str, bytes]]
) -> list[str]:
    wrong = []
    plain = parsed.get_body(("plain",))
    rich = parsed.get_body(("html",))
    if plain is None or plain.get_content() != text:
        wrong.append("the text part differs")
    if rich is None or rich.get_content() != html:
        wrong.append("the HTML part differs")
    got = [
        (part.get_filename(), part.get_content_type(), part.get_payload(decode=True))
        for part in parsed.iter_attachments()
    ]
    if got != files:
        wrong.append("the attachments differ")
    return wrong


# --- plans -------------------------------------------------------------------------------------


def attachments_for(plan: FollowUpPlan, draft: Draft) -> tuple[Attachment, ...]:
    """What *draft*'s message carries within *plan*: a thank-you note its own files and
    those of the gifts it encloses; a gift draft whose files a thank-you note to the
    same person already carries, nothing, so no file arrives twice."""
    if draft.kind == "thank_you":
        return (*draft.attachments, *draft.enclosures)
    carried = {
        attachment
        for other in plan.drafts
        if other.kind == "thank_you" and other.recipient == draft.recipient
        for attachment in other.enclosures
    }
    if draft.attachments and set(draft.attachments) <= carried:
        return ()
    return draft.attachments


def plan_message(
    plan: FollowUpPlan,
    draft: Draft,
    *,
    sender: Sender | None = None,
    date: dt.datetime | None = None,
    require_recipient: bool = False,
    smtputf8: bool = False,
) -> EmailMessage:
    """*draft*'s message within *plan*: like :func:`to_email`, with enclosed gifts attached."""
    return to_email(
        draft,
        sender=sender,
        date=date,
        require_recipient=require_recipient,
        attachments=attachments_for(plan, draft),
        smtputf8=smtputf8,
    )


def messages(
    plan: FollowUpPlan,
    *,
    sender: Sender | None = None,
    require_recipient: bool = False,
    smtputf8: bool = False,
) -> list[EmailMessage]:
    """One checked message per draft, in the plan's order."""
    return [
        plan_message(
            plan, draft, sender=sender, require_recipient=require_recipient, smtputf8=smtputf8
        )
        for draft in plan.drafts
    ]


def _midnight(day: dt.date) -> float:
    return float(calendar.timegm(day.timetuple()))


def write_mbox(
    plan: FollowUpPlan,
    path: str | os.PathLike[str],
    *,
    sender: Sender | None = None,
    require_recipient: bool = False,
) -> Path:
    """Write every draft to a new mbox file at *path*, flagged as drafts.

    The file is written whole under a temporary name and then linked into place,
    so a reader never sees half of it and an existing file is never replaced:
    if *path* exists, :class:`ExportError` is raised and nothing is written.
    """
    target = Path(path)
    built = messages(plan, sender=sender, require_recipient=require_recipient)
    if target.exists():
        raise ExportError(
            f"{str(target)!r} already exists; followup does not add to or replace an "
            "existing mailbox: choose a new file name"
        )
    try:
        handle, temp = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as err:
        raise ExportError(f"cannot write the mailbox {str(target)!r}: {err}") from err
    os.close(handle)
    try:
        box = mailbox.mbox(temp, create=True)
        try:
            for draft, message in zip(plan.drafts, built, strict=True):
                entry = mailbox.mboxMessage(message)
                # The From_ line's date comes from the draft, never from the clock.
                envelope = message["From"].addresses[0].addr_spec if message["From"] else None
                entry.set_from(envelope or "MAILER-DAEMON", time.gmtime(_midnight(draft.send_on)))
                entry.set_flags("RO")  # seen; mbox has no draft flag ("D" means deleted)
                entry["X-Mozilla-Status"] = "0001"  # Thunderbird's own "read" flag
                entry["X-Mozilla-Draft-Info"] = _MOZILLA_DRAFT
                box.add(entry)
            box.flush()
        finally:
            box.close()
        with open(temp, "rb") as written:
            os.fsync(written.fileno())
        os.link(temp, target)
    except FileExistsError:
        raise ExportError(
            f"{str(target)!r} appeared while followup was writing it; nothing was replaced"
        ) from None
    except OSError as err:
        raise ExportError(f"cannot write the mailbox {str(target)!r}: {err}") from err
    finally:
        Path(temp).unlink(missing_ok=True)
    return target


def write_maildir(
    plan: FollowUpPlan,
    path: str | os.PathLike[str],
    *,
    sender: Sender | None = None,
    require_recipient: bool = False,
) -> list[str]:
    """Add every draft to the Maildir at *path* (created if missing), flagged as drafts.

    Maildir delivers each message atomically under a new unique name, so
    messages already in the folder are never touched; writing the same plan
    twice adds its drafts twice. Returns the new messages' keys.
    """
    built = messages(plan, sender=sender, require_recipient=require_recipient)
    try:
        box = mailbox.Maildir(os.fspath(path), create=True)
        keys = []
        for draft, message in zip(plan.drafts, built, strict=True):
            entry = mailbox.MaildirMessage(message)
            entry.set_subdir("cur")
            entry.set_flags("DS")  # draft, seen
            entry.set_date(_midnight(draft.send_on))
            keys.append(box.add(entry))
        box.close()
    except (OSError, mailbox.Error) as err:
        raise ExportError(f"cannot write the Maildir {os.fspath(path)!r}: {err}") from err
    return keys
