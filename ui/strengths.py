"""Widgets and caches of the strengths-and-weaknesses page.

The analyses place every unit against its peers on each rerun (a second or two over all
years); their results are cached per data version (the dataset's fingerprint) and arguments, so
moving a widget only recomputes what changed. Cached frames are copies: pages may not mutate them anyway.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cchc_metrics.analysis import narrative, province
from cchc_metrics.analysis import strengths as views
from cchc_metrics.engine.dataset import Dataset
from ui.common import download_buttons, number_table, t

# the analyses the page may call through the cache, by name (st.cache_data hashes the name, not the function)
ANALYSES = {
    "levels_in": views.levels_in,
    "weakness_grid": views.weakness_grid,
    "exemplar_table": views.exemplar_table,
    "weakness_list": views.weakness_list,
    "still_chronic": views.still_chronic,
    "over_claimer_table": views.over_claimer_table,
    "fixed_by_district": views.fixed_by_district,
    "unit_strengths": views.unit_strengths,
    "unit_remediation": views.unit_remediation,
    "finding_choices": views.finding_choices,
    "finding_table": views.finding_table,
    "lost_points": province.lost_points,
    "common_weaknesses": province.common_weaknesses,
    "narrative": narrative.narrative,
}


@st.cache_data(max_entries=256, show_spinner=False)
def _run(name: str, stamp: str, args: tuple, kwargs: tuple, _ds: Dataset):
    return ANALYSES[name](_ds, *args, **dict(kwargs))


def cached(name: str, ds: Dataset, *args, **kwargs):
    """ANALYSES[name](ds, *args, **kwargs), cached per data version and arguments."""
    return _run(name, ds.fingerprint, args, tuple(sorted(kwargs.items())), ds)


def bound_text(label: str, key: str, container=None, **kwargs) -> str:
    """A text input whose value lives in the URL as ?key=<text> (left out of the URL when empty)."""
    keep = f"_keep_{key}"
    if keep not in st.session_state:
        st.session_state[keep] = st.query_params.get(key, "")
    st.session_state[key] = st.session_state[keep]

    def remember():
        st.session_state[keep] = st.session_state[key]

    box = container or st
    value = box.text_input(label, key=key, on_change=remember, **kwargs)
    st.session_state[keep] = value
    if value:
        st.query_params[key] = value
    elif key in st.query_params:
        del st.query_params[key]
    return value


TEXT_COLUMNS = ("text", "theme", "learn_from", "criterion_name")
LONG_TEXT = {"text": "large", "theme": "large"}
ROW_PX = 35


def show_table(
    frame: pd.DataFrame, *name_parts, height: int | str = "auto", every_row: pd.DataFrame | None = None
) -> pd.DataFrame:
    """A table with translated headers (strengths.col.*), and CSV/Excel downloads of exactly it.

    Decimals are written as the language writes them (84,05); years and counts stay plain
    integers (no thousands mark: 2024, not 2.024); text cells (findings, themes, whom to learn
    from) are plain text, never rendered as Markdown or HTML. `name_parts` name the downloaded files.
    `every_row`: when `frame` is one page of a longer table, the downloads carry these rows.
    Returns the table as shown (translated headers).
    """
    shown = frame.rename(columns={c: t(f"strengths.col.{c}") for c in frame.columns})
    config = {
        t(f"strengths.col.{c}"): st.column_config.TextColumn(width=LONG_TEXT.get(c, "medium"))
        for c in TEXT_COLUMNS
        if c in frame.columns
    }
    if isinstance(height, int) and len(frame) * ROW_PX + 40 < height:
        height = "auto"  # a short table without empty rows below it
    number_table(shown, width="stretch", height=height, column_config=config)
    downloaded = (
        shown
        if every_row is None
        else every_row.rename(columns={c: t(f"strengths.col.{c}") for c in every_row.columns})
    )
    download_buttons(downloaded, *name_parts)
    return shown
