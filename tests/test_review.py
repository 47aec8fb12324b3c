"""plan.review(): each finding fires on facts built to trigger it, and only then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

import followup
from followup.review import CHECKS, Finding, review
from tests.conftest import example_dict, minimal_dict
from tests.language_corpus import CORPORA

D = dt.date


def make(data: dict[str, Any], **options: Any) -> followup.FollowUpPlan:
    return followup.plan(followup.parse(data), **options)


def codes(findings: list[Finding]) -> set[str]:
    return {finding.code for finding in findings}


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [finding for finding in findings if finding.code == code]


def test_example_has_no_error_and_no_warning() -> None:
    findings = make(example_dict()).review()
    assert [f for f in findings if f.severity in {"error", "warning"}] == []
    assert findings == []


def test_check_ins_too_close() -> None:
    findings = make(example_dict(), every=5).review()
    close = only(findings, "check_in_too_close")
    assert close
    for finding in close:
        assert finding.severity == "error"
        assert finding.draft is not None
        assert finding.draft.kind == "check_in"
    assert "check_in_too_close" not in codes(make(example_dict(), every=7).review())


def test_check_in_on_or_after_decision() -> None:
    findings = make(example_dict(), until=D(2027, 2, 28)).review()
    late = only(findings, "check_in_after_decision")
    assert [f.draft.send_on for f in late if f.draft] == [D(2027, 2, 2), D(2027, 2, 16)]
    assert {f.severity for f in late} == {"error"}
    assert "2027-01-29" in late[0].message


def test_one_interest_alternates_with_general_check_ins() -> None:
    data = minimal_dict(hobbies=[{"subject": "chess", "person": "Dana Rivera"}])
    plan = make(data)
    interests = [d.interest for d in plan.drafts if d.kind == "check_in"]
    assert interests == ["chess", None, "chess", None]
    findings = plan.review()
    assert "interest_repeated" not in codes(findings)
    assert "too_few_interests" in codes(findings)


def test_same_interest_twice_in_a_row() -> None:
    plan = make(minimal_dict(hobbies=[{"subject": "chess", "person": "Dana Rivera"}]))
    edited = [
        d.model_copy(update={"interest": "chess"}) if d.kind == "check_in" else d
        for d in plan.drafts
    ]
    repeated = only(plan.model_copy(update={"drafts": edited}).review(), "interest_repeated")
    assert len(repeated) == 3  # four check-ins about chess: three repeat the one before
    assert {f.severity for f in repeated} == {"error"}
    assert "chess" in repeated[0].message


def test_same_interest_twice_in_an_edited_plan() -> None:
    plan = make(example_dict())
    index = [d.kind for d in plan.drafts].index("check_in")
    first = plan.drafts[index]
    edited = list(plan.drafts)
    edited[index + 1] = edited[index + 1].model_copy(update={"interest": first.interest})
    findings = plan.model_copy(update={"drafts": edited}).review()
    assert [f.draft for f in only(findings, "interest_repeated")] == [edited[index + 1]]


def test_late_thank_you() -> None:
    findings = make(example_dict(), today=D(2026, 11, 25)).review()
    late = only(findings, "thank_you_late")
    assert [f.draft.recipient.name for f in late if f.draft] == ["Dana Rivera", "Lee Chen"]
    assert {f.severity for f in late} == {"warning"}


def test_a_note_that_fits_after_leaving_things_out_has_no_finding() -> None:
    words = " ".join(f"step{n}" for n in range(40))
    data = example_dict()
    data["ideas"] = [
        {"summary": f"idea {n}: {words}", "topic": "on-call practices"} for n in range(3)
    ]
    plan = make(data)
    assert "thank_you_too_long" not in codes(plan.review())
    lee = next(d for d in plan.drafts if d.recipient.name == "Lee Chen")
    assert lee.word_count <= 150
    assert lee.omitted


def test_only_the_candidates_own_long_facts_are_flagged() -> None:
    """Five long topics only Lee discussed: no draft but Lee's note can tell them."""
    long = [" ".join(f"{n}w{k}" for k in range(30)) for n in range(5)]
    data = example_dict()
    data["topics"] += [{"subject": subject, "with": ["Lee Chen"]} for subject in long]
    findings = make(data).review()
    (finding,) = only(findings, "thank_you_too_long")
    assert finding.severity == "warning"
    assert finding.draft is not None
    assert finding.draft.recipient.name == "Lee Chen"
    assert str(finding.draft.word_count) in finding.message
    assert finding.message.count("(30 words)") == 2
    assert "the topic '0w0 0w1 0w2" in finding.message
    assert "in the facts file" in finding.message


