"""Translations: the shipped catalogs, and gettext callables bound to the current draft.

Wording comes from the ``.po`` catalogs along the draft's locale chain, read
once per locale (complete entries only). The gettext callables templates
use read the language of the render in progress from a context variable,
never from shared state, so drafts in several languages can render at once
from several threads. The recipient's formality picks the informal variant
of each message (``msgctxt "informal"``) before the formal one, and an e-mail
sent on the day of the interview it thanks for the wording said on that day
(``msgctxt "today"``) where a language's catalog has one.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import hashlib
import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any, cast

import jinja2
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from markupsafe import Markup, escape

from followup import _cache
from followup._localedata import babel_locale
from followup.locales import SOURCE_LANGUAGE, ResolvedLocale
from followup.rendering.conventions import Conventions, conventions
from followup.rendering.sandbox import check_plain

__all__ = [
    "INFORMAL",
    "TODAY",
    "TODAY_MARK",
    "Language",
    "Messages",
    "Wording",
    "catalog",
    "current",
    "gettext_callables",
    "informal_context",
    "read_catalog",
    "speaking",
    "today_context",
    "translations",
]

INFORMAL = "informal"
"""The message context of wording that addresses the reader informally (du, tu, tú).

Every message is extracted twice (see :mod:`followup.rendering._extract`):
without a context, the formal wording, and with this context, the informal
one. A language whose wording does not depend on formality copies the formal
translation; English needs neither.
"""


def informal_context(context: str | None) -> str:
    """The message context of the informal variant of a message with *context*.

    >>> informal_context(None), informal_context("button")
    ('informal', 'informal|button')
    """
    return INFORMAL if context is None else f"{INFORMAL}|{context}"


TODAY = "today"
"""The message context of wording said on the day of what it speaks of.

A message a template marks with the translator comment :data:`TODAY_MARK`
is extracted once more with this context (see :mod:`followup.rendering._extract`).
A draft rendered as said on the day (the thank-you e-mail sent the day of
the interview) takes that variant first: Spanish of Spain says "ha sido un
placer" that day and "fue un placer" on a card read days later. A language
whose wording does not change leaves it empty, and a regional catalog's own
wording of the message comes before its parent's variant.
"""

TODAY_MARK = "said on the day"
"""The translator comment (after ``Translators:``) that marks a message as having a
wording said on the day (:data:`TODAY`)."""


def today_context(context: str | None) -> str:
    """The message context of the on-the-day variant of a message with *context*.

    >>> today_context(None), today_context("informal"), today_context("informal|button")
    ('today', 'informal|today', 'informal|today|button')
    """
    if context is None:
        return TODAY
    if context == INFORMAL:
        return f"{INFORMAL}|{TODAY}"
    if context.startswith(f"{INFORMAL}|"):
        return f"{INFORMAL}|{TODAY}|{context.removeprefix(f'{INFORMAL}|')}"
    return f"{TODAY}|{context}"


@dataclass(frozen=True, slots=True)
class Messages:
    """One locale's complete translations, read from its shipped ``.po`` file."""

    locale: str
    strings: Mapping[tuple[str | None, str], tuple[str, ...]]
    """``(context, msgid)`` → the translated forms (one, or one per plural form)."""
    plural: Callable[[int], int]
    """Which plural form a count takes."""

    def find(self, context: str | None, message: str, n: int | None) -> str | None:
        """The translation of *message* for count *n*, or None if there is none."""
        forms = self.strings.get((context, message))
        if not forms:
            return None
        return forms[min(self.plural(n), len(forms) - 1)] if n is not None else forms[0]


def _po(locale: str) -> Traversable:
    return files("followup.templates").joinpath("locale", locale, "LC_MESSAGES", "followup.po")


def read_catalog(locale: str) -> Catalog | None:
    """The shipped ``.po`` catalog of *locale*, parsed, or None when there is none."""
    po = _po(locale)
    if not po.is_file():
        return None
    with po.open("rb") as handle:
        return read_po(handle, locale=locale, domain="followup")


@functools.cache
def catalog(locale: str) -> Messages | None:
    """The shipped translations of one locale, complete messages only, or None.

    Read once per locale and cached; parsed from the ``.po`` file (through
    :func:`read_catalog`) once per user and content of the file, and kept
    compiled in the user's cache folder. Fuzzy entries and entries with an
    empty form are left out, so a partial catalog never shadows its parent's
    wording with English (babel#697).
    """
    po = _po(locale)
    if not po.is_file():
        return None
    name = f"{locale}-{hashlib.sha256(po.read_bytes()).hexdigest()[:24]}.marshal"
    kept = _cache.load("catalogs", name)
    if _catalog_shaped(kept):
        strings, plural_expr = cast(tuple[dict[tuple[str | None, str], Forms], str], kept)
        with contextlib.suppress(ValueError, SyntaxError, RecursionError):
            return Messages(locale=locale, strings=strings, plural=_plural(plural_expr))
    strings, plural_expr = _complete(locale)
    _cache.store("catalogs", name, (strings, plural_expr))
    return Messages(locale=locale, strings=strings, plural=_plural(plural_expr))


