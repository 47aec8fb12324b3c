"""MkDocs hooks: the facts file and command-line references, generated at build time.

Between ``<!-- reference: facts -->`` and ``<!-- end of reference: facts -->`` a
page holds one table per kind of table in a facts file, built from the pydantic
models (each field's alias, type, default and ``description``); between the
``cli`` markers, one section per command, built from the argparse parser
``followup`` runs. The site is built with them generated afresh; the pages keep
a copy, so that they read whole as plain Markdown too. ``python docs/hooks.py``
brings the copies up to date, and ``tests/test_docs.py`` fails when one is not
(or when anything is left out).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

from annotated_types import MaxLen, MinLen
from pydantic import BaseModel, Tag
from pydantic.fields import FieldInfo

from followup import _text, cli
from followup.facts import _fields, models, phrases

__all__ = [
    "cli_reference",
    "commands",
    "facts_reference",
    "on_page_content",
    "on_page_markdown",
    "tables",
    "type_phrase",
]

# --- the facts file ------------------------------------------------------------------------------

# The types facts are made of, as a reader of the facts file knows them: one, and a list.
_NAMED: list[tuple[object, str, str]] = [
    (phrases.LinePhrase, "text, or a table of texts by language", "texts"),
    (
        phrases.TextPhrase,
        "text (paragraphs allowed), or a table of texts by language",
        "texts (paragraphs allowed)",
    ),
    (_text.Name, "text (a name)", "names"),
    (_text.Line, "text (one line)", "texts (one line each)"),
    (_text.Text, "text (paragraphs allowed)", "texts (paragraphs allowed)"),
    (_text.EmailAddress, "e-mail address", "e-mail addresses"),
    (_text.Phone, "phone number", "phone numbers"),
    (_text.Url, "`http(s)://` address", "`http(s)://` addresses"),
    (_fields.Day, "date (`YYYY-MM-DD`)", "dates (`YYYY-MM-DD`)"),
    (_fields.LocaleCode, "locale (`de_DE`, `fr-CA`)", "locales"),
    (_fields.Title, "text (a title)", "titles"),
    (_fields.Region, "text (a region's code or name)", "regions"),
    (
        models.DraftReference,
        "a draft's id (`check-in-2-dana-rivera`), or a table of its `kind` and `date`",
        "drafts",
    ),
]
_PLAIN: dict[object, str] = {
    str: "text",
    bool: "`true` or `false`",
    int: "whole number",
    dt.date: "date (`YYYY-MM-DD`)",
}


class _Table(typing.NamedTuple):
    """One table of a facts file: where it is written, and the model that checks it."""

    header: str
    anchor: str
    model: type[BaseModel]


def _header(path: str, many: bool) -> str:
    return f"[[{path}]]" if many else f"[{path}]"


def _models_in(annotation: object) -> list[type[BaseModel]]:
    """The pydantic models a field's type holds, outermost first."""
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    for arg in typing.get_args(annotation):
        found += [m for m in _models_in(arg) if m not in found]
    return found


def _is_many(annotation: object) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_many(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_is_many(arg) for arg in typing.get_args(annotation))
    return origin in (tuple, list)


def _hints(model: type[BaseModel]) -> dict[str, Any]:
    return typing.get_type_hints(model, include_extras=True)


def _kind(model: type[BaseModel]) -> str | None:
    """The ``kind`` a member of a tagged union is told apart by, if it is one."""
    field = model.model_fields.get("kind")
    if field is None or typing.get_origin(field.annotation) is not Literal:
        return None
    values = typing.get_args(field.annotation)
    return str(values[0]) if len(values) == 1 else None  # a choice, not a tag


def tables(model: type[BaseModel] = models.Interview) -> Iterator[_Table]:
    """Every table of a facts file, depth first from the top level."""
    yield from _tables(model, path="", anchor="top-level", many=False)


