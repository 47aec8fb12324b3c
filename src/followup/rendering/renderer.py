"""Rendering one draft template as text and as HTML, in one language.

**One wording, two outputs.** Each draft template is rendered twice from the
same source: as text (never escaped) and as HTML (always escaped). The
template sets ``subject`` with ``{% set subject %}…{% endset %}`` and writes
the body; paragraphs are separated by blank lines, and the ``paragraph``
filter joins the sentences of a paragraph written one per line.

**One language per draft.** When a language's catalogs lack a message the
draft needs, the whole draft is rendered again in the source language, and
:attr:`Rendered.locale` says which language was used.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import jinja2
from jinja2.debug import rewrite_traceback_stack

from followup._localedata import babel_locale
from followup._text import SUBJECT_MAX, find_unshown
from followup.errors import TemplateError, TemplateNotFoundError
from followup.locales import ResolvedLocale
from followup.rendering.bounded import bounded, rendering
from followup.rendering.environment import Mode, environment, split_name, template_name
from followup.rendering.filters import LAYOUT
from followup.rendering.i18n import speaking
from followup.rendering.markup import ALLOWED_ELEMENTS, MarkupError, rebuilt
from followup.rendering.sandbox import budget

__all__ = ["MAX_OUTPUT", "Rendered", "html_attributes", "render"]

MAX_OUTPUT = 1_000_000
"""The most characters one template may produce; more is a template error. The
largest valid facts (fifty ideas of 2,000 characters, escaped for HTML) stay below it."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """What one draft template produced, and the language it is written in."""

    subject: str
    text: str
    html: str
    """The same wording as an HTML fragment (empty when only text was asked for)."""
    locale: ResolvedLocale
    """The language actually used: the requested one, or the source language when
    the requested language's wording is incomplete for this draft."""
    missing: tuple[str, ...] = ()
    """Messages the wording of :attr:`locale` lacks (only when rendered without fallback)."""


@functools.cache
def html_attributes(locale: str) -> tuple[str, str]:
    """The ``lang`` and ``dir`` attribute values for text in *locale*, escaped.

    >>> html_attributes("de_AT"), html_attributes("ar")
    (('de-AT', 'ltr'), ('ar', 'rtl'))
    """
    parsed = babel_locale(locale)
    direction = "rtl" if parsed.character_order == "right-to-left" else "ltr"
    return html.escape(locale.replace("_", "-")), direction


def _error_line(tb: TracebackType | None) -> tuple[str | None, int | None]:
    """The innermost template file and line in a traceback Jinja rewrote."""
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _compiling(tb: TracebackType | None) -> tuple[str | None, int | None] | None:
    """The template and line being compiled when *tb* was raised, or None when it
    was raised while rendering."""
    found: tuple[str | None, int | None] | None = None
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_name == "_parse" and found is None:
            found = (frame.f_locals.get("filename") or frame.f_locals.get("name"), None)
        parser = frame.f_locals.get("self")
        if found is not None and isinstance(parser, jinja2.parser.Parser):
            found = (found[0], parser.stream.current.lineno)
        tb = tb.tb_next
    return found


