"""The strengths-and-weaknesses page, driven by AppTest on the demo data, in both languages."""

import json
import re

import pandas as pd
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
from helpers import DEMO_DATA


@pytest.mark.parametrize(
    "lang,title,charts",
    [
        (
            "vi",
            "Điểm mạnh – điểm yếu",
            [
                "Đơn vị yếu nhất theo lĩnh vực: các xã, phường – Cần Thơ (tỉnh cũ), năm 2024",
                "Công tác chỉ đạo, điều hành CCHC: tỷ lệ điểm đạt của các xã, phường – Cần Thơ (tỉnh cũ), năm 2024",
                "Tiêu chí bị trừ nhiều điểm nhất: các xã, phường – Cần Thơ (tỉnh cũ), năm 2024",
                "Chênh lệch giữa điểm tự chấm và điểm thẩm định: các xã, phường – Cần Thơ (tỉnh cũ), năm 2024",
                "Tỷ lệ điểm yếu năm 2023 đã khắc phục trong năm 2024, theo quận, huyện: các xã, phường – Cần Thơ (tỉnh cũ)",
            ],
        ),
        (
            "en",
            "Strengths and weaknesses",
            [
                "Weakest units by area: communes – former Cần Thơ, 2024",
                "Direction and management of reform: share of points of communes – former Cần Thơ, 2024",
                "Criteria losing the most points: communes – former Cần Thơ, 2024",
                "Self-assessed minus appraised score: communes – former Cần Thơ, 2024",
                "Share of the 2023 weaknesses fixed in 2024, by district: communes – former Cần Thơ",
            ],
        ),
    ],
)
def test_leaders_view_in_both_languages(lang, title, charts):
    at = open_page("strengths", {"lang": lang, "year": "2024", "level": "commune"})
    assert problems(at) == []
    assert [x.value for x in at.title] == [title]
    assert len(tab_labels(at)) == 7
    assert chart_titles(at) == []  # the first tab is the exemplars' table
    titles = titles_by_tab(at, ["exemplars", "weak", "map", "lost", "chronic", "claims", "fixed"])
    assert [title for drawn in titles.values() for title in drawn] == charts
    assert [len(drawn) for drawn in titles.values()] == [0, 1, 1, 1, 0, 1, 1]


def test_long_lists_show_the_first_n_with_a_way_to_see_all():
    at = open_page("strengths", {"year": "2024", "level": "commune", "tab": "weak"})
    assert chart_subtitles(at)[0].startswith("20 đơn vị có nhiều lĩnh vực yếu nhất trong 80")
    at.radio(key="grid_show").set_value("all").run()
    assert chart_subtitles(at)[0].startswith("Tất cả 80 đơn vị")
    assert at.query_params["grid_show"] in ("all", ["all"])
    open_tab(at, "lost")
    assert "15/31 tiêu chí" in chart_subtitles(at)[0]
    at.radio(key="pareto_show").set_value("all").run()
    assert "31/31 tiêu chí chiếm 100,0 %" in chart_subtitles(at)[0]


def test_the_weakness_grid_of_hundreds_of_units_offers_the_weakest_only(monkeypatch, fresh_views):
    import cchc_metrics.present.shortlist

    monkeypatch.setattr(cchc_metrics.present.shortlist, "ALL_AT_MOST", 50)  # the demo's 80 communes stand for 10,600
    at = open_page("strengths", {"year": "2024", "level": "commune", "tab": "weak", "grid_show": "all"})
    assert problems(at) == []
    assert [r.key for r in at.radio if r.key == "grid_show"] == []  # nothing to choose
    assert chart_subtitles(at)[0].startswith("20 đơn vị có nhiều lĩnh vực yếu nhất trong 80")


