"""One unit's charts, shared by the district and commune pages and by their briefings: its index
over the years against its peers, its areas on a radar, the communes of a district ranked and by
area. The page and the slide draw the same function's figure.
"""

from __future__ import annotations

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis import framework
from cchc_metrics.analysis.common import NotAssessed
from cchc_metrics.analysis.profiles import (
    area_comparison,
    district_communes,
    level_years,
    trend_lines,
    unit_years,
    with_predecessors,
)
from cchc_metrics.analysis.strengths import unit_strengths
from cchc_metrics.analysis.targets import level_target
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.charts.areas import area_heatmap, area_radar
from cchc_metrics.present.charts.common import ChartContext
from cchc_metrics.present.charts.ranking import ranking_bars
from cchc_metrics.present.charts.years import year_lines
from cchc_metrics.present.labels import area_names
from cchc_metrics.present.text import bold, tm
from cchc_metrics.views.common import bands, chart, for_year, opens_scorecard, span
from cchc_metrics.views.model import Card, Chart, Choice, Note, Table, header, headers


def record(ds: Dataset, level: str, unit_id: str, unit_code: str, year: int, lang: str) -> pd.DataFrame:
    """The unit version's years (profiles.unit_years), a commune's or a department's with its
    predecessors' index in the years before it existed (a district has none: none was formed)."""
    years = unit_years(ds, level, unit_id, lang)
    return years if level == "district" else with_predecessors(years, ds, unit_code, year)


def peer_series(level: str, district_name: str | None, ctx: ChartContext) -> dict[str, str]:
    """The comparison lines of a unit's trend: {record column: legend}."""
    if level != "commune":
        return {"level_mean_pct": ctx.t(f"series.level_mean_{level}")}
    series = {"district_mean_pct": ctx.t("series.district_mean", district=district_name)} if district_name else {}
    return {**series, "level_mean_pct": ctx.t("series.level_mean_commune")}


def predecessors_note(ds: Dataset, level: str, unit: dict, year: int, lang: str) -> Note | None:
    """How the predecessors' line of the unit's trend is made, when it has one."""
    rows = record(ds, level, unit["unit_id"], unit["unit_code"], year, lang)
    if "predecessors_pct" not in rows.columns or rows["predecessors_pct"].isna().all():
        return None
    return Note("caption", i18n.t(f"{level}.predecessors_note", lang))


def trend(
    ds: Dataset,
    level: str,
    unit: dict,
    year: int,
    ctx: ChartContext,
    district_name: str | None = None,
    until: int | None = None,
) -> Chart:
    """The unit's index over the years of its level (up to `until`), its predecessors' before
    it existed, and its peers' averages, each in its own colour and dashed."""
    ctx = for_year(ds, ctx, year, level)
    rows = record(ds, level, unit["unit_id"], unit["unit_code"], year, ctx.lang)
    years = [y for y in level_years(ds, level) if until is None or y <= until]
    rows = rows[rows["year"].isin(years)]
    peers = peer_series(level, district_name, ctx)
    own = {"index_pct": unit["unit_name"]}
    if "predecessors_pct" in rows.columns:
        own["predecessors_pct"] = ctx.t("series.predecessors")
    lines = trend_lines(rows, {**own, **peers})
    title = ctx.t("unit.trend_title", unit=unit["unit_name"], region=ctx.region, years=span(years))
    subtitle = ctx.t("unit.trend_sub")
    made = chart(
        year_lines,
        lines,
        ctx,
        y_title=ctx.t("chart.index_axis"),
        name=(f"{level}-index-trend", unit["unit_name"], span(years)),
        kind="lines",
        title=title,
        subtitle=subtitle,
        peers=tuple(peers.values()),
        years=years,
    )
    return made


def rank_trend(ds: Dataset, unit: dict, ctx: ChartContext, level: str = "district") -> Chart:
    """A district's (or department's) rank among its level over the years (1 at the top)."""
    rows = unit_years(ds, level, unit["unit_id"], ctx.lang)
    years = level_years(ds, level)
    return chart(
        year_lines,
        trend_lines(rows, {"rank": unit["unit_name"]}),
        ctx,
        y_title=ctx.t("pages.rank_axis"),
        name=(f"{level}-rank-trend", unit["unit_name"], span(years)),
        kind="lines",
        title=ctx.t("district.rank_title", unit=unit["unit_name"], region=ctx.region, years=span(years)),
        subtitle=ctx.t(
            "unit.rank_sub", n=int(rows["ranked_units"].max()), level=ctx.t(f"briefing.level_plural.{level}")
        ),
        reverse=True,
        percent=False,
        years=years,
    )


