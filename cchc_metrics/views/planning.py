"""Tables for the inspection-planning page: plan years, the drawn list as shown, inspection
history, coverage and saved plans. Built from planning.py; this module only shapes them for a
reader (translated reasons, dates as text) so the page stays thin.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis import planning
from cchc_metrics.engine.dataset import Dataset


def year_text(values, empty: str = "") -> list[str]:
    """Years (and other whole numbers such as seeds) as text, so tables never write them as 2.024;
    `empty` where missing."""
    return [empty if v is None or pd.isna(v) else str(int(v)) for v in values]


PLAN_COLUMNS = [
    "group_name",
    "unit_code",
    "unit_name",
    "reason",
    "weight",
    "index_pct",
    "last_inspected_year",
    "explanation",
]


def plan_years(ds: Dataset) -> list[int]:
    """Years a plan can be drawn for: every scored year and the year after the latest (the usual plan)."""
    years = ds.years()
    return sorted(set(years) | ({years[-1] + 1} if years else set()))


def shown_plan(plan: planning.Plan, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """The drawn units as the page shows and exports them.

    Columns: PLAN_COLUMNS (reason in `lang`; weight and its explanation also for plain draws,
    where every unit had the same chance; last_inspected_year as text, "never" in `lang`).
    """
    frame = plan.units.copy()
    frame["reason"] = [i18n.t(f"plan.reason.{r}", lang) for r in frame["reason"]]
    frame["last_inspected_year"] = year_text(frame["last_inspected_year"], i18n.t("planpage.never", lang))
    return frame[PLAN_COLUMNS].reset_index(drop=True)


def explanation_lines(units: pd.DataFrame) -> list[str]:
    """One line per unit of `units` (Plan.units, or rows of shown_plan): "Name (code): why this
    weight", in their order."""
    return [f"{n} ({c}): {e}" for n, c, e in zip(units["unit_name"], units["unit_code"], units["explanation"])]


def history_table(ds: Dataset) -> pd.DataFrame:
    """Which units were inspected when (planning.inspection_history), newest first.

    Columns: year (text), unit_code, unit_name, inspected_on (yyyy-mm-dd or empty), strengths,
    weaknesses, recommendations.
    """
    frame = planning.inspection_history(ds)
    frame["inspected_on"] = [None if pd.isna(d) else pd.Timestamp(d).date().isoformat() for d in frame["inspected_on"]]
    frame = frame.sort_values(["year", "unit_code"], ascending=[False, True])
    frame["year"] = year_text(frame["year"])
    columns = ["year", "unit_code", "unit_name", "inspected_on", "strengths", "weaknesses", "recommendations"]
    return frame[columns].reset_index(drop=True)


def coverage_table(
    ds: Dataset, year: int, last_years: int, group_by: str = "district", lang: str = i18n.DEFAULT_LANG
) -> pd.DataFrame:
    """Communes of `year` not inspected in the `last_years` years before it (planning.coverage).

    Columns: group_name, unit_code, unit_name, last_inspected_year (text; "never" in `lang`, as far
    as the data go).
    """
    frame = planning.coverage(ds, year, last_years, group_by=group_by, lang=lang)
    frame["last_inspected_year"] = year_text(frame["last_inspected_year"], i18n.t("planpage.never", lang))
    return frame[["group_name", "unit_code", "unit_name", "last_inspected_year"]]


def saved_plans_table(root: Path) -> pd.DataFrame:
    """The plans kept under <data dir>/plans/, newest first, one row each.

    Columns: file, year, seed (text), per_group, weighted, include_chronic, group_by, basis_year (text),
    units (how many), unit_codes (comma-separated, in plan order).
    """
    rows = []
    for plan in saved_plans(root):
        options = plan.get("options", {})
        units = plan.get("units", [])
        rows.append(
            {
                "file": plan["file"],
                "year": year_text([plan.get("year")])[0],
                "seed": year_text([plan.get("seed")])[0],
                "per_group": options.get("per_group"),
                "weighted": options.get("weighted"),
                "include_chronic": options.get("include_chronic"),
                "group_by": str(options.get("group_by")),
                "basis_year": year_text([options.get("basis_year")])[0],
                "units": len(units),
                "unit_codes": ", ".join(str(u.get("unit_code")) for u in units),
            }
        )
    columns = [
        "file",
        "year",
        "seed",
        "per_group",
        "weighted",
        "include_chronic",
        "group_by",
        "basis_year",
        "units",
        "unit_codes",
    ]
    return pd.DataFrame(rows[::-1], columns=columns)


def saved_plans(root: Path) -> list[dict]:
    """planning.saved_plans, read again on every call (plans are small and written while the app runs)."""
    return planning.saved_plans(Path(root))
