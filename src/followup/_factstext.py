"""Where one more event goes in the text of a facts file, found by its TOML or JSON structure.

Both readers walk the text once, left to right, and skip strings and comments as
the format defines them, so a line inside a multi-line string that looks like a
table header is never taken for one, and a header spelled with quotes or escapes
(``[["ev\\u0065nts"]]``) is. Their input is text that :mod:`tomllib` or
:mod:`json` has already read; anything else they do not expect raises
:class:`LayoutError`, and the caller reads the result back before trusting it.
No regular expression here can take more than one pass over what it matches.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Layout", "LayoutError", "json_with_event", "toml_layout"]


class LayoutError(ValueError):
    """The text is laid out in a way these readers do not follow."""


@dataclass(frozen=True)
class Header:
    """A table header line, ``[key]`` or ``[[key]]``."""

    key: tuple[str, ...]
    array: bool
    content_end: int
    """Where the last line of the table's keys ends (after its line break): the
    header line's own end when the table has none. Comments and blank lines after
    it lead into the next table and are not counted."""


@dataclass(frozen=True)
class Layout:
    """The table headers of a TOML document, in order."""

    headers: list[Header]


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BLANKS = re.compile(r"[ \t]*")
_BASIC_STOP = re.compile(r'[\\"\n]')
_MULTILINE_BASIC_STOP = re.compile(r'[\\"]')
_SCALAR = re.compile(r"[^ \t\r\n,\[\]{}#\"']+")
"""A number, boolean, date or time: up to a blank, a separator or a comment."""
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_TIME = re.compile(r"\d\d:\d\d")


class _TomlReader:
    """One pass over TOML text; ``at`` is where it has got to."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def fail(self, what: str) -> LayoutError:
        line = self.text.count("\n", 0, self.at) + 1
        return LayoutError(f"{what} at line {line}")

    def blanks(self) -> None:
        found = _BLANKS.match(self.text, self.at)
        assert found is not None  # it matches the empty string
        self.at = found.end()

    def line_end(self) -> int:
        """Past the blanks, a comment and the line break that end a line."""
        self.blanks()
        text = self.text
        if text.startswith("#", self.at):
            brk = text.find("\n", self.at)
            self.at = len(text) if brk < 0 else brk + 1
        elif text.startswith("\n", self.at):
            self.at += 1
        elif text.startswith("\r\n", self.at):
            self.at += 2
        elif self.at < len(text):
            raise self.fail(f"unexpected {text[self.at]!r}")
        return self.at

    def key(self, *, decode: bool) -> tuple[str, ...]:
        """A dotted key, each part decoded when *decode* (else the parts are empty)."""
        parts = []
        while True:
            self.blanks()
            start = self.at
            if self.text.startswith(('"', "'"), start):
                self.string()
                raw = self.text[start : self.at]
                parts.append(tomllib.loads(f"k = {raw}")["k"] if decode else "")
            else:
                bare = _BARE_KEY.match(self.text, start)
                if bare is None:
                    raise self.fail("no key")
                self.at = bare.end()
                parts.append(bare[0])
            self.blanks()
            if not self.text.startswith(".", self.at):
                return tuple(parts)
            self.at += 1

    def string(self) -> None:
        """Past the string that starts here, of any of the four kinds."""
        text, start = self.text, self.at
        if text.startswith('"""', start):
            at = start + 3
            while True:
                stop = _MULTILINE_BASIC_STOP.search(text, at)
                if stop is None:
                    raise self.fail("an unterminated string")
                if stop[0] == "\\":
                    at = stop.start() + 2
                    continue
                at = self.quotes(stop.start(), '"')
                if at - stop.start() >= 3:
                    self.at = at
                    return
        elif text.startswith("'''", start):
            end = text.find("'''", start + 3)
            if end < 0:
                raise self.fail("an unterminated string")
            self.at = self.quotes(end, "'")
        elif text.startswith('"', start):
            at = start + 1
            while True:
                stop = _BASIC_STOP.search(text, at)
                if stop is None or stop[0] == "\n":
                    raise self.fail("an unterminated string")
                if stop[0] == "\\":
                    at = stop.start() + 2
                    continue
                self.at = stop.end()
                return
        else:
            end = text.find("'", start + 1)
            if end < 0:
                raise self.fail("an unterminated string")
            self.at = end + 1

    def quotes(self, at: int, quote: str) -> int:
        """Past the run of *quote* characters at *at* (a multi-line string's end may
        take up to two more, which belong to its text)."""
        end = at
        while end < len(self.text) and self.text[end] == quote and end - at < 5:
            end += 1
        return end

    def value(self) -> None:
        """Past the value that starts here; arrays and inline tables are followed by
        their depth, without recursion."""
        text = self.text
        depth = 0
        while True:
            self.blanks()
            if self.at >= len(text):
                raise self.fail("a value cut short")
            char = text[self.at]
            if char in "\"'":
                self.string()
            elif char in "[{":
                depth += 1
                self.at += 1
                continue
            elif char in "]}":
                if depth == 0:
                    raise self.fail(f"unexpected {char!r}")
                depth -= 1
                self.at += 1
            elif depth and char == ",":
                self.at += 1
                continue
            elif depth and char in "#\r\n":
                self.line_end()
                continue
            else:
                scalar = _SCALAR.match(text, self.at)
                if scalar is None:
                    raise self.fail(f"unexpected {char!r}")
                self.at = scalar.end()
                # A date and a time may be written with a space between them.
                if (
                    _DATE.fullmatch(scalar[0])
                    and text.startswith(" ", self.at)
                    and _TIME.match(text, self.at + 1)
                ):
                    time = _SCALAR.match(text, self.at + 1)
                    assert time is not None
                    self.at = time.end()
            if depth == 0:
                return


