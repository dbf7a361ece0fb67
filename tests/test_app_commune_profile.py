"""The commune profile page, driven by AppTest on the demo data, in both languages."""

from dataclasses import replace

import pytest
from app_helpers import chart_titles, csv_download_serves, download_file, open_page, open_tab, problems, titles_by_tab
from helpers import DEMO_DATA

from cchc_metrics.analysis.profiles import criteria_table, district_communes, unit_options
from cchc_metrics.analysis.strengths import unit_strengths
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.present.downloads import csv_excel_vi_bytes


@pytest.mark.parametrize(
    "lang,title,trend",
    [
        ("vi", "Hồ sơ xã, phường", "Chỉ số CCHC của Cái Khế – Cần Thơ (tỉnh cũ), 2014–2026"),
        ("en", "Commune profile", "Reform index of Cái Khế – former Cần Thơ, 2014–2026"),
    ],
)
def test_commune_page_in_both_languages(lang, title, trend):
    """2024 is before the merger: the old city's commune, read within the old city."""
    at = open_page("commune_profile", {"lang": lang, "year": "2024", "commune": "31117"})
    assert problems(at) == []
    assert [x.value for x in at.title] == [title]
    assert chart_titles(at) == [trend]
    titles = titles_by_tab(at, ["index", "areas"])
    assert titles["index"] == [trend]
    assert len(titles["areas"]) == 1 and titles["areas"][0].endswith("2024")
    assert at.selectbox(key="commune").value == "31117"
    # the picker names the district: "Cái Khế (Ninh Kiều)"
    assert "Cái Khế (Ninh Kiều)" in at.selectbox(key="commune").options


def test_changing_the_commune_changes_the_view_and_the_url():
    at = open_page("commune_profile", {"year": "2024", "commune": "31117"})
    at.selectbox(key="commune").set_value("31186").run()
    assert problems(at) == []
    assert at.query_params["commune"] in ("31186", ["31186"])
    assert "Lê Bình" in chart_titles(at)[0]


def test_criteria_tree_download_and_findings_as_plain_text():
    """The criteria are the framework's tree (here the demo's areas and criteria): each area's
    points are its criteria's sum and the tree holds every criterion of the year's file."""
    at = open_page("commune_profile", {"year": "2024", "commune": "31186"})
    ds = open_dataset(DEMO_DATA)
    criteria = criteria_table(ds, "31186@", 2024, "vi")
    tree = next(d.value for d in at.dataframe if "Lĩnh vực / tiêu chí" in d.value.columns)
    assert csv_download_serves(at, tree, "criteria_le-binh_2024.csv")
    assert download_file(at, "criteria_le-binh_2024_vn.csv") == csv_excel_vi_bytes(tree, 2)
    assert (tree["Cấp"] == "Tiêu chí").sum() == len(criteria)
    areas = tree[tree["Cấp"] == "Lĩnh vực"]
    assert len(areas) == criteria["area"].nunique()
    assert round(areas["Điểm thẩm định"].sum(), 6) == round(criteria["score"].sum(), 6)
    assert round(areas["Điểm bị mất"].sum(), 6) == round(criteria["points_lost"].sum(), 6)
    findings = at.dataframe[-1].value
    assert "Sổ theo dõi hồ sơ thiếu thông tin" in set(findings["Nội dung"])
    assert csv_download_serves(at, findings, "findings_le-binh.csv")
    # findings are never rendered as Markdown/HTML
    assert all("Sổ theo dõi" not in m.value for m in at.markdown)


def test_a_2025_commune_has_no_district_rank():
    at = open_page("commune_profile", {"year": "2025", "commune": "31135", "lang": "en"})
    assert problems(at) == []
    assert at.metric[2].value == "–"
    assert chart_titles(at)[0] == "Reform index of Ninh Kiều – Can Tho City, 2014–2026"


def test_each_page_keeps_its_own_open_tab_for_the_session():
    at = open_page("commune_profile", {"year": "2024", "commune": "31117", "lang": "en"})
    open_tab(at, "areas")
    assert chart_titles(at)[0].startswith("Results by reform area: Cái Khế")
    at.switch_page("app_pages/reform_area.py").run()  # it has an "areas" tab too: it opens on its first
    assert problems(at) == []
    assert chart_titles(at) == ["Direction and management of reform: districts ranked – former Cần Thơ, 2024"]
    assert at.query_params["tab"] in ("ranking", ["ranking"])
    at.switch_page("app_pages/commune_profile.py").run()
    assert chart_titles(at)[0].startswith("Results by reform area: Cái Khế")
    assert at.query_params["tab"] in ("areas", ["areas"])


def test_the_areas_tab_ranks_the_commune_in_each_area():
    """Under the radar, the commune's rank among the communes of its former province in each area,
    as the strengths page counts it (peers: Cần Thơ's 80 communes in 2024)."""
    at = open_tab(open_page("commune_profile", {"year": "2024", "commune": "31237"}), "areas")
    assert problems(at) == []
    ranks = next(d.value for d in at.dataframe if "Hạng trong lĩnh vực" in d.value.columns)
    ds = open_dataset(DEMO_DATA)
    try:
        areas = unit_strengths(ds, 2024, "31237", lang="vi")["areas"]
    finally:
        ds.close()
    assert ranks["Lĩnh vực"].tolist() == areas["area_name"].tolist()
    assert ranks["Hạng trong lĩnh vực"].tolist() == [f"{r}/80" for r in areas["area_rank"]]
    assert ranks["Hạng trong lĩnh vực"].iloc[0] == "70/80" and ranks["Đánh giá"].iloc[0] == "điểm yếu"
    assert any("Thứ hạng của Vĩnh Trinh trong từng lĩnh vực, năm 2024" in s.value for s in at.subheader)


