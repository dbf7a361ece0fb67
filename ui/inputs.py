"""URL-bound inputs that are not a choice among options: a whole number and an on/off switch.

Like ui.common.bound: the URL is read once per session (?key=value), then the widget's value is
written back to it and kept across pages, so a copied link opens the same view.
"""

from __future__ import annotations

import streamlit as st


def _start(key: str, default, parse):
    keep = f"_keep_{key}"
    if keep not in st.session_state:
        raw = st.query_params.get(key)
        try:
            st.session_state[keep] = parse(raw) if raw is not None else default
        except ValueError:
            st.session_state[keep] = default
    st.session_state[key] = st.session_state[keep]

    def remember():
        st.session_state[keep] = st.session_state[key]

    return keep, remember


def bound_number(label: str, key: str, default: int, min_value: int, max_value: int, container=None, **kwargs) -> int:
    """A whole-number input bound to the URL (?key=N); values out of range fall back to `default`."""

    def parse(raw):
        value = int(raw)
        if not min_value <= value <= max_value:
            raise ValueError(raw)
        return value

    keep, remember = _start(key, default, parse)
    box = container or st
    value = int(
        box.number_input(label, min_value=min_value, max_value=max_value, step=1, key=key, on_change=remember, **kwargs)
    )
    st.session_state[keep] = value
    st.query_params[key] = str(value)
    return value


def set_bound(key: str, value) -> None:
    """Change a bound input's value from code (a button's on_click), before the widget is drawn."""
    st.session_state[f"_keep_{key}"] = value


def bound_toggle(label: str, key: str, default: bool, container=None, **kwargs) -> bool:
    """An on/off switch bound to the URL (?key=1 or ?key=0)."""

    def parse(raw):
        if raw not in ("0", "1"):
            raise ValueError(raw)
        return raw == "1"

    keep, remember = _start(key, default, parse)
    box = container or st
    value = bool(box.toggle(label, key=key, on_change=remember, **kwargs))
    st.session_state[keep] = value
    st.query_params[key] = "1" if value else "0"
    return value
