"""The plan as iCalendar: parsed back, one all-day reminder per draft on its send date."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

import followup
from followup.export.calendar import to_ics, uid
from followup.plans import FollowUpPlan

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
        assert str(event["SUMMARY"]) == draft.subject
        assert str(event["DESCRIPTION"]) == draft.text
        assert str(event["TRANSP"]) == "TRANSPARENT"
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm["TRIGGER"].dt == dt.timedelta(hours=9)


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
    assert str(event["SUMMARY"]) == plan.drafts[0].subject
    assert "数据" in str(event["SUMMARY"])
    assert str(event["DESCRIPTION"]) == plan.drafts[0].text


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
