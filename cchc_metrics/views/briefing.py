"""The briefing: a fixed set of slide-ready charts for one year and one scope, with its narrative.

Scopes: the province (no unit), one district, one commune. Every chart is built by the app's own
chart builders in presentation mode (large type, thick lines) and sized as a 16:9 slide, so a
picture of it stands alone: title, year, unit, source line and demo-data note are inside it.

Slides per scope (a slide is left out when it has nothing to show, e.g. districts from 2025):
- province: district ranking, districts × areas, communes by district, top and bottom communes,
  level averages over the years;
- district: its index over the years, its areas against the districts, its communes ranked,
  its communes × areas;
- commune: its index over the years, its areas against its district and the city, the communes
  of its district ranked (this one in bold).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go

from cchc_metrics import i18n
from cchc_metrics.analysis.lineage import UnknownUnit, has_districts, unit_version
from cchc_metrics.analysis.overview import band_counts, level_cards, ranking_table
from cchc_metrics.analysis.profiles import area_comparison, district_communes, level_years, trend_lines, unit_years
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.charts.areas import PEER_COLOURS, area_heatmap, area_radar
from cchc_metrics.present.charts.common import LINE_PX, ChartContext, slug, subtitle_lines
from cchc_metrics.present.charts.ranking import ranking_bars, spread_by_group
from cchc_metrics.present.charts.years import year_lines
from cchc_metrics.present.labels import area_names, distinct_labels
from cchc_metrics.present.paging import extreme_groups, extremes_note
from cchc_metrics.present.render import SLIDE_HEIGHT, SLIDE_WIDTH

SCOPES = ("province", "district", "commune")
TOP_N = 10


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
class Briefing:
    """The slide set of one year and scope, with the words around it.

    `name` is the unit's name (the region for the province); `narrative` is the report paragraph
    ("" when none can be written); `stem` is the ASCII base of file names.
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

    @property
    def stem(self) -> str:
        return "_".join(
            slug(p) for p in ("bao-cao-cchc" if self.lang == "vi" else "cchc-briefing", self.name, self.year)
        )

    def file_name(self, i: int, ext: str = "png") -> str:
        """The file name of slide `i` (0-based): number, chart, unit, year."""
        return f"{i + 1:02d}_{slug(self.slides[i].key)}_{slug(self.name)}_{self.year}.{ext}"


def briefing(ds: Dataset, year: int, unit_code: str | None = None, lang: str = i18n.DEFAULT_LANG) -> Briefing:
    """The briefing of `year` for the province (`unit_code` None) or one district or commune.

    Raises NoScores when nothing (or not the unit) was scored that year, lineage.UnknownUnit
    when no unit with the code is valid that year.
    """
    year = int(year)
    if year not in ds.years():
        raise NoScores(year)
    ctx = ChartContext.from_about(ds.about, lang, presentation=True)
    if not ctx.region:  # about.json is optional: titles still need a place
        ctx = replace(ctx, region=ctx.t("briefing.region_default"))
    if unit_code is None:
        return _province(ds, year, ctx)
    unit = unit_version(ds, str(unit_code), year)
    scored = ds.query("unit_scores", year=year, level=unit["level"])
    if unit["unit_id"] not in set(scored["unit_id"]):
        raise NoScores(year, f"{unit['unit_name']} ({unit['unit_code']})")
    if unit["level"] == "district":
        return _district(ds, year, unit, ctx)
    return _commune(ds, year, unit, ctx)


# Per chart kind, in layout pixels: the top margin (title, subtitle and what sits above the plot:
# the heatmap's area names) and the bottom one (tick labels, a legend below, the source line).
# The builders' margins are made for pages of any height; a slide has a fixed 540.
SLIDE_MARGINS = {"bars": (122, 78), "heatmap": (150, 48), "boxes": (115, 118), "lines": (150, 78), "radar": (115, 48)}
NOTE_FROM_BOTTOM = 28
SLIDE_EXTREMES = 8  # a slide of districts draws the 8 best and the 8 worst: 16 rows are legible at 540 px


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


def _slide(key: str, kind: str, fig: go.Figure, title: str, subtitle: str) -> Slide:
    return Slide(key, title, subtitle, slide_figure(fig, kind))


def _trend_years(ds: Dataset, level: str, year: int) -> list[int]:
    return [y for y in level_years(ds, level) if y <= year]


