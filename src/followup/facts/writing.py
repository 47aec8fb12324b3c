"""Writing facts: a commented TOML facts file that :func:`~followup.facts.load` reads back.

:func:`to_toml` turns facts (a mapping as a facts file holds them, or an
:class:`~followup.facts.models.Interview`) into TOML in the layout of
followup's example: the interview's fields first, then ``[candidate]`` and
one ``[[interviewers]]``, ``[[topics]]``, … table each, every field with a
comment saying what it is for, and a commented-out example where a list is
empty. What it writes reads back as the same facts (it checks). :func:`save`
writes such a file atomically and never replaces one that exists unless
told to. ``followup init`` is built on both.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
import typing
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from followup._names import family_default, name_words
from followup.errors import ExportError
from followup.facts.loading import loads, parse
from followup.facts.models import Interview

__all__ = ["save", "to_toml"]

_HEADER = """\
# The facts of one interview, for followup.
#   followup plan {name}    drafts every note and check-in, in send-date order
#   followup check {name}   reviews the plan against the follow-up strategy
# A text fact may be one text, or a table of texts by language:
#   subject = {{ en = "sailing", de = "das Segeln" }}
"""

_COMMENTS: Mapping[str, str] = {
    "company": "the company's name",
    "role": "the role you interviewed for",
    "date": "the interview day",
    "decision_expected": "when the hiring decision is expected",
    "locale": "language of the drafts; an interviewer may have their own",
    "formality": "formal | informal; an interviewer may have their own",
    "candidate": "you, who write the notes",
    "candidate.name": "your name, as you sign",
    "candidate.email": "the From of the e-mails",
    "candidate.locale": "the language of your own reminders (default: the drafts')",
    "interviewers": "one table per person who interviewed you",
    "interviewers.name": "their full name, as they write it",
    "interviewers.given_name": "when it is not the first word of the name",
    "interviewers.family_name": "when it is not the last word of the name (with its particles)",
    "interviewers.title": "such as Dr.",
    "interviewers.gender": "female | male | unspecified: only picks forms of address",
    "interviewers.position": "their role at the company",
    "interviewers.email": "where their e-mails go",
    "interviewers.primary": "who gets the check-ins (default: the first interviewer)",
    "interviewers.locale": "the language of their drafts",
    "interviewers.formality": "formal | informal",
    "interviewers.region": "a state or province, for public holidays",
    "topics": "what you discussed; `with` names who (default: everyone)",
    "hobbies": "interests an interviewer mentioned, and who",
    "hobbies.detail": "a phrase that can follow 'especially'",
    "ideas": "ideas you had afterwards; `topic` is the topic they grew from",
    "gifts": "an article, website, contact or tip to send with a note",
    "gifts.kind": "article | website | contact | tip",
    "gifts.about": "the topic or hobby it is about",
    "gifts.when": "note (with the thank-you note) | check_in (with the next check-in)",
}
"""What each field is for, as the file's comments say it (keyed by model path)."""

_EMPTY: Mapping[str, str] = {
    "decision_expected": "# decision_expected = {later}   # when the hiring decision is expected",
    "topics": '# [[topics]]\n# subject = "on-call practices"\n# with = ["{person}"]',
    "hobbies": '# [[hobbies]]\n# subject = "sailing"\n# person = "{person}"\n'
    '# detail = "racing a Laser dinghy most weekends"',
    "ideas": '# [[ideas]]\n# summary = "partitioning the event tables by day to cut costs"',
    "gifts": '# [[gifts]]\n# kind = "article"\n# about = "sailing"\n'
    '# title = "The racing rules, explained"\n# url = "https://example.org/racing-rules"',
}
"""Commented-out examples for what the facts leave out, so the file shows how to add it."""

_PLAIN_NAME = re.compile(r"[\w.,+@%/-]+")
"""A file name the opening comment shows as it is (else it says FILE)."""

_COLUMN = 32
"""Where a field's comment starts, when the field is short enough."""


def to_toml(facts: Mapping[str, Any] | Interview, *, file_name: str = "FILE") -> str:
    """*facts* as a commented TOML facts file; its opening comment shows the commands
    that use it, with *file_name*.

    Raises :class:`~followup.errors.FactsError` when the facts are invalid
    (a mapping is validated first).

    >>> text = to_toml({
    ...     "company": "Acme", "role": "Analyst", "date": "2026-11-24",
    ...     "candidate": {"name": "Sam Okafor"}, "interviewers": [{"name": "Dana Rivera"}],
    ... })
    >>> print(text.split("\\n\\n")[1])
    company = "Acme"                # the company's name
    role = "Analyst"                # the role you interviewed for
    date = 2026-11-24               # the interview day
    # decision_expected = 2027-01-05   # when the hiring decision is expected
    """
    if isinstance(facts, Interview):
        interview = facts
        data = _dumped(facts)
    else:
        interview = parse(facts)
        data = dict(facts)
    shown = file_name if _PLAIN_NAME.fullmatch(file_name) else "FILE"
    blocks = [_HEADER.format(name=shown).rstrip("\n")]
    scalars: list[str] = []
    sections: list[str] = []
    for key, field in Interview.model_fields.items():
        alias = field.alias or key
        value = data.get(alias, data.get(key))
        models = _models(field.annotation)
        if value is None or value == () or value == []:
            if alias in _EMPTY:
                example = _EMPTY[alias].format(
                    person=interview.interviewers[0].name.replace('"', ""),
                    later=_later(interview.date).isoformat(),
                )
                (scalars if not models else sections).append(example)
            continue
        if models and isinstance(value, Mapping):
            sections.append(_table(alias, value, models[0], many=False))
        elif models and isinstance(value, Sequence) and not isinstance(value, str):
            sections.append(
                "\n\n".join(
                    _table(alias, item, _model_for(models, item), many=True, first=index == 0)
                    for index, item in enumerate(value)
                )
            )
        else:
            scalars.append(_line(alias, value, _COMMENTS.get(alias), date=_is_date(field)))
    blocks.append("\n".join(scalars))
    blocks += sections
    text = "\n\n".join(blocks) + "\n"
    again = loads(text, format="toml")
    if again.model_dump(mode="json") != interview.model_dump(mode="json"):
        raise RuntimeError(  # pragma: no cover - a bug of this module
            "the TOML written for these facts reads back as other facts; please report this"
        )
    return text


