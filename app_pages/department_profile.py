"""Sở, ban, ngành (Department profile): one department's years, areas and criteria."""

import streamlit as st

from cchc_metrics.views import department as view
from cchc_metrics.views import profile, report
from cchc_metrics.views.common import context, level_units, unit_of
from cchc_metrics.views.model import Note
from ui.cache import view as cached
from ui.draw import draw, load_dataset
from ui.state import choice, compact, current_lang, presentation, t, tabbed

ds = load_dataset()
lang = current_lang()
ctx = context(ds, lang, presentation(), compact())
st.title(t("department.title"))
years = cached(view.year_choice, ds, lang)
if isinstance(years, Note):
    draw(years)
    st.stop()
year = choice(years, container=st.sidebar)
code = choice(cached(level_units, ds, year, view.LEVEL, lang, "department.pick", "department"), container=st.sidebar)
unit = cached(unit_of, ds, year, view.LEVEL, code, lang)
draw(cached(view.header, ds, year, unit, ctx))


def draw_tab(tab: str) -> None:
    if tab == "criterion":
        node = choice(cached(profile.criterion_choice, ds, year, view.LEVEL, unit, lang))
        draw(cached(profile.criterion_trend, ds, year, view.LEVEL, unit, node, ctx))
    else:
        draw(cached(view.tab, ds, year, unit, tab, ctx))


tabbed(view.tabs(lang), "department", draw_tab)
draw(cached(view.criteria, ds, year, unit, ctx))
draw(cached(report.report_download, ds, year, unit, lang))
