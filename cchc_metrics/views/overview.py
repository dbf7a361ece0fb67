"""Tổng quan (Overview): one year at a glance: the level cards and bands, the rankings, the spread
of communes per district, the ranking table. The province's briefing draws the same charts.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.headlines import headline_facts
from cchc_metrics.analysis.overview import LevelCard, band_counts, level_cards, ranking_table
from cchc_metrics.analysis.targets import below_target, level_target, units_meeting
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.engine.schema import LEVELS
from cchc_metrics.present.charts.areas import area_heatmap
from cchc_metrics.present.charts.common import ChartContext
from cchc_metrics.present.charts.ranking import ranking_bars, spread_by_group
from cchc_metrics.present.charts.years import year_lines
from cchc_metrics.present.labels import area_names, distinct_labels
from cchc_metrics.present.paging import extreme_groups, extremes_note
from cchc_metrics.present.shortlist import top_bottom
from cchc_metrics.present.text import escape, tm
from cchc_metrics.views import maps
from cchc_metrics.views.common import bands, chart, for_year, opens_scorecard, show_choice, span, status_note
from cchc_metrics.views.model import Card, Chart, Choice, Fold, Note, Table, header, headers

TOP_N = 15
RANKING_COLUMNS = ["rank", "unit_name", "district_name", "index_pct", "band", "delta_pct", "rank_change"]


def cards(ds: Dataset, year: int, ctx: ChartContext) -> tuple[Card, ...]:
    """Two cards per level scored in `year`: its average with the change, its best and lowest unit."""
    row = []
    for card in level_cards(ds, year):
        level = ctx.t(f"levels.{card.level}")
        delta = card.delta_mean_pct
        row.append(
            Card(
                ctx.t("overview.card_mean", level=level),
                ctx.num(card.mean_pct) + " %",
                delta=None if delta is None else ctx.num(delta, signed=True) + " " + ctx.t("unit.points_pct"),
                help=ctx.t("overview.card_units", n=card.units),
            )
        )
        row.append(
            Card(
                ctx.t("overview.card_best", level=level),
                escape(card.best_name),
                delta=tm("overview.card_worst_is", ctx.lang, name=card.worst_name, value=ctx.num(card.worst_pct)),
                help=ctx.t("overview.card_best_value", value=ctx.num(card.best_pct)),
                delta_color="off",
                delta_arrow="off",
            )
        )
    return tuple(row)


def caption(year: int, ctx: ChartContext) -> Note:
    return Note("caption", tm("overview.caption", ctx.lang, region=ctx.region, year=year))


def summary(ds: Dataset, year: int, ctx: ChartContext) -> list[Note]:
    """Each level's units per band, and whether the year has districts."""
    notes = []
    levels = [c.level for c in level_cards(ds, year)]
    notes += [n for n in (status_note(ds, year, level, ctx.lang) for level in levels) if n]
    for level in levels:
        counts = band_counts(ds, year, level, ctx.lang)
        of = ctx.t("overview.bands_of", level=ctx.t(f"levels.{level}"))
        line = " · ".join(f"{escape(row.band)}: {row.units}" for row in counts.itertuples())
        notes.append(Note("markdown", f"**{of}** {line}"))
    notes += [n for n in (target_note(ds, year, level, ctx) for level in levels) if n]
    if "district" not in levels:
        notes.append(Note("info", ctx.t("overview.no_districts", year=year)))
    return notes


