"""Quận/huyện (District profile): one district's years, areas, and communes."""

import streamlit as st

from cchc_metrics.analysis.lineage import has_districts
from cchc_metrics.analysis.overview import band_counts
from cchc_metrics.analysis.profiles import (
    area_comparison,
    district_communes,
    level_years,
    trend_lines,
    unit_options,
    unit_years,
)
from cchc_metrics.present.charts.areas import area_heatmap, area_radar
from cchc_metrics.present.charts.ranking import ranking_bars
from cchc_metrics.present.charts.years import year_lines
from cchc_metrics.present.labels import area_names
from ui.common import (
    cached,
    chart,
    chart_context,
    current_lang,
    data_years,
    download_buttons,
    load_dataset,
    number_table,
    show_chart,
    t,
    tabbed,
    tm,
    year_picker,
)
from ui.pickers import index_card, unit_picker

ds = load_dataset()
lang = current_lang()
ctx = chart_context(ds)
st.title(t("district.title"))
year = year_picker(data_years(ds), container=st.sidebar)
district_years = cached(level_years, ds, "district")
if not district_years:
    st.info(t("district.no_district_data"))
    st.stop()
if not cached(has_districts, ds, year) or year not in district_years:
    # say so, and show the last year that had districts rather than an empty page
    st.info(t("district.no_districts", year=year, shown=district_years[-1]))
    year = district_years[-1]

options = cached(unit_options, ds, year, "district", lang)
code = unit_picker(options, t("district.pick"), key="district", container=st.sidebar)
unit = options[options["unit_code"] == code].iloc[0]
name = unit["unit_name"]
st.caption(tm("district.caption", unit=name, region=ctx.region, year=year))

record = cached(unit_years, ds, "district", unit["unit_id"], lang)
this = record[record["year"] == year].iloc[0]
cols = st.columns(4)
index_card(cols[0], cols[1], this, ctx)
cols[2].metric(t("col.band"), this["band"])
cols[3].metric(t("district.mean_of_level"), ctx.num(this["level_mean_pct"]) + " %")

years = cached(level_years, ds, "district")
span = f"{years[0]}–{years[-1]}"
communes = cached(district_communes, ds, year, code, lang)
tabs = {"index": t("tab.index_years"), "rank": t("tab.rank_years"), "areas": t("tab.by_area")}
if not communes.empty:
    tabs |= {"communes": t("tab.communes_ranked"), "communes_areas": t("tab.communes_by_area")}


def draw_tab(tab: str) -> None:
    if tab == "index":
        lines = trend_lines(record, {"index_pct": name, "level_mean_pct": t("series.level_mean_district")})
        show_chart(
            chart(
                year_lines,
                lines,
                ctx,
                t("district.trend_title", unit=name, region=ctx.region, years=span),
                t("district.trend_sub"),
                t("chart.index_axis"),
                peers=(t("series.level_mean_district"),),
                years=years,
            ),
            "district-index-trend",
            name,
            span,
        )
    elif tab == "rank":
        ranks = trend_lines(record, {"rank": name})
        show_chart(
            chart(
                year_lines,
                ranks,
                ctx,
                t("district.rank_title", unit=name, region=ctx.region, years=span),
                t("district.rank_sub", n=int(record["ranked_units"].max())),
                t("pages.rank_axis"),
                reverse=True,
                percent=False,
                years=years,
            ),
            "district-rank-trend",
            name,
            span,
        )
    elif tab == "areas":
        radar = cached(area_comparison, ds, year, "district", unit["unit_id"], lang)
        radar["area_label"] = radar["area_code"].map(cached(area_names, ds, lang, short=True))
        series = {
            "self": name,
            "level_mean": t("series.level_mean_district"),
            "best": t("series.best", name=radar.attrs["best_name"]),
        }
        show_chart(
            chart(
                area_radar,
                radar,
                series,
                ctx,
                t("district.radar_title", unit=name, region=ctx.region, year=year),
                t("pages.radar_sub"),
            ),
            "district-areas-radar",
            name,
            year,
        )
    elif tab == "communes":
        bands = list(cached(band_counts, ds, year, "commune", lang)["band"])
        bars = communes.assign(unit_name=communes["label"], rank=communes["district_rank"])
        show_chart(
            chart(
                ranking_bars,
                bars,
                bands,
                ctx,
                t("district.communes_title", unit=name, region=ctx.region, year=year),
                t("district.communes_sub"),
                mean=float(communes["index_pct"].mean()),
            ),
            "district-communes-ranking",
            name,
            year,
        )
    else:
        short = cached(area_names, ds, lang, short=True)
        heat = communes.set_index("label")[[c for c in short if c in communes.columns]].rename(columns=short)
        show_chart(
            chart(
                area_heatmap,
                heat,
                ctx,
                t("district.heatmap_title", unit=name, region=ctx.region, year=year),
                t("pages.heatmap_sub"),
                y_title=t("level.commune"),
            ),
            "district-communes-areas",
            name,
            year,
        )


tabbed(tabs, "district", draw_tab)

if communes.empty:
    st.info(tm("district.no_communes", unit=name, year=year))
else:
    full = cached(area_names, ds, lang)
    shown = communes.drop(columns=["unit_code", "label"]).rename(columns=full)
    shown = shown.rename(columns={c: t(f"col.{c}") for c in shown.columns if c not in full.values()})
    st.subheader(tm("district.table_title", unit=name, year=year))
    number_table(shown)
    download_buttons(shown, "communes", name, year)
