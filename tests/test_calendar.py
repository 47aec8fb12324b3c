"""The plan as iCalendar: parsed back, one all-day reminder per draft on its send date,
written for the candidate in the candidate's language."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import followup
from followup.export.calendar import to_ics, uid
from followup.export.reminders import description, titles
from followup.plans import FollowUpPlan
from followup.testing import facts
from tests.conftest import decided, example_dict, interviewed_again, minimal_dict

icalendar = pytest.importorskip("icalendar")


def spread(plan: FollowUpPlan) -> FollowUpPlan:
    """*plan* with its drafts on different days, and one more draft on a later day."""
    later = plan.drafts[0].model_copy(
        update={
            "kind": "check_in",
            "send_on": dt.date(2026, 12, 8),
            "subject": "Checking in; sailing, and more",
            "interest": "sailing",
        }
    )
    drafts = [
        d.model_copy(update={"send_on": d.send_on + dt.timedelta(days=i)})
        for i, d in enumerate(plan.drafts)
    ]
    return plan.model_copy(update={"drafts": [*drafts, later]})


def _events(document: str) -> list[object]:
    calendar = icalendar.Calendar.from_ical(document)
    return list(calendar.walk("VEVENT"))


def test_one_all_day_event_per_draft_on_its_send_date(interview: followup.Interview) -> None:
    plan = spread(followup.plan(interview))
    events = _events(plan.to_ics())
    assert len(events) == len(plan.drafts)
    for event, draft in zip(events, plan.drafts, strict=True):
        start = event["DTSTART"]
        assert start.params["VALUE"] == "DATE"
        assert start.dt == draft.send_on
        assert event["DTEND"].dt == draft.send_on + dt.timedelta(days=1)
        assert str(event["SUMMARY"]).endswith(draft.recipient.name) or (
            f"{draft.recipient.name} — about" in str(event["SUMMARY"])
        )
        assert str(event["DESCRIPTION"]).startswith(f"{draft.subject}\n\n{draft.text}")
        assert str(event["TRANSP"]) == "TRANSPARENT"
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm["TRIGGER"].dt == dt.timedelta(hours=9)
        assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])


def test_the_calendar_declares_itself(interview: followup.Interview) -> None:
    calendar = icalendar.Calendar.from_ical(followup.plan(interview).to_ics())
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//followup//")
    assert not list(calendar.walk("VTODO"))  # Google Calendar does not import tasks


def test_uids_are_unique_and_stable_and_no_clock_is_read(interview: followup.Interview) -> None:
    plan = spread(followup.plan(interview))
    twice = plan.model_copy(update={"drafts": [*plan.drafts, plan.drafts[0]]})
    events = _events(twice.to_ics())
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert to_ics(plan) == to_ics(spread(followup.plan(interview)))
    assert {e["DTSTAMP"].dt for e in events} == {dt.datetime(2026, 11, 24, tzinfo=dt.UTC)}
    later = followup.plan(interview, today=dt.date(2026, 11, 26))
    assert _events(later.to_ics())[0]["DTSTAMP"].dt == dt.datetime(2026, 11, 26, tzinfo=dt.UTC)


def test_uids_survive_edits_to_the_wording(interview: followup.Interview) -> None:
    plan = followup.plan(interview)
    edited = plan.model_copy(
        update={"drafts": [d.model_copy(update={"text": d.text + " PS"}) for d in plan.drafts]}
    )
    assert [str(e["UID"]) for e in _events(plan.to_ics())] == [
        str(e["UID"]) for e in _events(edited.to_ics())
    ]


def test_text_with_ical_specials_round_trips(interview: followup.Interview) -> None:
    data = interview.model_dump(mode="json", by_alias=True)
    data["role"] = "Engineer; data, streams \\ ÄÖÜ 数据"
    plan = followup.plan(followup.parse(data))
    (event, *_) = _events(plan.to_ics())
    assert str(event["DESCRIPTION"]) == description(plan.drafts[0])
    assert str(event["DESCRIPTION"]).startswith(plan.drafts[0].subject)
    assert "数据" in str(event["DESCRIPTION"])


def test_a_second_parser_reads_it_too(interview: followup.Interview) -> None:
    vobject = pytest.importorskip("vobject")
    plan = spread(followup.plan(interview))
    calendar = vobject.readOne(plan.to_ics())
    starts = [event.dtstart.value for event in calendar.vevent_list]
    assert starts == [d.send_on for d in plan.drafts]


def test_without_icalendar_the_error_says_what_to_install(
    interview: followup.Interview, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "icalendar", None)  # makes `import icalendar` fail
    with pytest.raises(
        followup.MissingDependencyError, match=r"pip install 'followup\[calendar\]'"
    ):
        followup.plan(interview).to_ics()
    with pytest.raises(ImportError):  # the stdlib type, for callers who catch that
        followup.plan(interview).to_ics()


def test_a_late_note_keeps_its_uid_from_one_day_to_the_next(
    interview: followup.Interview,
) -> None:
    def notes(today: dt.date) -> list[str]:
        plan = followup.plan(interview, today=today)
        return [uid(plan, d) for d in plan.drafts if d.kind == "thank_you"]

    first, second = notes(dt.date(2026, 11, 25)), notes(dt.date(2026, 11, 26))
    assert first == second
    assert len(set(first)) == len(first) == 2


def test_a_draft_on_the_last_day_of_the_calendar() -> None:
    from tests.conftest import minimal_dict

    plan = followup.plan(followup.parse(minimal_dict(date="9999-12-31")), max_check_ins=0)
    (event,) = _events(plan.to_ics())
    assert event["DTSTART"].dt == dt.date(9999, 12, 31)
    assert "DTEND" not in event  # a DATE start without an end lasts that one day


# --- reminders written for the candidate --------------------------------------------------------


def summaries(plan: FollowUpPlan) -> list[str]:
    return [str(event["SUMMARY"]) for event in _events(plan.to_ics())]


def test_each_reminder_says_what_to_do_and_for_whom(interview: followup.Interview) -> None:
    plan = followup.plan(interview, max_check_ins=2)
    assert summaries(plan) == [
        "Send the thank-you note to Dana Rivera",
        "Send the thank-you note to Lee Chen",
        "Check in with Dana Rivera — about sailing",
        "Check in with Dana Rivera — about sourdough baking",
    ]


def test_the_description_holds_the_subject_the_text_and_the_inserts(
    interview: followup.Interview,
) -> None:
    plan = followup.plan(interview)
    note = plan.drafts[0]
    (insert,) = note.enclosures
    (event, *_) = _events(plan.to_ics())
    assert str(event["DESCRIPTION"]) == f"{note.subject}\n\n{note.text}\n\n---\n\n{insert.text}"


GERMAN_CHECK_IN = "Bei Dana Rivera melden \u2013 Thema: "


@pytest.mark.parametrize(
    ("locale", "thank_you", "check_in"),
    [
        ("de_DE", "Dankesschreiben an Dana Rivera senden", GERMAN_CHECK_IN),
        ("de_CH", "Dankesschreiben an Dana Rivera senden", GERMAN_CHECK_IN),
        (
            "fr_FR",
            "Envoyer le mot de remerciement à Dana Rivera",
            "Donner de ses nouvelles à Dana Rivera — sujet\u00a0: ",
        ),
        (
            "es_MX",
            "Enviar la nota de agradecimiento a Dana Rivera",
            "Hacer seguimiento con Dana Rivera — tema: ",
        ),
        ("en_GB", "Send the thank-you note to Dana Rivera", "Check in with Dana Rivera — about "),
    ],
)
def test_reminders_speak_the_candidates_language(
    example_data: dict[str, Any], locale: str, thank_you: str, check_in: str
) -> None:
    """The candidate's own locale, whatever language the drafts are written in."""
    example_data["candidate"]["locale"] = locale
    example_data["hobbies"][0]["subject"] = {"en": "sailing", "de": "das Segeln"}
    plan = followup.plan(followup.parse(example_data), max_check_ins=1)
    assert plan.drafts[0].locale == "en"  # the note itself speaks to Dana, in English
    found = summaries(plan)
    assert found[0] == thank_you
    assert found[2].startswith(check_in)
    sailing = "das Segeln" if locale.startswith("de") else "sailing"
    assert found[2] == check_in + sailing


