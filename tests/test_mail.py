"""E-mail messages: the e-mail form of each draft, re-parsed with the stdlib parser, in every
shipped language, under attack."""

from __future__ import annotations

import datetime as dt
import mailbox
import re
from email import message_from_bytes, message_from_string, policy
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import followup
from followup.drafts import Attachment, Draft, Enclosure
from followup.export import mail
from followup.export.mail import MailOptions, thread
from followup.plans import FollowUpPlan
from followup.testing import hostile_text, interviews
from tests.conftest import decided, example_dict, interviewed_again, minimal_dict

PDF = Attachment(filename="racing-rules.pdf", mime_type="application/pdf", data=bytes(range(256)))
NOTE = Attachment(
    filename="tip.txt", mime_type="text/plain", data="Runbooks \u2013 kürzer.\n".encode()
)


def reparse(message: EmailMessage) -> EmailMessage:
    """What a receiving mail program sees: the bytes parsed with ``policy.default``."""
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def email(draft: Draft, **options: Any) -> EmailMessage:
    """*draft*'s message, built with *options* (those of :class:`MailOptions`)."""
    return mail.to_email(draft, options=MailOptions(**options))


def with_files(draft: Draft, *files: Attachment) -> Draft:
    """*draft* with one more enclosure that carries *files*."""
    gift = followup.TipGift(kind="tip", about="sailing", text="Reef early.")
    extra = Enclosure(gift=gift, text="Reef early.", html="<p>Reef early.</p>", attachments=files)
    return draft.model_copy(update={"enclosures": (*draft.enclosures, extra)})


def with_gift(plan: FollowUpPlan, *, to: str = "Dana Rivera") -> FollowUpPlan:
    """*plan* with one more enclosure (two files) in the thank-you note to *to*."""
    drafts = tuple(
        with_files(d, PDF, NOTE) if d.kind == "thank_you" and d.recipient.name == to else d
        for d in plan.drafts
    )
    return plan.model_copy(update={"drafts": drafts})


def plan_in(locale: str, **overrides: Any) -> FollowUpPlan:
    data = example_dict()
    data["locale"] = locale
    data.update(overrides)
    return followup.plan(followup.parse(data))


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
        threaded = {"in-reply-to", "references"} if draft.kind == "check_in" else set()
        assert {k.lower() for k in parsed} == {
            "from",
            "to",
            "subject",
            "message-id",
            "x-unsent",
            "mime-version",
            "content-type",
            *threaded,
        }
        plain = parsed.get_body(("plain",))
        rich = parsed.get_body(("html",))
        assert plain is not None
        assert rich is not None
        assert plain.get_content() == draft.email_text + "\n"
        assert draft.email_html in rich.get_content()
        assert f'<html lang="{draft.locale.replace("_", "-")}"' in rich.get_content()
        got = [
            (p.get_filename(), p.get_content_type(), p.get_payload(decode=True))
            for p in parsed.iter_attachments()
        ]
        assert got == [(a.filename, a.mime_type, a.data) for a in draft.attachments]


def test_one_message_per_draft_and_no_gift_is_a_message_of_its_own(
    interview: followup.Interview,
) -> None:
    plan = followup.plan(interview)
    messages = plan.messages()
    assert [str(reparse(m)["Subject"]) for m in messages] == [d.subject for d in plan.drafts]
    day_one = [d for d in plan.drafts if d.send_on == interview.date]
    assert [d.recipient.name for d in day_one] == ["Dana Rivera", "Lee Chen"]


def test_the_e_mail_carries_links_and_tips_inline_and_a_contact_as_a_vcard() -> None:
    data = example_dict()
    data["gifts"].append(
        {
            "kind": "contact",
            "about": "sailing",
            "to": "Dana Rivera",
            "contact": {"name": "Kim Park", "email": "kim@example.org", "organization": "Contoso"},
        }
    )
    plan = followup.plan(followup.parse(data))
    dana, lee = (d for d in plan.drafts if d.kind == "thank_you")
    parsed = reparse(plan.to_email(dana))
    plain = parsed.get_body(("plain",))
    rich = parsed.get_body(("html",))
    assert plain is not None
    assert rich is not None
    assert "https://example.org/racing-rules" in plain.get_content()
    assert '<a href="https://example.org/racing-rules">' in rich.get_content()
    assert "kim@example.org" in plain.get_content()
    attached = list(parsed.iter_attachments())
    assert [(p.get_filename(), p.get_content_type()) for p in attached] == [
        ("kim-park.vcf", "text/vcard")
    ]
    assert b"FN:Kim Park" in attached[0].get_payload(decode=True)
    tip = reparse(plan.to_email(lee))
    tip_text = tip.get_body(("plain",))
    assert tip_text is not None
    assert "A short runbook per alert" in tip_text.get_content()
    assert list(tip.iter_attachments()) == []
    # No file anywhere holds only a URL.
    for message in plan.messages():
        for part in reparse(message).iter_attachments():
            assert part.get_content_type() == "text/vcard"


