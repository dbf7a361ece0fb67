"""What the analyses share: running their SQL, area names, a unit's version, labels."""

from __future__ import annotations

import pandas as pd

from .. import i18n
from ..dataset import Dataset, sql_text
from ..lineage import UnknownUnit, unit_version


class NotAssessed(LookupError):
    """The unit exists in the year but has no scores then; `code` and `year` say which."""

    def __init__(self, code: str, year: int):
        super().__init__(f"{code}@{year}")
        self.code = code
        self.year = year

    def message(self, lang: str = i18n.DEFAULT_LANG) -> str:
        return i18n.t("analysis.not_assessed", lang, unit=self.code, year=self.year)


def query(ds: Dataset, name: str, **params) -> pd.DataFrame:
    """Run `sql/analysis/<name>.sql` with bound `params` and return the whole result."""
    return ds.sql(sql_text("analysis/" + name), params)


def query_over_positions(ds: Dataset, name: str, positions: dict, **params) -> pd.DataFrame:
    """Run `sql/analysis/<name>.sql`, which reads the table `positions`: the rows of
    area_positions.sql for the bound `positions` parameters (year, level and the peer rule).

    The positions stay in DuckDB, in a temporary table of the query's own cursor (private to
    it, gone when it closes): only the rows the query keeps reach pandas.
    """
    cur = ds.cursor()
    try:
        cur.execute("create temp table positions as " + sql_text("analysis/area_positions"), positions)
        return cur.execute(sql_text("analysis/" + name), params).df()
    finally:
        cur.close()


def area_names(ds: Dataset, lang: str = i18n.DEFAULT_LANG) -> dict[str, str]:
    """{area_code: name} from the areas table, in `lang` (name_vi or name_en)."""
    areas = ds.areas()
    column = "name_vi" if lang == "vi" else "name_en"
    return dict(zip(areas["area_code"], areas[column]))


def area_order(ds: Dataset) -> dict[str, int]:
    """{area_code: position in report order}."""
    return {code: i for i, code in enumerate(ds.areas()["area_code"])}


def assessed_unit(ds: Dataset, code: str, year: int) -> dict:
    """The version of `code` valid in `year` that has scores that year (see lineage.unit_version).

    Raises lineage.UnknownUnit when no version is valid that year, NotAssessed when it has no scores.
    """
    unit = unit_version(ds, code, year)
    scored = query(ds, "unit_assessed", unit_id=unit["unit_id"], year=int(year))
    if int(scored["assessed"].iloc[0]) == 0:
        raise NotAssessed(str(code), int(year))
    return unit


def label(kind: str, value, lang: str = i18n.DEFAULT_LANG) -> str:
    """The visible label of a coded value (`kind` is position, status, source or kind); '' for none."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return i18n.t(f"analysis.{kind}.{value}", lang)


def int_columns(frame: pd.DataFrame, *names: str) -> pd.DataFrame:
    """Cast count and rank columns to nullable integers (DuckDB gives some as floats after joins)."""
    for name in names:
        if name in frame.columns:
            frame[name] = frame[name].astype("Int64")
    return frame


__all__ = ["NotAssessed", "UnknownUnit", "area_names", "area_order", "assessed_unit", "int_columns", "label", "query",
           "query_over_positions"]
