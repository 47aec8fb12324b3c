"""Facts in each language's documented shape read right in every slot of every draft."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import followup
from followup.locales import resolve_locale
from followup.rendering import render
from followup.rendering.languages.german import German
from tests.language_corpus import CORPORA, Corpus, interviews


def _texts(corpus: Corpus) -> Iterator[str]:
    for data in interviews(corpus):
        plan = followup.plan(followup.parse(data), max_check_ins=12)
        for draft in plan.drafts:
            assert not draft.fell_back, draft.subject
            yield draft.subject
            yield draft.text
            yield draft.email_text
            for enclosure in draft.enclosures:
                yield enclosure.text


@pytest.fixture(scope="module", params=sorted(CORPORA))
def rendered(request: pytest.FixtureRequest) -> tuple[Corpus, list[str]]:
    corpus = CORPORA[request.param]
    return corpus, list(_texts(corpus))


def test_no_draft_has_a_sequence_a_native_never_writes(
    rendered: tuple[Corpus, list[str]],
) -> None:
    corpus, texts = rendered
    for text in texts:
        found = [s for s in corpus.forbidden if s in text]
        found += [p.pattern for p in corpus.forbidden_patterns if p.search(text)]
        assert not found, f"{found} in:\n{text}"


def test_the_rules_are_at_work(rendered: tuple[Corpus, list[str]]) -> None:
    corpus, texts = rendered
    everything = "\n".join(texts)
    for expected in corpus.expected:
        assert expected in everything, expected


def test_every_fact_reaches_a_draft(rendered: tuple[Corpus, list[str]]) -> None:
    """Each fact appears, whatever the rules did to its first word."""
    corpus, texts = rendered
    everything = "\n".join(texts)
    facts = [*corpus.topics, *corpus.hobbies, *corpus.details, *corpus.titles]
    facts += [*corpus.tips, *corpus.notes, *corpus.role]
    for fact in facts:
        last = fact.split(" ")[-1].strip("?!.»«“”„")
        assert last in everything, fact


# --- the rules change the words around a fact, never the words inside it -----------------


def _plan_texts(**facts: object) -> str:
    from tests.conftest import minimal_dict

    plan = followup.plan(followup.parse(minimal_dict(**facts)))
    parts = [t for d in plan.drafts for t in (d.subject, d.text, d.email_text)]
    return "\n".join(parts + [e.text for d in plan.drafts for e in d.enclosures])


_LISTED = (
    "{% set subject %}probe{% endset %}{% trans trimmed hobbies=hobbies|format_list %}"
    "It was also good to hear about your interest in {{ hobbies }}.{% endtrans %}"
)
"""The sentence of a thank-you note that tells hobbies, in a template of one's own
that lists them all (followup's own tells one)."""


def _listed(tmp_path: Path, locale: str, hobbies: list[str]) -> str:
    (tmp_path / "probe.j2").write_text(_LISTED, "utf-8")
    rendered = render(
        "probe", {"hobbies": hobbies}, locale=resolve_locale(locale), template_dirs=(tmp_path,)
    )
    assert rendered.locale.language == locale
    return rendered.text


def test_german_declines_a_facts_own_article_only(tmp_path: Path) -> None:
    text = _plan_texts(
        locale="de", topics=[{"subject": "der Vorschlag, der im Team diskutiert wird"}]
    )
    assert "über den Vorschlag, der im Team diskutiert wird" in text
    listed = _listed(
        tmp_path, "de", ["die Regatten der Laser und der Finn-Dinghis", "der Marathon"]
    )
    assert "für die Regatten der Laser und der Finn-Dinghis und den Marathon" in listed


def test_german_names_a_pastime_after_fur_without_its_article(tmp_path: Path) -> None:
    """ "sich für die Vogelbeobachtung begeistern" reads as a field of study: a pastime
    of one noun that names an activity goes after "für" bare; any other fact keeps
    its article, declined."""
    listed = _listed(tmp_path, "de", ["die Vogelbeobachtung", "das Chorsingen", "der Marathon"])
    assert "für Vogelbeobachtung, Chorsingen und den Marathon" in listed
    said = German().prepare("dass wir über %(hobby)s sprachen", {"hobby": "das Bouldern"})
    assert said[1]["hobby"] == "Bouldern"
    told = German().prepare("dass wir über %(topic)s sprachen", {"topic": "das Bouldern"})
    assert told[1]["topic"] == "das Bouldern"  # a topic keeps its article
    kept = _listed(tmp_path, "de", ["die Oper", "das Segeln auf der Elbe"])
    assert "für die Oper und das Segeln auf der Elbe" in kept
    text = _plan_texts(
        locale="de",
        hobbies=[{"subject": "die Vogelbeobachtung", "person": "Dana Rivera"}],
        gifts=[
            {
                "kind": "website",
                "about": "die Vogelbeobachtung",
                "title": "ornitho.de",
                "url": "https://www.ornitho.de/",
            }
        ],
    )
    assert "für Vogelbeobachtung" in text
    assert "für die Vogelbeobachtung" not in text


def test_spanish_changes_only_the_conjunction_of_its_own_lists(tmp_path: Path) -> None:
    text = _plan_texts(
        locale="es",
        company="Studio Y Ideas",
        topics=[{"subject": "la escalada"}, {"subject": "Plan A o Opción B"}],
        gifts=[
            {
                "kind": "article",
                "about": "la escalada",
                "title": "Generation Y in the Workplace",
                "url": "https://example.org/y",
            }
        ],
    )
    assert "Studio Y Ideas" in text
    assert "Studio E Ideas" not in text
    assert "Generation Y in the Workplace" in text
    assert "Plan A o Opción B" in text
    assert "la vela e idiomas" in _listed(tmp_path, "es", ["la vela", "idiomas"])


def test_a_facts_own_capitals_quotes_and_marks_stay() -> None:
    de_ch = _plan_texts(
        locale="de_CH",
        topics=[{"subject": "die Paketverwaltung"}],
        gifts=[
            {"kind": "tip", "about": "die Paketverwaltung", "text": "npm ci statt npm install."},
            {
                "kind": "contact",
                "about": "die Paketverwaltung",
                "contact": {
                    "name": "Max Roth",
                    "email": "max@example.org",
                    "note": "eBay-Gründerin.",
                },
            },
        ],
    )
    assert "npm ci statt npm install." in de_ch
    assert "eBay-Gründerin." in de_ch
    en_us = _plan_texts(
        locale="en_US",
        hobbies=[{"subject": "trivia", "person": "Dana Rivera", "detail": "watching Jeopardy!"}],
        topics=[{"subject": "the “Quiz Night”, our meetup"}],
    )
    assert "watching Jeopardy!" in en_us
    assert "the “Quiz Night”, our meetup" in en_us
