"""One unit's charts, shared by the district and commune pages and by their briefings: its index
over the years against its peers, its areas on a radar, the communes of a district ranked and by
area. The page and the slide draw the same function's figure.
"""

from __future__ import annotations

import pandas as pd

from cchc_metrics.analysis.profiles import (
    area_comparison,
    district_communes,
    level_years,
    trend_lines,
    unit_years,
    with_predecessors,
)
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.charts.areas import PEER_COLOURS, area_heatmap, area_radar
from cchc_metrics.present.charts.common import ChartContext
from cchc_metrics.present.charts.ranking import ranking_bars
from cchc_metrics.present.charts.years import year_lines
from cchc_metrics.present.labels import area_names
from cchc_metrics.views.common import bands, chart, span
from cchc_metrics.views.model import Chart


def record(ds: Dataset, level: str, unit_id: str, unit_code: str, year: int, lang: str) -> pd.DataFrame:
    """The unit version's years (profiles.unit_years), a commune's with its predecessors' index
    in the years before it existed."""
    years = unit_years(ds, level, unit_id, lang)
    return with_predecessors(years, ds, unit_code, year) if level == "commune" else years


def peer_series(level: str, district_name: str | None, ctx: ChartContext) -> dict[str, str]:
    """The comparison lines of a unit's trend: {record column: legend}."""
    if level == "district":
        return {"level_mean_pct": ctx.t("series.level_mean_district")}
    series = {"district_mean_pct": ctx.t("series.district_mean", district=district_name)} if district_name else {}
    return {**series, "level_mean_pct": ctx.t("series.level_mean_commune")}


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
    # several averages would all be grey: the radar's peer colours tell them apart, on both charts
    for i, trace in enumerate(t for t in made.figure.data if t.name in peers.values()):
        trace.line.color = trace.marker.color = PEER_COLOURS[i % len(PEER_COLOURS)]
    return made


def rank_trend(ds: Dataset, unit: dict, ctx: ChartContext) -> Chart:
    """A district's rank among the districts over the years (1 at the top)."""
    rows = unit_years(ds, "district", unit["unit_id"], ctx.lang)
    years = level_years(ds, "district")
    return chart(
        year_lines,
        trend_lines(rows, {"rank": unit["unit_name"]}),
        ctx,
        y_title=ctx.t("pages.rank_axis"),
        name=("district-rank-trend", unit["unit_name"], span(years)),
        kind="lines",
        title=ctx.t("district.rank_title", unit=unit["unit_name"], region=ctx.region, years=span(years)),
        subtitle=ctx.t("district.rank_sub", n=int(rows["ranked_units"].max())),
        reverse=True,
        percent=False,
        years=years,
    )


def radar(ds: Dataset, level: str, unit: dict, year: int, ctx: ChartContext, district_name: str | None = None) -> Chart:
    """The unit's % in each area against its peers: the districts' average and the best district,
    or for a commune its district's communes and all communes."""
    frame = area_comparison(ds, year, level, unit["unit_id"], ctx.lang)
    frame["area_label"] = frame["area_code"].map(area_names(ds, ctx.lang, short=True))
    series = {"self": unit["unit_name"]}
    if level == "district":
        series |= {
            "level_mean": ctx.t("series.level_mean_district"),
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
    communes = district_communes(ds, year, district["unit_code"], ctx.lang)
    labels = [
        f"<b>{lab}</b>" if code == highlight else lab for code, lab in zip(communes["unit_code"], communes["label"])
    ]
    bars = communes.assign(unit_name=labels, rank=communes["district_rank"])
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
    )


def communes_by_area(ds: Dataset, year: int, district: dict, ctx: ChartContext) -> Chart:
    """The communes of a district × areas: each commune's % in each area."""
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
