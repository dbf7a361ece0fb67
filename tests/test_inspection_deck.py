"""The briefing deck of an inspected unit: its word slides (title and data status, key messages,
strengths and weaknesses, whom to learn from, last year's weaknesses, the visit's findings,
recommendations), the fonts named on every run, and LibreOffice rendering the deck and the
inspection report (tests/inspection_fixture.py; numbers worked out in tests/test_report.py).

LibreOffice (Debian packages libreoffice-impress, libreoffice-writer; fonts-liberation2 for the
metrics of Arial and Times New Roman, with the Vietnamese letters that fonts-liberation 1.x lacks) converts in a private profile under a time limit. Without
`soffice` the rendering test is skipped, unless CCHC_REQUIRE_BROWSER=1 (as in CI), where it fails.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import unicodedata

import pytest
from inspection_fixture import inspected_fixture
from PIL import Image

from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.present.files import DECK_FONT, pptx_bytes
from cchc_metrics.views.briefing import briefing
from cchc_metrics.views.report import unit_report_docx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(
    SOFFICE is None and os.environ.get("CCHC_REQUIRE_BROWSER") != "1", reason="no LibreOffice (soffice)"
)

AREA = "Công tác chỉ đạo, điều hành CCHC"
WORD_SLIDES = [
    (
        "Thông điệp chính – An, năm 2024",
        [
            (
                "",
                [
                    "Năm 2024, xã An đạt Chỉ số CCHC 50,00 %, xếp loại Trung bình, xếp thứ 4/4 xã, phường, thị trấn.",
                    "So với năm 2023, chỉ số thay đổi -10,00 điểm phần trăm, giảm 1 bậc.",
                    f"Đơn vị chỉ được đánh giá một lĩnh vực: {AREA} (50,00 %, trung vị 75,00 %).",
                    f"Để khắc phục hạn chế về {AREA}, đề nghị học hỏi kinh nghiệm của Giang (100,00 %).",
                    "Năm 2023, đơn vị không có lĩnh vực nào yếu so với các đơn vị cùng cấp.",
                ],
            )
        ],
    ),
    (
        "Ưu điểm và hạn chế – An, năm 2024",
        [
            ("Ưu điểm cần nhân rộng", ["Kế hoạch CCHC ban hành sớm (kết luận kiểm tra)."]),
            (
                "Hạn chế cần khắc phục",
                [
                    "Hồ sơ lưu trữ chưa khoa học (kết luận kiểm tra).",
                    f"{AREA}: đạt 50,00 %, thấp hơn trung vị (75,00 %) 25,00 điểm.",
                    f"Kế hoạch CCHC ({AREA}): đạt 50,00 %, thấp hơn trung vị (75,00 %) 25,00 điểm.",
                ],
            ),
        ],
    ),
    ("Học tập kinh nghiệm – An, năm 2024", [("", [f"{AREA}: học tập kinh nghiệm của Giang (100,00 %)."])]),
    (
        "Hạn chế năm 2023 và kết quả khắc phục – An",
        [
            (
                "",
                [
                    f"{AREA}: Sổ theo dõi thiếu thông tin (kết luận kiểm tra): 60,00 % năm 2023, "
                    "50,00 % năm 2024: kém đi."
                ],
            )
        ],
    ),
    (
        "Kết luận của đoàn kiểm tra – An, năm 2024",
        [
            ("Ưu điểm", [f"Kế hoạch CCHC ban hành sớm ({AREA})"]),
            ("Hạn chế", [f"Hồ sơ lưu trữ chưa khoa học ({AREA})"]),
            ("Kiến nghị", ["Khắc phục trong 30 ngày và báo cáo về Sở Nội vụ"]),
        ],
    ),
    (
        "Kiến nghị – An, năm 2024",
        [
            (
                "",
                [
                    "Khắc phục các hạn chế nêu trên và báo cáo kết quả khắc phục về Sở Nội vụ trước kỳ chấm điểm "
                    "năm 2025.",
                    "Khắc phục trong 30 ngày và báo cáo về Sở Nội vụ",
                ],
            )
        ],
    ),
]
CHARTS = [
    "Chỉ số CCHC của An – tỉnh/thành phố, 2023–2024",
    "Kết quả theo lĩnh vực: An – tỉnh/thành phố, năm 2024",
    "Xếp hạng xã, phường của Huyện A – tỉnh/thành phố, năm 2024",
]
TITLE = "Chỉ số cải cách hành chính – An, năm 2024"


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    dataset = open_dataset(inspected_fixture(tmp_path_factory.mktemp("deck")), use_cache=False)
    yield dataset
    dataset.close()


@pytest.fixture(scope="module")
def deck(ds) -> bytes:
    """The deck with a plain picture for each chart (the charts' own drawing is tested in
    test_briefing.py): what is checked here is words."""
    b = briefing(ds, 2024, "10101", "vi")
    buffer = io.BytesIO()
    Image.new("RGB", (192, 108), "white").save(buffer, "PNG")
    return pptx_bytes(b, [buffer.getvalue()] * len(b.slides))


def test_the_unit_deck_has_its_words_before_and_after_the_charts(ds):
    b = briefing(ds, 2024, "10101", "vi")
    assert (b.title, b.status) == (TITLE, "Số liệu năm 2024: đã công bố.")
    words = [(s.title, [(h, list(bullets)) for h, bullets in s.columns]) for s in b.opening + b.closing]
    assert words == WORD_SLIDES
    assert [s.title for s in b.slides] == CHARTS


def _slide_texts(data: bytes) -> list[list[str]]:
    from pptx import Presentation

    out = []
    for slide in Presentation(io.BytesIO(data)).slides:
        texts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts += [p.text for p in shape.text_frame.paragraphs if p.text]
        out.append(texts)
    return out


def test_the_deck_s_slides_carry_those_words_and_every_run_names_its_font(deck):
    from pptx import Presentation
    from pptx.oxml.ns import qn

    slides = _slide_texts(deck)
    assert slides[0] == [TITLE, "An (xã, phường) – tỉnh/thành phố", "Số liệu năm 2024: đã công bố."]
    expected_words = [
        [title, *[t for h, bullets in columns for t in ([h] if h else []) + [f"• {b}" for b in bullets]]]
        for title, columns in WORD_SLIDES
    ]
    assert slides[1] == expected_words[0]
    assert [s[0] for s in slides[2:5]] == CHARTS
    assert slides[5:] == expected_words[1:]
    runs = [r for slide in Presentation(io.BytesIO(deck)).slides for r in slide._element.iter(qn("a:r"))]
    assert len(runs) > 30
    for run in runs:
        props = run.find(qn("a:rPr"))
        assert [props.find(qn(tag)).get("typeface") for tag in ("a:latin", "a:ea", "a:cs")] == [DECK_FONT] * 3


def _convert(path, out_dir, profile) -> None:
    assert SOFFICE is not None, "LibreOffice (soffice) is required here: apt-get install libreoffice-impress"
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(path),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")


def _pdf_pages(path) -> list[str]:
    from pypdf import PdfReader

    return [unicodedata.normalize("NFC", page.extract_text() or "") for page in PdfReader(path).pages]


def _pdf_fonts(path) -> set[str]:
    """The fonts a PDF's pages draw with, without their subset prefix (ABCDEF+)."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(path).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def _flat(text: str) -> str:
    return " ".join(text.split())


