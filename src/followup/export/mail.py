"""E-mail: drafts as unsent ``EmailMessage`` objects, checked by re-parsing.

Every message is built from :class:`email.headerregistry.Address` objects with
``email.policy.default``, serialised, parsed back with the standard-library
parser, and compared with what was intended before it is returned: a header
that would smuggle in another header (CVE-2024-6923) or a display name that
would change the recipient list raises :class:`~followup.errors.ExportError`
instead of producing a message.

A message is the e-mail form of a draft: :attr:`~followup.drafts.Draft.email_text`
and :attr:`~followup.drafts.Draft.email_html`, in which each gift is a
paragraph with its link, and the files of its enclosures (a contact's vCard)
attached. How messages are built is one frozen value, :class:`MailOptions`.

Every message is a draft a mail program opens for editing: ``X-Unsent: 1``
and no ``Date`` until it is sent. A message of a plan also has its place in a
conversation, a :class:`Thread`: a ``Message-ID`` derived from the facts
(the same on every run, whatever the day), and for a check-in
``In-Reply-To`` and ``References`` naming the thank-you note to the same
person, so that mail programs show them as one conversation.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from email import message_from_bytes, message_from_string, policy
from email.contentmanager import _encode_text  # type: ignore[attr-defined]
from email.errors import HeaderParseError, MessageError
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.policy import EmailPolicy
from email.utils import format_datetime
from html import escape
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any

from followup._names import unique_names, windows_device
from followup._text import LINE_MAX, SUBJECT_MAX, ascii_domain, check_line
from followup.drafts import Attachment, Draft
from followup.errors import ExportError
from followup.facts import Candidate, DecisionEvent, Interview
from followup.rendering import html_attributes
from followup.strategy import draft_id, interview_rounds, person_slugs

if TYPE_CHECKING:
    from followup.plans import FollowUpPlan

__all__ = [
    "MESSAGE_ID_DOMAIN",
    "MailOptions",
    "Sender",
    "Thread",
    "html_document",
    "messages",
    "thread",
    "to_email",
]

Sender = Candidate | Address | str
"""Who a message is from: a candidate, an ``Address``, or a plain ``name@example.com``."""

_MIME_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}")
_MAX_FILENAME = 200
_LOCAL = re.compile(r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*")
"""A dot-atom before the @ (any letters, as SMTPUTF8 allows): never a list or a
quoted string."""
_MAX_LINE = 78


@dataclass(frozen=True, slots=True)
class MailOptions:
    """How e-mail messages are built from drafts; one value for every exporter.

    *sender* replaces the draft's candidate as ``From``; a candidate without
    an e-mail address gives no ``From`` (the mail client fills in its
    account). *date* (timezone-aware) becomes the ``Date`` header, to the
    second (``datetime.now(timezone.utc)`` will do); without it there is none,
    as a draft has not been sent. *require_recipient* makes a
    recipient without an e-mail address an error instead of a message
    without ``To``. *smtputf8* allows non-ASCII before the ``@``.
    """

    sender: Sender | None = None
    date: dt.datetime | None = None
    require_recipient: bool = False
    smtputf8: bool = False


_DEFAULT = MailOptions()


@dataclass(frozen=True, slots=True)
class Thread:
    """A message's place in its conversation: its own ``Message-ID`` and the
    ``Message-ID`` of the message it follows (``In-Reply-To`` and ``References``),
    if any. Each is a ``<left@right>`` message identifier (RFC 5322).

    :func:`thread` gives the one of each draft of a plan.
    """

    message_id: str
    in_reply_to: str | None = None


MESSAGE_ID_DOMAIN = "followup.invalid"
"""The right part of a ``Message-ID`` when the candidate has no e-mail address: a
name under ``.invalid``, which RFC 2606 keeps from ever being a real host, so no
other program's message identifier can be the same."""


