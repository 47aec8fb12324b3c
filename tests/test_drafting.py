"""From decisions to drafts: notes that fit their card, facts that reach a draft, one language."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import followup
from followup._text import BLANK_LOOKING
from followup.drafting import TRIM_ORDER, first_fitting
from followup.rendering import conventions
from followup.strategy import decide, options
from tests._i18n import golden_locales
from tests.conftest import example_dict, minimal_dict
from tests.test_printing import _big_facts


def _notes(plan: followup.FollowUpPlan) -> list[followup.Draft]:
    return [d for d in plan.drafts if d.kind == "thank_you"]


@pytest.mark.parametrize("locale", golden_locales())
@pytest.mark.parametrize("formality", ["formal", "informal"])
def test_big_facts_every_note_fits_its_card_with_no_length_finding(
    locale: str, formality: str
) -> None:
    data = _big_facts(locale)
    data["formality"] = formality
    plan = followup.plan(followup.parse(data))
    for note in _notes(plan):
        assert note.word_count <= conventions(note.locale).card_words, note.text
    assert any(note.omitted for note in _notes(plan))  # there was more to say than fits
    codes = {f.code for f in plan.review()}
    assert "thank_you_too_long" not in codes
    assert "idea_too_long" not in codes


@pytest.mark.parametrize("locale", golden_locales())
def test_every_topic_reaches_at_least_one_draft(locale: str) -> None:
    data = _big_facts(locale)
    interview = followup.parse(data)
    plan = followup.plan(interview)
    for topic in interview.topics:
        subject = conventions(interview.locale).spell(topic.subject)  # Swiss "ss"
        assert any(subject in d.text for d in plan.drafts), topic.subject


def test_what_is_left_out_follows_the_documented_order() -> None:
    data = _big_facts("en_US")
    long_topic = (
        "how the analytics team plans its quarterly roadmap together with the"
        " product managers, the finance team and the people who"
        " run the warehouse"
    )
    data["topics"].insert(3, {"subject": long_topic, "with": ["Dana Rivera"]})
    # Five check-ins: her two hobbies, her second idea, then two topics.
    plan = followup.plan(followup.parse(data), max_check_ins=5, until=dt.date(2027, 6, 1))
    dana = _notes(plan)[0]
    # (The note tells one hobby.) Her second idea, then the other interviewers'
    # names, then the last topic another draft carries (a check-in is about it),
    # then the topic named with her first idea, then her hobby; her own long topic
    # stays (no other draft has it).
    assert dana.omitted == (
        "a shared glossary of the warehouse's metrics",
        "the other interviewers' names",
        "data contracts between teams",
        "the topic of partitioning the event tables by day to cut warehouse costs",
        "sailing",
    )
    check_ins = [d for d in plan.drafts if d.kind == "check_in"]
    assert [d.interest for d in check_ins].count("data contracts between teams") == 1
    assert "partitioning the event tables" in dana.text  # the first idea outlasts it
    assert long_topic in dana.text
    gifts = {g.about for g in dana.gifts}
    for omitted in dana.omitted:
        assert omitted not in dana.text
        if omitted not in gifts:  # a gift's own paragraph names its subject
            assert omitted not in dana.email_text  # the e-mail says the same as the note
    assert "Since we spoke, I have been thinking about an idea: partitioning" in dana.text
    assert len(TRIM_ORDER) == 8


def test_a_short_note_leaves_nothing_out() -> None:
    plan = followup.plan(followup.parse(minimal_dict(topics=[{"subject": "budgets"}])))
    (note,) = _notes(plan)
    assert note.omitted == ()
    assert "budgets" in note.text


def test_a_topic_only_one_note_carries_is_never_left_out() -> None:
    data = minimal_dict(
        interviewers=[{"name": "Dana Rivera"}, {"name": "Lee Chen"}],
        topics=[
            {"subject": f"topic number {n} with a rather long and winding name"} for n in range(7)
        ],
    )
    data["topics"] += [
        {"subject": "lee's own topic, never mentioned elsewhere", "with": ["Lee Chen"]}
    ]
    plan = followup.plan(followup.parse(data), max_check_ins=0)
    dana, lee = _notes(plan)
    # Shared topics Dana's note keeps may drop from Lee's; Lee's own may not.
    assert "lee's own topic, never mentioned elsewhere" in lee.text
    for topic in data["topics"][:7]:
        assert topic["subject"] in dana.text or topic["subject"] in lee.text


def test_a_hobby_detail_goes_to_the_check_in_about_that_hobby(
    interview: followup.Interview,
) -> None:
    plan = followup.plan(interview)
    detail = "racing a Laser dinghy most weekends"
    sailing = [d for d in plan.drafts if d.interest == "sailing"]
    assert sailing
    assert detail in sailing[0].text
    assert all(detail not in d.text for d in _notes(plan))


def test_a_hobby_detail_without_a_check_in_goes_to_the_thank_you() -> None:
    data = minimal_dict(
        interviewers=[{"name": "Dana Rivera"}, {"name": "Lee Chen"}],
        topics=[{"subject": "budgets"}],
        hobbies=[
            {
                "subject": "jazz piano",
                "person": "Lee Chen",
                "detail": "playing in a trio on Friday nights.",
            }
        ],
    )
    plan = followup.plan(followup.parse(data))
    lee = _notes(plan)[1]
    assert "talk about jazz piano and about playing in a trio on Friday nights." in lee.text
    assert all("trio" not in d.text for d in plan.drafts if d.kind == "check_in")


@pytest.mark.parametrize("locale", golden_locales())
def test_every_part_of_a_draft_is_in_one_language(locale: str) -> None:
    data = _big_facts(locale)
    plan = followup.plan(followup.parse(data))
    for draft in plan.drafts:
        assert not draft.fell_back
        lang = draft.locale.replace("_", "-")
        for page in (draft.html, draft.email_html, *(e.html for e in draft.enclosures)):
            assert page.startswith(f'<div lang="{lang}"')


def test_a_late_plan_keeps_the_card_fitting_and_the_topics() -> None:
    plan = followup.plan(followup.parse(_big_facts("de")), today=dt.date(2027, 1, 10))
    for note in _notes(plan):
        assert note.word_count <= 150
    later = [d for d in plan.drafts if d.kind == "check_in"]
    assert all(d.send_on >= dt.date(2027, 1, 10) for d in later)


# --- for every input: the card holds the note ------------------------------------------------

_LETTERS = st.characters(categories=["L"], exclude_characters="".join(BLANK_LOOKING))
_WORD = st.text(_LETTERS, min_size=1, max_size=12)
_PHRASE = st.lists(_WORD, min_size=1, max_size=8).map(" ".join)


@st.composite
def many_facts(draw: st.DrawFn) -> dict[str, Any]:
    """Up to ten topics, hobbies and ideas of up to eight words, two interviewers."""
    names = ["Dana Rivera", "Lee Chen"]
    subjects = draw(st.lists(_PHRASE, min_size=1, max_size=10, unique=True))
    hobbies = draw(
        st.lists(_PHRASE, max_size=5, unique=True).map(
            lambda h: [x for x in h if x not in subjects]
        )
    )
    return minimal_dict(
        locale=draw(st.sampled_from(golden_locales())),
        interviewers=[{"name": n} for n in names],
        topics=[{"subject": s} for s in subjects],
        hobbies=[
            {"subject": h, "person": draw(st.sampled_from(names)), "detail": draw(_PHRASE)}
            for h in hobbies
        ],
        ideas=[{"summary": s} for s in draw(st.lists(_PHRASE, max_size=5))],
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=many_facts())
def test_any_facts_of_ordinary_length_give_notes_that_fit(data: dict[str, Any]) -> None:
    interview = followup.parse(data)
    plan = followup.plan(interview)
    for note in _notes(plan):
        assert note.word_count <= conventions(note.locale).card_words
    for topic in interview.topics:
        subject = conventions(interview.locale).spell(topic.subject)  # Swiss "ss"
        assert any(subject in d.text for d in plan.drafts)


def test_a_hobby_detail_reaches_the_thank_you_when_its_check_in_carries_a_gift() -> None:
    """The check-in about the hobby is about the gift then, and leaves the detail out."""
    data = example_dict()
    data["gifts"][0]["when"] = "check_in"  # the sailing article rides with a check-in
    plan = followup.plan(followup.parse(data))
    detail = "racing a Laser dinghy most weekends"
    sailing = next(d for d in plan.drafts if d.interest == "sailing")
    assert sailing.enclosures
    assert detail not in sailing.text
    assert detail in _notes(plan)[0].text


def test_the_listing_says_what_was_left_out_to_fit_the_card() -> None:
    plan = followup.plan(followup.parse(_big_facts("en_US")))
    dana = _notes(plan)[0]
    assert f"Left out to fit the card: {'; '.join(dana.omitted)}\n" in str(dana)
    short = followup.plan(followup.parse(minimal_dict()))
    assert "Left out" not in str(short.drafts[0])


def test_long_words_cannot_overflow_the_card() -> None:
    """150 words of long German compounds are more than the card page holds."""
    long = "Datenplattformbetriebsverantwortlichkeitsübergabe"
    data = minimal_dict(
        locale="de",
        topics=[{"subject": f"{long} {n}"} for n in range(2)],
        ideas=[{"summary": " ".join([long] * 12)}],
    )
    (note,) = _notes(followup.plan(followup.parse(data), max_check_ins=0))
    assert note.word_count < conventions("de").card_words  # few words, but long ones
    assert len(note.text) <= conventions("de").card_characters
    assert note.omitted == (data["ideas"][0]["summary"],)


@pytest.mark.parametrize(
    ("gift", "told", "untold"),
    [
        (None, "your interest in sailing, and in particular about racing on weekends.", "chess"),
        ("chess", "your interest in chess.", "sailing"),
    ],
)
def test_a_thank_you_note_tells_one_hobby(gift: str | None, told: str, untold: str) -> None:
    """The one a gift it encloses is about, else the first with a detail: a list of
    someone's hobbies reads as a checklist (native review, three languages)."""
    data = minimal_dict(
        topics=[{"subject": "budgets"}],
        hobbies=[
            {"subject": "chess", "person": "Dana Rivera"},
            {"subject": "sailing", "person": "Dana Rivera", "detail": "racing on weekends"},
        ],
    )
    if gift is not None:
        data["gifts"] = [{"kind": "tip", "about": gift, "text": "Play the London System."}]
    plan = followup.plan(followup.parse(data), max_check_ins=0)
    (note,) = plan.drafts
    assert told in note.text
    assert untold not in note.text.split("\n\n")[1]


