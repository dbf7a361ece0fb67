"""Long rankings shortened for reading: the top or bottom N of a sorted table, or all of it."""

from __future__ import annotations

import pandas as pd

SHOW_CHOICES = ("top", "bottom", "all")
ALL_AT_MOST = 100  # a chart of more units is unreadable (and 10,600 bars at national scale): top and bottom only


def show_choices(total: int, n: int) -> list[str]:
    """What a ranking chart of `total` units offers: all of them when they fit in `n`; else top
    and bottom `n`, and all only up to ALL_AT_MOST units (the table below the chart has them all)."""
    if total <= n:
        return ["all"]
    return [c for c in SHOW_CHOICES if c != "all" or total <= ALL_AT_MOST]


def top_bottom(frame: pd.DataFrame, column: str, show: str, n: int) -> pd.DataFrame:
    """The `n` rows with the highest (`top`) or lowest (`bottom`) `column`, or every row (`all`).

    Rows keep the order of the best first; rows without a value are left out of top and bottom.
    Raises ValueError for another `show`.
    """
    if show not in SHOW_CHOICES:
        raise ValueError(show)
    ordered = frame.sort_values(column, ascending=False, na_position="last", kind="stable")
    if show == "all":
        return ordered.reset_index(drop=True)
    valued = ordered.dropna(subset=[column])
    part = valued.head(n) if show == "top" else valued.tail(n)
    return part.reset_index(drop=True)
