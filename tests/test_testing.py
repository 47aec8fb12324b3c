"""followup.testing: the strategies draw valid facts, and the fuzzer finds broken templates."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings

import followup
from followup._text import normalise_line
from followup.authoring import preview
from followup.testing import (
    ATTACK_CORPUS,
    RIGHT_TO_LEFT,
    _person,
    facts,
    hostile_text,
    interviews,
    lines,
    names,
    paragraphs,
)
from followup.testing.fuzz import fuzz, main

SUBJECT = "{% set subject %}Hello{% endset %}\n"


def test_the_corpus_holds_the_strings_that_broke_things() -> None:
    asked = ["{{", "{%", "=?utf-8?q?", "=0A", "\r\n", ",", '"', "<", "\u202e", "\u2028"]
    assert set(asked) <= set(ATTACK_CORPUS)
    assert {"%(x)s", "<script>alert(1)</script>", "\x00"} <= set(ATTACK_CORPUS)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=names(), line=lines(), text=paragraphs())
def test_text_is_drawn_as_the_facts_store_it(name: str, line: str, text: str) -> None:
    data: dict[str, Any] = {
        "company": name,
        "role": line,
        "date": "2026-11-24",
        "candidate": {"name": name},
        "interviewers": [{"name": name}],
        "ideas": [{"summary": text}],
    }
    interview = followup.parse(data)
    assert (interview.company, interview.role) == (name, line)
    assert interview.ideas[0].summary == unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    assert normalise_line(name) == name


@pytest.mark.parametrize(
    "wanted",
    [
        lambda s: any(unicodedata.bidirectional(c) in {"R", "AL"} for c in s),
        lambda s: any(unicodedata.category(c) == "Mn" for c in s),
        lambda s: "{{" in s,
        lambda s: '"' in s and "," in s,
        lambda s: "=?utf-8?q?" in s,
    ],
    ids=["right-to-left", "combining mark", "template syntax", "quote and comma", "encoded word"],
)
def test_names_reach_every_kind_of_text(wanted: Any) -> None:
    assert wanted(find(names(), wanted, settings=settings(database=None, max_examples=2000)))


def test_right_to_left_words_are_right_to_left() -> None:
    for word in RIGHT_TO_LEFT:
        assert unicodedata.bidirectional(word[0]) in {"R", "AL"}


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=facts())
def test_drawn_facts_validate_and_render_in_every_shipped_locale(data: dict[str, Any]) -> None:
    json.dumps(data)  # as a facts file holds them
    for locale in followup.shipped_locales():
        people = [{k: v for k, v in p.items() if k != "locale"} for p in data["interviewers"]]
        interview = followup.parse({**data, "locale": locale, "interviewers": people})
        plan = followup.plan(interview)
        assert {d.locale for d in plan.drafts} == {locale}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(interview=interviews(max_interviewers=20, max_items=8, gifts=True))
def test_interviews_of_any_size_validate(interview: followup.Interview) -> None:
    assert followup.Interview.model_validate_json(interview.model_dump_json()) == interview


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=facts(events=True))
def test_drawn_events_fit_their_facts_and_plan(data: dict[str, Any]) -> None:
    json.dumps(data)  # as a facts file holds them
    plan = followup.plan(followup.parse(data))
    ids = [d.id for d in plan.drafts]
    assert len(ids) == len(set(ids))
    decisions = [e for e in data["events"] if e["kind"] == "decision"]
    assert [d.kind for d in plan.drafts].count("closing") == len(decisions)


def _kinds(data: dict[str, Any]) -> list[str]:
    return [e["kind"] for e in data["events"]]


@pytest.mark.parametrize(
    "wanted",
    [
        lambda d: any(e.get("draft", {}).get("kind") == "closing" for e in d["events"]),
        lambda d: any(e["kind"] == "second_interview" and e.get("topics") for e in d["events"]),
        lambda d: any(isinstance(p, dict) for e in d["events"] for p in e.get("interviewers", [])),
        lambda d: any(e.get("draft", {}).get("kind") == "thank_you" for e in d["events"]),
        lambda d: any(e["kind"] == "reply" and "next_contact" in e for e in d["events"]),
        lambda d: "paused" in _kinds(d) and "decision" in _kinds(d),
    ],
    ids=["closing sent", "later topics", "someone new", "note sent", "reply with a day", "pause"],
)
def test_drawn_events_reach_every_kind(wanted: Any) -> None:
    drawn = facts(events=True, max_interviewers=2, max_items=2)
    # Found, not shrunk: shrinking facts would take minutes.
    found = settings(database=None, max_examples=2000, phases=[Phase.generate])
    assert wanted(find(drawn, wanted, settings=found))


@settings(max_examples=60, deadline=None)
@given(text=hostile_text())
def test_hostile_text_validates_or_is_refused(text: str) -> None:
    data = {
        "company": text,
        "role": text,
        "date": "2026-11-24",
        "candidate": {"name": "Sam"},
        "interviewers": [{"name": "Dana"}],
    }
    with contextlib.suppress(followup.FactsError):
        followup.parse(data)


def test_import_followup_does_not_import_the_testing_kit() -> None:
    code = (
        "import sys, followup; "
        "print(*(m in sys.modules for m in ('hypothesis', 'followup.testing')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]


def test_without_hypothesis_the_error_names_the_extra() -> None:
    code = "import sys; sys.modules['hypothesis'] = None; import followup.testing"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1
    assert "followup.MissingDependencyError" in result.stderr or "MissingDependencyError" in (
        result.stderr
    )
    assert "pip install 'followup[testing]'" in result.stderr


# --- the fuzzer ---------------------------------------------------------------------------------


def test_the_shipped_templates_survive_a_short_fuzz(tmp_path: Path) -> None:
    report = fuzz(seconds=2, max_examples=10, out=tmp_path, seed=1)
    assert report.failure is None, str(report.failure)
    assert report.examples > 0
    assert list(tmp_path.iterdir()) == []


def test_the_fuzzer_finds_a_template_that_breaks_on_some_facts(tmp_path: Path) -> None:
    broken = tmp_path / "templates"
    broken.mkdir()
    (broken / "thank_you.j2").write_text(SUBJECT + "{{ company[5] }}\n", encoding="utf-8")
    # The example company is long enough: the template works for the example facts.
    assert preview((broken / "thank_you.j2").read_text(encoding="utf-8")).text == "w"
    # Time enough to reach the failure on a loaded machine; it stops at the first one.
    report = fuzz(broken, seconds=30, max_examples=20, out=tmp_path / "out", seed=0)
    failure = report.failure
    assert failure is not None
    assert failure.error.startswith(f"{broken / 'thank_you.j2'}, line 2: ")
    assert failure.path.parent == tmp_path / "out"
    # The facts file reproduces it.
    interview = followup.load(failure.path)
    assert len(interview.company) <= 5
    with pytest.raises(followup.TemplateError, match="line 2"):
        followup.plan(interview, template_dirs=[broken])
    assert f"--templates {broken}" in failure.command


def test_the_fuzzer_drafts_untraced_within_the_budget_plan_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a failure is found, Hypothesis's explaining phase would trace every line
    drafted (in the child too, past its CPU budget); and each plan is drafted by
    plan() itself, with the budget its size earns."""
    import followup.testing.fuzz as fuzz_module

    broken = tmp_path / "templates"
    broken.mkdir()
    (broken / "thank_you.j2").write_text(SUBJECT + "{{ company[5] }}\n", encoding="utf-8")
    traced: list[bool] = []
    real = fuzz_module.plan

    def plan(interview: followup.Interview, **options: Any) -> followup.FollowUpPlan:
        traced.append(sys.gettrace() is not None)
        return real(interview, **options)

    monkeypatch.setattr(fuzz_module, "plan", plan)
    before = sys.gettrace()
    sys.settrace(None)  # as a run outside the test suite's coverage
    try:
        report = fuzz(broken, seconds=30, max_examples=20, out=tmp_path / "out", seed=0)
    finally:
        sys.settrace(before)
    assert report.failure is not None
    assert len(traced) > 1  # drafted again while shrinking the failure
    assert not any(traced)


