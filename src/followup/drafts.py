"""The drafts followup writes, and the plan that holds them: plain values."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from followup.facts import Candidate, Gift, Interview, Interviewer
from followup.strategy import DraftKind

if TYPE_CHECKING:
    from email.message import EmailMessage

    from followup.mail import Sender
    from followup.review import Finding

__all__ = ["KIND_LABELS", "Attachment", "Draft", "FollowUpPlan"]

KIND_LABELS: dict[str, str] = {
    "thank_you": "thank-you note",
    "gift": "gift",
    "check_in": "check-in",
}
"""How each kind of draft is named in listings."""


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Attachment(_Value):
    """A file that goes with a draft when it is sent by e-mail."""

    filename: str
    mime_type: str
    data: bytes


class Draft(_Value):
    """One ready-to-edit piece of correspondence."""

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
    html: str
    """The same wording as HTML: facts escaped, links clickable, ``lang`` and ``dir`` set."""
    interest: str | None = None
    """The shared interest a check-in is about."""
    gift: Gift | None = None
    """The gift a gift draft encloses."""
    attachments: tuple[Attachment, ...] = ()
    """The files a gift draft carries (a vCard, a short text file); empty for other kinds."""
    enclosures: tuple[Attachment, ...] = ()
    """The files of the gifts a thank-you note encloses; its e-mail message carries them."""
    candidate: Candidate | None = None
    """Who writes the draft: the ``From`` of its e-mail message."""

    def __repr__(self) -> str:
        return (
            f"Draft(kind={self.kind!r}, recipient={self.recipient.name!r}, "
            f"send_on={self.send_on.isoformat()!r}, locale={self.locale!r}, "
            f"subject={self.subject!r})"
        )

    def __str__(self) -> str:
        """The draft as :meth:`FollowUpPlan.as_text` prints it: heading, subject, text."""
        files = "".join(f"Attached: {a.filename}\n" for a in self.attachments)
        files += "".join(f"Encloses: {a.filename}\n" for a in self.enclosures)
        return f"=== {self.label} ===\nSubject: {self.subject}\n{files}\n{self.text}\n"

    @property
    def label(self) -> str:
        """A one-line heading: date, kind and recipient."""
        return f"{self.send_on.isoformat()} · {KIND_LABELS[self.kind]} · {self.recipient.name}"

    @property
    def fell_back(self) -> bool:
        """Whether the draft is in another language than the one asked for
        (a valid locale followup has no wording for, or incomplete wording)."""
        return self.locale.split("_")[0] != self.requested_locale.split("_")[0]

    @property
    def word_count(self) -> int:
        """How many words the text has."""
        return len(self.text.split())

    def to_email(
        self,
        *,
        sender: Sender | None = None,
        date: dt.datetime | None = None,
        require_recipient: bool = False,
        smtputf8: bool = False,
    ) -> EmailMessage:
        """This draft as an unsent e-mail message: a thank-you note carries the
        files of the gifts it encloses, a gift draft its own file.

        See :func:`followup.mail.to_email`.
        """
        from followup.mail import to_email

        return to_email(
            self,
            sender=sender,
            date=date,
            require_recipient=require_recipient,
            smtputf8=smtputf8,
        )

    def _repr_html_(self) -> str:
        from followup._display import draft_html

        return draft_html(self)


class FollowUpPlan(_Value):
    """Every draft for one interview, ordered by send date."""

    interview: Interview
    drafts: list[Draft] = Field(default_factory=list)
    today: dt.date | None = None
    """The earliest send date the plan was made for, if one was given."""

    def __repr__(self) -> str:
        return (
            f"FollowUpPlan(company={self.interview.company!r}, role={self.interview.role!r}, "
            f"drafts={len(self.drafts)})"
        )

    def review(self) -> list[Finding]:
        """Findings against the follow-up strategy; see :func:`followup.review.review`."""
        from followup.review import review  # review builds on this module

        return review(self)

    def as_text(self) -> str:
        """Every draft as plain text, each headed by its date, kind and recipient."""
        return "\n".join(str(draft) for draft in self.drafts)

    def __str__(self) -> str:
        return self.as_text()

    def to_email(
        self,
        draft: Draft,
        *,
        sender: Sender | None = None,
        date: dt.datetime | None = None,
        require_recipient: bool = False,
        smtputf8: bool = False,
    ) -> EmailMessage:
        """*draft*'s e-mail message, carrying the attachments of the gifts it encloses."""
        from followup.mail import plan_message

        return plan_message(
            self,
            draft,
            sender=sender,
            date=date,
            require_recipient=require_recipient,
            smtputf8=smtputf8,
        )

    def messages(
        self,
        *,
        sender: Sender | None = None,
        require_recipient: bool = False,
        smtputf8: bool = False,
    ) -> list[EmailMessage]:
        """One checked e-mail message per draft, in send-date order."""
        from followup.mail import messages

        return messages(
            self, sender=sender, require_recipient=require_recipient, smtputf8=smtputf8
        )

    def write_mbox(
        self,
        path: str | os.PathLike[str],
        *,
        sender: Sender | None = None,
        require_recipient: bool = False,
    ) -> Path:
        """Write every draft to a new mbox file (see :func:`followup.mail.write_mbox`)."""
        from followup.mail import write_mbox

        return write_mbox(self, path, sender=sender, require_recipient=require_recipient)

    def write_maildir(
        self,
        path: str | os.PathLike[str],
        *,
        sender: Sender | None = None,
        require_recipient: bool = False,
    ) -> list[str]:
        """Add every draft to a Maildir as a draft (see :func:`followup.mail.write_maildir`)."""
        from followup.mail import write_maildir

        return write_maildir(self, path, sender=sender, require_recipient=require_recipient)

    def to_ics(self) -> str:
        """The plan as an iCalendar document (see :func:`followup.ics.to_ics`)."""
        from followup.ics import to_ics

        return to_ics(self)

    def _repr_html_(self) -> str:
        from followup._display import plan_html

        return plan_html(self)