def test_level_switch_and_downloads_serve_the_tables_shown():
    at = open_page("strengths", {"year": "2016"})
    assert at.radio(key="level").value == "district"
    exemplars = at.dataframe[0].value
    assert csv_download_serves(at, exemplars, "exemplars_district_2016.csv")
    open_tab(at, "weak")
    assert chart_titles(at)[0] == "Đơn vị yếu nhất theo lĩnh vực: các quận, huyện – TP. Cần Thơ, năm 2016"
    weaknesses = at.dataframe[0].value
    assert csv_download_serves(at, weaknesses, "weaknesses_district_2016.csv")
    at.radio(key="level").set_value("commune").run()
    assert "các xã, phường – TP. Cần Thơ, năm 2016" in chart_titles(at)[0]
    assert at.query_params["level"] in ("commune", ["commune"])


def test_common_weakness_threshold_changes_the_list():
    at = open_page("strengths", {"year": "2016", "level": "commune", "tab": "lost"})
    assert at.select_slider(key="common_pct").value == 50
    assert not any("Không có tiêu chí nào mà từ 50 %" in i.value for i in at.info)
    # in the demo data at most 68 % of the communes score below half on a criterion in 2016
    at.select_slider(key="common_pct").set_value(70).run()
    assert any("Không có tiêu chí nào mà từ 70 %" in i.value for i in at.info)
    assert at.query_params["common_pct"] in ("70", ["70"])


def test_2025_has_no_districts_and_says_so():
    at = open_page("strengths", {"year": "2025", "lang": "en", "tab": "fixed"})
    assert problems(at) == []
    assert at.radio(key="level").options == ["Communes", "Departments"]
    infos = [i.value for i in at.info]
    assert any(i.startswith("2025 has no districts") for i in infos)
    assert any(i.startswith("The 2024 weaknesses cannot be followed into 2025") for i in infos)


def test_unit_view_restored_from_the_url():
    at = open_page("strengths", {"view": "unit", "year": "2024", "level": "commune", "unit": "31306"})
    assert problems(at) == []
    assert at.radio(key="view").value == "unit"
    assert at.selectbox(key="unit").value == "31306"
    assert chart_titles(at) == ["Điểm mạnh, điểm yếu theo lĩnh vực của Tân Thới – Cần Thơ (tỉnh cũ), năm 2024"]
    paragraph = at.text_area[0].value
    assert paragraph.startswith("Năm 2024, xã Tân Thới đạt Chỉ số CCHC 74,25 %")
    assert at.text[0].value == paragraph  # shown as plain text, never Markdown
    weak = at.dataframe[1].value
    assert weak.columns[:5].tolist() == ["Phạm vi", "Lĩnh vực", "Tiêu chí", "So với trung vị (điểm %)", "Nên học hỏi"]
    modern = weak[(weak["Phạm vi"] == "lĩnh vực") & (weak["Lĩnh vực"] == "Hiện đại hóa hành chính")]
    # same district first: Phong Điền and Giai Xuân are in Phong Điền district like Tân Thới
    assert modern["Nên học hỏi"].tolist() == ["Phong Điền (92,31 %); Giai Xuân (92,31 %); Châu Văn Liêm (98,08 %)"]
    assert csv_download_serves(at, weak, "weaknesses_tan-thoi_2024.csv")


def test_picking_another_unit_changes_the_view_and_the_url():
    at = open_page("strengths", {"view": "unit", "year": "2024", "level": "commune", "unit": "31306", "lang": "en"})
    at.selectbox(key="unit").set_value("31117").run()
    assert chart_titles(at) == ["Strengths and weaknesses by area of Cái Khế – former Cần Thơ, 2024"]
    assert at.text_area[0].value.startswith("In 2024, Cái Khế ward scored")
    assert at.query_params["unit"] in ("31117", ["31117"])


@pytest.mark.parametrize(
    "year, unit, says",
    [
        ("2025", "31150", "được thành lập năm 2025 sau sắp xếp đơn vị hành chính"),
        ("2014", "31117", "Số liệu bắt đầu từ năm 2014: chưa có năm trước"),
    ],
)
def test_why_a_unit_has_no_last_year_to_follow(year, unit, says):
    """Three cases told apart: the data begin that year, the unit was formed by a reorganisation,
    or it is new (the third: a unit no lineage row forms, checked on the view directly)."""
    at = open_page("strengths", {"view": "unit", "year": year, "unit": unit})
    assert problems(at) == []
    assert [i.value for i in at.info if says in i.value] != []
    assert not any("không được đánh giá năm 2024 (đơn vị mới" in i.value for i in at.info)


