"""A check-in series reads as written by a person: no two check-ins in a row to the same
person share their subject or any sentence, in every language, register and channel."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

import followup
from tests._i18n import golden_locales
from tests.conftest import ROOT, example_dict, interviewed_again
from tests.test_printing import _big_facts

_SENTENCE = re.compile(r"(?<=[.!?…])\s+")


def _sentences(text: str) -> set[str]:
    """The body's sentences: everything between the salutation and the closing."""
    body = text.split("\n\n")[1:-1]
    return {s.strip() for paragraph in body for s in _SENTENCE.split(paragraph) if s.strip()}


def _series(plan: followup.FollowUpPlan) -> list[list[followup.Draft]]:
    by_recipient: dict[str, list[followup.Draft]] = defaultdict(list)
    for draft in plan.drafts:
        if draft.kind == "check_in":
            by_recipient[draft.recipient.name].append(draft)
    return list(by_recipient.values())


EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))


@pytest.mark.parametrize("formality", ["formal", "informal"])
@pytest.mark.parametrize("locale", golden_locales())
def test_no_two_check_ins_in_a_row_share_a_subject_or_a_sentence(
    locale: str, formality: str
) -> None:
    data = _big_facts(locale)
    data["formality"] = formality
    data.pop("decision_expected", None)
    plan = followup.plan(followup.parse(data), max_check_ins=8, check_ins_to="all")
    series = _series(plan)
    assert series
    assert max(len(s) for s in series) >= 4
    for drafts in series:
        for first, second in itertools.pairwise(drafts):
            assert first.subject != second.subject, (first.subject, second.subject)
            for form in ("text", "email_text"):
                shared = _sentences(getattr(first, form)) & _sentences(getattr(second, form))
                assert not shared, f"{first.label} / {second.label}: {shared}"


@pytest.mark.parametrize("formality", ["formal", "informal"])
@pytest.mark.parametrize("locale", golden_locales())
def test_a_long_series_repeats_a_sentence_as_late_as_it_can(locale: str, formality: str) -> None:
    """Four check-ins in a row share no sentence and no subject, and the reminder of
    interest (six wordings) comes back no sooner than the seventh check-in."""
    data = _big_facts(locale)
    data["formality"] = formality
    data.pop("decision_expected", None)
    plan = followup.plan(followup.parse(data), max_check_ins=10, check_ins_to="all")
    series = _series(plan)
    assert max(len(s) for s in series) >= 8
    for drafts in series:
        for at, first in enumerate(drafts):
            for second in drafts[at + 1 : at + 4]:
                assert first.subject != second.subject, (first.label, second.label)
                shared = _sentences(first.email_text) & _sentences(second.email_text)
                assert not shared, f"{first.label} / {second.label}: {shared}"
            interest = first.email_text.split("\n\n")[-2]
            later = [d.label for d in drafts[at + 1 : at + 6] if interest in d.email_text]
            assert not later, f"{first.label} and {later}: {interest}"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_examples_series_never_repeat_a_sentence_to_the_same_person(example: Path) -> None:
    """With an interest for every check-in, no sentence comes back in the whole series."""
    interview = followup.load(example)
    plan = followup.plan(interview, today=interview.date)
    for drafts in _series(plan):
        seen: dict[str, str] = {}
        for draft in drafts:
            for sentence in _sentences(draft.text):
                assert sentence not in seen, f"{draft.label} repeats {seen.get(sentence)}"
                seen[sentence] = draft.label


