"""Xã/phường (Commune profile): one commune's years, areas, criteria and inspection findings."""

import streamlit as st

from cchc_metrics.views import commune as view
from cchc_metrics.views import profile, report
from cchc_metrics.views.common import context, level_units, unit_of, year_choice, years_of
from ui.cache import view as cached
from ui.draw import draw, former_province, load_dataset
from ui.state import choice, compact, current_lang, kept_value, presentation, t, tabbed

ds = load_dataset()
lang = current_lang()
ctx = context(ds, lang, presentation(), compact())
st.title(t("commune.title"))
year = choice(year_choice(cached(years_of, ds, "commune"), lang), container=st.sidebar)
ds, ctx = former_province(ds, ctx, year)
# a district chosen on the district page: its communes first (kept_value: that page's choice)
within = kept_value("district")
code = choice(cached(level_units, ds, year, "commune", lang, "commune.pick", "commune", within), container=st.sidebar)
unit = cached(unit_of, ds, year, "commune", code, lang)
draw(cached(view.header_blocks, ds, year, unit, ctx))


def draw_tab(tab: str) -> None:
    if tab == "criterion":
        node = choice(cached(profile.criterion_choice, ds, year, "commune", unit, lang))
        draw(cached(profile.criterion_trend, ds, year, "commune", unit, node, ctx))
    else:
        draw(cached(view.tab, ds, year, unit, tab, ctx))


tabbed(view.tabs(lang), "commune", draw_tab)
draw(cached(view.criteria, ds, year, unit, ctx), cached(view.findings, ds, unit, ctx))
draw(cached(report.report_download, ds, year, unit, lang))
