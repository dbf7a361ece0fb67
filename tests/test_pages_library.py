"""The library behind the dashboard pages, on the tiny hand-computed fixture: whole tables.

Tiny fixture (tests/conftest.py), default bands and areas. Indices: districts 2023 101 = 72.5,
102 = 90; 2024 both 90. Communes 2023 10101 = 50, 10102 = 80, 10201 = 80; 2024 90, 90, 50.
"""

import math

import pandas as pd
import pandas.testing as pdt
import pytest
from helpers import HEADER, TINY_2023, TINY_2024, TINY_UNITS, write_dir

from cchc_metrics.analysis import method, profiles, reform_areas, trends
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.present.labels import sort_key
from cchc_metrics.present.shortlist import ALL_AT_MOST, show_choices, top_bottom

NAN = float("nan")
LEAD = "Công tác chỉ đạo, điều hành CCHC"
PROC = "Cải cách thủ tục hành chính"


@pytest.fixture
def ds(tiny_dir):
    write_dir(
        tiny_dir,
        {
            "findings/2024.csv": (
                "year,unit_code,area_code,criterion_code,kind,text,inspected_on\n"
                "2024,10101,LEAD,X.LEAD.1,weakness,<b>Sổ theo dõi</b> thiếu thông tin,2024-03-30\n"
                "2024,10101,,,recommendation,Khắc phục trong 30 ngày,2024-03-30\n"
                "2024,10201,LEAD,X.LEAD.1,strength,Kế hoạch ban hành sớm,\n"
            )
        },
    )
    return open_dataset(tiny_dir, use_cache=False)


@pytest.fixture
def gap_ds(tmp_path):
    """Xã Ba (10201) exists only from 2024: its 2023 rows removed and its unit made valid from 2024."""
    units = TINY_UNITS.replace("10201,Xã Ba,xã,commune,102,,,", "10201,Xã Ba,xã,commune,102,2024,,")
    lines_2023 = [line for line in TINY_2023.splitlines()[1:] if ",10201," not in line]
    root = write_dir(
        tmp_path / "gap",
        {
            "units.csv": units,
            "inspections/2023.csv": HEADER + "\n".join(lines_2023) + "\n",
            "inspections/2024.csv": TINY_2024,
        },
    )
    return open_dataset(root, use_cache=False)


def frame(rows, columns, **dtypes):
    out = pd.DataFrame(rows, columns=columns)
    return out.astype(dtypes) if dtypes else out


def test_unit_years_whole_record(ds):
    got = profiles.unit_years(ds, "commune", "10101@", "vi")
    expected = frame(
        [
            (2023, True, 50.0, NAN, None, 3, pd.NA, 3, 2, 2, "Trung bình", 70.0, 65.0),
            (2024, True, 90.0, 40.0, "unit", 1, 2, 3, 1, 2, "Rất tốt", 230 / 3, 90.0),
        ],
        [
            "year",
            "present",
            "index_pct",
            "delta_pct",
            "delta_basis",
            "rank",
            "rank_change",
            "ranked_units",
            "district_rank",
            "district_units",
            "band",
            "level_mean_pct",
            "district_mean_pct",
        ],
        rank="Int64",
        rank_change="Int64",
        ranked_units="Int64",
        district_rank="Int64",
        district_units="Int64",
    )
    pdt.assert_frame_equal(got, expected, check_dtype=False)


def test_unit_years_keeps_a_year_the_unit_did_not_exist_empty(gap_ds):
    got = profiles.unit_years(gap_ds, "commune", "10201@2024", "en")
    assert list(got["year"]) == [2023, 2024]
    assert list(got["present"]) == [False, True]
    assert math.isnan(got["index_pct"].iloc[0]) and got["index_pct"].iloc[1] == 50.0
    assert got["band"].iloc[1] == "Average"
    lines = profiles.trend_lines(got, {"index_pct": "Xã Ba", "level_mean_pct": "avg"})
    expected = frame(
        [(2023, "Xã Ba", NAN), (2024, "Xã Ba", 50.0), (2023, "avg", 65.0), (2024, "avg", 230 / 3)],
        ["year", "series", "value"],
    )
    pdt.assert_frame_equal(lines, expected, check_dtype=False)


def test_unit_years_of_a_unit_never_scored_raises(ds):
    with pytest.raises(KeyError):
        profiles.unit_years(ds, "commune", "99999@", "vi")


