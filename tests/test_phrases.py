"""Facts in several languages: a text, or a table of texts by language."""

from __future__ import annotations

import json
from typing import Any

import pytest

import followup
from followup.facts.phrases import Phrase
from tests.conftest import ROOT, example_dict, minimal_dict


def _bilingual() -> dict[str, Any]:
    """A committee of a German and a French interviewer, facts in both languages."""
    return minimal_dict(
        locale="de_DE",
        role={"de": "Data Engineer", "fr": "ingénieure de données"},
        interviewers=[
            {"name": "Katrin Weber", "gender": "female"},
            {"name": "Claire Dubois", "gender": "female", "locale": "fr_FR"},
        ],
        topics=[{"subject": {"de": "Rufbereitschaft", "fr": "les astreintes"}}],
        hobbies=[
            {"subject": {"de": "Segeln", "fr": "la voile"}, "person": "Claire Dubois"},
        ],
        gifts=[
            {
                "kind": "tip",
                "about": "les astreintes",  # a reference may use any of the texts
                "to": "Claire Dubois",
                "text": {"de": "Ein Runbook pro Alarm.", "fr": "Un runbook par alerte."},
            }
        ],
    )


def test_a_table_fact_names_itself_by_its_first_text_and_answers_to_every_text() -> None:
    interview = followup.parse(_bilingual())
    subject = interview.topics[0].subject
    assert isinstance(subject, Phrase)
    assert subject == "Rufbereitschaft"
    assert subject.variants == {"de": "Rufbereitschaft", "fr": "les astreintes"}
    assert subject.matches("les astreintes")
    assert interview.gifts[0].about == "Rufbereitschaft"  # named by its first text


def test_each_draft_takes_the_text_of_its_own_language() -> None:
    plan = followup.plan(followup.parse(_bilingual()))
    katrin, claire = (d for d in plan.drafts if d.kind == "thank_you")
    assert (katrin.locale, claire.locale) == ("de", "fr")
    assert "Rufbereitschaft" in katrin.text
    assert "astreintes" not in katrin.text
    assert "les astreintes" in claire.text
    assert "Rufbereitschaft" not in claire.text + claire.email_text
    assert "la voile" in claire.text
    (tip,) = claire.enclosures
    assert "Un runbook par alerte." in tip.text
    assert "ingénieure de données" in claire.text
    assert "Data Engineer" in katrin.text
    codes = {f.code for f in plan.review()}
    assert not codes & {"untranslated_fact", "language_fallback"}


def test_the_json_round_trip_keeps_the_tables() -> None:
    interview = followup.parse(_bilingual())
    dumped = json.loads(interview.model_dump_json())
    assert dumped["topics"][0]["subject"] == {"de": "Rufbereitschaft", "fr": "les astreintes"}
    assert dumped["company"] == "Acme"
    assert followup.Interview.model_validate_json(interview.model_dump_json()) == interview


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ({}, "needs at least one text"),
        ({"xx_YY": "x"}, "has the language key 'xx_YY'"),
        ({"de": "x", "de-DE": "y", "de_DE": "z"}, "has two texts for 'de_DE'"),
        ({"de": 3}, "has no text under 'de'"),
        ({"de": "a\nb"}, "the 'de' text must be a single line"),
        (["a", "b"], "must be text, or a table of texts by language"),
    ],
)
def test_a_bad_table_names_the_field_and_what_to_do(subject: object, message: str) -> None:
    with pytest.raises(followup.FactsError) as caught:
        followup.parse(minimal_dict(topics=[{"subject": subject}]))
    (problem,) = caught.value.problems
    assert problem.path == "topics[0].subject"
    assert message in problem.message


def test_a_reference_to_a_text_no_fact_has_is_an_error() -> None:
    data = _bilingual()
    data["gifts"][0]["about"] = "le sommeil"
    with pytest.raises(followup.FactsError) as caught:
        followup.parse(data)
    (problem,) = caught.value.problems
    assert problem.path == "gifts[0].about"
    assert "'Rufbereitschaft'" in problem.message
    assert "'les astreintes'" in problem.message


def test_a_draft_whose_facts_lack_its_language_is_in_the_interviews_language() -> None:
    data = example_dict()
    data["interviewers"][1]["locale"] = "fr"
    lee = next(
        d for d in followup.plan(followup.parse(data)).drafts if d.recipient.name == "Lee Chen"
    )
    assert (lee.locale, lee.requested_locale) == ("en", "fr")
    assert lee.text.startswith("Dear Lee Chen,")
    # Once every fact Lee hears about has a French text, Lee's drafts are French.
    data["topics"][0]["subject"] = {
        "en": "moving the nightly batch jobs to streaming",
        "fr": "le passage des traitements nocturnes au streaming",
    }
    data["topics"][1]["subject"] = {"en": "on-call practices", "fr": "les astreintes"}
    data["hobbies"][2]["subject"] = {"en": "jazz piano", "fr": "le piano jazz"}
    data["ideas"][0]["summary"] = {
        "en": "partitioning the event tables by day to cut warehouse costs",
        "fr": "partitionner les tables d'événements par jour",
    }
    data["gifts"][1]["text"] = {"en": "Write runbooks.", "fr": "Écrivez des runbooks."}
    lee = next(
        d for d in followup.plan(followup.parse(data)).drafts if d.recipient.name == "Lee Chen"
    )
    assert (lee.locale, lee.fell_back) == ("fr", False)
    assert "les astreintes" in lee.text
    assert "on-call" not in lee.text + lee.email_text


