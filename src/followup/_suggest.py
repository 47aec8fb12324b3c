"""Did you mean …? The allowed value closest to one that is not allowed."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["closest", "did_you_mean"]


def closest(value: object, choices: Iterable[str]) -> str | None:
    """The choice *value* most likely misspells, or None when none is close.

    Case is ignored; a choice that differs only in case is the answer.

    >>> closest("decision_expectd", ["date", "decision_expected", "role"])
    'decision_expected'
    >>> closest("Female", ["female", "male"]), closest("casual", ["formal", "informal"])
    ('female', None)
    """
    if not isinstance(value, str) or not value:
        return None
    by_folded: dict[str, str] = {}
    for choice in choices:
        by_folded.setdefault(choice.casefold(), choice)
    folded = value.casefold()
    if folded in by_folded:
        return by_folded[folded] if by_folded[folded] != value else None
    found = difflib.get_close_matches(folded, list(by_folded), n=1, cutoff=0.6)
    return by_folded[found[0]] if found else None


def did_you_mean(suggestion: str, rest: str) -> str:
    """A message that leads with the suggestion: ``did you mean X? It …``.

    >>> did_you_mean("'informal'", "must be 'formal' or 'informal'")
    "did you mean 'informal'? It must be 'formal' or 'informal'"
    """
    return f"did you mean {suggestion}? It {rest}" if rest else f"did you mean {suggestion}?"
