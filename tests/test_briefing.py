"""Briefing exports: presentation mode on every chart type, the slide set per scope, PNGs, deck,
ZIP and PDF drawn by the system Chromium, the CLI, and the page in both languages.

Tests that draw need Chromium; they are skipped without it, unless CCHC_REQUIRE_BROWSER is set
(as in .ci/run), where a missing browser fails them.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile

import pandas as pd
import pytest
from app_helpers import chart_titles, tab_labels
from helpers import PROJECT, TINY_2023, TINY_2024, TINY_UNITS, write_dir
from PIL import Image
from streamlit.testing.v1 import AppTest

from cchc_metrics.analysis.lineage import UnknownUnit
from cchc_metrics.cli.main import main
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.present.charts.areas import area_heatmap, area_radar
from cchc_metrics.present.charts.common import ChartContext, subtitle_lines, title_lines
from cchc_metrics.present.charts.ranking import ranking_bars, spread_by_group
from cchc_metrics.present.charts.years import year_lines
from cchc_metrics.present.files import notes_text, pdf_bytes, pptx_bytes, render_pngs, title_page, zip_bytes
from cchc_metrics.present.render import Renderer, RenderUnavailable, can_render
from cchc_metrics.views.briefing import NoScores, briefing, slide_figure

ABOUT = {
    "region_vi": "Tỉnh Thử",
    "region_en": "Test Province",
    "synthetic": True,
    "source_vi": "Sở Nội vụ",
    "source_en": "Home Affairs",
}

needs_browser = pytest.mark.skipif(
    not can_render() and not os.environ.get("CCHC_REQUIRE_BROWSER"), reason="no Chromium for server-side rendering"
)


@pytest.fixture(scope="module")
def tiny_ds(tmp_path_factory):
    root = write_dir(
        tmp_path_factory.mktemp("briefing") / "tiny",
        {
            "units.csv": TINY_UNITS,
            "inspections/2023.csv": TINY_2023,
            "inspections/2024.csv": TINY_2024,
            "about.json": json.dumps(ABOUT, ensure_ascii=False),
        },
    )
    ds = open_dataset(root, use_cache=False)
    yield ds
    ds.close()


@pytest.fixture(scope="module")
def renderer():
    with Renderer() as r:
        yield r


# --- presentation mode -------------------------------------------------------------------------


def _marks(fig):
    """(type, line width, marker size) of every trace, and the layout font size."""
    rows = []
    for tr in fig.data:
        line = tr.line.width if "line" in tr and tr.type != "heatmap" else None
        size = tr.marker.size if "marker" in tr and "size" in tr.marker else None
        rows.append((tr.type, line, size))
    return rows, fig.layout.font.size


def _every_chart(ctx: ChartContext) -> dict:
    scores = pd.DataFrame(
        {
            "unit_name": ["A", "B"],
            "band": ["Tốt", "Khá"],
            "rank": [1, 2],
            "index_pct": [85.0, 75.0],
            "district_name": ["D", "D"],
        }
    )
    lines = pd.DataFrame(
        {"year": [2023, 2024, 2023, 2024], "series": ["A", "A", "Mean", "Mean"], "value": [80.0, 85.0, 78.0, 79.0]}
    )
    radar = pd.DataFrame({"area_label": ["X", "Y", "Z"], "self": [90.0, 80.0, 70.0], "mean": [85.0, 85.0, 85.0]})
    heat = pd.DataFrame({"X": [90.0, 80.0]}, index=["A", "B"])
    return {
        "bars": ranking_bars(scores, ["Tốt", "Khá"], ctx, "t"),
        "boxes": spread_by_group(scores, ctx, "t"),
        "lines": year_lines(lines, ctx, "t", peers=("Mean",)),
        "radar": area_radar(radar, {"self": "A", "mean": "Mean"}, ctx, "t"),
        "heatmap": area_heatmap(heat, ctx, "t"),
    }


def test_a_long_title_takes_two_lines_with_room_above_the_chart():
    """A long area name or region must not be cut off at the chart's edge: the place and year go
    on a second line and the top margin grows by a line; a short title stays on one."""
    short = "Chỉ số CCHC các quận, huyện – TP. Cần Thơ, năm 2024"
    long = (
        "Công tác chỉ đạo, điều hành CCHC: tiêu chí bị trừ nhiều điểm nhất, các quận, huyện – "
        "Thành phố Hồ Chí Minh, năm 2024"
    )
    assert title_lines(short) == (short, 0)
    assert title_lines(long) == (long.replace(" – ", " –<br>"), 1)
    scores = pd.DataFrame({"unit_name": ["A", "B"], "band": ["Tốt", "Khá"], "rank": [1, 2], "index_pct": [85.0, 75.0]})
    heat = pd.DataFrame({"X": [90.0, 80.0]}, index=["A", "B"])
    for build in (
        lambda title: ranking_bars(scores, ["Tốt", "Khá"], ChartContext(), title, "sub"),
        lambda title: area_heatmap(heat, ChartContext(), title, "sub"),
    ):
        one, two = build(short), build(long)
        assert one.layout.title.text.startswith(short + "<br><span")
        assert two.layout.title.text.startswith(long.replace(" – ", " –<br>") + "<br><span")
        assert two.layout.margin.t == one.layout.margin.t + 26


def test_titles_and_subtitles_wrap_sooner_in_a_slides_larger_type():
    """At national scale the region is long ("Dữ liệu tổng hợp quy mô toàn quốc") and the subtitle
    says which 30 of 700 are drawn: on a slide (type 1.45× larger) both were cut off at the edge."""
    title = "Chỉ số CCHC các quận, huyện – Dữ liệu tổng hợp quy mô toàn quốc, năm 2024"
    assert title_lines(title) == (title, 0)  # 76 characters fit a page-wide chart
    assert title_lines(title, 1.45) == (title.replace(" – ", " –<br>"), 1)
    sub = "% điểm tối đa; màu theo xếp loại; đường đứt: bình quân · Chỉ vẽ 30 quận, huyện cao nhất và thấp nhất trong 700."
    assert subtitle_lines(sub) == (sub, 0)
    assert subtitle_lines(sub, 1.45) == (sub.replace(" · ", "<br>"), 1)  # at the last separator that fits
    words = "một " * 40
    wrapped, extra = subtitle_lines(words, 1.45)
    assert extra == 1 and wrapped.replace("<br>", " ").split() == words.split()  # no separator: at a space
    # a part still too long for a line breaks at a space: no line is longer than a line holds
    longest = "Tỷ lệ điểm yếu năm 2023 đã khắc phục trong năm 2024, theo quận, huyện: các quận, huyện – Dữ liệu tổng hợp quy mô toàn quốc"
    wrapped, extra = title_lines(longest, 1.45)
    assert (
        extra == 2
        and wrapped.replace("<br>", " ") == longest
        and max(len(line) for line in wrapped.split("<br>")) <= 95 / 1.45
    )
    assert wrapped.split("<br>")[-1] == "Dữ liệu tổng hợp quy mô toàn quốc"  # still the place on its own line
    scores = pd.DataFrame({"unit_name": ["A", "B"], "band": ["Tốt", "Khá"], "rank": [1, 2], "index_pct": [85.0, 75.0]})
    slide = ChartContext(presentation=True)
    short = slide_figure(ranking_bars(scores, ["Tốt", "Khá"], slide, "Chỉ số – TP. Cần Thơ, năm 2024", "sub"), "bars")
    long = slide_figure(ranking_bars(scores, ["Tốt", "Khá"], slide, title, sub), "bars")
    assert long.layout.title.text.count("<br>") == 3  # the title's break, the subtitle's own line, its break
    assert long.layout.margin.t == short.layout.margin.t + 2 * round(26 * 1.45)


def test_every_chart_is_written_out_with_the_house_template():
    """The template is plotly's default (set once, not copied into each figure: 9-30 ms a chart):
    what reaches the browser or a PNG still carries it whole."""
    import json

    import plotly.graph_objects as go
    import plotly.io as pio

    scores = pd.DataFrame({"unit_name": ["A", "B"], "band": ["Tốt", "Khá"], "rank": [1, 2], "index_pct": [85.0, 75.0]})
    fig = ranking_bars(scores, ["Tốt", "Khá"], ChartContext(), "t", "s")
    written = json.loads(pio.to_json(fig, validate=False))  # as st.plotly_chart writes it
    explicit = json.loads(pio.to_json(go.Figure(layout={"template": "plotly_white"}), validate=False))
    assert written["layout"]["template"] == explicit["layout"]["template"]
    assert written["layout"]["template"]["layout"]["plot_bgcolor"] == "white"


def test_charts_of_unit_names_leave_room_for_the_longest_without_plotly_automargin():
    """Automargin lays a chart out twice (half a heatmap's drawing time): the left margin is worked
    out from the longest name instead, and grows with it and with presentation mode."""

    def bars(names, ctx):
        scores = pd.DataFrame({"unit_name": names, "band": "Tốt", "rank": range(1, len(names) + 1), "index_pct": 80.0})
        return ranking_bars(scores, ["Tốt"], ctx, "t", "s")

    def heat(names, ctx):
        return area_heatmap(pd.DataFrame({"X": 90.0}, index=names), ctx, "t", "s", y_title="Xã")

    short, long = ["Ô Môn", "Cờ Đỏ"], ["Ô Môn", "Phường Châu Văn Liêm (Ninh Kiều), cũ"]
    for build in (bars, heat):
        narrow, wide, large = (
            build(short, ChartContext()),
            build(long, ChartContext()),
            build(long, ChartContext(presentation=True)),
        )
        assert narrow.layout.margin.l < wide.layout.margin.l < large.layout.margin.l
        assert wide.layout.margin.l >= 36 * 7  # 36 characters of 13 px text
        for fig in (narrow, wide, large):
            assert fig.layout.yaxis.automargin is False and fig.layout.xaxis.automargin is False


def test_presentation_mode_enlarges_fonts_lines_and_markers_on_every_chart_type():
    plain = {k: _marks(f) for k, f in _every_chart(ChartContext()).items()}
    big = {k: _marks(f) for k, f in _every_chart(ChartContext(presentation=True)).items()}
    assert {k: v[1] for k, v in plain.items()} == dict.fromkeys(plain, 13)
    assert {k: v[1] for k, v in big.items()} == dict.fromkeys(big, 19)
    assert plain["boxes"][0] == [("box", None, 6)]
    assert big["boxes"][0] == [("box", 2 * 1.45, 6 * 1.45)]
    # the unit's own line stays thicker than its peers' when both grow
    assert plain["lines"][0] == [("scatter", 3, 8), ("scatter", 2, 6)]
    assert big["lines"][0] == [("scatter", 3 * 1.45, 8 * 1.45), ("scatter", 2 * 1.45, 6 * 1.45)]
    assert plain["radar"][0] == [("scatterpolar", 3, None), ("scatterpolar", 2, None)]
    assert big["radar"][0] == [("scatterpolar", 3 * 1.45, 6 * 1.45), ("scatterpolar", 2 * 1.45, 6 * 1.45)]
    assert big["bars"][0] == [("bar", None, None), ("bar", None, None)]  # bars grow through their text
    assert _every_chart(ChartContext(presentation=True))["heatmap"].data[0].textfont.size == 11 * 1.45


# --- the slide set -------------------------------------------------------------------------------


def test_province_slides_and_words(tiny_ds):
    b = briefing(tiny_ds, 2024)
    assert (b.scope, b.unit_code, b.name) == ("province", None, "Tỉnh Thử")
    assert [(s.key, s.title) for s in b.slides] == [
        ("district-ranking", "Chỉ số CCHC các quận, huyện – Tỉnh Thử, năm 2024"),
        ("district-areas", "Các quận, huyện theo lĩnh vực – Tỉnh Thử, năm 2024"),
        ("commune-spread", "Phân bố chỉ số của xã, phường theo quận, huyện – Tỉnh Thử, năm 2024"),
        ("commune-top", "3 xã, phường dẫn đầu – Tỉnh Thử, năm 2024"),  # 3 communes: no separate bottom list
        ("level-trend", "Chỉ số CCHC bình quân qua các năm – Tỉnh Thử, 2023–2024"),
    ]
    assert b.title == "Chỉ số cải cách hành chính – Tỉnh Thử, năm 2024"
    assert b.subtitle == "Toàn Tỉnh Thử · Nguồn: Sở Nội vụ · dữ liệu minh họa, không phải kết quả thật"
    # hand-computed in test_scores: districts 90 and 90 (2023: 82.5 and 80), communes 90, 90, 50
    assert b.narrative == (
        "Năm 2024, 2 quận, huyện đạt chỉ số CCHC bình quân 90,00 % (+8,75 điểm % so với năm 2023); "
        "cao nhất là Huyện A (90,00 %), thấp nhất là Quận B (90,00 %). "
        "Năm 2024, 3 xã, phường đạt chỉ số CCHC bình quân 76,67 % (+6,67 điểm % so với năm 2023); "
        "cao nhất là Xã Một (90,00 %), thấp nhất là Xã Ba (50,00 %)."
    )
    for s in b.slides:  # every chart is a 16:9 slide with its title, source and demo note inside
        assert (s.figure.layout.width, s.figure.layout.height) == (960, 540)
        assert s.figure.layout.title.text.replace("<br>", " ").startswith(s.title)  # a long title wraps
        assert any("dữ liệu minh họa" in (a.text or "") for a in s.figure.layout.annotations)
        assert s.figure.layout.font.size == 19


def test_a_province_of_many_districts_draws_the_best_and_the_worst_and_says_so(monkeypatch):
    """700 districts at national scale, 30 in a large province: the ranking, the area heatmap and
    the spread keep the extremes (here at most 4 of the demo's 9 districts; a slide holds 16) and
    each slide's subtitle says so. Every bar kept is named, in type that fits its row."""
    import cchc_metrics.views.briefing
    from cchc_metrics.analysis.overview import ranking_table

    monkeypatch.setattr(cchc_metrics.views.briefing, "SLIDE_EXTREMES", 2)
    ds = open_dataset().scoped("Cần Thơ")  # 2024 is before the merger: the old city's 9 districts
    ranked = ranking_table(ds, 2024, "district", "vi").sort_values("index_pct", ascending=False, kind="stable")
    assert len(ranked) == 9
    extremes = set(ranked["unit_name"].head(2)) | set(ranked["unit_name"].tail(2))
    slides = {s.key: s for s in briefing(ds, 2024, None, "vi").slides}
    bars = [t for t in slides["district-ranking"].figure.data if t.type == "bar"]  # one bar trace per band
    assert {y for bar in bars for y in bar.y} == extremes  # (the target's line is a legend entry)
    assert set(slides["district-areas"].figure.data[0].y) == extremes
    assert len({box.name for box in slides["commune-spread"].figure.data}) == 4
    for key in ("district-ranking", "district-areas"):
        assert slides[key].subtitle.endswith(" · Chỉ vẽ 4 quận, huyện cao nhất và thấp nhất trong 9.")
    assert slides["commune-spread"].subtitle.endswith(" · Chỉ vẽ 4 quận, huyện cao nhất và thấp nhất trong 9.")
    assert "Chỉ vẽ" not in slides["commune-top"].subtitle
    ranking = slides["district-ranking"].figure.layout
    assert ranking.yaxis.dtick == 1 and ranking.yaxis.tickfont.size == round(13 * 1.45)  # 4 rows: full size
    many = pd.DataFrame(
        {
            "unit_name": [f"Quận {i}" for i in range(20)],
            "band": "Tốt",
            "rank": range(1, 21),
            "index_pct": [90.0 - i for i in range(20)],
        }
    )
    crowded = slide_figure(ranking_bars(many, ["Tốt"], ChartContext(presentation=True), "t", "s"), "bars").layout
    row = (540 - crowded.margin.t - crowded.margin.b) / 20
    assert crowded.yaxis.dtick == 1 and 9 <= crowded.yaxis.tickfont.size <= row
    assert crowded.uniformtext.minsize == crowded.yaxis.tickfont.size and crowded.uniformtext.mode == "show"
    sizes = {
        trace.textfont.size
        for trace in slide_figure(ranking_bars(many, ["Tốt"], ChartContext(presentation=True), "t", "s"), "bars").data
        if trace.type == "bar"
    }
    assert sizes == {crowded.yaxis.tickfont.size}  # the values no larger than the names: no overlap


def test_district_and_commune_slides(tiny_ds):
    district = briefing(tiny_ds, 2024, "101")
    assert [(s.key, s.title) for s in district.slides] == [
        ("index-trend", "Chỉ số CCHC của Huyện A – Tỉnh Thử, 2023–2024"),
        ("areas-radar", "Kết quả theo lĩnh vực: Huyện A – Tỉnh Thử, năm 2024"),
        ("district-communes", "Xếp hạng xã, phường của Huyện A – Tỉnh Thử, năm 2024"),
        ("communes-areas", "Xã, phường của Huyện A theo lĩnh vực – Tỉnh Thử, năm 2024"),
    ]
    assert district.narrative.startswith("Năm 2024, huyện Huyện A đạt Chỉ số CCHC 90,00 %")
    commune = briefing(tiny_ds, 2024, "10101", "en")
    assert [(s.key, s.title) for s in commune.slides] == [
        ("index-trend", "Reform index of Xã Một – Test Province, 2023–2024"),
        ("areas-radar", "Results by reform area: Xã Một – Test Province, 2024"),
        ("district-communes", "Communes of Huyện A ranked – Test Province, 2024"),
    ]
    assert commune.file_name(0) == "01_index-trend_xa-mot_2024.png"
    assert commune.stem == "cchc-briefing_xa-mot_2024"


def test_the_highlighted_commune_is_drawn_in_bold(tiny_ds):
    commune = briefing(tiny_ds, 2024, "10101", "en")
    bars = commune.slides[2].figure
    assert sorted(y for tr in bars.data for y in tr.y) == ["<b>Xã Một</b>", "Phường Hai"]  # the unit in bold


def test_unknown_year_and_unit(tiny_ds):
    with pytest.raises(NoScores) as exc:
        briefing(tiny_ds, 2030)
    assert exc.value.message("vi") == "Năm 2030 chưa có điểm đánh giá nào."
    with pytest.raises(UnknownUnit):
        briefing(tiny_ds, 2024, "999")


def test_missing_browser_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert not can_render()
    with pytest.raises(RenderUnavailable) as exc:
        Renderer().png(_every_chart(ChartContext())["bars"])
    assert exc.value.reason == "no_browser"
    assert "Chromium" in exc.value.message("vi") and "BROWSER_PATH" in exc.value.message("vi")


# --- files ---------------------------------------------------------------------------------------


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


@needs_browser
def test_pngs_deck_zip_and_pdf(tiny_ds, renderer):
    b = briefing(tiny_ds, 2024)
    pngs = render_pngs(b, renderer)
    assert [Image.open(io.BytesIO(p)).size for p in pngs] == [(1920, 1080)] * 5

    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    deck = Presentation(io.BytesIO(pptx_bytes(b, render_pngs(b, renderer, titled=False))))
    assert (round(deck.slide_width.inches, 2), round(deck.slide_height.inches, 2)) == (13.33, 7.5)
    slides = list(deck.slides)
    words = [s.title for s in b.opening], [s.title for s in b.closing]
    assert words == (
        ["Thông điệp chính – Tỉnh Thử, năm 2024"],
        ["Hạn chế phổ biến qua kiểm tra – Tỉnh Thử, năm 2024", "Kiến nghị – Tỉnh Thử, năm 2024"],
    )
    assert [s.shapes.title.text for s in slides] == [b.title, *words[0], *[s.title for s in b.slides], *words[1]]
    for i, slide in enumerate(slides[2 : 2 + len(b.slides)]):
        pictures = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert [Image.open(io.BytesIO(p.image.blob)).size for p in pictures] == [(1920, 1080)]
        assert slide.notes_slide.notes_text_frame.text == notes_text(b, i)
        assert slide.notes_slide.notes_text_frame.text.endswith(b.narrative)
    assert slides[0].notes_slide.notes_text_frame.text == b.narrative

    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(b, pngs)))
    assert archive.namelist() == [
        "01_district-ranking_tinh-thu_2024.png",
        "02_district-areas_tinh-thu_2024.png",
        "03_commune-spread_tinh-thu_2024.png",
        "04_commune-top_tinh-thu_2024.png",
        "05_level-trend_tinh-thu_2024.png",
    ]
    assert [Image.open(archive.open(n)).size for n in archive.namelist()] == [(1920, 1080)] * 5

    pdf = pdf_bytes(b, [title_page(b, renderer), *pngs])
    assert pdf.startswith(b"%PDF") and _pdf_pages(pdf) == 6  # the title page, then the charts


