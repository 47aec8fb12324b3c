"""Locale strings: validation, the CLDR fallback chain, and the language a draft uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import followup
from followup.errors import FactsError, LocaleError
from followup.locales import parent_chain, parse_locale, resolve_locale, shipped_locales
from followup.rendering import i18n
from tests.conftest import example_dict, minimal_dict

MALFORMED = ["xx_YY", "en_US\r\nBcc: x", "../de", "", "de_AT/../fr", "e", "de AT", "zz"]


def test_shipped_locales_are_english_first_then_every_catalog() -> None:
    shipped = shipped_locales()
    assert shipped[0] == "en"
    assert {"de", "fr", "es", "en_GB"} <= set(shipped)
    assert list(shipped[1:]) == sorted(shipped[1:])


@pytest.mark.parametrize(
    ("value", "language", "chain"),
    [
        ("de_AT", "de", ("de_AT", "de")),
        ("de-at", "de", ("de_AT", "de")),
        ("de_CH", "de_CH", ("de_CH", "de")),
        ("es_MX", "es_419", ("es_MX", "es_419", "es")),
        ("es", "es", ("es",)),
        ("fr_CA", "fr_CA", ("fr_CA", "fr")),
        ("en_GB", "en_GB", ("en_GB", "en_001", "en")),
        ("en_AU", "en", ("en_AU", "en_001", "en")),
        ("en_US", "en", ("en_US", "en")),
        ("pt_BR", "en", ("en",)),
    ],
)
def test_resolve_locale_follows_the_cldr_chain_to_a_shipped_language(
    value: str, language: str, chain: tuple[str, ...]
) -> None:
    resolved = resolve_locale(value)
    assert resolved.language == language
    assert resolved.chain == chain
    assert resolved.fell_back is (value == "pt_BR")


def test_a_sibling_is_not_a_parent() -> None:
    # en_AU's CLDR parent is en_001 (international English), not en_GB: without an
    # en_AU or en_001 catalog it is written in the source English.
    assert parent_chain("en_AU") == ("en_AU", "en_001", "en")
    assert resolve_locale("en_AU").language == "en"


def test_an_unshipped_locale_falls_back_to_english_but_keeps_its_territory() -> None:
    resolved = resolve_locale("pt_BR")
    assert resolved.requested == "pt_BR"
    assert (resolved.language, resolved.formatting, resolved.territory) == ("en", "en", "BR")
    assert resolved.fell_back


def test_formatting_keeps_the_requested_variant_of_the_language_used() -> None:
    assert resolve_locale("es_MX").formatting == "es_MX"
    assert resolve_locale("de_AT").formatting == "de_AT"
    assert resolve_locale("en_GB").formatting == "en_GB"


@pytest.mark.parametrize("value", MALFORMED)
def test_malformed_or_unknown_locales_raise_naming_the_value_and_the_shipped_languages(
    value: str,
) -> None:
    with pytest.raises(LocaleError) as caught:
        resolve_locale(value)
    message = str(caught.value)
    assert repr(value) in message
    for shipped in shipped_locales():
        assert shipped in message
    assert caught.value.value == value


@pytest.mark.parametrize("value", ["xx_YY", "en_US\r\nBcc: x", "../de"])
def test_bad_locales_in_facts_are_reported_with_their_field_path(value: str) -> None:
    with pytest.raises(FactsError) as top:
        followup.parse(minimal_dict(locale=value))
    assert [e["path"] for e in top.value.errors()] == ["locale"]
    assert top.value.errors()[0]["value"] == value

    data = minimal_dict(interviewers=[{"name": "Dana Rivera"}, {"name": "Lee Chen"}])
    data["interviewers"][1]["locale"] = value
    with pytest.raises(FactsError) as nested:
        followup.parse(data)
    assert [e["path"] for e in nested.value.errors()] == ["interviewers[1].locale"]


@settings(max_examples=60)
@given(st.sampled_from(["de", "fr", "es", "en", "pt", "it"]), st.sampled_from(["", "_AT", "-mx"]))
def test_every_valid_locale_resolves_to_a_shipped_language(language: str, suffix: str) -> None:
    try:
        resolved = resolve_locale(language + suffix)
    except LocaleError:
        return  # a combination CLDR does not know
    assert resolved.language in shipped_locales()
    assert resolved.chain[-1].split("_")[0] == resolved.language.split("_")[0]
    assert resolved.requested == parse_locale(language + suffix)


@pytest.mark.parametrize(
    ("requested", "used", "fell_back"),
    [
        ("de_AT", "de", False),
        ("es_MX", "es_419", False),
        ("pt_BR", "en", True),
        ("en_GB", "en_GB", False),
    ],
)
def test_draft_locale_is_the_language_used(requested: str, used: str, fell_back: bool) -> None:
    data = example_dict()
    data["locale"] = requested
    drafts = followup.plan(followup.parse(data)).drafts
    assert drafts
    for draft in drafts:
        assert (draft.requested_locale, draft.locale, draft.fell_back) == (
            requested,
            used,
            fell_back,
        )
        assert f'lang="{used.replace("_", "-")}"' in draft.html


def test_a_recipients_locale_overrides_the_interviews() -> None:
    data = minimal_dict(
        interviewers=[{"name": "Dana Rivera"}, {"name": "Lee Chen", "locale": "fr"}]
    )
    drafts = {d.recipient.name: d for d in followup.plan(followup.parse(data)).drafts}
    assert drafts["Lee Chen"].locale == "fr"
    assert drafts["Dana Rivera"].locale == "en"


def test_each_catalog_is_read_once_per_locale(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(tmp_path))  # nothing parsed yet
    reads: list[str] = []
    original = i18n.read_catalog

    def counting(locale: str) -> object:
        reads.append(locale)
        return original(locale)

    monkeypatch.setattr(i18n, "read_catalog", counting)
    i18n.catalog.cache_clear()
    i18n.translations.cache_clear()
    try:
        data = example_dict()
        for locale in ["de", "de_AT", "de_CH", "de", "es_MX", "es", "es_MX"]:
            data["locale"] = locale
            followup.plan(followup.parse(data))
        assert sorted(reads) == sorted(set(reads))
        assert {"de", "de_CH", "es", "es_419"} <= set(reads)  # those with a catalog
        assert i18n.catalog.cache_info().hits > 0
    finally:
        i18n.catalog.cache_clear()
        i18n.translations.cache_clear()


@pytest.mark.parametrize(("locale", "territory"), [("no", "NO"), ("sr_Latn", "RS"), ("en", "US")])
def test_territory_from_likely_subtags_babel_cannot_parse(locale: str, territory: str) -> None:
    """`no` is likely `no_Latn_NO`, which Babel itself cannot parse."""
    assert resolve_locale(locale).territory == territory
    data = example_dict()
    data["locale"] = locale
    plan = followup.plan(followup.parse(data))
    assert plan.drafts


@pytest.mark.parametrize("code", ["en_Abcd_US", "und", "und_US", "de_XX"])
def test_a_made_up_script_or_territory_is_not_a_locale(code: str) -> None:
    with pytest.raises(followup.LocaleError, match="is not a language Babel knows"):
        parse_locale(code)


def test_the_locale_caches_are_bounded() -> None:
    for function in (parse_locale, resolve_locale):
        assert function.cache_info().maxsize is not None


def test_a_loop_in_the_table_of_parents_ends_the_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table is read back from the user's cache folder: a damaged one must not
    hang every plan."""
    from followup import locales

    monkeypatch.setattr(
        locales, "_parent_exceptions", lambda: {"es_MX": "es_419", "es_419": "es_MX"}
    )
    locales.parent_chain.cache_clear()
    try:
        assert parent_chain("es_MX") == ("es_MX", "es_419")
    finally:
        locales.parent_chain.cache_clear()
