"""The method and data page, driven by AppTest on the demo data, in both languages."""

import pytest
from app_helpers import chart_titles, csv_download_serves, open_page, open_tab, problems, tab_labels


@pytest.mark.parametrize(
    "lang,title,synthetic",
    [("vi", "Phương pháp và dữ liệu", "dữ liệu minh họa"), ("en", "Method and data", "synthetic demo data")],
)
def test_method_in_both_languages(lang, title, synthetic):
    at = open_page("method", {"lang": lang, "year": "2024"})
    assert problems(at) == []
    assert [x.value for x in at.title] == [title]
    assert synthetic in at.warning[0].value
    assert len(tab_labels(at)) == 4 and chart_titles(at) == []  # how scores are computed: text
    assert len(chart_titles(open_tab(at, "coverage"))) == 1


def test_level_and_year_change_the_framework_and_downloads_match():
    at = open_page("method", {"year": "2024", "level": "district", "tab": "framework"})
    framework = at.dataframe[0].value
    assert len(framework) == 11  # district level 2014–2024
    assert csv_download_serves(at, framework, "framework_district.csv")
    at.radio(key="level").set_value("commune").run()
    # the merged city's two framework versions first, then the areas of every year 2014–2026
    assert list(at.dataframe[0].value["Mã bộ"]) == ["XA-2025", "XA-2026"]
    assert len(at.dataframe[1].value) == 13
    one = at.dataframe[2].value
    assert csv_download_serves(at, one, "framework_commune_2024.csv")
    assert float(one["Điểm tối đa"].sum()) == 100.0
    bands = open_tab(at, "bands").dataframe[0].value
    assert list(bands["Xếp loại"])[:5] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