@pytest.mark.parametrize(
    ("locale", "subject", "wish"),
    [
        (
            "en_IL",
            "An article about the move to streaming",
            "I hope you are having a restful holiday season",
        ),
        (
            "fr_MA",
            "Un article sur the move to streaming",  # the example's facts are in English
            "J'espère que vous avez passé de belles fêtes de Noël",
        ),
    ],
)
def test_a_check_in_after_christmas_wishes_the_season_even_with_a_gift(
    locale: str, subject: str, wish: str
) -> None:
    """On 28 December the holidays are not over: the wish says so, and the subject
    names the gift that rides along (a seasonal subject would hide it). (Where
    Christmas is a public holiday no check-in is planned that week: these are
    countries where it is a working one.)"""
    data = example_dict()
    data.update(date="2026-12-14", decision_expected="2027-02-20", locale=locale)
    for person in data["interviewers"]:
        person.pop("locale", None)
    data["gifts"][0].update(when="check_in", about=data["topics"][0]["subject"])
    plan = followup.plan(followup.parse(data), every=14)
    first = next(d for d in plan.drafts if d.kind == "check_in")
    assert first.send_on == dt.date(2026, 12, 28)
    assert [e.gift.kind for e in first.enclosures] == ["article"]
    assert first.subject == subject
    assert wish in first.email_text


@pytest.mark.parametrize("locale", ["en_US", "de", "fr", "es"])
def test_the_new_year_is_wished_once_at_the_turn_of_the_year(locale: str) -> None:
    """Check-ins on 15 December, 4 January (29 December is in the holiday week) and
    two weeks later: the holidays and the new year wished in the first, the others
    ordinary ones (a second wish weeks after the first reads as a card on autopilot)."""
    data = example_dict()
    data.update(date="2026-12-01", decision_expected="2027-03-01", locale=locale)
    for person in data["interviewers"]:
        person.pop("locale", None)
    plan = followup.plan(followup.parse(data), every=14, max_check_ins=3)
    checks = [d for d in plan.drafts if d.kind == "check_in"]
    assert [d.send_on for d in checks] == [
        dt.date(2026, 12, 15),
        dt.date(2027, 1, 4),
        # 18 January is Martin Luther King Day in the United States
        dt.date(2027, 1, 19 if locale == "en_US" else 18),
    ]
    plain = followup.plan(
        followup.parse({**data, "date": "2026-09-01", "decision_expected": "2026-12-01"}),
        every=14,
        max_check_ins=3,
    )
    usual = {d.subject for d in plain.drafts if d.kind == "check_in"}
    subjects = [d.subject for d in checks]
    assert subjects[0] not in usual
    assert len(set(subjects)) == 3
    shared = _sentences(checks[0].email_text) & _sentences(checks[1].email_text)
    assert not shared, shared
    # January's check-ins are ordinary ones: their subjects are ones a September series has.
    later = followup.plan(
        followup.parse({**data, "date": "2026-09-01", "decision_expected": "2027-03-01"}),
        every=14,
        max_check_ins=12,
    )
    ordinary = {d.subject for d in later.drafts if d.kind == "check_in" and d.send_on.month < 12}
    assert subjects[1] in ordinary
    assert subjects[2] in ordinary


def test_a_january_interview_is_not_followed_by_new_year_wishes() -> None:
    """Met again on 14 January, the recipient is not wished a happy new year in a
    check-in two weeks later (French wishes one all January); the holiday wish of
    December was the new year's too."""
    data = interviewed_again(example_dict(), on="2027-01-14")
    data.update(date="2026-12-01", decision_expected="2027-03-01", locale="fr")
    for person in data["interviewers"]:
        person.pop("locale", None)
    plan = followup.plan(followup.parse(data), today=dt.date(2026, 12, 1), every=10)
    january = [d for d in plan.drafts if d.kind == "check_in" and d.send_on.month == 1]
    before, *after = january
    assert before.send_on == dt.date(2027, 1, 4)
    december = [d for d in plan.drafts if d.kind == "check_in" and d.send_on.month == 12]
    assert any("fêtes" in d.subject.lower() for d in december), [d.subject for d in december]
    assert after
    assert after[0].send_on > dt.date(2027, 1, 14)
    assert all("année" not in d.subject for d in after), [d.subject for d in after]
    assert all("vœux" not in d.email_text for d in after)