def test_a_long_idea_is_a_suggestion() -> None:
    data = example_dict()
    data["ideas"][0]["summary"] = " ".join(["word"] * 60)
    (finding,) = only(make(data).review(), "idea_too_long")
    assert finding.severity == "suggestion"
    assert "ideas[0]" in finding.message
    assert "60 words" in finding.message
    assert "idea_too_long" not in codes(make(example_dict()).review())


def test_a_long_topic_named_again_without_a_short_name_is_a_suggestion() -> None:
    data = example_dict()
    assert "topic_short_name" not in codes(make(data).review())  # the example has one
    del data["topics"][0]["short"]
    (finding,) = only(make(data).review(), "topic_short_name")
    assert finding.severity == "suggestion"
    assert "topics[0] 'moving the nightly batch jobs to streaming' (7 words)" in finding.message
    assert "short =" in finding.message
    data["topics"][0]["subject"] = data["ideas"][0]["topic"] = "streaming"  # short already
    assert "topic_short_name" not in codes(make(data).review())


def test_a_short_name_without_a_text_in_the_drafts_language_is_a_suggestion() -> None:
    data = example_dict()
    data["topics"][0]["short"] = {"de": "der Umstieg"}  # the drafts are in English
    (finding,) = only(make(data).review(), "topic_short_name")
    assert "give its short name a text in English" in finding.message


def test_a_short_name_is_reviewed_for_its_shape_as_its_subject_is() -> None:
    data = example_dict()
    data["topics"][0]["short"] = "About the move to streaming."
    findings = [f for f in make(data).review() if f.code == "fact_shape"]
    assert any("topics[0].short" in f.message for f in findings)


def test_a_gift_for_someone_who_never_mentioned_its_subject_is_a_warning() -> None:
    data = example_dict()
    assert "gift_not_theirs" not in codes(make(data).review())
    data["gifts"][0]["to"] = "Lee Chen"  # the article about Dana Rivera's sailing
    (finding,) = only(make(data).review(), "gift_not_theirs")
    assert finding.severity == "warning"
    assert "gifts[0] is for Lee Chen, who never mentioned 'sailing'" in finding.message
    assert "it is Dana Rivera's hobby; give it to Dana Rivera" in finding.message
    data = example_dict()
    data["gifts"][1]["to"] = "Dana Rivera"  # the tip about on-call practices, Lee's topic
    (finding,) = only(make(data).review(), "gift_not_theirs")
    assert "never discussed 'on-call practices'" in finding.message
    assert "add Dana Rivera to that topic's with" in finding.message


def test_fewer_interests_than_check_ins() -> None:
    findings = make(minimal_dict()).review()
    (few,) = only(findings, "too_few_interests")
    assert few.severity == "warning"
    assert few.draft is None
    assert "4 check-ins" in few.message
    assert "nothing shared with them to write about" in few.message  # never "only 0"
    assert "too_few_interests" not in codes(make(minimal_dict(), max_check_ins=0).review())


def test_no_gift_at_all() -> None:
    (finding,) = only(make(minimal_dict()).review(), "no_gift")
    assert finding.severity == "suggestion"
    assert finding.draft is None
    data = minimal_dict(
        topics=[{"subject": "budgets"}], gifts=[{"kind": "tip", "about": "budgets", "text": "x"}]
    )
    assert "no_gift" not in codes(make(data).review())


def test_a_note_to_someone_who_discussed_no_topic() -> None:
    data = example_dict()  # Dana and Lee discussed topics; Priya sat in on none
    data["interviewers"].append({"name": "Priya Natarajan"})
    (finding,) = only(make(data).review(), "no_topic")
    assert finding.severity == "suggestion"
    assert finding.draft is not None
    assert finding.draft.recipient.name == "Priya Natarajan"
    assert "Priya Natarajan" in finding.message
    assert "`with`" in finding.message
    data["topics"][0].pop("with")  # a topic everyone discussed
    assert "no_topic" not in codes(make(data).review())


