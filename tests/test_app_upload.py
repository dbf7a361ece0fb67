"""The upload page and the analyst login, driven by AppTest on a private copy of tests/fixtures/import_data.

Secrets are always seeded (at.secrets), so a developer's own .streamlit/secrets.toml never leaks in.
"""

from pathlib import Path

import pandas as pd
import pytest
from app_helpers import ENTRY, problems
from helpers import PROJECT
from import_helpers import BAD, MESSY, copy_import_data, expected_bad, tree_hash
from streamlit.testing.v1 import AppTest

from cchc_metrics.publish.accounts import hash_password
from cchc_metrics.publish.publishing import history, read_audit
from ui import auth
from ui import cache as app_cache

PASSWORD = "mat-khau-dai-1"
# Cheap scrypt parameters keep the tests fast; verify_password reads them from the hash.
HASH = hash_password(PASSWORD, n=2**4, r=1, p=1)
ANALYSTS = {"analysts": {"lan": HASH}}
NO_ANALYSTS = {"cchc": {"require_login_to_view": False}}


@pytest.fixture
def root(tmp_path, monkeypatch):
    """A private data directory the app reads and writes; the login throttle starts empty."""
    data = copy_import_data(tmp_path)
    monkeypatch.setenv("CCHC_DATA_DIR", str(data))
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    auth.login_throttle.clear()
    yield data
    auth.login_throttle.clear()
    app_cache._open.clear()


def app(secrets: dict) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=90)
    for key, value in secrets.items():
        at.secrets[key] = value
    return at.run()


def pages(at: AppTest) -> list[str]:
    """The page files this session's navigation lists."""
    return sorted(Path(i["script_path"]).name for i in at._registered_pages.values() if i.get("script_path"))


def log_in(at: AppTest, user: str, password: str) -> AppTest:
    at.switch_page("app_pages/login.py").run()
    at.text_input(key="login_user").input(user)
    at.text_input(key="login_password").input(password)
    return next(b for b in at.button if b.label == "Đăng nhập").click().run()


def analyst_on_upload_page() -> AppTest:
    at = log_in(app(ANALYSTS), "lan", PASSWORD)
    assert at.session_state["analyst_user"] == "lan"
    return at.switch_page("app_pages/upload.py").run()


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    return at.file_uploader[0].set_value((name, data, "text/csv")).run()


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_without_analysts_the_login_and_upload_pages_say_so_without_setup(root):
    at = app(NO_ANALYSTS)
    assert "upload.py" not in pages(at)
    at.switch_page("app_pages/login.py").run()
    assert problems(at) == []
    assert [i.value for i in at.info] == [
        "Chưa có tài khoản chuyên viên nào được cấu hình: chưa ai có thể tải lên hay công bố dữ liệu."
    ]
    assert at.text_input == [] or len(at.text_input) == 0  # no form without accounts
    # no server set-up shown to a visitor: no commands, no configuration, a pointer for the administrator
    assert len(at.code) == 0
    assert [c.value for c in at.caption if "README" in c.value] == [
        "Người quản trị máy chủ tạo tài khoản chuyên viên theo mục “Analysts” trong README của ứng dụng."
    ]
    # the page file run alone (an address typed on a server in the old multipage mode) refuses too
    page = AppTest.from_file(str(PROJECT / "app_pages" / "upload.py"), default_timeout=60)
    page.secrets.update(NO_ANALYSTS)
    page.run()
    assert [e.value for e in page.error] == [
        "Chỉ chuyên viên đã đăng nhập mới được tải lên, công bố hoặc khôi phục dữ liệu."
    ]
    assert len(page.code) == 0
    assert len(page.file_uploader) == 0


