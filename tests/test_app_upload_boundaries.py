"""The upload page publishing a year's boundary file (GeoJSON) as a logged-in analyst, and the
overview's map drawing it afterwards (AppTest on test_maps' small data directory).

Every polygon here is TEST GEOMETRY: squares made up around made-up points, not any real boundary.
"""

import json

import pytest
from app_helpers import chart_subtitles, chart_titles, problems
from import_helpers import tree_hash
from test_app_upload import ANALYSTS, PASSWORD, app, button, log_in, metrics
from test_maps import collection, feature, make_dir, square

from cchc_metrics.publish.publishing import read_audit
from ui import auth
from ui import cache as app_cache

TEST_GEOMETRY = collection(
    feature({"unit_code": "10101"}, square(105.70, 10.0)),
    feature({"unit_code": "10102"}, square(105.73, 10.0)),
    feature({"ten": "Ba"}, square(105.76, 10.0)),
)
NAME = "ranh giới (test geometry).geojson"


@pytest.fixture
def root(tmp_path, monkeypatch):
    about = {"region_vi": "Tỉnh thử", "region_en": "Test Province", "synthetic": True}
    data = make_dir(tmp_path / "data", {"about.json": json.dumps(about, ensure_ascii=False)})
    monkeypatch.setenv("CCHC_DATA_DIR", str(data))
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    auth.login_throttle.clear()
    yield data
    auth.login_throttle.clear()
    app_cache._open.clear()


def boundary_upload_page(year: int):
    at = log_in(app(ANALYSTS), "lan", PASSWORD).switch_page("app_pages/upload.py").run()
    at.radio(key="upload_kind").set_value("boundaries").run()
    assert at.number_input(key="boundary_year").value == 2025  # the latest reorganisation's year
    return at.number_input(key="boundary_year").set_value(year).run()


def upload(at, body: dict):
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    return at.file_uploader[0].set_value((NAME, data, "application/geo+json")).run()


def test_an_analyst_previews_and_publishes_boundaries_and_the_overview_draws_them(root):
    before = tree_hash(root)
    at = boundary_upload_page(2024)
    assert problems(at) == []
    assert [i.value for i in at.info][0:1] == [
        "Chọn hoặc kéo thả tệp ranh giới vào ô trên. Tệp được kiểm tra và vẽ thử ngay; "
        "chưa có gì được ghi cho đến khi bấm Công bố."
    ]
    upload(at, TEST_GEOMETRY)
    assert problems(at) == []
    assert metrics(at) == {
        "Loại tệp": "Ranh giới",
        "Năm": "2024",
        "Số đối tượng": "3",
        "Lỗi / cảnh báo": "0 / 0",
    }
    assert [i.value for i in at.info][0:1] == [
        "Ranh giới năm 2024: năm mới, chưa có gì được công bố. Tệp sẽ được ghi thành boundaries/2024.geojson."
    ]
    # the preview: the uploaded shapes, before anything is written
    assert chart_titles(at) == ["Xếp loại các xã, phường – Tỉnh thử, năm 2024"]
    assert chart_subtitles(at)[0].startswith("Ranh giới theo tệp boundaries/2024.geojson · Xem trước, chưa công bố")
    assert tree_hash(root) == before

    button(at, "Công bố").click().run()
    assert problems(at) == []
    written = root / "boundaries" / "2024.geojson"
    assert json.loads(written.read_text(encoding="utf-8")) == TEST_GEOMETRY
    sha = read_audit(root)["sha256"].iloc[0]
    assert at.success[0].value == (
        f"Đã công bố Ranh giới năm 2024: 3 đối tượng, mã băm sha256 {sha[:12]} (boundaries/2024.geojson). "
        "Bản đồ từ năm 2024 vẽ theo ranh giới này từ lần tải trang tiếp theo."
    )
    assert read_audit(root)[["user", "action", "kind", "year", "file", "rows"]].to_dict("records") == [
        {"user": "lan", "action": "publish", "kind": "boundaries", "year": 2024, "file": NAME, "rows": 3}
    ]
    assert at.file_uploader[0].value is None  # the uploader starts afresh
    # the versions tab opens on what was published
    assert at.selectbox(key="hist_kind").value == "boundaries"
    assert at.dataframe[0].value[["Phiên bản", "Trạng thái", "Người công bố", "Số dòng"]].to_dict("records") == [
        {"Phiên bản": 1, "Trạng thái": "đang công bố", "Người công bố": "lan", "Số dòng": 3}
    ]

    at.switch_page("app_pages/overview.py").run()
    at.selectbox(key="year").set_value(2024).run()
    assert problems(at) == []
    assert chart_subtitles(at)[0].startswith("Ranh giới theo tệp boundaries/2024.geojson")


def test_a_bad_boundary_file_shows_each_problem_and_writes_nothing(root):
    before = tree_hash(root)
    at = boundary_upload_page(2024)
    bad = collection(*TEST_GEOMETRY["features"][:2], feature({"unit_code": "99999"}, square(105.8, 10.0)))
    upload(at, bad)
    assert [e.value for e in at.exception] == []
    report = at.dataframe[0].value
    assert report[["Đối tượng", "Thuộc tính", "Mức độ", "Vấn đề"]].to_dict("records") == [
        {
            "Đối tượng": 3,
            "Thuộc tính": "unit_code",
            "Mức độ": "Lỗi",
            "Vấn đề": "đối tượng thứ 3, thuộc tính unit_code: mã “99999” không có trong danh sách đơn vị.",
        },
        {
            "Đối tượng": None,
            "Thuộc tính": "",
            "Mức độ": "Lỗi",
            "Vấn đề": "chưa có ranh giới của đơn vị Ba (10201).",
        },
    ]
    assert [e.value for e in at.error][-1].startswith("Tệp còn 2 lỗi: chưa thể công bố. Sửa các đối tượng nêu")
    assert not any(b.label == "Công bố" for b in at.button)
    assert len(at.get("plotly_chart")) == 0  # no preview of a file that cannot be drawn
    assert tree_hash(root) == before
