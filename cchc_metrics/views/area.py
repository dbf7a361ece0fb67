"""Lĩnh vực (Reform area): one area across units, areas side by side, the area over the years, and
the criteria that lose points.
"""

from __future__ import annotations

from cchc_metrics import i18n
from cchc_metrics.analysis.overview import level_cards
from cchc_metrics.analysis.reform_areas import area_over_years, area_ranking, criteria_losing, units_by_area
from cchc_metrics.analysis.scorecard import quartile, rank_matrix
from cchc_metrics.analysis.targets import level_target
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.charts.areas import area_heatmap, area_ranking_bars, rank_grid
from cchc_metrics.present.charts.bars import value_bars
from cchc_metrics.present.charts.common import ChartContext
from cchc_metrics.present.charts.years import year_lines
from cchc_metrics.present.labels import area_names, distinct_labels
from cchc_metrics.present.shortlist import top_bottom
from cchc_metrics.present.text import tm
from cchc_metrics.views.common import bands, chart, for_year, opens_scorecard, show_choice, span
from cchc_metrics.views.model import Chart, Choice, Note, Table, header, headers

TOP_N = 15
TABS = ("ranking", "areas", "ranks", "years", "criteria")
LOST_SHOWN = 10
LOST_LABEL_CHARS = 45


def levels(ds: Dataset, year: int) -> list[str]:
    """The levels scored in `year`."""
    return [c.level for c in level_cards(ds, year)]


def intro(ds: Dataset, year: int, level: str, area: str, ctx: ChartContext) -> list[Note]:
    """The caption, and the note that a year without districts has communes only."""
    names = area_names(ds, ctx.lang)
    level_name = ctx.t(f"levels.{level}")
    notes = [
        Note("caption", tm("area.caption", ctx.lang, area=names[area], level=level_name, region=ctx.region, year=year))
    ]
    if "district" not in levels(ds, year):
        notes.append(Note("info", ctx.t("overview.no_districts", year=year)))
    return notes


def tabs(lang: str) -> dict[str, str]:
    keys = {
        "ranking": "tab.units_ranked",
        "areas": "tab.areas_side_by_side",
        "ranks": "tab.rank_matrix",
        "years": "tab.area_years",
        "criteria": "tab.criteria_lost",
        "map": "tab.map",
    }
    return {code: i18n.t(key, lang) for code, key in keys.items()}


def ranking_show(ds: Dataset, year: int, level: str, area: str, lang: str) -> Choice | None:
    """Top, bottom or all units on the area's ranking chart (None when all fit)."""
    return show_choice("show", TOP_N, len(area_ranking(ds, year, level, area, lang)), lang)


def ranking_chart(ds: Dataset, year: int, level: str, area: str, show: str, ctx: ChartContext) -> Chart:
    """The units ranked on the area, coloured by the area's band, with the average."""
    ctx = for_year(ds, ctx, year, level)
    ranking = area_ranking(ds, year, level, area, ctx.lang)
    shown = top_bottom(ranking, "area_pct", show, TOP_N)
    area_name = area_names(ds, ctx.lang)[area]
    return chart(
        area_ranking_bars,
        shown,
        bands(ds, year, level, ctx.lang),
        ctx,
        axis_title=ctx.t("area.axis", area=area_name),
        name=("area-ranking", area, level, year),
        kind="bars",
        title=ctx.t("area.ranking_title", area=area_name, level=ctx.t(f"levels.{level}"), region=ctx.region, year=year),
        subtitle=ctx.t(f"area.ranking_sub_{show}", n=len(shown), total=len(ranking)),
        mean=float(ranking["area_pct"].mean()) if len(ranking) else None,
        target=level_target(ds, year, level, area),
        opens=opens_scorecard(level, year),
    )


def sort_choice(ds: Dataset, lang: str) -> Choice:
    """What the units × areas heatmap is sorted on: the index or one area (?sort=)."""
    names = {"index": i18n.t("area.sort_index", lang), **area_names(ds, lang)}
    return Choice("sort", i18n.t("area.sort_by", lang), tuple(names), names)


def heat_show(ds: Dataset, year: int, level: str, lang: str) -> Choice | None:
    return show_choice("heat_show", TOP_N * 2, len(units_by_area(ds, year, level, lang, None)), lang)


def heatmap(ds: Dataset, year: int, level: str, sort: str, show: str, ctx: ChartContext) -> Chart:
    """Units × areas, sorted on the index or one area; the best or lowest units of many."""
    ctx = for_year(ds, ctx, year, level)
    names = area_names(ds, ctx.lang)
    short = area_names(ds, ctx.lang, short=True)
    wide = units_by_area(ds, year, level, ctx.lang, None if sort == "index" else sort)
    heat = top_bottom(wide, "index_pct" if sort == "index" else sort, show, TOP_N * 2)
    frame = heat.set_index("label")[[c for c in names if c in heat.columns]].rename(columns=short)
    sorted_by = ctx.t("area.sort_index") if sort == "index" else names[sort]
    return chart(
        area_heatmap,
        frame,
        ctx,
        name=("areas-heatmap", level, year),
        kind="heatmap",
        title=ctx.t("area.heatmap_title", level=ctx.t(f"levels.{level}"), region=ctx.region, year=year),
        subtitle=ctx.t("area.heatmap_sub", by=sorted_by),
        y_title=ctx.t(f"level.{level}"),
    )


