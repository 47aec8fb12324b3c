"""The message catalogs: complete along each chain, placeholders kept, in step with templates."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import ModuleType

import jinja2
import pytest
from babel.messages.pofile import read_po

from followup.export import reminders
from followup.locales import SOURCE_LANGUAGE, resolve_locale, shipped_locales
from followup.rendering._extract import INFORMAL_COMMENT, TODAY_COMMENT, extract
from followup.rendering.i18n import INFORMAL, TODAY, TODAY_MARK, translations
from tests._i18n import (
    BABEL_CFG,
    LOCALE_DIR,
    ROOT,
    forms_of,
    key_of,
    needed_messages,
    placeholders,
    read_catalog,
    read_template,
    stray_percent,
)
from tests.conftest import load_script

REMINDERS = ROOT / "src" / "followup" / "export" / "reminders.py"

CATALOGS = [loc for loc in shipped_locales() if loc != SOURCE_LANGUAGE]


def _check_catalogs() -> ModuleType:
    return load_script("scripts/check_catalogs.py")


def test_every_language_but_the_source_ships_a_catalog() -> None:
    assert {"de", "fr", "es", "en_GB"} <= set(CATALOGS)
    assert not list(LOCALE_DIR.rglob("*.mo")), "compiled catalogs do not belong in the sources"


def test_the_source_catalog_holds_only_informal_wording() -> None:
    """English's formal wording is the msgid itself; its catalog words the informal."""
    path = LOCALE_DIR / SOURCE_LANGUAGE / "LC_MESSAGES" / "followup.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    filled = [
        m for m in catalog if m.id and any(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    assert filled
    assert {m.context for m in filled} == {"informal"}


TRANSLATED = [loc for loc in shipped_locales() if resolve_locale(loc).chain[-1] != SOURCE_LANGUAGE]
"""Languages whose chain does not end in the source language, so every message needs a
translation (en_GB's chain ends in en: what it does not translate is the source wording)."""


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_needed_message_is_translated_along_the_chain(locale: str) -> None:
    chain = resolve_locale(locale).chain
    catalogs = [read_catalog(loc) for loc in chain if (LOCALE_DIR / loc).is_dir()]
    assert catalogs
    missing = []
    for key in sorted(needed_messages(locale), key=str):
        context, msgid, plural = key
        translated = False
        for catalog in catalogs:
            message = catalog.get((msgid, plural) if plural else msgid, context)
            if message is None or message.fuzzy:
                continue
            forms = forms_of(message)
            expected = catalog.num_plurals if plural else 1
            if len(forms) == expected and all(forms):
                translated = True
                break
        if not translated:
            missing.append(f"[{context}] {msgid!r}" if context else repr(msgid))
    assert not missing, f"{locale} lacks translations for:\n" + "\n".join(missing)


def test_salutations_and_closings_live_in_templates_not_catalogs() -> None:
    """Translators find every salutation and closing in one kind of place."""
    for locale in CATALOGS:
        catalog = read_catalog(locale)
        assert catalog is not None
        assert not [m.id for m in catalog if m.id and str(m.id).startswith(("Dear ", "Sincerely"))]


def test_needed_messages_include_the_informal_variant_of_each() -> None:
    needed = needed_messages("de")
    assert needed
    plain = {(msgid, plural) for context, msgid, plural in needed if context is None}
    informal = {(msgid, plural) for context, msgid, plural in needed if context == INFORMAL}
    assert plain == informal
    assert any(plural for _, _, plural in needed), "a plural message is checked too"


@pytest.mark.parametrize("locale", CATALOGS)
def test_translations_keep_every_placeholder_and_add_none(locale: str) -> None:
    problems = []
    for message in read_catalog(locale):
        if not message.id:
            continue
        _, msgid, plural = key_of(message)
        english = placeholders(msgid) | placeholders(plural or "")
        required = placeholders(msgid) & placeholders(plural) if plural else placeholders(msgid)
        for form in forms_of(message):
            if not form:
                continue
            found = placeholders(form)
            if required - found:
                problems.append(f"{msgid!r} → {form!r} drops {sorted(required - found)}")
            if found - english:
                problems.append(f"{msgid!r} → {form!r} adds {sorted(found - english)}")
            if stray_percent(form):
                problems.append(f"{form!r} has a lone '%'; write '%%'")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("locale", CATALOGS)
def test_every_translation_is_a_whole_sentence(locale: str) -> None:
    """A translation is never a stub: at least a third as long as its message, and a
    message that ends a sentence ends one in every form (a plural's forms given as one
    string end up a letter each)."""
    problems = []
    for message in read_catalog(locale):
        if not message.id:
            continue
        _, msgid, _ = key_of(message)
        for form in forms_of(message):
            if not form:
                continue
            if len(form) < len(msgid) / 3:
                problems.append(f"{msgid!r} → {form!r} is too short to say it")
            if msgid.endswith((".", "?", "!")) and not form.rstrip().endswith(
                (".", "?", "!", "…", ":", "»", "“", "”")
            ):
                problems.append(f"{msgid!r} → {form!r} ends no sentence")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("locale", [loc for loc in CATALOGS if loc.startswith("de")])
def test_german_puts_a_fact_only_after_a_preposition_it_declines_safely(locale: str) -> None:
    """A dative preposition ("zu", "mit", "bei") before a topic or hobby would need to
    know its number: "die Interviews" (plural) takes "den", "die Rufbereitschaft"
    "der". German translations put facts after "über" or "für" (accusative), where
    both keep "die"."""
    facts = r"%\((?:about|topic|topics|hobby|hobbies|detail)\)s"
    dative = re.compile(rf"\b(?:zu|mit|von|bei|aus|nach|seit|gegenüber)\s+{facts}")
    # A hobby or a gift's subject as a verb's object ("Da Sie %(about)s erwähnt haben")
    # would stay in the nominative: "Da Sie der Skilanglauf erwähnt haben".
    bare = re.compile(r"(?<!\büber )(?<!\bfür )(?<!\bum )%\((?:about|hobby|hobbies)\)s")
    found = [
        form
        for message in read_catalog(locale)
        if message.id
        for form in forms_of(message)
        if form and (dative.search(form) or bare.search(form))
    ]
    assert not found


@pytest.mark.parametrize("locale", CATALOGS)
def test_no_entry_is_fuzzy(locale: str) -> None:
    fuzzy = [key_of(m) for m in read_catalog(locale) if m.id and m.fuzzy]
    assert not fuzzy


def test_msgids_are_trimmed_and_safe_to_format() -> None:
    for message in read_template():
        if not message.id:
            continue
        _, msgid, plural = key_of(message)
        for text in filter(None, (msgid, plural)):
            assert text == " ".join(text.split()), f"{text!r}: use {{% trans trimmed %}}"
            assert not stray_percent(text), f"{text!r}: a literal % must be %%"


def test_the_mapping_extracts_loudly_with_the_runtime_whitespace_policy() -> None:
    text = BABEL_CFG.read_text(encoding="utf-8")
    assert "silent = false" in text
    assert "trimmed = true" in text


def test_the_extractor_adds_an_informal_variant_to_each_message(tmp_path: Path) -> None:
    source = tmp_path / "probe.j2"
    source.write_text(
        "{% trans %}Hello{% endtrans %}\n"
        "{% trans count=n %}one{% pluralize count %}many{% endtrans %}\n"
        '{% trans "greeting" %}Hi{% endtrans %}\n',
        encoding="utf-8",
    )
    keywords = ["gettext", "ngettext", "pgettext", "npgettext"]
    with source.open("rb") as handle:
        found = [(func, msg) for _, func, msg, _ in extract(handle, keywords, [], {})]
    assert found == [
        ("gettext", "Hello"),
        ("pgettext", (INFORMAL, "Hello")),
        ("ngettext", ("one", "many", None)),
        ("npgettext", (INFORMAL, "one", "many", None)),
        ("pgettext", ("greeting", "Hi")),
        ("pgettext", (f"{INFORMAL}|greeting", "Hi")),
    ]
    with source.open("rb") as handle:
        comments = [c for _, func, _, c in extract(handle, keywords, [], {}) if func != "gettext"]
    assert INFORMAL_COMMENT in comments[0]


def test_the_extractor_adds_the_wordings_said_on_the_day_of_a_marked_message(
    tmp_path: Path,
) -> None:
    source = tmp_path / "probe.j2"
    source.write_text(
        "{% trans %}Hello{% endtrans %}\n"
        "{#- Translators: said on the day -#}\n"
        "{% trans %}It was a pleasure{% endtrans %}\n"
        "{% trans %}Goodbye{% endtrans %}\n",
        encoding="utf-8",
    )
    keywords = ["gettext", "ngettext", "pgettext", "npgettext"]
    with source.open("rb") as handle:
        found = list(extract(handle, keywords, ["Translators:"], {}))
    assert [(func, msg) for _, func, msg, _ in found] == [
        ("gettext", "Hello"),
        ("pgettext", (INFORMAL, "Hello")),
        ("gettext", "It was a pleasure"),
        ("pgettext", (INFORMAL, "It was a pleasure")),
        ("pgettext", (TODAY, "It was a pleasure")),
        ("pgettext", (f"{INFORMAL}|{TODAY}", "It was a pleasure")),
        ("gettext", "Goodbye"),
        ("pgettext", (INFORMAL, "Goodbye")),
    ]
    comments = {(func, str(msg)): notes for _, func, msg, notes in found}
    assert all(TODAY_MARK not in notes for notes in comments.values())
    today = comments[("pgettext", str((TODAY, "It was a pleasure")))]
    assert TODAY_COMMENT in today
    assert INFORMAL_COMMENT not in today
    assert TODAY_COMMENT not in comments[("gettext", "It was a pleasure")]


def test_a_wording_said_on_the_day_is_optional_but_keeps_its_placeholders() -> None:
    """A language whose wording does not change that day leaves it empty; Spanish of
    Spain fills every one, and Latin America says its own preterite."""
    for locale, filled in (("de", False), ("fr", False), ("es", True), ("es_419", True)):
        catalog = read_catalog(locale)
        today = [m for m in catalog if m.id and m.context in {TODAY, f"{INFORMAL}|{TODAY}"}]
        assert len(today) >= 20
        assert all(bool(m.string) is filled for m in today), locale
        for message in today:
            if message.string:
                assert placeholders(str(message.string)) == placeholders(str(message.id))


def test_the_extractor_fails_on_a_template_syntax_error(tmp_path: Path) -> None:
    source = tmp_path / "broken.j2"
    source.write_text("{% trans %}Hello{% endtrns %}", encoding="utf-8")
    with source.open("rb") as handle, pytest.raises(jinja2.TemplateSyntaxError, match="endtrns"):
        list(extract(handle, ["gettext"], [], {"silent": "false"}))


def test_committed_catalogs_are_in_step_with_the_templates() -> None:
    problems = _check_catalogs().problems(ROOT)
    assert not problems, "\n".join(problems) + "\nrun: python scripts/check_catalogs.py --update"


def test_the_catalog_check_finds_a_new_and_a_removed_message(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copy(BABEL_CFG, tmp_path / "babel.cfg")
    reminders = tmp_path / REMINDERS.relative_to(ROOT)
    reminders.parent.mkdir(parents=True)
    reminders.write_text(
        REMINDERS.read_text(encoding="utf-8") + '\nNEW = N_("Water the plants")\n',
        encoding="utf-8",
    )
    letter = tmp_path / "templates" / "thank_you.j2"
    letter.write_text(
        letter.read_text(encoding="utf-8").replace(
            "{% endfilter %}", "{% trans %}A brand-new sentence.{% endtrans %}{% endfilter %}", 1
        ),
        encoding="utf-8",
    )
    check_in = tmp_path / "templates" / "check_in.j2"
    check_in.write_text(
        check_in.read_text(encoding="utf-8").replace("Keeping in touch", "Staying in touch"),
        encoding="utf-8",
    )
    problems = _check_catalogs().problems(tmp_path)
    assert any("lacks 'A brand-new sentence.'" in p for p in problems)
    assert any("lacks 'Water the plants'" in p for p in problems)
    assert not any("Send the thank-you note" in p for p in problems)
    assert any("lacks [informal] 'A brand-new sentence.'" in p for p in problems)
    assert any("stale 'Keeping in touch'" in p for p in problems)
    assert any(p.startswith("templates/locale/followup.pot") for p in problems)
    assert any("de/LC_MESSAGES" in p for p in problems)


def test_the_documented_commands_are_the_ones_the_check_runs() -> None:
    module = _check_catalogs()
    docs = (ROOT / "docs" / "languages.md").read_text(encoding="utf-8")

    def shell(args: list[str]) -> str:
        return " ".join(f'"{a}"' if " " in a else a for a in args).replace(
            '"--copyright-holder=The followup authors"',
            '--copyright-holder="The followup authors"',
        )

    extract_line = f"pybabel {shell(module.EXTRACT)} -o {module.POT} ."
    update_line = f"pybabel {shell(module.UPDATE)}"
    assert extract_line in docs
    assert update_line in docs
    assert "python scripts/check_catalogs.py" in docs


REMINDER_MESSAGES = [
    reminders.THANK_YOU,
    reminders.CHECK_IN,
    reminders.CHECK_IN_ABOUT,
    reminders.NUMBERED,
]


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_reminder_phrase_is_translated_along_the_chain(locale: str) -> None:
    """The candidate's calendar reminders are messages of the catalogs too."""
    wording = translations(resolve_locale(locale).chain)
    missing = [m for m in REMINDER_MESSAGES if wording.find(None, m) is None]
    assert not missing, f"{locale} lacks translations for: {missing}"


def test_the_reminder_phrases_are_extracted() -> None:
    keys = {key_of(m) for m in read_template() if m.id}
    assert {(None, m, None) for m in REMINDER_MESSAGES} <= keys


@pytest.mark.parametrize(
    "expression", ["(n != 1)", "(n > 1)", "n != 1", "(n%10==1 && n%100!=11 ? 0 : 1)"]
)
def test_a_plural_rule_answers_as_gettext_compiles_it(expression: str) -> None:
    import gettext

    from followup.rendering.i18n import _plural

    compiled = gettext.c2py(expression)
    assert [_plural(expression)(n) for n in range(250)] == [compiled(n) for n in range(250)]


def test_a_plural_rule_refuses_what_gettext_refuses() -> None:
    import gettext

    from followup.rendering.i18n import _plural

    with pytest.raises(TypeError):
        gettext.c2py("(n != 1)")("1")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _plural("(n != 1)")("1")  # type: ignore[arg-type]