def test_a_viewer_has_no_upload_page_and_is_refused_by_the_page_itself(root):
    at = app(ANALYSTS)
    assert "upload.py" not in pages(at)
    assert "login.py" in pages(at) and "overview.py" in pages(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/upload.py")
    page = AppTest.from_file(str(PROJECT / "app_pages" / "upload.py"), default_timeout=60)
    page.secrets.update(ANALYSTS)
    page.run()
    assert [e.value for e in page.error] == [
        "Chỉ chuyên viên đã đăng nhập mới được tải lên, công bố hoặc khôi phục dữ liệu."
    ]
    assert len(page.file_uploader) == 0 and len(page.code) == 0  # accounts exist: no setup help, a link to log in


def test_planning_save_follows_the_login(root):
    at = app(ANALYSTS)
    at.switch_page("app_pages/planning.py").run()
    assert problems(at) == []
    assert button(at, "Lưu kế hoạch vào thư mục dữ liệu").disabled
    at = log_in(at, "lan", PASSWORD)
    at.switch_page("app_pages/planning.py").run()
    assert not button(at, "Lưu kế hoạch vào thư mục dữ liệu").disabled


def test_an_analyst_uploads_sees_the_report_and_the_difference_and_publishes(root):
    before = tree_hash(root)
    at = analyst_on_upload_page()
    assert problems(at) == []
    assert "upload.py" in pages(at)
    assert [i.value for i in at.info][0].startswith("Chọn hoặc kéo thả tệp")

    upload(at, "../../etc/kết quả 2025.xlsx", (MESSY / "titled_vietnamese.xlsx").read_bytes())
    assert problems(at) == []
    assert metrics(at) == {
        "Loại tệp": "Kết quả thẩm định",
        "Năm": "2025",
        "Dòng dữ liệu": "15",
        "Lỗi / cảnh báo": "0 / 0",
    }
    assert [s.value for s in at.success] == ["Tệp hợp lệ: không có lỗi hay cảnh báo."]
    assert (
        "Kết quả thẩm định năm 2025: năm mới, chưa có gì được công bố. Tệp sẽ được ghi thành inspections/2025.csv."
        in [i.value for i in at.info]
    )
    assert tree_hash(root) == before  # checking writes nothing
    assert len(at.checkbox) == 0  # a new year without warnings needs no confirmation

    button(at, "Công bố").click().run()
    assert problems(at) == []
    written = root / "inspections" / "2025.csv"
    assert written.is_file()
    sha = read_audit(root)["sha256"].iloc[0]
    assert [s.value for s in at.success][0] == (
        f"Đã công bố Kết quả thẩm định năm 2025: 15 dòng, mã băm sha256 {sha[:12]} (inspections/2025.csv). "
        "Mọi người xem sẽ thấy dữ liệu mới ở lần tải trang tiếp theo."
    )
    audit = read_audit(root)
    assert audit[["user", "action", "kind", "year", "file", "rows"]].to_dict("records") == [
        {
            "user": "lan",
            "action": "publish",
            "kind": "inspections",
            "year": 2025,
            "file": "kết quả 2025.xlsx",
            "rows": 15,
        }
    ]
    # the upload's name never became a path: only the data contract's files changed
    changed = {k for k, v in tree_hash(root).items() if before.get(k) != v}
    assert changed == {"inspections/2025.csv", "audit.jsonl", ".publish.lock"}
    # the uploader is fresh again and the audit tab shows the write
    assert at.file_uploader[0].value is None
    log = at.dataframe[-1].value
    assert log[["Người thực hiện", "Thao tác", "Loại", "Năm", "Tệp nguồn", "sha256", "Số dòng"]].to_dict("records") == [
        {
            "Người thực hiện": "lan",
            "Thao tác": "công bố",
            "Loại": "Kết quả thẩm định",
            "Năm": "2025",
            "Tệp nguồn": "kết quả 2025.xlsx",
            "sha256": sha[:12],
            "Số dòng": 15,
        }
    ]


@pytest.mark.parametrize("name", ["score_range.csv", "unknown_unit_name.csv", "html_in_text.csv", "broken.xlsx"])
def test_a_bad_file_shows_its_errors_and_changes_nothing(root, name):
    before = tree_hash(root)
    at = analyst_on_upload_page()
    upload(at, name, (BAD / name).read_bytes())
    assert [e.value for e in at.exception] == []
    report = at.dataframe[0].value
    expected = expected_bad()[name]
    rows = {None if pd.isna(r) else int(r) for r in report["Dòng"].tolist()}
    assert rows == {row for _key, row, _col in expected}
    assert {c or None for c in report["Cột"]} == {col for _key, _row, col in expected}
    assert set(report["Mức độ"]) == {"Lỗi"}
    assert all(report["Cách sửa"].str.len() > 0)
    assert [e.value for e in at.error][-1].startswith(f"Tệp còn {len(report)} lỗi: chưa thể công bố.")
    assert not any(b.label == "Công bố" for b in at.button)
    assert [b.label for b in at.get("download_button")][-2:] == ["Tải CSV", "Tải Excel"]  # the report
    assert tree_hash(root) == before


def changed_2025(old: str, new: str) -> bytes:
    text = (MESSY / "clean.csv").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new).encode("utf-8")


