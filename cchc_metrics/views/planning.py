"""Kế hoạch kiểm tra (Inspection planning): a reproducible draw of communes to inspect, its
weights explained, the inspection history and coverage, and the saved plans. Built from
analysis.planning; this module shapes them for a reader (translated reasons, dates as text).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis import planning
from cchc_metrics.analysis.lineage import has_districts
from cchc_metrics.analysis.profiles import unit_options
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.text import escape
from cchc_metrics.views.model import Card, Choice, Fold, Note, Table, header, headers


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
    ds: Dataset,
    year: int,
    last_years: int,
    group_by: str = "district",
    lang: str = i18n.DEFAULT_LANG,
    level: str = "commune",
) -> pd.DataFrame:
    """Communes of `year` not inspected in the `last_years` years before it (planning.coverage).

    Columns: group_name, unit_code, unit_name, last_inspected_year (text; "never" in `lang`, as far
    as the data go).
    """
    frame = planning.coverage(ds, year, last_years, group_by=group_by, lang=lang, level=level)
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


# --- the page ----------------------------------------------------------------------------------

GROUPINGS = ("district", "none")
PLAN_LEVELS = ("commune", "department")  # departments are drawn as one group, by no district
METHODS = ("plain", "weighted")
PREFIX = "planpage.col."


def plan_year_options(ds: Dataset) -> list[int]:
    """The plan years, newest first."""
    return sorted(plan_years(ds), reverse=True)


def level_choice(ds: Dataset, year: int, lang: str) -> Choice | None:
    """Whom to draw: communes or departments, when the year has departments (?plan_level=)."""
    levels = [lv for lv in PLAN_LEVELS if not unit_options(ds, int(year), lv, lang).empty]
    if len(levels) < 2:
        return None
    labels = {lv: i18n.t(f"level.{lv}", lang) for lv in levels}
    return Choice("plan_level", i18n.t("planpage.level", lang), tuple(levels), labels, widget="radio")


def grouping_choice(lang: str) -> Choice:
    labels = {v: i18n.t(f"planpage.group.{v}", lang) for v in GROUPINGS}
    return Choice("group", i18n.t("planpage.group_by", lang), GROUPINGS, labels, widget="radio")


def method_choice(lang: str) -> Choice:
    labels = {v: i18n.t(f"planpage.method.{v}", lang) for v in METHODS}
    return Choice(
        "method",
        i18n.t("planpage.method", lang),
        METHODS,
        labels,
        widget="radio",
        help=i18n.t("planpage.method_help", lang),
    )


def grouping_note(ds: Dataset, year: int, group_by: str, lang: str) -> Note | None:
    """That a year without districts groups communes by their former district."""
    if group_by == "district" and not has_districts(ds, year):
        return Note("info", i18n.t("planpage.no_districts", lang, year=year))
    return None


def tabs(year: int, lang: str) -> dict[str, str]:
    return {
        "plan": i18n.t("planpage.plan_header", lang, year=year),
        "map": i18n.t("tab.map", lang),
        "coverage": i18n.t("planpage.coverage_header", lang),
        "history": i18n.t("planpage.history_header", lang),
        "saved": i18n.t("planpage.saved_header", lang),
    }


def drawn_codes(plan) -> tuple[str, ...]:
    """The codes of the units a plan drew (for its map)."""
    return tuple(plan.units["unit_code"]) if not plan.units.empty else ()


def drawn(
    ds: Dataset,
    year: int,
    per_group: int,
    seed: int,
    method: str,
    chronic: bool,
    group_by: str,
    lang: str,
    level: str = "commune",
):
    """The draw (planning.draw) of communes or departments (`level`) and the blocks that show it:
    the seed to keep, the basis year, the counts, and the drawn list (paged at national scale,
    downloaded whole)."""
    pool = planning.kept_candidates(ds, year, group_by, lang, level)
    plan = planning.draw(
        ds,
        year,
        per_group,
        seed,
        weighted=method == "weighted",
        include_chronic=chronic,
        group_by=group_by,
        lang=lang,
        pool=pool,
        level=level,
    )
    if plan.units.empty:
        return plan, [Note("warning", i18n.t("plan.no_units", lang, year=year))]
    method_name = i18n.t(f"planpage.method.{method}", lang).lower()
    used = plan.options["basis_year"]
    cards = (
        Card(i18n.t("planpage.drawn_units", lang), str(len(plan.units))),
        Card(i18n.t("planpage.chronic_units", lang), str(int((plan.units["reason"] == "chronic").sum()))),
        Card(i18n.t("planpage.candidates", lang), str(len(plan.candidates))),
    )
    shown = headers(shown_plan(plan, lang), lang, PREFIX)
    search = tuple(header(c, lang, PREFIX) for c in ("unit_name", "unit_code", "group_name"))
    table = Table(
        shown,
        (i18n.t("planpage.file.plan", lang), *_level_part(level), year, f"seed-{seed}"),
        key=f"plan:{level}:{year}:{seed}",
        search=search,
        text={header("explanation", lang, PREFIX): "large"},
        keys=search[:1],
    )
    return plan, [
        Note(
            "info",
            i18n.t("planpage.seed_line", lang, seed=seed, year=year, n=per_group, method=method_name),
            ":material/key:",
        ),
        Note(
            "caption",
            i18n.t("planpage.basis", lang, basis=used) if used is not None else i18n.t("planpage.no_basis", lang),
        ),
        cards,
        table,
        Note("caption", i18n.t("planpage.plain_weights", lang)) if method == "plain" else None,
    ]


def _level_part(level: str) -> tuple[str, ...]:
    """The level in a download's file name: communes' files keep their names, departments' say so."""
    return () if level == "commune" else (level,)


