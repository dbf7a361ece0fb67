"""Báo cáo (Briefing): slide-ready charts of one year and scope, downloadable as PPTX, ZIP and PDF."""

import streamlit as st

from cchc_metrics.present.files import MIME
from cchc_metrics.present.render import Renderer, RenderUnavailable, can_render
from cchc_metrics.present.slides import NoScores
from cchc_metrics.views import briefing as view
from cchc_metrics.views.common import context, data_years, level_units, year_choice
from ui.cache import resource
from ui.cache import view as cached
from ui.draw import draw, former_province, load_dataset
from ui.state import choice, compact, current_lang, t, tabbed

renderer = resource(Renderer)  # the server's one headless Chromium, shared by every session

ds = load_dataset()
lang = current_lang()
st.title(t("briefing.title"))
st.caption(t("briefing.caption"))
year = choice(year_choice(cached(data_years, ds), lang), container=st.sidebar)
ds, _ctx = former_province(ds, context(ds, lang), year)
scope = choice(view.scope_choice(lang), container=st.sidebar)
code = None
if scope != "province":
    missing = cached(view.no_units, ds, year, scope, lang)
    if missing:
        draw(missing)
        st.stop()
    # the same link key as the district and commune pages: the unit chosen there is kept here
    code = choice(cached(level_units, ds, year, scope, lang, f"briefing.pick_{scope}", scope), container=st.sidebar)

try:
    b = cached(view.briefing, ds, year, code, lang, compact())
except NoScores as exc:
    st.info(exc.message(lang))
    st.stop()
draw(view.words(b, lang))

st.subheader(t("briefing.downloads"))
if not can_render():
    st.warning(
        RenderUnavailable("no_browser").message(lang) + "\n\n" + t("briefing.png_buttons"), icon=":material/warning:"
    )
else:
    choice_key = (ds.fingerprint, year, code, lang)
    if (
        st.button(t("briefing.prepare"), icon=":material/download:")
        or st.session_state.get("_briefing_ready") == choice_key
    ):
        st.session_state["_briefing_ready"] = choice_key
        try:
            with st.spinner(t("briefing.preparing", n=len(b.slides))):
                files = cached(view.files, ds, year, code, lang, _renderer=renderer())
        except RenderUnavailable as exc:
            st.warning(exc.message(lang) + "\n\n" + t("briefing.png_buttons"), icon=":material/warning:")
        else:
            for column, ext in zip(st.columns(3), (".pptx", ".zip", ".pdf")):
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
# one slide at a time, each in its tab (the title slide is the words above): six charts at once
# take the browser over a second to draw
tabbed(view.slide_tabs(b), "briefing", lambda key: draw(view.slide_blocks(b, key)))
