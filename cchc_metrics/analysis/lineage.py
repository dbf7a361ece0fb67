"""Trends across administrative reorganisations, through the lineage table (old unit → new unit).

A unit is a code *and* its valid years: every function here first resolves (code, year) to one
unit version, then follows the resolved links of `lineage_links` / `lineage_ancestry` (built from
lineage.csv), so a reused code never joins the wrong unit (31135 was Tân An until 2024 and is
Ninh Kiều from 2025). Rankings are never recomputed here: a rank is always a unit version's own
rank in its own year.

Weighted history rule: a year's value is the mean of the indices of the unit and of its ancestors
scored that year, each weighted 1, times PARTIAL_WEIGHT for every partial link (merge_partial,
split) on the way to it. The basis column says when a value comes from predecessors.
"""

from __future__ import annotations

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.engine.schema import PARTIAL_WEIGHT

MIXED = "mixed"


class UnknownUnit(LookupError):
    """No unit with this code is valid in this year; `code` and `year` say which."""

    def __init__(self, code: str, year: int):
        super().__init__(f"{code}@{year}")
        self.code = code
        self.year = year

    def message(self, lang: str = i18n.DEFAULT_LANG) -> str:
        return i18n.t("lineage.unknown_unit", lang, unit=self.code, year=self.year)


def unit_version(ds: Dataset, code: str, year: int) -> dict:
    """The version of unit `code` valid in `year`, as a dict.

    Keys: unit_id, unit_code, unit_name, unit_type, level, parent_code, valid_from_year,
    valid_to_year. Raises UnknownUnit when no version of the code is valid that year.
    """
    found = ds.query("unit_version", unit_code=str(code), year=int(year))
    if found.empty:
        raise UnknownUnit(str(code), int(year))
    row = found.iloc[0].to_dict()
    return {k: (None if pd.isna(v) else v) for k, v in row.items()}


def neighbours(ds: Dataset, code: str, year: int) -> pd.DataFrame:
    """Predecessors and successors of the unit `code` valid in `year`, direct (depth 1) and beyond.

    Columns: direction (predecessor | successor), depth, unit_id, unit_code, unit_name, unit_type,
    level, parent_code, valid_from_year, valid_to_year, change (of the link nearest the other
    unit), partial (a partial link on the way), effective_date (direct links only).
    Raises UnknownUnit.
    """
    unit = unit_version(ds, code, year)
    return _iso_dates(ds.query("lineage_neighbours", unit_id=unit["unit_id"]))


def _iso_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """effective_date as yyyy-mm-dd text (None where unknown), as it is written in lineage.csv."""
    frame["effective_date"] = [
        None if pd.isna(d) else pd.Timestamp(d).date().isoformat() for d in frame["effective_date"]
    ]
    return frame


def predecessor_scores(ds: Dataset, code: str, year: int, partial_weight: float = PARTIAL_WEIGHT) -> pd.DataFrame:
    """The listed history of a unit: its own yearly scores and each ancestor's, clearly marked.

    Columns: year, role (self | predecessor), unit_id, unit_code, unit_name, level, parent_code,
    depth (links back), partial (only part of that ancestor became this unit), weight (see module
    docstring), index_pct, rank and ranked_units (each version's own rank among its own level that
    year, in its own former province), source_province (a former province's unit: which).
    Raises UnknownUnit.
    """
    unit = unit_version(ds, code, year)
    return ds.query("lineage_members", unit_id=unit["unit_id"], partial_weight=float(partial_weight))


def history(ds: Dataset, code: str, year: int, partial_weight: float = PARTIAL_WEIGHT) -> pd.DataFrame:
    """A unit's index per year as the territory it covers in `year`, through its predecessors.

    Columns: year, basis (own | predecessors), index_pct (weighted mean, see module docstring),
    members (units averaged), partial_members, partial (a partial predecessor is included),
    member_names ("name (code)", by code). No rank: ranks never mix unit versions.
    Raises UnknownUnit.
    """
    unit = unit_version(ds, code, year)
    frame = ds.query("lineage_history", unit_id=unit["unit_id"], partial_weight=float(partial_weight))
    frame["members"] = frame["members"].astype(int)
    frame["partial_members"] = frame["partial_members"].astype(int)
    return frame


def story(ds: Dataset, code: str, year: int) -> pd.DataFrame:
    """An old unit's own yearly scores, ending with the unit(s) it went into.

    Columns: year, role (self | successor), unit_code, unit_name, index_pct, rank, ranked_units,
    change, partial, effective_date. Successor rows carry the successor's first year after this
    unit's last one, and its own score that year where there is one. Raises UnknownUnit.
    """
    unit = unit_version(ds, code, year)
    own = ds.query("unit_history", unit_id=unit["unit_id"]).assign(
        role="self", change=None, partial=False, effective_date=None
    )
    nexts = _iso_dates(ds.query("lineage_neighbours", unit_id=unit["unit_id"]))
    nexts = nexts[(nexts["direction"] == "successor") & (nexts["depth"] == 1)]
    rows = []
    for succ in nexts.itertuples(index=False):
        first = int(unit["valid_to_year"]) + 1 if unit["valid_to_year"] is not None else None
        scored = ds.query("unit_history", unit_id=succ.unit_id)
        scored = scored[scored["year"] == first]
        rows.append(
            {
                "year": first,
                "role": "successor",
                "unit_code": succ.unit_code,
                "unit_name": succ.unit_name,
                "index_pct": scored["index_pct"].iloc[0] if len(scored) else None,
                "rank": scored["rank"].iloc[0] if len(scored) else None,
                "ranked_units": scored["ranked_units"].iloc[0] if len(scored) else None,
                "change": succ.change,
                "partial": bool(succ.partial),
                "effective_date": succ.effective_date,
            }
        )
    columns = [
        "year",
        "role",
        "unit_code",
        "unit_name",
        "index_pct",
        "rank",
        "ranked_units",
        "change",
        "partial",
        "effective_date",
    ]
    frame = pd.concat([own[columns], pd.DataFrame(rows, columns=columns)], ignore_index=True)
    for col in ("year", "rank", "ranked_units"):
        frame[col] = frame[col].astype("Int64")
    frame["index_pct"] = frame["index_pct"].astype(float)
    return frame


def has_districts(ds: Dataset, year: int) -> bool:
    """Whether the district level exists in `year` (False from the 2025 two-tier structure)."""
    return not ds.query("districts_valid", year=int(year)).empty


def former_district_groups(ds: Dataset, year: int, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """The communes valid in `year`, each with its district or, without districts, its former one.

    Columns: unit_id, unit_code, unit_name, parent_code, former_district_codes (every district
    its territory came from, comma-separated), group_code (the district, MIXED when the commune
    came from several, empty when nothing is known), group_name (the district's name, or the
    word for "mixed" in `lang`).
    """
    frame = ds.query("former_districts", year=int(year))
    mixed = frame["group_code"] == MIXED
    frame.loc[mixed, "group_name"] = i18n.t("lineage.group.mixed", lang)
    return frame.reset_index(drop=True)


def change_label(change: str, lang: str = i18n.DEFAULT_LANG) -> str:
    """The words for a lineage change kind (merge_full, merge_partial, split, rename, unchanged)."""
    return i18n.t(f"lineage.change.{change}", lang)