def rank_show(ds: Dataset, year: int, level: str, lang: str) -> Choice | None:
    return show_choice("rank_show", TOP_N * 2, len(rank_matrix(ds, year, level)), lang)


def ranks(ds: Dataset, year: int, level: str, sort: str, show: str, ctx: ChartContext) -> Chart:
    """Units × areas, each cell the unit's rank in the area coloured by its quartile, sorted on
    the index or one area (as the published index tables); the first or last units of many."""
    ctx = for_year(ds, ctx, year, level)
    names = area_names(ds, ctx.lang)
    short = area_names(ds, ctx.lang, short=True)
    matrix = rank_matrix(ds, year, level, None if sort == "index" else sort)
    if show != "all":
        matrix = matrix.head(TOP_N * 2) if show == "top" else matrix.tail(TOP_N * 2)
    codes = [c for c in names if c in matrix.columns]
    labels = distinct_labels(matrix["unit_name"], matrix["unit_code"])
    rank_frame = matrix[codes].set_axis(labels.tolist()).rename(columns=short)
    peers = matrix.attrs["peers"]
    quartiles = matrix[codes].apply(lambda col: col.map(lambda r: quartile(r, peers.get(col.name))))
    quartiles = quartiles.set_axis(labels.tolist()).rename(columns=short)
    sorted_by = ctx.t("area.sort_index") if sort == "index" else names[sort]
    return chart(
        rank_grid,
        rank_frame,
        quartiles,
        ctx,
        name=("rank-matrix", level, year),
        kind="heatmap",
        title=ctx.t("area.ranks_title", level=ctx.t(f"levels.{level}"), region=ctx.region, year=year),
        subtitle=ctx.t("area.ranks_sub", by=sorted_by),
        quartile_names=tuple(ctx.t(f"chart.quartile_{i}") for i in range(1, 5)),
    )


def over_years(ds: Dataset, area: str, ctx: ChartContext) -> Chart:
    """The area's average per level over the years."""
    frame = area_over_years(ds, area)
    lines = frame.assign(series=frame["level"].map(lambda v: ctx.t(f"level.{v}")), value=frame["mean_pct"])
    years = ds.years()
    area_name = area_names(ds, ctx.lang)[area]
    return chart(
        year_lines,
        lines[["year", "series", "value"]],
        ctx,
        y_title=ctx.t("area.axis_short"),
        name=("area-over-years", area, span(years)),
        kind="lines",
        title=ctx.t("area.years_title", area=area_name, region=ctx.region, years=span(years)),
        subtitle=ctx.t("area.years_sub"),
        years=years,
    )


def lost_chart(ds: Dataset, year: int, level: str, area: str, ctx: ChartContext) -> Chart:
    """The criteria of the area losing the most points per unit."""
    ctx = for_year(ds, ctx, year, level)
    lost = criteria_losing(ds, year, level, area)
    top = lost.head(LOST_SHOWN)
    bars = top.assign(label=top["criterion_code"] + " " + top["criterion_name"].str.slice(0, LOST_LABEL_CHARS))
    area_name = area_names(ds, ctx.lang)[area]
    level_name = ctx.t(f"levels.{level}")
    return chart(
        value_bars,
        bars,
        "label",
        "lost_per_unit",
        ctx,
        x_title=ctx.t("area.lost_axis"),
        name=("area-criteria-lost", area, level, year),
        kind="bars",
        title=ctx.t("area.lost_title", area=area_name, level=level_name, region=ctx.region, year=year),
        subtitle=ctx.t("area.lost_sub"),
    )


def tables(ds: Dataset, year: int, level: str, area: str, ctx: ChartContext) -> list:
    """The area's ranking table and its criteria table, with downloads."""
    area_name = area_names(ds, ctx.lang)[area]
    level_name = ctx.t(f"levels.{level}")
    ranking = area_ranking(ds, year, level, area, ctx.lang).drop(columns=["unit_code", "label"])
    if level == "district":
        ranking = ranking.drop(columns=["district_name"])
    lost = criteria_losing(ds, year, level, area)
    criteria = lost.assign(share_below_half=100 * lost["share_below_half"])
    return [
        Note("subheader", tm("area.table_title", ctx.lang, area=area_name, level=level_name, year=year)),
        Table(headers(ranking, ctx.lang), ("area-ranking", area, level, year), keys=(header("unit_name", ctx.lang),)),
        Note("subheader", tm("area.criteria_table_title", ctx.lang, area=area_name, level=level_name, year=year)),
        Table(headers(criteria, ctx.lang), ("area-criteria", area, level, year)),
    ]
