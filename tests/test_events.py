"""What happened since: events in the facts re-plan the rest, on the example facts.

The example interview is on Tuesday 24 November 2026, the decision expected on
29 January 2027; check-ins go to Dana Rivera every 14 days: 8 and 22 December,
5 and 19 January.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from typing import Any

import pytest
from babel.dates import format_date
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import followup
from followup.facts import MAX_LATER_INTERVIEWS, MAX_PEOPLE_TOTAL
from followup.facts.writing import to_toml
from followup.strategy import Decision, decide, options
from tests.conftest import OUTCOMES, decided, example_dict, interviewed_again, minimal_dict

D = dt.date


def _facts(*events: dict[str, Any], data: dict[str, Any] | None = None) -> followup.Interview:
    facts = example_dict() if data is None else data
    facts["events"] = [*facts.get("events", []), *events]
    return followup.parse(facts)


def _decide(interview: followup.Interview, **chosen: Any) -> list[Decision]:
    return decide(interview, options(interview, **chosen))


def sent(draft: object, on: str, **more: Any) -> dict[str, Any]:
    return {"kind": "sent", "date": on, "draft": draft, **more}


def check_ins(decisions: list[Decision]) -> list[tuple[D, str, str]]:
    return [(d.send_on, d.id, d.status) for d in decisions if d.kind == "check_in"]


def _problems(*events: dict[str, Any], data: dict[str, Any] | None = None) -> list[Any]:
    with pytest.raises(followup.FactsError) as caught:
        _decide(_facts(*events, data=data))
    return list(caught.value.problems)


# --- ids -----------------------------------------------------------------------------------


def test_every_draft_has_a_short_stable_id(interview: followup.Interview) -> None:
    assert [d.id for d in _decide(interview)] == [
        "thank-you-dana-rivera",
        "thank-you-lee-chen",
        "check-in-1-dana-rivera",
        "check-in-2-dana-rivera",
        "check-in-3-dana-rivera",
        "check-in-4-dana-rivera",
    ]


def test_an_id_does_not_change_with_the_day_the_plan_is_made(
    interview: followup.Interview,
) -> None:
    first = {(d.kind, d.recipient.name, d.send_on): d.id for d in _decide(interview)}
    later = _decide(interview, today=D(2026, 12, 10))
    # Nothing recorded: the check-in of 8 December is left out; the others keep their
    # ids (and the notes, moved to today, theirs).
    assert [d.id for d in later if d.kind == "check_in"] == [
        "check-in-2-dana-rivera",
        "check-in-3-dana-rivera",
        "check-in-4-dana-rivera",
    ]
    for draft in later:
        if draft.kind == "check_in":
            assert first[(draft.kind, draft.recipient.name, draft.send_on)] == draft.id
    # Once sends are recorded, the check-ins follow what is due one at a time: the first
    # is still check-in-1, whatever its day.
    note = sent("thank-you-lee-chen", "2026-11-24")
    recorded = _decide(_facts(note), today=D(2026, 12, 10))
    # (Counted from Dana's note, due today: 24 December, in the holiday week, moves to
    # 4 January; 14 days on is Martin Luther King Day, so the 19th.)
    assert [(d.id, d.send_on) for d in recorded if d.kind == "check_in"] == [
        ("check-in-1-dana-rivera", D(2027, 1, 4)),
        ("check-in-2-dana-rivera", D(2027, 1, 19)),
    ]


def test_ids_of_names_without_ascii_letters_and_alike_names_stay_unique() -> None:
    data = example_dict()
    data["interviewers"] = [{"name": "José Ruiz"}, {"name": "Jose Ruiz"}, {"name": "王伟"}]
    for topic in data["topics"]:
        topic.pop("with", None)
    data["hobbies"], data["gifts"], data["ideas"] = [], [], []
    ids = [d.id for d in _decide(followup.parse(data)) if d.kind == "thank_you"]
    assert ids[:2] == ["thank-you-jose-ruiz", "thank-you-jose-ruiz-2"]
    assert ids[2].startswith("thank-you-x")
    assert ids[2].isascii()


# --- sent ----------------------------------------------------------------------------------


def test_a_sent_draft_is_done_and_keeps_its_words(interview: followup.Interview) -> None:
    before = followup.plan(interview)
    after = followup.plan(_facts(sent("thank-you-dana-rivera", "2026-11-24")))
    note = after.draft("thank-you-dana-rivera")
    assert note.sent_on == D(2026, 11, 24)
    assert after.status(note) == "sent"
    assert note.model_copy(update={"sent_on": None}) == before.draft("thank-you-dana-rivera")
    assert [d.sent_on for d in after.drafts[1:]] == [None] * 5


def test_a_check_in_sent_on_time_keeps_the_cadence() -> None:
    decisions = _decide(
        _facts(
            sent("thank-you-dana-rivera", "2026-11-24"),
            sent("check-in-1-dana-rivera", "2026-12-08"),
        )
    )
    assert check_ins(decisions) == [
        (D(2026, 12, 8), "check-in-1-dana-rivera", "sent"),
        (D(2026, 12, 22), "check-in-2-dana-rivera", "pending"),
        (D(2027, 1, 5), "check-in-3-dana-rivera", "pending"),
        (D(2027, 1, 19), "check-in-4-dana-rivera", "pending"),
    ]


def test_a_check_in_sent_late_counts_the_next_ones_from_the_day_it_went_out() -> None:
    decisions = _decide(_facts(sent("check-in-1-dana-rivera", "2026-12-11")))
    # 11 December + 14 days is Christmas Day, in the holiday week: the first working
    # day after New Year's Day, 4 January; then 14 days on (Martin Luther King Day, so
    # the 19th).
    assert check_ins(decisions) == [
        (D(2026, 12, 8), "check-in-1-dana-rivera", "sent"),
        (D(2027, 1, 4), "check-in-2-dana-rivera", "pending"),
        (D(2027, 1, 19), "check-in-3-dana-rivera", "pending"),
    ]
    (first,) = [d for d in decisions if d.id == "check-in-1-dana-rivera"]
    assert first.sent_on == D(2026, 12, 11)
    # The note to Dana was not recorded: a later draft to her went out, so it is skipped.
    assert [d.status for d in decisions if d.kind == "thank_you"] == ["skipped", "pending"]


def test_a_draft_may_be_named_by_its_kind_and_day() -> None:
    by_day = {"kind": "check_in", "date": "2026-12-22"}
    decisions = _decide(_facts(sent(by_day, "2026-12-22")))
    assert [(d.id, d.status) for d in decisions if d.kind == "check_in"][:2] == [
        ("check-in-1-dana-rivera", "skipped"),
        ("check-in-2-dana-rivera", "sent"),
    ]
    note = {"kind": "thank_you", "date": "2026-11-24"}
    (problem,) = _problems(sent(note, "2026-11-24"))
    assert problem.path == "events[0].draft"
    assert "a thank-you note each to Dana Rivera and Lee Chen" in problem.message
    assert "add person = 'Dana Rivera'" in problem.message
    decisions = _decide(_facts(sent(note, "2026-11-24", person="Lee Chen")))
    assert [d.status for d in decisions if d.kind == "thank_you"] == ["pending", "sent"]


def test_a_sent_event_naming_no_draft_is_a_problem_with_a_hint() -> None:
    (problem,) = _problems(sent("check-in-1-dana-riviera", "2026-12-08"))
    assert problem.path == "events[0].draft"
    assert "names no draft of the plan; did you mean 'check-in-1-dana-rivera'?" in problem.message
    (problem,) = _problems(sent({"kind": "check_in", "date": "2026-12-09"}, "2026-12-09"))
    assert "the check-ins are planned for 2026-12-08, 2026-12-22" in problem.message


def test_a_draft_sent_twice_is_a_problem() -> None:
    once = sent("check-in-1-dana-rivera", "2026-12-08")
    (problem,) = _problems(once, sent("check-in-1-dana-rivera", "2026-12-09"))
    assert problem.path == "events[1].draft"
    assert "already recorded as sent on 2026-12-08 at events[0]" in problem.message


def test_a_note_sent_before_its_interview_is_a_problem() -> None:
    with pytest.raises(followup.FactsError) as caught:
        _facts(sent("thank-you-dana-rivera", "2026-11-20"))
    (problem,) = caught.value.problems
    assert problem.path == "events[0].date"
    assert "before the interview day 2026-11-24" in problem.message


def test_a_check_in_past_its_day_is_overdue_once_the_draft_before_it_went_out() -> None:
    recorded = _facts(sent("thank-you-dana-rivera", "2026-11-24"))
    plan = followup.plan(recorded, today=D(2026, 12, 23))
    first, second = [d for d in plan.drafts if d.kind == "check_in"][:2]
    # The first is overdue; the second, also past, follows it a full interval after
    # today, when the first goes out: one at a time.
    assert (first.id, plan.status(first)) == ("check-in-1-dana-rivera", "overdue")
    assert (second.id, second.send_on) == ("check-in-2-dana-rivera", D(2027, 1, 6))
    assert [d.id for d in plan.due()] == ["check-in-1-dana-rivera", "thank-you-lee-chen"]
    # Nothing recorded: as before, a check-in past its day is left out, and the days
    # stay counted from the interview.
    plain = followup.plan(followup.parse(example_dict()), today=D(2026, 12, 23))
    assert [d.id for d in plain.due()] == ["thank-you-dana-rivera", "thank-you-lee-chen"]
    assert plain.next_due() == D(2027, 1, 5)


# --- reply ---------------------------------------------------------------------------------


def test_a_check_in_never_speaks_of_a_thank_you_note_that_was_not_sent() -> None:
    """check-in-1 went out first: Dana's thank-you note is skipped and told nothing."""
    plan = followup.plan(
        _facts(sent("check-in-1-dana-rivera", "2026-12-08")), today=D(2026, 12, 8)
    )
    assert plan.status(plan.draft("thank-you-dana-rivera")) == "skipped"
    later = [d for d in plan.drafts if d.kind == "check_in" and d.sent_on is None]
    assert later
    assert not [d.id for d in later if "thank-you note" in d.text]
    # Its article goes with the first check-in still to send that is not about sailing
    # right after check-in-1 was.
    carried = [(d.id, e.gift.about) for d in later for e in d.enclosures]
    assert carried == [("check-in-3-dana-rivera", "sailing")]
    carrying = plan.draft("check-in-3-dana-rivera")
    on_the_card = "I have enclosed a note on an article I thought might interest you."
    assert on_the_card in carrying.text
    assert "The racing rules, explained" in carrying.enclosures[0].text  # on its slip


def test_a_reply_moves_the_next_check_in_to_the_day_named() -> None:
    reply = {"kind": "reply", "date": "2026-12-03", "next_contact": "2027-01-06"}
    decisions = _decide(_facts(sent("thank-you-dana-rivera", "2026-11-24"), reply))
    assert check_ins(decisions) == [
        (D(2027, 1, 6), "check-in-1-dana-rivera", "pending"),
        (D(2027, 1, 20), "check-in-2-dana-rivera", "pending"),
    ]


def _check_ins_after(reply: dict[str, Any], *more: dict[str, Any], **data: Any) -> list[Any]:
    facts = example_dict() | data
    interview = _facts(sent("thank-you-dana-rivera", "2026-11-24"), reply, *more, data=facts)
    plan = followup.plan(interview, today=D(2026, 12, 3))
    return [d for d in plan.drafts if d.kind == "check_in"]


