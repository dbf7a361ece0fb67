"""Đăng nhập (Log in): the analyst login, who is logged in, and how to set up an analyst account."""

import streamlit as st

from ui.auth import analysts_configured, current_user, is_analyst, login_form, logout, require_login_to_view
from ui.state import t, tm

st.title(t("auth.title"))
user = current_user()
if user is None:
    st.caption(t("auth.caption_private") if require_login_to_view() else t("auth.caption"))
    login_form()
else:
    role = t("auth.role_analyst") if is_analyst() else t("auth.role_viewer")
    st.success(tm("auth.logged_in_as", user=user, role=role), icon=":material/verified_user:")
    if is_analyst():
        st.page_link("app_pages/upload.py", label=t("nav.upload"), icon=":material/upload_file:")
    elif analysts_configured():
        st.caption(t("auth.not_analyst"))
    if st.button(t("auth.logout"), icon=":material/logout:", key="logout_page"):
        logout()
        st.rerun()