def thread(plan: FollowUpPlan, draft: Draft) -> Thread:
    """*draft*'s place in the conversation with its recipient.

    Its ``Message-ID`` is ``<followup.DIGEST@DOMAIN>``: DIGEST is taken from the
    facts that make the draft this draft and no other (company, role, interview
    day, candidate, the recipient's name, the kind of draft and, for a check-in,
    its day), so the same facts give the same identifier on every run, whatever
    ``today`` the plan was made for; DOMAIN is the domain of the candidate's
    e-mail address, or :data:`MESSAGE_ID_DOMAIN` when there is none. A check-in
    follows the thank-you note to the same person.

    >>> import followup
    >>> interview = followup.parse({
    ...     "company": "Northwind", "role": "Data Engineer", "date": "2026-11-24",
    ...     "candidate": {"name": "Sam Okafor", "email": "sam@example.com"},
    ...     "interviewers": [{"name": "Dana Rivera"}],
    ... })
    >>> plan = followup.plan(interview, max_check_ins=1)
    >>> note, check_in = plan.drafts
    >>> thread(plan, note)
    Thread(message_id='<followup.b961943b38cf0290b1107af4810fe620@example.com>', in_reply_to=None)
    >>> thread(plan, check_in).in_reply_to == thread(plan, note).message_id
    True
    """
    interview = plan.interview
    if draft.kind == "thank_you":
        return Thread(_message_id(interview, draft.recipient.name, "thank_you", _day(plan, draft)))
    return Thread(
        _message_id(interview, draft.recipient.name, draft.kind, _day(plan, draft)),
        in_reply_to=_message_id(interview, draft.recipient.name, "thank_you", interview.date),
    )


def _day(plan: FollowUpPlan, draft: Draft) -> dt.date:
    """The day that tells *draft* apart from the other drafts of its kind to the same
    person, whatever ``today`` is: a thank-you note's interview (a later interview has
    notes of its own), a closing note's decision, a check-in's own day."""
    interview = plan.interview
    if draft.kind == "thank_you":
        slugs = person_slugs(interview)
        for meeting in interview_rounds(interview):
            name = draft_id("thank_you", slugs[draft.recipient.name], round=meeting.number)
            if name == draft.id:
                return meeting.day
        return interview.date
    if draft.kind == "closing":
        decided = [e.date for e in interview.events if isinstance(e, DecisionEvent)]
        return decided[0] if decided else draft.send_on
    return draft.send_on


def _message_id(interview: Interview, recipient: str, kind: str, day: dt.date) -> str:
    """The one place a message identifier is made. A thank-you note goes by the
    interview day (its send date moves with ``today`` when it is late), a check-in by
    its own day; the recipient goes by name, which a facts file has from the start
    (an address is often added later)."""
    facts = [
        "followup message 1",
        interview.company,
        str(interview.role),
        interview.date.isoformat(),
        interview.candidate.name,
        recipient,
        kind,
        day.isoformat(),
    ]
    digest = hashlib.sha256(json.dumps(facts, ensure_ascii=False).encode("utf-8"))
    return f"<followup.{digest.hexdigest()[:32]}@{_id_domain(interview.candidate)}>"


def _id_domain(candidate: Candidate) -> str:
    if candidate.email is None:
        return MESSAGE_ID_DOMAIN
    try:
        return ascii_domain(candidate.email.rpartition("@")[2]).lower()
    except ValueError:  # pragma: no cover - the facts accept only valid domains
        return MESSAGE_ID_DOMAIN


_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_MESSAGE_ID = re.compile(rf"<{_ATEXT}(?:\.{_ATEXT})*@{_ATEXT}(?:\.{_ATEXT})*>")
"""A message identifier as RFC 5322 writes one: ``<dot-atom@dot-atom>``, nothing more."""
_MESSAGE_ID_MAX = 400


def _checked_thread(chosen: object, draft: Draft) -> list[tuple[str, str]]:
    """The headers *chosen* gives, each value checked to be one message identifier
    (a hand-built thread could carry a line break or a second header, or not be text)."""
    if not isinstance(chosen, Thread):
        raise ExportError(
            f"{_where(draft)}: the thread {_shortened(chosen)} is not a Thread; build one "
            "with followup.export.mail.thread(plan, draft) or Thread('<left@right>')"
        )
    for field, value in (("message_id", chosen.message_id), ("in_reply_to", chosen.in_reply_to)):
        if value is None and field == "in_reply_to":
            continue
        if (
            not isinstance(value, str)
            or len(value) > _MESSAGE_ID_MAX
            or not _MESSAGE_ID.fullmatch(value)
        ):
            raise ExportError(
                f"{_where(draft)}: the thread's {field} {_shortened(value)} is not one "
                "message identifier; write it as text, <left@right> with letters, digits "
                "and dots, as RFC 5322 does"
            )
    headers = [("Message-ID", chosen.message_id)]
    if chosen.in_reply_to is not None:
        headers += [("In-Reply-To", chosen.in_reply_to), ("References", chosen.in_reply_to)]
    return headers


