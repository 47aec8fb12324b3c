"""Regional variants write as natives there write, each reported as its own locale."""

from __future__ import annotations

import re
from typing import Any

import pytest

import followup
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"


def _drafts(example: str, locale: str, formality: str) -> list[followup.Draft]:
    interview = followup.load(EXAMPLES / example)
    data: dict[str, Any] = interview.model_dump(mode="json", exclude_none=True)
    data["locale"] = locale
    data["formality"] = formality
    for person in data["interviewers"]:
        person.pop("formality", None)
        person.pop("locale", None)
    return list(followup.plan(followup.parse(data), today=interview.date).drafts)


def _all_text(drafts: list[followup.Draft]) -> str:
    parts = [t for d in drafts for t in (d.subject, d.text, d.email_text)]
    return "\n".join(parts + [e.text for d in drafts for e in d.enclosures])


def test_argentine_spanish_uses_voseo_between_first_name_acquaintances() -> None:
    drafts = _drafts("interview.es.toml", "es_AR", "informal")
    assert {d.locale for d in drafts} == {"es_AR"}
    text = _all_text(drafts)
    assert "con vos" in text
    for tu in ("contigo", "aquí tienes", "puedes ", "quieres", "tienes "):
        assert tu not in text, tu


@pytest.mark.parametrize("locale", ["es_MX", "es_AR", "es_CO"])
def test_latin_american_spanish_uses_the_preterite_and_its_own_wording(locale: str) -> None:
    drafts = _drafts("interview.es.toml", locale, "formal")
    assert {d.locale for d in drafts} <= {"es_419", "es_AR"}
    text = _all_text(drafts)
    assert "me dedicó hoy" in text
    assert "me ha dedicado" not in text
    for perfect in ("Ha sido un placer", "Me ha parecido", "me ha gustado", "hemos hablado"):
        assert perfect not in text, perfect  # not even in the e-mail sent that day
    assert "«" not in text  # “comillas inglesas”
    assert "costos de almacenamiento" in text  # the fact's es_419 text
    assert "costes" not in text


def test_spanish_of_spain_uses_the_perfect_for_today() -> None:
    text = _all_text(_drafts("interview.es.toml", "es_ES", "formal"))
    assert "me ha dedicado hoy" in text
    assert "«" in text
    assert "costes de almacenamiento" in text


@pytest.mark.parametrize("formality", ["formal", "informal"])
def test_spanish_of_spain_says_the_day_in_the_perfect_and_the_card_in_the_preterite(
    formality: str,
) -> None:
    """The e-mail goes out the day of the interview; the card is read days later."""
    drafts = _drafts("interview.es.toml", "es_ES", formality)
    notes = [d for d in drafts if d.kind == "thank_you"]
    assert len(notes) >= 2
    for draft in notes:
        email, card = draft.email_text, draft.text
        assert "hoy" in email
        assert "hoy" not in card
        perfect = ("Ha sido un placer", "He disfrutado", "Me ha gustado", "me ha gustado")
        perfect += ("me ha resultado", "Me ha alegrado", "ha sido un placer", "he disfrutado")
        preterite = (
            "Fue un placer",
            "Disfruté",
            "Me gustó",
            "me gustó",
            "me resultó",
            "Me alegró",
            "fue un placer",
            "disfruté",
        )
        assert any(p in email for p in perfect), draft.id
        assert any(p in card for p in preterite), draft.id
        for said in (*preterite, "me encantó", "Me pareció", "hablamos", "comentamos"):
            assert said not in email, (draft.id, said)
        for said in (*perfect, "me ha encantado", "Me ha parecido", "hemos comentado"):
            assert said not in card, (draft.id, said)


def test_canadian_french_says_entrevue_and_spaces_as_quebec_does() -> None:
    drafts = _drafts("interview.fr.toml", "fr_CA", "formal")
    assert {d.locale for d in drafts} == {"fr_CA"}
    text = _all_text(drafts)
    assert "entrevue" in text
    assert "entretien" not in text
    assert "site Web" in text
    for mark in "?!;":
        assert f"\u00a0{mark}" not in text
        assert f"\u202f{mark}" not in text
    assert "\u00a0:" in text  # the space before a colon stays


