"""E-mail messages: re-parsed with the stdlib parser, in every shipped language, under attack."""

from __future__ import annotations

import datetime as dt
import mailbox
import time
from email import message_from_bytes, message_from_string, policy
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import followup
from followup import mail
from followup.drafts import Attachment, Draft, FollowUpPlan
from tests.conftest import example_dict, minimal_dict

PDF = Attachment(filename="racing-rules.pdf", mime_type="application/pdf", data=bytes(range(256)))
NOTE = Attachment(
    filename="tip.txt", mime_type="text/plain", data="Runbooks \u2013 kürzer.\n".encode()
)


def reparse(message: EmailMessage) -> EmailMessage:
    """What a receiving mail program sees: the bytes parsed with ``policy.default``."""
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def with_gift(plan: FollowUpPlan, *, to: str = "Dana Rivera") -> FollowUpPlan:
    """*plan* with one more gift draft (two attachments) to *to*, enclosed with the
    thank-you note to *to* as the planner encloses gifts."""
    note = next(d for d in plan.drafts if d.kind == "thank_you" and d.recipient.name == to)
    gift = note.model_copy(
        update={
            "kind": "gift",
            "subject": "An article for you",
            "attachments": (PDF, NOTE),
            "enclosures": (),
        }
    )
    drafts = list(plan.drafts)
    index = drafts.index(note)
    drafts[index] = note.model_copy(update={"enclosures": (*note.enclosures, PDF, NOTE)})
    drafts.insert(index + 1, gift)
    return plan.model_copy(update={"drafts": drafts})


def plan_in(locale: str, **overrides: Any) -> FollowUpPlan:
    data = example_dict()
    data["locale"] = locale
    data.update(overrides)
    return followup.plan(followup.parse(data))


def enclosed_with(plan: FollowUpPlan, draft: Draft) -> list[Attachment]:
    """What a draft's message must carry: every gift's files exactly once, with the
    thank-you note that encloses the gift."""
    if draft.kind == "thank_you":
        return list(draft.enclosures)
    if draft.kind == "gift":
        notes = [
            d for d in plan.drafts if d.kind == "thank_you" and d.recipient == draft.recipient
        ]
        enclosed = all(any(a in n.enclosures for n in notes) for a in draft.attachments)
        return [] if enclosed else list(draft.attachments)
    return []


def first(plan: FollowUpPlan) -> Draft:
    return plan.drafts[0]


# --- every message, every language --------------------------------------------------------------


@pytest.mark.parametrize("locale", followup.shipped_locales())
def test_every_message_reads_back_as_built(locale: str) -> None:
    plan = with_gift(plan_in(locale))
    candidate = plan.interview.candidate
    assert candidate.email is not None
    messages = plan.messages()
    assert len(messages) == len(plan.drafts)
    for draft, message in zip(plan.drafts, messages, strict=True):
        parsed = reparse(message)
        assert parsed["From"].addresses == (Address(candidate.name, addr_spec=candidate.email),)
        assert draft.recipient.email is not None
        assert parsed["To"].addresses == (
            Address(draft.recipient.name, addr_spec=draft.recipient.email),
        )
        assert str(parsed["Subject"]) == draft.subject
        assert {k.lower() for k in parsed} == {
            "from",
            "to",
            "subject",
            "mime-version",
            "content-type",
        }
        plain = parsed.get_body(("plain",))
        rich = parsed.get_body(("html",))
        assert plain is not None
        assert rich is not None
        assert plain.get_content() == draft.text + "\n"
        assert draft.html in rich.get_content()
        assert f'<html lang="{draft.locale.replace("_", "-")}"' in rich.get_content()
        got = [
            (p.get_filename(), p.get_content_type(), p.get_payload(decode=True))
            for p in parsed.iter_attachments()
        ]
        assert got == [(a.filename, a.mime_type, a.data) for a in enclosed_with(plan, draft)]


