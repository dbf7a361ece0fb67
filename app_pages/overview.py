"""Tổng quan (Overview): one year at a glance."""

import streamlit as st

from cchc_metrics.charts.ranking import ranking_bars, spread_by_group
from cchc_metrics.overview import band_counts, level_cards, ranking_table
from ui.common import (
    chart_context,
    current_lang,
    download_buttons,
    level_picker,
    load_dataset,
    number_table,
    show_chart,
    t,
    year_picker,
)

ds = load_dataset()
lang = current_lang()
ctx = chart_context(ds)
st.title(t("overview.title"))
year = year_picker(ds.years(), container=st.sidebar)
st.caption(t("overview.caption", region=ctx.region, year=year))

cards = level_cards(ds, year)
columns = st.columns(len(cards) * 2 or 1)
for i, card in enumerate(cards):
    columns[2 * i].metric(
        t("overview.card_mean", level=t(f"level.{card.level}")),
        ctx.num(card.mean_pct) + " %",
        delta=None if card.delta_mean_pct is None else ctx.num(card.delta_mean_pct, signed=True) + " " + t("unit.points_pct"),
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
    counts = band_counts(ds, year, card.level, lang)
    st.markdown(
        f"**{t('overview.bands_of', level=t(f'level.{card.level}'))}** "
        + " · ".join(f"{row.band}: {row.units}" for row in counts.itertuples())
    )

if any(c.level == "district" for c in cards):
    districts = ranking_table(ds, year, "district", lang)
    bands = list(band_counts(ds, year, "district", lang)["band"])
    mean = next(c.mean_pct for c in cards if c.level == "district")
    title = t("overview.district_ranking_title", region=ctx.region, year=year)
    show_chart(
        ranking_bars(districts, bands, ctx, title, t("overview.district_ranking_sub"), mean=mean),
        "district-ranking", ctx.region, year,
    )
else:
    st.info(t("overview.no_districts", year=year))

if any(c.level == "commune" for c in cards):
    communes = ranking_table(ds, year, "commune", lang)
    if communes["district_name"].notna().any():
        title = t("overview.commune_spread_title", region=ctx.region, year=year)
        show_chart(spread_by_group(communes.dropna(subset=["district_name"]), ctx, title, t("overview.commune_spread_sub")),
                   "commune-spread", ctx.region, year)

level = level_picker([c.level for c in cards])
table = ranking_table(ds, year, level, lang)
columns = ["rank", "unit_name", "district_name", "index_pct", "band", "delta_pct", "rank_change"]
if level == "district":
    columns.remove("district_name")
shown = table[columns]
shown = shown.rename(columns={c: t(f"col.{c}") for c in shown.columns})
st.subheader(t("overview.table_title", level=t(f"level.{level}"), year=year))
number_table(shown)
download_buttons(shown, "ranking", level, year)
