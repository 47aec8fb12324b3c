"""vCard 4.0 (RFC 6350) for a contact given as a gift: escaped, folded, UTF-8."""

from __future__ import annotations

from followup._names import name_words
from followup.facts import Contact

__all__ = ["escape", "fold", "vcard"]

_FOLD_AT = 75
"""Octets per line before folding, excluding the CRLF (RFC 6350 section 3.2)."""


def escape(value: str) -> str:
    r"""Escape a text value (RFC 6350 section 3.4).

    >>> print(escape("Smith, Jo; A\\B"))
    Smith\, Jo\; A\\B
    """
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\n")
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
