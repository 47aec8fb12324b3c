"""English: American punctuation around quotation marks."""

from __future__ import annotations

import re

from followup.rendering.languages.base import Conventions

__all__ = ["American"]

_CLOSED_QUOTE = re.compile(r"”([,.])")


class American(Conventions):
    """American English: a comma or full stop after a quotation goes inside its marks
    ("the article “Rules,” which"); British English keeps it outside.

    >>> American().finish("the article “Rules”, which")
    'the article “Rules,” which'
    """

    def finish(self, text: str) -> str:
        return _CLOSED_QUOTE.sub(r"\1”", text)
