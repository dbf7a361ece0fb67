"""The unit scorecard: the meaningful-change rule, the area card on the hand-computed fixture,
the page in both languages, and its PDF (one A4 page, real text) and PNG."""

from __future__ import annotations

import pandas as pd
import pypdfium2 as pdfium
import pytest
from analysis_fixture import records
from app_helpers import download_file, open_page, problems
from helpers import DEMO_DATA

from cchc_metrics.analysis.scorecard import area_card, area_trends, trend
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.present.scorecard_file import pdf_bytes, png_bytes
from cchc_metrics.views import scorecard as view
from cchc_metrics.views.common import context, unit_of


def test_a_change_points_only_when_larger_than_two_points_and_the_usual_change():
    assert trend(None) is None
    assert trend(float("nan"), [5.0]) is None
    assert trend(2.0) == "steady"  # not more than 2 points
    assert trend(2.01) == "up"  # no earlier change: the points alone
    assert trend(-3.0) == "down"
    assert trend(5.0, [6.0, -7.0, 4.0]) == "steady"  # a unit that moves 6 points a year
    assert trend(-6.5, [6.0, -7.0, 4.0]) == "down"
    assert trend(3.0, [1.0, -0.5, float("nan")]) == "up"
    assert trend(1.5, [0.2, 0.1]) == "steady"  # beyond the usual, but within 2 points


def test_area_trends_judge_each_area_against_its_own_earlier_changes():
    history = pd.DataFrame(
        [
            # A swings ±8 every year: a rise of 6 in 2024 is its usual noise
            (2020, "A", 60.0),
            (2021, "A", 68.0),
            (2022, "A", 60.0),
            (2023, "A", 68.0),
            (2024, "A", 74.0),
            # B barely moves, then falls 4 points
            (2021, "B", 80.0),
            (2022, "B", 80.5),
            (2023, "B", 81.0),
            (2024, "B", 77.0),
            # C was not scored in 2023: no change into 2024
            (2022, "C", 50.0),
            (2024, "C", 70.0),
            # D: not scored in 2024, left out
            (2023, "D", 10.0),
        ],
        columns=["year", "area_code", "area_pct"],
    )
    found = area_trends(history, 2024)
    assert records(found) == [
        ("A", 68.0, 6.0, 8.0, "steady"),
        ("B", 81.0, -4.0, 0.5, "down"),
        ("C", None, None, None, None),
    ]


def test_area_card_on_the_fixture(ds):
    """Một (10101) in 2024 among the five communes: LEAD 100 (median 90), PROC 50 for everyone,
    ONESTOP 90 (best 100), each against its 2023 %."""
    card = area_card(ds, 2024, "10101@", "en")
    assert records(card) == [
        ("LEAD", "Direction and management of reform", 100.0, 1, 5, 90.0, 10.0, 100.0, 0.0, 90.0, 10.0, None, "up"),
        ("PROC", "Administrative-procedure reform", 50.0, 1, 5, 50.0, 0.0, 50.0, 0.0, 100.0, -50.0, None, "down"),
        ("ONESTOP", "One-stop mechanism", 90.0, 3, 5, 90.0, 0.0, 100.0, -10.0, 25.0, 65.0, None, "up"),
    ]
    first = area_card(ds, 2023, "10101@", "en")
    assert list(first["trend"]) == [None, None, None]  # the first year: nothing to compare with


def test_the_scorecard_document_on_the_fixture(ds):
    """Năm (10202) is weak in LEAD both years: the weakness is listed with whom to learn from,
    followed from 2023, and its findings of the year are there."""
    ctx = context(ds, "en")
    unit = unit_of(ds, 2024, "commune", "10202", "en")
    card = view.document(ds, 2024, "commune", unit, ctx)
    assert [s.title for s in card.sections] == [
        "Results by reform area, 2024",
        "Strengths to replicate",
        "Weaknesses to fix, and whom to learn from",
        "Weaknesses of 2023 and what became of them in 2024",
        "Inspection findings, 2024",
    ]
    weak = card.sections[2].frame
    assert list(weak.columns) == ["Area / criterion", "Score (%)", "Against the median (points)", "Learn from"]
    assert weak.iloc[0]["Area / criterion"] == "Direction and management of reform"
    assert weak.iloc[0]["Learn from"] != ""
    followed = card.sections[3].frame
    assert "Direction and management of reform" in list(followed["Last year's weakness"])
    assert card.figures[0][0] == "Reform index"


