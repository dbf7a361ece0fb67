"""Lĩnh vực (Reform area): one area across units, areas side by side, years, and criteria."""

import streamlit as st

from cchc_metrics.views import area as view
from cchc_metrics.views import maps
from cchc_metrics.views.common import area_choice, context, data_years, level_choice, year_choice
from ui.cache import view as cached
from ui.draw import draw, former_province, load_dataset
from ui.state import choice, compact, current_lang, presentation, t, tabbed

ds = load_dataset()
lang = current_lang()
ctx = context(ds, lang, presentation(), compact())
st.title(t("area.title"))
year = choice(year_choice(cached(data_years, ds), lang), container=st.sidebar)
ds, ctx = former_province(ds, ctx, year)
level = choice(level_choice(cached(view.levels, ds, year), lang), container=st.sidebar)
area = choice(cached(area_choice, ds, lang), container=st.sidebar)
draw(cached(view.intro, ds, year, level, area, ctx))


def draw_tab(tab: str) -> None:
    if tab == "ranking":
        spec = cached(view.ranking_show, ds, year, level, area, lang)
        draw(cached(view.ranking_chart, ds, year, level, area, choice(spec) if spec else "all", ctx))
    elif tab == "areas":
        sort = choice(cached(view.sort_choice, ds, lang))
        spec = cached(view.heat_show, ds, year, level, lang)
        draw(cached(view.heatmap, ds, year, level, sort, choice(spec) if spec else "all", ctx))
    elif tab == "map":
        draw(cached(maps.area_map, ds, year, level, area, ctx))
    elif tab == "ranks":
        sort = choice(cached(view.sort_choice, ds, lang))
        spec = cached(view.rank_show, ds, year, level, lang)
        draw(cached(view.ranks, ds, year, level, sort, choice(spec) if spec else "all", ctx))
    elif tab == "years":
        draw(cached(view.over_years, ds, area, ctx))
    else:
        draw(cached(view.lost_chart, ds, year, level, area, ctx))


tabbed(view.tabs(lang), "area", draw_tab)
draw(cached(view.tables, ds, year, level, area, ctx))
