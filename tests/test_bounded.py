"""A user's template, however written, ends within a CPU and memory budget in a
TemplateError naming the limit; the command line says so in one line (exit 2)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import followup
from followup.rendering import bounded as bounded_module
from followup.rendering.bounded import MAX_CPU_SECONDS, bounded, isolated
from tests.conftest import EXAMPLE, ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not isolated(), reason="no fork or resource limits here"),
]

SUBJECT = "{% set subject %}s{% endset %}"
BOMBS = {
    "a filter loop": "{{ [1]|slice(10**18)|max|length }}",
    "a shadowed loop counter": (
        "{% set __followup_stepped = link %}{% for s in [1]|slice(10**18) %}{% endfor %}"
    ),
    "a string method": "{% set x = ('a'*99999).replace('a','a'*99999) %}{{ x|length }}",
    "a width": "{{ 'a'.ljust(10**9)|length }}",
    "a join": "{{ range(30000)|join('x'*99999)|length }}",
    "a gettext width": "{{ _('%(a)300000000s', a='x')|length }}",
}


def _folder(tmp_path: Path, body: str) -> Path:
    (tmp_path / "thank_you.j2").write_text(SUBJECT + body, encoding="utf-8")
    return tmp_path


@pytest.mark.attack("H2")
@pytest.mark.attack("H1")
@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_template_that_would_run_or_grow_forever_ends_in_a_template_error(
    name: str, tmp_path: Path
) -> None:
    folder = _folder(tmp_path, BOMBS[name])
    interview = followup.load(EXAMPLE)
    with pytest.raises(followup.TemplateError) as caught:
        followup.plan(interview, template_dirs=[folder])
    message = str(caught.value)
    assert "thank_you.j2" in message
    limits = ("CPU", "memory", "steps", "seconds", "too", "may not use the name")
    assert any(word in message for word in limits), message


def test_a_well_behaved_user_template_renders_as_before(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "Dear {{ recipient.given_name }}, thank you.")
    plan = followup.plan(followup.load(EXAMPLE), template_dirs=[folder])
    notes = [d for d in plan.drafts if d.kind == "thank_you"]
    assert [d.text for d in notes] == ["Dear Dana, thank you.", "Dear Lee, thank you."]


def _limited(megabytes: int) -> None:  # pragma: no cover - runs in the child
    import resource

    limit = megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.attack("H2")
def test_under_a_memory_limit_the_command_line_says_one_line_and_exits_2(tmp_path: Path) -> None:
    folder = _folder(tmp_path, BOMBS["a join"])
    result = subprocess.run(
        [sys.executable, "-m", "followup", "plan", str(EXAMPLE), "--templates", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        preexec_fn=lambda: _limited(1024),
        timeout=20 * MAX_CPU_SECONDS,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_the_budget_is_per_plan_not_per_render(tmp_path: Path) -> None:
    """A template that spends just under the limit in each render still ends the plan
    within one budget, naming the template."""
    folder = _folder(tmp_path, "{{ (([[1]] * 45000)|sum(start=[]))|length }}")
    (folder / "check_in.j2").write_text(SUBJECT + "{{ (([[1]] * 45000)|sum(start=[]))|length }}")
    interview = followup.load(EXAMPLE)
    started = time.monotonic()
    with pytest.raises(followup.TemplateError, match=r"CPU time|seconds") as caught:
        followup.plan(interview, template_dirs=[folder])
    assert time.monotonic() - started < 4 * MAX_CPU_SECONDS
    assert str(caught.value).startswith(str(folder))
    assert ".j2" in str(caught.value)


def test_the_child_runs_without_the_tracer_of_the_process_that_forked_it() -> None:
    """A debugger, coverage or Hypothesis tracing the parent would spend the child's CPU
    budget several times over: the limits measure the templates alone."""

    def tracer(frame: object, event: str, arg: object) -> object:
        return tracer

    before, profiler = sys.gettrace(), sys.getprofile()
    sys.settrace(tracer)
    sys.setprofile(tracer)
    try:
        inside = bounded(lambda: (sys.gettrace(), sys.getprofile()), name="trace.j2")
    finally:
        sys.settrace(before)
        sys.setprofile(profiler)
    assert inside == (None, None)


@pytest.mark.skipif(not hasattr(sys, "monitoring"), reason="sys.monitoring is Python 3.12+")
def test_the_child_runs_without_the_monitoring_tools_of_the_process_that_forked_it() -> None:
    """Coverage and Hypothesis use sys.monitoring on Python 3.12 and later: a tool the
    parent registered would slow the child past its CPU budget."""
    monitoring: Any = sys.monitoring
    tool = monitoring.PROFILER_ID
    monitoring.use_tool_id(tool, "test")
    monitoring.register_callback(tool, monitoring.events.PY_START, lambda code, offset: None)
    monitoring.set_events(tool, monitoring.events.PY_START)
    try:
        inside = bounded(lambda: monitoring.get_tool(tool), name="monitor.j2")
    finally:
        monitoring.set_events(tool, 0)
        monitoring.register_callback(tool, monitoring.events.PY_START, None)
        monitoring.free_tool_id(tool)
    assert inside is None


def test_an_interrupted_wait_stops_the_child(monkeypatch: pytest.MonkeyPatch) -> None:
    children: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            children.append(pid)
        return pid

    def interrupted(*args: object, **kwargs: object) -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr(bounded_module.os, "fork", fork)
    monkeypatch.setattr(bounded_module, "_read_all", interrupted)
    with pytest.raises(KeyboardInterrupt):
        bounded(lambda: time.sleep(60), name="sleep.j2")
    (pid,) = children
    with pytest.raises(ChildProcessError):  # stopped and reaped already
        os.waitpid(pid, os.WNOHANG)


def test_a_limit_names_the_template_that_took_the_time() -> None:
    """The CPU limit may strike while a quick shipped template renders, after a user's
    slow one took the time: the slow one is named."""
    import json
    import mmap

    from followup.rendering.bounded import _noted

    note = mmap.mmap(-1, 4096)

    def write(now: str, since: float, heaviest: str, spent: float) -> None:
        data = json.dumps([now, since, heaviest, spent]).encode()
        note.seek(0)
        note.write(len(data).to_bytes(2, "big") + data)

    write("shipped/enclosure.j2", 4.9, "mine/thank_you.j2", 4.5)
    assert _noted(note, "x", cpu=5.0) == "mine/thank_you.j2"
    write("mine/check_in.j2", 1.0, "mine/thank_you.j2", 0.5)
    assert _noted(note, "x", cpu=5.0) == "mine/check_in.j2"  # 4 s in the current one
    assert _noted(note, "x") == "mine/check_in.j2"  # no total known: the current one
    note.seek(0)
    note.write(b"\x00\x03bad")
    assert _noted(note, "x", cpu=5.0) == "x"