def test_findings_are_one_sentence_and_sorted_by_severity() -> None:
    data = minimal_dict(hobbies=[{"subject": "chess", "person": "Dana Rivera"}])
    data["interviewers"][0]["locale"] = "pt_BR"
    findings = make(data, every=3, today=D(2026, 11, 26)).review()
    assert codes(findings) >= {
        "check_in_too_close",
        "thank_you_late",
        "language_fallback",
        "no_email_address",
        "too_few_interests",
        "no_gift",
    }
    order = {"error": 0, "warning": 1, "suggestion": 2}
    ranks = [order[f.severity] for f in findings]
    assert ranks == sorted(ranks)
    for finding in findings:
        assert finding.message[0].isupper()
        assert finding.message.endswith(".")
        assert ". " not in finding.message
        assert finding.severity in str(finding)


def test_checks_can_be_added() -> None:
    def always(plan: followup.FollowUpPlan) -> Iterator[Finding]:
        yield Finding(severity="warning", code="custom", message="Something; fix it.")

    plan = make(example_dict())
    assert codes(review(plan, checks=[*CHECKS, always])) == {"custom"}
    assert review(plan) == plan.review()


def test_finding_is_frozen() -> None:
    finding = Finding(severity="error", code="x", message="Bad; fix it.")
    with pytest.raises(ValueError, match="frozen"):
        finding.code = "y"  # type: ignore[misc]
    with pytest.raises(ValueError, match="severity"):
        Finding(severity="fatal", code="x", message="Bad.")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("asked", "warned"), [("pt_BR", True), ("de_AT", False), ("es_MX", False)]
)
def test_a_draft_in_another_language_is_a_warning(asked: str, warned: bool) -> None:
    data = minimal_dict(interviewers=[{"name": "Dana Rivera"}, {"name": "Lee Chen"}])
    data["interviewers"][1]["locale"] = asked
    findings = only(make(data).review(), "language_fallback")
    if not warned:
        assert findings == []
        return
    assert findings
    assert {f.draft.recipient.name for f in findings if f.draft} == {"Lee Chen"}
    assert all(f.severity == "warning" for f in findings)
    assert "'pt_BR'" in findings[0].message
    assert "English" in findings[0].message


def test_a_recipient_without_an_address_is_a_warning_once() -> None:
    data = example_dict()
    del data["interviewers"][1]["email"]
    findings = only(make(data).review(), "no_email_address")
    assert len(findings) == 1
    assert findings[0].severity == "warning"
    assert findings[0].draft is not None
    assert findings[0].draft.recipient.name == "Lee Chen"


def test_a_plan_made_after_the_decision_date_is_a_warning() -> None:
    findings = only(make(example_dict(), today=D(2027, 1, 29)).review(), "decision_passed")
    assert len(findings) == 1
    assert "2027-01-29" in findings[0].message
    assert only(make(example_dict(), today=D(2027, 1, 28)).review(), "decision_passed") == []


def test_a_holiday_a_check_in_was_moved_off_is_not_a_finding() -> None:
    data = example_dict()
    data["date"] = "2026-12-11"  # + 14 days is Christmas Day: after New Year's Day
    data["decision_expected"] = "2027-03-01"
    plan = make(data, max_check_ins=2)
    first = next(d for d in plan.drafts if d.kind == "check_in")
    assert first.send_on == D(2027, 1, 4)
    assert plan.review() == []


def test_a_gift_meant_for_a_check_in_that_goes_with_the_note_is_a_warning() -> None:
    data = example_dict()
    data["gifts"][1]["when"] = "check_in"  # the tip, for Lee Chen, who gets no check-ins
    (finding,) = only(make(data).review(), "gift_moved_to_note")
    assert finding.severity == "warning"
    assert finding.draft is not None
    assert finding.draft.recipient.name == "Lee Chen"
    assert "gifts[1] about 'on-call practices'" in finding.message
    assert 'check_ins_to="all"' in finding.message
    assert "gift_moved_to_note" not in codes(make(data, check_ins_to="all").review())