@needs_browser
def test_cli_writes_each_format(tiny_ds, tmp_path, capsys):
    root = str(tiny_ds.root)
    out = tmp_path / "xa-mot.pdf"
    assert main(["briefing", "--data-dir", root, "--year", "2024", "--unit", "10101", "--out", str(out)]) == 0
    assert _pdf_pages(out.read_bytes()) == 4  # a title page and 3 charts
    assert capsys.readouterr().out.strip() == f"Đã ghi {out} (3 biểu đồ)."
    out = tmp_path / "huyen-a.zip"
    assert (
        main(["briefing", "--data-dir", root, "--year", "2024", "--unit", "101", "--out", str(out), "--lang", "en"])
        == 0
    )
    assert len(zipfile.ZipFile(out).namelist()) == 4


def test_cli_refuses_bad_suffix_unknown_unit_and_year(tiny_ds, tmp_path, capsys):
    root = str(tiny_ds.root)
    assert main(["briefing", "--data-dir", root, "--year", "2024", "--out", str(tmp_path / "x.docx")]) == 2
    assert (
        main(["briefing", "--data-dir", root, "--year", "2024", "--unit", "999", "--out", str(tmp_path / "x.zip")]) == 1
    )
    assert main(["briefing", "--data-dir", root, "--year", "2019", "--out", str(tmp_path / "x.zip")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"Tệp ra phải có đuôi .pptx, .pdf hoặc .zip (đang là: {tmp_path / 'x.docx'}).",
        "Không có đơn vị mã 999 trong năm 2024. Xem danh sách mã trong units.csv.",
        "Năm 2019 chưa có điểm đánh giá nào.",
    ]
    assert not list(tmp_path.iterdir())


# --- the page ------------------------------------------------------------------------------------


def _page(query: dict) -> AppTest:
    at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=180)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page("app_pages/briefing.py").run()