def test_the_check_in_on_the_day_a_reply_named_says_it_comes_as_suggested() -> None:
    reply = {"kind": "reply", "date": "2026-12-03", "next_contact": "2027-01-20"}
    first, second = _check_ins_after(reply, decision_expected="2027-03-31")[:2]
    assert first.send_on == D(2027, 1, 20)
    for text in (first.text, first.email_text):  # the body's opening, after the salutation
        assert text.split("\n\n")[1].startswith(
            "As you suggested, I am checking back in with you about the Senior Data Engineer "
            "position."
        )
        # They asked to hear back: the candidate asks for news.
        assert "I would welcome any update you can share on the next steps." in " ".join(
            text.split()
        )
    assert first.subject == "Following up on the Senior Data Engineer position"
    assert "suggested" not in second.text
    assert "any update" not in second.text
    # Without a day named, or with the day passed over by a pause, nothing was suggested.
    unnamed = {k: v for k, v in reply.items() if k != "next_contact"}
    assert not any("suggested" in d.text for d in _check_ins_after(unnamed))
    paused = {"kind": "paused", "date": "2026-12-04", "until": "2027-02-01"}
    assert not any("suggested" in d.text for d in _check_ins_after(reply, paused))
    # In every language it is the opening sentence.
    (german, *_) = _check_ins_after(reply, locale="de")
    assert german.text.split("\n\n")[1].startswith("wie vereinbart melde ich mich")


def test_a_check_in_with_a_seasonal_wish_on_the_day_named_says_both() -> None:
    reply = {"kind": "reply", "date": "2026-12-03", "next_contact": "2027-01-06"}
    first, second = _check_ins_after(reply)[:2]
    assert first.send_on == D(2027, 1, 6)
    assert first.text.split("\n\n")[1].startswith(
        "Happy New Year! I hope the year is off to a good start for you. "
        "As you suggested, I am following up about the Senior Data Engineer position."
    )
    assert "suggested" not in second.text


def test_a_french_check_in_wishes_a_happy_new_year_all_january() -> None:
    """French letters send their New Year wishes all month; English ones in its first
    fortnight."""
    reply = {"kind": "reply", "date": "2026-12-03", "next_contact": "2027-01-20"}
    (french, *_) = _check_ins_after(reply, locale="fr", decision_expected="2027-03-31")
    (english, *_) = _check_ins_after(reply, decision_expected="2027-03-31")
    assert french.send_on == english.send_on == D(2027, 1, 20)
    assert french.email_text.split("\n\n")[1].startswith("Je vous adresse tous mes vœux")
    assert "Comme convenu, je reprends contact avec vous au sujet du poste" in french.email_text
    assert english.email_text.split("\n\n")[1].startswith("As you suggested, I am checking")


def test_a_reply_without_a_day_moves_the_next_check_in_a_full_interval_after_it() -> None:
    first = sent("check-in-1-dana-rivera", "2026-12-08")
    reply = {"kind": "reply", "date": "2026-12-09", "person": "Dana Rivera"}
    decisions = _decide(_facts(first, reply))
    assert [(d.send_on, d.interest) for d in decisions if d.kind == "check_in"] == [
        (D(2026, 12, 8), "sailing"),
        (D(2026, 12, 23), "sourdough baking"),
        # The article of the thank-you note, never sent, goes with a check-in.
        (D(2027, 1, 6), "sailing"),
        (D(2027, 1, 20), "moving the nightly batch jobs to streaming"),
    ]


def test_the_check_in_after_a_reply_is_about_something_else_than_the_draft_answered() -> None:
    data = example_dict()
    data["hobbies"] = [h for h in data["hobbies"] if h["subject"] != "sourdough baking"]
    first = sent("check-in-1-dana-rivera", "2026-12-08")
    second = sent("check-in-2-dana-rivera", "2026-12-22")
    # Dana answers the first check-in (about sailing) after the second went out: the
    # rotation would come back to sailing next; the reply's subject is avoided.
    reply = {"kind": "reply", "date": "2026-12-28", "draft": "check-in-1-dana-rivera"}
    plain = [d.interest for d in _decide(_facts(first, second, data=example_dict()))]
    assert "sailing" in plain
    decisions = [
        d for d in _decide(_facts(first, second, reply, data=data)) if d.kind == "check_in"
    ]
    assert [d.interest for d in decisions][:3] == [
        "sailing",
        "moving the nightly batch jobs to streaming",
        "partitioning the event tables by day to cut warehouse costs",
    ]
    assert decisions[2].send_on == D(2027, 1, 11)


def test_a_reply_before_the_interview_is_a_problem() -> None:
    with pytest.raises(followup.FactsError) as caught:
        _facts({"kind": "reply", "date": "2026-11-23"})
    assert [p.path for p in caught.value.problems] == ["events[0].date"]


# --- second interview -----------------------------------------------------------------------


def test_a_second_interview_brings_its_notes_and_counts_check_ins_from_it() -> None:
    facts = followup.parse(interviewed_again(example_dict()))
    plan = followup.plan(facts)
    notes = [d for d in plan.drafts if d.kind == "thank_you"]
    assert [(d.id, d.send_on) for d in notes] == [
        ("thank-you-dana-rivera", D(2026, 11, 24)),
        ("thank-you-lee-chen", D(2026, 11, 24)),
        ("thank-you-2-dana-rivera", D(2026, 12, 15)),
        ("thank-you-2-pat-kim", D(2026, 12, 15)),
    ]
    again, new = notes[2:]
    assert "Thank you for meeting with me again on December 15" in again.text
    # Pat Kim, second at the second interview, is not told Lee Chen's words (second at
    # the first): the turns move on after a later interview.
    assert "Thank you for meeting with me on December 15 to discuss" in new.text
    lee = plan.draft("thank-you-lee-chen").text
    assert "Thank you for speaking with me on November 24" in lee
    # Dr. Rivera was met on the first day.
    assert "It was a pleasure to meet you, and good to see Dr. Rivera again." in new.text
    assert "It was a pleasure to meet Pat Kim as well." in again.text
    assert "Lee Chen" not in new.text
    # Check-ins: counted from 15 December (the 29th, in the holiday week, moves to 4
    # January, then every 14 days: 19 January, after Martin Luther King Day); the one of
    # 8 December falls in the week before the interview, the next contact.
    assert check_ins(_decide(facts)) == [
        (D(2027, 1, 4), "check-in-2-1-dana-rivera", "pending"),
        (D(2027, 1, 19), "check-in-2-2-dana-rivera", "pending"),
    ]


_AHEAD = {
    "kind": "second_interview",
    "date": "2027-01-19",
    "interviewers": ["Dana Rivera"],
    "decision_expected": "2027-02-26",
}


def test_the_check_ins_before_a_later_interview_ahead_stay_and_the_last_looks_forward() -> None:
    plan = followup.plan(_facts(_AHEAD), today=D(2026, 11, 24))
    before = [d for d in plan.drafts if d.kind == "check_in" and d.send_on < D(2027, 1, 19)]
    assert [(d.id, d.send_on) for d in before] == [
        ("check-in-1-dana-rivera", D(2026, 12, 8)),
        ("check-in-2-dana-rivera", D(2026, 12, 22)),
        ("check-in-3-dana-rivera", D(2027, 1, 5)),
    ]
    # Only the last before it names its day, and the holiday wish, which looks ahead
    # to it instead of to "the new year".
    assert "January 19" not in before[0].text
    assert "I look forward to seeing you again in January." in before[1].text
    for text in (before[-1].text, before[-1].email_text):
        assert "I look forward to our meeting on January 19 and to learning" in text
    after = [d for d in plan.drafts if d.kind == "check_in" and d.send_on > D(2027, 1, 19)]
    assert [(d.id, d.send_on) for d in after] == [
        ("check-in-2-1-dana-rivera", D(2027, 2, 2)),
        ("check-in-2-2-dana-rivera", D(2027, 2, 16)),
    ]
    decided_ = [d for d in _decide(_facts(_AHEAD)) if d.kind == "check_in"]
    assert [(d.next_interview, d.meets_again) for d in decided_] == [
        (None, False),
        (None, False),
        (D(2027, 1, 19), True),
        (None, False),
        (None, False),
    ]


def test_no_check_in_goes_out_in_the_interval_just_before_a_later_interview() -> None:
    # Every 14 days: the check-in of 5 January is 14 days before an interview on the
    # 19th and stays (the test above); 13 days before one on the 18th, it is left out,
    # and the holiday check-in before it is the last, naming the day.
    plan = followup.plan(_facts({**_AHEAD, "date": "2027-01-18"}), today=D(2026, 11, 24))
    before = [d for d in plan.drafts if d.kind == "check_in" and d.send_on < D(2027, 1, 18)]
    assert [d.send_on for d in before] == [D(2026, 12, 8), D(2026, 12, 22)]
    assert "January 18" in before[-1].text
    assert "January 18" not in before[0].text
    # Weekly: 29 December moves to 4 January (the holiday week), 7 days before an
    # interview on the 11th: it stays; 4 days before one on the 8th, it is left out.
    for day, kept in ((D(2027, 1, 11), D(2027, 1, 4)), (D(2027, 1, 8), D(2026, 12, 22))):
        weekly = followup.plan(
            _facts({**_AHEAD, "date": day.isoformat()}), every=7, today=D(2026, 11, 24)
        )
        last = [d for d in weekly.drafts if d.kind == "check_in" and d.send_on < day]
        assert last[-1].send_on == kept, day
        assert f"January {day.day}" in last[-1].text


def test_the_last_check_in_to_someone_not_at_the_later_interview_names_it_as_the_next() -> None:
    plan = followup.plan(_facts({**_AHEAD, "interviewers": ["Lee Chen"]}), today=D(2026, 11, 24))
    last = plan.draft("check-in-3-dana-rivera")
    assert "I look forward to my next interview on January 19 and to learning" in last.text
    assert "seeing you again" not in last.text


@pytest.mark.parametrize("locale", followup.shipped_locales())
def test_the_last_check_in_before_a_later_interview_names_its_day_in_every_language(
    locale: str,
) -> None:
    data = example_dict()
    data["locale"] = locale
    plan = followup.plan(_facts(_AHEAD, data=data), today=D(2026, 11, 24))
    month = format_date(D(2027, 1, 19), "MMMM", locale=locale)
    last = plan.draft("check-in-3-dana-rivera")
    assert plan.draft("check-in-3-dana-rivera").locale == locale
    for text in (last.text, last.email_text):
        assert re.search(rf"\b19\.? (de )?{month}\b|\b{month} 19\b", text), text
    assert month not in plan.draft("check-in-1-dana-rivera").text


def test_once_a_later_interview_has_come_the_check_ins_before_it_not_sent_are_left_out() -> None:
    went = [
        sent("thank-you-dana-rivera", "2026-11-24"),
        sent("thank-you-lee-chen", "2026-11-24"),
        sent("check-in-1-dana-rivera", "2026-12-08"),
    ]
    # On 5 January check-in-2 is overdue; sent that day, the next would fall after it.
    waiting = followup.plan(_facts(*went, _AHEAD), today=D(2027, 1, 5))
    assert [d.id for d in waiting.due()] == ["check-in-2-dana-rivera"]
    assert waiting.status(waiting.draft("check-in-2-dana-rivera")) == "overdue"
    come = followup.plan(_facts(*went, _AHEAD), today=D(2027, 1, 20))
    ids = {d.id for d in come.drafts}
    assert "check-in-1-dana-rivera" in ids  # sent: done
    assert not {"check-in-2-dana-rivera", "check-in-3-dana-rivera"} & ids
    assert [d.id for d in come.due()] == ["thank-you-2-dana-rivera"]


