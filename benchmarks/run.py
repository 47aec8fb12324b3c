"""Every speed and memory target of followup, measured side by side in one run.

Run ``python benchmarks/run.py`` (``--quick`` for a short run with fewer
repetitions, as the test suite does). Each row prints what was measured, the
target and whether it is met. Times are medians; the machine may be shared
and noisy, so each comparison is made within the run: followup against plain
Jinja2 templates producing the same text, against ``mailmerge --dry-run``
(``pip install -e '.[bench]'``), against a Python that imports followup's
dependencies. Absolute times are printed for orientation only.

Rows:

* ``warm plan``: ``plan()`` of the example against the floor, the same
  subjects, texts and HTML rendered by plain precompiled Jinja2 templates with
  the facts as variables (target: at most 2x).
* ``e-mail``: one finished e-mail draft (its share of the plan plus the
  message as bytes) against mailmerge's cost per message (target: at most 0.5x).
* ``CLI``: ``followup plan examples/interview.toml`` in a fresh process
  against a Python that imports jinja2, pydantic and babel and uses each once
  (target: at most 1.5x).
* ``import``: ``import followup`` against importing its dependencies, and the
  optional parts it must not import (e-mail, calendar, printing, CLI).
* ``first plan``: the first plan in each shipped language, in a fresh process
  (target: at most 20 ms).
* ``throughput``: plans per second on one core, varied facts (target: 1,000).
* ``memory``: RSS growth over many plans with varied facts and languages
  (target: under 5 MB).
* ``scaling``: a 50-person committee against 5, 40 check-ins against 4
  (target: at most 12x, linear).
"""

from __future__ import annotations

import argparse
import atexit
import copy
import csv
import datetime as dt
import html
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

import followup
from followup.facts._fields import MAX_PEOPLE

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "interview.toml"
TODAY = dt.date(2026, 11, 24)


@dataclass(frozen=True)
class Row:
    """One measured line of the report."""

    what: str
    measured: str
    target: str
    met: bool | None  # None: could not be measured here

    def __str__(self) -> str:
        verdict = {True: "ok", False: "MISSED", None: "skipped"}[self.met]
        return f"{self.what:<34} {self.measured:<34} {self.target:<22} {verdict}"


def median(run: Callable[[], object], *, repeat: int) -> float:
    """The median wall time of *run*, in seconds, after one warm-up call."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired(
    first: Callable[[], object], second: Callable[[], object], *, repeat: int
) -> tuple[float, float]:
    """The median wall times of *first* and *second*, in seconds, each run in turn
    (after one warm-up call of each) so that both meet the same moments of a shared
    machine: a ratio of the two is then steadier than one of two separate runs."""
    first()
    second()
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(repeat):
        for run, times in ((first, ours), (second, theirs)):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(theirs)


def example_data() -> dict[str, Any]:
    with EXAMPLE.open("rb") as handle:
        return copy.deepcopy(tomllib.load(handle))


def example() -> followup.Interview:
    return followup.parse(example_data())


# --- warm plan against the plain-Jinja floor --------------------------------------------------


def _fact_strings(interview: followup.Interview) -> list[str]:
    """Every fact's text, longest first (so that a fact inside another is replaced last)."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str) and len(value) >= 3:
            found.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(interview.model_dump(mode="json"))
    return sorted(found, key=len, reverse=True)


def floor_templates(
    plan: followup.FollowUpPlan,
) -> tuple[list[tuple[jinja2.Template, bool]], dict[str, str]]:
    """The plan's outputs as plain Jinja2 templates with every fact a variable, and the
    variables: what a hand-written template would do with the same facts."""
    facts = _fact_strings(plan.interview)
    variables = {f"f{index}": fact for index, fact in enumerate(facts)}
    text_env = jinja2.Environment(autoescape=False)
    html_env = jinja2.Environment(autoescape=True)
    templates = []
    for draft in plan.drafts:
        for output, is_html in (
            (draft.subject, False),
            (draft.text, False),
            (draft.email_text, False),
            (draft.html, True),
            (draft.email_html, True),
        ):
            source = output.replace("{", "{{ '{' }}")
            for name, fact in variables.items():
                shown = html.escape(fact, quote=False) if is_html else fact
                source = source.replace(shown, "{{ " + name + " }}")
            env = html_env if is_html else text_env
            templates.append((env.from_string(source), is_html))
    return templates, variables


