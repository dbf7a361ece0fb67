"""Kế hoạch kiểm tra (Inspection planning): the scope, a reproducible draw within it, the visits'
schedule, the plan as Word and Excel, inspection history and coverage, and the saved plans."""

import secrets
from functools import partial

import streamlit as st

from cchc_metrics.analysis.planning import save_plan
from cchc_metrics.present.documents import MIME_DOCX
from cchc_metrics.views import maps, report
from cchc_metrics.views import planning as view
from cchc_metrics.views.common import context
from ui.auth import current_user, is_analyst
from ui.cache import view as cached
from ui.draw import XLSX_MIME, draw, edit, load_dataset
from ui.state import choice, compact, current_lang, number, presentation, set_value, t, tabbed, tm

SEED_MAX = 999_999

ds = load_dataset()
lang = current_lang()
st.title(t("planpage.title"))
st.caption(t("planpage.caption"))

top = st.columns([1, 2, 1, 2])
years = cached(view.plan_year_options, ds)
year = top[0].selectbox(t("planpage.year"), years, key="plan_year", bind="query-params")
levels = cached(view.level_choice, ds, year, lang)
level = choice(levels, container=st.sidebar) if levels else "commune"
# departments are one group: no district to group them by
group_by = choice(view.grouping_choice(lang), container=top[1]) if level == "commune" else "none"
per_group = top[2].selectbox(t(f"planpage.per_group.{group_by}"), range(1, 11), index=1, key="n", bind="query-params")
method = choice(view.method_choice(lang), container=top[3])
scopes = cached(view.scope_choice, ds, year, group_by, lang, level)
scope = tuple(choice(scopes)) if scopes else ()

row = st.columns([1, 1, 2], vertical_alignment="bottom")
row[1].button(
    t("planpage.new_seed"),
    icon=":material/casino:",
    on_click=set_value,
    args=("seed", secrets.randbelow(SEED_MAX + 1)),
    help=t("planpage.new_seed_help"),
)
seed = number(t("planpage.seed"), "seed", view.default_seed(year), 0, SEED_MAX, container=row[0])
chronic = choice(view.chronic_choice(lang), container=row[2])
draw(cached(view.grouping_note, ds, year, group_by, lang))


def draw_plan() -> None:
    plan, blocks = cached(view.drawn, ds, year, per_group, seed, method, chronic, group_by, lang, level, scope)
    shown = draw(blocks)
    if shown is None:
        return
    draw(view.explained(shown, lang))
    try:
        schedule = view.schedule_of(edit(view.schedule_editor(plan, lang)), lang)
    except view.BadDate as exc:
        st.error(exc.message(lang))
        return
    title = view.plan_title(plan, lang)
    for column, (ext, mime) in zip(st.columns(2), ((".docx", MIME_DOCX), (".xlsx", XLSX_MIME))):
        column.download_button(
            t(f"planpage.download_{ext[1:]}"),
            partial(view.plan_file, ds, plan, schedule, lang, ext),  # written when clicked
            file_name=title + ext,
            mime=mime,
            on_click="ignore",
            icon=":material/download:",
        )
    can_save = is_analyst()
    name = st.text_input(t("planpage.plan_name"), t("planpage.plan_name_default", year=year), disabled=not can_save)
    if st.button(t("planpage.save"), icon=":material/save:", disabled=not can_save):
        try:
            path = save_plan(plan, ds.root, name, current_user(), schedule)
        except ValueError:
            st.error(t("planpage.save_no_name"))
        except OSError as exc:
            st.error(tm("planpage.save_failed", error=str(exc)))
        else:
            st.success(tm("plan.saved", path=path.name))
    if not can_save:
        st.caption(t("planpage.save_analysts_only"))


def draw_tab(tab: str) -> None:
    if tab == "plan":
        draw_plan()
    elif tab == "map":
        plan, _blocks = cached(view.drawn, ds, year, per_group, seed, method, chronic, group_by, lang, level, scope)
        ctx = context(ds, lang, presentation(), compact())
        draw(cached(maps.plan_map, ds, year, level, view.drawn_codes(plan), ctx))
    elif tab == "coverage":
        last_years = st.columns(4)[0].selectbox(
            t("planpage.coverage_years"), range(1, 11), index=2, key="cover", bind="query-params"
        )
        draw(cached(view.coverage_view, ds, year, last_years, group_by, lang, level))
    elif tab == "history":
        draw(cached(report.summary_download, ds, year, lang), cached(view.history_view, ds, lang))
    else:
        draw(view.saved_view(ds, ds.root, lang))  # read afresh: plans are written while the app runs


# the sections one at a time: each is a table of up to a hundred rows, which the server formats
# (decimal commas) and the browser draws, so four at once were slow to open
tabbed(view.tabs(year, lang), "planning", draw_tab)