def test_a_unit_no_reorganisation_formed_is_new():
    from cchc_metrics.analysis.strengths import why_not_before
    from cchc_metrics.engine.dataset import open_dataset

    ds = open_dataset(DEMO_DATA)
    try:
        assert [
            why_not_before(ds, code, year, level)
            for code, year, level in [("99999", 2025, "commune"), ("31150", 2025, "commune"), ("916", 2014, "district")]
        ] == ["new", "reorganised", "data"]
    finally:
        ds.close()


def test_a_unit_of_another_year_in_the_link_falls_back_to_the_first():
    """31150 was formed in 2025: a link asking for it in 2014 opens the year's first unit, no error."""
    at = open_page("strengths", {"view": "unit", "year": "2014", "unit": "31150"})
    assert problems(at) == []
    assert at.query_params["unit"] != "31150"


def test_findings_browser_filters_and_searches_without_accents():
    at = open_page("strengths", {"view": "findings", "fyear": "all", "q": "so theo doi"})
    assert problems(at) == []
    assert at.text_input(key="q").value == "so theo doi"
    found = at.dataframe[0].value
    # counted from the findings files themselves, every level and former province included; a code
    # reused by a unit formed in 2025 is another unit
    text = "Sổ theo dõi hồ sơ thiếu thông tin"
    files = pd.concat(pd.read_csv(f, dtype={"unit_code": str}) for f in sorted((DEMO_DATA / "findings").glob("*.csv")))
    written = files[files["text"] == text]
    assert len(found) == len(written) > 8 and set(found["Nội dung"]) == {text}
    # the finding's text right after its kind, in view before the scores on a phone
    assert found.columns[:4].tolist() == ["Năm", "Đơn vị", "Loại", "Nội dung"]
    assert csv_download_serves(at, found, "findings_moi-nam.csv")
    themes = at.dataframe[1].value
    assert themes.iloc[0].tolist() == [
        "hạn chế", text, len(written), len(written.assign(merged=written["year"] >= 2025)[["unit_code", "merged"]].drop_duplicates()),
        written["year"].nunique(),
        written["year"].min(), written["year"].max(),
    ]  # fmt: skip
    at.selectbox(key="fdistrict").set_value("919").run()  # Cái Răng
    assert set(at.dataframe[0].value["Đơn vị"]) == {"Hưng Phú (Cái Răng)", "Lê Bình (Cái Răng)"}
    assert at.query_params["fdistrict"] in ("919", ["919"])


def test_findings_kind_filter_and_2025_without_districts():
    at = open_page("strengths", {"view": "findings", "fyear": "2025", "fkind": "strength", "lang": "en"})
    assert problems(at) == []
    district = at.selectbox(key="fdistrict_none")
    assert district.disabled and district.value == "2025: no districts"
    found = at.dataframe[0].value
    assert set(found["Kind"]) == {"strength"} and set(found["Year"]) == {2025}
    at.selectbox(key="fkind").set_value("weakness").run()
    assert set(at.dataframe[0].value["Kind"]) == {"weakness"}


def test_a_long_weakness_list_is_searched_and_shown_a_page_at_a_time(monkeypatch):
    """At national scale the list has 20,000 rows: it is paged (here with pages of 10 rows)."""
    import ui.draw
    from cchc_metrics.analysis import strengths as views
    from cchc_metrics.engine.dataset import open_dataset

    monkeypatch.setattr(ui.draw, "PAGE_ROWS", 10)
    every = views.weakness_list(open_dataset().scoped("Cần Thơ"), 2024, "commune", lang="vi")
    assert len(every) > 20
    at = open_page("strengths", {"year": "2024", "level": "commune", "tab": "weak"})
    assert problems(at) == []
    assert len(at.dataframe) and [len(d.value) for d in at.dataframe].count(10) >= 1
    assert any(c.value.startswith(f"Dòng 1–10 trong {len(every)}") for c in at.caption), [c.value for c in at.caption]
    unit = every["unit"].iloc[0]
    at.text_input(key="weaknesses:commune_search").set_value(unit.split(" (")[0]).run()
    found = every[every["unit"].str.contains(unit.split(" (")[0], regex=False)]
    assert any(c.value.startswith(f"Dòng 1–{min(10, len(found))} trong {len(found)}") for c in at.caption)


