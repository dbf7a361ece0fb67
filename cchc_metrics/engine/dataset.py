"""The engine: a data directory loaded, validated and scored in DuckDB, behind a columnar cache.

`open_dataset()` returns a Dataset whose tables are the inputs (units, areas, bands, lineage, the
framework, publications, inspections, findings, adjustments) and the scores built from them by
`sql/build/*.sql`. The built database is kept as a DuckDB file named after a fingerprint of the
input files and of the code, so a later start opens it at once, and a changed input file gives a
new fingerprint: the cache is never served stale.

A version is built from the one before it when it can: each database records the size and time
of every input file it was built from (`cache_inputs`), so after a publish only what changed is
done again: a changed yearly file is read and checked again (an inspections file written as its
own Parquet part, the other parts of its year kept: `2024.csv` beside `2024-departments.csv`; the
findings and adjustments of a changed year read again whole), and the score tables are built
again for that year and the year after it (whose change, rank change and new units' baselines
read it); a changed lineage or publication list is loaded again with the tables that read it, a
changed about.json its table. A new code version, or a changed unit list, area list, band
scheme or framework (REFERENCE_FILES: every yearly file is checked against them) rebuilds
everything. Either way the new version is written beside the old one and renamed into place, so
a reader sees one version or the other, never a mix.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
import zlib
from collections import OrderedDict
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from cchc_metrics import config
from cchc_metrics.engine import scope, sqlfiles
from cchc_metrics.engine.boundaries import FOLDER as BOUNDARIES_FOLDER
from cchc_metrics.engine.boundaries import boundary_files
from cchc_metrics.engine.loading import (
    RELOADABLE,
    TILES_FILE,
    YEAR_FILE,
    YEARLY,
    create_tables,
    load_reference,
    load_tiles,
    load_yearly,
    parts_view,
    reload_reference,
    yearly_files,
)
from cchc_metrics.engine.schema import INSPECTIONS, PARTIAL_WEIGHT, TABLES, quote_ident
from cchc_metrics.engine.sqlfiles import SQL_DIR, build_order, sql_text
from cchc_metrics.engine.validation import WARNING, DataError, Problem

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).parent
# The default peer rule (analysis.peers.DEFAULT_RULE, a test keeps the two equal): every unit × area
# placed by it is kept as the table area_positions, so the pages that place units by the default
# rule read it instead of ranking the whole field on each request.
BUILT_PEER_RULE = {"weak_q": 0.25, "strong_q": 0.75, "min_gap": 5.0}
_BUILD_PARAMS = {
    "area_positions": {"year": None, "level": None, **BUILT_PEER_RULE},
    "unit_scores": {"partial_weight": PARTIAL_WEIGHT},
}
CACHE_DIR_ENV = "CCHC_CACHE_DIR"
KEPT_RESULTS = 48  # intermediates a Dataset keeps (Dataset.kept): score frames, unit labels, planning candidates
# answers of queries a Dataset keeps (Dataset.query): the last ones, of at most KEPT_ANSWER_ROWS
# rows each (a level's units in a year at national scale: 10,600) and KEPT_ANSWER_CELLS cells in all
# (some 50–100 MB)
KEPT_ANSWER_ROWS = 20_000
KEPT_ANSWER_CELLS = 2_000_000
ABOUT_FILE = "about.json"
# Inputs every table depends on, the yearly files' checks included: a change of one of them
# rebuilds the whole version (as does any other top-level file that changes).
REFERENCE_FILES = (
    "units.csv",
    "areas.csv",
    "bands.csv",
    "framework_versions.csv",
    "framework_nodes.csv",
    "crosswalk.csv",
)
# Reference files no yearly file is checked against: a changed one is loaded again alone, and the
# build steps reading its table are built again (lineage.csv, publications.csv).
RELOADED_FILES = {f"{table.name}.csv": table for table in RELOADABLE}
YEARLY_FOLDERS = {name: table for table, name in YEARLY}  # folder → the table of its files
PARTS_DIR = "cchc-parts"  # the inspections' Parquet parts of every version, beside the databases
PARTS_GRACE_S = 600  # a part no longer used stays this long for sessions still on an older version
_TOP_LEVEL_GLOBS = ("*.csv", "*.json")
STEP_WORKERS = 2  # build steps run at once when neither reads the other (area and criterion scores)


@cache
def code_version() -> str:
    """A hash of the code that shapes the built database: build and check SQL, the modules that load.

    The page queries (`sql/queries`) read the built database and are left out: changing one
    must not rebuild a national cache.
    """
    digest = hashlib.sha256()
    folders = ("staging", "build", "checks")
    sql = sorted(
        (p.relative_to(SQL_DIR).as_posix(), p) for folder in folders for p in (SQL_DIR / folder).rglob("*.sql")
    )
    modules = [
        (m, PACKAGE / m)
        for m in ("schema.py", "loading.py", "validation.py", "reading.py", "dataset.py", "sqlfiles.py")
    ]
    for name, path in sql + modules:
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def input_files(root: Path) -> list[Path]:
    """Every file of the data directory that the load reads (the yearly files as the loader lists
    them), and the boundary files the maps read (engine.boundaries: no table is built from them,
    but a new one is a new data version)."""
    top = {p for pattern in _TOP_LEVEL_GLOBS for p in root.glob(pattern) if p.is_file()}
    return sorted(top | {f.path for f in yearly_files(root)} | set(boundary_files(root).values()))


def input_stats(root: Path) -> dict[str, tuple[int, int]]:
    """Each input file's path in the data directory → (size, modification time in ns)."""
    stats = {}
    for path in input_files(root):
        try:
            stat = path.stat()
        except OSError:  # removed since it was listed: not an input (the next fingerprint tells)
            continue
        stats[path.relative_to(root).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return stats


def fingerprint(root: Path, stats: dict[str, tuple[int, int]] | None = None) -> str:
    """Names, sizes and modification times of the inputs, and the code version, as one hash."""
    digest = hashlib.sha256(code_version().encode())
    for name, (size, mtime_ns) in sorted((input_stats(root) if stats is None else stats).items()):
        digest.update(f"{name}|{size}|{mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def data_version(root: Path) -> str:
    """The fingerprint of the data directory `root`, or "missing" when there is none."""
    return fingerprint(root) if root.is_dir() else "missing"


# --- building ----------------------------------------------------------------------------------


def _use_parts(con: duckdb.DuckDBPyConnection, parts: list[Path]) -> None:
    """Make `inspections` a view over `parts`, or an empty table when there is none."""
    kind = con.execute(
        "select table_type from information_schema.tables where table_name = $name and table_schema = 'main'",
        {"name": INSPECTIONS.name},
    ).fetchall()
    if kind and kind[0][0] == "VIEW":
        con.execute(f"drop view {INSPECTIONS.name}").fetchall()
    elif kind:
        con.execute(f"drop table {INSPECTIONS.name}").fetchall()
    if parts:
        con.execute(parts_view(INSPECTIONS, parts)).fetchall()
    else:
        cols = ", ".join(f"{quote_ident(c.name)} {c.sql_type}" for c in INSPECTIONS.columns)
        con.execute(f"create table {INSPECTIONS.name} ({cols})").fetchall()


def _run_steps(con: duckdb.DuckDBPyConnection, changed: dict[str, set[int] | None]) -> dict[str, list[int] | None]:
    """Build again the steps the `changed` tables make stale (sqlfiles.stale_steps), each after those it reads.

    A step built whole is created again; a yearly step loses the stale years' rows and gets them
    again from one statement for those years (`$years`; every year of the yearly files when it is
    built whole). Steps that do not read each other run at once, each on a cursor of its own (a
    statement has phases that keep one core only). Returns step → the years built (None: all).
    """
    stale = sqlfiles.stale_steps(changed)
    data_years = None
    if any(years is None and sqlfiles.is_yearly(name) for name, years in stale.items()):
        union = " union ".join(f"select distinct year from {table.name}" for table, _ in YEARLY)
        data_years = [r[0] for r in con.execute(f"select year from ({union}) order by year").fetchall()]
    plan: list[tuple[str, list[tuple[str, dict | None]]]] = []
    for step in build_order():  # the step names come from the build folder, never from the caller
        if step not in stale:
            continue
        text = sql_text("build/" + step)
        params = _BUILD_PARAMS.get(step, {})
        if not sqlfiles.is_yearly(step):
            plan.append((step, [(f"create or replace table {step} as {text}", params or None)]))
        elif stale[step] is None:
            plan.append((step, [(f"create or replace table {step} as {text}", {**params, "years": data_years})]))
        else:
            years = {"years": sorted(stale[step])}
            delete = (f"delete from {step} where list_contains($years, year)", years)
            plan.append((step, [delete, (f"insert into {step} {text}", {**params, **years})]))
    _run_at_once(con, plan, STEP_WORKERS)
    return {name: None if years is None else sorted(years) for name, years in stale.items()}


def _run_at_once(con: duckdb.DuckDBPyConnection, plan: list, workers: int) -> None:
    """Run each step's statements on a cursor of its own, a step once the steps it reads are done."""
    waiting = list(plan)
    names = {name for name, _ in plan}
    running: dict[str, Future] = {}
    finished: set[str] = set()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        while waiting or running:
            for entry in [e for e in waiting if not (sqlfiles.build_reads(e[0]) & names) - finished]:
                waiting.remove(entry)
                running[entry[0]] = pool.submit(_run_statements, con, entry[1])
            done, _ = wait(running.values(), return_when=FIRST_COMPLETED)
            for name in [n for n, f in running.items() if f in done]:
                running.pop(name).result()
                finished.add(name)


def _run_statements(con: duckdb.DuckDBPyConnection, statements: list[tuple[str, dict | None]]) -> None:
    cur = con.cursor()
    try:
        for statement, params in statements:
            cur.execute(statement, params).fetchall()
    finally:
        cur.close()


_PROBLEM_KINDS = tuple(f"{name}/" for _, name in YEARLY)


def _problem_order(problem: Problem) -> tuple[int, str]:
    """Problems are listed by file, the yearly files first in load order (inspections, findings,
    adjustments; by name), about.json's last, in the order they were found within one file."""
    rank = next((i for i, prefix in enumerate(_PROBLEM_KINDS) if problem.file.startswith(prefix)), len(_PROBLEM_KINDS))
    return rank, problem.file


def _write_problems(con: duckdb.DuckDBPyConnection, problems: list[Problem]) -> None:
    con.execute(
        "create or replace table load_problems (position INTEGER, file VARCHAR, row_number BIGINT, "
        "column_name VARCHAR, key VARCHAR, params VARCHAR, severity VARCHAR)"
    ).fetchall()
    if problems:
        con.executemany(
            "insert into load_problems values (?, ?, ?, ?, ?, ?, ?)",
            [(i, *_problem_row(p)) for i, p in enumerate(sorted(problems, key=_problem_order))],
        )


def _problem_row(p: Problem) -> tuple:
    return (p.file, p.row, p.column, p.key, json.dumps(p.params, ensure_ascii=False, default=str), p.severity)


def _read_problems(con: duckdb.DuckDBPyConnection) -> list[Problem]:
    rows = con.execute(
        "select file, row_number, column_name, key, params, severity from load_problems order by position"
    ).fetchall()
    return [Problem(f, r, c, k, json.loads(p), s) for f, r, c, k, p, s in rows]


def _about(path: Path) -> tuple[str, Problem | None]:
    """about.json's text when it is a JSON object, else "{}" and the problem (a warning: charts then
    carry no region or source line, and nothing else changes)."""
    try:
        body = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return "{}", None
    except (OSError, UnicodeDecodeError) as exc:
        return "{}", Problem(path.name, None, None, "about_invalid", {"detail": type(exc).__name__}, WARNING)
    try:
        if isinstance(json.loads(body), dict):
            return body, None
    except ValueError:
        pass
    return "{}", Problem(path.name, None, None, "about_invalid", {"detail": "JSON"}, WARNING)


def _write_about(con: duckdb.DuckDBPyConnection, root: Path) -> list[Problem]:
    """The table `about` from about.json; its problem, if any."""
    body, problem = _about(root / ABOUT_FILE)
    con.execute("create or replace table about (body VARCHAR)").fetchall()
    con.execute("insert into about values (?)", [body]).fetchall()
    return [] if problem is None else [problem]


def _crc32(path: Path) -> int:
    value = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            value = zlib.crc32(block, value)
    return value


def _part_check(part: Path) -> tuple[int, int]:
    """A Parquet part's size and CRC-32, recorded at build and checked at each open."""
    return part.stat().st_size, _crc32(part)


def _write_manifest(
    con: duckdb.DuckDBPyConnection,
    stats: dict[str, tuple[int, int]],
    parts: dict[str, Path],
    checks: dict[str, tuple[int, int]],
    how: dict,
) -> None:
    """Record what the version was built from: each input's size and time, each inspections file's
    part with its size and CRC-32 (`checks`), the code version, and how it was built (for the
    benchmark and the tests)."""
    con.execute(
        "create or replace table cache_inputs (path VARCHAR, size BIGINT, mtime_ns BIGINT, part VARCHAR, "
        "part_bytes BIGINT, part_crc32 BIGINT)"
    ).fetchall()
    rows = [
        (name, size, mtime, *((str(parts[name]), *checks[name]) if name in parts else (None, None, None)))
        for name, (size, mtime) in stats.items()
    ]
    # a part of a file removed since its stats were taken (read during the build): recorded all the same
    rows += [(name, None, None, str(part), *checks[name]) for name, part in parts.items() if name not in stats]
    if rows:
        con.executemany("insert into cache_inputs values (?, ?, ?, ?, ?, ?)", rows)
    con.execute("create or replace table cache_build (code_version VARCHAR, how VARCHAR)").fetchall()
    con.execute("insert into cache_build values (?, ?)", [code_version(), json.dumps(how)]).fetchall()


def build(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    parts: Path | None = None,
    stats: dict[str, tuple[int, int]] | None = None,
) -> list[Problem]:
    """Load `root` into `con` and build every score table; return the yearly files' and about.json's problems.

    `parts`: a folder where the inspections are kept as Parquet (see loading.load_yearly).
    `stats`: the inputs as input_stats saw them before reading (recorded for later updates).
    Raises DataError when the directory or its reference files (units, areas, bands, lineage,
    framework) are unusable.
    """
    stats = input_stats(root) if stats is None and root.is_dir() else (stats or {})
    sqlfiles.stage(con)
    if not root.is_dir():
        raise DataError([Problem(str(root), None, None, "missing_data_dir", {"path": str(root)})])
    create_tables(con)
    load_reference(con, root)
    tile_problems = load_tiles(con, root)
    loaded = load_yearly(con, root, parts)
    if parts is not None:
        _use_parts(con, [loaded.parts[label] for label in sorted(loaded.parts)])
    steps = _run_steps(con, dict.fromkeys(TABLES))
    problems = loaded.problems + tile_problems + _write_about(con, root)
    _write_problems(con, problems)
    checks = {label: _part_check(part) for label, part in loaded.parts.items()}
    _write_manifest(con, stats, loaded.parts, checks, {"kind": "full", "steps": steps})
    return problems


@dataclass
class _Manifest:
    code_version: str
    stats: dict[str, tuple[int, int]]
    parts: dict[str, Path]
    checks: dict[str, tuple[int, int]]  # each part's size and CRC-32, by input file


def _manifest(con: duckdb.DuckDBPyConnection) -> _Manifest:
    """What a built version was built from (see _write_manifest). Raises duckdb.Error when it is not recorded."""
    rows = con.execute("select path, size, mtime_ns, part, part_bytes, part_crc32 from cache_inputs").fetchall()
    (version,) = con.execute("select code_version from cache_build").fetchall()[0]
    return _Manifest(
        version,
        {path: (size, mtime) for path, size, mtime, *_ in rows if size is not None},
        {path: Path(part) for path, _, _, part, _, _ in rows if part is not None},
        {path: (size, crc) for path, _, _, part, size, crc in rows if part is not None},
    )


def _yearly_year(name: str) -> tuple[str, int | None] | None:
    """(table, year) of a yearly file's path (year None when the name gives none); None for other files."""
    folder, _, file = name.partition("/")
    if folder not in YEARLY_FOLDERS or "/" in file:
        return None
    match = YEAR_FILE.match(file)
    return YEARLY_FOLDERS[folder].name, int(match.group(1)) if match else None


def _intact(part: Path, check: tuple[int, int]) -> bool:
    """Whether a part is still the bytes written (size, then CRC-32)."""
    try:
        return part.stat().st_size == check[0] and _crc32(part) == check[1]
    except OSError:
        return False


def _update(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    old: _Manifest,
    stats: dict[str, tuple[int, int]],
    parts_dir: Path,
) -> tuple[dict[str, Path], dict[str, tuple[int, int]]] | None:
    """Bring `con`, a copy of the version `old` describes, up to the inputs `stats` describes.

    Returns the new version's parts and their checks, or None when only a full build is right:
    another code version, a changed reference file (REFERENCE_FILES), an input this cannot place,
    or a reloaded file with an error (the full build reports it with the others').
    """
    if old.code_version != code_version():
        return None
    changed_files = {name for name in stats.keys() | old.stats.keys() if stats.get(name) != old.stats.get(name)}
    # a part damaged or removed since: its file is read again, as if it had changed
    changed_files |= {name for name, part in old.parts.items() if not _intact(part, old.checks[name])}
    yearly: dict[str, set[int]] = {table.name: set() for table, _ in YEARLY}
    unnamed: set[str] = set()  # yearly files whose name is no year: only their problems change
    reloaded: set[str] = set()
    about = tiles = False
    for name in changed_files:
        placed = _yearly_year(name)
        if placed is not None:
            table, year = placed
            if year is None:
                unnamed.add(name)
            else:
                yearly[table].add(year)
        elif name in RELOADED_FILES:
            reloaded.add(name)
        elif name == ABOUT_FILE:
            about = True
        elif name == TILES_FILE:  # read by no build step: loaded again alone
            tiles = True
        elif name.startswith(f"{BOUNDARIES_FOLDER}/"):  # read by the maps, not into the database
            continue
        else:  # units, areas, bands, the framework, or a file the load does not read: nothing cheaper is safe
            return None
    # The changed files are read again. An inspections file is its own Parquet part, so the other
    # parts of its year (2024.csv beside 2024-departments.csv) are kept; findings and adjustments
    # are rows of one table, whose changed years are deleted: every file of those years is read.
    redo = unnamed | {
        name
        for name in stats.keys() | old.stats.keys() | old.parts.keys()
        if (placed := _yearly_year(name)) is not None
        and (name in changed_files or (placed[0] != INSPECTIONS.name and placed[1] in yearly[placed[0]]))
    }
    try:
        for name in sorted(reloaded):
            reload_reference(con, root, RELOADED_FILES[name])
    except DataError:
        return None
    again = {ABOUT_FILE} if about else set()
    again |= {TILES_FILE} if tiles else set()
    kept = [p for p in _read_problems(con) if p.file not in redo and p.file not in again]
    about_problems = _write_about(con, root) if about else []
    about_problems += load_tiles(con, root) if tiles else []
    for kind, _folder in YEARLY:  # findings and adjustments: rows of a table, inspections: parts
        if yearly[kind.name] and kind is not INSPECTIONS:
            delete = f"delete from {kind.name} where list_contains($years, year)"
            con.execute(delete, {"years": sorted(yearly[kind.name])}).fetchall()
    loaded = load_yearly(con, root, parts_dir, only=redo & stats.keys())
    parts = {label: part for label, part in old.parts.items() if label not in redo} | loaded.parts
    checks = {label: old.checks[label] for label in parts if label not in loaded.parts}
    checks |= {label: _part_check(part) for label, part in loaded.parts.items()}
    if yearly[INSPECTIONS.name]:
        _use_parts(con, [parts[label] for label in sorted(parts)])
    changed: dict[str, set[int] | None] = {table: years for table, years in yearly.items() if years}
    changed |= dict.fromkeys((RELOADED_FILES[name].name for name in reloaded), None)
    steps = _run_steps(con, changed)
    _write_problems(con, kept + loaded.problems + about_problems)
    how = {"kind": "update", "changed": sorted(changed_files), "steps": steps}
    _write_manifest(con, stats, parts, checks, how)
    return parts, checks


def cache_dir_for(root: Path) -> Path | None:
    """Where built databases are kept: $CCHC_CACHE_DIR, else `<data dir>/.cache`; None if not writable."""
    folder = Path(os.environ[CACHE_DIR_ENV]) if os.environ.get(CACHE_DIR_ENV) else root / ".cache"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


_build_lock = threading.Lock()


@contextlib.contextmanager
def _locked(folder: Path):
    """One builder at a time per cache folder, across threads and processes (replicas share a cache)."""
    with _build_lock, open(folder / ".build.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_file(
    root: Path, target: Path, stats: dict[str, tuple[int, int]], base: Path | None
) -> tuple[set[Path], dict[Path, set[Path]]]:
    """Build the version `target` in a temporary file beside it, then rename it into place (atomic).

    From `base` (an earlier version) when _update can, else from nothing. The new inspections
    parts go to the shared parts folder under new names; the rename of the database is what makes
    the version visible, so a build that fails leaves nothing that is read. Returns the parts the
    version reads, and those of the base it was built from ({} after a full build).
    """
    parts_dir = target.parent / PARTS_DIR
    parts_dir.mkdir(exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".building-", suffix=".duckdb", dir=target.parent)
    os.close(fd)
    try:
        built = None if base is None else _update_file(base, tmp, root, stats, parts_dir)
        if built is None:
            _remove_database(tmp)  # DuckDB wants to create the file itself
            built = _new_file(tmp, root, stats, parts_dir)
        os.replace(tmp, target)
        return built
    except BaseException:
        _remove_database(tmp)
        with contextlib.suppress(OSError):
            parts_dir.rmdir()  # when empty: a first build that failed leaves no folder behind
        raise


def _remove_database(path: str) -> None:
    for leftover in (path, path + ".wal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(leftover)


def _update_file(
    base: Path, tmp: str, root: Path, stats: dict[str, tuple[int, int]], parts_dir: Path
) -> tuple[set[Path], dict[Path, set[Path]]] | None:
    """A copy of `base` at `tmp` brought up to date by _update; None when a full build is needed."""
    try:
        shutil.copyfile(base, tmp)
        con = sqlfiles.connect(tmp)
    except (OSError, duckdb.Error):  # the base went away meanwhile, or does not open
        return None
    try:
        try:
            old = _manifest(con)
        except (duckdb.Error, IndexError):  # a version of an older layout
            return None
        updated = _update(con, root, old, stats, parts_dir)
        if updated is None:
            return None
        con.execute("checkpoint").fetchall()
        return set(updated[0].values()), {base: set(old.parts.values())}
    finally:
        con.close()


def _new_file(
    tmp: str, root: Path, stats: dict[str, tuple[int, int]], parts_dir: Path
) -> tuple[set[Path], dict[Path, set[Path]]]:
    con = sqlfiles.connect(tmp)
    try:
        build(con, root, parts_dir, stats)
        con.execute("checkpoint").fetchall()
        return set(_manifest(con).parts.values()), {}
    finally:
        con.close()


def _open_cached(target: Path) -> duckdb.DuckDBPyConnection | None:
    """Open a built database read-only, or None when it is missing, unreadable, of an older layout,
    or one of its Parquet parts is missing or no longer the bytes written (size and CRC-32): then
    build it again.

    A part damaged inside (its footer intact) reads as a valid file until a query reaches the
    damaged page; its checksum finds it before any query does.
    """
    if not target.exists():
        return None
    con = None
    try:
        con = duckdb.connect(str(target), read_only=True)
        con.execute("select count(*) from unit_scores").fetchall()
        for path, size, crc in con.execute(
            "select part, part_bytes, part_crc32 from cache_inputs where part is not null"
        ).fetchall():
            if not _intact(Path(path), (size, crc)):
                raise _Damaged(path)
        con.execute("select count(*) from inspections").fetchall()  # its Parquet parts are all there
        return con
    except (duckdb.Error, OSError, _Damaged) as exc:
        if con is not None:
            con.close()
        log.warning("cache %s not used (%s: %s); building it again", target.name, type(exc).__name__, exc)
        target.unlink(missing_ok=True)
        return None


class _Damaged(Exception):
    """A Parquet part of a built database that is not the one written."""


def _parts_of(database: Path) -> set[Path]:
    """The parts a built version reads (none when it cannot be read)."""
    try:
        con = duckdb.connect(str(database), read_only=True)
    except duckdb.Error:
        return set()
    try:
        return set(_manifest(con).parts.values())
    except (duckdb.Error, IndexError):
        return set()
    finally:
        con.close()


def _prune(folder: Path, keep: Path, used: set[Path], known: dict[Path, set[Path]]) -> None:
    """Remove the other versions, and the parts `keep` does not read (`used`) once unused for PARTS_GRACE_S.

    Open readers keep their database file until they close it, but an older version's parts
    are read at each query: a part the new version drops is marked (its time set to now) and
    stays PARTS_GRACE_S for the sessions still on an older version. `known`: the parts of
    versions already read (the base of an update), so that only others are opened to learn theirs.
    """
    now = time.time()
    for old in folder.glob("cchc-*.duckdb"):
        if old == keep:
            continue
        for part in (known[old] if old in known else _parts_of(old)) - used:
            with contextlib.suppress(OSError):
                os.utime(part, (now, now))
        old.unlink(missing_ok=True)
    for part in (folder / PARTS_DIR).glob("*"):
        try:
            stale = part not in used and now - part.stat().st_mtime > PARTS_GRACE_S
        except OSError:
            continue
        if stale:
            part.unlink(missing_ok=True)
    for legacy in folder.glob("cchc-*.parts"):  # an older layout: one folder of parts per version
        with contextlib.suppress(OSError):
            if now - legacy.stat().st_mtime > PARTS_GRACE_S:
                shutil.rmtree(legacy, ignore_errors=True)


def _newest_version(folder: Path, target: Path) -> Path | None:
    """The most recently built other version in `folder`, the base for building `target`."""
    found = []
    for path in folder.glob("cchc-*.duckdb"):
        with contextlib.suppress(OSError):
            if path != target:
                found.append((path.stat().st_mtime_ns, path))
    return max(found)[1] if found else None


def open_dataset(root: str | os.PathLike | None = None, use_cache: bool = True) -> Dataset:
    """Open the data directory `root` (default: config.data_dir()) as a scored Dataset.

    The build is kept in the cache folder (see cache_dir_for), built from the version before when
    it can; when that folder cannot take it (full, unwritable, failing), the data are built in
    memory and `Dataset.problems` says so (cache.unavailable, a warning). When the input files
    change during the build (a year published or removed meanwhile), it is built once more on the
    new files.
    Raises validation.DataError when the directory or its units/areas/bands are unusable;
    problems of single yearly files are in `Dataset.problems` and those files are left out.
    """
    root = config.data_dir(root)
    for attempt in range(2):
        stats = input_stats(root) if root.is_dir() else {}
        stamp = fingerprint(root, stats) if root.is_dir() else "missing"
        ds = _open(root, stamp, stats, use_cache)
        if attempt or not root.is_dir() or fingerprint(root) == stamp:
            return ds
        ds.close()
    raise AssertionError("unreachable")


def version_built(root: Path, stamp: str) -> bool:
    """Whether the data version `stamp` (data_version) of `root` is built in its cache folder, so
    that opening it reads the build and builds nothing (a build is renamed into place whole)."""
    folder = cache_dir_for(root) if root.is_dir() else None
    return folder is not None and (folder / f"cchc-{stamp}.duckdb").exists()


def ready_version(root: str | os.PathLike | None = None) -> float | None:
    """Build the data version of `root` in its cache folder now, as the next reader would; the
    seconds it took, or None when the directory's reference files are unusable (the pages say why).

    A publish calls it before it reports done, so that no reader waits for the build after it:
    the server opens the version at once (it is built from the version before, see _update).
    None at once when there is no cache folder to keep it in (a build in memory would be lost).
    """
    root = config.data_dir(root)
    if not root.is_dir() or cache_dir_for(root) is None:
        return None
    start = time.perf_counter()
    try:
        open_dataset(root).close()
    except DataError:
        return None
    return time.perf_counter() - start


def _open(root: Path, stamp: str, stats: dict[str, tuple[int, int]], use_cache: bool) -> Dataset:
    folder = cache_dir_for(root) if use_cache and root.is_dir() else None
    fallback = None
    if folder is not None:
        target = folder / f"cchc-{stamp}.duckdb"
        try:
            con = _open_cached(target)
            if con is None:
                with _locked(folder):
                    con = _open_cached(target)  # built by another process or thread meanwhile
                    if con is None:
                        used, known = _build_file(root, target, stats, _newest_version(folder, target))
                        _prune(folder, target, used, known)
                        con = duckdb.connect(str(target), read_only=True)
            return Dataset(con, root, stamp)
        except (duckdb.Error, OSError) as exc:
            log.warning("cache folder %s unusable, building in memory: %s: %s", folder, type(exc).__name__, exc)
            fallback = Problem(
                _shown(folder, root),
                None,
                None,
                "cache.unavailable",
                {"folder": _shown(folder, root), "detail": _reason(exc)},
                WARNING,
            )
    con = sqlfiles.connect()
    build(con, root, stats=stats)
    ds = Dataset(con, root, stamp)
    if fallback is not None:
        ds.problems.append(fallback)
    return ds


def _shown(folder: Path, root: Path) -> str:
    """A folder as a viewer may read it: relative to the data directory, else its name only."""
    try:
        return folder.relative_to(root).as_posix()
    except ValueError:
        return folder.name


def _reason(exc: BaseException) -> str:
    """Why a cache could not be used, without the server's paths: the system's words for an OS
    error, a full disk named as such, else the kind of error."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if "No space left" in str(exc):
        return "No space left on device"
    return type(exc).__name__


class Dataset:
    """A loaded, scored data directory. Safe to share between threads: each query takes a cursor."""

    def __init__(self, con: duckdb.DuckDBPyConnection, root: Path, stamp: str):
        self.province: str | None = None  # the former province a scoped dataset shows (Dataset.scoped)
        self._con = con
        self.root = root
        self.fingerprint = stamp
        cur = con.cursor()
        try:
            self.problems = _read_problems(cur)
            self.build = json.loads(cur.execute("select how from cache_build").fetchall()[0][0])
        finally:
            cur.close()
        self.about = json.loads(self.sql("select body from about")["body"].iloc[0] or "{}")
        self._kept: OrderedDict = OrderedDict()
        self._answers: OrderedDict = OrderedDict()
        self._answer_cells = 0
        self._kept_lock = threading.Lock()
        self._scopes: dict[str, Dataset] = {}

    def kept(self, key: tuple, compute):
        """compute() once per `key` for this data version (a Dataset is one), shared by the calls
        that need the same intermediate; the last KEPT_RESULTS keys are kept. Read the result only."""
        with self._kept_lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = compute()
        with self._kept_lock:
            self._kept[key] = value
            while len(self._kept) > KEPT_RESULTS:
                self._kept.popitem(last=False)
        return value

    def cursor(self, text: str | None = None) -> duckdb.DuckDBPyConnection:
        """A fresh cursor; of a scoped dataset, scoped to its former province (for the one query
        `text` when given, see engine.scope)."""
        cur = self._con.cursor()
        if self.province is not None:
            scope.scope_cursor(cur, self.province, text)
        return cur

    def province_years(self) -> dict[int, list[str]]:
        """{year: its former provinces} for the years whose units came from several
        (units.csv source_province): rankings of such a year exist only within one of them."""
        found = self.kept(("province_years",), lambda: self.query("province_years"))
        return {int(y): list(p) for y, p in zip(found["year"], found["provinces"])}

    def scoped(self, province: str | None) -> Dataset:
        """This dataset as one former province sees it (engine.scope); itself for None. The scoped
        dataset has its own fingerprint, so cached results of the two never mix."""
        if province is None or self.province is not None:
            return self
        with self._kept_lock:
            if province not in self._scopes:
                view = object.__new__(Dataset)
                view.__dict__.update(self.__dict__)
                view.province = province
                view.fingerprint = f"{self.fingerprint}#{province}"
                view._kept, view._kept_lock, view._scopes = OrderedDict(), threading.Lock(), {}
                view._answers, view._answer_cells = OrderedDict(), 0
                self._scopes[province] = view
            return self._scopes[province]

    def sql(self, text: str, params: dict | list | None = None) -> pd.DataFrame:
        """Run a query on a fresh cursor and return the whole result."""
        cur = self.cursor(text)
        try:
            return cur.execute(text, params or {}).df()
        finally:
            cur.close()

    def query(self, name: str, **params) -> pd.DataFrame:
        """Run `sql/queries/<name>.sql` with the bound parameters `params`: the caller's own frame."""
        return self._answer((name, *sorted(params.items())), sql_text("queries/" + name), params)

    def _answer(self, key: tuple, text: str, params: dict | None = None) -> pd.DataFrame:
        """`self.sql(text, params)`, `key` naming the query and its parameters.

        A query of the app reads only this data version's tables, so an answer of at most
        KEPT_ANSWER_ROWS rows is kept (the last ones, KEPT_ANSWER_CELLS cells in all) and the same
        query again gets a copy of it: the pages of one visit ask for a level's cards or bests many
        times, in each language.
        """
        try:
            hash(key)
        except TypeError:  # a list parameter: asked rarely, run each time
            return self.sql(text, params)
        with self._kept_lock:
            kept = self._answers.get(key)
            if kept is not None:
                self._answers.move_to_end(key)
                return kept.copy()
        frame = self.sql(text, params)
        if len(frame) <= KEPT_ANSWER_ROWS:
            with self._kept_lock:
                if key not in self._answers:
                    self._answers[key] = frame.copy()
                    self._answer_cells += frame.size
                while self._answer_cells > KEPT_ANSWER_CELLS:
                    self._answer_cells -= self._answers.popitem(last=False)[1].size
        return frame

    @property
    def is_demo(self) -> bool:
        return bool(self.about.get("synthetic", False))

    def years(self) -> list[int]:
        """Assessment years with scores, oldest first."""
        return [int(y) for y in self._answer(("years",), "select distinct year from unit_scores order by year")["year"]]

    def areas(self) -> pd.DataFrame:
        """Columns: area_code, name_vi, name_en, sort_order; in report order."""
        return self._answer(
            ("areas",), "select area_code, name_vi, name_en, sort_order from areas order by sort_order, area_code"
        )

    def close(self) -> None:
        self._con.close()
