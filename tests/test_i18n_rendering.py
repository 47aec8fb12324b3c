"""Rendering in the recipient's language: formality, Babel formats, one language per draft."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from babel.messages.catalog import Catalog
from hypothesis import given
from hypothesis import strategies as st

import followup
from followup import rendering
from followup.locales import resolve_locale
from followup.rendering import i18n
from tests.conftest import example_dict
from tests.test_address import GERMAN_CAPITALS


@pytest.fixture
def fresh_catalogs() -> Iterator[None]:
    """Catalog caches emptied before and after, for tests that swap catalogs."""
    i18n.catalog.cache_clear()
    i18n.translations.cache_clear()
    yield
    i18n.catalog.cache_clear()
    i18n.translations.cache_clear()


def _plan(locale: str, formality: str = "formal", gender: str | None = None) -> list[Any]:
    data = example_dict()
    data["locale"] = locale
    data["formality"] = formality
    if gender is not None:
        for person in data["interviewers"]:
            person["gender"] = gender
    return followup.plan(followup.parse(data)).drafts


def _probe(tmp_path: Path, body: str) -> Path:
    (tmp_path / "probe.j2").write_text("{% set subject %}probe{% endset %}" + body, "utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("locale", "formal", "informal"),
    [
        ("de", ["Sie ", "Ihnen"], [" du ", " dir ", " dich "]),
        ("fr", [" vous "], [" te ", " toi", " ta "]),
        ("es", [" usted", " su "], [" contigo", " tu "]),
    ],
)
def test_the_wording_follows_the_recipients_formality(
    locale: str, formal: list[str], informal: list[str]
) -> None:
    for formality, own, other in (("formal", formal, informal), ("informal", informal, formal)):
        drafts = _plan(locale, formality)
        assert {d.kind for d in drafts} == {"thank_you", "check_in"}
        for draft in drafts:
            for text in (draft.text, draft.email_text, *(e.text for e in draft.enclosures)):
                assert not any(word in text for word in other), text
            if draft.kind == "thank_you":
                assert any(word in draft.text for word in own), draft.text


@pytest.mark.parametrize("locale", ["de", "de_CH"])
def test_a_german_closing_keeps_the_register_of_the_salutation(locale: str) -> None:
    """A "Sehr geehrte …" is never closed with the warmer "Herzliche Grüße", not even
    around the turn of the year; "Lieber Jonas" is signed "Sam", card or e-mail."""
    formal = [d for d in _plan(locale, "formal", "female") if d.kind == "check_in"]
    closings = {t.split("\n")[-2] for d in formal for t in (d.text, d.email_text)}
    assert not {c for c in closings if c.startswith("Herzliche")}
    # The season is wished in the first sentence, not a second time in the closing.
    assert closings <= {"Mit freundlichen Grüßen", "Freundliche Grüße"} | {
        "Mit freundlichen Grüssen",
        "Freundliche Grüsse",
    }
    assert any("Feiertage" in d.text or "Festtage" in d.text for d in formal)
    for draft in _plan(locale, "informal", "male"):
        for text in (draft.text, draft.email_text):
            assert text.split("\n")[-1] == "Sam", draft.id


def test_german_goes_on_in_lower_case_after_the_salutation() -> None:
    for formality in ("formal", "informal"):
        for gender in ("female", "male", "unspecified"):
            for draft in _plan("de", formality, gender):
                for text in (draft.text, draft.email_text):
                    salutation, body, *rest = text.split("\n\n")
                    assert salutation.endswith(",")
                    assert body[0].islower() or body.split()[0] in GERMAN_CAPITALS, body
                    # Only the first sentence after the salutation: every other
                    # paragraph, and every insert on its own slip, starts with a capital.
                    for paragraph in rest:
                        assert paragraph[0].isupper() or not paragraph[0].isalpha(), paragraph
                    closing = text.split("\n")[-2]
                    assert closing.endswith(("Grüßen", "Grüße", "Bis bald"))
                    assert not closing.endswith(",")
                for enclosure in draft.enclosures:
                    assert enclosure.text[0].isupper(), enclosure.text


def test_spanish_goes_on_with_a_capital_after_the_colon() -> None:
    for draft in _plan("es", "informal", "female"):
        salutation, body = draft.text.split("\n\n")[:2]
        assert salutation.endswith(":")
        assert body.lstrip("¡¿")[0].isupper()


@pytest.mark.parametrize(
    ("locale", "day", "expected"),
    [
        ("fr", dt.date(2026, 12, 1), "1er décembre 2026"),
        ("fr", dt.date(2026, 11, 24), "24 novembre 2026"),
        ("fr", dt.date(2026, 12, 11), "11 décembre 2026"),
        ("de", dt.date(2026, 11, 24), "24. November 2026"),
        ("de_AT", dt.date(2027, 1, 5), "5. Jänner 2027"),
        ("es", dt.date(2026, 11, 24), "24 de noviembre de 2026"),
        ("en_GB", dt.date(2026, 11, 24), "24 November 2026"),
        ("en_US", dt.date(2026, 11, 24), "November 24, 2026"),
    ],
)
def test_dates_are_written_the_way_the_language_writes_them(
    tmp_path: Path, locale: str, day: dt.date, expected: str
) -> None:
    dirs = (_probe(tmp_path, "{{ day|format_date }}"),)
    rendered = rendering.render(
        "probe", {"day": day}, locale=resolve_locale(locale), template_dirs=dirs
    )
    assert rendered.text == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("de", "Segeln, Jazz und Schach · 12.345,5"),
        ("fr", "Segeln, Jazz et Schach · 12\u202f345,5"),
        ("es", "Segeln, Jazz y Schach · 12.345,5"),
        ("en_GB", "Segeln, Jazz and Schach · 12,345.5"),
    ],
)
def test_lists_and_numbers_follow_the_language(tmp_path: Path, locale: str, expected: str) -> None:
    dirs = (_probe(tmp_path, "{{ items|format_list }} · {{ n|format_number }}"),)
    context = {"items": ["Segeln", "Jazz", "Schach"], "n": 12345.5}
    rendered = rendering.render(
        "probe", context, locale=resolve_locale(locale), template_dirs=dirs
    )
    assert rendered.text == expected


def test_a_list_from_map_or_select_is_joined_too(tmp_path: Path) -> None:
    """`map` and `select` give generators, which format_list reads once."""
    dirs = (_probe(tmp_path, "{{ people|map(attribute='name')|format_list }}"),)
    context = {"people": [{"name": "Dana"}, {"name": "Lee"}]}
    rendered = rendering.render("probe", context, locale=resolve_locale("en"), template_dirs=dirs)
    assert rendered.text == "Dana and Lee"


def test_no_break_spaces_of_french_typography_survive_paragraph_joining() -> None:
    (dana, _) = [d for d in _plan("fr") if d.kind == "thank_you"]
    assert "idée\u00a0: partitioning" in dana.text
    assert "idée\u00a0: partitioning" in dana.html


def test_an_incomplete_catalog_puts_the_whole_draft_in_english(
    monkeypatch: pytest.MonkeyPatch, fresh_catalogs: None
) -> None:
    original = i18n.read_catalog

    def without_one_message(locale: str) -> Catalog | None:
        catalog = original(locale)
        if catalog is not None and locale == "de":
            # Each of the two wordings a committee of two's notes take in turn.
            catalog.delete("It was a pleasure to meet %(people)s.")
            catalog.delete("I enjoyed meeting you, along with %(people)s.")
        return catalog

    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", "")  # no compiled catalog kept or used

    monkeypatch.setattr(i18n, "read_catalog", without_one_message)
    drafts = _plan("de_AT")
    assert {d.kind for d in drafts} == {"thank_you", "check_in"}
    for draft in drafts:
        if draft.kind != "thank_you":
            # Only the thank-you note needs the missing message.
            assert (draft.locale, draft.fell_back) == ("de", False), draft.kind
            continue
        assert (draft.requested_locale, draft.locale, draft.fell_back) == ("de_AT", "en", True)
        assert draft.text.startswith("Dear Dr. Rivera,") or draft.text.startswith("Dear Lee")
        # Every part of the draft falls back together: note, e-mail and inserts.
        for text in (draft.text, draft.email_text, *(e.text for e in draft.enclosures)):
            assert "Sie" not in text
            assert "Unser Gespräch" not in text
        assert draft.enclosures
        openings = ("Our conversation about", "On the subject of", "You mentioned")
        assert draft.enclosures[0].text.startswith(openings)
        for html in (draft.html, draft.email_html, *(e.html for e in draft.enclosures)):
            assert 'lang="en"' in html


def test_a_message_only_an_insert_needs_puts_the_whole_draft_in_english(
    monkeypatch: pytest.MonkeyPatch, fresh_catalogs: None
) -> None:
    original = i18n.read_catalog
    # Lee, the second on the committee, reads the second of the tip's openings.
    message = "On the subject of %(about)s, here is an approach that may be worth a look:"

    def without_one_message(locale: str) -> Catalog | None:
        catalog = original(locale)
        if catalog is not None and locale == "de":
            catalog.delete(message)
        return catalog

    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", "")  # no compiled catalog kept or used

    monkeypatch.setattr(i18n, "read_catalog", without_one_message)
    drafts = {d.recipient.name: d for d in _plan("de") if d.kind == "thank_you"}
    # Lee's note encloses the tip: all of it is English; Dana's has no tip: German.
    assert (drafts["Lee Chen"].locale, drafts["Dana Rivera"].locale) == ("en", "de")
    assert drafts["Lee Chen"].text.startswith("Dear Lee")


def test_fuzzy_and_half_translated_entries_are_not_used(
    monkeypatch: pytest.MonkeyPatch, fresh_catalogs: None
) -> None:
    catalog = Catalog(locale="de")
    catalog.add("Hello", "Hallo")
    catalog.add("Guess", "Geraten", flags=["fuzzy"])
    catalog.add(("one", "many"), ("eins", ""))
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", "")  # no compiled catalog kept or used
    monkeypatch.setattr(i18n, "read_catalog", lambda locale: catalog)
    messages = i18n.catalog("de")
    assert messages is not None
    assert messages.find(None, "Hello", None) == "Hallo"
    assert messages.find(None, "Guess", None) is None
    assert messages.find(None, "one", 1) is None


def test_informal_wording_is_preferred_along_the_whole_chain_before_formal() -> None:
    de_at = Catalog(locale="de_AT")
    de_at.add("Hello", "Grüß Gott")
    de = Catalog(locale="de")
    de.add("Hello", "Guten Tag")
    de.add("Hello", "Hallo", context="informal")
    wording = i18n.Wording(
        chain=("de_AT", "de"),
        catalogs=tuple(_messages(c) for c in (de_at, de)),
        source=False,
    )
    assert wording.find(None, "Hello") == "Grüß Gott"
    assert wording.find(None, "Hello", informal=True) == "Hallo"


def _messages(catalog: Catalog) -> i18n.Messages:
    strings = {(m.context, m.id): (m.string,) for m in catalog if m.id}
    return i18n.Messages(locale=str(catalog.locale), strings=strings, plural=lambda n: 0)


def test_two_languages_render_from_two_threads_at_once() -> None:
    interview = followup.load(Path(__file__).parent.parent / "examples" / "interview.toml")
    facts = {
        locale: followup.parse({**interview.model_dump(by_alias=True), "locale": locale})
        for locale in ("de", "fr")
    }
    expected = {locale: followup.plan(facts[locale]).as_text() for locale in facts}
    assert expected["de"] != expected["fr"]
    rounds = 20
    barrier = threading.Barrier(2)
    results: dict[str, list[str]] = {"de": [], "fr": []}

    def work(locale: str) -> None:
        barrier.wait()
        for _ in range(rounds):
            results[locale].append(followup.plan(facts[locale]).as_text())

    threads = [threading.Thread(target=work, args=(loc,)) for loc in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for locale, texts in results.items():
        assert len(texts) == rounds
        assert all(text == expected[locale] for text in texts), locale


def test_templates_render_only_inside_render() -> None:
    with pytest.raises(jinja2.TemplateRuntimeError, match="render"):
        i18n.current()


@pytest.mark.parametrize(
    ("role", "other", "expected_role", "expected_other"),
    [
        (
            "Ingénieur de données",
            "Anna Schmidt",
            "du poste d'Ingénieur de données",
            "ainsi qu'avec Anna Schmidt",
        ),
        ("Data Engineer", "Lee Chen", "poste de Data Engineer", "ainsi qu'avec Lee Chen"),
    ],
)
def test_french_elides_de_before_a_vowel(
    role: str, other: str, expected_role: str, expected_other: str
) -> None:
    """« le poste d'Ingénieur » but « le poste de Data Engineer »: the fact decides."""
    data = example_dict()
    data["locale"] = "fr"
    data["role"] = role
    data["interviewers"][1]["name"] = other
    data["topics"][0]["with"] = ["Dana Rivera", other]
    data["topics"][1]["with"] = [other]
    data["hobbies"], data["ideas"], data["gifts"] = [], [], []  # short: every sentence kept
    plan = followup.plan(followup.parse(data))
    note = plan.drafts[0]
    assert not note.omitted
    assert note.kind == "thank_you"
    assert expected_role in note.text
    assert expected_other in note.text
    assert "de I" not in note.text
    assert expected_role.replace("'", "&#39;") in note.html or expected_role in note.html


