"""A check runs in a child process under a time and memory budget, and is killed past it.

The server only waits for the answer: a check that would run an hour or take gigabytes is
stopped with a message, and the process that asked does not grow.
"""

from __future__ import annotations

import operator
import resource
import time

import pytest

from cchc_metrics.engine.budget import Budget, BudgetExceeded, run_bounded


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_an_answer_comes_back_with_what_it_cost():
    outcome = run_bounded(operator.add, (2, 3), Budget())
    assert outcome.value == 5
    assert 0 < outcome.peak_mb < Budget().memory_mb and outcome.seconds < Budget().seconds


def test_an_error_comes_back_as_itself():
    with pytest.raises(ValueError, match="invalid literal"):
        run_bounded(int, ("năm",), Budget())


def test_a_check_past_its_time_is_killed():
    start = time.monotonic()
    with pytest.raises(BudgetExceeded) as caught:
        run_bounded(time.sleep, (60,), Budget(seconds=0.5))
    assert (caught.value.key, caught.value.params) == ("budget.too_slow", {"seconds": 0.5})
    assert time.monotonic() - start < 5


def test_a_check_past_its_memory_is_killed_and_the_caller_does_not_grow():
    before = _peak_mb()
    with pytest.raises(BudgetExceeded) as caught:
        run_bounded(operator.mul, (b"x", 4 * 2**30), Budget(memory_mb=400))  # 4 GB asked
    assert (caught.value.key, caught.value.params) == ("budget.too_much_memory", {"mb": 400})
    assert _peak_mb() - before < 50


def test_the_budget_from_the_environment(monkeypatch):
    monkeypatch.setenv("CCHC_CHECK_SECONDS", "30")
    monkeypatch.setenv("CCHC_CHECK_MEMORY_MB", "512")
    assert Budget.from_env() == Budget(30.0, 512)
    monkeypatch.delenv("CCHC_CHECK_SECONDS")
    monkeypatch.delenv("CCHC_CHECK_MEMORY_MB")
    assert Budget.from_env() == Budget(120.0, 1024)


def test_the_callers_main_script_never_runs_in_the_child(tmp_path, monkeypatch):
    """Streamlit runs each page as the module __main__; multiprocessing would run that script again
    in the child (AppTest's page scripts failed there). The check runs without it."""
    import sys
    import types

    marker = tmp_path / "ran"
    script = tmp_path / "page.py"
    script.write_text(f"open({str(marker)!r}, 'w').write('x')\nraise SystemExit(3)\n", encoding="utf-8")
    page = types.ModuleType("__main__")
    page.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", page)
    assert run_bounded(operator.add, (1, 1), Budget()).value == 2
    assert not marker.exists()