@functools.cache
def _policy(smtputf8: bool) -> EmailPolicy[EmailMessage]:
    # Headers followup folds itself (the subject, a quoted name) stay as folded: the
    # stdlib would fold them again, and loses a long name's quotes doing so.
    return policy.default.clone(utf8=smtputf8, refold_source="none")


def _line(value: str, *, what: str, draft: Draft, limit: int = LINE_MAX) -> str:
    """Defence in depth: facts are validated already, but drafts can be built by hand."""
    try:
        check_line(value)
    except ValueError as err:
        raise ExportError(f"{_where(draft)}: the {what} {value[:80]!r} {err}") from None
    if len(value) > limit:
        raise ExportError(
            f"{_where(draft)}: the {what} is {len(value)} characters long; "
            f"e-mail headers take at most {limit}"
        )
    return value


def _where(draft: Draft) -> str:
    return f"draft {draft.label!r}"


def _shortened(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


_OPTION_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "sender": (
        (Candidate, Address, str, type(None)),
        "a Candidate, an email.headerregistry.Address or an address as text",
    ),
    "date": ((dt.datetime, type(None)), "a datetime with a time zone"),
    "require_recipient": ((bool,), "True or False"),
    "smtputf8": ((bool,), "True or False"),
}


def _checked_options(chosen: object, draft: Draft) -> MailOptions:
    """*chosen*, checked to be :class:`MailOptions` holding values of the types each
    takes (a hand-built one could hold anything)."""
    if not isinstance(chosen, MailOptions):
        raise ExportError(
            f"{_where(draft)}: the options {_shortened(chosen)} are not MailOptions; build "
            "them with followup.export.MailOptions(...)"
        )
    for field, (kinds, wanted) in _OPTION_TYPES.items():
        value = getattr(chosen, field)
        if not isinstance(value, kinds):
            raise ExportError(
                f"{_where(draft)}: the option {field}={_shortened(value)} must be {wanted}"
            )
    return chosen


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
    if not _LOCAL.fullmatch(local):
        raise ExportError(
            f"{_where(draft)}: the {what} address {addr_spec!r} is not one e-mail address; "
            "write it as name@example.com"
        )
    if not local.isascii() and not smtputf8:
        raise ExportError(
            f"{_where(draft)}: the {what} address {addr_spec!r} has non-ASCII characters "
            "before the @, which only SMTPUTF8 mail can carry; use an ASCII address "
            "or pass smtputf8=True"
        )
    try:
        domain = ascii_domain(domain)
    except ValueError as err:
        raise ExportError(f"{_where(draft)}: the {what} address {addr_spec!r} {err}") from None
    try:
        return Address(display_name=name or "", username=local, domain=domain)
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
    if name in {"", ".", ".."} or len(name) > _MAX_FILENAME or windows_device(name):
        raise ExportError(
            f"{_where(draft)}: the attachment file name {attachment.filename!r} is not a "
            f"usable file name; give a plain name of at most {_MAX_FILENAME} characters "
            "that is no device name (con, nul, com1…)"
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
    """The draft's e-mail body wrapped in a minimal, complete HTML document."""
    lang, direction = html_attributes(draft.locale)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}" dir="{direction}">\n'
        '<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(draft.subject)}</title>\n</head>\n"
        f"<body>\n{draft.email_html}\n</body>\n</html>\n"
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