def _later(day: dt.date) -> dt.date:
    """A day six weeks after *day*, for an example: the calendar's last day at most."""
    return day + min(dt.timedelta(days=42), dt.date.max - day)


def _dumped(interview: Interview) -> dict[str, Any]:
    """An interview as raw facts, without what validation filled in (name parts that
    are the name's first and last words, as its defaults)."""
    data: dict[str, Any] = interview.model_dump(
        by_alias=True, exclude_none=True, exclude_defaults=True
    )
    for person in data.get("interviewers", []):
        words = name_words(person["name"])
        if person.get("given_name") == words[0]:
            del person["given_name"]
        if person.get("family_name") == family_default(words):
            del person["family_name"]
    return data


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The models a field holds (several for the kinds of gift), or none."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def _model_for(models: list[type[BaseModel]], item: Mapping[str, Any]) -> type[BaseModel]:
    """The model of one item of a list: the gift kind its ``kind`` names."""
    for model in models:
        kind = model.model_fields.get("kind")
        if kind is None or item.get("kind") in typing.get_args(kind.annotation):
            return model
    return models[0]


def _is_date(field: Any) -> bool:
    return dt.date in (field.annotation, *typing.get_args(field.annotation))


def _table(
    name: str,
    value: Mapping[str, Any],
    model: type[BaseModel],
    *,
    many: bool,
    first: bool = True,
) -> str:
    """One ``[name]`` or ``[[name]]`` table, its fields in the model's order (a gift's
    kind first); only the *first* table of a list says what it and its fields are for."""
    header = f"[[{name}]]" if many else f"[{name}]"
    lines = [_line_with_comment(header, _COMMENTS.get(name) if first else None)]
    fields = sorted(model.model_fields.items(), key=lambda item: item[0] != "kind")
    for key, field in fields:
        alias = field.alias or key
        item = value.get(alias, value.get(key))
        if item is None:
            continue
        comment = _COMMENTS.get(f"{name}.{alias}") if first else None
        lines.append(_line(alias, item, comment, date=_is_date(field)))
    return "\n".join(lines)


def _line(key: str, value: object, comment: str | None, *, date: bool = False) -> str:
    """``key = value``, with *comment* after it."""
    return _line_with_comment(f"{_key(key)} = {_value(value, date=date)}", comment)


def _line_with_comment(text: str, comment: str | None) -> str:
    if not comment or "\n" in text:
        return text
    return f"{text.ljust(_COLUMN - 1)} # {comment}"


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _value(value: object, *, date: bool = False) -> str:
    """A TOML value: a string, a boolean, a number, a date, an array or an inline table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            return value.strip()  # a date as TOML writes one
        return _string(value)
    if isinstance(value, Mapping):
        items = ", ".join(f"{_key(str(k))} = {_value(v)}" for k, v in value.items())
        return f"{{ {items} }}" if items else "{}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"facts hold no {type(value).__name__}")  # pragma: no cover


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _string(text: str) -> str:
    """*text* as a TOML basic string: quotes, backslashes and control characters
    escaped, everything else as it is (UTF-8)."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def save(
    facts: Mapping[str, Any] | Interview | str,
    path: str | os.PathLike[str],
    *,
    force: bool = False,
) -> Path:
    """Write *facts* to *path* as a commented TOML facts file (see :func:`to_toml`);
    return the path. Facts given as text are TOML written already (such as
    followup's example), checked to load and written as they are.

    The file appears whole or not at all (written to a temporary file, then
    linked or renamed into place). An existing file is never replaced unless
    *force*. Raises :class:`~followup.errors.FactsError` for invalid facts and
    :class:`~followup.errors.ExportError` when the file exists or cannot be
    written.
    """
    target = Path(path)
    if isinstance(facts, str):
        loads(facts, format="toml", source=str(target))
        text = facts
    else:
        text = to_toml(facts, file_name=str(target))
    if target.is_dir():
        raise ExportError(f"{str(target)!r} is a folder; give the name of a .toml file")
    if not force and target.exists():
        raise ExportError(f"{str(target)!r} exists; give another name, or replace it (force)")
    temp = target.with_name(f".{target.name}.followup-{secrets.token_hex(4)}.tmp")
    try:
        # Created as any new file is (the umask applies), and only by this call.
        handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        if force:
            os.replace(temp, target)
        else:
            _link_new(temp, target)
    except FileExistsError as err:
        raise ExportError(
            f"{str(target)!r} exists; give another name, or replace it (force)"
        ) from err
    except OSError as err:
        raise ExportError(f"cannot write {str(target)!r}: {err.strerror or err}") from err
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    return target


def _link_new(temp: Path, target: Path) -> None:
    """Put the finished *temp* at *target*, which must not exist: a hard link where the
    file system has them (atomic, and refuses an existing name), else an exclusive
    create and a rename."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        os.replace(temp, target)
