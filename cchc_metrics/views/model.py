"""What a page draws, as data: finished charts, tables with their headers, metric cards, notes and
the choices a page offers. The views build them; ui.draw and ui.state draw them; the briefing
makes slides of the same charts.

Every text here is final: translated, and where it goes into Markdown (notes, cards, labels)
with its data escaped (present.text), so drawing needs no more words and no reshaping.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from cchc_metrics import i18n


@dataclass(frozen=True)
class Chart:
    """A finished figure. `name`: the parts of its PNG file name (chart, unit, year); `kind`: its
    layout kind on a slide (bars, heatmap, boxes, lines, radar); `title`, `subtitle`: as drawn."""

    figure: go.Figure = field(compare=False)
    name: tuple = ()
    kind: str = ""
    title: str = ""
    subtitle: str = ""
    # a click on a unit's bar opens its page: (page, level, year); the figure's points carry the
    # unit's code as their last customdata value. Empty: the chart opens nothing.
    opens: tuple = ()


@dataclass(frozen=True)
class Table:
    """A table as shown: headers translated, cells as values (numbers stay numbers).

    `name`: the parts of its download file names (no downloads when empty). `key`: a table that
    may be longer than a page is searched and paged under this key (None: always shown whole);
    `search`: the headers of its unit name and code columns (the caption then counts units), or
    None to search every text column. `text`: {header: width} of long plain-text columns.
    `plain`: cells written as they are (no number formats). `download`: every row, when `frame`
    is a part of a longer table. `shown`: the headers drawn and downloaded, when `frame` also
    holds columns only searched (a unit's code).
    """

    frame: pd.DataFrame = field(compare=False)
    name: tuple = ()
    key: str | None = None
    search: tuple[str, ...] | None = None
    text: dict = field(default_factory=dict, compare=False)
    height: int | str = "auto"
    digits: int = 2
    plain: bool = False
    row_height: int | None = None
    download: pd.DataFrame | None = field(default=None, compare=False)
    shown: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Card:
    """A metric card: label, value and an optional change line under it."""

    label: str
    value: str
    delta: str | None = None
    help: str | None = None
    delta_color: str = "normal"
    delta_arrow: str = "auto"


@dataclass(frozen=True)
class Note:
    """A line of words: `kind` is info, warning, success, error (boxes), caption, subheader,
    markdown, text (never Markdown: a paragraph to copy) or copy (a text area to copy from)."""

    kind: str
    text: str
    icon: str | None = None


@dataclass(frozen=True)
class Choice:
    """A choice a page offers, kept in the link as ?key=<code>: options are codes, `labels` what
    the reader sees. `widget`: selectbox, radio, select_slider or multiselect (value: a list)."""

    key: str
    label: str
    options: tuple
    labels: dict = field(default_factory=dict, compare=False)
    default: object = None
    widget: str = "selectbox"
    help: str | None = None
    max_selections: int | None = None
    label_visibility: str = "visible"
    disabled: bool = False  # shown greyed with its one option, saying why there is no choice (help)
    horizontal: bool = True  # a radio's options side by side

    def label_of(self, option) -> str:
        return str(self.labels.get(option, option))


@dataclass(frozen=True)
class Fold:
    """Blocks shown under a label that opens them (a table behind a chart, the explanations)."""

    label: str
    blocks: tuple = field(compare=False)
    icon: str | None = None


@dataclass(frozen=True)
class Download:
    """A file to download: `data` (a function of no argument) writes its bytes when the button
    is clicked, not before; `file_name` and `mime` as the browser saves it."""

    label: str
    data: object = field(compare=False)
    file_name: str = ""
    mime: str = "application/octet-stream"
    help: str | None = None


@dataclass(frozen=True)
class Opener:
    """A button that opens another page on one unit: `opens` as Chart.opens, `code` the unit's."""

    label: str
    opens: tuple
    code: str
    help: str | None = None


Block = Chart | Table | Card | Note | Fold | Download | Opener | tuple  # a tuple of Cards (or Downloads) is a row


def header(column: str, lang: str, prefix: str = "col.", **params) -> str:
    """The header of `column` for readers: the text of `<prefix><column>`, else of `col.<column>`
    (the headers every table shares), else the column's own name (an area's name, a year)."""
    for key in (f"{prefix}{column}", f"col.{column}"):
        if i18n.has(key, lang):
            return i18n.t(key, lang, **params)
    return column


def headers(frame: pd.DataFrame, lang: str, prefix: str = "col.", **params) -> pd.DataFrame:
    """`frame` with its columns named for readers (see `header`)."""
    return frame.rename(columns={c: header(c, lang, prefix, **params) for c in frame.columns})
