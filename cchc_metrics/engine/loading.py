"""Loading a data directory into DuckDB tables, every file validated on the way in.

The unit list, areas and bands are the reference: a problem there stops the load (DataError).
A problem in a yearly file (inspections, findings or adjustments) keeps that file out and is reported,
while the other years load: one bad year never hides the rest, and nothing is dropped silently.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from cchc_metrics.engine import sqlfiles
from cchc_metrics.engine.reading import ROW, ReadError, Staged, read_csv_text
from cchc_metrics.engine.schema import (
    ADJUSTMENTS,
    AREAS,
    BANDS,
    CROSSWALK,
    DEFAULT_AREAS,
    DEFAULT_BANDS,
    FINDINGS,
    FRAMEWORK_NODES,
    FRAMEWORK_VERSIONS,
    INSPECTIONS,
    LINEAGE,
    PUBLICATIONS,
    TABLES,
    TARGETS,
    TILES,
    UNITS,
    Table,
    quote_ident,
    quote_literals,
)
from cchc_metrics.engine.validation import DataError, Problem, check_staged, has_errors, validate_staged, with_sources

# A yearly file: <year>.csv, or <year>-<part>.csv for a part of the year kept apart (the year's
# departments, a former province's archive): 2025-departments.csv, 2022-hau-giang.csv.
YEAR_FILE = re.compile(r"^(\d{4})(?:-[a-z0-9][a-z0-9-]*)?\.csv$", re.IGNORECASE)
# The reference files in load order, with their defaults: None = required, () = empty when absent.
REFERENCE = (
    (UNITS, None),
    (AREAS, DEFAULT_AREAS),
    (BANDS, DEFAULT_BANDS),
    (LINEAGE, ()),
    (FRAMEWORK_VERSIONS, ()),
    (FRAMEWORK_NODES, ()),
    (CROSSWALK, ()),
    (PUBLICATIONS, ()),
    (TARGETS, ()),
)
# The yearly files: their folder in the data directory.
YEARLY = ((INSPECTIONS, "inspections"), (FINDINGS, "findings"), (ADJUSTMENTS, "adjustments"))


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Empty typed tables for every file kind; units also get `unit_id` (code and first year)."""
    for table in TABLES.values():
        cols = ", ".join(f"{quote_ident(c.name)} {c.sql_type}" for c in table.columns)
        extra = ", unit_id VARCHAR" if table is UNITS else ""
        con.execute(f"create or replace table {table.name} ({cols}{extra})").fetchall()
    con.execute(sqlfiles.sql_text("staging/framework_tree")).fetchall()


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


def stage_file(path: Path, table: Table, threads: bool = True) -> Staged | Problem:
    """Read one data-directory CSV as text, or say why it cannot be read (a read.* problem; read.unreadable
    for a file that cannot be opened: no permission, removed meanwhile, a folder in its place)."""
    try:
        return read_csv_text(path, table, threads)
    except ReadError as exc:
        return Problem(path.name, None, None, exc.key, exc.params)
    except OSError as exc:
        return Problem(path.name, None, None, "read.unreadable", {"detail": exc.strerror or type(exc).__name__})


def _defaults(table: Table, rows: tuple) -> Staged:
    # the defaults give the leading columns; the optional ones after them stay empty
    columns = [
        pa.array([str(r[i]) if i < len(r) else None for r in rows], type=pa.string()) for i in range(len(table.columns))
    ]
    arrays = [pa.array(range(2, 2 + len(rows)), type=pa.int64()), *columns]
    return Staged(f"({table.name}: default)", pa.Table.from_arrays(arrays, names=[ROW, *table.names]))


def _load_reference_table(
    con: duckdb.DuckDBPyConnection, root: Path, table: Table, defaults: tuple | None
) -> list[Problem]:
    """Check one reference file (or its defaults) and insert it when it has no error; its problems."""
    path = root / f"{table.name}.csv"
    if not path.exists():
        if defaults is None:
            return [Problem(path.name, None, None, "missing_file", {"path": str(path)})]
        if not defaults:  # an optional file without defaults: the table stays empty
            return []
        staged = _defaults(table, defaults)
    else:
        staged = stage_file(path, table)
        if isinstance(staged, Problem):
            return [staged]
        staged.path = path.name
        if defaults == () and staged.rows == 0 and not (staged.missing or staged.unknown):
            return []  # a header-only optional file: nothing recorded
    found = validate_staged(con, staged, table)
    if not has_errors(found):
        insert_checked(con, table)
    return found