def warm_plan(repeat: int) -> Row:
    interview = example()
    plan = followup.plan(interview, today=TODAY)
    templates, variables = floor_templates(plan)
    for template, _ in templates:  # the floor renders the same text
        template.render(variables)
    took, floor = paired(
        lambda: followup.plan(interview, today=TODAY),
        lambda: [t.render(variables) for t, _ in templates],
        repeat=repeat,
    )
    ratio = took / floor
    return Row(
        f"warm plan ({len(plan.drafts)} drafts)",
        f"{took * 1e3:.2f} ms = {ratio:.1f}x floor {floor * 1e3:.2f} ms",
        "<= 2x floor",
        ratio <= 2,
    )


# --- one e-mail against mailmerge ------------------------------------------------------------

_MAILMERGE_CONFIG = """[smtp_server]
host = localhost
port = 25
"""


def _mailmerge_files(folder: Path, draft: followup.Draft, rows: int) -> list[str]:
    """A mailmerge template and database of *rows* like the draft: the same text
    and HTML, multipart/alternative, a few fields."""
    template = folder / "template.txt"
    body = draft.email_text.replace("{", "(")
    page = draft.email_html.replace("{", "(")
    template.write_text(
        "TO: {{email}}\nSUBJECT: {{subject}}\nFROM: Sam Okafor <sam@example.org>\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/alternative; boundary="outer"\n\n'
        "--outer\nContent-Type: text/plain; charset=utf-8\n\n"
        "Dear {{name}},\n\n" + body + "\n\n"
        "--outer\nContent-Type: text/html; charset=utf-8\n\n"
        "<p>Dear {{name}},</p>\n" + page + "\n\n--outer--\n",
        encoding="utf-8",
    )
    database = folder / f"db{rows}.csv"
    with database.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "name", "subject"])
        for n in range(rows):
            writer.writerow([f"person{n}@example.org", f"Person {n}", draft.subject])
    config = folder / "server.conf"
    config.write_text(_MAILMERGE_CONFIG, encoding="utf-8")
    return [
        "--dry-run",
        "--no-limit",
        "--output-format",
        "raw",
        "--template",
        str(template),
        "--database",
        str(database),
        "--config",
        str(config),
    ]


def _process(command: list[str]) -> Callable[[], None]:
    """A function that runs *command* and waits for it."""

    def run() -> None:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    return run


