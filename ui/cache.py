"""The Streamlit caches: the one library module that imports streamlit.

The dataset is cached per data directory and fingerprint: after a publish the fingerprint
changes, so the next rerun of every session opens the new data, and none sees half of it.

Results computed from the dataset are cached per data version and arguments (`result`), and
charts per distinct input (`figure`): a rerun that only moves one widget then rebuilds only
what that widget changes. Both caches are bounded and expire, so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from cchc_metrics import config
from cchc_metrics.engine.dataset import Dataset, fingerprint, open_dataset

# an hour: a result outlives a few sessions' visits, never a day of publishing
TTL_SECONDS = 3600


@st.cache_resource(max_entries=2, show_spinner=False)
def _open(root: str, stamp: str) -> Dataset:
    return open_dataset(root)


def dataset() -> Dataset:
    """The dataset of the configured data directory, opened once per version of its files."""
    root = config.data_dir()
    stamp = fingerprint(root) if root.is_dir() else "missing"
    return _open(str(root), stamp)


def _name(fn: Callable) -> str:
    """A function's identity for the cache key: module, name, and where it is defined (two pages'
    helpers of one name stay apart). The function must read nothing but its arguments."""
    code = getattr(fn, "__code__", None)
    where = f"@{code.co_filename}:{code.co_firstlineno}" if code is not None else ""
    return f"{fn.__module__}.{fn.__qualname__}{where}"


@st.cache_data(max_entries=512, ttl=TTL_SECONDS, show_spinner=False)
def _result(name: str, root: str, stamp: str, args: tuple, kwargs: tuple, _fn: Callable, _ds: Dataset) -> Any:
    return _fn(_ds, *args, **dict(kwargs))


def result(fn: Callable, ds: Dataset, *args, **kwargs) -> Any:
    """`fn(ds, *args, **kwargs)`, cached per data directory, data version and arguments.

    Every caller gets its own copy (st.cache_data), so a page may change what it gets. Only for
    functions whose result depends on nothing but the dataset's input files and the arguments
    (not on files the app writes while it runs, such as saved plans). Exceptions are not cached.
    """
    return _result(_name(fn), str(ds.root), ds.fingerprint, args, tuple(sorted(kwargs.items())), fn, ds)


@st.cache_resource(max_entries=64, ttl=TTL_SECONDS, show_spinner=False)
def _shared(name: str, root: str, stamp: str, args: tuple, kwargs: tuple, _fn: Callable, _ds: Dataset) -> Any:
    return _fn(_ds, *args, **dict(kwargs))


def shared_result(fn: Callable, ds: Dataset, *args, **kwargs) -> Any:
    """Like `result`, but one object shared by every caller and session, not a copy: for results
    that hold figures (a copy would rebuild them). Never change what it returns."""
    return _shared(_name(fn), str(ds.root), ds.fingerprint, args, tuple(sorted(kwargs.items())), fn, ds)


@st.cache_resource(max_entries=256, ttl=TTL_SECONDS, show_spinner=False)
def _figure(name: str, args: tuple, kwargs: tuple, _build: Callable):
    return _build(*args, **dict(kwargs))


def figure(build: Callable, *args, **kwargs):
    """`build(*args, **kwargs)`, a chart builder's plotly Figure, built once per distinct input.

    The inputs (frames, labels, the chart context) are hashed, so the same data and labels give the
    same figure without building it again. The figure is shared by every session: never change it
    (st.plotly_chart only reads it).
    """
    return _figure(_name(build), args, tuple(sorted(kwargs.items())), build)
