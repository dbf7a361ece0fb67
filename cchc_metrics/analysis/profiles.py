"""Profiles of one district or one commune: its years, its areas against its peers, its criteria
and findings.

A unit is a version (code and valid years, `unit_id`): its history covers only the years that
version existed; the other years of the level are kept as rows without a value (absent, never 0).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.lineage import history as lineage_history
from cchc_metrics.analysis.scores import area_columns, score_frame
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.labels import area_names, distinct_labels, kind_label

SERIES_SELF = "self"


def level_years(ds: Dataset, level: str) -> list[int]:
    """The years in which units of `level` were scored, oldest first."""
    return [int(y) for y in ds.query("level_means", level=level)["year"]]


def unit_options(ds: Dataset, year: int, level: str, lang: str) -> pd.DataFrame:
    """The units of `level` valid in `year`, for a picker, grouped by district then by name.

    Columns: unit_id, unit_code, unit_name, group_name (the commune's district, or from 2025 its
    former district; empty for districts), group_code (that district's code; empty for a commune
    of several), label ("Name (district)", code added to repeated names).
    """
    units = ds.query("unit_options", year=int(year), level=level, mixed_name=i18n.t("lineage.group.mixed", lang))
    return units[["unit_id", "unit_code", "unit_name", "group_name", "group_code", "label"]].reset_index(drop=True)


def unit_years(ds: Dataset, level: str, unit_id: str, lang: str) -> pd.DataFrame:
    """One unit version's record over every year its level was scored, absent years kept empty.

    Columns: year, present (scored that year), index_pct, delta_pct, delta_basis (unit: against
    itself the year before; predecessors: a unit formed that year, against them), rank, rank_change,
    ranked_units, district_rank, district_units, band, level_mean_pct (all units of the level), district_mean_pct (the
    communes of its district; empty for districts). Raises KeyError when the unit was never scored.
    """
    frame = ds.query("unit_record", level=level, unit_id=unit_id, lang=lang)
    if frame["index_pct"].isna().all():
        raise KeyError(unit_id)
    frame["present"] = frame["index_pct"].notna()
    frame["year"] = frame["year"].astype(int)
    columns = [
        "year",
        "present",
        "index_pct",
        "delta_pct",
        "delta_basis",
        "rank",
        "rank_change",
        "ranked_units",
        "district_rank",
        "district_units",
        "band",
        "level_mean_pct",
        "district_mean_pct",
    ]
    frame = frame[columns]
    for col in ("rank", "rank_change", "ranked_units", "district_rank", "district_units"):
        frame[col] = frame[col].astype("Int64")
    frame["district_mean_pct"] = frame["district_mean_pct"].astype(float)
    return frame


def trend_lines(record: pd.DataFrame, names: dict[str, str], value: str = "index_pct") -> pd.DataFrame:
    """`unit_years` output as chart lines: columns year, series, value; series named by `names`.

    `names` maps record columns (e.g. index_pct, level_mean_pct) to the series labels; absent
    years keep an empty value, so the line shows a gap.
    """
    parts = [
        pd.DataFrame({"year": record["year"], "series": label, "value": record[col].astype(float)})
        for col, label in names.items()
        if record[col].notna().any()
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["year", "series", "value"])


def _area_grid(ds: Dataset, year: int, level: str) -> pd.DataFrame:
    """Units × areas of `year` and `level` (area %), units in rank order (the order of the cells, so
    means add the same values in the same order); once per data version (Dataset.kept): every
    unit's page compares with the same field. Read only."""

    def grid() -> pd.DataFrame:
        cells = ds.query("score_cells", year=year, level=level, parent_code=None)
        return cells.pivot(index="unit_id", columns="area_code", values="area_pct").reindex(pd.unique(cells["unit_id"]))

    return ds.kept(("area_grid", year, level), grid)


