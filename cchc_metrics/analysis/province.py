"""Across the province: where points are lost, what many units fail, who stays weak, who to copy.

- lost_points: criteria ranked by points lost over all units of a level (a Pareto: each
  criterion's share of the level's lost points and the cumulative share).
- common_weaknesses: criteria on which at least `min_share_pct` % of the units (default 50)
  score below half of the maximum.
- chronic_weaknesses: a unit weak in the same area (peers.PeerRule) in `min_years` (default 2)
  or more consecutive assessment years, on the same unit version (unit_id): a unit that did not
  exist in a year breaks the run, it never counts as weak or as fixed.
- territory_chronic_weaknesses: the same rule for the units of one year read through the
  lineage: in a year before a unit existed, its territory's area % (its predecessors, a partial
  one weighing less) is placed against that year's peers. Inspection planning uses it.
- exemplars: per area, the units judged strong in it (PeerRule), best first, at most `top`.
"""

from __future__ import annotations

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.common import area_names, int_columns, query, query_over_positions
from cchc_metrics.analysis.lineage import PARTIAL_WEIGHT
from cchc_metrics.analysis.peers import DEFAULT_RULE, PeerRule
from cchc_metrics.engine.dataset import Dataset


def lost_points(ds: Dataset, year: int, level: str | None = None, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """Criteria of `year` ranked by points lost, per level (None: both), largest loss first.

    Columns: year, level, loss_rank, area_code, area_name, criterion_code, criterion_name,
    max_points, units (assessed on it), points_lost, share_lost_pct (of the level's loss),
    cumulative_pct, criterion_pct (points achieved / maximum over the units), below_half_pct
    (% of units below half the maximum).
    """
    frame = query(ds, "lost_points", year=int(year), level=level)
    frame.insert(4, "area_name", frame["area_code"].map(area_names(ds, lang)))
    return int_columns(frame, "loss_rank", "units")


def common_weaknesses(
    ds: Dataset, year: int, level: str | None = None, min_share_pct: float = 50.0, lang: str = i18n.DEFAULT_LANG
) -> pd.DataFrame:
    """Criteria of `year` on which at least `min_share_pct` % of the units score below half.

    Columns: those of lost_points; sorted by level, below_half_pct (highest first), criterion code.
    """
    frame = lost_points(ds, year, level, lang)
    frame = frame[frame["below_half_pct"] >= min_share_pct]
    return frame.sort_values(["level", "below_half_pct", "criterion_code"], ascending=[True, False, True]).reset_index(
        drop=True
    )


def chronic_weaknesses(
    ds: Dataset,
    level: str | None = None,
    rule: PeerRule = DEFAULT_RULE,
    min_years: int = 2,
    until_year: int | None = None,
    lang: str = i18n.DEFAULT_LANG,
    open_only: bool = False,
) -> pd.DataFrame:
    """Runs of consecutive years in which one unit version was weak in one area.

    Columns: unit_id, unit_code, unit_name, level, parent_code (in the run's last year),
    area_code, area_name, first_year, last_year, years (length of the run), last_area_pct,
    last_peer_median. Only runs of at least `min_years`, ending by `until_year` if given (None:
    any). `open_only` (with `until_year`): only the runs still open in `until_year`. Sorted by
    level, last_year (latest first), years (longest first), unit code, area.
    """
    if open_only and until_year is None:
        raise ValueError("open_only needs until_year")
    runs = query_over_positions(
        ds,
        "weak_positions",
        {"year": None, "level": level, **rule.params()},
        then=("weak_runs", {"min_years": int(min_years), "open_in": int(until_year) if open_only else None}),
        until_year=None if until_year is None else int(until_year),
        open_only=bool(open_only),
    )
    return _named_runs(ds, runs, lang)


def territory_chronic_weaknesses(
    ds: Dataset,
    year: int,
    level: str = "commune",
    rule: PeerRule = DEFAULT_RULE,
    min_years: int = 2,
    until_year: int | None = None,
    partial_weight: float = PARTIAL_WEIGHT,
    lang: str = i18n.DEFAULT_LANG,
    open_only: bool = False,
    since_year: int | None = None,
) -> pd.DataFrame:
    """chronic_weaknesses for the units of `level` valid in `year`, followed back through the lineage.

    Same rule (PeerRule, runs of at least `min_years` consecutive weak years, ending by
    `until_year`), but a year before the unit existed counts with its territory's area % (the
    weighted mean of its predecessors, see lineage) against that year's peers of the level;
    years the unit was itself scored give exactly its area_positions position.
    Columns: those of chronic_weaknesses (unit_id is the version valid in `year`) and
    through_predecessors (a year of the run was read from predecessors). `open_only` (with
    `until_year`): only the runs still open in `until_year`. `since_year`: the years before it are
    not read, so a run is cut there (its first_year and years count from it): for a caller that
    asks only which runs are at least `min_years` long, since_year = until_year - min_years + 1
    reads two years instead of ten. Raises ValueError for a bad rule.
    """
    if open_only and until_year is None:
        raise ValueError("open_only needs until_year")
    params = rule.params()
    runs = query_over_positions(
        ds,
        "territory_weak",
        {"year": None, "level": level, **params},
        then=("weak_runs", {"min_years": int(min_years), "open_in": int(until_year) if open_only else None}),
        year=int(year),
        level=level,
        partial_weight=float(partial_weight),
        until_year=None if until_year is None else int(until_year),
        since_year=None if since_year is None else int(since_year),
        weak_q=params["weak_q"],
        min_gap=params["min_gap"],
        open_only=bool(open_only),
    )
    return _named_runs(ds, runs, lang, extra=("through_predecessors",))


def _named_runs(ds: Dataset, runs: pd.DataFrame, lang: str, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """The rows of weak_runs.sql with the area's name, in chronic_weaknesses' columns."""
    columns = [
        "unit_id",
        "unit_code",
        "unit_name",
        "level",
        "parent_code",
        "area_code",
        "area_name",
        "first_year",
        "last_year",
        "years",
        "last_area_pct",
        "last_peer_median",
        *extra,
    ]
    runs = runs.assign(area_name=runs["area_code"].map(area_names(ds, lang)))
    return int_columns(runs[columns].reset_index(drop=True), "first_year", "last_year", "years")


def exemplars(
    ds: Dataset,
    year: int,
    level: str | None = None,
    rule: PeerRule = DEFAULT_RULE,
    top: int = 3,
    lang: str = i18n.DEFAULT_LANG,
) -> pd.DataFrame:
    """Per level and area, the units judged strong in `year`, best first, at most `top` each.

    Columns: year, level, area_code, area_name, area_rank, unit_id, unit_code, unit_name,
    parent_code, area_pct, peer_median, gap_to_median. Areas in report order.
    """
    strong = query_over_positions(ds, "exemplars", {"year": int(year), "level": level, **rule.params()}, top=int(top))
    strong["area_name"] = strong["area_code"].map(area_names(ds, lang))
    columns = [
        "year",
        "level",
        "area_code",
        "area_name",
        "area_rank",
        "unit_id",
        "unit_code",
        "unit_name",
        "parent_code",
        "area_pct",
        "peer_median",
        "gap_to_median",
    ]
    return int_columns(strong[columns].reset_index(drop=True), "area_rank")