def explained(rows: pd.DataFrame, lang: str) -> Fold:
    """Why each shown unit weighs what it weighs (rows of the drawn list as shown)."""
    names = {header(c, lang, PREFIX): c for c in ("unit_name", "unit_code", "explanation")}
    plain = rows[list(names)].rename(columns=names)
    lines = "\n".join(f"- {escape(line)}" for line in explanation_lines(plain))
    return Fold(i18n.t("planpage.explain_all", lang), (Note("markdown", lines),), ":material/help:")


def coverage_view(ds: Dataset, year: int, last_years: int, group_by: str, lang: str, level: str = "commune") -> list:
    """The communes (or departments) of `year` not inspected in the `last_years` years before it."""
    stale = coverage_table(ds, year, last_years, group_by=group_by, lang=lang, level=level)
    total = len(planning.kept_candidates(ds, year, group_by, lang, level))
    caption = Note(
        "caption", i18n.t("planpage.coverage_caption", lang, n=len(stale), total=total, years=last_years, year=year)
    )
    if stale.empty:
        return [caption]
    name = (i18n.t("planpage.file.coverage", lang), *_level_part(level), year, f"{last_years}y")
    return [caption, Table(headers(stale, lang, PREFIX), name, key=f"cover:{level}:{year}:{last_years}")]


def history_view(ds: Dataset, lang: str) -> list:
    """Which units were inspected when."""
    history = history_table(ds)
    if history.empty:
        return [Note("info", i18n.t("planpage.no_history", lang))]
    return [
        Note("caption", i18n.t("planpage.history_caption", lang, n=len(history))),
        Table(headers(history, lang, PREFIX), (i18n.t("planpage.file.history", lang),), key="history", height=320),
    ]


def saved_view(root: Path, lang: str) -> Note | Table:
    """The plans saved in the data directory (read afresh: the app writes them)."""
    kept = saved_plans_table(root)
    if kept.empty:
        return Note("info", i18n.t("planpage.no_saved", lang))
    return Table(headers(kept, lang, PREFIX))
