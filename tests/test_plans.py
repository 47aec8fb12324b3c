"""plan(): every dated draft, rendered, with its options and the gifts each encloses."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import vobject
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import followup
from followup.errors import OptionError
from followup.rendering import conventions
from followup.testing import lines
from tests.conftest import ROOT, example_dict, minimal_dict

D = dt.date


@pytest.fixture(scope="module")
def example_plan() -> followup.FollowUpPlan:
    """The plan for the example facts, with default options."""
    return followup.plan(followup.parse(example_dict()))


def test_drafts_in_date_order(example_plan: followup.FollowUpPlan) -> None:
    dates = [d.send_on for d in example_plan.drafts]
    assert dates == sorted(dates)
    assert [d.kind for d in example_plan.drafts] == [
        "thank_you",
        "thank_you",
        "check_in",
        "check_in",
        "check_in",
        "check_in",
    ]


def test_each_gift_is_an_enclosure_of_a_note(example_plan: followup.FollowUpPlan) -> None:
    dana, lee = (d for d in example_plan.drafts if d.kind == "thank_you")
    (article,) = dana.enclosures
    (tip,) = lee.enclosures
    assert (article.gift.kind, tip.gift.kind) == ("article", "tip")
    assert article.attachments == tip.attachments == ()  # words and links, no files
    assert dana.attachments == lee.attachments == ()
    assert "https://example.org/racing-rules" in article.text
    assert '<a href="https://example.org/racing-rules">' in article.html
    assert "sailing" in article.text
    assert "halves the time to the first useful action" in tip.text
    assert "on-call practices" in tip.text
    for insert in (article.text, tip.text):
        assert "Dear" not in insert
        assert "Sincerely" not in insert
        assert "Sam Okafor" not in insert
    assert all(not d.enclosures for d in example_plan.drafts if d.kind == "check_in")


def test_the_e_mail_form_says_the_same_with_the_gifts_inline(
    example_plan: followup.FollowUpPlan,
) -> None:
    dana = example_plan.drafts[0]
    (article,) = dana.enclosures
    assert "https://example.org/racing-rules" not in dana.text  # on its own slip
    # The card names it; the slip has its title.
    assert "I have enclosed a note on an article I thought might interest you." in dana.text
    # The same gift inline, following on from the sentence about sailing just above it.
    assert "sailing" in dana.email_text.split("\n\n")[1]
    link = "the article “The racing rules, explained”:\nhttps://example.org/racing-rules"
    assert f"On that note, I thought you might like {link}" in dana.email_text
    assert link.replace("the article", "enjoy the article") in article.text
    assert "I have enclosed" not in dana.email_text
    assert '<a href="https://example.org/racing-rules">' in dana.email_html
    first_paragraph = dana.text.split("\n\n")[1]
    _, rest = first_paragraph.split(". ", 1)  # the card names the day, the e-mail "today"
    assert rest in dana.email_text
    for check_in in (d for d in example_plan.drafts if d.kind == "check_in"):
        # The same salutation and paragraphs; an e-mail closes less formally.
        assert check_in.email_text.split("\n\n")[:-1] == check_in.text.split("\n\n")[:-1]
        assert check_in.text.endswith(("Sincerely,\nSam Okafor", "With best wishes,\nSam Okafor"))
        assert check_in.email_text.endswith("\nSam Okafor")


def test_thank_you_mentions_the_enclosure(example_plan: followup.FollowUpPlan) -> None:
    notes = {d.recipient.name: d for d in example_plan.drafts if d.kind == "thank_you"}
    # The card names the enclosure; the slip beside it has its title and address.
    enclosed = "I have enclosed a note on an article I thought might interest you."
    assert enclosed in notes["Dana Rivera"].text
    assert "The racing rules" not in notes["Dana Rivera"].text
    assert "tip about on-call practices" in notes["Lee Chen"].text
    assert "racing rules" not in notes["Lee Chen"].text
    assert "racing rules" not in notes["Lee Chen"].email_text


def test_example_thank_you_notes_fit_a_card(example_plan: followup.FollowUpPlan) -> None:
    for draft in example_plan.drafts:
        if draft.kind == "thank_you":
            assert draft.word_count <= 150


def test_check_ins_name_the_role_and_interest(example_plan: followup.FollowUpPlan) -> None:
    check_ins = [d for d in example_plan.drafts if d.kind == "check_in"]
    openings = [d.text.split("\n\n")[1].split(". ")[0] for d in check_ins]
    for draft in check_ins:
        restated = draft.text.split("\n\n")[-2]  # the paragraph before the closing
        assert any(w in restated for w in ("Senior Data Engineer", "Northwind", "the role"))
        assert draft.interest is not None
        topics = {t.subject: t.short for t in example_plan.interview.topics}
        named = topics.get(draft.interest) or draft.interest  # a topic by its short name
        assert named in draft.text
        if draft.interest in {str(i.summary) for i in example_plan.interview.ideas}:
            # a reminder of it
            assert "the idea from my thank-you note" in " ".join(draft.text.lower().split())
        assert draft.word_count < 120
    for first, second in itertools.pairwise(openings):
        assert first != second


def test_a_contact_is_an_insert_and_a_vcard() -> None:
    contact = {
        "name": "Kim Park",
        "email": "kim@example.org",
        "phone": "+1 206 555 0100",
        "organization": "Contoso",
        "note": "She ran Contoso's move to streaming.",
    }
    data = minimal_dict(
        topics=[{"subject": "streaming"}],
        gifts=[{"kind": "contact", "about": "streaming", "contact": contact}],
    )
    result = followup.plan(followup.parse(data))
    (note,) = (d for d in result.drafts if d.kind == "thank_you")
    (insert,) = note.enclosures
    for value in ("Kim Park", "Contoso", "kim@example.org", "+1 206 555 0100", "streaming"):
        assert value in insert.text
        assert value in note.email_text
    assert "move to streaming.." not in insert.text
    assert "attached" not in insert.text  # on paper, nothing is attached
    assert "I have attached a contact card." in note.email_text
    (card,) = note.attachments
    assert card.filename == "kim-park.vcf"
    assert vobject.readOne(card.data.decode()).fn.value == "Kim Park"
    assert "contact information for Kim Park" in note.text


def test_facts_render_literally_in_inserts() -> None:
    data = minimal_dict(
        topics=[{"subject": "{{ 7*7 }} <b>"}],
        gifts=[{"kind": "tip", "about": "{{ 7*7 }} <b>", "text": "<script>x</script> {% if %}"}],
    )
    (note,) = followup.plan(followup.parse(data)).drafts[:1]
    (insert,) = note.enclosures
    for text in (insert.text, note.email_text):
        assert "{{ 7*7 }} <b>" in text
        assert "<script>x</script> {% if %}" in text
    for page in (insert.html, note.email_html):
        assert "&lt;script&gt;" in page
        assert "<script>" not in page


def test_options_reach_the_schedule() -> None:
    interview = followup.parse(example_dict())
    result = followup.plan(interview, every=dt.timedelta(days=21), max_check_ins=2)
    assert [d.send_on for d in result.drafts if d.kind == "check_in"] == [
        D(2026, 12, 15),
        D(2027, 1, 5),
    ]
    late = followup.plan(interview, today=D(2026, 11, 25), until=D(2026, 12, 10))
    assert late.today == D(2026, 11, 25)
    assert [(d.send_on, d.kind) for d in late.drafts][-1] == (D(2026, 12, 8), "check_in")
    assert {d.send_on for d in late.drafts if d.kind != "check_in"} == {D(2026, 11, 25)}
    everyone = followup.plan(interview, check_ins_to="all", max_check_ins=1)
    assert [d.recipient.name for d in everyone.drafts if d.kind == "check_in"] == [
        "Dana Rivera",
        "Lee Chen",
    ]
    assert everyone.check_ins_to == "all"


@pytest.mark.parametrize(
    "options",
    [{"every": 0}, {"until": D(2026, 1, 1)}, {"max_check_ins": -2}, {"today": "tomorrow"}],
)
def test_bad_options_raise_option_error(options: dict[str, Any]) -> None:
    with pytest.raises(OptionError, match=re.escape(next(iter(options)))):
        followup.plan(followup.parse(example_dict()), **options)
    assert issubclass(OptionError, followup.FollowupError)


ATTACKS = ["{{ 7*7 }}", "{% if %}", "=?utf-8?q?x=0A?=", "a, b; c \\ d", '<a href="x">"']
_LINE = lines(max_size=40)


@st.composite
def gifts(draw: st.DrawFn, about: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(["article", "website", "contact", "tip"]))
    gift: dict[str, Any] = {"kind": kind, "about": about}
    if kind in {"article", "website"}:
        gift |= {"title": draw(_LINE | st.sampled_from(ATTACKS)), "url": "https://e.org/a?b=1&c"}
    elif kind == "tip":
        gift["text"] = draw(_LINE | st.sampled_from(ATTACKS))
    else:
        contact: dict[str, Any] = {"name": draw(_LINE | st.sampled_from(ATTACKS))}
        reach = draw(st.sampled_from(["email", "phone", "both"]))
        if reach in {"email", "both"}:
            contact["email"] = "kim@example.org"
        if reach in {"phone", "both"}:
            contact["phone"] = "+1 206 555 0100"
        if draw(st.booleans()):
            contact["organization"] = draw(_LINE)
        if draw(st.booleans()):
            contact["note"] = draw(_LINE | st.sampled_from(ATTACKS))
        gift["contact"] = contact
    return gift


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_gift_renders_literally(data: st.DataObject) -> None:
    about = data.draw(_LINE | st.sampled_from(ATTACKS), label="about")
    assume(about == unicodedata.normalize("NFC", about).strip())
    gift = data.draw(gifts(about), label="gift")
    interview = followup.parse(minimal_dict(topics=[{"subject": about}], gifts=[gift]))
    result = followup.plan(interview)
    (draft,) = (d for d in result.drafts if d.kind == "thank_you")
    (insert,) = draft.enclosures
    assert draft.recipient.name == "Dana Rivera"
    assert len(draft.attachments) == (1 if gift["kind"] == "contact" else 0)
    assert interview.gifts[0].about in insert.text
    # The e-mail follows on from the topic it has just named ("On that note, …"),
    # then says what the insert says.
    email = draft.email_text.replace(" I have attached a contact card.", "")
    for line in insert.text.splitlines()[1:]:
        assert line in email
    for page in (insert.html, draft.html, draft.email_html):
        assert "<script" not in page
    assert "49" not in insert.text or "49" in str(gift)


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


def _offers(text: str) -> bool:
    """Whether *text* offers to explain an idea, in one of the wordings a committee's
    notes take in turn."""
    offers = ("walk you through it", "tell you more about it", "go over it with")
    return any(offer in " ".join(text.split()) for offer in offers)


class TestContent:
    def test_thanks_for_the_day_role_and_company(self, interview: followup.Interview) -> None:
        for draft in thank_yous(example_dict()).values():
            assert "on November 24 about the Senior Data Engineer" in draft.text  # the card
            assert "today about the Senior Data Engineer" in draft.email_text
            assert "Northwind Analytics" in draft.text

    def test_a_late_note_names_the_interview_day(self, interview: followup.Interview) -> None:
        plan = followup.plan(interview, today=D(2026, 11, 26))
        for draft in (d for d in plan.drafts if d.kind == "thank_you"):
            assert draft.send_on == D(2026, 11, 26)
            assert "with me on November 24 about" in draft.email_text
            assert "today" not in draft.email_text

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
        assert _offers(notes["Lee Chen"].text)
        assert "run a weekly game day" not in notes["Dana Rivera"].text
        assert "come back" not in notes["Dana Rivera"].text

    def test_idea_without_topic_goes_to_the_primary_interviewer(self) -> None:
        """Every interviewer may hear of it, but one note a day tells it: colleagues
        compare notes. Dana is the primary interviewer, though listed second."""
        data = example_dict()
        data["ideas"] = [{"summary": "publish a data catalogue"}]
        data["interviewers"].reverse()
        notes = thank_yous(data)
        assert "publish a data catalogue" in notes["Dana Rivera"].text
        assert _offers(notes["Dana Rivera"].text)
        assert "publish a data catalogue" not in notes["Lee Chen"].text
        assert not _offers(notes["Lee Chen"].text)

    def test_an_idea_told_to_a_colleague_comes_in_a_check_in_as_a_new_thought(self) -> None:
        data = example_dict()  # the idea grew from a topic Dana and Lee both discussed
        (idea,) = data["ideas"]
        data["hobbies"] = [h for h in data["hobbies"] if h["person"] != "Lee Chen"]
        plan = followup.plan(followup.parse(data), check_ins_to="all")
        notes = {d.recipient.name: d for d in plan.drafts if d.kind == "thank_you"}
        assert idea["summary"] in notes["Dana Rivera"].text
        assert idea["summary"] not in notes["Lee Chen"].text
        (told,) = [
            d
            for d in plan.drafts
            if d.kind == "check_in"
            and d.recipient.name == "Lee Chen"
            and idea["summary"] in d.text
        ]
        assert "thank-you note" not in told.text

    def test_several_ideas_use_the_plural(self) -> None:
        data = minimal_dict(
            topics=[{"subject": "budgets"}],
            ideas=[{"summary": "a cheaper warehouse"}, {"summary": "publish a data catalogue"}],
        )
        text = thank_yous(data)["Dana Rivera"].text
        assert "walk you through them" in text

    def test_closes_with_the_candidates_name(self, interview: followup.Interview) -> None:
        for draft in thank_yous(example_dict()).values():
            assert draft.text.splitlines()[-1] == "Sam Okafor"
            assert draft.text.splitlines()[-2] == "Sincerely,"

    def test_informal_closing(self) -> None:
        text = note_to({"name": "Dana Rivera", "formality": "informal"})
        # Signed as its e-mail is: the envelope names the sender in full.
        assert text.splitlines()[-2:] == ["Best wishes,", "Sam"]
        informal = thank_yous(
            minimal_dict(interviewers=[{"name": "Dana Rivera", "formality": "informal"}])
        )
        assert informal["Dana Rivera"].email_text.splitlines()[-1] == "Sam"  # first names

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


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    topic=_LINE | st.sampled_from(ATTACKS),
    hobby=_LINE | st.sampled_from(ATTACKS),
    formality=st.sampled_from(["formal", "informal"]),
    gender=st.sampled_from(["female", "male", "unspecified"]),
)
def test_every_valid_input_renders_literally_in_every_shipped_locale(
    topic: str, hobby: str, formality: str, gender: str
) -> None:
    """Facts are data in every language: printed as written in text, escaped in HTML."""
    topic, hobby = (" ".join(unicodedata.normalize("NFC", s).split()) for s in (topic, hobby))
    assume(topic != hobby)
    for locale in followup.shipped_locales():
        data = minimal_dict(
            locale=locale,
            formality=formality,
            interviewers=[{"name": "Dana Rivera", "gender": gender}],
            topics=[{"subject": topic}],
            hobbies=[{"subject": hobby, "person": "Dana Rivera"}],
        )
        plan = followup.plan(followup.parse(data))
        assert {d.locale for d in plan.drafts} == {locale}
        note = next(d for d in plan.drafts if d.kind == "thank_you")
        for fact in (topic, hobby):
            fact = conventions(locale).spell(fact)  # Swiss German writes "ss" for "ß"
            assert fact in note.text
            assert html.escape(fact, quote=False) in note.html.replace("&#34;", '"').replace(
                "&#39;", "'"
            )
        assert "49" not in note.text or "49" in topic + hobby


@pytest.mark.parametrize("wrong", [{"company": "x"}, "examples/interview.toml"])
def test_plan_needs_an_interview(wrong: object) -> None:
    with pytest.raises(TypeError, match=r"followup\.load"):
        followup.plan(wrong)  # type: ignore[arg-type]


def test_reprs_are_short(interview: followup.Interview) -> None:
    plan = followup.plan(interview)
    assert repr(plan) == (
        "FollowUpPlan(company='Northwind Analytics', role='Senior Data Engineer', drafts=6)"
    )
    assert repr(plan.drafts[0]).startswith(
        "Draft(id='thank-you-dana-rivera', kind='thank_you', recipient='Dana Rivera', "
        "send_on='2026-11-24', locale='en'"
    )


def test_template_dirs_must_be_a_list_of_folders(
    interview: followup.Interview, tmp_path: Path
) -> None:
    with pytest.raises(OptionError, match="list of folders"):
        followup.plan(interview, template_dirs=str(tmp_path))  # type: ignore[arg-type]
    with pytest.raises(OptionError, match="not a folder"):
        followup.plan(interview, template_dirs=[tmp_path / "missing"])


def test_same_facts_same_bytes_whatever_the_hash_seed(example_path: Path) -> None:
    """No output depends on set or dict order: four processes, four hash seeds."""
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        result = subprocess.run(
            [sys.executable, "-m", "followup", "plan", str(example_path), "--format", "json"],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_the_largest_facts_render_without_a_template_error() -> None:
    data = example_dict()
    data["ideas"] = [{"summary": "&" * 2000} for _ in range(11)]
    plan = followup.plan(followup.parse(data))
    dana = plan.drafts[0]
    assert "&" * 2000 in dana.omitted  # far too long for a card: left out of it
    assert any("&" * 2000 in d.text for d in plan.drafts if d.kind == "check_in")


def test_an_e_mail_follows_on_only_from_the_sentence_just_before() -> None:
    """A gift about a topic after a sentence about hobbies names its topic again."""
    data = example_dict()  # Lee: a tip about on-call practices; he mentioned jazz piano
    lee = thank_yous(data)["Lee Chen"]
    assert "jazz piano." in lee.email_text
    assert "On that note" not in lee.email_text
    assert "On the subject of on-call practices, here is" in lee.email_text
    del data["hobbies"][2]  # no hobby sentence: the topics sentence comes last
    lee = thank_yous(data)["Lee Chen"]
    # Lee is the second on the committee: "Speaking of which", Dana's would be "On that note"
    assert "Speaking of which, here is a tip" in lee.email_text


def test_a_check_in_refers_to_an_idea_the_thank_you_note_told() -> None:
    data = minimal_dict(ideas=[{"summary": "a shared glossary of the warehouse's metrics"}])
    plan = followup.plan(followup.parse(data), max_check_ins=1)
    note, check_in = plan.drafts
    assert "a shared glossary" in note.text
    assert check_in.interest == "a shared glossary of the warehouse's metrics"
    # A reminder of what the note said, not a new thought about it; it names the
    # idea (weeks later the reader would not remember which one).
    assert "the idea from my thank-you note: a shared glossary" in check_in.text
    assert "kept thinking" not in check_in.text


# --- batches ------------------------------------------------------------------------------------

_EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))


def test_a_plan_its_drafts_and_its_interview_pickle() -> None:
    import pickle

    for path in _EXAMPLES:
        plan = followup.plan(followup.load(path))
        again = pickle.loads(pickle.dumps(plan))
        assert again == plan
        assert again.drafts[0].text == plan.drafts[0].text
        assert pickle.loads(pickle.dumps(plan.interview)) == plan.interview


def _planned(path: Path) -> str:
    return followup.plan(followup.load(path), today=dt.date(2026, 11, 24)).model_dump_json()


def test_eight_threads_draft_exactly_what_one_does() -> None:
    from concurrent.futures import ThreadPoolExecutor

    paths = _EXAMPLES * 4
    serial = [_planned(path) for path in paths]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(_planned, paths)) == serial


def test_plans_are_drafted_in_a_process_pool() -> None:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(_planned, _EXAMPLES)) == [_planned(path) for path in _EXAMPLES]
