"""The filters and globals templates use, in the current draft's language.

``format_date`` (``long`` by default), ``format_list`` (``standard`` or
``or``), ``format_number`` and ``paragraph`` (one sentence per line joined
into a paragraph); the global ``link(url, label)``; and the ``finalize``
hook that lets a template print only text, numbers and dates.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from typing import Any, Literal

import jinja2
from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from followup.rendering.i18n import current
from followup.rendering.languages.base import listed

__all__ = ["FILTERS", "GLOBALS", "LAYOUT", "finalize"]


def _format_date(value: dt.date, format: str = "long") -> str:
    """A date as the language writes it: ``long`` (24 November 2026), ``day_month``
    (24 November, for a date everyone knows the year of), or a Babel format."""
    if not isinstance(value, dt.date):
        raise jinja2.TemplateRuntimeError(f"format_date needs a date, not {value!r}")
    language = current()
    pattern = format
    if format == "day_month":
        pattern = language.locale.datetime_skeletons.get("MMMMd") or "long"
    # A datetime's zone is part of the key: two equal instants may fall on two days.
    zone = value.tzinfo if isinstance(value, dt.datetime) else None
    try:
        text = _babel_date(isinstance(value, dt.datetime), zone, value, pattern, language.locale)
    except TypeError:  # a zone that cannot be a key
        text = format_date(value, pattern, locale=language.locale)
    return language.conventions.date(text, value, format)


# Babel reads its patterns anew on every call; the same dates and lists recur in every
# draft of a plan. Both answers depend on their arguments alone.


@functools.lru_cache(maxsize=512)
def _babel_date(
    timed: bool, zone: dt.tzinfo | None, value: dt.date, pattern: str, locale: Locale
) -> str:
    # *timed* and *zone* are keys only: a datetime equal to a date, or an instant in
    # another zone, is another day to write.
    return format_date(value, pattern, locale=locale)


@functools.lru_cache(maxsize=512)
def _babel_list(items: tuple[str, ...], style: Literal["standard", "or"], locale: Locale) -> str:
    return format_list(list(items), style=style, locale=locale)


def _format_list(values: Iterable[str], style: str = "standard") -> str:
    values = list(values)  # `map` and `select` give generators: read them once
    # Other CLDR list styles raise KeyError in some locales.
    if style not in {"standard", "or"}:
        raise jinja2.TemplateRuntimeError(
            f"format_list style must be 'standard' or 'or', not {style!r}"
        )
    kind: Literal["standard", "or"] = "or" if style == "or" else "standard"
    language = current()
    items: list[str]
    if any(isinstance(v, Markup) for v in values):
        # Items already escaped for HTML (translated phrases): escape the rest, keep
        # the joined list marked safe so it is not escaped twice.
        items = [Markup(escape(v)) for v in values]
        joined: str = Markup(_babel_list(tuple(map(str, items)), kind, language.locale))
    else:
        items = [str(v) for v in values]
        joined = _babel_list(tuple(items), kind, language.locale)
    joined = language.conventions.join(items, joined)
    return listed(joined, items, lambda changed: _format_list(changed, style))


def _format_number(value: float) -> str:
    return format_decimal(value, locale=current().locale)


@jinja2.pass_eval_context
def _link(eval_ctx: jinja2.nodes.EvalContext, url: str, label: str | None = None) -> str:
    """A URL: plain in text output, an ``<a>`` element in HTML output. Only web and
    mail addresses (``http``, ``https``, ``mailto``) are links."""
    if not isinstance(url, str) or not _LINKABLE.match(url):
        raise jinja2.TemplateRuntimeError(
            f"link() takes an http, https or mailto address, not {str(url)[:60]!r}"
        )
    if _USER_INFO.match(url):  # "https://bank.example@evil.example": not the bank
        raise jinja2.TemplateRuntimeError(
            f"link() takes an address without a user name before its host, not {url[:60]!r}"
        )
    # Double quotes and angle brackets, which no address holds, percent-encoded as a
    # browser sends them: the same page, and an href that cannot end its attribute.
    url = url.translate(_ENCODED)
    if not eval_ctx.autoescape:
        return url if label is None else f"{label} ({url})"
    return Markup('<a href="{0}">{1}</a>').format(url, url if label is None else label)


_ENCODED = str.maketrans({'"': "%22", "<": "%3C", ">": "%3E"})
_USER_INFO = re.compile(r"https?://[^/?#]*@", re.IGNORECASE)
_LINKABLE = re.compile(r"(?:https?://|mailto:)[^\s\x00-\x1f\x7f]+\Z", re.IGNORECASE)
LAYOUT = re.compile(r"[ \t\r\n\f\v]+")
"""Layout whitespace only: no-break spaces (French ``:``, ``«``) are wording and stay."""


def _paragraph(value: str) -> str:
    """Join a paragraph's lines into one, with single spaces."""
    joined = LAYOUT.sub(" ", str(value)).strip(" ")
    return Markup(joined) if isinstance(value, Markup) else joined


def finalize(value: Any) -> Any:
    """What ``{{ … }}`` may print: text, numbers and dates, never a function's repr."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, dt.date):
        return _format_date(value)
    if isinstance(value, jinja2.Undefined):
        return str(value)  # StrictUndefined raises, naming the missing variable
    raise jinja2.TemplateRuntimeError(
        f"cannot print a value of type {type(value).__name__}; print text, numbers or dates"
    )


FILTERS = {
    "format_date": _format_date,
    "format_list": _format_list,
    "format_number": _format_number,
    "paragraph": _paragraph,
}
"""followup's own filters, added to Jinja's."""
GLOBALS = {"link": _link}
"""followup's own globals, besides the gettext callables."""
