"""The rules every chart keeps, so that a screenshot of it in a briefing cannot mislead.

Bars of a % start at 0 and end at 100; two units of one name are two bars, told apart; a radar
has one fixed scale; every heatmap of a % maps a value to the same colour; the comparison lines
of a trend differ in colour and dash; an average line is drawn behind the values; a trend of one
year says so.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from cchc_metrics.present.charts.areas import area_heatmap, area_radar
from cchc_metrics.present.charts.common import (
    DRAFT_ROW_PX,
    HEAT_SCALE,
    LEGEND_ROW_PX,
    PERCENT_TICKS,
    POLAR_LABEL_PX,
    ChartContext,
    legend_rows,
)
from cchc_metrics.present.charts.ranking import ranking_bars
from cchc_metrics.present.charts.years import year_lines

CTX = ChartContext(lang="vi", region="TP. Cần Thơ", source="Sở Nội vụ")
BANDS = ["Tốt", "Khá"]


def _ranking(names, codes, values, types=None):
    frame = pd.DataFrame(
        {
            "unit_name": names,
            "unit_code": codes,
            "index_pct": values,
            "rank": range(1, len(names) + 1),
            "band": ["Tốt" if v >= 90 else "Khá" for v in values],
        }
    )
    return frame.assign(unit_type=types) if types is not None else frame


def _categories(fig) -> list[str]:
    return [y for trace in fig.data for y in trace.y]


def test_index_bars_run_from_zero_to_a_hundred():
    """97.73 against 100 is drawn as the small gap it is: the axis starts at 0 whatever the values."""
    fig = ranking_bars(_ranking(["A", "B", "C"], ["1", "2", "3"], [97.73, 100.0, 88.0]), BANDS, CTX, "t")
    assert list(fig.layout.xaxis.range) == [0, 112]
    assert list(fig.layout.xaxis.tickvals) == PERCENT_TICKS
    assert list(fig.layout.xaxis.ticktext) == ["0 %", "20 %", "40 %", "60 %", "80 %", "100 %"]


def test_two_units_of_one_name_are_two_bars_told_apart():
    by_type = ranking_bars(
        _ranking(
            ["Thạnh An", "Cờ Đỏ", "Thạnh An"], ["31231", "31249", "31240"], [95.0, 91.0, 80.0], ["thị trấn", "xã", "xã"]
        ),
        BANDS,
        CTX,
        "t",
    )
    assert sorted(_categories(by_type)) == ["Cờ Đỏ", "Thạnh An (thị trấn)", "Thạnh An (xã)"]
    # in rank order, each bar its own category: the lowest at the bottom
    assert list(by_type.layout.yaxis.categoryarray) == ["Thạnh An (xã)", "Cờ Đỏ", "Thạnh An (thị trấn)"]
    same_type = ranking_bars(
        _ranking(["An Lạc", "An Lạc"], ["80101", "90101"], [90.0, 70.0], ["xã", "xã"]), BANDS, CTX, "t"
    )
    assert sorted(_categories(same_type)) == ["An Lạc (80101)", "An Lạc (90101)"]


def test_the_average_line_is_drawn_behind_the_values():
    fig = ranking_bars(_ranking(["A", "B"], ["1", "2"], [95.0, 70.0]), BANDS, CTX, "t", mean=82.5)
    [line] = fig.layout.shapes
    assert (line.x0, line.x1, line.layer, line.line.dash) == (82.5, 82.5, "below", "dash")


def test_a_value_the_mean_line_would_cross_is_written_inside_its_bar():
    """Only a bar ending just short of the mean has its value where the line runs."""
    values = [95.0, 82.0, 74.0, 60.0]  # 82.0 ends within a value's width before 82.5; 74.0 on a phone only
    fig = ranking_bars(_ranking(["A", "B", "C", "D"], ["1", "2", "3", "4"], values), BANDS, CTX, "t", mean=82.5)
    placed = {y: p for trace in fig.data for y, p in zip(trace.y, trace.textposition)}
    assert placed == {"A": "outside", "B": "inside", "C": "outside", "D": "outside"}
    phone = ranking_bars(
        _ranking(["A", "B", "C", "D"], ["1", "2", "3", "4"], values), BANDS, replace(CTX, compact=True), "t", mean=82.5
    )
    placed = {y: p for trace in phone.data if trace.textposition for y, p in zip(trace.y, trace.textposition)}
    assert placed == {"A": "outside", "B": "inside", "C": "inside", "D": "outside"}  # a phone's values are wider


def _radar(values):
    frame = pd.DataFrame({"area_label": ["Chỉ đạo", "Thể chế", "TTHC"], "own": values, "mean": [70.0, 70.0, 70.0]})
    return area_radar(frame, {"own": "Xã A", "mean": "Bình quân"}, CTX, "t")


def test_every_radar_has_the_same_scale():
    low, high = _radar([20.0, 50.0, 90.0]), _radar([88.0, 95.0, 99.0])
    assert list(low.layout.polar.radialaxis.range) == list(high.layout.polar.radialaxis.range) == [0, 100]
    assert list(low.layout.polar.radialaxis.tickvals) == [20, 40, 60, 80, 100]


def test_every_heatmap_of_a_percent_maps_a_value_to_one_colour():
    wide_low = pd.DataFrame({"LEAD": [20.0, 65.0]}, index=["Xã A", "Xã B"])
    wide_high = pd.DataFrame({"LEAD": [88.0, 97.0]}, index=["Xã A", "Xã B"])
    scales = []
    for wide in (wide_low, wide_high):
        axis = area_heatmap(wide, CTX, "t").layout.coloraxis
        scales.append((axis.cmin, axis.cmax, [tuple(stop) for stop in axis.colorscale]))
    assert scales[0] == scales[1] == (0, 100, [tuple(stop) for stop in HEAT_SCALE])


def test_comparison_lines_differ_in_colour_and_dash():
    series = ["Xã A", "Bình quân huyện", "Bình quân tỉnh", "Bình quân cùng loại"]
    lines = pd.DataFrame(
        [(year, name, 60.0 + i + year % 3) for year in (2022, 2023, 2024) for i, name in enumerate(series)],
        columns=["year", "series", "value"],
    )
    fig = year_lines(lines, CTX, "t", peers=tuple(series[1:]))
    styles = [(trace.name, trace.line.color, trace.line.dash) for trace in fig.data]
    assert [name for name, _, _ in styles] == series
    assert len({(colour, dash) for _, colour, dash in styles}) == 4
    assert len({colour for _, colour, _ in styles}) == 4 and len({dash for _, _, dash in styles}) == 4
    assert "một năm" not in fig.layout.title.text


def test_a_trend_of_one_year_says_so():
    lines = pd.DataFrame({"year": [2014, 2015], "series": ["Xã A", "Xã A"], "value": [72.5, None]})
    fig = year_lines(lines, CTX, "Chỉ số – TP. Cần Thơ", subtitle="% điểm tối đa")
    assert "Mới có số liệu một năm (2014)" in fig.layout.title.text


def _lines(text: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", line) for line in re.split(r"<br>", text)]


def test_a_chart_for_a_phone_wraps_its_texts_to_the_phone_width():
    """At 390 px a line of the title holds about 30 characters, of the subtitle 46, of the source
    line 44: nothing runs off the chart's right edge; the legend sits above the plot, full width."""
    phone = replace(CTX, compact=True, demo=True)
    title = "Chỉ số CCHC các xã, phường, thị trấn – Thành phố Cần Thơ (tỉnh cũ Hậu Giang), năm 2024"
    subtitle = "15 đơn vị cao nhất trong 103; màu theo xếp loại; đường đứt: bình quân của cấp xã"
    frame = _ranking(["Xã Một", "Xã Hai"], ["1", "2"], [95.0, 70.0])
    fig = ranking_bars(frame, BANDS, phone, title, subtitle, mean=82.5)
    head, _, sub = fig.layout.title.text.partition("<br><span")
    assert all(len(line) <= 30 for line in _lines(head)) and len(_lines(head)) >= 3
    assert all(len(line) <= 46 for line in _lines("<span" + sub)) and len(_lines("<span" + sub)) >= 2
    [note] = [a.text for a in fig.layout.annotations if a.yshift and a.yshift < 0]
    assert all(len(line) <= 44 for line in _lines(note)) and len(_lines(note)) == 2
    assert (fig.layout.legend.orientation, fig.layout.legend.y, fig.layout.legend.yanchor) == ("h", 1.0, "bottom")
    desktop = ranking_bars(frame, BANDS, replace(CTX, demo=True), title, subtitle, mean=82.5)
    assert len(_lines(desktop.layout.title.text.partition("<br><span")[0])) == 1  # a page-wide chart: one line


