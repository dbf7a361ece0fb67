"""Báo cáo (Briefing): slide-ready charts of one year and scope, downloadable as PPTX, ZIP and PDF."""

import streamlit as st

from cchc_metrics import i18n
from cchc_metrics.analysis.profiles import unit_options
from cchc_metrics.present.files import MIME
from cchc_metrics.present.render import RenderUnavailable, can_render
from cchc_metrics.views.briefing import SCOPES, NoScores, briefing
from ui import cache as app_cache
from ui.briefing import briefing_files
from ui.common import bound, cached, current_lang, data_years, load_dataset, show_chart, t, tabbed, year_picker
from ui.markdown import escape
from ui.pickers import unit_picker

ds = load_dataset()
lang = current_lang()
st.title(t("briefing.title"))
st.caption(t("briefing.caption"))
year = year_picker(data_years(ds), container=st.sidebar)
scope = bound(
    st.sidebar.radio,
    t("briefing.scope"),
    list(SCOPES),
    "scope",
    format_func=lambda v: i18n.t(f"briefing.scope_option.{v}", lang),
)
code = None
if scope != "province":
    options = cached(unit_options, ds, year, scope, lang)
    if options.empty:
        st.info(t("briefing.no_units", year=year, level=t(f"briefing.level_plural.{scope}")))
        st.stop()
    # the same URL key as the district and commune pages: the unit chosen there is kept here
    code = unit_picker(options, t(f"briefing.pick_{scope}"), key=scope, container=st.sidebar)

try:
    b = app_cache.shared_result(briefing, ds, year, code, lang)  # holds figures: shared, never changed
except NoScores as exc:
    st.info(exc.message(lang))
    st.stop()

st.subheader(escape(b.title))
st.caption(escape(b.subtitle))
st.markdown(f"**{t('briefing.narrative')}**")
if b.narrative:
    st.markdown(escape(b.narrative))
else:
    st.info(t("briefing.no_narrative"))

st.subheader(t("briefing.downloads"))
if not can_render():
    st.warning(
        RenderUnavailable("no_browser").message(lang) + "\n\n" + t("briefing.png_buttons"), icon=":material/warning:"
    )
else:
    choice = (ds.fingerprint, year, code, lang)
    if (
        st.button(t("briefing.prepare"), icon=":material/download:")
        or st.session_state.get("_briefing_ready") == choice
    ):
        st.session_state["_briefing_ready"] = choice
        try:
            with st.spinner(t("briefing.preparing", n=len(b.slides))):
                files = briefing_files(ds.fingerprint, year, code, lang, b)
        except RenderUnavailable as exc:
            st.warning(exc.message(lang) + "\n\n" + t("briefing.png_buttons"), icon=":material/warning:")
        else:
            columns = st.columns(3)
            for column, ext in zip(columns, (".pptx", ".zip", ".pdf")):
                column.download_button(
                    t(f"briefing.download_{ext[1:]}"),
                    files[ext],
                    file_name=b.stem + ext,
                    mime=MIME[ext],
                    key=f"briefing-{ext[1:]}",
                    icon=":material/download:",
                    on_click="ignore",
                )

st.caption(t("briefing.slides", n=len(b.slides)))
# one slide at a time, each in its tab: six charts at once take the browser over a second to draw
tabs = {slide.key: f"{i}. " + escape(slide.title.split(" – ")[0]) for i, slide in enumerate(b.slides, 1)}


def draw_tab(shown: str) -> None:
    slide = next(s for s in b.slides if s.key == shown)
    show_chart(slide.figure, slide.key, b.name, year)


tabbed(tabs, "briefing", draw_tab)
