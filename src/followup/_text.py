"""Validation of the strings that reach drafts: normalised, bounded, printable."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

__all__ = [
    "LINE_MAX",
    "NAME_MAX",
    "TEXT_MAX",
    "EmailAddress",
    "Line",
    "Name",
    "Phone",
    "Text",
    "Url",
    "check_line",
    "check_url",
    "normalise",
    "normalise_line",
]

LINE_MAX = 200
NAME_MAX = 100
TEXT_MAX = 2000

# Format characters (Unicode category Cf: bidi overrides and isolates, zero-width
# spaces, invisible operators, tags) can disguise text and are rejected, except
# ZWNJ (U+200C) and ZWJ (U+200D), which several scripts need.
_KEPT_FORMAT = frozenset("\u200c\u200d")
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def normalise(value: object) -> object:
    """NFC-normalise and strip a string; leave other types for pydantic to reject."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


_SPACES = re.compile(r"[^\S\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]+")


def normalise_line(value: object) -> object:
    """NFC-normalise a one-line string and collapse runs of spaces (tabs, no-break
    spaces) to one space; line breaks are left for validation to reject."""
    value = normalise(value)
    return _SPACES.sub(" ", value) if isinstance(value, str) else value


def _describe(char: str) -> str:
    name = unicodedata.name(char, "control character")
    return f"U+{ord(char):04X} {name}"


def _check_chars(value: str, *, multiline: bool) -> str:
    for char in value:
        category = unicodedata.category(char)
        if category == "Cs":
            raise ValueError(
                f"contains the lone surrogate U+{ord(char):04X}, which is not text; "
                "save the file as UTF-8"
            )
        if category == "Cf" and char not in _KEPT_FORMAT:
            raise ValueError(
                f"contains the invisible formatting character {_describe(char)}; remove it"
            )
        if char in _LINE_BREAKS and not (multiline and char == "\n"):
            if multiline:
                raise ValueError(
                    f"contains the line break {_describe(char)}; use plain newlines only"
                )
            raise ValueError(f"must be a single line, but contains {_describe(char)}")
        if category == "Cc" and char not in "\n\t":
            raise ValueError(f"contains the control character {_describe(char)}; remove it")
        if char == "\t" and not multiline:
            raise ValueError("must be a single line, but contains a tab; use spaces")
    return value


def check_line(value: str) -> str:
    """Reject line breaks, control, bidi and invisible characters in a one-line value.

    Raises ``ValueError`` saying which character was found.
    """
    return _check_chars(value, multiline=False)


def _bounded(limit: int, *, multiline: bool = False) -> AfterValidator:
    def check(value: str) -> str:
        if not value:
            raise ValueError("must not be empty")
        if len(value) > limit:
            raise ValueError(
                f"is {len(value)} characters long; shorten it to at most {limit} characters"
            )
        if multiline:
            value = value.replace("\r\n", "\n")
        return _check_chars(value, multiline=multiline)

    return AfterValidator(check)


_Normalised = BeforeValidator(normalise)
_OneLine = BeforeValidator(normalise_line)

Line = Annotated[str, _OneLine, _bounded(LINE_MAX)]
"""A single line of text: no line breaks, control or format characters; spaces collapsed."""
Name = Annotated[str, _OneLine, _bounded(NAME_MAX)]
"""A person's or company's name: a short single line."""
Text = Annotated[str, _Normalised, _bounded(TEXT_MAX, multiline=True)]
"""A short paragraph: newlines allowed, other control characters not."""

_LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?")


def _check_email(value: str) -> str:
    local, sep, domain = value.rpartition("@")
    if not sep or not local or not domain:
        raise ValueError("is not an e-mail address; write it as name@example.com")
    if not _LOCAL_PART.fullmatch(local):
        raise ValueError(
            "has characters before the @ that e-mail cannot carry everywhere; "
            "use letters, digits and . _ + - only"
        )
    labels = domain.rstrip(".").split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        raise ValueError(f"has an invalid domain {domain!r}; write it as name@example.com")
    try:
        domain.encode("idna")
    except UnicodeError as err:
        raise ValueError(f"has a domain {domain!r} that cannot be encoded for e-mail") from err
    return value


EmailAddress = Annotated[str, _Normalised, _bounded(254), AfterValidator(_check_email)]
"""An e-mail address (``name@example.com``); internationalised domains allowed."""

_PHONE = re.compile(r"\+?[0-9][0-9 ().\-/]{2,38}([ ]?(ext\.?|x)[ ]?[0-9]{1,6})?")


def _check_phone(value: str) -> str:
    if not _PHONE.fullmatch(value):
        raise ValueError(
            "is not a phone number; use digits, spaces and + ( ) - . / only, "
            "such as '+1 206 555 0143'"
        )
    return value


Phone = Annotated[str, _Normalised, _bounded(40), AfterValidator(_check_phone)]
"""A phone number as people write it: ``+1 206 555 0143``."""


def check_url(value: str) -> str:
    """Accept only absolute http(s) URLs with a host and no user-info."""
    from urllib.parse import urlsplit

    if any(char.isspace() for char in value):
        raise ValueError("must not contain spaces; percent-encode them as %20")
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as err:
        raise ValueError(f"is not a valid URL ({err})") from err
    if parts.scheme.lower() not in {"http", "https"}:
        raise ValueError("must start with https:// or http://")
    if "@" in parts.netloc:
        raise ValueError(
            "must not contain user information before the host (the part ending in '@'); "
            "link to the page itself"
        )
    if not host:
        raise ValueError("has no host name; write it as https://example.org/page")
    return value


Url = Annotated[str, _Normalised, _bounded(2000), AfterValidator(check_url)]
"""An absolute ``http`` or ``https`` URL without user-info."""
