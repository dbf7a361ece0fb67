"""The large synthetic data sets, at a tiny scale: in the data contract, the expected sizes, seeded."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.present.paging import extreme_groups, page_count, page_rows, search_rows
from cchc_metrics.tools import synthetic

TINY = synthetic.Scale("tiny", districts=3, communes=12, criteria=20, years=2, first_year=2020)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic") / "tiny"
    counts = synthetic.generate(out, TINY, seed=3)
    return out, counts


def test_row_counts_per_file(tiny):
    _out, counts = tiny
    assert {k: v for k, v in counts.items() if not k.startswith("findings/")} == {
        "units.csv": 15,
        "areas.csv": 9,
        "bands.csv": 5,
        "inspections/2020.csv": 15 * 20,
        "inspections/2021.csv": 15 * 20,
    }
    # 2 % of the units of each level, at least one: 1 district and 1 commune, three findings each
    assert counts["findings/2020.csv"] == counts["findings/2021.csv"] == 6


def test_passes_validation_and_scores_every_unit(tiny):
    out, _counts = tiny
    ds = open_dataset(out, use_cache=False)
    try:
        assert ds.problems == []
        assert ds.is_demo  # about.json says synthetic
        per_year = ds.sql("select year, level, count(*) as units from unit_scores group by all order by all")
        assert per_year.to_dict("records") == [
            {"year": 2020, "level": "commune", "units": 12},
            {"year": 2020, "level": "district", "units": 3},
            {"year": 2021, "level": "commune", "units": 12},
            {"year": 2021, "level": "district", "units": 3},
        ]
        maxima = ds.sql("select year, unit_code, sum(max_points) as total from inspections group by all")
        assert set(maxima["total"].round(6)) == {100.0}
    finally:
        ds.close()


def test_contract_codes_and_parents(tiny):
    out, _counts = tiny
    units = pd.read_csv(out / "units.csv", dtype=str, keep_default_na=False)
    districts = units[units["level"] == "district"]
    communes = units[units["level"] == "commune"]
    assert list(districts["unit_code"]) == ["001", "002", "003"]
    assert list(communes["unit_code"]) == [f"{i:05d}" for i in range(1, 13)]
    assert set(communes["parent_code"]) <= set(districts["unit_code"])
    assert set(districts["parent_code"]) == {""}
    assert json.loads((out / "about.json").read_text(encoding="utf-8"))["synthetic"] is True


def test_same_seed_same_files(tiny, tmp_path):
    out, _counts = tiny
    again = tmp_path / "again"
    synthetic.generate(again, TINY, seed=3)
    for path in sorted(out.rglob("*.csv")):
        assert (again / path.relative_to(out)).read_bytes() == path.read_bytes(), path.name


def test_scores_structure(tiny):
    out, _counts = tiny
    rows = pd.concat([pd.read_csv(p, dtype={"unit_code": str}) for p in sorted((out / "inspections").glob("*.csv"))])
    applicable = rows[rows["score"].notna()]
    assert (applicable["score"] <= applicable["max_points"]).all() and (applicable["score"] >= 0).all()
    assert (applicable["self_score"] >= applicable["score"]).mean() > 0.9
    assert rows["score"].isna().equals(rows["self_score"].isna())  # not applicable: both empty


def test_paging_helpers():
    frame = pd.DataFrame(
        {
            "unit_name": ["Phú An", "Tân Phú", "Bình Thủy", None],
            "district_name": ["A", "B", "C", "D"],
            "v": [1.0, 2.0, 3.0, 4.0],
        }
    )
    assert list(search_rows(frame, "  PHU ", ["unit_name"])["unit_name"]) == ["Phú An", "Tân Phú"]
    assert search_rows(frame, "", ["unit_name"]) is frame
    assert page_count(0, 3) == 1 and page_count(4, 3) == 2
    assert page_rows(frame, 2, 3)[["district_name", "v"]].to_dict("records") == [{"district_name": "D", "v": 4.0}]
    assert page_rows(frame, 9, 3)["district_name"].tolist() == ["D"]  # clamped to the last page
    kept, total = extreme_groups(frame, "district_name", "v", n=1)
    assert (kept["district_name"].tolist(), total) == (["A", "D"], 4)


def test_extreme_groups_keep_the_better_evidenced_of_equal_values():
    """Weaknesses fixed per district: 100 % of 5 is a stronger result than 100 % of 1, and 0 % of
    4 a clearer failure than 0 % of 1; the chart of the extremes keeps those at both ends."""
    shares = pd.DataFrame(
        {
            "district_name": list("ABCDEFGH"),
            "share": [100.0, 100.0, 100.0, 50.0, 50.0, 0.0, 0.0, 0.0],
            "followed": [1, 5, 2, 2, 4, 1, 4, 2],
        }
    )
    kept, total = extreme_groups(shares, "district_name", "share", n=2, evidence="followed")
    assert (sorted(kept["district_name"]), total) == (["B", "C", "G", "H"], 8)
    # without the counts, equal values are taken in the frame's order
    kept, _ = extreme_groups(shares, "district_name", "share", n=2)
    assert sorted(kept["district_name"]) == ["A", "B", "F", "G"]
