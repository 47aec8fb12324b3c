"""Forms of address: titles, and salutations in every shipped language."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import followup
from followup import _names
from followup._names import first_surname, honorific
from followup.locales import resolve_locale, shipped_locales
from tests.conftest import minimal_dict


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Dr.", "doctor"),
        ("dr", "doctor"),
        ("Dra.", "doctor"),
        ("Doktor", "doctor"),
        ("Dr. Dr.", "doctor"),
        ("Prof.", "professor"),
        ("Prof. Dr.", "professor"),
        ("Profesora", "professor"),
        ("Rev.", None),
        ("Dr. med. vet.", "doctor"),  # a German doctorate's field: greeted "Dr." alone
        ("Dr.-Ing.", "doctor"),
        ("Dr. rer. nat.", "doctor"),
        ("Dipl.-Ing.", None),
        ("Dr. Who", None),
        ("", None),
        (None, None),
    ],
)
def test_known_titles_have_a_meaning_and_others_none(title: str | None, expected: str) -> None:
    assert honorific(title) == expected


@pytest.mark.parametrize(
    ("locale", "title", "gender", "salutation"),
    [
        ("en_US", "Prof.", "female", "Dear Professor Rivera,"),
        ("en_US", "Rev.", "male", "Dear Rev. Rivera,"),
        ("en_GB", "Dr.", "unspecified", "Dear Dr Rivera,"),
        ("de", "Prof. Dr.", "female", "Sehr geehrte Frau Professorin Rivera,"),
        ("de", "Rev.", "male", "Sehr geehrter Herr Rev. Rivera,"),
        ("de", "Dr.-Ing.", "female", "Sehr geehrte Frau Dr. Rivera,"),
        ("en_US", "Dr. rer. nat.", "male", "Dear Dr. Rivera,"),
        ("es", "Prof.", "female", "Estimada profesora Rivera:"),
        ("es", "Ing.", "male", "Estimado Ing. Rivera:"),
        ("es", "Dr.", "unspecified", "Estimado/a Dana Rivera:"),
        ("de_CH", "Dr.", "female", "Sehr geehrte Frau Dr. Rivera"),
        ("fr", "Dr.", "female", "Docteur,"),
        ("fr", "Prof.", "female", "Madame,"),
    ],
)
def test_each_language_writes_a_title_its_own_way(
    locale: str, title: str, gender: str, salutation: str
) -> None:
    person = {"name": "Dana Rivera", "title": title, "gender": gender}
    interview = followup.parse(minimal_dict(locale=locale, interviewers=[person]))
    drafts = followup.plan(interview).drafts
    assert {d.kind for d in drafts} == {"thank_you", "check_in"}
    for draft in drafts:
        assert draft.text.splitlines()[0] == salutation, draft.kind


_TITLES = {word.rstrip(".") for word in _names._PREFIXES | _names._SUFFIXES}
"""Words a name may start or end with that are not a name (a given name "Mtra" is a
Mexican teacher's title)."""
_NAMES = (
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzÄÉñß", min_size=2, max_size=8)
    .map(str.title)
    .filter(lambda name: name.lower() not in _TITLES)
)


GERMAN_CAPITALS = {"Sie", "Ihnen", "Ihr", "Ihre", "Ihrem", "Ihren", "Ihrer"}
"""Words a German letter writes with a capital even right after the salutation."""


@settings(max_examples=40, deadline=None)
@given(
    locale=st.sampled_from(shipped_locales()),
    given_name=_NAMES,
    family_name=_NAMES,
    title=st.sampled_from([None, "Dr.", "Prof.", "Rev."]),
    gender=st.sampled_from(["female", "male", "unspecified"]),
    formality=st.sampled_from(["formal", "informal"]),
)
def test_every_recipient_gets_a_salutation_in_the_drafts_language(
    locale: str, given_name: str, family_name: str, title: str | None, gender: str, formality: str
) -> None:
    person = {
        "name": f"{given_name} {family_name}",
        "title": title,
        "gender": gender,
        "formality": formality,
    }
    interview = followup.parse(minimal_dict(locale=locale, interviewers=[person]))
    drafts = followup.plan(interview).drafts
    assert {d.kind for d in drafts} == {"thank_you", "check_in"}
    for draft in drafts:
        assert draft.locale == resolve_locale(locale).language
        salutation, body = draft.text.split("\n\n")[:2]
        language = locale.split("_")[0]
        if locale == "fr_CA" and formality == "formal" and gender == "unspecified":
            assert salutation == f"Bonjour {given_name} {family_name},"  # Québec
        elif language == "fr" and formality == "formal" and title == "Dr.":
            assert salutation == "Docteur,"
        elif language == "fr" and formality == "formal":
            assert salutation in {"Madame,", "Monsieur,", "Madame, Monsieur,"}
        else:
            name = given_name if formality == "informal" else family_name
            assert name in salutation  # a fact as written, even where wording has "ss"
        if locale == "de_CH":  # Swiss letters drop the comma and go on with a capital
            assert not salutation.endswith(",")
        else:
            assert salutation.endswith(":" if language == "es" else ",")
        lower = language == "de" and locale != "de_CH"
        first = body.lstrip("¡¿")[0]  # Spanish opens an exclamation with "¡"
        if lower and body.split()[0] in GERMAN_CAPITALS:
            continue  # "Ihnen und dem Team wünsche ich …": capital after the comma too
        assert first.islower() if lower else first.isupper(), draft.kind


@pytest.mark.parametrize(
    ("family_name", "first"),
    [
        ("Ortega Ruiz", "Ortega"),
        ("de la Fuente García", "de la Fuente"),
        ("García de la Fuente", "García"),
        ("del Río Pérez", "del Río"),
        ("San Martín López", "San Martín"),
        ("Ortega y Gasset", "Ortega y Gasset"),  # "y" joins two into one surname
        ("Puig i Cadafalch Vidal", "Puig i Cadafalch"),
        ("Rivera", "Rivera"),
        ("Di Pietro", "Di Pietro"),  # a particle goes with the next
        ("Di Pietro Gómez", "Di Pietro"),
        ("Da Silva Ruiz", "Da Silva"),
        ("Van der Berg Ortiz", "Van der Berg"),
        ("Ortega Li", "Ortega"),
        ("Wu Hernández", "Wu"),  # a short surname is a surname
        ("Uno Cuatro Tres", "Uno Cuatro Tres"),  # three surnames: as written
    ],
)
def test_the_first_of_two_surnames(family_name: str, first: str) -> None:
    assert first_surname(family_name) == first


@pytest.mark.parametrize("locale", ["es", "es_AR", "es_419"])
def test_spanish_letters_greet_and_name_by_the_first_surname(locale: str) -> None:
    people = [
        {"name": "Rafael Ortega Ruiz", "family_name": "Ortega Ruiz", "gender": "male"},
        {"name": "Carmen Villalba Prieto", "family_name": "Villalba Prieto", "gender": "female"},
        {"name": "Lucía de la Fuente García", "family_name": "de la Fuente García"},
    ]
    data = minimal_dict(locale=locale, interviewers=people)
    drafts = followup.plan(followup.parse(data), check_ins_to="all").drafts
    first = {d.recipient.name: d.text.splitlines()[0] for d in drafts if d.kind == "thank_you"}
    assert first == {
        "Rafael Ortega Ruiz": "Estimado Sr. Ortega:",
        "Carmen Villalba Prieto": "Estimada Sra. Villalba:",
        "Lucía de la Fuente García": "Estimado/a Lucía de la Fuente:",
    }
    note = next(d for d in drafts if d.recipient.name == "Carmen Villalba Prieto")
    assert "Rafael Ortega y" in note.text
    assert "Lucía de la Fuente" in note.text
    every = "\n".join(d.text + d.email_text for d in drafts)
    assert "Ruiz" not in every
    assert "Prieto" not in every
    assert "García" not in every
    # English keeps the family name as the facts write it.
    english = followup.plan(followup.parse({**data, "locale": "en_US"})).drafts
    assert english[0].text.splitlines()[0] == "Dear Mr. Ortega Ruiz,"


def test_a_spanish_title_written_in_the_name_is_not_the_given_name() -> None:
    person = {"name": "Dra. Lucía Fernández", "gender": "female", "formality": "informal"}
    interview = followup.parse(minimal_dict(locale="es", interviewers=[person]))
    (lucia,) = interview.interviewers
    assert (lucia.given_name, lucia.family_name) == ("Lucía", "Fernández")
    assert followup.plan(interview).drafts[0].text.startswith("Hola, Lucía:")


def test_two_people_with_the_same_first_surname_are_named_in_full() -> None:
    people = [
        {"name": "Carmen Villalba", "gender": "female"},
        {"name": "Rafael Ortega Ruiz", "family_name": "Ortega Ruiz", "gender": "male"},
        {"name": "Rafael Ortega López", "family_name": "Ortega López", "gender": "male"},
    ]
    data = minimal_dict(locale="es", interviewers=people)
    notes = {
        d.recipient.name: d.text
        for d in followup.plan(followup.parse(data)).drafts
        if d.kind == "thank_you"
    }
    assert "con Rafael Ortega Ruiz y con Rafael Ortega López" in notes["Carmen Villalba"]
    assert "a Rafael Ortega López" in notes["Rafael Ortega Ruiz"]
    # One goes by "Rafael Ortega" in full, another would with one surname.
    people[2] = {"name": "Rafael Ortega", "gender": "male"}
    notes = {
        d.recipient.name: d.text
        for d in followup.plan(followup.parse(data)).drafts
        if d.kind == "thank_you"
    }
    assert "con Rafael Ortega Ruiz y con Rafael Ortega." in notes["Carmen Villalba"]


def test_a_name_with_a_title_and_a_suffix_is_named_with_its_first_surname() -> None:
    people = [
        {"name": "Carmen Villalba", "gender": "female"},
        {"name": "Dr. Rafael Ortega Ruiz, PhD", "family_name": "Ortega Ruiz", "gender": "male"},
    ]
    data = minimal_dict(locale="es", interviewers=people)
    note = followup.plan(followup.parse(data)).drafts[0]
    assert note.recipient.name == "Carmen Villalba"
    assert "con Rafael Ortega." in note.text or "a Rafael Ortega." in note.text, note.text


def test_a_joining_word_first_is_part_of_the_surname() -> None:
    assert first_surname("y Ortega") == "y Ortega"
    assert first_surname("Ortega y Gasset Ruiz") == "Ortega y Gasset"


@pytest.mark.parametrize(
    ("locale", "name", "greeting"),
    [
        ("de", "Herr von Weizsäcker", "Hallo Herr von Weizsäcker,"),
        ("en_US", "Miss Jane Doe", "Dear Jane,"),
        ("es", "Mtra. Ana López", "Hola, Ana:"),
    ],
)
def test_no_title_or_particle_is_taken_for_a_given_name(
    locale: str, name: str, greeting: str
) -> None:
    data = minimal_dict(locale=locale, interviewers=[{"name": name, "formality": "informal"}])
    assert followup.plan(followup.parse(data)).drafts[0].text.splitlines()[0] == greeting
