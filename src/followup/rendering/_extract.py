"""Message extraction for pybabel: the Jinja extractor, with informal variants.

``babel.cfg`` names :func:`extract` as the extraction method for templates.
It yields every message Jinja's own extractor finds, unchanged (the formal
wording, Sie / vous / usted), and then the same message once more under the
message context :data:`~followup.rendering.i18n.INFORMAL` (du / tu / tú). English
templates keep one source of wording per message; each translation states
both forms of address, and :func:`followup.rendering.render` picks the one
the recipient's formality asks for.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, BinaryIO

from jinja2.ext import babel_extract

from followup.rendering.i18n import INFORMAL, informal_context

__all__ = ["INFORMAL_COMMENT", "extract"]

INFORMAL_COMMENT = (
    "Informal address (du / tu / tú). Where the wording does not address "
    "the reader, repeat the formal translation."
)

_Extracted = tuple[int, str, str | tuple[str | None, ...] | None, list[str]]


def extract(
    fileobj: BinaryIO,
    keywords: Sequence[str],
    comment_tags: Sequence[str],
    options: Mapping[str, Any],
) -> Iterator[_Extracted]:
    """Extract the messages of one Jinja template, each also in its informal variant."""
    for lineno, func, message, comments in babel_extract(
        fileobj, keywords, comment_tags, dict(options)
    ):
        yield lineno, func, message, comments
        informal = [*comments, INFORMAL_COMMENT]
        if func in {"gettext", "_"} and isinstance(message, tuple) and message:
            # `_("… %(name)s", name=x)`: Jinja reports each keyword as a None.
            message = message[0]
        if func in {"gettext", "_"} and isinstance(message, str):
            yield lineno, "pgettext", (INFORMAL, message), informal
        elif func == "ngettext" and isinstance(message, tuple):
            yield lineno, "npgettext", (INFORMAL, *message), informal
        elif func in {"pgettext", "npgettext"} and isinstance(message, tuple):
            context, *rest = message
            yield lineno, func, (informal_context(context), *rest), informal
