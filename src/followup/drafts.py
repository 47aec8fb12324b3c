"""The drafts followup writes: plain, immutable values.

A :class:`Draft` is one piece of correspondence to one person on one day, in
two forms of the same words: the **note** (:attr:`Draft.text`, what goes on
the card or paper, with each gift on its own slip: :attr:`Draft.enclosures`)
and the **e-mail** (:attr:`Draft.email_text`, where each gift is a paragraph
of the message and a contact also travels as an attached vCard). These
values know nothing of exporters: e-mail messages, calendars, files and
printable pages are made from them by :mod:`followup.export`.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from followup import _display
from followup.facts import Candidate, ContactGift, Gift, Interviewer, TipGift
from followup.facts._fields import DraftKind

__all__ = ["KIND_LABELS", "Attachment", "Draft", "Enclosure"]

KIND_LABELS: dict[str, str] = _display.KINDS
"""How each kind of draft is named in listings."""


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Attachment(_Value):
    """A file that goes with a draft when it is sent by e-mail."""

    filename: str
    mime_type: str
    data: bytes


class Enclosure(_Value):
    """A gift that goes with a draft: the small insert in the envelope, and its files.

    :attr:`text` is the *gift attachment* itself, without salutation or
    closing: an article's or web site's title, link and why it came to mind;
    a contact's who, how to reach them and why; a tip. In the e-mail form of
    the draft the same words are a paragraph of the message.
    """

    gift: Gift
    text: str
    """The insert as text, in the draft's language."""
    html: str
    """The same insert as an HTML fragment, the link clickable."""
    attachments: tuple[Attachment, ...] = ()
    """Files that belong to it: a contact's vCard."""
    about: str | None = None
    """What the gift is about, as the draft's language says it (the gift's ``about``
    names the fact by its first text)."""
    title: str | None = None
    """An article's or web site's title as the draft's language gives it."""

    @property
    def label(self) -> str:
        """What it is, in a few English words for listings (the facts in the draft's
        language)."""
        gift = self.gift
        if isinstance(gift, ContactGift):
            files = ", ".join(a.filename for a in self.attachments)
            suffix = f" ({files})" if files else ""
            return f"contact details of {gift.contact.name}{suffix}"
        if isinstance(gift, TipGift):
            return f"a tip about {self.about or gift.about}"
        return f"{gift.kind} “{self.title or gift.title}”"


class Draft(_Value):
    """One ready-to-edit piece of correspondence, as a note and as an e-mail."""

    id: str
    """A short, stable name for the draft that events and ``followup sent`` use:
    ``thank-you-dana-rivera``, ``thank-you-2-dana-rivera`` (after a second interview),
    ``check-in-3-dana-rivera`` (the third check-in to Dana Rivera, counted from the
    interview day, whatever day the plan is made), ``closing-dana-rivera`` (the note
    that answers the decision). Lower-case ASCII letters, digits and hyphens; the same
    facts and options give the same ids."""
    kind: DraftKind
    recipient: Interviewer
    send_on: dt.date
    """The day to send it."""
    locale: str
    """The language the draft is written in (which may differ from :attr:`requested_locale`)."""
    requested_locale: str
    """The language asked for: the recipient's locale, else the interview's."""
    subject: str
    text: str
    """The note, as written by hand on a card or paper: its gifts are enclosed."""
    html: str
    """The note as HTML: facts escaped, ``lang`` and ``dir`` set."""
    email_text: str
    """The same note as an e-mail body: each gift is a paragraph of it, links inline."""
    email_html: str
    """The e-mail body as HTML, links clickable."""
    interest: str | None = None
    """The shared interest a check-in is about."""
    enclosures: tuple[Enclosure, ...] = ()
    """The gifts that go with this draft, one insert each."""
    omitted: tuple[str, ...] = ()
    """Facts left out of the note so that it fits its card, in the order they were
    dropped (a hobby's detail, a second hobby, …); the e-mail leaves out the same."""
    number: int = 0
    """A check-in's position in its recipient's series, from 1; 0 for a thank-you note."""
    candidate: Candidate | None = None
    """Who writes the draft: the ``From`` of its e-mail message."""
    sent_on: dt.date | None = None
    """The day it went out, as a ``sent`` event in the facts records; ``None`` until then."""

    def __repr__(self) -> str:
        return (
            f"Draft(id={self.id!r}, kind={self.kind!r}, recipient={self.recipient.name!r}, "
            f"send_on={self.send_on.isoformat()!r}, locale={self.locale!r}, "
            f"subject={self.subject!r})"
        )

    def __str__(self) -> str:
        """The draft as listings print it: heading, subject, what it encloses, the note,
        then each insert."""
        encloses = "".join(f"Encloses: {e.label}\n" for e in self.enclosures)
        if self.omitted:
            encloses += f"Left out to fit the card: {'; '.join(self.omitted)}\n"
        inserts = "".join(f"\n--- enclosed: {e.label} ---\n{e.text}\n" for e in self.enclosures)
        return (
            f"=== {self.label} ===\nId: {self.id}\nSubject: {self.subject}\n{encloses}\n"
            f"{self.text}\n{inserts}"
        )

    @property
    def label(self) -> str:
        """A one-line heading: date, kind and recipient."""
        return f"{self.send_on.isoformat()} · {KIND_LABELS[self.kind]} · {self.recipient.name}"

    @property
    def attachments(self) -> tuple[Attachment, ...]:
        """Every file the draft carries: those of its enclosures, in order."""
        return tuple(a for enclosure in self.enclosures for a in enclosure.attachments)

    @property
    def gifts(self) -> tuple[Gift, ...]:
        """The gifts the draft encloses."""
        return tuple(enclosure.gift for enclosure in self.enclosures)

    @property
    def fell_back(self) -> bool:
        """Whether the draft is in another language than the one asked for
        (a valid locale followup has no wording for, or incomplete wording)."""
        return self.locale.split("_")[0] != self.requested_locale.split("_")[0]

    @property
    def word_count(self) -> int:
        """How many words the note has: what must fit on the card."""
        return len(self.text.split())

    def _repr_html_(self) -> str:
        return _display.draft_html(self)
