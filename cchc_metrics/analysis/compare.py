"""Two to four units of one level side by side: their areas, their criteria where they differ
most, their index over the years. Units are versions (unit_id); every % is of the maximum
that applied to the unit, so units scored against different maxima compare fairly.
"""

from __future__ import annotations

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.common import area_names
from cchc_metrics.engine.dataset import Dataset

MAX_UNITS = 4


def area_table(ds: Dataset, year: int, level: str, unit_ids: list[str], lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """The units' area % in `year`, one row per area in report order.

    Columns: area_code, area_name, then one column per unit_id in the order given (empty where
    no criterion of the area applied to the unit). Areas none of them was scored on are left out.
    """
    cells = ds.query("score_cells", year=int(year), level=level, parent_code=None)
    cells = cells[cells["unit_id"].isin(unit_ids)]
    wide = cells.pivot(index="area_code", columns="unit_id", values="area_pct")
    names = area_names(ds, lang)
    codes = [c for c in names if c in wide.index and wide.loc[c].notna().any()]
    frame = pd.DataFrame({"area_code": codes, "area_name": [names[c] for c in codes]})
    for unit_id in unit_ids:
        values = wide[unit_id] if unit_id in wide.columns else pd.Series(dtype=float)
        frame[unit_id] = [float(values.get(c, float("nan"))) for c in codes]
    return frame


def criteria_differences(ds: Dataset, year: int, unit_ids: list[str], top: int = 10, lang: str = i18n.DEFAULT_LANG):
    """The criteria on which the units differ most in `year`: every criterion that applied to
    all of them, by the spread of their % (best − lowest), largest first, then by code.

    Columns: area_name, criterion_code, criterion_name, one column per unit_id (criterion %),
    spread (points). At most `top` rows.
    """
    names = area_names(ds, lang)
    parts = []
    for unit_id in unit_ids:
        rows = ds.query("unit_criteria", unit_id=unit_id, year=int(year))
        rows = rows[rows["score"].notna() & (rows["max_points"] > 0)]
        parts.append(
            pd.DataFrame(
                {
                    "area_code": rows["area_code"],
                    "criterion_code": rows["criterion_code"],
                    "criterion_name": rows["criterion_name"],
                    "unit_id": unit_id,
                    "pct": 100.0 * rows["score"].astype(float) / rows["max_points"].astype(float),
                }
            )
        )
    columns = ["area_name", "criterion_code", "criterion_name", *unit_ids, "spread"]
    if not parts or all(p.empty for p in parts):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    long = pd.concat(parts, ignore_index=True)
    # a criterion's name as the first unit's file wrote it
    first = long.drop_duplicates("criterion_code").set_index("criterion_code")
    wide = long.pivot(index="criterion_code", columns="unit_id", values="pct").reindex(columns=unit_ids).dropna()
    wide["spread"] = wide.max(axis=1) - wide.min(axis=1)
    wide = wide.reset_index().sort_values(["spread", "criterion_code"], ascending=[False, True]).head(top)
    wide.insert(0, "area_name", wide["criterion_code"].map(first["area_code"]).map(names))
    wide.insert(2, "criterion_name", wide["criterion_code"].map(first["criterion_name"]))
    wide.columns.name = None
    return wide[columns].reset_index(drop=True)


def index_lines(ds: Dataset, level: str, units: list[dict], lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """Each unit's index over the years of its level, as chart lines (year, series, value):
    the series is the unit's name (its label when two share a name); absent years empty."""
    from cchc_metrics.analysis.profiles import unit_years

    names = [u["unit_name"] for u in units]
    parts = []
    for unit in units:
        label = unit["unit_name"] if names.count(unit["unit_name"]) == 1 else unit["label"]
        record = unit_years(ds, level, unit["unit_id"], lang)
        parts.append(
            pd.DataFrame({"year": record["year"], "series": label, "value": record["index_pct"].astype(float)})
        )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["year", "series", "value"])
