"""Cập nhật dữ liệu (Upload data): analysts check a year's file, see what it changes, publish it,
and roll a year back. Viewers are refused here even when they type the page's address."""

import hashlib
from pathlib import Path

import streamlit as st

from cchc_metrics import config
from cchc_metrics.engine.dataset import data_version
from cchc_metrics.engine.reading import Limits
from cchc_metrics.engine.schema import LEVELS
from cchc_metrics.engine.validation import DataError
from cchc_metrics.publish.publishing import PublishError, publish, rollback
from cchc_metrics.publish.templates import TemplateError
from cchc_metrics.views import upload as view
from ui.auth import analysts_configured, current_user, is_analyst, setup_help
from ui.cache import of_directory
from ui.draw import draw
from ui.state import choice, current_lang, t, tm

MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
CHECK_KEY = "_upload_check"  # this session's upload and its check (file hash, data version, limits)

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
    if notice := st.session_state.pop("_upload_done", None):
        st.success(notice, icon=":material/check_circle:")
tabs = [t("uploadpage.tab.upload"), t("uploadpage.tab.history"), t("uploadpage.tab.audit")]
tab_upload, tab_history, tab_audit = st.tabs(tabs, key="upload_tab")

with tab_upload:  # template, upload, check, publish
    st.subheader(t("uploadpage.template_header"))
    cols = st.columns([1, 2, 1, 2], vertical_alignment="bottom")
    published = view.published_years(root, "inspections")
    year = int(cols[0].number_input(t("uploadpage.template_year"), 2000, 2100, (published[0] + 1) if published else 2025, key="tpl_year"))
    level = cols[1].radio(t("app.level"), list(LEVELS), horizontal=True, key="tpl_level", format_func=lambda v: t(f"level.{v}"))
    fmt = cols[2].radio(t("uploadpage.template_format"), ["xlsx", "csv"], horizontal=True, key="tpl_fmt", format_func=lambda v: f".{v}")
    vietnamese = cols[3].toggle(t("uploadpage.template_vietnamese"), value=True, key="tpl_vi")
    try:
        frame, framework = of_directory(view.template, root, data_version(root), year, level)
    except TemplateError as exc:
        st.warning(t(exc.key, **exc.params))
    else:
        label = t("uploadpage.template_download", year=year, level=t(f"level.{level}").lower(), fmt=fmt)
        data = lambda: view.template_bytes(frame, fmt, vietnamese)  # noqa: E731 (written when clicked)
        st.download_button(label, data, f"cchc_{year}_{level}_template.{fmt}", MIME[fmt], icon=":material/download:", key="tpl_download")
        units, criteria = frame["unit_code"].nunique(), frame["criterion_code"].nunique()
        st.caption(t("uploadpage.template_caption", units=units, criteria=criteria, framework=framework))

    st.subheader(t("uploadpage.upload_header"))
    nonce = st.session_state.setdefault("_upload_nonce", 0)
    mb, rows = round(limits.max_bytes / 1024 / 1024, 1), f"{limits.max_rows:,}"
    uploaded = st.file_uploader(
        t("uploadpage.uploader"), type=list(view.UPLOAD_TYPES), key=f"upload_{nonce}",
        max_upload_size=max(1, -(-limits.max_bytes // (1024 * 1024))), help=t("uploadpage.uploader_help", mb=mb, rows=rows),
    )  # fmt: skip
    if uploaded is None:
        st.session_state.pop(CHECK_KEY, None)
        st.info(t("uploadpage.waiting"), icon=":material/upload_file:")
    else:
        data = uploaded.getvalue()
        key = (hashlib.sha256(data).hexdigest(), uploaded.name, data_version(root), limits)
        if st.session_state.get(CHECK_KEY, (None,))[0] != key:
            with st.spinner(t("uploadpage.checking")):
                st.session_state[CHECK_KEY] = (key, view.check(data, uploaded.name, str(root), limits))
        prepared = st.session_state[CHECK_KEY][1]
        draw(view.report(prepared, Path(uploaded.name).stem, lang))
        if prepared.ok and prepared.diff is not None:
            draw(view.difference(prepared, root, lang))
            st.subheader(t("uploadpage.publish_header"))
            warnings, kind = len(prepared.warnings), view.kind_name(prepared, lang)
            sure = not warnings or st.checkbox(t("uploadpage.confirm_warnings", warnings=warnings), key="confirm_warnings")
            replace = prepared.diff.is_new or st.checkbox(
                t("uploadpage.confirm_replace", kind=kind.lower(), year=prepared.year or ""), key="confirm_replace"
            )
            if st.button(t("uploadpage.publish"), type="primary", icon=":material/publish:", disabled=not (sure and replace), key="publish"):
                try:
                    written = publish(prepared, user, replace=not prepared.diff.is_new, confirm_warnings=bool(warnings))
                except PublishError as exc:
                    st.session_state.pop(CHECK_KEY, None)
                    st.error(exc.message(lang))
                except DataError:
                    st.error(t("uploadpage.has_errors", errors=1))
                else:
                    st.session_state["_upload_done"] = view.published_message(written, prepared, root, lang)
                    # the versions tab opens on what was just published
                    st.session_state["hist_kind"], st.session_state["hist_year"] = prepared.kind, prepared.year
                    st.session_state["_upload_nonce"] = nonce + 1
                    st.session_state.pop(CHECK_KEY, None)
                    st.rerun()
            if not (sure and replace):
                st.caption(t("uploadpage.publish_needs"))
        elif not prepared.ok:
            st.caption(t("uploadpage.nothing_written"))

with tab_history:  # versions of a year, roll back
    cols = st.columns([1, 1, 2])
    kind = cols[0].selectbox(t("uploadpage.kind"), view.KINDS, key="hist_kind", format_func=lambda k: t(f"uploadpage.kind.{k}"))
    years = view.published_years(root, kind)
    hist_year = cols[1].selectbox(t("app.year"), years, key="hist_year") if kind != "units" and years else None
    blocks, earlier, labels = view.versions(root, kind, hist_year, lang)
    draw(blocks)
    if earlier:
        st.subheader(t("uploadpage.rollback_header"))
        version = st.columns([1, 1])[0].selectbox(t("uploadpage.rollback_version"), earlier, key="rb_version", format_func=labels.get)
        rb_nonce = st.session_state.setdefault("_rollback_nonce", 0)
        kind_text = t(f"uploadpage.kind.{kind}").lower()
        sure = st.checkbox(t("uploadpage.rollback_confirm", version=version, kind=kind_text, year=hist_year or ""), key=f"rb_confirm_{rb_nonce}")
        if st.button(t("uploadpage.rollback"), icon=":material/history:", disabled=not sure, key="rollback"):
            try:
                restored = rollback(root, kind, hist_year, version, user)
            except PublishError as exc:
                st.error(exc.message(lang))
            except DataError as exc:
                st.error(t("uploadpage.rollback_invalid", errors=len(exc.problems)))
            else:
                st.session_state["_upload_done"] = view.rolled_back_message(restored, version, kind, hist_year, root, lang)
                st.session_state["_rollback_nonce"] = rb_nonce + 1  # the next rollback is confirmed afresh
                st.session_state.pop(CHECK_KEY, None)
                st.rerun()

with tab_audit:
    draw(view.audit(root, lang))
