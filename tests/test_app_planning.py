"""The inspection-planning page, driven by AppTest on the demo data, in both languages."""

import io
import json
import shutil

import pandas as pd
import pytest
from app_helpers import csv_download_serves, download_file, open_page, open_tab, problems, tab_labels
from helpers import PROJECT

from cchc_metrics import i18n
from cchc_metrics.analysis import planning
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.present.documents import doc_text
from cchc_metrics.present.paging import PAGE_ROWS
from cchc_metrics.views import planning as plan_tables
from ui import cache as app_cache

VIEW = {"plan_year": "2025", "n": "1", "group": "district", "method": "weighted", "seed": "4242", "chronic": "off"}


def drawn_codes(at) -> list[str]:
    return at.dataframe[0].value.iloc[:, 1].tolist()  # the code column of the drawn list


@pytest.fixture(scope="module")
def ds():
    dataset = open_dataset(PROJECT / "data")
    yield dataset
    dataset.close()


@pytest.mark.parametrize(
    "lang,title,headers,reason",
    [
        (
            "vi",
            "Kế hoạch kiểm tra CCHC",
            [
                "Danh sách bốc thăm năm 2025",
                "Bản đồ",
                "Độ bao phủ: xã chưa được kiểm tra",
                "Lịch sử kiểm tra",
                "Các kế hoạch đã lưu",
            ],
            "Lý do",
        ),
        (
            "en",
            "Administrative-reform inspection plan",
            ["Drawn list for 2025", "Map", "Coverage: communes not inspected", "Inspection history", "Saved plans"],
            "Reason",
        ),
    ],
)
def test_planning_page_in_both_languages(lang, title, headers, reason):
    at = open_page("planning", {**VIEW, "lang": lang})
    assert problems(at) == []
    assert [t.value for t in at.title] == [title]
    assert tab_labels(at) == headers  # one section at a time, the drawn list first
    assert reason in at.dataframe[0].value.columns
    assert any("4242" in i.value for i in at.info)  # the seed is shown
    # 2025 has no districts: the page says so and groups by former district
    assert any(("2025" in i.value and ("huyện cũ" in i.value or "former district" in i.value)) for i in at.info)


def test_query_restores_the_view_and_the_list_is_the_library_draw(ds):
    at = open_page("planning", VIEW)
    assert at.selectbox(key="plan_year").value == 2025
    assert at.selectbox(key="n").value == 1
    assert at.radio(key="method").value == "weighted"
    assert at.number_input(key="seed").value == 4242
    assert at.radio(key="chronic").value == "off"
    expected = planning.draw(ds, 2025, 1, 4242, weighted=True, chronic="off", group_by="district")
    assert drawn_codes(at) == expected.units["unit_code"].tolist()
    # one commune per former district (or "mixed") group, every group drawn once
    assert len(drawn_codes(at)) == expected.candidates["group_code"].nunique()


def test_departments_are_drawn_as_one_group_of_departments(ds):
    """A year with departments offers them: the list is the library's draw of the departments
    (one group, no district), and coverage counts departments."""
    at = open_page("planning", {**VIEW, "plan_level": "department", "n": "2"})
    assert problems(at) == []
    assert at.radio(key="plan_level").value == "department"
    assert [r.key for r in at.radio if r.key == "group"] == []  # no grouping by district
    expected = planning.draw(ds, 2025, 2, 4242, weighted=True, chronic="off", group_by="none", level="department")
    assert drawn_codes(at) == expected.units["unit_code"].tolist() and len(drawn_codes(at)) == 2
    departments = set(ds.sql("select unit_code from units where level = 'department'")["unit_code"])
    assert set(expected.candidates["unit_code"]) <= departments and len(expected.candidates) == 18
    assert expected.options["level"] == "department"


