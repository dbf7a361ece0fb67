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

from cchc_metrics.engine.schema import TABLES, UNIT_TYPES

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


@cache
def build_reads(step: str) -> frozenset[str]:
    """The tables a build step reads: other steps' tables and the input tables (`schema.TABLES`).

    Read from the query, as build_order reads it; a word that only looks like a table name (an
    alias `units`) makes a step depend on more than it does, never on less.
    """
    text = _without_comments(sql_text(f"build/{step}"))
    steps = {p.stem for p in (SQL_DIR / "build").glob("*.sql")}
    return frozenset(t for t in steps | set(TABLES) if t != step and re.search(rf"\b{t}\b", text))


def is_yearly(step: str) -> bool:
    """A step built for some years at once: its query binds the list `$years` and returns their rows only."""
    return "$years" in _without_comments(sql_text(f"build/{step}"))


def reads_year_before(step: str) -> bool:
    """A yearly step that also reads the year before each of its years (`list_contains($years, year + 1)`),
    as a change on the previous year does."""
    text = _without_comments(sql_text(f"build/{step}"))
    return re.search(r"list_contains\(\s*\$years\s*,\s*(\w+\.)?year\s*\+\s*1\s*\)", text) is not None


def stale_steps(changed: dict[str, set[int] | None]) -> dict[str, set[int] | None]:
    """Which build steps to build again, and for which years, when the tables `changed` changed.

    `changed` maps a table (an input table or a step) to the years whose rows changed, None for
    all of it. A yearly step is stale in the years its tables changed, and in the year after
    them when it reads the year before; a step built whole is stale when any table it reads
    changed. Returns step → years (None: the whole table), in build order; fresh steps are absent.
    """
    dirty: dict[str, set[int] | None] = dict(changed)
    stale: dict[str, set[int] | None] = {}
    for step in build_order():
        years: set[int] | None = set()
        for table in build_reads(step) & dirty.keys():
            if dirty[table] is None or not is_yearly(step):
                years = None
                break
            years |= dirty[table]
            if reads_year_before(step):
                years |= {y + 1 for y in dirty[table]}
        if years is None or years:
            stale[step] = dirty[step] = years
    return stale


def connect(database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A new writable DuckDB connection, staged (see `stage`): every connection that runs the
    project's SQL starts here. A built database file opened read-only has the macros stored."""
    return stage(duckdb.connect(database))
