"""Reading facts: a TOML or JSON file with :func:`load`, a mapping with :func:`parse`.

Both return a frozen :class:`~followup.facts.models.Interview` or raise
:class:`~followup.errors.FactsError` listing every problem with its field
path, the bad value and what to do.
"""

from __future__ import annotations

import json
import os
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from followup.errors import FactsError, Problem
from followup.facts.models import Interview
from followup.facts.problems import problems

__all__ = ["MAX_DEPTH", "MAX_FILE_SIZE", "SUFFIXES", "load", "parse"]

MAX_FILE_SIZE = 1_000_000
"""The largest facts file :func:`load` reads, in bytes."""
SUFFIXES = (".toml", ".json")
"""The kinds of facts file :func:`load` reads."""


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
        raise FactsError(problems(err), source=source) from err


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


def load(path: str | os.PathLike[str]) -> Interview:
    """Read one interview's facts from a ``.toml`` or ``.json`` file.

    Raises :class:`FactsError` when the file is missing, unreadable, not valid
    TOML/JSON, or its facts are invalid; the error lists every problem.
    """
    file = Path(path)
    source = str(file)
    suffix = file.suffix.lower()
    if _is_folder(file):
        raise _problem("is a folder; give a facts file", source)
    if suffix not in SUFFIXES:
        raise _problem(f"has the suffix {suffix!r}; name the file *.toml or *.json", source)
    raw = _read(file, source)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise _problem(
            "is not UTF-8 text; save the file as UTF-8", source, f"line {line}"
        ) from err
    data: Any
    try:
        if suffix == ".toml":
            data = tomllib.loads(text)
        else:
            data = json.loads(text, object_pairs_hook=_unique_keys)
    except tomllib.TOMLDecodeError as err:
        raise _problem(f"is not valid TOML: {err}", source) from err
    except json.JSONDecodeError as err:
        raise _problem(
            f"is not valid JSON: {err.msg} (column {err.colno})", source, f"line {err.lineno}"
        ) from err
    except _DuplicateKeyError as err:
        raise _problem(f"sets the key {err.key!r} twice in one object; keep one", source) from err
    except RecursionError as err:
        raise _problem("is nested too deeply to be interview facts", source) from err
    except ValueError as err:  # e.g. an integer with more digits than Python converts
        raise _problem(f"cannot be read: {err}", source) from err
    if not isinstance(data, dict):
        raise _problem(f"must hold a table of facts, not a {type(data).__name__}", source)
    return parse(data, source=source)