@pytest.fixture(scope="module")
def demo():
    dataset = open_dataset(DEMO_DATA)
    yield dataset
    dataset.close()


def pdf_text(data: bytes) -> tuple[int, tuple[float, float], str]:
    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        text = page.get_textpage().get_text_range()
        return len(document), page.get_size(), text
    finally:
        document.close()


def test_the_pdf_of_tan_thoi_2014_is_one_a4_page_with_every_part(demo):
    ctx = context(demo, "vi")
    unit = unit_of(demo, 2014, "commune", "31306", "vi")
    data = pdf_bytes(view.document(demo, 2014, "commune", unit, ctx))
    pages, (width, height), text = pdf_text(data)
    assert pages == 1
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    flat = " ".join(text.split())
    for expected in (
        "TP. CẦN THƠ",
        "Tình trạng dữ liệu: đã công bố",
        "HỒ SƠ CẢI CÁCH HÀNH CHÍNH – Tân Thới – NĂM 2014",
        "Tân Thới (Phong Điền)",
        "Chỉ số CCHC",
        "46,75 %",
        "Xếp loại",
        "Yếu",
        "84/85",
        "Chỉ tiêu chỉ số",
        "chưa đạt, thiếu 33,25 điểm %",
        "Kết quả theo lĩnh vực năm 2014",
        "Lĩnh vực dưới chỉ tiêu: Công tác chỉ đạo, điều hành CCHC (66,67 % so với chỉ tiêu 70,00 %);",
        "Mũi tên chỉ hiện khi thay đổi so với năm trước lớn hơn 2 điểm %",
        "Công tác chỉ đạo, điều hành CCHC",
        "66,67",
        "79/85",
        "-18,75",
        "Ưu điểm cần nhân rộng",
        "Hạn chế cần khắc phục và đơn vị nên học hỏi",
        "Điểm yếu năm 2013 và kết quả khắc phục năm 2014",
        "Số liệu bắt đầu từ năm 2014: chưa có năm trước để theo dõi điểm yếu của Tân Thới.",
        "Kết luận kiểm tra năm 2014",
        "Tỷ lệ hồ sơ tiếp nhận trực tuyến còn thấp",
        "Nguồn: Sở Nội vụ TP. Cần Thơ",
        "dữ liệu minh họa, không phải kết quả thật",
    ):
        assert expected in flat, expected
    png = png_bytes(data, dpi=72)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_long_scorecard_still_fits_one_page(demo):
    """Many rows in every section: the type shrinks, then sections are cut and say so."""
    ctx = context(demo, "en")
    unit = unit_of(demo, 2014, "commune", "31306", "en")
    card = view.document(demo, 2014, "commune", unit, ctx)
    long = tuple(
        type(s)(s.title, pd.concat([s.frame] * 12, ignore_index=True), s.empty, s.widths, s.signed, s.note)
        for s in card.sections
    )
    from dataclasses import replace

    pages, _, text = pdf_text(pdf_bytes(replace(card, sections=long)))
    assert pages == 1
    assert "more rows (all of them on the Unit scorecard page)" in " ".join(text.split())


@pytest.mark.parametrize(
    "lang,title,areas",
    [
        ("vi", "Hồ sơ đơn vị", "Kết quả theo lĩnh vực năm 2014"),
        ("en", "Unit scorecard", "Results by reform area, 2014"),
    ],
)
def test_scorecard_page_in_both_languages(lang, title, areas):
    at = open_page("scorecard", {"lang": lang, "level": "commune", "year": "2014", "unit": "31306"})
    assert problems(at) == []
    assert [x.value for x in at.title] == [title]
    assert areas in [s.value for s in at.subheader]
    assert at.selectbox(key="unit").value == "31306"
    assert at.metric[0].value == ("46,75 %" if lang == "vi" else "46.75 %")
    assert [m.value for m in at.metric[1:]] == [
        "Yếu" if lang == "vi" else "Weak",
        "84/85" if lang == "vi" else "84 of 85",
        "80,00 %" if lang == "vi" else "80.00 %",  # the demo's target for every commune (targets.csv)
    ]
    pdf = download_file(at, "scorecard_tan-thoi_31306_2014.pdf")
    assert pdf is not None and pdf_text(pdf)[0] == 1
    assert download_file(at, "scorecard_tan-thoi_31306_2014.png")[:4] == b"\x89PNG"


