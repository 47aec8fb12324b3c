"""The benchmark script still runs against the current code (its numbers are not checked)."""

from __future__ import annotations

from types import ModuleType

import pytest

import followup
from tests.conftest import load_script


def load_benchmark() -> ModuleType:
    return load_script("benchmarks/bench_plan.py")


def test_benchmark_prints_a_ratio_per_locale_and_size(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bench = load_benchmark()
    monkeypatch.setattr(bench, "REPEAT", 1)
    bench.main(sizes=(2, 3))
    out = capsys.readouterr().out
    for locale in followup.shipped_locales():
        assert any(line.startswith(locale + " ") for line in out.splitlines())
    assert out.count("x\n") >= len(followup.shipped_locales()) + 2


@pytest.mark.slow
def test_the_target_benchmark_runs_every_row_in_quick_mode(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """benchmarks/run.py cannot rot: every row is measured (its numbers are not checked)."""
    bench = load_script("benchmarks/run.py")
    bench.main(["--quick"])
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines()[2:] if line.strip()]
    assert [row.split("  ")[0] for row in rows] == [
        "warm plan (6 drafts)",
        "e-mail draft vs mailmerge",
        "CLI plan, fresh process",
        "import followup",
        "first plan in a language",
        "throughput, one core",
        "memory over 300 plans",
        "committee of 20 vs 2",
        "40 check-ins vs 4",
    ]
    assert all(row.split()[-1] in {"ok", "MISSED", "skipped"} for row in rows)