def email(repeat: int, rows: int) -> Row:
    # Installed beside this Python (a virtual environment not activated) or on the PATH.
    mailmerge = shutil.which("mailmerge", path=str(Path(sys.executable).parent)) or shutil.which(
        "mailmerge"
    )
    interview = example()
    plan = followup.plan(interview, today=TODAY)
    count = len(plan.drafts)

    def ours() -> None:  # the plan, and every message as bytes
        drafted = followup.plan(interview, today=TODAY)
        for draft in drafted.drafts:
            drafted.to_email(draft).as_bytes()

    if mailmerge is None:
        per_message = median(ours, repeat=repeat) / count
        return Row(
            "e-mail draft vs mailmerge",
            f"{per_message * 1e3:.2f} ms/message",
            "<= 0.5x mailmerge",
            None,
        )
    with tempfile.TemporaryDirectory() as folder:
        one = _mailmerge_files(Path(folder), plan.drafts[0], 1)
        many = _mailmerge_files(Path(folder), plan.drafts[0], rows)
        runs = {
            "ours": ours,
            "one": _process([mailmerge, *one]),
            "many": _process([mailmerge, *many]),
        }
        times: dict[str, list[float]] = {name: [] for name in runs}
        for run in runs.values():
            run()  # warm-up
        for _ in range(max(3, repeat // 4)):  # in turn: each meets the same moments
            for name, run in runs.items():
                start = time.perf_counter()
                run()
                times[name].append(time.perf_counter() - start)
    per_message = statistics.median(times["ours"]) / count
    mailmerge_one, mailmerge_many = (statistics.median(times[n]) for n in ("one", "many"))
    theirs = max(mailmerge_many - mailmerge_one, 1e-9) / (rows - 1)
    ratio = per_message / theirs
    return Row(
        "e-mail draft vs mailmerge",
        f"{per_message * 1e3:.2f} ms = {ratio:.2f}x {theirs * 1e3:.2f} ms/message",
        "<= 0.5x mailmerge",
        ratio <= 0.5,
    )


# --- fresh processes -------------------------------------------------------------------------

_DEPENDENCIES = """
import datetime, jinja2, pydantic, babel.dates
class M(pydantic.BaseModel):
    name: str
m = M(name="Dana")
jinja2.Environment().from_string("Dear {{ n }}").render(n=m.name)
babel.dates.format_date(datetime.date(2026, 11, 24), locale="en_US")
"""


_BYTECODE = tempfile.mkdtemp(prefix="followup-bench-pycache-")
atexit.register(shutil.rmtree, _BYTECODE, ignore_errors=True)


def _env() -> dict[str, str]:
    """The environment of a fresh process: followup from this checkout, and compiled
    modules kept (in a folder of this run) as an installed package has them, for
    followup and its dependencies alike."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONPYCACHEPREFIX": _BYTECODE}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _python_run(code: str) -> Callable[[], None]:
    """A function that runs *code* in a fresh Python process."""

    def run() -> None:
        subprocess.run(
            [sys.executable, "-c", code], check=True, env=_env(), stdout=subprocess.DEVNULL
        )

    return run


def _python(code: str, *, repeat: int) -> float:
    return median(_python_run(code), repeat=repeat)


def cli(repeat: int) -> Row:
    command = [
        sys.executable,
        "-m",
        "followup",
        "plan",
        str(EXAMPLE),
        "--today",
        TODAY.isoformat(),
    ]

    def run() -> None:
        subprocess.run(command, check=True, env=_env(), stdout=subprocess.DEVNULL)

    ours, theirs = paired(run, _python_run(_DEPENDENCIES), repeat=repeat)
    ratio = ours / theirs
    return Row(
        "CLI plan, fresh process",
        f"{ours * 1e3:.0f} ms = {ratio:.2f}x deps {theirs * 1e3:.0f} ms",
        "<= 1.5x",
        ratio <= 1.5,
    )


OPTIONAL = (
    "followup.export",
    "followup.cli",
    "followup.authoring",
    "icalendar",
    "segno",
    "IPython",
)


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def imports(repeat: int) -> Row:
    bare = _python("pass", repeat=repeat)
    ours, theirs = paired(
        _python_run("import followup"),
        _python_run("import jinja2, pydantic, babel"),
        repeat=repeat,
    )
    ours, theirs = ours - bare, theirs - bare
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, followup; print(' '.join(sorted(sys.modules)))",
        ],
        check=True,
        env=_env(),
        capture_output=True,
        text=True,
    ).stdout.split()
    loaded = sorted({part for part in OPTIONAL for name in probe if _within(name, part)})
    ratio = ours / max(theirs, 1e-9)
    return Row(
        "import followup",
        f"{ratio:.2f}x deps; loads {', '.join(loaded) or 'no optional part'}",
        "optional parts lazy",
        not loaded,
    )


_FIRST = """
import sys, time, tomllib, followup
data = tomllib.load(open(sys.argv[1], "rb"))
data["locale"] = sys.argv[2]
for person in data["interviewers"]:
    person.pop("locale", None)
interview = followup.parse(data)
start = time.perf_counter()
followup.plan(interview)
print(time.perf_counter() - start)
"""


def first_plan(repeat: int) -> Row:
    worst = ("", 0.0)
    for locale in followup.shipped_locales():
        locale = "en_US" if locale == "en" else locale
        times = []
        # The first process of a language also compiles the modules it imports then
        # (kept, as an installed package has them): not timed.
        for _ in range(1 + max(1, repeat // 3)):
            out = subprocess.run(
                [sys.executable, "-c", _FIRST, str(EXAMPLE), locale],
                check=True,
                env=_env(),
                capture_output=True,
                text=True,
            ).stdout
            times.append(float(out))
        took = statistics.median(times[1:])
        if took > worst[1]:
            worst = (locale, took)
    return Row(
        "first plan in a language",
        f"slowest {worst[0]}: {worst[1] * 1e3:.0f} ms",
        "<= 20 ms",
        worst[1] <= 0.020,
    )


# --- many plans --------------------------------------------------------------------------------


def varied(count: int) -> Iterator[followup.Interview]:
    """*count* interviews with varied names, topics and languages."""
    base = example_data()
    locales = ["en_US", "en_GB", "de", "fr", "es", "de_CH", "fr_CA", "es_419"]
    made = []
    for n in range(64):
        data = copy.deepcopy(base)
        data["locale"] = locales[n % len(locales)]
        for person in data["interviewers"]:
            person.pop("locale", None)
        data["company"] = f"Northwind {n}"
        data["role"] = f"Data Engineer {n}"
        made.append(followup.parse(data))
    for n in range(count):
        yield made[n % len(made)]


def throughput(seconds: float) -> Row:
    interviews = list(varied(64))
    for interview in interviews:
        followup.plan(interview, today=TODAY)
    done = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        followup.plan(interviews[done % len(interviews)], today=TODAY)
        done += 1
    rate = done / (time.process_time() - start)
    return Row("throughput, one core", f"{rate:,.0f} plans/s", ">= 1,000 plans/s", rate >= 1000)


def _rss() -> int:
    """The resident set size now, in bytes (Linux), else the peak."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def memory(count: int) -> Row:
    warm = count // 10
    rss = 0
    for n, interview in enumerate(varied(count)):
        if n == warm:
            rss = _rss()
        data = interview.model_dump(mode="json", by_alias=True)
        data["company"] = f"Company {n}"  # new text every time: caches must stay bounded
        followup.plan(followup.parse(data), today=TODAY)
    growth = (_rss() - rss) / 2**20
    return Row(
        f"memory over {count:,} plans",
        f"RSS grew {growth:.1f} MB",
        "< 5 MB",
        growth < 5,
    )


def _with(people: int = 2, check_ins: int = 4) -> followup.Interview:
    data = example_data()
    data.pop("decision_expected", None)
    extra = [{"name": f"Panel Member{n}", "gender": "unspecified"} for n in range(people)]
    data["interviewers"] = [*data["interviewers"], *extra][:people]
    names = [p["name"] for p in data["interviewers"]]
    for topic in data["topics"]:
        topic["with"] = [n for n in topic["with"] if n in names] or names[:1]
    data["hobbies"] = [h for h in data["hobbies"] if h.get("person", names[0]) in names]
    return followup.parse(data)


def scaling(repeat: int) -> list[Row]:
    rows = []
    people = min(50, MAX_PEOPLE)  # as many as the facts allow
    small, large = _with(people // 10), _with(people)
    big, little = paired(
        lambda: followup.plan(large, today=TODAY),
        lambda: followup.plan(small, today=TODAY),
        repeat=repeat,
    )
    ratio = big / little
    rows.append(
        Row(f"committee of {people} vs {people // 10}", f"{ratio:.1f}x", "<= 12x", ratio <= 12)
    )
    pair = _with(2)
    many = followup.plan(pair, today=TODAY, max_check_ins=40)
    assert sum(d.kind == "check_in" for d in many.drafts) == 40
    forty, four = paired(
        lambda: followup.plan(pair, today=TODAY, max_check_ins=40),
        lambda: followup.plan(pair, today=TODAY, max_check_ins=4),
        repeat=repeat,
    )
    ratio = forty / four
    rows.append(Row("40 check-ins vs 4", f"{ratio:.1f}x", "<= 12x", ratio <= 12))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print every row; return 0 when all measured rows are within target."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (for tests)")
    args = parser.parse_args(argv)
    repeat = 3 if args.quick else 30
    print(
        f"followup {followup.__version__} · Python {platform.python_version()} · "
        f"{platform.machine()} · {os.cpu_count()} cores · {dt.date.today().isoformat()}"
    )
    print(f"{'what':<34} {'measured':<34} {'target':<22} verdict")
    rows: list[Row] = []

    def show(row: Row) -> None:
        rows.append(row)
        print(row, flush=True)

    show(warm_plan(repeat))
    show(email(repeat, rows=20 if args.quick else 400))
    show(cli(max(3, repeat // 3)))
    show(imports(max(3, repeat // 3)))
    show(first_plan(repeat))
    show(throughput(0.5 if args.quick else 5.0))
    show(memory(300 if args.quick else 20_000))
    for row in scaling(repeat):
        show(row)
    return 0 if all(row.met is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