@pytest.mark.parametrize(("locale", "told"), [("en_US", "chess"), ("es_AR", "sailing")])
def test_a_thank_you_note_tells_a_hobby_in_its_season(locale: str, told: str) -> None:
    """In December, chess rather than sailing done in summer (native review) — but
    in Argentina December is summer."""
    data = minimal_dict(
        date="2026-12-03",
        locale=locale,
        topics=[{"subject": "budgets"}],
        hobbies=[
            {"subject": "sailing", "person": "Dana Rivera", "detail": "racing on weekends"},
            {"subject": "chess", "person": "Dana Rivera"},
        ],
    )
    data["hobbies"][0]["season"] = ["summer"]
    (decision,) = decide(followup.parse(data), options(followup.parse(data), max_check_ins=0))
    assert [str(h.subject) for h in decision.hobbies] == [told]


def test_only_the_primary_interviewer_is_told_of_their_decision() -> None:
    """Native review: "As your decision is expected…" to a colleague who does not
    decide reads as pressure on the wrong person."""
    interview = followup.parse(example_dict())
    plan = followup.plan(interview, check_ins_to="all")
    last: dict[str, followup.Draft] = {}
    for draft in plan.drafts:
        if draft.kind == "check_in":
            last[draft.recipient.name] = draft
    # After a seasonal wish: "With your decision expected in late …"
    told = ("you expect to make a decision", "your decision expected")
    assert any(words in last[interview.primary.name].text for words in told)
    others = [d for name, d in last.items() if name != interview.primary.name]
    assert others
    assert not any("decision" in d.text or "decision" in d.email_text for d in others)


