"""Templates: the one Environment factory, the lookup rule, and rendering a draft.

Every template, shipped or supplied by the user, is compiled in Jinja's
immutable sandbox with ``StrictUndefined``: a missing fact is an error, never
a blank. Facts reach templates only as plain render context.

**The lookup rule.** A template named ``thank_you.j2`` for a draft whose
language chain is ``("de_AT", "de")`` is looked for, first match wins, in::

    <user dir>/de_AT/thank_you.j2   <shipped>/de_AT/thank_you.j2
    <user dir>/de/thank_you.j2      <shipped>/de/thank_you.j2
    <user dir>/thank_you.j2         <shipped>/thank_you.j2

and so is every template it imports or includes. Internally each template is
loaded under a name that carries its output mode and chain
(``"text:de_AT,de:thank_you.j2"``), so the template cache never hands a
German partial to a French draft.

**One wording, two outputs.** Each draft template is rendered twice from the
same source: as text (never escaped) and as HTML (always escaped). The
template sets ``subject`` with ``{% set subject %}…{% endset %}`` and writes
the body; paragraphs are separated by blank lines, and the ``paragraph``
filter joins the sentences of a paragraph written one per line.

**One language per draft.** Wording comes from the ``.po`` catalogs along
the draft's chain (read once per locale, complete entries only), through
gettext callables that read the current render's language from a context
variable, never from shared state. The recipient's formality picks the
informal variant of each message (``msgctxt "informal"``) before the formal
one. When a language's catalogs lack a message the draft needs, the whole
draft is rendered again in the source language, and
:attr:`Rendered.locale` says which language was used.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gettext
import html
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import jinja2
from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from jinja2.debug import rewrite_traceback_stack
from jinja2.exceptions import SecurityError
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from followup.errors import TemplateError, TemplateNotFoundError
from followup.locales import SOURCE_LANGUAGE, ResolvedLocale

__all__ = [
    "INFORMAL",
    "MAX_OUTPUT",
    "MAX_STEPS",
    "Messages",
    "Rendered",
    "Wording",
    "catalog",
    "environment",
    "informal_context",
    "render",
    "translations",
]

MAX_OUTPUT = 100_000
"""The most characters one template may produce; more is a template error."""
_MAX_OPERAND = 100_000
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")
_SHIPPED: Traversable = files("followup.templates")


@dataclass(frozen=True, slots=True)
class Rendered:
    """What one draft template produced, and the language it is written in."""

    subject: str
    text: str
    html: str
    locale: ResolvedLocale
    """The language actually used: the requested one, or the source language when
    the requested language's wording is incomplete for this draft."""


# --- the current letter language ------------------------------------------------------------

INFORMAL = "informal"
"""The message context of wording that addresses the reader informally (du, tu, tú).

Every message is extracted twice (see :mod:`followup._extract`): without a
context, the formal wording, and with this context, the informal one. A
language whose wording does not depend on formality copies the formal
translation; English needs neither.
"""


def informal_context(context: str | None) -> str:
    """The message context of the informal variant of a message with *context*.

    >>> informal_context(None), informal_context("button")
    ('informal', 'informal|button')
    """
    return INFORMAL if context is None else f"{INFORMAL}|{context}"


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


def _read_catalog(locale: str) -> Catalog | None:
    """The shipped ``.po`` catalog of *locale*, parsed, or None when there is none."""
    po = _SHIPPED.joinpath("locale", locale, "LC_MESSAGES", "followup.po")
    if not po.is_file():
        return None
    with po.open("rb") as handle:
        return read_po(handle, locale=locale, domain="followup")


@functools.cache
def catalog(locale: str) -> Messages | None:
    """The shipped translations of one locale, complete messages only, or None.

    Read once per locale and cached. Fuzzy entries and entries with an empty
    form are left out, so a partial catalog never shadows its parent's
    wording with English (babel#697).
    """
    parsed = _read_catalog(locale)
    if parsed is None:
        return None
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
    return Messages(locale=locale, strings=strings, plural=gettext.c2py(parsed.plural_expr))