def test_a_gift_keeps_its_attachments_as_a_draft_of_its_own(interview: followup.Interview) -> None:
    plan = with_gift(followup.plan(interview))
    gift = next(d for d in plan.drafts if d.kind == "gift")
    own = [p.get_payload(decode=True) for p in reparse(gift.to_email()).iter_attachments()]
    assert own == [PDF.data, NOTE.data]
    in_plan = list(reparse(plan.to_email(gift)).iter_attachments())
    assert in_plan == []


def test_a_gift_no_note_encloses_carries_its_own_attachments(
    interview: followup.Interview,
) -> None:
    plan = with_gift(followup.plan(interview))
    drafts = [d.model_copy(update={"enclosures": ()}) for d in plan.drafts]
    unenclosed = plan.model_copy(update={"drafts": drafts})
    gift = next(d for d in unenclosed.drafts if d.kind == "gift")
    assert mail.attachments_for(unenclosed, gift) == gift.attachments
    note = unenclosed.drafts[0]
    assert mail.attachments_for(unenclosed, note) == ()


def test_every_gift_file_travels_exactly_once(interview: followup.Interview) -> None:
    plan = followup.plan(interview)
    carried = [a for d in plan.drafts for a in mail.attachments_for(plan, d)]
    gifts = [a for d in plan.drafts if d.kind == "gift" for a in d.attachments]
    assert sorted(a.filename for a in carried) == sorted(a.filename for a in gifts)


def test_the_same_draft_gives_the_same_bytes(interview: followup.Interview) -> None:
    plan = with_gift(followup.plan(interview))
    again = with_gift(followup.plan(interview))
    assert [m.as_bytes() for m in plan.messages()] == [m.as_bytes() for m in again.messages()]


