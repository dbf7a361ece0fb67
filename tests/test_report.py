"""The inspection report and the year's summary as Word documents, on a tiny fixture
(tests/inspection_fixture.py):

The lineage fixture (tests/fixtures/lineage) with one area (LEAD, 10 points) scored by hand:
  2023 communes: An 6, Bình 8, Cư 3, Đông 5, Giang 9 (of 10) → Q1 50 %, median 60 %
  2024 communes: An 5, Bình 9, Đông 6, Giang 10 → mean 75 %, median 75 %, Q1 57,5 %
An (10101) in 2024: 50 %, rank 4 of 4, 25 points below the median and below Q1: weak in LEAD.
The units to learn from are those above the median (Giang 100 %, Bình 90 %). In 2023 An had a
finding "Sổ theo dõi thiếu thông tin" on X.LEAD.1 (6 of 10 then, 5 of 10 in 2024: worse).
The 2024 visit to An recorded a strength, a weakness and a recommendation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from inspection_fixture import inspected_fixture

from cchc_metrics import i18n
from cchc_metrics.cli.main import main
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.present.documents import FONT, MIME_DOCX, doc_text
from cchc_metrics.views import report


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return inspected_fixture(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def ds(root):
    dataset = open_dataset(root, use_cache=False)
    yield dataset
    dataset.close()


HEAD = [
    "ỦY BAN NHÂN DÂN TỈNH/THÀNH PHỐ\nSỞ NỘI VỤ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
    "Số:       /BC-SNV | tỉnh/thành phố, ngày     tháng     năm",
    "Dự thảo",
    "BÁO CÁO",
]
SIGNATURE = ["Nơi nhận:\n- {to}\n- Lưu: VT, Phòng CCHC. | GIÁM ĐỐC\n\n\n\n(ký, ghi rõ họ tên)"]


def _lines(data: bytes) -> list[str]:
    return [line for line in doc_text(data) if line]


def test_the_unit_report_carries_results_strengths_weaknesses_follow_up_and_findings(ds):
    got = _lines(report.unit_report_docx(ds, 2024, "10101", "vi"))
    assert got == [
        *HEAD,
        "Kết quả kiểm tra công tác cải cách hành chính năm 2024 tại xã An",
        "I. KẾT QUẢ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH",
        "Chỉ số cải cách hành chính năm 2024 của xã An đạt 50,00 %, xếp loại trung bình, đứng thứ 4/4 xã, "
        "phường, thị trấn của tỉnh/thành phố.",
        "So với năm 2023, chỉ số thay đổi -10,00 điểm phần trăm.",
        "Kết quả từng lĩnh vực (% điểm tối đa), so với bình quân và trung vị các xã, phường, thị trấn của "
        "tỉnh/thành phố:",
        "STT | Lĩnh vực | Đơn vị | Bình quân | Trung vị | Chênh lệch với trung vị | Thứ hạng",
        "1 | Công tác chỉ đạo, điều hành CCHC | 50,00 % | 75,00 % | 75,00 % | -25,00 | 4/4",
        "II. ƯU ĐIỂM CẦN NHÂN RỘNG",
        "- Kế hoạch CCHC ban hành sớm (kết luận kiểm tra).",
        "III. HẠN CHẾ CẦN KHẨN TRƯƠNG KHẮC PHỤC VÀ KIẾN NGHỊ",
        "- Hồ sơ lưu trữ chưa khoa học (kết luận kiểm tra).",
        "- Công tác chỉ đạo, điều hành CCHC: đạt 50,00 %, thấp hơn trung vị (75,00 %) 25,00 điểm.",
        "- Kế hoạch CCHC (Công tác chỉ đạo, điều hành CCHC): đạt 50,00 %, thấp hơn trung vị (75,00 %) 25,00 điểm.",
        "Kiến nghị:",
        "- Công tác chỉ đạo, điều hành CCHC: học tập kinh nghiệm của Giang (100,00 %).",
        "- Khắc phục các hạn chế nêu trên và báo cáo kết quả khắc phục về Sở Nội vụ trước kỳ chấm điểm năm 2025.",
        "IV. KẾT QUẢ KHẮC PHỤC HẠN CHẾ NĂM 2023",
        "1 hạn chế của năm 2023 được theo dõi sang năm 2024:",
        "- Công tác chỉ đạo, điều hành CCHC: Sổ theo dõi thiếu thông tin (kết luận kiểm tra): 60,00 % năm 2023, "
        "50,00 % năm 2024: kém đi.",
        "V. KẾT LUẬN CỦA ĐOÀN KIỂM TRA",
        "Ngày kiểm tra: 10/04/2024.",
        "Ưu điểm:",
        "- Kế hoạch CCHC ban hành sớm (Công tác chỉ đạo, điều hành CCHC)",
        "Hạn chế:",
        "- Hồ sơ lưu trữ chưa khoa học (Công tác chỉ đạo, điều hành CCHC)",
        "Kiến nghị:",
        "- Khắc phục trong 30 ngày và báo cáo về Sở Nội vụ",
        SIGNATURE[0].format(to="UBND xã An;"),
    ]


def test_a_report_without_last_year_or_findings_says_so(ds):
    got = _lines(report.unit_report_docx(ds, 2023, "10102", "en"))
    assert "IV. WEAKNESSES OF 2022 FOLLOWED UP" in got
    assert "The data begin in 2023: there is no year before to follow weaknesses from." in got
    assert got[-2] == "No inspection findings of xã Bình are recorded for 2023."


def test_every_run_of_the_report_is_times_new_roman_13_to_14_points_or_a_table_s_12(ds):
    import io

    from docx import Document
    from docx.oxml.ns import qn

    opened = Document(io.BytesIO(report.unit_report_docx(ds, 2024, "10101", "vi")))
    runs = list(opened.element.body.iter(qn("w:r")))
    assert len(runs) > 40
    for run in runs:
        fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {FONT}
        size = int(run.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val"))) / 2
        assert size in (11, 12, 13, 14)
    title = [p for p in opened.paragraphs if p.text == "BÁO CÁO"][0]
    assert title.runs[0].font.size.pt == 14 and title.runs[0].font.bold


def test_the_summary_lists_the_inspected_units_common_weaknesses_and_recommendations(ds):
    assert _lines(report.summary_report_docx(ds, 2024, "vi")) == [
        *HEAD,
        "Tổng hợp kết quả kiểm tra công tác cải cách hành chính năm 2024",
        "I. CÁC ĐƠN VỊ ĐÃ ĐƯỢC KIỂM TRA",
        "Năm 2024 đã kiểm tra 2 đơn vị:",
        "STT | Đơn vị | Cấp | Ngày kiểm tra | Chỉ số | Ưu điểm | Hạn chế | Kiến nghị",
        "1 | An | Xã/phường | 10/04/2024 | 50,00 % | 1 | 1 | 1",
        "2 | Giang | Xã/phường | 12/04/2024 | 100,00 % | 0 | 1 | 0",
        "II. HẠN CHẾ PHỔ BIẾN",
        "Hạn chế được ghi nhận ở nhiều đơn vị:",
        "- Hồ sơ lưu trữ chưa khoa học: 2 đơn vị.",
        "III. KIẾN NGHỊ",
        "- Khắc phục trong 30 ngày và báo cáo về Sở Nội vụ (1 đơn vị).",
        SIGNATURE[0].format(to="UBND tỉnh/thành phố (để báo cáo);"),
    ]


def test_cli_report_writes_the_docx_and_names_a_unit_it_does_not_know(root, tmp_path, capsys):
    out = tmp_path / "an.docx"
    args = ["report", "--data-dir", str(root), "--year", "2024"]
    assert main([*args, "--unit", "10101", "--out", str(out)]) == 0
    assert _lines(out.read_bytes())[4] == "Kết quả kiểm tra công tác cải cách hành chính năm 2024 tại xã An"
    assert main([*args, "--summary", "--out", str(tmp_path / "sum.docx")]) == 0
    assert (tmp_path / "sum.docx").exists()
    assert main([*args, "--unit", "99999", "--out", str(tmp_path / "x.docx")]) == 1
    assert main([*args, "--unit", "10101", "--out", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert "99999" in err and "x.pdf" in err
    assert not (tmp_path / "x.docx").exists() and not (tmp_path / "x.pdf").exists()


def test_the_demo_report_of_tan_thoi_2014(tmp_path):
    """The seed's report: Tân Thới (31306), inspected on 9 May 2014."""
    demo = open_dataset(Path(__file__).resolve().parents[1] / "data")
    got = _lines(report.unit_report_docx(demo, 2014, "31306", "vi"))
    assert got[4] == "Kết quả kiểm tra công tác cải cách hành chính năm 2014 tại xã Tân Thới"
    assert got[6] == (
        "Chỉ số cải cách hành chính năm 2014 của xã Tân Thới đạt 46,75 %, xếp loại yếu, đứng thứ 84/85 xã, "
        "phường, thị trấn của TP. Cần Thơ."
    )
    assert "- Bộ phận một cửa được bố trí khang trang, trang thiết bị đầy đủ (kết luận kiểm tra)." in got
    assert "- Tỷ lệ hồ sơ tiếp nhận trực tuyến còn thấp (kết luận kiểm tra)." in got
    assert "Ngày kiểm tra: 09/05/2014." in got
    assert report.report_file_name(demo, 2014, "31306", "vi") == "bao-cao-kiem-tra_2014_tan-thoi.docx"


