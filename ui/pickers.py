"""URL-bound pickers the profile, area, trend and method pages share (codes in the URL, names shown)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cchc_metrics.present.labels import area_names
from cchc_metrics.present.shortlist import show_choices
from ui.common import bound, cached, current_lang, t


def area_picker(ds, key: str = "area", label: str | None = None, container=None) -> str:
    """A reform-area select box bound to the URL (?area=<code>)."""
    names = cached(area_names, ds, current_lang())
    box = container or st
    return bound(box.selectbox, label or t("pages.area"), list(names), key, format_func=names.get)


def unit_picker(options, label: str, key: str = "unit", container=None) -> str:
    """A searchable select box of units (type to filter), bound to the URL by unit code.

    `options` is a profiles.unit_options frame; returns the chosen unit_code.
    """
    labels = dict(zip(options["unit_code"], options["label"]))
    box = container or st
    return bound(box.selectbox, label, list(labels), key, format_func=labels.get, help=t("pages.search_help"))


def show_picker(key: str, n: int, total: int, container=None) -> str:
    """Top N, bottom N or all (shortlist.show_choices), bound to the URL (?<key>=top|bottom|all)."""
    choices = show_choices(total, n)
    if choices == ["all"]:
        return "all"
    box = container or st
    labels = {v: t(f"pages.show_{v}", n=n, total=total) for v in choices}
    return bound(box.radio, t("pages.show"), choices, key, horizontal=True, format_func=labels.get)


def bound_multi(label: str, options: list, key: str, default: list, format_func=str, container=None, **kwargs) -> list:
    """A multiselect whose choice lives in the URL as ?key=a,b,c (codes); unknown codes are dropped,
    and a choice longer than `max_selections` is cut to its first ones."""
    keep = f"_keep_{key}"
    if keep not in st.session_state:
        raw = st.query_params.get(key)
        chosen = [o for o in (raw.split(",") if raw else []) if o in options] if raw is not None else None
        st.session_state[keep] = chosen if chosen else list(default)
    # more than the widget allows (a long default, a hand-made link) would stop the page: keep the first ones
    st.session_state[keep] = [o for o in st.session_state[keep] if o in options][: kwargs.get("max_selections")]
    st.session_state[key] = st.session_state[keep]

    def remember():
        st.session_state[keep] = st.session_state[key]

    box = container or st
    value = box.multiselect(label, options, key=key, on_change=remember, format_func=format_func, **kwargs)
    st.session_state[keep] = list(value)
    st.query_params[key] = ",".join(value)
    return list(value)


def index_card(left, right, row, ctx) -> None:
    """Two metrics from a profiles.unit_years row: the index with its change, the rank with its change."""
    delta = row["delta_pct"]
    left.metric(
        t("pages.index"),
        ctx.num(row["index_pct"]) + " %",
        delta=None if pd.isna(delta) else ctx.num(delta, signed=True) + " " + t("unit.points_pct"),
    )
    change = row["rank_change"]
    right.metric(
        t("pages.rank"),
        t("pages.rank_of", rank=row["rank"], n=row["ranked_units"]),
        delta=None if pd.isna(change) else t("pages.rank_change", n=int(change)),
    )
