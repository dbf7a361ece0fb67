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
    layout kind on a slide (bars, heatmap, boxes, lines, radar, map); `title`, `subtitle`: as drawn.
    `opens`: a click on a unit opens its page, as a Link (the unit's code is the first customdata
    of the point clicked); None for a chart that opens nothing."""

    figure: go.Figure = field(compare=False)
    name: tuple = ()
    kind: str = ""
    title: str = ""
    subtitle: str = ""
    opens: Link | None = None


@dataclass(frozen=True)
class Link:
    """A unit's page: `page` (the app's page file), the choice `key` that names the unit in its
    link (?commune=<code>, or ?unit=<code> on the scorecard), the `year` to open it in, and the
    `level` when that page shows several (the scorecard)."""

    page: str
    key: str
    year: int
    level: str | None = None


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
    keys: tuple[str, ...] = ()  # the headers a reader needs first (a unit's name): first on a phone

    def phone_columns(self, columns: list[str]) -> list[str]:
        """`columns` in the order a phone shows them: the `keys` (else the unit's name searched
        by, else the first column), then
        the long text columns, then the rest. The first stays in view (pinned) when the table
        scrolls sideways within its frame."""
        first = [c for c in self.keys or self.search or () if c in columns][:1] or list(columns[:1])
        first += [c for c in self.keys[1:] if c in columns]
        text = [c for c in self.text if c in columns and c not in first]
        return first + text + [c for c in columns if c not in first and c not in text]


# a row height that lets long texts wrap: the table widget wraps text only in rows taller than 4rem
WRAP_ROW_PX = 80


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
    # shown under the widget: what the options leave out and why (a page without the newest years)
    note: str | None = field(default=None, compare=False)
    # what to say when a value asked for (the link, another page's choice) is not offered: by value
    unavailable: dict = field(default_factory=dict, compare=False)
    # a long list picked in two steps: option → its group (a commune's district), the group
    # picked first under `group_label`, then an option of that group (ui.state.choice)
    groups: dict = field(default_factory=dict, compare=False)
    group_label: str = ""

    def label_of(self, option) -> str:
        return str(self.labels.get(option, option))

    def first_shown(self):
        """The option shown before the reader picks one: the default where offered, else the
        first option (None: no option)."""
        return self.default if self.default in self.options else (self.options[0] if self.options else None)


@dataclass(frozen=True)
class Fold:
    """Blocks shown under a label that opens them (a table behind a chart, the explanations)."""

    label: str
    blocks: tuple = field(compare=False)
    icon: str | None = None


@dataclass(frozen=True)
class Editable:
    """A table the reader fills in: `dates` and `texts` are the headers of the columns typed
    into, the other columns are read only. Drawn by ui.draw.edit, which returns the frame as
    filled in."""

    frame: pd.DataFrame = field(compare=False)
    key: str
    label: str
    dates: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    help: str | None = None


@dataclass(frozen=True)
class Download:
    """A file to download: its button's label and help, the file name and type, and `write`,
    which writes the file's bytes when the button is clicked (not before). A tuple of Downloads
    is a row of buttons."""

    label: str
    file_name: str
    mime: str
    write: object = field(compare=False)
    help: str | None = None
    key: str = ""  # the button's widget key; empty: one made from the file name


@dataclass(frozen=True)
class Opener:
    """A button that opens a unit's page: `opens` as Chart.opens, `code` the unit's."""

    label: str
    opens: Link
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