def test_a_draft_stamp_on_a_phone_sits_above_the_legend_never_on_it():
    """On a phone the legend runs across the top of the plot; the draft stamp gets a row of its
    own above it (it was drawn over the legend's last entries)."""
    frame = _ranking(["A", "B", "C"], ["1", "2", "3"], [95.0, 80.0, 60.0])
    phone = ranking_bars(frame, BANDS, replace(CTX, compact=True, draft=True), "t", mean=82.5)
    plain = ranking_bars(frame, BANDS, replace(CTX, compact=True), "t", mean=82.5)
    [stamp] = [a for a in phone.layout.annotations if a.text == CTX.t("chart.draft_mark")]
    # lifted over the legend's rows (the legend starts at the plot's top edge, y = 1)...
    assert (stamp.y, stamp.yanchor) == (1, "bottom") and stamp.yshift == LEGEND_ROW_PX * legend_rows(plain, 1)
    assert (plain.layout.legend.y, plain.layout.legend.yanchor) == (1, "bottom")
    # ...on a row of its own: the top margin and the figure grow by it, the plot keeps its height
    assert phone.layout.margin.t - plain.layout.margin.t == DRAFT_ROW_PX
    assert phone.layout.height - plain.layout.height == DRAFT_ROW_PX
    desktop = ranking_bars(frame, BANDS, replace(CTX, draft=True), "t", mean=82.5)
    [beside] = [a for a in desktop.layout.annotations if a.text == CTX.t("chart.draft_mark")]
    assert not beside.yshift  # a wide screen's legend is beside the plot: the stamp stays at its corner