def test_every_file_of_a_plan_travels_once_with_its_note(interview: followup.Interview) -> None:
    plan = with_gift(followup.plan(interview))
    carried = [
        part.get_filename() for m in plan.messages() for part in reparse(m).iter_attachments()
    ]
    assert carried == [PDF.filename, NOTE.filename]


def test_the_same_draft_gives_the_same_bytes(interview: followup.Interview) -> None:
    plan = with_gift(followup.plan(interview))
    again = with_gift(followup.plan(interview))
    assert [m.as_bytes() for m in plan.messages()] == [m.as_bytes() for m in again.messages()]


def test_no_date_header_unless_a_date_is_given(interview: followup.Interview) -> None:
    draft = first(followup.plan(interview))
    assert reparse(email(draft))["Date"] is None
    when = dt.datetime(2026, 11, 24, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
    assert reparse(email(draft, date=when))["Date"].datetime == when
    with pytest.raises(followup.ExportError, match="time zone"):
        email(draft, date=dt.datetime(2026, 11, 24, 18, 30))


def test_the_sender_replaces_the_candidate(interview: followup.Interview) -> None:
    draft = first(followup.plan(interview))
    by_address = reparse(email(draft, sender=Address("Sam O.", "sam", "mail.example")))
    assert by_address["From"].addresses == (Address("Sam O.", "sam", "mail.example"),)
    by_string = reparse(email(draft, sender="other@example.org"))
    assert by_string["From"].addresses == (Address("", "other", "example.org"),)


def test_a_candidate_without_email_leaves_from_to_the_mail_client() -> None:
    interview = followup.parse(
        minimal_dict(interviewers=[{"name": "Dana Rivera", "email": "dana@example.com"}])
    )
    parsed = reparse(email(first(followup.plan(interview))))
    assert parsed["From"] is None
    assert parsed["To"].addresses[0].addr_spec == "dana@example.com"


def test_a_recipient_without_email_gives_no_to_or_an_error_when_required() -> None:
    draft = first(followup.plan(followup.parse(minimal_dict())))
    assert draft.recipient.email is None
    assert reparse(email(draft))["To"] is None
    with pytest.raises(followup.ExportError, match="'Dana Rivera' has no e-mail address"):
        email(draft, require_recipient=True)
    with pytest.raises(followup.ExportError, match="Dana Rivera"):
        followup.plan(followup.parse(minimal_dict())).messages(
            options=MailOptions(require_recipient=True)
        )


def test_the_html_part_is_a_whole_document(interview: followup.Interview) -> None:
    draft = first(followup.plan(interview))
    document = mail.html_document(draft)
    assert document.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')
    assert f"<title>{draft.subject}</title>" in document
    assert document.rstrip().endswith("</html>")


# --- bad e-mail input: headers, recipients, encodings, attachment names (15 to 22) --------

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


@pytest.mark.attack(15)
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


@pytest.mark.attack(15)
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
            email(bad)
    if char in "\r\n":
        with pytest.raises(ValueError, match="CR or LF"):  # the stdlib refuses to build it
            Address(evil, "sam", "example.com")
    else:
        with pytest.raises(followup.ExportError, match="sender name"):
            email(draft, sender=Address(evil, "sam", "example.com"))


SMUGGLED = "=?UTF-8?Q?Thanks=0ABcc:_evil@x.com?="


@pytest.mark.attack(16)
def test_16_an_encoded_word_in_the_subject_is_refused(interview: followup.Interview) -> None:
    draft = first(followup.plan(interview)).model_copy(update={"subject": SMUGGLED})
    with pytest.raises(followup.ExportError, match="does not read back as built"):
        email(draft)


@pytest.mark.attack(16)
def test_16_an_encoded_word_in_the_facts_never_becomes_a_header() -> None:
    interview = followup.parse(
        minimal_dict(
            role=SMUGGLED, interviewers=[{"name": "Dana Rivera", "email": "d@example.com"}]
        )
    )
    draft = first(followup.plan(interview))
    assert SMUGGLED in draft.subject
    try:
        message = email(draft)
    except followup.ExportError:
        return
    parsed = reparse(message)  # only if this Python encodes it safely
    assert parsed["Bcc"] is None
    assert str(parsed["Subject"]) == draft.subject


@pytest.mark.attack(17)
@pytest.mark.parametrize("char", CONTROLS)
def test_17_control_characters_are_refused_by_both_layers(
    char: str, interview: followup.Interview
) -> None:
    with pytest.raises(followup.FactsError):
        followup.parse(minimal_dict(role=f"Ana{char}lyst"))
    draft = first(followup.plan(interview))
    with pytest.raises(followup.ExportError, match="control character"):
        email(draft.model_copy(update={"subject": f"Hi{char}there"}))
    with pytest.raises(followup.ExportError, match="control character"):
        email(draft.model_copy(update={"recipient": _recipient(name=f"Da{char}na")}))


@pytest.mark.attack(18)
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
    parsed = reparse(email(first(followup.plan(interview))))
    assert parsed["To"].addresses == (Address(name, addr_spec="dana@example.com"),)
    assert parsed["Cc"] is None
    assert parsed["Bcc"] is None


@pytest.mark.attack(19)
def test_19_idn_domains_go_out_in_ascii(interview: followup.Interview) -> None:
    draft = first(followup.plan(interview)).model_copy(
        update={"recipient": _recipient(email="dana@münchen.example")}
    )
    data = email(draft).as_bytes()
    assert b"dana@xn--mnchen-3ya.example" in data
    assert reparse(email(draft))["To"].addresses[0].domain == "xn--mnchen-3ya.example"


@pytest.mark.attack("M2")
@pytest.mark.attack(19)
@pytest.mark.parametrize(
    ("domain", "ascii"),
    [("straße.example", "xn--strae-oqa.example"), ("faß.example", "xn--fa-hia.example")],
)
def test_19_idn_domains_are_idna_2008(
    interview: followup.Interview, domain: str, ascii: str
) -> None:
    """IDNA 2003 (Python's codec) sends straße to strasse, a different domain."""
    draft = first(followup.plan(interview)).model_copy(
        update={"recipient": _recipient(email=f"dana@{domain}")}
    )
    assert reparse(email(draft))["To"].addresses[0].domain == ascii


@pytest.mark.attack(19)
def test_19_a_hand_built_stand_in_domain_is_refused_at_export(
    interview: followup.Interview,
) -> None:
    draft = first(followup.plan(interview)).model_copy(
        update={"recipient": _recipient(email="dana@x\u00b2.example")}
    )
    with pytest.raises(followup.ExportError, match=r"'x2\.example'"):
        email(draft)


@pytest.mark.attack(19)
def test_19_non_ascii_local_parts_only_with_smtputf8(interview: followup.Interview) -> None:
    with pytest.raises(followup.FactsError):
        followup.parse(minimal_dict(interviewers=[{"name": "Dana", "email": "dänä@example.com"}]))
    draft = first(followup.plan(interview)).model_copy(
        update={"recipient": _recipient(email="dänä@example.com")}
    )
    with pytest.raises(followup.ExportError, match="SMTPUTF8"):
        email(draft)
    message = email(draft, smtputf8=True)
    # The stdlib's bytes parser leaves raw UTF-8 headers surrogate-escaped: decode first.
    parsed = message_from_string(message.as_bytes().decode("utf-8"), policy=policy.SMTPUTF8)
    assert parsed["To"].addresses[0].addr_spec == "dänä@example.com"


@pytest.mark.attack(20)
def test_20_an_overlong_subject_is_refused_by_both_layers(interview: followup.Interview) -> None:
    with pytest.raises(followup.FactsError):
        followup.parse(minimal_dict(role="x" * 100_000))
    draft = first(followup.plan(interview)).model_copy(update={"subject": "x" * 100_000})
    with pytest.raises(followup.ExportError, match="100000 characters"):
        email(draft)


@pytest.mark.attack(21)
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
    message = email(draft)
    data = message.as_bytes()
    assert data.isascii()  # RFC 2047 headers, quoted-printable bodies: any transport
    parsed = reparse(message)
    assert str(parsed["Subject"]) == draft.subject
    assert parsed["From"].addresses[0].display_name == "Zoë Ångström"
    assert parsed["To"].addresses[0].display_name == "José Müller-Łukasz"
    plain = parsed.get_body(("plain",))
    assert plain is not None
    assert plain.get_content() == draft.email_text + "\n"
    assert "数据工程师" in plain.get_content()


@pytest.mark.attack(22)
@pytest.mark.parametrize(
    ("filename", "sent_as"),
    [("../../etc/passwd", "passwd"), ("C:\\Users\\x\\report.pdf", "report.pdf")],
)
def test_22_attachments_go_by_their_base_name(
    filename: str, sent_as: str, interview: followup.Interview
) -> None:
    draft = with_files(
        first(followup.plan(interview)), PDF.model_copy(update={"filename": filename})
    )
    (part,) = reparse(email(draft)).iter_attachments()
    assert part.get_filename() == sent_as
    assert part.get_payload(decode=True) == PDF.data


@pytest.mark.attack(22)
@pytest.mark.parametrize(
    "filename", ["report\u202egpj.exe", "re\r\nport.pdf", "a\x00.pdf", "..", "/", "\u2066x.pdf"]
)
def test_22_attachment_names_with_control_or_bidi_characters_are_refused(
    filename: str, interview: followup.Interview
) -> None:
    draft = with_files(
        first(followup.plan(interview)), PDF.model_copy(update={"filename": filename})
    )
    with pytest.raises(followup.ExportError, match="attachment"):
        email(draft)


def test_an_attachment_needs_a_plain_mime_type(interview: followup.Interview) -> None:
    bad = PDF.model_copy(update={"mime_type": "application/pdf\r\nX-Evil: 1"})
    draft = with_files(first(followup.plan(interview)), bad)
    with pytest.raises(followup.ExportError, match="MIME type"):
        email(draft)


# --- the property: re-parsed headers and recipients equal the intended ones ---------------------

_text = hostile_text()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_text, role=_text)
@example(name='Rivera, "Dana" <eve@evil.example>', role="Analyst")
@example(name="Dana", role=SMUGGLED)
@example(name="=?utf-8?q?Eve=0ABcc:_eve@x.com?=", role="Analyst")
@example(name="Dana\r\nBcc: eve@x.com", role="Analyst")
@example(name="Dana\u202eEve", role="Analyst\u2028Bcc: x")
@example(name="{{ 7*7 }}", role="{% raw %}")
@example(name="Dana  Rivera", role="Analyst")
@example(name="x=?UTF-8?Q?Thanks=0ABcc:_evil@x.com?=\u03a9", role="Analyst")  # a CR in a name
@example(name="José Müller-Łukasz von Großenhain-Ébène-Zürichberg Sr.", role="Analyst")
def test_reparsed_headers_equal_the_intended_ones(name: str, role: str) -> None:
    data = minimal_dict(role=role, interviewers=[{"name": name, "email": "dana@example.com"}])
    try:
        interview = followup.parse(data)
    except followup.FactsError:
        return  # refused at validation: nothing reaches a message
    draft = first(followup.plan(interview))
    try:
        message = email(draft)
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
    assert [k.lower() for k in parsed] == [
        "to",
        "subject",
        "x-unsent",
        "mime-version",
        "content-type",
    ]