def test_facts_without_a_text_in_the_recipients_language_are_named_with_the_line_to_add() -> None:
    data = example_dict()
    data["interviewers"][1]["locale"] = "de_AT"
    plan = make(data)
    lee = next(d for d in plan.drafts if d.recipient.name == "Lee Chen")
    assert (lee.locale, lee.requested_locale, lee.fell_back) == ("en", "de_AT", True)
    (finding,) = only(plan.review(), "untranslated_fact")
    assert finding.severity == "warning"
    assert finding.draft == lee
    assert "not German, because facts it tells have no German text" in finding.message
    for place in ("topics[0].subject", "topics[1].subject", "hobbies[2].subject", "gifts[1].text"):
        assert place in finding.message
    assert 'subject = { en = "moving the nightly batch jobs to streaming", de = "…" }' in (
        finding.message
    )
    assert "language_fallback" not in codes(plan.review())


def _one_fact(locale: str, field: str, text: str) -> dict[str, Any]:
    """Facts in *locale* with one topic, hobby or idea (*field*) written as *text*."""
    if field == "hobbies":
        return {"locale": locale, "hobbies": [{"subject": text, "person": "Dana Rivera"}]}
    if field == "ideas":
        return {"locale": locale, "ideas": [{"summary": text}]}
    return {"locale": locale, "topics": [{"subject": text}]}


@pytest.mark.parametrize(
    ("locale", "field", "text", "better"),
    [
        ("fr", "topics", "Le passage au streaming", "le passage au streaming"),
        ("fr", "topics", "sur les astreintes", "les astreintes"),
        ("fr", "topics", "astreintes", None),  # needs its article, which only the user knows
        ("fr", "ideas", "Elle a migré les tables", "elle a migré les tables"),
        ("fr", "hobbies", "L'escalade", "l'escalade"),
        ("de", "topics", "Der Umzug in die Cloud", "der Umzug in die Cloud"),
        ("de", "topics", "über die Kosten", "die Kosten"),
        ("de", "ideas", "man könnte partitionieren.", "Man könnte partitionieren."),
        ("es", "topics", "El plan de guardias", "el plan de guardias"),
        ("es", "topics", "guardias", None),
        ("es", "ideas", "Nosotros podríamos particionar", "nosotros podríamos particionar"),
        ("en_US", "topics", "about error budgets", "error budgets"),
        ("en_US", "topics", "error budgets.", "error budgets"),
        ("en_GB", "hobbies", "The piano", "the piano"),
    ],
)
def test_a_fact_not_in_its_languages_shape_gets_a_suggestion_with_the_rewrite(
    locale: str, field: str, text: str, better: str | None
) -> None:
    facts = _one_fact(locale, field, text)
    (finding,) = only(make(minimal_dict(**facts)).review(), "fact_shape")
    assert finding.severity == "suggestion"
    assert f"{field}[0]" in finding.message
    assert text in finding.message
    if better is None:
        assert "docs/languages.md" in finding.message
    else:
        assert f'write "{better}"' in finding.message
        # The rewrite is itself in shape: taking the advice ends the finding.
        fixed = dict(facts)
        key = "summary" if field == "ideas" else "subject"
        fixed[field] = [dict(facts[field][0], **{key: better})]
        assert not only(make(minimal_dict(**fixed)).review(), "fact_shape")


@pytest.mark.parametrize(
    ("locale", "detail", "word"),
    [
        ("en_US", "the dining table she is building for her family", "she"),
        ("de", "der Esstisch, den sie für ihre Familie baut", "sie"),
        ("fr", "la table qu'elle fabrique pour sa famille", "elle"),
        ("es", "la mesa que ella está construyendo", "ella"),
        ("en_US", "Her Laser dinghy", "Her"),
        ("fr", "les régates avec sa fille", "sa"),
    ],
)
def test_a_detail_about_the_reader_in_the_third_person_gets_a_suggestion(
    locale: str, detail: str, word: str
) -> None:
    """A detail is said to its person ("You told me about …"): "she" reads as someone else."""
    subject = {"fr": "la menuiserie", "es": "la carpintería"}.get(locale, "woodworking")
    hobby = {"subject": subject, "person": "Dana Rivera", "detail": detail}
    (finding,) = only(make(minimal_dict(locale=locale, hobbies=[hobby])).review(), "fact_shape")
    assert "hobbies[0].detail" in finding.message
    assert f"without {word!r}" in finding.message
    # Written without a pronoun, or with the reader's "Sie" (German), it is in shape.
    for fine in (
        "building a dining table for the family",
        "der Esstisch, den Sie bauen",
        "das Segeln, wenn es windig ist, muss sein",  # "sein", the verb
        "les sorties quand il fait beau",  # "il", impersonal
    ):
        hobby["detail"] = fine
        assert not only(make(minimal_dict(locale=locale, hobbies=[hobby])).review(), "fact_shape")