def test_a_check_in_sent_before_a_later_interview_was_written_down_keeps_its_words() -> None:
    went = [
        sent("thank-you-dana-rivera", "2026-11-24"),
        sent("check-in-1-dana-rivera", "2026-12-08"),
        sent("check-in-2-dana-rivera", "2026-12-22"),
        sent("check-in-3-dana-rivera", "2027-01-05"),
    ]
    unknown = followup.plan(_facts(*went, _AHEAD), today=D(2027, 1, 6))
    assert "January 19" not in unknown.draft("check-in-3-dana-rivera").text
    known = followup.plan(_facts(_AHEAD, *went), today=D(2027, 1, 6))
    assert "our meeting on January 19" in known.draft("check-in-3-dana-rivera").text


def test_an_id_names_the_same_draft_before_and_after_a_later_interview() -> None:
    # Sent on 9 December, before the second interview: check-in-2 is the one of
    # 8 December, and it keeps its id once the interview of 15 December is applied.
    data = interviewed_again(example_dict())
    data["events"].insert(0, sent("check-in-2-dana-rivera", "2026-12-09"))
    plan = followup.plan(followup.parse(data), every=7)
    assert plan.draft("check-in-2-dana-rivera").send_on == D(2026, 12, 8)
    assert plan.draft("check-in-2-dana-rivera").sent_on == D(2026, 12, 9)
    after = [d.id for d in plan.drafts if d.kind == "check_in" and d.send_on > D(2026, 12, 15)]
    assert after[:2] == ["check-in-2-1-dana-rivera", "check-in-2-2-dana-rivera"]


def test_a_draft_after_a_later_interview_cannot_be_sent_before_it() -> None:
    data = interviewed_again(example_dict())
    data["events"].append(sent("check-in-2-1-dana-rivera", "2026-12-09"))
    with pytest.raises(followup.FactsError) as raised:
        followup.plan(followup.parse(data))
    (problem,) = raised.value.problems
    assert problem.path == "events[1].date"
    assert "before the interview on 2026-12-15" in str(raised.value)
    assert "check-in-2-1-dana-rivera is a draft after it" in str(raised.value)


def test_a_name_starting_with_a_digit_never_reads_as_a_later_interview() -> None:
    data = json.loads(json.dumps(example_dict(), default=str).replace("Lee Chen", "2 Chainz"))
    facts = followup.parse(interviewed_again(data))
    ids = {d.id for d in followup.plan(facts).drafts}
    assert "thank-you-x2-chainz" in ids
    assert not any(i.startswith("thank-you-2-chainz") for i in ids)


def test_after_a_second_interview_its_topics_then_the_interests_not_yet_used_come_first() -> None:
    """The first check-in after the second interview is about what was discussed there
    ("since we last met" would otherwise seem to be about older talk), then come the
    interests no check-in was about yet."""
    data = interviewed_again(example_dict())
    data["events"].insert(0, sent("check-in-1-dana-rivera", "2026-12-08"))
    data["events"][1]["decision_expected"] = "2027-03-01"
    decisions = [d for d in _decide(followup.parse(data)) if d.kind == "check_in"]
    assert [(d.send_on, d.interest) for d in decisions] == [
        (D(2026, 12, 8), "sailing"),
        # 29 December, in the holiday week, moves to 4 January; the next ones every 14
        # days from there, off Martin Luther King Day and Presidents' Day.
        (D(2027, 1, 4), "moving the nightly batch jobs to streaming"),  # the second's topic
        (D(2027, 1, 19), "sailing"),  # with the article of the note never sent
        (D(2027, 2, 1), "sourdough baking"),
        # The decision is now expected on 1 March: one more check-in before it.
        (D(2027, 2, 16), "partitioning the event tables by day to cut warehouse costs"),
    ]


def _sentences(text: str) -> set[str]:
    """The sentences of a note's body (no salutation, closing or signature)."""
    body = " ".join(" ".join(text.split("\n\n")[1:-1]).split())
    return {s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if s.strip()}


@pytest.mark.parametrize("locale", ["en_US", "de", "fr", "es"])
@pytest.mark.parametrize("formality", ["formal", "informal"])
def test_the_note_after_a_later_interview_repeats_no_sentence_of_the_first(
    locale: str, formality: str
) -> None:
    data = example_dict() | {"locale": locale, "formality": formality}
    for person in data["interviewers"]:
        person.pop("locale", None)
        person.pop("formality", None)
    # The same topic again: the wording, not the facts, must differ.
    plan = followup.plan(followup.parse(interviewed_again(data)))
    first, again = plan.draft("thank-you-dana-rivera"), plan.draft("thank-you-2-dana-rivera")
    for form in ("text", "email_text"):
        shared = _sentences(getattr(first, form)) & _sentences(getattr(again, form))
        assert not shared, (form, shared)


def test_the_first_notes_leave_out_a_topic_of_the_second_interview() -> None:
    plan = followup.plan(followup.parse(interviewed_again(example_dict())))
    first = plan.draft("thank-you-dana-rivera")
    assert "moving the nightly batch jobs" not in first.text
    assert "moving the nightly batch jobs" in plan.draft("thank-you-2-dana-rivera").text


# --- decision ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "words", "on_the_card"),
    [
        ("offer", "I am delighted to accept", "I am delighted to be joining you and the team"),
        (
            "rejection",
            "I would be glad to be considered for future openings",
            "I would be glad to be considered for future openings",
        ),
        (
            "withdrawn",
            "After careful thought, I have decided to withdraw my application",
            "As I mentioned, after careful thought I have decided to withdraw",
        ),
    ],
)
def test_a_decision_ends_the_check_ins_with_a_closing_note(
    outcome: str, words: str, on_the_card: str
) -> None:
    """The e-mail gives the answer that day; the card, read days later, says it too, as
    done (an acceptance: joining; a withdrawal: as I mentioned), never a second time."""
    data = example_dict()
    data["events"] = [sent("check-in-1-dana-rivera", "2026-12-08")]
    plan = followup.plan(followup.parse(decided(data, outcome, on="2026-12-15")))
    assert [d.id for d in plan.drafts if d.kind == "check_in"] == ["check-in-1-dana-rivera"]
    # A check-in not sent by the decision is left out too.
    late = followup.plan(followup.parse(decided(example_dict(), outcome, on="2026-12-15")))
    assert [d.id for d in late.drafts if d.kind == "check_in"] == []
    closing = plan.draft("closing-dana-rivera")
    assert (closing.kind, closing.send_on, closing.recipient.name) == (
        "closing",
        D(2026, 12, 15),
        "Dana Rivera",
    )
    assert words in closing.email_text
    assert on_the_card in " ".join(closing.text.split())
    assert (on_the_card in " ".join(closing.email_text.split())) == (words == on_the_card)
    assert (words in " ".join(closing.text.split())) == (words == on_the_card)
    assert closing.text.startswith("Dear Dr. Rivera,")


def test_a_closing_note_speaks_the_recipients_language() -> None:
    data = decided(example_dict(), "offer")
    data["interviewers"][0]["locale"] = "de_DE"
    closing = followup.plan(followup.parse(data)).draft("closing-dana-rivera")
    assert closing.locale == "de"
    assert closing.text.startswith("Sehr geehrte Frau Dr. Rivera,\n\nvielen Dank für Ihr Angebot")


def test_after_the_decision_a_note_never_sent_is_no_longer_to_send() -> None:
    decision = {"kind": "decision", "date": "2026-12-02", "outcome": "rejection"}
    plan = followup.plan(_facts(decision), today=D(2026, 12, 2))
    assert plan.status(plan.draft("thank-you-dana-rivera")) == "skipped"
    assert plan.draft("thank-you-dana-rivera").send_on == D(2026, 11, 24)
    assert [d.id for d in plan.due()] == ["closing-dana-rivera"]
    sent_first = sent("thank-you-lee-chen", "2026-11-24")
    plan = followup.plan(_facts(sent_first, decision), today=D(2026, 12, 2))
    assert plan.status(plan.draft("thank-you-lee-chen")) == "sent"


def test_a_later_interview_thanks_those_met_again_once_it_has_come() -> None:
    facts = _facts(
        {"kind": "second_interview", "date": "2026-12-15", "interviewers": ["Lee Chen"]}
    )
    before = followup.plan(facts, today=D(2026, 12, 14))
    assert {d.id for d in before.due()} == {"thank-you-dana-rivera", "thank-you-lee-chen"}
    after = followup.plan(facts, today=D(2026, 12, 15))
    # Lee Chen's first note was never sent: the note after the second interview thanks
    # him; Dana Rivera, not met again, still gets hers, late.
    assert after.status(after.draft("thank-you-lee-chen")) == "skipped"
    assert {d.id for d in after.due()} == {"thank-you-dana-rivera", "thank-you-2-lee-chen"}


def test_the_day_a_reply_named_holds_past_a_later_interview() -> None:
    reply = {"kind": "reply", "date": "2026-12-10", "next_contact": "2027-01-20"}
    again = {"kind": "second_interview", "date": "2026-12-15", "decision_expected": "2027-03-01"}
    days = [d.send_on for d in _decide(_facts(reply, again)) if d.kind == "check_in"]
    assert days[0] == D(2027, 1, 20)
    # Named before the interview, even the day before it: that day holds too, and the
    # interview counts the next check-ins from its day (the 29th, in the holiday week,
    # moves to 4 January).
    reply["next_contact"] = "2026-12-14"
    days = [d.send_on for d in _decide(_facts(reply, again)) if d.kind == "check_in"]
    assert days[:2] == [D(2026, 12, 14), D(2027, 1, 4)]


def test_the_day_a_reply_named_holds_past_a_late_note_after_a_later_interview() -> None:
    """The note for a later interview, written a day late, does not bring the next
    check-in before the day the reply named."""
    notes = [
        sent({"kind": "thank_you", "date": "2026-11-24"}, "2026-11-24", person=p)
        for p in ("Dana Rivera", "Lee Chen")
    ]
    reply = {"kind": "reply", "date": "2026-12-10", "next_contact": "2027-01-05"}
    again = {"kind": "second_interview", "date": "2026-12-15", "decision_expected": "2027-03-26"}
    decisions = _decide(_facts(*notes, reply, again), today=D(2026, 12, 16))
    first = next(d for d in decisions if d.kind == "check_in")
    assert (first.send_on, first.asked) == (D(2027, 1, 5), D(2026, 12, 10))


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en_US", "as you suggested, I will be in touch again on January 5."),
        ("de", "Wie vereinbart melde ich mich am 5. Januar wieder bei Ihnen."),
        ("fr", "Comme convenu, je reprendrai contact avec vous le 5 janvier."),
        ("es", "Tal como me pidió, volveré a ponerme en contacto con usted el 5 de enero."),
    ],
)
def test_the_note_after_a_reply_that_named_a_day_says_when_the_candidate_writes(
    locale: str, words: str
) -> None:
    """She asked to hear from the candidate on January 5: the note for the interview
    before then says so, and does not say "I look forward to hearing from you"."""
    notes = [
        sent({"kind": "thank_you", "date": "2026-11-24"}, "2026-11-24", person=p)
        for p in ("Dana Rivera", "Lee Chen")
    ]
    reply = {"kind": "reply", "date": "2026-12-10", "next_contact": "2027-01-05"}
    again = {"kind": "second_interview", "date": "2026-12-15", "decision_expected": "2027-03-26"}
    data = example_dict() | {"locale": locale}
    for person in data["interviewers"]:
        person.pop("locale", None)
    plan = followup.plan(_facts(*notes, reply, again, data=data), today=D(2026, 12, 15))
    note = plan.draft("thank-you-2-dana-rivera")
    for text in (note.text, note.email_text):
        assert words in " ".join(text.split())
    assert "hearing from you" not in note.email_text
    # Lee Chen did not reply: his note says nothing of a day.
    other = plan.draft("thank-you-2-lee-chen")
    assert "suggested" not in other.email_text
    # Without the reply, Dana's note looks forward to hearing from her.
    plain = followup.plan(_facts(*notes, again, data=example_dict()), today=D(2026, 12, 15))
    assert "I look forward to hearing from you" in plain.draft("thank-you-2-dana-rivera").text