def _span(years: list[int]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def _bands(ds: Dataset, year: int, level: str, lang: str) -> list[str]:
    return list(band_counts(ds, year, level, lang)["band"])


def _province(ds: Dataset, year: int, ctx: ChartContext) -> Briefing:
    lang, region = ctx.lang, ctx.region
    t = ctx.t
    slides = []
    cards = {c.level: c for c in level_cards(ds, year)}
    if "district" in cards and has_districts(ds, year):
        # 700 districts at national scale: a slide shows the best and the worst, and says so
        districts, total = extreme_groups(
            ranking_table(ds, year, "district", lang), "unit_code", "index_pct", SLIDE_EXTREMES
        )
        note = extremes_note(len(districts), total, lang)
        title = t("briefing.province.district_ranking", region=region, year=year)
        sub = t("briefing.sub.ranking") + note
        slides.append(
            _slide(
                "district-ranking",
                "bars",
                ranking_bars(
                    districts, _bands(ds, year, "district", lang), ctx, title, sub, mean=cards["district"].mean_pct
                ),
                title,
                sub,
            )
        )
        short = area_names(ds, lang, short=True)
        heat = districts.set_index("unit_name")[[c for c in short if c in districts.columns]].rename(columns=short)
        title = t("briefing.province.district_areas", region=region, year=year)
        sub = t("briefing.sub.heatmap") + note
        slides.append(_slide("district-areas", "heatmap", area_heatmap(heat, ctx, title, sub), title, sub))
    if "commune" in cards:
        communes = ranking_table(ds, year, "commune", lang)
        communes["unit_name"] = distinct_labels(communes["unit_name"], communes["unit_code"])
        grouped, total = extreme_groups(
            communes.dropna(subset=["district_name"]), "district_name", "index_pct", SLIDE_EXTREMES
        )
        if not grouped.empty:
            title = t("briefing.province.commune_spread", region=region, year=year)
            sub = t("briefing.sub.spread") + extremes_note(grouped["district_name"].nunique(), total, lang)
            slides.append(_slide("commune-spread", "boxes", spread_by_group(grouped, ctx, title, sub), title, sub))
        bands = _bands(ds, year, "commune", lang)
        n = len(communes)
        ranked = communes.sort_values(["rank", "unit_code"])
        for key, part in (("commune-top", ranked.head(TOP_N)), ("commune-bottom", ranked.tail(TOP_N))):
            if key == "commune-bottom" and n <= TOP_N:
                break  # the top list already shows them all
            title = t(f"briefing.province.{key}", n=min(TOP_N, n), region=region, year=year)
            sub = t("briefing.sub.commune_list", n=n)
            labelled = part.assign(unit_name=[f"{r}. {name}" for r, name in zip(part["rank"], part["unit_name"])])
            slides.append(
                _slide(
                    key,
                    "bars",
                    ranking_bars(labelled, bands, ctx, title, sub, mean=cards["commune"].mean_pct),
                    title,
                    sub,
                )
            )
    summary = ds.query("level_summary")
    summary = summary[summary["year"] <= year]
    names = {
        "district": i18n.t("series.level_mean_district", lang),
        "commune": i18n.t("series.level_mean_commune", lang),
    }
    lines = pd.DataFrame(
        {
            "year": summary["year"].astype(int),
            "series": summary["level"].map(names),
            "value": summary["mean_pct"].astype(float),
        }
    )
    years = sorted(lines["year"].unique().tolist())
    title = t("briefing.province.level_trend", region=region, years=_span(years))
    sub = t("briefing.sub.level_trend")
    slides.append(
        _slide(
            "level-trend", "lines", year_lines(lines, ctx, title, sub, t("chart.index_axis"), years=years), title, sub
        )
    )
    return Briefing(
        year,
        "province",
        None,
        region,
        lang,
        t("briefing.deck_title", name=region, year=year),
        _deck_subtitle(ctx, t("briefing.scope.province", region=region)),
        _province_text(cards, year, ctx),
        tuple(slides),
    )


def _province_text(cards: dict, year: int, ctx: ChartContext) -> str:
    """The province's paragraph: each level's average, its change, its best and lowest unit."""
    sentences = []
    for level, card in cards.items():
        change = (
            ""
            if card.delta_mean_pct is None
            else ctx.t("briefing.text.change", delta=ctx.num(card.delta_mean_pct, signed=True), prev=year - 1)
        )
        sentences.append(
            ctx.t(
                "briefing.text.level",
                level=ctx.t(f"briefing.level_plural.{level}"),
                n=card.units,
                year=year,
                mean=ctx.num(card.mean_pct),
                change=change,
                best=card.best_name,
                best_pct=ctx.num(card.best_pct),
                worst=card.worst_name,
                worst_pct=ctx.num(card.worst_pct),
            )
        )
    return " ".join(sentences)


def _unit_text(ds: Dataset, year: int, code: str, lang: str) -> str:
    """The strengths-and-weaknesses paragraph of the unit, "" when it cannot be written."""
    try:
        from cchc_metrics.analysis.narrative import narrative
    except ImportError:  # the analyses are an optional part: the slides stand without them
        return ""
    try:
        return narrative(ds, year, code, lang)
    except (LookupError, ValueError):
        return ""


def _deck_subtitle(ctx: ChartContext, scope: str) -> str:
    parts = [scope]
    if ctx.source:
        parts.append(ctx.t("chart.source", source=ctx.source))
    if ctx.demo:
        parts.append(ctx.t("chart.demo_note"))
    return " · ".join(parts)


def _unit_trend(ds: Dataset, year: int, unit: dict, ctx: ChartContext, series: dict[str, str]) -> Slide:
    level = unit["level"]
    record = unit_years(ds, level, unit["unit_id"], ctx.lang)
    years = _trend_years(ds, level, year)
    record = record[record["year"].isin(years)]
    lines = trend_lines(record, {"index_pct": unit["unit_name"], **series})
    title = ctx.t("briefing.unit.trend", unit=unit["unit_name"], region=ctx.region, years=_span(years))
    sub = ctx.t("briefing.sub.unit_trend")
    fig = year_lines(lines, ctx, title, sub, ctx.t("chart.index_axis"), peers=tuple(series.values()), years=years)
    # several averages would all be grey: give them the radar's peer colours, so both charts agree
    peers = [trace for trace in fig.data if trace.name in series.values()]
    for i, trace in enumerate(peers):
        trace.line.color = trace.marker.color = PEER_COLOURS[i % len(PEER_COLOURS)]
    return _slide("index-trend", "lines", fig, title, sub)


def _unit_radar(ds: Dataset, year: int, unit: dict, ctx: ChartContext, labels: dict[str, str]) -> Slide:
    radar = area_comparison(ds, year, unit["level"], unit["unit_id"], ctx.lang)
    radar["area_label"] = radar["area_code"].map(area_names(ds, ctx.lang, short=True))
    series = {"self": unit["unit_name"], **labels}
    if "best" in series:
        series["best"] = i18n.t("series.best", ctx.lang, name=radar.attrs["best_name"])
    title = ctx.t("briefing.unit.radar", unit=unit["unit_name"], region=ctx.region, year=year)
    sub = ctx.t("briefing.sub.radar")
    return _slide("areas-radar", "radar", area_radar(radar, series, ctx, title, sub), title, sub)


def _communes_ranked(
    ds: Dataset, year: int, district: dict, ctx: ChartContext, highlight: str | None = None
) -> tuple[Slide, pd.DataFrame] | None:
    communes = district_communes(ds, year, district["unit_code"], ctx.lang)
    if communes.empty:
        return None
    labels = [
        f"<b>{lab}</b>" if code == highlight else lab for code, lab in zip(communes["unit_code"], communes["label"])
    ]
    bars = communes.assign(unit_name=labels, rank=communes["district_rank"])
    title = ctx.t("briefing.unit.communes", unit=district["unit_name"], region=ctx.region, year=year)
    sub = ctx.t("briefing.sub.communes_bold" if highlight else "briefing.sub.communes")
    fig = ranking_bars(
        bars, _bands(ds, year, "commune", ctx.lang), ctx, title, sub, mean=float(communes["index_pct"].mean())
    )
    return _slide("district-communes", "bars", fig, title, sub), communes


def _district(ds: Dataset, year: int, unit: dict, ctx: ChartContext) -> Briefing:
    lang = ctx.lang
    mean_name = i18n.t("series.level_mean_district", lang)
    slides = [
        _unit_trend(ds, year, unit, ctx, {"level_mean_pct": mean_name}),
        _unit_radar(ds, year, unit, ctx, {"level_mean": mean_name, "best": ""}),
    ]
    ranked = _communes_ranked(ds, year, unit, ctx)
    if ranked is not None:
        slide, communes = ranked
        slides.append(slide)
        short = area_names(ds, lang, short=True)
        heat = communes.set_index("label")[[c for c in short if c in communes.columns]].rename(columns=short)
        title = ctx.t("briefing.unit.communes_areas", unit=unit["unit_name"], region=ctx.region, year=year)
        sub = ctx.t("briefing.sub.heatmap")
        slides.append(_slide("communes-areas", "heatmap", area_heatmap(heat, ctx, title, sub), title, sub))
    return _unit_briefing(ds, year, unit, ctx, slides)


def _commune(ds: Dataset, year: int, unit: dict, ctx: ChartContext) -> Briefing:
    lang = ctx.lang
    level_mean = i18n.t("series.level_mean_commune", lang)
    district = None
    if unit["parent_code"] and not pd.isna(unit["parent_code"]):
        try:
            district = unit_version(ds, unit["parent_code"], year)
        except UnknownUnit:
            district = None
    series = {"level_mean_pct": level_mean}
    radar_series = {"level_mean": level_mean}
    if district is not None:
        district_mean = i18n.t("series.district_mean", lang, district=district["unit_name"])
        series = {"district_mean_pct": district_mean, **series}
        radar_series = {"district_mean": district_mean, **radar_series}
    slides = [_unit_trend(ds, year, unit, ctx, series), _unit_radar(ds, year, unit, ctx, radar_series)]
    if district is not None:
        ranked = _communes_ranked(ds, year, district, ctx, highlight=unit["unit_code"])
        if ranked is not None:
            slides.append(ranked[0])
    return _unit_briefing(ds, year, unit, ctx, slides)


def _unit_briefing(ds: Dataset, year: int, unit: dict, ctx: ChartContext, slides: list[Slide]) -> Briefing:
    scope = unit["level"]
    name = unit["unit_name"]
    return Briefing(
        year,
        scope,
        unit["unit_code"],
        name,
        ctx.lang,
        ctx.t("briefing.deck_title", name=name, year=year),
        _deck_subtitle(ctx, ctx.t(f"briefing.scope.{scope}_of", unit=name, region=ctx.region)),
        _unit_text(ds, year, unit["unit_code"], ctx.lang),
        tuple(slides),
    )