def test_american_english_puts_commas_inside_quotation_marks_and_british_outside() -> None:
    data = example_dict()
    data["gifts"][0]["about"] = data["topics"][0]["subject"]  # "… reminded me of the article"
    for locale, expected in (
        ("en_US", "“The racing rules, explained,” and"),
        ("en_GB", "\u2018The racing rules, explained\u2019, and"),
        ("en_AU", "“The racing rules, explained”, and"),
    ):
        data["locale"] = locale
        note = followup.plan(followup.parse(data)).drafts[0]
        assert expected in note.enclosures[0].text, locale
        assert expected in note.email_text, locale


def test_a_list_is_declined_item_by_item_whatever_was_drafted_before(tmp_path: Path) -> None:
    """A joined list is more than its text: a single hobby that reads like the list
    of two (drafted first) never lends the list its declension."""
    facts = {
        "company": "Nordwind",
        "role": "Dateningenieurin",
        "date": "2026-11-24",
        "locale": "de",
        "candidate": {"name": "Sam Okafor"},
        "interviewers": [{"name": "Kim Park"}],
        "hobbies": [{"subject": "der Segelsport und der Jazz", "person": "Kim Park"}],
    }
    (note,) = followup.plan(followup.parse(facts), max_check_ins=0).drafts
    assert "den Segelsport und der Jazz" in note.text  # one hobby: its own article
    # A template of one's own that lists a person's hobbies, in a process that
    # drafted the note above (a child process starts with what its parent kept).
    dirs = (
        _probe(
            tmp_path,
            "{% trans trimmed hobbies=hobbies|format_list %}It was also good to hear about "
            "your interest in {{ hobbies }}.{% endtrans %}",
        ),
    )
    context = {"hobbies": ["der Segelsport", "der Jazz"]}
    rendered = rendering.render("probe", context, locale=resolve_locale("de"), template_dirs=dirs)
    assert "den Segelsport und den Jazz" in rendered.text