def test_crowded_bar_charts_draw_the_extremes_and_say_so(monkeypatch, fresh_views):
    """At national scale one bar per district is 700 bars and "all" over-claimers 10,000: the
    fixed-weakness chart keeps the best and worst districts, the over-claimer chart the largest gaps
    (here with at most 4 bars, against the demo's 9 districts)."""
    import cchc_metrics.present.paging
    from cchc_metrics.analysis import strengths as views
    from cchc_metrics.engine.dataset import open_dataset

    monkeypatch.setattr(cchc_metrics.present.paging, "MAX_GROUPS", 4)
    fixed = views.fixed_by_district(open_dataset().scoped("Cần Thơ"), 2024, "commune").dropna(
        subset=["share_fixed_pct"]
    )
    ranked = fixed.sort_values("share_fixed_pct", ascending=False, kind="stable")["district_name"]
    assert len(fixed) > 4
    at = open_page("strengths", {"year": "2024", "level": "commune", "claim_show": "all", "tab": "fixed"})
    assert problems(at) == []
    fixed_chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert fixed_chart["layout"]["title"]["text"].startswith("Tỷ lệ điểm yếu năm 2023")
    assert set(fixed_chart["data"][0]["y"]) == set(ranked.head(2)) | set(ranked.tail(2))
    # each bar says what its share is of: fixed / followed, as in the table
    counts = {r.district_name: f"({r.fixed}/{r.followed})" for r in fixed.itertuples()}
    assert [text.split(" %")[1].strip() for text in fixed_chart["data"][0]["text"]] == [
        counts[y] for y in fixed_chart["data"][0]["y"]
    ]
    claim_chart = json.loads(open_tab(at, "claims").get("plotly_chart")[0].proto.spec)
    assert claim_chart["layout"]["title"]["text"].startswith("Chênh lệch giữa điểm tự chấm")
    assert len(claim_chart["data"][0]["y"]) == 4
    # after the subtitle's other parts, or on its own line when the subtitle is too long for one
    assert re.search(
        f"( · |<br>)Chỉ vẽ 4 quận, huyện cao nhất và thấp nhất trong {len(fixed)}.</span>$",
        fixed_chart["layout"]["title"]["text"],
    )
    assert "4/" in claim_chart["layout"]["title"]["text"]  # the subtitle counts the units drawn
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Chỉ vẽ 4 đơn vị đầu trong ") for c in captions), captions


def test_weaknesses_fixed_in_a_year_without_districts_are_counted_for_the_whole_level():
    """2025 → 2026 (no districts): one bar and one row for all the communes, as the follow-up
    counts them, never "no data for 2025"."""
    from cchc_metrics.analysis.remediation import share_fixed_by_district
    from cchc_metrics.engine.dataset import open_dataset

    at = open_tab(open_page("strengths", {"year": "2026", "level": "commune"}), "fixed")
    assert problems(at) == []
    assert not any("không có số liệu" in i.value for i in at.info)
    ds = open_dataset(DEMO_DATA)
    try:
        whole = share_fixed_by_district(ds, 2025, "commune").iloc[0]
    finally:
        ds.close()
    table = at.dataframe[0].value
    assert table.iloc[:, 0].tolist() == ["Toàn bộ các xã, phường"]
    assert table.iloc[0].tolist()[1:3] == [int(whole["weaknesses"]), int(whole["fixed"])]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"][0]["y"] == ["Toàn bộ các xã, phường"]
    assert round(table.iloc[0, -1], 9) == round(whole["share_fixed_pct"], 9) > 0
