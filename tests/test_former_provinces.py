"""Two former provinces in one data directory, merged in 2025 (tests/fixtures/provinces).

Tỉnh Á (bands of the province itself: Tốt 80, Khá 60, Yếu 0) and Tỉnh Bê (its own bands from
2023: Xuất sắc 90, Đạt 50, Chưa đạt 0) each scored one district and its communes in 2023 and
2024; both have a commune named An Lạc. In 2025 the two An Lạc became Hợp Nhất, and Cát Tiên
(Tỉnh Á) was split between Bình Yên (Tỉnh Á) and Đồng Tâm (Tỉnh Bê). Two criteria of 10 points
per unit: an index is five times the sum of the two scores. 2024: Tỉnh Á's communes published by
its decision, Tỉnh Bê's still a draft.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from app_helpers import chart_titles, open_page

from cchc_metrics.analysis import lineage, province
from cchc_metrics.analysis.overview import band_counts, level_cards, ranking_table
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.views.common import context, for_year
from ui import cache

FIXTURE = Path(__file__).parent / "fixtures" / "provinces"
A, B = "Tỉnh Á", "Tỉnh Bê"


@pytest.fixture(scope="module")
def ds():
    dataset = open_dataset(FIXTURE, use_cache=False)
    assert dataset.problems == []
    yield dataset
    dataset.close()


def _records(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    return [
        tuple(
            None if (not isinstance(v, str) and pd.isna(v)) else (round(v, 4) if isinstance(v, float) else v)
            for v in row
        )
        for row in frame[columns].itertuples(index=False)
    ]


def test_before_the_merger_each_former_province_ranks_and_bands_its_own(ds):
    got = ds.sql("select * from unit_scores where year < 2025 order by year, level, unit_code")
    assert _records(got, ["year", "unit_id", "source_province", "index_pct", "rank", "ranked_units", "band_vi"]) == [
        (2023, "80101@", A, 80.0, 1, 3, "Tốt"),
        (2023, "80102@", A, 65.0, 2, 3, "Khá"),
        (2023, "80103@", A, 55.0, 3, 3, "Yếu"),
        (2023, "90101@", B, 70.0, 2, 2, "Đạt"),
        (2023, "90102@", B, 90.0, 1, 2, "Xuất sắc"),
        (2023, "801@", A, 70.0, 1, 1, "Khá"),
        (2023, "901@", B, 55.0, 1, 1, "Đạt"),
        (2024, "80101@", A, 90.0, 1, 3, "Tốt"),
        (2024, "80102@", A, 70.0, 2, 3, "Khá"),
        (2024, "80103@", A, 50.0, 3, 3, "Yếu"),
        (2024, "90101@", B, 80.0, 2, 2, "Đạt"),
        (2024, "90102@", B, 95.0, 1, 2, "Xuất sắc"),
        (2024, "801@", A, 80.0, 1, 1, "Tốt"),
        (2024, "901@", B, 60.0, 1, 1, "Đạt"),
    ]


def test_the_2025_change_is_against_predecessors_from_both_former_provinces(ds):
    """Whole predecessors weigh 1, a part 0.5: Hợp Nhất ← An Lạc Á (90) + An Lạc Bê (80) = 85;
    Bình Yên ← Bình Yên (70) + ½ Cát Tiên (50) = (70 + 25) / 1.5 = 63.33;
    Đồng Tâm ← Đồng Tâm Bê (95) + ½ Cát Tiên Á (50) = (95 + 25) / 1.5 = 80. Ranked together."""
    got = ds.query("unit_scores", year=2025, level="commune")
    assert _records(
        got,
        ["unit_id", "unit_name", "source_province", "index_pct", "rank", "baseline_pct", "delta_pct", "delta_basis"],
    ) == [
        ("90102@2025", "Đồng Tâm", None, 85.0, 1, 80.0, 5.0, "predecessors"),
        ("80101@2025", "Hợp Nhất", None, 80.0, 2, 85.0, -5.0, "predecessors"),
        ("80102@2025", "Bình Yên", None, 60.0, 3, 63.3333, -3.3333, "predecessors"),
    ]


def test_the_history_of_a_new_commune_names_each_predecessors_former_province(ds):
    got = lineage.history(ds, "80101", 2025)
    assert _records(got, ["year", "basis", "index_pct", "members", "member_names"]) == [
        (2023, "predecessors", 75.0, 2, "An Lạc (80101, Tỉnh Á), An Lạc (90101, Tỉnh Bê)"),
        (2024, "predecessors", 85.0, 2, "An Lạc (80101, Tỉnh Á), An Lạc (90101, Tỉnh Bê)"),
        (2025, "own", 80.0, 1, "Hợp Nhất (80101)"),
    ]
    members = lineage.predecessor_scores(ds, "80101", 2025)
    assert _records(members[members.year == 2024], ["unit_id", "role", "source_province", "rank", "ranked_units"]) == [
        ("80101@", "predecessor", A, 1, 3),
        ("90101@", "predecessor", B, 2, 2),
    ]


def test_peers_and_criteria_are_counted_within_the_former_province(ds):
    peers = ds.sql(
        "select unit_id, area_code, peers, area_rank from area_positions where year = 2024 and level = 'commune' "
        "order by unit_id, area_code"
    )
    assert _records(peers, ["unit_id", "area_code", "peers", "area_rank"]) == [
        ("80101@", "LEAD", 3, 1),
        ("80101@", "PROC", 3, 1),
        ("80102@", "LEAD", 3, 2),
        ("80102@", "PROC", 3, 2),
        ("80103@", "LEAD", 3, 3),
        ("80103@", "PROC", 3, 3),
        ("90101@", "LEAD", 2, 2),
        ("90101@", "PROC", 2, 2),
        ("90102@", "LEAD", 2, 1),
        ("90102@", "PROC", 2, 1),
    ]
    criteria = ds.sql(
        "select * from criterion_scores where year = 2024 and level = 'commune' order by source_province = 'Tỉnh Bê', criterion_code"
    )
    # Á: 9 + 7 + 5 of 30 in LEAD, lost 9; Bê: 10 + 8 of 20, lost 2
    assert _records(criteria, ["source_province", "criterion_code", "units", "points_lost"]) == [
        (A, "X.LEAD.1", 3, 9.0),
        (A, "X.PROC.1", 3, 9.0),
        (B, "X.LEAD.1", 2, 2.0),
        (B, "X.PROC.1", 2, 3.0),
    ]


# LEAD of each commune, in % (both years; PROC 80 % everywhere): Tỉnh Á's field 90, 90, 60 (q1 75,
# median 90), Tỉnh Bê's 50, 20 (q1 27.5, median 35). Each weak commune is weak only against its own former province's
# lines: read against Tỉnh Á's, Bình Yên's neighbour An Lạc (Bê, 50) would be weak too; against
# Tỉnh Bê's, Cát Tiên (60) would not be.
LEAD_PCT = {"80101": 90, "80102": 90, "80103": 60, "90101": 50, "90102": 20}


def test_a_weakness_carried_through_the_years_is_read_against_its_own_former_province(tmp_path):
    root = shutil.copytree(FIXTURE, tmp_path / "data")
    for year in (2023, 2024):
        path = root / "inspections" / f"{year}.csv"
        rows = pd.read_csv(path, dtype=str)
        communes = rows["unit_code"].isin(LEAD_PCT.keys())
        points = (
            rows["unit_code"].map(lambda code: str(LEAD_PCT.get(code, 0) // 10)).where(rows["area_code"] == "LEAD", "8")
        )
        rows.loc[communes, "score"] = points[communes]
        rows.loc[communes, "self_score"] = points[communes]
        rows.to_csv(path, index=False)
    dataset = open_dataset(root, use_cache=False)
    try:
        runs = province.territory_chronic_weaknesses(dataset, 2024, until_year=2024)
    finally:
        dataset.close()
    columns = ["unit_code", "area_code", "first_year", "last_year", "years", "last_area_pct", "last_peer_median"]
    assert _records(runs.sort_values("unit_code"), columns) == [
        ("80103", "LEAD", 2023, 2024, 2, 60.0, 90.0),
        ("90102", "LEAD", 2023, 2024, 2, 20.0, 35.0),
    ]


def test_criteria_are_placed_against_the_units_of_the_same_former_province(ds):
    from cchc_metrics.analysis.peers import criterion_positions

    found = criterion_positions(ds, 2024, "commune").sort_values(["unit_id", "criterion_code"])
    # LEAD: Á 9, 7, 5 of 10 (median 70 %), Bê 8, 10 (median 90 %)
    assert _records(found[found["criterion_code"] == "X.LEAD.1"], ["unit_id", "peers", "peer_median"]) == [
        ("80101@", 3, 70.0),
        ("80102@", 3, 70.0),
        ("80103@", 3, 70.0),
        ("90101@", 2, 90.0),
        ("90102@", 2, 90.0),
    ]
    one = criterion_positions(ds, 2024, "commune", unit_id="90101@")
    pd.testing.assert_frame_equal(one, found[found["unit_id"] == "90101@"].reset_index(drop=True))


def test_a_scoped_dataset_sees_one_former_province(ds):
    assert {year: set(found) for year, found in ds.province_years().items()} == {2023: {A, B}, 2024: {A, B}}
    b = ds.scoped(B)
    assert b.fingerprint != ds.fingerprint and ds.scoped(B) is b
    assert _records(ranking_table(b, 2024, "commune", "vi"), ["rank", "unit_name", "index_pct", "band"]) == [
        (1, "Đồng Tâm", 95.0, "Xuất sắc"),
        (2, "An Lạc", 80.0, "Đạt"),
    ]
    assert _records(band_counts(b, 2024, "commune", "vi"), ["band", "units"]) == [
        ("Xuất sắc", 1),
        ("Đạt", 1),
        ("Chưa đạt", 0),
    ]
    a = ds.scoped(A)
    assert _records(band_counts(a, 2024, "commune", "vi"), ["band", "units"]) == [("Tốt", 1), ("Khá", 1), ("Yếu", 1)]
    [district, commune] = level_cards(a, 2024)
    assert (commune.units, commune.mean_pct, round(commune.delta_mean_pct, 4)) == (3, 70.0, round(70 - 200 / 3, 4))
    assert (district.units, district.best_name) == (1, "Huyện Một")
    # each former province's own publication: Á's decision named, Bê's a draft
    assert for_year(a, context(a, "vi"), 2024, "commune").decision.startswith("Quyết định số 11/QĐ-UBND tỉnh Á")
    assert for_year(b, context(b, "vi"), 2024, "commune").draft
    assert context(b, "vi").region == "Tỉnh Bê (tỉnh cũ)"
    # the merged year is the same in every scope: its units belong to no former province
    assert len(ranking_table(b, 2025, "commune", "vi")) == len(ranking_table(ds, 2025, "commune", "vi")) == 3


@pytest.fixture
def provinces_data(tmp_path, monkeypatch):
    root = shutil.copytree(FIXTURE, tmp_path / "data")
    about = {"region_vi": "Tỉnh Hợp", "region_en": "Merged Province", "synthetic": True}
    (root / "about.json").write_text(json.dumps(about, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("CCHC_DATA_DIR", str(root))
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    yield root
    cache._open.clear()


def test_the_overview_shows_one_former_province_and_says_so(provinces_data):
    at = open_page("overview", {"lang": "en", "year": "2024", "province": B, "tab": "communes"})
    assert not at.exception
    assert at.selectbox(key="province").value == B and at.selectbox(key="province").options == [A, B]
    [note] = [box.value for box in at.info if "before the merger" in box.value]
    assert "within Tỉnh Bê" in note
    assert chart_titles(at) == ["Reform index of communes – former Tỉnh Bê, 2024"]
    table = at.dataframe[0].value
    assert list(table["Unit"]) == ["Huyện Hai"]  # the district level is listed first: Bê's one district
    at.selectbox(key="province").set_value(A).run()
    assert chart_titles(at) == ["Reform index of communes – former Tỉnh Á, 2024"]
    at = open_page("overview", {"lang": "en", "year": "2025"})
    assert not at.exception
    # no province to choose after the merger (the map tab, open first, chooses its colouring)
    assert [s.key for s in at.selectbox] == ["map_colour", "year"]