def _no_from_lines(alternative: EmailMessage) -> None:
    """A body part whose encoding starts a line with "From " (quoted-printable can
    wrap a paragraph just before the word) travels in base64 instead: an mbox
    file would turn that line into ">From " for good. *alternative* is the
    message while it holds only its text and HTML parts."""
    for part, subtype in zip(alternative.iter_parts(), ("plain", "html"), strict=True):
        payload = part.get_payload()
        if isinstance(payload, str) and _FROM_LINE.search(payload):
            assert isinstance(part, EmailMessage)
            part.set_content(part.get_content(), subtype=subtype, cte="base64")


def _settle(message: EmailMessage, base: str) -> None:
    """Make the serialised message deterministic: boundaries made of *base* (see
    :func:`_boundary_base`) instead of random ones, and ``MIME-Version`` only at
    the top."""
    for index, part in enumerate(message.walk()):
        if part is not message:
            del part["MIME-Version"]
        if part.is_multipart():
            part.set_boundary(f"followup-{base}-{index}")


_BOUNDARY_BASE = "7b2f9e0c4a1d"
"""What a message's boundaries are made of ("followup-7b2f9e0c4a1d-0"), unless its
texts hold that; then they are made of a hash of what the message holds."""


def _boundary_base(text: str, document: str, files: list[tuple[str, str, str, bytes]]) -> str:
    """The part of each boundary that no part of the message can hold. A body
    travels as it is, in quoted-printable (which leaves letters, digits and "-"
    as they are) or in base64 (which has no "-"), so a boundary that is not in
    the texts, the file names or the files is not in the message."""
    needle = f"followup-{_BOUNDARY_BASE}"
    raw = needle.encode("ascii")
    if all(needle not in piece for piece in (text, document)) and all(
        needle not in name and raw not in data for name, _, _, data in files
    ):
        return _BOUNDARY_BASE
    digest = hashlib.sha256()
    for piece in (text, document):
        digest.update(b"%d:" % len(piece) + piece.encode("utf-8", "surrogatepass"))
    for name, maintype, subtype, data in files:
        label = f"{name}\0{maintype}/{subtype}".encode("utf-8", "surrogatepass")
        digest.update(b"%d:%d:" % (len(label), len(data)) + label + data)
    return digest.hexdigest()[:40]


def _body(text: str) -> str:
    return text.replace("\r\n", "\n").rstrip("\n") + "\n"


def to_email(
    draft: Draft, *, options: MailOptions | None = None, thread: Thread | None = None
) -> EmailMessage:
    """The e-mail form of *draft* as an unsent message, re-parsed and checked before
    it is returned: its body (text and HTML) with each gift inline, and the files
    of its enclosures attached. ``X-Unsent: 1`` makes mail programs open it as a
    draft to edit.

    With *thread* the message has a ``Message-ID`` (and ``In-Reply-To`` and
    ``References`` when it follows another); :meth:`FollowUpPlan.to_email
    <followup.plans.FollowUpPlan.to_email>` and :func:`messages` give each draft
    its own (see :func:`thread`). A recipient without an e-mail address gives a
    message without ``To``, or an :class:`ExportError` when
    ``options.require_recipient`` is true; see :class:`MailOptions` for the rest.
    """
    chosen = _checked_options(_DEFAULT if options is None else options, draft)
    smtputf8, date = chosen.smtputf8, chosen.date
    pol = _policy(smtputf8)
    from_ = _sender(chosen.sender, draft, smtputf8=smtputf8)
    recipient = draft.recipient
    to: Address | None = None
    if recipient.email is not None:
        to = _address(
            recipient.name, recipient.email, what="recipient", draft=draft, smtputf8=smtputf8
        )
    elif chosen.require_recipient:
        raise ExportError(
            f"{_where(draft)}: the recipient {recipient.name!r} has no e-mail address; "
            "add 'email' to that interviewer in the facts file"
        )
    else:
        _line(recipient.name, what="recipient name", draft=draft)
    subject = _line(draft.subject, what="subject", draft=draft, limit=SUBJECT_MAX)
    plain = _checked_thread(thread, draft) if thread is not None else []
    plain.append(("X-Unsent", "1"))
    if date is not None and (date.tzinfo is None or date.utcoffset() is None):
        raise ExportError(
            f"{_where(draft)}: the date {date!r} has no time zone; "
            "pass an aware datetime such as datetime(..., tzinfo=timezone.utc)"
        )
    if date is not None:
        date = date.replace(microsecond=0)  # a Date header counts whole seconds
    attached = draft.attachments
    files = [
        (name, *_mime_type(a, draft), a.data)
        for a, name in zip(
            attached, unique_names(_filename(a, draft) for a in attached), strict=True
        )
    ]
    document = html_document(draft)
    text = _body(draft.email_text)
    heads = _Headers(from_=from_, to=to, subject=subject, plain=tuple(plain), date=date)
    try:
        message = None if files or not QUICK else _quick_message(pol, heads, (text, document))
    except (ValueError, TypeError, MessageError) as err:
        raise ExportError(f"{_where(draft)}: cannot build the e-mail message: {err}") from err
    if message is None:
        message = _built_message(draft, pol, heads, (text, document), files)
    parts = (text, document, [(name, f"{main}/{sub}", data) for name, main, sub, data in files])
    _verify(message, pol, draft, heads, parts=parts)
    return message