def test_replace_needs_a_confirmation_then_rollback_restores_the_first_version(root):
    at = analyst_on_upload_page()
    first = (MESSY / "clean.csv").read_bytes()
    upload(at, "clean.csv", first)
    button(at, "Công bố").click().run()
    published_first = (root / "inspections" / "2025.csv").read_bytes()

    # a corrected file: Mỹ Khánh gets full points on PROC
    upload(
        at,
        "sửa.csv",
        changed_2025(
            "31165,Mỹ Khánh,PROC,X.PROC.1,Công khai TTHC,3,2,1.5", "31165,Mỹ Khánh,PROC,X.PROC.1,Công khai TTHC,3,3,3"
        ),
    )
    assert problems(at) == []
    assert [w.value for w in at.warning][0].startswith(
        "Kết quả thẩm định năm 2025 đã được công bố (inspections/2025.csv): tệp này sẽ THAY THẾ"
    )
    scores = at.dataframe[0].value
    assert scores[["Mã đơn vị", "Chỉ số đang công bố (%)", "Chỉ số mới (%)", "Chênh lệch (điểm %)"]].round(2).to_dict(
        "records"
    ) == [{"Mã đơn vị": "31165", "Chỉ số đang công bố (%)": 57.5, "Chỉ số mới (%)": 72.5, "Chênh lệch (điểm %)": 15.0}]
    assert button(at, "Công bố").disabled
    at.checkbox(key="confirm_replace").check().run()
    assert not button(at, "Công bố").disabled
    button(at, "Công bố").click().run()
    assert problems(at) == []
    assert (root / "inspections" / "2025.csv").read_bytes() != published_first
    assert "Tệp cũ được lưu trữ tại archive/inspections/2025/" in at.success[0].value

    # versions tab: two versions, roll back to the first one with a confirmation
    versions = at.dataframe[0].value
    assert versions[["Phiên bản", "Trạng thái", "Người công bố", "Thao tác", "Số dòng"]].to_dict("records") == [
        {"Phiên bản": 2, "Trạng thái": "đang công bố", "Người công bố": "lan", "Thao tác": "thay thế", "Số dòng": 15},
        {"Phiên bản": 1, "Trạng thái": "", "Người công bố": "lan", "Thao tác": "công bố", "Số dòng": 15},
    ]
    assert at.selectbox(key="rb_version").value == 1
    assert button(at, "Khôi phục").disabled
    at.checkbox(key="rb_confirm_0").check().run()
    button(at, "Khôi phục").click().run()
    assert problems(at) == []
    assert (root / "inspections" / "2025.csv").read_bytes() == published_first
    assert at.success[0].value.startswith("Đã khôi phục phiên bản 1 của Kết quả thẩm định năm 2025")
    assert history(root, "inspections", 2025)["current"].tolist() == [False, False, True]
    assert read_audit(root)["action"].tolist() == ["publish", "replace", "rollback"]
    # version 1 is now the published content: only version 2 is offered, and the confirmation starts unticked
    assert at.selectbox(key="rb_version").value == 2 and len(at.selectbox(key="rb_version").options) == 1
    assert at.checkbox(key="rb_confirm_1").value is False


def test_failed_logins_are_throttled_and_passwords_never_shown(root):
    at = app(ANALYSTS)
    for _ in range(5):
        log_in(at, "lan", "wrong password")
        assert [e.value for e in at.error] == ["Tên đăng nhập hoặc mật khẩu không đúng."]
    log_in(at, "lan", PASSWORD)  # the right password, but too late
    assert [e.value for e in at.error] == ["Đăng nhập sai quá nhiều lần: hãy thử lại sau khoảng 5 phút."]
    assert "analyst_user" not in at.session_state
    assert "upload.py" not in pages(at.run())
    # another session of the same server is throttled too
    other = log_in(app(ANALYSTS), "lan", PASSWORD)
    assert [e.value for e in other.error] == ["Đăng nhập sai quá nhiều lần: hãy thử lại sau khoảng 5 phút."]
    shown = " ".join(
        str(e.value) for e in list(other.markdown) + list(other.caption) + list(other.code) + list(other.error)
    )
    assert HASH not in shown and PASSWORD not in shown


def test_login_can_be_required_for_viewing(root):
    at = app({**ANALYSTS, "cchc": {"require_login_to_view": True}})
    assert pages(at) == ["login.py"]
    assert [t.value for t in at.title] == ["Đăng nhập chuyên viên"]
    assert at.caption[0].value == "Bảng điều khiển này chỉ dành cho người đã đăng nhập."
    log_in(at, "lan", PASSWORD)
    assert {"overview.py", "upload.py", "login.py"} <= set(pages(at))
    button(at, "Đăng xuất").click().run()
    assert pages(at.run()) == ["login.py"]


def test_the_server_upload_limit_is_the_library_limit():
    import tomllib

    from cchc_metrics.engine.reading import Limits

    config = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == Limits().max_bytes


def test_template_bytes_read_back_as_the_template(tmp_path):
    import csv
    import io

    from cchc_metrics.publish.templates import template_frame
    from cchc_metrics.views.upload import template_bytes

    root = copy_import_data(tmp_path)
    frame, framework = template_frame(root, 2025, "district")
    data = template_bytes(frame, "csv", vietnamese=True)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert framework == 2024
    assert rows[0] == [
        "Năm",
        "Mã đơn vị",
        "Tên đơn vị",
        "Mã lĩnh vực",
        "Mã tiêu chí",
        "Tên tiêu chí",
        "Điểm tối đa",
        "Điểm tự chấm",
        "Điểm thẩm định",
        "Ghi chú",
    ]
    assert [r[:2] for r in rows[1:]] == [[str(y), c] for y, c in zip(frame["year"], frame["unit_code"])]
    assert template_bytes(frame, "xlsx")[:2] == b"PK"  # a zip: an Excel workbook
    with pytest.raises(ValueError):
        template_bytes(frame, "xls")
