"""The reorganisation page, driven by AppTest on the demo data, in both languages."""

import json

import pytest
from app_helpers import chart_titles, csv_download_serves, open_page, problems

from cchc_metrics.publish import officiallist


def table_with(at, column: str):
    """The first table shown that has `column` among its headers."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def chart_traces(at) -> list[tuple[str, str]]:
    """(legend name, dash) of every trace of the first chart."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return [(d.get("name"), d.get("line", {}).get("dash", "solid")) for d in spec["data"]]


@pytest.mark.parametrize(
    "lang,title,chart,through,no_districts",
    [
        (
            "vi",
            "Sắp xếp đơn vị hành chính",
            "Chỉ số CCHC của Phường Tân An qua các năm – TP. Cần Thơ, 2014–2026",
            "qua đơn vị tiền thân",
            "Từ năm 2025 không còn cấp huyện",
        ),
        (
            "en",
            "Administrative reorganisation",
            "Reform index of Phường Tân An over the years – Can Tho City, 2014–2026",
            "through its predecessors",
            "There are no districts from 2025",
        ),
    ],
)
def test_reorganisation_page_in_both_languages(lang, title, chart, through, no_districts):
    at = open_page("reorganisation", {"lang": lang, "version": "31147@2025"})
    assert problems(at) == []
    assert [t.value for t in at.title] == [title]
    assert chart_titles(at) == [chart]
    # new phường Tân An carries old Hưng Lợi's code: 2014–2024 through Hưng Lợi and An Khánh, dashed
    assert [dash for _, dash in chart_traces(at)] == ["dash", "solid"]
    assert any(through in i.value and "2014–2024" in i.value for i in at.info)
    assert any(i.value.startswith(no_districts) for i in at.info)
    neighbours = table_with(at, "Quan hệ" if lang == "vi" else "Relation")
    assert neighbours.iloc[:, 2].tolist() == ["31147", "31149"]
    history = table_with(at, "Căn cứ" if lang == "vi" else "Basis")
    assert history.iloc[:, 0].tolist() == [str(y) for y in range(2014, 2027)]


def test_an_old_unit_story_ends_where_it_merged_and_widgets_change_the_view():
    at = open_page("reorganisation", {"version": "31135@"})  # old phường Tân An, until 2024
    assert at.selectbox(key="version").value == "31135@"
    assert any("Ninh Kiều (31135)" in i.value and "2024" in i.value for i in at.info)  # merged into Ninh Kiều from 2025
    story = table_with(at, "Vai trò")
    assert story.iloc[-1].tolist()[:4] == ["2025", "đơn vị kế thừa", "31135", "Ninh Kiều"]
    at.selectbox(key="version").set_value("31135@2025").run()
    assert "Ninh Kiều" in chart_titles(at)[0]
    assert at.query_params["version"] in ("31135@2025", ["31135@2025"])


def test_partial_predecessors_are_flagged():
    at = open_page("reorganisation", {"version": "31150@2025", "lang": "en"})  # An Bình: part of Long Tuyền went in
    assert any(
        w.value.startswith("A predecessor that went into this unit only in part is included in: 2014–2024")
        for w in at.warning
    )
    names = [name for name, _ in chart_traces(at)]
    assert "Partial predecessor included" in names


def test_downloads_serve_the_tables_shown():
    at = open_page("reorganisation", {"version": "31147@2025", "lang": "en"})
    links = table_with(at, "Old code")
    assert csv_download_serves(at, links, "lineage.csv")
    former = table_with(at, "Former district")
    assert len(former) == 103  # the merged city's 103 communes and wards of 2025
    assert csv_download_serves(at, former, "communes-by-former-district_2025.csv")
    history = table_with(at, "Basis")
    assert csv_download_serves(at, history, "index-through-predecessors_31147_2026.csv")


def test_official_list_unavailable_says_so(monkeypatch):
    def unavailable(province):
        raise officiallist.OfficialListUnavailable("import vietnam_provinces: No module named 'vietnam_provinces'")

    monkeypatch.setattr(officiallist, "official_units", unavailable)
    at = open_page("reorganisation", {"version": "31147@2025", "lang": "en"})
    assert problems(at) == []
    assert any(w.value.startswith("The official list cannot be checked") for w in at.warning)


def test_a_long_list_of_unit_versions_is_picked_group_first(monkeypatch, fresh_views):
    """Over UNGROUPED_VERSIONS versions: the levels' groups first (districts, departments), then
    each former district's communes, a shared district name told apart by its code."""
    from helpers import DEMO_DATA

    from cchc_metrics.analysis.reorganisation import unit_choices
    from cchc_metrics.engine.dataset import open_dataset
    from cchc_metrics.views import reorganisation

    monkeypatch.setattr(reorganisation, "UNGROUPED_VERSIONS", 5)
    choices = unit_choices(open_dataset(DEMO_DATA), "vi").set_index("unit_id")
    at = open_page("reorganisation", {"version": "31117@"})
    assert problems(at) == []
    group = at.selectbox(key="version:group")
    assert (group.label, group.value) == ("Cấp hoặc quận/huyện (cũ)", "Ninh Kiều")
    assert group.options[:2] == ["Quận/huyện", "Sở, ban, ngành"]
    assert {"Châu Thành (933)", "Châu Thành (942)", "nhiều huyện cũ"} <= set(group.options)
    shown = at.selectbox(key="version")
    assert shown.value == "31117@"
    ninh_kieu = choices[(choices["group_name"] == "Ninh Kiều") & (choices["level"] == "commune")]
    assert sorted(shown.options) == sorted(ninh_kieu["label"])

    at.selectbox(key="version:group").set_value("Quận/huyện").run()
    assert problems(at) == []
    districts = choices[choices["level"] == "district"]
    assert sorted(at.selectbox(key="version").options) == sorted(districts["label"])
    assert at.query_params["version"] in (districts.index[0], [districts.index[0]])


def test_a_grouped_list_of_unit_versions_opens_on_the_same_unit(monkeypatch, fresh_views):
    from cchc_metrics.views import reorganisation
    from ui import cache

    first = open_page("reorganisation").selectbox(key="version").value  # the one list
    monkeypatch.setattr(reorganisation, "UNGROUPED_VERSIONS", 5)
    cache._view.clear()
    at = open_page("reorganisation")
    assert problems(at) == []
    assert at.selectbox(key="version").value == first


def test_a_province_sized_list_of_unit_versions_is_one_list():
    at = open_page("reorganisation", {"version": "31117@"})
    assert [box.key for box in at.selectbox] == ["version"]
    assert len(at.selectbox(key="version").options) == 435
