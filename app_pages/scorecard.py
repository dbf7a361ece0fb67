"""Hồ sơ đơn vị (Unit scorecard): one unit and year on one page, as a PDF to print and a PNG."""

import streamlit as st

from cchc_metrics.views import scorecard as view
from cchc_metrics.views.common import context, level_units, unit_of, year_choice, years_of
from ui.cache import view as cached
from ui.draw import draw, former_province, load_dataset
from ui.state import choice, compact, current_lang, presentation, t

ds = load_dataset()
lang = current_lang()
ctx = context(ds, lang, presentation(), compact())
st.title(t("scorecard.title"))
level = choice(cached(view.levels, ds, lang), container=st.sidebar)
year = choice(year_choice(cached(years_of, ds, level), lang), container=st.sidebar)
ds, ctx = former_province(ds, ctx, year)
code = choice(cached(level_units, ds, year, level, lang, "scorecard.pick", "unit"), container=st.sidebar)
unit = cached(unit_of, ds, year, level, code, lang)
draw(cached(view.page, ds, year, level, unit, ctx))