def headlines(ds: Dataset, year: int, ctx: ChartContext) -> list[Note]:
    """Three to five sentences on the year's communes (analysis.headlines), each with a link to
    the page and tab of the chart that shows it; nothing for a year without communes."""
    if "commune" not in [c.level for c in level_cards(ds, year)]:
        return []
    lines = []
    level = ctx.t("briefing.level_plural.commune")
    for fact in headline_facts(ds, year, "commune", ctx.lang):
        kind = fact["kind"]
        if kind in ("riser", "faller"):
            text = tm(
                f"headlines.{kind}",
                ctx.lang,
                unit=fact["unit"],
                change=ctx.num(fact["change"], signed=True),
                prev=year - 1,
            )
        elif kind == "areas":
            parts = []
            if fact["improving"]:
                name, change = fact["improving"]
                parts.append(tm("headlines.area_up", ctx.lang, area=name, change=ctx.num(change, signed=True)))
            if fact["declining"]:
                name, change = fact["declining"]
                parts.append(tm("headlines.area_down", ctx.lang, area=name, change=ctx.num(change, signed=True)))
            text = ctx.t("headlines.areas", level=level, prev=year - 1, parts="; ".join(parts))
        elif kind == "targets":
            text = ctx.t("headlines.targets", below=fact["below"], units=fact["units"], level=level, year=year)
        else:
            text = ctx.t(
                "headlines.fixed",
                fixed=fact["fixed"],
                followed=fact["followed"],
                share=ctx.num(fact["share"]),
                prev=year - 1,
            )
        page, query = fact["link"]
        href = f"/{page}?" + urlencode({"year": year, "lang": ctx.lang, **query})
        lines.append(f"- {text} [{ctx.t('headlines.see')}]({href})")
    if not lines:
        return []
    return [Note("subheader", ctx.t("headlines.title", year=year)), Note("markdown", "\n".join(lines))]


def target_note(ds: Dataset, year: int, level: str, ctx: ChartContext) -> Note | None:
    """How many units of `level` met every target this year, and the year before (targets.csv)."""
    now = units_meeting(ds, year, level)
    if now is None:
        return None
    line = ctx.t("targets.met_line", year=year, met=now[0], units=now[1], level=ctx.t(f"briefing.level_plural.{level}"))
    if year - 1 not in ds.years():  # the data begin this year: nothing to say of the year before
        return Note("markdown", line + ".")
    before = units_meeting(ds, year - 1, level)
    if before is None:
        line += ctx.t("targets.no_before", prev=year - 1)
    else:
        line += ctx.t("targets.met_before", prev=year - 1, met=before[0], units=before[1])
    return Note("markdown", line)


def below(ds: Dataset, year: int, level: str, ctx: ChartContext) -> Fold | None:
    """The units and areas of `level` below their target in `year`, under the ranking (folded);
    None when no target applies that year."""
    if units_meeting(ds, year, level) is None:
        return None
    found = below_target(ds, year, level, ctx.lang)
    title = ctx.t("targets.below_title", year=year, n=len(found))
    if found.empty:
        return Fold(title, (Note("success", ctx.t("targets.none_below", year=year, level=ctx.t(f"levels.{level}"))),))
    table = pd.DataFrame(
        {
            "rank": found["rank"],
            "unit_name": found["unit_name"],
            "measure": found["area_name"].where(found["area_code"].notna(), ctx.t("targets.index")),
            "pct": found["pct"].astype(float),
            "min_pct": found["min_pct"].astype(float),
            "gap": found["gap"].astype(float),
        }
    )
    shown = headers(table, ctx.lang, "targets.col.")
    return Fold(title, (Table(shown, ("below-target", level, year), key=f"below:{level}"),), icon=":material/flag:")


def tabs(ds: Dataset, year: int, lang: str) -> dict[str, str]:
    """The charts of the year, by tab code: the map of the districts or communes, the districts
    ranked, the communes ranked, their spread over the districts, the departments ranked. The
    map comes last when it would open on a level of hundreds of units (no names on its tiles)."""
    levels = [c.level for c in level_cards(ds, year)]
    found = {"map": "tab.map"} if {"district", "commune"} & set(levels) else {}
    found |= {"districts": "tab.districts_ranked"} if "district" in levels else {}
    if "commune" in levels:
        found["communes"] = "tab.communes_ranked"
        if ranking_table(ds, year, "commune", lang)["district_name"].notna().any():
            found["spread"] = "tab.commune_spread"
    if "department" in levels:
        found["departments"] = "tab.departments_ranked"
    if "map" in found and not maps.names_units(ds, year):
        # a level of hundreds of units: the page opens on its ranking, the map one click away
        found["map"] = found.pop("map")
    return {code: i18n.t(key, lang) for code, key in found.items()}


def _card(ds: Dataset, year: int, level: str) -> LevelCard:
    return next(c for c in level_cards(ds, year) if c.level == level)