@pytest.mark.parametrize(
    ("expected", "said"),
    [
        ("2027-01-10", "in early January"),
        ("2027-01-11", "in mid-January"),
        ("2027-01-20", "in mid-January"),
        ("2027-01-21", "in late January"),
    ],
)
def test_the_decision_ahead_is_named_by_the_part_of_its_month(expected: str, said: str) -> None:
    """Native readers in four languages: the very day of the decision, cited back to
    the person deciding, reads as pressure."""
    day = dt.date.fromisoformat(expected)
    interview = followup.parse(example_dict() | {"decision_expected": expected})
    plan = followup.plan(interview, until=day - dt.timedelta(days=11))
    last = [d for d in plan.drafts if d.kind == "check_in"][-1]
    assert (day - last.send_on).days > 10
    assert said in last.text
    assert said in last.email_text
    assert f"January {day.day}" not in last.text


@pytest.mark.parametrize("expected", ["2027-01-10", "2027-01-20", "2027-01-29"])
def test_a_decision_due_within_ten_days_is_not_dated(expected: str) -> None:
    """ "in early November" read on 3 November says the decision is due now, or late
    (a French reader)."""
    day = dt.date.fromisoformat(expected)
    plan = followup.plan(followup.parse(example_dict() | {"decision_expected": expected}))
    last = [d for d in plan.drafts if d.kind == "check_in"][-1]
    assert (day - last.send_on).days <= 10
    assert "in the coming days" in last.text
    assert "January" not in last.text


@given(count=st.integers(1, 40), threshold=st.integers(0, 45))
def test_the_first_fitting_step_is_found_in_a_few_tries(count: int, threshold: int) -> None:
    tried: list[int] = []

    def fits(step: int) -> bool:
        tried.append(step)
        return step >= threshold

    found = first_fitting(count, fits)
    assert found == min(threshold, count - 1)
    assert len(tried) == len(set(tried))
    assert len(tried) <= 1 + 2 * count.bit_length()
    if threshold == 0:
        assert tried == [0]


def _body(text: str) -> set[str]:
    """The sentences of a note's first paragraphs (no salutation, closing or signature)."""
    body = " ".join(" ".join(text.split("\n\n")[1:-1]).split())
    return {s for s in _SENTENCE_END.split(body) if s}


_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\bDr\.)(?<!\bMs\.)(?<!\bMr\.)(?<!\bSra\.)\s+")
"""Where a sentence ends: after its stop, not after a title ("Dr. Rivera")."""


