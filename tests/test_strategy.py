"""The strategy: who gets which draft, when, and about what."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import followup
from followup._workdays import holiday_name, is_working_day, weekend
from followup.errors import OptionError
from followup.locales import resolve_locale
from followup.strategy import MIN_GAP, Decision, decide, gift_recipient, shared_interests
from followup.strategy import options as plan_options
from followup.testing import interviews
from tests.conftest import example_dict, minimal_dict

D = dt.date


def _decide(interview: followup.Interview, **options: Any) -> list[Decision]:
    return decide(interview, plan_options(interview, **options))


def check_ins(decisions: list[Decision]) -> list[Decision]:
    return [d for d in decisions if d.kind == "check_in"]


def days(decisions: list[Decision]) -> list[D]:
    return [d.send_on for d in check_ins(decisions)]


# --- pinned dates ---------------------------------------------------------------------------


def test_example_facts_pinned(interview: followup.Interview) -> None:
    decisions = _decide(interview)
    assert [(d.send_on, d.kind, d.recipient.name) for d in decisions] == [
        (D(2026, 11, 24), "thank_you", "Dana Rivera"),
        (D(2026, 11, 24), "thank_you", "Lee Chen"),
        (D(2026, 12, 8), "check_in", "Dana Rivera"),
        (D(2026, 12, 22), "check_in", "Dana Rivera"),
        (D(2027, 1, 5), "check_in", "Dana Rivera"),
        (D(2027, 1, 19), "check_in", "Dana Rivera"),
    ]
    assert [d.interest for d in check_ins(decisions)] == [
        "sailing",
        "sourdough baking",
        "moving the nightly batch jobs to streaming",
        "partitioning the event tables by day to cut warehouse costs",
    ]
    assert [d.number for d in check_ins(decisions)] == [1, 2, 3, 4]
    # No gift is a message of its own: each goes with the thank-you note.
    assert [[g.kind for g in d.enclosures] for d in decisions] == [
        ["article"],
        ["tip"],
        [],
        [],
        [],
        [],
    ]


def test_weekend_move_en_us(interview: followup.Interview) -> None:
    # Every 11 days from Tuesday 24 November: the 5th of December is a Saturday, so
    # that check-in goes out on the Monday after; the 27th, a Sunday in the week
    # between Christmas and New Year, on the first working day after New Year's Day,
    # Monday 4 January, and the next ones every 11 days from there.
    assert days(_decide(interview, every=11)) == [
        D(2026, 12, 7),
        D(2026, 12, 16),
        D(2027, 1, 4),
        D(2027, 1, 15),
        D(2027, 1, 26),
    ]


@pytest.mark.parametrize("locale", ["he", "ar_SA", "he_IL"])
def test_weekend_move_friday_saturday_territory(locale: str) -> None:
    data = example_dict()
    data["interviewers"][0]["locale"] = locale
    interview = followup.parse(data)
    # Every 10 days: Friday 4 December is the weekend in Israel and Saudi
    # Arabia, so it moves to Sunday 6 December, a working day there; so does
    # Saturday 23 January.
    assert days(_decide(interview, every=10)) == [
        D(2026, 12, 6),
        D(2026, 12, 14),
        D(2026, 12, 24),
        D(2027, 1, 3),
        D(2027, 1, 13),
        D(2027, 1, 24),
    ]
    # The wording falls back to English, the weekend stays the territory's.
    assert resolve_locale(locale).language == "en"
    us = days(_decide(followup.parse(example_dict()), every=10))
    assert us[0] == D(2026, 12, 4)


def test_exactly_four_check_ins_without_decision_date() -> None:
    data = example_dict()
    del data["decision_expected"]
    interview = followup.parse(data)
    assert days(_decide(interview)) == [
        D(2026, 12, 8),
        D(2026, 12, 22),
        D(2027, 1, 5),
        D(2027, 1, 19),
    ]
    assert len(days(_decide(interview, every=7))) == 4


def test_until_and_max_check_ins(interview: followup.Interview) -> None:
    assert days(_decide(interview, until=D(2026, 12, 31))) == [D(2026, 12, 8), D(2026, 12, 22)]
    assert days(_decide(interview, max_check_ins=1)) == [D(2026, 12, 8)]
    assert days(_decide(interview, max_check_ins=0)) == []
    assert days(_decide(interview, every=dt.timedelta(weeks=3))) == [
        D(2026, 12, 15),
        D(2027, 1, 5),
        D(2027, 1, 26),
    ]


def test_decision_date_bounds_check_ins() -> None:
    # A decision on Tuesday 22 December: the check-in that would fall on that
    # day is left out.
    data = example_dict()
    data["decision_expected"] = "2026-12-22"
    assert days(_decide(followup.parse(data))) == [D(2026, 12, 8)]


# --- today ------------------------------------------------------------------------------------


def test_today_drops_earlier_check_ins_and_moves_late_thank_you(
    interview: followup.Interview,
) -> None:
    decisions = _decide(interview, today=D(2026, 12, 10))
    thanks = [d for d in decisions if d.kind == "thank_you"]
    assert {d.send_on for d in thanks} == {D(2026, 12, 10)}
    assert len(thanks) == 2
    assert [len(d.enclosures) for d in thanks] == [1, 1]
    # The cadence stays anchored on the interview day: 22 December, not 24.
    assert days(decisions) == [D(2026, 12, 22), D(2027, 1, 5), D(2027, 1, 19)]
    # The rotation starts with the first interest in the check-ins actually sent.
    assert check_ins(decisions)[0].interest == "sailing"
    assert check_ins(decisions)[0].number == 1


def test_today_yesterday_interview_thank_you_due_today(interview: followup.Interview) -> None:
    decisions = _decide(interview, today=D(2026, 11, 25))
    assert {d.send_on for d in decisions if d.kind == "thank_you"} == {D(2026, 11, 25)}
    assert days(decisions)[0] == D(2026, 12, 8)


def test_today_before_interview_changes_nothing(interview: followup.Interview) -> None:
    assert _decide(interview, today=D(2026, 11, 1)) == _decide(interview)


def test_today_on_a_check_in_keeps_it(interview: followup.Interview) -> None:
    assert days(_decide(interview, today=D(2026, 12, 8)))[0] == D(2026, 12, 8)


# --- gifts ------------------------------------------------------------------------------------


def test_gift_goes_with_the_recipients_thank_you(interview: followup.Interview) -> None:
    decisions = _decide(interview)
    assert {d.kind for d in decisions} == {"thank_you", "check_in"}
    notes = {d.recipient.name: d for d in decisions if d.kind == "thank_you"}
    assert [g.kind for g in notes["Dana Rivera"].enclosures] == ["article"]
    assert [g.kind for g in notes["Lee Chen"].enclosures] == ["tip"]


def _two_people(**overrides: Any) -> dict[str, Any]:
    return minimal_dict(
        interviewers=[{"name": "Dana Rivera"}, {"name": "Lee Chen"}, {"name": "Kim Park"}],
        **overrides,
    )


def test_gift_recipient_rule() -> None:
    tip = {"kind": "tip", "text": "Try it."}
    data = _two_people(
        topics=[
            {"subject": "streaming", "with": ["Lee Chen", "Kim Park"]},
            {"subject": "budgets"},
        ],
        hobbies=[{"subject": "chess", "person": "Kim Park"}],
        gifts=[
            {**tip, "about": "streaming"},  # primary did not discuss it: first who did
            {**tip, "about": "budgets"},  # everyone discussed it: the primary
            {**tip, "about": "chess"},  # only Kim mentioned it
            {**tip, "about": "chess", "to": "Lee Chen"},  # named explicitly
        ],
    )
    interview = followup.parse(data)
    assert [gift_recipient(interview, g).name for g in interview.gifts] == [
        "Lee Chen",
        "Dana Rivera",
        "Kim Park",
        "Lee Chen",
    ]
    data["interviewers"][2]["primary"] = True
    interview = followup.parse(data)
    assert gift_recipient(interview, interview.gifts[0]).name == "Kim Park"


# --- interests --------------------------------------------------------------------------------


def test_an_idea_after_the_first_comes_before_the_topics() -> None:
    """A check-in that brings a thought of one's own says more than one that recalls a
    topic (native readers in four languages): the ideas after the one the thank-you
    note tells first come right after the hobbies (a card seldom has room for them);
    the one it tells first comes last."""
    data = minimal_dict(
        topics=[{"subject": "budgets"}, {"subject": "on-call"}],
        hobbies=[{"subject": "sailing", "person": "Dana Rivera"}],
        ideas=[
            {"summary": "a cheaper warehouse", "topic": "budgets"},
            {"summary": "an on-call handbook"},
        ],
    )
    interview = followup.parse(data)
    interests = shared_interests(interview, interview.primary)
    assert [(i.kind, i.subject) for i in interests] == [
        ("hobby", "sailing"),
        ("idea", "an on-call handbook"),
        ("topic", "budgets"),
        ("topic", "on-call"),
        ("idea", "a cheaper warehouse"),
    ]
    plan = followup.plan(interview, max_check_ins=2)
    assert "a cheaper warehouse" in plan.drafts[0].text
    assert [d.interest for d in plan.drafts if d.kind == "check_in"] == [
        "sailing",
        "an on-call handbook",
    ]
    # Within one topic's reach: only what the interviews so far discussed.
    limited = shared_interests(interview, interview.primary, topics={"on-call"})
    assert [i.subject for i in limited] == ["sailing", "an on-call handbook", "on-call"]


def test_interest_order_hobbies_topics_ideas() -> None:
    data = minimal_dict(
        topics=[{"subject": "sailing"}, {"subject": "budgets"}],
        hobbies=[{"subject": "sailing", "person": "Dana Rivera"}],
        ideas=[{"summary": "a cheaper warehouse", "topic": "budgets"}],
    )
    interview = followup.parse(data)
    interests = shared_interests(interview, interview.primary)
    assert [(i.kind, i.subject) for i in interests] == [
        ("hobby", "sailing"),
        ("topic", "budgets"),
        ("idea", "a cheaper warehouse"),
    ]
    decisions = check_ins(_decide(interview))
    assert [d.interest for d in decisions] == [
        "sailing",
        "budgets",
        "a cheaper warehouse",
        "sailing",
    ]
    assert [bool(d.hobbies) for d in decisions] == [True, False, False, True]
    assert [d.topics for d in decisions][1] == ("budgets",)
    assert [i.summary for i in decisions[2].ideas] == ["a cheaper warehouse"]


def test_no_interest_gives_general_check_ins() -> None:
    decisions = check_ins(_decide(followup.parse(minimal_dict())))
    assert len(decisions) == 4
    assert {d.interest for d in decisions} == {None}


# --- options ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "option"),
    [
        ({"every": 0}, "every"),
        ({"every": -14}, "every"),
        ({"every": dt.timedelta(hours=12)}, "every"),
        ({"every": dt.timedelta(days=1, hours=1)}, "every"),
        ({"every": True}, "every"),
        ({"every": "14"}, "every"),
        ({"every": 1, "until": D(2030, 1, 1)}, "every"),
        ({"until": D(2026, 11, 24)}, "until"),
        ({"until": "2027-01-01"}, "until"),
        ({"max_check_ins": -1}, "max_check_ins"),
        ({"max_check_ins": 1000}, "max_check_ins"),
        ({"max_check_ins": 2.5}, "max_check_ins"),
    ],
)
def test_bad_options(interview: followup.Interview, options: dict[str, Any], option: str) -> None:
    with pytest.raises(OptionError) as caught:
        plan_options(interview, **options)
    assert caught.value.option == option
    assert isinstance(caught.value, ValueError)
    value = options[option]
    shown = repr(value.isoformat()) if isinstance(value, dt.date) else repr(value)
    assert shown[:20] in str(caught.value)


def test_bad_today(interview: followup.Interview) -> None:
    with pytest.raises(OptionError) as caught:
        _decide(interview, today=dt.datetime(2026, 12, 1, 9, 0))
    assert caught.value.option == "today"


# --- properties -------------------------------------------------------------------------------

LOCALES = ["en_US", "he", "ar_SA", "fa_IR", "hi_IN", "ps_AF", "de_DE", "en_GB"]
facts = functools.partial(interviews, locales=st.sampled_from(LOCALES), gifts=False)
"""Random but valid facts: people, locales (right-to-left ones and weekends other than
Saturday and Sunday among them), interests, a decision date or none."""


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    interview=facts(),
    every=st.integers(1, 30),
    today=st.none() | st.dates(D(2025, 1, 1), D(2029, 6, 30)),
)
def test_check_in_properties(interview: followup.Interview, every: int, today: D | None) -> None:
    decisions = check_ins(_decide(interview, every=every, today=today, max_check_ins=12))
    person = interview.primary
    territory = resolve_locale(person.locale or interview.locale).territory
    pool: list[str | None] = [i.subject for i in shared_interests(interview, person)]
    interests = [d.interest for d in decisions]
    for decision in decisions:
        assert decision.recipient == person
        assert decision.send_on.weekday() not in weekend(territory)
        assert is_working_day(decision.send_on, territory, person.region)
        assert decision.send_on > interview.date
        if interview.decision_expected is not None:
            assert decision.send_on < interview.decision_expected
        if today is not None:
            assert decision.send_on >= today
    assert [d.send_on for d in decisions] == sorted({d.send_on for d in decisions})
    if not pool:
        assert set(interests) <= {None}
        return
    assert all(i in pool for i in interests if i is not None)
    assert all(a != b for a, b in itertools.pairwise(interests))
    if len(pool) == 1:
        pool.append(None)  # a single interest alternates with general check-ins
    else:
        assert None not in interests
    # None repeated until all were used: between two uses of one interest,
    # every other interest comes up.
    last: dict[str | None, int] = {}
    for index, interest in enumerate(interests):
        if interest in last:
            assert set(interests[last[interest] : index]) == set(pool)
        last[interest] = index


@settings(max_examples=40, deadline=None)
@given(interview=facts())
def test_without_decision_date_four_check_ins(interview: followup.Interview) -> None:
    assume(interview.decision_expected is None)
    assert len(check_ins(_decide(interview))) == 4


@pytest.mark.parametrize("every", [3651, 10**20, dt.timedelta(days=4000)])
def test_a_huge_cadence_is_an_option_error(every: object) -> None:
    interview = followup.parse(minimal_dict())
    with pytest.raises(OptionError, match="every"):
        followup.plan(interview, every=every)


def test_check_ins_stop_at_the_end_of_the_calendar() -> None:
    interview = followup.parse(minimal_dict(date="9999-11-01"))
    decisions = [d for d in _decide(interview) if d.kind == "check_in"]
    assert decisions
    assert all(d.send_on.year == 9999 for d in decisions)


@pytest.mark.parametrize(
    ("locale", "saturday_is_weekend"), [("pa_Arab", True), ("pa", False), ("uz_Arab", False)]
)
def test_the_script_picks_the_territory(locale: str, saturday_is_weekend: bool) -> None:
    """pa_Arab is written in Pakistan, uz_Arab in Afghanistan (weekend Thursday to Friday)."""
    expected = {"pa_Arab": "PK", "pa": "IN", "uz_Arab": "AF"}[locale]
    assert resolve_locale(locale).territory == expected
    assert (5 in weekend(expected)) is saturday_is_weekend


# --- public holidays ------------------------------------------------------------------------


def _first_check_in(date: str, locale: str, region: str | None = None) -> D:
    person: dict[str, Any] = {"name": "Dana Rivera", "locale": locale}
    if region is not None:
        person["region"] = region
    interview = followup.parse(minimal_dict(date=date, interviewers=[person]))
    return days(_decide(interview, max_check_ins=1))[0]


def test_a_check_in_due_between_christmas_and_new_year_goes_out_after_it() -> None:
    # Friday 11 December + 14 days is Friday 25 December: where Christmas is a public
    # holiday, the check-in waits for the first working day after New Year's Day,
    # Monday 4 January 2027 (Saturday the 2nd is a weekend day).
    assert _first_check_in("2026-12-11", "en_US") == D(2027, 1, 4)
    assert _first_check_in("2026-12-11", "de_DE") == D(2027, 1, 4)
    assert _first_check_in("2026-12-16", "en_GB") == D(2027, 1, 4)  # 30 December
    # In Israel the week is a working one: Friday the 25th is its weekend, so Sunday.
    assert _first_check_in("2026-12-11", "he_IL") == D(2026, 12, 27)
    # 23 December is before the holiday week.
    assert _first_check_in("2026-12-09", "de_DE") == D(2026, 12, 23)


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(D(2026, 1, 1), D(2027, 12, 31)),
    every=st.integers(min_value=7, max_value=30),
    locale=st.sampled_from(["en_US", "de_DE", "fr_FR", "es_ES", "he_IL", "en_GB", "fr_CA"]),
)
def test_moves_never_leave_check_ins_less_than_a_week_apart(
    start: D, every: int, locale: str
) -> None:
    person = {"name": "Dana Rivera", "locale": locale}
    interview = followup.parse(minimal_dict(date=start.isoformat(), interviewers=[person]))
    found = days(_decide(interview, every=every, max_check_ins=8))
    assert all(b - a >= MIN_GAP for a, b in itertools.pairwise(found)), found
    territory = resolve_locale(locale).territory
    for day in found:
        assert is_working_day(day, territory)
        if holiday_name(D(day.year if day.month == 12 else day.year - 1, 12, 25), territory):
            assert not (day.month == 12 and day.day >= 24), day
            assert day != D(day.year, 1, 1)


def test_a_day_named_in_a_reply_holds_in_the_holiday_week() -> None:
    reply = {"kind": "reply", "date": "2026-12-10", "next_contact": "2026-12-29"}
    data = example_dict()
    data["events"] = [reply]
    assert days(_decide(followup.parse(data)))[0] == D(2026, 12, 29)


def test_ascension_day_moves_a_check_in_in_germany_but_not_in_the_us() -> None:
    # Thursday 22 April 2027 + 14 days is Ascension Day, Thursday 6 May 2027.
    assert _first_check_in("2027-04-22", "de_DE") == D(2027, 5, 7)
    assert _first_check_in("2027-04-22", "en_US") == D(2027, 5, 6)


def test_a_region_adds_its_own_holidays() -> None:
    # Epiphany, Wednesday 6 January 2027, is a holiday in Bavaria, not in Berlin.
    assert _first_check_in("2026-12-23", "de_DE", "BY") == D(2027, 1, 7)
    assert _first_check_in("2026-12-23", "de_DE", "by") == D(2027, 1, 7)
    assert _first_check_in("2026-12-23", "de_DE", "BE") == D(2027, 1, 6)
    # Saint-Jean-Baptiste, Thursday 24 June 2027, in Quebec only.
    assert _first_check_in("2027-06-10", "fr_CA", "QC") == D(2027, 6, 25)
    assert _first_check_in("2027-06-10", "fr_CA", "ON") == D(2027, 6, 24)


def test_a_territory_without_holiday_data_keeps_its_weekend() -> None:
    # "World English" (territory 001) has no public holidays and the world weekend.
    assert _first_check_in("2026-12-11", "en_001") == D(2026, 12, 25)


# --- who gets check-ins -----------------------------------------------------------------------


@given(facts=interviews(), every=st.integers(min_value=7, max_value=21))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# The primary interviewer's series chose first: the colleague listed before gave way.
@example(
    facts=followup.parse(
        {
            "company": "Dana",
            "role": "Dana",
            "date": "2020-01-01",
            "candidate": {"name": "Dana"},
            "interviewers": [
                {"name": "Dana"},
                {"name": "Dana Dana"},
                {"name": "Dana Dana Dana", "primary": True},
            ],
            "topics": [{"subject": "Rivera"}],
            "ideas": [{"summary": "Dana"}, {"summary": "Dana Dana"}],
            "gifts": [
                {
                    "kind": "article",
                    "about": "Rivera",
                    "title": "Dana",
                    "url": "https://example.org/",
                    "to": "Dana",
                    "when": "check_in",
                }
            ],
        }
    ),
    every=7,
)
def test_colleagues_check_ins_the_same_day_are_about_different_things(
    facts: followup.Interview, every: int
) -> None:
    """Whenever a colleague has something else to talk about that nobody says that
    day, two check-ins that go out the same day are not about the same topic or idea."""
    decisions = check_ins(_decide(facts, check_ins_to="all", every=dt.timedelta(days=every)))
    by_day: dict[dt.date, list[Decision]] = {}
    for decision in decisions:
        by_day.setdefault(decision.send_on, []).append(decision)
    for day in by_day.values():
        for one, other in itertools.combinations(day, 2):
            if one.interest is None or one.interest != other.interest:
                continue
            if one.enclosures or other.enclosures:
                continue  # a gift's check-in is about the gift's subject
            if one.hobbies:
                continue  # a hobby is the reader's own, even one a colleague shares

            # Allowed only when one of them had nothing else but what it said before
            # (the series are decided the primary interviewer's first, so the one that
            # gave way may be either).
            def cornered(decision: Decision, day: list[Decision] = day) -> bool:
                choices = {i.subject for i in shared_interests(facts, decision.recipient)}
                choices -= {d.interest for d in day}  # said by someone that day
                return not choices - _said_before(decisions, decision)

            assert cornered(one) or cornered(other), (one, other)


def _said_before(decisions: list[Decision], decision: Decision) -> set[str]:
    """The interest of the check-in to the same person just before *decision*."""
    mine = [d for d in decisions if d.recipient.name == decision.recipient.name]
    at = mine.index(decision)
    return {mine[at - 1].interest} if at and mine[at - 1].interest else set()


def test_check_ins_to_all_gives_everyone_a_series(interview: followup.Interview) -> None:
    decisions = check_ins(_decide(interview, check_ins_to="all"))
    by_person: dict[str, list[Decision]] = {}
    for decision in decisions:
        by_person.setdefault(decision.recipient.name, []).append(decision)
    assert set(by_person) == {"Dana Rivera", "Lee Chen"}
    assert [d.send_on for d in by_person["Lee Chen"]] == [
        D(2026, 12, 8),
        D(2026, 12, 22),
        D(2027, 1, 5),
        D(2027, 1, 19),
    ]
    # Each about that person's own interests: Lee's hobby first, then Lee's topics;
    # the idea for both is Dana's on January 19 (colleagues compare notes), so Lee's
    # rotation goes on to the hobby again that day.
    idea = "partitioning the event tables by day to cut warehouse costs"
    assert [d.interest for d in by_person["Lee Chen"]] == [
        "jazz piano",
        "moving the nightly batch jobs to streaming",
        "on-call practices",
        "jazz piano",
    ]
    assert [d.interest for d in by_person["Dana Rivera"] if d.send_on == D(2027, 1, 19)] == [idea]
    assert [d.number for d in by_person["Lee Chen"]] == [1, 2, 3, 4]
    assert [d.interest for d in by_person["Dana Rivera"]] == [
        d.interest for d in check_ins(_decide(interview))
    ]


def test_check_ins_to_primary_is_the_default(interview: followup.Interview) -> None:
    assert _decide(interview) == _decide(interview, check_ins_to="primary")
    assert {d.recipient.name for d in check_ins(_decide(interview))} == {"Dana Rivera"}


def test_check_ins_to_must_be_primary_or_all(interview: followup.Interview) -> None:
    with pytest.raises(OptionError, match="primary") as caught:
        _decide(interview, check_ins_to="everyone")
    assert caught.value.option == "check_ins_to"


# --- gifts for a check-in ---------------------------------------------------------------------


def _with_check_in_gift(**gift: Any) -> followup.Interview:
    data = example_dict()
    data["gifts"].append(
        {
            "kind": "website",
            "about": "moving the nightly batch jobs to streaming",
            "title": "Streaming Systems, chapter 1",
            "url": "https://example.org/streaming",
            "when": "check_in",
            **gift,
        }
    )
    return followup.parse(data)


def test_a_check_in_gift_rides_with_the_next_check_in_and_becomes_its_interest() -> None:
    interview = _with_check_in_gift()
    decisions = _decide(interview)
    notes = [d for d in decisions if d.kind == "thank_you"]
    assert all(g.kind != "website" for d in notes for g in d.enclosures)
    first = check_ins(decisions)[0]
    assert [g.kind for g in first.enclosures] == ["website"]
    assert first.interest == "moving the nightly batch jobs to streaming"
    assert first.topics == ("moving the nightly batch jobs to streaming",)
    # The rest rotate through the other interests first.
    assert [d.interest for d in check_ins(decisions)[1:]] == [
        "sailing",
        "sourdough baking",
        "partitioning the event tables by day to cut warehouse costs",
    ]
    assert all(not d.enclosures for d in check_ins(decisions)[1:])


def test_a_check_in_gift_after_today_rides_with_the_first_check_in_still_to_come() -> None:
    decisions = _decide(_with_check_in_gift(), today=D(2026, 12, 10))
    first = check_ins(decisions)[0]
    assert first.send_on == D(2026, 12, 22)
    assert [g.kind for g in first.enclosures] == ["website"]


def test_two_check_in_gifts_about_one_subject_are_not_in_a_row() -> None:
    data = example_dict()
    for title in ("One", "Two"):
        data["gifts"].append(
            {
                "kind": "article",
                "about": "sailing",
                "title": title,
                "url": "https://example.org/" + title,
                "when": "check_in",
            }
        )
    decisions = check_ins(_decide(followup.parse(data)))
    assert [d.interest for d in decisions][:3] == ["sailing", "sourdough baking", "sailing"]
    assert [[g.title for g in d.enclosures] for d in decisions] == [["One"], [], ["Two"], []]  # type: ignore[union-attr]


def test_a_check_in_gift_for_someone_without_check_ins_goes_with_the_note() -> None:
    interview = _with_check_in_gift(to="Lee Chen")
    notes = {d.recipient.name: d for d in _decide(interview) if d.kind == "thank_you"}
    assert [g.kind for g in notes["Lee Chen"].enclosures] == ["tip", "website"]
    # With check-ins to everyone, it rides with Lee's first check-in instead.
    decisions = _decide(interview, check_ins_to="all")
    lee = [d for d in check_ins(decisions) if d.recipient.name == "Lee Chen"]
    assert [g.kind for g in lee[0].enclosures] == ["website"]


def test_a_region_may_be_written_by_its_name() -> None:
    assert _first_check_in("2026-12-23", "de_DE", "Bayern") == D(2027, 1, 7)
    assert _first_check_in("2026-12-23", "de_AT", "Wien") == D(2027, 1, 7)  # Epiphany


def test_an_unknown_region_lists_the_countrys_regions_by_code_and_name() -> None:
    data = minimal_dict(interviewers=[{"name": "Dana Rivera", "locale": "de_DE", "region": "XX"}])
    with pytest.raises(followup.FactsError) as caught:
        followup.parse(data)
    (problem,) = caught.value.problems
    assert problem.path == "interviewers[0].region"
    assert "is not a region of DE" in problem.message
    assert "BY (Bayern)" in problem.message
    assert "BW (Baden-Württemberg)" in problem.message
    assert problem.value == "XX"


@pytest.mark.parametrize(("locale", "first"), [("de_DE", D(2027, 5, 7)), ("en_US", D(2027, 5, 6))])
def test_the_example_facts_avoid_ascension_day_in_germany_only(locale: str, first: D) -> None:
    data = example_dict()
    data.update(date="2027-04-22", decision_expected="2027-07-01")
    data["interviewers"][0]["locale"] = locale
    assert days(_decide(followup.parse(data)))[0] == first


def test_the_example_facts_avoid_christmas_day() -> None:
    data = example_dict()
    data.update(date="2026-12-11", decision_expected="2027-03-01")
    # The 25th moves to 4 January; 14 days on is Martin Luther King Day, so the 19th.
    assert days(_decide(followup.parse(data)))[:2] == [D(2027, 1, 4), D(2027, 1, 19)]
