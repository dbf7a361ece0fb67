"""Quận/huyện (District profile): one district's years, areas, and communes."""

import streamlit as st

from cchc_metrics.views import district as view
from cchc_metrics.views import report
from cchc_metrics.views.common import context, level_units, unit_of
from cchc_metrics.views.model import Note
from ui.cache import view as cached
from ui.draw import draw, former_province, load_dataset
from ui.state import choice, compact, current_lang, presentation, t, tabbed

ds = load_dataset()
lang = current_lang()
ctx = context(ds, lang, presentation(), compact())
st.title(t("district.title"))
years = cached(view.year_choice, ds, lang)
if isinstance(years, Note):
    draw(years)
    st.stop()
year = choice(years, container=st.sidebar)
ds, ctx = former_province(ds, ctx, year)
code = choice(cached(level_units, ds, year, "district", lang, "district.pick", "district"), container=st.sidebar)
unit = cached(unit_of, ds, year, "district", code, lang)
draw(cached(view.header, ds, year, unit, ctx))
tabbed(
    cached(view.tabs, ds, year, unit, lang), "district", lambda tab: draw(cached(view.tab, ds, year, unit, tab, ctx))
)
draw(cached(view.communes_table, ds, year, unit, ctx))
draw(cached(report.report_download, ds, year, unit, lang))
