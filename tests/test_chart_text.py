"""Text from data is shown as text on every chart: never a link, bold, an image or a template.

Plotly draws titles, tick labels, legends, hovers and annotations through a subset of HTML and
reads `%{…}` in hover templates. Each chart builder is given a unit, area, band, criterion and
source named with markup; the whole figure is then read back as JSON and searched.
"""

from __future__ import annotations

import json

import pandas as pd
import plotly.io as pio
import pytest

from cchc_metrics.present.charts.analysis import gap_heatmap, pareto_chart
from cchc_metrics.present.charts.areas import area_heatmap, area_radar, area_ranking_bars, rank_grid
from cchc_metrics.present.charts.bars import value_bars
from cchc_metrics.present.charts.common import ChartContext, empty_figure
from cchc_metrics.present.charts.lineage import lineage_history_line
from cchc_metrics.present.charts.maps import unit_map
from cchc_metrics.present.charts.ranking import ranking_bars, spread_by_group
from cchc_metrics.present.charts.years import year_lines
from cchc_metrics.present.text import Markup, bold, plain

EVIL = '<a href="http://x.test/">Xã Độc</a> <b>đậm</b> %{x} & <img src=x>'
SHOWN = '&lt;a href="http://x.test/"&gt;Xã Độc&lt;/a&gt; &lt;b&gt;đậm&lt;/b&gt;'
CTX = ChartContext(lang="vi", region=EVIL, source=EVIL, demo=True)


def _figures():
    two = [EVIL, "Phường Hai"]
    yield "value_bars", value_bars(pd.DataFrame({"label": two, "v": [3.0, 1.0]}), "label", "v", CTX, EVIL, EVIL)
    yield (
        "pareto_chart",
        pareto_chart(
            pd.DataFrame(
                {
                    "label": two,
                    "points_lost": [3.0, 1.0],
                    "share_lost_pct": [75.0, 25.0],
                    "criterion_code": [EVIL, "X.2"],
                    "cumulative_pct": [75.0, 100.0],
                }
            ),
            CTX,
            EVIL,
            EVIL,
            EVIL,
            EVIL,
        ),
    )
    wide = pd.DataFrame({EVIL: [1.5, -2.0], "PROC": [0.0, 3.0]}, index=two)
    yield "gap_heatmap", gap_heatmap(wide, CTX, EVIL, EVIL, EVIL)
    yield "area_heatmap", area_heatmap(wide + 50, CTX, EVIL, EVIL, EVIL, EVIL, EVIL)
    yield "rank_grid", rank_grid(wide.abs().round() + 1, wide.abs().round().clip(1, 4), CTX, EVIL, EVIL)
    tiles = pd.DataFrame(
        {
            "unit_code": ["1", "2"],
            "name": two,
            "label": two,
            "cls": [EVIL, ""],
            "hover": [EVIL + "\n" + EVIL, "Chỉ số: 80 %"],
            "x": [0, 1],
            "y": [0, 0],
        }
    )
    yield "unit_map", unit_map(tiles, [(EVIL, "#1a9850")], CTX, EVIL, EVIL, no_data=EVIL)
    radar = pd.DataFrame({"area_label": [EVIL, "B", "C"], "own": [50.0, 60.0, 70.0], "peer": [55.0, 65.0, 60.0]})
    yield "area_radar", area_radar(radar, {"own": EVIL, "peer": EVIL + " 2"}, CTX, EVIL, EVIL)
    scores = pd.DataFrame(
        {"unit_name": two, "band": [EVIL, "Tốt"], "rank": [1, 2], "index_pct": [91.0, 85.0], "district_name": two}
    )
    yield "ranking_bars", ranking_bars(scores, [EVIL, "Tốt"], CTX, EVIL, EVIL, mean=88.0)
    yield (
        "area_ranking_bars",
        area_ranking_bars(
            scores.assign(label=scores["unit_name"], area_pct=scores["index_pct"]), [EVIL, "Tốt"], CTX, EVIL, EVIL, EVIL
        ),
    )
    yield "spread_by_group", spread_by_group(scores, CTX, EVIL, EVIL)
    lines = pd.DataFrame(
        {"year": [2023, 2024, 2023, 2024], "series": [EVIL, EVIL, "B", "B"], "value": [80, 85, 70, 75]}
    )
    yield "year_lines", year_lines(lines, CTX, EVIL, EVIL, EVIL, peers=("B",))
    history = pd.DataFrame(
        {
            "year": [2023, 2024, 2025],
            "kind": ["predecessors", "own", "successor"],
            "index_pct": [80.0, 85.0, 90.0],
            "partial": [True, False, False],
            "note": [EVIL, EVIL, EVIL],
            "label": [EVIL, EVIL, EVIL],
        }
    )
    names = {"own": EVIL, "predecessors": EVIL, "partial": EVIL, "successor": EVIL}
    yield "lineage_history_line", lineage_history_line(history, CTX, EVIL, EVIL, names, EVIL)
    yield "empty_figure", empty_figure(CTX, EVIL, EVIL)


def _strings(node, key=""):
    if isinstance(node, str):
        yield key, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, k)
    elif isinstance(node, (list, tuple)):
        for v in node:
            yield from _strings(v, key)


FIGURES = dict(_figures())


def test_every_chart_builder_is_tried():
    from cchc_metrics.present.charts import analysis, areas, bars, lineage, maps, ranking, years

    builders = {
        name
        for module in (analysis, areas, bars, lineage, maps, ranking, years)
        for name, value in vars(module).items()
        if callable(value) and getattr(value, "__module__", "") == module.__name__ and not name.startswith("_")
    }
    assert builders <= set(FIGURES)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_text_from_data_is_shown_as_text(name):
    spec = json.loads(pio.to_json(FIGURES[name], engine="json"))
    texts = list(_strings({"data": spec["data"], "layout": spec["layout"]}))
    for key, text in texts:
        # no tag or template from the data (the project's own <br>, <span>, <b>, <extra> may frame it)
        assert "<a href" not in text and "<img src" not in text and "<b>đậm" not in text, (key, text)
        if key in ("hovertemplate", "texttemplate"):
            assert "Độc" not in text, (key, text)  # never written into a template: %{x} would run
    shown = [text for _key, text in texts if SHOWN in text]
    assert shown, name  # the name is there, with its characters as they are
    assert all("%{x} &amp; &lt;img src=x&gt;" in text for text in shown)


def test_the_rule():
    assert plain(EVIL) == SHOWN + " %{x} &amp; &lt;img src=x&gt;"
    assert plain("Hai dòng\nthứ hai") == "Hai dòng<br>thứ hai"
    assert plain("Trường Long") == "Trường Long" and plain(2024) == 2024 and plain(None) is None
    assert plain(Markup("<b>x</b>")) == "<b>x</b>"
    assert bold("<i>Tân An</i>") == "<b>&lt;i&gt;Tân An&lt;/i&gt;</b>" and isinstance(bold("x"), Markup)