def test_the_district_chosen_before_opens_its_best_commune():
    """From the district page (Phong Điền, 926) to the commune page: the list opens on the
    district's best commune of that year, not on the first commune of the city."""
    at = open_page("district_profile", {"year": "2014", "district": "926"})
    assert problems(at) == []
    at.switch_page("app_pages/commune_profile.py").run()
    assert problems(at) == []
    ds = open_dataset(DEMO_DATA)
    try:
        best = district_communes(ds, 2014, "926", "vi")["unit_code"].iloc[0]
        first_of_city = unit_options(ds, 2014, "commune", "vi")["unit_code"].iloc[0]
    finally:
        ds.close()
    assert best != first_of_city
    assert at.query_params["commune"] in (best, [best])


def test_each_district_chosen_opens_the_one_list_of_communes_made_once(monkeypatch):
    """The list of a year's communes (10,600 at national scale) is made once per data version:
    another district chosen changes only the commune it opens on."""
    from cchc_metrics.views import common

    made = []
    real = common._level_list
    monkeypatch.setattr(common, "_level_list", lambda *a: made.append(a[1:3]) or real(*a))
    ds = open_dataset(DEMO_DATA)
    try:
        plain = common.level_units(ds, 2014, "commune", "vi", "commune.pick", "commune")
        opened = {}
        for district in ("926", "916"):
            choice = common.level_units(ds, 2014, "commune", "vi", "commune.pick", "commune", district)
            best = district_communes(ds, 2014, district, "vi")["unit_code"].iloc[0]
            assert choice == replace(plain, default=best) and choice.options is plain.options
            opened[district] = choice.default
        assert made == [(2014, "commune")]
        assert plain.default is None and opened["926"] != opened["916"]
        common.level_units(ds, 2014, "commune", "en", "commune.pick", "commune")  # another language: its own list
        assert made == [(2014, "commune"), (2014, "commune")]
    finally:
        ds.close()


def test_a_long_commune_list_is_picked_district_first(monkeypatch, fresh_views):
    """Over UNGROUPED_UNITS communes, the sidebar offers the district first and then its
    communes only; the link keeps the commune alone, and another district picks its first."""
    from cchc_metrics.views import common

    monkeypatch.setattr(common, "UNGROUPED_UNITS", 5)
    at = open_page("commune_profile", {"year": "2024", "commune": "31117"})
    assert problems(at) == []
    # 2024 is read within the former province of the commune (Cần Thơ): its communes only
    province = at.selectbox(key="province").value
    options = unit_options(open_dataset(DEMO_DATA).scoped(province), 2024, "commune", "vi")
    group = options.set_index("unit_code")["group_name"]
    district = at.selectbox(key="commune:group")
    assert (district.label, district.value) == ("Quận/huyện", "Ninh Kiều")
    assert district.options == list(dict.fromkeys(options["group_name"]))
    assert at.selectbox(key="commune").options == options.loc[options["group_name"] == "Ninh Kiều", "label"].tolist()
    assert at.selectbox(key="commune").value == "31117"

    at.selectbox(key="commune:group").set_value("Cái Răng").run()
    first = options.loc[options["group_name"] == "Cái Răng", "unit_code"].iloc[0]
    assert problems(at) == []
    assert at.selectbox(key="commune").value == first
    assert at.query_params["commune"] in (first, [first])
    assert "commune:group" not in at.query_params
    assert at.selectbox(key="commune").options == options.loc[options["group_name"] == "Cái Răng", "label"].tolist()
    # a commune picked within the district is kept as before
    other = options.loc[options["group_name"] == "Cái Răng", "unit_code"].iloc[1]
    at.selectbox(key="commune").set_value(other).run()
    assert (at.selectbox(key="commune:group").value, at.selectbox(key="commune").value) == ("Cái Răng", other)
    assert group[other] == "Cái Răng"


def test_a_year_without_districts_groups_communes_by_former_district(monkeypatch, fresh_views):
    from cchc_metrics.views import common

    monkeypatch.setattr(common, "UNGROUPED_UNITS", 5)
    options = unit_options(open_dataset(DEMO_DATA), 2025, "commune", "en")
    at = open_page("commune_profile", {"year": "2025", "lang": "en"})
    assert problems(at) == []
    district = at.selectbox(key="commune:group")
    assert district.label == "Former district"
    # two former districts named Châu Thành (Hậu Giang's 933, Sóc Trăng's 942) stay apart
    names = [
        f"{n} ({c})" if n in ("Châu Thành", "Long Mỹ") else n
        for n, c in zip(options["group_name"], options["group_code"])
    ]
    assert district.options == list(dict.fromkeys(names))
    assert {"Châu Thành (933)", "Châu Thành (942)", "Long Mỹ (936)", "Long Mỹ (937)"} <= set(district.options)
    assert "mixed" in district.options  # communes formed from several former districts
    code = at.selectbox(key="commune").value
    assert options.set_index("unit_code").loc[code, "group_name"] == district.value


def test_a_province_sized_commune_list_stays_one_list():
    at = open_page("commune_profile", {"year": "2024", "commune": "31117"})
    assert [box.key for box in at.selectbox] == ["year", "province", "commune"]
