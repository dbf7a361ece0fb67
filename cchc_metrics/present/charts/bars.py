"""Plain horizontal bars for a measure that is not the index (points lost, change of index)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cchc_metrics.present.charts.common import ACCENT, ChartContext, empty_figure, finish, label_margin
from cchc_metrics.present.text import plain, plain_all

UP = "#1b7837"
DOWN = "#c0392b"


def value_bars(
    frame: pd.DataFrame,
    label: str,
    value: str,
    ctx: ChartContext,
    title: str,
    subtitle: str = "",
    x_title: str = "",
    diverging: bool = False,
    suffix: str = "",
    notes: list[str] | None = None,
) -> go.Figure:
    """One bar per row of `frame` (its order kept, first at the top), values written at the bar.

    `diverging` colours gains green and losses red around a zero line (changes of index).
    `notes`: a text per row of `frame`, written after its value ("100 % (3/3)": what a share is of).
    """
    if frame.empty:
        return empty_figure(ctx, title, ctx.t("chart.no_data"))
    data = frame.iloc[::-1]
    names = plain_all(data[label])
    colours = [UP if v >= 0 else DOWN for v in data[value]] if diverging else ACCENT
    fig = go.Figure(
        go.Bar(
            x=data[value],
            y=names,
            orientation="h",
            marker_color=colours,
            text=[
                ctx.num(v, signed=diverging) + suffix + (f" {plain(note)}" if note else "")
                for v, note in zip(data[value], (notes or [""] * len(frame))[::-1])
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.2f}" + suffix + "<extra></extra>",
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=names, title=None)
    fig.update_xaxes(title=plain(x_title), zeroline=True, zerolinecolor="#444", ticksuffix=suffix)
    if not diverging:
        fig.update_xaxes(range=[0, float(data[value].max()) * 1.18 or 1])
    else:
        span = float(data[value].abs().max()) * 1.25 or 1
        fig.update_xaxes(range=[-span, span])
    fig.update_layout(showlegend=False, bargap=0.3)
    return label_margin(finish(fig, ctx, title, subtitle, height=max(340, 30 * len(data) + 220)), data[label], ctx)
