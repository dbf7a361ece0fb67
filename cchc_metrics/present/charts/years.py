"""Lines over the years: a unit (or units) against its peers, with absent years left as gaps."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cchc_metrics.present.charts.common import PEER_STYLES, ChartContext, empty_figure, finish
from cchc_metrics.present.text import plain

# Distinct, colour-blind-friendly line colours for chosen units (peers stay grey and dashed).
LINE_COLOURS = (
    "#1f4e79",
    "#d95f02",
    "#1b9e77",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#a6761d",
    "#e6ab02",
    "#17becf",
    "#000000",
)


def year_lines(
    lines: pd.DataFrame,
    ctx: ChartContext,
    title: str,
    subtitle: str = "",
    y_title: str = "",
    peers: tuple[str, ...] = (),
    reverse: bool = False,
    percent: bool = True,
    years: list[int] | None = None,
    height: int = 440,
    marks: dict[int, str] | None = None,
) -> go.Figure:
    """One line per series over the years; each of the `peers` series (averages, other units to
    compare with) has a colour and a dash of its own (common.PEER_STYLES), in the legend too.

    `lines` has columns year, series, value; an empty value is a year the unit did not exist
    (or was not scored): the line breaks there, it never drops to zero. `reverse` puts 1 at the
    top (ranks). `years` fixes the axis (every year of the level, absent ones included). A series
    of one year is a dot: the chart says that there is one year of data.
    """
    if lines.empty or lines["value"].notna().sum() == 0:
        return empty_figure(ctx, title, ctx.t("chart.no_data"))
    fig = go.Figure()
    suffix = " %" if percent else ""
    fmt = ":.2f" if percent else ""
    own = [s for s in dict.fromkeys(lines["series"]) if s not in peers]
    compared = [p for p in peers if p in set(lines["series"])]
    for i, name in enumerate(own + compared):
        part = lines[lines["series"] == name].sort_values("year")
        is_peer = name in peers
        colour, dash = (
            PEER_STYLES[compared.index(name) % len(PEER_STYLES)]
            if is_peer
            else (LINE_COLOURS[i % len(LINE_COLOURS)], "solid")
        )
        fig.add_scatter(
            x=part["year"],
            y=part["value"],
            name=plain(name),
            mode="lines+markers",
            connectgaps=False,
            line={"color": colour, "width": 2 if is_peer else 3, "dash": dash},
            marker={"size": 6 if is_peer else 8, "color": colour},
            hovertemplate="%{x}: %{y" + fmt + "}" + suffix + "<extra>%{fullData.name}</extra>",
        )
    axis_years = years or sorted(int(y) for y in lines["year"].unique())
    drawn_years = sorted(int(y) for y in lines.loc[lines["value"].notna(), "year"].unique())
    if len(drawn_years) == 1:  # a single dot would pass for a broken chart: say why it is one
        note = ctx.t("chart.one_year", year=drawn_years[0])
        subtitle = f"{subtitle} · {note}" if subtitle else note
    # a phone's axis holds about five years written whole: every second or third year is labelled
    step = -(-len(axis_years) // 5) if ctx.compact else 1
    fig.update_xaxes(
        title=ctx.t("chart.year"),
        tickmode="array",
        tickvals=axis_years[::-1][::step][::-1],
        range=[min(axis_years) - 0.5, max(axis_years) + 0.5],
    )
    fig.update_yaxes(title=plain(y_title), ticksuffix=suffix)
    if reverse:
        # ranks: 1 always at the top of the axis, whatever the units reached
        fig.update_yaxes(range=[float(lines["value"].max()) + 0.5, 0.5])
    if not percent:
        fig.update_yaxes(dtick=1 if lines["value"].max() <= 15 else None, rangemode="tozero" if not reverse else None)
    for year, label in (marks or {}).items():
        fig.add_vline(x=year - 0.5, line={"color": "#b2182b", "width": 1.5, "dash": "dot"})
        fig.add_annotation(
            x=year - 0.5, y=1, yref="paper", text=label, showarrow=False, xanchor="left", yanchor="bottom",
            font={"size": 11 * ctx.scale, "color": "#b2182b"},
        )  # fmt: skip
    fig.update_layout(legend={"orientation": "h", "y": -0.24, "x": 0, "yanchor": "top"}, hovermode="x unified")
    fig = finish(fig, ctx, title, subtitle, height=height)
    # the legend sits under the plot: push the source note below it (a phone has it above the plot)
    fig.update_layout(margin={"b": fig.layout.margin.b + (0 if ctx.compact else 70 * ctx.scale)})
    for note in fig.layout.annotations:
        if note.yshift and note.yshift < 0 and not ctx.compact:
            note.yshift = -round(125 * ctx.scale)
    return fig