def area_comparison(ds: Dataset, year: int, level: str, unit_id: str, lang: str) -> pd.DataFrame:
    """A unit's area % against its peers in `year`, one row per area in report order.

    Columns: area_code, area_name, self, then for a district: level_mean (average of the
    districts), best (the district ranked first; its name is in the `best_name` attribute of the
    result's `attrs`); for a commune: district_mean (communes of its district; empty without a
    district), level_mean (all communes). Values are % of each area's maximum; empty where no
    criterion of the area applied. Raises KeyError when the unit was not scored that year.
    """
    wide = _area_grid(ds, int(year), level)
    roles = ds.query("comparison_units", year=int(year), level=level, unit_id=unit_id)
    if roles.empty:
        raise KeyError(unit_id)
    role = roles.iloc[0]
    names = area_names(ds, lang)
    codes = [c for c in names if c in wide.columns]
    frame = pd.DataFrame({"area_code": codes, "area_name": [names[c] for c in codes]})
    frame["self"] = wide.loc[unit_id, codes].to_numpy(dtype=float)
    if level != "commune":  # districts and departments: against their average and the best
        frame["level_mean"] = wide[codes].mean().to_numpy()
        frame["best"] = wide.loc[role["best_unit_id"], codes].to_numpy(dtype=float)
        frame.attrs["best_name"] = role["best_name"]
    else:
        siblings = role["district_unit_ids"]  # empty (not a list) without a district
        if isinstance(siblings, (list, np.ndarray)) and len(siblings):
            frame["district_mean"] = wide.loc[wide.index.intersection(pd.Index(siblings)), codes].mean().to_numpy()
        else:
            frame["district_mean"] = float("nan")
        frame["level_mean"] = wide[codes].mean().to_numpy()
    return frame


def district_communes(ds: Dataset, year: int, district_code: str, lang: str) -> pd.DataFrame:
    """The communes of one district in `year`, best first, with their area %.

    Columns: unit_code, unit_name, label (name, code added to repeated names), rank (in the
    city), district_rank, index_pct, band, delta_pct, rank_change, then one column per area code
    assessed that year.
    """
    table = score_frame(ds, year, "commune", lang, parent_code=district_code)
    if table.empty:
        # no commune of that district: the empty table keeps the columns (and their types) of
        # the level's table, filtered
        table = score_frame(ds, year, "commune", lang)
        table = table[table["parent_code"] == district_code]
    # an area no commune was assessed on that year is left out, not shown as an empty column
    areas = [c for c in area_columns(table) if table[c].notna().any()]
    table["label"] = distinct_labels(table["unit_name"], table["unit_code"])
    columns = [
        "unit_code",
        "unit_name",
        "label",
        "rank",
        "district_rank",
        "index_pct",
        "band",
        "delta_pct",
        "rank_change",
    ]
    return table.sort_values(["district_rank", "unit_code"])[columns + areas].reset_index(drop=True)


def criteria_table(ds: Dataset, unit_id: str, year: int, lang: str) -> pd.DataFrame:
    """A unit's criteria in `year`, in report order.

    Columns: area (name), criterion_code, criterion_name, max_points, self_score, score,
    points_lost (max − score; empty where the criterion does not apply to the unit).
    """
    rows = ds.query("unit_criteria", unit_id=unit_id, year=int(year))
    names = area_names(ds, lang)
    rows.insert(0, "area", rows["area_code"].map(names).fillna(rows["area_code"]))
    columns = ["area", "criterion_code", "criterion_name", "max_points", "self_score", "score", "points_lost"]
    return rows[columns].reset_index(drop=True)


def findings_table(ds: Dataset, unit_id: str, lang: str) -> pd.DataFrame:
    """A unit's inspection findings, newest year first.

    Columns: year, inspected_on (yyyy-mm-dd text, empty when unknown), kind (in `lang`), area
    (name, empty for general findings), criterion_code, text (as written by the inspection team).
    """
    rows = ds.query("unit_findings", unit_id=unit_id)
    names = area_names(ds, lang)
    return pd.DataFrame(
        {
            "year": rows["year"].astype(int),
            "inspected_on": [None if pd.isna(d) else pd.Timestamp(d).date().isoformat() for d in rows["inspected_on"]],
            "kind": [kind_label(k, lang) for k in rows["kind"]],
            "area": [None if pd.isna(a) else names.get(a, a) for a in rows["area_code"]],
            "criterion_code": rows["criterion_code"],
            "text": rows["text"],
        }
    )


def series_label(key: str, lang: str, **params) -> str:
    """The legend words for a comparison series (self, level_mean, best, district_mean)."""
    return i18n.t(f"series.{key}", lang, **params)


def with_predecessors(record: pd.DataFrame, ds: Dataset, unit_code: str, year: int) -> pd.DataFrame:
    """`unit_years` output with `predecessors_pct`: where the unit did not yet exist, the weighted
    index of the units it came from (see lineage.history); empty in the years it was scored itself.
    """
    history = lineage_history(ds, unit_code, year)
    before = history[history["basis"] == "predecessors"].set_index("year")["index_pct"]
    out = record.copy()
    out["predecessors_pct"] = out["year"].map(before).astype(float)
    return out