def test_without_a_locale_of_their_own_the_candidate_reads_the_interviews(
    example_data: dict[str, Any],
) -> None:
    example_data["locale"] = "fr_FR"
    assert summaries(followup.plan(followup.parse(example_data)))[0] == (
        "Envoyer le mot de remerciement à Dana Rivera"
    )


def test_titles_that_would_repeat_are_numbered() -> None:
    """One interest alternates with general check-ins: each would be said twice."""
    data = minimal_dict(hobbies=[{"subject": "chess", "person": "Dana Rivera"}])
    plan = followup.plan(followup.parse(data), max_check_ins=4)
    assert summaries(plan) == [
        "Send the thank-you note to Dana Rivera",
        "Check in with Dana Rivera — about chess (1 of 2)",
        "Check in with Dana Rivera (1 of 2)",
        "Check in with Dana Rivera — about chess (2 of 2)",
        "Check in with Dana Rivera (2 of 2)",
    ]


def test_a_long_idea_is_cut_at_a_word() -> None:
    idea = "a way to " + "partition the event tables by day " * 4
    data = minimal_dict(ideas=[{"summary": idea}])
    (title,) = titles(followup.plan(followup.parse(data), max_check_ins=1))[1:]
    about = title.removeprefix("Check in with Dana Rivera — about ")
    assert about.endswith("…")
    assert len(about) <= 60
    assert idea.startswith(about.removesuffix("…"))


