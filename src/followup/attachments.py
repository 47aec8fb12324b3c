"""The file that goes with a gift draft when it is sent by e-mail.

A contact travels as a vCard (``.vcf``, RFC 6350); an article, a web site or
a tip as a short UTF-8 text file. File names are plain ASCII slugs of the
gift, never a path.
"""

from __future__ import annotations

from followup._names import slug
from followup._vcard import vcard
from followup.drafts import Attachment
from followup.facts import ArticleGift, ContactGift, Gift, TipGift, WebsiteGift

__all__ = ["attachments_for", "safe_filename"]

_MAX_STEM = 60


def safe_filename(text: str, *, suffix: str, fallback: str) -> str:
    """A file name made of *text*: ASCII letters, digits and hyphens, then *suffix*.

    Accents are dropped, everything else becomes a hyphen; *fallback* is used
    when nothing is left (a name in a non-Latin script, say).

    >>> safe_filename("The racing rules, explained", suffix=".txt", fallback="gift")
    'the-racing-rules-explained.txt'
    >>> safe_filename("../../etc/passwd", suffix=".txt", fallback="gift")
    'etc-passwd.txt'
    >>> safe_filename("王小明", suffix=".vcf", fallback="contact")
    'contact.vcf'
    """
    return f"{slug(text, limit=_MAX_STEM) or fallback}{suffix}"


def _text(*lines: str) -> bytes:
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def attachments_for(gift: Gift) -> tuple[Attachment, ...]:
    """The file that carries *gift*: a vCard for a contact, else a short text file."""
    match gift:
        case ContactGift(contact=contact):
            name = safe_filename(contact.name, suffix=".vcf", fallback="contact")
            return (Attachment(filename=name, mime_type="text/vcard", data=vcard(contact)),)
        case ArticleGift(title=title, url=url) | WebsiteGift(title=title, url=url):
            name = safe_filename(title, suffix=".txt", fallback=gift.kind)
            return (Attachment(filename=name, mime_type="text/plain", data=_text(title, url)),)
        case TipGift(text=text, about=about):
            name = safe_filename(f"tip {about}", suffix=".txt", fallback="tip")
            return (Attachment(filename=name, mime_type="text/plain", data=_text(text)),)
    raise AssertionError(f"unknown gift kind {gift.kind!r}")  # pragma: no cover
