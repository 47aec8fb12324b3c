"""The kit for template authors: export the shipped templates, check a folder, preview."""

from __future__ import annotations

from pathlib import Path

import pytest

import followup
from followup.authoring import (
    KINDS,
    check_templates,
    export_templates,
    preview,
    sample_interview,
    template_contexts,
)
from followup.rendering.bounded import bounded, isolated
from tests.conftest import EXAMPLE, ROOT

SUBJECT = "{% set subject %}Hello{% endset %}\n"
SHIPPED = sorted(
    str(p.relative_to(ROOT / "templates"))
    for p in (ROOT / "templates").rglob("*.j2")
    if "locale" not in p.parts
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped templates, exported into a fresh folder."""
    folder = tmp_path_factory.mktemp("exported")
    export_templates(folder)
    return folder


def _folder(tmp_path: Path, **templates: str) -> Path:
    """A folder with *templates* (``de__thank_you`` is ``de/thank_you.j2``)."""
    for name, source in templates.items():
        path = tmp_path.joinpath(*name.split("__")).with_suffix(".j2")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return tmp_path


# --- export --------------------------------------------------------------------------------------


def test_export_copies_every_shipped_template_and_no_catalog(exported: Path) -> None:
    found = sorted(str(p.relative_to(exported)) for p in exported.rglob("*") if p.is_file())
    assert found == SHIPPED
    for name in SHIPPED:
        assert (exported / name).read_bytes() == (ROOT / "templates" / name).read_bytes()


def test_export_never_clobbers_unless_forced(tmp_path: Path) -> None:
    first = export_templates(tmp_path)
    assert {o.status for o in first} == {"written"}
    letter = tmp_path / "_letter.j2"
    letter.write_text("mine", encoding="utf-8")
    again = {
        o.path.name if o.path.parent == tmp_path else str(o.path): o
        for o in export_templates(tmp_path)
    }
    assert again["_letter.j2"].status == "skipped"
    assert str(again["_letter.j2"]) == f"skipped   {letter}  (exists; force to replace it)"
    assert again["thank_you.j2"].status == "unchanged"
    assert letter.read_text(encoding="utf-8") == "mine"
    forced = [o for o in export_templates(tmp_path, force=True) if o.status == "written"]
    assert [o.path for o in forced] == [letter]
    assert letter.read_bytes() == (ROOT / "templates" / "_letter.j2").read_bytes()


def test_export_for_one_locale_takes_its_chain_only(tmp_path: Path) -> None:
    outcomes = export_templates(tmp_path, locale="de-CH")
    names = sorted(str(o.path.relative_to(tmp_path)) for o in outcomes)
    assert names == sorted(
        n for n in SHIPPED if "/" not in n or n.split("/")[0] in {"de", "de_CH"}
    )


def test_export_into_a_file_is_an_export_error(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(followup.ExportError, match="is not a folder"):
        export_templates(target)
    with pytest.raises(followup.LocaleError):
        export_templates(tmp_path / "new", locale="xx")


# --- contexts and preview ------------------------------------------------------------------------


def test_the_packaged_example_is_the_example_file() -> None:
    packaged = ROOT / "src" / "followup" / "example.toml"
    assert packaged.read_bytes() == EXAMPLE.read_bytes()
    assert sample_interview() == followup.load(EXAMPLE)


def test_contexts_come_from_a_real_plan() -> None:
    contexts = template_contexts()
    assert {c.kind for c in contexts} == set(KINDS)
    assert {(c.kind, c.form) for c in contexts} >= {
        ("thank_you", "note"),
        ("thank_you", "email"),
        ("check_in", "note"),
        ("check_in", "email"),
        ("enclosure", "note"),
    }
    drafts = {frozenset(c.context) for c in contexts if c.kind != "enclosure"}
    assert len(drafts) == 1  # thank-you notes and check-ins receive the same variables
    assert {frozenset(c.context) for c in contexts if c.kind == "enclosure"} == {
        frozenset({"form", "gift", "recipient"})
    }
    contexts[0].context["company"] = "changed"
    assert template_contexts()[0].context["company"] == "Northwind Analytics"


def test_a_context_says_whether_it_is_said_on_the_day() -> None:
    """The thank-you e-mail sent the day of the interview, and nothing else, takes the
    catalogs' wording for that day; a template of yours previewed with it does too."""
    contexts = template_contexts(locale="es_ES")
    today = [c for c in contexts if c.today]
    assert today
    assert all(c.kind == "thank_you" and c.form == "email" for c in today)
    assert all(c.context["same_day"] for c in today)
    assert any(c.kind == "thank_you" and c.form == "note" and not c.today for c in contexts)
    source = SUBJECT + '{{ _("It was a pleasure to meet %(people)s.", people="Lee") }}'
    assert preview(source, context=today[0]).text == "Ha sido un placer conversar Lee."
    card = next(c for c in contexts if c.kind == "thank_you" and not c.today)
    assert preview(source, context=card).text == "Fue un placer conversar Lee."


def test_contexts_in_another_language() -> None:
    (german, *_) = template_contexts(locale="de_AT")
    assert german.locale.chain == ("de_AT", "de")


def test_preview_renders_a_source_as_a_user_template() -> None:
    rendered = preview(SUBJECT + "{{ recipient.given_name }} · {{ form }}", form="email")
    assert (rendered.subject, rendered.text) == ("Hello", "Dana · email")
    with pytest.raises(followup.TemplateError, match="line 2"):
        preview(SUBJECT + "{{ recipient.nme }}")
    with pytest.raises(followup.OptionError, match="kind"):
        preview(SUBJECT, kind="gift")


@pytest.mark.skipif(not isolated(), reason="no fork or resource limits here")
def test_a_bounded_call_inside_a_bounded_child_runs_there() -> None:
    import os

    parent = os.getpid()
    inner, outer = bounded(lambda: (bounded(os.getpid, name="inner"), os.getpid()), name="outer")
    assert inner == outer != parent


# --- check ---------------------------------------------------------------------------------------


def test_the_shipped_templates_check_clean(exported: Path) -> None:
    report = check_templates(exported)
    assert report.ok, str(report)
    assert report.locales == followup.shipped_locales()
    assert len(report.templates) == len(SHIPPED)
    assert report.summary() == f"{len(SHIPPED)} templates checked in 9 languages: no problems"


def test_a_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    folder = _folder(tmp_path, es_AR__thank_you=SUBJECT + "line two\n{% if %}")
    (problem,) = check_templates(folder).problems
    path = folder / "es_AR" / "thank_you.j2"
    assert (problem.path, problem.line) == (str(path), 3)
    assert str(problem).startswith(f"{path}, line 3: syntax error: ")


def test_a_name_the_context_lacks_is_found_by_reading(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path, fr_CA__check_in=SUBJECT + "{% set mine = 1 %}{{ mine }}\n{{ recipent.name }}"
    )
    (problem,) = check_templates(folder).problems
    assert problem.line == 3
    assert "'recipent'" in problem.message
    assert "did you mean 'recipient'?" in problem.message
    assert problem.locales == ()  # found by reading, so reported once


def test_a_template_that_breaks_when_rendered_says_where_and_in_which_languages(
    tmp_path: Path,
) -> None:
    folder = _folder(tmp_path, de__enclosure=SUBJECT + "{{ gift.about }}\n{{ gift.nothing }}")
    (problem,) = check_templates(folder).problems
    assert (problem.path, problem.line) == (str(folder / "de" / "enclosure.j2"), 3)
    assert "nothing" in problem.message
    assert problem.locales == ("de", "de_CH")


def test_an_untranslated_message_is_a_problem_in_a_language_folder(tmp_path: Path) -> None:
    source = SUBJECT + "{% trans %}A sentence no catalog has{% endtrans %}"
    folder = _folder(tmp_path, fr__thank_you=source)
    (problem,) = check_templates(folder, facts=EXAMPLE).problems
    assert problem.line == 2
    assert "falls back to English" in problem.message
    assert problem.locales == ("fr", "fr_CA")
    (root,) = check_templates(_folder(tmp_path / "root", thank_you=source)).problems
    assert root.locales == ("de", "de_CH", "es", "es_419", "es_AR", "fr", "fr_CA")


def test_a_template_that_never_ends_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    loop = "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}"
    folder = _folder(tmp_path, de_CH__thank_you=SUBJECT + loop)
    (problem,) = check_templates(folder).problems
    assert "loop steps" in problem.message
    assert problem.line == 2


def test_folders_and_files_followup_never_uses(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        templates__thank_you=SUBJECT,
        pt__thank_you=SUBJECT,
        de_at__thank_you=SUBJECT,
        de__helper=SUBJECT,
        de___letter_used="",
    )
    messages = {Path(p.path).name: p.message for p in check_templates(folder).problems}
    assert "not named after a locale" in messages["templates"]
    assert "does not write in pt" in messages["pt"]
    assert "rename it de_AT" in messages["de_at"]
    assert "never used" in messages["helper.j2"]
    assert "never used" in messages["_letter_used.j2"]


def test_an_empty_folder_is_a_problem_and_a_missing_one_an_option_error(tmp_path: Path) -> None:
    (problem,) = check_templates(tmp_path).problems
    assert "holds no templates" in problem.message
    with pytest.raises(followup.OptionError, match="not a folder"):
        check_templates(tmp_path / "missing")
    with pytest.raises(followup.FactsError):
        check_templates(tmp_path, facts=tmp_path / "missing.toml")


def test_a_regional_folder_followup_does_not_ship_is_rendered_in_its_own_locale(
    tmp_path: Path,
) -> None:
    folder = _folder(tmp_path, de_AT__thank_you=SUBJECT + "{{ company }}")
    report = check_templates(folder)
    assert report.ok, str(report)
    assert report.locales == ("de_AT",)