@pytest.mark.parametrize("locale", ["en_US", "de", "fr", "es"])
def test_a_committee_of_three_gets_three_different_notes(locale: str) -> None:
    """Colleagues compare their thank-you notes: with the same kinds of facts, no two
    of three notes share a sentence, by card or by e-mail."""
    data = example_dict()
    data["locale"] = locale
    data["interviewers"].append({"name": "Priya Natarajan", "gender": "female"})
    for person in data["interviewers"]:
        person.pop("locale", None)
    people = [p["name"] for p in data["interviewers"]]
    own = ("on-call practices", "data contracts", "the warehouse budget")
    data["topics"] = [
        {"subject": "streaming", "with": people},
        *({"subject": subject, "with": [name]} for subject, name in zip(own, people, strict=True)),
    ]
    data["hobbies"] = [
        {"subject": subject, "person": name}
        for subject, name in zip(("sailing", "jazz piano", "chess"), people, strict=True)
    ]
    data["ideas"] = [{"summary": "partitioning the event tables by day", "topic": "streaming"}]
    data["gifts"] = []
    plan = followup.plan(followup.parse(data))
    notes = [d for d in plan.drafts if d.kind == "thank_you"]
    assert len(notes) == 3
    for form in ("text", "email_text"):
        for one, other in itertools.combinations(notes, 2):
            shared = _body(getattr(one, form)) & _body(getattr(other, form))
            assert not shared, (form, one.recipient.name, other.recipient.name, shared)


def _committee_of_three(locale: str) -> followup.FollowUpPlan:
    """The example's plan in *locale*, with Priya Natarajan on the committee too."""
    data = example_dict()
    data["locale"] = locale
    data["interviewers"].append({"name": "Priya Natarajan", "gender": "female"})
    for person in data["interviewers"]:
        person.pop("locale", None)
    return followup.plan(followup.parse(data))


@pytest.mark.parametrize(
    ("locale", "mixed", "titled"),
    [
        ("en_US", "Lee Chen and Priya Natarajan", "Dr. Rivera and Priya Natarajan"),
        ("en_GB", "Lee Chen and Priya Natarajan", "Dr Rivera and Priya Natarajan"),
        ("de", "Lee Chen und Priya Natarajan", "Frau Dr. Rivera und Frau Natarajan"),
    ],
)
def test_colleagues_are_named_alike_in_one_list(locale: str, mixed: str, titled: str) -> None:
    """One colleague without a known title (Lee Chen): in German the others in the
    same list go by their full names too; where all have one, titles stay. English
    knows a title only from the facts (a doctor's, a professor's): no "Ms." guessed
    from a gender (native review: the colleague may be a doctor), and a doctor keeps
    the title beside a colleague named in full (native review)."""
    plan = _committee_of_three(locale)
    notes = {d.recipient.name: d for d in plan.drafts if d.kind == "thank_you"}
    assert mixed in notes["Dana Rivera"].email_text
    assert titled in notes["Lee Chen"].email_text


@pytest.mark.parametrize("locale", ["en_US", "fr", "de", "es"])
def test_a_committees_notes_name_the_colleagues_in_other_shapes(locale: str) -> None:
    """The first member reads "…you, as well as …", the second "I enjoyed meeting
    you, along with …", the third (each colleague has a note of their own) no one else."""
    plan = _committee_of_three(locale)
    notes = [d for d in plan.drafts if d.kind == "thank_you"]
    assert [n.recipient.name for n in notes] == ["Dana Rivera", "Lee Chen", "Priya Natarajan"]
    named = [
        {"Rivera", "Chen", "Natarajan"} & set(re.findall(r"\w+", n.email_text)) for n in notes
    ]
    assert named[0] >= {"Chen", "Natarajan"}
    assert named[1] >= {"Rivera", "Natarajan"}
    assert named[2] <= {"Natarajan"}  # at most her own name, in the salutation


def _first_words(text: str, count: int = 3) -> str:
    return " ".join(re.findall(r"\w+", text)[:count])


@pytest.mark.parametrize("locale", ["en_US", "fr", "de", "es"])
def test_a_committees_gifts_about_one_conversation_read_differently(locale: str) -> None:
    """Three colleagues had the same conversation and each is sent a gift about it
    that day: the cards name their gifts in three sentences, and no two slips
    open alike (they compare notes)."""
    data = example_dict()
    data["locale"] = locale
    data["interviewers"].append({"name": "Priya Natarajan", "gender": "female"})
    for person in data["interviewers"]:
        person.pop("locale", None)
    for topic in data["topics"]:
        topic.pop("with", None)
    topic = data["topics"][0]["subject"]
    data["gifts"] = [
        {"kind": "tip", "about": topic, "to": "Dana Rivera", "text": "Write the runbook first."},
        {
            "kind": "contact",
            "about": topic,
            "to": "Lee Chen",
            "contact": {"name": "Jo Lane", "email": "jo@example.org"},
        },
        {
            "kind": "website",
            "about": topic,
            "to": "Priya Natarajan",
            "title": "Streaming Notes",
            "url": "https://example.org/streaming",
        },
    ]
    plan = followup.plan(followup.parse(data))
    notes = [d for d in plan.drafts if d.kind == "thank_you"]
    assert [len(n.enclosures) for n in notes] == [1, 1, 1]
    # The card's paragraph after the salutation and the body names the gift.
    mentions = [n.text.split("\n\n")[2] for n in notes]
    assert len({_first_words(m) for m in mentions}) == 3, mentions
    slips = [_first_words(n.enclosures[0].text) for n in notes]
    assert len(set(slips)) == 3, slips


