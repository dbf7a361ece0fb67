"""Scores on the tiny hand-computed fixture: whole expected tables."""

import pandas as pd
import pandas.testing as pdt

from cchc_metrics.analysis.scores import scores_table
from cchc_metrics.engine.dataset import open_dataset


def test_unit_scores_whole_table(tiny_dir):
    ds = open_dataset(tiny_dir, use_cache=False)
    got = ds.sql(
        "select year, unit_code, index_pct, rank, district_rank, band_vi, delta_pct, rank_change, gap_points "
        "from unit_scores order by year, level desc, unit_code"
    )
    expected = pd.DataFrame(
        [
            # 2023 districts: 101 = 29/40, 102 = 27/30 (D.PROC.2 not applicable)
            (2023, "101", 72.5, 2, None, "Khá", None, None, 1.0),
            (2023, "102", 90.0, 1, None, "Rất tốt", None, None, 0.0),
            # 2023 communes: 10102 and 10201 tie at 80 %, the next rank is 3
            (2023, "10101", 50.0, 3, 2, "Trung bình", None, None, 5.0),
            (2023, "10102", 80.0, 1, 1, "Tốt", None, None, 0.0),
            (2023, "10201", 80.0, 1, 1, "Tốt", None, None, 0.0),
            # 2024 districts tie at 36/40
            (2024, "101", 90.0, 1, None, "Rất tốt", 17.5, 1, 0.0),
            (2024, "102", 90.0, 1, None, "Rất tốt", 0.0, 0, 0.0),
            (2024, "10101", 90.0, 1, 1, "Rất tốt", 40.0, 2, 0.0),
            (2024, "10102", 90.0, 1, 1, "Rất tốt", 10.0, 0, 0.0),
            (2024, "10201", 50.0, 3, 1, "Trung bình", -30.0, -2, 0.0),
        ],
        columns=[
            "year",
            "unit_code",
            "index_pct",
            "rank",
            "district_rank",
            "band_vi",
            "delta_pct",
            "rank_change",
            "gap_points",
        ],
    )
    for col in ("rank", "district_rank", "rank_change"):
        got[col] = got[col].astype("Int64")
        expected[col] = expected[col].astype("Int64")
    expected["year"] = expected["year"].astype("int32")
    expected["delta_pct"] = expected["delta_pct"].astype(float)
    pdt.assert_frame_equal(got, expected, check_dtype=False)


def test_area_scores_leave_not_applicable_out(tiny_dir):
    ds = open_dataset(tiny_dir, use_cache=False)
    got = ds.sql(
        "select unit_code, area_code, points, max_points, area_pct, criteria from area_scores "
        "where year = 2023 and level = 'district' order by unit_code, area_code"
    )
    expected = pd.DataFrame(
        [
            ("101", "LEAD", 8.0, 10.0, 80.0, 1),
            ("101", "PROC", 21.0, 30.0, 70.0, 2),
            ("102", "LEAD", 9.0, 10.0, 90.0, 1),
            ("102", "PROC", 18.0, 20.0, 90.0, 1),
        ],
        columns=["unit_code", "area_code", "points", "max_points", "area_pct", "criteria"],
    )
    pdt.assert_frame_equal(got, expected, check_dtype=False)


def test_district_communes_kept_apart_from_district_index(tiny_dir):
    ds = open_dataset(tiny_dir, use_cache=False)
    got = ds.sql(
        "select year, district_code, district_index_pct, communes, communes_mean_pct, communes_min_pct, "
        "communes_max_pct from district_communes order by year, district_code"
    )
    expected = pd.DataFrame(
        [
            (2023, "101", 72.5, 2, 65.0, 50.0, 80.0),
            (2023, "102", 90.0, 1, 80.0, 80.0, 80.0),
            (2024, "101", 90.0, 2, 90.0, 90.0, 90.0),
            (2024, "102", 90.0, 1, 50.0, 50.0, 50.0),
        ],
        columns=[
            "year",
            "district_code",
            "district_index_pct",
            "communes",
            "communes_mean_pct",
            "communes_min_pct",
            "communes_max_pct",
        ],
    )
    pdt.assert_frame_equal(got, expected, check_dtype=False)


