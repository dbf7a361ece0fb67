"""Widgets every page uses. Pages stay thin: widgets here, numbers from the library."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from cchc_metrics import i18n
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.engine.validation import DataError, problems_frame
from cchc_metrics.present.charts.common import ChartContext, png_config, slug
from cchc_metrics.present.downloads import csv_bytes, xlsx_bytes
from cchc_metrics.present.paging import PAGE_ROWS, page_count, page_rows, search_rows
from ui import cache as app_cache
from ui import markdown

LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def current_lang() -> str:
    """The language chosen in the sidebar (kept in the URL as ?lang=)."""
    return st.session_state.get("_keep_lang", i18n.DEFAULT_LANG)


def bound(widget, label: str, options: list, key: str, default=None, **kwargs):
    """A choice widget whose value lives in the URL as ?key=<option> (codes, not translated labels).

    The URL is read once per session; afterwards the widget's value is written back to it, and
    kept across pages in session state, so a copied link opens the same view.
    """
    keep = f"_keep_{key}"
    if default is None:
        default = options[0]
    if keep not in st.session_state:
        raw = st.query_params.get(key)
        st.session_state[keep] = next((o for o in options if str(o) == raw), default)
    if st.session_state[keep] not in options:
        st.session_state[keep] = default
    st.session_state[key] = st.session_state[keep]

    def remember():
        st.session_state[keep] = st.session_state[key]

    value = widget(label, options, key=key, on_change=remember, **kwargs)
    st.session_state[keep] = value
    st.query_params[key] = str(value)
    return value


def bound_tabs(tabs: dict[str, str], page: str):
    """Tabs (code → label) of which only the open one is run and drawn; returns (code, container).

    A page of several charts draws one at a time: each plotly chart costs the browser 0.1–0.2 s,
    and the tabs of a page would otherwise all be computed and drawn on every rerun. The open tab
    is kept per page for the session (`page` names it) and shown in the URL as ?tab=<code> (a
    code, not the translated label), so a copied link opens it. The URL is read once, by the first
    page of the session to ask: the page the link opened. An unknown code opens the first tab.
    """
    codes = list(tabs)
    keep = f"_keep_tab:{page}"
    if "_tab_link_read" not in st.session_state:
        st.session_state["_tab_link_read"] = True
        st.session_state[keep] = st.query_params.get("tab")
    # a click's remember() has run before this run began: the choice it kept is already here
    code = st.session_state.get(keep) if st.session_state.get(keep) in tabs else codes[0]
    st.session_state["tab"] = tabs[code]
    by_label = {label: code for code, label in tabs.items()}

    def remember():
        st.session_state[keep] = by_label.get(st.session_state["tab"], codes[0])

    boxes = st.tabs(list(tabs.values()), key="tab", on_change=remember)
    st.query_params["tab"] = code
    return code, boxes[codes.index(code)]


def tabbed(tabs: dict[str, str], page: str, draw) -> None:
    """bound_tabs(tabs, page), then draw(code of the open tab) inside it, as a fragment: a click on
    a tab (or a widget inside the tab) reruns and redraws this part of the page only, not the page
    around it. `draw` must not write to the sidebar, and what it sets is not seen by the page."""
    _tab_fragment(tabs, page, draw)


@st.fragment
def _tab_fragment(tabs: dict[str, str], page: str, draw) -> None:
    code, box = bound_tabs(tabs, page)
    with box:
        draw(code)


def t(key: str, **params) -> str:
    return i18n.t(key, current_lang(), **params)


def tm(key: str, **params) -> str:
    """t for Markdown elements (caption, subheader, info, expander…): the data in `params` shown as text."""
    return markdown.tm(key, current_lang(), **params)


def sidebar_language() -> str:
    """The language switch; its value is kept in the URL so a shared link opens in that language."""
    return bound(
        st.sidebar.radio, "Ngôn ngữ / Language", list(i18n.LANGS), "lang", format_func=LANG_NAMES.get, horizontal=True
    )


def sidebar_presentation() -> bool:
    """The presentation-mode switch: larger text, lines and markers on every chart (chart_context reads it)."""
    return st.sidebar.toggle(t("presentation.toggle"), key="presentation", help=t("presentation.help"))


def load_dataset() -> Dataset:
    """The dataset, or a clear message and a stop when the data directory cannot be used."""
    try:
        ds = app_cache.dataset()
    except DataError as exc:
        st.error(t("app.data_unusable"))
        data_table(_problem_table(exc.problems))
        st.stop()
    if ds.is_demo:
        st.sidebar.info(t("app.demo_banner"))
    if ds.problems:
        files = sorted({p.file for p in ds.problems})
        with st.sidebar.expander(t("app.files_left_out", n=len(files)), icon="⚠️"):
            data_table(_problem_table(ds.problems))
    return ds


def _problem_table(problems) -> pd.DataFrame:
    frame = problems_frame(problems, current_lang())
    return frame.rename(columns={c: t(f"problems.{c}") for c in frame.columns})


def cached(fn, ds: Dataset, *args, **kwargs):
    """`fn(ds, *args, **kwargs)` computed once per data version and arguments (app_cache.result)."""
    return app_cache.result(fn, ds, *args, **kwargs)


def chart(build, *args, **kwargs):
    """A chart builder's figure, built once per distinct input (app_cache.figure); never change it."""
    return app_cache.figure(build, *args, **kwargs)