def test_each_variant_of_a_fact_is_checked_in_its_own_language() -> None:
    topic = {"subject": {"en": "error budgets", "fr": "Les budgets d'erreur"}}
    (finding,) = only(make(minimal_dict(topics=[topic])).review(), "fact_shape")
    assert "topics[0].subject.fr" in finding.message
    assert "French" in finding.message


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_facts_in_the_documented_shape_get_no_shape_suggestion(language: str) -> None:
    corpus = CORPORA[language]
    article_less = {"idiomas", "hípica", "hijos y conciliación"}  # kept for "y" → "e"
    data = minimal_dict(
        locale=corpus.locale,
        topics=[{"subject": t} for t in corpus.topics if t not in article_less],
        hobbies=[
            {"subject": h, "person": "Dana Rivera", "detail": d}
            for h, d in zip(corpus.hobbies, corpus.details, strict=False)
            if h not in article_less
        ],
        ideas=[{"summary": i} for i in corpus.ideas],
    )
    assert only(make(data).review(), "fact_shape") == []


def test_a_fact_in_neither_the_recipients_nor_the_interviews_language_is_named_once() -> None:
    """The draft cannot avoid a foreign fact; the review names it, once per recipient."""
    data = minimal_dict(
        locale="de",
        interviewers=[{"name": "Claire Dubois", "locale": "fr"}],
        topics=[{"subject": {"es": "las guardias"}}],
    )
    plan = make(data)
    assert "las guardias" in plan.drafts[0].text  # as written: there is no other text
    (finding,) = only(plan.review(), "untranslated_fact")
    assert "topics[0].subject" in finding.message
    assert 'subject = { es = "las guardias", fr = "…" }' in finding.message


def test_plain_facts_of_an_interview_in_a_language_followup_does_not_write_are_named() -> None:
    data = minimal_dict(
        locale="pt_BR",
        interviewers=[{"name": "Katrin Hoffmann", "locale": "de"}],
        topics=[{"subject": "a migração para streaming"}],
    )
    findings = only(make(data).review(), "untranslated_fact")
    assert len(findings) == 1
    assert "German" in findings[0].message


def test_a_gift_about_a_fact_without_the_recipients_text_names_that_fact() -> None:
    data = minimal_dict(
        locale="de",
        interviewers=[{"name": "Claire Dubois", "locale": "fr"}, {"name": "Jonas Weber"}],
        topics=[{"subject": "die Rufbereitschaft", "with": ["Jonas Weber"]}],
        gifts=[
            {
                "kind": "tip",
                "about": "die Rufbereitschaft",
                "to": "Claire Dubois",
                "text": {"de": "Ein Runbook pro Alarm.", "fr": "Une procédure par alerte."},
            }
        ],
    )
    findings = [
        f for f in make(data).review() if f.draft and f.draft.recipient.name == "Claire Dubois"
    ]
    (finding,) = [f for f in findings if f.code == "untranslated_fact"]
    assert "topics[0].subject" in finding.message
    assert "no complete wording" not in finding.message


@pytest.mark.parametrize(
    ("locale", "field", "text"),
    [
        ("de", "topics", "Kosten, Lizenzen usw."),
        ("en_US", "topics", "the move to Main St."),
        ("fr", "topics", "Le Monde diplomatique"),
        ("es", "hobbies", "El Quijote"),
        ("en_US", "topics", "About Face, the book"),
        ("de", "ideas", "iPhone-Apps könnten helfen."),
    ],
)
def test_facts_a_native_would_write_this_way_get_no_shape_suggestion(
    locale: str, field: str, text: str
) -> None:
    facts = _one_fact(locale, field, text)
    assert only(make(minimal_dict(**facts)).review(), "fact_shape") == []


