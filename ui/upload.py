"""Streamlit pieces of the upload page: the cached template, the check of an upload kept per session."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from cchc_metrics.engine.dataset import fingerprint
from cchc_metrics.engine.reading import Limits
from cchc_metrics.publish.publishing import Prepared
from cchc_metrics.publish.templates import template_frame
from cchc_metrics.views.upload import prepare_upload

CHECK_KEY = "_upload_check"


def data_stamp(root: Path) -> str:
    """The data directory's fingerprint: a check or a template made before a publish is stale after it."""
    return fingerprint(root) if root.is_dir() else "missing"


@st.cache_data(max_entries=8, show_spinner=False)
def cached_template(root: str, stamp: str, year: int, level: str) -> tuple[pd.DataFrame, int]:
    """templates.template_frame once per data version, year and level (TemplateError is not cached)."""
    return template_frame(root, year, level)


def checked_upload(data: bytes, name: str, root: Path, limits: Limits) -> Prepared:
    """The check of an uploaded file, made once per file content and data version in this session."""
    key = (hashlib.sha256(data).hexdigest(), name, str(root), data_stamp(root), limits)
    kept = st.session_state.get(CHECK_KEY)
    if kept is not None and kept[0] == key:
        return kept[1]
    prepared = prepare_upload(data, name, root, limits)
    st.session_state[CHECK_KEY] = (key, prepared)
    return prepared


def forget_check() -> None:
    st.session_state.pop(CHECK_KEY, None)
