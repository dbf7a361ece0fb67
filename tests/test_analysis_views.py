"""Tables of the strengths page (analysis/views.py) and its charts, on the planted analysis fixture.

See tests/analysis_fixture.py for the planted patterns: Một far below its peers in ONESTOP in
2023 and fixed in 2024, Năm weak in LEAD both years, every commune losing half of X.PROC.1 in
2024, Một over-claiming ONESTOP in 2023, Sáu merged away after 2023.
"""

import pandas as pd
import pytest
from analysis_fixture import records

from cchc_metrics.analysis import strengths as views
from cchc_metrics.analysis.province import lost_points
from cchc_metrics.present.charts.analysis import gap_heatmap, pareto_chart
from cchc_metrics.present.charts.common import ChartContext

ONESTOP_MENTORS = "Ba (95.00 %); Bốn (100.00 %)"


def test_levels_in_a_year(ds):
    assert views.levels_in(ds, 2023) == ["commune"]
    assert views.levels_in(ds, 2030) == []


def test_weakness_grid_puts_the_weakest_units_first(ds):
    grid = views.weakness_grid(ds, 2023, "commune", lang="en")
    assert list(grid.columns) == ["unit_id", "label", "weak_areas", "gap_below", "LEAD", "PROC", "ONESTOP"]
    assert records(grid) == [
        ("10101@", "Một (A)", 1, -62.5, 0.0, 20.0, -62.5),
        ("10202@", "Năm (B)", 1, -32.5, -30.0, 0.0, -2.5),
        ("10203@", "Sáu (B)", 0, -2.5, 0.0, 0.0, -2.5),
        ("10103@", "Ba (A)", 0, 0.0, 0.0, 0.0, 7.5),
        ("10201@", "Bốn (B)", 0, 0.0, 10.0, 0.0, 12.5),
        ("10102@", "Hai (A)", 0, 0.0, 0.0, 0.0, 2.5),
    ]
    assert grid.attrs["units"] == 6


@pytest.mark.parametrize("top", [1, 2, 3, 4, 5, 6, 7])
def test_the_weakness_grid_top_rows_are_the_whole_grid_head(ds, top):
    """Ties on the numbers (three units with no gap below the median) are still ordered by name."""
    whole = views.weakness_grid(ds, 2023, "commune", lang="en")
    head = views.weakness_grid(ds, 2023, "commune", lang="en", top=top)
    pd.testing.assert_frame_equal(head, whole.head(top))
    assert head.attrs["units"] == 6


def test_exemplars_per_area_named_with_their_district(ds):
    assert records(views.exemplar_table(ds, 2023, "commune", lang="en")) == [
        ("Direction and management of reform", 1, "Bốn (B)", 100.0, 90.0, 10.0),
        ("Administrative-procedure reform", 1, "Một (A)", 100.0, 80.0, 20.0),
        ("One-stop mechanism", 1, "Bốn (B)", 100.0, 87.5, 12.5),
        ("One-stop mechanism", 2, "Ba (A)", 95.0, 87.5, 7.5),
    ]


def test_weakness_list_ranks_gaps_and_names_whom_to_learn_from(ds):
    table = views.weakness_list(ds, 2023, "commune", lang="en")
    assert list(table.columns) == [
        "order",
        "unit",
        "area_name",
        "gap_to_median",
        "learn_from",
        "area_pct",
        "peer_median",
        "area_rank",
        "peers",
    ]
    assert records(table) == [
        (1, "Một (A)", "One-stop mechanism", -62.5, ONESTOP_MENTORS, 25.0, 87.5, 6, 6),
        (2, "Năm (B)", "Direction and management of reform", -30.0, "Bốn (100.00 %)", 60.0, 90.0, 6, 6),
    ]


def test_still_chronic_keeps_runs_open_in_the_year(ds):
    assert records(views.still_chronic(ds, 2024, "commune", lang="en")) == [
        ("Năm (B)", "Direction and management of reform", 2023, 2, 60.0, 90.0),  # weak since 2023, 2 years
    ]
    assert views.still_chronic(ds, 2023, "commune").empty  # one weak year is not chronic


