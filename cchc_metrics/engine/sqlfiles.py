"""The SQL files: the one way to read a query from `sql/` and run it with bound values.

Folders of `sql/`: `staging/` (macros every connection shares, such as the unit-valid-in-year
rule), `build/` (score tables, one per file, built in the order their references require),
`checks/<table>/` (one validation rule per file), `queries/` (what pages and the command line
read), `analysis/` (strengths and weaknesses), `publishing/` (differences, templates, names).
Values are always bound (`$year`); identifiers come only from the schema module.
"""

from __future__ import annotations

import graphlib
import re
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from cchc_metrics.engine.schema import UNIT_TYPES

SQL_DIR = Path(__file__).parent / "sql"
STAGING = ("macros",)


@cache
def sql_text(name: str) -> str:
    """The text of `sql/<name>.sql` (for example `queries/unit_scores`). Raises FileNotFoundError."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict | list | None = None) -> pd.DataFrame:
    """Run `sql/<name>.sql` on `con` with the bound `params`; the whole result as a frame."""
    return con.execute(sql_text(name), params or {}).df()


def stage(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Define the staging macros (`sql/staging/*.sql`) on `con`; returns `con`.

    Every connection that runs the project's SQL is staged first: the rules shared by many
    queries live there once. In a built database file the macros are stored with the tables.
    """
    for name in STAGING:
        con.execute(sql_text(f"staging/{name}")).fetchall()
    # the level each unit type belongs to, from the data contract, for the rules that check it
    con.execute("create or replace table unit_types (unit_type VARCHAR, level VARCHAR)").fetchall()
    con.executemany("insert into unit_types values (?, ?)", list(UNIT_TYPES.items()))
    return con


def build_order() -> list[str]:
    """The build steps (`sql/build/*.sql`), each after the steps whose tables it reads.

    The dependencies are read from the queries themselves (a step reads another when it names
    that step's table), as dbt reads `ref()`: nothing is listed by hand. Raises
    graphlib.CycleError when two steps read each other.
    """
    steps = sorted(p.stem for p in (SQL_DIR / "build").glob("*.sql"))
    graph = {}
    for step in steps:
        text = _without_comments(sql_text(f"build/{step}"))
        graph[step] = {other for other in steps if other != step and re.search(rf"\b{other}\b", text)}
    sorter = graphlib.TopologicalSorter(graph)
    sorter.prepare()
    order = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())  # alphabetical among equals: the same order on every machine
        order += ready
        sorter.done(*ready)
    return order


def _without_comments(text: str) -> str:
    return re.sub(r"--[^\n]*", "", text)


def connect(database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A new writable DuckDB connection, staged (see `stage`): every connection that runs the
    project's SQL starts here. A built database file opened read-only has the macros stored."""
    return stage(duckdb.connect(database))
