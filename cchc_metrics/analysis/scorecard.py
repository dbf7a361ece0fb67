"""A unit on one page: its areas against its peers with the trend of each, and the rule that
says when a change is worth an arrow.

The meaningful-change rule (one rule, stated on the page): an area's change from the year
before points up or down only when it is more than `min_points` (2) points of % AND more than
the unit's usual year-to-year change in that area, the median of its earlier changes (the
absolute changes between consecutive years before this one). Without earlier changes only the
points condition applies. Otherwise the area is steady; without last year's % there is no trend.
A unit that moves 6 points every year does not get an arrow for moving 5.
"""

from __future__ import annotations

import math
from statistics import median

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.common import area_names, int_columns
from cchc_metrics.engine.dataset import Dataset

MIN_CHANGE_POINTS = 2.0
TRENDS = ("up", "down", "steady")


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def usual_change(past_changes) -> float | None:
    """The unit's usual year-to-year change: the median of the absolute earlier changes (None: none)."""
    found = [abs(float(c)) for c in past_changes if not _missing(c)]
    return median(found) if found else None


def trend(change, past_changes=(), min_points: float = MIN_CHANGE_POINTS) -> str | None:
    """ "up", "down" or "steady" for a change of `change` points (see the module docstring);
    None when there is no change to judge (no % the year before)."""
    if _missing(change):
        return None
    usual = usual_change(past_changes)
    size = abs(float(change))
    if size > min_points and (usual is None or size > usual):
        return "up" if change > 0 else "down"
    return "steady"


def area_trends(history: pd.DataFrame, year: int, min_points: float = MIN_CHANGE_POINTS) -> pd.DataFrame:
    """Per area, the change into `year` and its trend, from a unit's area % over the years.

    `history`: columns year, area_code, area_pct (one row per scored year and area). Changes are
    between consecutive years only (a year without a score breaks the chain).
    Returns columns area_code, prev_pct, change, usual_change, trend; one row per area of `year`.
    """
    rows = []
    for area, part in history.sort_values("year").groupby("area_code", sort=False):
        pct = dict(zip(part["year"].astype(int), part["area_pct"].astype(float)))
        if int(year) not in pct:
            continue
        changes = {
            y: pct[y] - pct[y - 1]
            for y in pct
            if y <= int(year) and y - 1 in pct and not _missing(pct[y]) and not _missing(pct[y - 1])
        }
        change = changes.get(int(year))
        past = [c for y, c in changes.items() if y < int(year)]
        rows.append(
            {
                "area_code": area,
                "prev_pct": pct.get(int(year) - 1, float("nan")),
                "change": float("nan") if change is None else change,
                "usual_change": usual_change(past) if past else float("nan"),
                "trend": trend(change, past, min_points),
            }
        )
    columns = ["area_code", "prev_pct", "change", "usual_change", "trend"]
    return pd.DataFrame(rows, columns=columns)


def area_card(
    ds: Dataset, year: int, unit_id: str, lang: str = i18n.DEFAULT_LANG, min_points: float = MIN_CHANGE_POINTS
) -> pd.DataFrame:
    """A unit version's areas in `year`: its %, its rank among the units of its level, the gaps to
    the level's median and to the best unit, and the change from the year before with its trend.

    Columns: area_code, area_name, pct, area_rank, peers, peer_median, gap_to_median (points),
    peer_best, gap_to_best (points, ≤ 0), prev_pct, change, usual_change, trend (up | down |
    steady | None). In report order; an area without a score that year is left out. Empty when
    the unit was not scored in `year`.
    """
    history = ds.query("unit_area_years", unit_id=unit_id)
    this = history[history["year"] == int(year)]
    trends = area_trends(history[["year", "area_code", "area_pct"]], int(year), min_points)
    names = area_names(ds, lang)
    card = this.merge(trends, on="area_code", how="left").rename(columns={"area_pct": "pct"})
    card["gap_to_median"] = card["pct"] - card["peer_median"]
    card["gap_to_best"] = card["pct"] - card["peer_best"]
    card.insert(1, "area_name", card["area_code"].map(names).fillna(card["area_code"]))
    order = {code: i for i, code in enumerate(names)}
    card = card.sort_values("area_code", key=lambda s: s.map(order))
    columns = [
        "area_code",
        "area_name",
        "pct",
        "area_rank",
        "peers",
        "peer_median",
        "gap_to_median",
        "peer_best",
        "gap_to_best",
        "prev_pct",
        "change",
        "usual_change",
        "trend",
    ]
    card["trend"] = card["trend"].astype(object).where(card["trend"].notna(), None)
    return int_columns(card[columns].reset_index(drop=True), "area_rank", "peers")


def quartile(rank, peers) -> int | None:
    """The quartile of a rank among `peers` units: 1 (the best quarter) to 4; None without a rank."""
    if _missing(rank) or _missing(peers) or not peers:
        return None
    return max(1, min(4, math.ceil(4 * int(rank) / int(peers))))


def rank_matrix(ds: Dataset, year: int, level: str, sort_area: str | None = None) -> pd.DataFrame:
    """Units × areas of `year` and `level`, each cell the unit's rank in that area among its
    level (ties share the best rank), as the published index tables give them.

    Columns: unit_id, unit_code, unit_name, rank (on the index), then one column per area code
    scored that year, in report order (empty where the area does not apply to the unit).
    Sorted on `sort_area`'s rank (None: the index's), then the index rank, then the code.
    `attrs["peers"]`: {area code: units ranked in it}. Raises ValueError for an area not scored.
    """
    from cchc_metrics.analysis.peers import area_positions

    positions = area_positions(ds, year, level)
    units = ds.query("unit_scores", year=int(year), level=level)[["unit_id", "unit_code", "unit_name", "rank"]]
    order = list(area_names(ds))
    codes = [c for c in order if c in set(positions["area_code"])]
    if sort_area is not None and sort_area not in codes:
        raise ValueError(sort_area)
    wide = positions.pivot(index="unit_id", columns="area_code", values="area_rank").reindex(columns=codes)
    frame = units.merge(wide, left_on="unit_id", right_index=True, how="left")
    keys = ([sort_area] if sort_area else []) + ["rank", "unit_code"]
    frame = frame.sort_values(keys, na_position="last", kind="stable").reset_index(drop=True)
    frame = int_columns(frame, "rank", *codes)
    frame.attrs["peers"] = {c: int(n) for c, n in positions.groupby("area_code")["peers"].max().items()}
    return frame