_PLURALS: dict[str, Callable[[int], int]] = {
    "(n != 1)": lambda n: int(n != 1),
    "(n > 1)": lambda n: int(n > 1),
}
"""The plural rules of the shipped languages, as :func:`gettext.c2py` makes them
(which compiles each anew: a quarter of a millisecond in every new process)."""


Forms = tuple[str, ...]
"""A message's translated forms: one, or one per plural form."""


def _catalog_shaped(kept: object) -> bool:
    """Whether *kept*, read back from the cache, is what :func:`_complete` gives: the
    messages by (context, msgid), each its forms, and a plural expression (anything
    else, a damaged entry, is parsed again from the ``.po`` file)."""
    if not (isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], dict)):
        return False
    strings, plural_expr = kept
    if not isinstance(plural_expr, str):
        return False
    # The first entries stand for the rest (all are written at once, by one marshal):
    # checking each would cost a new process a tenth of a millisecond per catalog.
    return all(
        type(key) is tuple
        and len(key) == 2
        and (key[0] is None or type(key[0]) is str)
        and type(key[1]) is str
        and type(forms) is tuple
        and all(type(form) is str for form in forms)
        for key, forms in itertools.islice(strings.items(), 8)
    )


def _plural(expression: str) -> Callable[[int], int]:
    known = _PLURALS.get(expression.strip())
    if known is None:
        return gettext.c2py(expression)
    compiled: list[Callable[[int], int]] = []

    def plural(n: int) -> int:
        if type(n) is int:
            return known(n)
        # Anything but an int is gettext's to judge (an error, or a warning for 1.0).
        if not compiled:
            compiled.append(gettext.c2py(expression))
        return compiled[0](n)

    return plural


def _complete(locale: str) -> tuple[dict[tuple[str | None, str], tuple[str, ...]], str]:
    """The complete messages of *locale*'s catalog, and its plural expression."""
    parsed = read_catalog(locale)
    assert parsed is not None
    strings: dict[tuple[str | None, str], tuple[str, ...]] = {}
    for message in parsed:
        if not message.id or message.fuzzy:
            continue
        raw = message.string
        forms = tuple(raw) if isinstance(raw, tuple | list) else (raw,)
        if not all(isinstance(form, str) and form for form in forms):
            continue
        msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
        strings[(message.context, msgid)] = tuple(str(form) for form in forms)
    return strings, parsed.plural_expr


@dataclass(frozen=True, slots=True)
class Wording:
    """The translations along one locale chain, most specific first."""

    chain: tuple[str, ...]
    catalogs: tuple[Messages, ...]
    source: bool
    """Whether the chain ends in the source language, whose wording is the msgid itself."""

    def find(
        self,
        context: str | None,
        message: str,
        n: int | None = None,
        *,
        informal: bool = False,
        today: bool = False,
    ) -> str | None:
        """The most specific translation: informal wording first when asked for, and
        within each catalog the wording said on the day first when asked for."""
        contexts = (informal_context(context), context) if informal else (context,)
        for key in contexts:
            keys = (today_context(key), key) if today else (key,)
            for messages in self.catalogs:
                for each in keys:
                    found = messages.find(each, message, n)
                    if found is not None:
                        return found
        return None


@functools.cache
def translations(chain: tuple[str, ...]) -> Wording:
    """The catalogs along *chain*, each loaded once per locale; cached per chain."""
    found = tuple(messages for locale in chain if (messages := catalog(locale)) is not None)
    source = bool(chain) and chain[-1].split("_")[0] == SOURCE_LANGUAGE
    return Wording(chain=chain, catalogs=found, source=source)


@dataclass(frozen=True, slots=True)
class Language:
    """The language of the render in progress."""

    wording: Wording
    locale: Locale
    """The Babel locale dates and lists are formatted in."""
    conventions: Conventions
    informal: bool
    today: bool
    """Whether the draft is said on the day (see :data:`TODAY`)."""
    missed: list[str] = field(default_factory=list)
    """Messages this render found no translation for (a per-render record)."""


_CURRENT: ContextVar[Language | None] = ContextVar("followup_language", default=None)


def current() -> Language:
    """The language of the render in progress; an error outside :func:`speaking`."""
    language = _CURRENT.get()
    if language is None:
        raise jinja2.TemplateRuntimeError(
            "followup templates render only through followup.rendering.render()"
        )
    return language