def test_attachment_names_are_unique_within_a_message() -> None:
    data = example_dict()
    data["gifts"] = [
        {"kind": "contact", "about": "sailing", "contact": {"name": "Kim Park", "phone": "123"}},
        {"kind": "contact", "about": "sailing", "contact": {"name": "Kim Park", "phone": "456"}},
    ]
    plan = followup.plan(followup.parse(data))
    note = next(d for d in plan.drafts if d.kind == "thank_you")
    parts = list(reparse(plan.to_email(note)).iter_attachments())
    assert [p.get_filename() for p in parts] == ["kim-park.vcf", "kim-park-2.vcf"]
    assert [p.get_payload(decode=True) for p in parts] == [a.data for a in note.attachments]


_ROLE_WORDS = st.sampled_from(
    [
        "ingeniera",
        "de",
        "datos",
        "sénior",
        "Qualitätssicherung",
        "für",
        "Plattformen",
        "数据",
        "Senior",
        "Data",
        "Engineer",
        "Größte",
        "analyste",
        "données",
        "élevé",
        "und",
        "y",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(_ROLE_WORDS, min_size=1, max_size=14),
    locale=st.sampled_from(["es", "de", "fr"]),
)
def test_any_subject_reads_back_exactly_and_folds_within_the_line_length(
    words: list[str], locale: str
) -> None:
    """A plain word folded next to an encoded one never gains a space ("datos  sénior")."""
    data = minimal_dict(locale=locale, role=" ".join(words))
    data["interviewers"][0]["email"] = "dana@example.org"
    plan = followup.plan(followup.parse(data))
    for draft in plan.drafts:
        raw = plan.to_email(draft).as_bytes()
        parsed = message_from_bytes(raw, policy=policy.default)
        assert str(parsed["Subject"]) == draft.subject
        head = raw.split(b"\n\n", 1)[0]
        assert all(len(line) <= 78 for line in head.splitlines())


# --- drafts that open as drafts, in one conversation per person ---------------------------------

_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
MSG_ID = re.compile(rf"<{_ATEXT}(\.{_ATEXT})*@{_ATEXT}(\.{_ATEXT})*>")
"""RFC 5322's msg-id without its obsolete forms: <dot-atom-text@dot-atom-text>."""


def _parsed(data: bytes) -> EmailMessage:
    parsed = message_from_bytes(data, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _written(
    plan: FollowUpPlan, folder: Path
) -> tuple[dict[str, EmailMessage], list[EmailMessage]]:
    """The .eml files (by name) and the mbox messages `followup write` writes for *plan*."""
    plan.write_files(folder, txt=False, eml=True, mbox=True)
    emls = {path.name: _parsed(path.read_bytes()) for path in sorted(folder.glob("*.eml"))}
    box = mailbox.mbox(folder / "drafts.mbox")
    return emls, [_parsed(entry.as_bytes()) for entry in box]


def test_written_eml_and_mbox_open_as_drafts_that_thread_the_same_on_any_day(
    interview: followup.Interview, tmp_path: Path
) -> None:
    on_the_day = followup.plan(interview)
    a_week_later = followup.plan(interview, today=interview.date + dt.timedelta(days=7))
    early, early_box = _written(on_the_day, tmp_path / "early")
    late, late_box = _written(a_week_later, tmp_path / "late")
    for emls, box in ((early, early_box), (late, late_box)):
        assert [m["Message-ID"] for m in box] == [m["Message-ID"] for m in emls.values()]
        for message in [*emls.values(), *box]:
            assert message["X-Unsent"] == "1"
            assert message["Date"] is None
            assert MSG_ID.fullmatch(message["Message-ID"])
        notes = {
            m["To"].addresses[0].addr_spec: m["Message-ID"]
            for name, m in emls.items()
            if "_thank-you_" in name
        }
        assert len(set(notes.values())) == len(notes) == 2
        for name, message in emls.items():
            if "_check-in_" in name:
                started = notes[message["To"].addresses[0].addr_spec]
                assert message["In-Reply-To"] == started
                assert message["References"] == started
            else:
                assert message["In-Reply-To"] is None
                assert message["References"] is None
    # The late thank-you notes have other words, but are the same drafts: the same ids.
    assert set(late) == set(early)
    note = "2026-11-24_thank-you_dana-rivera.eml"
    assert early[note].get_body(("plain",)).get_content() != (  # type: ignore[union-attr]
        late[note].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    )
    assert {n: m["Message-ID"] for n, m in late.items()} == {
        n: m["Message-ID"] for n, m in early.items()
    }
    assert len({m["Message-ID"] for m in early.values()}) == len(early)


def test_the_message_id_names_the_candidates_domain_or_a_reserved_one(
    interview: followup.Interview,
) -> None:
    plan = followup.plan(interview)
    assert all(m["Message-ID"].endswith("@example.com>") for m in plan.messages())
    anonymous = followup.plan(followup.parse(minimal_dict()))
    assert all(m["Message-ID"].endswith("@followup.invalid>") for m in anonymous.messages())
    idn = followup.parse(minimal_dict(candidate={"name": "Sam", "email": "sam@Bücher.Example"}))
    ids = [m["Message-ID"] for m in followup.plan(idn).messages()]
    assert all(i.endswith("@xn--bcher-kva.example>") for i in ids)


def test_a_message_without_a_thread_is_still_a_draft(interview: followup.Interview) -> None:
    parsed = reparse(email(first(followup.plan(interview))))
    assert parsed["X-Unsent"] == "1"
    assert parsed["Message-ID"] is None


@pytest.mark.attack(15)
@pytest.mark.parametrize(
    "chosen",
    [
        mail.Thread("<a@example.com>\r\nBcc: eve@evil.example"),
        mail.Thread("<a@example.com>", in_reply_to="<b@example.com>\nBcc: eve@evil.example"),
        mail.Thread("<a@example.com>", in_reply_to="<b@example.com> <c@example.com>"),
        mail.Thread("a@example.com"),
        mail.Thread("<a b@example.com>"),
        mail.Thread("<ä@example.com>"),
        mail.Thread("<" + "a" * 500 + "@example.com>"),
    ],
)
def test_a_hand_built_thread_holds_one_message_id_or_is_refused(
    chosen: mail.Thread, interview: followup.Interview
) -> None:
    with pytest.raises(followup.ExportError, match="is not one message identifier"):
        mail.to_email(first(followup.plan(interview)), thread=chosen)


@pytest.mark.attack("A5-L6")
@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"thread": mail.Thread(5)}, "message_id 5 is not one message identifier"),  # type: ignore[arg-type]
        ({"thread": mail.Thread(None)}, "message_id None is not one"),  # type: ignore[arg-type]
        ({"thread": mail.Thread(b"<a@b.example>")}, "message_id b'<a@b.example>' is not"),  # type: ignore[arg-type]
        ({"thread": mail.Thread("<a@b.example>", 7)}, "in_reply_to 7 is not one"),  # type: ignore[arg-type]
        ({"thread": "<a@b.example>"}, "the thread '<a@b.example>' is not a Thread"),
        ({"options": 5}, "the options 5 are not MailOptions"),
        ({"options": MailOptions(sender=5)}, "sender=5 must be a Candidate"),  # type: ignore[arg-type]
        ({"options": MailOptions(date="2026-11-24")}, "date='2026-11-24' must be a datetime"),  # type: ignore[arg-type]
        ({"options": MailOptions(smtputf8="yes")}, "smtputf8='yes' must be True or False"),  # type: ignore[arg-type]
    ],
)
def test_a_hand_built_thread_or_options_of_the_wrong_type_are_refused(
    options: dict[str, Any], says: str, interview: followup.Interview
) -> None:
    with pytest.raises(followup.ExportError) as caught:
        mail.to_email(first(followup.plan(interview)), **options)
    assert says in str(caught.value)
    assert "thank-you note · Dana Rivera" in str(caught.value)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(interview=interviews(max_interviewers=2, max_items=2), days=st.integers(1, 150))
