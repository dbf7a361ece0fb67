"""Long tables and crowded charts at national scale: search, pages, and the extreme groups.

A page never renders ten thousand rows at once: a table longer than a page is searched and
shown one page at a time, and a chart with one box per district keeps the best and worst
districts only. Everything here is plain pandas on tables the library already returned.
"""

from __future__ import annotations

import math

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.findings import strip_marks

PAGE_ROWS = 100  # above a city's 85 communes: a province-level city's table stays whole
MAX_GROUPS = 30


def search_rows(frame: pd.DataFrame, text: str | None, columns: list[str]) -> pd.DataFrame:
    """Rows of `frame` where any of `columns` contains `text`, ignoring case, spacing and
    diacritics ("phu" finds "Phú"); all rows when `text` is empty. Same columns, same order.
    """
    needle = strip_marks(text or "")
    if not needle:
        return frame
    hit = pd.Series(False, index=frame.index)
    for column in columns:
        values = frame[column].astype(object).where(frame[column].notna(), "")
        folded = {v: strip_marks(str(v)) for v in pd.unique(values)}  # distinct names only
        hit |= values.map(lambda v, folded=folded: needle in folded[v]).astype(bool)
    return frame[hit]


def page_count(rows: int, size: int = PAGE_ROWS) -> int:
    """Pages needed for `rows` rows (at least 1, so an empty result still has a page)."""
    return max(1, math.ceil(rows / size))


def page_rows(frame: pd.DataFrame, page: int, size: int = PAGE_ROWS) -> pd.DataFrame:
    """Rows of page `page` (1-based; clamped to the pages there are), index reset."""
    page = min(max(1, int(page)), page_count(len(frame), size))
    return frame.iloc[(page - 1) * size : page * size].reset_index(drop=True)


def extreme_groups(
    frame: pd.DataFrame, group: str, value: str, n: int | None = None, evidence: str | None = None
) -> tuple[pd.DataFrame, int]:
    """The rows of the `n` groups with the highest and the `n` with the lowest median `value`,
    and the number of groups there were. All rows when there are at most 2·n groups.
    `n`: MAX_GROUPS // 2 unless given. A group of one row (one unit) is kept by its value.
    `evidence`: a column of counts behind each value; at both ends, of groups with the same
    median the ones with the larger sum are kept (100 % of 5 weaknesses fixed before 100 % of 1).
    """
    n = MAX_GROUPS // 2 if n is None else n
    by = frame.groupby(group)
    ranked = pd.DataFrame({"median": by[value].median(), "evidence": by[evidence].sum() if evidence else 0})
    if len(ranked) <= 2 * n:
        return frame, len(ranked)
    best = ranked.sort_values(["median", "evidence"], ascending=[False, False], kind="stable").index[:n]
    worst = ranked.sort_values(["median", "evidence"], ascending=[True, False], kind="stable").index[:n]
    return frame[frame[group].isin(set(best) | set(worst))], len(ranked)


def extremes_note(shown: int, total: int, lang: str) -> str:
    """What a chart's subtitle adds when extreme_groups kept `shown` of `total` districts:
    " · Only the 30 highest and lowest of 700 districts are drawn." ('' when all are drawn)."""
    return "" if shown >= total else " · " + i18n.t("paging.extreme_groups", lang, shown=shown, total=total)
