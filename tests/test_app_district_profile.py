"""The district profile page, driven by AppTest on the demo data, in both languages."""

import pytest
from app_helpers import chart_titles, csv_download_serves, open_page, open_tab, problems, tab_labels, titles_by_tab


@pytest.mark.parametrize(
    "lang,title,first_chart",
    [
        ("vi", "Hồ sơ quận, huyện", "Chỉ số CCHC của Ô Môn – TP. Cần Thơ, 2014–2024"),
        ("en", "District profile", "Reform index of Ô Môn – Can Tho City, 2014–2024"),
    ],
)
def test_district_page_in_both_languages(lang, title, first_chart):
    at = open_page("district_profile", {"lang": lang, "year": "2016", "district": "917"})
    assert problems(at) == []
    assert [t.value for t in at.title] == [title]
    assert chart_titles(at) == [first_chart]  # the first tab is open: its chart only
    labels = (
        [
            "Chỉ số qua các năm",
            "Thứ hạng qua các năm",
            "Theo lĩnh vực",
            "Xếp hạng xã, phường",
            "Xã, phường theo lĩnh vực",
            "Một tiêu chí qua các năm",
        ]
        if lang == "vi"
        else [
            "Index over the years",
            "Rank over the years",
            "By reform area",
            "Communes ranked",
            "Communes by area",
            "One criterion over the years",
        ]
    )
    assert tab_labels(at) == labels
    titles = titles_by_tab(at, ["index", "rank", "areas", "communes", "communes_areas"])
    assert [len(v) for v in titles.values()] == [1, 1, 1, 1, 1]
    assert titles["index"] == [first_chart]
    assert all("2016" in titles[code][0] for code in ("areas", "communes", "communes_areas"))  # the chosen year
    assert at.query_params["tab"] in ("communes_areas", ["communes_areas"])  # a copied link opens the same chart
    assert at.metric[1].value == ("1/9" if lang == "vi" else "1 of 9")  # published: Ô Môn 1st in 2016


def test_query_restores_the_view_and_widgets_change_it():
    at = open_page("district_profile", {"year": "2016", "district": "923"})
    assert at.selectbox(key="district").value == "923"
    assert at.selectbox(key="year").value == 2016
    assert "Thốt Nốt" in chart_titles(at)[0]
    at.selectbox(key="district").set_value("927").run()
    assert "Thới Lai" in chart_titles(at)[0]
    assert at.query_params["district"] in ("927", ["927"])
    open_tab(at, "areas")
    at.selectbox(key="year").set_value(2015).run()
    assert chart_titles(at)[0].endswith("năm 2015")


def test_download_is_the_communes_table_shown():
    at = open_page("district_profile", {"year": "2024", "district": "918"})
    shown = at.dataframe[-1].value
    assert len(shown) == 8  # Bình Thủy's communes in 2024
    assert csv_download_serves(at, shown, "communes_binh-thuy_2024.csv")


def test_a_year_without_districts_says_so_and_shows_the_last_year_with_districts():
    at = open_page("district_profile", {"year": "2025", "lang": "en"})
    assert problems(at) == []
    assert any("no district level in 2025" in i.value and "shows 2024" in i.value for i in at.info)
    assert chart_titles(open_tab(at, "areas"))[0].endswith("2024")


def test_the_tab_in_the_link_is_opened_and_an_unknown_one_opens_the_first():
    at = open_page("district_profile", {"year": "2016", "district": "917", "tab": "rank", "lang": "en"})
    assert chart_titles(at) == ["Rank of Ô Môn – Can Tho City, 2014–2024"]
    at = open_page("district_profile", {"year": "2016", "district": "917", "tab": "slide-3", "lang": "en"})
    assert chart_titles(at) == ["Reform index of Ô Môn – Can Tho City, 2014–2024"]
    assert at.query_params["tab"] in ("index", ["index"])