def test_same_seed_same_list_another_seed_another_list():
    first = drawn_codes(open_page("planning", VIEW))
    again = drawn_codes(open_page("planning", VIEW))
    assert first == again
    other = open_page("planning", {**VIEW, "seed": "7"})
    assert drawn_codes(other) != first
    assert other.query_params["seed"] in ("7", ["7"])


def test_widgets_change_what_is_shown():
    at = open_page("planning", VIEW)
    one_per_group = len(at.dataframe[0].value)
    at.selectbox(key="n").set_value(3).run()
    assert len(at.dataframe[0].value) > one_per_group
    # ?n= is written by the browser (Streamlit's own binding): tests/e2e/test_pages_browser.py
    at.radio(key="group").set_value("none").run()
    assert len(at.dataframe[0].value) == 3  # one group for the whole city, no chronic units forced in
    assert set(at.dataframe[0].value.iloc[:, 0]) == {i18n.t("plan.group_all", "vi")}
    at.number_input(key="seed").set_value(99).run()
    assert any("**99**" in i.value for i in at.info)
    at.button[0].click().run()  # "draw again": another draw code, shown and kept in the URL
    assert at.number_input(key="seed").value != 99
    assert at.query_params["seed"] in (str(at.number_input(key="seed").value), [str(at.number_input(key="seed").value)])


def test_downloads_serve_exactly_the_tables_shown():
    at = open_page("planning", {**VIEW, "lang": "en", "cover": "2"})
    plan = at.dataframe[0].value
    assert csv_download_serves(at, plan, "inspection-plan_2025_seed-4242.csv")
    stale = open_tab(at, "coverage").dataframe[0].value
    assert csv_download_serves(at, stale, "not-inspected_2025_2y.csv")
    assert at.selectbox(key="cover").value == 2
    history = open_tab(at, "history").dataframe[0].value
    every = plan_tables.history_table(open_dataset(PROJECT / "data"))
    # a page of the history is shown (the demo's three former provinces hold more than a page),
    # the download serves all of it
    assert len(every) > PAGE_ROWS and len(history) == PAGE_ROWS
    full = every.set_axis(history.columns, axis=1)
    pd.testing.assert_frame_equal(
        full.head(PAGE_ROWS).reset_index(drop=True), history.reset_index(drop=True), check_dtype=False
    )
    assert csv_download_serves(at, full, "inspection-history.csv")


def test_viewers_cannot_save_and_an_analyst_saves_with_seed_and_options(tmp_path, monkeypatch):
    root = shutil.copytree(PROJECT / "data", tmp_path / "data")
    monkeypatch.setenv("CCHC_DATA_DIR", str(root))
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    at = open_page("planning", VIEW)
    save = next(b for b in at.button if "Lưu" in b.label)
    assert save.disabled
    assert any("Chỉ chuyên viên" in c.value for c in at.caption)

    at.session_state["analyst_user"] = "lan"
    at.run()
    save = next(b for b in at.button if "Lưu" in b.label)
    assert not save.disabled
    at.text_input[0].set_value("Kế hoạch thử").run()
    next(b for b in at.button if "Lưu" in b.label).click().run()
    assert problems(at) == []
    files = sorted((root / "plans").glob("2025-*.json"))
    assert len(files) == 1
    kept = json.loads(files[0].read_text(encoding="utf-8"))
    assert (
        kept["year"],
        kept["seed"],
        kept["options"]["per_group"],
        kept["options"]["weighted"],
        kept["options"]["chronic"],
    ) == (2025, 4242, 1, True, "off")
    assert [u["unit_code"] for u in kept["units"]] == drawn_codes(at)
    assert (kept["name"], kept["saved_by"], kept["options"]["chronic"]) == ("Kế hoạch thử", "lan", "off")
    assert plan_tables.saved_plans_table(root)["seed"].tolist() == ["4242"]
    assert open_tab(at, "saved").dataframe[-1].value.iloc[0, 0] == files[0].name  # the saved-plans table lists it
    app_cache._open.clear()