@dataclass(frozen=True, slots=True)
class _Headers:
    """The headers a message is meant to have: written, then checked when read back."""

    from_: Address | None
    to: Address | None
    subject: str
    plain: tuple[tuple[str, str], ...]
    """Headers written as they are (the thread, ``X-Unsent``)."""
    date: dt.datetime | None = None


QUICK = True
"""Whether a message without attachments is put together from header lines written
here (:func:`_quick_message`) rather than through the stdlib's header registry and
content manager; both give the same bytes (the tests compare them)."""

_SIMPLE_NAME = re.compile(rf"{_ATEXT}(?: {_ATEXT})*")
"""A display name the registry writes as it is: ASCII atoms and single spaces."""


def _address_line(address: Address, header: str, pol: EmailPolicy[EmailMessage]) -> str | None:
    """The value of a From or To header as :func:`_set_address` writes it, or None
    when only the header registry knows how (a name it encodes or folds)."""
    name = address.display_name
    spec = address.addr_spec
    if not spec.isascii() or "=?" in name:
        return None
    if not name:
        line = spec
    elif _SPECIALS.search(name) and (name.isascii() or pol.utf8):
        return _quoted(address)  # as _set_address writes it
    elif _SIMPLE_NAME.fullmatch(name):
        line = f"{name} <{spec}>"
    else:
        return None
    return line if len(header) + 2 + len(line) <= _MAX_LINE else None


class _FoldedOnce:
    """A header (mixed into the registry's class for its name) that keeps its folded
    lines for the settings it was first folded with: a header object is immutable,
    so they never change, and folding them again is most of what writing a message
    costs. Other settings fold anew. It pickles as any header does."""

    _kept: tuple[tuple[object, ...], str] | None = None

    def fold(self, *, policy: Any) -> str:
        settings = (policy.max_line_length, policy.linesep, policy.utf8)
        if self._kept is None or self._kept[0] != settings:
            self._kept = (settings, str(super().fold(policy=policy)))  # type: ignore[misc]
        return self._kept[1]


@functools.cache
def _folded_class(name: str, bases: tuple[type, ...]) -> type:
    # Named and based as the registry's class is, so that it pickles the same way
    # (email.headerregistry rebuilds a header's class from its name and bases).
    return type(name, (_FoldedOnce, *bases), {})


@functools.lru_cache(maxsize=64)
def _header_class(registry: Any, name: str) -> type:
    """The registry's class for the header *name*, folding once. The registry makes a
    new class each time it is asked; this asks once per header name."""
    kind = registry[name]
    return _folded_class(kind.__name__, kind.__bases__)


def _folded_once(pol: EmailPolicy[EmailMessage], name: str, value: str) -> Any:
    """The header *name* as the registry reads *value*, folded for *pol* once."""
    header = _header_class(pol.header_factory, name.lower())(name, value)
    header.fold(policy=pol)
    return header


_header_object = functools.lru_cache(maxsize=64)(_folded_once)
"""A header of a few values every message has (``MIME-Version``, a part's type and
encoding), made once."""


