"""The committed demo data under data/ are exactly what cchc_metrics.tools.demo generates."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cchc_metrics.tools.demo import FIRST_YEAR, LAST_YEAR, generate

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate(out)
    return out


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.csv"))


def test_committed_files_are_byte_identical(regenerated: Path) -> None:
    assert _files(regenerated) == _files(DATA)
    for rel in _files(regenerated):
        assert (regenerated / rel).read_bytes() == (DATA / rel).read_bytes(), rel


def _inspections(root: Path) -> pd.DataFrame:
    frames = [
        pd.read_csv(root / "inspections" / f"{y}.csv", dtype={"unit_code": str})
        for y in range(FIRST_YEAR, LAST_YEAR + 1)
    ]
    return pd.concat(frames, ignore_index=True)


def test_every_unit_has_100_points_each_year(regenerated: Path) -> None:
    totals = _inspections(regenerated).groupby(["year", "unit_code"])["max_points"].sum()
    assert (totals.round(6) == 100).all()


def test_valid_unit_coverage(regenerated: Path) -> None:
    ins = _inspections(regenerated)
    per_year = ins.groupby("year")["unit_code"].nunique()
    assert per_year[2014] == 94
    assert (per_year.loc[2014:2023] == 94).all()
    assert per_year[2024] == 89
    assert per_year[2025] == 32  # the two-tier structure: 32 communes, no district
    assert not (regenerated / "inspections" / "2026.csv").exists()
    levels_2025 = set(ins.loc[ins.year == 2025, "criterion_code"].str[0])
    assert levels_2025 == {"X"}  # commune criteria only
    codes_2024 = set(ins.loc[ins.year == 2024, "unit_code"])
    assert "31126" not in codes_2024 and "31123" in codes_2024  # An Nghiệp merged on 2024-11-01


def test_scores_within_bounds(regenerated: Path) -> None:
    ins = _inspections(regenerated)
    assert (ins["score"].dropna() >= 0).all()
    scored = ins.dropna(subset=["score"])
    assert (scored["score"] <= scored["max_points"]).all()
    assert (scored["self_score"] <= scored["max_points"]).all()


def test_lineage_copied_from_reference(regenerated: Path) -> None:
    from cchc_metrics.tools.demo import REFERENCE_LINEAGE

    written = pd.read_csv(regenerated / "lineage.csv", dtype=str)
    assert written.equals(pd.read_csv(REFERENCE_LINEAGE, dtype=str))
    assert len(written) == 88