def test_the_wording_said_on_the_day_comes_first_within_each_catalog() -> None:
    """A regional catalog's own wording beats its parent's wording for the day; within a
    catalog the day's wording beats the plain one; the informal form comes first."""

    def plural(n: int) -> int:
        return int(n != 1)

    region = i18n.Messages("es_419", {(None, "A"): ("fue (419)",)}, plural)
    parent = i18n.Messages(
        "es",
        {
            (i18n.TODAY, "A"): ("ha sido (es)",),
            (None, "A"): ("fue (es)",),
            (i18n.TODAY, "B"): ("ha sido B",),
            (None, "B"): ("fue B",),
            (f"{i18n.INFORMAL}|{i18n.TODAY}", "C"): ("tú hoy",),
            (i18n.INFORMAL, "C"): ("tú",),
            (None, "C"): ("usted",),
        },
        plural,
    )
    wording = i18n.Wording(chain=("es_419", "es"), catalogs=(region, parent), source=False)
    assert wording.find(None, "A", today=True) == "fue (419)"
    assert wording.find(None, "B", today=True) == "ha sido B"
    assert wording.find(None, "B") == "fue B"
    assert wording.find(None, "C", today=True, informal=True) == "tú hoy"
    assert wording.find(None, "C", informal=True) == "tú"
    assert wording.find(None, "C", today=True) == "usted"
    assert wording.find(None, "D", today=True) is None


