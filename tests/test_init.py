"""followup init: the questions on a terminal, the same file from JSON, and the TOML it writes."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import followup
from followup.cli import main
from followup.facts.writing import save, to_toml
from followup.testing import facts
from tests._pty import Session
from tests.conftest import EXAMPLE, ROOT, example_dict, minimal_dict

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX")


def run(*argv: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        list(argv),
        stdout=out,
        stderr=err,
        stdin=io.BytesIO(stdin) if stdin is not None else None,
    )
    return code, out.getvalue(), err.getvalue()


def same_facts(a: followup.Interview, b: followup.Interview) -> bool:
    """Equal facts, texts by language included (a Phrase compares as its first text)."""
    return a.model_dump(mode="json") == b.model_dump(mode="json")


# --- on a terminal ------------------------------------------------------------------------------

ANSWERS: list[tuple[str, str | None]] = [
    ("Company: ", "Northwind Analytics"),
    ("Role you interviewed for: ", "Senior Data Engineer"),
    ("Interview day (YYYY-MM-DD) [", "12/03/2026"),
    ("  ! is not a date; write it as YYYY-MM-DD (got '12/03/2026')", None),
    ("Interview day (YYYY-MM-DD) [", "2026-11-24"),
    ("expected (YYYY-MM-DD; Enter if not known): ", "2026-11-01"),
    ("  ! must be after the interview day 2026-11-24", None),
    ("expected (YYYY-MM-DD; Enter if not known): ", "2027-01-29"),
    ("Language of the drafts (en_US, en_GB, de_DE, fr_FR, es_ES, …) [en_US]: ", ""),
    ("(formal/informal) [formal]: ", "fromal"),
    ("  ! did you mean 'formal'?", None),
    ("(formal/informal) [formal]: ", ""),
    ("Your name, as you sign: ", "Sam Okafor"),
    ("Your e-mail (Enter to leave out): ", "sam@"),
    ("  ! is not an e-mail address", None),
    ("Your e-mail (Enter to leave out): ", "sam.okafor@example.com"),
    ("Interviewer 1: name: ", ""),
    ("  ! needs an answer", None),
    ("Interviewer 1: name: ", "Dana Rivera"),
    ("  their e-mail (Enter to leave out): ", "dana.rivera@northwind.example"),
    ("(female/male; Enter if neither or not known): ", "femal"),
    ("  ! did you mean 'female'?", None),
    ("(female/male; Enter if neither or not known): ", "female"),
    ("  their title, such as Dr. (Enter for none): ", "Dr."),
    ("  their language [en_US]: ", "de-de"),
    ("  formal or informal [formal]: ", ""),
    ("Interviewer 2: name (Enter when there are no more): ", "dana rivera"),
    ("  ! is already listed", None),
    ("Interviewer 2: name (Enter when there are no more): ", "Tomás Ortega Ruiz"),
    ("  their e-mail (Enter to leave out): ", ""),
    ("(female/male; Enter if neither or not known): ", ""),
    ("  their title, such as Dr. (Enter for none): ", ""),
    ("  their language [en_US]: ", ""),
    ("  formal or informal [formal]: ", "informal"),
    ("Interviewer 3: name (Enter when there are no more): ", ""),
    ("Topic 1 you discussed (Enter when done): ", "on-call practices"),
    ("  with whom (names, separated by commas; Enter for everyone): ", "tomás ortega ruiz"),
    ("Topic 2 you discussed (Enter when done): ", "moving the nightly batch jobs to streaming"),
    (
        "  a short name for it, for later mentions (Enter to repeat it in full): ",
        "On-call practices",
    ),
    ("  ! is another topic's name", None),
    ("  a short name for it, for later mentions (Enter to repeat it in full): ", "the move"),
    ("  with whom (names, separated by commas; Enter for everyone): ", ""),
    ("Topic 3 you discussed (Enter when done): ", ""),
    ("Hobby 1 an interviewer mentioned (Enter when done): ", "sailing"),
    ("  who mentioned it (Dana Rivera, Tomás Ortega Ruiz): ", "Dana Riviera"),
    ("  ! did you mean 'Dana Rivera'?", None),
    ("  who mentioned it (Dana Rivera, Tomás Ortega Ruiz): ", "Dana Rivera"),
    ("  a detail that can follow 'especially' (Enter to leave out): ", ""),
    ("Hobby 2 an interviewer mentioned (Enter when done): ", ""),
    ("Idea 1 you had afterwards (Enter when done): ", "partitioning the event tables by day"),
    ("  the topic it grew from (Enter for none): ", "on-call practices"),
    ("Idea 2 you had afterwards (Enter when done): ", ""),
    ("(Enter when done): ", "articel"),
    ("  ! did you mean 'article'?", None),
    ("(Enter when done): ", "article"),
    (
        "  about which topic or hobby (on-call practices, moving the nightly batch jobs to"
        " streaming, sailing): ",
        "sailing",
    ),
    ("  its title: ", "The racing rules, explained"),
    ("  its link (https://…): ", "javascript:alert(1)"),
    ("  ! must start with https://", None),
    ("  its link (https://…): ", "https://example.org/racing-rules"),
    ("(Enter when done): ", "contact"),
    (
        "  about which topic or hobby (on-call practices, moving the nightly batch jobs to"
        " streaming, sailing): ",
        "on-call practices",
    ),
    ("  the contact's name: ", "Ada Byron"),
    ("  their e-mail (Enter to leave out): ", ""),
    ("  their phone (Enter to leave out): ", ""),
    ("  ! a contact needs an e-mail or a phone", None),
    ("  their e-mail (Enter to leave out): ", "ada@example.org"),
    ("  their phone (Enter to leave out): ", ""),
    ("  why they are worth meeting (Enter to leave out): ", ""),
    ("(female/male; Enter if neither or not known): ", "female"),
    ("(Enter when done): ", ""),
]
"""A session: each prompt (or complaint) the terminal shows, and what is typed then."""

EXPECTED: dict[str, Any] = {
    "company": "Northwind Analytics",
    "role": "Senior Data Engineer",
    "date": "2026-11-24",
    "decision_expected": "2027-01-29",
    "candidate": {"name": "Sam Okafor", "email": "sam.okafor@example.com"},
    "interviewers": [
        {
            "name": "Dana Rivera",
            "email": "dana.rivera@northwind.example",
            "gender": "female",
            "title": "Dr.",
            "locale": "de_DE",
        },
        {"name": "Tomás Ortega Ruiz", "formality": "informal"},
    ],
    "topics": [
        {"subject": "on-call practices", "with": ["Tomás Ortega Ruiz"]},
        {"subject": "moving the nightly batch jobs to streaming", "short": "the move"},
    ],
    "hobbies": [{"subject": "sailing", "person": "Dana Rivera"}],
    "ideas": [{"summary": "partitioning the event tables by day", "topic": "on-call practices"}],
    "gifts": [
        {
            "kind": "article",
            "about": "sailing",
            "title": "The racing rules, explained",
            "url": "https://example.org/racing-rules",
        },
        {
            "kind": "contact",
            "about": "on-call practices",
            "contact": {"name": "Ada Byron", "email": "ada@example.org", "gender": "female"},
        },
    ],
}
"""The facts those answers give."""


def test_init_asks_on_a_terminal_checks_each_answer_and_writes_facts_that_load(
    tmp_path: Path,
) -> None:
    session = Session(["init", "interview.toml"], cwd=tmp_path)
    for prompt, answer in ANSWERS:
        session.expect(prompt)
        if answer is not None:
            session.answer(answer)
    code, shown = session.finish()
    assert code == 0, shown
    assert "wrote interview.toml" in shown
    written = tmp_path / "interview.toml"
    assert same_facts(followup.load(written), followup.parse(EXPECTED))
    text = written.read_text(encoding="utf-8")
    assert "# the interview day" in text
    assert "followup plan interview.toml" in text


def test_the_interview_day_defaults_to_today(tmp_path: Path) -> None:
    session = Session(["init"], cwd=tmp_path)
    session.expect("Company: ")
    session.answer("Acme")
    session.expect("Role you interviewed for: ")
    session.answer("Analyst")
    session.expect("Interview day (YYYY-MM-DD) [")
    shown_default = session.expect("]: ")
    assert dt.date.fromisoformat(shown_default) in {
        dt.date.today(),
        dt.date.today() - dt.timedelta(days=1),  # run across midnight
    }
    session.end_of_input()
    session.finish()


def test_answers_that_end_early_write_nothing(tmp_path: Path) -> None:
    session = Session(["init", "new.toml"], cwd=tmp_path)
    session.expect("Company: ")
    session.answer("Acme")
    session.expect("Role you interviewed for: ")
    session.end_of_input()
    code, shown = session.finish()
    assert code == 2
    assert "nothing written" in shown
    assert "Traceback" not in shown
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_refused_before_any_question(tmp_path: Path) -> None:
    (tmp_path / "interview.toml").write_text("mine\n", encoding="utf-8")
    session = Session(["init"], cwd=tmp_path)
    code, shown = session.finish()
    assert code == 2
    assert "interview.toml: exists" in shown
    assert "--force" in shown
    assert "Company" not in shown
    assert (tmp_path / "interview.toml").read_text(encoding="utf-8") == "mine\n"


# --- from data ----------------------------------------------------------------------------------


def test_from_json_writes_the_same_facts(tmp_path: Path) -> None:
    source = tmp_path / "facts.json"
    source.write_text(json.dumps(EXPECTED), encoding="utf-8")
    target = tmp_path / "interview.toml"
    code, out, err = run("init", str(target), "--from-json", str(source))
    assert (code, err) == (0, "")
    assert f"wrote {target}" in out
    assert same_facts(followup.load(target), followup.parse(EXPECTED))


def test_piped_json_writes_the_same_file_as_a_json_file(tmp_path: Path) -> None:
    data = json.dumps(example_dict(), default=str).encode("utf-8")
    assert run("init", str(tmp_path / "a.toml"), stdin=data)[0] == 0
    assert run("init", str(tmp_path / "b.toml"), "--from-json", "-", stdin=data)[0] == 0
    source = tmp_path / "facts.json"
    source.write_bytes(data)
    assert run("init", str(tmp_path / "c.toml"), "--from-json", str(source))[0] == 0
    # The same text, but for the file's name in its opening lines.
    a, b, c = (
        (tmp_path / f"{n}.toml").read_text(encoding="utf-8").replace(f"{n}.toml", "F.toml")
        for n in "abc"
    )
    assert a == b == c
    assert same_facts(followup.load(tmp_path / "a.toml"), followup.load(EXAMPLE))


def test_piped_json_with_bad_facts_names_standard_input_and_writes_nothing(
    tmp_path: Path,
) -> None:
    data = minimal_dict(formality="fromal", interviewers=[{"name": "Dana Rivera", "gendr": "f"}])
    code, out, err = run("init", str(tmp_path / "x.toml"), stdin=json.dumps(data).encode())
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert all(line.startswith("followup: standard input: ") for line in lines)
    assert any("formality: did you mean 'formal'?" in line for line in lines)
    assert any("interviewers[0].gendr: did you mean gender?" in line for line in lines)
    assert list(tmp_path.iterdir()) == []


def test_nothing_piped_in_says_what_to_do(tmp_path: Path) -> None:
    code, _, err = run("init", str(tmp_path / "x.toml"), stdin=b"")
    assert code == 2
    assert err.count("\n") == 1
    assert "standard input: is empty" in err
    assert "on a terminal" in err


def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "interview.toml"
    target.write_text("mine\n", encoding="utf-8")
    data = json.dumps(minimal_dict()).encode()
    code, _, err = run("init", str(target), stdin=data)
    assert code == 2
    assert "exists" in err
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert run("init", str(target), "--force", stdin=data)[0] == 0
    assert followup.load(target).company == "Acme"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["interview.toml"]  # no temp file


def test_the_example_to_start_from(tmp_path: Path) -> None:
    target = tmp_path / "start.toml"
    code, _, _ = run("init", str(target), "--example")
    assert code == 0
    written = target.read_text(encoding="utf-8")
    # the example, whose opening comment now names the file it is in
    assert f"`followup plan {target}`" in written
    assert "examples/interview.toml" not in written
    assert written.replace(str(target), "examples/interview.toml") == EXAMPLE.read_text(
        encoding="utf-8"
    )
    assert same_facts(followup.load(target), followup.load(EXAMPLE))


def test_init_writes_toml_only(tmp_path: Path) -> None:
    code, _, err = run("init", str(tmp_path / "facts.json"), stdin=b"{}")
    assert code == 2
    assert "*.toml" in err


# --- the file written ---------------------------------------------------------------------------


def test_a_nearly_empty_facts_file_points_to_init_and_the_example(tmp_path: Path) -> None:
    path = tmp_path / "facts.toml"
    path.write_text('company = "Acme"\n', encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["plan", str(path)], stdout=out, stderr=err) == 2
    last = err.getvalue().splitlines()[-1]
    assert last.startswith(f"followup: {path}: ")
    assert "followup init" in last
    assert "--example" in last
    with pytest.raises(followup.FactsError) as caught:
        followup.load(path)
    assert caught.value.hint is not None
    with pytest.raises(followup.FactsError) as nearly_complete:
        followup.parse(minimal_dict(role=None) | {"role": 1})
    assert nearly_complete.value.hint is None


@pytest.mark.parametrize(
    "name", ["interview.toml", "interview.de.toml", "interview.fr.toml", "interview.mixed.toml"]
)
def test_the_examples_round_trip_through_the_writer(name: str) -> None:
    """Texts by language, every kind of gift, dates, booleans and regions."""
    with (ROOT / "examples" / name).open("rb") as handle:
        data = tomllib.load(handle)
    text = to_toml(data)
    assert same_facts(followup.loads(text), followup.parse(data))
    assert same_facts(followup.loads(to_toml(followup.parse(data))), followup.parse(data))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts(max_items=3))
def test_any_facts_round_trip_through_the_commented_toml(data: dict[str, Any]) -> None:
    """Quotes, backslashes, line breaks, every script: the file reads back as written."""
    interview = followup.parse(data)
    assert same_facts(followup.loads(to_toml(data)), interview)
    assert same_facts(followup.loads(to_toml(interview)), interview)


def test_save_never_replaces_a_file_that_appears_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last check is the link itself: atomic, and refusing a name that exists."""
    target = tmp_path / "interview.toml"
    real_link = os.link

    def someone_was_faster(source: Any, destination: Any) -> None:
        target.write_text("theirs\n", encoding="utf-8")
        real_link(source, destination)

    monkeypatch.setattr(os, "link", someone_was_faster)
    with pytest.raises(followup.ExportError, match="exists"):
        save(minimal_dict(), target)
    assert target.read_text(encoding="utf-8") == "theirs\n"
    assert [p.name for p in tmp_path.iterdir()] == ["interview.toml"]