@contextlib.contextmanager
def speaking(locale: ResolvedLocale, *, informal: bool, today: bool = False) -> Iterator[Language]:
    """Render in *locale*'s language within the block: informally when *informal*,
    as said on the day when *today* (see :data:`TODAY`)."""
    language = Language(
        wording=translations(locale.chain),
        locale=babel_locale(locale.formatting),
        conventions=conventions(locale.formatting),
        informal=informal,
        today=today,
    )
    token = _CURRENT.set(language)
    try:
        yield language
    finally:
        _CURRENT.reset(token)


def _translate(context: str | None, singular: str, plural: str | None, n: int | None) -> str:
    language = current()
    found = language.wording.find(
        context, singular, n, informal=language.informal, today=language.today
    )
    if found is not None:
        return found
    if not language.wording.source:
        language.missed.append(singular)
    return singular if plural is None or n == 1 else plural


_STOP_AFTER = re.compile(r"%\((\w+)\)s\.(?!\.)")
_CLOSED = ("?", "!", "…", ".")


def _absorb_stops(message: str, variables: Mapping[str, Any]) -> str:
    """*message* without the full stop after a fact that ends in its own closing
    punctuation: "about %(topic)s." with "build or buy?" says "about build or buy?".

    >>> _absorb_stops("We talked about %(topic)s. Then %(x)s.", {"topic": "why?", "x": "y"})
    'We talked about %(topic)s Then %(x)s.'
    """

    def absorb(match: re.Match[str]) -> str:
        value = variables.get(match[1])
        closed = isinstance(value, str) and value.rstrip().endswith(_CLOSED)
        return match[0][:-1] if closed else match[0]

    return _STOP_AFTER.sub(absorb, message)


def _formatted(context: jinja2.runtime.Context, message: str, variables: Mapping[str, Any]) -> str:
    """A translated message with its placeholders filled in, as Jinja's newstyle
    gettext does it (escaped in HTML output), after the language's own rules."""
    autoescape = bool(context.eval_ctx.autoescape)
    rules = current().conventions
    if getattr(context.environment, "plain_values", False):
        check_plain(variables)  # a template of the user's: values checked, nothing kept
        return _fill(rules, autoescape, message, variables)
    # The value's type is part of the key: Markup is not escaped again, text is. A
    # value of another type (a list joined by format_list, whose items a language's
    # rules may decline one by one) is more than its text: filled in every time.
    if all(type(value) in _KEYABLE for value in variables.values()):
        key = tuple((name, type(value), value) for name, value in variables.items())
        return _filled(rules, autoescape, message, key)
    return _fill(rules, autoescape, message, variables)


_KEYABLE = frozenset({str, Markup, int})


def _fill(rules: Conventions, autoescape: bool, message: str, variables: Mapping[str, Any]) -> str:
    message = _absorb_stops(message, variables)
    message, variables = rules.prepare(message, variables)
    if autoescape:
        # The message is text (a msgid may even be a fact, `_(company)`): escaped.
        return escape(message) % variables
    return message % variables


@functools.lru_cache(maxsize=2048)
def _filled(
    rules: Conventions, autoescape: bool, message: str, key: tuple[tuple[str, type, Any], ...]
) -> str:
    """:func:`_fill`, kept for the messages drafted last: a card and its e-mail, the
    notes to a committee and the plans of one interview fill the same sentences with
    the same facts (a language's rules depend on the message and the facts only)."""
    return _fill(rules, autoescape, message, {name: value for name, _, value in key})


@jinja2.pass_context
def _gettext(__context: jinja2.runtime.Context, __string: str, **variables: Any) -> str:
    return _formatted(__context, _translate(None, __string, None, None), variables)


@jinja2.pass_context
def _ngettext(
    __context: jinja2.runtime.Context, __singular: str, __plural: str, __num: int, **variables: Any
) -> str:
    variables.setdefault("num", __num)
    message = _translate(None, __singular, __plural, __num)
    return _formatted(__context, message, variables)


@jinja2.pass_context
def _pgettext(
    __context: jinja2.runtime.Context, __string_ctx: str, __string: str, **variables: Any
) -> str:
    variables.setdefault("context", __string_ctx)
    message = _translate(__string_ctx, __string, None, None)
    return _formatted(__context, message, variables)


@jinja2.pass_context
def _npgettext(
    __context: jinja2.runtime.Context,
    __string_ctx: str,
    __singular: str,
    __plural: str,
    __num: int,
    **variables: Any,
) -> str:
    variables.setdefault("context", __string_ctx)
    variables.setdefault("num", __num)
    message = _translate(__string_ctx, __singular, __plural, __num)
    return _formatted(__context, message, variables)


def gettext_callables() -> dict[str, Callable[..., str]]:
    """The newstyle gettext globals templates use, bound to the current language."""
    return {
        "gettext": _gettext,
        "_": _gettext,
        "ngettext": _ngettext,
        "pgettext": _pgettext,
        "npgettext": _npgettext,
    }