def test_message_ids_are_valid_unique_and_the_same_whatever_the_day(
    interview: followup.Interview, days: int
) -> None:
    early = followup.plan(interview, max_check_ins=3, check_ins_to="all")
    late = followup.plan(
        interview,
        max_check_ins=3,
        check_ins_to="all",
        today=interview.date + dt.timedelta(days=days),
    )

    def key(draft: Draft) -> tuple[str, str, dt.date | None]:
        return draft.kind, draft.recipient.name, draft.send_on if draft.number else None

    threads = {key(d): mail.thread(early, d) for d in early.drafts}
    ids = [t.message_id for t in threads.values()]
    assert len(set(ids)) == len(ids) == len(early.drafts)
    for message_id in ids:
        assert MSG_ID.fullmatch(message_id)
        assert len(message_id) <= 300
        header = policy.default.header_factory("Message-ID", message_id)
        assert header.defects == ()
        assert str(header) == message_id
    notes = {d.recipient.name: threads[key(d)].message_id for d in early.drafts if not d.number}
    for draft in early.drafts:
        expected = notes[draft.recipient.name] if draft.kind == "check_in" else None
        assert threads[key(draft)].in_reply_to == expected
    for draft in late.drafts:
        assert mail.thread(late, draft) == threads[key(draft)]


