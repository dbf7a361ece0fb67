"""Xu hướng (Trends): units over the years next to their peers; who moved most; rank changes."""

import streamlit as st

from cchc_metrics.views import trends as view
from cchc_metrics.views.common import context, data_levels, level_choice
from ui.cache import view as cached
from ui.draw import draw, former_province, load_dataset
from ui.state import choice, compact, current_lang, presentation, t, tabbed

ds = load_dataset()
lang = current_lang()
ctx = context(ds, lang, presentation(), compact())
st.title(t("trends.title"))
level = choice(level_choice(cached(data_levels, ds), lang), container=st.sidebar)
draw(cached(view.intro, ds, level, ctx))


def draw_tab(tab: str) -> None:
    if tab in ("index", "rank"):
        chosen = choice(cached(view.units_choice, ds, level, lang))
        value = "index_pct" if tab == "index" else "rank"
        draw(cached(view.lines, ds, level, tuple(chosen), value, ctx))
    else:
        left, right = st.columns(2)
        to_choice, from_choices = cached(view.change_years, ds, level, lang)
        to_year = choice(to_choice, container=right)
        from_year = choice(from_choices[to_year], container=left)
        scoped, scoped_ctx = former_province(ds, ctx, to_year, in_tab=True)
        draw(cached(view.moves, scoped, level, from_year, to_year, scoped_ctx))


tabbed(view.tabs(lang), "trends", draw_tab)
