"""Score tables as users read them: one row per unit, the index, rank, band, change and area %."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cchc_metrics.engine.dataset import Dataset

BASE_COLUMNS = [
    "year",
    "unit_code",
    "unit_name",
    "level",
    "parent_code",
    "index_pct",
    "rank",
    "band",
    "delta_pct",
    "rank_change",
]
DISTRICT_COLUMNS = ["district_rank", "district_name"]


def band_column(lang: str) -> str:
    return "band_vi" if lang == "vi" else "band_en"


def score_frame(ds: Dataset, year: int, level: str, lang: str = "vi", parent_code: str | None = None) -> pd.DataFrame:
    """One row per unit of `level` assessed in `year` (with `parent_code`: the communes of that
    district only), best first (rank, then code).

    Columns: year, unit_code, unit_name, level, parent_code, index_pct, rank, band (in `lang`),
    delta_pct, rank_change, district_rank, district_name (of the district valid that year), then
    one column per area code of the areas table in report order (area %; empty where no
    criterion applied). Ranks are nullable integers. Computed once per data version
    (Dataset.kept: the overview, the scores table and the reform-area page read the same year
    and level); each call gets its own copy.
    """
    key = ("score_frame", int(year), level, lang, parent_code)
    return ds.kept(key, lambda: _score_frame(ds, int(year), level, lang, parent_code)).copy()


def _score_frame(ds: Dataset, year: int, level: str, lang: str, parent_code: str | None) -> pd.DataFrame:
    params = {"year": year, "level": level, "parent_code": parent_code}
    rows = ds.query("score_rows", lang=lang, **params)
    cells = ds.query("score_cells", **params)
    codes = list(ds.areas()["area_code"])
    # the wide area table is filled from the cells by key (unit_id, area_code): a pandas pivot
    # of ten thousand units' string keys cost more than the whole query
    values = np.full((len(rows), len(codes)), np.nan)
    at_row = pd.Index(rows["unit_id"]).get_indexer(cells["unit_id"])
    at_area = pd.Index(codes).get_indexer(cells["area_code"])
    found = (at_row >= 0) & (at_area >= 0)
    values[at_row[found], at_area[found]] = cells["area_pct"].to_numpy(dtype=float)[found]
    frame = rows[BASE_COLUMNS + DISTRICT_COLUMNS]
    for col in ("rank", "rank_change", "district_rank"):
        frame[col] = frame[col].astype("Int64")
    return pd.concat([frame, pd.DataFrame(values, columns=codes, index=frame.index)], axis=1)


def area_columns(frame: pd.DataFrame) -> list[str]:
    """The area codes of a `score_frame`, in report order."""
    return list(frame.columns[len(BASE_COLUMNS) + len(DISTRICT_COLUMNS) :])


def scores_table(ds: Dataset, year: int, level: str, area: str | None = None, lang: str = "vi") -> pd.DataFrame:
    """One row per unit of `level` assessed in `year`, best first.

    Columns: year, unit_code, unit_name, level, parent_code, index_pct, rank, band, delta_pct,
    rank_change, then one column per area code (area %; missing where no criterion applied).
    With `area`, only that area's column follows and rows are sorted on it, best first.
    Raises ValueError for an unknown area code.
    """
    frame = score_frame(ds, year, level, lang)
    order = area_columns(frame)
    if area is not None:
        if area not in order:
            raise ValueError(area)
        order = [area]
    table = frame[BASE_COLUMNS + order]
    if area is not None:
        table = table.sort_values([area, "unit_code"], ascending=[False, True], na_position="last")
    return table.reset_index(drop=True)
