"""The maps on every page that draws one, in both languages (AppTest on the demo data)."""

import pytest
from app_helpers import chart_subtitles, chart_titles, open_page, open_tab, problems

SCHEMATIC = {"vi": "Sơ đồ ô, không theo tỷ lệ", "en": "Tile schematic, not to scale"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_overview_opens_on_the_tile_map_of_communes_by_band(lang):
    at = open_page("overview", {"lang": lang, "year": "2025"})
    assert problems(at) == []
    assert chart_titles(at) == [
        {"vi": "Xếp loại các xã, phường – TP. Cần Thơ, năm 2025", "en": "Bands of communes – Can Tho City, 2025"}[lang]
    ]
    assert chart_subtitles(at)[0].startswith(SCHEMATIC[lang])
    at.selectbox(key="map_colour").set_value("PROC").run()
    assert chart_titles(at) == [
        {
            "vi": "Cải cách thủ tục hành chính: tỷ lệ điểm đạt của các xã, phường – TP. Cần Thơ, năm 2025",
            "en": "Administrative-procedure reform: share of points of communes – Can Tho City, 2025",
        }[lang]
    ]
    at.selectbox(key="map_colour").set_value("delta").run()
    assert chart_titles(at)[0].startswith({"vi": "Chỉ số CCHC các xã, phường tăng, giảm", "en": "Change in"}[lang])
    assert at.query_params["map_colour"] in ("delta", ["delta"])


def test_overview_map_of_districts_before_2025():
    at = open_page("overview", {"lang": "en", "year": "2016", "map_level": "district"})
    assert problems(at) == []
    assert chart_titles(at) == ["Bands of districts – Can Tho City, 2016"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_area_page_maps_one_area(lang):
    at = open_page("reform_area", {"lang": lang, "year": "2025", "level": "commune", "area": "ONESTOP"})
    at = open_tab(at, "map")
    assert problems(at) == []
    assert chart_titles(at) == [
        {
            "vi": "Thực hiện cơ chế một cửa, một cửa liên thông: tỷ lệ điểm đạt của các xã, phường – "
            "TP. Cần Thơ, năm 2025",
            "en": "One-stop mechanism: share of points of communes – Can Tho City, 2025",
        }[lang]
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_strengths_page_outlines_the_units_weak_in_an_area(lang):
    at = open_page("strengths", {"lang": lang, "year": "2025", "level": "commune", "area": "PROC"})
    at = open_tab(at, "map")
    assert problems(at) == []
    assert len(chart_titles(at)) == 1
    caption = at.caption[-1].value
    assert {"vi": "yếu ở lĩnh vực", "en": "weak in"}[lang] in caption
    assert chart_subtitles(at)[0].startswith(SCHEMATIC[lang])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_planning_page_outlines_the_units_drawn(lang):
    at = open_page("planning", {"lang": lang, "plan_year": "2026", "seed": "4242"})
    at = open_tab(at, "map")
    assert problems(at) == []
    assert chart_titles(at) == [
        {"vi": "Xếp loại các xã, phường – TP. Cần Thơ, năm 2026", "en": "Bands of communes – Can Tho City, 2026"}[lang]
    ]
    assert {"vi": "được bốc thăm", "en": "units drawn"}[lang] in " ".join(c.value for c in at.caption)


def test_departments_have_no_map():
    at = open_page("reform_area", {"lang": "en", "year": "2025", "level": "department", "area": "PROC"})
    at = open_tab(at, "map")
    assert problems(at) == []
    assert chart_titles(at) == []
    assert any("no territory" in i.value for i in at.info)