@pytest.mark.parametrize("locale", ["en_US", "fr", "de", "es"])
def test_a_committees_gifts_about_their_hobbies_read_differently(locale: str) -> None:
    """Each colleague is sent a gift about their own hobby: their slips do not open
    alike, nor the first colleague's e-mail paragraph as the others' (native review:
    "You mentioned …, so I thought" and "On that note" twice)."""
    data = example_dict()
    data["locale"] = locale
    data["interviewers"].append({"name": "Priya Natarajan", "gender": "female"})
    for person in data["interviewers"]:
        person.pop("locale", None)
    data["hobbies"] = [
        {"subject": "sailing", "person": "Dana Rivera"},
        {"subject": "jazz piano", "person": "Lee Chen"},
        {"subject": "chess", "person": "Priya Natarajan"},
    ]
    data["gifts"] = [
        {"kind": "article", "about": about, "title": "Notes", "url": "https://example.org/n"}
        for about in ("sailing", "jazz piano", "chess")
    ]
    plan = followup.plan(followup.parse(data))
    notes = [d for d in plan.drafts if d.kind == "thank_you"]
    assert [len(n.enclosures) for n in notes] == [1, 1, 1]
    slips = [_first_words(n.enclosures[0].text) for n in notes]
    assert len(set(slips)) == 3, slips
    paragraphs = [
        next(p for p in n.email_text.split("\n\n") if "https://example.org/n" in p) for n in notes
    ]
    openings = [_first_words(p) for p in paragraphs]
    assert openings[0] not in openings[1:], paragraphs


@pytest.mark.parametrize(("locale", "title"), [("en_US", "Dr."), ("en_GB", "Dr")])
def test_english_names_colleagues_by_a_title_only_when_the_facts_give_one(
    locale: str, title: str
) -> None:
    """Dana Rivera is a doctor (the facts say so) and Priya Natarajan a woman: Lee's
    note names the one "Dr. Rivera" and the other in full, with no guessed "Ms."."""
    data = example_dict()
    data["locale"] = locale
    for person in data["interviewers"]:
        person.pop("locale", None)
    notes = {d.recipient.name: d for d in followup.plan(followup.parse(data)).drafts}
    assert f"I enjoyed meeting you, along with {title} Rivera." in notes["Lee Chen"].email_text
    data["interviewers"].append({"name": "Priya Natarajan", "gender": "female"})
    notes = {d.recipient.name: d for d in followup.plan(followup.parse(data)).drafts}
    lee = notes["Lee Chen"].email_text
    assert f"you, along with {title} Rivera and Priya Natarajan." in lee
    assert "Ms" not in lee
    data["interviewers"][-1]["title"] = "Prof."
    notes = {d.recipient.name: d for d in followup.plan(followup.parse(data)).drafts}
    lee = notes["Lee Chen"].email_text
    assert f"you, along with {title} Rivera and Professor Natarajan." in lee


def test_german_names_a_colleague_with_a_doctors_title_only() -> None:
    """ "Sehr geehrter Herr Dipl.-Ing. Auer," in his own note, "Herrn Auer" in a
    colleague's (native review: the title is stiff in running text); "Dr." stays."""
    data = minimal_dict(
        locale="de_AT",
        interviewers=[
            {"name": "Stefan Auer", "gender": "male", "title": "Dipl.-Ing.", "primary": True},
            {"name": "Eva Berg", "gender": "female", "title": "Dr."},
            {"name": "Lena Brandstätter", "gender": "female"},
        ],
    )
    plan = followup.plan(followup.parse(data))
    notes = {d.recipient.name: d for d in plan.drafts if d.kind == "thank_you"}
    assert notes["Stefan Auer"].text.startswith("Sehr geehrter Herr Dipl.-Ing. Auer,")
    assert "Herrn Auer und Frau Brandstätter" in notes["Eva Berg"].text
    assert "Dipl.-Ing." not in notes["Eva Berg"].text
    assert "Frau Dr. Berg und Frau Brandstätter" in notes["Stefan Auer"].text


# --- a topic's short name ----------------------------------------------------------------------

LONG = "moving the nightly batch jobs to streaming"


def _with_short(short: Any) -> followup.FollowUpPlan:
    """The example facts, whose first topic has the short name *short*, with a tip about
    it for Dana's thank-you note (the plan has every kind of mention)."""
    data = example_dict()
    data["topics"][0]["short"] = short
    tip = {"kind": "tip", "about": LONG, "to": "Dana Rivera", "text": "Batch less."}
    data["gifts"].append(tip)
    return followup.plan(followup.parse(data), max_check_ins=6)


