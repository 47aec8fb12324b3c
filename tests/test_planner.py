"""plan(): one English thank-you note per interviewer, about what they discussed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import followup
from tests.conftest import example_dict, minimal_dict


def thank_yous(data: dict[str, Any]) -> dict[str, followup.Draft]:
    plan = followup.plan(followup.parse(data))
    return {d.recipient.name: d for d in plan.drafts if d.kind == "thank_you"}


def note_to(person: dict[str, Any], **facts: Any) -> str:
    return thank_yous(minimal_dict(interviewers=[person], **facts))[person["name"]].text


class TestSalutation:
    @pytest.mark.parametrize(
        ("person", "expected"),
        [
            ({"name": "Dana Rivera", "title": "Dr.", "gender": "female"}, "Dear Dr. Rivera,"),
            ({"name": "Dana Rivera", "gender": "female"}, "Dear Ms. Rivera,"),
            ({"name": "Lee Chen", "gender": "male"}, "Dear Mr. Chen,"),
            ({"name": "Lee Chen"}, "Dear Lee Chen,"),
            ({"name": "Dana Rivera", "formality": "informal"}, "Dear Dana,"),
            (
                {"name": "Dana Rivera", "title": "Dr.", "formality": "informal"},
                "Dear Dana,",
            ),
            (
                {"name": "Ana García López", "family_name": "García López", "gender": "female"},
                "Dear Ms. García López,",
            ),
        ],
    )
    def test_forms(self, person: dict[str, Any], expected: str) -> None:
        assert note_to(person).splitlines()[0] == expected

    def test_interview_formality_applies_when_person_has_none(self) -> None:
        text = note_to({"name": "Dana Rivera", "gender": "female"}, formality="informal")
        assert text.startswith("Dear Dana,")

    def test_person_formality_overrides_interview(self) -> None:
        text = note_to(
            {"name": "Dana Rivera", "gender": "female", "formality": "formal"},
            formality="informal",
        )
        assert text.startswith("Dear Ms. Rivera,")


class TestContent:
    def test_thanks_for_the_day_role_and_company(self, interview: followup.Interview) -> None:
        for draft in followup.plan(interview).drafts:
            assert "November 24, 2026" in draft.text
            assert "Senior Data Engineer" in draft.text
            assert "Northwind Analytics" in draft.text

    def test_each_note_names_that_persons_topics(self) -> None:
        notes = thank_yous(example_dict())
        assert "on-call practices" in notes["Lee Chen"].text
        assert "on-call practices" not in notes["Dana Rivera"].text
        for note in notes.values():
            assert "moving the nightly batch jobs to streaming" in note.text

    def test_hobby_line_only_for_who_mentioned_it(self) -> None:
        notes = thank_yous(example_dict())
        assert "sailing" in notes["Dana Rivera"].text
        assert "jazz piano" in notes["Lee Chen"].text
        assert "sailing" not in notes["Lee Chen"].text

    def test_no_hobby_no_hobby_line(self) -> None:
        text = note_to({"name": "Dana Rivera"}, topics=[{"subject": "data contracts"}])
        assert "hear about your" not in text

    def test_idea_goes_to_people_who_discussed_its_topic(self) -> None:
        data = example_dict()
        data["ideas"] = [{"summary": "run a weekly game day", "topic": "on-call practices"}]
        notes = thank_yous(data)
        assert "run a weekly game day" in notes["Lee Chen"].text
        assert "second interview" in notes["Lee Chen"].text
        assert "run a weekly game day" not in notes["Dana Rivera"].text
        assert "second interview" not in notes["Dana Rivera"].text

    def test_idea_without_topic_goes_to_everyone(self) -> None:
        data = example_dict()
        data["ideas"] = [{"summary": "publish a data catalogue"}]
        for note in thank_yous(data).values():
            assert "publish a data catalogue" in note.text
            assert "second interview" in note.text

    def test_several_ideas_use_the_plural(self) -> None:
        data = example_dict()
        data["ideas"].append({"summary": "publish a data catalogue"})
        text = thank_yous(data)["Dana Rivera"].text
        assert "walk you through them" in text

    def test_closes_with_the_candidates_name(self, interview: followup.Interview) -> None:
        for draft in followup.plan(interview).drafts:
            assert draft.text.splitlines()[-1] == "Sam Okafor"
            assert draft.text.splitlines()[-2] == "Sincerely,"

    def test_informal_closing(self) -> None:
        text = note_to({"name": "Dana Rivera", "formality": "informal"})
        assert text.splitlines()[-2:] == ["Best wishes,", "Sam Okafor"]

    def test_fits_a_card(self, interview: followup.Interview) -> None:
        for draft in followup.plan(interview).drafts:
            assert draft.kind != "thank_you" or draft.word_count <= 150

    def test_without_topics_it_still_thanks(self) -> None:
        text = note_to({"name": "Dana Rivera"})
        assert "Thank you for taking the time" in text

    def test_facts_are_rendered_literally(self) -> None:
        text = note_to({"name": "Dana Rivera"}, topics=[{"subject": "{{ 7*7 }} and {% raw %}"}])
        assert "{{ 7*7 }} and {% raw %}" in text
        assert "49" not in text


class TestPlan:
    def test_one_note_per_interviewer_on_the_interview_day(
        self, interview: followup.Interview
    ) -> None:
        notes = [d for d in followup.plan(interview).drafts if d.kind == "thank_you"]
        assert [d.recipient.name for d in notes] == ["Dana Rivera", "Lee Chen"]
        assert {d.send_on for d in notes} == {dt.date(2026, 11, 24)}
        assert {d.locale for d in notes} == {"en"}

    def test_drafts_are_ordered_by_send_date(self, interview: followup.Interview) -> None:
        dates = [d.send_on for d in followup.plan(interview).drafts]
        assert dates == sorted(dates)

    def test_deterministic(self, interview: followup.Interview) -> None:
        first = followup.plan(interview).model_dump_json()
        assert followup.plan(interview).model_dump_json() == first

    def test_committee_notes_differ(self, interview: followup.Interview) -> None:
        texts = [d.text for d in followup.plan(interview).drafts if d.kind == "thank_you"]
        assert len(set(texts)) == len(texts) == 2

    def test_html_escapes_facts(self) -> None:
        data = minimal_dict(topics=[{"subject": '<script>alert(1)</script> & "q"'}])
        draft = thank_yous(data)["Dana Rivera"]
        assert "<script>" not in draft.html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;q&#34;" in draft.html
        assert "<script>alert(1)</script>" in draft.text

    def test_html_has_lang_and_paragraphs(self, interview: followup.Interview) -> None:
        html = followup.plan(interview).drafts[0].html
        assert html.startswith('<div lang="en" dir="ltr">')
        assert html.count("<p>") >= 4


_person_name = st.from_regex(r"[A-Z][a-z]{1,8} [A-Z][a-z]{1,8}", fullmatch=True)


@settings(max_examples=40, deadline=None)
@given(
    names=st.lists(_person_name, min_size=2, max_size=5, unique=True),
    gender=st.sampled_from(["female", "male", "unspecified"]),
    formality=st.sampled_from(["formal", "informal"]),
    shared=st.booleans(),
)
def test_no_two_committee_members_get_the_same_note(
    names: list[str], gender: str, formality: str, shared: bool
) -> None:
    """Even with identical salutations and topics, each member's note is their own."""
    people = [{"name": n, "gender": gender, "family_name": "Rivera"} for n in names]
    topics = [{"subject": "data quality"}] if shared else []
    drafts = thank_yous(minimal_dict(interviewers=people, topics=topics, formality=formality))
    texts = [d.text for d in drafts.values()]
    assert len(set(texts)) == len(texts)
