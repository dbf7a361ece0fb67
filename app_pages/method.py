"""Phương pháp & dữ liệu (Method and data): how scores are computed and what the data hold."""

import streamlit as st

from cchc_metrics.views import method as view
from cchc_metrics.views.common import context, data_levels, level_choice, year_choice
from ui.cache import view as cached
from ui.draw import draw, former_province, load_dataset
from ui.state import choice, compact, current_lang, presentation, t, tabbed

ds = load_dataset()
lang = current_lang()
ctx = context(ds, lang, presentation(), compact())
st.title(t("method.title"))
draw(cached(view.origin, ds, ctx))
level = choice(level_choice(cached(data_levels, ds), lang), container=st.sidebar)
year = choice(year_choice(cached(view.framework_years, ds, level, lang), lang), container=st.sidebar)


def draw_tab(tab: str) -> None:
    if tab == "how":
        draw(view.how(lang))
    elif tab == "framework":
        scoped, scoped_ctx = former_province(ds, ctx, year, in_tab=True)  # each former province had its own
        draw(cached(view.frameworks, scoped, year, level, scoped_ctx))
    elif tab == "bands":
        draw(cached(view.bands, ds, lang))
    else:
        draw(cached(view.coverage_view, ds, level, ctx))


# one section at a time: each is a few tables the server formats and the browser draws
tabbed(view.tabs(lang), "method", draw_tab)