def test_over_claimers_named(ds):
    assert records(views.over_claimer_table(ds, 2023, "commune", lang="en")) == [
        (1, "Một (A)", 11.0, 27.5, "One-stop mechanism", 55.0),
        (2, "Hai (A)", 1.0, 2.5, "Direction and management of reform", 10.0),
    ]


def test_fixed_by_district_follows_the_year_before_into_the_year(ds):
    assert records(views.fixed_by_district(ds, 2024, "commune")) == [
        ("101", "A", 2, 2, 0, 0, 0, 0, 2, 100.0),
        ("102", "B", 3, 0, 0, 2, 0, 1, 2, 0.0),
    ]
    assert views.fixed_by_district(ds, 2023, "commune").empty  # 2022 was not scored


def test_unit_strengths_and_weaknesses_with_mentors(ds):
    parts = views.unit_strengths(ds, 2023, "10101", lang="en")
    assert records(parts["areas"]) == [
        ("LEAD", "Direction and management of reform", 90.0, 90.0, 0.0, 2, 6, "typical", 90.0, "typical"),
        ("PROC", "Administrative-procedure reform", 100.0, 80.0, 20.0, 1, 6, "strength", 80.0, "strength"),
        ("ONESTOP", "One-stop mechanism", 25.0, 87.5, -62.5, 6, 6, "weakness", 90.0, "weakness"),
    ]
    assert records(parts["strengths"]) == [
        ("area", "Administrative-procedure reform", "", 20.0, 100.0, 80.0, ""),
        ("criterion", "Administrative-procedure reform", "Công khai TTHC", 20.0, 100.0, 80.0, "X.PROC.1"),
    ]
    assert records(parts["weaknesses"]) == [
        ("area", "One-stop mechanism", "", -62.5, ONESTOP_MENTORS, 25.0, 87.5, ""),
        ("criterion", "One-stop mechanism", "Sổ theo dõi hồ sơ", -60.0, "", 30.0, 90.0, "X.ONESTOP.2"),
        ("criterion", "One-stop mechanism", "Bộ phận một cửa", -70.0, "", 20.0, 90.0, "X.ONESTOP.1"),
    ]
    vi = views.unit_strengths(ds, 2023, "10101", lang="vi")
    assert list(vi["areas"]["position"]) == ["bình thường", "điểm mạnh", "điểm yếu"]


def test_unit_remediation_reports_last_years_weakness_fixed(ds):
    table = views.unit_remediation(ds, 2024, "10101", lang="en")
    assert list(table.columns) == [
        "area_name",
        "status",
        "prev_pct",
        "pct",
        "change",
        "source",
        "criterion_code",
        "text",
    ]
    assert records(table) == [
        ("One-stop mechanism", "fixed", 25.0, 90.0, 65.0, "against peers", "", ""),
        (
            "One-stop mechanism",
            "fixed",
            20.0,
            90.0,
            70.0,
            "inspection finding",
            "X.ONESTOP.1",
            "Sổ theo dõi hồ sơ thiếu thông tin",
        ),
    ]
    assert table.attrs["assessed_before"] is True
    first = views.unit_remediation(ds, 2023, "10101")
    assert first.empty and first.attrs["assessed_before"] is False


def test_finding_choices_per_year(ds):
    assert views.finding_choices(ds, None, "en") == {
        "districts": {"101": "A", "102": "B"},
        "units": {"10103@": "Ba (A)", "10101@": "Một (A)", "10202@": "Năm (B)", "10203@": "Sáu (B)"},
    }
    assert views.finding_choices(ds, 2024, "en")["units"] == {"10101@": "Một (A)", "10202@": "Năm (B)"}
    assert views.finding_choices(ds, 2030, "en") == {"districts": {}, "units": {}}


