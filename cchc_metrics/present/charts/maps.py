"""Maps: units coloured by class, as a tile schematic or within their boundaries, drawn offline.

Both maps are plain x/y plots (no base map, nothing fetched from the internet): each class is one
filled trace of its units' shapes (squares of a tile map, or the polygons of a boundary file
projected to x = longitude × cos(latitude), y = latitude), named in the legend; one invisible
point per unit at its centre carries the hover text and the unit's code (customdata), so a click
anywhere on a tile picks its unit. "No data" is a class of its own, light grey and hatched, never
the colour of the lowest class.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from cchc_metrics.present.charts.common import COMPACT_WIDTH_PX, ChartContext, empty_figure, finish
from cchc_metrics.present.text import plain, plain_all

NO_DATA_COLOUR = "#e6e6e6"
NO_DATA_PATTERN = {"shape": "/", "fgcolor": "#9e9e9e", "size": 6, "solidity": 0.15}
TILE = 0.9  # a tile's side, of the grid's spacing of 1: a white gap between neighbours
TILE_PX = 54  # a tile's side on a wide screen: two short lines of its name fit
WIDE_MAP_PX = 1100  # the widest a map is drawn on a wide screen: a larger level's tiles shrink to fit
# the smallest tile a name is written on (smaller: the name is in the hover only); on a phone the
# names are shortened (maps.short_label) and written smaller
LABEL_TILE_PX = 36
COMPACT_LABEL_TILE_PX = 18
LABELLED_UNITS = 300  # a map of more units writes no names: hundreds of texts slow every redraw
MARK_COLOUR = "#111111"


def _tile_paths(part: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The squares of `part`'s tiles (x, y: their centres) as one path, a gap (NaN) between two:
    arrays, which plotly takes whole (a list is checked item by item: 1 s for 10,000 tiles)."""
    h = TILE / 2
    corners_x = np.array([-h, h, h, -h, -h, np.nan])
    corners_y = np.array([-h, -h, h, h, -h, np.nan])
    xs = part["x"].to_numpy(dtype=float)[:, None] + corners_x
    ys = part["y"].to_numpy(dtype=float)[:, None] + corners_y
    return xs.ravel(), ys.ravel()


def _paths(shapes: list[tuple[list, list]]) -> tuple[list, list]:
    """Several closed rings as one path, None between them (each is filled on its own)."""
    xs, ys = [], []
    for ring_x, ring_y in shapes:
        xs += list(ring_x) + [None]
        ys += list(ring_y) + [None]
    return xs, ys


