"""The Streamlit caches: the one library module that imports streamlit.

The dataset is cached per data directory and fingerprint: after a publish the fingerprint
changes, so the next rerun of every session opens the new data, and none sees half of it.
"""

from __future__ import annotations

import streamlit as st

from . import config
from .dataset import Dataset, fingerprint, open_dataset


@st.cache_resource(max_entries=2, show_spinner=False)
def _open(root: str, stamp: str) -> Dataset:
    return open_dataset(root)


def dataset() -> Dataset:
    """The dataset of the configured data directory, opened once per version of its files."""
    root = config.data_dir()
    stamp = fingerprint(root) if root.is_dir() else "missing"
    return _open(str(root), stamp)