def test_a_topic_is_named_in_full_once_in_the_thank_you_note_then_by_its_short_name() -> None:
    plan = _with_short("the move to streaming")
    dana = plan.draft("thank-you-dana-rivera")
    for text in (dana.text, dana.email_text):
        assert text.count(LONG) == 1  # in the list of what was discussed
        assert "the move to streaming" in text  # the idea it grew from, the tip
    about = [d for d in plan.drafts if d.kind == "check_in" and d.interest == LONG]
    assert about
    for draft in plan.drafts:
        if draft.kind != "thank_you":
            assert LONG not in draft.text, draft.label
            assert LONG not in draft.email_text, draft.label
    assert all("about the move to streaming" in d.text for d in about)


def test_without_a_short_name_every_mention_is_the_subject() -> None:
    plan = _with_short(None)
    mentions = sum(d.email_text.count(LONG) for d in plan.drafts)
    assert mentions > len([d for d in plan.drafts if d.kind == "thank_you"])


def test_a_short_name_is_taken_in_the_drafts_language_else_the_subject_is() -> None:
    data = example_dict()
    data["locale"] = "de"
    for person in data["interviewers"]:
        person.pop("locale", None)
    data["topics"][0]["subject"] = {"en": LONG, "de": "der Umstieg von Batch-Jobs auf Streaming"}
    data["topics"][0]["short"] = {"en": "the move to streaming"}
    plan = followup.plan(followup.parse(data), max_check_ins=6)
    later = "\n".join(d.email_text for d in plan.drafts if d.kind == "check_in")
    assert "the move to streaming" not in later  # no English short name in German
    assert "Umstieg von Batch-Jobs auf Streaming" in later
    data["topics"][0]["short"] = {"en": "the move to streaming", "de": "der Umstieg"}
    plan = followup.plan(followup.parse(data), max_check_ins=6)
    later = "\n".join(d.email_text for d in plan.drafts if d.kind == "check_in")
    assert "Umstieg von Batch-Jobs" not in later
    assert "Umstieg" in later


def test_a_note_shortened_for_its_card_names_a_topic_it_left_out_in_full() -> None:
    """The card's list drops the topic the idea grew from; the idea's sentence then
    names it in full, not by a short name the note never introduced."""
    catalogue = (
        "the plan to replace the hand-written data catalogue with generated documentation"
        " that stays in step with the warehouse schema"
    )
    topics = [
        "how the team moved the nightly batch jobs for the billing and invoicing systems to"
        " a streaming platform over the last two years",
        "the way on-call rotations are shared between the platform team and the product"
        " teams, and how incidents are reviewed afterwards",
        catalogue,
    ]
    data = minimal_dict(
        company="Northwind Analytics",
        role="Senior Data Engineer",
        interviewers=[{"name": "Dana Rivera", "gender": "female"}, {"name": "Lee Chen"}],
        topics=[
            {"subject": t, "short": short}
            for t, short in zip(topics, ("the move", "on-call", "the catalogue"), strict=True)
        ],
        hobbies=[{"subject": "sailing", "person": "Dana Rivera"}],
        ideas=[
            {
                "summary": "generating the catalogue pages from the dbt manifest on every deploy",
                "topic": catalogue,
            }
        ],
    )
    note = followup.plan(followup.parse(data)).draft("thank-you-dana-rivera")
    assert catalogue in note.omitted  # the card could not hold the whole list
    assert f"Thinking more about {catalogue} after" in note.text
    assert "about the catalogue" not in note.text


def test_a_gift_to_someone_who_did_not_discuss_its_topic_names_it_in_full() -> None:
    data = example_dict()
    data["topics"][1]["short"] = "the rotas"  # discussed with Lee Chen only
    data["gifts"][1]["to"] = "Dana Rivera"  # the tip about on-call practices
    data["topics"][1]["subject"] = data["gifts"][1]["about"] = "on-call practices for a team"
    dana = followup.plan(followup.parse(data)).draft("thank-you-dana-rivera")
    assert "on-call practices for a team" in dana.email_text
    assert "the rotas" not in dana.email_text


def _paragraphs(text: str) -> list[str]:
    """The paragraphs of a draft between its salutation and its closing."""
    return text.split("\n\n")[1:-1]