@needs_office
def test_libreoffice_renders_the_deck_and_the_report_with_their_vietnamese(ds, deck, tmp_path):
    (tmp_path / "deck.pptx").write_bytes(deck)
    (tmp_path / "report.docx").write_bytes(unit_report_docx(ds, 2024, "10101", "vi"))
    profile = tmp_path / "profile"
    _convert(tmp_path / "deck.pptx", tmp_path / "pdf", profile)
    _convert(tmp_path / "report.docx", tmp_path / "pdf", profile)

    pages = [_flat(p) for p in _pdf_pages(tmp_path / "pdf" / "deck.pdf")]
    titles = [TITLE, WORD_SLIDES[0][0], *CHARTS, *[w[0] for w in WORD_SLIDES[1:]]]
    assert len(pages) == len(titles) == 10
    for page, title in zip(pages, titles):
        assert page.startswith(_flat(title)), (title, page[:120])
    assert "Số liệu năm 2024: đã công bố." in pages[0]
    assert "Hồ sơ lưu trữ chưa khoa học (kết luận kiểm tra)." in pages[5]
    assert "60,00 % năm 2023, 50,00 % năm 2024: kém đi." in pages[7]

    # one font family each, Vietnamese letters included: no fallback font for a missing glyph
    assert {f.split("-")[0] for f in _pdf_fonts(tmp_path / "pdf" / "deck.pdf")} == {"LiberationSans"}
    assert {f.split("-")[0] for f in _pdf_fonts(tmp_path / "pdf" / "report.pdf")} == {"LiberationSerif"}
    report = _flat(" ".join(_pdf_pages(tmp_path / "pdf" / "report.pdf")))
    for text in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "Kết quả kiểm tra công tác cải cách hành chính năm 2024 tại xã An",
        "I. KẾT QUẢ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH",
        "Chỉ số cải cách hành chính năm 2024 của xã An đạt 50,00 %, xếp loại trung bình",
        "IV. KẾT QUẢ KHẮC PHỤC HẠN CHẾ NĂM 2023",
        "Hồ sơ lưu trữ chưa khoa học",
        "GIÁM ĐỐC",
    ):
        assert text in report, text
