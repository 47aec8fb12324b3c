"""Validation of interview facts: every rule, asserted on structured errors."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import followup
from followup import _text
from followup.cli import main
from followup.errors import PROBLEMS_SHOWN
from followup.facts import MAX_ITEMS
from followup.testing import interviews
from tests.conftest import example_dict, minimal_dict


def problems(data: dict[str, Any]) -> dict[str, object]:
    """Validate *data*, expecting failure; map each problem's path to its bad value."""
    with pytest.raises(followup.FactsError) as caught:
        followup.parse(data)
    return {p["path"]: p["value"] for p in caught.value.errors()}  # type: ignore[misc]


def messages(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(followup.FactsError) as caught:
        followup.parse(data)
    return {str(p["path"]): str(p["message"]) for p in caught.value.errors()}


class TestExample:
    def test_loads(self, interview: followup.Interview) -> None:
        assert interview.company == "Northwind Analytics"
        assert [p.name for p in interview.interviewers] == ["Dana Rivera", "Lee Chen"]
        assert interview.date == dt.date(2026, 11, 24)
        assert interview.primary.name == "Dana Rivera"

    def test_name_parts_default_to_first_and_last_word(self) -> None:
        person = followup.Interviewer(name="Mary Ann Berg")
        assert (person.given_name, person.family_name) == ("Mary", "Berg")

    @pytest.mark.parametrize(
        ("name", "family"),
        [
            ("Mary Ann van der Berg", "van der Berg"),
            ("Marcelo Di Pietro", "Di Pietro"),  # "Dr. Di Pietro", not "Dr. Pietro"
            ("Juan de la Fuente", "de la Fuente"),
            ("Richard von Weizsäcker", "von Weizsäcker"),
            ("Rafael Ortega Ruiz", "Ruiz"),  # two surnames are not guessed: the review asks
        ],
    )
    def test_the_family_name_keeps_the_particles_before_it(self, name: str, family: str) -> None:
        person = followup.Interviewer(name=name)
        assert person.family_name == family
        assert person.given_name == name.split()[0]

    @pytest.mark.parametrize(
        ("name", "given", "family"),
        [
            ("Martin Luther King Jr.", "Martin", "King"),
            ("Ana Rivera, PhD", "Ana", "Rivera"),
            ("Dr. Ana Rivera", "Ana", "Rivera"),
            ("Dana", "Dana", "Dana"),
        ],
    )
    def test_name_parts_skip_titles_and_suffixes(self, name: str, given: str, family: str) -> None:
        person = followup.Interviewer(name=name)
        assert (person.given_name, person.family_name) == (given, family)

    def test_a_bad_name_is_reported_once(self) -> None:
        data = minimal_dict(interviewers=[{"name": "Ana\u202eRivera"}])
        assert set(problems(data)) == {"interviewers[0].name"}

    def test_explicit_name_parts_win(self) -> None:
        person = followup.Interviewer(name="Ana García López", family_name="García López")
        assert (person.given_name, person.family_name) == ("Ana", "García López")

    def test_defaults(self) -> None:
        interview = followup.parse(minimal_dict())
        assert interview.locale == "en_US"
        assert interview.formality == "formal"
        assert interview.interviewers[0].gender == "unspecified"
        assert interview.primary is interview.interviewers[0]

    def test_models_are_frozen(self, interview: followup.Interview) -> None:
        with pytest.raises(ValidationError):
            interview.company = "Other"  # type: ignore[misc]

    def test_topics_with_defaults_to_everyone(self) -> None:
        data = minimal_dict(
            interviewers=[{"name": "A One"}, {"name": "B Two"}],
            topics=[{"subject": "x"}, {"subject": "y", "with": ["B Two"]}],
        )
        interview = followup.parse(data)
        first, second = interview.interviewers
        assert [t.subject for t in interview.topics_with(first)] == ["x"]
        assert [t.subject for t in interview.topics_with(second)] == ["x", "y"]

    def test_ideas_follow_their_topic(self, interview: followup.Interview) -> None:
        data = example_dict()
        data["ideas"].append({"summary": "a general idea"})
        data["ideas"].append({"summary": "rotate on-call weekly", "topic": "on-call practices"})
        interview = followup.parse(data)
        dana, lee = interview.interviewers
        assert [i.summary for i in interview.ideas_for(dana)] == [
            "partitioning the event tables by day to cut warehouse costs",
            "a general idea",
        ]
        assert len(interview.ideas_for(lee)) == 3


class TestStructure:
    def test_unknown_key_lists_allowed_fields(self) -> None:
        found = messages(minimal_dict(candidate={"name": "Sam", "mail": "x@y.org"}))
        assert "candidate.mail" in found
        assert "email" in found["candidate.mail"]
        assert "phone" in found["candidate.mail"]

    def test_unknown_top_level_key(self) -> None:
        assert problems(minimal_dict(salary=1)) == {"salary": 1}

    def test_missing_required(self) -> None:
        data = minimal_dict()
        del data["company"]
        assert problems(data) == {"company": None}

    def test_wrong_type(self) -> None:
        assert problems(minimal_dict(interviewers=[{"name": 7}])) == {"interviewers[0].name": 7}

    def test_bad_date(self) -> None:
        found = messages(minimal_dict(date="2026-13-01"))
        assert "YYYY-MM-DD" in found["date"]

    def test_datetime_with_time_is_not_a_date(self) -> None:
        assert "date" in problems(minimal_dict(date="2026-11-24T10:30:00"))

    def test_bad_gender_shows_choices(self) -> None:
        found = messages(minimal_dict(interviewers=[{"name": "Dana Rivera", "gender": "f"}]))
        assert "'female'" in found["interviewers[0].gender"]

    def test_bad_formality(self) -> None:
        assert problems(minimal_dict(formality="casual")) == {"formality": "casual"}

    def test_at_least_one_interviewer(self) -> None:
        assert "interviewers" in problems(minimal_dict(interviewers=[]))

    def test_list_lengths_are_capped(self) -> None:
        topics = [{"subject": f"topic {n}"} for n in range(MAX_ITEMS + 1)]
        assert "topics" in problems(minimal_dict(topics=topics))

    def test_every_problem_is_reported_at_once(self) -> None:
        found = problems(
            minimal_dict(
                formality="x",
                interviewers=[{"name": "Dana Rivera"}, {"name": "Lee Chen", "gender": "x"}],
            )
        )
        assert set(found) == {"formality", "interviewers[1].gender"}

    @pytest.mark.parametrize("day", [0, 20261124, 2026, "24.11.2026", "2026-11-24T10:00:00"])
    def test_dates_are_dates_only(self, day: object) -> None:
        found = messages(minimal_dict(date=day))
        assert set(found) == {"date"}
        assert "YYYY-MM-DD" in found["date"]

    def test_primary_must_be_a_boolean(self) -> None:
        data = minimal_dict(interviewers=[{"name": "Dana Rivera", "primary": "off"}])
        assert problems(data) == {"interviewers[0].primary": "off"}

    def test_with_must_be_a_list(self) -> None:
        found = messages(minimal_dict(topics=[{"subject": "x", "with": "Dana Rivera"}]))
        assert "list" in found["topics[0].with"]

    def test_with_must_name_someone(self) -> None:
        assert set(problems(minimal_dict(topics=[{"subject": "x", "with": []}]))) == {
            "topics[0].with"
        }

    def test_references_are_reported_alongside_type_errors(self) -> None:
        data = minimal_dict(company=12, hobbies=[{"subject": "chess", "person": "Nobody"}])
        assert problems(data) == {"company": 12, "hobbies[0].person": "Nobody"}

    def test_decision_after_interview(self) -> None:
        found = problems(minimal_dict(decision_expected="2026-11-24"))
        assert found == {"decision_expected": dt.date(2026, 11, 24)}


class TestReferences:
    def test_at_most_one_primary(self) -> None:
        data = minimal_dict(
            interviewers=[
                {"name": "A One", "primary": True},
                {"name": "B Two", "primary": True},
            ]
        )
        assert problems(data) == {"interviewers[1].primary": True}

    @pytest.mark.parametrize("twin", ["A One", "a one", "A\u00a0One", "A  One"])
    def test_lookalike_duplicate_interviewer(self, twin: str) -> None:
        data = minimal_dict(interviewers=[{"name": "A One"}, {"name": twin}])
        assert set(problems(data)) == {"interviewers[1].name"}

    def test_duplicate_interviewer(self) -> None:
        data = minimal_dict(interviewers=[{"name": "A One"}, {"name": "A One"}])
        assert problems(data) == {"interviewers[1].name": "A One"}

    def test_topic_with_unknown_person(self) -> None:
        data = minimal_dict(topics=[{"subject": "x", "with": ["Dana Rivera", "Nobody"]}])
        found = messages(data)
        assert set(found) == {"topics[0].with[1]"}
        assert "'Dana Rivera'" in found["topics[0].with[1]"]

    def test_hobby_person(self) -> None:
        data = minimal_dict(hobbies=[{"subject": "chess", "person": "Nobody"}])
        assert problems(data) == {"hobbies[0].person": "Nobody"}

    def test_gift_to(self) -> None:
        gift = {"kind": "tip", "about": "x", "to": "Nobody", "text": "t"}
        data = minimal_dict(topics=[{"subject": "x"}], gifts=[gift])
        assert problems(data) == {"gifts[0].to": "Nobody"}

    def test_gift_about_must_be_topic_or_hobby(self) -> None:
        gift = {"kind": "tip", "about": "golf", "text": "t"}
        data = minimal_dict(
            topics=[{"subject": "x"}],
            hobbies=[{"subject": "chess", "person": "Dana Rivera"}],
            gifts=[gift],
        )
        found = messages(data)
        assert set(found) == {"gifts[0].about"}
        assert "'x'" in found["gifts[0].about"]
        assert "'chess'" in found["gifts[0].about"]

    def test_gift_about_a_hobby_is_fine(self) -> None:
        gift = {"kind": "tip", "about": "chess", "text": "t"}
        data = minimal_dict(hobbies=[{"subject": "chess", "person": "Dana Rivera"}], gifts=[gift])
        assert followup.parse(data).gifts[0].about == "chess"

    def test_idea_topic(self) -> None:
        data = minimal_dict(
            topics=[{"subject": "x"}], ideas=[{"summary": "s", "topic": "not a topic"}]
        )
        assert problems(data) == {"ideas[0].topic": "not a topic"}

    def test_duplicate_topic(self) -> None:
        data = minimal_dict(topics=[{"subject": "x"}, {"subject": "x"}])
        assert problems(data) == {"topics[1].subject": "x"}

    def test_model_validate_raises_pydantic_error_with_the_same_rules(self) -> None:
        data = minimal_dict(hobbies=[{"subject": "chess", "person": "Nobody"}])
        with pytest.raises(ValidationError) as caught:
            followup.Interview.model_validate(data)
        (error,) = caught.value.errors()
        assert error["loc"] == ("hobbies", 0, "person")
        assert error["type"] == "invalid_reference"
        assert error["input"] == "Nobody"


class TestGifts:
    def gift_problems(self, gift: dict[str, Any]) -> dict[str, object]:
        return problems(minimal_dict(topics=[{"subject": "x"}], gifts=[gift]))

    @pytest.mark.parametrize("kind", ["article", "website"])
    def test_article_and_website_need_title_and_url(self, kind: str) -> None:
        assert self.gift_problems({"kind": kind, "about": "x"}) == {
            "gifts[0].title": None,
            "gifts[0].url": None,
        }

    @pytest.mark.parametrize(
        "url",
        [
            "javascript:alert(1)",
            "ftp://example.org/x",
            "https://good.example@evil.example/",
            "https://user:pw@example.org/",
            "https:///nohost",
            "https://exa mple.org/",
            "data:text/html,<script>alert(1)</script>",
        ],
    )
    def test_bad_urls(self, url: str) -> None:
        gift = {"kind": "article", "about": "x", "title": "t", "url": url}
        assert self.gift_problems(gift) == {"gifts[0].url": url}

    def test_contact_needs_contact(self) -> None:
        assert self.gift_problems({"kind": "contact", "about": "x"}) == {"gifts[0].contact": None}

    def test_contact_needs_a_way_to_reach_them(self) -> None:
        gift = {"kind": "contact", "about": "x", "contact": {"name": "Ada Byron"}}
        assert "gifts[0].contact" in self.gift_problems(gift)

    def test_tip_needs_text(self) -> None:
        assert self.gift_problems({"kind": "tip", "about": "x"}) == {"gifts[0].text": None}

    def test_fields_of_another_kind_are_rejected(self) -> None:
        gift = {"kind": "tip", "about": "x", "text": "t", "url": "https://example.org/"}
        assert self.gift_problems(gift) == {"gifts[0].url": "https://example.org/"}

    def test_unknown_kind(self) -> None:
        assert self.gift_problems({"kind": "book", "about": "x"}) == {"gifts[0].kind": "book"}

    def test_valid_contact(self) -> None:
        contact = {"name": "Ada Byron", "email": "ada@example.org", "note": "runs the meetup"}
        data = minimal_dict(
            topics=[{"subject": "x"}],
            gifts=[{"kind": "contact", "about": "x", "contact": contact}],
        )
        gift = followup.parse(data).gifts[0]
        assert isinstance(gift, followup.ContactGift)
        assert gift.contact.email == "ada@example.org"


class TestStrings:
    @pytest.mark.parametrize(
        "bad",
        [
            "Dana\r\nBcc: evil@example.com",
            "Dana\u2028Rivera",
            "Dana\x85Rivera",
            "Dana\x00Rivera",
            "Dana\x1bRivera",
            "Dana \u202eareviR",
            "Dana\u2066Rivera",
            "Dana\u200bRivera",
            "Dana\u00adRivera",
            "Dana\U000e0001Rivera",
            "Dana\ud800Rivera",
            "Dana\x1fRivera",
        ],
    )
    def test_one_line_fields_reject_breaks_controls_and_bidi(self, bad: str) -> None:
        assert problems(minimal_dict(company=bad)) == {"company": bad}

    @pytest.mark.parametrize("spaced", ["Dana\tRivera", "Dana\u00a0Rivera", "Dana   Rivera"])
    def test_runs_of_spaces_collapse_in_one_line_fields(self, spaced: str) -> None:
        interview = followup.parse(minimal_dict(interviewers=[{"name": spaced}]))
        assert interview.interviewers[0].name == "Dana Rivera"

    def test_zero_width_joiners_are_kept(self) -> None:
        name = "\u0928\u094d\u200d\u0928 Rivera"  # ZWJ inside a Devanagari conjunct
        interview = followup.parse(minimal_dict(interviewers=[{"name": name}]))
        assert "\u200d" in interview.interviewers[0].name

    def test_nfc_normalised_before_length_check(self) -> None:
        decomposed = "e\u0301" * 100  # 200 code points, 100 once composed
        interview = followup.parse(minimal_dict(company=decomposed))
        assert interview.company == "é" * 100
        assert "company" in problems(minimal_dict(company="e\u0301" * 101))

    def test_length_cap(self) -> None:
        found = messages(minimal_dict(role="x" * 100_000))
        assert "at most 200" in found["role"]

    def test_empty_string(self) -> None:
        assert set(problems(minimal_dict(company="  "))) == {"company"}

    def test_text_fields_allow_newlines(self) -> None:
        data = minimal_dict(ideas=[{"summary": "line one\nline two"}])
        assert followup.parse(data).ideas[0].summary == "line one\nline two"

    @pytest.mark.parametrize(
        "email", ["not-an-address", "a@b", "a b@example.org", "a@exa_mple.org", "@example.org"]
    )
    def test_bad_email(self, email: str) -> None:
        assert problems(minimal_dict(candidate={"name": "Sam", "email": email})) == {
            "candidate.email": email
        }

    @pytest.mark.parametrize(
        ("url", "says"),
        [
            ("https://\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.org/x", "'example.org'"),
            ("https://xn--zz.example/", "not a valid internationalised name"),
            ("https://n%D0%BErthwind.example/", "a browser reads as 'n\u043erthwind.example'"),
            ("https://example%2Eorg/", "a browser reads as 'example.org'"),
            # A browser ends the host at a backslash: this goes to evil.example.
            ("https://evil.example\\.northwind.example/", "which no host name holds"),
            ("https://a<b.example/", "which no host name holds"),
            ("http://0x7f.1/", "an IP address written in a short or unusual form"),
            ("http://2130706433/", "an IP address written in a short or unusual form"),
            ("http://0177.0.0.1/", "an IP address written in a short or unusual form"),
            ("http://[::g]/", "does not appear to be an IPv4 or IPv6 address"),
        ],
    )
    def test_a_link_goes_to_the_host_it_shows(self, url: str, says: str) -> None:
        data = minimal_dict(
            topics=[{"subject": "maps"}],
            gifts=[{"kind": "website", "about": "maps", "title": "Maps", "url": url}],
        )
        assert says in messages(data)["gifts[0].url"]

    @pytest.mark.parametrize(
        "url",
        ["http://192.0.2.10/", "http://[2001:db8::1]/x", "https://sub_name.example.org./a"],
    )
    def test_plain_hosts_and_addresses_are_accepted(self, url: str) -> None:
        data = minimal_dict(
            topics=[{"subject": "maps"}],
            gifts=[{"kind": "website", "about": "maps", "title": "Maps", "url": url}],
        )
        assert followup.parse(data).gifts[0].url == url

    def test_idn_email_is_accepted(self) -> None:
        data = minimal_dict(candidate={"name": "Sam", "email": "sam@bücher.example"})
        assert followup.parse(data).candidate.email == "sam@bücher.example"

    @pytest.mark.parametrize(
        ("email", "instead"),
        [("sam@x\u00b2.example", "x2.example"), ("sam@\uff58.example", "x.example")],
    )
    def test_a_domain_written_with_stand_in_characters_is_refused(
        self, email: str, instead: str
    ) -> None:
        """The address a draft shows is the address its mail goes to (IDNA 2008)."""
        found = messages(minimal_dict(candidate={"name": "Sam", "email": email}))
        assert repr(instead) in found["candidate.email"]

    @pytest.mark.parametrize(
        ("email", "says"),
        [
            ("a@northwind.example.", "ending in a dot"),
            ("a" * 65 + "@northwind.example", "at most 64"),
            ("a@xn--zz.example", "not a valid internationalised name"),
        ],
    )
    def test_addresses_export_would_refuse_are_refused_here(self, email: str, says: str) -> None:
        found = messages(minimal_dict(candidate={"name": "Sam", "email": email}))
        assert says in found["candidate.email"]

    @pytest.mark.attack("L6")
    @pytest.mark.parametrize(
        "name",
        [
            "\u3164",  # HANGUL FILLER, a letter that shows nothing
            "\u2800",  # BRAILLE PATTERN BLANK
            "\ufe0f",  # a variation selector with nothing to vary
            "\u180b",  # MONGOLIAN FREE VARIATION SELECTOR ONE, alone
            "Dana\u3164Rivera",
            "D" + "\u0301" * 99 + "ana",  # 99 marks stacked on one letter
            "Dana \u07eb",  # a word of one combining mark: the family name would show nothing
        ],
    )
    def test_blank_looking_and_stacked_characters_are_refused(self, name: str) -> None:
        assert "interviewers[0].name" in problems(minimal_dict(interviewers=[{"name": name}]))

    @pytest.mark.parametrize(
        "name",
        [
            "Nguy\u1ec5n V\u0103n",
            "\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd",
            "Ana \u2764\ufe0f",
            "\u845b\U000e0100",
        ],
    )
    def test_marks_and_selectors_as_writing_uses_them_are_kept(self, name: str) -> None:
        interview = followup.parse(minimal_dict(interviewers=[{"name": name}]))
        assert interview.interviewers[0].name == unicodedata.normalize("NFC", name)

    @pytest.mark.parametrize("phone", ["call me", "+1 206\n555 0143", "12"])
    def test_bad_phone(self, phone: str) -> None:
        assert "candidate.phone" in problems(
            minimal_dict(candidate={"name": "Sam", "phone": phone})
        )

    @pytest.mark.parametrize("locale", ["xx_YY", "en_US\r\nBcc: x", "../de", "english"])
    def test_bad_locale(self, locale: str) -> None:
        found = messages(minimal_dict(locale=locale))
        assert "en_US" in found["locale"]

    def test_locale_is_canonicalised(self) -> None:
        assert followup.parse(minimal_dict(locale="de-at")).locale == "de_AT"


class TestLoad:
    def test_json_round_trip(self, interview: followup.Interview, tmp_path: Path) -> None:
        path = tmp_path / "facts.json"
        path.write_text(interview.model_dump_json(), encoding="utf-8")
        assert followup.load(path) == interview

    def test_dump_uses_with_not_with_(self, interview: followup.Interview) -> None:
        dumped = json.loads(interview.model_dump_json())
        assert "with" in dumped["topics"][0]
        assert "with_" not in dumped["topics"][0]

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(followup.FactsError) as caught:
            followup.load(tmp_path / "nope.toml")
        assert caught.value.source is not None
        assert caught.value.source.endswith("nope.toml")
        assert "no such file" in str(caught.value)

    def test_wrong_suffix(self, tmp_path: Path) -> None:
        path = tmp_path / "facts.yaml"
        path.write_text("company: x")
        with pytest.raises(followup.FactsError) as caught:
            followup.load(path)
        (problem,) = caught.value.problems
        assert problem.message == "has the suffix '.yaml'; name the file *.toml or *.json"
        assert str(caught.value).count("\n") == 1  # one problem, said once

    def test_toml_syntax_error_names_the_line(self, tmp_path: Path) -> None:
        path = tmp_path / "facts.toml"
        path.write_text('company = "Acme"\nrole = \n')
        with pytest.raises(followup.FactsError, match="line 2"):
            followup.load(path)

    def test_json_syntax_error_names_the_line(self, tmp_path: Path) -> None:
        path = tmp_path / "facts.json"
        path.write_text('{\n"company": "Acme",\n}')
        with pytest.raises(followup.FactsError) as caught:
            followup.load(path)
        assert caught.value.problems[0].path == "line 3"

    def test_json_must_be_an_object(self, tmp_path: Path) -> None:
        path = tmp_path / "facts.json"
        path.write_text("[1, 2]")
        with pytest.raises(followup.FactsError, match="list"):
            followup.load(path)

    def test_not_utf8(self, tmp_path: Path) -> None:
        path = tmp_path / "facts.toml"
        path.write_bytes(b'company = "Caf\xe9"\n')
        with pytest.raises(followup.FactsError, match="UTF-8"):
            followup.load(path)

    def test_duplicate_json_key(self, tmp_path: Path) -> None:
        path = tmp_path / "facts.json"
        path.write_text('{"company": "Acme", "company": "Evil"}')
        with pytest.raises(followup.FactsError, match="'company' twice"):
            followup.load(path)

    @pytest.mark.parametrize(
        ("suffix", "content"),
        [
            (".json", "[" * 100_000 + "]" * 100_000),
            (".toml", "a = " + "[" * 100_000 + "]" * 100_000),
            (".json", '{"company": ' + "9" * 5000 + "}"),
            (".toml", "company = " + "9" * 5000),
        ],
        ids=["deep-json", "deep-toml", "huge-int-json", "huge-int-toml"],
    )
    def test_hostile_files_give_facts_errors(
        self, tmp_path: Path, suffix: str, content: str
    ) -> None:
        path = tmp_path / f"facts{suffix}"
        path.write_text(content)
        with pytest.raises(followup.FactsError):
            followup.load(path)

    def test_oversized_file(self, tmp_path: Path) -> None:
        path = tmp_path / "facts.json"
        path.write_text(" " * 1_000_001)
        with pytest.raises(followup.FactsError, match="larger than"):
            followup.load(path)

    def test_a_folder_is_not_a_file(self, tmp_path: Path) -> None:
        folder = tmp_path / "facts.toml"
        folder.mkdir()
        with pytest.raises(followup.FactsError, match="folder"):
            followup.load(folder)

    def test_facts_error_is_a_value_error(self) -> None:
        with pytest.raises(ValueError, match="company"):
            followup.parse({})


class TestGuesses:
    """A misspelt field, value or name leads with the closest allowed one."""

    def suggestions(self, data: dict[str, Any]) -> dict[str, object]:
        with pytest.raises(followup.FactsError) as caught:
            followup.parse(data)
        return {str(p["path"]): p["suggestion"] for p in caught.value.errors()}

    def test_an_unknown_field(self) -> None:
        data = minimal_dict(decision_expectd="2027-01-29")
        assert self.suggestions(data) == {"decision_expectd": "decision_expected"}
        message = messages(data)["decision_expectd"]
        assert message.startswith("did you mean decision_expected? It is not a known field")
        assert "allowed here:" in message

    def test_an_unknown_field_of_an_interviewer(self) -> None:
        data = minimal_dict(interviewers=[{"name": "Dana Rivera", "gendr": "female"}])
        assert self.suggestions(data) == {"interviewers[0].gendr": "gender"}

    def test_nothing_close_is_no_guess(self) -> None:
        assert self.suggestions(minimal_dict(salary=1)) == {"salary": None}
        assert messages(minimal_dict(salary=1))["salary"].startswith("is not a known field")

    @pytest.mark.parametrize(
        ("data", "path", "guess"),
        [
            (minimal_dict(formality="fromal"), "formality", "formal"),
            (minimal_dict(formality="Informal"), "formality", "informal"),
            (
                minimal_dict(interviewers=[{"name": "Dana Rivera", "gender": "femal"}]),
                "interviewers[0].gender",
                "female",
            ),
            (
                minimal_dict(topics=[{"subject": "x"}], gifts=[{"kind": "artcle", "about": "x"}]),
                "gifts[0].kind",
                "article",
            ),
            (
                minimal_dict(hobbies=[{"subject": "chess", "person": "Dana Riviera"}]),
                "hobbies[0].person",
                "Dana Rivera",
            ),
            (
                minimal_dict(
                    hobbies=[{"subject": "sailing", "person": "Dana Rivera"}],
                    gifts=[{"kind": "tip", "about": "saling", "text": "t"}],
                ),
                "gifts[0].about",
                "sailing",
            ),
        ],
    )
    def test_a_misspelt_value(self, data: dict[str, Any], path: str, guess: str) -> None:
        assert self.suggestions(data) == {path: guess}
        assert messages(data)[path].startswith(f"did you mean {guess!r}? It ")

    def test_a_value_far_from_any_is_no_guess(self) -> None:
        assert self.suggestions(minimal_dict(formality="casual")) == {"formality": None}
        assert messages(minimal_dict(formality="casual"))["formality"] == (
            "must be 'formal' or 'informal'"
        )


class TestBareDates:
    """A date TOML cannot read gets the hint the same date gets quoted."""

    def load_problems(self, tmp_path: Path, text: str) -> list[str]:
        path = tmp_path / "facts.toml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(followup.FactsError) as caught:
            followup.load(path)
        return [str(problem) for problem in caught.value.problems]

    @pytest.mark.parametrize("day", ["12/03/2026", "24.11.2026", "2026-3-1"])
    def test_a_bare_date_like_the_quoted_one(self, tmp_path: Path, day: str) -> None:
        bare = self.load_problems(tmp_path, f'company = "Acme"\ndate = {day}\n')
        quoted = messages(minimal_dict(date=day))["date"]
        assert bare == [f"date: {quoted} (got {day!r})"]

    def test_in_a_table_it_names_the_table(self, tmp_path: Path) -> None:
        text = '[[interviewers]]\nname = "A"\n[[interviewers]]\nname = "B"\nsince = 1/2/2020\n'
        (problem,) = self.load_problems(tmp_path, text)
        assert problem.startswith("interviewers[1].since: is not a date; write it as YYYY-MM-DD")

    def test_other_toml_mistakes_are_reported_as_before(self, tmp_path: Path) -> None:
        (problem,) = self.load_problems(tmp_path, "date = 12/03\n")
        assert problem.startswith("is not valid TOML")


class TestLoads:
    def test_toml_by_default_and_json_when_it_starts_with_a_brace(self) -> None:
        toml = EXAMPLE_TEXT
        assert followup.loads(toml).company == "Northwind Analytics"
        as_json = json.dumps(minimal_dict())
        assert followup.loads("  \n" + as_json).company == "Acme"
        assert followup.loads(as_json.encode("utf-8")).company == "Acme"

    def test_errors_name_the_source(self) -> None:
        with pytest.raises(followup.FactsError) as caught:
            followup.loads('{"company": "Acme"}', source="standard input")
        assert caught.value.source == "standard input"
        assert "in standard input:" in str(caught.value)
        assert caught.value.hint is not None  # nearly empty: how to start

    def test_format_overrides_the_guess(self) -> None:
        with pytest.raises(followup.FactsError, match="not valid JSON"):
            followup.loads('company = "Acme"', format="json")

    def test_load_reads_any_name_with_a_format(self, tmp_path: Path) -> None:
        path = tmp_path / "facts"
        path.write_text(EXAMPLE_TEXT, encoding="utf-8")
        assert followup.load(path, format="toml").company == "Northwind Analytics"


EXAMPLE_TEXT = (Path(__file__).resolve().parent.parent / "examples" / "interview.toml").read_text(
    encoding="utf-8"
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(interview=interviews(max_interviewers=4, max_items=4))
def test_round_trip_through_json_is_lossless(interview: followup.Interview) -> None:
    """Any valid facts dumped to JSON load back as an equal Interview."""
    again = followup.Interview.model_validate_json(interview.model_dump_json())
    assert again == interview


def _outcome(check: Any, value: str, multiline: bool) -> str:
    try:
        return "accepted " + check(value, multiline=multiline)
    except ValueError as err:
        return f"refused: {err}"


@settings(max_examples=300, deadline=None)
@given(
    value=st.text(alphabet=st.characters(max_codepoint=127), max_size=12)
    | st.sampled_from(["", " ", "\n", "\t", " \n\t ", "a\tb", "a\nb", "\x7f", "x\r"]),
    multiline=st.booleans(),
)
def test_plain_ascii_is_checked_as_each_character_would_be(value: str, multiline: bool) -> None:
    """Printable ASCII skips the character-by-character check: it is accepted and
    refused exactly as that check would."""
    assert _outcome(_text._check_chars, value, multiline) == _outcome(
        _text._check_each_char, value, multiline
    )


class TestMessages:
    """Problems read as a user of the facts file would write them."""

    def test_cross_field_problems_come_with_type_errors_from_raw_dates(self) -> None:
        data = minimal_dict(
            decision_expected="2026-11-01",
            interviewers=[{"name": "Dana Rivera", "gender": "x"}],
        )
        assert problems(data) == {
            "interviewers[0].gender": "x",
            "decision_expected": dt.date(2026, 11, 1),
        }

    def test_unknown_gift_kind_names_the_kind_field(self) -> None:
        data = minimal_dict(topics=[{"subject": "x"}], gifts=[{"kind": "artcle", "about": "x"}])
        found = messages(data)
        assert problems(data) == {"gifts[0].kind": "artcle"}
        assert "'article'" in found["gifts[0].kind"]

    def test_booleans_say_true_or_false(self) -> None:
        data = minimal_dict(interviewers=[{"name": "Dana Rivera", "primary": "yes"}])
        assert messages(data)["interviewers[0].primary"] == "must be true or false"

    def test_at_least_one_entry(self) -> None:
        assert (
            messages(minimal_dict(interviewers=[]))["interviewers"] == "needs at least one entry"
        )

    def test_choices_are_listed_once(self) -> None:
        data = minimal_dict(
            interviewers=[{"name": "A One"}, {"name": "A One"}],
            hobbies=[{"subject": "chess", "person": "Nobody"}],
        )
        assert messages(data)["hobbies[0].person"].count("'A One'") == 1

    def test_dates_in_messages_are_written_as_in_the_file(self) -> None:
        with pytest.raises(followup.FactsError) as caught:
            followup.parse(minimal_dict(decision_expected="2026-11-01"))
        assert "(got '2026-11-01')" in str(caught.value)

    @pytest.mark.parametrize("name", ["facts", "facts.toml"])
    def test_a_folder(self, tmp_path: Path, name: str) -> None:
        (tmp_path / name).mkdir()
        with pytest.raises(followup.FactsError) as caught:
            followup.load(tmp_path / name)
        (problem,) = caught.value.problems
        assert problem.message == "is a folder; give a facts file"


class TestUnusablePaths:
    def test_a_path_too_long_for_the_system(self, tmp_path: Path) -> None:
        with pytest.raises(followup.FactsError, match="cannot be read"):
            followup.load(tmp_path / ("a" * 5000 + ".toml"))

    def test_a_path_with_a_nul_character(self) -> None:
        with pytest.raises(followup.FactsError, match="not a usable path"):
            followup.load("a\0.toml")


class TestOddInput:
    @pytest.mark.parametrize("kind", ["device", "fifo"])
    def test_a_facts_path_that_is_not_a_file(self, tmp_path: Path, kind: str) -> None:
        path = tmp_path / "facts.toml"
        if kind == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to("/dev/zero")
        with pytest.raises(followup.FactsError) as caught:
            followup.load(path)
        (problem,) = caught.value.problems
        assert problem.message.startswith("is not a regular file")

    def test_a_gift_field_is_reported_once(self) -> None:
        data = minimal_dict(
            topics=[{"subject": "x"}], gifts=[{"kind": "tip", "about": "", "text": "x"}]
        )
        with pytest.raises(followup.FactsError) as caught:
            followup.parse(data)
        assert [p.path for p in caught.value.problems] == ["gifts[0].about"]

    def test_a_region_in_a_territory_without_regions_reads_well(self) -> None:
        data = minimal_dict(interviewers=[{"name": "Dana", "locale": "sq", "region": "AL"}])
        with pytest.raises(followup.FactsError) as caught:
            followup.parse(data)
        (problem,) = caught.value.problems
        assert problem.message.startswith("names a region, but AL has none")


# --- many or long unknown fields ----------------------------------------------------------------


def _plan_errors(facts: Path) -> list[str]:
    """``followup plan`` of *facts*, which fails: the lines it writes to standard error."""
    out, err = io.StringIO(), io.StringIO()
    assert main(["plan", str(facts)], stdout=out, stderr=err) == 2
    assert out.getvalue() == ""
    return err.getvalue().splitlines()


@pytest.mark.attack("A5-L4")
def test_a_long_unknown_field_name_is_shown_cut_short(tmp_path: Path) -> None:
    data = example_dict()
    key = "f" * 990_000
    data[key] = "x"
    facts = tmp_path / "long.json"
    facts.write_text(json.dumps(data, default=str), encoding="utf-8")
    (line,) = _plan_errors(facts)
    assert len(line) < 1500
    assert "fffff…: is not a known field" in line
    with pytest.raises(followup.FactsError) as caught:
        followup.load(facts)
    assert len(str(caught.value)) < 1500
    assert caught.value.problems[0].path == key  # a program gets it whole


@pytest.mark.attack("A5-L4")
@pytest.mark.parametrize(
    "text",
    [
        '{"%s": 1, "%s": 2}' % ("k" * 300_000, "k" * 300_000),  # noqa: UP031 - JSON's braces
        "[%s]\n[%s]\n" % ("k" * 300_000, "k" * 300_000),  # noqa: UP031 - TOML's brackets
    ],
)
def test_a_long_key_in_a_message_of_the_parser_is_cut_short(tmp_path: Path, text: str) -> None:
    facts = tmp_path / ("dup.json" if text.startswith("{") else "dup.toml")
    facts.write_text(text, encoding="utf-8")
    (line,) = _plan_errors(facts)
    assert len(line) < 1500


@pytest.mark.attack("A5-L4")
def test_tens_of_thousands_of_unknown_fields_list_twenty(tmp_path: Path) -> None:
    data = example_dict() | {f"k{n}": 1 for n in range(60_000)}
    facts = tmp_path / "many.json"
    facts.write_text(json.dumps(data, default=str), encoding="utf-8")
    lines = _plan_errors(facts)
    assert len(lines) == PROBLEMS_SHOWN + 1
    assert lines[0].endswith("k0: is not a known field; allowed here: " + ALLOWED + " (got 1)")
    assert lines[-1] == f"followup: {facts}: and {60_000 - PROBLEMS_SHOWN} more problems"
    with pytest.raises(followup.FactsError) as caught:
        followup.load(facts)
    assert len(caught.value.problems) == 60_000
    assert str(caught.value).splitlines()[-1] == "  and 59980 more problems"


ALLOWED = (
    "candidate, company, date, decision_expected, events, formality, gifts, hobbies, "
    "ideas, interviewers, locale, role, topics"
)


def test_twenty_problems_are_listed_in_full(tmp_path: Path) -> None:
    data = example_dict() | {f"k{n}": 1 for n in range(PROBLEMS_SHOWN)}
    facts = tmp_path / "twenty.json"
    facts.write_text(json.dumps(data, default=str), encoding="utf-8")
    lines = _plan_errors(facts)
    assert len(lines) == PROBLEMS_SHOWN
    assert "more problem" not in lines[-1]


def test_references_in_an_overlong_list_are_checked_in_its_first_entries_only() -> None:
    """6,000 ideas about unknown topics among 6,000 topics (a 300 KB file took
    seconds and a gigabyte): the list is too long, and the references of its first
    entries are reported, each naming a dozen of the choices and counting the rest."""
    data = minimal_dict(
        topics=[{"subject": f"topic {n}"} for n in range(6000)],
        ideas=[{"summary": f"idea {n}", "topic": f"nothing {n}"} for n in range(6000)],
    )
    with pytest.raises(followup.FactsError) as caught:
        followup.parse(data)
    found = caught.value.problems
    assert any(p.path == "topics" and "list at most" in p.message for p in found)
    about = [p for p in found if p.path.startswith("ideas[") and p.path.endswith(".topic")]
    assert 0 < len(about) <= 200
    assert about[0].message.endswith("'topic 11', and 188 more")  # of the first 200
    assert "'topic 12'" not in about[0].message


@pytest.mark.parametrize("topics", [5, 1.5, True, "topic"])
def test_a_later_interviews_topics_that_are_no_list_are_a_facts_error(topics: object) -> None:
    data = minimal_dict(
        topics=[{"subject": "budgets"}],
        events=[{"kind": "second_interview", "date": "2026-12-15", "topics": topics}],
    )
    assert "events[0].topics" in problems(data)


def test_a_value_too_large_to_print_is_still_a_facts_error() -> None:
    """A 5,000-digit number cannot be written out by Python: the message says so."""
    with pytest.raises(followup.FactsError) as caught:
        followup.parse(minimal_dict(role=10**5000))
    assert "role: must be text" in str(caught.value)
    assert "a value too large to show" in str(caught.value)