def unit_map(
    units: pd.DataFrame,
    classes: list[tuple[str, str]],
    ctx: ChartContext,
    title: str,
    subtitle: str = "",
    no_data: str = "",
    shapes: dict | None = None,
    marked: str = "",
    labels: bool = True,
) -> go.Figure:
    """A map of `units`, each filled with the colour of its class.

    `units`: unit_code, name (in the hover), label (written on the unit, "\\n" for a line break),
    cls (a label of `classes`, or empty for no data), hover (the figures, one line each joined by
    "\\n"), x, y (the tile's column and minus its row, or the centre of the unit's boundary), and
    optionally marked (bool: drawn with a dark outline, named `marked` in the legend).
    `classes`: (label, colour) best first, each in the legend in that order; `no_data`: the label
    of the units without a value (hatched grey). `shapes`: unit_code → rings [(xs, ys)] of a
    boundary map; None for a tile map (a square per unit). `labels`: write the labels.
    """
    if units.empty:
        return empty_figure(ctx, title, ctx.t("chart.no_data"))
    fig = go.Figure()
    tiles = shapes is None

    def _outlines(part: pd.DataFrame):
        if tiles:
            return _tile_paths(part)
        return _paths([ring for code in part["unit_code"] for ring in shapes.get(code, [])])

    known = [label for label, _colour in classes]
    groups = [(label, colour, units[units["cls"] == label]) for label, colour in classes]
    groups.append((no_data, NO_DATA_COLOUR, units[~units["cls"].isin(known)]))
    for label, colour, part in groups:
        if part.empty and label == no_data:
            continue
        xs, ys = _outlines(part)
        hatched = label == no_data
        fig.add_scatter(
            x=xs if len(xs) else [None],
            y=ys if len(ys) else [None],
            mode="lines",
            fill="toself",
            fillcolor=colour,
            fillpattern=NO_DATA_PATTERN if hatched else None,
            line={"color": "#ffffff" if tiles else "#7a7a7a", "width": 1},
            name=plain(label),
            legendgroup=plain(label),
            hoverinfo="skip",
            showlegend=True,
        )
    if marked and "marked" in units.columns and units["marked"].any():
        part = units[units["marked"].astype(bool)]
        xs, ys = _outlines(part)
        fig.add_scatter(
            x=xs, y=ys, mode="lines", line={"color": MARK_COLOUR, "width": 3}, name=plain(marked), hoverinfo="skip"
        )
    size = _tile_px(units, ctx)
    labels = (
        labels and size >= (COMPACT_LABEL_TILE_PX if ctx.compact else LABEL_TILE_PX) and len(units) <= LABELLED_UNITS
    )
    text = [plain(label).replace("\n", "<br>") for label in units["label"]] if labels else None
    fig.add_scatter(
        x=units["x"],
        y=units["y"],
        mode="markers+text" if labels else "markers",
        # an invisible square over each tile: hovering or clicking anywhere on it picks the unit
        marker={"symbol": "square", "size": max(6, round(size * 0.8)), "color": "rgba(0,0,0,0)"},
        text=text,
        textfont={"size": _label_font(units, size, ctx), "color": "#1a1a1a"},
        textposition="middle center",
        customdata=units[["unit_code"]].to_numpy(),
        hovertext=[
            f"<b>{plain(name)}</b><br>" + "<br>".join(plain_all(str(hover).split("\n")))
            for name, hover in zip(units["name"], units["hover"])
        ],
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=False,
        name="",
    )
    pad = 0.6 if tiles else 0.0
    fig.update_xaxes(visible=False, range=[units["x"].min() - pad, units["x"].max() + pad] if tiles else None)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1, constrain="domain")
    if tiles:
        fig.update_yaxes(range=[units["y"].min() - pad, units["y"].max() + pad])
    rows = (units["y"].max() - units["y"].min() + 1.2) if tiles else 14
    fig.update_layout(
        legend={"traceorder": "normal", "itemclick": False, "itemdoubleclick": False},
        hovermode="closest",
        hoverdistance=max(10, round(size * 0.6)),
        dragmode=False,
        plot_bgcolor="#ffffff",
        showlegend=True,
    )
    fig = finish(fig, ctx, title, subtitle)
    # the plot as tall as its rows of tiles, above and below it the title, legend and source line
    margin = fig.layout.margin
    fig.update_layout(margin={"l": 10, "r": 10}, height=round(rows * size + margin.t + margin.b))
    return fig


def _tile_px(units: pd.DataFrame, ctx: ChartContext) -> float:
    """A tile's side in pixels: on a phone the map fills the width; on a wide screen TILE_PX, or
    less for a level too wide for WIDE_MAP_PX (hundreds of communes side by side)."""
    cols = max(float(units["x"].max() - units["x"].min() + 1), 1.0)
    if ctx.compact:
        return min(TILE_PX, (COMPACT_WIDTH_PX + 40) / cols)
    return min(TILE_PX * ctx.scale, WIDE_MAP_PX * ctx.scale / cols)


def _label_font(units: pd.DataFrame, size: float, ctx: ChartContext) -> int:
    """The labels' size: as large as the longest line of a label lets it fit its tile."""
    lines = [line for label in units["label"] for line in str(label).split("\n")]
    longest = max((len(line) for line in lines), default=1)
    return int(max(7, min(12 * ctx.scale, size * 0.9 / (0.55 * max(longest, 1)))))