def test_the_example_reminders_are_candidate_facing_and_unique() -> None:
    """The review's finding: reminders were e-mail subjects, two alike."""
    data = example_dict()
    plan = followup.plan(followup.parse(data), check_ins_to="all")
    found = titles(plan)
    assert len(set(found)) == len(found)
    assert not {d.subject for d in plan.drafts} & set(found)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=facts(max_items=3), to_all=st.booleans(), count=st.integers(0, 6))
def test_no_two_reminders_of_a_plan_share_a_title(
    data: dict[str, Any], to_all: bool, count: int
) -> None:
    plan = followup.plan(
        followup.parse(data), check_ins_to="all" if to_all else "primary", max_check_ins=count
    )
    found = titles(plan)
    assert len(found) == len(plan.drafts)
    assert len(set(found)) == len(found)
    for title, draft in zip(found, plan.drafts, strict=True):
        assert draft.recipient.name in title
        assert "\n" not in title


def test_notes_after_a_second_interview_and_the_closing_note_have_uids_of_their_own() -> None:
    data = decided(interviewed_again(example_dict()), "offer", on="2027-01-20")
    plan = followup.plan(followup.parse(data))
    uids = [uid(plan, draft) for draft in plan.drafts]
    assert len(set(uids)) == len(uids)
    first = followup.plan(followup.parse(example_dict()))
    # The drafts there were before keep their UIDs.
    assert uid(first, first.drafts[0]) == uid(plan, plan.draft("thank-you-dana-rivera"))


def test_the_closing_note_has_a_reminder_of_its_own() -> None:
    plan = followup.plan(followup.parse(decided(example_dict(), "rejection", on="2026-12-15")))
    assert titles(plan)[-1] == "Send the closing note to Dana Rivera"
    data = decided(example_dict(), "offer", on="2026-12-15")
    data["locale"] = "de_CH"
    swiss = followup.plan(followup.parse(data))
    assert titles(swiss)[-1] == "Abschliessende Nachricht an Dana Rivera senden"