@dataclass(frozen=True, slots=True)
class Wording:
    """The translations along one locale chain, most specific first."""

    chain: tuple[str, ...]
    catalogs: tuple[Messages, ...]
    source: bool
    """Whether the chain ends in the source language, whose wording is the msgid itself."""

    def find(
        self, context: str | None, message: str, n: int | None = None, *, informal: bool = False
    ) -> str | None:
        """The most specific translation, informal wording first when asked for."""
        contexts = (informal_context(context), context) if informal else (context,)
        for key in contexts:
            for messages in self.catalogs:
                found = messages.find(key, message, n)
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
class _Language:
    wording: Wording
    locale: Locale
    informal: bool
    missed: list[str]
    """Messages this render found no translation for (a mutable per-render record)."""


_CURRENT: ContextVar[_Language | None] = ContextVar("followup_language", default=None)


def _current() -> _Language:
    language = _CURRENT.get()
    if language is None:
        raise jinja2.TemplateRuntimeError(
            "followup templates render only through followup.rendering.render()"
        )
    return language


def _translate(context: str | None, singular: str, plural: str | None, n: int | None) -> str:
    language = _current()
    found = language.wording.find(context, singular, n, informal=language.informal)
    if found is not None:
        return found
    if not language.wording.source:
        language.missed.append(singular)
    return singular if plural is None or n == 1 else plural


# French elides "de" and "que" before a vowel: "le poste d'Ingénieur", "d'Anna".
# A catalog cannot know the fact that follows, so the elision happens where a
# placeholder meets the word before it, and only when the fact starts with a vowel.
_ELIDABLE = re.compile(r"\b([Dd]e|[Qq]ue) %\((\w+)\)s")
_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ")


def _elide(message: str, variables: Mapping[str, Any]) -> str:
    if _current().locale.language != "fr":
        return message

    def join(match: re.Match[str]) -> str:
        value = str(variables.get(match[2], ""))
        if value[:1] in _VOWELS:
            return f"{match[1][:-1]}'%({match[2]})s"
        return match[0]

    return _ELIDABLE.sub(join, message)


def _formatted(context: jinja2.runtime.Context, message: str, variables: dict[str, Any]) -> str:
    """A translated message with its placeholders filled in, as Jinja's newstyle
    gettext does it (escaped in HTML output), after French elision."""
    message = _elide(message, variables)
    if context.eval_ctx.autoescape:
        return Markup(message) % variables
    return message % variables


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


# --- filters and globals ----------------------------------------------------------------------


def _format_date(value: dt.date, format: str = "long") -> str:
    if not isinstance(value, dt.date):
        raise jinja2.TemplateRuntimeError(f"format_date needs a date, not {value!r}")
    locale = _current().locale
    text = format_date(value, format, locale=locale)
    if locale.language == "fr" and value.day == 1 and format in {"long", "full"}:
        text = re.sub(r"(?<!\d)1(?=\s)", "1er", text, count=1)
    return text


def _format_list(values: Sequence[str], style: str = "standard") -> str:
    # Other CLDR list styles raise KeyError in some locales.
    if style not in {"standard", "or"}:
        raise jinja2.TemplateRuntimeError(
            f"format_list style must be 'standard' or 'or', not {style!r}"
        )
    kind: Literal["standard", "or"] = "or" if style == "or" else "standard"
    if any(isinstance(v, Markup) for v in values):
        # Items already escaped for HTML (translated phrases): escape the rest, keep
        # the joined list marked safe so it is not escaped twice.
        escaped = [str(escape(v)) for v in values]
        return Markup(format_list(escaped, style=kind, locale=_current().locale))
    return format_list([str(v) for v in values], style=kind, locale=_current().locale)


def _format_number(value: float) -> str:
    return format_decimal(value, locale=_current().locale)


@jinja2.pass_eval_context
def _link(eval_ctx: jinja2.nodes.EvalContext, url: str, label: str | None = None) -> str:
    """A URL: plain in text output, an ``<a>`` element in HTML output."""
    if not eval_ctx.autoescape:
        return url if label is None else f"{label} ({url})"
    return Markup('<a href="{0}">{1}</a>').format(url, url if label is None else label)


_LAYOUT = re.compile(r"[ \t\r\n\f\v]+")
"""Layout whitespace only: no-break spaces (French ``:``, ``«``) are wording and stay."""


def _paragraph(value: str) -> str:
    """Join a paragraph's lines into one, with single spaces."""
    joined = _LAYOUT.sub(" ", str(value)).strip(" ")
    return Markup(joined) if isinstance(value, Markup) else joined