def test_criterion_points_lost_and_share_below_half(tiny_dir):
    ds = open_dataset(tiny_dir, use_cache=False)
    got = ds.sql(
        "select year, criterion_code, area_code, units, points_lost, share_below_half from criterion_scores "
        "where level = 'commune' order by year, criterion_code"
    )
    expected = pd.DataFrame(
        [
            (2023, "X.LEAD.1", "LEAD", 3, 8.0, 0.0),
            (2023, "X.ONESTOP.1", "ONESTOP", 3, 10.0, 0.0),
            (2024, "X.LEAD.1", "LEAD", 3, 5.0, 0.0),
            (2024, "X.ONESTOP.1", "ONESTOP", 3, 9.0, 1 / 3),
        ],
        columns=["year", "criterion_code", "area_code", "units", "points_lost", "share_below_half"],
    )
    pdt.assert_frame_equal(got, expected, check_dtype=False)


def test_scores_table_wide_with_area_columns(tiny_dir):
    ds = open_dataset(tiny_dir, use_cache=False)
    got = scores_table(ds, 2023, "district", lang="en")
    assert list(got.columns[:10]) == [
        "year",
        "unit_code",
        "unit_name",
        "level",
        "parent_code",
        "index_pct",
        "rank",
        "band",
        "delta_pct",
        "rank_change",
    ]
    assert list(got["unit_code"]) == ["102", "101"]
    assert list(got["band"]) == ["Very good", "Fair"]
    assert got.loc[1, "LEAD"] == 80.0 and got.loc[1, "PROC"] == 70.0
    # areas with no criterion for the level are absent (NaN), never zero
    assert got["ONESTOP"].isna().all()


def test_scores_table_one_area_sorted_on_it(tiny_dir):
    ds = open_dataset(tiny_dir, use_cache=False)
    got = scores_table(ds, 2023, "commune", area="ONESTOP")
    assert list(got.columns[-1:]) == ["ONESTOP"]
    assert list(got["unit_code"]) == ["10201", "10102", "10101"]
    assert list(got["ONESTOP"]) == [90.0, 60.0, 50.0]


def test_bands_follow_the_scheme_in_force(tiny_dir):
    (tiny_dir / "bands.csv").write_text(
        "from_year,label_vi,label_en,min_pct\n2000,Đạt,Pass,0\n2000,Giỏi,High,75\n2024,Thấp,Low,0\n2024,Cao,High,95\n",
        encoding="utf-8",
    )
    ds = open_dataset(tiny_dir, use_cache=False)
    got = ds.sql("select year, unit_code, band_vi from unit_scores where level = 'district' order by year, unit_code")
    assert list(got.itertuples(index=False, name=None)) == [
        (2023, "101", "Đạt"),
        (2023, "102", "Giỏi"),
        (2024, "101", "Thấp"),
        (2024, "102", "Thấp"),
    ]


def test_the_pages_of_one_year_and_level_read_one_score_frame(tiny_dir):
    """The overview's ranking, the scores table and the reform-area page read the same rows: queried
    once per data version (Dataset.kept), each caller getting its own copy to change."""
    from cchc_metrics.analysis.overview import ranking_table
    from cchc_metrics.analysis.reform_areas import area_ranking, units_by_area

    ds = open_dataset(tiny_dir, use_cache=False)
    try:
        asked = []
        query = ds.query
        ds.query = lambda name, **params: asked.append(name) or query(name, **params)
        first = scores_table(ds, 2023, "commune", lang="en")
        first["index_pct"] = 0.0  # a caller's change stays its own
        ranking = ranking_table(ds, 2023, "commune", "en")
        area_ranking(ds, 2023, "commune", "ONESTOP", "en")
        units_by_area(ds, 2023, "commune", "en")
        again = scores_table(ds, 2023, "commune", lang="en")
        assert [name for name in asked if name.startswith("score_")] == ["score_rows", "score_cells"]
        assert list(again["unit_code"]) == list(ranking["unit_code"]) == ["10102", "10201", "10101"]
        assert list(again["index_pct"]) == list(ranking["index_pct"]) and 0.0 not in list(again["index_pct"])
        scores_table(ds, 2023, "commune", lang="vi")  # another language is another frame
        assert [name for name in asked if name.startswith("score_")] == ["score_rows", "score_cells"] * 2
    finally:
        ds.close()