@pytest.mark.parametrize(
    "lang,title,first_chart,narrative,prepare",
    [
        (
            "vi",
            "Báo cáo: biểu đồ cho trình chiếu",
            "Chỉ số CCHC các quận, huyện – Cần Thơ (tỉnh cũ), năm 2024",
            "Năm 2024, 9 quận, huyện đạt chỉ số CCHC bình quân 92,61 %",
            "Chuẩn bị tệp tải về",
        ),
        (
            "en",
            "Briefing: charts for slides",
            "Reform index of districts – former Cần Thơ, 2024",
            "In 2024, the 9 districts averaged 92.61 %",
            "Prepare the downloads",
        ),
    ],
)
def test_page_in_both_languages(lang, title, first_chart, narrative, prepare):
    at = _page({"lang": lang, "year": "2024"})
    assert not at.exception
    assert [x.value for x in at.title] == [title]
    assert chart_titles(at) == [first_chart]  # one slide at a time, in its tab
    labels = tab_labels(at)
    # numbered as in the deck: the title slide, the key messages, 6 charts, 2 word slides
    assert len(labels) == 8 and labels[0] == "3. " + first_chart.split(" – ")[0]
    assert at.session_state["tab"] == labels[0]
    assert at.markdown[-1].value.startswith(narrative)
    if can_render():
        assert [b.label for b in at.button] == [prepare]


