"""Shared fixtures: a tiny hand-computed data directory, and a private copy of the demo data."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from analysis_fixture import analysis_dir, ds  # noqa: F401 - the analysis fixtures, for every test module
from helpers import DEMO_DATA, TINY_2023, TINY_2024, TINY_UNITS, write_dir

from cchc_metrics.config import WARM_AT_START_ENV

# A server makes the version it was started on ready at its first visit (ui.warm); the tests count
# what their own visits compute, so their servers (AppTest and the browser tests' own) do not,
# except where a test turns it on.
os.environ[WARM_AT_START_ENV] = "0"


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """Two districts, three communes, two years, a not-applicable criterion and ties."""
    return write_dir(
        tmp_path / "tiny",
        {"units.csv": TINY_UNITS, "inspections/2023.csv": TINY_2023, "inspections/2024.csv": TINY_2024},
    )


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A private copy of the demo data directory (without its cache)."""
    target = tmp_path / "data"
    shutil.copytree(DEMO_DATA, target, ignore=shutil.ignore_patterns(".cache", "archive", "plans"))
    return target


@pytest.fixture
def fresh_views():
    """Views computed afresh, before and after: for a test that changes a library constant (the
    app keeps each view per data version and arguments, and a dataset its intermediates)."""
    from ui import cache

    cache._view.clear()
    cache._open.clear()
    yield
    cache._view.clear()
    cache._open.clear()