# --- the read-back check itself -------------------------------------------------------------


def _read_back(message: EmailMessage, draft: Draft, **intended: Any) -> None:
    """Run the read-back check on *message* against what was intended: the message's
    own headers and parts, with *intended* replacing some of them."""
    body = message.get_body(("plain",))
    page = message.get_body(("html",))
    assert body is not None
    assert page is not None
    values: dict[str, Any] = {
        "from_": message["From"].addresses[0] if message["From"] else None,
        "to": message["To"].addresses[0] if message["To"] else None,
        "subject": str(message["Subject"]),
        "plain": [(name, str(message[name])) for name in ("X-Unsent", "Message-ID")],
        "parts": (body.get_content(), page.get_content(), []),
    }
    values.update(intended)
    parts = values.pop("parts")
    values["plain"] = tuple(values["plain"])
    heads = mail._Headers(**values)
    mail._verify(message, policy.default.clone(refold_source="none"), draft, heads, parts=parts)


def test_the_read_back_check_passes_a_message_as_built(interview: followup.Interview) -> None:
    plan = followup.plan(interview)
    draft = next(d for d in plan.drafts if not d.attachments)
    _read_back(plan.to_email(draft), draft)


@pytest.mark.parametrize(
    ("intended", "found"),
    [
        ({"to": Address("Eve", "eve", "example.com")}, "To reads"),
        ({"from_": None}, "From reads"),
        ({"subject": "Another subject"}, "the subject reads"),
        ({"plain": [("X-Unsent", "0")]}, "X-Unsent reads"),
        ({"parts": ("Other text\n", "", [])}, "the text part differs"),
        ({"parts": (None, "<p>other</p>", [])}, "the HTML part differs"),
        ({"parts": (None, None, [("card.vcf", "text/vcard", b"x")])}, "the attachments differ"),
    ],
)
def test_the_read_back_check_finds_each_difference(
    interview: followup.Interview, intended: dict[str, Any], found: str
) -> None:
    plan = followup.plan(interview)
    draft = next(d for d in plan.drafts if not d.attachments)
    message = plan.to_email(draft)
    if "parts" in intended:
        body, page = message.get_body(("plain",)), message.get_body(("html",))
        assert body is not None
        assert page is not None
        text, html, files = intended["parts"]
        intended = {"parts": (text or body.get_content(), html or page.get_content(), files)}
    with pytest.raises(followup.ExportError, match=found):
        _read_back(message, draft, **intended)


