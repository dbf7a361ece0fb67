"""Lĩnh vực (Reform area): one area across units, areas side by side, years, and criteria."""

import streamlit as st

from cchc_metrics.analysis.overview import band_counts, level_cards
from cchc_metrics.analysis.reform_areas import area_over_years, area_ranking, criteria_losing, units_by_area
from cchc_metrics.present.charts.areas import area_heatmap, area_ranking_bars
from cchc_metrics.present.charts.bars import value_bars
from cchc_metrics.present.charts.years import year_lines
from cchc_metrics.present.labels import area_names
from cchc_metrics.present.shortlist import top_bottom
from ui.common import (
    bound,
    cached,
    chart,
    chart_context,
    current_lang,
    data_years,
    download_buttons,
    level_picker,
    load_dataset,
    number_table,
    show_chart,
    t,
    tabbed,
    tm,
    year_picker,
)
from ui.pickers import area_picker, show_picker

TOP_N = 15

ds = load_dataset()
lang = current_lang()
ctx = chart_context(ds)
st.title(t("area.title"))
year = year_picker(data_years(ds), container=st.sidebar)
levels = [c.level for c in cached(level_cards, ds, year)]
level = level_picker(levels, container=st.sidebar)
area = area_picker(ds, container=st.sidebar)
names, short = cached(area_names, ds, lang), cached(area_names, ds, lang, short=True)
area_name = names[area]
level_name = t(f"levels.{level}")
st.caption(tm("area.caption", area=area_name, level=level_name, region=ctx.region, year=year))
if "district" not in levels:
    st.info(t("overview.no_districts", year=year))

ranking = cached(area_ranking, ds, year, level, area, lang)
lost = cached(criteria_losing, ds, year, level, area)


def draw_tab(tab: str) -> None:
    if tab == "ranking":
        show = show_picker("show", TOP_N, len(ranking))
        shown = top_bottom(ranking, "area_pct", show, TOP_N)
        bands = list(cached(band_counts, ds, year, level, lang)["band"])
        title = t("area.ranking_title", area=area_name, level=level_name, region=ctx.region, year=year)
        show_chart(
            chart(
                area_ranking_bars,
                shown,
                bands,
                ctx,
                title,
                t(f"area.ranking_sub_{show}", n=len(shown), total=len(ranking)),
                t("area.axis", area=area_name),
                mean=float(ranking["area_pct"].mean()) if len(ranking) else None,
            ),
            "area-ranking",
            area,
            level,
            year,
        )
    elif tab == "areas":
        sort_options = ["index"] + list(names)
        by_index = t("area.sort_index")  # worded now: AppTest formats the options after the run, outside the session
        sort = bound(
            st.selectbox,
            t("area.sort_by"),
            sort_options,
            "sort",
            format_func=lambda v: by_index if v == "index" else names[v],
        )
        wide = cached(units_by_area, ds, year, level, lang, None if sort == "index" else sort)
        heat_show = show_picker("heat_show", TOP_N * 2, len(wide))
        heat = top_bottom(wide, "index_pct" if sort == "index" else sort, heat_show, TOP_N * 2)
        heat_frame = heat.set_index("label")[[c for c in names if c in heat.columns]].rename(columns=short)
        sorted_by = by_index if sort == "index" else names[sort]
        show_chart(
            chart(
                area_heatmap,
                heat_frame,
                ctx,
                t("area.heatmap_title", level=level_name, region=ctx.region, year=year),
                t("area.heatmap_sub", by=sorted_by),
                y_title=t(f"level.{level}"),
            ),
            "areas-heatmap",
            level,
            year,
        )
    elif tab == "years":
        years_frame = cached(area_over_years, ds, area)
        lines = years_frame.assign(
            series=years_frame["level"].map(lambda v: t(f"level.{v}")), value=years_frame["mean_pct"]
        )
        years = data_years(ds)
        span = f"{years[0]}–{years[-1]}"
        show_chart(
            chart(
                year_lines,
                lines[["year", "series", "value"]],
                ctx,
                t("area.years_title", area=area_name, region=ctx.region, years=span),
                t("area.years_sub"),
                t("area.axis_short"),
                years=years,
            ),
            "area-over-years",
            area,
            span,
        )
    else:
        lost_chart = lost.head(10).assign(label=lost["criterion_code"] + " " + lost["criterion_name"].str.slice(0, 45))
        show_chart(
            chart(
                value_bars,
                lost_chart,
                "label",
                "lost_per_unit",
                ctx,
                t("area.lost_title", area=area_name, level=level_name, region=ctx.region, year=year),
                t("area.lost_sub"),
                t("area.lost_axis"),
            ),
            "area-criteria-lost",
            area,
            level,
            year,
        )


tabbed(
    {
        "ranking": t("tab.units_ranked"),
        "areas": t("tab.areas_side_by_side"),
        "years": t("tab.area_years"),
        "criteria": t("tab.criteria_lost"),
    },
    "area",
    draw_tab,
)

st.subheader(tm("area.table_title", area=area_name, level=level_name, year=year))
table = ranking.drop(columns=["unit_code", "label"])
if level == "district":
    table = table.drop(columns=["district_name"])
table = table.rename(columns={c: t(f"col.{c}") for c in table.columns})
number_table(table)
download_buttons(table, "area-ranking", area, level, year)

st.subheader(tm("area.criteria_table_title", area=area_name, level=level_name, year=year))
criteria = lost.assign(share_below_half=100 * lost["share_below_half"])
criteria = criteria.rename(columns={c: t(f"col.{c}") for c in criteria.columns})
number_table(criteria)
download_buttons(criteria, "area-criteria", area, level, year)