def test_area_comparison_of_a_commune(ds):
    got = profiles.area_comparison(ds, 2023, "commune", "10101@", "vi")
    expected = frame(
        [
            ("LEAD", LEAD, 50.0, 75.0, 220 / 3),
            ("ONESTOP", "Thực hiện cơ chế một cửa, một cửa liên thông", 50.0, 55.0, 200 / 3),
        ],
        ["area_code", "area_name", "self", "district_mean", "level_mean"],
    )
    pdt.assert_frame_equal(got, expected, check_dtype=False)


def test_the_communes_of_a_year_compare_with_one_field_read_once(tiny_dir):
    """Each commune's page compares it with the same field: the year's area cells are read once
    per data version, and each commune still gets its own row."""
    from cchc_metrics.engine.dataset import open_dataset

    fresh = open_dataset(tiny_dir, use_cache=False)
    try:
        asked = []
        query = fresh.query
        fresh.query = lambda name, **params: asked.append(name) or query(name, **params)
        first = profiles.area_comparison(fresh, 2023, "commune", "10101@", "vi")
        second = profiles.area_comparison(fresh, 2023, "commune", "10102@", "vi")
        assert asked.count("score_cells") == 1
        assert list(first["self"]) == [50.0, 50.0]
        assert list(second["level_mean"]) == list(first["level_mean"])
        assert list(second["self"]) != list(first["self"])
    finally:
        fresh.close()


def test_area_comparison_of_a_district_names_the_best(ds):
    got = profiles.area_comparison(ds, 2023, "district", "101@", "en")
    expected = frame(
        [
            ("LEAD", "Direction and management of reform", 80.0, 85.0, 90.0),
            ("PROC", "Administrative-procedure reform", 70.0, 80.0, 90.0),
        ],
        ["area_code", "area_name", "self", "level_mean", "best"],
    )
    pdt.assert_frame_equal(got, expected, check_dtype=False)
    assert got.attrs["best_name"] == "Quận B"


def test_district_communes_ranked_within_the_district(ds):
    got = profiles.district_communes(ds, 2024, "101", "vi")
    expected = frame(
        [
            ("10101", "Xã Một", "Xã Một", 1, 1, 90.0, "Rất tốt", 40.0, 2, 90.0, 90.0),
            ("10102", "Phường Hai", "Phường Hai", 1, 1, 90.0, "Rất tốt", 10.0, 0, 100.0, 80.0),
        ],
        [
            "unit_code",
            "unit_name",
            "label",
            "rank",
            "district_rank",
            "index_pct",
            "band",
            "delta_pct",
            "rank_change",
            "LEAD",
            "ONESTOP",
        ],
        rank="Int64",
        district_rank="Int64",
        rank_change="Int64",
    )
    pdt.assert_frame_equal(got, expected, check_dtype=False)


def test_criteria_table_leaves_a_criterion_that_does_not_apply_empty(ds):
    got = profiles.criteria_table(ds, "102@", 2023, "vi")
    expected = frame(
        [
            (LEAD, "D.LEAD.1", "Kế hoạch CCHC", 10.0, 9.0, 9.0, 1.0),
            (PROC, "D.PROC.1", "Công khai TTHC", 20.0, 18.0, 18.0, 2.0),
            (PROC, "D.PROC.2", "Hồ sơ đúng hạn", 10.0, NAN, NAN, NAN),
        ],
        ["area", "criterion_code", "criterion_name", "max_points", "self_score", "score", "points_lost"],
    )
    pdt.assert_frame_equal(got, expected, check_dtype=False)


def test_findings_table_keeps_text_as_written(ds):
    got = profiles.findings_table(ds, "10101@", "en")
    expected = [
        [2024, "2024-03-30", "Recommendation", None, None, "Khắc phục trong 30 ngày"],
        [
            2024,
            "2024-03-30",
            "Weakness",
            "Direction and management of reform",
            "X.LEAD.1",
            "<b>Sổ theo dõi</b> thiếu thông tin",
        ],
    ]
    assert got.astype(object).where(got.notna(), None).values.tolist() == expected
    assert list(got.columns) == ["year", "inspected_on", "kind", "area", "criterion_code", "text"]


def test_unit_options_label_communes_with_their_district(ds):
    got = profiles.unit_options(ds, 2024, "commune", "vi")
    assert list(got["label"]) == ["Phường Hai (Huyện A)", "Xã Một (Huyện A)", "Xã Ba (Quận B)"]