# French says how long only after months ("remonte maintenant à quelques mois"): before,
# "Je conserve un excellent souvenir de notre rencontre" (a time told would read as
# if the last note, two weeks before, had not been written).
WHILE = {
    "en": ("It has been several weeks since", "It has been a while since", "a few months"),
    "de": ("einige Wochen zurück", "schon eine Weile zurück", "einige Monate zurück"),
    "es": ("Han pasado unas semanas", "Ha pasado un tiempo", "Han pasado unos meses"),
}
LAST = {
    "en": "since we last met",
    "de": "unsere Gespräche liegen",
    "es": "desde que nos vimos por última vez",
}


def _how_long(plan: followup.FollowUpPlan, language: str, since: dt.date) -> dict[str, int]:
    """How often each of the three wordings of how long it has been is said, each
    checked against the days since *since*: a few weeks up to six and a half weeks,
    a while up to thirteen, a few months after."""
    few, later, months = WHILE[language]
    said = {few: 0, later: 0, months: 0}
    for draft in plan.drafts:
        if draft.kind != "check_in":
            continue
        days = (draft.send_on - since).days
        for text in (draft.text, draft.email_text):
            assert (few in text) <= (days <= 45), (draft.id, days)
            assert (later in text) <= (45 < days < 77), (draft.id, days)
            assert (months in text) <= (days >= 77), (draft.id, days)
            for wording in said:
                said[wording] += wording in text
    return said


def _without_a_decision_day(language: str, data: dict[str, Any]) -> followup.Interview:
    """*data* in *language*, with no decision expected, and its later interview (if any)
    and gifts moved with the interview to September: the third check-in of a series
    falls outside the season of wishes."""
    data.pop("decision_expected", None)
    shift = dt.date(2026, 9, 8) - dt.date.fromisoformat(str(data["date"]))
    data["date"] = "2026-09-08"
    for event in data.get("events", []):
        event["date"] = (dt.date.fromisoformat(str(event["date"])) + shift).isoformat()
    data["locale"] = language
    for person in data["interviewers"]:
        person.pop("locale", None)
    return followup.parse(data)


@pytest.mark.parametrize("language", sorted(WHILE))
def test_a_few_weeks_only_while_it_is_a_few_weeks(language: str) -> None:
    """The third wording of a check-in's opening says how long ago the interview was."""
    interview = _without_a_decision_day(language, example_dict())
    said: Counter[str] = Counter()
    for every in (14, 18):  # the third check-in after six weeks, and after eight
        plan = followup.plan(interview, max_check_ins=12, every=every)
        said.update(_how_long(plan, language, interview.date))
        assert not any(LAST[language] in d.email_text for d in plan.drafts)
    assert all(said[wording] for wording in WHILE[language]), said


@pytest.mark.parametrize("language", sorted(WHILE))
def test_after_a_second_interview_it_is_counted_from_the_last_meeting(language: str) -> None:
    """Met twice, the recipient is told how long since "we last met" (fr "notre dernier
    entretien"), counted from the second interview."""
    interview = _without_a_decision_day(language, interviewed_again(example_dict()))
    second = interview.events[0].date
    said: Counter[str] = Counter()
    for every in (14, 18):
        plan = followup.plan(interview, max_check_ins=12, every=every)
        said.update(_how_long(plan, language, second))
        after = [d for d in plan.drafts if d.kind == "check_in" and d.send_on > second]
        told = [d for d in after if any(w in d.text for w in WHILE[language])]
        assert told
        assert all(LAST[language] in d.email_text for d in told)
    assert all(said[wording] for wording in WHILE[language]), said


def _same_day(
    language: str, date: str, *, check_ins: int, third: bool = False
) -> list[list[followup.Draft]]:
    """The check-ins to the example's committee (with a third member when *third*)
    that go out on one day, day by day, with the interview on *date* and no decision
    expected."""
    data = example_dict()
    if third:
        data["interviewers"].append({"name": "Priya Natarajan", "gender": "female"})
        data["topics"].append({"subject": "data contracts", "with": ["Priya Natarajan"]})
        data["hobbies"] += [
            {"subject": subject, "person": "Priya Natarajan"} for subject in ("chess", "hiking")
        ]
    data["locale"] = language
    for person in data["interviewers"]:
        person.pop("locale", None)
    data["date"] = date
    data.pop("decision_expected", None)
    plan = followup.plan(followup.parse(data), check_ins_to="all", max_check_ins=check_ins)
    by_day: defaultdict[dt.date, list[followup.Draft]] = defaultdict(list)
    for draft in plan.drafts:
        if draft.kind == "check_in":
            by_day[draft.send_on].append(draft)
    shared = [drafts for drafts in by_day.values() if len(drafts) > 1]
    assert shared
    return shared


