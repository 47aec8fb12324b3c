"""What HTML a draft may hold: the few elements a letter needs, and links to the web.

The shipped templates write paragraphs, line breaks, links and a ``lang``/``dir``
wrapper. The HTML of a draft from someone else's templates is parsed and
written anew from what was parsed (:func:`rebuilt`): only the elements of
:data:`ALLOWED_ELEMENTS`, their attributes quoted and escaped, every piece of
text escaped. What a browser or mail client reads is then exactly what was
checked, however the template wrote it. An element such as ``<script>``,
``<img>`` or ``<meta>``, an event attribute, a ``style``, a comment or a link
anywhere but ``http``, ``https`` or ``mailto`` would run or fetch something
where the draft is shown (a mail client, a notebook, a browser printing the
card): a template that writes one is refused, with the reason.
"""

from __future__ import annotations

import html
import re
from html.entities import name2codepoint
from html.parser import HTMLParser

from followup._text import find_unshown

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_ELEMENTS", "MarkupError", "markup_problem", "rebuilt"]

ALLOWED_ELEMENTS = frozenset(
    {"p", "br", "a", "div", "span", "strong", "em", "b", "i", "u", "ul", "ol", "li"}
    | {"blockquote", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}
)
"""The elements a draft's HTML may hold."""
ALLOWED_ATTRIBUTES = frozenset({"lang", "dir", "href"})
"""The attributes it may hold: ``lang`` (a language tag), ``dir`` (``ltr``, ``rtl``
or ``auto``), and ``href`` on ``a`` only, to a web or mail address."""
_VOID = frozenset({"br", "hr"})
_VALUES = {
    "lang": re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*\Z"),
    "dir": re.compile(r"(?:ltr|rtl|auto)\Z", re.IGNORECASE),
    "href": re.compile(r"(?:https?://|mailto:)[^\s\x00-\x1f\x7f<>\"]+\Z", re.IGNORECASE),
}
_TAG_START = re.compile(r"<[a-zA-Z/!?]")
_USER_INFO = re.compile(r"https?://[^/?#]*@", re.IGNORECASE)
"""A web address with a user name before its host, which a reader takes for the host."""


class MarkupError(ValueError):
    """HTML a draft may not hold; the message says what and where."""


class _Rebuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.open: list[str] = []
        """The elements opened and not yet closed, innermost last."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_ELEMENTS:
            raise MarkupError(f"writes the HTML element <{tag}>")
        written = []
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES or (name == "href") != (tag == "a"):
                raise MarkupError(f"writes the attribute {name!r} on <{tag}>")
            if not _VALUES[name].match(value or "") or (
                name == "href" and _USER_INFO.match(value or "")
            ):
                if name == "href":
                    raise MarkupError(
                        f"links to {(value or '')[:60]!r}, not a web or mail address"
                    )
                raise MarkupError(f"gives {name} the value {(value or '')[:60]!r}")
            written.append(f' {name}="{html.escape(value or "", quote=True)}"')
        self.out.append(f"<{tag}{''.join(written)}>")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ALLOWED_ELEMENTS:
            raise MarkupError(f"writes the HTML element </{tag}>")
        if tag in _VOID:
            return
        # Each element closes where it was opened: a draft never closes an element
        # around it (followup's wrapper), nor leaves one open to run on past its end.
        if not self.open or self.open[-1] != tag:
            expected = f"</{self.open[-1]}>" if self.open else "nothing"
            raise MarkupError(f"closes </{tag}> where {expected} closes")
        self.open.pop()
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        # Text the parser could not read as a tag ("<img src=x" at the very end) would
        # become one once the draft is placed in a page.
        if _TAG_START.search(data):
            raise MarkupError("writes an unfinished HTML tag")
        self.out.append(html.escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        if name not in name2codepoint:
            raise MarkupError(f"writes the unknown character reference &{name};")
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        try:
            code = int(name[1:], 16) if name[:1] in "xX" else int(name)
        except ValueError:
            raise MarkupError(f"writes the character reference &#{name};") from None
        # A reference stands for the character a browser shows: a control, format or
        # surrogate one is refused as it would be written out (no draft holds them).
        if not 0 < code < 0x110000 or 0xD800 <= code <= 0xDFFF or find_unshown(chr(code)):
            raise MarkupError(
                f"writes the character reference &#{name}; to a control or invisible "
                "character; a draft holds text, line breaks and tabs only"
            )
        self.out.append(html.escape(chr(code), quote=False))

    def handle_comment(self, data: str) -> None:
        raise MarkupError("writes an HTML comment")

    def handle_decl(self, decl: str) -> None:
        raise MarkupError("writes an HTML declaration")

    def handle_pi(self, data: str) -> None:
        raise MarkupError("writes an HTML processing instruction")

    def unknown_decl(self, data: str) -> None:
        raise MarkupError("writes an HTML declaration")


def rebuilt(markup: str) -> str:
    """*markup* written anew from its parsed elements and text: what a browser reads
    of the result is what was checked. Raises :class:`MarkupError` for HTML a
    draft may not hold.

    >>> rebuilt("<p lang='de'>Grüße &amp; <a href=https://example.org>mehr</a><br/></p>")
    '<p lang="de">Grüße &amp; <a href="https://example.org">mehr</a><br></p>'
    """
    parser = _Rebuilder()
    parser.feed(markup)
    if _TAG_START.match(parser.rawdata):  # the parser holds back an unfinished tag
        raise MarkupError("writes an unfinished HTML tag")
    parser.close()
    if parser.open:
        raise MarkupError(f"leaves <{parser.open[-1]}> open; close it with </{parser.open[-1]}>")
    return "".join(parser.out)


def markup_problem(markup: str) -> str | None:
    """What is wrong with *markup* as a draft's HTML, or None when nothing is.

    >>> markup_problem('<p>Dear Dana,<br><a href="https://example.org">a link</a></p>')
    >>> markup_problem('<p onclick="x()">Hi</p>')
    "writes the attribute 'onclick' on <p>"
    >>> markup_problem('<script>alert(1)</script>')
    'writes the HTML element <script>'
    >>> markup_problem('<b>x'), markup_problem('x</div>')
    ('leaves <b> open; close it with </b>', 'closes </div> where nothing closes')
    """
    try:
        rebuilt(markup)
    except MarkupError as err:
        return str(err)
    return None