def test_a_shape_suggestion_names_the_key_and_skips_languages_followup_cannot_write() -> None:
    topic = {"subject": {"de": "die Preise", "de_CH": "die Preise.", "pt": "Preços."}}
    (finding,) = only(make(minimal_dict(locale="de", topics=[topic])).review(), "fact_shape")
    assert "topics[0].subject.de_CH" in finding.message
    assert "Switzerland" in finding.message


CYRILLIC_O = "\u043e"


@pytest.mark.attack("M2")
@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("company", f"N{CYRILLIC_O}rthwind", "company: the name"),
        ("email", f"dana@n{CYRILLIC_O}rthwind.example", "mail to it goes to xn--nrthwind-nbh"),
        ("url", f"https://n{CYRILLIC_O}rthwind.example/a", "the link goes to xn--nrthwind-nbh"),
        ("email", "dana@xn--nrthwind-nbh.example", "mail to it goes to xn--nrthwind-nbh"),
        # A label is one name, however its hyphens split it.
        ("url", f"https://northwind-{CYRILLIC_O}{CYRILLIC_O}.example/", "the link goes to xn--"),
    ],
)
def test_a_mixed_script_name_or_domain_is_a_warning(field: str, value: str, says: str) -> None:
    data = example_dict()
    if field == "company":
        data["company"] = value
    elif field == "email":
        data["interviewers"][0]["email"] = value
    else:
        next(gift for gift in data["gifts"] if "url" in gift)["url"] = value
    (found,) = only(make(data).review(), "mixed_script")
    assert found.severity == "warning"
    assert says in found.message
    assert "Cyrillic and Latin" in found.message
    shown = value.partition("@")[2] if field == "email" else value
    shown = shown.split("/")[2] if field == "url" else shown
    shown = shown.replace("xn--nrthwind-nbh", f"n{CYRILLIC_O}rthwind")  # as clients show it
    assert repr(shown) in found.message


def test_names_in_one_script_or_scripts_written_together_are_no_lookalikes() -> None:
    data = example_dict()
    data["company"] = "東京タワー Studio"
    data["interviewers"][1]["name"] = "Ελένη Παπαδοπούλου"
    for topic in data["topics"]:
        topic["with"] = ["Ελένη Παπαδοπούλου" if n == "Lee Chen" else n for n in topic["with"]]
    for hobby in data["hobbies"]:
        if hobby.get("person") == "Lee Chen":
            hobby["person"] = "Ελένη Παπαδοπούλου"
    assert only(make(data).review(), "mixed_script") == []


# --- what happened since -----------------------------------------------------------------


def _recorded(*events: dict[str, Any]) -> dict[str, Any]:
    data = example_dict()
    data["events"] = list(events)
    return data


_NOTES_SENT = (
    {"kind": "sent", "date": "2026-11-24", "draft": "thank-you-dana-rivera"},
    {"kind": "sent", "date": "2026-11-24", "draft": "thank-you-lee-chen"},
)


def test_a_check_in_within_a_week_of_a_reply() -> None:
    reply = {"kind": "reply", "date": "2026-12-03"}
    # Every 5 days: the next check-in comes 5 days after the reply.
    findings = only(make(_recorded(*_NOTES_SENT, reply), every=5).review(), "check_in_after_reply")
    assert [f.draft.id for f in findings if f.draft] == ["check-in-1-dana-rivera"]
    assert "5 days after Dana Rivera replied on 2026-12-03" in findings[0].message
    # On the day the interviewer named, it is what they asked for.
    named = {**reply, "next_contact": "2026-12-07"}
    assert not only(make(_recorded(*_NOTES_SENT, named), every=5).review(), "check_in_after_reply")
    # With the usual cadence the reply moves the check-in a full interval away.
    assert not only(make(_recorded(*_NOTES_SENT, reply)).review(), "check_in_after_reply")


def test_a_draft_overdue_by_more_than_three_days() -> None:
    data = _recorded(*_NOTES_SENT)
    on_time = make(data, today=D(2026, 12, 11)).review()
    assert not only(on_time, "draft_overdue")  # three days late: not yet
    (finding,) = only(make(data, today=D(2026, 12, 12)).review(), "draft_overdue")
    assert finding.severity == "warning"
    assert finding.draft is not None
    assert finding.draft.id == "check-in-1-dana-rivera"
    assert "followup sent FILE check-in-1-dana-rivera" in finding.message


