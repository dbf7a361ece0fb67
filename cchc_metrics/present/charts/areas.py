"""Reform-area charts: a unit against its peers on a radar, and units × areas as a heatmap."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from cchc_metrics.present.charts.common import (
    HEAT_SCALE,
    PEER_STYLES,
    PERCENT_TICK_TEXT,
    PERCENT_TICKS,
    ChartContext,
    compact_grid,
    empty_figure,
    finish,
    label_margin,
)
from cchc_metrics.present.charts.years import LINE_COLOURS
from cchc_metrics.present.text import plain, plain_all


def area_radar(
    frame: pd.DataFrame, series: dict[str, str], ctx: ChartContext, title: str, subtitle: str = ""
) -> go.Figure:
    """A radar of area % on one fixed scale (0–100 %, rings every 20), the unit's own shape filled,
    each comparison an outline of its own colour and dash; the ring labels sit on the first spoke's
    left, clear of the area names, and the legend below the radar.

    `frame` has one row per area with `area_label` and one column per series; `series` maps
    those columns to legend names, the unit's own first. Empty series are left out.
    """
    present = {c: n for c, n in series.items() if c in frame.columns and frame[c].notna().any()}
    if frame.empty or not present:
        return empty_figure(ctx, title, ctx.t("chart.no_data"))
    theta = plain_all(list(frame["area_label"]) + [frame["area_label"].iloc[0]])
    fig = go.Figure()
    for i, (col, name) in enumerate(present.items()):
        r = list(frame[col]) + [frame[col].iloc[0]]
        own = i == 0
        fig.add_scatterpolar(
            r=r,
            theta=theta,
            name=plain(name),
            mode="lines+markers",
            fill="toself" if own else None,
            line={
                "color": LINE_COLOURS[0] if own else PEER_STYLES[(i - 1) % len(PEER_STYLES)][0],
                "width": 3 if own else 2,
                "dash": None if own else PEER_STYLES[(i - 1) % len(PEER_STYLES)][1],
            },
            opacity=0.9 if own else 0.85,
            hovertemplate="%{theta}: %{r:.2f} %<extra>%{fullData.name}</extra>",
        )
    fig.update_layout(
        polar={
            "radialaxis": {
                "range": [0, 100],
                "tickvals": PERCENT_TICKS[1:],
                "ticktext": PERCENT_TICK_TEXT[1:],
                # the ring labels along the spoke half-way between the first two areas
                "angle": 90 - 180 / len(frame),
                "tickangle": 90 - 180 / len(frame),
                "tickfont": {"size": 10 * ctx.scale, "color": "#777"},
                "layer": "below traces",
            },
            "angularaxis": {"direction": "clockwise", "rotation": 90},
        },
        legend={"orientation": "h", "y": -0.12, "x": 0, "yanchor": "top"},
    )
    fig = finish(fig, ctx, title, subtitle, height=480 if ctx.compact else 560)
    side = 70 if ctx.compact else 120  # room for the area names around the radar
    fig.update_layout(margin={"l": side, "r": side, "b": 130 * ctx.scale})
    for note in fig.layout.annotations:
        if note.yshift and note.yshift < 0:
            note.yshift = -round(100 * ctx.scale)
    return fig


def area_heatmap(
    wide: pd.DataFrame,
    ctx: ChartContext,
    title: str,
    subtitle: str = "",
    x_title: str = "",
    y_title: str = "",
    colour_title: str = "%",
    digits: int = 1,
) -> go.Figure:
    """A heatmap of % values: rows are the index of `wide` (units), columns its columns.

    Cells carry their value in the language's number format; an empty cell (the area does not
    apply, or the unit did not exist that year) stays blank, never 0.
    """
    if wide.empty:
        return empty_figure(ctx, title, ctx.t("chart.no_data"))
    shown = wide.astype(float)
    shown.index, shown.columns = plain_all(wide.index), plain_all(wide.columns)
    fig = px.imshow(
        shown,
        # a phone has no room for a number in every cell: the colour and its scale tell, a tap the value
        text_auto=False if ctx.compact else f".{digits}f",
        aspect="auto",
        color_continuous_scale=HEAT_SCALE,
        zmin=0,  # one scale for every heatmap of a % (common.HEAT_SCALE)
        zmax=100,
        labels={"x": plain(x_title), "y": plain(y_title), "color": plain(colour_title)},
    )
    fig.update_traces(
        xgap=1,
        ygap=1,
        hovertemplate="%{y} · %{x}: %{z:.2f} %<extra></extra>",
        textfont={"size": 11 * ctx.scale},
    )
    fig.update_xaxes(side="top", tickangle=0, title=plain(x_title), type="category")
    fig.update_yaxes(title=plain(y_title), type="category")
    fig.update_layout(plot_bgcolor="#f0f0f0", coloraxis_colorbar={"ticksuffix": " %", "title": plain(colour_title)})
    height = max(380, 26 * len(wide) + 260)
    fig = finish(fig, ctx, title, subtitle, height=height)
    fig.update_layout(margin={"t": fig.layout.margin.t + round(60 * ctx.scale)})  # the area names on top
    if ctx.compact:
        compact_grid(fig, shown.columns)
        y_title = ""
        fig.update_yaxes(title=None)
    return label_margin(fig, wide.index, ctx, titled=bool(y_title))


QUARTILE_COLOURS = ("#1a9850", "#a6d96a", "#fdae61", "#d73027")  # the best quarter green, the last red


def rank_grid(
    ranks: pd.DataFrame,
    quartiles: pd.DataFrame,
    ctx: ChartContext,
    title: str,
    subtitle: str = "",
    quartile_names: tuple[str, str, str, str] = ("1", "2", "3", "4"),
) -> go.Figure:
    """Units × areas, each cell the unit's rank in the area written in it and coloured by its
    quartile (1 the best quarter, green, to 4, red); an area that does not apply stays blank.
    `ranks` and `quartiles` share their index (unit labels) and columns (area names)."""
    if ranks.empty:
        return empty_figure(ctx, title, ctx.t("chart.no_data"))
    z = quartiles.astype(float)
    text = [["" if pd.isna(v) else str(int(v)) for v in row] for row in ranks.to_numpy()]
    scale = []
    for i, colour in enumerate(QUARTILE_COLOURS):  # four bands of one colour each
        scale += [[i / 4, colour], [(i + 1) / 4, colour]]
    fig = go.Figure(
        go.Heatmap(
            z=z.to_numpy(),
            x=plain_all(list(ranks.columns)),
            y=plain_all(list(ranks.index)),
            text=text,
            texttemplate="" if ctx.compact else "%{text}",
            textfont={"size": 11 * ctx.scale},
            colorscale=scale,
            zmin=0.5,
            zmax=4.5,
            xgap=1,
            ygap=1,
            colorbar={
                "tickvals": [1, 2, 3, 4],
                "ticktext": [plain(n) for n in quartile_names],
                "title": ctx.t("chart.quartile"),
            },
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        )
    )
    fig.update_xaxes(side="top", tickangle=0, type="category")
    fig.update_yaxes(type="category", autorange="reversed")
    fig.update_layout(plot_bgcolor="#f0f0f0")
    fig = finish(fig, ctx, title, subtitle, height=max(380, 26 * len(ranks) + 260))
    fig.update_layout(margin={"t": fig.layout.margin.t + round(60 * ctx.scale)})
    if ctx.compact:
        compact_grid(fig, list(ranks.columns))
    return label_margin(fig, ranks.index, ctx)


def area_ranking_bars(
    ranking: pd.DataFrame,
    bands_best_first: list[str],
    ctx: ChartContext,
    title: str,
    subtitle: str,
    axis_title: str,
    mean: float | None = None,
    target: float | None = None,
) -> go.Figure:
    """Units ranked on one area: ranking bars (band colours, average line) on the area % axis.

    `ranking` is a reform_areas.area_ranking frame (possibly shortened to top/bottom N).
    """
    from cchc_metrics.present.charts.ranking import ranking_bars

    bars = ranking.assign(unit_name=ranking["label"])
    return ranking_bars(
        bars, bands_best_first, ctx, title, subtitle, value="area_pct", mean=mean, x_title=axis_title, target=target
    )
