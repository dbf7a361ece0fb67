"""Xã/phường (Commune profile): one commune's years, areas, criteria and inspection findings."""

import streamlit as st

from cchc_metrics.analysis.profiles import (
    area_comparison,
    criteria_table,
    findings_table,
    level_years,
    trend_lines,
    unit_options,
    unit_years,
    with_predecessors,
)
from cchc_metrics.present.charts.areas import area_radar
from cchc_metrics.present.charts.years import year_lines
from cchc_metrics.present.labels import area_names
from ui.common import (
    cached,
    chart,
    chart_context,
    current_lang,
    data_table,
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
st.title(t("commune.title"))
years = cached(level_years, ds, "commune")
year = year_picker(years, container=st.sidebar)
options = cached(unit_options, ds, year, "commune", lang)
code = unit_picker(options, t("commune.pick"), key="commune", container=st.sidebar)
unit = options[options["unit_code"] == code].iloc[0]
name, group = unit["unit_name"], unit["group_name"]
st.caption(tm("commune.caption", unit=unit["label"], region=ctx.region, year=year))

record = with_predecessors(cached(unit_years, ds, "commune", unit["unit_id"], lang), ds, code, year)
this = record[record["year"] == year].iloc[0]
cols = st.columns(4)
index_card(cols[0], cols[1], this, ctx)
if this["district_units"] is not None and str(this["district_units"]) != "<NA>":
    cols[2].metric(
        t("commune.rank_in_district"), t("pages.rank_of", rank=this["district_rank"], n=this["district_units"])
    )
else:
    cols[2].metric(t("commune.rank_in_district"), "–", help=t("commune.no_district", year=year))
cols[3].metric(t("col.band"), this["band"])

span = f"{years[0]}–{years[-1]}"
district_series = t("series.district_mean", district=group) if group else ""
names = {
    "index_pct": name,
    "predecessors_pct": t("series.predecessors"),
    "district_mean_pct": district_series,
    "level_mean_pct": t("series.level_mean_commune"),
}


def draw_tab(tab: str) -> None:
    if tab == "index":
        lines = trend_lines(record, {k: v for k, v in names.items() if v})
        peers = (district_series, t("series.level_mean_commune"))
        show_chart(
            chart(
                year_lines,
                lines,
                ctx,
                t("commune.trend_title", unit=name, region=ctx.region, years=span),
                t("commune.trend_sub"),
                t("chart.index_axis"),
                peers=peers,
                years=years,
            ),
            "commune-index-trend",
            name,
            span,
        )
        if record["predecessors_pct"].notna().any():
            st.caption(t("commune.predecessors_note"))
    else:
        radar = cached(area_comparison, ds, year, "commune", unit["unit_id"], lang)
        radar["area_label"] = radar["area_code"].map(cached(area_names, ds, lang, short=True))
        series = {
            "self": name,
            "district_mean": district_series or t("series.district_mean", district="–"),
            "level_mean": t("series.level_mean_commune"),
        }
        show_chart(
            chart(
                area_radar,
                radar,
                series,
                ctx,
                t("commune.radar_title", unit=name, region=ctx.region, year=year),
                t("pages.radar_sub"),
            ),
            "commune-areas-radar",
            name,
            year,
        )


tabbed({"index": t("tab.index_years"), "areas": t("tab.by_area")}, "commune", draw_tab)

st.subheader(tm("commune.criteria_title", unit=name, year=year))
criteria = cached(criteria_table, ds, unit["unit_id"], year, lang)
criteria = criteria.rename(columns={c: t(f"col.{c}") for c in criteria.columns})
number_table(criteria)
download_buttons(criteria, "criteria", name, year)

st.subheader(tm("commune.findings_title", unit=name))
findings = cached(findings_table, ds, unit["unit_id"], lang)
if findings.empty:
    st.info(tm("commune.no_findings", unit=name))
else:
    # findings are shown as plain table cells: their text is never rendered as Markdown or HTML
    findings = findings.rename(columns={c: t(f"col.{c}") for c in findings.columns})
    data_table(
        findings,
        width="stretch",
        column_config={
            t("col.text"): st.column_config.TextColumn(width="large"),
            t("col.year"): st.column_config.NumberColumn(format="%d"),
        },
    )
    download_buttons(findings, "findings", name)
