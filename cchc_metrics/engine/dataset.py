"""The engine: a data directory loaded, validated and scored in DuckDB, behind a columnar cache.

`open_dataset()` returns a Dataset whose tables are the inputs (units, areas, bands, inspections,
findings, lineage) and the scores built from them by `sql/build/*.sql`. The built database is
kept as a DuckDB file named after a fingerprint of the input files and of the code, so a later
start opens it at once, and a changed input file gives a new fingerprint: the cache is never
served stale.

A version is built from the one before it when it can: each database records the size and time
of every input file it was built from (`cache_inputs`), so after a publish only what changed is
done again: the changed year's file is read, checked and written as its own Parquet part, and
the score tables are built again for that year and the year after it (whose change and rank
change read it); a changed lineage rebuilds the lineage tables, a changed about.json its table.
A new code version, or a changed unit list, area list or band scheme, rebuilds everything. Either
way the new version is written beside the old one and renamed into place, so a reader sees one
version or the other, never a mix.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from cchc_metrics import config
from cchc_metrics.engine import sqlfiles
from cchc_metrics.engine.loading import (
    create_tables,
    load_reference,
    load_yearly,
    parts_view,
    reload_lineage,
    yearly_files,
)
from cchc_metrics.engine.schema import INSPECTIONS, TABLES, quote_ident
from cchc_metrics.engine.sqlfiles import SQL_DIR, build_order, sql_text
from cchc_metrics.engine.validation import DataError, Problem

PACKAGE = Path(__file__).parent
# The default peer rule (analysis.peers.DEFAULT_RULE, a test keeps the two equal): every unit × area
# placed by it is kept as the table area_positions, so the pages that place units by the default
# rule read it instead of ranking the whole field on each request.
BUILT_PEER_RULE = {"weak_q": 0.25, "strong_q": 0.75, "min_gap": 5.0}
_BUILD_PARAMS = {"area_positions": {"year": None, "level": None, **BUILT_PEER_RULE}}
CACHE_DIR_ENV = "CCHC_CACHE_DIR"
KEPT_RESULTS = 16  # intermediates a Dataset keeps (Dataset.kept): unit labels, planning candidates
ABOUT_FILE = "about.json"
LINEAGE_FILE = "lineage.csv"
# Inputs every table depends on: a change of one of them rebuilds the whole version.
REFERENCE_FILES = ("units.csv", "areas.csv", "bands.csv")
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
    """Every file of the data directory that the load reads (the yearly files as the loader lists them)."""
    top = {p for pattern in _TOP_LEVEL_GLOBS for p in root.glob(pattern) if p.is_file()}
    return sorted(top | {f.path for f in yearly_files(root)})


def input_stats(root: Path) -> dict[str, tuple[int, int]]:
    """Each input file's path in the data directory → (size, modification time in ns)."""
    stats = {}
    for path in input_files(root):
        with contextlib.suppress(FileNotFoundError):  # removed since it was listed: not an input
            stat = path.stat()
            stats[path.relative_to(root).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return stats


def fingerprint(root: Path, stats: dict[str, tuple[int, int]] | None = None) -> str:
    """Names, sizes and modification times of the inputs, and the code version, as one hash."""
    digest = hashlib.sha256(code_version().encode())
    for name, (size, mtime_ns) in sorted((input_stats(root) if stats is None else stats).items()):
        digest.update(f"{name}|{size}|{mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


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
    again from one statement for those years (`$years`). Steps that do not read each other run at
    once, each on a cursor of its own (a statement has phases that keep one core only).
    Returns step → the years built (None: all).
    """
    stale = sqlfiles.stale_steps(changed)
    data_years = None
    if any(years is None and sqlfiles.is_yearly(name) for name, years in stale.items()):
        rows = con.execute(f"select distinct year from {INSPECTIONS.name} order by year").fetchall()
        data_years = [r[0] for r in rows]
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


_PROBLEM_KINDS = ("inspections/", "findings/")


def _problem_order(problem: Problem) -> tuple[int, str]:
    """Problems are listed by file, inspections first, in the order the loader found them within one file."""
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
            [
                (i, p.file, p.row, p.column, p.key, json.dumps(p.params, ensure_ascii=False, default=str), p.severity)
                for i, p in enumerate(sorted(problems, key=_problem_order))
            ],
        )


def _read_problems(con: duckdb.DuckDBPyConnection) -> list[Problem]:
    rows = con.execute(
        "select file, row_number, column_name, key, params, severity from load_problems order by position"
    ).fetchall()
    return [Problem(f, r, c, k, json.loads(p), s) for f, r, c, k, p, s in rows]


def _write_about(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    about = root / ABOUT_FILE
    con.execute("create or replace table about (body VARCHAR)").fetchall()
    con.execute(
        "insert into about values (?)", [about.read_text(encoding="utf-8") if about.exists() else "{}"]
    ).fetchall()


def _write_manifest(
    con: duckdb.DuckDBPyConnection,
    stats: dict[str, tuple[int, int]],
    parts: dict[str, Path],
    how: dict,
) -> None:
    """Record what the version was built from: each input's size and time, each inspections file's
    part, the code version, and how it was built (for the benchmark and the tests)."""
    con.execute(
        "create or replace table cache_inputs (path VARCHAR, size BIGINT, mtime_ns BIGINT, part VARCHAR)"
    ).fetchall()
    rows = [(name, size, mtime, str(parts[name]) if name in parts else None) for name, (size, mtime) in stats.items()]
    if rows:
        con.executemany("insert into cache_inputs values (?, ?, ?, ?)", rows)
    con.execute("create or replace table cache_build (code_version VARCHAR, how VARCHAR)").fetchall()
    con.execute("insert into cache_build values (?, ?)", [code_version(), json.dumps(how)]).fetchall()


def build(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    parts: Path | None = None,
    stats: dict[str, tuple[int, int]] | None = None,
) -> list[Problem]:
    """Load `root` into `con` and build every score table; return the yearly files' problems.

    `parts`: a folder where the inspections are kept as Parquet (see loading.load_yearly).
    `stats`: the inputs as input_stats saw them before reading (recorded for later updates).
    Raises DataError when the directory or its units/areas/bands/lineage are unusable.
    """
    stats = input_stats(root) if stats is None and root.is_dir() else (stats or {})
    sqlfiles.stage(con)
    if not root.is_dir():
        raise DataError([Problem(str(root), None, None, "missing_data_dir", {"path": str(root)})])
    create_tables(con)
    load_reference(con, root)
    loaded = load_yearly(con, root, parts)
    if parts is not None:
        _use_parts(con, [loaded.parts[label] for label in sorted(loaded.parts)])
    steps = _run_steps(con, dict.fromkeys(TABLES))
    _write_problems(con, loaded.problems)
    _write_about(con, root)
    _write_manifest(con, stats, loaded.parts, {"kind": "full", "steps": steps})
    return loaded.problems


@dataclass
class _Manifest:
    code_version: str
    stats: dict[str, tuple[int, int]]
    parts: dict[str, Path]


def _manifest(con: duckdb.DuckDBPyConnection) -> _Manifest:
    """What a built version was built from (see _write_manifest). Raises duckdb.Error when it is not recorded."""
    rows = con.execute("select path, size, mtime_ns, part from cache_inputs").fetchall()
    (version,) = con.execute("select code_version from cache_build").fetchall()[0]
    return _Manifest(
        version,
        {path: (size, mtime) for path, size, mtime, _ in rows},
        {path: Path(part) for path, _, _, part in rows if part is not None},
    )


def _yearly_year(name: str) -> tuple[str, int | None] | None:
    """(table, year) of a yearly file's path (year None when the name is not a year); None for other files."""
    folder, _, file = name.partition("/")
    if folder not in ("inspections", "findings") or "/" in file:
        return None
    stem, dot, suffix = file.rpartition(".")
    return folder, int(stem) if dot and len(stem) == 4 and stem.isdigit() else None


def _update(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    old: _Manifest,
    stats: dict[str, tuple[int, int]],
    parts_dir: Path,
) -> dict[str, Path] | None:
    """Bring `con`, a copy of the version `old` describes, up to the inputs `stats` describes.

    Returns the new version's parts, or None when only a full build is right: another code
    version, a changed unit list, area list or band scheme, or an input this cannot place.
    """
    if old.code_version != code_version():
        return None
    changed_files = {name for name in stats.keys() | old.stats.keys() if stats.get(name) != old.stats.get(name)}
    yearly: dict[str, set[int]] = {"inspections": set(), "findings": set()}
    unnamed: set[str] = set()  # yearly files whose name is no year: only their problems change
    lineage = about = False
    for name in changed_files:
        placed = _yearly_year(name)
        if placed is not None:
            table, year = placed
            if year is None:
                unnamed.add(name)
            else:
                yearly[table].add(year)
        elif name == LINEAGE_FILE:
            lineage = True
        elif name == ABOUT_FILE:
            about = True
        else:  # units, areas, bands, or a file the load does not read: nothing cheaper is safe
            return None
    # every file of a changed year is read again: two files can hold one year (2024.csv, 2024.CSV)
    redo = unnamed | {
        name
        for name in stats.keys() | old.stats.keys()
        if (placed := _yearly_year(name)) is not None and placed[1] in yearly[placed[0]]
    }
    if lineage:
        reload_lineage(con, root)
    if about:
        _write_about(con, root)
    kept = [p for p in _read_problems(con) if p.file not in redo]
    if yearly["findings"]:
        con.execute("delete from findings where list_contains($years, year)", {"years": sorted(yearly["findings"])})
    loaded = load_yearly(con, root, parts_dir, only=redo & stats.keys())
    parts = {label: part for label, part in old.parts.items() if label not in redo} | loaded.parts
    if yearly["inspections"]:
        _use_parts(con, [parts[label] for label in sorted(parts)])
    changed: dict[str, set[int] | None] = {t: years for t, years in yearly.items() if years}
    if lineage:
        changed["lineage"] = None
    steps = _run_steps(con, changed)
    _write_problems(con, kept + loaded.problems)
    _write_manifest(con, stats, parts, {"kind": "update", "changed": sorted(changed_files), "steps": steps})
    return parts


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
        parts = _update(con, root, old, stats, parts_dir)
        if parts is None:
            return None
        con.execute("checkpoint").fetchall()
        return set(parts.values()), {base: set(old.parts.values())}
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
    """Open a built database read-only, or None when it is missing or unreadable (then rebuild)."""
    if not target.exists():
        return None
    try:
        con = duckdb.connect(str(target), read_only=True)
        con.execute("select count(*) from unit_scores").fetchall()
        con.execute("select count(*) from cache_inputs").fetchall()
        con.execute("select count(*) from inspections").fetchall()  # its Parquet parts are all there
        return con
    except duckdb.Error:
        target.unlink(missing_ok=True)
        return None


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

    Raises validation.DataError when the directory or its units/areas/bands are unusable;
    problems of single yearly files are in `Dataset.problems` and those files are left out.
    """
    root = config.data_dir(root)
    stats = input_stats(root) if root.is_dir() else {}
    stamp = fingerprint(root, stats) if root.is_dir() else "missing"
    folder = cache_dir_for(root) if use_cache and root.is_dir() else None
    if folder is None:
        con = sqlfiles.connect()
        build(con, root, stats=stats)
        return Dataset(con, root, stamp)
    target = folder / f"cchc-{stamp}.duckdb"
    con = _open_cached(target)
    if con is None:
        with _locked(folder):
            con = _open_cached(target)  # built by another process or thread meanwhile
            if con is None:
                used, known = _build_file(root, target, stats, _newest_version(folder, target))
                _prune(folder, target, used, known)
                con = duckdb.connect(str(target), read_only=True)
    return Dataset(con, root, stamp)


class Dataset:
    """A loaded, scored data directory. Safe to share between threads: each query takes a cursor."""

    def __init__(self, con: duckdb.DuckDBPyConnection, root: Path, stamp: str):
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
        self._kept_lock = threading.Lock()

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

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._con.cursor()

    def sql(self, text: str, params: dict | list | None = None) -> pd.DataFrame:
        """Run a query on a fresh cursor and return the whole result."""
        cur = self._con.cursor()
        try:
            return cur.execute(text, params or {}).df()
        finally:
            cur.close()

    def query(self, name: str, **params) -> pd.DataFrame:
        """Run `sql/queries/<name>.sql` with the bound parameters `params`."""
        return self.sql(sql_text("queries/" + name), params)

    @property
    def is_demo(self) -> bool:
        return bool(self.about.get("synthetic", False))

    def years(self) -> list[int]:
        """Assessment years with scores, oldest first."""
        return [int(y) for y in self.sql("select distinct year from unit_scores order by year")["year"]]

    def areas(self) -> pd.DataFrame:
        """Columns: area_code, name_vi, name_en, sort_order; in report order."""
        return self.sql("select area_code, name_vi, name_en, sort_order from areas order by sort_order, area_code")

    def close(self) -> None:
        self._con.close()
