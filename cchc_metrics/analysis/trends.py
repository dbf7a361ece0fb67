"""Trends: units' index and rank over the years against their peers, and who moved most.

A unit is a version (code and valid years): its line covers the years that version was scored
and breaks elsewhere (absent, never 0). Changes compare the same version in two years.
"""

from __future__ import annotations

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.labels import distinct_labels


def unit_choices(ds: Dataset, level: str, lang: str) -> pd.DataFrame:
    """Every version of a unit of `level` ever scored, for a searchable picker.

    Columns: unit_id, unit_code, unit_name, district_name, first_year, last_year (scored), label
    ("Name (district)", code added to repeated names, years added when the version was scored
    in only part of the level's years). Sorted by name.
    """
    versions = ds.query("unit_choices", level=level)
    # text even where no version has a district (the district level), as the other name columns
    versions["district_name"] = versions["district_name"].astype("str")
    return versions[
        ["unit_id", "unit_code", "unit_name", "district_name", "first_year", "last_year", "label"]
    ].reset_index(drop=True)


def _district_names(ds: Dataset) -> dict[str, str]:
    names = ds.query("district_names")
    return dict(zip(names["unit_code"], names["unit_name"]))


def index_lines(
    ds: Dataset, level: str, unit_ids: list[str], labels: dict[str, str], peers_label: str, value: str = "index_pct"
) -> pd.DataFrame:
    """Chart lines for the chosen unit versions over every year of the level, and their peers.

    Columns: year, series (the unit's label from `labels`, or `peers_label`), value (`index_pct`
    or `rank`); a year the unit was not scored keeps an empty value. The peers line (the level's
    average index) is added for `index_pct` only.
    """
    means = ds.query("level_means", level=level)
    years = [int(y) for y in means["year"]]
    series = ds.query("units_over_years", level=level, unit_ids=[str(u) for u in unit_ids])
    parts = []
    for unit_id in unit_ids:
        own = series[series["unit_id"] == unit_id].set_index("year")[value].reindex(years)
        parts.append(
            pd.DataFrame({"year": years, "series": labels.get(unit_id, unit_id), "value": own.to_numpy(dtype=float)})
        )
    if value == "index_pct":
        parts.append(
            pd.DataFrame({"year": years, "series": peers_label, "value": means["level_mean_pct"].to_numpy(dtype=float)})
        )
    if not parts:
        return pd.DataFrame(
            {"year": pd.Series(dtype=int), "series": pd.Series(dtype=str), "value": pd.Series(dtype=float)}
        )
    return pd.concat(parts, ignore_index=True)


def movers(ds: Dataset, level: str, from_year: int, to_year: int, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """Units of `level` scored in both years (same version), most improved first.

    Columns: unit_code, unit_name, label (code added to repeated names), district_name,
    from_pct, to_pct, change_pct, from_rank, to_rank, rank_change (positive = moved up).
    """
    frame = ds.query("index_change", level=level, from_year=int(from_year), to_year=int(to_year))
    frame["district_name"] = frame["parent_code"].map(_district_names(ds))
    frame["label"] = distinct_labels(frame["unit_name"], frame["unit_code"])
    for col in ("from_rank", "to_rank", "rank_change"):
        frame[col] = frame[col].astype("Int64")
    columns = [
        "unit_code",
        "unit_name",
        "label",
        "district_name",
        "from_pct",
        "to_pct",
        "change_pct",
        "from_rank",
        "to_rank",
        "rank_change",
    ]
    return frame[columns].reset_index(drop=True)


def biggest_moves(moves: pd.DataFrame, n: int) -> pd.DataFrame:
    """The `n` most improved and the `n` most declined of a `movers` table (all when short), most improved first."""
    if len(moves) <= 2 * n:
        return moves.reset_index(drop=True)
    return pd.concat([moves.head(n), moves.tail(n)]).reset_index(drop=True)


def default_change_years(ds: Dataset, level: str) -> tuple[int, int] | None:
    """The latest two consecutive years with units of `level` scored in both (None if none).

    After a reorganisation every unit is a new version (2025), so the newest pair can be empty.
    """
    years = [int(y) for y in ds.query("level_means", level=level)["year"]]
    for last, first in zip(reversed(years), reversed(years[:-1])):
        if not ds.query("index_change", level=level, from_year=first, to_year=last).empty:
            return first, last
    return None


def default_units(ds: Dataset, level: str, n: int = 3, most: int = 10) -> list[str]:
    """Unit versions to show before the reader picks, of the versions scored in the most years:
    every one of few districts or departments (at most `most`), else the best, middle and worst
    by their last index (communes; the districts of three former provinces).
    """
    series = ds.query("level_series", level=level)
    spans = series["unit_id"].value_counts()
    long_lived = series[series["unit_id"].isin(spans.index[spans == spans.max()])]
    if level != "commune" and long_lived["unit_id"].nunique() <= most:
        return sorted(long_lived["unit_id"].unique())
    last = (
        long_lived.sort_values("year")
        .drop_duplicates("unit_id", keep="last")
        .sort_values(["index_pct", "unit_id"], ascending=[False, True])
    )
    ids = list(last["unit_id"])
    picks = [ids[0], ids[len(ids) // 2], ids[-1]] if len(ids) >= 3 else ids
    return list(dict.fromkeys(picks))[:n]
