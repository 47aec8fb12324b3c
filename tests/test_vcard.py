"""vCard 4.0 for contacts given as gifts: parsed back by a real parser."""

from __future__ import annotations

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from followup._vcard import escape, fold, vcard
from followup.facts import Contact

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


_NAME_CHARS = st.characters(
    categories=["L", "N", "P", "S", "Zs"], exclude_characters="\u2028\u2029\u180e"
)


@settings(max_examples=80, deadline=None)
@given(name=st.text(_NAME_CHARS, min_size=1, max_size=100).filter(lambda s: s.strip()))
def test_any_name_round_trips(name: str) -> None:
    contact = Contact(name=name, email="a@example.org")
    card = parse(vcard(contact))
    assert card.fn.value == contact.name


def test_structured_name_leaves_out_suffixes_and_titles() -> None:
    card = parse(vcard(Contact(name="Dr. Jo Smith, PhD", email="jo@example.org")))
    assert card.n.value.family == "Smith"
    assert card.n.value.given == "Jo"
    assert card.fn.value == "Dr. Jo Smith, PhD"