def toml_layout(text: str) -> Layout:
    """The table headers of the TOML document *text* (as :mod:`tomllib` reads it),
    each with where its table's last key ends."""
    reader = _TomlReader(text)
    headers: list[Header] = []
    key: tuple[str, ...] = ()
    array = False
    content_end = 0
    started = False
    try:
        while True:
            reader.blanks()
            if reader.at >= len(text):
                break
            char = text[reader.at]
            if char in "#\r\n":
                reader.line_end()
                continue
            if char == "[":
                if started:
                    headers.append(Header(key, array, content_end))
                array = text.startswith("[[", reader.at)
                reader.at += 2 if array else 1
                key = reader.key(decode=True)
                closing = "]]" if array else "]"
                if not text.startswith(closing, reader.at):
                    raise reader.fail("a table header not closed")
                reader.at += len(closing)
                started = True
            else:
                reader.key(decode=False)
                if not text.startswith("=", reader.at):
                    raise reader.fail("a key without '='")
                reader.at += 1
                reader.value()
            content_end = reader.line_end()
    except IndexError as err:  # only on text tomllib would not read
        raise reader.fail("text cut short") from err
    if started:
        headers.append(Header(key, array, content_end))
    return Layout(headers)


_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
"""The JSON string that starts after the quote at the offset, decoded, and its end."""
_JSON_BLANKS = re.compile(r"[ \t\n\r]*")


def _json_blanks(text: str, at: int) -> int:
    found = _JSON_BLANKS.match(text, at)
    assert found is not None
    return found.end()


