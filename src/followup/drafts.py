"""The drafts followup writes, and the plan that holds them: plain values."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from followup.facts import Gift, Interview, Interviewer
from followup.strategy import DraftKind

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


class FollowUpPlan(_Value):
    """Every draft for one interview, ordered by send date."""

    interview: Interview
    drafts: list[Draft] = Field(default_factory=list)
    today: dt.date | None = None
    """The earliest send date the plan was made for, if one was given."""

    def as_text(self) -> str:
        """Every draft as plain text, each headed by its date, kind and recipient."""
        blocks = []
        for draft in self.drafts:
            heading = f"=== {draft.label} ==="
            blocks.append(f"{heading}\nSubject: {draft.subject}\n\n{draft.text}\n")
        return "\n".join(blocks)
