"""Shared by the import and publishing tests: the fixture data directory and a tree hash."""

from __future__ import annotations

import csv
import hashlib
import shutil
from collections import defaultdict
from pathlib import Path

from cchc_metrics.engine.reading import Limits

FIXTURES = Path(__file__).resolve().parent / "fixtures"
IMPORT_DATA = FIXTURES / "import_data"
MESSY = FIXTURES / "messy_files"
BAD = FIXTURES / "bad_files"
TEST_LIMITS = Limits(max_bytes=64 * 1024, max_rows=1000)


def copy_import_data(tmp_path: Path) -> Path:
    """A private copy of tests/fixtures/import_data."""
    return Path(shutil.copytree(IMPORT_DATA, tmp_path / "data"))


def tree_hash(root: Path) -> dict[str, str]:
    """Every file and folder under `root` with the sha256 of its bytes (folders: "dir")."""
    return {
        p.relative_to(root).as_posix(): "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
    }


def expected_bad() -> dict[str, set]:
    """bad_files/expected.csv as {file: {(key, row, column)}}."""
    found = defaultdict(set)
    with (BAD / "expected.csv").open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            found[r["file"]].add((r["key"], int(r["row"]) if r["row"] else None, r["column"] or None))
    return dict(found)
