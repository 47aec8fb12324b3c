"""Reading facts: a TOML or JSON file with :func:`load`, text (such as standard input)
with :func:`loads`, a mapping with :func:`parse`.

Each returns a frozen :class:`~followup.facts.models.Interview` or raises
:class:`~followup.errors.FactsError` listing every problem with its field
path, the bad value and what to do. Facts that are empty or nearly so also
get a :attr:`~followup.errors.FactsError.hint`: how to start a facts file.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from followup.errors import FactsError, Problem, _short_repr
from followup.facts.models import Interview
from followup.facts.problems import problems

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_SIZE",
    "STARTING_HINT",
    "SUFFIXES",
    "FactsFormat",
    "load",
    "loads",
    "parse",
]

MAX_FILE_SIZE = 1_000_000
"""The largest facts file :func:`load` reads, in bytes."""
SUFFIXES = (".toml", ".json")
"""The kinds of facts file :func:`load` reads."""
FactsFormat = Literal["toml", "json"]
"""How facts are written: TOML or JSON."""

STARTING_HINT = (
    "to start a facts file, run `followup init FILE` (it asks for each fact), or "
    "`followup init --example FILE` for followup's example to edit"
)
"""What a :class:`FactsError` for empty or nearly empty facts suggests."""
_REQUIRED = ("company", "role", "date", "candidate", "interviewers")
_NEARLY_EMPTY = 3
"""Facts lacking this many of the required fields are taken for a file just begun."""


def parse(data: Mapping[str, Any], *, source: str | None = None) -> Interview:
    """Validate facts given as a mapping; raise :class:`FactsError` listing every problem.

    >>> parse({"company": "Acme"}).company
    Traceback (most recent call last):
    ...
    followup.errors.FactsError: 4 problems with the interview facts:
    ...
    """
    _check_depth(data, source)
    try:
        return Interview.model_validate(data)
    except ValidationError as err:
        missing = sum(1 for key in _REQUIRED if key not in data)
        hint = STARTING_HINT if missing >= _NEARLY_EMPTY else None
        raise FactsError(problems(err), source=source, hint=hint) from err


MAX_DEPTH = 16
"""How deeply facts may nest: the deepest fact (a localised text in a gift's contact)
is five levels down."""


def _check_depth(data: object, source: str | None) -> None:
    """Refuse facts nested deeper than :data:`MAX_DEPTH` (walked without recursion),
    naming where: validating or reporting them would exhaust the stack."""
    stack: list[tuple[object, str, int]] = [(data, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if isinstance(value, Mapping):
            items: list[tuple[str, object]] = [
                (f"{where}.{key}" if where else str(key), item) for key, item in value.items()
            ]
        elif isinstance(value, list | tuple):
            items = [(f"{where}[{index}]", item) for index, item in enumerate(value)]
        else:
            continue
        if depth >= MAX_DEPTH:
            raise FactsError(
                [Problem(where, f"nests more than {MAX_DEPTH} levels deep; facts never do")],
                source=source,
            )
        stack.extend((item, path, depth + 1) for path, item in items)


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _problem(message: str, source: str, where: str = "") -> FactsError:
    return FactsError([Problem(where, message)], source=source)


def _is_folder(file: Path) -> bool:
    try:
        return file.is_dir()
    except (OSError, ValueError):
        return False  # an unusable path: reading it says why


def _read(file: Path, source: str) -> bytes:
    """The file's bytes, or a FactsError saying why they cannot be read."""
    try:
        info = file.stat()
        if not stat.S_ISREG(info.st_mode):
            raise _problem("is not a regular file (a device or a pipe); give a facts file", source)
        size = info.st_size
        if size > MAX_FILE_SIZE:
            raise _problem(f"is larger than {MAX_FILE_SIZE} bytes; is it the right file?", source)
        with file.open("rb") as handle:  # it may have grown since: read a bounded part
            raw = handle.read(MAX_FILE_SIZE + 1)
        if len(raw) > MAX_FILE_SIZE:
            raise _problem(f"is larger than {MAX_FILE_SIZE} bytes; is it the right file?", source)
        return raw
    except FileNotFoundError as err:
        raise _problem("no such file; check the path", source) from err
    except IsADirectoryError as err:
        raise _problem("is a folder; give a facts file", source) from err
    except OSError as err:
        raise _problem(f"cannot be read: {err.strerror or err}", source) from err
    except FactsError:
        raise  # the size check's own error
    except ValueError as err:  # a path with a NUL character
        raise _problem(f"is not a usable path: {err}", source) from err


def load(path: str | os.PathLike[str], *, format: FactsFormat | None = None) -> Interview:
    """Read one interview's facts from a ``.toml`` or ``.json`` file.

    *format* reads the file as TOML or JSON whatever its name. Raises
    :class:`FactsError` when the file is missing, unreadable, not valid
    TOML/JSON, or its facts are invalid; the error lists every problem.
    """
    file = Path(path)
    source = str(file)
    suffix = file.suffix.lower()
    if _is_folder(file):
        raise _problem("is a folder; give a facts file", source)
    if format is None and suffix not in SUFFIXES:
        raise _problem(f"has the suffix {suffix!r}; name the file *.toml or *.json", source)
    raw = _read(file, source)
    return loads(raw, format=format or ("toml" if suffix == ".toml" else "json"), source=source)


def loads(
    data: str | bytes, *, format: FactsFormat | None = None, source: str | None = None
) -> Interview:
    """Read one interview's facts from TOML or JSON text, such as standard input.

    Without *format*, text that starts with ``{`` is JSON and anything else TOML.
    *source* names where the text came from in messages (``"standard input"``).

    >>> loads('{"company": "Acme"}', source="standard input")
    Traceback (most recent call last):
    ...
    followup.errors.FactsError: 4 problems with the interview facts in standard input:
    ...
    """
    where = source or "the facts"
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_SIZE:
            raise _problem(f"is larger than {MAX_FILE_SIZE} bytes; is it the right file?", where)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            raise _problem(
                "is not UTF-8 text; save the file as UTF-8", where, f"line {line}"
            ) from err
    else:
        text = data.removeprefix("\ufeff")
        if len(text) > MAX_FILE_SIZE:
            raise _problem(f"is larger than {MAX_FILE_SIZE} bytes; is it the right file?", where)
    if format is None:
        format = "json" if text.lstrip().startswith("{") else "toml"
    facts: Any
    try:
        if format == "toml":
            facts = tomllib.loads(text)
        else:
            facts = json.loads(text, object_pairs_hook=_unique_keys)
    except tomllib.TOMLDecodeError as err:
        raise _toml_problem(text, err, where) from err
    except json.JSONDecodeError as err:
        raise _problem(
            f"is not valid JSON: {err.msg} (column {err.colno})", where, f"line {err.lineno}"
        ) from err
    except _DuplicateKeyError as err:
        raise _problem(
            f"sets the key {_short_repr(err.key)} twice in one object; keep one", where
        ) from err
    except RecursionError as err:
        raise _problem("is nested too deeply to be interview facts", where) from err
    except ValueError as err:  # e.g. an integer with more digits than Python converts
        raise _problem(f"cannot be read: {err}", where) from err
    if not isinstance(facts, dict):
        raise _problem(f"must hold a table of facts, not a {type(facts).__name__}", where)
    return parse(facts, source=source)


# A value TOML cannot read that people mean as a date: 12/03/2026, 24.11.2026, 2026-3-1.
_BARE_DATE = re.compile(
    r"\s*(?P<key>[A-Za-z0-9_-]+)\s*=\s*(?P<value>\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4})\s*(?:#.*)?"
)
_HEADER = re.compile(r"\s*(?P<open>\[\[?)\s*(?P<name>[A-Za-z0-9_.-]+)\s*\]\]?\s*(?:#.*)?")


def _toml_problem(text: str, err: tomllib.TOMLDecodeError, source: str) -> FactsError:
    """The TOML error, or, for a date written as TOML cannot read it (``12/03/2026``
    unquoted), the problem the same date gets quoted, at the field it belongs to."""
    found = re.search(r"\(at line (\d+), column \d+\)", str(err))
    if found is not None:
        lines = text.splitlines()
        number = int(found[1])
        bare = _BARE_DATE.fullmatch(lines[number - 1]) if number <= len(lines) else None
        if bare is not None:
            path = [*_table_path(lines[: number - 1]), bare["key"]]
            return FactsError(
                [
                    Problem(
                        ".".join(path).replace(".[", "["),
                        "is not a date; write it as YYYY-MM-DD",
                        bare["value"],
                        has_value=True,
                    )
                ],
                source=source,
            )
    return _problem(f"is not valid TOML: {err}", source)


def _table_path(lines: list[str]) -> list[str]:
    """The table the next line of a TOML document belongs to, as a field path:
    ``["interviewers[1]"]`` after a second ``[[interviewers]]``."""
    counts: dict[str, int] = {}
    path: list[str] = []
    for line in lines:
        header = _HEADER.fullmatch(line)
        if header is None:
            continue
        name = header["name"]
        if header["open"] == "[[":
            counts[name] = counts.get(name, -1) + 1
            path = [f"{name}[{counts[name]}]"]
        else:
            path = [name]
    return path