def test_a_colleague_who_asked_for_a_day_is_told_it_after_the_closing_sentence() -> None:
    notes = [
        sent({"kind": "thank_you", "date": "2026-11-24"}, "2026-11-24", person=p)
        for p in ("Dana Rivera", "Lee Chen")
    ]
    reply = {
        "kind": "reply",
        "date": "2026-12-10",
        "person": "Lee Chen",
        "next_contact": "2027-01-05",
    }
    again = {"kind": "second_interview", "date": "2026-12-15"}
    plan = followup.plan(_facts(*notes, reply, again), today=D(2026, 12, 15), check_ins_to="all")
    last = plan.draft("thank-you-2-lee-chen").email_text.split("\n\n")[-2]
    assert last.endswith("As you suggested, I will be in touch again on January 5.")
    assert "suggested" not in plan.draft("thank-you-2-dana-rivera").email_text


def test_two_later_interviews_on_one_day_are_a_problem() -> None:
    again = {"kind": "second_interview", "date": "2026-12-15", "interviewers": ["Lee Chen"]}
    with pytest.raises(followup.FactsError) as caught:
        _facts(again, {**again, "interviewers": ["Dana Rivera"]})
    (problem,) = caught.value.problems
    assert problem.path == "events[1].date"
    assert "is the day of the interview at events[0]; one interview a day" in problem.message


def test_events_of_one_day_apply_in_the_order_they_happened_whatever_the_file_says() -> None:
    # The closing note recorded before the decision in the file, the second interview's
    # note before that interview: both the same day.
    plan = followup.plan(
        _facts(
            sent({"kind": "closing", "date": "2027-01-05"}, "2027-01-05"),
            sent("thank-you-2-dana-rivera", "2026-12-15"),
            {"kind": "decision", "date": "2027-01-05", "outcome": "offer"},
            {"kind": "second_interview", "date": "2026-12-15", "interviewers": ["Dana Rivera"]},
        )
    )
    assert plan.draft("closing-dana-rivera").sent_on == D(2027, 1, 5)
    assert plan.draft("thank-you-2-dana-rivera").sent_on == D(2026, 12, 15)


def test_two_decisions_are_a_problem() -> None:
    with pytest.raises(followup.FactsError) as caught:
        followup.parse(decided(decided(example_dict(), "offer"), "rejection", on="2027-01-21"))
    (problem,) = caught.value.problems
    assert problem.path == "events[1].kind"
    assert "a decision is already recorded at events[0]" in problem.message


def test_no_interview_or_pause_after_the_decision() -> None:
    data = decided(example_dict(), "rejection", on="2026-12-10")
    with pytest.raises(followup.FactsError) as caught:
        followup.parse(interviewed_again(data))
    (problem,) = caught.value.problems
    assert problem.path == "events[1].date"
    assert "after the decision on 2026-12-10" in problem.message


# --- paused --------------------------------------------------------------------------------


def test_a_pause_holds_the_check_ins_until_it_ends() -> None:
    pause = {"kind": "paused", "date": "2026-12-01", "until": "2027-01-10"}
    # 10 January is a Sunday: the first check-in goes out on Monday the 11th.
    assert check_ins(_decide(_facts(pause))) == [
        (D(2027, 1, 11), "check-in-1-dana-rivera", "pending"),
        (D(2027, 1, 25), "check-in-2-dana-rivera", "pending"),
    ]


def test_a_pause_to_the_calendars_last_day_ends_the_check_ins() -> None:
    """9999-12-31 is a Friday, a weekend day in Israel: the working day after the pause
    lies past the calendar, and the series ends there rather than failing."""
    data = example_dict()
    data["locale"] = "he_IL"
    paused = {"kind": "paused", "date": "2026-11-30", "until": "9999-12-31"}
    decisions = _decide(_facts(paused, data=data), today=D(2026, 11, 24))
    assert check_ins(decisions) == []
    assert [d.kind for d in decisions] == ["thank_you", "thank_you"]


def test_facts_on_the_calendars_last_day_are_written_with_their_example_events() -> None:
    data = example_dict()
    data["date"] = "9999-12-31"
    data.pop("decision_expected", None)
    assert "[[interviewers]]" in to_toml(data)


@pytest.mark.parametrize(
    ("first", "again"), [("0001-01-02", "0001-01-04"), ("9999-12-20", "9999-12-30")]
)
def test_a_later_interview_at_either_end_of_the_calendar_with_the_longest_cadence(
    first: str, again: str
) -> None:
    data = example_dict()
    data["date"] = first
    data.pop("decision_expected", None)
    ahead = {"kind": "second_interview", "date": again}
    decisions = _decide(_facts(ahead, data=data), every=3650, today=D.fromisoformat(first))
    assert [d.id for d in decisions if d.kind == "thank_you"] == [
        "thank-you-dana-rivera",
        "thank-you-lee-chen",
        "thank-you-2-dana-rivera",
        "thank-you-2-lee-chen",
    ]
    # Ten years apart: no check-in falls between the two interviews.
    assert all(d.send_on > D.fromisoformat(again) for d in decisions if d.kind == "check_in")


def test_a_pause_for_someone_else_changes_nothing_for_the_primary() -> None:
    pause = {"kind": "paused", "date": "2026-12-01", "until": "2027-01-10", "person": "Lee Chen"}
    assert check_ins(_decide(_facts(pause))) == check_ins(_decide(_facts()))


# --- facts ---------------------------------------------------------------------------------


def _later_interviews(count: int, new_each: int) -> list[dict[str, Any]]:
    return [
        {
            "kind": "second_interview",
            "date": (D(2026, 11, 25) + dt.timedelta(days=number)).isoformat(),
            **(
                {"interviewers": [{"name": f"P{number}x{i}"} for i in range(new_each)]}
                if new_each
                else {}
            ),
        }
        for number in range(count)
    ]


def test_at_most_twenty_later_interviews() -> None:
    assert len(_facts(*_later_interviews(MAX_LATER_INTERVIEWS, 0)).events) == 20
    (problem,) = _problems(*_later_interviews(MAX_LATER_INTERVIEWS + 1, 0))
    assert problem.path == "events[20].kind"
    assert "at most 20" in problem.message


def test_at_most_sixty_people_in_all() -> None:
    # The example's two interviewers and 58 met later are 60; one more is too many.
    later = _later_interviews(3, 20)
    later[2]["interviewers"] = later[2]["interviewers"][:18]
    assert len(_facts(*later).people) == MAX_PEOPLE_TOTAL
    later[2]["interviewers"].append({"name": "One More"})
    (problem,) = _problems(*later)
    assert problem.path == "events[2].interviewers[18]"
    assert "at most 60 people in all" in problem.message


def test_events_round_trip_through_json() -> None:
    interview = _facts(
        sent("thank-you-dana-rivera", "2026-11-24"),
        sent({"kind": "check_in", "date": "2026-12-08"}, "2026-12-09"),
        {"kind": "paused", "date": "2026-12-10", "until": "2027-01-04", "note": "On leave."},
        *interviewed_again(example_dict())["events"],
        {"kind": "reply", "date": "2026-12-16", "next_contact": "2027-01-05"},
        {"kind": "decision", "date": "2027-01-20", "outcome": "offer"},
    )
    again = followup.Interview.model_validate_json(interview.model_dump_json())
    assert again == interview
    assert json.loads(again.model_dump_json())["events"][1]["draft"] == {
        "kind": "check_in",
        "date": "2026-12-08",
    }


def test_each_kind_takes_only_its_own_fields() -> None:
    with pytest.raises(followup.FactsError) as caught:
        _facts(
            {"kind": "sent", "date": "2026-12-01", "draft": "thank-you-dana-rivera", "until": "x"},
            {"kind": "decision", "date": "2026-12-01"},
            {"kind": "farewell", "date": "2026-12-01"},
        )
    problems = {p.path: p.message for p in caught.value.problems}
    assert problems["events[0].until"].startswith("is not a known field; allowed here: date, ")
    assert problems["events[1].outcome"] == "is required"
    assert problems["events[2].kind"] == (
        "must be one of 'sent', 'reply', 'second_interview', 'decision', 'paused'"
    )


# --- the property ----------------------------------------------------------------------------


_BEFORE: dict[str, list[dict[str, Any]]] = {
    "nothing": [],
    "the note sent": [sent("thank-you-dana-rivera", "2026-11-24")],
    "the note sent late": [sent("thank-you-dana-rivera", "2026-12-02")],
    "a check-in sent first": [sent("check-in-1-dana-rivera", "2026-12-08")],
    "a reply": [{"kind": "reply", "date": "2026-12-10"}],
    "a reply naming a day": [
        {"kind": "reply", "date": "2026-12-10", "next_contact": "2027-01-06"}
    ],
    "a pause": [{"kind": "paused", "date": "2026-12-01", "until": "2026-12-28"}],
    "a decision": [{"kind": "decision", "date": "2027-01-05", "outcome": "offer"}],
}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    before_it=st.sampled_from(sorted(_BEFORE)),
    again=st.none() | st.dates(D(2026, 11, 26), D(2027, 1, 20)),
    every=st.sampled_from([7, 10, 14, 21]),
    check_ins_to=st.sampled_from(["primary", "all"]),
    pick=st.integers(min_value=0),
    delay=st.integers(min_value=0, max_value=40),
    later=st.integers(min_value=0, max_value=30),
)
def test_recording_a_sent_draft_never_changes_the_drafts_before_it(
    before_it: str,
    again: D | None,
    every: int,
    check_ins_to: str,
    pick: int,
    delay: int,
    later: int,
) -> None:
    """A ``sent`` event for any draft, on its day or later, seen in a plan made that day
    or later: every draft dated before the event is as it was (one the event leaves
    unsent, skipped, keeps its day), and whatever the event changes or adds is due on
    or after the day the draft went out. Events happen before the plan is made: what
    a plan dated before a send would show is not a draft before it."""
    events = list(_BEFORE[before_it])
    if again is not None:
        interview = {"kind": "second_interview", "date": again.isoformat()}
        events.append({**interview, "interviewers": ["Lee Chen"]})
    chosen_options: dict[str, Any] = {"every": every, "check_ins_to": check_ins_to}
    try:
        whole = followup.plan(_facts(*copy.deepcopy(events)), **chosen_options)
    except followup.FactsError:
        return  # the base events contradict each other (e.g. an interview after the decision)
    pending = [d for d in whole.drafts if d.sent_on is None and whole.status(d) != "skipped"]
    if not pending:
        return
    chosen = pending[pick % len(pending)]
    on = chosen.send_on + dt.timedelta(days=delay)
    happened = [e["date"] for e in events if e["kind"] in ("sent", "reply", "decision")]
    today = max([on, *map(dt.date.fromisoformat, happened)])
    today += dt.timedelta(days=later)
    chosen_options["today"] = today
    before = followup.plan(_facts(*copy.deepcopy(events)), **chosen_options)
    after = followup.plan(
        _facts(*copy.deepcopy(events), sent(chosen.id, on.isoformat())), **chosen_options
    )
    now = {d.id: d for d in after.drafts}
    assert now[chosen.id].sent_on == on
    assert (now[chosen.id].kind, now[chosen.id].recipient) == (chosen.kind, chosen.recipient)
    for draft in before.drafts:
        if draft.send_on >= on or draft.id == chosen.id:
            continue
        if after.status(now[draft.id]) == "skipped":
            # Never sent: the event says a later draft went out first.
            assert now[draft.id].send_on == draft.send_on, draft.id
        else:
            assert now[draft.id] == draft, draft.id
    unchanged = set(before.drafts)
    for draft in after.drafts:
        if draft in unchanged or draft.id == chosen.id:
            continue
        if after.status(draft) not in ("skipped", "overdue", "sent"):
            assert draft.send_on >= on, (draft.id, draft.send_on, on)