@pytest.mark.parametrize("language", ["en_US", "fr", "de", "es"])
def test_check_ins_to_a_committee_on_one_day_open_differently(language: str) -> None:
    """Colleagues compare notes: check-ins sent the same day open with different
    sentences and carry different subjects (outside the season of wishes)."""
    for drafts in _same_day(language, "2026-09-08", check_ins=4):
        openings = [d.email_text.split("\n\n")[1].split(". ")[0] for d in drafts]
        assert len(set(openings)) == len(openings), openings
        assert len({d.subject for d in drafts}) == len(drafts)


def _body_sentences(text: str) -> set[str]:
    body = " ".join(" ".join(text.split("\n\n")[1:-1]).split())
    return {s for s in re.split(r"(?<=[.!?])\s+", body) if s}


@pytest.mark.parametrize("language", ["en_US", "fr", "de", "es"])
@pytest.mark.parametrize("date", ["2026-09-08", "2026-11-24"])
def test_check_ins_to_a_committee_on_one_day_share_no_sentence(language: str, date: str) -> None:
    """Not only the openings: the reminder of an idea both were told, the topic and the
    closing sentences differ too, in and out of the season of wishes."""
    for drafts in _same_day(language, date, check_ins=6):
        first, second = (_body_sentences(d.email_text) for d in drafts[:2])
        assert not first & second, (drafts[0].send_on, first & second)


COUPLE = {
    "en_US": "It has been a couple of weeks since we met",
    "de": "zwei Wochen zurück",
    "es": "Han pasado un par de semanas",
}


@pytest.mark.parametrize("language", sorted(COUPLE))
def test_two_weeks_after_the_interview_are_a_couple_of_weeks(language: str) -> None:
    """The third member of a committee starts at the third wording of the opening, which
    says how long it has been: two weeks are not "several weeks"."""
    data = example_dict()
    data["interviewers"].append({"name": "Priya Natarajan"})
    interview = _without_a_decision_day(language, data)
    plan = followup.plan(interview, check_ins_to="all", max_check_ins=4)
    several = WHILE[language.split("_")[0]][0]
    told = []
    for draft in (d for d in plan.drafts if d.kind == "check_in"):
        days = (draft.send_on - interview.date).days
        for text in (" ".join(draft.text.split()), draft.email_text):
            assert (COUPLE[language] in text) <= (days <= 20), (draft.id, days)
            assert not (several in text and days <= 20), (draft.id, days)
            told += [draft.id] * (COUPLE[language] in text)
    assert told


@pytest.mark.parametrize("language", ["en_US", "de", "fr", "es"])
def test_a_long_series_asks_about_a_hobbys_detail_once(language: str) -> None:
    """ "You mentioned racing a Laser dinghy most weekends; …" once; the later check-ins
    about sailing ask without the detail."""
    interview = _without_a_decision_day(language, example_dict())
    plan = followup.plan(interview, max_check_ins=12)
    hobby = next(h for h in interview.hobbies if h.detail)
    check_ins = [d for d in plan.drafts if d.kind == "check_in"]
    about = [d for d in check_ins if d.interest == str(hobby.subject) and not d.enclosures]
    assert len(about) >= 2
    # Past its article, which becomes the reader's possessive ("vos régates").
    detail = str(hobby.detail) if language == "en_US" else str(hobby.detail).split(" ", 1)[1]
    asked = [d.id for d in check_ins if detail in d.email_text]
    assert len(asked) == 1, asked
    # Each names the hobby, or the detail that says what the reader does of it.
    assert all(str(hobby.subject) in d.email_text or d.id in asked for d in about)


