"""Units side by side: the area table and the criteria that differ most on the hand-computed
fixture, and the compare page opened from a shared link in both languages."""

from __future__ import annotations

import pytest
from analysis_fixture import records
from app_helpers import chart_titles, open_page, problems, titles_by_tab

from cchc_metrics.analysis.compare import area_table, criteria_differences, index_lines


def test_area_table_puts_the_units_side_by_side_in_report_order(ds):
    """2024: Một 10 9 9 5, Năm 6 9 9 5 (LEAD.1, ONESTOP.1, ONESTOP.2, PROC.1 of 10 points)."""
    found = area_table(ds, 2024, "commune", ["10202@", "10101@"], "en")
    assert list(found.columns) == ["area_code", "area_name", "10202@", "10101@"]
    assert records(found) == [
        ("LEAD", "Direction and management of reform", 60.0, 100.0),
        ("PROC", "Administrative-procedure reform", 50.0, 50.0),
        ("ONESTOP", "One-stop mechanism", 90.0, 90.0),
    ]


def test_criteria_differences_rank_the_criteria_by_their_spread(ds):
    """2023: Một 9 2 3 10, Năm 6 9 8 8, Sáu 9 8 9 8."""
    found = criteria_differences(ds, 2023, ["10101@", "10202@", "10203@"], top=3, lang="en")
    assert records(found) == [
        ("One-stop mechanism", "X.ONESTOP.1", "Bộ phận một cửa", 20.0, 90.0, 80.0, 70.0),
        ("One-stop mechanism", "X.ONESTOP.2", "Sổ theo dõi hồ sơ", 30.0, 80.0, 90.0, 60.0),
        ("Direction and management of reform", "X.LEAD.1", "Kế hoạch CCHC", 90.0, 60.0, 90.0, 30.0),
    ]


def test_index_lines_keep_the_years_a_unit_was_not_scored_empty(ds):
    units = [
        {"unit_id": "10101@", "unit_name": "Một", "label": "Một (A)"},
        {"unit_id": "10203@", "unit_name": "Sáu", "label": "Sáu (B)"},
    ]
    assert records(index_lines(ds, "commune", units)) == [
        (2023, "Một", 60.0),
        (2024, "Một", 82.5),
        (2023, "Sáu", 85.0),
        (2024, "Sáu", None),
    ]


@pytest.mark.parametrize(
    "lang,title,radar,difference",
    [
        (
            "vi",
            "So sánh đơn vị",
            "Kết quả theo lĩnh vực: Tân Thới, Trường Long – TP. Cần Thơ, năm 2014",
            "Trường Long so với Tân Thới (điểm %)",
        ),
        (
            "en",
            "Compare units",
            "Results by reform area: Tân Thới, Trường Long – Can Tho City, 2014",
            "Trường Long against Tân Thới (points)",
        ),
    ],
)
def test_two_communes_compare_side_by_side_from_a_shared_link(lang, title, radar, difference):
    at = open_page("compare", {"lang": lang, "level": "commune", "year": "2014", "units": "31306,31309"})
    assert problems(at) == []
    assert [x.value for x in at.title] == [title]
    assert at.multiselect(key="units").value == ["31306", "31309"]
    assert chart_titles(at) == [radar]
    table = at.dataframe[0].value
    assert list(table.columns)[-1] == difference
    assert len(table) == 9
    titles = titles_by_tab(at, ["trends", "criteria"])
    assert len(titles["trends"]) == 1 and "Tân Thới, Trường Long" in titles["trends"][0]
    assert len(at.dataframe[0].value) == 10  # the criteria tab: the ten that differ most


def test_one_unit_is_not_a_comparison():
    at = open_page("compare", {"lang": "en", "level": "commune", "year": "2014", "units": "31306"})
    assert problems(at) == []
    assert "Pick 2 to 4 units of one level to compare them." in [n.value for n in at.info]
    assert at.get("plotly_chart") == []
