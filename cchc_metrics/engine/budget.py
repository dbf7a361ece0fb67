"""Checking a file in a child process under a time and memory budget.

A Python thread cannot be stopped: a file that keeps the reader busy for an hour holds a server
thread, and a core, for that hour, and one that needs gigabytes takes them from the server that
every viewer shares. The check of an analyst's file therefore runs in a child process, which is
killed when it runs past its time or its memory; the server only waits for the answer (without
holding the GIL) and keeps serving everyone else.

The child is forked from a small server process started once with the checking modules
preloaded (multiprocessing's "forkserver"): a check starts in a few tens of milliseconds, and the
app's own process, with its threads and DuckDB connections, is never forked. Arguments and
results travel pickled, so everything the check needs must be resolved by the caller (limits,
the data directory): the child does not see the caller's environment changes.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.spawn
import os
import resource
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SECONDS_ENV = "CCHC_CHECK_SECONDS"
MEMORY_ENV = "CCHC_CHECK_MEMORY_MB"
PRELOAD = ["cchc_metrics.publish.publishing", "openpyxl"]
POLL_S = 0.02  # how often the child's memory is looked at
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Budget:
    """What one check may use: wall-clock seconds and resident memory (MB) of its process."""

    seconds: float = 120.0
    memory_mb: int = 1024

    @classmethod
    def from_env(cls) -> Budget:
        """The budget from CCHC_CHECK_SECONDS and CCHC_CHECK_MEMORY_MB, else the defaults."""

        def pick(env, default, kind):
            text = os.environ.get(env, "").strip()
            return kind(text) if text else default

        return cls(pick(SECONDS_ENV, cls.seconds, float), pick(MEMORY_ENV, cls.memory_mb, int))


class BudgetExceeded(Exception):
    """The check was stopped: `key` is budget.too_slow, budget.too_much_memory or budget.crashed."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Outcome:
    """A finished check: its result and the peak resident memory (MB) of the process that ran it."""

    value: object
    peak_mb: float
    seconds: float


_context_lock = threading.Lock()
_context = None
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent.parent)


def _forkserver():
    global _context
    with _context_lock:
        if _context is None:
            # The server process imports the checking modules from this project wherever the
            # caller's working directory is (it inherits the caller's sys.path).
            if _PACKAGE_ROOT not in (os.path.abspath(p) for p in sys.path):
                sys.path.append(_PACKAGE_ROOT)
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            _context = context
        return _context


def _start(process) -> None:
    """process.start() without the caller's __main__: multiprocessing would run the caller's main
    script again in the child (Streamlit's page script, a test runner's), which a check never needs."""
    real = multiprocessing.spawn.get_preparation_data

    def without_main(name):
        data = real(name)
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
        return data

    with _context_lock:
        multiprocessing.spawn.get_preparation_data = without_main
        try:
            process.start()
        finally:
            multiprocessing.spawn.get_preparation_data = real


def _child(conn, func, args) -> None:
    try:
        answer = ("ok", func(*args))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the caller
        answer = ("error", exc)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        conn.send((answer, peak))
    except Exception as exc:  # an exception that cannot be pickled: say what it was
        conn.send((("error", RuntimeError(f"{type(answer[1]).__name__}: {answer[1]}"[:500])), peak))
        del exc
    conn.close()


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def run_bounded(func, args: tuple, budget: Budget) -> Outcome:
    """func(*args) in a child process; its result, or its exception raised here.

    Raises BudgetExceeded("budget.too_slow", seconds) when it runs longer than the budget,
    ("budget.too_much_memory", mb) when its resident memory passes the budget (the child is
    killed either way), ("budget.crashed", detail) when the child dies without an answer.
    """
    context = _forkserver()
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, func, args), daemon=True)
    start = time.monotonic()
    _start(process)
    send.close()
    peak = 0.0
    try:
        while True:
            if receive.poll(POLL_S):
                try:
                    (status, value), child_peak = receive.recv()
                except EOFError:
                    raise BudgetExceeded("budget.crashed", detail=f"exit {process.exitcode}") from None
                break
            rss = _rss_mb(process.pid)
            peak = max(peak, rss)
            if rss > budget.memory_mb:
                raise BudgetExceeded("budget.too_much_memory", mb=budget.memory_mb)
            if time.monotonic() - start > budget.seconds:
                seconds = budget.seconds
                raise BudgetExceeded("budget.too_slow", seconds=int(seconds) if seconds == int(seconds) else seconds)
            if not process.is_alive() and not receive.poll(0):
                raise BudgetExceeded("budget.crashed", detail=f"exit {process.exitcode}")
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()
    if status == "error":
        raise value
    return Outcome(value, max(peak, child_peak), time.monotonic() - start)