def test_swiss_german_writes_ss_guillemets_and_no_comma_after_the_salutation() -> None:
    drafts = _drafts("interview.de.toml", "de_CH", "formal")
    assert {d.locale for d in drafts} == {"de_CH"}
    text = _all_text(drafts)
    assert "ß" not in text
    assert "Massnahme" in text  # the candidate's own "Maßnahme", spelled the Swiss way
    assert "„" not in text
    assert "«" in text
    for draft in drafts:
        salutation, body = draft.text.split("\n\n")[:2]
        assert not salutation.endswith(",")
        assert body[0].isupper()


def test_british_english_writes_titles_without_a_full_stop_and_single_quotes() -> None:
    drafts = _drafts("interview.toml", "en_GB", "formal")
    assert {d.locale for d in drafts} == {"en_GB"}
    text = _all_text(drafts)
    assert "Dear Dr Rivera," in text
    assert "\u2018The racing rules, explained\u2019" in text
    assert "Yours sincerely," in text


@pytest.mark.parametrize("locale", ["fr_FR", "fr_CA"])
def test_french_never_starts_a_line_with_a_colon_or_a_question_mark(locale: str) -> None:
    """A no-break space before ":" (and, in France, before "?", "!", ";" and "»"),
    whatever space a translation has there."""
    drafts = _drafts("interview.fr.toml", locale, "formal")
    text = _all_text(drafts)
    assert " :" not in text
    assert "\u00a0:" in text
    for sign in "?!;»":
        assert f" {sign}" not in text
    if locale == "fr_CA":
        assert "\u00a0?" not in text


_TITLED = [
    {"name": "Graciela Ocampo", "title": "Lic.", "gender": "female", "primary": True},
    {"name": "Hernán Castagnino", "title": "Dr.", "gender": "male"},
    {"name": "Marcelo Di Pietro", "family_name": "Di Pietro", "title": "Dr.", "gender": "male"},
    {"name": "Carla Ruiz", "title": "Ing."},  # no gender: no article to give
    {"name": "María José Aguirre", "gender": "female"},
]


@pytest.mark.parametrize("locale", ["es_MX", "es_AR"])
def test_latin_american_spanish_names_a_titled_colleague_by_the_title(locale: str) -> None:
    """Native readers in Argentina and Mexico: writing to one manager about another, a
    bare full name is too flat; "la Lic. Ocampo", "el Dr. Di Pietro"."""
    from tests.conftest import minimal_dict

    data = minimal_dict(locale=locale, interviewers=_TITLED)
    plan = followup.plan(followup.parse(data), max_check_ins=0)
    notes = {d.recipient.name: d.text for d in plan.drafts}
    to_ocampo = " ".join(notes["Graciela Ocampo"].split())
    assert "con el Dr. Castagnino, con el Dr. Di Pietro, con Carla Ruiz y con María José" in (
        to_ocampo
    )
    to_castagnino = " ".join(notes["Hernán Castagnino"].split())
    assert "a la Lic. Ocampo" in to_castagnino
    assert "al Dr. Di Pietro" in to_castagnino
    assert not re.search(r"(?<!\w)a el ", to_castagnino)
    # Spain names them in full.
    data["locale"] = "es_ES"
    plan = followup.plan(followup.parse(data), max_check_ins=0)
    notes = {d.recipient.name: d.text for d in plan.drafts}
    assert "a Graciela Ocampo" in " ".join(notes["Hernán Castagnino"].split())


@pytest.mark.parametrize("locale", ["fr_FR", "fr_CA"])
def test_french_names_a_doctor_among_the_colleagues_by_the_title(locale: str) -> None:
    """A French reader: writing to the operations director about the lab's medical
    director, "Nathalie Perrin" sounds like an outsider; "la Dre Perrin". Without a
    gender in the facts, the full name."""
    from tests.conftest import minimal_dict

    people = [
        {"name": "Nathalie Perrin", "title": "Dr.", "gender": "female", "primary": True},
        {"name": "Marc Benoît", "title": "Dr.", "gender": "male"},
        {"name": "Olivier Roux", "gender": "male"},
        {"name": "Camille Faure", "title": "Dr."},
    ]
    plan = followup.plan(
        followup.parse(minimal_dict(locale=locale, interviewers=people)), max_check_ins=0
    )
    notes = {d.recipient.name: " ".join(d.text.split()) for d in plan.drafts}
    others = notes["Nathalie Perrin"] + notes["Marc Benoît"]
    assert "le Dr Benoît" in notes["Nathalie Perrin"]
    assert "la Dre Perrin" in notes["Marc Benoît"]
    assert "Camille Faure" in others
    assert "Nathalie Perrin" not in others
