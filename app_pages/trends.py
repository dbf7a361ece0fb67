"""Xu hướng (Trends): units over the years next to their peers; who moved most; rank changes."""

import streamlit as st

from cchc_metrics.analysis.profiles import level_years
from cchc_metrics.analysis.trends import (
    biggest_moves,
    default_change_years,
    default_units,
    index_lines,
    movers,
    unit_choices,
)
from cchc_metrics.present.charts.bars import value_bars
from cchc_metrics.present.charts.years import year_lines
from ui.common import (
    bound,
    cached,
    chart,
    chart_context,
    current_lang,
    download_buttons,
    level_picker,
    load_dataset,
    number_table,
    show_chart,
    t,
    tabbed,
    tm,
)
from ui.pickers import bound_multi

MOVERS_N = 10

ds = load_dataset()
lang = current_lang()
ctx = chart_context(ds)
st.title(t("trends.title"))
level = level_picker(container=st.sidebar)
years = cached(level_years, ds, level)
level_name = t(f"levels.{level}")
span = f"{years[0]}–{years[-1]}"
st.caption(tm("trends.caption", level=t(f"level.{level}"), region=ctx.region, years=span))
if level == "district":
    st.info(t("trends.no_districts_after", last=years[-1]))


def draw_tab(tab: str) -> None:
    if tab in ("index", "rank"):
        choices = cached(unit_choices, ds, level, lang)
        labels = dict(zip(choices["unit_id"], choices["label"]))
        chosen = bound_multi(
            t("trends.pick_units", level=level_name),
            list(labels),
            "units",
            cached(default_units, ds, level),
            format_func=labels.get,
            max_selections=10,
            help=t("pages.search_help"),
        )
        peers = t(f"series.level_mean_{level}")
        if not chosen:
            st.info(t("trends.pick_some"))
        elif tab == "index":
            lines = cached(index_lines, ds, level, chosen, labels, peers)
            show_chart(
                chart(
                    year_lines,
                    lines,
                    ctx,
                    t("trends.index_title", level=level_name, region=ctx.region, years=span),
                    t("trends.index_sub"),
                    t("chart.index_axis"),
                    peers=(peers,),
                    years=years,
                    height=480,
                ),
                "trend-index",
                level,
                span,
            )
        else:
            ranks = cached(index_lines, ds, level, chosen, labels, peers, value="rank")
            show_chart(
                chart(
                    year_lines,
                    ranks,
                    ctx,
                    t("trends.rank_title", level=level_name, region=ctx.region, years=span),
                    t("trends.rank_sub"),
                    t("pages.rank_axis"),
                    reverse=True,
                    percent=False,
                    years=years,
                    height=480,
                ),
                "trend-rank",
                level,
                span,
            )
    else:
        left, right = st.columns(2)
        pair = cached(default_change_years, ds, level) or (years[0], years[-1])
        to_year = bound(right.selectbox, t("trends.to_year"), sorted(years, reverse=True), "to", default=pair[1])
        from_options = [y for y in sorted(years, reverse=True) if y < to_year] or [to_year]
        from_year = bound(
            left.selectbox,
            t("trends.from_year"),
            from_options,
            "from",
            default=pair[0] if pair[0] in from_options else from_options[0],
        )
        moves = cached(movers, ds, level, from_year, to_year, lang)
        if moves.empty:
            st.info(t("trends.no_common_units", level=level_name, first=from_year, last=to_year))
        else:
            shown = biggest_moves(moves, MOVERS_N)
            sub = (
                t("trends.movers_sub_all", n=len(moves))
                if len(shown) == len(moves)
                else t("trends.movers_sub", n=MOVERS_N, total=len(moves))
            )
            show_chart(
                chart(
                    value_bars,
                    shown,
                    "label",
                    "change_pct",
                    ctx,
                    t("trends.movers_title", level=level_name, region=ctx.region, first=from_year, last=to_year),
                    sub,
                    t("trends.change_axis"),
                    diverging=True,
                ),
                "trend-movers",
                level,
                f"{from_year}-{to_year}",
            )
            table = moves.drop(columns=["unit_code", "label"])
            if level == "district":
                table = table.drop(columns=["district_name"])
            table = table.rename(columns={c: t(f"col.{c}", first=from_year, last=to_year) for c in table.columns})
            st.subheader(t("trends.table_title", level=level_name, first=from_year, last=to_year))
            number_table(table)
            download_buttons(table, "changes", level, f"{from_year}-{to_year}")


tabbed(
    {"index": t("tab.index_years"), "rank": t("tab.rank_years"), "movers": t("trends.movers_header")},
    "trends",
    draw_tab,
)
