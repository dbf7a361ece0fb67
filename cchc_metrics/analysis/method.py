"""Method and data: the framework of each year, the bands in force, what the data cover, and
whether they are synthetic.
"""

from __future__ import annotations

import pandas as pd

from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.labels import area_names, distinct_labels


def framework(ds: Dataset, level: str, lang: str) -> pd.DataFrame:
    """The scoring framework of `level`, one row per year: criteria and maximum per area.

    Columns: year, criteria (count), max_points (total), then one column per area code with the
    area's maximum points (empty where the area was not assessed that year).
    """
    rows = ds.query("framework")
    rows = rows[rows["level"] == level]
    codes = [c for c in area_names(ds, lang) if c in set(rows["area_code"])]
    wide = rows.pivot(index="year", columns="area_code", values="max_points").reindex(columns=codes)
    totals = rows.groupby("year").agg(criteria=("criteria", "sum"), max_points=("max_points", "sum"))
    frame = totals.join(wide).reset_index()
    frame["criteria"] = frame["criteria"].astype(int)
    return frame


def framework_year(ds: Dataset, year: int, level: str, lang: str) -> pd.DataFrame:
    """The framework of one year and level: one row per area in report order.

    Columns: area (name), criteria, max_points, share_pct (the area's share of the total maximum).
    """
    rows = ds.query("framework")
    rows = rows[(rows["year"] == int(year)) & (rows["level"] == level)]
    names = area_names(ds, lang)
    order = {c: i for i, c in enumerate(names)}
    rows = rows.assign(_order=rows["area_code"].map(order)).sort_values("_order")
    total = rows["max_points"].sum()
    return pd.DataFrame(
        {
            "area": rows["area_code"].map(names).fillna(rows["area_code"]).to_numpy(),
            "criteria": rows["criteria"].astype(int).to_numpy(),
            "max_points": rows["max_points"].to_numpy(dtype=float),
            "share_pct": (100 * rows["max_points"] / total).to_numpy(dtype=float) if total else [],
        }
    )


def band_table(ds: Dataset, lang: str) -> pd.DataFrame:
    """The classification schemes in force, one row per scheme and band, best band first.

    Columns: years ("2014–2016": the scored years the scheme applied to), band, min_pct; and
    province first when a former province kept its own scheme (empty for the province's own).
    """
    schemes = ds.query("band_schemes")
    label = "label_vi" if lang == "vi" else "label_en"
    rows = []
    for (province, _from_year), part in schemes.groupby(["province", "from_year"], sort=True):
        years = sorted(int(y) for y in part["year"].unique())
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        bands = part.drop_duplicates("min_pct").sort_values("min_pct", ascending=False)
        rows += [
            {"province": province, "years": span, "band": b, "min_pct": float(m)}
            for b, m in zip(bands[label], bands["min_pct"])
        ]
    table = pd.DataFrame(rows, columns=["province", "years", "band", "min_pct"])
    return table if (table["province"] != "").any() else table.drop(columns="province")


def coverage(ds: Dataset) -> pd.DataFrame:
    """What the data hold per year and level.

    Columns: year, level, units_valid (units that existed), units_scored, criterion_rows,
    findings. A level that did not exist in a year (districts from 2025) has no row.
    """
    frame = ds.query("coverage")
    for col in ("units_valid", "units_scored", "criterion_rows", "findings"):
        frame[col] = frame[col].astype(int)
    return frame.reset_index(drop=True)


def coverage_grid(ds: Dataset, level: str) -> pd.DataFrame:
    """Units × years of `level`: the index where the unit was scored, empty where it was not
    (it did not exist, or was not assessed). Index: unit label ("Name (code)" for repeated
    names); columns: every scored year of the level; rows sorted by code then first year.
    """
    series = ds.query("level_series", level=level)
    years = sorted(int(y) for y in series["year"].unique())
    wide = series.pivot(index="unit_id", columns="year", values="index_pct").reindex(columns=years)
    units = series.drop_duplicates("unit_id").set_index("unit_id").loc[wide.index]
    wide.index = distinct_labels(units["unit_name"], units["unit_code"]).to_numpy()
    wide.index.name = "unit"
    wide.columns = [int(c) for c in wide.columns]
    return wide


def is_synthetic(ds: Dataset) -> bool:
    """Whether about.json says the data are synthetic (demo data, not real results)."""
    return bool(ds.about.get("synthetic", False))