def test_the_fuzzer_from_the_command_line(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["--seconds", "1", "--examples", "2", "--seed", "3"], stdout=out, stderr=err) == 0
    assert out.getvalue().endswith("no failures\n")
    assert main(["--templates", str(tmp_path / "nope")], stdout=out, stderr=err) == 2
    assert err.getvalue() == f"followup fuzz: {tmp_path / 'nope'}: is not a folder of templates\n"
    assert main(["--seconds", "-1"], stdout=out, stderr=err) == 2


def test_the_reproduction_command_is_quoted_for_the_shell(tmp_path: Path) -> None:
    import shlex

    broken = tmp_path / "$(touch pwned) folder"
    broken.mkdir()
    (broken / "thank_you.j2").write_text(
        "{% set subject %}s{% endset %}{{ company[40] }}", encoding="utf-8"
    )
    report = fuzz(broken, seconds=20, max_examples=20, out=tmp_path / "out", seed=0)
    assert report.failure is not None
    words = shlex.split(report.failure.command)
    assert words[words.index("--templates") + 1] == str(broken)


def test_person_names_are_drawn_only_where_an_interviewer_may_go_by_them() -> None:
    """A name field takes "ᤠ," (a combining mark and a comma), but the given and family
    names followup works out from it look blank: the strategy draws no such person."""
    assert not _person("\u1920,")
    assert _person("Dana Rivera")
    assert _person("أحمد الخطيب")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(interview=interviews(events=True))
def test_drawn_events_send_a_closing_note_only_below_its_decision(
    interview: followup.Interview,
) -> None:
    """Events are read in the order written: a closing note recorded as sent above the
    decision names no draft yet, and the plan refuses it (a drawn case once did)."""
    kinds = [(event.kind, getattr(event, "draft", None)) for event in interview.events]
    closings = [
        at for at, (kind, draft) in enumerate(kinds) if kind == "sent" and "closing" in str(draft)
    ]
    decisions = [at for at, (kind, _) in enumerate(kinds) if kind == "decision"]
    for at in closings:
        assert decisions
        assert decisions[0] < at
    followup.plan(interview)
