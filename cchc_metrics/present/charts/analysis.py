"""Strengths-and-weaknesses charts: the points-lost Pareto, and units × areas as gaps to the peers."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cchc_metrics.present.charts.common import ACCENT, ChartContext, compact_grid, empty_figure, finish, label_margin
from cchc_metrics.present.text import plain, plain_all

LOSS = "#c0392b"
# Below the peers red, level white, above green; the same ramp for every year.
GAP_SCALE = [[0.0, "#b2182b"], [0.35, "#ef8a62"], [0.5, "#f7f7f7"], [0.65, "#a6d96a"], [1.0, "#1a9850"]]


def pareto_chart(
    frame: pd.DataFrame,
    ctx: ChartContext,
    title: str,
    subtitle: str,
    bar_axis: str,
    cumulative_axis: str,
    label: str = "label",
) -> go.Figure:
    """Points lost per criterion as bars (largest first, left to right) and the cumulative share as a line.

    `frame` is a province.lost_points frame (possibly its first N rows) with a `label` column;
    the line reads `cumulative_pct` on a 0–100 % right axis, so the first N bars of a longer
    list still show how much of the whole loss they make.
    """
    if frame.empty:
        return empty_figure(ctx, title, ctx.t("chart.no_data"))
    labels = plain_all(frame[label])
    fig = go.Figure()
    fig.add_bar(
        x=labels,
        y=frame["points_lost"],
        name=plain(bar_axis),
        marker_color=LOSS,
        text=[ctx.num(v, 1) for v in frame["points_lost"]],
        textposition="outside",
        cliponaxis=False,
        customdata=list(zip(frame["share_lost_pct"], plain_all(frame["criterion_code"]))),
        hovertemplate="%{customdata[1]} %{x}<br>%{y:.2f} (%{customdata[0]:.1f} %)<extra></extra>",
    )
    fig.add_scatter(
        x=labels,
        y=frame["cumulative_pct"],
        name=plain(cumulative_axis),
        yaxis="y2",
        mode="lines+markers",
        line={"color": ACCENT, "width": 2},
        marker={"size": 6},
        hovertemplate="%{x}<br>%{y:.1f} %<extra></extra>",
    )
    fig.update_xaxes(type="category", tickangle=-35, automargin=True)
    fig.update_layout(
        yaxis={"title": plain(bar_axis), "range": [0, float(frame["points_lost"].max()) * 1.18 or 1]},
        yaxis2={
            "title": plain(cumulative_axis),
            "overlaying": "y",
            "side": "right",
            "range": [0, 105],
            "ticksuffix": " %",
            "tickmode": "linear",
            "tick0": 0,
            "dtick": 20,
            "showgrid": False,
        },
        legend={"orientation": "h", "y": 1.02, "x": 1, "xanchor": "right", "yanchor": "bottom"},
        bargap=0.25,
    )
    fig = finish(fig, ctx, title, subtitle, height=700)
    # the slanted criterion names need room: the source note goes below them, not across them
    fig.update_layout(margin={"r": 70, "b": round(225 * ctx.scale)})
    for note in fig.layout.annotations:
        if note.yshift and note.yshift < 0:
            note.yshift = -round(190 * ctx.scale)
    return fig


def gap_heatmap(
    wide: pd.DataFrame, ctx: ChartContext, title: str, subtitle: str, colour_title: str, digits: int = 1
) -> go.Figure:
    """Units (rows, the index of `wide`) × areas (columns): the gap to the peer median, in points.

    Red below the peers, green above, white level with them; each cell carries its signed value;
    an empty cell (the area did not apply) stays blank, never 0.
    """
    if wide.empty:
        return empty_figure(ctx, title, ctx.t("chart.no_data"))
    values = wide.astype(float)
    span = max(float(values.abs().max().max()) if values.notna().any().any() else 1.0, 5.0)
    text = [[_signed(v, ctx, digits) for v in row] for row in values.to_numpy()]
    fig = go.Figure(
        go.Heatmap(
            z=values.to_numpy(),
            x=plain_all(values.columns),
            y=plain_all(values.index),
            text=text,
            texttemplate="" if ctx.compact else "%{text}",
            textfont={"size": 11 * ctx.scale},
            colorscale=GAP_SCALE,
            zmin=-span,
            zmax=span,
            zmid=0,
            xgap=1,
            ygap=1,
            colorbar={"title": {"text": plain(colour_title), "side": "top"}, "thickness": 14},
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        )
    )
    fig.update_xaxes(side="top", tickangle=0, type="category")
    fig.update_yaxes(type="category", autorange="reversed")
    fig.update_layout(plot_bgcolor="#e0e0e0")
    fig = finish(fig, ctx, title, subtitle, height=max(380, 26 * len(values) + 260))
    fig.update_layout(margin={"t": fig.layout.margin.t + round(60 * ctx.scale)})  # the area names on top
    if ctx.compact:
        compact_grid(fig, values.columns)
    return label_margin(fig, values.index, ctx)


def _signed(value, ctx: ChartContext, digits: int) -> str:
    """A gap as written in a cell: signed, zero without a sign, empty when missing."""
    if pd.isna(value):
        return ""
    if round(float(value), digits) == 0:
        return ctx.num(0.0, digits)
    return ctx.num(value, digits, signed=True)