# --- the reader's possessive before a fact ------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "message", "detail", "expected"),
    [
        ("fr", "de vos %(x)s", "les régates en Laser", "de vos régates en Laser"),
        ("fr", "de vos %(x)s", "le premier ultra", "du premier ultra"),
        ("fr", "de vos %(x)s", "l'escalade", "de l'escalade"),
        ("fr", "de tes %(x)s", "les courses", "de tes courses"),
        # A singular fact may be someone else's: it keeps its article.
        ("fr", "de tes %(x)s", "la course", "de la course"),
        ("fr", "de tes %(x)s", "l\u2019équipe", "de l\u2019équipe"),
        ("fr", "de vos %(x)s", "le club photo du quartier", "du club photo du quartier"),
        # No definite article: the fact keeps its words, and "de" contracts as ever.
        ("fr", "de vos %(x)s", "des parties de blitz", "de parties de blitz"),
        ("fr", "de vos %(x)s", "Kubernetes", "de Kubernetes"),
        ("es", "de sus %(x)s", "las regatas", "de sus regatas"),
        ("es", "de sus %(x)s", "el maratón de Valencia", "del maratón de Valencia"),
        ("es", "sobre tus %(x)s", "la vela", "sobre la vela"),
        ("es", "de tus %(x)s", "los sábados", "de tus sábados"),
        ("es", "de sus %(x)s", "unas partidas", "de unas partidas"),
        ("es", "de %(x)s", "el club de ajedrez", "del club de ajedrez"),
        ("es", "tiempo a %(x)s", "el maratón", "tiempo al maratón"),
        (
            "de",
            "über Ihre %(x)s",
            "die Regatten am Wochenende",
            "über Ihre Regatten am Wochenende",
        ),
        ("de", "über Ihre %(x)s", "der erste Ultralauf", "über Ihren ersten Ultralauf"),
        ("de", "über Ihre %(x)s", "das neue Boot", "über Ihr neues Boot"),
        ("de", "mit Ihre %(x)s", "das neue Boot", "mit Ihrem neuen Boot"),
        ("de", "an deine %(x)s", "der Segelclub", "an deinen Segelclub"),
        ("de", "über Ihre %(x)s", "Blitzschach im Verein", "über Blitzschach im Verein"),
        # "ihre" in lower case is "her" or "their", not the reader's.
        ("de", "über ihre %(x)s", "Regatten", "über ihre Regatten"),
    ],
)
def test_a_possessive_before_a_fact_takes_the_place_of_its_article(
    locale: str, message: str, detail: str, expected: str
) -> None:
    from followup.rendering.conventions import conventions

    rules = conventions(locale)
    prepared, values = rules.prepare(message, {"x": detail})
    assert (prepared % values).replace("\u00a0", " ") == expected


