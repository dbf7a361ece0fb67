"""One reform area across units and years: rankings on the area, units × areas, the area's
average per level over the years, and the criteria that lose the most points.
"""

from __future__ import annotations

import pandas as pd

from cchc_metrics.analysis.overview import ranking_table
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.engine.schema import LEVELS
from cchc_metrics.present.labels import area_names, distinct_labels


def band_of(ds: Dataset, year: int, values: pd.Series, lang: str) -> pd.Series:
    """The band of each % value under the scheme in force in `year` (values rounded to 2 decimals,
    as for the index); empty where a value is missing. A year of several former provinces has
    several schemes: the dataset's scope (Dataset.scoped) picks one, or the province's own.
    """
    scheme = ds.query("band_schemes")
    scheme = scheme[scheme["year"] == int(year)]
    if scheme["province"].nunique() > 1:
        scheme = scheme[scheme["province"] == ""]
    scheme = scheme.sort_values("min_pct", ascending=False)
    label = "label_vi" if lang == "vi" else "label_en"

    # plain pairs, best first: filtering the frame once per value is a frame per commune
    floors = list(zip(scheme["min_pct"].astype(float), scheme[label]))

    def pick(value):
        if pd.isna(value):
            return None
        rounded = round(float(value), 2)
        return next((name for floor, name in floors if floor <= rounded), None)

    if values.empty:
        return values.map(pick)
    # each distinct value banded once: ten thousand communes share far fewer area results
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    bands = [pick(v) for v in distinct] + [None]
    return pd.Series([bands[c] for c in codes], index=values.index, name=values.name)


def area_ranking(ds: Dataset, year: int, level: str, area: str, lang: str) -> pd.DataFrame:
    """The units of `level` in `year` ranked on one area, best first.

    Columns: rank (on the area % rounded to 2 decimals, ties share the best rank), unit_code,
    unit_name, label (code added to repeated names), district_name (communes; empty from 2025),
    area_pct, band (of the area % under the year's scheme), index_pct. Units the area does not
    apply to are left out. Raises ValueError for an unknown area.
    """
    table = ranking_table(ds, year, level, lang)
    if area not in table.columns:
        raise ValueError(area)
    table = table.dropna(subset=[area]).rename(columns={area: "area_pct"})
    table["rank"] = table["area_pct"].round(2).rank(method="min", ascending=False).astype("Int64")
    table["band"] = band_of(ds, year, table["area_pct"], lang)
    table["label"] = distinct_labels(table["unit_name"], table["unit_code"])
    table = table.sort_values(["rank", "unit_code"])
    columns = ["rank", "unit_code", "unit_name", "label", "district_name", "area_pct", "band", "index_pct"]
    return table[columns].reset_index(drop=True)


def units_by_area(ds: Dataset, year: int, level: str, lang: str, sort_area: str | None = None) -> pd.DataFrame:
    """Units × areas in `year`: one row per unit, one % column per area code, plus index_pct.

    Columns: unit_code, unit_name, label, district_name, index_pct, then the codes of the areas
    assessed that year, in report order (empty where an area does not apply to a unit). Rows sorted on
    `sort_area` (or the index when
    None), best first. Raises ValueError for an unknown `sort_area`.
    """
    table = ranking_table(ds, year, level, lang)
    codes = [c for c in area_names(ds, lang) if c in table.columns and table[c].notna().any()]
    if sort_area is not None and sort_area not in table.columns:
        raise ValueError(sort_area)
    table["label"] = distinct_labels(table["unit_name"], table["unit_code"])
    key = sort_area or "index_pct"
    table = table.sort_values([key, "unit_code"], ascending=[False, True], na_position="last")
    return table[["unit_code", "unit_name", "label", "district_name", "index_pct"] + codes].reset_index(drop=True)


def area_over_years(ds: Dataset, area: str) -> pd.DataFrame:
    """The area's average % per level and year, every scored year for every level the data hold.

    Columns: year, level, units, mean_pct, min_pct, max_pct. A year without that level (no
    district from 2025) keeps its row with units 0 and empty values: absent, not zero.
    """
    means = ds.query("area_level_means", area=area)
    years = sorted(int(y) for y in ds.years())
    # districts and communes always (a year without one keeps its empty row); departments when scored
    levels = [level for level in LEVELS if level != "department" or level in set(means["level"])]
    grid = pd.MultiIndex.from_product([years, levels], names=["year", "level"])
    frame = means.set_index(["year", "level"]).reindex(grid).reset_index()
    frame["units"] = frame["units"].fillna(0).astype(int)
    return frame[["year", "level", "units", "mean_pct", "min_pct", "max_pct"]]


def criteria_losing(ds: Dataset, year: int, level: str, area: str) -> pd.DataFrame:
    """The criteria of one area in `year` and `level`, those losing the most points first.

    Columns: criterion_code, criterion_name, max_points, units (units it applied to),
    points_lost (Σ max − score over those units), lost_per_unit, criterion_pct (% of the
    maximum achieved), share_below_half (share of units below half the maximum, 0–1).
    """
    frame = ds.query("area_criteria_lost", year=int(year), level=level, area=area)
    frame["units"] = frame["units"].astype(int)
    return frame.reset_index(drop=True)
