"""Every item of SECURITY.md and every finding of the security review, attacked
end to end as the attacker did, through the public API and the command line.

``T`` is the review's shorthand: write a template into a fresh folder as
``thank_you.j2`` and plan the example facts with that folder. Each test is
marked ``attack`` with the item number (1-26) or the finding (H1...L7) it
reproduces, or a finding of the fifth attack (A5-M1...A5-L6: a hostile IMAP
server, a Maildir message, a manifest, unknown fields, file names in reports, a
hand-built thread); :func:`test_every_item_and_finding_has_an_attack_test`
checks that none is left out, here or in the module where the attack is tested
at its source (marked the same way).
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import json
import mailbox
import re
import subprocess
import sys
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

import followup
from followup.cli import main
from followup.export import MailOptions, write_mbox
from tests.conftest import EXAMPLE, ROOT, example_dict, minimal_dict

attack = pytest.mark.attack
SUBJECT = "{% set subject %}s{% endset %}"


def T(tmp_path: Path, body: str, *, data: dict[str, Any] | None = None) -> followup.FollowUpPlan:  # noqa: N802
    """The review's T: *body* as the user's thank_you.j2, the example facts planned."""
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "thank_you.j2").write_text(body, encoding="utf-8")
    interview = followup.parse(data) if data is not None else followup.load(EXAMPLE)
    return followup.plan(interview, template_dirs=[folder])


def note(plan: followup.FollowUpPlan) -> followup.Draft:
    return next(d for d in plan.drafts if d.kind == "thank_you")


def cli(*args: str) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# --- Templates: items 1-11 ----------------------------------------------------------------------


@attack(1)
@pytest.mark.parametrize("fact", ["{{ 7*7 }}", "{% for x in y %}", "%(num)s", "{#"])
def test_template_syntax_in_a_fact_comes_out_literally(tmp_path: Path, fact: str) -> None:
    data = example_dict()
    data["company"] = f"Acme {fact}"
    plan = T(tmp_path, SUBJECT + "{{ company }}", data=data)
    assert note(plan).text == f"Acme {fact}"
    assert f"Acme {fact}" in "\n".join(d.text for d in followup.plan(followup.parse(data)).drafts)


@attack(2)
@pytest.mark.parametrize(
    "body",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ joiner.__init__.__globals__ }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ self.__dict__ }}",
        "{{ loop.__class__ }}",
        "{{ lipsum.__globals__ }}",
        "{{ gettext.__globals__ }}",
    ],
)
def test_python_internals_are_out_of_reach(tmp_path: Path, body: str) -> None:
    with pytest.raises(followup.TemplateError):
        T(tmp_path, SUBJECT + body)


@attack(3)
@pytest.mark.parametrize(
    "body",
    [
        "{{ '{0.__class__}'.format(1) }}",
        "{{ '{0.__class__}'.format_map([1]) }}",
        "{{ ''|attr('format') }}",
        "{{ '{0.__init__.__globals__}'.format(cycler) }}",
    ],
)
def test_format_string_escapes_are_refused(tmp_path: Path, body: str) -> None:
    with pytest.raises(followup.TemplateError):
        T(tmp_path, SUBJECT + body)


@attack(4)
@pytest.mark.parametrize("body", ["{{ no_such_fact }}", "{{ company.no_such_attribute }}"])
def test_a_missing_or_blocked_name_is_an_error_not_a_blank(tmp_path: Path, body: str) -> None:
    with pytest.raises(followup.TemplateError, match=r"thank_you\.j2"):
        T(tmp_path, SUBJECT + body)


@attack(5)
@pytest.mark.parametrize(
    "body",
    [
        "{{ ''.format }}",
        "{{ '' ~ gettext }}",
        "{{ [gettext]|join }}",
        "{{ cycler|string }}",
        "{{ '%s' % (link,) }}",
        "{{ 'x' }}{% set subject = [1, 2] %}",
    ],
)
def test_no_repr_is_printed(tmp_path: Path, body: str) -> None:
    with pytest.raises(followup.TemplateError):
        T(tmp_path, body if "set subject" in body else SUBJECT + body)


@attack(6)
@pytest.mark.parametrize(
    "body",
    [
        "{{ recipient.model_construct }}",
        "{{ recipient.model_copy(update={'name': 'x'}) }}",
        "{{ recipient.__class__ }}",
    ],
)
def test_templates_see_plain_data_not_models(tmp_path: Path, body: str) -> None:
    with pytest.raises(followup.TemplateError):
        T(tmp_path, SUBJECT + body)


@attack(7)
@pytest.mark.parametrize(
    "body", ["{% set l = [] %}{{ l.append(1) }}", "{% set d = {} %}{{ d.update(a=1) }}"]
)
def test_lists_and_dicts_cannot_be_changed(tmp_path: Path, body: str) -> None:
    with pytest.raises(followup.TemplateError):
        T(tmp_path, SUBJECT + body)


@attack(8)
@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "a:b", "..\\\\etc"])
def test_template_names_stay_in_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(followup.TemplateNotFoundError):
        T(tmp_path, SUBJECT + f'{{% include "{name}" %}}')


@attack(9)
@pytest.mark.parametrize(
    "body",
    [
        "{{ 'ab' * 10**8 }}",
        "{{ 9**999999999 }}",
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    ],
)
def test_huge_values_and_loops_end_in_a_bounded_error(tmp_path: Path, body: str) -> None:
    with pytest.raises(followup.TemplateError):
        T(tmp_path, SUBJECT + body)


@attack(10)
@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "call each other without end"),
        ('{% include "thank_you.j2" %}', "call each other without end"),
        ("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", "too deeply to compile"),
        ("{% if 1 %}" * 3000 + "{% endif %}" * 3000, "too deeply to compile"),
    ],
)
def test_deep_nesting_and_recursion_are_template_errors(
    tmp_path: Path, body: str, says: str
) -> None:
    with pytest.raises(followup.TemplateError, match=says) as caught:
        T(tmp_path, SUBJECT + body)
    assert caught.value.name is not None
    assert caught.value.name.endswith("thank_you.j2")


@attack(11)
def test_a_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(followup.TemplateError, match=r"thank_you\.j2, line 4") as caught:
        T(tmp_path, SUBJECT + "\n\n\n{% if %}")
    assert caught.value.lineno == 4


# --- HTML: items 12-14 --------------------------------------------------------------------------

EVIL = "<script>alert(1)</script>&\"'"


@attack(12)
def test_markup_in_facts_is_escaped_everywhere_html_goes(tmp_path: Path) -> None:
    data = example_dict()
    data["company"] = EVIL
    plan = followup.plan(followup.parse(data))
    for html in (
        *(d.html for d in plan.drafts),
        *(d.email_html for d in plan.drafts),
        plan._repr_html_(),
        note(plan)._repr_html_(),
        *(page.html for page in plan.to_print_html()),
    ):
        assert "<script>" not in html
    assert "&lt;script&gt;" in note(plan).html


@attack(12)
def test_a_link_with_quotes_or_brackets_is_the_same_from_any_templates(tmp_path: Path) -> None:
    """A gift address holding '"><script>' (found by the fuzzer): its quotes and
    brackets go out percent-encoded, so followup's own templates draft it the same
    with a template folder of yours (whose HTML is checked) as without."""
    data = example_dict()
    gift = next(g for g in data["gifts"] if "url" in g)
    gift["url"] = "https://example.org/\"><script>alert(1)</script>?q=O'Reilly"
    gift["when"] = "check_in"
    (tmp_path / "unused.j2").write_text("{% set subject %}s{% endset %}x", encoding="utf-8")
    interview = followup.parse(data)
    shipped = followup.plan(interview)
    yours = followup.plan(interview, template_dirs=[tmp_path])
    assert [d.email_text for d in yours.drafts] == [d.email_text for d in shipped.drafts]
    texts = [d.email_text for d in shipped.drafts]
    assert any(
        "https://example.org/%22%3E%3Cscript%3Ealert(1)%3C/script%3E?q=O'Reilly" in t
        for t in texts
    )
    assert not any("<script>" in d.email_html for d in (*shipped.drafts, *yours.drafts))


@attack(13)
@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>",
        "file:///etc/passwd",
        "https://good.example@evil.example/",
    ],
)
def test_only_plain_web_links_are_gifts(url: str) -> None:
    data = example_dict()
    gift = next(g for g in data["gifts"] if "url" in g)
    gift["url"] = url
    with pytest.raises(followup.FactsError, match=r"gifts\[0\]\.url"):
        followup.parse(data)


@attack(14)
@pytest.mark.parametrize(
    "body",
    [
        "{{ company|safe }}",
        "{% autoescape false %}{{ company }}{% endautoescape %}",
        "{{ _(company) }}",
        "{{ ('x\\ny'|e)|indent(company) }}",
    ],
)
def test_nothing_marks_a_fact_as_safe(tmp_path: Path, body: str) -> None:
    data = example_dict()
    data["company"] = "<img src=x onerror=alert(1)>"
    try:
        plan = T(tmp_path, SUBJECT + body, data=data)
    except followup.TemplateError:
        return  # refused outright
    assert "<img" not in note(plan).html


# --- E-mail: items 15-22 are tested at their source, in test_mail.py ----------------------------

# --- Input models and Unicode: items 23-26 ------------------------------------------------------


@attack(23)
def test_every_bad_field_is_named_by_its_path() -> None:
    data = minimal_dict(
        interviewers=[{"name": "Dana Rivera"}, {"name": "Lee", "gender": "robot"}],
        unknown=1,
        role="x" * 100_000,
    )
    with pytest.raises(followup.FactsError) as caught:
        followup.parse(data)
    where = {problem.path for problem in caught.value.problems}
    assert {"interviewers[1].gender", "unknown", "role"} <= where


ATTACKS = ["{{", "{%", "=?utf-8?q?", "=0A", ",", '"', "<", "\u202e", "\u2028"]


@attack(24)
def test_facts_round_trip_through_json() -> None:
    data = example_dict()
    data["company"] = 'Acme {{ x }} =?utf-8?q?=0A?= , " < & é 東京'
    interview = followup.parse(data)
    assert followup.Interview.model_validate_json(interview.model_dump_json()) == interview


@attack(25)
@pytest.mark.parametrize(
    "name",
    [
        "Dana\u202eRivera",  # right-to-left override
        "Dana\u2066Rivera",  # left-to-right isolate
        "Dana\u200bRivera",  # zero-width space
        "\u3164",  # Hangul filler (L6)
        "\u2800",  # braille blank (L6)
        "D" + "\u0301" * 99,  # stacked marks (L6)
    ],
)
def test_disguising_characters_are_refused(name: str) -> None:
    with pytest.raises(followup.FactsError, match=r"interviewers\[0\]\.name"):
        followup.parse(minimal_dict(interviewers=[{"name": name}]))


@attack(25)
def test_joiners_that_scripts_need_are_kept_and_text_is_nfc() -> None:
    name = "\u0928\u094d\u200d\u0928 Rive\u0301ra"
    interview = followup.parse(minimal_dict(interviewers=[{"name": name}]))
    assert interview.interviewers[0].name == "\u0928\u094d\u200d\u0928 Rivéra"


@attack(26)
@pytest.mark.parametrize(
    "locale", ["en_US\r\nBcc: x", "en_US.UTF-8", "en@euro", "../../etc/passwd", "C"]
)
def test_locales_are_checked_before_babel_sees_them(locale: str) -> None:
    with pytest.raises(followup.FactsError, match="locale"):
        followup.parse(minimal_dict(locale=locale))


# --- Findings beyond the list (H1-H3, M1-M4 and L2 are tested at their source) -----------------


@attack("L1")
def test_an_mbox_keeps_every_line_of_every_part(tmp_path: Path) -> None:
    """Quoted-printable may wrap a paragraph just before "From "; an mbox would keep
    that line as ">From " for good."""
    data = example_dict()
    for width in range(20, 80):
        data["ideas"][0]["summary"] = "x" * width + " From the start, we could try somethin\u00e9."
        plan = followup.plan(followup.parse(copy.deepcopy(data)))
        path = tmp_path / f"{width}.mbox"
        write_mbox(plan, path)
        for draft, stored in zip(plan.drafts, mailbox.mbox(str(path)), strict=True):
            parsed = message_from_bytes(stored.as_bytes(), policy=policy.default)
            assert parsed.get_body(("plain",)).get_content() == draft.email_text + "\n"
            assert ">From" not in parsed.get_body(("html",)).get_content()


@attack("L3")
def test_the_far_end_of_the_calendar_plans_and_exports(tmp_path: Path) -> None:
    data = example_dict()
    data["date"] = dt.date(9999, 12, 31)
    del data["decision_expected"]
    facts = tmp_path / "late.json"
    facts.write_text(json.dumps(data, default=str), encoding="utf-8")
    code, out, err = cli(
        "write",
        str(facts),
        "--out",
        str(tmp_path / "o"),
        "--ics",
        "--eml",
        "--today",
        "9999-12-31",
    )
    assert (code, err) == (0, "")
    assert "plan.ics" in out


@attack("L3")
@pytest.mark.parametrize("depth", [50, 988, 991, 5000])
def test_deep_nesting_is_one_facts_problem(tmp_path: Path, depth: int) -> None:
    nested: Any = 1
    for _ in range(depth):
        nested = [nested]
    with pytest.raises(followup.FactsError, match="levels deep"):
        followup.parse({"company": nested})
    if depth < 990:  # what json itself reads
        data = example_dict() | {"company": nested}
        facts = tmp_path / "deep.json"
        sys.setrecursionlimit(max(sys.getrecursionlimit(), depth + 500))
        facts.write_text(json.dumps(data, default=str), encoding="utf-8")
        code, _, err = cli("plan", str(facts))
        assert code == 2
        assert err.count("\n") == 1
        assert "deep.json: company[0]" in err


@attack("L4")
def test_misleading_messages_are_gone(tmp_path: Path) -> None:
    text = tmp_path / "x.txt"
    text.write_text("", encoding="utf-8")
    code, _, err = cli("plan", str(text))
    assert code == 2
    assert err.count("\n") == 1
    assert "name the file *.toml or *.json" in err
    for email in ("a@northwind.example.", "a" * 200 + "@northwind.example"):
        with pytest.raises(followup.FactsError, match=r"candidate\.email"):
            followup.parse(minimal_dict(candidate={"name": "Sam", "email": email}))


@attack("L4")
def test_the_largest_valid_facts_still_export(tmp_path: Path) -> None:
    data = example_dict()
    data["ideas"] = [{"summary": ("word " * 400)[:1990].strip()} for _ in range(50)]
    long_subject = "y" * 190
    text = json.dumps(data, default=str).replace('"sailing"', json.dumps(long_subject))
    plan = followup.plan(followup.parse(json.loads(text)))
    for draft in plan.drafts:
        assert plan.to_email(draft)["Subject"] == draft.subject


@attack("L5")
def test_model_copy_validates_like_a_facts_file() -> None:
    interview = followup.load(EXAMPLE)
    with pytest.raises(followup.FactsError, match="company"):
        interview.model_copy(update={"company": "Acme\r\nBcc: evil@example.com"})
    contact = followup.parse(example_dict()).interviewers[0]
    with pytest.raises(followup.FactsError, match="name"):
        contact.model_copy(update={"name": "Eve\rEND:VCARD"})


@attack("L7")
@pytest.mark.parametrize("name", ["Con", "NUL", "com1", "Lpt9"])
def test_a_contact_named_like_a_windows_device_gets_a_file_name(name: str) -> None:
    data = example_dict()
    data["gifts"].append(
        {
            "kind": "contact",
            "about": "sailing",
            "contact": {"name": name, "phone": "+1 206 555 0143"},
        }
    )
    plan = followup.plan(followup.parse(data))
    names = [a.filename for d in plan.drafts for a in d.attachments]
    assert names == [f"{name.lower()}-contact.vcf"]


@attack("L7")
def test_a_sender_string_is_one_address(interview: followup.Interview) -> None:
    plan = followup.plan(interview)
    options = MailOptions(sender="a@b.example, evil@x.example")
    with pytest.raises(followup.ExportError, match="not one e-mail address"):
        plan.to_email(plan.drafts[0], options=options)


@attack("L7")
def test_a_manifest_never_names_a_file_outside_the_folder(
    interview: followup.Interview, tmp_path: Path
) -> None:
    (tmp_path / ".followup-manifest.json").write_text(
        '{"files": {"/etc/passwd": "x", "../x.txt": "y"}}', encoding="utf-8"
    )
    report = followup.plan(interview).write_files(tmp_path)
    assert all(outcome.path.parent == tmp_path for outcome in report.outcomes)


# --- the index -----------------------------------------------------------------------------------

ITEMS = {*range(1, 27), *(f"H{n}" for n in range(1, 4))} | {
    *(f"M{n}" for n in range(1, 5)),
    *(f"L{n}" for n in range(1, 8)),
}
# The fifth attack, on what followup takes from servers and folders (IMAP, Maildir,
# the manifest) and on what it shows.
ITEMS |= {*(f"A5-M{n}" for n in range(1, 4)), *(f"A5-L{n}" for n in range(1, 7))}


def _attacks_in(path: Path) -> set[object]:
    found: set[object] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and re.fullmatch(r"(pytest\.mark\.)?attack", ast.unparse(node.func))
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(node.args[0].value)
    return found


def test_every_item_and_finding_has_an_attack_test() -> None:
    found = set().union(*(_attacks_in(path) for path in (ROOT / "tests").glob("test_*.py")))
    assert ITEMS - found == set()
    assert found - ITEMS == set()


@attack("L3")
def test_json_too_deep_for_python_is_one_line_from_a_fresh_process(tmp_path: Path) -> None:
    facts = tmp_path / "deep.json"
    facts.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "followup", "plan", str(facts)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
