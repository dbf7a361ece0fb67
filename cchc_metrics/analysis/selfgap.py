"""Self-assessment against appraisal: the gap by unit and area, and who over-claims in what.

The gap is computed over the criteria the unit self-assessed: self-assessed points minus
appraised points, also as % of those criteria's maximum (so areas of different sizes compare).
A positive gap means the unit scored itself higher than the appraisal team did.
"""

from __future__ import annotations

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.common import area_names, int_columns, query
from cchc_metrics.engine.dataset import Dataset


def self_gap(ds: Dataset, year: int, level: str | None = None, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """Per unit and area of `year`: self %, appraised % and the gap, over self-assessed criteria.

    Columns: year, unit_id, unit_code, unit_name, level, parent_code, area_code, area_name,
    self_pct, appraised_pct, gap_points, gap_pct. Units or areas without any self-assessed
    criterion are absent.
    """
    frame = query(ds, "self_gap", year=int(year), level=level)
    frame.insert(7, "area_name", frame["area_code"].map(area_names(ds, lang)))
    return frame


def over_claimers(
    ds: Dataset, year: int, level: str | None = None, top: int | None = 10, lang: str = i18n.DEFAULT_LANG
) -> pd.DataFrame:
    """Units whose self-assessment exceeds the appraisal in `year`, largest gap % first.

    Columns: year, level, gap_rank, unit_id, unit_code, unit_name, parent_code, gap_points,
    gap_pct, top_area_code, top_area_name (where the gap is largest), top_area_gap_pct.
    At most `top` per level (None: all).
    """
    frame = query(ds, "over_claimers", year=int(year), level=level)
    if top is not None:
        frame = frame[frame["gap_rank"] <= top]
    frame = frame.assign(top_area_name=frame["top_area_code"].map(area_names(ds, lang)))
    columns = [
        "year",
        "level",
        "gap_rank",
        "unit_id",
        "unit_code",
        "unit_name",
        "parent_code",
        "gap_points",
        "gap_pct",
        "top_area_code",
        "top_area_name",
        "top_area_gap_pct",
    ]
    return int_columns(frame[columns].reset_index(drop=True), "gap_rank")