def test_a_draft_stamp_on_a_phone_radar_sits_above_its_top_area_name():
    """A radar keeps its legend below; on a phone its top area name runs over the plot's top edge
    under the stamp's corner: the stamp is lifted over it, on a row of its own."""
    frame = pd.DataFrame(
        {"area_label": ["Chỉ đạo, điều hành", "Thủ tục hành chính", "Tổ chức bộ máy"], "own": [80.0, 60.0, 90.0]}
    )
    phone = area_radar(frame, {"own": "Xã A"}, replace(CTX, compact=True, draft=True), "t")
    plain = area_radar(frame, {"own": "Xã A"}, replace(CTX, compact=True), "t")
    [stamp] = [a for a in phone.layout.annotations if a.text == CTX.t("chart.draft_mark")]
    assert (stamp.y, stamp.yanchor, stamp.yshift) == (1, "bottom", POLAR_LABEL_PX)
    assert phone.layout.margin.t - plain.layout.margin.t == DRAFT_ROW_PX + POLAR_LABEL_PX
    assert phone.layout.height - plain.layout.height == DRAFT_ROW_PX + POLAR_LABEL_PX
    assert plain.layout.legend.y < 0  # the legend stays below the radar
    desktop = area_radar(frame, {"own": "Xã A"}, replace(CTX, draft=True), "t")
    [corner] = [a for a in desktop.layout.annotations if a.text == CTX.t("chart.draft_mark")]
    assert not corner.yshift  # a wide radar leaves the corner clear
