"""The upload page's two confirmations: publish a checked file, roll a year back to a version.

Each asks what it must (warnings accepted, a replacement confirmed), acts through the library
(publishing.publish, rollback), and on success leaves its message for the next run and returns
True: the page then starts afresh with the new data.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from cchc_metrics.engine.validation import DataError
from cchc_metrics.publish.publishing import Prepared, PublishError, file_key, publish, rollback
from cchc_metrics.views import upload as view
from ui.state import t

DONE_KEY = "_upload_done"  # the message the next run shows
CHECK_KEY = "_upload_check"  # this session's upload and its check (file hash, data version, limits)


def publish_form(prepared: Prepared, root: Path, user: str, lang: str) -> bool:
    """Confirm and publish `prepared`; True once published."""
    st.subheader(t("uploadpage.publish_header"))
    warnings, kind = len(prepared.warnings), view.kind_name(prepared, lang)
    sure = not warnings or st.checkbox(t("uploadpage.confirm_warnings", warnings=warnings), key="confirm_warnings")
    replace = prepared.diff.is_new or st.checkbox(
        t("uploadpage.confirm_replace", kind=kind.lower(), year=prepared.year or ""), key="confirm_replace"
    )
    ready = sure and replace
    published = False
    if st.button(t("uploadpage.publish"), type="primary", icon=":material/publish:", disabled=not ready, key="publish"):
        try:
            written = publish(prepared, user, replace=not prepared.diff.is_new, confirm_warnings=bool(warnings))
        except PublishError as exc:
            st.session_state.pop(CHECK_KEY, None)  # the data changed under the check: check again
            st.error(exc.message(lang))
        except DataError:
            st.error(t("uploadpage.has_errors", errors=1))
        else:
            st.session_state[DONE_KEY] = view.published_message(written, prepared, root, lang)
            # the versions tab opens on what was just published
            key = file_key(prepared.year, prepared.part) if prepared.year is not None else None
            st.session_state["hist_kind"], st.session_state["hist_year"] = prepared.kind, key
            published = True
    if not ready:
        st.caption(t("uploadpage.publish_needs"))
    return published


def rollback_form(root: Path, kind: str, year: int | None, earlier: tuple, labels: dict, user: str, lang: str) -> bool:
    """Choose an earlier version of a kind and year, confirm, restore it; True once restored."""
    st.subheader(t("uploadpage.rollback_header"))
    version = st.columns([1, 1])[0].selectbox(
        t("uploadpage.rollback_version"), earlier, key="rb_version", format_func=labels.get
    )
    nonce = st.session_state.setdefault("_rollback_nonce", 0)
    kind_text = t(f"uploadpage.kind.{kind}").lower()
    sure = st.checkbox(
        t("uploadpage.rollback_confirm", version=version, kind=kind_text, year=year or ""), key=f"rb_confirm_{nonce}"
    )
    if not st.button(t("uploadpage.rollback"), icon=":material/history:", disabled=not sure, key="rollback"):
        return False
    try:
        year_of_file, part = view.split_key(year)  # a file key: 2025, or 2025-departments
        restored = rollback(root, kind, year_of_file, version, user, part)
    except PublishError as exc:
        st.error(exc.message(lang))
    except DataError as exc:
        st.error(t("uploadpage.rollback_invalid", errors=len(exc.problems)))
    else:
        st.session_state[DONE_KEY] = view.rolled_back_message(restored, version, kind, year, root, lang)
        st.session_state["_rollback_nonce"] = nonce + 1  # the next rollback is confirmed afresh
        return True
    return False
