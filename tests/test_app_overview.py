"""The overview page in both languages, driven by AppTest on the demo data."""

import pytest
from app_helpers import chart_subtitles, chart_titles, open_tab, tab_labels, titles_by_tab
from helpers import PROJECT
from streamlit.testing.v1 import AppTest

ENTRY = str(PROJECT / "dashboard.py")


def start(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


@pytest.mark.parametrize(
    "lang,title,map_title,chart_title",
    [
        (
            "vi",
            "Tổng quan Chỉ số CCHC",
            "Xếp loại các xã, phường – Cần Thơ (tỉnh cũ), năm 2024",
            "Chỉ số CCHC các quận, huyện – Cần Thơ (tỉnh cũ), năm 2024",
        ),
        (
            "en",
            "Administrative-reform index: overview",
            "Bands of communes – former Cần Thơ, 2024",
            "Reform index of districts – former Cần Thơ, 2024",
        ),
    ],
)
def test_overview_in_both_languages(lang, title, map_title, chart_title):
    # 2025 has no districts: 2024 is the last year with both levels, before the merger: the first
    # former province (Cần Thơ) is shown, and the page says its ranks are within it
    at = start({"lang": lang, "year": "2024"})
    assert not at.exception
    assert [t.value for t in at.title] == [title]
    assert chart_titles(at) == [map_title]  # the map's tab is open: the communes by band
    titles = titles_by_tab(at, ["districts", "communes", "spread"])
    assert [len(v) for v in titles.values()] == [1, 1, 1]
    assert titles["districts"] == [chart_title]
    assert titles["communes"] == [
        {
            "vi": "Chỉ số CCHC các xã, phường – Cần Thơ (tỉnh cũ), năm 2024",
            "en": "Reform index of communes – former Cần Thơ, 2024",
        }[lang]
    ]
    assert titles["spread"][0].endswith("2024")
    assert not at.error


def test_a_year_without_districts_opens_on_the_communes():
    # 2025: communes only, and no districts to group them by
    at = start({"year": "2025", "lang": "en", "tab": "districts"})
    assert not at.exception
    assert tab_labels(at) == ["Map", "Communes ranked", "Departments ranked"]
    assert chart_titles(at) == ["Bands of communes – Can Tho City, 2025"]  # the first tab: the map
    at = open_tab(at, "communes")
    assert chart_titles(at) == ["Reform index of communes – Can Tho City, 2025"]
    assert chart_subtitles(at)[0].startswith("Top 15 of ")
    assert at.radio(key="commune_show").options == ["Top 15", "Bottom 15"]  # 103: too many for one chart
    # communes and departments, no districts: no district column that would be empty on every row
    assert at.radio(key="level").options == ["Communes", "Departments"]
    # the first table: the communes below their target (targets.csv), folded under the chart
    assert list(at.dataframe[0].value.columns) == [
        "Rank",
        "Unit",
        "Index / area",
        "Score (%)",
        "Target (%)",
        "Short by (points)",
    ]
    assert list(at.dataframe[1].value.columns) == [
        "Rank",
        "Unit",
        "Index (%)",
        "Band",
        "Change (pct points)",
        "Rank change",
    ]


def test_year_from_url_changes_what_is_shown():
    at = start({"year": "2016", "tab": "districts"})
    assert at.selectbox(key="year").value == 2016
    # the figure's JSON read as JSON: without orjson, plotly escapes "năm" as "n\u0103m"
    assert chart_titles(at) == ["Chỉ số CCHC các quận, huyện – TP. Cần Thơ, năm 2016"]
    district_card = at.metric[0]
    assert district_card.value == "84,03 %"  # 2016 district average of the demo data (published: 84,05)


def test_level_switch_changes_the_table():
    at = start({"year": "2024"})
    assert len(at.dataframe[-1].value) == 9
    at.radio(key="level").set_value("commune").run()
    assert len(at.dataframe[-1].value) == 80
    assert at.query_params["level"] in ("commune", ["commune"])
