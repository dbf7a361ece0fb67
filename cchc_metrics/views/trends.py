"""Xu hướng (Trends): units over the years next to their peers; who moved most; rank changes."""

from __future__ import annotations

from cchc_metrics import i18n
from cchc_metrics.analysis.profiles import level_years
from cchc_metrics.analysis.trends import (
    biggest_moves,
    default_change_years,
    default_units,
    index_lines,
    movers,
    unit_choices,
)
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.charts.bars import value_bars
from cchc_metrics.present.charts.common import ChartContext
from cchc_metrics.present.charts.years import year_lines
from cchc_metrics.present.text import tm
from cchc_metrics.views.common import chart, span
from cchc_metrics.views.model import Choice, Note, Table, headers

MOVERS_N = 10
MAX_UNITS = 10


def intro(ds: Dataset, level: str, ctx: ChartContext) -> list[Note]:
    """The caption, and for districts the year they ended."""
    years = level_years(ds, level)
    notes = [
        Note(
            "caption",
            tm("trends.caption", ctx.lang, level=ctx.t(f"level.{level}"), region=ctx.region, years=span(years)),
        )
    ]
    if level == "district":
        notes.append(Note("info", ctx.t("trends.no_districts_after", last=years[-1])))
    return notes


def tabs(lang: str) -> dict[str, str]:
    keys = {"index": "tab.index_years", "rank": "tab.rank_years", "movers": "trends.movers_header"}
    return {code: i18n.t(key, lang) for code, key in keys.items()}


def units_choice(ds: Dataset, level: str, lang: str) -> Choice:
    """Up to ten unit versions to draw (?units=a,b,c): by default every district, or the best,
    middle and lowest commune of the longest-lived versions."""
    choices = unit_choices(ds, level, lang)
    labels = dict(zip(choices["unit_id"], choices["label"]))
    return Choice(
        "units",
        i18n.t("trends.pick_units", lang, level=i18n.t(f"levels.{level}", lang)),
        tuple(labels),
        labels,
        default=tuple(default_units(ds, level, most=MAX_UNITS)),
        widget="multiselect",
        help=i18n.t("pages.search_help", lang),
        max_selections=MAX_UNITS,
    )


def lines(ds: Dataset, level: str, unit_ids: tuple[str, ...], value: str, ctx: ChartContext):
    """The chosen units' index (with the level's average) or rank over the years."""
    if not unit_ids:
        return Note("info", ctx.t("trends.pick_some"))
    choices = unit_choices(ds, level, ctx.lang)
    labels = dict(zip(choices["unit_id"], choices["label"]))
    peers = ctx.t(f"series.level_mean_{level}")
    years = level_years(ds, level)
    level_name = ctx.t(f"levels.{level}")
    frame = index_lines(ds, level, list(unit_ids), labels, peers, value=value)
    index = value == "index_pct"
    kind = "index" if index else "rank"
    return chart(
        year_lines,
        frame,
        ctx,
        y_title=ctx.t("chart.index_axis" if index else "pages.rank_axis"),
        name=(f"trend-{kind}", level, span(years)),
        kind="lines",
        title=ctx.t(f"trends.{kind}_title", level=level_name, region=ctx.region, years=span(years)),
        subtitle=ctx.t(f"trends.{kind}_sub"),
        peers=(peers,) if index else (),
        reverse=not index,
        percent=index,
        years=years,
        height=480,
    )


def change_years(ds: Dataset, level: str, lang: str) -> tuple[Choice, dict[int, Choice]]:
    """The year to compare to (?to=), and per such year the year to compare from (?from=):
    by default the latest two consecutive years with units scored in both."""
    years = sorted(level_years(ds, level), reverse=True)
    pair = default_change_years(ds, level) or (years[-1], years[0])
    to = Choice("to", i18n.t("trends.to_year", lang), tuple(years), default=pair[1])
    froms = {}
    for last in years:
        options = tuple(y for y in years if y < last) or (last,)
        froms[last] = Choice(
            "from", i18n.t("trends.from_year", lang), options, default=pair[0] if pair[0] in options else options[0]
        )
    return to, froms


def moves(ds: Dataset, level: str, from_year: int, to_year: int, ctx: ChartContext) -> list:
    """The most improved and most declined units between two years, and every unit's change."""
    frame = movers(ds, level, from_year, to_year, ctx.lang)
    level_name = ctx.t(f"levels.{level}")
    if frame.empty:
        return [Note("info", ctx.t("trends.no_common_units", level=level_name, first=from_year, last=to_year))]
    shown = biggest_moves(frame, MOVERS_N)
    sub = (
        ctx.t("trends.movers_sub_all", n=len(frame))
        if len(shown) == len(frame)
        else ctx.t("trends.movers_sub", n=MOVERS_N, total=len(frame))
    )
    bars = chart(
        value_bars,
        shown,
        "label",
        "change_pct",
        ctx,
        x_title=ctx.t("trends.change_axis"),
        diverging=True,
        name=("trend-movers", level, f"{from_year}-{to_year}"),
        kind="bars",
        title=ctx.t("trends.movers_title", level=level_name, region=ctx.region, first=from_year, last=to_year),
        subtitle=sub,
    )
    table = frame.drop(columns=["unit_code", "label"])
    if level == "district":
        table = table.drop(columns=["district_name"])
    return [
        bars,
        Note("subheader", ctx.t("trends.table_title", level=level_name, first=from_year, last=to_year)),
        Table(headers(table, ctx.lang, first=from_year, last=to_year), ("changes", level, f"{from_year}-{to_year}")),
    ]