def _quick_message(
    pol: EmailPolicy[EmailMessage], heads: _Headers, bodies: tuple[str, str]
) -> EmailMessage | None:
    """The message :func:`_built_message` builds for a draft without attachments,
    every header written as the stdlib writes it; None when a header needs the
    registry (an encoded or long name)."""
    headers: list[tuple[str, str]] = []
    for header, address in (("From", heads.from_), ("To", heads.to)):
        if address is not None:
            line = _address_line(address, header, pol)
            if line is None:
                return None
            headers.append((header, line))
    message = EmailMessage(policy=pol)
    for header, line in headers:
        message.set_raw(header, line)
    _set_subject(message, heads.subject, pol)
    if heads.date is not None:
        message.set_raw("Date", format_datetime(heads.date))
    for name, value in heads.plain:
        message.set_raw(name, value)
    base = _boundary_base(*bodies, [])
    # A boundary of the usual base is one header for every message: made once.
    made = _header_object if base == _BOUNDARY_BASE else _folded_once
    # set_raw: each header is new to its part, and a header object is stored as it is
    # (what item assignment does after checking how many the part may have).
    message.set_raw("MIME-Version", _header_object(pol, "MIME-Version", "1.0"))
    message.set_raw(
        "Content-Type",
        made(pol, "Content-Type", f'multipart/alternative; boundary="followup-{base}-0"'),
    )
    for subtype, body in zip(("plain", "html"), bodies, strict=True):
        cte, payload = _encode_text(body, "utf-8", _cte(body), pol)
        if cte != "base64" and _FROM_LINE.search(payload):
            cte, payload = _encode_text(body, "utf-8", "base64", pol)
        part = EmailMessage(policy=pol)
        part.set_raw(
            "Content-Type", _header_object(pol, "Content-Type", f'text/{subtype}; charset="utf-8"')
        )
        part.set_raw(
            "Content-Transfer-Encoding", _header_object(pol, "Content-Transfer-Encoding", cte)
        )
        part.set_payload(payload)
        message.attach(part)
    return message


def _built_message(
    draft: Draft,
    pol: EmailPolicy[EmailMessage],
    heads: _Headers,
    bodies: tuple[str, str],
    files: list[tuple[str, str, str, bytes]],
) -> EmailMessage:
    """The message built through the stdlib's header registry and content manager."""
    text, document = bodies
    message = EmailMessage(policy=pol)
    try:
        for header, address in (("From", heads.from_), ("To", heads.to)):
            if address is not None:
                _set_address(message, header, address, pol)
        _set_subject(message, heads.subject, pol)
        if heads.date is not None:
            message["Date"] = heads.date
        for name, value in heads.plain:
            message.set_raw(name, value)
        message.set_content(text, cte=_cte(text))
        message.add_alternative(document, subtype="html", cte=_cte(document))
        _no_from_lines(message)
        for filename, maintype, subtype, data in files:
            message.add_attachment(data, maintype, subtype, filename=filename)
        _settle(message, _boundary_base(text, document, files))
    except (ValueError, TypeError, MessageError) as err:
        raise ExportError(f"{_where(draft)}: cannot build the e-mail message: {err}") from err
    return message


_SPECIALS = re.compile(r'[()<>\[\]:;@\\,."]')


def _set_address(
    message: EmailMessage, header: str, address: Address, pol: EmailPolicy[EmailMessage]
) -> None:
    """The From or To header. A display name with characters that need quoting is
    quoted here, whole on its line: the stdlib folds a long quoted name without its
    quotes ('Rivera, "Dana" <eve@…>' would read back as two recipients)."""
    name = address.display_name
    if not name or not _SPECIALS.search(name) or not (name.isascii() or pol.utf8):
        message[header] = address
        return
    message.set_raw(header, _quoted(address))


def _quoted(address: Address) -> str:
    """*address* with its display name quoted, whole on the first line."""
    quoted = address.display_name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{quoted}"\n <{address.addr_spec}>'


def _set_subject(message: EmailMessage, subject: str, pol: EmailPolicy[EmailMessage]) -> None:
    """The Subject header, folded here so that it reads back exactly: as words
    folded at spaces when it can go as it is (ASCII, or any text with SMTPUTF8),
    else wholly as RFC 2047 encoded words. The stdlib's folding can add a space
    (a plain word next to an encoded one: "datos  sénior"; a long subject folded
    before its first word: " Gracias …")."""
    if pol.utf8 or subject.isascii():
        message.set_raw("Subject", _fold_words(subject, first=len("Subject: ")))
        return
    encoded = Header(subject, "utf-8", header_name="Subject").encode(linesep="\n")
    message.set_raw("Subject", encoded)