@pytest.mark.parametrize("locale", golden_locales())
def test_a_check_ins_interest_ends_the_paragraph_before_it(locale: str) -> None:
    data = example_dict()
    data["locale"] = locale
    for person in data["interviewers"]:
        person.pop("locale", None)
    for gift in data["gifts"]:
        gift["when"] = "check_in"
    plan = followup.plan(followup.parse(data), today=dt.date(2026, 11, 24), check_ins_to="all")
    check_ins = [d for d in plan.drafts if d.kind == "check_in"]
    assert any(d.gifts for d in check_ins)
    for draft in check_ins:
        # A card says everything in one paragraph: the slip says the rest.
        assert len(_paragraphs(draft.text)) == 1, draft.text
        # An e-mail's gift, with its link, comes before the interest, which ends the
        # e-mail as it ends the card.
        email = _paragraphs(draft.email_text)
        assert len(email) >= (3 if draft.gifts else 1), draft.email_text
        # (In Spain a check-in before Epiphany hopes the holidays are going well in
        # the e-mail, and, in the card read after them, that they went well.)
        after_them = locale == "es" and draft.send_on.month == 1 and draft.send_on.day <= 6
        card = _paragraphs(draft.text)
        if after_them:
            card = [card[0].split(". ", 1)[1]]
            email = [email[0].split(". ", 1)[1], *email[1:]]
        assert card[0].endswith(email[-1]), draft.email_text
        if not draft.gifts:
            assert email == card


def test_a_holiday_check_in_looks_ahead_to_the_new_year() -> None:
    plan = followup.plan(followup.parse(example_dict()), today=dt.date(2026, 11, 24))
    check_ins = {d.send_on: d for d in plan.drafts if d.kind == "check_in"}
    holiday = check_ins[dt.date(2026, 12, 22)]
    assert holiday.subject == "Season's greetings"
    assert _paragraphs(holiday.text)[0].endswith(
        "In the new year, I look forward to continuing our conversation about the role."
    )
    # The others say they are still interested, each in other words.
    others = [d for day, d in check_ins.items() if day != dt.date(2026, 12, 22)]
    endings = [_paragraphs(d.text)[-1].rsplit(". ", 1)[-1] for d in others]
    assert len(set(endings)) == len(endings) == 3
    assert not any("new year" in ending for ending in endings)
    assert "I remain very interested in the Senior Data Engineer position." in endings


def test_a_holiday_check_in_looks_ahead_to_the_interview_written_down() -> None:
    # Written down after the thank-you notes went out: the holiday check-in is the first
    # to look ahead to it, by its month (the last check-in before it gives its day).
    data = example_dict()
    data["events"] = [
        {"kind": "sent", "date": "2026-11-24", "draft": "thank-you-dana-rivera"},
        {"kind": "sent", "date": "2026-11-24", "draft": "thank-you-lee-chen"},
        {"kind": "second_interview", "date": "2027-01-21", "interviewers": ["Dana Rivera"]},
    ]
    plan = followup.plan(followup.parse(data), today=dt.date(2026, 11, 24))
    holiday = next(d for d in plan.drafts if d.send_on == dt.date(2026, 12, 22))
    assert _paragraphs(holiday.text)[0].endswith("I look forward to seeing you again in January.")
    # Lee Chen is not at it: the candidate comes back for it.
    data["events"][2]["interviewers"] = [{"name": "Ada Byron", "gender": "female"}]
    plan = followup.plan(followup.parse(data), today=dt.date(2026, 11, 24), check_ins_to="all")
    holiday = next(
        d
        for d in plan.drafts
        if d.send_on == dt.date(2026, 12, 22) and d.recipient.name == "Lee Chen"
    )
    assert _paragraphs(holiday.text)[0].endswith(
        "I look forward to coming back for my next interview in January."
    )


@pytest.mark.parametrize("written_first", [True, False])
def test_a_holiday_check_in_sent_keeps_what_was_written_down_when_it_went_out(
    written_first: bool,
) -> None:
    data = example_dict()
    sent = [
        {"kind": "sent", "date": "2026-11-24", "draft": "thank-you-dana-rivera"},
        {"kind": "sent", "date": "2026-11-24", "draft": "thank-you-lee-chen"},
        {"kind": "sent", "date": "2026-12-08", "draft": "check-in-1-dana-rivera"},
        {"kind": "sent", "date": "2026-12-22", "draft": "check-in-2-dana-rivera"},
    ]
    later = {"kind": "second_interview", "date": "2027-01-21", "interviewers": ["Dana Rivera"]}
    data["events"] = [*sent[:2], later, *sent[2:]] if written_first else [*sent, later]
    plan = followup.plan(followup.parse(data), today=dt.date(2026, 12, 23))
    holiday = next(d for d in plan.drafts if d.id == "check-in-2-dana-rivera")
    ending = _paragraphs(holiday.text)[0].rsplit(". ", 1)[-1]
    if written_first:
        assert ending == "I look forward to seeing you again in January."
    else:
        assert (
            ending
            == "In the new year, I look forward to continuing our conversation about the role."
        )


def test_a_card_mailed_in_the_last_days_of_december_looks_ahead_to_weeks_not_a_year() -> None:
    data = example_dict()
    data["locale"] = "en_IL"  # no holiday at Christmas: a check-in goes out on 28 December
    for person in data["interviewers"]:
        person.pop("locale", None)
    data["date"] = "2026-12-14"
    data["decision_expected"] = "2027-02-26"
    plan = followup.plan(followup.parse(data), today=dt.date(2026, 12, 14))
    card = next(d for d in plan.drafts if d.kind == "check_in")
    assert card.send_on == dt.date(2026, 12, 28)
    # The card is read in the new year; the e-mail the same day.
    assert _paragraphs(card.text)[0].endswith(
        "I look forward to continuing our conversation about the role in the weeks ahead."
    )
    assert _paragraphs(card.email_text)[0].endswith(
        "In the new year, I look forward to continuing our conversation about the role."
    )