@pytest.mark.parametrize("language", ["en_US", "fr", "de", "es"])
def test_a_committee_of_three_wished_the_same_day_gets_three_wishes(language: str) -> None:
    """Around the turn of the year every colleague gets a wish of their own, and a subject
    of their own, the third member too."""
    days = _same_day(language, "2026-11-24", check_ins=4, third=True)
    assert sum(len(drafts) == 3 for drafts in days) >= 3
    for drafts in days:
        for one, other in itertools.combinations(drafts, 2):
            openings = [d.email_text.split("\n\n")[1].split(". ")[0] for d in (one, other)]
            assert openings[0] != openings[1], (one.send_on, openings)
            assert one.subject != other.subject, (one.send_on, one.subject)


@pytest.mark.parametrize("language", ["en_US", "fr", "de", "es"])
def test_colleagues_asked_about_a_hobbys_detail_the_same_day_read_different_sentences(
    language: str,
) -> None:
    """Three colleagues, each with a hobby and its detail, all asked about it on the
    first check-in: with the facts taken out, the three sentences still differ."""
    data = example_dict()
    data["interviewers"].append({"name": "Priya Natarajan", "gender": "female"})
    data["locale"] = language
    for person in data["interviewers"]:
        person.pop("locale", None)
    names = [p["name"] for p in data["interviewers"]]
    data["hobbies"] = [
        {"subject": "sailing", "person": name, "detail": "the regattas on the lake"}
        for name in names
    ]
    data["gifts"] = []
    plan = followup.plan(followup.parse(data), check_ins_to="all", max_check_ins=1)
    first = [d for d in plan.drafts if d.kind == "check_in"]
    assert len(first) == 3
    assert len({d.send_on for d in first}) == 1
    frames = set()
    for draft in first:
        (asked,) = [s for s in _body_sentences(draft.email_text) if "regattas on the lake" in s]
        frames.add(asked)
    assert len(frames) == 3, frames


@pytest.mark.parametrize("language", ["en_US", "fr", "de", "es"])
def test_a_topic_told_to_one_colleague_is_told_to_the_next_in_other_words(
    language: str,
) -> None:
    """Colleagues who had a conversation together compare notes: the check-ins that
    bring it up, one after the other and to different people, word it differently."""
    data = example_dict()
    data["locale"] = language
    for person in data["interviewers"]:
        person.pop("locale", None)
    names = [p["name"] for p in data["interviewers"]]
    for topic in data["topics"]:
        topic["with"] = names
    data["hobbies"], data["ideas"], data["gifts"] = [], [], []
    data.pop("decision_expected", None)
    plan = followup.plan(followup.parse(data), check_ins_to="all", max_check_ins=6)
    told: dict[str, list[tuple[str, str]]] = {}
    for draft in (d for d in plan.drafts if d.kind == "check_in" and d.interest):
        topic = draft.interest
        sentence = next((s for s in _body_sentences(draft.email_text) if topic in s), None)
        if sentence is not None:
            told.setdefault(topic, []).append((draft.recipient.name, sentence))
    assert sum(len(t) for t in told.values()) >= 4
    for tellings in told.values():
        for (one, said), (other, again) in itertools.pairwise(tellings):
            if one != other:
                assert said != again, (one, other, said)


def test_seasonal_wishes_leave_the_openings_turns_to_the_check_ins_after_them() -> None:
    """Check-ins on 3 December, then a holiday wish, then ordinary ones: the first four
    ordinary ones open with four different sentences (a wish is not an opening: it
    did not use one up)."""
    data = example_dict()
    data.update(date="2026-11-19", decision_expected="2027-03-15")
    data["gifts"] = []
    for person in data["interviewers"]:
        person.pop("locale", None)
    plan = followup.plan(followup.parse(data), every=14, max_check_ins=8)
    check_ins = [d for d in plan.drafts if d.kind == "check_in"]
    wishing = {(12, day) for day in range(15, 32)}
    ordinary = [d for d in check_ins if (d.send_on.month, d.send_on.day) not in wishing][:4]
    assert len(ordinary) == 4
    assert any((d.send_on.month, d.send_on.day) in wishing for d in check_ins)  # between
    openings = [d.text.split("\n\n")[1].split(". ")[0] for d in ordinary]
    assert len(set(openings)) == 4, openings


