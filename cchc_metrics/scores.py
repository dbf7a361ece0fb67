"""Score tables as users read them: one row per unit, the index, rank, band, change and area %."""

from __future__ import annotations

import pandas as pd

from .dataset import Dataset

BASE_COLUMNS = ["year", "unit_code", "unit_name", "level", "parent_code", "index_pct", "rank", "band", "delta_pct", "rank_change"]


def band_column(lang: str) -> str:
    return "band_vi" if lang == "vi" else "band_en"


def scores_table(ds: Dataset, year: int, level: str, area: str | None = None, lang: str = "vi") -> pd.DataFrame:
    """One row per unit of `level` assessed in `year`, best first.

    Columns: year, unit_code, unit_name, level, parent_code, index_pct, rank, band, delta_pct,
    rank_change, then one column per area code (area %; missing where no criterion applied).
    With `area`, only that area's column follows and rows are sorted on it, best first.
    Raises ValueError for an unknown area code.
    """
    units = ds.query("unit_scores", year=year, level=level)
    units["band"] = units[band_column(lang)]
    areas = ds.query("area_scores", year=year, level=level)
    order = list(ds.areas()["area_code"])
    if area is not None:
        if area not in order:
            raise ValueError(area)
        order = [area]
    wide = areas.pivot(index="unit_id", columns="area_code", values="area_pct").reindex(columns=order)
    table = units.join(wide, on="unit_id")[BASE_COLUMNS + order]
    if area is not None:
        table = table.sort_values([area, "unit_code"], ascending=[False, True], na_position="last")
    table["rank"] = table["rank"].astype("Int64")
    table["rank_change"] = table["rank_change"].astype("Int64")
    return table.reset_index(drop=True)
