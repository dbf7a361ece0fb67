"""The engine: a data directory loaded, validated and scored in DuckDB, behind a columnar cache.

`open_dataset()` returns a Dataset whose tables are the inputs (units, areas, bands, inspections,
findings) and the scores built from them by `sql/build/*.sql`. The built database is kept as a
DuckDB file named after a fingerprint of the input files and of the code, so a later start opens
it at once, and a changed input file gives a new fingerprint: the cache is never served stale.
"""

from __future__ import annotations

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
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from cchc_metrics import config
from cchc_metrics.engine import scope, sqlfiles
from cchc_metrics.engine.loading import load_directory
from cchc_metrics.engine.schema import PARTIAL_WEIGHT
from cchc_metrics.engine.sqlfiles import SQL_DIR, build_order, sql_text
from cchc_metrics.engine.validation import WARNING, Problem

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
KEPT_RESULTS = 16  # intermediates a Dataset keeps (Dataset.kept): unit labels, planning candidates
ABOUT_FILE = "about.json"
_INPUT_GLOBS = ("*.csv", "*.json", "inspections/*.csv", "findings/*.csv", "adjustments/*.csv")


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
    """Every file of the data directory that the load reads."""
    return sorted({p for pattern in _INPUT_GLOBS for p in root.glob(pattern) if p.is_file()})


