"""Điểm mạnh – điểm yếu (Strengths and weaknesses): what to replicate, what to fix, per unit, and the findings."""

import streamlit as st

from cchc_metrics.views import maps
from cchc_metrics.views import strengths as view
from cchc_metrics.views.common import area_choice, context, data_years, level_choice, level_units, unit_of, year_choice
from ui.cache import view as cached
from ui.draw import draw, former_province, load_dataset
from ui.state import choice, compact, current_lang, presentation, t, tabbed

ds = load_dataset()
lang = current_lang()
ctx = context(ds, lang, presentation(), compact())
st.title(t("strengths.title"))
shown = choice(view.view_choice(lang))

if shown in ("leaders", "unit"):
    year = choice(year_choice(cached(data_years, ds), lang), container=st.sidebar)
    ds, ctx = former_province(ds, ctx, year)
    level = choice(level_choice(cached(view.levels, ds, year), lang), container=st.sidebar)
    draw(cached(view.level_note, ds, year, lang))

if shown == "leaders":
    draw(view.leaders_caption(year, level, ctx))

    def draw_tab(tab: str) -> None:
        if tab == "exemplars":
            draw(cached(view.exemplars, ds, year, level, ctx))
        elif tab == "weak":
            spec = cached(view.grid_choice, ds, year, level, lang)
            draw(cached(view.weak, ds, year, level, choice(spec) if spec else "weakest", ctx))
        elif tab == "map":
            area = choice(cached(area_choice, ds, lang))
            draw(cached(maps.weak_map, ds, year, level, area, ctx))
        elif tab == "lost":
            draw(cached(view.lost, ds, year, level, choice(cached(view.pareto_choice, ds, year, level, lang)), ctx))
            draw(cached(view.common, ds, year, level, choice(view.share_choice(lang)), ctx))
        elif tab == "chronic":
            draw(cached(view.chronic, ds, year, level, ctx))
        elif tab == "claims":
            draw(view.claims_title(lang))
            draw(cached(view.claims, ds, year, level, choice(cached(view.claim_choice, ds, year, level, lang)), ctx))
        else:
            draw(cached(view.fixed, ds, year, level, ctx))

    tabbed(view.leader_tabs(lang), "strengths", draw_tab)

elif shown == "unit":
    code = choice(cached(level_units, ds, year, level, lang, "strengths.pick_unit", "unit"), container=st.sidebar)
    draw(cached(view.unit_view, ds, year, level, cached(unit_of, ds, year, level, code, lang), ctx))

else:
    draw(view.findings_caption(ctx))
    row = st.columns(3)
    fyear = choice(cached(view.finding_years, ds, lang), container=row[0])
    year_arg = None if fyear == view.ALL else int(fyear)
    filters = cached(view.finding_filters, ds, year_arg, lang)
    district = choice(filters["district"], container=row[1])
    unit = choice(filters["unit"], container=row[2])
    row = st.columns(3)
    area = choice(filters["area"], container=row[0])
    kind = choice(filters["kind"], container=row[1])
    text = row[2].text_input(t("strengths.f_text"), key="q", bind="query-params", help=t("strengths.f_text_help"))
    picked = [None if v in (view.ALL, None) else v for v in (district, unit, area, kind)]
    found = (year_arg, *picked, text or None)
    draw(cached(view.findings, ds, found, ctx))
    title, by = view.themes_choice(year_arg, ctx)
    draw(title)
    draw(cached(view.themes, ds, found, choice(by), ctx))