def test_a_long_plan_is_paged_and_explained_for_the_rows_shown(ds, monkeypatch):
    """At national scale the plan has thousands of communes: searched and shown a page at a
    time (here pages of 5), the weight explanations for that page only, the download whole."""
    import ui.draw

    monkeypatch.setattr(ui.draw, "PAGE_ROWS", 5)
    view = {**VIEW, "n": "3", "lang": "en"}
    expected = planning.draw(ds, 2025, 3, 4242, weighted=True, chronic="off", group_by="district", lang="en")
    assert len(expected.units) > 5
    at = open_page("planning", view)
    assert problems(at) == []
    assert drawn_codes(at) == expected.units["unit_code"].head(5).tolist()
    lines = [m.value for m in at.expander[0].markdown][0].splitlines()
    assert len(lines) == 5 and lines[0].startswith("- " + expected.units["unit_name"].iloc[0].replace("(", "\\("))
    every = at.dataframe[0].value.iloc[0:0]  # the shown headers and types, for every drawn row
    shown = plan_tables.shown_plan(ds, expected, "en")
    every = shown.set_axis(list(every.columns), axis=1)
    assert csv_download_serves(at, every, "inspection-plan_2025_seed-4242.csv")


def test_the_2014_plan_of_phong_dien_opens_the_same_from_its_link_and_downloads_as_the_plan(ds):
    """A link with year, scope and draw code opens the same list every time: the district and
    the two communes drawn (Tân Thới and Trường Long, inspected: their 2014 findings are in the
    data). Opened without a draw code, the page uses the plan year as the code, so two openings
    show one list. The plan downloads as "Kế hoạch kiểm tra công tác CCHC năm 2014" (Word,
    Excel) with its rule and schedule."""
    link = {"plan_year": "2014", "scope": "926", "n": "2", "method": "plain", "seed": "43", "chronic": "quota"}
    first = open_page("planning", link)
    assert problems(first) == []
    table = first.dataframe[0].value
    assert table.iloc[:, 1].tolist() == ["926", "31306", "31309"]
    assert table.iloc[:, 2].tolist() == ["Phong Điền", "Tân Thới", "Trường Long"]
    assert table.columns.tolist() == [
        "Nhóm (huyện)",
        "Mã",
        "Tên",
        "Cấp",
        "Lý do",
        "Chỉ số (%)",
        "Kiểm tra gần nhất",
        "Tình trạng",
    ]  # a plain draw shows no weights
    assert table.iloc[:, 7].tolist() == [
        "chưa kiểm tra",
        "đã kiểm tra (đã nhập kết luận)",
        "đã kiểm tra (đã nhập kết luận)",
    ]
    assert drawn_codes(open_page("planning", link)) == drawn_codes(first)
    assert at_seed(open_page("planning", {"plan_year": "2014", "scope": "926"})) == 2014
    assert drawn_codes(open_page("planning", {"plan_year": "2014", "scope": "926"})) == drawn_codes(
        open_page("planning", {"plan_year": "2014", "scope": "926"})
    )
    word = download_file(first, "Kế hoạch kiểm tra công tác CCHC năm 2014.docx")
    lines = doc_text(word)
    assert "KẾ HOẠCH" in lines and "Kiểm tra công tác cải cách hành chính năm 2014" in lines
    assert "Phạm vi kiểm tra năm 2014: huyện Phong Điền." in lines
    assert [line for line in lines if line.startswith(("1 |", "2 |", "3 |"))] == [
        "1 | Phong Điền | Quận/huyện | thuộc phạm vi kiểm tra |  | ",
        "2 | Tân Thới | Xã/phường | bốc thăm |  | ",
        "3 | Trường Long | Xã/phường | bốc thăm |  | ",
    ]
    excel = pd.read_excel(io.BytesIO(download_file(first, "Kế hoạch kiểm tra công tác CCHC năm 2014.xlsx")), dtype=str)
    assert excel["Tên"].tolist() == ["Phong Điền", "Tân Thới", "Trường Long"]


