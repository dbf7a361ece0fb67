"""Tổng quan (Overview): one year at a glance."""

import streamlit as st

from cchc_metrics.analysis.overview import band_counts, level_cards, ranking_table
from cchc_metrics.present.charts.ranking import ranking_bars, spread_by_group
from cchc_metrics.present.paging import extreme_groups, extremes_note
from cchc_metrics.present.shortlist import top_bottom
from ui.common import (
    cached,
    chart,
    chart_context,
    current_lang,
    data_years,
    download_buttons,
    level_picker,
    load_dataset,
    number_table,
    paged,
    show_chart,
    t,
    tabbed,
    tm,
    year_picker,
)
from ui.pickers import show_picker

TOP_N = 15

ds = load_dataset()
lang = current_lang()
ctx = chart_context(ds)
st.title(t("overview.title"))
year = year_picker(data_years(ds), container=st.sidebar)
st.caption(tm("overview.caption", region=ctx.region, year=year))

cards = cached(level_cards, ds, year)
columns = st.columns(len(cards) * 2 or 1)
for i, card in enumerate(cards):
    columns[2 * i].metric(
        t("overview.card_mean", level=t(f"level.{card.level}")),
        ctx.num(card.mean_pct) + " %",
        delta=None
        if card.delta_mean_pct is None
        else ctx.num(card.delta_mean_pct, signed=True) + " " + t("unit.points_pct"),
        help=t("overview.card_units", n=card.units),
    )
    columns[2 * i + 1].metric(
        t("overview.card_best", level=t(f"level.{card.level}")),
        card.best_name,
        delta=t("overview.card_worst_is", name=card.worst_name, value=ctx.num(card.worst_pct)),
        delta_color="off",
        delta_arrow="off",
        help=t("overview.card_best_value", value=ctx.num(card.best_pct)),
    )

for card in cards:
    counts = cached(band_counts, ds, year, card.level, lang)
    st.markdown(
        f"**{t('overview.bands_of', level=t(f'level.{card.level}'))}** "
        + " · ".join(f"{row.band}: {row.units}" for row in counts.itertuples())
    )

has_districts = any(c.level == "district" for c in cards)
communes = cached(ranking_table, ds, year, "commune", lang) if any(c.level == "commune" for c in cards) else None
tabs = {"districts": t("tab.districts_ranked")} if has_districts else {}
if communes is not None:
    tabs["communes"] = t("tab.communes_ranked")
    if communes["district_name"].notna().any():
        tabs["spread"] = t("tab.commune_spread")
if not has_districts:
    st.info(t("overview.no_districts", year=year))
if tabs:

    def draw_tab(tab: str) -> None:
        if tab == "districts":
            # 700 districts at national scale: the best and the worst are drawn, the table has them all
            districts, districts_total = extreme_groups(
                cached(ranking_table, ds, year, "district", lang), "unit_code", "index_pct"
            )
            bands = list(cached(band_counts, ds, year, "district", lang)["band"])
            mean = next(c.mean_pct for c in cards if c.level == "district")
            title = t("overview.district_ranking_title", region=ctx.region, year=year)
            subtitle = t("overview.district_ranking_sub") + extremes_note(len(districts), districts_total, lang)
            show_chart(
                chart(ranking_bars, districts, bands, ctx, title, subtitle, mean=mean),
                "district-ranking",
                ctx.region,
                year,
            )
        elif tab == "communes":
            show = show_picker("commune_show", TOP_N, len(communes))
            shown = top_bottom(communes, "index_pct", show, TOP_N)
            bands = list(cached(band_counts, ds, year, "commune", lang)["band"])
            mean = next(c.mean_pct for c in cards if c.level == "commune")
            show_chart(
                chart(
                    ranking_bars,
                    shown,
                    bands,
                    ctx,
                    t("overview.commune_ranking_title", region=ctx.region, year=year),
                    t(f"area.ranking_sub_{show}", n=len(shown), total=len(communes)),
                    mean=mean,
                ),
                "commune-ranking",
                ctx.region,
                year,
            )
        else:
            title = t("overview.commune_spread_title", region=ctx.region, year=year)
            # at national scale one box per district would be 700 boxes: draw the extremes only
            spread, districts_total = extreme_groups(
                communes.dropna(subset=["district_name"]), "district_name", "index_pct"
            )
            show_chart(
                chart(spread_by_group, spread, ctx, title, t("overview.commune_spread_sub")),
                "commune-spread",
                ctx.region,
                year,
            )
            if spread["district_name"].nunique() < districts_total:
                st.caption(t("paging.extreme_groups", shown=spread["district_name"].nunique(), total=districts_total))

    tabbed(tabs, "overview", draw_tab)


@st.fragment
def ranking_section(levels: list[str]) -> None:
    # a year with one level (communes only, from 2025) has nothing to switch
    level = level_picker(levels) if len(levels) > 1 else levels[0]
    table = cached(ranking_table, ds, year, level, lang)
    columns = ["rank", "unit_name", "district_name", "index_pct", "band", "delta_pct", "rank_change"]
    if level == "district" or table["district_name"].isna().all():  # no district above them
        columns.remove("district_name")
    st.subheader(t("overview.table_title", level=t(f"level.{level}"), year=year))
    found, visible = paged(
        table, f"ranking:{level}", ["unit_name", "unit_code"] + (["district_name"] if level == "commune" else [])
    )
    shown = visible[columns].rename(columns={c: t(f"col.{c}") for c in columns})
    number_table(shown)
    download_buttons(found[columns].rename(columns={c: t(f"col.{c}") for c in columns}), "ranking", level, year)


ranking_section([c.level for c in cards])