def test_unit_options_sorted_as_vietnamese_readers_expect(tmp_path):
    """The picker's order comes from SQL: it must be labels.sort_key's, ties and Đ included."""
    names = ["Đông Hải", "Dong Hải", "Đồng Xuân", "Ô Môn", "O Môn", "Ôn", "ẲĐ", "Ẳd", "an Phú", "Ăn Phú", "AN PHÚ"]
    units = "unit_code,unit_name,unit_type,level,parent_code,valid_from_year,valid_to_year,note\n" + "".join(
        f"{101 + i},{name},huyện,district,,,,\n" for i, name in enumerate(names)
    )
    root = write_dir(
        tmp_path / "names",
        {"units.csv": units, "inspections/2024.csv": HEADER + "2024,101,LEAD,D.LEAD.1,Kế hoạch,10,9,9\n"},
    )
    got = profiles.unit_options(open_dataset(root, use_cache=False), 2024, "district", "vi")
    assert list(got["unit_name"]) == sorted(names, key=sort_key)


def test_area_ranking_bands_the_area_result(ds):
    got = reform_areas.area_ranking(ds, 2024, "commune", "ONESTOP", "vi")
    expected = frame(
        [
            (1, "10101", "Xã Một", "Xã Một", "Huyện A", 90.0, "Rất tốt", 90.0),
            (2, "10102", "Phường Hai", "Phường Hai", "Huyện A", 80.0, "Tốt", 90.0),
            (3, "10201", "Xã Ba", "Xã Ba", "Quận B", 40.0, "Yếu", 50.0),
        ],
        ["rank", "unit_code", "unit_name", "label", "district_name", "area_pct", "band", "index_pct"],
        rank="Int64",
    )
    pdt.assert_frame_equal(got, expected, check_dtype=False)
    with pytest.raises(ValueError):
        reform_areas.area_ranking(ds, 2024, "commune", "NOPE", "vi")


def test_units_by_area_sorted_on_the_chosen_area(ds):
    got = reform_areas.units_by_area(ds, 2023, "commune", "vi", sort_area="ONESTOP")
    expected = frame(
        [
            ("10201", "Xã Ba", "Xã Ba", "Quận B", 80.0, 70.0, 90.0),
            ("10102", "Phường Hai", "Phường Hai", "Huyện A", 80.0, 100.0, 60.0),
            ("10101", "Xã Một", "Xã Một", "Huyện A", 50.0, 50.0, 50.0),
        ],
        ["unit_code", "unit_name", "label", "district_name", "index_pct", "LEAD", "ONESTOP"],
    )
    pdt.assert_frame_equal(got, expected, check_dtype=False)


def test_area_over_years_per_level(ds):
    got = reform_areas.area_over_years(ds, "LEAD")
    expected = frame(
        [
            (2023, "district", 2, 85.0, 80.0, 90.0),
            (2023, "commune", 3, 220 / 3, 50.0, 100.0),
            (2024, "district", 2, 95.0, 90.0, 100.0),
            (2024, "commune", 3, 250 / 3, 60.0, 100.0),
        ],
        ["year", "level", "units", "mean_pct", "min_pct", "max_pct"],
    )
    pdt.assert_frame_equal(got, expected, check_dtype=False)


def test_area_over_years_without_districts_is_absent_not_zero(gap_ds):
    got = reform_areas.area_over_years(gap_ds, "PROC")
    assert list(got["units"]) == [2, 0, 2, 0]
    assert got["mean_pct"].isna().tolist() == [False, True, False, True]


def test_criteria_losing_most_points_first(ds):
    got = reform_areas.criteria_losing(ds, 2023, "district", "PROC")
    expected = frame(
        [
            ("D.PROC.1", "Công khai TTHC", 20.0, 2, 7.0, 3.5, 82.5, 0.0),
            ("D.PROC.2", "Hồ sơ đúng hạn", 10.0, 1, 4.0, 4.0, 60.0, 0.0),
        ],
        [
            "criterion_code",
            "criterion_name",
            "max_points",
            "units",
            "points_lost",
            "lost_per_unit",
            "criterion_pct",
            "share_below_half",
        ],
    )
    pdt.assert_frame_equal(got, expected, check_dtype=False)


def test_movers_same_unit_in_both_years(ds):
    got = trends.movers(ds, "commune", 2023, 2024)
    expected = frame(
        [
            ("10101", "Xã Một", "Xã Một", "Huyện A", 50.0, 90.0, 40.0, 3, 1, 2),
            ("10102", "Phường Hai", "Phường Hai", "Huyện A", 80.0, 90.0, 10.0, 1, 1, 0),
            ("10201", "Xã Ba", "Xã Ba", "Quận B", 80.0, 50.0, -30.0, 1, 3, -2),
        ],
        [
            "unit_code",
            "unit_name",
            "label",
            "district_name",
            "from_pct",
            "to_pct",
            "change_pct",
            "from_rank",
            "to_rank",
            "rank_change",
        ],
        from_rank="Int64",
        to_rank="Int64",
        rank_change="Int64",
    )
    pdt.assert_frame_equal(got, expected, check_dtype=False)
    assert list(trends.biggest_moves(got, 1)["unit_code"]) == ["10101", "10201"]


