"""Remediation: every weakness of year N followed into year N + 1 on the same unit version.

Two sources of weaknesses:
    computed  a unit × area judged weak against its peers in N (peers.PeerRule);
    finding   a weakness finding of N's inspection that names an area or a criterion
              (the criterion % is followed when a criterion is named, else the area %).
Status in N + 1 (RemediationRule, thresholds configurable):
    fixed         computed: no longer weak against the peers of N + 1 (same PeerRule);
                  finding: the % in N + 1 is at least `fixed_pct` (default 80, as in planning);
    improved      not fixed, and the % rose by at least `min_change_pct` points (default 2);
    worse         the % fell by at least `min_change_pct` points;
    unchanged     otherwise;
    not_assessed  the unit version (or the criterion) has no score in N + 1: a merged or
                  abolished unit is never counted as fixed, nor as zero.
The share fixed per district is fixed / (weaknesses − not_assessed).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.common import area_names, int_columns, query, query_over_positions
from cchc_metrics.analysis.peers import DEFAULT_RULE, PeerRule
from cchc_metrics.engine.dataset import Dataset

STATUSES = ("fixed", "improved", "unchanged", "worse", "not_assessed")
SOURCES = ("computed", "finding")
COLUMNS = [
    "year",
    "next_year",
    "source",
    "unit_id",
    "unit_code",
    "unit_name",
    "level",
    "district_code",
    "area_code",
    "area_name",
    "criterion_code",
    "text",
    "pct",
    "next_pct",
    "change",
    "status",
]


@dataclass(frozen=True)
class RemediationRule:
    """Thresholds of the remediation status (see the module docstring)."""

    fixed_pct: float = 80.0
    min_change_pct: float = 2.0


DEFAULT_REMEDIATION = RemediationRule()


def _status(change: pd.Series, fixed: pd.Series, assessed: pd.Series, rule: RemediationRule) -> list[str]:
    return list(
        np.select(
            [~assessed, fixed, change >= rule.min_change_pct, change <= -rule.min_change_pct],
            ["not_assessed", "fixed", "improved", "worse"],
            default="unchanged",
        )
    )


def _district(frame: pd.DataFrame) -> pd.Series:
    # a district-level unit's weaknesses are its own district's
    return frame["parent_code"].where(frame["level"] == "commune", frame["unit_code"])


def followup(
    ds: Dataset,
    year: int,
    level: str | None = None,
    source: str | None = None,
    peer_rule: PeerRule = DEFAULT_RULE,
    rule: RemediationRule = DEFAULT_REMEDIATION,
    lang: str = i18n.DEFAULT_LANG,
) -> pd.DataFrame:
    """The weaknesses of `year` (computed, from findings, or both when `source` is None) in `year` + 1.

    Columns: year, next_year, source (computed | finding), unit_id, unit_code, unit_name, level,
    district_code, area_code, area_name, criterion_code (findings only), text (findings only),
    pct (in `year`), next_pct, change (points), status (fixed | improved | unchanged | worse |
    not_assessed). Sorted by source, unit code, area, criterion. Raises ValueError for an unknown source.
    """
    if source not in (None, *SOURCES):
        raise ValueError(f"source must be one of {SOURCES}: {source!r}")
    parts = []
    if source in (None, "computed"):
        frame = query_over_positions(
            ds, "weak_followup", {"year": None, "level": level, **peer_rule.params()}, year=int(year)
        ).rename(columns={"area_pct": "pct"})
        assessed = frame["next_pct"].notna()
        frame["change"] = frame["next_pct"] - frame["pct"]
        frame["status"] = _status(frame["change"], assessed & (frame["next_position"] != "weak"), assessed, rule)
        parts.append(frame.assign(source="computed", criterion_code=None, text=None))
    if source in (None, "finding"):
        frame = query(ds, "finding_followup", year=int(year), level=level)
        assessed = frame["next_pct"].notna()
        frame["change"] = frame["next_pct"] - frame["pct"]
        frame["status"] = _status(frame["change"], assessed & (frame["next_pct"] >= rule.fixed_pct), assessed, rule)
        parts.append(frame.assign(source="finding"))
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    table = pd.concat(parts, ignore_index=True)
    table["next_year"] = int(year) + 1
    table["district_code"] = _district(table)
    table["area_name"] = table["area_code"].map(area_names(ds, lang))
    table = table.sort_values(["source", "unit_code", "area_code", "criterion_code"], na_position="first")
    return int_columns(table[COLUMNS].reset_index(drop=True), "year", "next_year")


def share_fixed_by_district(
    ds: Dataset,
    year: int,
    level: str | None = None,
    source: str | None = None,
    peer_rule: PeerRule = DEFAULT_RULE,
    rule: RemediationRule = DEFAULT_REMEDIATION,
) -> pd.DataFrame:
    """Per district: how the weaknesses of `year` fared in `year` + 1 (see followup()).

    Columns: district_code, district_name, weaknesses, fixed, improved, unchanged, worse,
    not_assessed, followed (weaknesses assessed the next year), share_fixed_pct (fixed / followed,
    in %; missing when none was followed). Sorted by share fixed (highest first), then by followed
    (more first), then district code. Units without a district are grouped under an empty code.
    """
    table = followup(ds, year, level, source, peer_rule, rule)
    # a group count, not pd.crosstab (which aggregates each of 700 districts in Python)
    counts = (
        table.groupby([table["district_code"].fillna(""), "status"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=list(STATUSES), fill_value=0)
    )
    counts.insert(0, "weaknesses", counts.sum(axis=1))
    counts["followed"] = counts["weaknesses"] - counts["not_assessed"]
    counts["share_fixed_pct"] = (100 * counts["fixed"] / counts["followed"].where(counts["followed"] > 0)).astype(float)
    counts = counts.rename_axis("district_code").reset_index()
    names = ds.query("districts_valid", year=int(year)).set_index("parent_code")["district_name"]
    counts.insert(1, "district_name", counts["district_code"].map(names))
    counts = counts.sort_values(
        ["share_fixed_pct", "followed", "district_code"], ascending=[False, False, True], na_position="last"
    )
    counts.columns.name = None
    return int_columns(counts.reset_index(drop=True), "weaknesses", *STATUSES, "followed")