def _labelled(ds: Dataset, table: pd.DataFrame, ctx: ChartContext) -> pd.DataFrame:
    """`table` with each unit drawn under its own label: two units of one name (the township and
    the commune of Thạnh An) are told apart by their type, else their code, never drawn as one bar."""
    if table.empty or not table["unit_name"].duplicated().any():
        return table
    year = int(table["year"].iloc[0])
    scored = ds.query("unit_scores", year=year, level=str(table["level"].iloc[0]))
    types = table["unit_code"].map(dict(zip(scored["unit_code"], scored["unit_type"])))
    words = types.map(lambda t: ctx.t(f"analysis.type.{t}") if isinstance(t, str) else None)
    return table.assign(unit_name=distinct_labels(table["unit_name"], table["unit_code"], words))


def district_ranking(ds: Dataset, year: int, ctx: ChartContext, extremes: int | None = None) -> Chart:
    """The districts ranked (see level_ranking)."""
    return level_ranking(ds, year, "district", ctx, extremes)


def level_ranking(ds: Dataset, year: int, level: str, ctx: ChartContext, extremes: int | None = None) -> Chart:
    """The districts (or departments) ranked on the index, coloured by band, with their average;
    of many the `extremes` best and worst are drawn (the table has them all), and it says so."""
    ctx = for_year(ds, ctx, year, level)
    table = _labelled(ds, ranking_table(ds, year, level, ctx.lang), ctx)
    drawn, total = extreme_groups(table, "unit_code", "index_pct", extremes)
    title = ctx.t(f"overview.{level}_ranking_title", region=ctx.region, year=year)
    subtitle = ctx.t(f"overview.{level}_ranking_sub") + extremes_note(len(drawn), total, ctx.lang)
    mean = _card(ds, year, level).mean_pct
    return chart(
        ranking_bars,
        drawn,
        bands(ds, year, level, ctx.lang),
        ctx,
        name=(f"{level}-ranking", ctx.region, year),
        kind="bars",
        title=title,
        subtitle=subtitle,
        mean=mean,
        target=level_target(ds, year, level),
        opens=opens_scorecard(level, year),
    )


def district_areas(ds: Dataset, year: int, ctx: ChartContext, extremes: int | None = None) -> Chart:
    """Districts × areas: each district's % in each area (the best and worst of many districts)."""
    ctx = for_year(ds, ctx, year, "district")
    table = _labelled(ds, ranking_table(ds, year, "district", ctx.lang), ctx)
    drawn, total = extreme_groups(table, "unit_code", "index_pct", extremes)
    short = area_names(ds, ctx.lang, short=True)
    heat = drawn.set_index("unit_name")[[c for c in short if c in drawn.columns]].rename(columns=short)
    title = ctx.t("briefing.province.district_areas", region=ctx.region, year=year)
    subtitle = ctx.t("pages.heatmap_sub") + extremes_note(len(drawn), total, ctx.lang)
    return chart(
        area_heatmap,
        heat,
        ctx,
        name=("district-areas", ctx.region, year),
        kind="heatmap",
        title=title,
        subtitle=subtitle,
    )


def commune_show(ds: Dataset, year: int, lang: str) -> Choice | None:
    """Top, bottom or all communes on the ranking chart (None when all fit)."""
    return show_choice("commune_show", TOP_N, len(ranking_table(ds, year, "commune", lang)), lang)


