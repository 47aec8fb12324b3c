"""Forms of address: titles, and salutations in every shipped language."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import followup
from followup._names import honorific
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
        ("fr", "Dr.", "female", "Madame,"),
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


_TITLES = {"mr", "ms", "mrs", "dr", "prof", "jr", "sr", "ii", "iii", "iv", "md", "phd", "esq"}
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
