"""Who is using the app: viewers (no login), analysts (may write into the data directory), and the login.

Two ways to be an analyst, read from the app's secrets (`.streamlit/secrets.toml`):
- local accounts: `[analysts] name = "<hash from python -m cchc_metrics hash-password>"`; the login
  form checks the password (cchc_metrics.publish.accounts.authenticate) and puts the verified name into the
  session (ANALYST_KEY). Failed attempts are throttled by one Throttle shared by every session.
- an OIDC provider (`[auth]` section, st.login): analysts are the e-mail addresses listed in
  `analyst_emails`; any other logged-in user is a viewer.

Viewing needs no login unless `[cchc] require_login_to_view = true` (or CCHC_REQUIRE_LOGIN=1); then
local `[viewers]` accounts (same hash format), analysts, or any OIDC user may view.
Passwords and hashes are never shown or logged.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import streamlit as st

from cchc_metrics.publish.accounts import Analyst, RehashStore, Throttle, analyst_emails, authenticate, load_analysts
from ui.cache import resource
from ui.state import t, tm

# Set by the login form (and only by it) to the verified account's name.
ANALYST_KEY = "analyst_user"
VIEWER_KEY = "viewer_user"
REQUIRE_LOGIN_ENV = "CCHC_REQUIRE_LOGIN"
TRUE_WORDS = {"1", "true", "yes", "on"}


@resource
def login_throttle() -> Throttle:
    """The one Throttle of failed logins, shared by every session of this server (thread-safe)."""
    return Throttle()


def settings() -> Mapping:
    """The app's secrets as a plain mapping; empty when there is no secrets file."""
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml anywhere: nobody is an analyst, viewing is open
        return {}


REHASHED = Path(__file__).resolve().parent.parent / ".streamlit" / "rehashed.json"  # git-ignored


@resource
def rehash_store() -> RehashStore:
    """Where hashes made again at login with today's cost are kept (the secrets file is read-only)."""
    return RehashStore(REHASHED)


def client_address() -> str | None:
    """The address this session comes from (a proxy's forwarded one first): throttles count per
    address, so one visitor cannot lock a name for everyone."""
    try:
        forwarded = (st.context.headers.get("X-Forwarded-For") or "").split(",")[0].strip()
        address = forwarded or st.context.ip_address
        return address if isinstance(address, str) and address else None
    except Exception:  # no request context (a test run): every attempt counts as from one place
        return None


def analyst_accounts() -> dict[str, Analyst]:
    return load_analysts(settings(), rehash_store())


def viewer_accounts() -> dict[str, Analyst]:
    return load_analysts({"analysts": settings().get("viewers", {})})


def oidc_configured() -> bool:
    """True when an `[auth]` section exists, so st.login can be offered."""
    return bool(settings().get("auth"))


def analysts_configured() -> bool:
    """True when someone can become an analyst: a local account, or listed e-mails with OIDC."""
    return bool(analyst_accounts()) or (oidc_configured() and bool(analyst_emails(settings())))


def require_login_to_view() -> bool:
    """The setting that closes the dashboard to anonymous viewers (secrets [cchc], else the environment)."""
    value = (settings().get("cchc") or {}).get("require_login_to_view")
    if value is None:
        value = os.environ.get(REQUIRE_LOGIN_ENV, "")
    return str(value).strip().lower() in TRUE_WORDS


def _oidc_user() -> dict:
    try:
        if st.user.get("is_logged_in", False):
            return {"email": str(st.user.get("email", "") or ""), "name": str(st.user.get("name", "") or "")}
    except Exception:  # no auth configured: st.user has nothing to say
        pass
    return {}


def current_user() -> str | None:
    """Who is logged in in this session (an account name or an OIDC e-mail), or None for an anonymous viewer."""
    for key in (ANALYST_KEY, VIEWER_KEY):
        name = st.session_state.get(key)
        if isinstance(name, str) and name:
            return name
    return _oidc_user().get("email") or None


def is_analyst() -> bool:
    """True only when an analyst is logged in in this session; False for every viewer."""
    name = st.session_state.get(ANALYST_KEY)
    if isinstance(name, str) and name:
        return True
    email = _oidc_user().get("email", "").strip().lower()
    return bool(email) and email in analyst_emails(settings())


def may_view() -> bool:
    """Whether this session may see the dashboard."""
    return not require_login_to_view() or current_user() is not None


def logout() -> None:
    st.session_state.pop(ANALYST_KEY, None)
    st.session_state.pop(VIEWER_KEY, None)
    if _oidc_user():
        try:
            st.logout()
        except Exception:  # nothing to log out of
            pass


def _check_login(user: str, password: str) -> str:
    """Check the form's credentials; on success put the account into the session. Returns authenticate()'s answer."""
    throttle = login_throttle()
    analysts = analyst_accounts()
    if user.strip() in analysts or not viewer_accounts():
        answer = authenticate(analysts, throttle, user, password, client_address(), rehash_store())
        role = ANALYST_KEY
    else:
        answer = authenticate(viewer_accounts(), throttle, user, password, client_address())
        role = VIEWER_KEY
    if answer == "ok":
        st.session_state[role] = user.strip()
    return answer


def login_form() -> None:
    """The login: local account form and, with OIDC configured, the provider's button."""
    if oidc_configured():
        if st.button(t("auth.oidc_login"), icon=":material/login:", type="primary"):
            try:
                st.login()
            except Exception:
                st.error(t("auth.oidc_unavailable"))
    if analyst_accounts() or viewer_accounts():
        with st.form("login", enter_to_submit=True):
            user = st.text_input(t("auth.user"), key="login_user", autocomplete="username")
            password = st.text_input(
                t("auth.password"), type="password", key="login_password", autocomplete="current-password"
            )
            submitted = st.form_submit_button(t("auth.login"), icon=":material/login:", type="primary")
        if submitted:
            answer = _check_login(user, password)
            if answer == "ok":
                st.rerun()
            elif answer == "throttled":
                minutes = max(1, round(login_throttle().retry_after(user, client_address()) / 60))
                st.error(t("auth.throttled", minutes=minutes))
            else:
                st.error(t("auth.invalid"))
    if not analysts_configured():
        setup_help()


def setup_help() -> None:
    """That no analyst account exists, and where the server's administrator finds how to make one
    (README, "Analysts"): a visitor is shown no commands and no server configuration."""
    st.info(t("auth.no_analysts"), icon=":material/info:")
    st.caption(t("auth.setup_admin"))


def sidebar_account() -> None:
    """Who is logged in, with a logout button; nothing for an anonymous viewer."""
    user = current_user()
    if user is None:
        return
    role = t("auth.role_analyst") if is_analyst() else t("auth.role_viewer")
    st.sidebar.caption(tm("auth.logged_in_as", user=user, role=role))
    if st.sidebar.button(t("auth.logout"), icon=":material/logout:", key="logout"):
        logout()
        st.rerun()
