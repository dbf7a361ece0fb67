"""The reform-area page, driven by AppTest on the demo data, in both languages."""

import pytest
from app_helpers import (
    chart_subtitles,
    chart_titles,
    csv_download_serves,
    open_page,
    open_tab,
    problems,
    tab_labels,
    titles_by_tab,
)


@pytest.mark.parametrize(
    "lang,title,ranking",
    [
        (
            "vi",
            "Kết quả theo lĩnh vực",
            "Cải cách thủ tục hành chính: xếp hạng các xã, phường – Cần Thơ (tỉnh cũ), năm 2024",
        ),
        ("en", "Results by reform area", "Administrative-procedure reform: communes ranked – former Cần Thơ, 2024"),
    ],
)
def test_area_page_in_both_languages(lang, title, ranking):
    at = open_page("reform_area", {"lang": lang, "year": "2024", "level": "commune", "area": "PROC"})
    assert problems(at) == []
    assert [x.value for x in at.title] == [title]
    assert chart_titles(at) == [ranking]
    titles = titles_by_tab(at, ["ranking", "areas", "ranks", "years", "criteria", "map"])
    assert titles["ranking"] == [ranking]
    assert [len(v) for v in titles.values()] == [1, 1, 1, 1, 1, 1]
    assert titles["years"][0].endswith("2014–2026")
    assert titles["ranks"][0].endswith("2024")
    assert titles["map"][0].endswith("2024")
    assert len(tab_labels(at)) == 6


def test_long_ranking_shows_top_n_with_a_way_to_see_all():
    at = open_page("reform_area", {"year": "2024", "level": "commune", "area": "PROC"})
    assert chart_subtitles(at)[0].startswith("15 đơn vị cao nhất trong 80")
    at.radio(key="show").set_value("all").run()
    assert chart_subtitles(at)[0].startswith("Tất cả 80 đơn vị")
    assert at.query_params["show"] in ("all", ["all"])


def test_query_restores_area_and_sort_and_downloads_match():
    at = open_page(
        "reform_area", {"year": "2016", "level": "district", "area": "IMPACT", "sort": "FIN", "tab": "areas"}
    )
    assert problems(at) == []
    assert at.selectbox(key="area").value == "IMPACT"
    assert at.selectbox(key="sort").value == "FIN"
    assert "sắp xếp theo Cải cách tài chính công" in chart_subtitles(at)[0]
    ranking, criteria = at.dataframe[-2].value, at.dataframe[-1].value
    assert len(ranking) == 9
    assert csv_download_serves(at, ranking, "area-ranking_impact_district_2016.csv")
    assert csv_download_serves(at, criteria, "area-criteria_impact_district_2016.csv")
    at.selectbox(key="area").set_value("PROC").run()
    assert chart_titles(open_tab(at, "ranking"))[0].startswith("Cải cách thủ tục hành chính")


def test_2025_offers_communes_and_departments_no_districts():
    at = open_page("reform_area", {"year": "2025", "area": "PROC"})
    assert problems(at) == []
    assert at.radio(key="level").options == ["Xã/phường", "Sở, ban, ngành"]
