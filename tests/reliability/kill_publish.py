"""Fault injection for publishing: run publishes in forked children and SIGKILL them part way.

Run by tests/reliability/test_publish_faults.py as a subprocess (so the kills never touch pytest):

    python kill_publish.py SPEC.json RESULT.json

SPEC: {"pristine": dir, "work": dir, "source": file, "replace": bool, "random": n, "seed": s}.
The file is checked once (publishing.prepare, read-only) against `pristine`; then, for every
job, `pristine` is copied to `work/<job>` and a forked child publishes into that copy:

- "line" jobs: the child counts every line that publishing.py executes during publish() (a
  sys.settrace hook, so publishing.py needs no hook of its own) and kills itself with SIGKILL
  before line number `at` runs. A first untraced run counts the lines, then every point from
  1 to the total is a job: each step of the write (archive copy, temporary file, write, flush,
  fsync, rename, directory fsync, audit line) is interrupted once.
- "delay" jobs: the child publishes untraced and the parent sends SIGKILL after a random delay
  (seeded) within the measured duration of a publish, to hit points inside system calls and
  library code as well.

RESULT: {"lines": total, "jobs": [{"dir", "mode", "at", "outcome": "killed" | "finished"}]}.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import shutil
import signal
import sys
import time
from pathlib import Path

from cchc_metrics.publish import publishing


def _child(prepared, replace: bool, kill_at: int | None, count_file: Path | None) -> None:
    """In the forked child: publish, killing ourselves before line `kill_at` of publishing.py."""
    count = 0
    source = publishing.__file__

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
            if count == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename == source else None

    if kill_at is not None or count_file is not None:
        sys.settrace(tracer)
    publishing.publish(prepared, "fault-test", replace=replace)
    sys.settrace(None)
    if count_file is not None:
        count_file.write_text(str(count))


def _fork(prepared, replace: bool, kill_at: int | None = None, count_file: Path | None = None) -> int:
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            _child(prepared, replace, kill_at, count_file)
        except BaseException:  # noqa: BLE001 - reported through the exit status
            code = 3
        os._exit(code)
    return pid


def _outcome(status: int) -> str:
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
        return "killed"
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return "finished"
    return f"failed:{status}"


def main(spec_path: str, result_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    pristine, work = Path(spec["pristine"]), Path(spec["work"])
    replace = bool(spec["replace"])
    prepared = publishing.prepare(spec["source"], pristine)
    if not prepared.ok:
        raise SystemExit(f"the test file does not pass the check: {prepared.problems}")

    def copy(name: str):
        target = work / name
        shutil.copytree(pristine, target)
        return target, dataclasses.replace(prepared, root=target)

    # Untraced run: how long a publish takes (the range of the random delays).
    _dir, timed = copy("timing")
    start = time.monotonic()
    _pid, status = os.waitpid(_fork(timed, replace), 0)
    duration = time.monotonic() - start
    assert _outcome(status) == "finished", status
    # Traced run without a kill: how many lines of publishing.py a publish executes.
    _dir, counted = copy("counting")
    count_file = work / "lines.txt"
    _pid, status = os.waitpid(_fork(counted, replace, count_file=count_file), 0)
    assert _outcome(status) == "finished", status
    lines = int(count_file.read_text())

    jobs = []
    for at in range(1, lines + 1):
        folder, job = copy(f"line-{at:04d}")
        _pid, status = os.waitpid(_fork(job, replace, kill_at=at), 0)
        jobs.append({"dir": str(folder), "mode": "line", "at": at, "outcome": _outcome(status)})
    rng = random.Random(spec["seed"])
    for n in range(spec["random"]):
        folder, job = copy(f"delay-{n:04d}")
        delay = rng.uniform(0, duration)
        pid = _fork(job, replace)
        time.sleep(delay)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _pid, status = os.waitpid(pid, 0)
        jobs.append({"dir": str(folder), "mode": "delay", "at": round(delay, 4), "outcome": _outcome(status)})
    Path(result_path).write_text(json.dumps({"lines": lines, "duration": duration, "jobs": jobs}, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:3])