def _fold_words(text: str, *, first: int, width: int = 78) -> str:
    """*text* folded at single spaces into lines of at most *width* characters (the
    first line *first* characters shorter); a word longer than a line stays whole."""
    lines: list[str] = []
    line = ""
    room = width - first
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > room:
            lines.append(line)
            line, room = word, width - 1
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n ".join(lines)


def _verify(
    message: EmailMessage,
    pol: EmailPolicy[EmailMessage],
    draft: Draft,
    heads: _Headers,
    *,
    parts: tuple[str, str, list[tuple[str, str, bytes]]],
) -> None:
    """Serialise, parse back with the stdlib parser, and compare with what was intended.

    The parser splits the bytes into headers and parts as any mail program would;
    the headers whose meaning matters (who sends and receives it, the subject,
    the date, the thread) are then read as ``email.policy.default`` reads them,
    each once, and the parts decoded (see :func:`_read_back`)."""
    try:
        data = message.as_bytes(policy=pol)
        if pol.utf8:
            # The bytes parser leaves raw UTF-8 headers surrogate-escaped.
            parsed = message_from_string(data.decode("utf-8"), policy=_RAW)
        else:
            parsed = message_from_bytes(data, policy=_RAW)
    except (ValueError, TypeError, MessageError) as err:
        raise ExportError(f"{_where(draft)}: the e-mail message cannot be written: {err}") from err
    try:
        wrong = _differences(message, parsed, pol, heads, parts=parts)
    except (ValueError, TypeError, LookupError, MessageError) as err:
        # The parser reads a header as something no header may be (an encoded line
        # break in a name), or a part in an encoding it does not know: that is a
        # difference too.
        wrong = [f"a header does not parse ({err})"]
    if wrong:
        raise ExportError(
            f"{_where(draft)}: the e-mail message does not read back as built "
            f"({'; '.join(wrong)}); a header value may hold an encoded word (=?...?=) "
            "or a line break: remove it from the facts"
        )


_RAW = policy.compat32
"""How the written message is parsed back: split into headers and parts exactly as
by any policy, its header values kept as written until read (see :func:`_header`)."""


def _raw(parsed: Message, name: str) -> str | None:
    """The first *name* header of *parsed* as written (folded), or None."""
    for found, value in parsed.raw_items():
        if found.lower() == name.lower():
            return str(value)
    return None


def _header(parsed: Message, pol: EmailPolicy[EmailMessage], name: str) -> Any:
    """The first *name* header of *parsed* as *pol* reads it, or None."""
    for found, value in parsed.raw_items():
        if found.lower() == name.lower():
            return pol.header_fetch_parse(found, value)
    return None


_ATOMS = _ATEXT.replace("=?", "")  # atoms that can never start an encoded word
_PLAIN_ADDRESS = re.compile(
    rf"(?:(?P<name>{_ATOMS}(?: {_ATOMS})*) <)?"
    rf"(?P<local>{_ATOMS}(?:\.{_ATOMS})*)@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)"
    r"(?(name)>)"
)
"""An address header the registry reads exactly as written: an optional name of
ASCII atoms (no "=" or "?", so no encoded word) and a dot-atom address."""


def _addresses(
    parsed: Message, pol: EmailPolicy[EmailMessage], name: str
) -> tuple[list[tuple[str, str, str]], str]:
    """The addresses of the first *name* header of *parsed* as :func:`_key` reads an
    address, and what they read as (for an error). A header in the plain form of
    :data:`_PLAIN_ADDRESS` is read directly: the registry reads it the same way."""
    raw = _raw(parsed, name)
    if raw is None:
        return [], "nothing"
    if (found := _PLAIN_ADDRESS.fullmatch(raw)) is not None:
        return [((found["name"] or "").replace(" ", ""), found["local"], found["domain"])], raw
    addresses = tuple(pol.header_fetch_parse(name, raw).addresses)
    return [_key(a) for a in addresses], repr(addresses)


