"""Maps of a level's units: where the strong and the weak units are.

A tile schematic (sơ đồ ô) of the units, or, when the data directory holds a boundary file for
the year that covers them (engine.boundaries), the units within their boundaries. Coloured by
band, by index, by one area's %, or by the change since last year; the strengths page marks the
units weak in an area, the planning page the units drawn. A click on a unit opens its page.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from plotly.colors import sample_colorscale

from cchc_metrics import i18n
from cchc_metrics.analysis.maps import (
    MAP_LEVELS,
    PERCENT_CLASSES,
    delta_class,
    percent_class,
    short_label,
    tile_layout,
)
from cchc_metrics.analysis.overview import level_cards, ranking_table
from cchc_metrics.engine import boundaries
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.engine.validation import problems_frame
from cchc_metrics.present.charts.common import HEAT_SCALE, ChartContext, band_colours
from cchc_metrics.present.charts.maps import LABELLED_UNITS
from cchc_metrics.present.charts.maps import unit_map as map_figure
from cchc_metrics.present.labels import area_names
from cchc_metrics.present.text import tm
from cchc_metrics.views.common import bands, chart, for_year
from cchc_metrics.views.model import Choice, Fold, Link, Note, Table, headers

PAGES = {
    "district": ("app_pages/district_profile.py", "district"),
    "commune": ("app_pages/commune_profile.py", "commune"),
}
# the heat scale of every % chart, read at the middle of each class of PERCENT_CLASSES
PERCENT_COLOURS = sample_colorscale(HEAT_SCALE, [0.95, 0.85, 0.75, 0.65, 0.55, 0.25], colortype="rgb")
DELTA_COLOURS = ("#1a9850", "#91cf60", "#f2f0c9", "#fc8d59", "#d73027")
BASE_MODES = ("band", "index", "delta")
# no map of thousands (as no chart of thousands): their tiles too small to find a unit on, and
# slow to draw; the rankings and tables have every unit
MAP_MAX_UNITS = 2000


def fits(ds: Dataset, year: int, level: str) -> bool:
    """Whether the map of `level` in `year` is drawn (at most MAP_MAX_UNITS units)."""
    return len(tile_layout(ds, year, level)) <= MAP_MAX_UNITS


def levels(ds: Dataset, year: int) -> list[str]:
    """The levels of places (districts, communes) scored in `year`."""
    scored = {c.level for c in level_cards(ds, year)}
    return [level for level in MAP_LEVELS if level in scored]


def level_choice(ds: Dataset, year: int, lang: str, key: str = "map_level") -> Choice | None:
    """Districts or communes on the map (?map_level=); None when the year has one of them."""
    found = levels(ds, year)
    if len(found) < 2:
        return None
    labels = {v: i18n.t(f"level.{v}", lang) for v in found}
    return Choice(key, i18n.t("map.level", lang), tuple(found), labels, default=first_level(ds, year), widget="radio")


def first_level(ds: Dataset, year: int) -> str | None:
    """The level a map of `year` opens on: the communes when they fit (MAP_MAX_UNITS), else the districts."""
    found = levels(ds, year)
    if len(found) < 2:
        return found[0] if found else None
    return "commune" if fits(ds, year, "commune") else "district"


def names_units(ds: Dataset, year: int) -> bool:
    """Whether the map `year` opens on writes its units' names (LABELLED_UNITS): a province's
    communes, not a level of hundreds."""
    level = first_level(ds, year)
    return level is not None and len(tile_layout(ds, year, level)) <= LABELLED_UNITS


def colour_choice(ds: Dataset, lang: str, key: str = "map_colour") -> Choice:
    """What colours the map (?map_colour=): band, index, change since last year, or an area's %."""
    labels = {mode: i18n.t(f"map.colour.{mode}", lang) for mode in BASE_MODES}
    labels |= {code: i18n.t("map.colour.area", lang, area=name) for code, name in area_names(ds, lang).items()}
    return Choice(key, i18n.t("map.colour_by", lang), tuple(labels), labels, help=i18n.t("map.colour_help", lang))


def _percent_classes(ctx: ChartContext) -> list[str]:
    labels = []
    for i, low in enumerate(PERCENT_CLASSES):
        if i == 0:
            labels.append(ctx.t("map.class.top", low=ctx.num(low, 0)))
        elif low == 0:
            labels.append(ctx.t("map.class.bottom", high=ctx.num(PERCENT_CLASSES[i - 1], 0)))
        else:
            labels.append(ctx.t("map.class.between", low=ctx.num(low, 0), high=ctx.num(PERCENT_CLASSES[i - 1], 0)))
    return labels