def test_an_event_after_the_day_of_the_plan_is_a_problem() -> None:
    # Drafts sent, replies and decisions have happened; a second interview or a pause
    # may lie ahead.
    ahead = [
        {"kind": "second_interview", "date": "2026-12-15"},
        {"kind": "paused", "date": "2026-12-20", "until": "2027-01-04"},
    ]
    plan = followup.plan(_facts(*ahead), today=D(2026, 12, 1))
    assert plan.draft("thank-you-2-dana-rivera").send_on == D(2026, 12, 15)
    for event in (
        sent("thank-you-dana-rivera", "2026-12-02"),
        {"kind": "reply", "date": "2026-12-02"},
        {"kind": "decision", "date": "2026-12-02", "outcome": "offer"},
    ):
        with pytest.raises(followup.FactsError) as raised:
            followup.plan(_facts(event), today=D(2026, 12, 1))
        (problem,) = raised.value.problems
        assert problem.path == "events[0].date"
        assert f"is after today (2026-12-01): a {event['kind']} event" in str(raised.value)
        # Without a day for the plan (a library call), every event counts.
        assert followup.plan(_facts(event)).interview.events


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_a_closing_note_recorded_as_sent_is_done(outcome: str) -> None:
    data = decided(example_dict(), outcome, on="2026-12-15")
    data["events"].append(sent("closing-dana-rivera", "2026-12-16"))
    plan = followup.plan(followup.parse(data), today=D(2026, 12, 20))
    assert plan.status(plan.draft("closing-dana-rivera")) == "sent"
    assert plan.next_due() is None


# --- what was sent keeps its words; one draft at a time ------------------------------------


def _words(plan: followup.FollowUpPlan, draft_id: str) -> tuple[str, str, str]:
    draft = plan.draft(draft_id)
    return draft.subject, draft.text, draft.email_text


def test_a_sent_note_keeps_its_words_whatever_day_the_plan_is_made() -> None:
    facts = _facts(sent("thank-you-dana-rivera", "2026-11-24"))
    on_the_day = _words(followup.plan(facts, today=D(2026, 11, 24)), "thank-you-dana-rivera")
    for today in (D(2026, 12, 9), D(2027, 1, 27)):
        later = followup.plan(facts, today=today)
        assert _words(later, "thank-you-dana-rivera") == on_the_day, today


def test_a_decision_recorded_later_leaves_a_sent_check_in_as_it_was() -> None:
    notes = [sent("thank-you-dana-rivera", "2026-11-24"), sent("thank-you-lee-chen", "2026-11-24")]
    went = [*notes, sent("check-in-1-dana-rivera", "2026-12-08")]
    before = _words(followup.plan(_facts(*went), today=D(2026, 12, 8)), "check-in-1-dana-rivera")
    decided = _facts(*went, {"kind": "decision", "date": "2026-12-15", "outcome": "offer"})
    after = followup.plan(decided, today=D(2026, 12, 15))
    assert _words(after, "check-in-1-dana-rivera") == before
    assert "decision is expected" not in before[1]


def test_what_is_due_is_one_draft_per_person() -> None:
    # A note not recorded (another was) and the first check-in's day: the note first,
    # the check-in a full interval after it.
    plan = followup.plan(_facts(sent("thank-you-lee-chen", "2026-11-24")), today=D(2026, 12, 8))
    assert [d.id for d in plan.due()] == ["thank-you-dana-rivera"]
    assert plan.draft("check-in-1-dana-rivera").send_on == D(2026, 12, 22)
    # An overdue check-in and the next one's day: the overdue one, then the next.
    notes = [sent("thank-you-dana-rivera", "2026-11-24"), sent("thank-you-lee-chen", "2026-11-24")]
    plan = followup.plan(_facts(*notes), today=D(2026, 12, 22))
    assert [d.id for d in plan.due()] == ["check-in-1-dana-rivera"]
    assert plan.draft("check-in-2-dana-rivera").send_on == D(2027, 1, 5)


def test_sending_what_is_due_as_told_changes_nothing_else() -> None:
    for events, today in (
        ((sent("thank-you-lee-chen", "2026-11-24"),), D(2026, 12, 8)),
        ((sent("thank-you-dana-rivera", "2026-11-24"),), D(2026, 12, 22)),
    ):
        plan = followup.plan(_facts(*events), today=today)
        went = [sent(d.id, today.isoformat()) for d in plan.due()]
        after = followup.plan(_facts(*events, *went), today=today)
        assert [(d.id, d.send_on) for d in after.drafts if d.sent_on is None] == [
            (d.id, d.send_on) for d in plan.drafts if d.sent_on is None and d not in plan.due()
        ]
        for draft in plan.due():
            assert _words(after, draft.id) == _words(plan, draft.id)


def test_a_gift_of_a_note_never_sent_stays_with_the_check_in_that_carried_it() -> None:
    # check-in-1 went out before Dana's note: the note's article rides with a later
    # check-in. Everything is then sent on the day it is due.
    events = [sent("check-in-1-dana-rivera", "2026-12-08")]
    today = D(2026, 12, 8)
    while True:
        plan = followup.plan(_facts(*events), today=today)
        carriers = [d for d in plan.due() if d.enclosures and d.kind == "check_in"]
        events += [sent(d.id, today.isoformat()) for d in plan.due()]
        if carriers:
            break
        upcoming = plan.next_due()
        assert upcoming is not None
        assert upcoming < D(2027, 2, 1)
        today = upcoming
    (carrier,) = carriers
    for later in (today, today + dt.timedelta(days=30)):
        recorded = followup.plan(_facts(*events), today=later)
        assert _words(recorded, carrier.id) == _words(plan, carrier.id)
        carried = [d.id for d in recorded.drafts if d.enclosures and d.kind == "check_in"]
        assert carried == [carrier.id]


def test_a_check_in_sent_after_a_later_interview_recorded_late_still_counts() -> None:
    notes = [sent("thank-you-dana-rivera", "2026-11-24"), sent("thank-you-lee-chen", "2026-11-24")]
    went = [
        *notes,
        sent("check-in-1-dana-rivera", "2026-12-08"),
        sent("check-in-2-dana-rivera", "2026-12-22"),
    ]
    again = {"kind": "second_interview", "date": "2026-12-15", "interviewers": ["Dana Rivera"]}
    plan = followup.plan(_facts(*went, again), today=D(2026, 12, 23))
    assert plan.draft("check-in-2-dana-rivera").sent_on == D(2026, 12, 22)
    # The next check-in follows the one sent, not the interview.
    upcoming = [d for d in plan.drafts if d.kind == "check_in" and d.sent_on is None]
    assert upcoming[0].send_on == D(2027, 1, 5)


def test_a_reply_answers_a_draft_that_went_out_to_the_one_who_replies() -> None:
    went = sent("check-in-1-dana-rivera", "2026-12-20")
    cases = [
        ({"draft": "check-in-3-dana-rivera"}, "events[0].draft", "no sent event records it"),
        ({"draft": "check-in-1-dana-rivera"}, "events[0].draft", "it went out on 2026-12-20"),
        (
            {"draft": "thank-you-dana-rivera", "person": "Lee Chen"},
            "events[0].person",
            "is not whom thank-you-dana-rivera went to",
        ),
    ]
    for fields, path, words in cases:
        reply = {"kind": "reply", "date": "2026-12-10", **fields}
        (problem,) = _problems(reply, went)
        assert problem.path == path
        assert words in problem.message


def test_what_went_out_the_day_sends_are_first_recorded_keeps_its_words() -> None:
    # Nothing recorded yet: on 8 December Lee Chen's note (late) and first check-in are
    # both due. Sent and recorded together, the check-in says what it said, though the
    # late note now counts the check-ins from that day.
    plan = followup.plan(_facts(), today=D(2026, 12, 8), check_ins_to="all")
    assert {"thank-you-lee-chen", "check-in-1-lee-chen"} <= {d.id for d in plan.due()}
    went = [sent("thank-you-lee-chen", "2026-12-08"), sent("check-in-1-lee-chen", "2026-12-08")]
    after = followup.plan(_facts(*went), today=D(2026, 12, 8), check_ins_to="all")
    assert _words(after, "check-in-1-lee-chen") == _words(plan, "check-in-1-lee-chen")


def test_a_check_in_sent_before_a_later_interview_written_down_is_not_the_last() -> None:
    # The second interview on 19 February was written down before check-in-2 went out
    # on 20 January: the plan showed more check-ins after it, and recording it keeps
    # its words (no "your decision is expected" of the last one).
    events = [
        {"kind": "paused", "date": "2026-11-24", "until": "2026-12-31"},
        sent("thank-you-lee-chen", "2026-12-04"),
        sent("thank-you-dana-rivera", "2026-12-22"),
        sent("check-in-1-lee-chen", "2027-01-05"),
        sent("check-in-1-dana-rivera", "2027-01-05"),
        {
            "kind": "second_interview",
            "date": "2027-02-19",
            "interviewers": ["Dana Rivera", "Lee Chen"],
            "decision_expected": "2027-03-18",
        },
    ]
    chosen: dict[str, Any] = {"every": 14, "check_ins_to": "all", "today": D(2027, 1, 20)}
    plan = followup.plan(_facts(*events), **chosen)
    assert "check-in-2-dana-rivera" in {d.id for d in plan.due()}
    after = followup.plan(_facts(*events, sent("check-in-2-dana-rivera", "2027-01-20")), **chosen)
    assert _words(after, "check-in-2-dana-rivera") == _words(plan, "check-in-2-dana-rivera")
    assert "decision is expected" not in after.draft("check-in-2-dana-rivera").text


def test_a_plan_followed_before_anything_was_recorded_keeps_its_words_once_recorded() -> None:
    # Nothing recorded until 14 December: the notes (late) and check-in-2 are due,
    # check-in-1 was left out. All three go out and are recorded that day.
    chosen: dict[str, Any] = {"every": 10, "today": D(2026, 12, 14)}
    plan = followup.plan(_facts(), **chosen)
    due = [d.id for d in plan.due()]
    assert "check-in-2-dana-rivera" in due
    assert "check-in-1-dana-rivera" not in {d.id for d in plan.drafts}
    went = [sent(draft_id, "2026-12-14") for draft_id in due]
    after = followup.plan(_facts(*went), **chosen)
    for draft_id in due:
        assert _words(after, draft_id) == _words(plan, draft_id), draft_id
    assert "check-in-1-dana-rivera" not in {d.id for d in after.drafts}


def test_a_check_in_sent_early_says_what_the_plan_showed_for_its_day() -> None:
    notes = [sent("thank-you-dana-rivera", "2026-11-24"), sent("thank-you-lee-chen", "2026-11-24")]
    went = [*notes, sent("check-in-1-dana-rivera", "2026-12-08")]
    plan = followup.plan(_facts(*went), today=D(2026, 12, 10))
    upcoming = plan.draft("check-in-2-dana-rivera")
    assert upcoming.send_on == D(2026, 12, 22)
    early = followup.plan(
        _facts(*went, sent("check-in-2-dana-rivera", "2026-12-10")), today=D(2026, 12, 10)
    )
    assert _words(early, "check-in-2-dana-rivera") == _words(plan, "check-in-2-dana-rivera")


