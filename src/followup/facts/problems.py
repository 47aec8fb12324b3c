"""Pydantic's validation errors as :class:`~followup.errors.Problem` values people can act on.

Each error becomes one problem with a readable field path
(``interviewers[1].gender``), the value as written, and what is allowed; a
misspelt field name or value leads with the closest allowed one ("did you mean
decision_expected?").
"""

from __future__ import annotations

import functools
import re
import types
import typing
from typing import Annotated, Any

from pydantic import BaseModel, ValidationError

from followup._suggest import closest, did_you_mean
from followup.errors import PROBLEMS_SHOWN, Problem
from followup.facts.models import TAGGED_FIELDS, Interview

__all__ = ["problems"]

_FRIENDLY = {
    "missing": "is required",
    "model_type": "must be a table of fields (see docs/facts.md), not a single value",
}


def _kinds(loc: tuple[int | str, ...]) -> str:
    """The kinds allowed where a fact told apart by its ``kind`` is."""
    return ", ".join(repr(kind) for kind in TAGGED_FIELDS.get(str(loc[0]) if loc else "", ()))


def _model_at(loc: tuple[int | str, ...]) -> tuple[type[BaseModel] | None, list[str]]:
    """Walk a pydantic error location: the model at its end, and its readable path."""
    # The walk depends on the names along the location, not on the indexes: walked
    # once per shape of location, however many items have an error there.
    model, shape = _walk(tuple(None if isinstance(part, int) else part for part in loc))
    indexes = iter(f"[{part}]" for part in loc if isinstance(part, int))
    return model, [next(indexes) if part is None else part for part in shape]


@functools.lru_cache(maxsize=256)
def _walk(loc: tuple[str | None, ...]) -> tuple[type[BaseModel] | None, tuple[str | None, ...]]:
    """:func:`_model_at` for a location whose indexes are None: the model, and the
    path with None where each index goes."""
    model: type[BaseModel] | None = Interview
    path: list[str | None] = []
    pending: list[type[BaseModel]] = []
    for part in loc:
        if part is None:
            path.append(None)
            continue
        if part == "str" or (model is not None and part == model.__name__):
            continue  # the branch a union told its value by (a name, or a table)
        if pending:
            tagged = [m for m in pending if _tag_of(m) == part]
            pending = []
            if tagged:
                model = tagged[0]
                continue
        path.append(f".{part}" if path else part)
        field = None
        if model is not None:
            field = next((f for n, f in model.model_fields.items() if part in (n, f.alias)), None)
        models = _models_in(field.annotation) if field is not None else []
        model = models[0] if len(models) == 1 else None
        pending = models if len(models) > 1 else []
    return model, tuple(path)


def _tag_of(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get("kind")
    args = typing.get_args(field.annotation) if field is not None else ()
    return args[0] if args and isinstance(args[0], str) else None


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (tuple, list, typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
    return []


_QUOTED = re.compile(r"'([^']*)'")


def problems(error: ValidationError) -> list[Problem]:
    """One problem per error of *error*, in its order. A misspelt field name or value
    gets a suggestion among the first :data:`~followup.errors.PROBLEMS_SHOWN` problems,
    those a message lists: tens of thousands of unknown keys take no time to report."""
    found: list[Problem] = []
    items = error.errors(include_url=False)
    inner = {tuple(item["loc"][:k]) for item in items for k in range(1, len(item["loc"]))}
    for item in items:
        ctx = item.get("ctx") or {}
        if item["type"] == "too_short" and tuple(item["loc"]) in inner:
            continue  # the length only fell short because some items were invalid
        _, parts = _model_at(tuple(item["loc"]))
        path = "".join(parts)
        message = _FRIENDLY.get(item["type"], item["msg"])
        message = message.removeprefix("Value error, ")
        message = message[:1].lower() + message[1:]
        suggestion: str | None = None
        shown: str | None = None  # the suggestion as the message shows it
        if item["type"] == "extra_forbidden":
            parent, _ = _model_at(tuple(item["loc"])[:-1])
            allowed = (
                sorted(f.alias or n for n, f in parent.model_fields.items()) if parent else []
            )
            message = f"is not a known field; allowed here: {', '.join(allowed)}"
            name = item["loc"][-1] if item["loc"] else None
            if len(found) < PROBLEMS_SHOWN:
                suggestion = closest(name, allowed)
                shown = suggestion
        elif item["type"] == "literal_error" and "expected" in ctx:
            message = f"must be {ctx['expected']}"
            if len(found) < PROBLEMS_SHOWN:
                suggestion = closest(item["input"], _QUOTED.findall(str(ctx["expected"])))
                shown = repr(suggestion)
        elif item["type"] in {"tuple_type", "list_type"}:
            message = (
                'must be a list, such as ["first", "second"] '
                "(in TOML, a list of tables is written [[name]])"
            )
        elif item["type"] == "too_short":
            count = ctx.get("min_length", 1)
            message = (
                "needs at least one entry" if count == 1 else f"needs at least {count} entries"
            )
        elif item["type"] == "bool_type":
            message = "must be true or false"
        elif item["type"] == "union_tag_not_found":
            message = f"needs a 'kind': one of {_kinds(tuple(item['loc']))}"
        elif item["type"] == "union_tag_invalid":
            path = f"{path}.kind" if path else "kind"
            message = f"must be one of {_kinds(tuple(item['loc']))}"
            if len(found) < PROBLEMS_SHOWN:
                expected = _QUOTED.findall(str(ctx.get("expected_tags")))
                suggestion = closest(ctx.get("tag"), expected)
            if suggestion is not None:
                message = did_you_mean(repr(suggestion), message)
            found.append(Problem(path, message, ctx.get("tag"), True, suggestion))
            continue
        elif item["type"] == "too_long" and "max_length" in ctx:
            message = f"has {ctx.get('actual_length')} items; list at most {ctx['max_length']}"
        elif item["type"].startswith(("date_", "datetime_")):
            message += "; write dates as YYYY-MM-DD"
        elif isinstance(ctx.get("suggestion"), str):  # a reference between facts
            suggestion = ctx["suggestion"]
        if suggestion is not None and shown is not None:
            message = did_you_mean(shown, message)
        has_value = item["type"] != "missing"
        value = item["input"] if has_value else None
        found.append(Problem(path, message, value, has_value, suggestion))
    return found
