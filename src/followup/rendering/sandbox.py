"""The sandbox every template runs in: Jinja's immutable sandbox, with bounds.

On top of :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` (no access
to Python internals, no mutation of values), a render is bounded: every loop
iteration and call draws on a step budget (:data:`MAX_STEPS`) checked
against a time limit (:data:`MAX_SECONDS`); arithmetic, ``~`` concatenation,
``%`` formatting and width-taking filters refuse results that would be huge;
and no template may switch HTML escaping off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import time
from collections.abc import Callable, ItemsView, Iterator, KeysView, ValuesView
from contextvars import ContextVar
from types import GeneratorType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import escape

__all__ = ["MAX_SECONDS", "MAX_STEPS", "Sandbox", "budget", "check_plain", "plain_filter"]

MAX_STEPS = 200_000
"""The most loop iterations and calls one template render may make."""
MAX_SECONDS = 5.0
"""The longest one template render may take."""
_MAX_OPERAND = 100_000
_MAX_BITS = 4096
_MAX_WIDTH = 1000
_STEPPED = "__followup_stepped"
_CONCAT = "__followup_concat"
_STEPS: ContextVar[list[float] | None] = ContextVar("followup_steps", default=None)


class budget:  # noqa: N801 - used as a context manager, like contextlib's
    """A fresh step and time budget for one render, within a ``with`` block."""

    def __enter__(self) -> None:
        self._token = _STEPS.set([0, time.monotonic() + MAX_SECONDS])

    def __exit__(self, *exc: object) -> None:
        _STEPS.reset(self._token)


def _step(count: int = 1) -> None:
    steps = _STEPS.get()
    if steps is None:
        return
    steps[0] += count
    if steps[0] > MAX_STEPS:
        raise SecurityError(
            f"the template made more than {MAX_STEPS} loop steps and calls; simplify it"
        )
    if time.monotonic() > steps[1]:
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


def _magnitude(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


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
    """``a ~ b``, as Jinja joins it, bounded in length: text, numbers and dates only,
    never a function's or a list's repr."""
    _step()
    for part in parts:
        if not isinstance(part, str | int | float | dt.date | dt.time | jinja2.Undefined):
            raise SecurityError(
                f"cannot join a value of type {type(part).__name__}; join text, numbers or dates"
            )
    joined: str = (markup_join if eval_ctx.autoescape else str_join)(parts)
    _check_size(joined)
    return joined


_PLAIN = (str, bool, int, float, dt.date, dt.time, type(None), range, jinja2.Undefined)
_SEQUENCES = (list, tuple, set, frozenset, KeysView, ValuesView, ItemsView)
_DEPTH = 8


def check_plain(value: Any, *, depth: int = 0) -> None:
    """Refuse anything but text, numbers, dates and lists and mappings of them where a
    value may be turned into text: a function, a method or a template object would
    print its ``repr`` (``<function … at 0x7f…>``) into a draft."""
    if isinstance(value, _PLAIN):
        return
    if depth < _DEPTH:
        if isinstance(value, _SEQUENCES):
            for item in value:
                check_plain(item, depth=depth + 1)
            return
        if isinstance(value, dict):
            for item in value.items():
                check_plain(item, depth=depth + 1)
            return
    what = "a function" if callable(value) else f"a value of type {type(value).__name__}"
    raise SecurityError(f"cannot use {what} as text; use text, numbers or dates")


def _checked_items(iterator: Iterator[Any]) -> Iterator[Any]:
    for item in iterator:
        check_plain(item)
        yield item


def _lazy(value: Any) -> bool:
    """A generator or a built-in iterator (what ``map``, ``select`` and ``reverse``
    return), whose items can be checked only as they are drawn; not a template
    object such as ``loop`` that happens to be iterable."""
    return isinstance(value, Iterator) and (
        isinstance(value, GeneratorType) or type(value).__module__ == "builtins"
    )


_ENGINE = (jinja2.nodes.EvalContext, jinja2.runtime.Context, jinja2.Environment)


def plain_filter(filter_: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that takes text, numbers, dates and lists of them only: whatever it
    turns into text (``join``, ``string``, ``format``, ``e``) is never a repr."""

    @functools.wraps(filter_)
    def plain(*args: Any, **kwargs: Any) -> Any:
        checked = []
        for arg in args:
            if _lazy(arg):
                arg = _checked_items(arg)  # map(), select(): checked as they are drawn
            elif not isinstance(arg, _ENGINE):
                check_plain(arg)
            checked.append(arg)
        for value in kwargs.values():
            check_plain(value)
        return filter_(*checked, **kwargs)

    return plain


