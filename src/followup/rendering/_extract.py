"""Message extraction for pybabel: the Jinja extractor, with informal variants.

``babel.cfg`` names :func:`extract` as the extraction method for templates.
It yields every message Jinja's own extractor finds, unchanged (the formal
wording, Sie / vous / usted), and then the same message once more under the
message context :data:`~followup.rendering.i18n.INFORMAL` (du / tu / tú). English
templates keep one source of wording per message; each translation states
both forms of address, and :func:`followup.rendering.render` picks the one
the recipient's formality asks for.

A message whose translator comment is ``Translators: said on the day``
(:data:`~followup.rendering.i18n.TODAY_MARK`) is extracted once more, in
both forms of address, under the message context
:data:`~followup.rendering.i18n.TODAY`: its wording in an e-mail sent the
day of the interview it speaks of, where a language words that day
differently. Those variants may stay empty.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, BinaryIO

from jinja2.ext import babel_extract

from followup.rendering.i18n import TODAY_MARK, informal_context, today_context

__all__ = ["INFORMAL_COMMENT", "TODAY_COMMENT", "extract"]

INFORMAL_COMMENT = (
    "Informal address (du / tu / tú). Where the wording does not address "
    "the reader, repeat the formal translation."
)
TODAY_COMMENT = (
    "Said on the day: the e-mail sent the day of the interview. Where your "
    "language words this differently that day (Spanish of Spain: the perfect, "
    "'ha sido'), translate it here; else leave it empty. A regional catalog whose "
    "parent fills it and whose own wording differs fills it too."
)
BOTH_COMMENT = (
    "Also extracted as said on the day (msgctxt 'today'): here, the wording read "
    "days later, on the card."
)

_Extracted = tuple[int, str, str | tuple[str | None, ...] | None, list[str]]


def extract(
    fileobj: BinaryIO,
    keywords: Sequence[str],
    comment_tags: Sequence[str],
    options: Mapping[str, Any],
) -> Iterator[_Extracted]:
    """Extract the messages of one Jinja template, each also in its informal variant,
    and a message marked as said on the day in its two variants for that day."""
    for lineno, func, message, comments in babel_extract(
        fileobj, keywords, comment_tags, dict(options)
    ):
        said_today = TODAY_MARK in comments
        plain = [c for c in comments if c != TODAY_MARK]
        comments = [*plain, BOTH_COMMENT] if said_today else plain
        yield lineno, func, message, comments
        if func in {"gettext", "_"} and isinstance(message, tuple) and message:
            # `_("… %(name)s", name=x)`: Jinja reports each keyword as a None.
            message = message[0]
        context: str | None = None
        rest: tuple[str | None, ...]
        if func in {"gettext", "_"} and isinstance(message, str):
            kind, rest = "pgettext", (message,)
        elif func == "ngettext" and isinstance(message, tuple):
            kind, rest = "npgettext", message
        elif func in {"pgettext", "npgettext"} and isinstance(message, tuple):
            kind, context, rest = func, message[0], message[1:]
        else:
            continue
        yield lineno, kind, (informal_context(context), *rest), [*comments, INFORMAL_COMMENT]
        if said_today:
            for variant in (context, informal_context(context)):
                yield lineno, kind, (today_context(variant), *rest), [*plain, TODAY_COMMENT]
