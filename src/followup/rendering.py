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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gettext
import html
import io
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from jinja2.debug import rewrite_traceback_stack
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from followup.errors import TemplateError, TemplateNotFoundError
from followup.locales import ResolvedLocale

__all__ = ["MAX_OUTPUT", "MAX_STEPS", "Rendered", "environment", "render", "translations"]

MAX_OUTPUT = 100_000
"""The most characters one template may produce; more is a template error."""
_MAX_OPERAND = 100_000
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")
_SHIPPED: Traversable = files("followup.templates")


@dataclass(frozen=True, slots=True)
class Rendered:
    """What one draft template produced."""

    subject: str
    text: str
    html: str


# --- the current letter language ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Language:
    translations: gettext.NullTranslations
    locale: Locale


_CURRENT: ContextVar[_Language | None] = ContextVar("followup_language", default=None)


def _current() -> _Language:
    language = _CURRENT.get()
    if language is None:
        raise jinja2.TemplateRuntimeError(
            "followup templates render only through followup.rendering.render()"
        )
    return language


def _gettext(message: str) -> str:
    return _current().translations.gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _current().translations.ngettext(singular, plural, n)


def _pgettext(context: str, message: str) -> str:
    return _current().translations.pgettext(context, message)


def _npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _current().translations.npgettext(context, singular, plural, n)


@functools.cache
def _catalog(locale: str) -> gettext.NullTranslations | None:
    """The shipped catalog of one locale, complete messages only, or None."""
    po = _SHIPPED.joinpath("locale", locale, "LC_MESSAGES", "followup.po")
    if not po.is_file():
        return None
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=locale, domain="followup")
    # An untranslated plural entry would otherwise be compiled as English and
    # shadow a complete parent catalog (babel#697): keep only complete entries.
    for message in list(catalog):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            catalog.delete(message.id, message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain="followup")


@functools.cache
def translations(chain: tuple[str, ...]) -> gettext.NullTranslations:
    """The catalogs along *chain* joined with fallbacks, most specific first."""
    found = [catalog for locale in chain if (catalog := _catalog(locale)) is not None]
    if not found:
        return NullTranslations()
    first = found[0]
    for catalog in found[1:]:
        first.add_fallback(catalog)
    return first


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
    items = [str(v) for v in values]
    if style == "or":
        return format_list(items, style="or", locale=_current().locale)
    if style != "standard":
        raise jinja2.TemplateRuntimeError(
            f"format_list style must be 'standard' or 'or', not {style!r}"
        )
    return format_list(items, style="standard", locale=_current().locale)


def _format_number(value: float) -> str:
    return format_decimal(value, locale=_current().locale)


@jinja2.pass_eval_context
def _link(eval_ctx: jinja2.nodes.EvalContext, url: str, label: str | None = None) -> str:
    """A URL: plain in text output, an ``<a>`` element in HTML output."""
    if not eval_ctx.autoescape:
        return url if label is None else f"{label} ({url})"
    return Markup('<a href="{0}">{1}</a>').format(url, url if label is None else label)


def _paragraph(value: str) -> str:
    """Join a paragraph's lines into one, with single spaces."""
    joined = " ".join(str(value).split())
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
    """The immutable sandbox, with ``*`` and ``**`` bounded."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "**" and (abs(_magnitude(left)) > 1_000 or abs(_magnitude(right)) > 100):
            raise SecurityError("the power is too large to compute")
        if operator == "*":
            sizes = [len(v) for v in (left, right) if isinstance(v, str | list | tuple)]
            counts = [v for v in (left, right) if isinstance(v, int)]
            if sizes and counts and sizes[0] * abs(counts[0]) > _MAX_OPERAND:
                raise SecurityError("the repeated sequence would be too long")
        return super().call_binop(context, operator, left, right)

    def _parse(self, source: str, name: str | None, filename: str | None) -> jinja2.nodes.Template:
        tree = super()._parse(source, name, filename)
        # HTML output is always escaped: a template may not switch escaping off.
        for node in tree.find_all((jinja2.nodes.EvalContextModifier,)):
            raise jinja2.TemplateSyntaxError(
                "templates may not change autoescaping", node.lineno, name, filename
            )
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
_STEPPED = "__followup_stepped"
_STEPS: ContextVar[list[int] | None] = ContextVar("followup_steps", default=None)


def _step(count: int = 1) -> None:
    steps = _STEPS.get()
    if steps is None:
        return
    steps[0] += count
    if steps[0] > MAX_STEPS:
        raise SecurityError(
            f"the template made more than {MAX_STEPS} loop steps and calls; simplify it"
        )


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
                source = candidate.read_text(encoding="utf-8")
                filename = str(candidate)
                if isinstance(candidate, Path):
                    return source, filename, _unchanged(candidate)
                return source, filename, lambda: True
        raise jinja2.TemplateNotFound(template)


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
    env.install_gettext_callables(  # type: ignore[attr-defined]
        _gettext, _ngettext, pgettext=_pgettext, npgettext=_npgettext, newstyle=True
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
    return env


# --- rendering ----------------------------------------------------------------------------------


@contextlib.contextmanager
def _language(locale: ResolvedLocale) -> Iterator[None]:
    token = _CURRENT.set(_Language(translations(locale.chain), Locale.parse(locale.formatting)))
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
    token = _STEPS.set([0])
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
    return " ".join(text.split())


def render(
    kind: str,
    context: Mapping[str, Any],
    *,
    locale: ResolvedLocale,
    template_dirs: tuple[Path, ...] = (),
) -> Rendered:
    """Render the template ``{kind}.j2`` as text and as HTML in *locale*'s language."""
    env = environment(template_dirs)
    chain = ",".join(locale.chain)
    with _language(locale):
        subject, text = _run(env, f"text:{chain}:{kind}.j2", context)
        _, body = _run(env, f"html:{chain}:{kind}.j2", context)
    parsed = Locale.parse(locale.language)
    direction = "rtl" if parsed.character_order == "right-to-left" else "ltr"
    paragraphs = "\n".join(
        "<p>" + part.replace("\n", "<br>\n") + "</p>" for part in _tidy(body).split("\n\n")
    )
    lang = html.escape(locale.language.replace("_", "-"))
    page = f'<div lang="{lang}" dir="{direction}">\n{paragraphs}\n</div>'
    return Rendered(subject=_one_line(subject), text=_tidy(text), html=page)
