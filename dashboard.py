"""CCHC Metrics: the Streamlit app. Run with `streamlit run dashboard.py`."""

import logging
from pathlib import Path

import streamlit as st

from cchc_metrics import i18n
from ui.auth import is_analyst, may_view, sidebar_account
from ui.draw import house_style
from ui.state import follow_opened, sidebar_language, sidebar_presentation
from ui.warm import watch

# the icon is a file of ours: a Material icon name makes every page fetch it from a font CDN,
# which a network without the internet never answers
st.set_page_config(
    page_title="CCHC Metrics", page_icon=str(Path(__file__).parent / "ui" / "assets" / "favicon.png"), layout="wide"
)

house_style()
lang = sidebar_language()
watch(lang)  # a new data version made ready before its first visitor (ui.warm)
sidebar_presentation()
sidebar_account()

PAGES = [
    ("app_pages/overview.py", "nav.overview", ":material/dashboard:", True),
    ("app_pages/district_profile.py", "nav.district", ":material/location_city:", False),
    ("app_pages/commune_profile.py", "nav.commune", ":material/home_work:", False),
    ("app_pages/department_profile.py", "nav.department", ":material/apartment:", False),
    ("app_pages/scorecard.py", "nav.scorecard", ":material/id_card:", False),
    ("app_pages/compare.py", "nav.compare", ":material/compare_arrows:", False),
    ("app_pages/reform_area.py", "nav.area", ":material/category:", False),
    ("app_pages/trends.py", "nav.trends", ":material/trending_up:", False),
    ("app_pages/strengths.py", "nav.strengths", ":material/balance:", False),
    ("app_pages/reorganisation.py", "nav.reorganisation", ":material/account_tree:", False),
    ("app_pages/planning.py", "nav.planning", ":material/fact_check:", False),
    ("app_pages/method.py", "nav.method", ":material/menu_book:", False),
    ("app_pages/briefing.py", "nav.briefing", ":material/slideshow:", False),
]

# Listed only for analysts: a viewer's session has no such page, so its address leads nowhere
# (and the page refuses viewers itself as well).
ANALYST_PAGES = [("app_pages/upload.py", "nav.upload", ":material/upload_file:", False)]
LOGIN_PAGE = ("app_pages/login.py", "nav.login", ":material/login:", False)

if not may_view():  # login required for viewing too: nothing but the login page
    listed = [LOGIN_PAGE[:3] + (True,)]
else:
    listed = PAGES + (ANALYST_PAGES if is_analyst() else []) + [LOGIN_PAGE]
# Expanded: every page listed (by default Streamlit folds away all but ten behind "View more").
page = st.navigation(
    [st.Page(path, title=i18n.t(key, lang), icon=icon, default=default) for path, key, icon, default in listed],
    expanded=True,
)
follow_opened()  # a unit opened from a chart or a button (ui.state.open_unit)
try:
    page.run()
except Exception:  # st.stop() and reruns are not Exceptions; this is a page that failed
    # the detail goes to the server's log; the visitor gets a short message, no path or code
    logging.getLogger("cchc_metrics.app").exception("page %s failed", page.title)
    st.error(i18n.t("app.page_failed", lang))
