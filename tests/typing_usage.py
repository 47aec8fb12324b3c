"""How the public API reads to a type checker: checked by ``mypy --strict``, never run.

A change that loosens a public signature (a parameter that becomes ``Any``,
an option that stops being keyword-only) makes this file fail CI.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from pathlib import Path
from typing import assert_type

import followup
from followup.export import MailOptions, PrintPage, Thread, WriteReport
from followup.export.files import Conflict
from followup.export.mail import thread
from followup.export.reminders import titles
from followup.facts.writing import save, to_toml
from followup.imap import SavedDraft, SaveReport, save_drafts
from followup.review import Finding


def usage(path: str) -> None:
    interview = followup.load(path)
    assert_type(interview, followup.Interview)
    assert_type(followup.parse({"company": "Acme"}), followup.Interview)
    plan = followup.plan(
        interview, today=dt.date(2026, 11, 24), every=14, max_check_ins=4, check_ins_to="all"
    )
    assert_type(plan, followup.FollowUpPlan)
    draft = plan.drafts[0]
    assert_type(draft, followup.Draft)
    assert_type(draft.send_on, dt.date)
    assert_type(draft.text, str)
    assert_type(draft.interest, str | None)
    assert_type(draft.email_text, str)
    assert_type(draft.attachments, tuple[followup.Attachment, ...])
    assert_type(draft.enclosures, tuple[followup.Enclosure, ...])
    assert_type(draft.enclosures[0].gift, followup.Gift)
    options = MailOptions(require_recipient=True)
    assert_type(plan.to_email(draft, options=options), EmailMessage)
    assert_type(plan.messages(options=options), list[EmailMessage])
    assert_type(plan.to_print_html(), tuple[PrintPage, ...])
    assert_type(plan.write_files("out", html=True), WriteReport)
    assert_type(plan.review(), list[Finding])
    assert_type(plan.to_ics(), str)
    assert_type(thread(plan, draft), Thread)
    assert_type(thread(plan, draft).in_reply_to, str | None)
    assert_type(plan.write_files("out", mbox=True, maildir=True), WriteReport)
    assert_type(plan.write_maildir("Drafts"), list[str])
    report = save_drafts(
        plan, host="imap.example.com", username="sam", password="x", today=dt.date(2026, 12, 8)
    )
    assert_type(report, SaveReport)
    assert_type(report.drafts, tuple[SavedDraft, ...])
    assert_type(report.drafts[0].uid, int | None)
    try:
        save_drafts(plan, host="imap.example.com", username="sam", password="x")
    except followup.ImapError as error:
        assert_type(error.stored, tuple[SavedDraft, ...])
        assert_type(error.not_stored, tuple[followup.Draft, ...])
    assert_type(followup.shipped_locales(), tuple[str, ...])
    assert_type(plan.write_files("out").conflicts, list[Conflict])
    assert_type(titles(plan), list[str])
    assert_type(followup.loads("company = 'Acme'", format="toml"), followup.Interview)
    assert_type(followup.load(path, format="json"), followup.Interview)
    assert_type(to_toml(interview), str)
    assert_type(save({"company": "Acme"}, "interview.toml", force=True), Path)
    assert_type(draft.id, str)
    assert_type(draft.sent_on, dt.date | None)
    assert_type(draft.kind, followup.DraftKind)
    assert_type(plan.status(draft), followup.DraftState)
    assert_type(plan.due(), tuple[followup.Draft, ...])
    assert_type(plan.next_due(), dt.date | None)
    assert_type(plan.draft("thank-you-dana-rivera"), followup.Draft)
    assert_type(plan.skipped, tuple[str, ...])
    assert_type(interview.events, tuple[followup.Event, ...])
    assert_type(interview.people, tuple[followup.Interviewer, ...])
    assert_type(interview.expected_decision, dt.date | None)
    for event in interview.events:
        if isinstance(event, followup.SentEvent):
            assert_type(event.draft, str | followup.DraftRef)
        elif isinstance(event, followup.DecisionEvent):
            assert_type(event.outcome, followup.Outcome)
        elif isinstance(event, followup.ReplyEvent):
            assert_type(event.next_contact, dt.date | None)
        elif isinstance(event, followup.PausedEvent):
            assert_type(event.until, dt.date)
        else:
            assert_type(event, followup.SecondInterviewEvent)
    added = followup.record_sent(path, "thank-you-dana-rivera", on=dt.date(2026, 11, 24))
    assert_type(added, str)
    try:
        followup.load(path)
    except followup.FactsError as error:
        assert_type(error.problems, tuple[followup.Problem, ...])
        assert_type(error.problems[0].suggestion, str | None)
        assert_type(error.hint, str | None)


def keyword_only(interview: followup.Interview) -> None:
    followup.plan(interview, dt.date(2026, 11, 24))  # type: ignore[call-arg]
    plan = followup.plan(interview)
    save_drafts(plan, "imap.example.com", username="sam", password="x")  # type: ignore[call-arg]
    followup.loads("", "toml")  # type: ignore[call-arg]
    followup.loads("", format="yaml")  # type: ignore[arg-type]
    save(interview, "x.toml", True)  # type: ignore[call-arg]
    followup.record_sent("f.toml", "thank-you-dana-rivera", dt.date(2026, 11, 24))  # type: ignore[call-arg]
    followup.plan(interview, check_ins_to="everyone")  # type: ignore[arg-type]
