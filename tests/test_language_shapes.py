"""Facts in each language's documented shape read right in every slot of every draft."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import followup
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