@pytest.mark.parametrize(("locale", "again"), [("en_US", False), ("es", False), ("fr", True)])
def test_french_wishes_the_new_year_apart_from_the_holidays(locale: str, again: bool) -> None:
    """After a holiday wish on 15 December, the check-in of 4 January wishes a happy new
    year only in French (a holiday card elsewhere wished it already)."""
    data = example_dict()
    data.update(date="2026-12-01", decision_expected="2027-03-01", locale=locale)
    for person in data["interviewers"]:
        person.pop("locale", None)
    plan = followup.plan(followup.parse(data), every=14, max_check_ins=3)
    december, january = [d for d in plan.drafts if d.kind == "check_in"][:2]
    assert (december.send_on, january.send_on) == (dt.date(2026, 12, 15), dt.date(2027, 1, 4))
    new_year = {"en_US": "new year", "es": "año", "fr": "année"}[locale]
    assert new_year in december.text.lower()
    assert (new_year in january.subject.lower()) is again, january.subject


AFTER_HOLIDAYS = {
    "en_US": ("restful holiday season", "enjoyed the holidays", "holidays were good"),
    "en_GB": ("over Christmas and the New Year", "good Christmas break", "rest over the"),
    "de": ("erholsame Feiertage", "schöne Feiertage", "Feiertage genießen"),
    "es": ("felices fiestas", "disfrutado de las fiestas y", "podido disfrutar de las fiestas"),
}


def _holiday_series(locale: str, date: str) -> list[followup.Draft]:
    data = example_dict()
    data.update(date=date, decision_expected="2027-03-01", locale=locale)
    for person in data["interviewers"]:
        person.pop("locale", None)
    plan = followup.plan(followup.parse(data), every=14, max_check_ins=3, check_ins_to="all")
    return [d for d in plan.drafts if d.kind == "check_in"]


@pytest.mark.parametrize("locale", sorted(AFTER_HOLIDAYS))
def test_the_first_check_in_after_a_holiday_wish_hopes_the_holidays_went_well(
    locale: str,
) -> None:
    """Wished the holidays on 15 December, the committee hears in early January how the
    candidate hopes the holidays went (three wordings, one per colleague), not a
    second wish and not "it has been a while since our interview"; the check-ins after
    that open as on any day. In Spanish the fiestas last until 6 January: the check-ins
    of 4 January say nothing of them, those of 7 January (after a wish on 23 December)
    do."""
    date, january = "2026-12-01", dt.date(2027, 1, 4)
    if locale == "es":
        early = [d for d in _holiday_series(locale, date) if d.send_on == january]
        assert len(early) > 1
        assert not any(s in d.email_text for s in AFTER_HOLIDAYS[locale] for d in early)
        ending = ("empezado bien el año", "buen comienzo de año", "esté tratando bien")
        said = [next(s for s in ending if s in d.email_text.split("\n\n")[1]) for d in early]
        assert len(set(said)) == len(said)
        # the card arrives after Epiphany: it hopes they went well
        assert all(any(s in d.text for s in AFTER_HOLIDAYS[locale]) for d in early)
        date, january = "2026-12-09", dt.date(2027, 1, 7)
    check_ins = _holiday_series(locale, date)
    in_january = [d for d in check_ins if d.send_on == january]
    assert len(in_january) == len(example_dict()["interviewers"]) > 1
    openings = []
    for draft in in_january:
        opening = draft.email_text.split("\n\n")[1]
        found = [said for said in AFTER_HOLIDAYS[locale] if said in opening]
        assert len(found) == 1, opening
        openings.append(found[0])
        assert draft.subject in {d.subject for d in check_ins if d.send_on.month != 12}
    assert len(set(openings)) == len(openings)  # colleagues compare notes
    later = [d for d in check_ins if d.send_on > january]
    assert later
    for draft in later:
        assert not any(said in draft.email_text for said in AFTER_HOLIDAYS[locale])