@pytest.mark.parametrize("locale", ["fr", "es", "de"])
@pytest.mark.parametrize("formality", ["formal", "informal"])
def test_a_check_in_asks_about_the_readers_own_hobby(locale: str, formality: str) -> None:
    """The example in each language: the detail of the hobby is the reader's own."""
    facts = followup.load(Path(__file__).parent.parent / "examples" / f"interview.{locale}.toml")
    data = facts.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["formality"] = formality
    for person in data["interviewers"]:
        person.pop("formality", None)
    plan = followup.plan(followup.parse(data), today=facts.date)
    told = [d.text for d in plan.drafts if d.kind == "check_in" and "Laser" in d.text]
    own = {
        ("fr", "formal"): "de vos régates en Laser",
        ("fr", "informal"): "de tes régates en Laser",
        ("es", "formal"): "de sus regatas en Laser",
        ("es", "informal"): "de tus regatas en Laser",
        # German tells it after "über", no possessive: "die" may be one or many.
        ("de", "formal"): "über die Regatten mit der Laser-Jolle",
        ("de", "informal"): "über die Regatten mit der Laser-Jolle",
    }[(locale, formality)]
    assert told
    assert all(own in text for text in told), told


_OWNED = {
    "fr": ["de vos %(x)s.", "de tes %(x)s."],
    "es": ["de sus %(x)s.", "de tus %(x)s."],
    "de": ["über Ihre %(x)s.", "an deine %(x)s."],
}


