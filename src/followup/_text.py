"""Validation of the strings that reach drafts: normalised, bounded, printable."""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Annotated, TextIO

from pydantic import AfterValidator, BeforeValidator

__all__ = [
    "BLANK_LOOKING",
    "LINE_MAX",
    "NAME_MAX",
    "SUBJECT_MAX",
    "TEXT_MAX",
    "UNSHOWN",
    "EmailAddress",
    "Line",
    "Name",
    "Phone",
    "ShownStream",
    "Text",
    "Url",
    "ascii_domain",
    "check_line",
    "check_url",
    "find_unshown",
    "normalise",
    "normalise_line",
    "shown",
    "shown_line",
    "unicode_domain",
]

_UNSHOWN_BMP = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029"
    # Format characters (Unicode category Cf): direction overrides and isolates,
    # zero-width spaces, the byte order mark, invisible operators, tags. The joiners
    # U+200C and U+200D, which scripts need, are not among them.
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    # Lone surrogates: no text at all, and no encoding can write them.
    "\ud800-\udfff"
)
_UNSHOWN_ASTRAL = (
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
UNSHOWN = re.compile(f"[{_UNSHOWN_BMP}{_UNSHOWN_ASTRAL}]")
"""What no draft and no terminal line may hold: control characters other than line
break and tab, invisible formatting characters (Unicode category Cf but the
joiners), and lone surrogates."""

_UNSHOWN_IN_BMP = re.compile(f"[{_UNSHOWN_BMP}]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def find_unshown(text: str) -> re.Match[str] | None:
    """The first character of *text* :data:`UNSHOWN` matches, or None: the same
    answer, found about three times faster (a character class that reaches beyond
    U+FFFF makes the regular expression engine test every range for every
    character; most text has no such character at all).

    >>> find_unshown("a\u202eb")[0], find_unshown("ok \U0001f600"), find_unshown("\U000e0041")[0]
    ('\u202e', None, '\U000e0041')
    """
    found = _UNSHOWN_IN_BMP.search(text)
    if text.isascii():
        return found
    before = text if found is None else text[: found.start()]
    if _ASTRAL.search(before) is None:  # no character beyond U+FFFF comes first
        return found
    return UNSHOWN.search(text)


def shown(text: str) -> str:
    r"""*text* with every character :data:`UNSHOWN` matches written as an escape
    (``\x1b``), as a terminal must get text from facts, files or templates.

    >>> print(shown("a\x1b]0;title\x07b\u202ec"))
    a\x1b]0;title\x07b\u202ec
    """
    return UNSHOWN.sub(lambda found: found[0].encode("unicode_escape").decode("ascii"), text)


def shown_line(text: str) -> str:
    r"""*text* as :func:`shown` shows it, and its line breaks and tabs as escapes too: a
    file name or a server's answer on a line of a report stays one line of it.

    >>> print(shown_line("x\nwritten   y\tz"))
    x\nwritten   y\tz
    """
    return shown(text).replace("\n", "\\n").replace("\t", "\\t")


class ShownStream(io.TextIOBase):
    """A stream that writes control and invisible formatting characters as escapes:
    a fact, a file name or a template's message never moves the cursor, retitles the
    window or writes the clipboard (drafts hold none of them)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(shown(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


LINE_MAX = 200
SUBJECT_MAX = 2 * LINE_MAX
"""The longest subject: followup's wording around the longest role or topic."""
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


# Characters that show nothing and are no space: Hangul fillers, the braille
# blank, Khmer inherent vowels, the combining grapheme joiner. A name made of
# them looks blank; inside a word they can disguise it.
BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u034f")
# Variation selectors choose a glyph for the character before them (an emoji, an
# ideograph, a Mongolian letter): one, after a character, never alone.
_SELECTORS = re.compile("[\u180b-\u180d\u180f\ufe00-\ufe0f\U000e0100-\U000e01ef]")
MAX_MARKS = 5
"""The most combining marks one letter carries (Vietnamese and Hebrew need up to
three or four; more is stacked to hide or overflow the text)."""


def _check_marks(value: str) -> None:
    marks = 0
    previous = " "
    for char in value:
        if _SELECTORS.match(char):
            if previous.isspace() or _SELECTORS.match(previous):
                raise ValueError(
                    f"contains the variation selector {_describe(char)} with no character "
                    "to vary; remove it"
                )
        elif unicodedata.category(char) in ("Mn", "Me"):
            marks += 1
            if marks > MAX_MARKS:
                raise ValueError(
                    f"stacks more than {MAX_MARKS} combining marks on one letter; "
                    "remove the extra marks"
                )
        else:
            marks = 0
        previous = char
    words = value.split()
    if not any(_visible(word) for word in words):
        raise ValueError("looks blank: it has no visible letter, digit or sign; write the text")
    for word in words:
        if not _visible(word):
            raise ValueError(
                f"has a word that shows nothing ({word!r}: only marks or invisible "
                "characters); remove it or join the marks to their letter"
            )


def _visible(word: str) -> bool:
    """Whether *word* has a letter, digit or sign that shows."""
    return any(
        char not in BLANK_LOOKING and unicodedata.category(char)[0] in "LNPS" for char in word
    )


def _plain_ascii(value: str, *, multiline: bool) -> bool:
    """Whether *value* is printable ASCII (with newlines and tabs when *multiline*)
    holding something besides spaces: such text passes :func:`_check_chars`, which
    need not look at each character (every printable ASCII character but the space
    is a letter, digit, punctuation or symbol that shows)."""
    probe = value.replace("\n", "").replace("\t", "") if multiline else value
    return value.isascii() and probe.isprintable() and not probe.isspace() and probe != ""


def _check_chars(value: str, *, multiline: bool) -> str:
    if _plain_ascii(value, multiline=multiline):
        return value
    return _check_each_char(value, multiline=multiline)


def _check_each_char(value: str, *, multiline: bool) -> str:
    for char in value:
        category = unicodedata.category(char)
        if char in BLANK_LOOKING:
            raise ValueError(
                f"contains {_describe(char)}, which shows nothing and is no space; remove it"
            )
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
    _check_marks(value)
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


def ascii_domain(domain: str) -> str:
    """The domain as DNS and mail headers carry it: IDNA 2008 (``straße.de`` is
    ``xn--strae-oqa.de``, as registries and browsers have it, not ``strasse.de``).

    Raises ``ValueError`` for a domain that is not a valid internationalised
    name, and for one written with characters that stand for others (``x².example``,
    a fullwidth letter), naming the form to write instead: the address a draft shows
    is the address its mail goes to.
    """
    if domain.isascii() and "xn--" not in domain.lower():
        return domain
    import idna  # only for internationalised domains: the tables are large

    try:
        mapped = idna.uts46_remap(domain, std3_rules=True, transitional=False)
        encoded = idna.encode(mapped).decode("ascii")
    except idna.IDNAError as err:
        raise ValueError(
            f"has a domain {domain!r} that is not a valid internationalised name ({err}); "
            "check its spelling"
        ) from None
    if mapped != domain.lower():
        raise ValueError(
            f"has a domain {domain!r} written with characters that stand for others; "
            f"write it as {mapped!r}"
        )
    return encoded


def unicode_domain(domain: str) -> str:
    """*domain* as people see it: ``xn--`` labels decoded (as mail clients and browsers
    show them); a label that does not decode stays as it is.

    >>> unicode_domain("xn--strae-oqa.de")
    'straße.de'
    """
    if "xn--" not in domain.lower():
        return domain
    import idna

    labels = []
    for label in domain.split("."):
        try:
            labels.append(idna.decode(label) if label.lower().startswith("xn--") else label)
        except idna.IDNAError:
            labels.append(label)
    return ".".join(labels)


LOCAL_PART_MAX = 64
"""The longest part before the @ that mail servers must accept (RFC 5321)."""


def _check_email(value: str) -> str:
    local, sep, domain = value.rpartition("@")
    if not sep or not local or not domain:
        raise ValueError("is not an e-mail address; write it as name@example.com")
    if not _LOCAL_PART.fullmatch(local):
        raise ValueError(
            "has characters before the @ that e-mail cannot carry everywhere; "
            "use letters, digits and . _ + - only"
        )
    if len(local) > LOCAL_PART_MAX:
        raise ValueError(
            f"has {len(local)} characters before the @; mail servers take at most {LOCAL_PART_MAX}"
        )
    if domain.endswith("."):
        raise ValueError(f"has a domain {domain!r} ending in a dot; remove the dot")
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        raise ValueError(f"has an invalid domain {domain!r}; write it as name@example.com")
    ascii_domain(domain)
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
    from urllib.parse import unquote, urlsplit

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
    if "%" in host:  # a browser decodes it: "n%D0%BErthwind" goes to a Cyrillic o
        raise ValueError(
            f"has a percent-encoded host name, which a browser reads as "
            f"{unquote(host, errors='replace')!r}; write the host as it reads"
        )
    _check_host(host, bracketed="[" in parts.netloc)
    ascii_domain(host)  # the host shown is the host the link goes to
    return value


_HOST_CHARS = re.compile(r"[a-z0-9._-]+")
_IPV4 = re.compile(
    r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}"
)
_NUMERIC_LABEL = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)")