def _stepped(iterable: Any) -> Iterator[Any]:
    for item in iterable:
        _step()
        yield item


def bounded_filter(filter_: Callable[..., Any]) -> Callable[..., Any]:
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


def _escaped_indent(indent: Callable[..., Any]) -> Callable[..., Any]:
    """``indent`` whose indentation text is escaped like any text in HTML output
    (Jinja marks it safe together with an already escaped value)."""

    @jinja2.pass_eval_context
    @functools.wraps(indent)
    def escaped(eval_ctx: jinja2.nodes.EvalContext, value: Any, width: Any = 4, *args: Any) -> Any:
        if eval_ctx.autoescape and isinstance(width, str):
            width = escape(width)
        return indent(value, width, *args)

    return escaped


def _call(name: str, arguments: list[Any], lineno: int) -> jinja2.nodes.Call:
    return jinja2.nodes.Call(
        jinja2.nodes.Name(name, "load", lineno=lineno), arguments, [], None, None, lineno=lineno
    )


class Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with arithmetic, formatting, concatenation and loops bounded."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals[_STEPPED] = _stepped
        self.globals[_CONCAT] = _concat
        # HTML output is always escaped: nothing may mark text as safe.
        del self.filters["safe"]
        del self.globals["lipsum"]  # slow on purpose-sized input, and never needed in a letter
        # A letter needs none of these: a repr (pprint), a different draft on every run
        # (random), markup built from text (urlize, xmlattr).
        for name in ("pprint", "random", "urlize", "xmlattr"):
            del self.filters[name]
        for name in ("center", "indent", "format", "wordwrap", "truncate"):
            self.filters[name] = bounded_filter(self.filters[name])
        self.filters["indent"] = _escaped_indent(self.filters["indent"])

    plain_values = False
    """Whether filters, ``%`` and gettext take plain values only (see
    :meth:`plain_filters`): set for templates followup did not write."""

    def plain_filters(self) -> None:
        """Make every filter (also those added since) take plain values only."""
        self.plain_values = True
        for name, filter_ in self.filters.items():
            self.filters[name] = plain_filter(filter_)

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        _check_operands(operator, left, right)
        if operator == "%" and self.plain_values:
            check_plain(right)  # '%s' % (link,) would print its repr
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
        # The names followup adds for its bounds are its own: never set by a template.
        for named in tree.find_all((jinja2.nodes.Name, jinja2.nodes.Macro)):
            used = getattr(named, "name", "")
            if used.startswith("__followup"):
                raise jinja2.TemplateSyntaxError(
                    f"templates may not use the name {used!r}", named.lineno, name, filename
                )
        # `a ~ b` builds strings too: bound it like `+`.
        for concat in tree.find_all((jinja2.nodes.Concat,)):
            concat.nodes = [_call(_CONCAT, concat.nodes, concat.lineno)]
        # Every loop draws on the render's step budget, so nested loops end.
        for loop in tree.find_all((jinja2.nodes.For,)):
            loop.iter = _call(_STEPPED, [loop.iter], loop.lineno)
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

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``module.name`` of an imported template that lacks *name*: undefined (``is
        defined`` tells), and used, an error naming the template file that lacks it,
        not the one importing it."""
        if (
            isinstance(obj, jinja2.environment.TemplateModule)
            and isinstance(attribute, str)
            and not attribute.startswith("_")
            and attribute not in vars(obj)
        ):
            filename = None
            if obj.__name__ is not None:
                with contextlib.suppress(jinja2.TemplateError):
                    filename = self.get_template(obj.__name__).filename
            return self.undefined(
                f"{filename or obj.__name__} has no macro or variable {attribute!r}, which "
                "this template uses from it; define it there",
                obj=obj,
                name=attribute,
            )
        return super().getattr(obj, attribute)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``'{}'.format(x)``: plain values only, like every other way to text."""
        wrapper = super().wrap_str_format(value)
        if wrapper is None or not self.plain_values:
            return wrapper
        sandboxed = wrapper

        @functools.wraps(sandboxed)
        def plain(*args: Any, **kwargs: Any) -> str:
            check_plain(args)
            check_plain(kwargs)
            return sandboxed(*args, **kwargs)

        return plain