def test_an_earlier_interviews_note_sent_late_puts_the_check_ins_after_it() -> None:
    # Lee Chen was not at the second interview; his first note goes out late, on the
    # day his first check-in after it was due: the check-in follows the note, as the
    # plan made that day said before it was recorded.
    events = [
        sent("thank-you-dana-rivera", "2026-11-24"),
        {"kind": "second_interview", "date": "2026-12-01", "interviewers": ["Dana Rivera"]},
        sent("thank-you-2-dana-rivera", "2026-12-01"),
    ]
    chosen: dict[str, Any] = {"check_ins_to": "all", "today": D(2026, 12, 15)}
    plan = followup.plan(_facts(*events), **chosen)
    assert "thank-you-lee-chen" in {d.id for d in plan.due()}
    after = followup.plan(_facts(*events, sent("thank-you-lee-chen", "2026-12-15")), **chosen)
    for draft_id in ("check-in-2-1-lee-chen", "check-in-2-2-lee-chen"):
        assert after.draft(draft_id).send_on == plan.draft(draft_id).send_on
        assert _words(after, draft_id) == _words(plan, draft_id)


def test_a_check_in_before_a_later_interview_that_brings_no_check_in_stays_the_last() -> None:
    # The second interview on 22 January is written down; after it no check-in fits
    # before the decision: check-in-2, sent on 4 January, was the last, and says so.
    events = [
        sent("thank-you-dana-rivera", "2026-11-24"),
        sent("check-in-1-dana-rivera", "2026-12-18"),
        sent("thank-you-lee-chen", "2026-12-18"),
        {"kind": "second_interview", "date": "2027-01-22"},
    ]
    chosen: dict[str, Any] = {"check_ins_to": "all", "today": D(2027, 1, 4)}
    plan = followup.plan(_facts(*events), **chosen)
    # (the holiday wish of 18 December was the new year's too: the check-in hopes the
    # holidays went well, then says it is the last before the decision)
    text = plan.draft("check-in-2-dana-rivera").text
    assert "I hope you had a restful holiday season." in text
    assert "With your decision expected in late January, I wanted to check in" in text
    after = followup.plan(_facts(*events, sent("check-in-2-dana-rivera", "2027-01-04")), **chosen)
    assert _words(after, "check-in-2-dana-rivera") == _words(plan, "check-in-2-dana-rivera")


@pytest.mark.parametrize("locale", followup.shipped_locales())
@pytest.mark.parametrize("formality", ["formal", "informal"])
def test_a_note_after_a_later_interview_has_a_subject_of_its_own(
    locale: str, formality: str
) -> None:
    """A mail program would show a second note with the first one's subject as the same
    conversation, or as a copy of it."""
    data = interviewed_again(example_dict())
    data["locale"], data["formality"] = locale, formality
    for person in data["interviewers"]:
        person.pop("locale", None)
        person.pop("formality", None)
    plan = followup.plan(followup.parse(data), today=dt.date(2026, 12, 15))
    notes = [d for d in plan.drafts if d.kind == "thank_you"]
    first = {d.recipient.name: d.subject for d in notes if not d.id.startswith("thank-you-2-")}
    later = {d.recipient.name: d.subject for d in notes if d.id.startswith("thank-you-2-")}
    again = set(first) & set(later)  # the first interviewer, met on both days
    assert again
    assert all(first[name] != later[name] for name in again), (first, later)
    # Someone met for the first time gets the first note's subject.
    assert {later[name] for name in set(later) - again} <= set(first.values())


def test_the_second_interview_is_called_second_and_a_third_is_named_by_its_day() -> None:
    data = interviewed_again(example_dict())
    data["events"].append(
        {"kind": "second_interview", "date": "2027-01-12", "interviewers": ["Dana Rivera"]}
    )
    plan = followup.plan(followup.parse(data), today=dt.date(2027, 1, 12))
    again = {
        d.id.split("-")[2]: d.subject
        for d in plan.drafts
        if d.kind == "thank_you"
        and d.recipient.name == "Dana Rivera"
        and d.id != "thank-you-dana-rivera"
    }
    assert again == {
        "2": "Thank you for the second interview",
        "3": "Thank you for meeting with me again on January 12",
    }


@pytest.mark.parametrize("locale", ["en_US", "fr", "de", "es"])
def test_a_note_after_a_later_interview_closes_unlike_the_first(locale: str) -> None:
    """Met again, the recipient is not sent the closing sentence of their first note."""
    data = interviewed_again(example_dict())
    data["locale"] = locale
    for person in data["interviewers"]:
        person.pop("locale", None)
    plan = followup.plan(followup.parse(data), check_ins_to="all", today=D(2026, 12, 15))
    first, second = plan.draft("thank-you-dana-rivera"), plan.draft("thank-you-2-dana-rivera")
    for text, other in ((first.email_text, second.email_text), (first.text, second.text)):
        # The paragraph before the signature: the interest in the role.
        before, after = text.split("\n\n")[-2], other.split("\n\n")[-2]
        assert " ".join(before.split()) != " ".join(after.split())
    newcomer = plan.draft("thank-you-2-pat-kim")
    assert newcomer.email_text.split("\n\n")[-2] != second.email_text.split("\n\n")[-2]


def _reminders(data: dict[str, Any]) -> list[str]:
    """The check-ins of *data* that remind of an idea from a thank-you note."""
    data["decision_expected"] = "2027-03-31"
    plan = followup.plan(followup.parse(data), max_check_ins=8, today=D(2026, 12, 15))
    return [d.email_text for d in plan.drafts if "idea from my" in d.email_text]


def test_after_two_notes_a_check_in_says_which_told_the_idea() -> None:
    """Met again, the recipient had two thank-you notes: the idea is from the note after
    the first interview, or after the last."""
    notes = [sent(f"thank-you-{slug}", "2026-11-24") for slug in ("dana-rivera", "lee-chen")]
    # The idea's topic is the second interview's: its note told the idea.
    later = _reminders(interviewed_again(example_dict() | {"events": notes}))
    assert later
    assert all("from my note after our last interview" in text for text in later)
    # A second interview about something else: the first note told it.
    again = {"kind": "second_interview", "date": "2026-12-15", "interviewers": ["Dana Rivera"]}
    first = _reminders(example_dict() | {"events": [*notes, again]})
    assert first
    assert all("from my note after our first interview" in text for text in first)
    # One interview, one note.
    alone = _reminders(example_dict())
    assert alone
    assert all("from my thank-you note" in text for text in alone)


# --- a sent draft says what the plan it went out from showed ------------------------------

_THANKED = (sent("thank-you-dana-rivera", "2026-11-24"), sent("thank-you-lee-chen", "2026-11-24"))


def _sent_and_after(
    data: dict[str, Any],
    draft_id: str,
    day: str,
    *later: dict[str, Any],
    today: D | None = None,
    **chosen: Any,
) -> tuple[tuple[str, str, str], tuple[str, str, str], followup.FollowUpPlan]:
    """*draft_id* as the plan of *day* shows it; as the plan shows it once recorded as
    sent that day and *later* events are written down below (on *today*); that plan."""
    shown = followup.plan(
        followup.parse(copy.deepcopy(data)), today=D.fromisoformat(day), **chosen
    )
    data = copy.deepcopy(data)
    data["events"] = [*data.get("events", []), sent(draft_id, day), *later]
    after = followup.plan(followup.parse(data), today=today or D.fromisoformat(day), **chosen)
    return _words(shown, draft_id), _words(after, draft_id), after


def test_a_colleague_s_check_in_moving_leaves_a_sent_check_in_about_what_it_was() -> None:
    # Dana's and Lee's check-ins are due the same day, each about another topic (they
    # compare notes). Lee's goes out; Dana's waits for her pause. Lee's stays about
    # on-call practices, and Lee's next check-in does not tell it again.
    data = example_dict() | {"gifts": [], "hobbies": [], "ideas": [], "events": list(_THANKED)}
    data["topics"] = [
        {
            "subject": "moving the nightly batch jobs to streaming",
            "short": "the move to streaming",
        },
        {"subject": "on-call practices"},
    ]
    pause = {
        "kind": "paused",
        "date": "2026-12-08",
        "until": "2026-12-21",
        "person": "Dana Rivera",
    }
    shown, after, plan = _sent_and_after(
        data, "check-in-1-lee-chen", "2026-12-08", pause, today=D(2026, 12, 9), check_ins_to="all"
    )
    assert "on-call practices" in shown[1]
    assert after == shown
    lee = [d for d in plan.drafts if d.kind == "check_in" and d.recipient.name == "Lee Chen"]
    assert [d.interest for d in lee[:2]] == [
        "on-call practices",
        "moving the nightly batch jobs to streaming",
    ]


def test_check_ins_after_the_ones_sent_take_up_what_no_check_in_said_yet() -> None:
    data = minimal_dict(
        decision_expected="2027-03-30",
        topics=[
            {"subject": "error budgets"},
            {"subject": "on-call practices"},
            {"subject": "the data catalogue"},
        ],
        hobbies=[{"subject": "jazz piano", "person": "Dana Rivera"}],
        events=[sent("thank-you-dana-rivera", "2026-11-24")],
    )
    day = D(2026, 11, 24)
    for _ in range(2):  # each check-in sent on its day, and recorded
        plan = followup.plan(followup.parse(copy.deepcopy(data)), today=day)
        due = next(d for d in plan.drafts if d.kind == "check_in" and d.sent_on is None)
        day = due.send_on
        data["events"].append(sent(due.id, day.isoformat()))
    plan = followup.plan(followup.parse(copy.deepcopy(data)), today=day)
    interests = [d.interest for d in plan.drafts if d.kind == "check_in"]
    assert len(set(interests[:4])) == 4, interests


def test_a_draft_named_by_the_day_the_plan_lists_it_overdue_is_found() -> None:
    # Two days after the interview the plan lists Dana's note as due that day.
    plan = followup.plan(_facts(), today=D(2026, 11, 26))
    assert plan.draft("thank-you-dana-rivera").send_on == D(2026, 11, 26)
    ref = {"kind": "thank_you", "date": "2026-11-26"}
    went = sent(ref, "2026-11-26", person="Dana Rivera")
    for today in (D(2026, 11, 26), D(2026, 12, 20)):
        later = followup.plan(_facts(went), today=today)
        assert later.draft("thank-you-dana-rivera").sent_on == D(2026, 11, 26)
    # Its planned day still names it.
    went = sent({"kind": "thank_you", "date": "2026-11-24"}, "2026-11-26", person="Dana Rivera")
    assert followup.plan(_facts(went), today=D(2026, 11, 26)).draft(
        "thank-you-dana-rivera"
    ).sent_on == D(2026, 11, 26)


def test_a_check_in_shown_as_the_last_before_the_decision_says_so_once_recorded() -> None:
    data = example_dict() | {"decision_expected": "2027-01-20"}
    data["events"] = [
        *_THANKED,
        {"kind": "second_interview", "date": "2026-12-23", "interviewers": ["Dana Rivera"]},
        {"kind": "second_interview", "date": "2027-01-08", "interviewers": ["Dana Rivera"]},
    ]
    shown, after, _ = _sent_and_after(data, "check-in-1-dana-rivera", "2026-12-08")
    assert "once more before then" in shown[1]
    assert after == shown