def data_years(ds: Dataset) -> list[int]:
    """The years of the dataset (cached: every page asks on every rerun)."""
    return cached(Dataset.years, ds)


def chart_context(ds: Dataset) -> ChartContext:
    return ChartContext.from_about(ds.about, current_lang(), st.session_state.get("presentation", False))


def year_picker(years: list[int], key: str = "year", container=None) -> int:
    """A year select box, newest first, bound to the URL (?year=)."""
    box = container or st
    return bound(box.selectbox, t("app.year"), sorted(years, reverse=True), key)


def level_picker(levels: list[str] | None = None, key: str = "level", container=None) -> str:
    """District or commune, as a horizontal radio bound to the URL (?level=)."""
    box = container or st
    options = levels or ["district", "commune"]
    # the language is read now: AppTest calls format_func after the run, outside the session
    lang = current_lang()
    return bound(
        box.radio, t("app.level"), options, key, format_func=lambda v: i18n.t(f"level.{v}", lang), horizontal=True
    )


def show_chart(fig, *name_parts) -> None:
    """Draw a figure full width with the PNG button set up for slides."""
    st.plotly_chart(fig, width="stretch", config=png_config(*name_parts))


def data_table(data, **kwargs) -> None:
    """st.dataframe without the index, an empty cell reading "–" as in texts (Streamlit writes "None")."""
    st.dataframe(data, hide_index=True, placeholder=i18n.MISSING, **kwargs)


def number_table(frame: pd.DataFrame, digits: int = 2, **kwargs) -> None:
    """Show a table with numbers written as the language does: decimals with `digits` places and
    the language's marks (84,05 and 1.234,50 in Vietnamese); whole numbers plain (a year is 2024,
    not 2.024) unless their column reaches i18n.COUNT_MARKED_FROM (10.600 communes, 1.060.000
    rows), as in texts; an empty cell "–". The cells stay numbers, so a column sorts by value."""
    decimal, thousands = i18n.plotly_separators(current_lang())
    floats = [c for c in frame.columns if frame[c].dtype.kind == "f"]
    counts = [c for c in frame.columns if frame[c].dtype.kind in "iu" and (frame[c] >= i18n.COUNT_MARKED_FROM).any()]
    styled = frame.style.format(subset=floats, precision=digits, decimal=decimal, thousands=thousands)
    if counts:
        styled = styled.format(subset=counts, thousands=thousands)
    data_table(styled, **kwargs)


def download_buttons(frame: pd.DataFrame, *name_parts) -> None:
    """CSV and Excel downloads of exactly the table shown.

    The files are written only when a button is clicked (an Excel file of thousands of rows takes
    a second), and a click downloads without rerunning the page.
    """
    name = "_".join(slug(p) for p in name_parts if p not in (None, ""))
    table = frame.copy(deep=False)  # the page's later changes to `frame` must not reach the file
    left, right = st.columns(2)
    left.download_button(
        t("app.download_csv"),
        partial(csv_bytes, table),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"csv-{name}",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        t("app.download_xlsx"),
        partial(xlsx_bytes, table, sheet=name[:31]),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx-{name}",
        icon=":material/download:",
        on_click="ignore",
    )


def paged(frame: pd.DataFrame, key: str, search_columns: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Search box and page number for a table longer than a page; returns (rows found, rows of the page).

    Never ten thousand rows at once: a table of PAGE_ROWS or fewer is shown whole (a city's 85
    communes); a longer one is searched (case- and diacritic-insensitive) and shown a page at a
    time, with a caption saying which rows are shown. Downloads should carry the rows found.
    `search_columns`: the name and code columns of a table of units (the caption counts units);
    None for any other table: every text column is searched and the caption counts rows.
    """
    if len(frame) <= PAGE_ROWS:
        return frame, frame
    left, right = st.columns([3, 1])
    of_units = search_columns is not None
    needle = left.text_input(
        t("paging.search" if of_units else "paging.search_rows"), key=f"{key}_search", help=t("paging.search_help")
    )
    if search_columns is None:
        search_columns = [
            c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])
        ]
    found = search_rows(frame, needle, search_columns)
    pages = page_count(len(found), PAGE_ROWS)
    # keyed by the search: a new search starts again at page 1 within its own page count
    page = right.number_input(
        t("paging.page", pages=pages), min_value=1, max_value=pages, value=1, key=f"{key}_page:{needle}"
    )
    visible = page_rows(found, page, PAGE_ROWS)
    first = min(len(found), (min(page, pages) - 1) * PAGE_ROWS + 1)
    st.caption(
        t(
            "paging.showing" if of_units else "paging.showing_rows",
            first=first,
            last=first + len(visible) - 1,
            total=len(found),
            of_all=t("paging.of_all", all=len(frame)) if len(found) < len(frame) else "",
        )
    )
    return found, visible