def test_a_decision_without_its_closing_note_sent() -> None:
    decision = {"kind": "decision", "date": "2026-12-15", "outcome": "rejection"}
    (finding,) = only(make(_recorded(*_NOTES_SENT, decision)).review(), "closing_not_sent")
    assert finding.draft is not None
    assert finding.draft.kind == "closing"
    closed = {"kind": "sent", "date": "2026-12-16", "draft": "closing-dana-rivera"}
    assert not only(make(_recorded(*_NOTES_SENT, decision, closed)).review(), "closing_not_sent")


def test_skipped_and_sent_drafts_raise_no_finding_of_their_own() -> None:
    # Sent late, the note is history: no "thank_you_late"; the check-in left behind
    # counts in no rotation or spacing.
    data = _recorded(
        {"kind": "sent", "date": "2026-11-26", "draft": "thank-you-dana-rivera"},
        {"kind": "sent", "date": "2026-11-24", "draft": "thank-you-lee-chen"},
        {"kind": "sent", "date": "2026-12-22", "draft": "check-in-2-dana-rivera"},
    )
    plan = make(data)
    assert plan.skipped == ("check-in-1-dana-rivera",)
    assert codes(plan.review()) == set()


@pytest.mark.parametrize(
    ("locale", "subject", "word"),
    [
        ("en_GB", "the choir she sings in", "she"),
        ("de", "der Chor, in dem sie singt", "sie"),
        ("fr", "la chorale où elle chante", "elle"),
    ],
)
def test_a_hobby_written_in_the_third_person_gets_a_suggestion(
    locale: str, subject: str, word: str
) -> None:
    """A hobby is said to its person, as its detail is: "your passion for the choir
    she sings in" tells its reader of someone else's choir (native review)."""
    hobby = {"subject": subject, "person": "Dana Rivera"}
    (finding,) = only(make(minimal_dict(locale=locale, hobbies=[hobby])).review(), "fact_shape")
    assert "hobbies[0].subject" in finding.message
    assert f"without {word!r}" in finding.message
    hobby["subject"] = {"en_GB": "choral singing", "de": "das Chorsingen"}.get(locale, "le chant")
    assert not only(make(minimal_dict(locale=locale, hobbies=[hobby])).review(), "fact_shape")


def test_a_gift_no_check_in_left_can_carry_is_a_warning() -> None:
    # Two tips about one topic ride with two check-ins to Dana Rivera; a pause leaves
    # one check-in after the first, and it cannot be about the same topic again.
    data = example_dict()
    topic = data["topics"][0]["subject"]
    data["decision_expected"] = "2027-01-26"
    data["gifts"] = [
        {"kind": "tip", "about": topic, "text": "Tip one.", "when": "check_in"},
        {"kind": "tip", "about": topic, "text": "Tip two.", "when": "check_in"},
    ]
    planned = make(data, today=D(2026, 11, 24))
    assert "gift_left_out" not in codes(planned.review())
    data["events"] = [
        {"kind": "sent", "date": "2026-11-24", "draft": "thank-you-dana-rivera"},
        {"kind": "sent", "date": "2026-11-24", "draft": "thank-you-lee-chen"},
        {"kind": "sent", "date": "2026-12-08", "draft": "check-in-1-dana-rivera"},
        {"kind": "paused", "date": "2026-12-08", "until": "2027-01-15"},
    ]
    paused = make(data, today=D(2027, 1, 14))
    enclosed = [g.text for d in paused.drafts for g in d.gifts]
    assert enclosed == ["Tip one."]
    (finding,) = only(paused.review(), "gift_left_out")
    assert finding.severity == "warning"
    assert "gifts[1]" in finding.message
    assert "Dana Rivera" in finding.message
    # Once the decision is recorded, nothing more goes out: nothing is missing.
    data["events"].append({"kind": "decision", "date": "2027-01-14", "outcome": "rejection"})
    assert "gift_left_out" not in codes(make(data, today=D(2027, 1, 14)).review())


