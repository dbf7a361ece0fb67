"""Check one file as the upload page does, in a fresh process, and report what it cost.

Run by tests/reliability/test_hostile_files.py as a subprocess (a file that hangs the reader is
then stopped by the test's timeout, never by pytest itself):

    python check_file.py FILE DATA_DIR in-process|bounded

in-process: publishing.prepare(..., bounded=False), so the reader's own limits are measured:
the time of the check (wall clock, and CPU of every thread of the process) and the peak resident memory of this process (`peak_mb`) against its
resident memory before (`base_mb`: Python with the project's modules loaded).
bounded: the default path of the upload page (a child process under the budget); `peak_mb`
is then this process's own peak, which a file must not raise at all.
Prints one JSON line: seconds, cpu_seconds, base_mb, peak_mb, problems [[key, row, column, severity]], params.
"""

from __future__ import annotations

import json
import resource
import sys
import time

from cchc_metrics.publish import publishing


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not carried over from the
    process that started this one, whose own size would hide what the check takes)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main(path: str, root: str, mode: str) -> None:
    base = _peak_mb()
    start, cpu = time.monotonic(), time.process_time()
    prepared = publishing.prepare(path, root, bounded=mode == "bounded")
    seconds, cpu = time.monotonic() - start, time.process_time() - cpu
    print(
        json.dumps(
            {
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu, 3),
                "base_mb": base,
                "peak_mb": _peak_mb(),
                "problems": [[p.key, p.row, p.column, p.severity] for p in prepared.problems],
                "params": [p.params for p in prepared.problems[:3]],
            },
            ensure_ascii=False,
            default=str,
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
