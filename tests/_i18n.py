"""Helpers shared by the language tests: what the shipped templates and catalogs hold.

Everything is discovered from ``templates/``: draft kinds are its top-level
templates not starting with ``_``, locales are :func:`followup.shipped_locales`.
"""

from __future__ import annotations

import configparser
import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from followup.locales import DEFAULT_LOCALE, SOURCE_LANGUAGE, resolve_locale, shipped_locales
from followup.rendering._extract import extract
from followup.rendering.i18n import TODAY

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
LOCALE_DIR = TEMPLATES / "locale"
BABEL_CFG = ROOT / "babel.cfg"

Key = tuple[str | None, str, str | None]
"""A message: (context, msgid, msgid_plural)."""

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def draft_kinds() -> list[str]:
    """Every draft kind a template exists for: ``templates/<kind>.j2``."""
    return sorted(p.stem for p in TEMPLATES.glob("*.j2") if not p.name.startswith("_"))


def golden_locales() -> list[str]:
    """Every shipped language, with the source language as the default locale (en_US)."""
    return [DEFAULT_LOCALE if loc == SOURCE_LANGUAGE else loc for loc in shipped_locales()]


def template_names() -> list[str]:
    """The name of every shipped template, wherever it is overridden."""
    names = {p.name for p in TEMPLATES.rglob("*.j2")}
    return sorted(names)


def resolved_template(name: str, chain: tuple[str, ...]) -> Path | None:
    """The shipped file a draft with *chain* uses for *name* (the lookup rule)."""
    for folder in [*(TEMPLATES / loc for loc in chain), TEMPLATES]:
        if (folder / name).is_file():
            return folder / name
    return None


def override_files(chain: tuple[str, ...]) -> list[Path]:
    """The locale templates along *chain* (structure written in that language), and
    the root ``_letter.j2`` (American English structure) where none of them has one."""
    files = [p for loc in chain for p in sorted((TEMPLATES / loc).glob("*.j2"))]
    if not any(p.name == "_letter.j2" for p in files):
        files.append(TEMPLATES / "_letter.j2")
    return files


def _extract_options() -> dict[str, str]:
    """The options babel.cfg gives the templates' extractor."""
    parser = configparser.RawConfigParser()
    parser.read(BABEL_CFG, encoding="utf-8")
    (section,) = [name for name in parser.sections() if name.endswith(".j2")]
    return dict(parser.items(section))


def messages_in(path: Path) -> Iterator[Key]:
    """The messages of one template, as ``pybabel extract`` with babel.cfg finds them."""
    options = _extract_options()
    keywords = ["_", "gettext", "ngettext", "pgettext", "npgettext"]
    with path.open("rb") as handle:
        for _, func, message, _ in extract(handle, keywords, ["Translators:"], options):
            parts = (message,) if isinstance(message, str) else tuple(message or ())
            if func in {"pgettext", "npgettext"}:
                context, *rest = parts
            else:
                context, rest = None, list(parts)
            singular = rest[0]
            plural = rest[1] if func in {"ngettext", "npgettext"} else None
            assert isinstance(singular, str)
            yield (context, singular, plural)


def said_on_the_day(context: str | None) -> bool:
    """Whether *context* is that of a wording said on the day (msgctxt "today"), which a
    language whose wording does not change that day leaves empty."""
    return context is not None and TODAY in context.split("|")


def needed_messages(locale: str) -> set[Key]:
    """The messages a draft in *locale* looks up: those of the templates it uses (not the
    wordings said on the day, which a language may leave empty)."""
    chain = resolve_locale(locale).chain
    found: set[Key] = set()
    for name in template_names():
        path = resolved_template(name, chain)
        if path is not None:
            found |= {key for key in messages_in(path) if not said_on_the_day(key[0])}
    return found


def read_catalog(locale: str) -> Catalog:
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "followup.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def read_template() -> Catalog:
    with (LOCALE_DIR / "followup.pot").open("rb") as handle:
        return read_po(handle)


def key_of(message: object) -> Key:
    msgid = message.id  # type: ignore[attr-defined]
    context = message.context  # type: ignore[attr-defined]
    if isinstance(msgid, tuple | list):
        return (context, msgid[0], msgid[1])
    return (context, msgid, None)


def forms_of(message: object) -> tuple[str, ...]:
    string = message.string  # type: ignore[attr-defined]
    return tuple(string) if isinstance(string, tuple | list) else (string,)


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text.replace("%%", "")))


def stray_percent(text: str) -> bool:
    """Whether *text* has a ``%`` that is neither ``%%`` nor a named placeholder."""
    return "%" in _PLACEHOLDER.sub("", text.replace("%%", ""))
