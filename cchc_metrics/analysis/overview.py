"""The overview of one year: cards, rankings and band counts for both levels."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cchc_metrics.analysis.lineage import has_districts
from cchc_metrics.analysis.scores import BASE_COLUMNS, area_columns, band_column, score_frame
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.engine.schema import LEVELS


@dataclass(frozen=True)
class LevelCard:
    """Headline figures of one level in one year (None where not available)."""

    level: str
    units: int
    mean_pct: float | None
    delta_mean_pct: float | None
    best_name: str | None
    best_pct: float | None
    worst_name: str | None
    worst_pct: float | None


def level_cards(ds: Dataset, year: int) -> list[LevelCard]:
    """One card per level assessed in `year` (districts, communes, departments)."""
    summary = ds.query("level_summary")
    cards = []
    for level in LEVELS:
        row = summary[(summary["year"] == year) & (summary["level"] == level)]
        if row.empty:
            continue
        ends = ds.query("level_extremes", year=year, level=level).iloc[0]
        delta = row["delta_mean_pct"].iloc[0]
        cards.append(
            LevelCard(
                level,
                int(row["units"].iloc[0]),
                float(row["mean_pct"].iloc[0]),
                None if pd.isna(delta) else float(delta),
                ends["best_name"],
                float(ends["best_pct"]),
                ends["worst_name"],
                float(ends["worst_pct"]),
            )
        )
    return cards


def band_counts(ds: Dataset, year: int, level: str, lang: str) -> pd.DataFrame:
    """Columns: band, units; every band of the scheme in force, best first."""
    counts = ds.query("band_counts", year=year, level=level)
    return pd.DataFrame({"band": counts[band_column(lang)], "units": counts["units"].astype(int)})


def ranking_table(ds: Dataset, year: int, level: str, lang: str) -> pd.DataFrame:
    """The level's scores with the district name of each commune; see scores.scores_table.

    Columns: those of scores.scores_table, then district_name (empty for districts).
    """
    frame = score_frame(ds, year, level, lang)
    if frame["district_name"].isna().all() and has_districts(ds, year):
        # typed as text like the names of the districts that year, even when none is matched
        frame["district_name"] = frame["district_name"].astype("str")
    return frame[BASE_COLUMNS + area_columns(frame) + ["district_name"]]