def _delta_classes(ctx: ChartContext) -> list[str]:
    return [ctx.t(f"map.class.delta_{i}") for i in range(5)]


def map_units(ds: Dataset, year: int, level: str, lang: str) -> pd.DataFrame:
    """The units of `level` valid in `year` with their tile and their scores (no score: empty).

    Columns: those of analysis.maps.tile_layout, then index_pct, band, rank, delta_pct and one
    column per area code (ranking_table). Before a merger of provinces, a former province none of
    whose units was scored that year is left out (its archive begins later).
    """
    tiles = tile_layout(ds, year, level)
    scores = ranking_table(ds, year, level, lang).drop(columns=["unit_name", "level", "year"])
    units = tiles.merge(scores, on="unit_code", how="left")
    scored = set(units.loc[units["index_pct"].notna(), "source_province"].dropna())
    if units["source_province"].notna().any():
        units = units[units["source_province"].isna() | units["source_province"].isin(scored)]
    return units.reset_index(drop=True)


def _coloured(units: pd.DataFrame, ds: Dataset, year: int, level: str, mode: str, ctx: ChartContext):
    """(units with `cls`, classes as (label, colour) best first, the no-data label, the value column)."""
    if mode == "band":
        labels = bands(ds, year, level, ctx.lang)
        colours = band_colours(labels)
        return units.assign(cls=units["band"].fillna("")), [(b, colours[b]) for b in labels], "index_pct"
    if mode == "delta":
        labels = _delta_classes(ctx)
        cls = [labels[c] if c is not None else "" for c in map(delta_class, units["delta_pct"])]
        return units.assign(cls=cls), list(zip(labels, DELTA_COLOURS)), "delta_pct"
    column = "index_pct" if mode == "index" else mode
    labels = _percent_classes(ctx)
    cls = [labels[c] if c is not None else "" for c in map(percent_class, units[column])]
    return units.assign(cls=cls), list(zip(labels, PERCENT_COLOURS)), column


def _hover(row, area: str | None, area_name: str, ranked: int, ctx: ChartContext) -> str:
    """The figures of one unit, a line each."""
    if pd.isna(row.index_pct):
        return ctx.t("map.not_scored")
    lines = [
        ctx.t("map.hover.index", value=ctx.num(row.index_pct)),
        ctx.t("map.hover.band", band=row.band),
        ctx.t("map.hover.rank", rank=int(row.rank), n=ranked),
    ]
    if pd.isna(row.delta_pct):
        lines.append(ctx.t("map.hover.no_delta"))
    else:
        lines.append(ctx.t("map.hover.delta", value=ctx.num(row.delta_pct, signed=True)))
    if area:
        value = row.area_value
        shown = ctx.t("map.hover.not_applicable") if pd.isna(value) else ctx.num(value) + " %"
        lines.append(ctx.t("map.hover.area", area=area_name, value=shown))
    return "\n".join(lines)


def _positions(units: pd.DataFrame, shapes: dict | None, centres: dict | None) -> pd.DataFrame:
    if shapes is None:
        return units.assign(x=units["col"].astype(float), y=-units["row"].astype(float))
    return units.assign(x=[centres[c][0] for c in units["unit_code"]], y=[centres[c][1] for c in units["unit_code"]])


