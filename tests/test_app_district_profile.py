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


def test_a_year_without_districts_says_so_next_to_the_picker_and_shows_the_last_year_with_districts():
    at = open_page("district_profile", {"year": "2025", "lang": "en"})
    assert problems(at) == []
    assert at.selectbox(key="year").value == 2024
    assert at.selectbox(key="year").options == [str(y) for y in range(2024, 2013, -1)]
    assert [c.value for c in at.sidebar.caption] == [
        "There is no district level in 2025 (two-tier government since 1 July 2025): this page shows 2024, the last"
        " year with districts. 2025 communes are on the Commune profile page.",
        "This page has 2014–2024: there are no districts since 1 July 2025.",
    ]
    assert not [i for i in at.main.info if "2025" in i.value]  # said next to the picker, not in the page
    assert at.query_params["year"] in ("2024", ["2024"])
    assert chart_titles(open_tab(at, "areas"))[0].endswith("2024")


def test_the_page_opens_on_the_last_year_with_districts_and_says_which_years_it_has():
    at = open_page("district_profile", {"lang": "vi"})
    assert at.selectbox(key="year").value == 2024
    assert [c.value for c in at.sidebar.caption] == [
        "Trang này có số liệu năm 2014–2024: từ 1/7/2025 không còn cấp huyện."
    ]


def test_the_tab_in_the_link_is_opened_and_an_unknown_one_opens_the_first():
    at = open_page("district_profile", {"year": "2016", "district": "917", "tab": "rank", "lang": "en"})
    assert chart_titles(at) == ["Rank of Ô Môn – Can Tho City, 2014–2024"]
    at = open_page("district_profile", {"year": "2016", "district": "917", "tab": "slide-3", "lang": "en"})
    assert chart_titles(at) == ["Reform index of Ô Môn – Can Tho City, 2014–2024"]
    assert at.query_params["tab"] in ("index", ["index"])


def test_a_year_the_page_lacks_stays_the_year_of_the_pages_that_have_it():
    at = open_page("district_profile", {"year": "2026", "lang": "en"})
    assert at.selectbox(key="year").value == 2024
    assert at.sidebar.caption[0].value.startswith("There is no district level in 2026")
    at.switch_page("app_pages/overview.py").run()
    assert at.selectbox(key="year").value == 2026
    assert [c.value for c in at.sidebar.caption] == []


def test_a_year_before_departments_were_scored_opens_the_newest_and_says_so():
    at = open_page("department_profile", {"year": "2018", "lang": "vi"})
    assert problems(at) == []
    assert at.selectbox(key="year").value == 2026
    assert at.selectbox(key="year").options == [str(y) for y in range(2026, 2021, -1)]
    assert [c.value for c in at.sidebar.caption] == [
        "Năm 2018 chưa chấm điểm sở, ban, ngành: trang này hiển thị năm 2026."
    ]