@given(
    article=st.sampled_from(
        ["", "le ", "la ", "les ", "l'", "el ", "los ", "las ", "der ", "die ", "das ", "des "]
    ),
    rest=st.text(st.characters(codec="utf-8", categories=["L", "Zs", "P"]), max_size=30),
    locale=st.sampled_from(["fr", "fr_CA", "es", "es_419", "de", "de_CH"]),
    which=st.sampled_from([0, 1]),
)
def test_a_possessive_never_stands_before_an_article(
    article: str, rest: str, locale: str, which: int
) -> None:
    from followup.rendering.conventions import conventions

    message = _OWNED[locale[:2]][which]
    prepared, values = conventions(locale).prepare(message, {"x": article + rest})
    words = (prepared % values).replace("\u00a0", " ").split(" ")
    owned = {"vos", "votre", "tes", "ton", "ta", "sus", "su", "tus", "tu"}
    owned |= {"Ihre", "Ihr", "Ihren", "deine", "dein", "deinen"}
    articles = {"le", "la", "les", "el", "los", "las", "der", "die", "das", "des"}
    for one, other in itertools.pairwise(words):
        assert not (one in owned and (other in articles or other.startswith("l'"))), words


@pytest.mark.parametrize(
    ("title", "gender", "salutation"),
    [
        ("Ing.", "male", "Estimado Ing. Morales:"),
        ("Lic.", "female", "Estimada Lic. Morales:"),
        ("Dra.", "female", "Estimada Dra. Morales:"),
        (None, "male", "Estimado Sr. Morales:"),
    ],
)
def test_a_spanish_salutation_keeps_a_professional_title(
    title: str | None, gender: str, salutation: str
) -> None:
    """In Mexico an engineer or graduate is addressed by the title (native review)."""
    data = example_dict()
    data["locale"] = "es_MX"
    person = data["interviewers"][0]
    person.update(name="Javier Morales", gender=gender, title=title)
    for key in ("given_name", "family_name", *(["title"] if title is None else [])):
        del person[key]
    for gift in data["gifts"]:
        gift.pop("to", None)
    for topic in data["topics"]:
        topic["with"] = ["Javier Morales" if n == "Dana Rivera" else n for n in topic["with"]]
    for hobby in data["hobbies"]:
        if hobby["person"] == "Dana Rivera":
            hobby["person"] = "Javier Morales"
    note = followup.plan(followup.parse(data)).drafts[0]
    assert note.text.split("\n")[0] == salutation
