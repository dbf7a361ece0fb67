"""So sánh (Compare): two to four units of one level side by side, kept in the link (?units=a,b).

One radar of their areas on the fixed scale, the table of area % with each unit's difference
from the first, their index over the years on one chart, the criteria where they differ most.
"""

from __future__ import annotations

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.compare import MAX_UNITS, area_table, criteria_differences, index_lines
from cchc_metrics.analysis.profiles import level_years, unit_options
from cchc_metrics.analysis.scores import score_frame
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.charts.areas import area_radar
from cchc_metrics.present.charts.common import ChartContext
from cchc_metrics.present.charts.years import year_lines
from cchc_metrics.present.labels import area_names
from cchc_metrics.present.text import tm
from cchc_metrics.views.common import chart, data_levels, for_year, level_choice, span
from cchc_metrics.views.model import Choice, Note, Table, header

TABS = ("areas", "trends", "criteria")
TOP_CRITERIA = 10


def levels(ds: Dataset, lang: str) -> Choice:
    return level_choice(data_levels(ds), lang)


def tabs(lang: str) -> dict[str, str]:
    return {code: i18n.t(f"compare.tab.{code}", lang) for code in TABS}


def units_choice(ds: Dataset, year: int, level: str, lang: str) -> Choice:
    """Two to four units of `level` valid in `year` (?units=a,b), the two best by default."""
    options = unit_options(ds, year, level, lang)
    labels = dict(zip(options["unit_code"], options["label"]))
    ranked = [c for c in score_frame(ds, year, level, lang)["unit_code"] if c in labels]
    return Choice(
        "units",
        i18n.t("compare.pick", lang, n=MAX_UNITS),
        tuple(labels),
        labels,
        default=tuple(ranked[:2]),
        widget="multiselect",
        help=i18n.t("compare.pick_help", lang, n=MAX_UNITS),
        max_selections=MAX_UNITS,
    )


def _units(ds: Dataset, year: int, level: str, codes: tuple, lang: str) -> list[dict]:
    options = unit_options(ds, year, level, lang).set_index("unit_code", drop=False)
    return [options.loc[c].to_dict() for c in codes if c in options.index]


def _names(units: list[dict]) -> list[str]:
    """Each unit's column and legend name: its name, or its label where two share a name."""
    names = [u["unit_name"] for u in units]
    return [u["unit_name"] if names.count(u["unit_name"]) == 1 else u["label"] for u in units]


def too_few(codes: tuple, lang: str) -> Note | None:
    """What to do when fewer than two units are chosen."""
    return Note("info", i18n.t("compare.too_few", lang, n=MAX_UNITS)) if len(codes) < 2 else None


def caption(ds: Dataset, year: int, level: str, codes: tuple, ctx: ChartContext) -> Note:
    units = _units(ds, year, level, codes, ctx.lang)
    listed = ", ".join(u["label"] for u in units)
    return Note("caption", tm("compare.caption", ctx.lang, units=listed, region=ctx.region, year=year))


def areas(ds: Dataset, year: int, level: str, codes: tuple, ctx: ChartContext) -> list:
    """The radar of the units' areas (0–100 %) and the table of area % with the differences."""
    ctx = for_year(ds, ctx, year, level)
    units = _units(ds, year, level, codes, ctx.lang)
    names = _names(units)
    ids = [u["unit_id"] for u in units]
    frame = area_table(ds, year, level, ids, ctx.lang)
    frame["area_label"] = frame["area_code"].map(area_names(ds, ctx.lang, short=True))
    radar = chart(
        area_radar,
        frame,
        dict(zip(ids, names)),
        ctx,
        name=("compare-areas", *names, year),
        kind="radar",
        title=ctx.t("compare.radar_title", units=", ".join(names), region=ctx.region, year=year),
        subtitle=ctx.t("compare.radar_sub", level=ctx.t(f"levels.{level}"), region=ctx.region),
    )
    table = pd.DataFrame({header("area_name", ctx.lang, "compare.col."): frame["area_name"]})
    for unit_id, name in zip(ids, names):
        table[ctx.t("compare.col.pct", unit=name)] = frame[unit_id]
    for unit_id, name in zip(ids[1:], names[1:]):
        table[ctx.t("compare.col.difference", unit=name, first=names[0])] = frame[unit_id] - frame[ids[0]]
    title = Note("subheader", tm("compare.table_title", ctx.lang, year=year))
    return [radar, title, Table(table, ("compare-areas", *names, year))]


def trends(ds: Dataset, year: int, level: str, codes: tuple, ctx: ChartContext) -> list:
    """The units' index over the years of their level, on one chart."""
    ctx = for_year(ds, ctx, year, level)
    units = _units(ds, year, level, codes, ctx.lang)
    names = _names(units)
    years = level_years(ds, level)
    lines = index_lines(ds, level, units, ctx.lang)
    return [
        chart(
            year_lines,
            lines,
            ctx,
            y_title=ctx.t("chart.index_axis"),
            name=("compare-trend", *names, span(years)),
            kind="lines",
            title=ctx.t("compare.trend_title", units=", ".join(names), region=ctx.region, years=span(years)),
            subtitle=ctx.t("compare.trend_sub"),
            peers=tuple(names[1:]),
            years=years,
        )
    ]


def criteria(ds: Dataset, year: int, level: str, codes: tuple, ctx: ChartContext) -> list:
    """The criteria on which the units differ most in `year`."""
    units = _units(ds, year, level, codes, ctx.lang)
    names = _names(units)
    ids = [u["unit_id"] for u in units]
    found = criteria_differences(ds, year, ids, TOP_CRITERIA, ctx.lang)
    title = Note("subheader", tm("compare.criteria_title", ctx.lang, n=TOP_CRITERIA, year=year))
    if found.empty:
        return [title, Note("info", ctx.t("compare.no_common_criteria", year=year))]
    shown = found.rename(columns={u: ctx.t("compare.col.pct", unit=n) for u, n in zip(ids, names)})
    shown = shown.rename(columns={c: header(c, ctx.lang, "compare.col.") for c in found.columns if c not in ids})
    text = {header("criterion_name", ctx.lang, "compare.col."): "large"}
    return [
        title,
        Note("caption", ctx.t("compare.criteria_sub")),
        Table(shown, ("compare-criteria", *names, year), text=text),
    ]
