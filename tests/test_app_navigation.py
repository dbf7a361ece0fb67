"""The app's navigation: every page listed in dashboard.py, and no `pages/` folder.

Why no `pages/`: while a `pages/` folder sits beside dashboard.py, Streamlit starts in its old
multipage mode until some session has run dashboard.py. On a freshly started server a shared link
such as /district_profile?lang=en then runs the page file alone: no language switch, no
navigation, no wide layout. AppTest's switch_page always runs that way. Pages live in app_pages/.
"""

import re

from helpers import PROJECT

DASHBOARD = (PROJECT / "dashboard.py").read_text(encoding="utf-8")


def test_no_pages_folder_beside_the_dashboard():
    assert not (PROJECT / "pages").exists()


def test_every_page_file_is_listed_once_and_exists():
    listed = re.findall(r'"(app_pages/\w+\.py)"', DASHBOARD)
    files = sorted(p.relative_to(PROJECT).as_posix() for p in (PROJECT / "app_pages").glob("*.py"))
    assert sorted(listed) == files
    assert len(set(listed)) == len(listed)
