"""The yearly template analysts fill in: the units valid that year × the criteria of the framework.

The framework is the criteria set of a published year (by default the latest year before the
template's year with criteria for the level). Headers are the schema's names, or the Vietnamese
ones (each column's first alias); both are read back by the import.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from cchc_metrics import config
from cchc_metrics.engine import sqlfiles
from cchc_metrics.engine.loading import reference_connection, year_files
from cchc_metrics.engine.schema import INSPECTIONS, LEVELS
from cchc_metrics.present.downloads import write_table
from cchc_metrics.publish.publishing import _typed_table

TEMPLATE_COLUMNS = (
    "year",
    "unit_code",
    "unit_name",
    "area_code",
    "criterion_code",
    "criterion_name",
    "max_points",
    "self_score",
    "score",
    "note",
)
CODE_COLUMNS = ("unit_code", "area_code", "criterion_code")


class TemplateError(Exception):
    """No template can be made; `key` is an i18n key (template.*), `params` fill it."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


def template_headers(vietnamese: bool) -> list[str]:
    """The header row: schema names, or each column's Vietnamese name (its first alias)."""
    return [INSPECTIONS.column(c).aliases[0] if vietnamese else c for c in TEMPLATE_COLUMNS]


def template_frame(
    root: str | os.PathLike | None, year: int, level: str, framework_year: int | None = None
) -> tuple[pd.DataFrame, int]:
    """The template's rows and the framework year used.

    Columns: TEMPLATE_COLUMNS (self_score, score, note empty). Raises ValueError for an unknown
    level, TemplateError('template.no_units' / 'template.no_criteria'), DataError when the data
    directory's reference files are unusable.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level: {level!r}")
    root = config.data_dir(root)
    published = {y: p for y, p in year_files(config.inspections_dir(root)) if y is not None}
    candidates = (
        [framework_year]
        if framework_year
        else sorted((y for y in published if y < year), reverse=True) + sorted(y for y in published if y >= year)
    )
    con = reference_connection(root)
    try:
        for fy in candidates:
            if fy not in published or _typed_table(con, published[fy], INSPECTIONS, "framework") is None:
                continue
            rows = sqlfiles.run(con, "publishing/template_rows", {"year": year, "level": level})
            if len(rows):
                for col in ("self_score", "score", "note"):
                    rows[col] = ""
                return rows[list(TEMPLATE_COLUMNS)], fy
        units = (sqlfiles.run(con, "publishing/units_in_year", {"year": year})["level"] == level).sum()
    finally:
        con.close()
    if not units:
        raise TemplateError("template.no_units", level=level, year=year)
    raise TemplateError("template.no_criteria", level=level, framework=framework_year or year)


def write_template(frame: pd.DataFrame, out: Path, vietnamese: bool = False) -> Path:
    """Write the template as .xlsx (codes as text, header frozen) or as CSV (UTF-8 with BOM, for Excel),
    through the project's one writer (present.downloads: no cell can run as a formula)."""
    headers = template_headers(vietnamese)
    table = frame[list(TEMPLATE_COLUMNS)].copy()
    table.columns = headers
    if Path(out).suffix.lower() == ".xlsx":
        names = dict(zip(TEMPLATE_COLUMNS, headers))
        return write_table(
            table,
            out,
            sheet=str(frame["year"].iloc[0]) if len(frame) else "template",
            text_columns=[names[c] for c in CODE_COLUMNS],
            widths={h: 50 if c == "criterion_name" else max(12, len(h) + 2) for c, h in names.items()},
            freeze_header=True,
        )
    # as a person reads the numbers: 3 and 4.5, not 3.0
    for column in table.columns:
        table[column] = ["" if pd.isna(v) else _text(v) for v in table[column]]
    return write_table(table, out)


def _text(value) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)