def _run(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> tuple[str, str]:
    try:
        with budget():
            template = env.get_template(name)
            rendering(template.filename or name)
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
        _, chain, missing = split_name(str(err.name or name))
        where = f" for the languages {chain!r}" if chain else ""
        missing, next_one, _ = missing.partition("@")
        if next_one:
            raise TemplateNotFoundError(
                f"no template {missing!r} further along the lookup path{where}, for "
                f'"^{missing}" to import; a template can import only one it stands in for',
                name=missing,
            ) from None
        raise TemplateNotFoundError(
            f"no template {missing!r}{where}; add it to a template folder (a template's "
            "name ends in .j2)",
            name=missing,
        ) from None
    except jinja2.TemplateSyntaxError as err:
        raise TemplateError(
            f"syntax error: {err.message}", name=err.filename or err.name, lineno=err.lineno
        ) from err
    except TemplateError:
        raise
    except RecursionError as err:
        compiling = _compiling(err.__traceback__)
        if compiling is not None:
            raise TemplateError(
                "nests expressions or blocks too deeply to compile; flatten them",
                name=compiling[0],
                lineno=compiling[1],
            ) from None
        filename, line = _error_line(rewrite_traceback_stack().__traceback__)
        raise TemplateError(
            "templates include or call each other without end", name=filename, lineno=line
        ) from None
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as err:
        filename, line = _error_line(rewrite_traceback_stack().__traceback__)
        raise TemplateError(str(err) or type(err).__name__, name=filename, lineno=line) from err
    if subject is None:
        raise TemplateError(
            "sets no subject; add {% set subject %}…{% endset %}", name=template.filename
        )
    if not isinstance(subject, str):
        raise TemplateError(
            f"sets the subject to a value of type {type(subject).__name__}; set it to text "
            "with {% set subject %}…{% endset %}",
            name=template.filename,
        )
    return subject, "".join(chunks)


_GAPS = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    """*text* without trailing spaces on its lines and with at most one blank line
    between paragraphs (in linear time, whatever a template printed)."""
    if " \n" in text or "\t\n" in text:
        text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _GAPS.sub("\n\n", text)
    return text.strip("\n").strip()


def _one_line(text: str) -> str:
    return LAYOUT.sub(" ", text).strip(" ")


def _filename(env: jinja2.Environment, kind: str, locale: ResolvedLocale) -> str:
    """The file of the template that drafts *kind* in *locale* (for an error)."""
    try:
        found = env.get_template(template_name("text", locale.chain, f"{kind}.j2")).filename
    except jinja2.TemplateError:
        found = None
    return found or f"{kind}.j2"


SINGLE_PASS = True
"""Whether followup's own templates are rendered once, as HTML, with the text read off
the HTML (:func:`_plain`); the tests compare both ways."""

_ESCAPED = re.compile(r'&(?:amp|lt|gt|#34|#39);|<a href="([^"<>]*)">([^<>]*)</a>|[&<]')
_UNESCAPED = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&#34;": '"', "&#39;": "'"}


def _plain(markup: str) -> str | None:
    """The text that a template rendered as *markup* renders in text mode, or None
    when *markup* holds more than what :func:`markupsafe.escape` and ``link()`` write.

    >>> _plain('Tom &amp; Jerry: <a href="https://x.org/?a=1&amp;b=2">https://x.org/?a=1&amp;b=2</a>')
    'Tom & Jerry: https://x.org/?a=1&b=2'
    >>> _plain('<a href="https://x.org">the site</a>'), _plain("<b>x</b>"), _plain("&copy")
    ('the site (https://x.org)', None, None)
    """
    parts: list[str] = []
    at = 0
    for found in _ESCAPED.finditer(markup):
        parts.append(markup[at : found.start()])
        at = found.end()
        if found[0] in _UNESCAPED:
            parts.append(_UNESCAPED[found[0]])
        elif found[1] is None:
            return None  # a bare "&" or "<": not what escaping writes
        else:
            url, label = _plain(found[1]), _plain(found[2])
            if url is None or label is None:
                return None
            parts.append(url if label == url else f"{label} ({url})")
    parts.append(markup[at:])
    return "".join(parts)


def _fragment(body: str, language: str) -> str:
    lang, direction = html_attributes(language)
    paragraphs = "\n".join(
        "<p>" + part.replace("\n", "<br>\n") + "</p>" for part in _tidy(body).split("\n\n")
    )
    return f'<div lang="{lang}" dir="{direction}">\n{paragraphs}\n</div>'


def render(
    kind: str,
    context: Mapping[str, Any],
    *,
    locale: ResolvedLocale,
    formality: Literal["formal", "informal"] = "formal",
    today: bool = False,
    template_dirs: tuple[Path, ...] = (),
    html: bool = True,
    fallback: bool = True,
) -> Rendered:
    """Render the template ``{kind}.j2`` as text and as HTML in *locale*'s language.

    The wording addresses the reader formally or informally as *formality*
    says. A draft is never written in two languages: when the catalogs along
    *locale*'s chain lack a message the template needs, the whole draft is
    rendered in the source language instead, and :attr:`Rendered.locale`
    says so. With *fallback* false it is rendered in *locale*'s language
    whatever it lacks, and :attr:`Rendered.missing` lists what was lacking
    (a caller rendering several parts of one draft decides for all of them).
    With *html* false only the text is rendered (``Rendered.html`` is empty).
    With *today* the wording is the one said on the day of what the draft speaks
    of, where a language has one (:data:`followup.rendering.i18n.TODAY`).

    With *template_dirs* (templates a user may not have written), the render
    runs in a child process under operating-system limits on CPU time and
    memory (:mod:`followup.rendering.bounded`).
    """
    draft = functools.partial(
        _render,
        kind,
        context,
        locale=locale,
        formality=formality,
        today=today,
        template_dirs=template_dirs,
        html=html,
        fallback=fallback,
    )
    return bounded(draft, name=f"{kind}.j2") if template_dirs else draft()


def _render(
    kind: str,
    context: Mapping[str, Any],
    *,
    locale: ResolvedLocale,
    formality: Literal["formal", "informal"],
    today: bool,
    template_dirs: tuple[Path, ...],
    html: bool,
    fallback: bool,
) -> Rendered:
    env = environment(template_dirs)
    attempts = [locale]
    if fallback and not locale.is_source:
        attempts.append(locale.in_source_language())
    # followup's own templates differ between text and HTML only in escaping and in
    # link(): their text is read off the HTML, one render instead of two.
    once = html and not template_dirs and SINGLE_PASS
    modes: tuple[Mode, ...] = ("html",) if once else ("text", "html") if html else ("text",)
    for attempt in attempts:
        outputs: list[tuple[str, str]] = []
        with speaking(attempt, informal=formality == "informal", today=today) as language:
            finish = language.conventions.finish
            outputs.extend(
                (finish(subject), finish(body))
                for subject, body in (
                    _run(env, template_name(mode, attempt.chain, f"{kind}.j2"), context)
                    for mode in modes
                )
            )
            if once:
                plain = tuple(map(_plain, outputs[0]))
                if plain[0] is not None and plain[1] is not None:
                    outputs.insert(0, (plain[0], plain[1]))
                else:  # markup of a kind _plain does not read: render the text too
                    name = template_name("text", attempt.chain, f"{kind}.j2")
                    subject, body = _run(env, name, context)
                    outputs.insert(0, (finish(subject), finish(body)))
        if not language.missed:
            break
    for part in (part for output in outputs for part in output):
        if (found := find_unshown(part)) is not None:
            raise TemplateError(
                f"printed the control or formatting character U+{ord(found[0]):04X} "
                f"{unicodedata.name(found[0], '')}; a draft holds text, line breaks and tabs only",
                name=_filename(env, kind, attempt),
            )
    if len(outputs[0][0]) > SUBJECT_MAX:
        raise TemplateError(
            f"set a subject of {len(outputs[0][0])} characters; a subject is one line of at "
            f"most {SUBJECT_MAX}",
            name=_filename(env, kind, attempt),
        )
    subject, text = outputs[0]
    page = _fragment(outputs[1][1], attempt.language) if html else ""
    if template_dirs and html:
        # What someone else's template wrote, rebuilt from what was checked: a mail
        # client or browser reads exactly that (see followup.rendering.markup).
        try:
            page = rebuilt(page)
        except MarkupError as err:
            raise TemplateError(
                f"{err}; a draft's HTML holds only the elements "
                f"{', '.join(sorted(ALLOWED_ELEMENTS))}, and links to web or mail addresses",
                name=_filename(env, kind, attempt),
            ) from None
    return Rendered(
        subject=_one_line(subject),
        text=_tidy(text),
        html=page,
        locale=attempt,
        missing=tuple(dict.fromkeys(language.missed)),
    )