def test_movers_leave_out_a_unit_that_did_not_exist_in_the_first_year(gap_ds):
    assert list(trends.movers(gap_ds, "commune", 2023, 2024)["unit_code"]) == ["10101", "10102"]
    assert trends.default_change_years(gap_ds, "commune") == (2023, 2024)


def test_index_lines_with_peers(ds):
    got = trends.index_lines(ds, "district", ["101@"], {"101@": "Huyện A"}, "Bình quân")
    expected = frame(
        [(2023, "Huyện A", 72.5), (2024, "Huyện A", 90.0), (2023, "Bình quân", 81.25), (2024, "Bình quân", 90.0)],
        ["year", "series", "value"],
    )
    pdt.assert_frame_equal(got, expected, check_dtype=False)
    ranks = trends.index_lines(ds, "district", ["101@"], {"101@": "Huyện A"}, "Bình quân", value="rank")
    assert ranks.values.tolist() == [[2023, "Huyện A", 2.0], [2024, "Huyện A", 1.0]]


def test_unit_choices_and_defaults(gap_ds):
    got = trends.unit_choices(gap_ds, "commune", "vi")
    assert list(got["label"]) == ["Phường Hai (Huyện A)", "Xã Ba (Quận B, 2024)", "Xã Một (Huyện A)"]
    assert trends.default_units(gap_ds, "district") == ["101@", "102@"]
    assert trends.default_units(gap_ds, "commune") == ["10101@", "10102@"]


def test_framework_per_year(ds):
    got = method.framework(ds, "district", "vi")
    expected = frame(
        [(2023, 3, 40.0, 10.0, 30.0), (2024, 3, 40.0, 10.0, 30.0)], ["year", "criteria", "max_points", "LEAD", "PROC"]
    )
    pdt.assert_frame_equal(got, expected, check_dtype=False)
    one = method.framework_year(ds, 2023, "commune", "en")
    expected = frame(
        [("Direction and management of reform", 1, 10.0, 50.0), ("One-stop mechanism", 1, 10.0, 50.0)],
        ["area", "criteria", "max_points", "share_pct"],
    )
    pdt.assert_frame_equal(one, expected, check_dtype=False)


def test_band_table_default_scheme(ds):
    got = method.band_table(ds, "en")
    expected = frame(
        [
            ("2023–2024", b, m)
            for b, m in [("Very good", 90.0), ("Good", 80.0), ("Fair", 70.0), ("Average", 50.0), ("Weak", 0.0)]
        ],
        ["years", "band", "min_pct"],
    )
    pdt.assert_frame_equal(got, expected)


def test_coverage_and_grid(gap_ds):
    got = method.coverage(gap_ds)
    expected = frame(
        [
            (2023, "commune", 2, 2, 4, 0),
            (2023, "district", 2, 2, 6, 0),
            (2024, "commune", 3, 3, 6, 0),
            (2024, "district", 2, 2, 6, 0),
        ],
        ["year", "level", "units_valid", "units_scored", "criterion_rows", "findings"],
    )
    pdt.assert_frame_equal(got, expected, check_dtype=False)
    grid = method.coverage_grid(gap_ds, "commune")
    assert list(grid.columns) == [2023, 2024]
    assert grid.index.tolist() == ["Xã Một", "Phường Hai", "Xã Ba"]
    assert grid.fillna(-1).values.tolist() == [[50.0, 90.0], [80.0, 90.0], [-1, 50.0]]
    assert method.is_synthetic(gap_ds) is False


def test_top_bottom():
    table = pd.DataFrame({"name": list("abcde"), "v": [3.0, 5.0, NAN, 1.0, 4.0]})
    assert list(top_bottom(table, "v", "top", 2)["name"]) == ["b", "e"]
    assert list(top_bottom(table, "v", "bottom", 2)["name"]) == ["a", "d"]
    assert list(top_bottom(table, "v", "all", 2)["name"]) == ["b", "e", "a", "d", "c"]
    with pytest.raises(ValueError):
        top_bottom(table, "v", "middle", 2)


def test_show_choices_never_offer_a_chart_of_thousands():
    assert show_choices(15, 15) == ["all"]
    assert show_choices(80, 15) == ["top", "bottom", "all"]
    assert show_choices(ALL_AT_MOST, 15) == ["top", "bottom", "all"]
    assert show_choices(ALL_AT_MOST + 1, 15) == ["top", "bottom"]
    assert show_choices(10_600, 15) == ["top", "bottom"]