@pytest.mark.parametrize("locale", golden_locales())
@pytest.mark.parametrize("gender", ["female", "male", "unspecified"])
@pytest.mark.parametrize(
    "reach",
    [
        {"email": "jo@example.org"},
        {"phone": "+1 206 555 0199"},
        {"email": "jo@example.org", "phone": "+1 206 555 0199"},
    ],
)
def test_a_contact_named_once_is_then_reached_by_a_pronoun_when_the_facts_say_which(
    locale: str, gender: str, reach: dict[str, str]
) -> None:
    data = example_dict()
    data["locale"] = locale
    for person in data["interviewers"]:
        person.pop("locale", None)
    contact = {"name": "Jo Lane", "gender": gender, **reach}
    data["gifts"] = [{"kind": "contact", "about": "sailing", "contact": contact}]
    note = next(d for d in followup.plan(followup.parse(data)).drafts if d.gifts)
    (slip,) = note.enclosures
    reached = [p for p in slip.text.split("\n\n") if any(v in p for v in reach.values())]
    assert reached, slip.text
    # The name is given once, in the sentence that says who they are.
    assert ("Jo Lane" in reached[0]) == (gender == "unspecified"), slip.text
    assert slip.text.count("Jo Lane") == (1 if gender != "unspecified" else 2), slip.text


@pytest.mark.parametrize("locale", golden_locales())
def test_a_card_to_someone_on_first_name_terms_is_signed_as_its_email_is(locale: str) -> None:
    data = example_dict()
    data["locale"] = locale
    data["formality"] = "informal"
    for person in data["interviewers"]:
        person.pop("locale", None)
        person.pop("formality", None)
    for draft in followup.plan(followup.parse(data)).drafts:
        assert draft.text.splitlines()[-1] == "Sam", (draft.id, draft.text)
        assert draft.email_text.splitlines()[-1] == "Sam", (draft.id, draft.email_text)


def test_a_holiday_check_in_looks_ahead_only_to_an_interview_near_and_still_ahead() -> None:
    data = example_dict()
    data["decision_expected"] = "2028-02-01"
    data["events"] = [{"kind": "second_interview", "date": "2027-12-21"}]
    plan = followup.plan(followup.parse(data), today=dt.date(2026, 11, 24))
    holiday = next(d for d in plan.drafts if d.send_on == dt.date(2026, 12, 22))
    # A year away: "in December" would read as this one.
    assert _paragraphs(holiday.text)[0].endswith(
        "In the new year, I look forward to continuing our conversation about the role."
    )


def test_a_check_in_sent_after_the_interview_ahead_does_not_look_ahead_to_it() -> None:
    data = example_dict()
    data["decision_expected"] = "2027-03-01"
    data["events"] = [
        {"kind": "sent", "date": "2026-11-24", "draft": "thank-you-dana-rivera"},
        {"kind": "sent", "date": "2026-11-24", "draft": "thank-you-lee-chen"},
        {"kind": "second_interview", "date": "2026-12-26", "interviewers": ["Dana Rivera"]},
        {"kind": "sent", "date": "2026-12-01", "draft": "check-in-1-dana-rivera"},
        {"kind": "sent", "date": "2026-12-08", "draft": "check-in-2-dana-rivera"},
        # check-in 3 (due 15 December) went out late, the day after that interview
        {"kind": "sent", "date": "2026-12-27", "draft": "check-in-3-dana-rivera"},
    ]
    plan = followup.plan(followup.parse(data), today=dt.date(2026, 12, 27), every=7)
    late = plan.draft("check-in-3-dana-rivera")
    assert "December" not in late.text.split("\n\n")[1], late.text
    assert "look forward to seeing you again" not in late.text


def _renamed(value: Any, old: str, new: str) -> Any:
    """*value* (facts as a dict) with every text *old* replaced by *new*."""
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, dict):
        return {key: _renamed(item, old, new) for key, item in value.items()}
    if isinstance(value, list):
        return [_renamed(item, old, new) for item in value]
    return value


def test_running_text_names_people_without_their_middle_initials() -> None:
    data = _renamed(example_dict(), "Lee Chen", "Lee M. Chen")
    plan = followup.plan(followup.parse(data), today=dt.date(2026, 11, 24))
    to_dana = plan.draft("thank-you-dana-rivera")
    assert "It was a pleasure to meet you and Lee Chen." in to_dana.text
    assert "M." not in to_dana.text + to_dana.email_text
    # Two people named alike without them keep them.
    data = _renamed(data, "Dana Rivera", "Lee K. Chen")
    plan = followup.plan(followup.parse(data), today=dt.date(2026, 11, 24))
    assert "It was a pleasure to meet you and Lee M. Chen." in plan.drafts[0].text
