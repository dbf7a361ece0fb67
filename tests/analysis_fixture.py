"""The planted data directory of the analysis tests (tests/fixtures/analysis), and table helpers.

Communes 10101 Một, 10102 Hai, 10103 Ba (district 101) and 10201 Bốn, 10202 Năm, 10203 Sáu
(district 102; Sáu exists until 2023 only). Four criteria of 10 points: X.LEAD.1 (LEAD),
X.ONESTOP.1 and X.ONESTOP.2 (ONESTOP), X.PROC.1 (PROC). Scores (LEAD.1, ONESTOP.1, ONESTOP.2, PROC.1):

    2023  Một 9 2 3 10   Hai 9 9 9 8   Ba 9 10 9 8   Bốn 10 10 10 8   Năm 6 9 8 8   Sáu 9 8 9 8
    2024  Một 10 9 9 5   Hai 9 9 9 5   Ba 9 10 9 5   Bốn 10 10 10 5   Năm 6 9 9 5

Planted: Một far below its peers in ONESTOP in 2023 (25 % against a median of 87.5), fixed in
2024 (90 %); Năm weak in LEAD both years (chronic); every commune loses half of X.PROC.1 in
2024; Một over-claims ONESTOP in 2023 (self 8 + 8 against 2 + 3).
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from cchc_metrics.engine.dataset import open_dataset

FIXTURE = Path(__file__).parent / "fixtures" / "analysis"


@pytest.fixture(scope="module")
def analysis_dir(tmp_path_factory) -> Path:
    """A private copy of the fixture (the CLI writes its cache beside the data)."""
    target = tmp_path_factory.mktemp("analysis") / "data"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture(scope="module")
def ds(analysis_dir):
    dataset = open_dataset(analysis_dir, use_cache=False)
    assert dataset.problems == []
    yield dataset
    dataset.close()


def records(frame: pd.DataFrame, columns: list[str] | None = None) -> list[tuple]:
    """Rows as tuples, floats rounded to 2 decimals, missing values as None."""
    frame = frame[columns] if columns else frame

    def clean(v):
        if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            return None
        if isinstance(v, float):
            return round(v, 2)
        if hasattr(v, "item"):  # numpy scalars
            return clean(v.item())
        return v

    return [tuple(clean(v) for v in row) for row in frame.astype(object).itertuples(index=False)]
