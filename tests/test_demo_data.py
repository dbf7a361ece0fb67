"""The committed demo data under data/ are exactly what cchc_metrics.tools.demo generates."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cchc_metrics.engine.schema import INSPECTIONS
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
    """Every yearly inspection file, parts included, with the file's name; headers in a former
    province's own layout named as the contract names them."""
    names = {alias: column.name for column in INSPECTIONS.columns for alias in (column.name, *column.aliases)}
    frames = [
        pd.read_csv(p, dtype=str).rename(columns=names).assign(file=p.name)
        for p in sorted((root / "inspections").glob("*.csv"))
    ]
    frame = pd.concat(frames, ignore_index=True)
    for column in ("year", "max_points", "self_score", "score", "first_score"):
        frame[column] = pd.to_numeric(frame[column])
    return frame


def test_one_archive_keeps_its_own_layout(regenerated: Path) -> None:
    header = (regenerated / "inspections" / "2024-soc-trang.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("Năm,Mã ĐVHC,Tên ĐVHC,Tỉnh cũ,")
    assert "first_score" not in header and "Điểm thẩm định" in header


def test_every_unit_has_100_points_each_year(regenerated: Path) -> None:
    totals = _inspections(regenerated).groupby(["file", "unit_code"])["max_points"].sum()
    assert (totals.round(6) == 100).all()


def test_valid_unit_coverage(regenerated: Path) -> None:
    ins = _inspections(regenerated)
    per_file = ins.groupby("file")["unit_code"].nunique()
    old_city = {f"{y}.csv": 94 for y in range(FIRST_YEAR, 2024)} | {"2024.csv": 89}
    archives = {f"{y}-{p}.csv": n for y in range(2020, 2025) for p, n in (("hau-giang", 83), ("soc-trang", 119))}
    departments = {f"{y}-departments.csv": 18 for y in range(2022, LAST_YEAR + 1)}
    merged_city = {"2025.csv": 103, "2026.csv": 103}  # the two-tier structure: 103 communes, no district
    assert per_file.to_dict() == old_city | archives | departments | merged_city
    assert LAST_YEAR == 2026
    codes_2024 = set(ins.loc[ins.file == "2024.csv", "unit_code"])
    assert "31126" not in codes_2024 and "31123" in codes_2024  # An Nghiệp merged on 2024-11-01
    # each former province's archive names itself on every row, as do the old city's departments
    # (scored by the old city until the merger); the merged city's files name none
    named = ins.groupby("file")["source_province"].agg(lambda s: set(s.dropna()))
    assert all(named[f] == {"Hậu Giang"} for f in archives if "hau-giang" in f)
    assert all(named[f] == {"Sóc Trăng"} for f in archives if "soc-trang" in f)
    assert all(named[f"{y}-departments.csv"] == {"Cần Thơ"} for y in range(2022, 2025))
    assert all(named[f] == set() for f in ("2025-departments.csv", "2026-departments.csv", *merged_city))


def test_merged_city_scored_in_rounds_and_under_two_frameworks(regenerated: Path) -> None:
    ins = _inspections(regenerated)
    new = ins[ins.file.isin(["2025.csv", "2026.csv"])]
    assert new["first_score"].notna().groupby(new.file).any().all()  # the first appraisal is kept
    nodes = pd.read_csv(regenerated / "framework_nodes.csv", dtype=str)
    leaves = nodes[~nodes.node_code.isin(nodes.parent_code) & (nodes.level_kind != "area")]
    scored = new.groupby("file")["criterion_code"].agg(set).to_dict()
    assert scored["2025.csv"] == set(leaves.loc[leaves.framework_id == "XA-2025", "node_code"])
    assert scored["2026.csv"] == set(leaves.loc[leaves.framework_id == "XA-2026", "node_code"])
    assert scored["2025.csv"] != scored["2026.csv"]  # the framework changed between the two years
    # 2025: the people's survey was not run, its criteria carry no score; 2026: it was
    survey = new[new.method == "survey"]
    assert survey.loc[survey.file == "2025.csv", "score"].isna().all()
    assert survey.loc[survey.file == "2026.csv", "score"].notna().all()


def test_scores_within_bounds(regenerated: Path) -> None:
    ins = _inspections(regenerated)
    assert (ins["score"].dropna() >= 0).all()
    scored = ins.dropna(subset=["score"])
    assert (scored["score"] <= scored["max_points"]).all()
    for column in ("self_score", "first_score"):  # survey criteria have no self score
        given = scored.dropna(subset=[column])
        assert len(given) > 0 and (given[column].between(0, given["max_points"])).all(), column


def test_lineage_copied_from_reference(regenerated: Path) -> None:
    """The old city's and the two archives' lineage as the reference files hold it, then each
    department of the old city into the merged city's department of the same code."""
    from cchc_metrics.tools.demo import REFERENCE_LINEAGE
    from cchc_metrics.tools.demo_province import DEPARTMENTS

    written = pd.read_csv(regenerated / "lineage.csv", dtype=str)
    merged = pd.read_csv(REFERENCE_LINEAGE.with_name("merged_lineage.csv"), dtype=str)
    departments = pd.DataFrame(
        [[code, "2024", code, "2025", "merge_full", "2025-07-01"] for code, _name, _type in DEPARTMENTS],
        columns=written.columns,
    )
    expected = pd.concat([pd.read_csv(REFERENCE_LINEAGE, dtype=str), merged[written.columns], departments])
    assert written.equals(expected.reset_index(drop=True))
    assert len(written) == 88 + 183 + 18
