"""The exceptions followup raises, rooted in :class:`FollowupError`.

Every leaf also inherits the standard-library type that fits it, so callers
may catch either::

    FollowupError
     ├── FactsError(ValueError)          invalid interview facts (file or dict)
     ├── LocaleError(ValueError)         malformed or unknown locale string
     ├── OptionError(ValueError)         an option of plan() has a bad value
     ├── TemplateError(RuntimeError)     a template failed to load or render
     │    └── TemplateNotFoundError(LookupError)
     ├── ExportError(OSError)            a draft could not be exported or written
     │    └── ImapError                  the IMAP server did not store every draft
     │         ├── ImapConnectionError(ConnectionError)  unreachable, TLS failed, cut off
     │         ├── ImapLoginError(PermissionError)       the login was refused
     │         └── ImapFolderError(LookupError)          no Drafts folder, or no such folder
     └── MissingDependencyError(ImportError)  an optional extra is not installed

The IMAP errors are defined in :mod:`followup.imap` with the code that raises
them (and reach ``followup.ImapError`` and the rest when first used), so that
``import followup`` does not import :mod:`imaplib`.

Messages say what happened, show the bad value with ``!r``, where it was,
and what to do about it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "ExportError",
    "FactsError",
    "FollowupError",
    "LocaleError",
    "MissingDependencyError",
    "OptionError",
    "Problem",
    "TemplateError",
    "TemplateNotFoundError",
]


class FollowupError(Exception):
    """Base class of every error followup raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a facts file: where, what, and the bad value."""

    path: str
    """Where the problem is, as a field path such as ``interviewers[1].gender``."""
    message: str
    """What is wrong and what is allowed."""
    value: object = None
    """The offending value, or ``None`` when there is none (a missing field)."""
    has_value: bool = False
    suggestion: str | None = None
    """The allowed field name or value closest to a misspelt one (``decision_expected``
    for ``decision_expectd``), or ``None``; the message leads with it."""

    def __str__(self) -> str:
        # The path holds the keys as written, an unknown one too: shown cut short,
        # as the value is.
        path = _cut(self.path, _PATH_SHOWN)
        message = _cut(self.message, _MESSAGE_SHOWN)
        text = f"{path}: {message}" if path else message
        if self.has_value:
            return f"{text} (got {_short_repr(self.value)})"
        return text


_PATH_SHOWN = 200
_MESSAGE_SHOWN = 1000


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short_repr(value: object, limit: int = 80) -> str:
    try:
        return _cut(repr(_as_written(value)), limit)
    except (ValueError, RecursionError):  # a number of 5,000 digits, lists nested deep
        return "a value too large to show"


def _as_written(value: object, depth: int = 0) -> object:
    """*value* with its dates as people write them in facts files (``'2026-12-08'``),
    also inside a table or a list, not as Python spells them."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if depth > 3:  # deeper than a fact nests: shown as it is, cut short anyway
        return value
    if isinstance(value, dict):
        return {key: _as_written(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_as_written(item, depth + 1) for item in value)
    return value


PROBLEMS_SHOWN = 20
"""The most problems a :class:`FactsError` lists in its message (and the command line
on standard error); the rest are counted: "and 12 more problems". All of them are in
:attr:`FactsError.problems`."""


def listed(problems: Sequence[Problem]) -> tuple[Sequence[Problem], str | None]:
    """The problems a message lists, and the line that counts the rest (or None)."""
    more = len(problems) - PROBLEMS_SHOWN
    if more <= 0:
        return problems, None
    return problems[:PROBLEMS_SHOWN], f"and {more} more problem{'s' if more != 1 else ''}"


class FactsError(FollowupError, ValueError):
    """The interview facts are invalid; :attr:`problems` lists each problem."""

    def __init__(
        self, problems: Sequence[Problem], *, source: str | None = None, hint: str | None = None
    ) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        self.hint = hint
        """What to do about the facts as a whole, or ``None``: for a facts file that is
        empty or nearly so, how to start one."""
        where = f" in {source}" if source else ""
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} with the interview facts{where}:"
        shown, rest = listed(self.problems)
        lines = [head, *(f"  {problem}" for problem in shown)]
        if rest:
            lines.append(f"  {rest}")
        if hint:
            lines.append(hint)
        super().__init__("\n".join(lines))

    def errors(self) -> list[dict[str, object]]:
        """The problems as dicts (``path``, ``message``, ``value``, ``suggestion``), for
        programs."""
        return [
            {"path": p.path, "message": p.message, "value": p.value, "suggestion": p.suggestion}
            for p in self.problems
        ]


class LocaleError(FollowupError, ValueError):
    """A locale string is malformed or names a language followup cannot use."""

    def __init__(self, value: object, reason: str) -> None:
        self.value = value
        self.reason = reason
        """What is wrong and what to do, without the value."""
        super().__init__(f"locale {_short_repr(value)}: {reason}")


class OptionError(FollowupError, ValueError):
    """An option such as ``every`` or ``until`` has a value followup cannot use."""

    def __init__(self, option: str, value: object, message: str) -> None:
        self.option = option
        self.value = value
        self.reason = message
        """What is wrong and what to do, without the option and value."""
        super().__init__(f"{option}={_short_repr(value)}: {message}")


_NAME_SHOWN = 300


class TemplateError(FollowupError, RuntimeError):
    """A template could not be compiled or rendered."""

    def __init__(
        self, message: str, *, name: str | None = None, lineno: int | None = None
    ) -> None:
        self.name = name
        self.lineno = lineno
        where = ""
        if name:
            # A name can come from a template ({% include "…" %}): shown at a sensible length.
            shown = name if len(name) <= _NAME_SHOWN else name[:_NAME_SHOWN] + "…"
            where = f"{shown}, line {lineno}: " if lineno else f"{shown}: "
        super().__init__(f"{where}{message}")


class TemplateNotFoundError(TemplateError, LookupError):
    """No template with that name exists along the lookup path."""


class ExportError(FollowupError, OSError):
    """A draft could not be exported or written to disk."""


class MissingDependencyError(FollowupError, ImportError):
    """An optional feature needs a package that is not installed."""

    def __init__(self, feature: str, package: str, extra: str) -> None:
        self.package = package
        super().__init__(
            f"{feature} needs the {package!r} package, which is not installed; "
            f"install it with: pip install 'followup[{extra}]' (or pip install "
            f"{package}; from a checkout of followup: pip install '.[{extra}]')"
        )
