"""What the analyses share: running their SQL, area names, a unit's version, labels."""

from __future__ import annotations

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.lineage import UnknownUnit, unit_version
from cchc_metrics.engine.dataset import BUILT_PEER_RULE, Dataset
from cchc_metrics.engine.schema import quote_literals
from cchc_metrics.engine.sqlfiles import sql_text


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


def query_over_positions(
    ds: Dataset, name: str, positions: dict, then: tuple[str, dict] | None = None, **params
) -> pd.DataFrame:
    """Run `sql/analysis/<name>.sql`, which reads `positions`: the rows of build/area_positions.sql
    for the bound `positions` parameters (year, level and the peer rule).

    For the default rule (dataset.BUILT_PEER_RULE) `positions` is a temporary view of the built
    table area_positions; for another rule, a temporary table computed now. Either way it belongs
    to the query's own cursor (gone when it closes), and only the rows the query keeps reach pandas.
    `then` = (other, its parameters): the rows of `name` become the temporary table `found`,
    which `sql/analysis/<other>.sql` reads, and its rows are returned instead.
    """
    cur = ds.cursor()
    try:
        cur.execute(*_positions_statement(positions))
        if then is None:
            return cur.execute(sql_text("analysis/" + name), params).df()
        cur.execute("create temp table found as " + sql_text("analysis/" + name), params)
        other, other_params = then
        return cur.execute(sql_text("analysis/" + other), other_params).df()
    finally:
        cur.close()


def _positions_statement(positions: dict) -> tuple[str, dict | None]:
    """The statement that makes `positions` on a cursor, with its parameters."""
    rule = {k: v for k, v in positions.items() if k not in ("year", "level")}
    if rule != BUILT_PEER_RULE:
        return "create temp table positions as " + sql_text("build/area_positions"), {"years": None, **positions}
    # a view takes no parameters: the year is an int, the level a quoted literal
    where = ["true"]
    if positions.get("year") is not None:
        where.append(f"year = {int(positions['year'])}")
    if positions.get("level") is not None:
        where.append(f"level = {quote_literals([positions['level']])[1:-1]}")
    return "create temp view positions as select * from area_positions where " + " and ".join(where), None


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


__all__ = [
    "NotAssessed",
    "UnknownUnit",
    "area_names",
    "area_order",
    "assessed_unit",
    "int_columns",
    "label",
    "query",
    "query_over_positions",
]
