"""A unit's index over the years across a reorganisation: its own scores solid, the territory it
covers read through its predecessors dashed, and where its story ends (successors) marked."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cchc_metrics.present.charts.common import ACCENT, ChartContext, empty_figure, finish
from cchc_metrics.present.text import plain, plain_all

SUCCESSOR = "#d95f02"


def lineage_history_line(
    lines: pd.DataFrame,
    ctx: ChartContext,
    title: str,
    subtitle: str,
    names: dict[str, str],
    y_title: str = "",
    height: int = 440,
) -> go.Figure:
    """The index of a unit per year from reorganisation.history_lines.

    `lines` has columns year, kind (own | predecessors | successor), index_pct, partial, note.
    Own scores: a solid line. Years read through predecessors: a dashed line, joined to the
    first own year after them so the line does not break at the change; a ring marks years
    with a partial predecessor. Successors: a dotted link from the last own year to each
    successor's first score. `names` gives the legend words for own, predecessors, partial and
    successor. Missing years leave gaps, never zeros.
    """
    if lines.empty or lines["index_pct"].notna().sum() == 0:
        return empty_figure(ctx, title, ctx.t("chart.no_data"))
    years = list(range(int(lines["year"].min()), int(lines["year"].max()) + 1))

    def series(kind: str) -> pd.DataFrame:
        return lines[lines["kind"] == kind].set_index("year").reindex(years)

    own, before = series("own"), series("predecessors")  # one row a year; successors may share one
    dashed = before["index_pct"].copy()
    for year in years:  # join the dashed part to the own year that follows it
        if (
            pd.notna(own["index_pct"].get(year))
            and pd.isna(dashed.get(year))
            and pd.notna(dashed.get(year - 1, float("nan")))
        ):
            dashed.loc[year] = own["index_pct"][year]
    fig = go.Figure()
    hover = "%{x}: %{y:.2f} %<br>%{text}<extra></extra>"
    if before["index_pct"].notna().any():
        fig.add_scatter(
            x=years,
            y=dashed,
            name=plain(names["predecessors"]),
            mode="lines+markers",
            connectgaps=False,
            line={"color": ACCENT, "width": 3, "dash": "dash"},
            marker={"size": 7, "color": ACCENT},
            text=plain_all(before["note"].fillna(own["note"]).fillna("")),
            hovertemplate=hover,
        )
    if own["index_pct"].notna().any():
        fig.add_scatter(
            x=years,
            y=own["index_pct"],
            name=plain(names["own"]),
            mode="lines+markers",
            connectgaps=False,
            line={"color": ACCENT, "width": 3},
            marker={"size": 8, "color": ACCENT},
            text=plain_all(own["note"].fillna("")),
            hovertemplate=hover,
        )
    partial = before[(before["partial"] == True) & before["index_pct"].notna()]  # noqa: E712 (nullable column)
    if len(partial):
        fig.add_scatter(
            x=list(partial.index),
            y=partial["index_pct"],
            name=plain(names["partial"]),
            mode="markers",
            marker={"size": 15, "color": "rgba(0,0,0,0)", "line": {"color": SUCCESSOR, "width": 2}},
            hoverinfo="skip",
        )
    nexts = lines[lines["kind"] == "successor"]
    if len(nexts) and own["index_pct"].notna().any():
        last = own["index_pct"].last_valid_index()
        for row in nexts.itertuples(index=False):
            fig.add_scatter(
                x=[last, row.year],
                y=[own["index_pct"][last], row.index_pct],
                mode="lines",
                line={"color": SUCCESSOR, "width": 2, "dash": "dot"},
                showlegend=False,
                hoverinfo="skip",
            )
        fig.add_scatter(
            x=nexts["year"],
            y=nexts["index_pct"],
            name=plain(names["successor"]),
            mode="markers+text",
            marker={"size": 11, "color": SUCCESSOR, "symbol": "diamond"},
            text=plain_all(nexts["label"]),
            customdata=plain_all(nexts["note"]),
            textposition="bottom left",
            textfont={"color": SUCCESSOR},
            hovertemplate="%{x}: %{y:.2f} %<br>%{customdata}<extra></extra>",
        )
    fig.update_xaxes(
        title=ctx.t("chart.year"), tickmode="array", tickvals=years, range=[years[0] - 0.5, years[-1] + 0.5]
    )
    fig.update_yaxes(title=plain(y_title), ticksuffix=" %")
    fig.update_layout(legend={"orientation": "h", "y": -0.24, "x": 0, "yanchor": "top"})
    fig = finish(fig, ctx, title, subtitle, height=height)
    fig.update_layout(margin={"b": 150 * ctx.scale})
    for note in fig.layout.annotations:
        if note.yshift and note.yshift < 0:
            note.yshift = -round(125 * ctx.scale)
    return fig