def load_reference(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """Load units, areas, bands, lineage and the framework; raise DataError listing every problem.

    Each file is checked against those before it: lineage against the units, a framework's nodes
    against its versions and the areas, the crosswalk against the nodes.
    """
    problems: list[Problem] = []
    for table, defaults in REFERENCE:
        problems += _load_reference_table(con, root, table, defaults)
    if has_errors(problems):
        raise DataError(problems)


# Reference files no yearly file is checked against: one changed is loaded again alone (a data
# version built from the one before, see dataset._update), its table emptied first.
RELOADABLE = (LINEAGE, PUBLICATIONS, TARGETS)


def reload_reference(con: duckdb.DuckDBPyConnection, root: Path, table: Table) -> None:
    """Load the reference file of `table` (one of RELOADABLE) again into a connection whose other
    reference tables are loaded; DataError as load_reference."""
    if not any(table is t for t in RELOADABLE):
        raise ValueError(f"{table.name} is checked with the yearly files: load everything again")
    defaults = next(d for t, d in REFERENCE if t is table)
    con.execute(f"delete from {table.name}").fetchall()
    problems = _load_reference_table(con, root, table, defaults)
    if has_errors(problems):
        raise DataError(problems)


TILES_FILE = f"{TILES.name}.csv"


def load_tiles(con: duckdb.DuckDBPyConnection, root: Path) -> list[Problem]:
    """Load tiles.csv (the tile map's layout) into a connection whose units are loaded; its problems.

    Unlike the other reference files, an error here stops nothing: the file is left out whole (the
    table stays empty, so the map lays the units out itself) and its problems are reported."""
    con.execute(f"delete from {TILES.name}").fetchall()
    return _load_reference_table(con, root, TILES, ())


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


CHECKERS = 2  # yearly files read and checked at once; a file's checks run mostly on one core
PART_ROW_GROUP = 131_072  # rows per Parquet row group: filters on year and unit skip the others
PART_FILTERED = ("year", "unit_code", "area_code", "criterion_code")  # columns the queries filter on


def write_part(typed: pa.Table, path: Path) -> None:
    """Write a file's checked rows (without `_row`) as a Parquet file, atomically.

    Columns stay dictionary-encoded as checking left them, except those whose distinct values
    include an empty cell: Parquet keeps nulls out of a dictionary, so those are decoded.
    """
    columns = []
    for name in typed.column_names:
        if name == ROW:
            continue
        column = typed.column(name).combine_chunks()
        if pa.types.is_dictionary(column.type) and column.dictionary.null_count:
            column = column.cast(column.type.value_type)
        columns.append(column)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        pq.write_table(
            pa.Table.from_arrays(columns, names=[n for n in typed.column_names if n != ROW]),
            tmp,
            row_group_size=PART_ROW_GROUP,
            compression="snappy",
            # statistics only where queries filter: the texts' would cost a sixth of the write
            write_statistics=[n for n in PART_FILTERED if n in typed.column_names],
        )
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
        raise


def parts_view(table: Table, files: list[Path]) -> str:
    """The statement making `table` a view over its Parquet files, typed as the schema says."""
    columns = ", ".join(f"cast({quote_ident(c.name)} as {c.sql_type}) as {quote_ident(c.name)}" for c in table.columns)
    paths = quote_literals(files)  # a view holds no bound parameter
    return f"create view {table.name} as select {columns} from read_parquet({paths})"


def _write_sourced(con: duckdb.DuckDBPyConnection, table: Table, typed: pa.Table, part: Path) -> None:
    """Write a file's typed rows as its Parquet part; inspections with their methods from the
    framework (validation.with_sources), on a cursor of their own while the rules run on another."""
    if table is INSPECTIONS:
        cur = con.cursor()
        try:
            typed = with_sources(cur, typed)
        finally:
            cur.close()
    write_part(typed, part)


def _check_yearly(
    con: duckdb.DuckDBPyConnection,
    file: YearlyFile,
    part: Path | None,
    threads: bool = True,
) -> tuple[pa.Table | None, list[Problem], Path | None]:
    """Read and check one yearly file on a cursor of its own: its typed rows, problems and Parquet part.

    With `part`, a clean file is written there as Parquet (then no rows are returned). `threads`:
    the file is parsed on several threads (see read_csv_raw).
    """
    if file.year is None:
        return None, [Problem(file.label, None, None, "file_name_not_year", {"name": file.path.name})], None
    staged = stage_file(file.path, file.table, threads)
    if isinstance(staged, Problem):
        return None, [Problem(file.label, None, None, staged.key, staged.params)], None
    staged.path = file.label
    if part is None:
        cur = con.cursor()
        try:
            typed, found = check_staged(cur, staged, file.table, file_year=file.year)
            if file.table is INSPECTIONS and typed is not None and not has_errors(found):
                typed = with_sources(cur, typed)
        finally:
            cur.close()
        return typed, found, None
    # the part is written while the rules run (Arrow's writer works outside Python's lock), and
    # removed again if they find an error: the file is then left out
    with ThreadPoolExecutor(max_workers=1) as writer:
        writing: list[Future] = []
        cur = con.cursor()
        try:
            typed, found = check_staged(
                cur,
                staged,
                file.table,
                file_year=file.year,
                on_typed=lambda rows: writing.append(writer.submit(_write_sourced, con, file.table, rows, part)),
            )
        finally:
            cur.close()
        failed = [done.exception() for done in writing if done.exception() is not None]
    if typed is None or has_errors(found):
        part.unlink(missing_ok=True)  # a writer that failed on rows left out anyway changes nothing
        return typed, found, None
    if failed:
        raise failed[0]
    return None, found, part


@dataclass(frozen=True)
class YearlyFile:
    """One file of a yearly folder: its kind, its label (path in the data directory) and the year its name gives."""

    table: Table
    label: str
    path: Path
    year: int | None


def yearly_files(root: Path) -> list[YearlyFile]:
    """Every inspections, findings and adjustments file the load reads, in load order (by kind as
    YEARLY lists them, then by name; a year may come in several parts)."""
    return [
        YearlyFile(table, f"{name}/{path.name}", path, year)
        for table, name in YEARLY
        for year, path in year_files(root / name)
    ]


@contextlib.contextmanager
def _duckdb_threads(con: duckdb.DuckDBPyConnection, threads: int | None):
    """DuckDB's threads set to `threads` meanwhile (None: unchanged). Files checked side by side
    keep the cores busy on their own; their queries on several threads each only contend
    (the national cold start: 0.3 s less on one thread)."""
    if threads is None:
        yield
        return
    before = con.execute("select current_setting('threads')").fetchall()[0][0]
    con.execute(f"set threads = {int(threads)}").fetchall()
    try:
        yield
    finally:
        con.execute(f"set threads = {int(before)}").fetchall()


@dataclass
class YearlyLoad:
    """What load_yearly did: the files' problems in load order, and each clean inspections file's Parquet part."""

    problems: list[Problem]
    parts: dict[str, Path]


def load_yearly(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    parts: Path | None = None,
    only: set[str] | None = None,
) -> YearlyLoad:
    """Load the yearly files (yearly_files: <year>.csv and <year>-<part>.csv of inspections, findings
    and adjustments); a file with an error stays out.

    Files are read and checked CHECKERS at a time (the CSV parser and DuckDB work outside
    Python's lock), then inserted one by one in file order: the tables and the problem list are
    the same as when checking one file at a time, and at most CHECKERS + 1 files wait in memory.
    With a `parts` folder, inspections are not inserted but kept there as one Parquet file per
    file (`inspections-<file name>-<random>.parquet`, never overwritten), for a view over them
    (parts_view): writing Parquet costs a tenth of inserting the rows into DuckDB's own storage,
    at the same query speed. `only`: the labels of the files to load (default: every file).
    """
    problems: list[Problem] = []
    written: dict[str, Path] = {}

    def finish(file: YearlyFile, checking: Future) -> None:
        typed, found, part = checking.result()
        problems.extend(found)
        if part is not None:
            written[file.label] = part
        elif typed is not None and not has_errors(found):
            con.register("checked", typed)
            insert_checked(con, file.table)
            con.unregister("checked")

    files = [file for file in yearly_files(root) if only is None or file.label in only]
    threads = len(files) < CHECKERS  # files read side by side keep the cores busy on their own
    with _duckdb_threads(con, None if threads else 1), ThreadPoolExecutor(max_workers=CHECKERS) as pool:
        pending: deque[tuple[YearlyFile, Future]] = deque()
        for file in files:
            # never overwritten: the versions built before may read a part of the same file
            part = (
                parts / f"{file.table.name}-{file.path.stem}-{secrets.token_hex(8)}.parquet"
                if parts is not None and file.table is INSPECTIONS
                else None
            )
            pending.append((file, pool.submit(_check_yearly, con, file, part, threads)))
            if len(pending) > CHECKERS:
                finish(*pending.popleft())
        while pending:
            finish(*pending.popleft())
    return YearlyLoad(problems, written)


def load_directory(con: duckdb.DuckDBPyConnection, root: Path) -> list[Problem]:
    """Fill `con` with the typed tables of a data directory; return the problems of yearly files.

    Raises DataError when the directory or its reference files (units, areas, bands) are unusable.
    """
    if not root.is_dir():
        raise DataError([Problem(str(root), None, None, "missing_data_dir", {"path": str(root)})])
    create_tables(con)
    load_reference(con, root)
    return load_yearly(con, root).problems


def reference_connection(root: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection holding the directory's units, areas and bands, to check files against.

    Raises DataError when the reference files themselves are wrong.
    """
    con = sqlfiles.connect()
    create_tables(con)
    load_reference(con, root)
    return con
