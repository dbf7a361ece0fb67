"""Loading a data directory into DuckDB tables, every file validated on the way in.

The unit list, areas and bands are the reference: a problem there stops the load (DataError).
A problem in a yearly file (inspections or findings) keeps that file out and is reported,
while the other years load: one bad year never hides the rest, and nothing is dropped silently.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pyarrow as pa

from . import config
from .reading import ROW, ReadError, Staged, detect_table, read_csv_raw, read_csv_text, stage_columns
from .schema import AREAS, BANDS, DEFAULT_AREAS, DEFAULT_BANDS, FINDINGS, INSPECTIONS, LINEAGE, UNITS, Table, quote_ident
from .validation import DataError, Problem, has_errors, validate_staged

YEAR_FILE = re.compile(r"^(\d{4})\.csv$", re.IGNORECASE)


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Empty typed tables for every file kind; units also get `unit_id` (code and first year)."""
    for table in (UNITS, AREAS, BANDS, INSPECTIONS, FINDINGS, LINEAGE):
        cols = ", ".join(f"{quote_ident(c.name)} {c.sql_type}" for c in table.columns)
        extra = ", unit_id VARCHAR" if table is UNITS else ""
        con.execute(f"create or replace table {table.name} ({cols}{extra})").fetchall()


def insert_checked(con: duckdb.DuckDBPyConnection, table: Table) -> int:
    """Append the validated view `checked` to the table of its kind; return the row count."""
    names = ", ".join(quote_ident(c.name) for c in table.columns)
    if table is UNITS:
        con.execute(
            f"insert into units ({names}, unit_id) select {names}, "
            "unit_code || '@' || coalesce(cast(valid_from_year as varchar), '') from checked"
        ).fetchall()
    else:
        con.execute(f"insert into {table.name} ({names}) select {names} from checked").fetchall()
    return con.execute("select count(*) from checked").fetchall()[0][0]


def stage_file(path: Path, table: Table) -> Staged | Problem:
    """Read one data-directory CSV as text, or say why it cannot be read."""
    try:
        return read_csv_text(path, table)
    except ReadError as exc:
        return Problem(path.name, None, None, exc.key, exc.params)


def _defaults(table: Table, rows: tuple) -> Staged:
    columns = [pa.array([str(r[i]) for r in rows], type=pa.string()) for i in range(len(table.columns))]
    arrays = [pa.array(range(2, 2 + len(rows)), type=pa.int64()), *columns]
    return Staged(f"({table.name}: default)", pa.Table.from_arrays(arrays, names=[ROW, *table.names]))


def load_reference(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """Load units, areas, bands and lineage; raise DataError listing every problem if any is wrong."""
    problems: list[Problem] = []
    # Lineage comes after units: its rules check that both unit versions exist.
    for table, defaults in ((UNITS, None), (AREAS, DEFAULT_AREAS), (BANDS, DEFAULT_BANDS), (LINEAGE, ())):
        path = root / f"{table.name}.csv"
        if not path.exists():
            if defaults is None:
                problems.append(Problem(path.name, None, None, "missing_file", {"path": str(path)}))
                continue
            if not defaults:  # no reorganisation recorded: the table stays empty
                continue
            staged = _defaults(table, defaults)
        else:
            staged = stage_file(path, table)
            if isinstance(staged, Problem):
                problems.append(staged)
                continue
            staged.path = path.name
            if table is LINEAGE and staged.rows == 0 and not (staged.missing or staged.unknown):
                continue  # a header-only lineage file: no reorganisation recorded
        found = validate_staged(con, staged, table)
        problems += found
        if not has_errors(found):
            insert_checked(con, table)
    if has_errors(problems):
        raise DataError(problems)


def year_files(folder: Path) -> list[tuple[int | None, Path]]:
    """The CSV files of a yearly folder with the year their name gives (None: the name is not a year)."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file() or path.suffix.lower() != ".csv":
            continue
        match = YEAR_FILE.match(path.name)
        found.append((int(match.group(1)) if match else None, path))
    return found


def load_yearly(con: duckdb.DuckDBPyConnection, root: Path) -> list[Problem]:
    """Load inspections/<year>.csv and findings/<year>.csv; a file with an error stays out."""
    problems: list[Problem] = []
    for table, folder in ((INSPECTIONS, config.inspections_dir(root)), (FINDINGS, config.findings_dir(root))):
        for year, path in year_files(folder):
            label = f"{folder.name}/{path.name}"
            if year is None:
                problems.append(Problem(label, None, None, "file_name_not_year", {"name": path.name}))
                continue
            staged = stage_file(path, table)
            if isinstance(staged, Problem):
                problems.append(Problem(label, None, None, staged.key, staged.params))
                continue
            staged.path = label
            found = validate_staged(con, staged, table, file_year=year)
            problems += found
            if not has_errors(found):
                insert_checked(con, table)
    return problems


def load_directory(con: duckdb.DuckDBPyConnection, root: Path) -> list[Problem]:
    """Fill `con` with the typed tables of a data directory; return the problems of yearly files.

    Raises DataError when the directory or its reference files (units, areas, bands) are unusable.
    """
    if not root.is_dir():
        raise DataError([Problem(str(root), None, None, "missing_data_dir", {"path": str(root)})])
    create_tables(con)
    load_reference(con, root)
    return load_yearly(con, root)


def reference_connection(root: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection holding the directory's units, areas and bands, to check files against.

    Raises DataError when the reference files themselves are wrong.
    """
    con = duckdb.connect()
    create_tables(con)
    load_reference(con, root)
    return con


def validate_file(path: Path, root: Path) -> tuple[Table | None, int, list[Problem]]:
    """Check one CSV file of any kind against the data directory `root`, writing nothing.

    The kind (units, areas, bands, inspections, findings) is recognised from the header. The
    year of a yearly file is the one its name gives (`2024.csv`), else the most common year in it.
    Returns the kind (None if unrecognised), the number of data rows and every problem found. Raises DataError when the
    directory's own reference files are wrong.
    """
    try:
        headers, columns = read_csv_raw(path)
    except ReadError as exc:
        return None, 0, [Problem(path.name, None, None, exc.key, exc.params)]
    tables = [UNITS, AREAS, BANDS, INSPECTIONS, FINDINGS, LINEAGE]
    table = detect_table(headers, tables)
    if table is None:
        return None, 0, [Problem(path.name, 1, None, "unknown_kind", {"kinds": ", ".join(t.name for t in tables)})]
    staged = stage_columns(headers, columns, table, path.name, header_row=1)
    # Yearly files and lineage refer to the units: check them against the directory's reference.
    con = reference_connection(root) if table.per_year or table is LINEAGE else duckdb.connect()
    try:
        year = None
        if table.per_year:
            match = YEAR_FILE.match(path.name)
            year = int(match.group(1)) if match else common_year(con, staged)
        return table, staged.rows, validate_staged(con, staged, table, file_year=year)
    finally:
        con.close()


def common_year(con: duckdb.DuckDBPyConnection, staged: Staged) -> int | None:
    """The most common valid year of a staged yearly file (None if it has no year column)."""
    if "year" not in staged.table.column_names:
        return None
    con.register("staged_years", staged.table.select(["year"]))
    return con.execute("select mode(try_cast(trim(year) as integer)) from staged_years").fetchall()[0][0]
