"""The app's one cache layer: the dataset per data version, view results per data version and
arguments, and the server's few shared resources.

The dataset is opened once per data directory and fingerprint: after a publish the fingerprint
changes, so the next rerun of every session opens the new data and none sees half of it. A view
(or any library function of a Dataset) is computed once per data version and arguments and
shared by every session: views return finished, frozen objects that nobody changes. The cache
is bounded and its entries expire, so memory stays flat.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from cchc_metrics import config
from cchc_metrics.engine.dataset import Dataset, data_version, open_dataset

# an hour: a result outlives a few sessions' visits, never a day of publishing
TTL_SECONDS = 3600


@st.cache_resource(max_entries=2, show_spinner=False)
def _open(root: str, stamp: str) -> Dataset:
    return open_dataset(root)


def dataset() -> Dataset:
    """The dataset of the configured data directory, opened once per version of its files."""
    return dataset_of(config.data_dir())


def dataset_of(root: Path) -> Dataset:
    """The dataset of the data directory `root`, opened once per version of its files."""
    return _open(str(root), data_version(root))


def _name(fn: Callable) -> str:
    """A function's identity for the cache key: module, name, and where it is defined (two
    functions of one name stay apart). The function must read nothing but its arguments."""
    code = getattr(fn, "__code__", None)
    where = f"@{code.co_filename}:{code.co_firstlineno}" if code is not None else ""
    return f"{fn.__module__}.{fn.__qualname__}{where}"


# Views computed (the cache's misses) by function name, data directory and version, since the
# server started: what a visit cost the server, for the tests.
COMPUTED: Counter = Counter()


@st.cache_resource(max_entries=512, ttl=TTL_SECONDS, show_spinner=False)
def _view(name: str, root: str, stamp: str, args: tuple, kwargs: tuple, _fn: Callable, _ds, _tools: dict) -> Any:
    COMPUTED[(name.partition("@")[0], root, stamp)] += 1
    return _fn(_ds, *args, **dict(kwargs), **_tools)


def view(fn: Callable, ds: Dataset, *args, **kwargs) -> Any:
    """`fn(ds, *args, **kwargs)`, computed once per data directory, data version and arguments.

    One object shared by every caller and session (figures are not rebuilt for a copy): never
    change what it returns. Only for functions whose result depends on nothing but the dataset's
    input files and the arguments (not on files the app writes while it runs, such as saved
    plans). A keyword argument named with a leading underscore is a tool the function uses (the
    server's browser), passed without it and not part of the key. Exceptions are not cached.
    """
    tools = {k[1:]: v for k, v in kwargs.items() if k.startswith("_")}
    key = tuple(sorted((k, v) for k, v in kwargs.items() if not k.startswith("_")))
    return _view(_name(fn), str(ds.root), ds.fingerprint, args, key, fn, ds, tools)


def of_directory(fn: Callable, root, *args) -> Any:
    """`fn(root, *args)` for a data directory that is not opened as a dataset (the upload page's
    template), once per version of its files: the same cache as `view`."""
    root = str(root)
    return _view(_name(fn), root, data_version(Path(root)), args, (), lambda _root, *a: fn(root, *a), root, {})


def resource(make: Callable[[], Any]) -> Callable[[], Any]:
    """`make` as the server's one shared object (a browser, a login throttle): made at first use."""
    return st.cache_resource(show_spinner=False)(make)