def fingerprint(root: Path) -> str:
    """Names, sizes and modification times of the inputs, and the code version, as one hash."""
    digest = hashlib.sha256(code_version().encode())
    for path in input_files(root):
        try:
            stat = path.stat()
        except OSError:  # removed since it was listed: the next fingerprint tells
            continue
        digest.update(f"{path.relative_to(root).as_posix()}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def data_version(root: Path) -> str:
    """The fingerprint of the data directory `root`, or "missing" when there is none."""
    return fingerprint(root) if root.is_dir() else "missing"


def build(con: duckdb.DuckDBPyConnection, root: Path, parts: Path | None = None) -> list[Problem]:
    """Load `root` into `con` and build the score tables; return the yearly files' problems.

    `parts`: a folder where the inspections are kept as Parquet (see loading.load_yearly).
    """
    sqlfiles.stage(con)
    problems = load_directory(con, root, parts)
    for step in build_order():
        con.execute(
            f"create or replace table {step} as {sql_text('build/' + step)}", _BUILD_PARAMS.get(step)
        ).fetchall()
    con.execute(
        "create or replace table load_problems (file VARCHAR, row_number BIGINT, column_name VARCHAR, "
        "key VARCHAR, params VARCHAR, severity VARCHAR)"
    ).fetchall()
    if problems:
        con.executemany("insert into load_problems values (?, ?, ?, ?, ?, ?)", [_problem_row(p) for p in problems])
    body, problem = _about(root / ABOUT_FILE)
    if problem is not None:
        problems.append(problem)
        con.execute("insert into load_problems values (?, ?, ?, ?, ?, ?)", _problem_row(problem)).fetchall()
    con.execute("create or replace table about (body VARCHAR)").fetchall()
    con.execute("insert into about values (?)", [body]).fetchall()
    _record_parts(con, parts)
    return problems


def _problem_row(p: Problem) -> tuple:
    return (p.file, p.row, p.column, p.key, json.dumps(p.params, ensure_ascii=False, default=str), p.severity)


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


def _record_parts(con: duckdb.DuckDBPyConnection, parts: Path | None) -> None:
    """The table `cache_parts`: every Parquet part's path, size and CRC-32, checked at each open."""
    con.execute("create or replace table cache_parts (path VARCHAR, bytes BIGINT, crc32 BIGINT)").fetchall()
    files = sorted(parts.glob("*.parquet")) if parts is not None else []
    if files:
        con.executemany(
            "insert into cache_parts values (?, ?, ?)", [(str(f), f.stat().st_size, _crc32(f)) for f in files]
        )


def _crc32(path: Path) -> int:
    value = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            value = zlib.crc32(block, value)
    return value


def cache_dir_for(root: Path) -> Path | None:
    """Where built databases are kept: $CCHC_CACHE_DIR, else `<data dir>/.cache`; None if not writable."""
    folder = Path(os.environ[CACHE_DIR_ENV]) if os.environ.get(CACHE_DIR_ENV) else root / ".cache"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


_build_lock = threading.Lock()


PARTS_GRACE_S = 600  # a replaced build's Parquet parts stay this long for sessions still reading them


def _build_file(root: Path, target: Path) -> Path:
    """Build into a temporary file beside `target`, then rename it into place (atomic).

    The inspections go to a new folder `<target stem>-<random>.parts` beside it, which the
    database's `inspections` view names; the rename of the database is what makes the build
    visible, so a build that fails leaves nothing that is read. Returns the parts folder.
    """
    fd, tmp = tempfile.mkstemp(prefix=".building-", suffix=".duckdb", dir=target.parent)
    os.close(fd)
    os.unlink(tmp)  # DuckDB wants to create the file itself
    parts = Path(tempfile.mkdtemp(prefix=f"{target.stem}-", suffix=".parts", dir=target.parent))
    done = False
    try:
        con = sqlfiles.connect(tmp)
        try:
            build(con, root, parts)
            con.execute("checkpoint").fetchall()
        finally:
            con.close()
        os.replace(tmp, target)
        done = True
        return parts
    finally:
        for leftover in (tmp, tmp + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
        if not done:
            shutil.rmtree(parts, ignore_errors=True)


def _open_cached(target: Path) -> duckdb.DuckDBPyConnection | None:
    """Open a built database read-only, or None when it is missing, unreadable, or one of its
    Parquet parts is missing or no longer the bytes written (size and CRC-32): then rebuild.

    A part damaged inside (its footer intact) reads as a valid file until a query reaches the
    damaged page; its checksum finds it before any query does.
    """
    if not target.exists():
        return None
    con = None
    try:
        con = duckdb.connect(str(target), read_only=True)
        con.execute("select count(*) from unit_scores").fetchall()
        for path, size, crc in con.execute("select path, bytes, crc32 from cache_parts").fetchall():
            part = Path(path)
            if not part.is_file() or part.stat().st_size != size or _crc32(part) != crc:
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


def _prune(folder: Path, keep: Path, keep_parts: Path) -> None:
    """Remove older built databases, and Parquet parts not written in the last PARTS_GRACE_S.

    Open readers keep their database file until they close it; a replaced build's parts are
    read at each query, so they stay a while for the sessions still on the older build.
    """
    for old in folder.glob("cchc-*.duckdb"):
        if old != keep:
            old.unlink(missing_ok=True)
    for parts in folder.glob("cchc-*.parts"):
        try:
            stale = parts != keep_parts and time.time() - parts.stat().st_mtime > PARTS_GRACE_S
        except OSError:
            continue
        if stale:
            shutil.rmtree(parts, ignore_errors=True)


def open_dataset(root: str | os.PathLike | None = None, use_cache: bool = True) -> Dataset:
    """Open the data directory `root` (default: config.data_dir()) as a scored Dataset.

    The build is kept in the cache folder (see cache_dir_for); when that folder cannot take it
    (full, unwritable, failing), the data are built in memory and `Dataset.problems` says so
    (cache.unavailable, a warning). When the input files change during the build (a year
    published or removed meanwhile), it is built once more on the new files.
    Raises validation.DataError when the directory or its units/areas/bands are unusable;
    problems of single yearly files are in `Dataset.problems` and those files are left out.
    """
    root = config.data_dir(root)
    for attempt in range(2):
        stamp = data_version(root)
        ds = _open(root, stamp, use_cache)
        if attempt or not root.is_dir() or fingerprint(root) == stamp:
            return ds
        ds.close()
    raise AssertionError("unreachable")


def _open(root: Path, stamp: str, use_cache: bool) -> Dataset:
    folder = cache_dir_for(root) if use_cache and root.is_dir() else None
    fallback = None
    if folder is not None:
        target = folder / f"cchc-{stamp}.duckdb"
        try:
            with _build_lock:
                con = _open_cached(target)
                if con is None:
                    parts = _build_file(root, target)
                    _prune(folder, target, parts)
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
    build(con, root)
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
        rows = self.sql("select file, row_number, column_name, key, params, severity from load_problems").itertuples(
            index=False
        )
        self.problems = [
            Problem(f, None if pd.isna(r) else int(r), c, k, json.loads(p), s) for f, r, c, k, p, s in rows
        ]
        self.about = json.loads(self.sql("select body from about")["body"].iloc[0] or "{}")
        self._kept: OrderedDict = OrderedDict()
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