def test_the_read_back_check_finds_a_header_the_bytes_smuggle_in(
    interview: followup.Interview,
) -> None:
    plan = followup.plan(interview)
    draft = next(d for d in plan.drafts if not d.attachments)
    message = plan.to_email(draft)
    subject = str(message["Subject"])
    message.replace_header("Subject", subject)
    message._headers = [  # type: ignore[attr-defined]  # what a folding bug would write
        (name, f"{value}\nBcc: evil@example.com" if name == "Subject" else value)
        for name, value in message._headers  # type: ignore[attr-defined]
    ]
    with pytest.raises(followup.ExportError, match="appeared"):
        _read_back(message, draft, subject=subject)


def test_each_draft_after_a_second_interview_and_the_decision_has_its_own_message_id() -> None:
    data = decided(interviewed_again(example_dict()), "rejection", on="2027-01-20")
    plan = followup.plan(followup.parse(data))
    ids = [thread(plan, draft).message_id for draft in plan.drafts]
    assert len(set(ids)) == len(ids)
    later = followup.plan(followup.parse(data), today=dt.date(2027, 1, 25))
    closing = later.draft("closing-dana-rivera")
    assert closing.send_on == dt.date(2027, 1, 25)  # due today, but its id does not move
    assert thread(later, closing) == thread(plan, plan.draft("closing-dana-rivera"))


