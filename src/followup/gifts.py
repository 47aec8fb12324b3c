"""The files a gift carries: a contact's vCard 4.0 (RFC 6350), escaped, folded, UTF-8.

An article, a web site and a tip carry no file: their words (and links) are
the insert and a paragraph of the e-mail. A contact's details are there too,
and its vCard lets the recipient add the person to their address book.
"""

from __future__ import annotations

from followup._names import name_words, slug, windows_device
from followup.drafts import Attachment
from followup.facts import Contact, ContactGift, Gift

__all__ = ["escape", "files_for", "fold", "safe_filename", "vcard"]

_MAX_STEM = 60

_FOLD_AT = 75
"""Octets per line before folding, excluding the CRLF (RFC 6350 section 3.2)."""


def escape(value: str) -> str:
    r"""Escape a text value (RFC 6350 section 3.4); every line break, a lone CR too,
    becomes ``\n``, so no value can start a property of its own.

    >>> print(escape("Smith, Jo; A\\B"))
    Smith\, Jo\; A\\B
    >>> print(escape("a\rEND:VCARD"))
    a\nEND:VCARD
    """
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line after at most 75 octets, never inside a UTF-8 character.

    >>> fold("NOTE:" + "x" * 80).split("\\r\\n ")[1]
    'xxxxxxxxxx'
    """
    parts: list[str] = []
    current = ""
    size = 0
    limit = _FOLD_AT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = _FOLD_AT - 1  # a continuation line starts with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _name(full: str) -> str:
    """The structured name (N): the family name, then the given name, as the
    facts guess them for interviewers (titles and suffixes such as ``PhD`` left out)."""
    words = name_words(full)
    family = words[-1] if words else full
    given = " ".join(words[:-1])
    return f"{escape(family)};{escape(given)};;;"


def vcard(contact: Contact) -> bytes:
    """*contact* as a vCard 4.0, CRLF line endings, UTF-8."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"FN:{escape(contact.name)}",
        f"N:{_name(contact.name)}",
    ]
    if contact.organization:
        lines.append(f"ORG:{escape(contact.organization)}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=work:{escape(contact.email)}")
    if contact.phone:
        lines.append(f"TEL;TYPE=voice:{escape(contact.phone)}")
    if contact.note:
        lines.append(f"NOTE:{escape(contact.note)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")


def safe_filename(text: str, *, suffix: str, fallback: str) -> str:
    """A file name made of *text*: ASCII letters, digits and hyphens, then *suffix*.

    Accents are dropped, everything else becomes a hyphen; *fallback* is used
    when nothing is left (a name in a non-Latin script, say).

    >>> safe_filename("Ana Núñez", suffix=".vcf", fallback="contact")
    'ana-nunez.vcf'
    >>> safe_filename("../../etc/passwd", suffix=".vcf", fallback="contact")
    'etc-passwd.vcf'
    >>> safe_filename("王小明", suffix=".vcf", fallback="contact")
    'contact.vcf'
    >>> safe_filename("Con", suffix=".vcf", fallback="contact")  # a Windows device name
    'con-contact.vcf'
    """
    stem = slug(text, limit=_MAX_STEM) or fallback
    if windows_device(stem):
        stem = f"{stem}-{fallback}"
    return f"{stem}{suffix}"


def files_for(gift: Gift) -> tuple[Attachment, ...]:
    """The files that carry *gift*: a contact's vCard; none for the other kinds."""
    if isinstance(gift, ContactGift):
        name = safe_filename(gift.contact.name, suffix=".vcf", fallback="contact")
        return (Attachment(filename=name, mime_type="text/vcard", data=vcard(gift.contact)),)
    return ()
