"""What every chart shares: titles that stand alone, the source note, number format, band colours.

A chart must stand alone on a slide: its title says what, where and which year; the source line
(and the demo-data note while data are synthetic) is drawn inside the image; the PNG button
exports at 3× with a file name naming chart, unit and year.

Every builder passes the texts it puts on a figure (titles, labels, names, hovers, notes) through
present.text.plain: a name holding `<a href>` or `<b>` shows those characters, it never links.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import sample_colorscale

from cchc_metrics import i18n
from cchc_metrics.present.text import plain, slug  # noqa: F401 (slug: file names of charts)

FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"
# Best band first. Used by position within the scheme in force, so every scheme gets the same ramp.
BAND_RAMP = ("#1b7837", "#7fbc41", "#f6c141", "#f1883d", "#c0392b", "#7b1e1e")
ABSENT_COLOUR = "#bdbdbd"
ACCENT = "#1f4e79"
PEER = "#8c8c8c"
# A % axis of the index or an area: always 0 to 100, ticks every 20 (one rule on every chart)
PERCENT_TICKS = [0, 20, 40, 60, 80, 100]
PERCENT_TICK_TEXT = [f"{v} %" for v in PERCENT_TICKS]  # written out: plotly adds no suffix to given ticks
# The comparison series of a chart (peers, district mean, province mean...), each told apart from
# the others by colour and by dash, in the legend as on the plot; the unit's own lines are solid.
PEER_STYLES = (("#8c8c8c", "dash"), ("#b2182b", "dot"), ("#4d4d4d", "dashdot"), ("#7f6000", "longdash"))
# One colour scale for every heatmap of a %: the same colour is the same value on every page
# (0 % red, 50 % orange, 70 % yellow, 85 % light green, 100 % green: most results lie above 50 %).
HEAT_SCALE = [[0.0, "#d73027"], [0.5, "#fc8d59"], [0.7, "#fee08b"], [0.85, "#d9ef8b"], [1.0, "#1a9850"]]

# The house template, as plotly's default: a figure takes it when it is written out (the same
# JSON). Set on each figure with update_layout(template=...) it is copied and validated there,
# a third of a briefing's time. `finish` sets it again: importing streamlit's plotly module
# makes "streamlit" the default, and which module is imported first must not decide the look.
HOUSE_TEMPLATE = "plotly_white"
pio.templates.default = HOUSE_TEMPLATE


@dataclass(frozen=True)
class ChartContext:
    """Who and what a chart is drawn for: language, region, source and presentation mode."""

    lang: str = i18n.DEFAULT_LANG
    region: str = ""
    source: str = ""
    demo: bool = False
    presentation: bool = False
    # where the results drawn stand (publications.csv): a draft is marked in the image itself, so
    # a screenshot or slide of it cannot pass for published results; a decision is named
    draft: bool = False
    decision: str = ""
    # drawn for a phone's width (about 360 px of chart): titles, subtitles and the source line
    # wrap shorter, the legend goes under the plot, heatmaps drop their cell numbers
    compact: bool = False

    @classmethod
    def from_about(cls, about: dict, lang: str, presentation: bool = False, compact: bool = False) -> ChartContext:
        """Build a context from a data directory's about.json values."""
        return cls(
            lang=lang,
            region=about.get(f"region_{lang}", ""),
            source=about.get(f"source_{lang}", ""),
            demo=bool(about.get("synthetic", False)),
            presentation=presentation,
            compact=compact,
        )

    def t(self, key: str, **params) -> str:
        return i18n.t(key, self.lang, **params)

    def num(self, value, digits: int = 2, signed: bool = False) -> str:
        return i18n.fmt_num(value, self.lang, digits, signed)

    @property
    def scale(self) -> float:
        """Font and line scale: larger in presentation mode, for projection."""
        return 1.45 if self.presentation else 1.0


def band_colours(labels_best_first: list[str]) -> dict[str, str]:
    """One colour per band label, sampled from the same green-to-red ramp for every scheme."""
    n = len(labels_best_first)
    if n == 0:
        return {}
    points = [i / (n - 1) for i in range(n)] if n > 1 else [0.0]
    scale = [[i / (len(BAND_RAMP) - 2), c] for i, c in enumerate(BAND_RAMP[:-1])]
    return dict(zip(labels_best_first, sample_colorscale(scale, points, colortype="rgb")))