# --- the quick way a message is put together ----------------------------------------------------


def _both_ways(monkeypatch: pytest.MonkeyPatch, build: Any) -> tuple[object, object]:
    """What *build* returns (or the error it raises) with headers written by followup,
    and through the registry."""
    outcomes = []
    for quick in (True, False):
        monkeypatch.setattr(mail, "QUICK", quick)
        try:
            outcomes.append(build())
        except followup.ExportError as err:
            outcomes.append(str(err))
    return outcomes[0], outcomes[1]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(interview=interviews(events=True))
def test_a_message_put_together_quickly_is_the_one_the_registry_builds(
    interview: followup.Interview,
) -> None:
    plan = followup.plan(interview)
    with pytest.MonkeyPatch.context() as monkeypatch:
        for draft in plan.drafts:
            for options in ({}, {"smtputf8": True}):

                def build(draft: Draft = draft, options: dict[str, Any] = options) -> bytes:
                    return plan.to_email(draft, options=MailOptions(**options)).as_bytes()

                quick, built = _both_ways(monkeypatch, build)
                assert quick == built


@pytest.mark.parametrize(
    "name",
    [
        "Dana Rivera",
        "Dr. Dana Rivera",  # quoted: a special character
        'Dana "DR" Rivera',
        "Ébène Zürich",  # encoded by the registry
        "Dana =?utf-8?q?Rivera?=",
        "A" * 90,  # folded by the registry
        "O'Neil-Smith Dana",
    ],
)
@pytest.mark.parametrize("smtputf8", [False, True])
def test_every_kind_of_name_gives_the_same_bytes_both_ways(
    monkeypatch: pytest.MonkeyPatch, interview: followup.Interview, name: str, smtputf8: bool
) -> None:
    plan = followup.plan(interview)
    draft = next(d for d in plan.drafts if not d.attachments)
    recipient = draft.recipient.model_copy(update={"name": name})
    draft = draft.model_copy(update={"recipient": recipient})
    when = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))

    def build() -> bytes:
        options = MailOptions(smtputf8=smtputf8, date=when, sender="Sam <sam@example.org>")
        return mail.to_email(draft, options=options).as_bytes()

    quick, built = _both_ways(monkeypatch, build)
    assert quick == built


def test_a_message_written_with_another_policy_folds_as_the_registry_does(
    monkeypatch: pytest.MonkeyPatch, interview: followup.Interview
) -> None:
    """A header folded once for followup's policy is folded anew for any other."""
    plan = followup.plan(interview)
    draft = next(d for d in plan.drafts if not d.attachments)
    narrow = policy.SMTP.clone(max_line_length=40)

    def build() -> bytes:
        message = plan.to_email(draft)
        message.as_bytes()  # folded once for its own policy
        return message.as_bytes(policy=narrow)

    quick, built = _both_ways(monkeypatch, build)
    assert quick == built
    assert b"\r\n" in quick


_ATOM_TEXT = st.text(
    st.sampled_from("abcXYZ019!#$%&'*+/=?^_`{|}~-. \"<>@,;:\\()[]\t=?é"), min_size=0, max_size=30
)


