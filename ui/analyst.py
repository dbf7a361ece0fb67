"""Who may write into the data directory from the app: analysts only, once they have logged in.

Until the analyst login exists in the app, nothing here can turn writing on for a viewer:
`analyst_logged_in()` is True only when the login has put a verified analyst's name into the
session (ANALYST_KEY), or when an OIDC user's e-mail is listed under `analyst_emails` in the
app's secrets. Every page that writes (saving a plan, publishing) asks this one function.
"""

from __future__ import annotations

import streamlit as st

from cchc_metrics.accounts import analyst_emails

# Set by the analyst login (and only by it) to the verified analyst's name.
ANALYST_KEY = "analyst_user"


def analyst_logged_in() -> bool:
    """True only when an analyst is logged in in this session; False for every viewer."""
    name = st.session_state.get(ANALYST_KEY)
    if isinstance(name, str) and name:
        return True
    try:
        if not st.user.get("is_logged_in", False):
            return False
        return str(st.user.get("email", "")).casefold() in {e.casefold() for e in analyst_emails(st.secrets)}
    except Exception:  # no secrets file, no auth section: nobody is an analyst
        return False
