"""A unit's index over the years across a reorganisation: own years solid, predecessor years dashed."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .common import ACCENT, ChartContext, empty_figure, finish


def lineage_history_line(history: pd.DataFrame, ctx: ChartContext, title: str, subtitle: str, own_name: str,
                         predecessors_name: str, partial_name: str, y_title: str = "", height: int = 440) -> go.Figure:
    """The index of a unit per year from reorganisation.history_table.

    `history` has columns year, basis (own | predecessors), partial, index_pct, basis_text,
    member_names. Own years are a solid line; years read through predecessors a dashed one,
    joined to the first own year so the line does not break at the change; years with a partial
    predecessor get a ring around the point (`partial_name` in the legend). Legend names are given
    translated. Missing years leave gaps, never zeros.
    """
    if history.empty or history["index_pct"].notna().sum() == 0:
        return empty_figure(ctx, title, ctx.t("chart.no_data"))
    frame = history.sort_values("year")
    years = list(range(int(frame["year"].min()), int(frame["year"].max()) + 1))
    full = frame.set_index("year").reindex(years)
    own = full["index_pct"].where(full["basis"] == "own")
    before = full["index_pct"].where(full["basis"] == "predecessors")
    # join the dashed part to the first own year that follows it
    for year in years:
        if not pd.isna(own.get(year)) and not pd.isna(before.get(year - 1, float("nan"))):
            before.loc[year] = own[year]
    hover = [f"{ctx.num(v)} %<br>{b}<br>{m}" if not pd.isna(v) else "" for v, b, m in
             zip(full["index_pct"], full["basis_text"].fillna(""), full["member_names"].fillna(""))]
    fig = go.Figure()
    if before.notna().any():
        fig.add_scatter(x=years, y=before, name=predecessors_name, mode="lines+markers", connectgaps=False,
                        line={"color": ACCENT, "width": 3, "dash": "dash"}, marker={"size": 8, "color": ACCENT},
                        text=hover, hovertemplate="%{x}: %{text}<extra></extra>")
    if own.notna().any():
        fig.add_scatter(x=years, y=own, name=own_name, mode="lines+markers", connectgaps=False,
                        line={"color": ACCENT, "width": 3}, marker={"size": 8, "color": ACCENT},
                        text=hover, hovertemplate="%{x}: %{text}<extra></extra>")
    partial = full[(full["partial"] == True) & full["index_pct"].notna()]  # noqa: E712 (nullable column)
    if len(partial):
        fig.add_scatter(x=list(partial.index), y=partial["index_pct"], name=partial_name, mode="markers",
                        marker={"size": 15, "color": "rgba(0,0,0,0)", "line": {"color": "#d95f02", "width": 2}, "symbol": "circle"},
                        hoverinfo="skip")
    fig.update_xaxes(title=ctx.t("chart.year"), tickmode="array", tickvals=years, range=[years[0] - 0.5, years[-1] + 0.5])
    fig.update_yaxes(title=y_title, ticksuffix=" %")
    fig.update_layout(legend={"orientation": "h", "y": -0.24, "x": 0, "yanchor": "top"})
    fig = finish(fig, ctx, title, subtitle, height=height)
    fig.update_layout(margin={"b": 150 * ctx.scale})
    for note in fig.layout.annotations:
        if note.yshift and note.yshift < 0:
            note.yshift = -round(125 * ctx.scale)
    return fig
