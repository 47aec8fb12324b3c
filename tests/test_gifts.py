"""The files gifts carry: a contact's vCard 4.0, parsed back by a real parser; no file
for articles, web sites and tips; safe file names."""

from __future__ import annotations

import unicodedata

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

import followup
from followup.facts import ArticleGift, Contact, ContactGift, TipGift, WebsiteGift
from followup.gifts import escape, files_for, fold, safe_filename, vcard
from followup.testing import names

TRICKY = [
    "Ana María O'Neil",
    "Smith, Jo; the \\ backslash",
    "王小明",
    "Zoë Ødegård-Łukasiewicz",
    "Ναταλία Παπαδοπούλου",
    "Ahmad, \\n not a newline",
]


def parse(data: bytes) -> vobject.base.Component:
    return vobject.readOne(data.decode("utf-8"))


@pytest.mark.parametrize("name", TRICKY)
def test_round_trip_name_email_phone(name: str) -> None:
    contact = Contact(
        name=name,
        email="jo.smith+intro@example.org",
        phone="+1 (206) 555-0143",
        organization="Smith, Jones; Partners",
        note="Knows everyone in streaming; ask about Flink, Kafka \\ Beam",
    )
    card = parse(vcard(contact))
    assert card.version.value == "4.0"
    assert card.fn.value == name
    assert card.email.value == contact.email
    assert card.tel.value == contact.phone
    assert card.org.value == [contact.organization]
    assert card.note.value == contact.note


def test_only_what_is_given() -> None:
    card = parse(vcard(Contact(name="Kim Park", phone="+44 20 7946 0958")))
    assert card.fn.value == "Kim Park"
    assert card.n.value.family == "Park"
    assert card.n.value.given == "Kim"
    assert card.tel.value == "+44 20 7946 0958"
    assert "email" not in card.contents
    assert "org" not in card.contents


def test_crlf_and_folding() -> None:
    contact = Contact(
        name="Zoë Ødegård Park", email="z@example.org", note="Ødegård " * 20 + "knows Kafka."
    )
    data = vcard(contact)
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the long NOTE was folded
    for line in lines:
        line.decode("utf-8")  # no multi-byte character split across a fold
    assert parse(data).note.value == contact.note


def test_escape() -> None:
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_fold_keeps_characters_whole() -> None:
    line = "FN:" + "é" * 100
    folded = fold(line)
    assert "".join(part.removeprefix(" ") for part in folded.split("\r\n")) == line
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))


@settings(max_examples=80, deadline=None)
@given(name=names(max_size=100))
def test_any_name_round_trips(name: str) -> None:
    contact = Contact(name=name, email="a@example.org")
    card = parse(vcard(contact))
    assert card.fn.value == contact.name


def test_structured_name_leaves_out_suffixes_and_titles() -> None:
    card = parse(vcard(Contact(name="Dr. Jo Smith, PhD", email="jo@example.org")))
    assert card.n.value.family == "Smith"
    assert card.n.value.given == "Jo"
    assert card.fn.value == "Dr. Jo Smith, PhD"


def test_articles_websites_and_tips_carry_no_file() -> None:
    """Their words and links are in the insert and the e-mail: no file holding only a URL."""
    article = ArticleGift(kind="article", about="x", title="Rules", url="https://e.org/r")
    website = WebsiteGift(kind="website", about="x", title="Rules", url="https://e.org/r")
    tip = TipGift(kind="tip", about="x", text="Write a runbook.")
    assert files_for(article) == files_for(website) == files_for(tip) == ()


def test_contact_as_vcard() -> None:
    contact = Contact(name="Zoë Park", email="zoe@example.org", phone="+1 206 555 0100")
    (attachment,) = files_for(ContactGift(kind="contact", about="x", contact=contact))
    assert attachment.filename == "zoe-park.vcf"
    assert attachment.mime_type == "text/vcard"
    card = vobject.readOne(attachment.data.decode("utf-8"))
    assert (card.fn.value, card.email.value, card.tel.value) == (
        contact.name,
        contact.email,
        contact.phone,
    )


@pytest.mark.attack("L5")
def test_a_lone_carriage_return_cannot_start_a_second_card() -> None:
    """Facts validation refuses line breaks (also in model_copy); model_construct skips
    every check, and the vCard still holds one card."""
    contact = Contact(name="Kim Park", email="kim@example.org")
    note = "x\rEND:VCARD\rBEGIN:VCARD\rFN:Mallory"
    with pytest.raises(followup.FactsError, match="U\\+000D"):
        contact.model_copy(update={"note": note})
    forged = Contact.model_construct(**(contact.model_dump() | {"note": note}))
    data = vcard(forged)
    cards = list(vobject.readComponents(data.decode("utf-8")))
    assert len(cards) == 1
    lines = data.split(b"\r\n")
    assert [line for line in lines if line.startswith(b"BEGIN:")] == [b"BEGIN:VCARD"]
    assert cards[0].note.value == "x\nEND:VCARD\nBEGIN:VCARD\nFN:Mallory"
    assert b"\r" not in data.replace(b"\r\n", b"")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("../../etc/passwd", "etc-passwd.vcf"),
        ("C:\\Windows\\evil", "c-windows-evil.vcf"),
        ("Ünïcödé Nàme", "unicode-name.vcf"),
        ("\u202egpj.exe", "gpj-exe.vcf"),
        ("王小明", "contact.vcf"),
        ("...", "contact.vcf"),
    ],
)
def test_safe_filename(text: str, expected: str) -> None:
    assert safe_filename(text, suffix=".vcf", fallback="contact") == expected


@settings(max_examples=100)
@given(st.text(max_size=300))
def test_safe_filename_is_always_plain(text: str) -> None:
    name = safe_filename(text, suffix=".vcf", fallback="contact")
    stem = name.removesuffix(".vcf")
    assert stem
    assert len(stem) <= 60
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in stem)
    assert not any(unicodedata.category(c).startswith("C") for c in name)
    assert not stem.startswith("-")
    assert not stem.endswith("-")
