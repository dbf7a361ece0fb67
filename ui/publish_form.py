"""The upload page's steps after a file is chosen: its check (kept in the session), the report
and the difference, the publish confirmation, a year's boundaries; and the rollback confirmation.

Each confirmation asks what it must (warnings accepted, a replacement confirmed), acts through
the library (publishing.publish, rollback), and on success leaves its message for the next run
and returns True: the page then starts afresh with the new data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from cchc_metrics.engine.dataset import data_version, ready_version
from cchc_metrics.engine.reading import Limits
from cchc_metrics.engine.validation import DataError
from cchc_metrics.publish.publishing import Prepared, PublishError, file_key, publish, rollback
from cchc_metrics.views import upload as view
from cchc_metrics.views.common import context
from ui.cache import view as cached
from ui.draw import draw, load_dataset
from ui.state import compact, number, presentation, t

DONE_KEY = "_upload_done"  # the message the next run shows
CHECK_KEY = "_upload_check"  # this session's upload and its check (file hash, data version, limits)
NONCE_KEY = "_upload_nonce"  # the uploader's generation: a new one after a publish starts it empty


def checked_upload(key: tuple, check: Callable):
    """`check()` of the upload identified by `key` (its hash, name, the data version, …), once:
    a rerun shows the check kept in the session."""
    if st.session_state.get(CHECK_KEY, (None,))[0] != key:
        with st.spinner(t("uploadpage.checking")):
            st.session_state[CHECK_KEY] = (key, check())
    return st.session_state[CHECK_KEY][1]


def report_and_publish(prepared: Prepared, name: str, root: Path, user: str, lang: str, preview=None) -> None:
    """The check's report; for a file without errors what publishing changes, `preview()` (blocks
    to draw), and the publish form; after a publish the page starts afresh."""
    draw(view.report(prepared, Path(name).stem, lang))
    if prepared.ok and prepared.diff is not None:
        draw(view.difference(prepared, root, lang))
        if preview is not None:
            draw(preview())
        if publish_form(prepared, root, user, lang):
            st.session_state[NONCE_KEY] = st.session_state.get(NONCE_KEY, 0) + 1
            st.session_state.pop(CHECK_KEY, None)
            st.rerun()
    elif not prepared.ok:
        st.caption(t("uploadpage.nothing_written"))


def boundary_upload(root: Path, user: str, lang: str, limits: Limits) -> None:
    """A year's boundary file: the year (?boundary_year=), the upload, its check, the map it would
    draw, publish."""
    ds = load_dataset()
    st.subheader(t("uploadpage.boundary_header"))
    default = cached(view.boundary_year, ds)
    year = number(t("uploadpage.boundary_year"), "boundary_year", default, 2000, 2100, width=220)
    draw(view.boundary_intro(root, year, lang))
    st.subheader(t("uploadpage.boundary_upload_header"))
    max_mb, hint = view.boundary_limits(limits, lang)
    nonce = st.session_state.get(NONCE_KEY, 0)
    uploaded = st.file_uploader(
        t("uploadpage.boundary_uploader"),
        view.BOUNDARY_TYPES,
        key=f"boundary_{nonce}",
        max_upload_size=max_mb,
        help=hint,
    )
    if uploaded is None:
        st.session_state.pop(CHECK_KEY, None)
        st.info(t("uploadpage.boundary_waiting"), icon=":material/upload_file:")
        return
    data = uploaded.getvalue()
    key = ("boundaries", hashlib.sha256(data).hexdigest(), uploaded.name, data_version(root), year)
    prepared = checked_upload(key, lambda: view.check_boundary(data, uploaded.name, str(root), year))
    ctx = context(ds, lang, presentation(), compact())
    report_and_publish(prepared, uploaded.name, root, user, lang, lambda: view.boundary_preview(ds, prepared, ctx))


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
            with st.spinner(t("uploadpage.preparing")):
                ready_version(root)  # no reader waits for the new version's build
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
        with st.spinner(t("uploadpage.preparing")):
            ready_version(root)
        st.session_state[DONE_KEY] = view.rolled_back_message(restored, version, kind, year, root, lang)
        st.session_state["_rollback_nonce"] = nonce + 1  # the next rollback is confirmed afresh
        return True
    return False
