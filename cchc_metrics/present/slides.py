"""Slides: a chart laid out as a 16:9 slide, and the briefing as a set of them with its words.

`slide_figure` lays a page chart out as a slide (fixed size, title at the top, margins for its
kind, every bar named); views.briefing chooses the charts; present.files writes the files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go

from cchc_metrics import i18n
from cchc_metrics.present.charts.common import LINE_PX, slug, subtitle_lines
from cchc_metrics.present.render import SLIDE_HEIGHT, SLIDE_WIDTH


class NoScores(LookupError):
    """Nothing was scored in `year` (or the unit was not scored that year)."""

    def __init__(self, year: int, unit: str | None = None):
        super().__init__(f"{unit or 'province'}@{year}")
        self.year = year
        self.unit = unit

    def message(self, lang: str = i18n.DEFAULT_LANG) -> str:
        if self.unit is None:
            return i18n.t("briefing.error.no_year", lang, year=self.year)
        return i18n.t("briefing.error.not_scored", lang, unit=self.unit, year=self.year)


@dataclass(frozen=True)
class Slide:
    """One chart of the briefing: `key` names it in file names; the figure is 16:9, titled inside."""

    key: str
    title: str
    subtitle: str
    figure: go.Figure = field(compare=False)


@dataclass(frozen=True)
class TextSlide:
    """A slide of words: its title and one or two columns, each a heading ("" for none) and
    its bullets, finished texts."""

    key: str
    title: str
    columns: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Briefing:
    """The slide set of one year and scope, with the words around it.

    `name` is the unit's name (the region for the province); `narrative` is the report paragraph
    ("" when none can be written); `stem` is the ASCII base of file names. `status`: the data's
    publication status, on the title slide; `opening`: word slides before the charts (the key
    messages), `closing`: after them (strengths and weaknesses, follow-up, findings,
    recommendations).
    """

    year: int
    scope: str
    unit_code: str | None
    name: str
    lang: str
    title: str
    subtitle: str
    narrative: str
    slides: tuple[Slide, ...]
    status: str = ""
    opening: tuple[TextSlide, ...] = ()
    closing: tuple[TextSlide, ...] = ()

    @property
    def stem(self) -> str:
        return "_".join(
            slug(p) for p in ("bao-cao-cchc" if self.lang == "vi" else "cchc-briefing", self.name, self.year)
        )

    def file_name(self, i: int, ext: str = "png") -> str:
        """The file name of slide `i` (0-based): number, chart, unit, year."""
        return f"{i + 1:02d}_{slug(self.slides[i].key)}_{slug(self.name)}_{self.year}.{ext}"


# Per chart kind, in layout pixels: the top margin (title, subtitle and what sits above the plot:
# the heatmap's area names) and the bottom one (tick labels, a legend below, the source line).
# The builders' margins are made for pages of any height; a slide has a fixed 540.
SLIDE_MARGINS = {"bars": (122, 78), "heatmap": (150, 48), "boxes": (115, 118), "lines": (150, 78), "radar": (115, 48)}
NOTE_FROM_BOTTOM = 28


def slide_figure(fig: go.Figure, kind: str) -> go.Figure:
    """The figure laid out as a 16:9 slide: fixed size, title at the top, margins for its `kind`
    (see SLIDE_MARGINS), no axis titles (the subtitle and the tick labels say it: few labels),
    the source line at the bottom edge, bar-value axes ending at 100 %.
    """
    top, bottom = SLIDE_MARGINS[kind]
    top += _wrapped_px(fig, fig.layout.title.text or "")
    fig.update_layout(
        width=SLIDE_WIDTH,
        height=SLIDE_HEIGHT,
        hovermode=False,
        margin_t=top,
        margin_b=bottom,
        # plotly anchors a two-line title by its first line: this leaves ~14 px above it
        title_y=1 - 42 / SLIDE_HEIGHT,
        title_yanchor="top",
        title_yref="container",
        title_pad_t=0,
    )
    fig.update_xaxes(title_text=None)
    fig.update_yaxes(title_text=None)
    for note in fig.layout.annotations:
        if note.yshift and note.yshift < 0:  # finish()'s source line, under the plot
            note.yshift = -(bottom - NOTE_FROM_BOTTOM)
    if kind == "bars":
        # every bar named, in type that fits its row (plotly leaves out every other name when the
        # slide's large type does not fit: 30 districts showed 15 names), the values as large
        names = {name for trace in fig.data if trace.type == "bar" and trace.y is not None for name in trace.y}
        if names:
            size = max(
                9, min(round(0.85 * (SLIDE_HEIGHT - top - bottom) / len(names)), round(fig.layout.font.size or 19))
            )
            fig.update_yaxes(dtick=1, tickfont_size=size)
            fig.update_traces(textfont_size=size, selector={"type": "bar"})
            fig.update_layout(uniformtext={"minsize": size, "mode": "show"})
        low, high = fig.layout.xaxis.range or (None, None)
        if low is not None and high > 100:  # room for the value labels, but no "102 %" tick
            step = 2 if 100 - low <= 16 else 5 if 100 - low <= 40 else 10
            first = -(-low // step) * step
            ticks = list(range(int(first), 101, step))
            fig.update_xaxes(tickmode="array", tickvals=ticks, ticktext=[f"{v} %" for v in ticks])
    if kind == "radar":  # the legend beside the radar, where a slide has room, lets the radar grow
        fig.update_layout(
            legend={"orientation": "v", "x": 1.0, "xanchor": "left", "y": 0.5, "yanchor": "middle"},
            margin_l=40,
            margin_r=300,
            polar_domain_y=[0.11, 0.89],
        )  # area names outside the circle
    if kind == "lines":  # the legend between subtitle and plot: the slide's bottom keeps only the years
        fig.update_layout(legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"})
    if kind == "heatmap":
        # every row named even in large type; the cells carry their numbers, so the colour scale
        # gives way to wider columns for the area names on top
        fig.update_yaxes(dtick=1)
        fig.update_xaxes(tickfont_size=round(0.8 * (fig.layout.font.size or 19)))
        fig.update_layout(coloraxis_showscale=False, margin_r=20)
    return fig


def without_title(slide: Slide) -> go.Figure:
    """A copy of the slide's figure with only its subtitle on top: for a deck, where the slide
    title says the rest (the chart keeps its source line and demo-data note)."""
    fig = go.Figure(slide.figure)
    size = round(fig.layout.font.size or 19)
    subtitle = subtitle_lines(slide.subtitle, size / 13)[0]
    text = f"<span style='font-size:{size}px;color:#555'>{subtitle}</span>" if slide.subtitle else ""
    # the slide's top margin made room for the title's lines (slide_figure): keep the subtitle's only
    top = (fig.layout.margin.t or 0) - _wrapped_px(fig, fig.layout.title.text or "") + _wrapped_px(fig, text)
    fig.update_layout(title_text=text, title_y=1 - 12 / SLIDE_HEIGHT, margin_t=max(40, top - 55))
    return fig


def _wrapped_px(fig: go.Figure, title_text: str) -> int:
    """The room the lines that a title and subtitle wrapped to take (charts.common.title_lines,
    subtitle_lines), at the figure's type size."""
    wrapped = title_text.count("<br>") - ("<span" in title_text and not title_text.startswith("<span"))
    return round(LINE_PX * (fig.layout.font.size or 13) / 13 * wrapped)