def _unstructured(parsed: Message, pol: EmailPolicy[EmailMessage], name: str) -> str | None:
    """The first *name* header of *parsed* as *pol* reads its text. ASCII without an
    encoded word ("=?") reads as written, unfolded, as the registry reads it."""
    raw = _raw(parsed, name)
    if raw is None:
        return None
    if (
        raw.isascii()
        and "=?" not in raw
        and (name.lower() != "message-id" or _MESSAGE_ID.fullmatch(raw))
    ):
        return raw.replace("\r", "").replace("\n", "")
    return str(pol.header_fetch_parse(name, raw))


def _differences(
    message: EmailMessage,
    parsed: Message,
    pol: EmailPolicy[EmailMessage],
    heads: _Headers,
    *,
    parts: tuple[str, str, list[tuple[str, str, bytes]]],
) -> list[str]:
    """How the parsed message differs from the one intended."""
    wrong: list[str] = []
    names = [name.lower() for name in message]
    got_names = [name.lower() for name, _ in parsed.raw_items()]
    if got_names != names:
        extra = sorted(set(got_names) - set(names)) or got_names
        wrong.append(f"headers {extra!r} appeared")
    for header, intended in (("From", heads.from_), ("To", heads.to)):
        keys, read = _addresses(parsed, pol, header)
        if keys != ([_key(intended)] if intended is not None else []):
            wrong.append(f"{header} reads {read}")
    for header in ("Cc", "Bcc", "Reply-To", "Sender"):
        if header.lower() in got_names:
            wrong.append(f"a {header} header appeared")
    read_subject = _unstructured(parsed, pol, "Subject")
    if read_subject != heads.subject:
        wrong.append(f"the subject reads {read_subject!r}")
    read_date = _header(parsed, pol, "Date") if "date" in got_names else None
    date = heads.date
    if date is not None or read_date is not None:
        # Compared with the date asked for: a mail program reads the year 50 as 2050,
        # and an offset in seconds as no date at all.
        got = None if read_date is None else read_date.datetime
        if got is None or date is None or got != date or got.utcoffset() != date.utcoffset():
            wrong.append("the date changed")
    for header, value in heads.plain:
        read_value = _unstructured(parsed, pol, header)
        if read_value != value:
            wrong.append(f"{header} reads {read_value!r}")
    if not wrong:
        wrong.extend(_verify_parts(parsed, *parts))
    return wrong


def _key(address: Address) -> tuple[str, str, str]:
    """What must read back unchanged: the address exactly, the display name up to spaces.

    RFC 2047 says the space between two folded encoded words is not part of the
    name, but the stdlib parser keeps it in display names ("Ébène -Zürich"); a
    space can never change who receives a message.
    """
    return "".join(address.display_name.split()), address.username, address.domain


def _verify_parts(
    parsed: Message, text: str, html: str, files: list[tuple[str, str, bytes]]
) -> list[str]:
    """How the parsed parts differ from the text, the HTML and the files intended:
    one walk over the parts, each decoded as its headers say (transfer encoding and
    charset), as a mail program shows it."""
    wrong = []
    bodies: dict[str, str] = {}
    got = []
    for part in parsed.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            wrong.append(f"a {kind} part does not decode")
        elif part.get_content_disposition() == "attachment":
            got.append((part.get_filename(), kind, payload))
        elif kind in ("text/plain", "text/html") and kind not in bodies:
            bodies[kind] = payload.decode(part.get_content_charset() or "us-ascii")
        else:
            wrong.append(f"a {kind} part appeared")
    if bodies.get("text/plain") != text:
        wrong.append("the text part differs")
    if bodies.get("text/html") != html:
        wrong.append("the HTML part differs")
    if got != files:
        wrong.append("the attachments differ")
    return wrong


def messages(plan: FollowUpPlan, *, options: MailOptions | None = None) -> list[EmailMessage]:
    """One checked message per draft of *plan*, in the plan's order, each with its
    place in the conversation (see :func:`thread`)."""
    return [to_email(draft, options=options, thread=thread(plan, draft)) for draft in plan.drafts]
