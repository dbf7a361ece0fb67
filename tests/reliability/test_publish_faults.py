"""A publish killed at any point leaves the old data or the new, never a mix or a corrupt file.

kill_publish.py (run as a subprocess) forks one child per fault and SIGKILLs it: once before
every line publishing.py executes during a publish, and at seeded random moments. Each child
works on its own copy of a tiny data directory; this test then inspects every copy.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from helpers import PROJECT, TINY_2023, TINY_2024, TINY_UNITS, write_dir

from cchc_metrics.engine.dataset import input_files, open_dataset
from cchc_metrics.publish import publishing

HERE = Path(__file__).parent
SUMMARY = PROJECT / "test-artifacts" / "reliability"
RANDOM_KILLS = 25

# 2024 with other scores (a replacement), and a 2025 that is not yet published (a new year).
NEW_2024 = TINY_2024.replace(
    "2024,10201,ONESTOP,X.ONESTOP.1,Bộ phận một cửa,10,4,4", "2024,10201,ONESTOP,X.ONESTOP.1,Bộ phận một cửa,10,7,7"
)
NEW_2025 = TINY_2024.replace("2024,", "2025,")
SCENARIOS = {
    "replace-2024": ("inspections/2024.csv", NEW_2024, True, [2023, 2024]),
    "new-2025": ("inspections/2025.csv", NEW_2025, False, [2023, 2024, 2025]),
}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _visible(root: Path) -> dict[str, bytes]:
    """What the loader reads: relative path → bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in input_files(root)}


def _scores(root: Path):
    ds = open_dataset(root, use_cache=False)
    try:
        assert ds.problems == []
        return ds.years(), ds.sql("select * from unit_scores order by year, unit_code")
    finally:
        ds.close()


