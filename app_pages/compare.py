"""So sánh (Compare): two to four units of one level side by side, kept in the link."""

import streamlit as st

from cchc_metrics.views import compare as view
from cchc_metrics.views.common import context, year_choice, years_of
from ui.cache import view as cached
from ui.draw import draw, former_province, load_dataset
from ui.state import choice, compact, current_lang, presentation, t, tabbed

ds = load_dataset()
lang = current_lang()
ctx = context(ds, lang, presentation(), compact())
st.title(t("compare.title"))
level = choice(cached(view.levels, ds, lang), container=st.sidebar)
year = choice(year_choice(cached(years_of, ds, level), lang), container=st.sidebar)
ds, ctx = former_province(ds, ctx, year)
codes = tuple(choice(cached(view.units_choice, ds, year, level, lang)))
missing = view.too_few(codes, lang)
if missing:
    draw(missing)
else:
    draw(cached(view.caption, ds, year, level, codes, ctx))
    parts = {"areas": view.areas, "trends": view.trends, "criteria": view.criteria}
    tabbed(view.tabs(lang), "compare", lambda tab: draw(cached(parts[tab], ds, year, level, codes, ctx)))
