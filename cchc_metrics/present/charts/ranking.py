"""Ranking charts: units as sorted bars coloured by band, and the spread of communes per district."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cchc_metrics.present.charts.common import (
    ACCENT,
    PERCENT_TICK_TEXT,
    PERCENT_TICKS,
    ChartContext,
    band_colours,
    empty_figure,
    finish,
    label_margin,
)
from cchc_metrics.present.labels import distinct_labels
from cchc_metrics.present.text import plain, plain_all

LABEL_REACH = 7.0  # a value's width past its bar, in % of the axis (0–112 % across a page-wide plot)
LABEL_REACH_COMPACT = 20.0  # the same across a phone's plot (0–128 % in about 250 px)
INK = "#1a1a1a"  # a value written inside a bar: dark on every band colour
TARGET = "#b2182b"  # the target line: a red of its own, apart from the bands' ramp


def ranking_bars(
    scores: pd.DataFrame,
    bands_best_first: list[str],
    ctx: ChartContext,
    title: str,
    subtitle: str = "",
    value: str = "index_pct",
    mean: float | None = None,
    x_title: str | None = None,
    target: float | None = None,
) -> go.Figure:
    """Horizontal bars, best at the top, one colour per band, with the level's average as a line
    and the province's target (chỉ tiêu, `target` %) as a dotted line named in the legend.

    `scores` needs unit_name, band, rank and the `value` column (a % of maximum); with unit_code,
    two units of one name are two bars, told apart (present.labels.distinct_labels). The bars start
    at 0 and end at 100 %: a gap between two bars is the gap between the two units. `x_title`:
    the value axis's title (default: the index's).
    """
    if scores.empty:
        return empty_figure(ctx, title, ctx.t("chart.no_data"))
    colours = band_colours(bands_best_first)
    data = scores.sort_values(value, ascending=True)
    if "unit_code" in data.columns:
        data = data.assign(unit_name=distinct_labels(data["unit_name"], data["unit_code"], data.get("unit_type")))
    fig = go.Figure()
    # a value written just past its bar's end, where the mean line runs, would be crossed by the
    # line: it is written inside the bar's end instead (the reach: a value's width, in axis %)
    reach = LABEL_REACH_COMPACT if ctx.compact else LABEL_REACH
    for band in bands_best_first:
        part = data[data["band"] == band]
        if part.empty:
            continue
        crossed = [mean is not None and v < mean < v + reach for v in part[value]]
        fig.add_bar(
            x=part[value],
            y=plain_all(part["unit_name"]),
            orientation="h",
            name=plain(band),
            marker_color=colours[band],
            text=[ctx.num(v) for v in part[value]],
            textposition=["inside" if c else "outside" for c in crossed],
            insidetextanchor="end",
            insidetextfont={"color": INK},
            # the unit's code last: a click on the bar opens the unit (views.model.Chart.opens)
            customdata=part[["rank", "unit_code"]] if "unit_code" in part.columns else part[["rank"]],
            hovertemplate="%{y}: %{x:.2f} %<br>"
            + plain(ctx.t("chart.rank"))
            + " %{customdata[0]}<extra>%{fullData.name}</extra>",
        )
    fig.update_yaxes(categoryorder="array", categoryarray=plain_all(data["unit_name"]), title=None)
    # 0 to 100 %, with room after 100 for the value written at the bar's end
    # (a phone's narrower plot needs more of the axis for it)
    room = 128 if ctx.compact else 112
    axis = plain(x_title) if x_title else ctx.t("chart.index_axis")
    fig.update_xaxes(title=axis, range=[0, room], tickvals=PERCENT_TICKS, ticktext=PERCENT_TICK_TEXT)
    if mean is not None:  # behind the bars and their values, never over a value
        fig.add_vline(x=mean, line_dash="dash", line_color=ACCENT, line_width=2 * ctx.scale, layer="below")
        label = ctx.t("chart.average", value=ctx.num(mean))
        if ctx.compact:  # on a phone the legend lies above the plot, where the label would sit: named in it
            fig.add_scatter(x=[None], y=[None], mode="lines", name=label, line={"color": ACCENT, "dash": "dash"})
        else:
            fig.add_annotation(
                x=mean, y=1.0, yref="paper", yanchor="bottom", showarrow=False, text=label, font={"color": ACCENT}
            )
    if target is not None:  # behind the bars, named in the legend (the mean's label is above the plot)
        fig.add_vline(x=target, line_dash="dot", line_color=TARGET, line_width=2 * ctx.scale, layer="below")
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="lines",
            name=ctx.t("chart.target", value=ctx.num(target)),
            line={"color": TARGET, "dash": "dot"},
        )
    height = max(360, 28 * len(data) + 200)
    # the legend names the bands even when every bar shown is of one band (plotly hides a legend of one)
    fig.update_layout(
        barmode="overlay", legend={"title": ctx.t("chart.band"), "traceorder": "normal"}, bargap=0.25, showlegend=True
    )
    # a value inside a bar is written as large as those after the bars (plotly would shrink it to the bar)
    fig.update_layout(uniformtext={"minsize": round(13 * ctx.scale), "mode": "show"})
    fig.update_yaxes(ticklabelstandoff=6)  # names clear of the bars
    return label_margin(finish(fig, ctx, title, subtitle, height=height), data["unit_name"], ctx)


def spread_by_group(
    scores: pd.DataFrame,
    ctx: ChartContext,
    title: str,
    subtitle: str = "",
    group: str = "district_name",
) -> go.Figure:
    """One box per group (district) of its communes' indices, points shown, groups by median."""
    if scores.empty:
        return empty_figure(ctx, title, ctx.t("chart.no_data"))
    order = scores.groupby(group)["index_pct"].median().sort_values(ascending=False).index.tolist()
    fig = go.Figure()
    for name in order:
        part = scores[scores[group] == name]
        fig.add_box(
            y=part["index_pct"],
            name=plain(name),
            boxpoints="all",
            jitter=0.4,
            pointpos=0,
            marker={"color": ACCENT, "size": 6, "opacity": 0.7},  # finish() enlarges it for projection
            line={"color": ACCENT},
            fillcolor="rgba(31,78,121,0.12)",
            text=plain_all(part["unit_name"]),
            hovertemplate="%{text}: %{y:.2f} %<extra>%{fullData.name}</extra>",
            showlegend=False,
        )
    fig.update_yaxes(title=ctx.t("chart.index_axis"), ticksuffix=" %")
    fig.update_xaxes(title=None, tickangle=-30)
    return finish(fig, ctx, title, subtitle, height=480)