@settings(max_examples=300, deadline=None)
@given(
    name=_ATOM_TEXT,
    local=st.from_regex(r"[a-z0-9._+-]{1,12}", fullmatch=True),
    domain=st.from_regex(r"[a-z0-9-]{1,8}(\.[a-z0-9-]{1,8}){0,2}", fullmatch=True),
    quoted=st.booleans(),
)
def test_an_address_read_directly_reads_as_the_registry_reads_it(
    name: str, local: str, domain: str, quoted: bool
) -> None:
    raw = f'"{name}" <{local}@{domain}>' if quoted else f"{name} <{local}@{domain}>".lstrip()
    parsed = message_from_string(f"To: {raw}\n\nbody\n", policy=policy.compat32)
    pol = mail._policy(False)
    try:
        registry = [mail._key(a) for a in pol.header_fetch_parse("To", raw).addresses]
    except Exception:
        assert mail._PLAIN_ADDRESS.fullmatch(raw) is None
        return
    read, _ = mail._addresses(parsed, pol, "To")
    assert read == registry


@settings(max_examples=300, deadline=None)
@given(value=st.text(st.sampled_from("ab Z9<>@.=?_-\t\n\r\u00e9:;\"'"), max_size=40))
@example(value="<followup.abc@example.com>")
@example(value="Thank you for the\n interview")
def test_a_text_header_read_directly_reads_as_the_registry_reads_it(value: str) -> None:
    pol = mail._policy(False)
    for name in ("Subject", "Message-ID", "X-Unsent", "References"):
        message = EmailMessage(policy=policy.compat32)
        message._headers = [(name, value)]  # type: ignore[attr-defined]  # as the parser keeps it
        try:
            registry = str(pol.header_fetch_parse(name, value))
        except Exception:
            continue
        assert mail._unstructured(message, pol, name) == registry


@pytest.fixture(params=[True, False], ids=["quick", "registry"])
def built_either_way(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, interview: followup.Interview
) -> Draft:
    """A draft without attachments, its message put together quickly or through the
    header registry (the test runs once each way)."""
    monkeypatch.setattr(mail, "QUICK", request.param)
    return next(d for d in followup.plan(interview).drafts if not d.attachments)


def test_a_date_is_written_to_the_second_and_one_no_mail_program_reads_is_refused(
    built_either_way: Draft,
) -> None:
    draft = built_either_way
    now = dt.datetime(2026, 11, 24, 9, 30, 15, 123456, tzinfo=dt.UTC)
    written = reparse(email(draft, date=now))["Date"].datetime
    assert written == now.replace(microsecond=0)
    for unreadable in (
        dt.datetime(50, 1, 1, tzinfo=dt.UTC),  # read as 2050
        dt.datetime(2026, 11, 24, tzinfo=dt.timezone(-dt.timedelta(hours=3, seconds=7))),
    ):
        with pytest.raises(followup.ExportError, match="the date changed"):
            email(draft, date=unreadable)


def test_a_message_put_together_quickly_pickles(interview: followup.Interview) -> None:
    import pickle

    plan = followup.plan(interview)
    draft = next(d for d in plan.drafts if not d.attachments)
    message = plan.to_email(draft)
    again = pickle.loads(pickle.dumps(message))
    assert again.as_bytes() == message.as_bytes()
    narrow = policy.SMTP.clone(max_line_length=30)
    assert again.as_bytes(policy=narrow) == message.as_bytes(policy=narrow)


def test_text_no_encoding_can_write_is_an_export_error(built_either_way: Draft) -> None:
    draft = built_either_way
    broken = draft.model_copy(update={"email_text": draft.email_text + "\ud800"})
    with pytest.raises(followup.ExportError):
        mail.to_email(broken)


@pytest.mark.parametrize("where", ["email_text", "email_html", "file", "none"])
def test_no_part_holds_its_boundary(
    monkeypatch: pytest.MonkeyPatch, interview: followup.Interview, where: str
) -> None:
    """Messages share one boundary unless a part holds it (a candidate may paste an
    earlier message into the facts); then the message has one of its own."""
    usual = f"followup-{mail._BOUNDARY_BASE}-0"
    plain = next(d for d in followup.plan(interview).drafts if not d.attachments)
    pasted = f"\n--{usual}\nContent-Type: text/plain\n\nSmuggled\n--{usual}--\n"
    if where == "file":
        draft = with_files(plain, PDF.model_copy(update={"data": pasted.encode()}))
        plain = with_files(plain, PDF)
    elif where == "none":
        draft = plain
    else:
        draft = plain.model_copy(update={where: getattr(plain, where) + pasted})

    def build() -> bytes:
        return mail.to_email(draft).as_bytes()

    quick, built = _both_ways(monkeypatch, build)
    assert quick == built
    message, unpasted = reparse(mail.to_email(draft)), reparse(mail.to_email(plain))
    boundaries = [p.get_boundary() for p in message.walk() if p.is_multipart()]
    assert (boundaries[0] == usual) == (where == "none")
    assert [p.get_content_type() for p in message.walk()] == [
        p.get_content_type() for p in unpasted.walk()
    ]
    body = message.get_body(("plain",))
    assert body is not None
    assert body.get_content() == mail._body(draft.email_text)