def radar(ds: Dataset, level: str, unit: dict, year: int, ctx: ChartContext, district_name: str | None = None) -> Chart:
    """The unit's % in each area against its peers: the districts' average and the best district,
    or for a commune its district's communes and all communes."""
    ctx = for_year(ds, ctx, year, level)
    frame = area_comparison(ds, year, level, unit["unit_id"], ctx.lang)
    frame["area_label"] = frame["area_code"].map(area_names(ds, ctx.lang, short=True))
    series = {"self": unit["unit_name"]}
    if level != "commune":
        series |= {
            "level_mean": ctx.t(f"series.level_mean_{level}"),
            "best": ctx.t("series.best", name=frame.attrs["best_name"]),
        }
    else:
        series |= {
            "district_mean": ctx.t("series.district_mean", district=district_name or "–"),
            "level_mean": ctx.t("series.level_mean_commune"),
        }
    return chart(
        area_radar,
        frame,
        series,
        ctx,
        name=(f"{level}-areas-radar", unit["unit_name"], year),
        kind="radar",
        title=ctx.t("unit.radar_title", unit=unit["unit_name"], region=ctx.region, year=year),
        subtitle=ctx.t("pages.radar_sub"),
    )


def communes_ranked(ds: Dataset, year: int, district: dict, ctx: ChartContext, highlight: str | None = None) -> Chart:
    """The communes of a district ranked within it, coloured by band, with their average;
    `highlight`: the code of one commune written in bold."""
    ctx = for_year(ds, ctx, year, "commune")
    communes = district_communes(ds, year, district["unit_code"], ctx.lang)
    labels = [bold(lab) if code == highlight else lab for code, lab in zip(communes["unit_code"], communes["label"])]
    # object dtype: a text column would turn the bold Markup back into plain text
    bars = communes.assign(
        unit_name=pd.Series(labels, index=communes.index, dtype=object), rank=communes["district_rank"]
    )
    return chart(
        ranking_bars,
        bars,
        bands(ds, year, "commune", ctx.lang),
        ctx,
        name=("district-communes-ranking", district["unit_name"], year),
        kind="bars",
        title=ctx.t("district.communes_title", unit=district["unit_name"], region=ctx.region, year=year),
        subtitle=ctx.t("district.communes_bold_sub" if highlight else "district.communes_sub"),
        mean=float(communes["index_pct"].mean()) if len(communes) else None,
        target=level_target(ds, year, "commune"),
        opens=opens_scorecard("commune", year),
    )


def communes_by_area(ds: Dataset, year: int, district: dict, ctx: ChartContext) -> Chart:
    """The communes of a district × areas: each commune's % in each area."""
    ctx = for_year(ds, ctx, year, "commune")
    communes = district_communes(ds, year, district["unit_code"], ctx.lang)
    short = area_names(ds, ctx.lang, short=True)
    heat = communes.set_index("label")[[c for c in short if c in communes.columns]].rename(columns=short)
    return chart(
        area_heatmap,
        heat,
        ctx,
        name=("district-communes-areas", district["unit_name"], year),
        kind="heatmap",
        title=ctx.t("district.heatmap_title", unit=district["unit_name"], region=ctx.region, year=year),
        subtitle=ctx.t("pages.heatmap_sub"),
        y_title=ctx.t("level.commune"),
    )


def index_parts(ds: Dataset, year: int, level: str, unit: dict, ctx: ChartContext) -> list:
    """How the unit's index is made: appraised points, survey points, bonus and penalty, of the
    applicable maximum; with the bonus and penalty lines and their reasons when there are any."""
    parts = framework.index_parts(ds, year, level)
    row = parts[parts["unit_id"] == unit["unit_id"]].iloc[0]
    of = ctx.t("unit.parts_of", max=ctx.num(row["max_points"], 1))
    cards = (
        Card(ctx.t("unit.part.appraised"), ctx.num(row["appraised_points"], 2), help=of),
        Card(ctx.t("unit.part.survey"), ctx.num(row["survey_points"], 2), help=of),
        # a sign only before points that move the index: no "+0,00" or "−0,00"
        Card(ctx.t("unit.part.bonus"), ("+" if row["bonus_points"] else "") + ctx.num(row["bonus_points"], 2)),
        Card(ctx.t("unit.part.penalty"), ("−" if row["penalty_points"] else "") + ctx.num(row["penalty_points"], 2)),
    )
    blocks = [Note("caption", ctx.t("unit.parts_caption", max=ctx.num(row["max_points"], 2))), cards]
    lines = framework.adjustments(ds, year, unit["unit_code"])
    if len(lines):
        shown = lines.assign(kind=[ctx.t(f"unit.part.{k}") for k in lines["kind"]])
        blocks.append(Table(headers(shown, ctx.lang, "adjust.col."), ("bonus-penalty", unit["unit_name"], year)))
    return blocks


