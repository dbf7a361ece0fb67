"""Tổng quan (Overview): one year at a glance."""

import streamlit as st

from cchc_metrics.views import maps
from cchc_metrics.views import overview as view
from cchc_metrics.views.common import context, data_years, level_choice, year_choice
from ui.cache import view as cached
from ui.draw import draw, former_province, load_dataset
from ui.state import choice, compact, current_lang, presentation, t, tabbed

ds = load_dataset()
lang = current_lang()
ctx = context(ds, lang, presentation(), compact())
st.title(t("overview.title"))
year = choice(year_choice(cached(data_years, ds), lang), container=st.sidebar)
ds, ctx = former_province(ds, ctx, year)
draw(view.caption(year, ctx), cached(view.headlines, ds, year, ctx))
draw(cached(view.cards, ds, year, ctx), cached(view.summary, ds, year, ctx))


def draw_tab(tab: str) -> None:
    if tab == "map":
        row = st.columns(2)
        spec = cached(maps.level_choice, ds, year, lang)
        level = choice(spec, container=row[0]) if spec else cached(maps.levels, ds, year)[0]
        colour = choice(cached(maps.colour_choice, ds, lang), container=row[1])
        draw(cached(maps.unit_map, ds, year, level, colour, ctx))
    elif tab in ("districts", "departments"):
        draw(cached(view.level_ranking, ds, year, tab[:-1], ctx), cached(view.below, ds, year, tab[:-1], ctx))
    elif tab == "communes":
        spec = cached(view.commune_show, ds, year, lang)
        show = choice(spec) if spec else "all"
        draw(cached(view.commune_ranking, ds, year, show, ctx), cached(view.below, ds, year, "commune", ctx))
    else:
        draw(cached(view.commune_spread, ds, year, ctx))


tabs = cached(view.tabs, ds, year, lang)
if tabs:
    tabbed(tabs, "overview", draw_tab)


@st.fragment
def ranking_section(levels: list[str]) -> None:
    # a year with one level (communes only, from 2025) has nothing to switch
    level = choice(level_choice(levels, lang)) if len(levels) > 1 else levels[0]
    draw(cached(view.ranking, ds, year, level, ctx))


ranking_section(cached(view.ranking_levels, ds, year))