def test_finding_table_searches_without_accents_beside_the_scores(ds):
    table = views.finding_table(ds, text="so theo doi", lang="en")
    assert list(table.columns) == [
        "year",
        "unit",
        "kind",
        "area_name",
        "area_pct",
        "criterion_code",
        "criterion_pct",
        "text",
        "index_pct",
        "inspected_on",
        "unit_id",
        "unit_code",
        "area_code",
        "kind_code",
    ]
    shown = ["year", "unit", "kind", "area_name", "criterion_code", "text", "index_pct", "area_pct", "criterion_pct"]
    assert records(table, shown) == [
        (
            2023,
            "Một (A)",
            "weakness",
            "One-stop mechanism",
            "X.ONESTOP.1",
            "Sổ theo dõi hồ sơ thiếu thông tin",
            60.0,
            25.0,
            20.0,
        ),
        (
            2023,
            "Sáu (B)",
            "weakness",
            "Administrative-procedure reform",
            "X.PROC.1",
            "Sổ theo dõi  hồ sơ thiếu thông tin.",
            85.0,
            80.0,
            80.0,
        ),
        (
            2024,
            "Năm (B)",
            "weakness",
            "One-stop mechanism",
            "X.ONESTOP.2",
            "SỔ THEO DÕI hồ sơ thiếu thông tin",
            72.5,
            90.0,
            90.0,
        ),
    ]
    asked = []
    sql = ds.sql
    ds.sql = lambda text, params=None: asked.append(params) or sql(text, params)
    try:
        one = views.finding_table(ds, unit_id="10101@", lang="vi")
    finally:
        del ds.sql
    # one unit's findings are looked up by its code, not cut from every finding of the province
    assert [params["unit"] for params in asked if params and "needle" in params] == ["10101"]
    assert records(one, ["year", "kind", "area_name", "text", "index_pct", "area_pct"]) == [
        (
            2023,
            "hạn chế",
            "Thực hiện cơ chế một cửa, một cửa liên thông",
            "Sổ theo dõi hồ sơ thiếu thông tin",
            60.0,
            25.0,
        ),
        (2024, "kiến nghị", "", "Đề nghị duy trì kết quả", 82.5, None),
    ]
    hostile = views.finding_table(ds, text="'; drop table findings; --", lang="en")
    assert hostile.empty and list(hostile.columns) == list(table.columns)


def test_themes_recur_across_units_and_years(ds):
    assert records(views.theme_table(views.finding_table(ds, lang="en"), lang="en")) == [
        ("weakness", "Sổ theo dõi hồ sơ thiếu thông tin", 3, 3, 2, 2023, 2024),
    ]
    by_area = views.theme_table(views.finding_table(ds, lang="vi"), by="area", lang="vi")
    assert records(by_area) == [("hạn chế", "Thực hiện cơ chế một cửa, một cửa liên thông", 2, 2, 2, 2023, 2024)]
    assert views.theme_table(views.finding_table(ds, text="nothing like this")).empty


def test_criterion_labels_cut_and_told_apart():
    frame = pd.DataFrame(
        {
            "criterion_code": ["A.1", "A.2", "B.1"],
            "criterion_name": ["Công khai TTHC đầy đủ", "Công khai TTHC đúng hạn", "Ngắn"],
        }
    )
    assert list(views.criterion_labels(frame, width=12)) == ["Công khai T… (A.1)", "Công khai T… (A.2)", "Ngắn"]


def test_pareto_chart_bars_and_cumulative_line(ds):
    lost = lost_points(ds, 2024, "commune")
    frame = lost.assign(label=views.criterion_labels(lost))
    fig = pareto_chart(
        frame,
        ChartContext(lang="vi", region="Tỉnh X"),
        "Tiêu đề – Tỉnh X, năm 2024",
        "phụ",
        "Điểm bị trừ",
        "% cộng dồn",
    )
    bars, line = fig.data
    # every commune loses half of X.PROC.1 in 2024: it tops the Pareto
    assert list(bars.x) == list(frame["label"]) and bars.x[0] == "Công khai TTHC"
    assert list(bars.y) == list(frame["points_lost"]) and list(line.y) == list(frame["cumulative_pct"])
    assert line.yaxis == "y2" and list(fig.layout.yaxis2.range) == [0, 105]
    assert fig.layout.title.text.startswith("Tiêu đề – Tỉnh X, năm 2024")


def test_gap_heatmap_cells_signed_blank_when_missing():
    wide = pd.DataFrame({"LEAD": [-12.345, 0.0], "PROC": [3.0, float("nan")]}, index=["Một (A)", "Hai (A)"])
    fig = gap_heatmap(wide, ChartContext(lang="vi"), "T", "", "± điểm %")
    assert [list(row) for row in fig.data[0].text] == [["-12,3", "+3,0"], ["0,0", ""]]
    assert fig.data[0].zmid == 0 and fig.data[0].zmin == -fig.data[0].zmax
