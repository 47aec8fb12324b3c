"""A pseudo-locale proves that no user-visible text is hard-coded outside the catalogs.

Every message of ``followup.pot`` is "translated" as itself wrapped in
``⟦…⟧`` and installed through the same loader the shipped catalogs use
(:func:`followup.rendering.i18n.read_catalog`) for every locale of a draft's
chain. Rendering every draft kind must then leave nothing outside the
markers but facts and the words of the locale's own templates (its
salutations and closings, which are structure written in that language).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog

import followup
from followup.locales import resolve_locale
from followup.rendering import i18n
from tests._i18n import (
    TEMPLATES,
    draft_kinds,
    golden_locales,
    key_of,
    override_files,
    read_template,
)
from tests.conftest import OUTCOMES, decided, example_dict, interviewed_again

_WRAPPED = re.compile(r"⟦[^⟦⟧]*⟧")
_WORD = re.compile(r"\w+")
_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_TAGS = re.compile(r"\{[{%].*?[%}]\}", re.DOTALL)
_LITERAL = re.compile(r"\"([^\"]*)\"")


def _pseudo(locale: str) -> Catalog:
    catalog = Catalog(locale=locale, domain="followup")
    for message in read_template():
        if not message.id:
            continue
        context, msgid, plural = key_of(message)
        if plural is None:
            catalog.add(msgid, f"⟦{msgid}⟧", context=context)
        else:
            forms = [f"⟦{msgid}⟧"] + [f"⟦{plural}⟧"] * (catalog.num_plurals - 1)
            catalog.add((msgid, plural), tuple(forms), context=context)
    return catalog


@pytest.fixture
def pseudo_catalogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every locale's catalog replaced by the pseudo-locale."""
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", "")  # no compiled catalog kept or used
    monkeypatch.setattr(i18n, "read_catalog", _pseudo)
    i18n.catalog.cache_clear()
    i18n.translations.cache_clear()
    yield
    i18n.catalog.cache_clear()
    i18n.translations.cache_clear()


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def unwrapped_words(text: str, allowed: list[str]) -> list[str]:
    """The words of *text* left outside ``⟦…⟧`` once the *allowed* phrases are taken out."""
    # Innermost markers first: a translated phrase can sit inside a translated sentence.
    rest, found = text, 1
    while found:
        rest, found = _WRAPPED.subn(" ", rest)
    for phrase in allowed:
        rest = rest.replace(phrase, " ")
    return _WORD.findall(rest)


def _drafts(locale: str, template_dirs: tuple[Path, ...] = ()) -> Iterator[followup.Draft]:
    for formality in ("formal", "informal"):
        for gender in ("female", "male", "unspecified"):
            data = example_dict()
            data.update(locale=locale, formality=formality)
            for person in data["interviewers"]:
                person["gender"] = gender
            # After a second interview, and each decision: every template is rendered.
            variants = [data, interviewed_again(data)]
            variants += [decided(data, outcome) for outcome in OUTCOMES]
            for variant in variants:
                interview = followup.parse(variant)
                yield from followup.plan(interview, template_dirs=template_dirs).drafts


def _allowed(locale: str) -> list[str]:
    """Facts, and the literal text of the locale's own templates, longest first."""
    interview = followup.parse(interviewed_again(example_dict()))
    phrases = set(_strings(interview.model_dump(mode="json")))
    phrases.update(name for person in interview.people for name in person.name.split())
    phrases.add(interview.candidate.name.split()[0])  # signs with the given name
    for path in override_files(resolve_locale(locale).chain):
        source = _COMMENT.sub(" ", path.read_text("utf-8"))
        phrases.update(_LITERAL.findall(source))
        phrases.update(_TAGS.split(source))
    return sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)


@pytest.mark.usefixtures("pseudo_catalogs")
@pytest.mark.parametrize("locale", golden_locales())
def test_every_visible_word_comes_from_a_catalog_a_fact_or_locale_structure(
    locale: str,
) -> None:
    allowed = _allowed(locale)
    seen = set()
    for draft in _drafts(locale):
        seen.add(draft.kind)
        if draft.enclosures:
            seen.add("enclosure")
        assert draft.locale == resolve_locale(locale).language
        assert _WRAPPED.search(draft.subject), draft.subject
        assert not unwrapped_words(draft.subject, allowed), draft.subject
        for text in (draft.text, draft.email_text, *(e.text for e in draft.enclosures)):
            assert not unwrapped_words(text, allowed), text
    assert set(draft_kinds()) <= seen, "every template is rendered"


@pytest.mark.usefixtures("pseudo_catalogs")
def test_a_hard_coded_sentence_is_found(tmp_path: Path) -> None:
    source = (
        (TEMPLATES / "thank_you.j2")
        .read_text("utf-8")
        .replace("{{ letter.closing(", "Looking forward to it.\n\n{{ letter.closing(")
    )
    (tmp_path / "thank_you.j2").write_text(source, "utf-8")
    drafts = list(_drafts("de", (tmp_path,)))
    assert drafts
    found = {w for d in drafts for w in unwrapped_words(d.text, _allowed("de"))}
    # "to" also occurs in a fact, but not as this phrase.
    assert found == {"Looking", "forward", "to", "it"}