def test_the_unit_pages_button_opens_the_scorecard_of_that_unit_and_year():
    at = open_page("commune_profile", {"year": "2014", "commune": "31306", "lang": "en"})
    [button] = [b for b in at.button if b.label == "Open the unit scorecard"]
    button.click().run()
    assert problems(at) == []
    assert [x.value for x in at.title] == ["Unit scorecard"]
    assert {k: at.query_params[k] for k in ("level", "year", "unit")} in (
        {"level": "commune", "year": "2014", "unit": "31306"},
        {"level": ["commune"], "year": ["2014"], "unit": ["31306"]},
    )


def test_every_ranking_chart_opens_the_scorecard_of_the_unit_clicked(demo):
    """The bars carry the unit's code as their last customdata value, and the chart says which
    page a click opens (ui.draw turns a selected bar into that page)."""
    from cchc_metrics.views import area, overview
    from cchc_metrics.views import profile as unit_profile
    from cchc_metrics.views.model import Link

    ctx = context(demo, "en")
    scoped = demo.scoped("Cần Thơ")
    charts = [
        overview.level_ranking(scoped, 2014, "district", ctx),
        overview.commune_ranking(scoped, 2014, "all", ctx),
        area.ranking_chart(scoped, 2014, "commune", "LEAD", "all", ctx),
        unit_profile.communes_ranked(scoped, 2014, unit_of(scoped, 2014, "district", "926", "en"), ctx),
    ]
    card = "app_pages/scorecard.py"
    assert [c.opens for c in charts] == [
        Link(card, "unit", 2014, "district"),
        Link(card, "unit", 2014, "commune"),
        Link(card, "unit", 2014, "commune"),
        Link(card, "unit", 2014, "commune"),
    ]
    communes = charts[3].figure
    codes = {str(row[-1]) for trace in communes.data if trace.type == "bar" for row in trace.customdata}
    assert "31306" in codes and len(codes) == 7  # Phong Điền's seven communes


def test_rank_matrix_gives_each_units_rank_in_each_area(ds):
    """2024: LEAD Một 100, Hai 90, Ba 90, Bốn 100, Năm 60; ONESTOP Một 90, Hai 90, Ba 95, Bốn 100,
    Năm 90; PROC 50 for all; index Bốn 87.5, Một 82.5, Ba 82.5, Hai 80, Năm 72.5."""
    from cchc_metrics.analysis.scorecard import quartile, rank_matrix

    matrix = rank_matrix(ds, 2024, "commune")
    assert records(matrix, ["unit_code", "unit_name", "rank", "LEAD", "PROC", "ONESTOP"]) == [
        ("10201", "Bốn", 1, 1, 1, 1),
        ("10101", "Một", 2, 1, 1, 3),
        ("10103", "Ba", 2, 3, 1, 2),
        ("10102", "Hai", 4, 3, 1, 3),
        ("10202", "Năm", 5, 5, 1, 3),
    ]
    assert matrix.attrs["peers"] == {"LEAD": 5, "ONESTOP": 5, "PROC": 5}
    by_onestop = rank_matrix(ds, 2024, "commune", "ONESTOP")
    assert list(by_onestop["unit_name"]) == ["Bốn", "Ba", "Một", "Hai", "Năm"]
    assert [quartile(r, 5) for r in (1, 2, 3, 4, 5)] == [1, 2, 3, 4, 4]
    assert quartile(None, 5) is None
    with pytest.raises(ValueError):
        rank_matrix(ds, 2024, "commune", "FIN")