def test_the_commune_page_downloads_the_report_and_planning_the_summary():
    from app_helpers import download_file, open_page, open_tab, problems

    at = open_page("commune_profile", {"year": "2014", "commune": "31306"})
    assert problems(at) == []
    data = download_file(at, "bao-cao-kiem-tra_2014_tan-thoi.docx")
    assert _lines(data)[4] == "Kết quả kiểm tra công tác cải cách hành chính năm 2014 tại xã Tân Thới"
    at = open_tab(open_page("planning", {"plan_year": "2014", "scope": "926"}), "history")
    assert problems(at) == []
    summary = _lines(download_file(at, "tong-hop-kiem-tra_2014.docx"))
    assert summary[4:7] == [
        "Tổng hợp kết quả kiểm tra công tác cải cách hành chính năm 2014",
        "I. CÁC ĐƠN VỊ ĐÃ ĐƯỢC KIỂM TRA",
        "Năm 2014 đã kiểm tra 8 đơn vị:",
    ]


def test_the_report_button_is_offered_without_reading_the_report(ds, monkeypatch):
    """The button is decided by whether the unit was scored; the report's facts (its level's
    positions, last year's weaknesses) are read only when the file is written."""
    expected = _lines(report.unit_report_docx(ds, 2024, "10101", "vi"))
    read = []
    real = report.narrative_facts
    monkeypatch.setattr(report, "narrative_facts", lambda *a, **k: read.append(a[1:]) or real(*a, **k))
    button = report.report_download(ds, 2024, {"unit_code": "10101"}, "vi")
    assert (button.label, button.file_name, button.mime) == (
        i18n.t("report.download", "vi", year=2024),
        report.report_file_name(ds, 2024, "10101", "vi"),
        MIME_DOCX,
    )
    assert read == []
    assert _lines(button.write()) == expected and read == [(2024, "10101")]
    assert report.report_download(ds, 2026, {"unit_code": "10102"}, "vi") is None  # no scores in 2026