def commune_ranking(
    ds: Dataset, year: int, show: str, ctx: ChartContext, n: int = TOP_N, numbered: bool = False
) -> Chart:
    """The communes ranked on the index: the `n` best (`show` top), the `n` lowest (bottom) or all.
    `numbered`: each name after its rank ("1. Trường Long"), for a list cut out of the ranking."""
    ctx = for_year(ds, ctx, year, "commune")
    communes = _labelled(ds, ranking_table(ds, year, "commune", ctx.lang), ctx)
    shown = top_bottom(communes, "index_pct", show, n)
    if numbered:
        shown = shown.assign(unit_name=[f"{r}. {name}" for r, name in zip(shown["rank"], shown["unit_name"])])
    if show == "all" or not numbered:
        title = ctx.t("overview.commune_ranking_title", region=ctx.region, year=year)
        subtitle = ctx.t(f"area.ranking_sub_{show}", n=len(shown), total=len(communes))
    else:
        key = "commune-top" if show == "top" else "commune-bottom"
        title = ctx.t(f"briefing.province.{key}", n=min(n, len(communes)), region=ctx.region, year=year)
        subtitle = ctx.t("briefing.sub.commune_list", n=len(communes))
    return chart(
        ranking_bars,
        shown,
        bands(ds, year, "commune", ctx.lang),
        ctx,
        name=("commune-ranking" if not numbered else f"commune-{show}", ctx.region, year),
        kind="bars",
        title=title,
        subtitle=subtitle,
        mean=_card(ds, year, "commune").mean_pct,
        target=level_target(ds, year, "commune"),
        opens=opens_scorecard("commune", year),
    )


def commune_spread(ds: Dataset, year: int, ctx: ChartContext, extremes: int | None = None) -> list:
    """The communes' index per district as boxes (the districts with the highest and lowest
    median of many), and a caption when not every district is drawn."""
    ctx = for_year(ds, ctx, year, "commune")
    communes = ranking_table(ds, year, "commune", ctx.lang).dropna(subset=["district_name"])
    drawn, total = extreme_groups(communes, "district_name", "index_pct", extremes)
    shown = drawn["district_name"].nunique()
    title = ctx.t("overview.commune_spread_title", region=ctx.region, year=year)
    subtitle = ctx.t("overview.commune_spread_sub") + extremes_note(shown, total, ctx.lang)
    spread = chart(
        spread_by_group,
        drawn,
        ctx,
        name=("commune-spread", ctx.region, year),
        kind="boxes",
        title=title,
        subtitle=subtitle,
    )
    return [
        spread,
        Note("caption", ctx.t("paging.extreme_groups", shown=shown, total=total)) if shown < total else None,
    ]


def level_trend(ds: Dataset, year: int, ctx: ChartContext) -> Chart:
    """Each level's average index over the years up to `year`."""
    summary = ds.query("level_summary")
    summary = summary[summary["year"] <= year]
    names = {level: ctx.t(f"series.level_mean_{level}") for level in LEVELS}
    lines = pd.DataFrame(
        {
            "year": summary["year"].astype(int),
            "series": summary["level"].map(names),
            "value": summary["mean_pct"].astype(float),
        }
    )
    years = sorted(lines["year"].unique().tolist())
    return chart(
        year_lines,
        lines,
        ctx,
        y_title=ctx.t("chart.index_axis"),
        name=("level-trend", ctx.region, span(years)),
        kind="lines",
        title=ctx.t("briefing.province.level_trend", region=ctx.region, years=span(years)),
        subtitle=ctx.t("briefing.sub.level_trend"),
        years=years,
    )


def ranking_levels(ds: Dataset, year: int) -> list[str]:
    """The levels the ranking table can show in `year`."""
    return [c.level for c in level_cards(ds, year)]


def ranking(ds: Dataset, year: int, level: str, ctx: ChartContext) -> list:
    """The ranking table of a level: rank, name, district, index, band, changes (searched and
    paged at national scale, downloadable)."""
    table = ranking_table(ds, year, level, ctx.lang)
    columns = list(RANKING_COLUMNS)
    if level != "commune" or table["district_name"].isna().all():  # no district above them
        columns.remove("district_name")
    search = ["unit_name", "unit_code"] + (["district_name"] if level == "commune" else [])  # fmt: skip
    frame = headers(table[columns + [c for c in search if c not in columns]], ctx.lang)
    basis = ds.query("unit_scores", year=int(year), level=level)["delta_basis"]
    formed = int((basis == "predecessors").sum())
    return [
        Note("subheader", ctx.t("overview.table_title", level=ctx.t(f"levels.{level}"), year=year)),
        Note("caption", ctx.t("overview.delta_predecessors", n=formed, year=year)) if formed else None,
        Table(
            frame,
            ("ranking", level, year),
            key=f"ranking:{level}",
            search=tuple(header(c, ctx.lang) for c in search),
            shown=tuple(header(c, ctx.lang) for c in columns),
        ),
    ]