_CLITIC = re.compile(r"^(?:me|te|se|nous|vous|y|en)$")


def _opening_words(sentence: str) -> tuple[str, ...]:
    """A sentence's first two words, lower-cased, without commas; a French pronoun
    before its verb ("je me permets", "je vous souhaite") counts with the verb."""
    words: list[str] = []
    for word in sentence.lower().replace(",", " ").split():
        if words and _CLITIC.match(words[-1]):
            words[-1] += " " + word
        else:
            words.append(word)
        if len(words) > 2:
            break
    return tuple(words[:2])


@pytest.mark.parametrize("formality", ["formal", "informal"])
@pytest.mark.parametrize("locale", golden_locales())
def test_no_two_sentences_in_a_row_begin_alike(locale: str, formality: str) -> None:
    """ "I hope you are well. I hope you have been able to enjoy …", "I would value
    your thoughts on it. I would very much like to join …": in every draft of a long
    series to a committee, around the turn of the year and in summer, each sentence
    begins otherwise than the one before it."""
    for date in ("2026-11-24", "2026-12-01", "2027-06-10"):
        data = _big_facts(locale)
        data.update(formality=formality, date=date)
        data.pop("decision_expected", None)
        plan = followup.plan(followup.parse(data), max_check_ins=8, check_ins_to="all")
        for draft in plan.drafts:
            for form in ("text", "email_text"):
                for paragraph in getattr(draft, form).split("\n\n")[1:-1]:
                    sentences = [s for s in _SENTENCE.split(paragraph) if s.strip()]
                    for first, second in itertools.pairwise(sentences):
                        assert _opening_words(first) != _opening_words(second), (
                            f"{draft.label} ({form}): {first} | {second}"
                        )


KNOWN_ALREADY = {
    "en_US": ("already, but here it is", "may already know", "may well know it already"),
    "de": ("sicher schon", "vielleicht schon", "vielleicht schon"),
    "fr": ("sûrement déjà", "peut-être déjà", "peut-être déjà"),
    "es": ("seguramente ya conozca", "ya conozca", "ya lo conozca"),
}


@pytest.mark.parametrize("locale", sorted(KNOWN_ALREADY))
def test_a_website_about_a_hobby_allows_that_the_reader_knows_it(locale: str) -> None:
    """Readers in four languages found a skier sent the avalanche forecast, a bird
    counter the bird portal, as news: each of three colleagues' slips (their three
    wordings) allows that they may know it, and a check-in carrying one has a subject
    that does not name the hobby (as if the interview had been about it)."""
    data = example_dict() | {"locale": locale}
    data["interviewers"].append({"name": "Kai Berg", "gender": "male"})
    data["hobbies"].append({"subject": "chess", "person": "Kai Berg"})
    for person in data["interviewers"]:
        person.pop("locale", None)
    hobbies = {"Dana Rivera": "sailing", "Lee Chen": "jazz piano", "Kai Berg": "chess"}
    data["gifts"] = [
        {
            "kind": "website",
            "about": hobby,
            "to": name,
            "title": "The Site",
            "url": "https://example.org/",
        }
        for name, hobby in hobbies.items()
    ]
    plan = followup.plan(followup.parse(data))
    slips = [
        next(iter(plan.draft(f"thank-you-{name.lower().replace(' ', '-')}").enclosures)).text
        for name in hobbies
    ]
    for slip, words in zip(slips, KNOWN_ALREADY[locale], strict=True):
        assert words in slip, slip
    assert len(set(slips)) == 3
    data["gifts"] = [{**data["gifts"][0], "when": "check_in"}]
    plan = followup.plan(followup.parse(data))
    check_in = next(d for d in plan.drafts if d.enclosures and d.kind == "check_in")
    assert "sailing" not in check_in.subject
    if locale == "en_US":  # and a subject that suits a gift, not "Checking in about …"
        assert check_in.subject in {"A quick hello", "Keeping in touch"}
    assert KNOWN_ALREADY[locale][0] in check_in.email_text