@pytest.fixture
def work_root(tmp_path):
    """Where the children write: in memory when /dev/shm exists (a kill is not a power cut, so
    fsync's cost buys nothing here), else beside the test's files."""
    shm = Path("/dev/shm")
    folder = (
        Path(tempfile.mkdtemp(prefix="cchc-faults-", dir=shm))
        if shm.is_dir() and os.access(shm, os.W_OK)
        else tmp_path / "shm"
    )
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_publish_killed_at_any_point_leaves_old_or_new(tmp_path, work_root, scenario):
    rel, new_text, replace, final_years = SCENARIOS[scenario]
    pristine = write_dir(
        work_root / "pristine",
        {"units.csv": TINY_UNITS, "inspections/2023.csv": TINY_2023, "inspections/2024.csv": TINY_2024},
    )
    source = tmp_path / "upload.csv"
    source.write_text(new_text, encoding="utf-8")
    work = work_root / "work"
    work.mkdir(parents=True)
    spec = {
        "pristine": str(pristine),
        "work": str(work),
        "source": str(source),
        "replace": replace,
        "random": RANDOM_KILLS,
        "seed": 8,
    }
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    subprocess.run(
        [sys.executable, str(HERE / "kill_publish.py"), str(tmp_path / "spec.json"), str(tmp_path / "result.json")],
        check=True,
        cwd=PROJECT,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    result = json.loads((tmp_path / "result.json").read_text())

    old_files = _visible(pristine)
    old = old_files.get(rel)
    # The canonical bytes a finished publish writes, as the untimed reference run wrote them.
    new = (work / "timing" / rel).read_bytes()
    expected = {"old": (old_files, _scores(pristine)), "new": ({**old_files, rel: new}, _scores(work / "timing"))}
    assert expected["new"][1][0] == final_years

    states = {"old": 0, "new": 0}
    settled = {"old": 0, "new": 0}
    for job in result["jobs"]:
        root = Path(job["dir"])
        assert job["outcome"] in ("killed", "finished"), job
        visible = _visible(root)
        state = "new" if visible.get(rel) == new else "old"
        # Every file the loader reads is byte for byte the old one or the new one: no mix, no part.
        assert visible == expected[state][0], (job, sorted(visible))
        states[state] += 1
        # The archive holds only complete copies of the replaced file, named after their content.
        archived = sorted((root / "archive").rglob("*")) if (root / "archive").exists() else []
        for path in (p for p in archived if p.is_file()):
            if path.suffix == ".tmp":
                continue  # an unfinished copy: never read (history and the loader take *.csv only)
            assert path.read_bytes() == old and path.name.endswith(f"-{_sha(old)[:12]}.csv"), (job, path)
        # Whatever is left over is an unfinished temporary file that nothing reads, or the
        # journal of the publish (read by the next one only).
        known = set(visible) | {publishing.AUDIT_FILE, publishing.LOCK_FILE, publishing.JOURNAL_FILE}
        leftovers = [
            p
            for p in root.rglob("*")
            if p.is_file() and p.relative_to(root).as_posix() not in known and "archive" not in p.parts
        ]
        assert all(p.name.startswith(".") and p.name.endswith(".tmp") for p in leftovers), (job, leftovers)
        # The audit log never claims a publish that did not happen, and every line is whole JSON.
        audit = root / publishing.AUDIT_FILE
        lines = audit.read_text(encoding="utf-8").splitlines() if audit.exists() else []
        entries = [json.loads(line) for line in lines]
        assert len(entries) <= 1 and (state == "new" or not entries), (job, entries)
        if entries:
            assert entries[0]["sha256"] == _sha(new)
        # A killed writer never leaves the lock held.
        if (root / publishing.LOCK_FILE).exists():
            with open(root / publishing.LOCK_FILE, "a+b") as handle:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        # The next publish settles what the kill left, before anything else: the published files
        # stay as they are; a publish that reached its rename gets its audit line, one that did
        # not leaves nothing behind (no archive copy, no temporary file, no journal).
        with publishing.publish_lock(root):
            pass
        assert _visible(root) == expected[state][0], job
        entries = (
            [json.loads(line) for line in audit.read_text(encoding="utf-8").splitlines()] if audit.exists() else []
        )
        assert [e["sha256"] for e in entries] == ([_sha(new)] if state == "new" else []), (job, entries)
        archived = sorted(p.relative_to(root).as_posix() for p in (root / "archive").rglob("*") if p.is_file())
        assert archived == ([entries[0]["archived"]] if state == "new" and replace else []), (job, archived)
        assert not list(root.rglob("*.tmp")) and not (root / publishing.JOURNAL_FILE).exists(), job
        settled[state] += 1

    # Copies that read the same bytes load the same: open each distinct state once.
    for state in (s for s, n in states.items() if n):
        sample = next(
            Path(j["dir"]) for j in result["jobs"] if (_visible(Path(j["dir"])).get(rel) == new) == (state == "new")
        )
        years, scores = _scores(sample)
        assert years == expected[state][1][0]
        assert scores.equals(expected[state][1][1])

    # After a kill that left the old data, publishing again simply works.
    retried = 0
    for job in result["jobs"]:
        root = Path(job["dir"])
        if retried < 3 and _visible(root).get(rel) == old:
            prepared, published = publishing.import_file(source, root, user="retry", replace=replace)
            assert published is not None and (root / rel).read_bytes() == new
            retried += 1
    assert retried == 3

    killed = sum(j["outcome"] == "killed" for j in result["jobs"])
    # Every traced point was a kill (the line count is exact); some random delays hit after the end.
    assert sum(j["outcome"] == "killed" for j in result["jobs"] if j["mode"] == "line") == result["lines"]
    assert states["old"] > 0 and states["new"] > 0
    SUMMARY.mkdir(parents=True, exist_ok=True)
    (SUMMARY / f"faults-{scenario}.json").write_text(
        json.dumps(
            {
                "scenario": scenario,
                "lines_traced": result["lines"],
                "publish_seconds": round(result["duration"], 4),
                "faults_injected": killed,
                "jobs": len(result["jobs"]),
                "left_old": states["old"],
                "left_new": states["new"],
                "settled_by_next_publish": settled["old"] + settled["new"],
                "mixed_or_corrupt": 0,
                "data_lost": 0,
            },
            indent=1,
        )
    )
