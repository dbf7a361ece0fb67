"""Draw what the views return: charts, tables (searched, paged, downloadable), cards and notes.

Nothing here words or reshapes anything: the views give finished texts and tables. Texts from
data arrive escaped for Markdown (present.text); table cells are never rendered as Markdown.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from cchc_metrics import i18n
from cchc_metrics.engine.validation import DataError, problems_frame
from cchc_metrics.present.charts.common import fit_source_line, png_config, slug
from cchc_metrics.present.downloads import csv_bytes, csv_excel_vi_bytes, xlsx_bytes
from cchc_metrics.present.paging import PAGE_ROWS, page_count, page_rows, search_rows
from cchc_metrics.views.common import in_province, province_choice, province_note
from cchc_metrics.views.model import WRAP_ROW_PX, Card, Chart, Download, Editable, Fold, Note, Opener, Table, headers
from ui import cache
from ui.state import choice, compact, current_lang, open_unit, opened_count, t

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROW_PX = 35
CONTENT_ROWS = 30  # a table of this many rows or fewer is drawn whole; a longer one scrolls in its frame
MAX_TALL_PX = 900  # a frame of tall rows (wrapped texts) at most this high
_BOXES = {"info": st.info, "warning": st.warning, "success": st.success, "error": st.error}
# A card's value is written whole, on two lines if it must: Streamlit cuts a long value with "…",
# and a card's value may be a unit's name ("Đài Phát thanh và Truyền hình" on a phone).
HOUSE_STYLE = """<style>
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: anywhere;
}
</style>"""


def house_style() -> None:
    """The app's few rules of layout beyond Streamlit's own (HOUSE_STYLE): once per script run."""
    st.html(HOUSE_STYLE)


def draw(*blocks) -> pd.DataFrame | None:
    """Draw each block in order: a Chart, Table, Note, Card, Fold, a tuple of Cards (one row), a
    list of blocks, or None (nothing). Returns the rows shown by the last table drawn (one page
    of a paged table), or None."""
    shown = None
    for block in blocks:
        if block is None:
            continue
        if isinstance(block, (list, tuple)) and block and all(isinstance(b, Card) for b in block):
            cards(block)
        elif isinstance(block, (list, tuple)) and block and all(isinstance(b, Download) for b in block):
            downloads(block)
        elif isinstance(block, (list, tuple)):
            rows = draw(*block)
            shown = rows if rows is not None else shown
        elif isinstance(block, Chart):
            chart(block)
        elif isinstance(block, Table):
            shown = table(block)
        elif isinstance(block, Note):
            note(block)
        elif isinstance(block, Card):
            cards((block,))
        elif isinstance(block, Download):
            downloads((block,))
        elif isinstance(block, Opener):
            if st.button(block.label, key=f"open-{block.code}", icon=":material/id_card:", help=block.help):
                open_unit(block.opens, block.code)
        elif isinstance(block, Fold):
            with st.expander(block.label, icon=block.icon):
                draw(*block.blocks)
        else:
            raise TypeError(f"cannot draw {type(block).__name__}")
    return shown


def edit(spec: Editable) -> pd.DataFrame:
    """The table `spec` drawn for typing into (dates and texts only, no rows added); returns it
    as filled in."""
    config = {c: st.column_config.DateColumn(c, format="DD/MM/YYYY") for c in spec.dates}
    config |= {c: st.column_config.TextColumn(c, max_chars=200) for c in spec.texts}
    fixed = [c for c in spec.frame.columns if c not in config]
    st.markdown(f"**{spec.label}**", help=spec.help)
    return st.data_editor(
        spec.frame,
        key=spec.key,
        column_config=config,
        disabled=fixed,
        hide_index=True,
        num_rows="fixed",
        width="stretch",
    )


def former_province(ds, ctx, year: int, in_tab: bool = False):
    """For a year whose units came from several former provinces: the choice of one in the
    sidebar, the note that its ranks are within it, and `ds`, `ctx` scoped to it
    (views.common.in_province). Otherwise `ds` and `ctx` as they are.

    `in_tab`: asked inside a tab (a fragment, ui.state.tabbed), where the choice is drawn in the
    tab itself: a fragment cannot add to the sidebar when only it reruns."""
    spec = cache.view(province_choice, ds, year, ctx.lang)
    if spec is None:
        return ds, ctx
    province = choice(spec, container=st if in_tab else st.sidebar)
    note(province_note(year, province, ctx.lang))
    return in_province(ds, ctx, province)


def chart(c: Chart) -> None:
    """A figure full width, its PNG button set up for slides (3×, a file name naming it)."""
    # theme=None: the chart as built (present.charts.common: house template, fonts scaled for
    # projection), the same on the page, in its PNG and on a slide; Streamlit's theme would set
    # its own axis fonts and sizes over it
    phone = compact()
    if phone:  # the source line at the figure's left edge, for the margins the chart ended with
        fit_source_line(c.figure)
    config = png_config(*c.name, compact=phone)
    if c.opens is None:
        st.plotly_chart(c.figure, width="stretch", config=config, theme=None)
        return
    # a click on a unit (its code the point's last customdata) opens its page; the key changes
    # after each opening, so coming back finds the chart without the old selection (which would
    # open the page again)
    key = "open-" + "-".join(slug(p) for p in c.name) + f"-{opened_count()}"
    event = st.plotly_chart(
        c.figure, width="stretch", config=config, theme=None, on_select="rerun", selection_mode="points", key=key
    )
    points = event.selection.points if event else []
    if points and points[0].get("customdata"):
        open_unit(c.opens, str(points[0]["customdata"][-1]))


def note(n: Note, box=None) -> None:
    box = box or st
    if n.kind in _BOXES:
        getattr(box, n.kind)(n.text, icon=n.icon)
    elif n.kind == "caption":
        box.caption(n.text)
    elif n.kind == "subheader":
        box.subheader(n.text)
    elif n.kind == "markdown":
        box.markdown(n.text)
    elif n.kind == "text":
        with box.container(border=True):
            st.text(n.text)
    elif n.kind == "copy":
        # no key: the box belongs to this text, so another unit, year or language gets a fresh one
        box.text_area(t("strengths.narrative_copy"), n.text, height=140)
    else:
        raise ValueError(f"unknown note kind: {n.kind}")


def cards(row: tuple[Card, ...], columns=None) -> None:
    """Metric cards side by side (in `columns` when given)."""
    boxes = columns or st.columns(len(row) or 1)
    for box, c in zip(boxes, row):
        box.metric(c.label, c.value, delta=c.delta, help=c.help, delta_color=c.delta_color, delta_arrow=c.delta_arrow)


def downloads(row: tuple[Download, ...]) -> None:
    """Download buttons side by side; each file is written when its button is clicked."""
    for box, d in zip(st.columns(len(row)), row):
        box.download_button(
            d.label,
            d.write,
            file_name=d.file_name,
            mime=d.mime,
            key=d.key or f"download-{d.file_name}",
            icon=":material/download:",
            on_click="ignore",
            help=d.help,
        )


def data_table(data, **kwargs) -> None:
    """st.dataframe without the index, an empty cell reading "–" as in texts (Streamlit writes "None")."""
    st.dataframe(data, hide_index=True, placeholder=i18n.MISSING, **kwargs)


def number_table(frame: pd.DataFrame, digits: int = 2, **kwargs) -> None:
    """A table with numbers written as the language does: decimals with `digits` places and the
    language's marks (84,05 and 1.234,50 in Vietnamese); whole numbers plain (a year is 2024, not
    2.024) unless their column reaches i18n.COUNT_MARKED_FROM (10.600 communes), as in texts; an
    empty cell "–". The cells stay numbers, so a column sorts by value."""
    decimal, thousands = i18n.plotly_separators(current_lang())
    floats = [c for c in frame.columns if frame[c].dtype.kind == "f"]
    counts = [c for c in frame.columns if frame[c].dtype.kind in "iu" and (frame[c] >= i18n.COUNT_MARKED_FROM).any()]
    styled = frame.style.format(subset=floats, precision=digits, decimal=decimal, thousands=thousands)
    if counts:
        styled = styled.format(subset=counts, thousands=thousands)
    data_table(styled, **kwargs)


def table(tb: Table) -> pd.DataFrame:
    """A Table: searched and paged when longer than a page, drawn, and its downloads. Returns
    the rows shown."""
    frame, every_row = tb.frame, tb.download
    if tb.key is not None:
        every_row, frame = paged(tb.frame, tb.key, tb.search)
    if tb.shown is not None:
        frame = frame[list(tb.shown)]
        every_row = None if every_row is None else every_row[list(tb.shown)]
    config = {h: st.column_config.TextColumn(width=w) for h, w in tb.text.items() if h in frame.columns}
    row_height, drawn = tb.row_height, frame
    if compact():
        # a phone: the key column first and kept in view, long texts next, wrapped on three lines
        order = tb.phone_columns(list(frame.columns))
        drawn = frame[order]
        config = {h: st.column_config.TextColumn(width="medium") for h in tb.text if h in order[1:]}
        config[order[0]] = st.column_config.Column(width="medium" if order[0] in tb.text else None, pinned=True)
        if len(config) > 1 or order[0] in tb.text:
            row_height = max(row_height or 0, WRAP_ROW_PX)
    height = tb.height
    if isinstance(height, int) and row_height:
        height = min(round(height * row_height / ROW_PX), MAX_TALL_PX)  # as many rows as it had
    if isinstance(height, int) and len(frame) * ROW_PX + 40 < height:
        height = "auto"  # a short table without empty rows below it
    if height == "auto" and len(frame) <= CONTENT_ROWS:
        height = "content"  # every row in view: no frame of ten rows to scroll inside
    options = {"width": "stretch", "height": height, "column_config": config}
    if row_height:
        options["row_height"] = row_height
    if tb.plain:
        data_table(drawn, **options)
    else:
        number_table(drawn, tb.digits, **options)
    if tb.name:
        download_buttons(frame if every_row is None else every_row, *tb.name, digits=tb.digits)
    return frame


def download_buttons(frame: pd.DataFrame, *name_parts, digits: int = 2) -> None:
    """Downloads of exactly the table shown (every row found, when paged): the CSV that Excel set
    up for Vietnam opens (`;`, decimal comma, rounded as shown), the plain CSV (comma, decimal
    point, every digit) and an Excel workbook.

    The files are written only when a button is clicked (an Excel file of thousands of rows
    takes a second), and a click downloads without rerunning the page.
    """
    name = "_".join(slug(p) for p in name_parts if p not in (None, ""))
    files = (
        ("app.download_csv_vi", partial(csv_excel_vi_bytes, frame, digits), f"{name}_vn.csv", "text/csv", "csvvi"),
        ("app.download_csv", partial(csv_bytes, frame), f"{name}.csv", "text/csv", "csv"),
        ("app.download_xlsx", partial(xlsx_bytes, frame, sheet=name[:31]), f"{name}.xlsx", XLSX_MIME, "xlsx"),
    )
    downloads(
        tuple(
            Download(t(label), file_name, mime, data, t(f"{label}_help"), key=f"{kind}-{name}")
            for label, data, file_name, mime, kind in files
        )
    )


def paged(frame: pd.DataFrame, key: str, search_columns=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Search box and page number for a table longer than a page; returns (rows found, rows shown).

    Never ten thousand rows at once: a table of PAGE_ROWS or fewer is shown whole (a city's 85
    communes); a longer one is searched (case- and diacritic-insensitive) and shown a page at a
    time, with a caption saying which rows are shown. `search_columns`: the name and code
    columns of a table of units (the caption counts units); None for any other table: every
    text column is searched and the caption counts rows.
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
    found = search_rows(frame, needle, list(search_columns))
    pages = page_count(len(found), PAGE_ROWS)
    # keyed by the search: a new search starts again at page 1 within its own page count
    page = right.number_input(
        t("paging.page", pages=pages), min_value=1, max_value=pages, value=1, key=f"{key}_page:{needle}"
    )
    visible = page_rows(found, page, PAGE_ROWS)
    first = min(len(found), (min(page, pages) - 1) * PAGE_ROWS + 1)
    of_all = t("paging.of_all", all=len(frame)) if len(found) < len(frame) else ""
    showing = "paging.showing" if of_units else "paging.showing_rows"
    st.caption(t(showing, first=first, last=first + len(visible) - 1, total=len(found), of_all=of_all))
    return found, visible


def load_dataset():
    """The dataset, or a clear message and a stop when the data directory cannot be used."""
    try:
        ds = cache.dataset()
    except DataError as exc:
        st.error(t("app.data_unusable"))
        data_table(headers(problems_frame(exc.problems, current_lang()), current_lang(), "problems."))
        st.stop()
    if ds.is_demo:
        st.sidebar.info(t("app.demo_banner"))
    errors = [p for p in ds.problems if p.severity == "error"]
    warnings = [p for p in ds.problems if p.severity != "error"]
    for found, label in ((errors, "app.files_left_out"), (warnings, "app.files_with_warnings")):
        if found:
            with st.sidebar.expander(t(label, n=len({p.file for p in found})), icon="⚠️"):
                data_table(headers(problems_frame(found, current_lang()), current_lang(), "problems."))
    return ds