def test_a_reference_that_names_two_facts_is_refused_with_both_places() -> None:
    data = minimal_dict(
        interviewers=[{"name": "Dana Rivera"}, {"name": "Lee Chen"}],
        hobbies=[
            {"subject": {"en": "chess", "de": "das Schach"}, "person": "Dana Rivera"},
            {"subject": "das Schach", "person": "Lee Chen"},
        ],
        gifts=[{"kind": "tip", "about": "das Schach", "text": "Try the Sicilian."}],
    )
    with pytest.raises(followup.FactsError) as caught:
        followup.parse(data)
    message = str(caught.value)
    assert "gifts[0].about" in message
    assert "hobbies[0].subject and hobbies[1].subject" in message
    data["gifts"][0]["about"] = "chess"  # a text only one fact has
    assert followup.parse(data).gifts[0].about == "chess"


def test_a_topic_listed_twice_through_a_variant_names_the_text_and_the_other_topic() -> None:
    data = minimal_dict(
        topics=[{"subject": {"en": "prices", "de": "die Preise"}}, {"subject": "die Preise"}]
    )
    with pytest.raises(followup.FactsError, match=r"topics\[0\]\.subject is also 'die Preise'"):
        followup.parse(data)


@pytest.mark.parametrize(
    ("short", "where", "other"),
    [
        ({"en": "review", "de": "Die Preise"}, "topics[0].short", "topics[1].subject"),
        ({"en": "review", "de": "das Segeln"}, "topics[0].short", "hobbies[0].subject"),
        ({"en": "cost", "de": "die Kosten"}, "topics[1].short", "topics[0].short"),
    ],
)
def test_a_short_name_that_is_another_facts_name_is_refused(
    short: object, where: str, other: str
) -> None:
    """A short name that names another topic or a hobby (in any case), or that another
    topic's short name is too, would make the drafts seem to speak of that one."""
    data = minimal_dict(
        topics=[
            {"subject": {"en": "the pricing review", "de": "die Preisprüfung"}, "short": short},
            {"subject": "die Preise", "short": {"en": "cost", "de": "die Kosten"}},
        ],
        hobbies=[{"subject": "das Segeln", "person": "Dana Rivera"}],
    )
    with pytest.raises(followup.FactsError) as caught:
        followup.parse(data)
    problems = caught.value.problems
    assert problems
    assert all(p.path == where and f"is also {other}" in p.message for p in problems)
    data["topics"][0]["short"] = {"en": "pricing", "de": "die Prüfung"}
    assert followup.parse(data).topics[0].short == "pricing"


def test_a_phrase_object_is_checked_like_the_text_or_table_it_holds() -> None:
    sneaky = Phrase("ok", {"de": "die Daten\u202e" + "x" * 5000, "../../etc": "y"})
    with pytest.raises(followup.FactsError):
        followup.parse(minimal_dict(topics=[{"subject": sneaky}]))
    fine = Phrase("sailing", {"en": "sailing", "de": "das Segeln"})
    parsed = followup.parse(minimal_dict(topics=[{"subject": fine}]))
    assert parsed.topics[0].subject.variants == {"en": "sailing", "de": "das Segeln"}


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ({"de": {"CH": "x"}}, "write de_CH"),
        ({"en": ["a", "b"]}, "has a list under 'en'"),
        ({"x" * 200_000: "a"}, "which is not a locale code"),
    ],
)
def test_a_bad_table_is_one_short_line_saying_what_to_write(
    table: dict[str, Any], expected: str
) -> None:
    with pytest.raises(followup.FactsError) as caught:
        followup.parse(minimal_dict(topics=[{"subject": table}]))
    message = str(caught.value)
    assert expected in message
    assert len(message) < 600


def test_a_listing_names_an_enclosure_in_its_drafts_language() -> None:
    plan = followup.plan(followup.load(ROOT / "examples" / "interview.mixed.toml"))
    julien = next(d for d in plan.drafts if d.recipient.name == "Julien Favre")
    (tip,) = julien.enclosures
    assert tip.label == "a tip about les astreintes"
    assert "Encloses: a tip about les astreintes" in str(julien)