@pytest.mark.parametrize(
    "that_day",
    [
        {"kind": "paused", "date": "2026-12-01", "until": "2027-01-11"},
        {"kind": "reply", "date": "2026-12-01", "next_contact": "2027-01-11"},
    ],
)
def test_a_check_in_sent_early_on_the_day_of_a_pause_or_reply_keeps_its_words(
    that_day: dict[str, Any],
) -> None:
    # Dana is away (or asks to hear back) from 11 January; the candidate sends the check-in
    # the plan now shows for that day before she leaves.
    data = example_dict() | {"events": [*_THANKED, that_day]}
    shown, after, _ = _sent_and_after(data, "check-in-1-dana-rivera", "2026-12-01")
    assert shown[0] in ("Happy New Year", "Following up on the Senior Data Engineer position")
    assert after == shown


def test_a_check_in_a_reply_brought_can_be_recorded_the_day_of_the_reply() -> None:
    data = example_dict() | {"decision_expected": "2027-01-29"}
    data["events"] = [
        *_THANKED,
        {"kind": "reply", "date": "2026-11-30", "next_contact": "2027-02-10"},
        {"kind": "reply", "date": "2026-12-10", "next_contact": "2026-12-17"},
    ]
    shown, after, plan = _sent_and_after(data, "check-in-1-dana-rivera", "2026-12-10")
    assert after == shown
    assert plan.status(plan.draft("check-in-1-dana-rivera")) == "sent"


def test_an_interview_written_down_after_a_send_of_its_day_leaves_the_send_as_it_was() -> None:
    data = example_dict() | {"decision_expected": "2027-03-31"}
    data["events"] = [
        *_THANKED,
        sent("check-in-1-dana-rivera", "2026-12-08"),
    ]
    # That afternoon: an interview with Lee, and the decision now expected on 4 January.
    later = {
        "kind": "second_interview",
        "date": "2026-12-22",
        "interviewers": ["Lee Chen"],
        "decision_expected": "2027-01-04",
    }
    shown, after, _ = _sent_and_after(
        data, "check-in-2-dana-rivera", "2026-12-22", later, today=D(2026, 12, 23)
    )
    assert after == shown


def test_a_later_check_in_sent_first_keeps_the_words_the_plan_showed() -> None:
    # Check-in 5 opens with the holiday wish; the candidate sends check-in 6 that day
    # instead. It does not take over the wish it did not have.
    data = example_dict() | {"date": "2026-11-01", "decision_expected": "2027-01-30"}
    data["events"] = [
        sent("thank-you-dana-rivera", "2026-11-01"),
        sent("thank-you-lee-chen", "2026-11-01"),
    ]
    plan = followup.plan(followup.parse(copy.deepcopy(data)), today=D(2026, 11, 1), every=10)
    check_ins = [d for d in plan.drafts if d.kind == "check_in"]
    data["events"] += [sent(c.id, c.send_on.isoformat()) for c in check_ins[:4]]
    due = followup.plan(followup.parse(copy.deepcopy(data)), today=D(2026, 12, 21), every=10)
    assert [d.id for d in due.due()] == ["check-in-5-dana-rivera"]
    assert due.draft("check-in-5-dana-rivera").subject == "Season's greetings"
    shown, after, plan = _sent_and_after(data, "check-in-6-dana-rivera", "2026-12-21", every=10)
    assert "check-in-5-dana-rivera" in plan.skipped
    # It went out as the plan showed it, for 4 January after check-in 5's wish.
    assert shown[0] != "Season's greetings"
    assert "wish you" not in shown[1]
    assert "new year" not in shown[1]
    assert after == shown


def test_a_later_interview_written_down_after_a_send_leaves_it_as_it_was() -> None:
    data = example_dict() | {"decision_expected": "2027-03-31"}
    data["events"] = [*_THANKED, sent("check-in-1-dana-rivera", "2026-12-08")]
    later = {"kind": "second_interview", "date": "2027-01-12", "interviewers": ["Dana Rivera"]}
    shown, after, _ = _sent_and_after(
        data, "check-in-2-dana-rivera", "2026-12-22", later, today=D(2026, 12, 23)
    )
    assert "new year" in shown[1]
    assert after == shown
    # Written above the send, it was known when the check-in went out.
    data["events"].insert(0, later)
    data["events"].append(sent("check-in-2-dana-rivera", "2026-12-22"))
    known = followup.plan(followup.parse(data), today=D(2026, 12, 23))
    assert "January 12" in _words(known, "check-in-2-dana-rivera")[1]


def test_a_sent_draft_encloses_the_facts_own_gifts() -> None:
    data = example_dict() | {"events": [*_THANKED, sent("check-in-1-dana-rivera", "2026-12-08")]}
    plan = followup.plan(followup.parse(data), today=D(2026, 12, 9))
    gifts = [g for d in plan.drafts if d.id not in plan.skipped for g in d.gifts]
    assert gifts
    assert all(any(g is mine for mine in plan.interview.gifts) for g in gifts)
    assert not [f for f in plan.review() if f.code == "gift_left_out"]


def _happening(kind: str, day: D) -> dict[str, Any]:
    """An event of *kind* written down on *day* (for the walk below)."""
    later = (day + dt.timedelta(days=9)).isoformat()
    if kind == "reply":
        return {"kind": "reply", "date": day.isoformat(), "next_contact": later}
    if kind == "paused":
        return {"kind": "paused", "date": day.isoformat(), "until": later}
    if kind == "paused_one":
        return {"kind": "paused", "date": day.isoformat(), "until": later, "person": "Dana Rivera"}
    return {"kind": "second_interview", "date": later, "interviewers": ["Dana Rivera"]}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    every=st.sampled_from([7, 10, 14]),
    events=st.dictionaries(
        st.integers(1, 22),
        st.tuples(
            st.sampled_from(["reply", "paused", "paused_one", "second_interview", "none"]),
            st.booleans(),
            st.sampled_from(["due", "the one after", "early"]),
        ),
        max_size=5,
    ),
    to_all=st.booleans(),
)
def test_every_draft_keeps_the_words_it_went_out_with(
    every: int, events: dict[int, tuple[str, bool, str]], to_all: bool
) -> None:
    # Day by day, the candidate sends what is due (or the check-in after it, or one early)
    # and records it; replies, pauses and later interviews are written down that day,
    # before or after the sends. Every draft recorded as sent says, in every later plan,
    # what it said when it went out.
    data = example_dict() | {"decision_expected": "2027-02-26", "events": []}
    chosen: dict[str, Any] = {"every": every, "check_ins_to": "all" if to_all else "primary"}
    went: dict[str, tuple[str, str, str]] = {}
    for step in range(25):
        day = data["date"] + dt.timedelta(days=3 * step)
        kind, first, sends = events.get(step, ("none", True, "due"))
        happening = [] if kind == "none" else [_happening(kind, day)]
        if first:
            data["events"] += happening
        plan = followup.plan(followup.parse(copy.deepcopy(data)), today=day, **chosen)
        for draft_id, words in went.items():
            assert _words(plan, draft_id) == words, (draft_id, day)
        due = [d for d in plan.due() if d.kind != "closing"]
        ahead = [e["date"] for e in data["events"] if e["kind"] == "second_interview"]
        upcoming = [  # none after an interview still to come
            d
            for d in plan.drafts
            if d.kind == "check_in"
            and plan.status(d) == "upcoming"
            and not any(day.isoformat() < e <= d.send_on.isoformat() for e in ahead)
        ]
        if sends == "early" and upcoming:
            due = upcoming[:1]  # only that one, before its day
        elif sends == "the one after":
            # the check-in after the first one due, to the same person, in its place
            instead = next((d for d in due if d.kind == "check_in"), None)
            after = [u for u in upcoming if instead and u.recipient == instead.recipient]
            if after:
                due = [after[0] if d is instead else d for d in due]
        for draft in due:
            went[draft.id] = _words(plan, draft.id)
            data["events"].append(sent(draft.id, day.isoformat()))
        if not first:
            data["events"] += happening


# --- what a draft said when it went out, around later interviews ----------------------------


