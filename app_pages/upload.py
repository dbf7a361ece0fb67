"""Cập nhật dữ liệu (Upload data): analysts check a year's file, see what it changes, publish it,
and roll a year back. Viewers are refused here even when they type the page's address."""

import hashlib

import streamlit as st

from cchc_metrics import config
from cchc_metrics.engine.dataset import data_version
from cchc_metrics.engine.reading import Limits
from cchc_metrics.engine.schema import LEVELS
from cchc_metrics.publish.templates import TemplateError
from cchc_metrics.views import upload as view
from ui.auth import analysts_configured, current_user, is_analyst, setup_help
from ui.cache import of_directory
from ui.draw import draw
from ui.publish_form import (
    CHECK_KEY,
    DONE_KEY,
    NONCE_KEY,
    boundary_upload,
    checked_upload,
    report_and_publish,
    rollback_form,
)
from ui.state import choice, current_lang, t, tm

MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

lang = current_lang()
st.title(t("uploadpage.title"))
if not is_analyst():
    st.error(t("uploadpage.refused"), icon=":material/lock:")
    if analysts_configured():
        st.page_link("app_pages/login.py", label=t("uploadpage.go_login"), icon=":material/login:")
    else:
        setup_help()
    st.stop()

user, root, limits = current_user() or "analyst", config.data_dir(), Limits.from_env()
st.caption(tm("uploadpage.caption", root=root.name))
with st.container():  # always drawn, so the tabs below keep their place (and the open tab) across reruns
    if notice := st.session_state.pop(DONE_KEY, None):
        st.success(notice, icon=":material/check_circle:")
tabs = [t("uploadpage.tab.upload"), t("uploadpage.tab.history"), t("uploadpage.tab.audit")]
tab_upload, tab_history, tab_audit = st.tabs(tabs, key="upload_tab")

with tab_upload:  # template, upload, check, publish; or a year's boundaries
    if choice(view.upload_kind_choice(lang)) == "boundaries":
        boundary_upload(root, user, lang, limits)
    else:
        st.subheader(t("uploadpage.template_header"))
        cols = st.columns([1, 2, 1, 2], vertical_alignment="bottom")
        published = view.published_years(root, "inspections")
        year = int(
            cols[0].number_input(
                t("uploadpage.template_year"), 2000, 2100, (published[0] + 1) if published else 2025, key="tpl_year"
            )
        )
        level = cols[1].radio(
            t("app.level"), list(LEVELS), horizontal=True, key="tpl_level", format_func=lambda v: t(f"level.{v}")
        )
        fmt = cols[2].radio(
            t("uploadpage.template_format"),
            ["xlsx", "csv"],
            horizontal=True,
            key="tpl_fmt",
            format_func=lambda v: f".{v}",
        )
        vietnamese = cols[3].toggle(t("uploadpage.template_vietnamese"), value=True, key="tpl_vi")
        try:
            frame, framework = of_directory(view.template, root, data_version(root), year, level)
        except TemplateError as exc:
            st.warning(t(exc.key, **exc.params))
        else:
            label = t("uploadpage.template_download", year=year, level=t(f"level.{level}").lower(), fmt=fmt)
            data = lambda: view.template_bytes(frame, fmt, vietnamese)  # noqa: E731 (written when clicked)
            st.download_button(
                label,
                data,
                f"cchc_{year}_{level}_template.{fmt}",
                MIME[fmt],
                icon=":material/download:",
                key="tpl_download",
            )
            units, criteria = frame["unit_code"].nunique(), frame["criterion_code"].nunique()
            st.caption(t("uploadpage.template_caption", units=units, criteria=criteria, framework=framework))

        st.subheader(t("uploadpage.upload_header"))
        nonce = st.session_state.get(NONCE_KEY, 0)
        max_mb, hint = view.upload_limits(limits, lang)
        uploaded = st.file_uploader(
            t("uploadpage.uploader"), view.UPLOAD_TYPES, key=f"upload_{nonce}", max_upload_size=max_mb, help=hint
        )
        if uploaded is None:
            st.session_state.pop(CHECK_KEY, None)
            st.info(t("uploadpage.waiting"), icon=":material/upload_file:")
        else:
            data = uploaded.getvalue()
            key = (hashlib.sha256(data).hexdigest(), uploaded.name, data_version(root), limits)
            prepared = checked_upload(key, lambda: view.check(data, uploaded.name, str(root), limits))
            report_and_publish(prepared, uploaded.name, root, user, lang)

with tab_history:  # versions of a year, roll back
    cols = st.columns([1, 1, 2])
    kind = cols[0].selectbox(
        t("uploadpage.kind"), view.PUBLISHABLE, key="hist_kind", format_func=lambda k: t(f"uploadpage.kind.{k}")
    )
    years = view.published_files(root, kind)
    hist_year = cols[1].selectbox(t("app.year"), years, key="hist_year") if years else None
    blocks, earlier, labels = view.versions(root, kind, hist_year, lang)
    draw(blocks)
    if earlier and rollback_form(root, kind, hist_year, earlier, labels, user, lang):
        st.session_state.pop(CHECK_KEY, None)
        st.rerun()

with tab_audit:
    draw(view.audit(root, lang))
