"""The files that go with gift drafts: names, types and contents."""

from __future__ import annotations

import unicodedata

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.attachments import attachments_for, safe_filename
from followup.facts import ArticleGift, Contact, ContactGift, TipGift, WebsiteGift


def test_article_and_website_as_text() -> None:
    for cls, kind in ((ArticleGift, "article"), (WebsiteGift, "website")):
        gift = cls(kind=kind, about="sailing", title="Rules, explained", url="https://e.org/r")
        (attachment,) = attachments_for(gift)
        assert attachment.filename == "rules-explained.txt"
        assert attachment.mime_type == "text/plain"
        assert attachment.data.decode("utf-8").splitlines() == [
            "Rules, explained",
            "https://e.org/r",
        ]


def test_tip_as_text() -> None:
    gift = TipGift(kind="tip", about="on-call practices", text="Write a runbook.\nLink it.")
    (attachment,) = attachments_for(gift)
    assert attachment.filename == "tip-on-call-practices.txt"
    assert attachment.data == b"Write a runbook.\nLink it.\n"


def test_contact_as_vcard() -> None:
    contact = Contact(name="Zoë Park", email="zoe@example.org", phone="+1 206 555 0100")
    (attachment,) = attachments_for(ContactGift(kind="contact", about="x", contact=contact))
    assert attachment.filename == "zoe-park.vcf"
    assert attachment.mime_type == "text/vcard"
    card = vobject.readOne(attachment.data.decode("utf-8"))
    assert (card.fn.value, card.email.value, card.tel.value) == (
        contact.name,
        contact.email,
        contact.phone,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("../../etc/passwd", "etc-passwd.txt"),
        ("C:\\Windows\\evil", "c-windows-evil.txt"),
        ("Ünïcödé Ärticle", "unicode-article.txt"),
        ("‮gpj.exe", "gpj-exe.txt"),
        ("王小明", "gift.txt"),
        ("...", "gift.txt"),
    ],
)
def test_safe_filename(text: str, expected: str) -> None:
    assert safe_filename(text, suffix=".txt", fallback="gift") == expected


@settings(max_examples=100)
@given(st.text(max_size=300))
def test_safe_filename_is_always_plain(text: str) -> None:
    name = safe_filename(text, suffix=".txt", fallback="gift")
    stem = name.removesuffix(".txt")
    assert stem
    assert len(stem) <= 60
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in stem)
    assert not any(unicodedata.category(c).startswith("C") for c in name)
    assert not stem.startswith("-")
    assert not stem.endswith("-")