def _tables(model: type[BaseModel], *, path: str, anchor: str, many: bool) -> Iterator[_Table]:
    yield _Table(_header(path, many) if path else "top level", anchor, model)
    hints = _hints(model)
    for name, field in model.model_fields.items():
        key = field.alias or name
        inner = _models_in(hints[name])
        for nested in inner:
            kind = _kind(nested) if len(inner) > 1 else None
            sub_path = f"{path}.{key}" if path else key
            sub_anchor = (key if path == "" else f"{anchor}-{key}") + (f"-{kind}" if kind else "")
            yield from _tables(
                nested, path=sub_path, anchor=sub_anchor, many=_is_many(hints[name])
            )


def _anchor_of(model: type[BaseModel]) -> str:
    return next(t.anchor for t in tables() if t.model is model)


def type_phrase(annotation: object) -> str:
    """How a field's type reads in the facts reference."""
    for alias, phrase, _ in _NAMED:
        if annotation == alias:
            return phrase
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        untagged = tuple(m for m in args[1:] if not isinstance(m, Tag))
        if untagged != args[1:]:  # a member of a union told apart by a Tag: as itself
            return type_phrase(typing.Annotated[(args[0], *untagged)] if untagged else args[0])
        return type_phrase(args[0])
    if origin in (typing.Union, types.UnionType):
        kept = [a for a in args if a is not type(None)]
        if kept and all(_models_in(a) for a in kept):
            kinds = [k for m in kept for k in [_kind(_models_in(m)[0])] if k]
            if len(kept) > 1 and len(kinds) == len(kept):
                links = ", ".join(
                    f"[`{k}`](#{_anchor_of(_models_in(m)[0])})"
                    for k, m in zip(kinds, kept, strict=True)
                )
                return f"table, by `kind`: {links}"
        return " or ".join(type_phrase(a) for a in kept)
    if origin is Literal:
        return f"`{args[0]}`" if len(args) == 1 else "one of " + ", ".join(f"`{a}`" for a in args)
    if origin in (tuple, list):
        plural = next((many for alias, _, many in _NAMED if args[0] == alias), None)
        inner = type_phrase(args[0])
        if inner.startswith("table"):
            return "list of tables" + inner.removeprefix("table")
        return f"list of {plural or inner}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"table ([below](#{_anchor_of(annotation)}))"
    if annotation in _PLAIN:
        return _PLAIN[annotation]
    return f"`{getattr(annotation, '__name__', annotation)}`"


def _limits(field: FieldInfo) -> str:
    low = next((m.min_length for m in field.metadata if isinstance(m, MinLen)), None)
    high = next((m.max_length for m in field.metadata if isinstance(m, MaxLen)), None)
    if low and high:
        return f", {low} to {high}"
    if high:
        return f", at most {high}"
    return ""


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "**required**"
    default = field.get_default(call_default_factory=True)
    if default is None or default == "":  # nothing, or worked out from other fields
        return "optional"
    if default == ():
        return "optional (none)"
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    return f"`{default}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _model_table(table: _Table) -> str:
    hints = _hints(table.model)
    rows = ["| field | type | default | what it is |", "| --- | --- | --- | --- |"]
    for name, field in table.model.model_fields.items():
        rows.append(
            f"| `{field.alias or name}` | {_cell(type_phrase(hints[name]))}{_limits(field)} "
            f"| {_default(field)} "
            f"| {_cell(field.description or '')} |"
        )
    return "\n".join(rows)


def _first_line(text: str | None) -> str:
    return " ".join((text or "").strip().split("\n\n", 1)[0].split())


def facts_reference() -> str:
    """The facts reference: one section per table of a facts file, every field in it."""
    parts = []
    for table in tables():
        kind = _kind(table.model)
        title = f"`{table.header}`" + (f' with `kind = "{kind}"`' if kind else "")
        if table.header == "top level":
            title = "The top level"
        parts.append(
            f"### {title} {{#{table.anchor}}}\n\n"
            f"{_first_line(table.model.__doc__)} Checked by `{table.model.__name__}`.\n\n"
            f"{_model_table(table)}\n"
        )
    return "\n".join(parts)


# --- the command line ----------------------------------------------------------------------------


def _subcommands(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield sub
                yield from _subcommands(sub)


def commands(
    parser: argparse.ArgumentParser | None = None,
) -> list[argparse.ArgumentParser]:
    """``followup`` and each of its commands, in the order ``--help`` lists them."""
    root = parser or cli._parser()
    return [root, *_subcommands(root)]


def _argument_name(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    """The argument as ``--help`` shows it: ``-h``, ``--help``; ``--every DAYS``."""
    shown = parser._get_formatter()._format_action_invocation(action)
    return ", ".join(f"`{form}`" for form in shown.split(", "))


def _help(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    text = parser._get_formatter()._expand_help(action) if action.help else ""
    if action.required and action.option_strings:
        text += " (required)"
    return text


def _command_section(parser: argparse.ArgumentParser) -> str:
    # A fixed width, so the page does not depend on the terminal that builds it.
    formatter = argparse.HelpFormatter(parser.prog, width=88)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups, "")
    usage = formatter.format_help().strip()
    lines = [f"## `{parser.prog}` {{#{parser.prog.replace(' ', '-')}}}", ""]
    about = parser.description or ""
    if about:
        lines += [_cell(about), ""]
    lines += ["```text", usage, "```", ""]
    rows = []
    for action in parser._actions:
        if action.help == argparse.SUPPRESS:
            continue
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                link = f"{parser.prog} {choice.dest}".replace(" ", "-")
                rows.append(f"| [`{choice.dest}`](#{link}) | {_cell(choice.help or '')} |")
            continue
        rows.append(f"| {_argument_name(parser, action)} | {_cell(_help(parser, action))} |")
    if rows:
        lines += ["| argument | what it does |", "| --- | --- |", *rows, ""]
    return "\n".join(lines)


def cli_reference(parser: argparse.ArgumentParser | None = None) -> str:
    """The command-line reference: a section per command, every argument in it."""
    return "\n".join(_command_section(p) for p in commands(parser))


# --- MkDocs --------------------------------------------------------------------------------------

_REFERENCES: dict[str, Callable[[], str]] = {"facts": facts_reference, "cli": cli_reference}
_MARKED = re.compile(
    r"^(<!-- reference: (\w+) -->\n).*?^(<!-- end of reference: \2 -->)$",
    re.MULTILINE | re.DOTALL,
)


def on_page_markdown(markdown: str, **kwargs: object) -> str:
    """Each generated reference, afresh, between its markers."""
    return _MARKED.sub(
        lambda match: (
            f"{match.group(1)}\n{_REFERENCES[match.group(2)]().strip()}\n\n{match.group(3)}"
        ),
        markdown,
    )


def update(folder: Path = Path(__file__).parent) -> list[Path]:
    """Bring the copies of the references in *folder*'s pages up to date; the pages
    changed."""
    changed = []
    for page in sorted(folder.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        fresh = on_page_markdown(text)
        if fresh != text:
            page.write_text(fresh, encoding="utf-8")
            changed.append(page)
    return changed


# Docstrings cross-reference the Sphinx way (:class:`Interview`); on the site they read as
# code, the name as written (``~`` keeps only its last part, as Sphinx shows it).
_ROLE = re.compile(r":(?:attr|class|data|exc|func|meth|mod|obj):<code>(~?)([\w.]+)</code>")


def on_page_content(html: str, **kwargs: object) -> str:
    """Show the docstrings' Sphinx roles as the code they name."""
    return _ROLE.sub(
        lambda m: f"<code>{m.group(2).rsplit('.', 1)[-1] if m.group(1) else m.group(2)}</code>",
        html,
    )


if __name__ == "__main__":
    for path in update():
        print(f"updated {path}")