def test_a_gift_moved_to_the_note_says_why() -> None:
    data = example_dict()
    topic = data["topics"][0]["subject"]
    data["gifts"] = [
        {"kind": "tip", "about": topic, "text": f"Tip {n}.", "when": "check_in"} for n in range(2)
    ]
    (finding,) = only(make(data, max_check_ins=2).review(), "gift_moved_to_note")
    assert "the check-ins to Dana Rivera cannot carry it" in finding.message
    assert "no check-in goes to" not in finding.message
    assert "plan more check-ins" in finding.message
    assert "check_ins_to" not in finding.message  # the primary gets them either way


def test_a_spanish_name_of_three_words_without_its_surnames_is_a_warning() -> None:
    person = {"name": "Rafael Ortega Ruiz", "gender": "male"}
    data = minimal_dict(locale="es", interviewers=[person])
    (finding,) = only(make(data).review(), "surnames_unclear")
    assert finding.severity == "warning"
    assert "set family_name = \"Ortega Ruiz\" (the greeting then says 'Ortega')" in finding.message
    for told in ({"family_name": "Ortega Ruiz"}, {"given_name": "Rafael Ortega"}):
        assert "surnames_unclear" not in codes(
            make({**data, "interviewers": [person | told]}).review()
        )
    # Particles go with the surname after them; a name of four parts has two given names.
    for name, fix in (
        ("María José García López", 'given_name = "María José" and family_name = "García López"'),
        ("Ana García de la Fuente", 'family_name = "García de la Fuente"'),
    ):
        other = {**data, "interviewers": [{"name": name, "gender": "female"}]}
        (finding,) = only(make(other).review(), "surnames_unclear")
        assert f"set {fix} (" in finding.message
    # Not for a family name set to one of the words ("Ortega": greeted by it), nor
    # without a gender or title (greeted "Estimado/a" with the whole name).
    ortega = {**data, "interviewers": [person | {"family_name": "Ortega"}]}
    assert "surnames_unclear" not in codes(make(ortega).review())
    # Nor for a surname with its particles, which the family name holds by default.
    fuente = {**data, "interviewers": [{"name": "Juan de la Fuente", "gender": "male"}]}
    assert "surnames_unclear" not in codes(make(fuente).review())
    unspecified = {**data, "interviewers": [{"name": "Rafael Ortega Ruiz"}]}
    assert "surnames_unclear" not in codes(make(unspecified).review())
    titled = {**data, "interviewers": [{"name": "Dra. Lucía Fernández Gil", "title": "Dra."}]}
    (finding,) = only(make(titled).review(), "surnames_unclear")
    assert 'set family_name = "Fernández Gil"' in finding.message
    # Not in English, nor informally (the greeting says "Hola, Rafael:").
    assert "surnames_unclear" not in codes(make({**data, "locale": "en_US"}).review())
    assert "surnames_unclear" not in codes(make({**data, "formality": "informal"}).review())


def test_a_note_left_unsent_is_not_said_to_carry_a_gift() -> None:
    data = example_dict()
    data["gifts"] = [
        {"kind": "tip", "about": "sourdough baking", "text": "Tip one.", "when": "check_in"},
        {"kind": "tip", "about": "sailing", "text": "Tip two.", "when": "check_in"},
    ]
    data["events"] = [
        {"kind": "sent", "date": "2026-11-24", "draft": "thank-you-lee-chen"},
        {"kind": "sent", "date": "2026-12-08", "draft": "check-in-1-dana-rivera"},
    ]
    plan = make(data, today=D(2026, 12, 8), max_check_ins=1)
    assert "thank-you-dana-rivera" in plan.skipped
    assert "gift_moved_to_note" not in codes(plan.review())
    (finding,) = only(plan.review(), "gift_left_out")
    assert "plan more check-ins" in finding.message


def test_a_gift_left_out_when_no_check_in_is_left_says_so() -> None:
    data = example_dict()
    data["gifts"] = [{"kind": "tip", "about": "sailing", "text": "Tip.", "when": "check_in"}]
    # Planned days before the decision: the notes are due, no check-in is left.
    late = make(data, today=D(2027, 1, 25))
    assert not any(d.kind == "check_in" for d in late.drafts)
    (finding,) = only(late.review(), "gift_left_out")
    assert "no check-in to Dana Rivera is left in the plan" in finding.message
    assert "plan more check-ins" not in finding.message
    assert "check_ins_to" not in finding.message