def at_seed(at) -> int:
    return at.number_input(key="seed").value


def test_a_plan_document_carries_the_schedule_and_the_units_to_follow_up(ds):
    plan = planning.draw(ds, 2024, 1, 5, chronic="apart", scope=["926"])
    schedule = {"926": {"date": "2024-05-09", "team": "Đoàn số 1"}}
    lines = doc_text(plan_tables.plan_file(ds, plan, schedule, "vi", ".docx"))
    follow = plan.units[plan.units["reason"] == "follow_up"]
    assert len(follow) and "III. ĐƠN VỊ PHẢI THEO DÕI KHẮC PHỤC" in lines and "IV. NỘI DUNG KIỂM TRA" in lines
    assert f"{len(follow)} đơn vị có hạn chế kéo dài phải báo cáo kết quả khắc phục:" in lines
    assert "1 | Phong Điền | Quận/huyện | thuộc phạm vi kiểm tra | 09/05/2024 | Đoàn số 1" in lines


def test_the_schedule_typed_into_the_editor_goes_into_the_plan_files(ds):
    """Dates are typed day/month/year; a date that is not one names the unit and what was typed
    (escaped: it is shown in a Markdown box); the Excel file carries the schedule."""
    plan = planning.draw(ds, 2014, 2, 43, scope=["926"])
    frame = plan_tables.schedule_frame(plan, "vi")
    assert frame.columns.tolist() == ["Mã", "Tên", "Ngày kiểm tra (ngày/tháng/năm)", "Đoàn kiểm tra"]
    assert frame.iloc[:, 2:].to_numpy().tolist() == [["", ""]] * 3  # empty cells, never "None"
    frame.iloc[1, 2], frame.iloc[1, 3] = "9/5/2014", " Đoàn số 1 "
    frame.iloc[2, 3] = "Đoàn số 2"
    schedule = plan_tables.schedule_of(frame, "vi")
    assert schedule == {
        "31306": {"date": "2014-05-09", "team": "Đoàn số 1"},
        "31309": {"date": None, "team": "Đoàn số 2"},
    }
    excel = pd.read_excel(io.BytesIO(plan_tables.plan_file(ds, plan, schedule, "vi", ".xlsx")), dtype=str)
    assert excel.fillna("").iloc[:, [1, 6, 7, 8]].to_numpy().tolist() == [
        ["Phong Điền", "", "", "chưa kiểm tra"],
        ["Tân Thới", "09/05/2014", "Đoàn số 1", "đã kiểm tra (đã nhập kết luận)"],
        ["Trường Long", "", "Đoàn số 2", "đã kiểm tra (đã nhập kết luận)"],
    ]
    frame.iloc[0, 2] = "30/02/2014*"
    with pytest.raises(plan_tables.BadDate) as bad:
        plan_tables.schedule_of(frame, "vi")
    assert bad.value.message("vi") == (
        "Ngày kiểm tra của Phong Điền (926) không đọc được: “30/02/2014\\*”. "
        "Hãy ghi theo dạng ngày/tháng/năm, ví dụ 09/05/2014."
    )


def test_the_draw_line_names_the_scope_as_the_year_has_it(ds):
    def line(year, scope, lang="vi"):
        return plan_tables.drawn(ds, year, 1, 7, "plain", "quota", "district", lang, "commune", scope)[1][0].text

    assert line(2014, ("926",)).startswith("Mã bốc thăm **7** – năm 2014, phạm vi: huyện Phong Điền; 1 đơn vị mỗi nhóm")
    assert line(2014, ("926",), "en").startswith("Draw code **7** – 2014, scope: Phong Điền; 1 per group")
    assert "phạm vi: mọi quận, huyện và xã, phường;" in line(2014, ())
    assert "phạm vi: huyện cũ Phong Điền, nhiều huyện cũ;" in line(2025, ("926", "mixed"))
    assert "phạm vi: mọi xã, phường;" in line(2025, ())
