"""Targets (chỉ tiêu): the minimum % the province sets per year and level (targets.csv), checked
against every unit's index and areas.

A row of targets.csv sets a minimum for the index (area_code empty) or for an area (its code, or
`*` for every area), for every unit of the level (unit_code empty) or for one unit. For one
measure of one unit the most specific target holds: the unit's own before the level's, a named
area before `*`. A target is met when the % rounded to 2 decimals (as ranks are) reaches it; a
unit meets its targets when it meets every target that applies to it.
"""

from __future__ import annotations

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.common import area_names
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.engine.schema import EVERY_AREA


def target_checks(ds: Dataset, year: int, level: str, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """Every unit × measure of `year` and `level` that has a target, best unit first.

    Columns: unit_id, unit_code, unit_name, rank, area_code (None: the index), area_name (None:
    the index), pct, min_pct, met (bool), gap (pct − target, points). Empty without targets.
    """
    frame = ds.query("target_checks", year=int(year), level=level)
    frame["area_code"] = frame["area_code"].astype(object).where(frame["area_code"].notna(), None)
    frame.insert(5, "area_name", frame["area_code"].map(area_names(ds, lang)))
    frame["area_name"] = frame["area_name"].astype(object).where(frame["area_code"].notna(), None)
    frame["met"] = frame["met"].astype(bool)
    frame["rank"] = frame["rank"].astype("Int64")
    return frame.reset_index(drop=True)


def below_target(ds: Dataset, year: int, level: str, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """The measures below their target in `year` (target_checks rows not met), in the same order."""
    checks = target_checks(ds, year, level, lang)
    return checks[~checks["met"]].reset_index(drop=True)


def units_meeting(ds: Dataset, year: int, level: str) -> tuple[int, int] | None:
    """(units meeting every target that applies to them, units with a target) in `year`; None
    when no target applies to any unit of `level` that year."""
    checks = target_checks(ds, year, level)
    if checks.empty:
        return None
    per_unit = checks.groupby("unit_id")["met"].all()
    return int(per_unit.sum()), int(len(per_unit))


def level_target(ds: Dataset, year: int, level: str, area_code: str | None = None) -> float | None:
    """The target every unit of `level` has in `year` for the index (`area_code` None) or for an
    area (its own target, else the every-area one): the line drawn on a ranking. None: no such target."""
    rows = ds.query("level_targets", year=int(year), level=level)
    if area_code is None:
        found = rows[rows["area_code"].isna()]
    else:
        found = rows[rows["area_code"] == area_code]
        if found.empty:
            found = rows[rows["area_code"] == EVERY_AREA]
    return None if found.empty else float(found["min_pct"].iloc[0])