def _finalize(value: Any) -> Any:
    # Only text, numbers and dates may be printed: never a function's repr.
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, dt.date):
        return _format_date(value)
    if isinstance(value, jinja2.Undefined):
        return str(value)  # StrictUndefined raises, naming the missing variable
    raise jinja2.TemplateRuntimeError(
        f"cannot print a value of type {type(value).__name__}; print text, numbers or dates"
    )


# --- the environment --------------------------------------------------------------------------


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with arithmetic, formatting and concatenation bounded."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        _check_operands(operator, left, right)
        result = super().call_binop(context, operator, left, right)
        _check_size(result)
        return result

    def _parse(self, source: str, name: str | None, filename: str | None) -> jinja2.nodes.Template:
        tree = super()._parse(source, name, filename)
        # HTML output is always escaped: a template may not switch escaping off.
        for node in tree.find_all((jinja2.nodes.EvalContextModifier,)):
            raise jinja2.TemplateSyntaxError(
                "templates may not change autoescaping", node.lineno, name, filename
            )
        # `a ~ b` builds strings too: bound it like `+`.
        for concat in tree.find_all((jinja2.nodes.Concat,)):
            parts = concat.nodes
            concat.nodes = [
                jinja2.nodes.Call(
                    jinja2.nodes.Name(_CONCAT, "load", lineno=concat.lineno),
                    parts,
                    [],
                    None,
                    None,
                    lineno=concat.lineno,
                )
            ]
        # Every loop draws on the render's step budget, so nested loops end.
        for loop in tree.find_all((jinja2.nodes.For,)):
            loop.iter = jinja2.nodes.Call(
                jinja2.nodes.Name(_STEPPED, "load", lineno=loop.lineno),
                [loop.iter],
                [],
                None,
                None,
                lineno=loop.lineno,
            )
        return tree

    def call(
        __self,  # noqa: N805 - the signature of SandboxedEnvironment.call
        __context: jinja2.runtime.Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        _step()
        return super().call(__context, __obj, *args, **kwargs)

    def join_path(self, template: str, parent: str) -> str:
        mode, chain, _ = _split(parent)
        return f"{mode}:{chain}:{template}"


MAX_STEPS = 200_000
"""The most loop iterations and calls one template render may make."""
MAX_SECONDS = 5.0
"""The longest one template render may take."""
_MAX_BITS = 4096
_MAX_WIDTH = 1000
_STEPPED = "__followup_stepped"
_CONCAT = "__followup_concat"
_STEPS: ContextVar[list[float] | None] = ContextVar("followup_steps", default=None)


def _step(count: int = 1) -> None:
    budget = _STEPS.get()
    if budget is None:
        return
    budget[0] += count
    if budget[0] > MAX_STEPS:
        raise SecurityError(
            f"the template made more than {MAX_STEPS} loop steps and calls; simplify it"
        )
    if time.monotonic() > budget[1]:
        raise SecurityError(f"the template ran longer than {MAX_SECONDS} seconds; simplify it")


_FORMAT_WIDTH = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_operands(operator: str, left: Any, right: Any) -> None:
    """Refuse operations whose result would be huge before computing them."""
    _step()
    if operator == "**" and (abs(_magnitude(left)) > 1_000 or abs(_magnitude(right)) > 100):
        raise SecurityError("the power is too large to compute")
    if operator == "*":
        sizes = [len(v) for v in (left, right) if isinstance(v, str | list | tuple)]
        counts = [v for v in (left, right) if isinstance(v, int)]
        if sizes and counts and sizes[0] * abs(counts[0]) > _MAX_OPERAND:
            raise SecurityError("the repeated sequence would be too long")
    both_ints = isinstance(left, int) and isinstance(right, int)
    if both_ints and operator in {"*", "+"} and _bits(left) + _bits(right) > _MAX_BITS:
        raise SecurityError("the number would be too large")
    if operator == "%" and isinstance(left, str):
        _check_format(left)


def _bits(number: int) -> int:
    return abs(number).bit_length()


def _check_format(template: str) -> None:
    for match in _FORMAT_WIDTH.finditer(template):
        for width in match.groups():
            if width == "*" or (width is not None and int(width) > _MAX_WIDTH):
                raise SecurityError(f"a format width over {_MAX_WIDTH} is not allowed")


def _check_size(value: Any) -> None:
    if isinstance(value, str | list | tuple) and len(value) > _MAX_OPERAND:
        raise SecurityError("the value would be too long")
    if isinstance(value, int) and value.bit_length() > _MAX_BITS:
        raise SecurityError("the number would be too large")


@jinja2.pass_eval_context
def _concat(eval_ctx: jinja2.nodes.EvalContext, *parts: Any) -> str:
    """``a ~ b``, as Jinja joins it, bounded in length."""
    _step()
    joined: str = (markup_join if eval_ctx.autoescape else str_join)(parts)
    _check_size(joined)
    return joined


def _bounded_filter(filter_: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose numeric arguments (widths) and result are bounded."""

    @functools.wraps(filter_)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        values = [*args, *kwargs.values()]
        if any(isinstance(v, int) and v > _MAX_WIDTH for v in values):
            raise SecurityError(f"a width over {_MAX_WIDTH} is not allowed")
        for value in values:
            if isinstance(value, str) and "%" in value:
                _check_format(value)
        result = filter_(*args, **kwargs)
        _check_size(result)
        return result

    return bounded


def _stepped(iterable: Any) -> Iterator[Any]:
    for item in iterable:
        _step()
        yield item


def _magnitude(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _split(name: str) -> tuple[str, str, str]:
    mode, _, rest = name.partition(":")
    chain, _, template = rest.partition(":")
    return mode, chain, template


def _unchanged(path: Path) -> Callable[[], bool]:
    mtime = path.stat().st_mtime
    return lambda: path.is_file() and path.stat().st_mtime == mtime


class _Loader(jinja2.BaseLoader):
    """Finds ``mode:chain:name`` along the locale chain, user folders first."""

    def __init__(self, roots: Sequence[Traversable]) -> None:
        self.roots = tuple(roots)

    def candidates(self, name: str) -> Iterator[Traversable]:
        _, chain, template = _split(name)
        if not _NAME.fullmatch(template) or ".." in template:
            return
        for locale in [*filter(None, chain.split(",")), ""]:
            for root in self.roots:
                folder = root.joinpath(locale) if locale else root
                yield folder.joinpath(template)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        for candidate in self.candidates(template):
            if candidate.is_file():
                try:
                    source = candidate.read_text(encoding="utf-8")
                except UnicodeDecodeError as err:
                    raise TemplateError(
                        f"is not UTF-8 text (byte {err.start}); save it as UTF-8",
                        name=str(candidate),
                    ) from err
                except OSError as err:
                    raise TemplateError(
                        f"cannot be read: {err.strerror or err}", name=str(candidate)
                    ) from err
                filename = str(candidate)
                if isinstance(candidate, Path):
                    return source, filename, _unchanged(candidate)
                return source, filename, lambda: True
        raise jinja2.TemplateNotFound(template)


@functools.cache
def _babel_locale(locale: str) -> Locale:
    return Locale.parse(locale)


@functools.lru_cache(maxsize=16)
def environment(template_dirs: tuple[Path, ...] = ()) -> jinja2.Environment:
    """The Environment for one configuration, built once and cached.

    *template_dirs* are searched before the shipped templates, with the same
    lookup rule (see the module documentation).
    """
    env = _Sandbox(
        loader=_Loader([*template_dirs, _SHIPPED]),
        undefined=jinja2.StrictUndefined,
        autoescape=lambda name: (name or "").startswith("html:"),
        extensions=["jinja2.ext.i18n"],
        finalize=_finalize,
        trim_blocks=False,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=bool(template_dirs),
        cache_size=1000,
    )
    # Runtime and extraction (babel.cfg: trimmed = true) must agree, or lookups miss.
    env.policies["ext.i18n.trimmed"] = True
    # Newstyle gettext (placeholders filled by the call, escaped in HTML), with
    # callables that read the current draft's language: never shared state.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update(
        gettext=_gettext, _=_gettext, ngettext=_ngettext, pgettext=_pgettext, npgettext=_npgettext
    )
    env.filters.update(
        format_date=_format_date,
        format_list=_format_list,
        format_number=_format_number,
        paragraph=_paragraph,
    )
    # HTML output is always escaped: nothing may mark text as safe.
    del env.filters["safe"]
    env.globals["link"] = _link
    env.globals[_STEPPED] = _stepped
    env.globals[_CONCAT] = _concat
    del env.globals["lipsum"]  # slow on purpose-sized input, and never needed in a letter
    for name in ("center", "indent", "format", "wordwrap", "truncate"):
        env.filters[name] = _bounded_filter(env.filters[name])
    return env


# --- rendering ----------------------------------------------------------------------------------


@contextlib.contextmanager
def _language(locale: ResolvedLocale, *, informal: bool, missed: list[str]) -> Iterator[None]:
    token = _CURRENT.set(
        _Language(
            wording=translations(locale.chain),
            locale=_babel_locale(locale.formatting),
            informal=informal,
            missed=missed,
        )
    )
    try:
        yield
    finally:
        _CURRENT.reset(token)


def _error_line(tb: TracebackType | None) -> tuple[str | None, int | None]:
    """The innermost template file and line in a traceback Jinja rewrote."""
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _run(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> tuple[str, str]:
    token = _STEPS.set([0, time.monotonic() + MAX_SECONDS])
    try:
        template = env.get_template(name)
        ctx = template.new_context(dict(context))
        chunks: list[str] = []
        size = 0
        for chunk in template.root_render_func(ctx):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise TemplateError(
                    f"produced more than {MAX_OUTPUT} characters; a draft is a short letter",
                    name=template.filename,
                )
            chunks.append(chunk)
        subject = ctx.get_exported().get("subject")
    except jinja2.TemplateNotFound as err:
        _, chain, missing = _split(str(err.name or name))
        where = f" for the languages {chain!r}" if chain else ""
        raise TemplateNotFoundError(
            f"no template {missing!r}{where}; add it to a template folder", name=missing
        ) from None
    except jinja2.TemplateSyntaxError as err:
        raise TemplateError(
            f"syntax error: {err.message}", name=err.filename or err.name, lineno=err.lineno
        ) from err
    except TemplateError:
        raise
    except RecursionError:
        filename, line = _error_line(rewrite_traceback_stack().__traceback__)
        raise TemplateError(
            "templates include or call each other without end", name=filename, lineno=line
        ) from None
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as err:
        filename, line = _error_line(rewrite_traceback_stack().__traceback__)
        raise TemplateError(str(err) or type(err).__name__, name=filename, lineno=line) from err
    finally:
        _STEPS.reset(token)
    if subject is None:
        raise TemplateError(
            "sets no subject; add {% set subject %}…{% endset %}", name=template.filename
        )
    return str(subject), "".join(chunks)


_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
_GAPS = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    return _GAPS.sub("\n\n", _TRAILING.sub("", text)).strip("\n").strip()


def _one_line(text: str) -> str:
    return _LAYOUT.sub(" ", text).strip(" ")


def render(
    kind: str,
    context: Mapping[str, Any],
    *,
    locale: ResolvedLocale,
    formality: Literal["formal", "informal"] = "formal",
    template_dirs: tuple[Path, ...] = (),
) -> Rendered:
    """Render the template ``{kind}.j2`` as text and as HTML in *locale*'s language.

    The wording addresses the reader formally or informally as *formality*
    says. A draft is never written in two languages: when the catalogs along
    *locale*'s chain lack a message the template needs, the whole draft is
    rendered in the source language instead, and :attr:`Rendered.locale`
    says so.
    """
    env = environment(template_dirs)
    attempts = [locale]
    if locale.language.split("_")[0] != SOURCE_LANGUAGE:
        attempts.append(locale.in_source_language())
    for attempt in attempts:
        chain = ",".join(attempt.chain)
        missed: list[str] = []
        with _language(attempt, informal=formality == "informal", missed=missed):
            subject, text = _run(env, f"text:{chain}:{kind}.j2", context)
            _, body = _run(env, f"html:{chain}:{kind}.j2", context)
        if not missed:
            break
    parsed = _babel_locale(attempt.language)
    direction = "rtl" if parsed.character_order == "right-to-left" else "ltr"
    paragraphs = "\n".join(
        "<p>" + part.replace("\n", "<br>\n") + "</p>" for part in _tidy(body).split("\n\n")
    )
    lang = html.escape(attempt.language.replace("_", "-"))
    page = f'<div lang="{lang}" dir="{direction}">\n{paragraphs}\n</div>'
    return Rendered(subject=_one_line(subject), text=_tidy(text), html=page, locale=attempt)