def _check_host(host: str, *, bracketed: bool) -> None:
    """Refuse a host a browser reads as another: characters no host name holds
    (a backslash ends the host in a browser: "evil.example\\northwind.example" goes to
    evil.example), and an IP address in a short form ("127.1", "0x7f.1")."""
    if bracketed:
        import ipaddress

        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise ValueError(f"has a host {host!r} in brackets that is no IPv6 address") from None
        return
    if not host.isascii():
        return  # an internationalised name: ascii_domain checks it
    if not _HOST_CHARS.fullmatch(host):
        odd = next(char for char in host if not _HOST_CHARS.fullmatch(char))
        raise ValueError(
            f"has {odd!r} in its host name {host!r}, which no host name holds (a browser "
            "would go elsewhere); write the address as the browser shows it"
        )
    last = host.rstrip(".").rpartition(".")[2]
    if _NUMERIC_LABEL.fullmatch(last) and not _IPV4.fullmatch(host):
        raise ValueError(
            f"has a host {host!r} that a browser reads as an IP address written in a short "
            "or unusual form; write it as four numbers, such as 192.0.2.10"
        )


Url = Annotated[str, _Normalised, _bounded(2000), AfterValidator(check_url)]
"""An absolute ``http`` or ``https`` URL without user-info."""