def unit_map(
    ds: Dataset,
    year: int,
    level: str,
    mode: str,
    ctx: ChartContext,
    marked: tuple[str, ...] = (),
    marked_label: str = "",
    title: str | None = None,
    subtitle: str | None = None,
    name: str = "map",
    drawn: boundaries.Boundaries | None = None,
) -> list:
    """The map of `level` in `year` coloured by `mode` (band, index, delta, or an area code), with
    the units of `marked` (codes) outlined and named `marked_label` in the legend. A boundary file
    that covers the year and level makes it a real map; one that cannot be used is named, with
    every problem, above the tile schematic drawn instead. `drawn`: checked boundaries to draw
    instead of the data directory's (the preview of an upload). Returns [notes..., Chart]."""
    ctx = for_year(ds, ctx, year, level)
    if not fits(ds, year, level):
        n = len(tile_layout(ds, year, level))
        words = {"level": ctx.t(f"levels.{level}"), "year": year}
        return [
            Note(
                "info",
                ctx.t(
                    "map.too_many",
                    n=i18n.fmt_num(n, ctx.lang, digits=0),
                    max=i18n.fmt_num(MAP_MAX_UNITS, ctx.lang, digits=0),
                    **words,
                ),
            )
        ]
    units = map_units(ds, year, level, ctx.lang)
    names = area_names(ds, ctx.lang)
    area = mode if mode in names else None
    units, classes, _value = _coloured(units, ds, year, level, mode, ctx)
    if area:
        units = units.assign(area_value=units[area])
    ranked = int(units["rank"].notna().sum())
    units = units.assign(
        name=units["unit_name"],
        hover=[_hover(row, area, names.get(area, ""), ranked, ctx) for row in units.itertuples()],
        marked=units["unit_code"].isin(set(marked)),
    )
    blocks: list = []
    found = drawn if drawn is not None else boundaries.for_year(ds, year, level)
    shapes = centres = None
    if found is not None and found.problems:
        blocks.append(Note("warning", tm("map.boundary_unusable", ctx.lang, file=found.file)))
        table = headers(problems_frame(found.problems, ctx.lang), ctx.lang, "problems.")
        blocks.append(Fold(ctx.t("map.boundary_problems", n=len(found.problems)), (Table(table, plain=True),)))
    elif found is not None:
        shapes, centres = found.shapes, found.centres
    schematic = shapes is None
    units = _positions(units, shapes, centres)
    units = units.assign(
        label=[short_label(n, ctx.compact) for n in units["unit_name"]],
    )
    level_words = ctx.t(f"levels.{level}")
    what = ctx.t(f"map.title.{'area' if area else mode}", level=level_words, area=names.get(area, ""))
    title = title or ctx.t("map.title", what=what, region=ctx.region, year=year)
    kind = ctx.t("map.schematic") if schematic else ctx.t("map.boundaries", file=found.file)
    subtitle = " · ".join(p for p in (kind, subtitle or "", ctx.t("map.click")) if p)
    page, key = PAGES[level]
    no_data = ctx.t("map.no_delta") if mode == "delta" else ctx.t("map.no_data")
    figure = chart(
        map_figure,
        units,
        classes,
        ctx,
        name=(name, level, ctx.region, year),
        kind="map",
        title=title,
        subtitle=subtitle,
        no_data=no_data,
        shapes=shapes,
        marked=marked_label,
        labels=schematic or len(units) <= 40,
    )
    return blocks + [replace(figure, opens=Link(page, key, year))]


def not_places(level: str, ctx: ChartContext) -> list | None:
    """A note instead of a map for a level that is not places (departments); None for districts and communes."""
    return None if level in MAP_LEVELS else [Note("info", ctx.t("map.not_places", level=ctx.t(f"levels.{level}")))]


def area_map(ds: Dataset, year: int, level: str, area: str, ctx: ChartContext) -> list:
    """The reform-area page's map: the units of `level` coloured by their % in `area`."""
    return not_places(level, ctx) or unit_map(ds, year, level, area, ctx, name="area-map")


def weak_map(ds: Dataset, year: int, level: str, area: str, ctx: ChartContext) -> list:
    """The strengths page's map: the units coloured by their % in `area`, those weak in it against
    their peers (the default peer rule of the page) outlined."""
    if not_places(level, ctx):
        return not_places(level, ctx)
    weak = tuple(ds.query("weak_in_area", year=int(year), level=level, area=area)["unit_code"])
    name = area_names(ds, ctx.lang)[area]
    return [
        Note("caption", tm("map.weak_caption", ctx.lang, n=len(weak), area=name)),
        *unit_map(ds, year, level, area, ctx, marked=weak, marked_label=ctx.t("map.weak_marked"), name="weak-map"),
    ]


def plan_map(ds: Dataset, year: int, level: str, drawn: tuple[str, ...], ctx: ChartContext) -> list:
    """The planning page's map: the units of the plan's year coloured by band (of the latest year
    scored up to it), the units drawn outlined."""
    if not_places(level, ctx):
        return not_places(level, ctx)
    scored = [y for y in ds.years() if y <= int(year)]
    if not scored:
        return [Note("info", ctx.t("chart.no_data"))]
    shown = int(year) if int(year) in scored else scored[-1]
    blocks = unit_map(
        ds, shown, level, "band", ctx, marked=drawn, marked_label=ctx.t("map.drawn_marked"), name="plan-map"
    )
    return [Note("caption", ctx.t("map.plan_caption", n=len(drawn), year=shown))] + blocks
