"""What HTML a draft may hold: the few elements a letter needs, and links to the web.

The shipped templates write paragraphs, line breaks, links and a ``lang``/``dir``
wrapper. A template from someone else is checked against the same short list
(:func:`markup_problem`): an element such as ``<script>``, ``<img>`` or
``<style>``, an event attribute, a ``style`` or a link anywhere but ``http``,
``https`` or ``mailto`` would run or fetch something where the draft is shown
(a mail client, a notebook, a browser printing the card), so a template that
writes one is refused.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_ELEMENTS", "markup_problem"]

ALLOWED_ELEMENTS = frozenset(
    {"p", "br", "a", "div", "span", "strong", "em", "b", "i", "u", "ul", "ol", "li"}
    | {"blockquote", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}
)
"""The elements a draft's HTML may hold."""
ALLOWED_ATTRIBUTES = frozenset({"lang", "dir", "href"})
"""The attributes it may hold (``href`` on ``a`` only, to a web or mail address)."""
_TAG_START = re.compile(r"<[a-zA-Z/!?]")
_LINK = re.compile(r"(?:https?://|mailto:)[^\s\x00-\x1f\x7f]+\Z", re.IGNORECASE)


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.problem: str | None = None

    def _refuse(self, problem: str) -> None:
        if self.problem is None:
            self.problem = problem

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_ELEMENTS:
            self._refuse(f"writes the HTML element <{tag}>")
            return
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES or (name == "href") != (tag == "a"):
                self._refuse(f"writes the attribute {name!r} on <{tag}>")
            elif name == "href" and not _LINK.match(value or ""):
                self._refuse(f"links to {(value or '')[:60]!r}, not a web or mail address")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        # Text the parser could not read as a tag ("<img src=x" at the very end) would
        # become one once the draft is placed in a page.
        if _TAG_START.search(data):
            self._refuse("writes an unfinished HTML tag")

    def handle_comment(self, data: str) -> None:
        self._refuse("writes an HTML comment")

    def handle_decl(self, decl: str) -> None:
        self._refuse("writes an HTML declaration")

    def handle_pi(self, data: str) -> None:
        self._refuse("writes an HTML processing instruction")

    def unknown_decl(self, data: str) -> None:
        self._refuse("writes an HTML declaration")


def markup_problem(html: str) -> str | None:
    """What is wrong with *html* as a draft's HTML, or None when nothing is.

    >>> markup_problem('<p>Dear Dana,<br><a href="https://example.org">a link</a></p>')
    >>> markup_problem('<p onclick="x()">Hi</p>')
    "writes the attribute 'onclick' on <p>"
    >>> markup_problem('<script>alert(1)</script>')
    'writes the HTML element <script>'
    """
    checker = _Checker()
    checker.feed(html)
    if _TAG_START.match(checker.rawdata):  # the parser holds back an unfinished tag
        checker.handle_data(checker.rawdata)
    checker.close()
    return checker.problem
