"""The trends page, driven by AppTest on the demo data, in both languages."""

import pytest
from app_helpers import chart_titles, csv_download_serves, open_page, open_tab, problems, titles_by_tab


@pytest.mark.parametrize(
    "lang,title,first",
    [
        ("vi", "Xu hướng qua các năm", "Chỉ số CCHC các quận, huyện qua các năm – TP. Cần Thơ, 2014–2024"),
        ("en", "Trends over the years", "Reform index of districts over the years – Can Tho City, 2014–2024"),
    ],
)
def test_trends_in_both_languages(lang, title, first):
    at = open_page("trends", {"lang": lang, "year": "2024", "level": "district"})
    assert problems(at) == []
    assert [x.value for x in at.title] == [title]
    assert chart_titles(at) == [first]
    # every district of the longest record by default: the old city's nine (2014–2024)
    assert len(at.multiselect(key="units").value) == 9
    titles = titles_by_tab(at, ["index", "rank", "movers"])
    assert [len(v) for v in titles.values()] == [1, 1, 1]
    assert titles["rank"][0].endswith("2014–2024")


def test_query_restores_units_and_years_and_download_matches():
    at = open_page("trends", {"year": "2024", "level": "district", "units": "917@,927@", "from": "2015", "to": "2016"})
    assert problems(at) == []
    assert at.multiselect(key="units").value == ["917@", "927@"]
    open_tab(at, "movers")
    assert chart_titles(at) == ["Thay đổi chỉ số CCHC các quận, huyện, 2015–2016 – TP. Cần Thơ"]
    table = at.dataframe[-1].value
    assert list(table["Đơn vị"])[:3] == ["Thới Lai", "Cái Răng", "Ô Môn"]  # most improved first
    assert csv_download_serves(at, table, "changes_district_2015-2016.csv")
    open_tab(at, "index").multiselect(key="units").unselect("927@").run()
    assert at.query_params["units"] in ("917@", ["917@"])


def test_communes_default_to_the_latest_years_with_common_units():
    at = open_page("trends", {"year": "2024", "level": "commune", "tab": "movers"})
    assert problems(at) == []
    # the merged city's 103 communes were scored in 2025 and 2026: the latest pair
    assert (at.selectbox(key="from").value, at.selectbox(key="to").value) == (2025, 2026)
    assert len(at.dataframe[-1].value) == 103


def test_a_link_with_more_units_than_allowed_keeps_the_first_ten():
    # a province's default (every district) or a hand-made link may name more than the picker's 10
    ids = [
        "31150@2025",
        "31150@",
        "31129@",
        "31120@",
        "31132@",
        "31149@",
        "31138@",
        "31126@",
        "31141@",
        "31177@",
        "31195@",
        "31168@2025",
    ]
    at = open_page("trends", {"year": "2024", "level": "commune", "units": ",".join(ids)})
    assert problems(at) == []
    assert at.multiselect(key="units").value == ids[:10]