def json_with_event(text: str, event: dict[str, str]) -> str:
    """The JSON document *text* (an object) with *event* added as the last item of its
    ``"events"`` array, or with an ``"events"`` array holding it added as its last
    member; every other character as it was. The new item copies the layout of the
    first item (indentation, spaces after ``:``)."""
    decoder = json.JSONDecoder()
    newline = "\r\n" if "\r\n" in text else "\n"
    try:
        start = _json_blanks(text, 0)
        if not text.startswith("{", start):
            raise LayoutError("the facts are not a JSON object")
        at = _json_blanks(text, start + 1)
        members: list[tuple[str, int, int, int, int]] = []  # key, its start and end, value
        while not text.startswith("}", at):
            if not text.startswith('"', at):
                raise LayoutError("a member without a key")
            key, after_key = _scanstring(text, at + 1)
            sign = _json_blanks(text, after_key)
            if not text.startswith(":", sign):
                raise LayoutError("a key without ':'")
            value = _json_blanks(text, sign + 1)
            _, end = decoder.raw_decode(text, value)
            members.append((key, at, after_key, value, end))
            at = _json_blanks(text, end)
            if text.startswith(",", at):
                at = _json_blanks(text, at + 1)
            elif not text.startswith("}", at):
                raise LayoutError("members not separated by ','")
    except (ValueError, IndexError, RecursionError) as err:
        raise LayoutError(str(err)) from err
    events = [m for m in members if m[0] == "events"]
    if events:
        _, _, key_end, value, end = events[-1]
        if not text.startswith("[", value):
            raise LayoutError('"events" is not an array')
        spaced = ": " in text[key_end:value]
        return _json_appended(text, value, end, event, decoder, newline, spaced=spaced)
    if not members:
        added = '"events": [' + _json_item(event, like="") + "]"
        return text[: start + 1] + added + text[start + 1 :]
    # Laid out as the members are: what follows the first one's comma, and its colon.
    _, key_start, key_end, first_value, first_end = members[0]
    colon = text[key_end:first_value]
    if len(members) > 1:
        separator = text[_json_blanks(text, first_end) + 1 : members[1][1]]
    else:
        separator = text[start + 1 : key_start] or " "
    item = _json_item(event, like=text[first_value:first_end], spaced=": " in colon)
    item = item.replace("\n", newline)
    last_end = members[-1][4]
    added = "," + separator + '"events"' + colon + "[" + item + "]"
    return text[:last_end] + added + text[last_end:]


def _json_appended(
    text: str,
    opening: int,
    closing: int,
    event: dict[str, str],
    decoder: json.JSONDecoder,
    newline: str,
    *,
    spaced: bool,
) -> str:
    """*text* with *event* after the last item of the array from *opening* (``[``) to
    *closing* (past its ``]``); in an empty array, with a space after each ``:`` when
    *spaced*."""
    first = _json_blanks(text, opening + 1)
    if first == closing - 1:  # an empty array
        item = _json_item(event, like="", spaced=spaced)
        return text[: opening + 1] + item + text[opening + 1 :]
    _, first_end = decoder.raw_decode(text, first)
    lead = text[opening + 1 : first]
    after = _json_blanks(text, first_end)
    if text.startswith(",", after):
        separator = text[after + 1 : _json_blanks(text, after + 1)]
    else:
        separator = lead if "\n" in lead else (" " if lead else "")
    indent = separator.rpartition("\n")[2] if "\n" in separator else ""
    item = _json_item(event, like=text[first:first_end], indent=indent).replace("\n", newline)
    last_end = len(text[: closing - 1].rstrip(" \t\n\r"))
    added = "," + separator + item
    return text[:last_end] + added + text[last_end:]


def _json_item(
    event: dict[str, str], *, like: str, indent: str = "", spaced: bool | None = None
) -> str:
    """*event* as JSON laid out as *like*, an item or value of the same document (its
    first line at *indent*; a space after each ``:`` when *spaced*, else as in *like*)."""
    if "\n" in like and like.startswith("{"):
        inner = like[1 : _json_blanks(like, 1)].rpartition("\n")[2]
        unit = inner.removeprefix(indent) if inner.startswith(indent) else inner
        dumped = json.dumps(event, indent=unit or " ", ensure_ascii=False)
        return dumped.replace("\n", "\n" + indent)
    if spaced is None:
        spaced = ": " in like or not like.startswith("{")
    separators = (", ", ": ") if spaced else (",", ":")
    return json.dumps(event, separators=separators, ensure_ascii=False)
