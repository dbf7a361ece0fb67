"""Phương pháp & dữ liệu (Method and data): how scores are computed, the framework of each year,
the bands in force, and what the data cover.
"""

from __future__ import annotations

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis import framework as fw
from cchc_metrics.analysis.method import band_table, coverage, coverage_grid, framework, framework_year
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.charts.common import ChartContext
from cchc_metrics.present.charts.years import year_lines
from cchc_metrics.present.labels import area_names
from cchc_metrics.present.text import tm
from cchc_metrics.views.common import chart, context, span
from cchc_metrics.views.model import Note, Table, header, headers


def origin(ds: Dataset, ctx: ChartContext) -> Note:
    """Whether the data are synthetic (demo) or real, and their source."""
    if ds.is_demo:
        return Note("warning", tm("method.synthetic", ctx.lang, region=ctx.region), icon=":material/science:")
    return Note("success", tm("method.real", ctx.lang, region=ctx.region, source=ctx.source))


def framework_years(ds: Dataset, level: str, lang: str) -> list[int]:
    """The years with a framework for `level`."""
    return sorted(int(y) for y in framework(ds, level, lang)["year"])


def tabs(lang: str) -> dict[str, str]:
    keys = {
        "how": "method.how_header",
        "framework": "method.framework_header",
        "bands": "method.bands_header",
        "coverage": "method.coverage_header",
    }
    return {code: i18n.t(key, lang) for code, key in keys.items()}


def how(lang: str) -> Note:
    return Note("markdown", i18n.t("method.how_text", lang))


def frameworks(ds: Dataset, year: int, level: str, ctx: ChartContext) -> list:
    """The framework of every year (criteria and maximum per area), and of the chosen year."""
    table = headers(framework(ds, level, ctx.lang).rename(columns=area_names(ds, ctx.lang)), ctx.lang)
    one = headers(framework_year(ds, year, level, ctx.lang), ctx.lang)
    level_name = ctx.t(f"levels.{level}")
    return [
        *_versions(ds, level, ctx),
        Note("caption", ctx.t("method.framework_caption", level=ctx.t(f"level.{level}"))),
        Table(table, ("framework", level)),
        Note("markdown", "**" + ctx.t("method.framework_year", level=level_name, year=year) + "**"),
        Table(one, ("framework", level, year)),
        *_crosswalk(ds, ctx),
    ]


def _versions(ds: Dataset, level: str, ctx: ChartContext) -> list:
    """The framework versions of the level (which years each scores, its survey rule and caps)."""
    found = fw.versions(ds)
    found = found[found["level"] == level]
    if found.empty:
        return [Note("info", ctx.t("method.no_framework_files"))]
    years = [
        str(a) if pd.notna(b) and a == b else f"{a}–{b if pd.notna(b) else ''}"
        for a, b in zip(found["valid_from_year"], found["valid_to_year"])
    ]
    shown = found.assign(
        years=years, survey_rule=[ctx.t(f"method.survey_rule.{r}") for r in found["survey_rule"]]
    ).drop(columns=["level", "valid_from_year", "valid_to_year"])
    shown = shown[
        ["framework_id", "name", "years", *[c for c in shown.columns if c not in ("framework_id", "name", "years")]]
    ]
    title = Note("markdown", "**" + ctx.t("method.versions_title", level=ctx.t(f"levels.{level}")) + "**")
    return [title, Table(headers(shown, ctx.lang, "fw.col."), ("framework-versions", level))]


def _crosswalk(ds: Dataset, ctx: ChartContext) -> list:
    """How the criteria of one version became those of the next."""
    lines = fw.crosswalk(ds, ctx.lang)
    if lines.empty:
        return []
    title = Note("markdown", "**" + ctx.t("method.crosswalk_title") + "**")
    return [
        title,
        Note("caption", ctx.t("method.crosswalk_caption")),
        Table(headers(lines, ctx.lang, "fw.col."), ("crosswalk",)),
    ]


def bands(ds: Dataset, lang: str) -> Table:
    """The schemes in force; a former province's own named, the province's own under its name."""
    table = band_table(ds, lang)
    if "province" in table.columns:
        region = context(ds, lang).region
        table["province"] = [p or region for p in table["province"]]
    return Table(headers(table, lang), ("bands",))


def coverage_view(ds: Dataset, level: str, ctx: ChartContext) -> list:
    """Units scored per year and level as a chart and a table, and the units × years grid."""
    cover = coverage(ds)
    lines = cover.assign(series=cover["level"].map(lambda v: ctx.t(f"level.{v}")), value=cover["units_scored"])
    years = ds.years()
    drawn = chart(
        year_lines,
        lines[["year", "series", "value"]],
        ctx,
        y_title=ctx.t("method.units_axis"),
        name=("coverage", span(years)),
        kind="lines",
        title=ctx.t("method.coverage_title", region=ctx.region, years=span(years)),
        subtitle=ctx.t("method.coverage_sub"),
        percent=False,
        years=years,
        height=420,
    )
    shown = headers(cover.assign(level=cover["level"].map(lambda v: ctx.t(f"level.{v}"))), ctx.lang)
    grid = coverage_grid(ds, level)
    grid.columns = [str(c) for c in grid.columns]
    grid = grid.reset_index().rename(columns={"unit": header("unit_name", ctx.lang)})
    return [
        drawn,
        Table(shown, ("coverage",)),
        Note("markdown", "**" + ctx.t("method.grid_title", level=ctx.t(f"levels.{level}")) + "**"),
        Note("caption", ctx.t("method.grid_caption")),
        Table(grid, ("units-by-year", level)),
    ]