def test_no_date_header_unless_a_date_is_given(interview: followup.Interview) -> None:
    draft = first(followup.plan(interview))
    assert reparse(draft.to_email())["Date"] is None
    when = dt.datetime(2026, 11, 24, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
    assert reparse(draft.to_email(date=when))["Date"].datetime == when
    with pytest.raises(followup.ExportError, match="time zone"):
        draft.to_email(date=dt.datetime(2026, 11, 24, 18, 30))


def test_the_sender_replaces_the_candidate(interview: followup.Interview) -> None:
    draft = first(followup.plan(interview))
    by_address = reparse(draft.to_email(sender=Address("Sam O.", "sam", "mail.example")))
    assert by_address["From"].addresses == (Address("Sam O.", "sam", "mail.example"),)
    by_string = reparse(draft.to_email(sender="other@example.org"))
    assert by_string["From"].addresses == (Address("", "other", "example.org"),)


def test_a_candidate_without_email_leaves_from_to_the_mail_client() -> None:
    interview = followup.parse(
        minimal_dict(interviewers=[{"name": "Dana Rivera", "email": "dana@example.com"}])
    )
    parsed = reparse(first(followup.plan(interview)).to_email())
    assert parsed["From"] is None
    assert parsed["To"].addresses[0].addr_spec == "dana@example.com"


def test_a_recipient_without_email_gives_no_to_or_an_error_when_required() -> None:
    draft = first(followup.plan(followup.parse(minimal_dict())))
    assert draft.recipient.email is None
    assert reparse(draft.to_email())["To"] is None
    with pytest.raises(followup.ExportError, match="'Dana Rivera' has no e-mail address"):
        draft.to_email(require_recipient=True)
    with pytest.raises(followup.ExportError, match="Dana Rivera"):
        followup.plan(followup.parse(minimal_dict())).messages(require_recipient=True)


def test_the_html_part_is_a_whole_document(interview: followup.Interview) -> None:
    draft = first(followup.plan(interview))
    document = mail.html_document(draft)
    assert document.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')
    assert f"<title>{draft.subject}</title>" in document
    assert document.rstrip().endswith("</html>")


# --- SECURITY.md, E-mail: items 15 to 22 ---------------------------------------------------

BREAKS = ["\r\n", "\n", "\r", "\u2028", "\x85"]
CONTROLS = ["\x00", "\x1b", "\x7f", "\x08"]


def _recipient(**fields: Any) -> followup.Interviewer:
    """An interviewer that skips validation, as a caller building drafts by hand could."""
    base: dict[str, Any] = {
        "name": "Dana Rivera",
        "given_name": "Dana",
        "family_name": "Rivera",
        "email": "dana@example.com",
    }
    return followup.Interviewer.model_construct(**(base | fields))


@pytest.mark.parametrize("char", BREAKS)
def test_15_line_breaks_are_refused_by_the_facts(char: str) -> None:
    for data in (
        minimal_dict(role=f"Analyst{char}Bcc: evil@example.com"),
        minimal_dict(interviewers=[{"name": f"Dana{char}Bcc: evil@example.com"}]),
        minimal_dict(
            interviewers=[{"name": "Dana", "email": f"dana@example.com{char}Bcc: e@x.com"}]
        ),
    ):
        with pytest.raises(followup.FactsError):
            followup.parse(data)


@pytest.mark.parametrize("char", BREAKS)
def test_15_line_breaks_are_refused_by_the_mail_builder(
    char: str, interview: followup.Interview
) -> None:
    draft = first(followup.plan(interview))
    evil = f"Hello{char}Bcc: evil@example.com"
    for bad in (
        draft.model_copy(update={"subject": evil}),
        draft.model_copy(update={"recipient": _recipient(name=evil)}),
        draft.model_copy(update={"recipient": _recipient(email=f"dana@example.com{char}x")}),
    ):
        with pytest.raises(followup.ExportError):
            bad.to_email()
    if char in "\r\n":
        with pytest.raises(ValueError, match="CR or LF"):  # the stdlib refuses to build it
            Address(evil, "sam", "example.com")
    else:
        with pytest.raises(followup.ExportError, match="sender name"):
            draft.to_email(sender=Address(evil, "sam", "example.com"))


SMUGGLED = "=?UTF-8?Q?Thanks=0ABcc:_evil@x.com?="


def test_16_an_encoded_word_in_the_subject_is_refused(interview: followup.Interview) -> None:
    draft = first(followup.plan(interview)).model_copy(update={"subject": SMUGGLED})
    with pytest.raises(followup.ExportError, match="does not read back as built"):
        draft.to_email()


def test_16_an_encoded_word_in_the_facts_never_becomes_a_header() -> None:
    interview = followup.parse(
        minimal_dict(
            role=SMUGGLED, interviewers=[{"name": "Dana Rivera", "email": "d@example.com"}]
        )
    )
    draft = first(followup.plan(interview))
    assert SMUGGLED in draft.subject
    try:
        message = draft.to_email()
    except followup.ExportError:
        return
    parsed = reparse(message)  # only if this Python encodes it safely
    assert parsed["Bcc"] is None
    assert str(parsed["Subject"]) == draft.subject


@pytest.mark.parametrize("char", CONTROLS)
def test_17_control_characters_are_refused_by_both_layers(
    char: str, interview: followup.Interview
) -> None:
    with pytest.raises(followup.FactsError):
        followup.parse(minimal_dict(role=f"Ana{char}lyst"))
    draft = first(followup.plan(interview))
    with pytest.raises(followup.ExportError, match="control character"):
        draft.model_copy(update={"subject": f"Hi{char}there"}).to_email()
    with pytest.raises(followup.ExportError, match="control character"):
        draft.model_copy(update={"recipient": _recipient(name=f"Da{char}na")}).to_email()


@pytest.mark.parametrize(
    "name",
    [
        "Rivera, Dana",
        'Dana "The Boss" Rivera',
        'Rivera, "Dana" <boss@evil.example>, eve@evil.example',
        "Dana <eve@evil.example>",
        "Dana; eve@evil.example",
    ],
)
def test_18_a_display_name_never_changes_the_recipients(name: str) -> None:
    interview = followup.parse(
        minimal_dict(interviewers=[{"name": name, "email": "dana@example.com"}])
    )
    parsed = reparse(first(followup.plan(interview)).to_email())
    assert parsed["To"].addresses == (Address(name, addr_spec="dana@example.com"),)
    assert parsed["Cc"] is None
    assert parsed["Bcc"] is None


def test_19_idn_domains_go_out_in_ascii(interview: followup.Interview) -> None:
    draft = first(followup.plan(interview)).model_copy(
        update={"recipient": _recipient(email="dana@münchen.example")}
    )
    data = draft.to_email().as_bytes()
    assert b"dana@xn--mnchen-3ya.example" in data
    assert reparse(draft.to_email())["To"].addresses[0].domain == "xn--mnchen-3ya.example"


def test_19_non_ascii_local_parts_only_with_smtputf8(interview: followup.Interview) -> None:
    with pytest.raises(followup.FactsError):
        followup.parse(minimal_dict(interviewers=[{"name": "Dana", "email": "dänä@example.com"}]))
    draft = first(followup.plan(interview)).model_copy(
        update={"recipient": _recipient(email="dänä@example.com")}
    )
    with pytest.raises(followup.ExportError, match="SMTPUTF8"):
        draft.to_email()
    message = mail.to_email(draft, smtputf8=True)
    # The stdlib's bytes parser leaves raw UTF-8 headers surrogate-escaped: decode first.
    parsed = message_from_string(message.as_bytes().decode("utf-8"), policy=policy.SMTPUTF8)
    assert parsed["To"].addresses[0].addr_spec == "dänä@example.com"


def test_20_an_overlong_subject_is_refused_by_both_layers(interview: followup.Interview) -> None:
    with pytest.raises(followup.FactsError):
        followup.parse(minimal_dict(role="x" * 100_000))
    draft = first(followup.plan(interview)).model_copy(update={"subject": "x" * 100_000})
    with pytest.raises(followup.ExportError, match="100000 characters"):
        draft.to_email()


def test_21_non_ascii_text_round_trips_exactly() -> None:
    interview = followup.parse(
        minimal_dict(
            company="Société Générale \u2013 Zürich",
            role="Ingénieure données 数据工程师",
            candidate={"name": "Zoë Ångström", "email": "zoe@example.com"},
            interviewers=[{"name": "José Müller-Łukasz", "email": "jose@bücher.example"}],
        )
    )
    draft = first(followup.plan(interview))
    message = draft.to_email()
    data = message.as_bytes()
    assert data.isascii()  # RFC 2047 headers, quoted-printable bodies: any transport
    parsed = reparse(message)
    assert str(parsed["Subject"]) == draft.subject
    assert parsed["From"].addresses[0].display_name == "Zoë Ångström"
    assert parsed["To"].addresses[0].display_name == "José Müller-Łukasz"
    plain = parsed.get_body(("plain",))
    assert plain is not None
    assert plain.get_content() == draft.text + "\n"
    assert "数据工程师" in plain.get_content()


@pytest.mark.parametrize(
    ("filename", "sent_as"),
    [("../../etc/passwd", "passwd"), ("C:\\Users\\x\\report.pdf", "report.pdf")],
)
def test_22_attachments_go_by_their_base_name(
    filename: str, sent_as: str, interview: followup.Interview
) -> None:
    draft = first(followup.plan(interview)).model_copy(
        update={"attachments": (PDF.model_copy(update={"filename": filename}),), "enclosures": ()}
    )
    (part,) = reparse(draft.to_email()).iter_attachments()
    assert part.get_filename() == sent_as
    assert part.get_payload(decode=True) == PDF.data


@pytest.mark.parametrize(
    "filename", ["report\u202egpj.exe", "re\r\nport.pdf", "a\x00.pdf", "..", "/", "\u2066x.pdf"]
)
def test_22_attachment_names_with_control_or_bidi_characters_are_refused(
    filename: str, interview: followup.Interview
) -> None:
    draft = first(followup.plan(interview)).model_copy(
        update={"attachments": (PDF.model_copy(update={"filename": filename}),), "enclosures": ()}
    )
    with pytest.raises(followup.ExportError, match="attachment"):
        draft.to_email()


def test_an_attachment_needs_a_plain_mime_type(interview: followup.Interview) -> None:
    bad = PDF.model_copy(update={"mime_type": "application/pdf\r\nX-Evil: 1"})
    draft = first(followup.plan(interview)).model_copy(update={"attachments": (bad,)})
    with pytest.raises(followup.ExportError, match="MIME type"):
        draft.to_email()


# --- the property: re-parsed headers and recipients equal the intended ones ---------------------

ATTACKS = ["{{", "{%", "=?utf-8?q?", "=0A", "\r\n", ",", '"', "<", "\u202e", "\u2028"]
_PRINTABLE = st.characters(exclude_categories=("Cc", "Cs", "Cf", "Zl", "Zp", "Co", "Cn"))
_text = st.lists(
    st.sampled_from([*ATTACKS, "a", "é", " ", "@", ";", ":", "\\", "(", ")", ">", "Ω"])
    | st.text(_PRINTABLE, min_size=1, max_size=5),
    min_size=1,
    max_size=12,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_text, role=_text)
@example(name='Rivera, "Dana" <eve@evil.example>', role="Analyst")
@example(name="Dana", role=SMUGGLED)
@example(name="=?utf-8?q?Eve=0ABcc:_eve@x.com?=", role="Analyst")
@example(name="Dana\r\nBcc: eve@x.com", role="Analyst")
@example(name="Dana\u202eEve", role="Analyst\u2028Bcc: x")
@example(name="{{ 7*7 }}", role="{% raw %}")
@example(name="Dana  Rivera", role="Analyst")
@example(name="José Müller-Łukasz von Großenhain-Ébène-Zürichberg Sr.", role="Analyst")
def test_reparsed_headers_equal_the_intended_ones(name: str, role: str) -> None:
    data = minimal_dict(role=role, interviewers=[{"name": name, "email": "dana@example.com"}])
    try:
        interview = followup.parse(data)
    except followup.FactsError:
        return  # refused at validation: nothing reaches a message
    draft = first(followup.plan(interview))
    try:
        message = draft.to_email()
    except followup.ExportError:
        # Only a value that holds an encoded word may be refused at this stage.
        assert "=?" in draft.subject or "=?" in draft.recipient.name
        return
    parsed = reparse(message)
    (to,) = parsed["To"].addresses
    assert (to.username, to.domain) == ("dana", "example.com")
    # the stdlib parser keeps the folding space between encoded words (RFC 2047 drops it)
    assert to.display_name.split() == draft.recipient.name.split() or (
        "".join(to.display_name.split()) == "".join(draft.recipient.name.split())
    )
    assert str(parsed["Subject"]) == draft.subject
    assert [k.lower() for k in parsed] == ["to", "subject", "mime-version", "content-type"]


# --- mail folders ------------------------------------------------------------------------------


def test_write_mbox_gives_one_draft_per_message(
    interview: followup.Interview, tmp_path: Path
) -> None:
    plan = with_gift(followup.plan(interview))
    path = plan.write_mbox(tmp_path / "drafts.mbox")
    box = mailbox.mbox(path)
    entries = list(box)
    assert [e["Subject"] for e in entries] == [d.subject for d in plan.drafts]
    for entry, draft in zip(entries, plan.drafts, strict=True):
        assert "D" not in entry.get_flags()  # "D" would mean deleted in mbox
        assert entry.get_flags() == "RO"
        assert entry["X-Mozilla-Draft-Info"].startswith("internal/draft")
        assert entry["X-Mozilla-Status"] == "0001"
        assert entry.get_from().endswith(time.asctime(draft.send_on.timetuple()))
    again = plan.write_mbox(tmp_path / "again.mbox")
    assert again.read_bytes() == path.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.mbox", "drafts.mbox"]


def test_write_mbox_never_replaces_an_existing_file(
    interview: followup.Interview, tmp_path: Path
) -> None:
    target = tmp_path / "drafts.mbox"
    target.write_text("my own mail\n")
    with pytest.raises(followup.ExportError, match="already exists"):
        followup.plan(interview).write_mbox(target)
    assert target.read_text() == "my own mail\n"
    assert [p.name for p in tmp_path.iterdir()] == ["drafts.mbox"]


def test_write_maildir_adds_drafts_and_keeps_what_is_there(
    interview: followup.Interview, tmp_path: Path
) -> None:
    box = mailbox.Maildir(tmp_path / "Drafts", create=True)
    mine = box.add(mailbox.MaildirMessage(b"Subject: mine\n\nkeep me\n"))
    plan = followup.plan(interview)
    keys = plan.write_maildir(tmp_path / "Drafts")
    box = mailbox.Maildir(tmp_path / "Drafts")
    assert box[mine].get_payload() == "keep me\n"
    assert len(keys) == len(plan.drafts)
    for key, draft in zip(keys, plan.drafts, strict=True):
        entry = box[key]
        assert entry.get_subdir() == "cur"
        assert set(entry.get_flags()) == {"D", "S"}
        assert entry["Subject"] == draft.subject
        day = draft.send_on
        assert (
            entry.get_date()
            == dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()
        )


def test_write_mbox_into_a_missing_folder_is_an_export_error(
    interview: followup.Interview, tmp_path: Path
) -> None:
    with pytest.raises(followup.ExportError, match="cannot write the mailbox"):
        followup.plan(interview).write_mbox(tmp_path / "missing" / "drafts.mbox")


def test_a_crash_while_writing_the_mbox_leaves_nothing_behind(
    interview: followup.Interview, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(mail.os, "fsync", crash)
    with pytest.raises(followup.ExportError, match="No space left"):
        followup.plan(interview).write_mbox(tmp_path / "drafts.mbox")
    assert list(tmp_path.iterdir()) == []


def test_a_thank_you_note_carries_the_gifts_it_encloses(interview: followup.Interview) -> None:
    plan = followup.plan(interview)
    note = plan.drafts[0]
    assert note.kind == "thank_you"
    assert note.attachments == ()
    gift = next(d for d in plan.drafts if d.kind == "gift" and d.recipient == note.recipient)
    carried = [p.get_payload(decode=True) for p in reparse(note.to_email()).iter_attachments()]
    assert carried == [a.data for a in gift.attachments]
    assert reparse(plan.to_email(gift)).get_body(("plain",)) is not None
    assert list(reparse(plan.to_email(gift)).iter_attachments()) == []


def test_attachment_names_are_unique_within_a_message() -> None:
    data = example_dict()
    data["gifts"] = [
        {"kind": "tip", "about": "sailing", "text": "Reef early."},
        {"kind": "tip", "about": "sailing", "text": "Check the forecast twice."},
    ]
    plan = followup.plan(followup.parse(data))
    note = next(d for d in plan.drafts if d.kind == "thank_you")
    parts = list(reparse(note.to_email()).iter_attachments())
    names = [p.get_filename() for p in parts]
    assert len(names) == 2
    assert len(set(names)) == 2
    assert [p.get_payload(decode=True) for p in parts] == [a.data for a in note.enclosures]


def test_mbox_keeps_body_lines_that_start_with_from(tmp_path: Path) -> None:
    data = example_dict()
    data["gifts"][1]["text"] = "From experience:\nFrom now on, keep a runbook per alert."
    plan = followup.plan(followup.parse(data))
    path = plan.write_mbox(tmp_path / "drafts.mbox")
    entries = list(mailbox.mbox(path))
    assert len(entries) == len(plan.drafts)
    for entry, draft in zip(entries, plan.drafts, strict=True):
        parsed = message_from_bytes(entry.as_bytes(), policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        plain = parsed.get_body(("plain",))
        assert plain is not None
        assert plain.get_content().replace("\r\n", "\n") == draft.text + "\n"
    assert any(line.startswith("From ") for d in plan.drafts for line in d.text.splitlines())


def test_smtputf8_is_an_option_of_every_message_builder(interview: followup.Interview) -> None:
    plan = followup.plan(interview)
    sender = "jürgen@example.de"
    with pytest.raises(followup.ExportError, match="smtputf8=True"):
        plan.to_email(plan.drafts[0], sender=sender)
    for message in (
        plan.to_email(plan.drafts[0], sender=sender, smtputf8=True),
        plan.drafts[0].to_email(sender=sender, smtputf8=True),
        plan.messages(sender=sender, smtputf8=True)[0],
    ):
        assert message["From"].addresses[0].addr_spec == sender