def criteria_tree(ds: Dataset, year: int, level: str, unit: dict, ctx: ChartContext) -> list:
    """The unit's points down the framework: area → criterion → sub-criterion, with the points
    lost at each level (a criterion that does not apply keeps its row, empty)."""
    tree = framework.unit_tree(ds, unit["unit_id"], year, level, ctx.lang)
    indent = "\u2003"  # an em space per level: the tree reads in a plain table and its download
    shown = tree.assign(
        name=[indent * d + f"{c}  {n}" for d, c, n in zip(tree["depth"], tree["node_code"], tree["name"])]
    )
    shown = shown.drop(columns=["depth", "node_code"]).assign(
        level_kind=[ctx.t(f"unit.node.{k}") for k in shown["level_kind"]]
    )
    title = tm("unit.criteria_title", ctx.lang, unit=unit["unit_name"], year=year)
    found = framework.in_force(ds, year, level)
    where = ctx.t("unit.framework_in_force", framework=found) if found else ctx.t("unit.framework_from_file")
    table = Table(
        headers(shown, ctx.lang, "tree.col."),
        ("criteria", unit["unit_name"], year),
        text={header("name", ctx.lang, "tree.col."): "large"},
        keys=(header("name", ctx.lang, "tree.col."),),
    )
    return [Note("subheader", title), Note("caption", where), table]


def criterion_choice(ds: Dataset, year: int, level: str, unit: dict, lang: str) -> Choice:
    """A criterion of the year's framework to follow over the years (?criterion=)."""
    tree = framework.unit_tree(ds, unit["unit_id"], year, level, lang)
    leaves = tree[tree["level_kind"] != "area"]
    labels = {c: f"{c} {n}" for c, n in zip(leaves["node_code"], leaves["name"])}
    return Choice(
        "criterion", i18n.t("unit.pick_criterion", lang), tuple(labels), labels, help=i18n.t("pages.search_help", lang)
    )


def criterion_trend(ds: Dataset, year: int, level: str, unit: dict, node_code: str, ctx: ChartContext) -> list:
    """One criterion's % over the unit's years, read through the crosswalk where the framework
    changed: the year of the change is marked on the chart, and what was read each year is said."""
    ctx = for_year(ds, ctx, year, level)
    frame = framework.criterion_trend(ds, unit["unit_id"], year, level, node_code, ctx.lang)
    lines = pd.DataFrame({"year": frame["year"], "series": unit["unit_name"], "value": frame["pct"]})
    changed = [int(y) for y in frame.loc[frame["framework_changed"], "year"]]
    years = [int(y) for y in frame["year"]]
    made = chart(
        year_lines,
        lines,
        ctx,
        y_title=ctx.t("unit.criterion_axis"),
        name=("criterion-trend", unit["unit_name"], node_code),
        kind="lines",
        title=ctx.t(
            "unit.criterion_title", code=node_code, unit=unit["unit_name"], region=ctx.region, years=span(years)
        ),
        subtitle=ctx.t("unit.criterion_sub"),
        years=years,
        marks={y: ctx.t("unit.framework_changed") for y in changed},
    )
    read = frame.assign(relation=[ctx.t(f"framework.relation.{r}") if r else "" for r in frame["relation"]])
    table = Table(
        headers(read.drop(columns=["framework_changed"]), ctx.lang, "trend.col."),
        ("criterion-trend", unit["unit_name"], node_code),
    )
    return [made, table]


def area_ranks(ds: Dataset, year: int, unit: dict, ctx: ChartContext) -> list:
    """Where the unit stands in each area among the units of its level that year: its %, the
    peers' median, its rank ("3/85") and the position (strength, typical, weakness), under the
    radar; the strengths page tells more. Nothing when the unit was not assessed."""
    try:
        areas = unit_strengths(ds, year, unit["unit_code"], lang=ctx.lang)["areas"]
    except NotAssessed:
        return []
    ranked = pd.DataFrame(
        {
            "area_name": areas["area_name"],
            "pct": areas["pct"],
            "peer_median": areas["peer_median"],
            "area_rank": [f"{int(r)}/{int(n)}" for r, n in zip(areas["area_rank"], areas["peers"])],
            "position": areas["position"],
        }
    )
    title = tm("unit.area_ranks_title", ctx.lang, unit=unit["unit_name"], year=year)
    table = Table(headers(ranked, ctx.lang, "strengths.col."), ("area-ranks", unit["unit_name"], year))
    return [Note("subheader", title), table]