def test_init_asks_which_words_of_a_long_spanish_name_are_the_surnames(
    tmp_path: Path,
) -> None:
    session = Session(["init", "entrevista.toml"], cwd=tmp_path)
    for prompt, answer in [
        ("Company: ", "la Cooperativa del Collado"),
        ("Role you interviewed for: ", "responsable de calidad"),
        ("Interview day (YYYY-MM-DD) [", "2026-11-19"),
        ("expected (YYYY-MM-DD; Enter if not known): ", ""),
        ("Language of the drafts (en_US, en_GB, de_DE, fr_FR, es_ES, …) [en_US]: ", "es_ES"),
        ("(formal/informal) [formal]: ", ""),
        ("Your name, as you sign: ", "Marta Jiménez Ortega"),
        ("Your e-mail (Enter to leave out): ", ""),
        ("Interviewer 1: name: ", "Rafael Ortega Ruiz"),
        ("  their e-mail (Enter to leave out): ", ""),
        ("(female/male; Enter if neither or not known): ", "male"),
        ("  their title, such as Dr. (Enter for none): ", ""),
        ("  their language [es_ES]: ", ""),
        (
            "  their surnames, the end of the name (a letter greets by the first) [Ortega Ruiz]: ",
            "Ruiz Ortega",
        ),
        ("  ! must be the last words of the name 'Rafael Ortega Ruiz'", None),
        (
            "  their surnames, the end of the name (a letter greets by the first) [Ortega Ruiz]: ",
            "",
        ),
        ("  formal or informal [formal]: ", ""),
        ("Interviewer 2: name (Enter when there are no more): ", "María José García de la Fuente"),
        ("  their e-mail (Enter to leave out): ", ""),
        ("(female/male; Enter if neither or not known): ", "female"),
        ("  their title, such as Dr. (Enter for none): ", ""),
        ("  their language [es_ES]: ", ""),
        ("(a letter greets by the first) [García de la Fuente]: ", ""),
        ("  formal or informal [formal]: ", ""),
        ("Interviewer 3: name (Enter when there are no more): ", "Ana Vidal"),
        ("  their e-mail (Enter to leave out): ", ""),
        ("(female/male; Enter if neither or not known): ", ""),
        ("  their title, such as Dr. (Enter for none): ", ""),
        ("  their language [es_ES]: ", ""),
        ("  formal or informal [formal]: ", ""),  # two words: nothing to ask
        ("Interviewer 4: name (Enter when there are no more): ", ""),
        ("Topic 1 you discussed (Enter when done): ", "la trazabilidad"),
        ("  with whom (names, separated by commas; Enter for everyone): ", ""),
        ("Topic 2 you discussed (Enter when done): ", ""),
        ("Hobby 1 an interviewer mentioned (Enter when done): ", ""),
        ("Idea 1 you had afterwards (Enter when done): ", ""),
        ("(Enter when done): ", ""),
    ]:
        session.expect(prompt)
        if answer is not None:
            session.answer(answer)
    code, shown = session.finish()
    assert code == 0, shown
    people = followup.load(tmp_path / "entrevista.toml").interviewers
    assert [(p.given_name, p.family_name) for p in people] == [
        ("Rafael", "Ortega Ruiz"),
        ("María José", "García de la Fuente"),
        ("Ana", "Vidal"),
    ]
    drafts = followup.plan(followup.load(tmp_path / "entrevista.toml")).drafts
    assert drafts[0].text.startswith("Estimado Sr. Ortega:")
    assert "Estimada Sra. García:" in {d.text.splitlines()[0] for d in drafts}