def test_page_for_a_commune_from_the_url_has_its_narrative():
    at = _page({"year": "2024", "scope": "commune", "commune": "31309"})
    assert not at.exception
    assert at.sidebar.radio(key="scope").value == "commune"
    assert at.subheader[0].value == "Chỉ số cải cách hành chính – Trường Long, năm 2024"
    assert len(tab_labels(at)) == 3 + 5 and len(chart_titles(at)) == 1
    assert tab_labels(at)[3:] == [
        "6. Ưu điểm và hạn chế",
        "7. Học tập kinh nghiệm",
        "8. Hạn chế năm 2023 và kết quả khắc phục",
        "9. Kết luận của đoàn kiểm tra",
        "10. Kiến nghị",
    ]
    assert any(m.value.startswith("Năm 2024, xã Trường Long đạt Chỉ số CCHC") for m in at.markdown)
    at.session_state["_keep_tab:briefing"] = "follow-up"  # the briefing's own tabs (ui.state.tabs)
    words = at.run()
    assert "Hạn chế năm 2023 và kết quả khắc phục – Trường Long" in [h.value for h in words.subheader]
    assert not chart_titles(words)


def test_page_without_chromium_points_to_the_png_buttons(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    at = _page({"year": "2024", "scope": "commune", "commune": "31309"})
    assert not at.exception
    assert not at.button
    [warning] = at.warning
    assert "Chromium" in warning.value and "nút máy ảnh" in warning.value
    assert (
        len(tab_labels(at)) == 3 + 5 and len(chart_titles(at)) == 1
    )  # the charts, with their own PNG buttons, and the word slides are still there


@needs_browser
def test_page_prepares_the_three_downloads():
    at = _page({"year": "2024", "scope": "commune", "commune": "31309"})
    at.button[0].click().run()
    assert not at.exception
    assert [b.proto.label for b in at.get("download_button")] == ["PowerPoint (.pptx)", "Ảnh PNG (.zip)", "PDF"]
    assert [b.proto.url.rsplit(".", 1)[1] for b in at.get("download_button")] == ["pptx", "zip", "pdf"]


def _drawn(fig) -> dict:
    """What a figure shows, apart from size and fonts: each trace's kind, name and values, and the
    title's words (a slide's larger type wraps it at other places)."""
    import plotly.io as pio

    spec = json.loads(pio.to_json(fig, validate=False))
    keep = ("type", "name", "x", "y", "z", "r", "theta", "text", "orientation")
    traces = [{k: tr.get(k) for k in keep} for tr in spec["data"]]
    title = re.sub(r"<[^>]+>", " ", spec["layout"]["title"]["text"])
    return {"traces": traces, "title": " ".join(title.replace("–", " – ").split())}


def test_a_slide_is_its_page_chart_in_presentation_mode(tiny_ds):
    """The page and the briefing draw one view function's chart: the same traces, values and
    words; only the slide's size, fonts and margins differ."""
    from cchc_metrics.views import overview, profile
    from cchc_metrics.views.common import context, unit_of

    page = context(tiny_ds, "vi")
    district = unit_of(tiny_ds, 2024, "district", "101", "vi")
    commune = unit_of(tiny_ds, 2024, "commune", "10101", "vi")
    pairs = {
        ("101", "index-trend"): profile.trend(tiny_ds, "district", district, 2024, page, until=2024),
        ("101", "areas-radar"): profile.radar(tiny_ds, "district", district, 2024, page),
        ("101", "district-communes"): profile.communes_ranked(tiny_ds, 2024, district, page),
        ("101", "communes-areas"): profile.communes_by_area(tiny_ds, 2024, district, page),
        ("10101", "index-trend"): profile.trend(
            tiny_ds, "commune", commune, 2024, page, commune["group_name"], until=2024
        ),
        ("10101", "areas-radar"): profile.radar(tiny_ds, "commune", commune, 2024, page, commune["group_name"]),
        (None, "district-ranking"): overview.district_ranking(tiny_ds, 2024, page),
        (None, "district-areas"): overview.district_areas(tiny_ds, 2024, page),
        (None, "level-trend"): overview.level_trend(tiny_ds, 2024, page),
    }
    slides = {(code, s.key): s for code in ("101", "10101", None) for s in briefing(tiny_ds, 2024, code, "vi").slides}
    assert len(slides) == 12
    for key, chart in pairs.items():
        slide = slides[key]
        assert _drawn(slide.figure) == _drawn(chart.figure), key
        assert (slide.title, slide.subtitle) == (chart.title, chart.subtitle)
        assert chart.figure.layout.font.size == 13 and slide.figure.layout.font.size == 19
        assert slide.figure.layout.width == 960 and chart.figure.layout.width is None