def _acme(*events: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """Facts of an interview on Monday 4 January 2027: check-ins every 14 days on 19
    January (the 18th is Martin Luther King Day), 1 and 16 February."""
    return {
        "company": "Acme",
        "role": "Analyst",
        "date": "2027-01-04",
        "candidate": {"name": "Sam Okafor"},
        "interviewers": [{"name": "Dana Rivera", "gender": "female"}, {"name": "Lee Chen"}],
        "topics": [{"subject": "streaming pipelines"}, {"subject": "error budgets"}],
        "events": list(events),
        **extra,
    }


def _later(day: str, **more: Any) -> dict[str, Any]:
    return {"kind": "second_interview", "date": day, **more}


def _text(facts: dict[str, Any], draft_id: str, **chosen: Any) -> str:
    return followup.plan(followup.parse(facts), **chosen).draft(draft_id).text


_NOTES = [sent("thank-you-dana-rivera", "2027-01-04"), sent("thank-you-lee-chen", "2027-01-04")]


def test_a_sent_check_in_keeps_whether_it_looked_forward_to_a_later_interview() -> None:
    went = [*_NOTES, sent("check-in-1-dana-rivera", "2027-01-19")]
    facts = _acme(_later("2027-03-01"), *went)
    then = _text(facts, "check-in-1-dana-rivera", today=D(2027, 1, 19))
    assert "March 1" not in then  # not the last before it when it went out
    assert _text(facts, "check-in-1-dana-rivera", today=D(2027, 3, 2)) == then
    # The last before it keeps the line when a reply brings one more check-in.
    went += [
        sent("check-in-2-dana-rivera", "2027-02-01"),
        sent("check-in-3-dana-rivera", "2027-02-16"),
    ]
    facts = _acme(_later("2027-03-01"), *went)
    then = _text(facts, "check-in-3-dana-rivera", today=D(2027, 2, 16))
    assert "our meeting on March 1" in then
    facts["events"].append({"kind": "reply", "date": "2027-02-17", "next_contact": "2027-02-19"})
    assert _text(facts, "check-in-3-dana-rivera", today=D(2027, 2, 17)) == then


def test_recording_a_check_in_before_a_later_interview_keeps_the_decision_sentence() -> None:
    facts = _acme(_later("2027-02-05"), decision_expected="2027-02-12")
    shown = _text(facts, "check-in-1-dana-rivera", today=D(2027, 1, 19))
    # Its next one would fall in the days just before the interview: this is the last.
    assert "decision in mid-February" in shown
    facts["events"].append(sent("check-in-1-dana-rivera", "2027-01-19"))
    assert _text(facts, "check-in-1-dana-rivera", today=D(2027, 1, 19)) == shown
    # Written down after the send, a third interview changes nothing it said.
    went = [*_NOTES, sent("check-in-1-dana-rivera", "2027-01-19")]
    facts = _acme(
        _later("2027-01-28"), *went, _later("2027-01-29"), decision_expected="2027-03-20"
    )
    assert "decision in" not in _text(facts, "check-in-1-dana-rivera", today=D(2027, 1, 20))


def test_a_note_sent_before_a_reply_does_not_answer_it() -> None:
    facts = _acme(*_NOTES)
    then = _text(facts, "thank-you-dana-rivera", today=D(2027, 1, 4))
    facts["events"].append({"kind": "reply", "date": "2027-01-06", "next_contact": "2027-02-01"})
    assert _text(facts, "thank-you-dana-rivera", today=D(2027, 1, 6)) == then


def test_recording_colleagues_check_ins_on_their_day_keeps_what_each_is_about() -> None:
    facts = _acme(*_NOTES)
    plan = followup.plan(followup.parse(facts), today=D(2027, 1, 19), check_ins_to="all")
    before = plan.draft("check-in-1-lee-chen").interest
    assert before != plan.draft("check-in-1-dana-rivera").interest
    facts["events"] += [
        sent("check-in-1-dana-rivera", "2027-01-19"),
        sent("check-in-1-lee-chen", "2027-01-19"),
    ]
    after = followup.plan(followup.parse(facts), today=D(2027, 1, 19), check_ins_to="all")
    assert after.draft("check-in-1-lee-chen").interest == before


def test_a_pause_for_everyone_holds_someone_met_later_too() -> None:
    pause = {"kind": "paused", "date": "2027-01-10", "until": "2027-04-01"}
    again = _later("2027-02-01", interviewers=["Dana Rivera", {"name": "Pat Kim"}])
    plan = followup.plan(
        followup.parse(_acme(pause, again)), today=D(2027, 1, 10), check_ins_to="all"
    )
    check_ins_ = [d for d in plan.drafts if d.kind == "check_in"]
    assert any(d.recipient.name == "Pat Kim" for d in check_ins_)
    assert all(d.send_on >= D(2027, 4, 1) for d in check_ins_)


def test_no_check_in_turns_due_in_the_days_just_before_a_later_interview() -> None:
    facts = _acme(_later("2027-02-03"), *_NOTES, sent("check-in-1-dana-rivera", "2027-01-19"))
    eve = followup.plan(followup.parse(facts), today=D(2027, 1, 31))
    assert eve.next_due() == D(2027, 2, 3)
    for day in (D(2027, 1, 31), D(2027, 2, 1), D(2027, 2, 2)):
        plan = followup.plan(followup.parse(facts), today=day)
        assert not plan.due(), [(d.id, d.send_on) for d in plan.due()]


def test_a_later_interview_most_of_a_year_away_is_named_with_its_year() -> None:
    plan = followup.plan(followup.parse(_acme(_later("2029-03-01"))), every=365, max_check_ins=2)
    first = plan.draft("check-in-1-dana-rivera")
    assert first.send_on.year == 2028
    assert "March 1, 2029" in first.text


def test_the_day_asked_for_holds_in_the_days_just_before_a_later_interview() -> None:
    reply = {"kind": "reply", "date": "2027-01-20", "next_contact": "2027-02-25"}
    went = [*_NOTES, sent("check-in-1-dana-rivera", "2027-01-19")]
    plan = followup.plan(
        followup.parse(_acme(_later("2027-03-01"), *went, reply)), today=D(2027, 1, 20)
    )
    days = [d.send_on for d in plan.drafts if d.kind == "check_in" and d.sent_on is None]
    assert days[0] == D(2027, 2, 25)


def test_a_sent_note_keeps_looking_forward_to_the_interview_known_when_it_went_out() -> None:
    facts = _acme(_later("2027-03-01"), sent("thank-you-dana-rivera", "2027-01-04"))
    then = _text(facts, "thank-you-dana-rivera", today=D(2027, 1, 4))
    assert "seeing you again on March 1" in then
    facts["events"].append(_later("2027-02-10", interviewers=["Lee Chen"]))
    assert _text(facts, "thank-you-dana-rivera", today=D(2027, 1, 5)) == then


def test_a_newcomer_is_not_pitched_an_idea_someone_at_the_table_already_had() -> None:
    """An idea of no topic went to Dr. Rivera after the first interview; she is at the
    second too, so Pat Kim's note does not offer it as a new thought. Met by someone
    who had not heard it, it is offered."""
    idea = "a shared glossary of the warehouse's metrics"
    data = example_dict()
    data["ideas"].append({"summary": idea})
    plan = followup.plan(followup.parse(interviewed_again(data)))
    assert idea in plan.draft("thank-you-dana-rivera").email_text
    assert idea not in plan.draft("thank-you-2-pat-kim").email_text
    alone = interviewed_again(data)
    alone["events"][-1]["interviewers"] = alone["events"][-1]["interviewers"][1:]  # Pat only
    plan = followup.plan(followup.parse(alone))
    assert idea in plan.draft("thank-you-2-pat-kim").email_text


@pytest.mark.parametrize(
    ("met", "path", "says"),
    [
        (
            {"name": "Ann Lee", "email": "not-an-address"},
            "events[0].interviewers[1].email",
            "e-mail",
        ),
        ("   ", "events[0].interviewers[1]", "must not be empty"),
        (5, "events[0].interviewers[1]", "must be a table of fields"),
    ],
)
def test_a_mistake_in_someone_at_a_later_interview_is_one_problem_with_a_plain_path(
    met: object, path: str, says: str
) -> None:
    """A person at a later interview is a name or a table: a mistake in either is
    reported once, at a path the facts file has (no pydantic branch names)."""
    data = example_dict()
    data["events"] = [
        {"kind": "second_interview", "date": "2026-12-15", "interviewers": ["Dana Rivera", met]}
    ]
    with pytest.raises(followup.FactsError) as caught:
        followup.parse(data)
    found = [p for p in caught.value.problems if p.path.startswith("events[0].interviewers[1]")]
    (problem,) = [p for p in found if says in p.message]  # once, not once per branch
    assert problem.path == path
    assert "function-after" not in str(caught.value)
    assert "Interviewer." not in str(caught.value)


def test_the_gift_of_a_check_in_left_unsent_goes_with_the_next_one_to_send() -> None:
    data = example_dict()
    data["gifts"] = [
        {
            "kind": "tip",
            "about": "moving the nightly batch jobs to streaming",
            "text": "Start with one job.",
            "when": "check_in",
        },
        {
            "kind": "article",
            "about": "sailing",
            "title": "The racing rules, explained",
            "url": "https://example.org/racing-rules",
            "when": "check_in",
        },
    ]
    went = [
        sent("thank-you-dana-rivera", "2026-11-24"),
        sent("thank-you-lee-chen", "2026-11-24"),
    ]
    before = followup.plan(_facts(*went, data=copy.deepcopy(data)), today=D(2026, 12, 21))
    gifts = {d.id: [g.kind for g in d.gifts] for d in before.drafts if d.kind == "check_in"}
    assert gifts["check-in-1-dana-rivera"] == ["tip"]
    assert gifts["check-in-2-dana-rivera"] == ["article"]
    # Check-in 2 goes out first: check-in 1 is left unsent, and its tip waits for 3.
    after = followup.plan(
        _facts(*went, sent("check-in-2-dana-rivera", "2026-12-22"), data=data),
        today=D(2026, 12, 22),
    )
    gifts = {d.id: [g.kind for g in d.gifts] for d in after.drafts if d.kind == "check_in"}
    assert gifts["check-in-1-dana-rivera"] == []
    assert gifts["check-in-2-dana-rivera"] == ["article"]  # as it went out
    assert gifts["check-in-3-dana-rivera"] == ["tip"]
    assert "gift_left_out" not in {f.code for f in after.review()}
    # Sent with it, check-in 3 keeps it: what went out does not change.
    shown = after.draft("check-in-3-dana-rivera").text
    data["events"].append(sent("check-in-3-dana-rivera", "2027-01-05"))
    later = followup.plan(followup.parse(data), today=D(2027, 1, 5))
    assert later.draft("check-in-3-dana-rivera").text == shown
    assert [g.kind for g in later.draft("check-in-3-dana-rivera").gifts] == ["tip"]
    assert not later.draft("check-in-4-dana-rivera").gifts


def test_a_gift_passed_on_and_left_behind_again_is_not_claimed_by_a_later_send() -> None:
    data = example_dict()
    data["gifts"].append(
        {
            "kind": "tip",
            "about": "moving the nightly batch jobs to streaming",
            "text": "Start with the job that fails most often.",
            "when": "check_in",
        }
    )
    went = [
        sent("thank-you-dana-rivera", "2026-11-24"),
        sent("thank-you-lee-chen", "2026-11-24"),
        sent("check-in-2-dana-rivera", "2026-12-22"),  # check-in 1, with the tip, left behind
    ]
    before = followup.plan(_facts(*went, data=copy.deepcopy(data)), today=D(2027, 1, 5))
    assert [g.kind for g in before.draft("check-in-3-dana-rivera").gifts] == ["tip"]
    shown = before.draft("check-in-4-dana-rivera")
    # Check-in 4 goes out first, as shown: without the tip, which check-in 3 held.
    after = followup.plan(
        _facts(*went, sent("check-in-4-dana-rivera", "2027-01-05"), data=data),
        today=D(2027, 1, 5),
    )
    assert after.draft("check-in-4-dana-rivera").text == shown.text
    assert not after.draft("check-in-4-dana-rivera").gifts
    assert "gift_left_out" in {f.code for f in after.review()}


@pytest.mark.parametrize(
    "later",
    [
        {"kind": "reply", "date": "2027-01-08"},
        {"kind": "paused", "date": "2027-01-08", "until": "2027-01-25"},
        {"kind": "decision", "date": "2027-01-08", "outcome": "offer"},
    ],
)
def test_a_sent_note_keeps_the_day_it_promised_whatever_happens_later(
    later: dict[str, Any],
) -> None:
    went = [
        sent("thank-you-dana-rivera", "2026-11-24"),
        sent("thank-you-lee-chen", "2026-11-24"),
        sent("check-in-1-dana-rivera", "2026-12-08"),
        # Dana answers: a second interview on 6 January, and "write to me on the 12th"
        {"kind": "second_interview", "date": "2027-01-06", "interviewers": ["Dana Rivera"]},
        {"kind": "reply", "date": "2026-12-10", "next_contact": "2027-01-12"},
    ]
    shown = followup.plan(_facts(*went), today=D(2027, 1, 6)).draft("thank-you-2-dana-rivera")
    assert "as you suggested, I will be in touch again on January 12" in shown.text
    recorded = [*went, sent("thank-you-2-dana-rivera", "2027-01-06")]
    now = followup.plan(_facts(*recorded, later), today=D(2027, 1, 8))
    assert now.draft("thank-you-2-dana-rivera").text == shown.text


@pytest.mark.parametrize("locale", ["en_US", "de", "fr", "es"])
def test_a_newcomer_at_a_later_interview_is_not_written_what_a_colleague_read(
    locale: str,
) -> None:
    """Three met at the first interview, Pat Kim at the second: Pat's note takes the
    wordings next in turn, not those of the colleague in the same place at the first
    (Kai's, word for word but for the facts, readers in three languages found)."""
    data = example_dict() | {"locale": locale}
    data["interviewers"].append({"name": "Kai Berg", "gender": "male"})
    for person in data["interviewers"]:
        person.pop("locale", None)
        person.pop("formality", None)
    plan = followup.plan(followup.parse(interviewed_again(data)))
    newcomer = plan.draft("thank-you-2-pat-kim")
    for colleague in ("thank-you-lee-chen", "thank-you-kai-berg"):
        for form in ("text", "email_text"):
            shared = _sentences(getattr(newcomer, form)) & _sentences(
                getattr(plan.draft(colleague), form)
            )
            assert not shared, (colleague, form, shared)


def test_a_sent_note_never_names_a_topic_of_an_interview_written_down_after_it() -> None:
    """The topic of a later interview is one of the facts' topics: a note that went out
    before that interview was written down, drafted again as it went out, still only
    tells what was discussed on its own day."""
    facts = _acme(sent("thank-you-dana-rivera", "2027-01-04"))
    then = _text(facts, "thank-you-dana-rivera", today=D(2027, 1, 4))
    facts["topics"].append({"subject": "the 2028 budget"})
    facts["events"].append(_later("2027-02-10", topics=["the 2028 budget"]))
    plan = followup.plan(followup.parse(facts), today=D(2027, 2, 10))
    assert plan.draft("thank-you-dana-rivera").text == then
    assert "2028 budget" not in then
    assert "2028 budget" in plan.draft("thank-you-2-dana-rivera").text
