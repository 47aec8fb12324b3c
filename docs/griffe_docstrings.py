"""A griffe extension for the API reference: followup's docstrings, as Markdown reads them.

The docstrings hold doctests (``>>>`` lines and their output, which pytest runs) in
plain text; Markdown would read ``>>>`` as nested quotes, so each doctest is fenced
as a Python console session.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

__all__ = ["FencedDoctests", "fence_doctests"]

# A doctest: a ">>>" line, then its continuation and output lines, up to a blank line.
_DOCTEST = re.compile(r"^([ \t]*)>>> .*(?:\n(?!\s*\n)\1.*)*", re.MULTILINE)


def fence_doctests(text: str) -> str:
    """*text* with each doctest in a ``pycon`` fence.

    >>> print(fence_doctests("Say:\\n\\n>>> 1 + 1\\n2\\n\\nDone."))
    Say:
    <BLANKLINE>
    ```pycon
    >>> 1 + 1
    2
    ```
    <BLANKLINE>
    Done.
    """
    return _DOCTEST.sub(lambda m: f"{m.group(1)}```pycon\n{m.group(0)}\n{m.group(1)}```", text)


class FencedDoctests(griffe.Extension):
    """Fences the doctests of every docstring griffe reads."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence_doctests(obj.docstring.value)
