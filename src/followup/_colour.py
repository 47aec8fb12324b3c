"""Colour on a terminal: review findings and write reports, by severity.

Colour is used only when the output is a terminal, never when it is piped or
when ``NO_COLOR`` is set (https://no-color.org); ``FORCE_COLOR`` asks for it
anyway (but ``NO_COLOR`` wins), and ``TERM=dumb`` turns it off. Only the first
word of a line (``error``, ``written``, …) is coloured, so the line reads the
same without it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

from followup._text import shown_line

__all__ = ["STYLES", "Painter", "wanted"]

STYLES: Mapping[str, str] = {
    # review findings
    "error": "1;31",
    "warning": "33",
    "suggestion": "36",
    # write reports
    "written": "32",
    "unchanged": "2",
    "skipped": "33",
    "stale": "35",
    "decide": "1;31",
}
"""The SGR code of each severity or outcome: bold red, yellow, cyan, green, dim, magenta."""

_RESET = "\x1b[0m"


def wanted(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether lines written to *stream* should be coloured."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    if env.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


class Painter:
    """Writes lines to a stream, the first word coloured by its style when wanted."""

    def __init__(self, stream: TextIO, *, colour: bool | None = None) -> None:
        self.stream = stream
        self.colour = wanted(stream) if colour is None else colour

    def line(self, text: str, style: str | None = None) -> None:
        """Write *text* as one line; *style* (a key of :data:`STYLES`) colours the word
        it starts with. Text is shown as :func:`followup._text.shown_line` shows it: a
        line break in it (in a file name, say) cannot start a line of its own."""
        code = STYLES.get(style or "")
        if not self.colour or code is None or not style or not text.startswith(style):
            print(shown_line(text), file=self.stream)
            return
        # The escape codes go past a ShownStream, which would write them as text;
        # what the line says is made safe here instead.
        raw: TextIO = getattr(self.stream, "stream", self.stream)
        head, rest = text[: len(style)], text[len(style) :]
        raw.write(f"\x1b[{code}m{shown_line(head)}{_RESET}{shown_line(rest)}\n")