TITLE_CHARS = 95  # about what one line holds at the title's size (19 px) across a page-wide chart or a slide
SUBTITLE_CHARS = 135  # the same at the subtitle's size (13 px)
NOTE_CHARS = 160  # the same at the source line's size (11 px)
# ... and across a phone's chart (about 360 px): a chart for a phone wraps at these
COMPACT_CHARS = {"title": 30, "subtitle": 46, "note": 44}
LINE_PX = 26  # the room a title's second line takes above the plot, at scale 1
SUB_LINE_PX = 18  # the same for a line of the subtitle or the source line


def title_lines(title: str, scale: float = 1.0, limit: int = TITLE_CHARS) -> tuple[str, int]:
    """The title as plotly draws it, and its lines after the first: a title longer than a line
    (TITLE_CHARS, fewer in presentation mode's larger type) breaks after its " – ", so the place
    and year ("TP. Cần Thơ, năm 2024") go on a line of their own, and a part still too long at
    its last space that fits: a long area name or region is never cut off at the chart's edge."""
    limit = int(limit / scale)
    head, dash, place = title.rpartition(" – ")
    if len(title) <= limit or not dash or not head:
        return _wrapped(title, limit, ())
    # the dash ends the head's last line, never a line of its own
    (head, head_extra), (place, place_extra) = _wrapped(head, limit - 2, ()), _wrapped(place, limit, ())
    return f"{head} –<br>{place}", 1 + head_extra + place_extra


def subtitle_lines(subtitle: str, scale: float = 1.0, limit: int = SUBTITLE_CHARS) -> tuple[str, int]:
    """The subtitle as plotly draws it, and its lines after the first: one longer than a line
    (SUBTITLE_CHARS, fewer in larger type) breaks at its last " · " (the break stands for the dot)
    or "; " that fits, else at its last space, so "only the 30 best and worst of 700" is not cut
    off at the chart's edge."""
    return _wrapped(subtitle, int(limit / scale), ((" · ", ""), ("; ", ";")))


def _wrapped(text: str, limit: int, breaks: tuple[tuple[str, str], ...], escape: bool = True) -> tuple[str, int]:
    """`text` in lines of at most `limit` characters joined by <br>, each line ending at the last of
    `breaks` (separator, what of it stays at the line's end) that fits, else at its last space.
    Each line is made plain (present.text): a title or subtitle names units, areas, the region;
    `escape` False for a text made plain before."""
    lines = []
    while len(text) > limit:
        at, sep, kept = max(
            [(text.rfind(sep, 0, limit + 1 - len(kept)), sep, kept) for sep, kept in breaks], default=(-1, "", "")
        )
        if at <= 0:
            at, sep, kept = text.rfind(" ", 0, limit + 1), " ", ""
        if at <= 0:
            break  # one word longer than a line: left whole
        lines.append(text[:at] + kept)
        text = text[at + len(sep) :]
    return "<br>".join(plain(line) if escape else line for line in lines + [text]), len(lines)


COMPACT_WIDTH_PX = 300  # the width a phone gives a chart's legend
LEGEND_ROW_PX = 24
DRAFT_ROW_PX = 34  # the draft stamp's row above a phone's legend: its type, border and padding
POLAR_LABEL_PX = 42  # a radar's top area name over the plot: two lines of 13 px type (wrapped on a phone)


def legend_rows(fig: go.Figure, scale: float = 1.0) -> int:
    """The rows a horizontal legend of `fig` takes across a phone: plotly sets its entries in
    columns as wide as the widest (a symbol and a name), as many side by side as fit."""
    widths = [(len(str(t.name)) * 7 + 45) * scale for t in fig.data if t.name and t.showlegend is not False]
    if not widths:
        return 0
    per_row = max(1, int(COMPACT_WIDTH_PX // max(widths)))
    return -(-len(widths) // per_row)


def finish(fig: go.Figure, ctx: ChartContext, title: str, subtitle: str = "", height: int | None = None) -> go.Figure:
    """Apply the house layout: title and subtitle, source note inside the image, number format."""
    if pio.templates.default != HOUSE_TEMPLATE:
        pio.templates.default = HOUSE_TEMPLATE
    s = ctx.scale
    limits = COMPACT_CHARS if ctx.compact else {"title": TITLE_CHARS, "subtitle": SUBTITLE_CHARS, "note": NOTE_CHARS}
    title, title_extra = title_lines(title, s, limits["title"])
    subtitle, subtitle_extra = subtitle_lines(subtitle, s, limits["subtitle"])
    parts = [ctx.t("chart.source", source=ctx.source) if ctx.source else "", ctx.decision]
    parts += [ctx.t("chart.draft_note") if ctx.draft else "", ctx.t("chart.demo_note") if ctx.demo else ""]
    note, note_extra = _wrapped(" · ".join(p for p in parts if p), int(limits["note"] / s), ((" · ", ""),))
    fig.update_layout(
        title={
            "text": title
            + (f"<br><span style='font-size:{round(13 * s)}px;color:#555'>{subtitle}</span>" if subtitle else ""),
            "x": 0.01,
            "xanchor": "left",
            # from the top edge down: plotly centres an unanchored title in the top margin, so each
            # wrapped line would need two lines more of margin to clear the plot; anchored at the
            # top, a title of several lines starts 0.7 em higher than one of a single line
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": round(28 * s)},
            "font": {"size": round(19 * s)},
        },
        font={"family": FONT, "size": round(13 * s), "color": "#222"},
        separators=i18n.plotly_separators(ctx.lang),
        margin={
            "l": 60,
            "r": 10 if ctx.compact else 30,
            "t": round((90 + LINE_PX * (title_extra + subtitle_extra)) * s),
            "b": round((80 + SUB_LINE_PX * note_extra) * s),
        },
        legend={"font": {"size": round(12 * s)}},
        hoverlabel={"font": {"family": FONT}},
    )
    if height or s != 1:  # projection's larger type takes larger margins: the plot keeps its height
        fig.update_layout(height=round((height or fig.layout.height or 450) * s))
    note_shift = 62  # the source line's distance under the plot: under the axis and its title
    polar = any(t.type == "scatterpolar" for t in fig.data)  # a radar keeps its legend below it
    legend_above = 0  # the height of a phone's legend row(s) above the plot
    if ctx.compact and not polar:  # a legend beside the plot would take half a phone's width: above it
        room = legend_above = round(LEGEND_ROW_PX * legend_rows(fig, s) * s)
        fig.update_layout(
            legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "yref": "paper", "title": None},
            margin={"t": fig.layout.margin.t + room},
            height=(fig.layout.height or 450) + room,  # the plot keeps its height
        )
        fig.update_yaxes(title=None)  # the subtitle says what the values are; the width goes to the plot
        axis_title = fig.layout.xaxis.title.text if fig.layout.xaxis.title else None
        if axis_title:  # a long axis title (an area's name) wraps instead of running off the edge
            axis_title, axis_extra = _wrapped(axis_title, COMPACT_CHARS["title"], (), escape=False)  # plain already
            fig.update_xaxes(title={"text": axis_title})
            fig.update_layout(margin={"b": fig.layout.margin.b + round(SUB_LINE_PX * axis_extra * s)})
            note_shift += SUB_LINE_PX * axis_extra
    if note:
        fig.add_annotation(
            text=note,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-round(note_shift * s),
            xanchor="left",
            yanchor="top",
            align="left",
            showarrow=False,
            font={"size": round(11 * s), "color": "#666"},
        )
    if ctx.draft:
        # on a phone, a row of its own above what runs over the plot's top edge: the legend, or
        # a radar's top area name, which the plot's width brings under the stamp's corner
        lift = legend_above or (round(POLAR_LABEL_PX * s) if ctx.compact and polar else 0)
        if lift:
            stamp = round(DRAFT_ROW_PX * s) + (lift - legend_above)
            fig.update_layout(margin={"t": fig.layout.margin.t + stamp}, height=(fig.layout.height or 450) + stamp)
        fig.add_annotation(
            text=ctx.t("chart.draft_mark"),
            xref="paper",
            yref="paper",
            x=1,
            y=1,
            yshift=lift,
            xanchor="right",
            yanchor="bottom",
            showarrow=False,
            font={"size": round(18 * s), "color": "#b2182b"},
            bordercolor="#b2182b",
            borderwidth=2,
            borderpad=4,
            bgcolor="rgba(255,255,255,0.85)",
        )
    if ctx.presentation:
        enlarge_marks(fig, s)
    return fig


def compact_grid(fig: go.Figure, columns) -> None:
    """A units × areas grid on a phone: the area names upright above their columns, each on one
    line (side by side they overlap), the colour scale a bar under the grid instead of a column
    beside it; the figure grows by the room the names take, so that every row keeps its name."""
    names = [str(name) for name in columns]
    upright = [name.replace("<br>", " ") for name in names]
    room = round(max((len(name) for name in upright), default=0) * 6.5) - 40
    fig.update_xaxes(tickangle=-90, tickmode="array", tickvals=names, ticktext=upright)
    fig.update_layout(margin={"t": fig.layout.margin.t + room}, height=(fig.layout.height or 450) + room + 40)
    bar = {
        "orientation": "h", "x": 0, "xanchor": "left", "y": -0.02, "yanchor": "top", "thickness": 10, "len": 0.9,
        "title": {"text": ""},
    }  # fmt: skip
    if fig.layout.coloraxis.colorscale:  # plotly express: one colour axis for the figure
        fig.update_layout(coloraxis_colorbar=bar)
    else:
        fig.update_traces(colorbar=bar)


LABEL_PX = 7.5  # the width of a character of a 13 px tick label, generously (Noto Sans; capitals with marks)


COMPACT_LABEL_CHARS = 16  # a y label's line on a phone: a long name takes two lines, not half the width


def label_margin(fig: go.Figure, labels, ctx: ChartContext, titled: bool = False) -> go.Figure:
    """Room on the left for the y labels (units' names), worked out from the longest, with plotly's
    automargin off on both axes: automargin lays a chart out twice in the browser, which about
    doubles the drawing of a heatmap of many units. `titled`: the y axis has a title beside the
    labels. On a phone (ctx.compact) a long label is written on two lines (the category stays the
    name). Call after finish()."""
    labels = [str(label) for label in labels]
    lines = labels
    if ctx.compact and labels:
        wrapped = [_wrapped(label, COMPACT_LABEL_CHARS, (), escape=False)[0] for label in labels]
        categories = [str(v) for trace in fig.data for v in (trace.y if trace.y is not None else ())]
        if set(labels) <= set(categories) or not categories:  # the labels are the y categories
            fig.update_yaxes(tickmode="array", tickvals=labels, ticktext=wrapped)
            lines = [line for label in wrapped for line in label.split("<br>")]
    longest = max((len(line) for line in lines), default=0)
    left = round((longest * LABEL_PX + 18 + (28 if titled else 0)) * ctx.scale)
    fig.update_xaxes(automargin=False)
    fig.update_yaxes(automargin=False)
    fig.update_layout(margin={"l": max(fig.layout.margin.l or 60, left)})
    return fig


def fit_source_line(fig: go.Figure) -> None:
    """The source line (the annotation under the plot) starts at the figure's left edge, not the
    plot's (on a phone the labels' margin would push it off the right edge), and the bottom margin
    holds all its lines, for the margins the chart ended with: called once a figure for a phone is
    finished (ui.draw.chart), as builders set margins after finish()."""
    left = fig.layout.margin.l or 0
    for note in fig.layout.annotations:
        if note.yshift and note.yshift < 0 and note.xref == "paper" and note.x == 0:
            note.xshift = -(left - 8)
            lines = str(note.text).count("<br>") + 1
            needed = round(-note.yshift + lines * (note.font.size or 11) * 1.6 + 8)
            if (fig.layout.margin.b or 0) < needed:
                fig.update_layout(margin={"b": needed})


# plotly's defaults, used when a builder left a width or size unset
_DEFAULT_LINE_WIDTH = 2
_DEFAULT_MARKER_SIZE = 6


def enlarge_marks(fig: go.Figure, factor: float) -> go.Figure:
    """Multiply the line widths and marker sizes of every trace by `factor` (bars, boxes, lines, radar).

    Multiplying keeps a builder's own distinctions (a unit's thick line, its peers' thin dashed
    ones); builders therefore give unscaled sizes and leave the enlarging to finish().
    Marker sizes given per point (arrays) are left as they are.
    """
    for trace in fig.data:
        if "line" in trace and trace.type != "heatmap":
            trace.line.width = (trace.line.width or _DEFAULT_LINE_WIDTH) * factor
        marker = trace.marker if "marker" in trace else None
        if marker is not None and "size" in marker and not isinstance(marker.size, (list, tuple)):
            if trace.type != "bar":  # bars have no marker size: their text grows with the font
                marker.size = (marker.size or _DEFAULT_MARKER_SIZE) * factor
        if trace.type == "bar" and marker is not None and marker.line.width:
            marker.line.width = marker.line.width * factor
    return fig


def png_config(*name_parts, compact: bool = False) -> dict:
    """Plotly config for st.plotly_chart: PNG button at 3× with a file name naming chart, unit, year.
    `compact` (a phone): no toolbar, which would sit on the chart's title."""
    filename = "_".join(slug(p) for p in name_parts if p not in (None, ""))
    return {
        "displayModeBar": not compact,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 3},
        "displaylogo": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def empty_figure(ctx: ChartContext, title: str, message: str) -> go.Figure:
    """A chart that says plainly why there is nothing to draw (never an empty axis)."""
    fig = go.Figure()
    fig.add_annotation(
        text=plain(message), x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 15}
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return finish(fig, ctx, title)
