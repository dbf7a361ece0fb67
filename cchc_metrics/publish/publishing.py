"""Publishing an analyst's file into the data directory: check, compare, write, archive, roll back.

The path a new year takes: `prepare()` reads the file as analysts have it (reading.read_upload),
matches unit names, runs the loader's own validation (validation.validate_staged) and compares
it with what is published, writing nothing. `publish()` then writes the normalised file
atomically, archives the file it replaces under `archive/<kind>/<year>/` (never deleted) and
appends to `audit.jsonl`; concurrent publishes are serialised by a lock file. `history()` and
`rollback()` list and restore earlier versions. The loader reads neither archive/ nor the log.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import fcntl
import hashlib
import io
import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.compute as pc

from cchc_metrics import config, i18n
from cchc_metrics.engine import boundaries, sqlfiles
from cchc_metrics.engine.budget import Budget, BudgetExceeded, run_bounded
from cchc_metrics.engine.loading import YEAR_FILE, load_directory, reference_connection, stage_file, year_files
from cchc_metrics.engine.reading import ROW, CellIssue, Limits, ReadError, read_upload
from cchc_metrics.engine.schema import (
    ADJUSTMENTS,
    AREAS,
    BANDS,
    CROSSWALK,
    FINDINGS,
    FRAMEWORK_NODES,
    FRAMEWORK_VERSIONS,
    INSPECTIONS,
    LINEAGE,
    PUBLICATIONS,
    TARGETS,
    TILES,
    UNITS,
    Table,
    quote_ident,
)
from cchc_metrics.engine.validation import (
    ERROR,
    WARNING,
    DataError,
    Problem,
    has_errors,
    problems_frame,
    summarised,
    typed_select,
    validate_staged,
)
from cchc_metrics.present.text import slug
from cchc_metrics.publish.unit_names import resolve_area_names, resolve_unit_names

# What an analyst publishes: the yearly files, the unit list, the framework and the year's status.
KINDS: dict[str, Table] = {
    "inspections": INSPECTIONS,
    "findings": FINDINGS,
    "adjustments": ADJUSTMENTS,
    "units": UNITS,
    "framework_versions": FRAMEWORK_VERSIONS,
    "framework_nodes": FRAMEWORK_NODES,
    "crosswalk": CROSSWALK,
    "publications": PUBLICATIONS,
    "tiles": TILES,
    "targets": TARGETS,
}
# Not a table: the units' boundaries of a year (engine.boundaries), a GeoJSON file published the
# same way (check, compare, atomic write, archive, audit, history, rollback).
BOUNDARIES = "boundaries"
PUBLISHABLE = (*KINDS, BOUNDARIES)  # every kind with versions, history and rollback
BOUNDARY_SUFFIXES = (".geojson", ".json")  # an upload of these is a boundary file
# checked against the directory's other files
REFERENCE_CHECKED = (LINEAGE, FRAMEWORK_NODES, CROSSWALK, TILES, TARGETS)
# Every kind `validate` checks: the publishable ones and the reference files written by hand.
CHECKED: dict[str, Table] = {**KINDS, "areas": AREAS, "bands": BANDS, "lineage": LINEAGE}
AUDIT_FILE = "audit.jsonl"
LOCK_FILE = ".publish.lock"
ARCHIVE_DIR = "archive"
FIRST_YEAR = 2000  # no provincial PAR index predates 2012; earlier years are typing errors
TOP_CHANGES = 10
_NO_LIMITS = Limits(max_bytes=2**62, max_rows=2**62)  # our own archived files are trusted in size


class PublishError(Exception):
    """Publishing refused for a reason the user can act on; `key` is an i18n key (publish.*)."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params
        self.prepared: Prepared | None = None

    def __reduce__(self):
        return (_publish_error, (self.key, self.params))

    def message(self, lang: str = i18n.DEFAULT_LANG) -> str:
        return i18n.t(self.key, lang, **self.params)


def _publish_error(key: str, params: dict) -> PublishError:
    return PublishError(key, **params)


@dataclass
class Diff:
    """What publishing would change. Frames: `units` (change, unit_code, unit_name[, …]),
    `criteria` (change, criterion_code, area_code, criterion_name), `scores` (unit_code,
    unit_name, published_pct, new_pct, change_pct; largest changes first)."""

    is_new: bool
    published_rows: int
    new_rows: int
    units: pd.DataFrame = field(default_factory=pd.DataFrame)
    criteria: pd.DataFrame = field(default_factory=pd.DataFrame)
    scores: pd.DataFrame = field(default_factory=pd.DataFrame)


@dataclass
class Prepared:
    """A checked file, ready to publish when `ok`: nothing has been written yet."""

    root: Path
    source: str
    source_sha256: str
    kind: str | None
    year: int | None
    rows: int
    problems: list[Problem]
    canonical: bytes | None = None
    diff: Diff | None = None
    published_sha256: str | None = None  # the file this would replace, as it was when checked
    part: str | None = None  # a year's file of its own: "departments", or a former province's slug
    maps: dict = field(default_factory=dict)  # boundaries: level → engine.boundaries.Boundaries it draws

    @property
    def ok(self) -> bool:
        return self.canonical is not None and not has_errors(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def sha256(self) -> str | None:
        return hashlib.sha256(self.canonical).hexdigest() if self.canonical is not None else None

    @property
    def target(self) -> Path | None:
        return target_path(self.root, self.kind, self.year, self.part) if self.kind else None

    def report(self, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
        """The validation report (file, row, column, severity, message, hint) for display and download."""
        return problems_frame(self.problems, lang)


@dataclass(frozen=True)
class Published:
    """One write to the data directory, as recorded in the audit log."""

    action: str
    kind: str
    year: int | None
    path: Path
    sha256: str
    rows: int
    archived: Path | None


def file_key(year: int | None, part: str | None = None) -> str:
    """A yearly file's name without .csv: the year, and the part of the year it holds (a year's
    departments, or a former province's archive) after a dash: 2025, 2025-departments, 2022-hau-giang."""
    return f"{year}-{part}" if part else str(year)


def per_year(kind: str) -> bool:
    """Whether a kind has one file per year (the boundaries: per first year they are drawn for)."""
    return kind == BOUNDARIES or KINDS[kind].per_year


def suffix(kind: str) -> str:
    """The file name extension of a kind: `.geojson` for the boundaries, else `.csv`."""
    return boundaries.SUFFIX if kind == BOUNDARIES else ".csv"


def target_path(root: Path, kind: str, year: int | None, part: str | None = None) -> Path:
    """Where a kind of file lives in the data directory (the loader's contract)."""
    if kind == BOUNDARIES:
        return root / boundaries.FOLDER / f"{int(year)}{boundaries.SUFFIX}"
    if not KINDS[kind].per_year:
        return root / f"{kind}.csv"
    return root / kind / f"{file_key(year, part)}.csv"


def archive_dir(root: Path, kind: str, year: int | None, part: str | None = None) -> Path:
    """`archive/<kind>/<year>[-<part>]/` (the unit list, which has no year: `archive/units/`)."""
    folder = root / ARCHIVE_DIR / kind
    return folder / file_key(year, part) if year is not None else folder


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ------------------------------------------------------------------------------------------ check


def _file_year(staged) -> int | None:
    """The most common whole-number year of a yearly file; rows with another year are then errors."""
    if "year" not in staged.table.column_names:
        return None
    # counted once per distinct text (a yearly file repeats one year on every row)
    texts = pc.utf8_trim_whitespace(staged.table.column("year").combine_chunks())
    texts = texts.filter(pc.match_substring_regex(texts, r"^[+-]?\d+$"))
    years: Counter = Counter()
    for entry in pc.value_counts(texts).to_pylist():
        years[int(entry["values"])] += entry["counts"]
    return years.most_common(1)[0][0] if years else None


def _file_part(con: duckdb.DuckDBPyConnection, root: Path, kind: str, year: int) -> str | None:
    """The part of its year a checked file holds, as its file name says it (file_key): the year's
    departments, or the archive of one former province; None: the year itself.

    A former province's file is its archive unless the year's own file (<year>.csv) holds the same
    province, or there is none yet. Its province is the one its rows name (source_province), else the
    one its units belong to (units.csv: findings and adjustments carry no province)."""
    rows, departments, provinces, unnamed = _part_of(con, "checked")
    if rows and departments == rows:
        return "departments"
    if not rows or unnamed or len(provinces) != 1:
        return None
    own = target_path(root, kind, year)
    if not own.exists():
        return None
    con.execute(
        "create or replace temp table published_file as select * from read_csv($path, all_varchar = true)",
        {"path": str(own)},
    ).fetchall()
    _rows, _departments, own_provinces, own_unnamed = _part_of(con, "published_file")
    return None if not own_unnamed and own_provinces == provinces else slug(provinces[0])


def _part_of(con: duckdb.DuckDBPyConnection, relation: str) -> tuple[int, int, list, int]:
    """(rows, department rows, former provinces named, rows naming none) of a yearly file's rows;
    `relation`: a table name written in this module (checked, published_file)."""
    columns = {row[0] for row in con.execute(f"describe {relation}").fetchall()}
    select = "select try_cast(c.year as integer) as year, c.unit_code::text as unit_code, "
    if "source_province" in columns:
        select += "nullif(trim(c.source_province), '') as file_province"
    else:  # findings and adjustments: their units' province
        select += "null::text as file_province"
    con.execute(f"create or replace temp view checked_part as {select} from {relation} as c").fetchall()
    rows, departments, provinces, unnamed = _query(con, "file_part").iloc[0]
    return int(rows), int(departments), list(provinces), int(unnamed)


def _issue_problem(file: str, issue: CellIssue) -> Problem:
    return Problem(file, issue.row, issue.column, issue.key, issue.params, issue.severity)


def _format_value(value) -> str:
    """A typed value as the canonical CSV writes it: decimal point, no trailing `.0`, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _canonical_csv(con: duckdb.DuckDBPyConnection, table: Table) -> tuple[bytes, int]:
    """The validated view `checked` as the data directory's format: UTF-8, comma, schema column order."""
    names = ", ".join(quote_ident(c.name) for c in table.columns)
    rows = con.execute(f"select {names} from checked order by {ROW}").fetchall()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.names)
    writer.writerows([_format_value(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8"), len(rows)


def _typed_table(con: duckdb.DuckDBPyConnection, path: Path, table: Table, name: str) -> int | None:
    """Load a published file as the typed table `name` on `con`; None when it cannot be read."""
    staged = stage_file(path, table)
    if isinstance(staged, Problem) or staged.missing:
        return None
    present = [n for n in staged.table.column_names if n != ROW]
    con.register(f"{name}_staged", staged.table)
    con.execute(
        f"create or replace temp table {name} as select {typed_select(table, present)} from {name}_staged"
    ).fetchall()
    return staged.rows


def _query(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pd.DataFrame:
    return sqlfiles.run(con, f"publishing/{name}", params)


def _diff(con: duckdb.DuckDBPyConnection, table: Table, target: Path, new_rows: int) -> Diff:
    """Compare the validated view `checked` with the published file `target` (new year when absent)."""
    if not target.exists():
        return Diff(True, 0, new_rows)
    con.execute("create or replace temp table candidate as select * from checked").fetchall()
    old_rows = _typed_table(con, target, table, "published")
    if old_rows is None:  # an unreadable published file: it is replaced whole, nothing to compare
        return Diff(False, 0, new_rows)
    if table is UNITS:
        return Diff(False, old_rows, new_rows, units=_query(con, "diff_unit_list"))
    diff = Diff(False, old_rows, new_rows, units=_query(con, "diff_units"))
    if table is INSPECTIONS:
        diff.criteria = _query(con, "diff_criteria")
        diff.scores = _query(con, "diff_scores", {"top": TOP_CHANGES})
    return diff


def _units_break_published(root: Path, canonical: bytes, label: str, name: str = "units.csv") -> list[Problem]:
    """Load the data directory as it would be with the new reference file `name` (the unit list, a
    framework file); every published file it breaks is an error."""
    with tempfile.TemporaryDirectory(prefix="cchc-units-") as tmp:
        trial = Path(tmp)
        (trial / name).write_bytes(canonical)
        for entry in root.iterdir():
            if entry.name not in (name, ARCHIVE_DIR, AUDIT_FILE) and not entry.name.startswith("."):
                (trial / entry.name).symlink_to(entry)
        con = sqlfiles.connect()
        try:
            found = load_directory(con, trial)
        except DataError as exc:
            found = exc.problems
        finally:
            con.close()
    broken = Counter(p.file for p in found if p.severity == ERROR)
    return [
        Problem(label, None, None, "breaks_published", {"file": name, "errors": count})
        for name, count in sorted(broken.items())
    ]


def prepare(
    path: str | os.PathLike,
    root: str | os.PathLike | None = None,
    *,
    limits: Limits | None = None,
    label: str | None = None,
    kind: str | None = None,
    budget: Budget | None = None,
    bounded: bool = True,
) -> Prepared:
    """Read and check an analyst's file against the data directory, and compare it with what is published.

    Writes nothing. The kind (inspections, findings, units) is recognised from the columns unless
    given; the year comes from the year column. Every problem is in `problems` (read problems,
    unit names, the loader's validation rules, a year out of range or far from whole, published
    files a new unit list would break). The check runs in a child process under `budget`
    (default: Budget.from_env()); past it, the check stops with one problem saying so
    (budget.too_slow, budget.too_much_memory). `bounded` False checks in this process (a file of
    our own, such as an archived version). Raises DataError only when the data directory's own
    reference files are unusable.
    """
    path = Path(path)
    root = config.data_dir(root)
    label = label or path.name
    limits = limits or Limits.from_env()
    kinds = (kind,) if kind else tuple(KINDS)
    return _bounded(check_file, (path, root, limits, label, kinds, None, True), budget, bounded, root, label)


def prepare_boundaries(
    path: str | os.PathLike,
    root: str | os.PathLike | None,
    year: int,
    *,
    label: str | None = None,
    budget: Budget | None = None,
    bounded: bool = True,
) -> Prepared:
    """Check a GeoJSON file of the units' boundaries as the boundary file of `year`
    (`boundaries/<year>.geojson`: the maps of that year and the next ones, until a later file),
    and compare it with the one published; writes nothing.

    The checks of engine.boundaries (size before reading, a FeatureCollection, Polygon or
    MultiPolygon of closed rings of longitude/latitude, no unknown code, no unit twice, every
    unit of a level valid in `year` matched by code or name), each problem naming the feature's
    number and property; `rows` is the number of features; `maps` the shapes it would draw, by
    level, for a preview. Runs in a child process under `budget` like prepare() (`bounded`
    False: in this process). Raises DataError when the directory's unit list is unusable.
    """
    path = Path(path)
    root = config.data_dir(root)
    label = label or path.name
    return _bounded(check_boundaries, (path, root, label, int(year)), budget, bounded, root, label)


def check_boundaries(path: Path, root: Path, label: str, year: int) -> Prepared:
    """prepare_boundaries() in this process."""
    source_sha = _file_sha256(path) if path.is_file() else ""
    last = dt.date.today().year + 1
    if not FIRST_YEAR <= year <= last:
        params = {"feature": None, "prop": "", "value": year, "first": FIRST_YEAR, "last": last}
        problem = Problem(label, None, None, "boundary_year_range", params)
        return Prepared(root, label, source_sha, BOUNDARIES, year, 0, [problem])
    con = reference_connection(root)
    try:
        features, problems, drawn = boundaries.check_for_year(path, label, con, year)
    finally:
        con.close()
    problems = summarised(problems)
    prepared = Prepared(root, label, source_sha, BOUNDARIES, year, features, problems)
    if has_errors(problems):
        return prepared
    target = prepared.target
    shown = target.relative_to(root).as_posix()
    for found in drawn.values():
        found.file = shown  # the preview says where the map's boundaries would come from
    prepared.maps = drawn
    prepared.canonical = path.read_bytes()  # kept as the analyst made it: the map reads it as it is
    prepared.published_sha256 = _file_sha256(target) if target.exists() else None
    if target.exists():
        prepared.diff = Diff(False, _rows(BOUNDARIES, target.read_bytes()), features)
    else:
        prepared.diff = Diff(True, 0, features)
    return prepared


def _rows(kind: str, data: bytes) -> int:
    """The rows of a stored file: its data lines, or a boundary file's features (0 when unreadable)."""
    if kind != BOUNDARIES:
        return max(len(data.decode("utf-8", errors="replace").splitlines()) - 1, 0)
    try:
        features = json.loads(data.decode("utf-8-sig")).get("features")
    except (ValueError, AttributeError, RecursionError):
        return 0
    return len(features) if isinstance(features, list) else 0


def validate_file(
    path: str | os.PathLike, root: str | os.PathLike | None = None, *, budget: Budget | None = None
) -> tuple[Table | None, int, list[Problem]]:
    """Check one file of any kind against the data directory `root`, writing nothing: the command `validate`.

    The same reader and rules as prepare() (so `validate` says "valid" exactly when `import` would
    accept the file), for every kind of the data contract: units, areas, bands, lineage,
    inspections, findings. The year of a yearly file is the one its name gives (`2024.csv`, as
    the loader reads it), else its most common year. Returns the kind (None if unrecognised),
    the number of data rows and every problem. Raises DataError when the directory's own
    reference files are wrong.
    """
    path = Path(path)
    root = config.data_dir(root)
    match = YEAR_FILE.match(path.name)
    args = (path, root, Limits.from_env(), path.name, tuple(CHECKED), int(match.group(1)) if match else None, False)
    prepared = _bounded(check_file, args, budget, True, root, path.name)
    return (CHECKED[prepared.kind] if prepared.kind else None), prepared.rows, prepared.problems


def _bounded(func, args: tuple, budget: Budget | None, bounded: bool, root: Path, label: str) -> Prepared:
    if not bounded:
        return func(*args)
    try:
        return run_bounded(func, args, budget or Budget.from_env()).value
    except BudgetExceeded as exc:
        return Prepared(root, label, "", None, None, 0, [Problem(label, None, None, exc.key, exc.params)])


def check_file(
    path: Path,
    root: Path,
    limits: Limits,
    label: str,
    kinds: tuple[str, ...],
    name_year: int | None,
    compare: bool,
) -> Prepared:
    """prepare() in this process: read `path` as one of `kinds`, check it, and (with `compare`)
    build its canonical form and its difference with what is published. `name_year`: the year
    the file's name gives, which its rows must then have (else the most common year is taken)."""
    source_sha = _file_sha256(path) if path.is_file() else ""
    tables = [CHECKED[k] for k in kinds]
    try:
        upload = read_upload(path, tables, limits, label)
    except (ReadError, OSError) as exc:
        key, params = (exc.key, exc.params) if isinstance(exc, ReadError) else ("read.unreadable", {"detail": str(exc)})
        problem = Problem(label, params.get("row"), params.get("column"), key, params)
        return Prepared(root, label, source_sha, None, None, 0, [problem])
    table, staged, issues = upload.table, upload.staged, list(upload.issues)
    del upload  # the staged cells are replaced below (unit names): the first ones need not stay in memory
    year = (name_year or _file_year(staged)) if table.per_year else None
    con = reference_connection(root) if table.per_year or table in REFERENCE_CHECKED else sqlfiles.connect()
    try:
        if table.per_year:
            staged, name_issues = resolve_unit_names(con, staged, year)
            issues += name_issues
            staged, area_issues = resolve_area_names(con, staged, year)
            issues += area_issues
        # A name that matched no unit (or area) is reported once with suggestions, not again by the code rules.
        unresolved = (
            {c.strip() for c in staged.table.column("unit_code").to_pylist() if c and not c.strip().isdigit()}
            if table.per_year and "unit_code" in staged.table.column_names
            else set()
        )
        unresolved |= {i.params["value"] for i in issues if i.key.startswith("area_name_")}
        problems = [_issue_problem(label, i) for i in issues]
        found = validate_staged(con, staged, table, file_year=year)
        problems += [
            p for p in found if not (p.column in ("unit_code", "area_code") and p.params.get("value") in unresolved)
        ]
        last = dt.date.today().year + 1
        if year is not None and not FIRST_YEAR <= year <= last:
            first_row = min(
                (
                    r
                    for r, v in zip(staged.table.column(ROW).to_pylist(), staged.table.column("year").to_pylist())
                    if v and v.strip() == str(year)
                ),
                default=None,
            )
            problems.append(
                Problem(
                    label, first_row, "year", "year_out_of_range", {"value": year, "first": FIRST_YEAR, "last": last}
                )
            )
        if table is INSPECTIONS and year is not None and not has_errors(problems):
            problems += _coverage(con, root, year, label)
        problems = summarised(sorted(problems, key=lambda p: (p.row is not None, p.row or 0)))
        prepared = Prepared(root, label, source_sha, table.name, year, staged.rows, problems)
        if not compare or has_errors(problems) or (table.per_year and year is None):
            return prepared
        prepared.canonical, prepared.rows = _canonical_csv(con, table)
        prepared.part = _file_part(con, root, table.name, year) if table.per_year else None
        target = target_path(root, table.name, year, prepared.part)
        prepared.published_sha256 = _file_sha256(target) if target.exists() else None
        prepared.diff = _diff(con, table, target, prepared.rows)
    finally:
        con.close()
    if not table.per_year:
        prepared.problems += _units_break_published(root, prepared.canonical, label, f"{table.name}.csv")
        if has_errors(prepared.problems):
            prepared.canonical = None
    return prepared


COVERAGE_SHARE = 0.5  # a year's file covering less than this share of the units or criteria is partial


def _coverage(con: duckdb.DuckDBPyConnection, root: Path, year: int, label: str) -> list[Problem]:
    """A warning per level when the checked file covers far fewer units than are valid that year,
    or far fewer criteria than the framework (the latest published year before it) has."""
    published = {y: p for y, p in year_files(config.inspections_dir(root)) if y is not None and y < year}
    con.execute(
        "create or replace temp table framework as select * from checked where false"  # no framework yet
    ).fetchall()
    if published:
        _typed_table(con, published[max(published)], INSPECTIONS, "framework")
    found = []
    for row in _query(con, "year_coverage", {"year": year}).itertuples(index=False):
        partial_units = row.units < COVERAGE_SHARE * row.units_expected
        partial_criteria = row.criteria < COVERAGE_SHARE * row.criteria_expected
        if partial_units or partial_criteria:
            found.append(
                Problem(
                    label,
                    None,
                    None,
                    "partial_year" if row.criteria_expected else "partial_year_units",
                    {
                        "year": year,
                        "level": row.level,
                        "units": int(row.units),
                        "units_expected": int(row.units_expected),
                        "criteria": int(row.criteria),
                        "criteria_expected": int(row.criteria_expected),
                    },
                    WARNING,
                )
            )
    return found


# ------------------------------------------------------------------------------------------ write


@contextlib.contextmanager
def publish_lock(root: Path):
    """Hold the data directory's publishing lock (fcntl.flock on `.publish.lock`): one writer at a time.

    Once held, what a killed publish left is settled first (recover()). Raises
    PublishError('publish.not_writable' / 'publish.disk_full') when the directory cannot be
    written (the lock file is the first write of every publish, so nothing has changed then).
    """
    try:
        root.mkdir(parents=True, exist_ok=True)
        handle = open(root / LOCK_FILE, "a+b")
    except OSError as exc:
        raise not_writable(root, exc) from exc
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            recover(root)
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


FULL = (errno.ENOSPC, errno.EDQUOT)


def not_writable(folder: Path, exc: OSError) -> PublishError:
    """The error for a folder of the data directory that cannot be written: publish.disk_full when
    the disk (or the account's quota) is full, else publish.not_writable (read-only, no permission)."""
    detail = exc.strerror or type(exc).__name__
    if exc.errno in FULL:
        return PublishError("publish.disk_full", folder=str(folder), detail=detail)
    return PublishError("publish.not_writable", folder=str(folder), detail=detail)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


FILE_MODE_ENV = "CCHC_FILE_MODE"


def file_mode(target: Path) -> int:
    """The permissions a written file gets: $CCHC_FILE_MODE (octal, e.g. 640), else those of the file
    it replaces, else what the process's umask gives a new file (as `cp` would): never mkstemp's 0600,
    which left published years unreadable to the app when another account published them."""
    configured = os.environ.get(FILE_MODE_ENV, "").strip()
    if configured:
        return int(configured, 8) & 0o777
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def _write_temporary(target: Path, data: bytes, like: Path | None = None) -> Path:
    """`data` in a new temporary file beside `target` (`.<name>.<random>.tmp`, which nothing reads),
    with the permissions file_mode() gives `like` (default: `target`), flushed and fsynced. Raises OSError."""
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = file_mode(like or target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return Path(tmp)


def write_atomic(target: Path, data: bytes, like: Path | None = None) -> None:
    """Write `data` to `target` so that readers see the old file or the new one, never a part.

    A temporary file in the same directory (its name does not end in .csv, so the loader never
    reads it), flushed and fsynced, then renamed over the target; it gets the permissions of
    `like` (a copy's original) or of the file it replaces (see file_mode). Raises PublishError
    (publish.not_writable, publish.disk_full) naming the folder when it cannot be written; the
    target is then unchanged.
    """
    try:
        tmp = _write_temporary(target, data, like)
    except OSError as exc:
        raise not_writable(target.parent, exc) from exc
    try:
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException as exc:
        if tmp.exists():
            tmp.unlink()
        if isinstance(exc, OSError):
            raise not_writable(target.parent, exc) from exc
        raise


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _audit(root: Path, entry: dict) -> None:
    """Append one line to `audit.jsonl`, flushed to disk (called under the lock).

    Raises OSError; a line only partly written (a disk filling up) is cut off again, so the log
    keeps whole lines only.
    """
    path = root / AUDIT_FILE
    line = (json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    with open(path, "ab") as handle:
        size = handle.seek(0, os.SEEK_END)
        try:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        except OSError:
            handle.truncate(size)
            raise


def _audit_entries(root: Path) -> list[dict]:
    path = root / AUDIT_FILE
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_audit(root: str | os.PathLike | None = None) -> pd.DataFrame:
    """The audit log as a table, with the entry of a publish whose file is written but whose audit
    line a kill prevented (recover() appends it at the next publish).

    Columns: at, user, action, kind, year, file, sha256, source_sha256, rows, replaced_sha256, archived.
    """
    root = config.data_dir(root)
    columns = [
        "at",
        "user",
        "action",
        "kind",
        "year",
        "file",
        "sha256",
        "source_sha256",
        "rows",
        "replaced_sha256",
        "archived",
    ]
    entries = _audit_entries(root)
    intent = _intent(root)
    if intent and _done(root, intent) and (not entries or entries[-1] != intent["entry"]):
        entries.append(intent["entry"])
    return pd.DataFrame([{c: e.get(c) for c in columns} for e in entries], columns=columns)


# A publish writes its intent here first: what it will write where, which archive copy it makes,
# and its audit line. The rename of the new file is the commit; the audit line follows. A publish
# killed between the two is completed by the next one (the file is there: its audit line is
# appended), one killed before the rename is undone (its archive copy and temporary file removed).
JOURNAL_FILE = ".publish.journal"


def _intent(root: Path) -> dict | None:
    try:
        return json.loads((root / JOURNAL_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none, or cut short by a kill: then nothing was renamed yet
        return None


def _done(root: Path, intent: dict) -> bool:
    """Whether the publish of `intent` reached its rename: its target holds the new bytes."""
    target = root / intent["target"]
    return target.is_file() and _file_sha256(target) == intent["entry"]["sha256"]


def recover(root: Path) -> None:
    """Settle what a killed publish left (call under the lock): complete it when its file was
    renamed into place (the audit line is appended), else undo it (its archive copy and temporary
    file are removed); then remove every temporary file (`.*.tmp`) a killed write left.

    Raises PublishError (publish.not_writable, publish.disk_full) when the audit line cannot be written.
    """
    journal = root / JOURNAL_FILE
    if journal.exists():
        intent = _intent(root)
        if intent is not None and _done(root, intent):
            entries = _audit_entries(root)
            if not entries or entries[-1] != intent["entry"]:
                try:
                    _audit(root, intent["entry"])
                except OSError as exc:
                    raise not_writable(root, exc) from exc
        elif intent is not None and intent.get("archived"):
            (root / intent["archived"]).unlink(missing_ok=True)
        journal.unlink()
        _fsync_dir(root)
    folders = [root, config.inspections_dir(root), config.findings_dir(root), root / boundaries.FOLDER]
    folders += [p for p in (root / ARCHIVE_DIR).rglob("*") if p.is_dir()] if (root / ARCHIVE_DIR).is_dir() else []
    for folder in folders:
        for leftover in folder.glob(".*.tmp") if folder.is_dir() else ():
            leftover.unlink(missing_ok=True)


def _write_journal(root: Path, intent: dict) -> None:
    """The intent of a publish, written and fsynced before anything else changes (a plain write:
    a journal cut short by a kill is read as none, and nothing was renamed then)."""
    with open(root / JOURNAL_FILE, "wb") as handle:
        handle.write(json.dumps(intent, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    _fsync_dir(root)


def _undo(target: Path, archived: Path | None) -> None:
    """Put back what `target` held before a publish: its archived copy, renamed back (no byte is
    written, so this works on a full disk), or no file for a year that was new."""
    if archived is not None:
        os.replace(archived, target)
    else:
        target.unlink()
    _fsync_dir(target.parent)


def _write_version(
    root: Path, kind: str, year: int | None, data: bytes, entry: dict, part: str | None = None
) -> Published:
    """Write `data` as the kind's file of `year`, archiving the current one, with its audit line; under the lock.

    In order: the intent (journal), the archive copy of the current file, the new file beside its
    target, the rename (the commit), the audit line, the journal removed. When the audit line
    cannot be written (a full disk), the rename is undone: the archived copy goes back into place
    (or the new year's file is removed) and nothing is published. Raises PublishError
    (publish.not_writable, publish.disk_full) naming the folder; the published data are then unchanged.
    """
    target = target_path(root, kind, year, part)
    current = target.read_bytes() if target.exists() else None
    now = _now()
    archived = (
        archive_dir(root, kind, year, part)
        / f"{now.strftime('%Y%m%dT%H%M%S%fZ')}-{_sha256(current)[:12]}{suffix(kind)}"
        if current is not None
        else None
    )
    sha = _sha256(data)
    rows = entry.get("rows", max(data.count(b"\n") - 1, 0) if data.endswith(b"\n") else data.count(b"\n"))
    record = {
        **entry,
        "at": now.isoformat(timespec="seconds"),
        "kind": kind,
        "year": year,
        **({"part": part} if part else {}),
        "sha256": sha,
        "rows": rows,
        "replaced_sha256": _sha256(current) if current is not None else None,
        "archived": archived.relative_to(root).as_posix() if archived else None,
    }
    intent = {"target": target.relative_to(root).as_posix(), "archived": record["archived"], "entry": record}
    tmp, renamed, undone = None, False, False
    try:
        try:
            _write_journal(root, intent)
        except OSError as exc:
            raise not_writable(root, exc) from exc
        if archived is not None:
            write_atomic(archived, current, like=target)
        try:
            tmp = _write_temporary(target, data)
            os.replace(tmp, target)
            renamed = True
            _fsync_dir(target.parent)
            _audit(root, record)
        except OSError as exc:
            # published without its audit line is not published: the previous state goes back
            if renamed:
                _undo(target, archived)
                undone = True
            raise not_writable(root if renamed else target.parent, exc) from exc
    except BaseException:
        # Renamed and not undone (interrupted): the journal stays, the next publish completes it.
        if not renamed or undone:
            for leftover in (tmp, archived, root / JOURNAL_FILE):
                if leftover is not None and leftover.exists() and leftover != target:
                    leftover.unlink()
        raise
    (root / JOURNAL_FILE).unlink()
    return Published(entry["action"], kind, year, target, sha, rows, archived)


def _publish_locked(prepared: Prepared, user: str, replace: bool, confirm_warnings: bool) -> Published:
    if not prepared.ok:
        raise DataError(
            [p for p in prepared.problems if p.severity == ERROR]
            or [Problem(prepared.source, None, None, "read.empty")]
        )
    if prepared.warnings and not confirm_warnings:
        raise PublishError("publish.confirm_warnings", warnings=len(prepared.warnings))
    target = prepared.target
    current = _file_sha256(target) if target.exists() else None
    if current is not None and not replace:
        raise PublishError(
            "publish.needs_replace", kind=prepared.kind, year=prepared.year if prepared.year is not None else ""
        )
    if current != prepared.published_sha256:
        raise PublishError("publish.changed_since_check", file=target.name)
    if current is not None and current == prepared.sha256:
        raise PublishError("publish.unchanged", file=target.name)
    action = "replace" if current is not None else "publish"
    return _write_version(
        prepared.root,
        prepared.kind,
        prepared.year,
        prepared.canonical,
        {
            "action": action,
            "user": user,
            "file": prepared.source,
            "source_sha256": prepared.source_sha256,
            "rows": prepared.rows,
        },
        prepared.part,
    )


def publish(prepared: Prepared, user: str, *, replace: bool = False, confirm_warnings: bool = False) -> Published:
    """Write a prepared file into the data directory (atomic), archiving the file it replaces; audit it.

    Raises DataError when the file has errors; PublishError: publish.confirm_warnings (warnings
    not confirmed), publish.needs_replace (the year is published and `replace` is False),
    publish.changed_since_check (someone published this year after the check: check again),
    publish.unchanged (the published file is already exactly this one).
    """
    with publish_lock(prepared.root):
        return _publish_locked(prepared, user, replace, confirm_warnings)


def import_file(
    path: str | os.PathLike,
    root: str | os.PathLike | None = None,
    *,
    user: str,
    replace: bool = False,
    confirm_warnings: bool = False,
    limits: Limits | None = None,
    label: str | None = None,
    year: int | None = None,
) -> tuple[Prepared, Published | None]:
    """Check and publish in one step (the command line's `import`); the write happens under the lock.

    A GeoJSON file (`.geojson`, `.json`) is the boundary file of `year` (prepare_boundaries);
    PublishError('publish.boundaries_year') when `year` is not given for it. Returns the check
    and the write (None when the file has errors). Raises PublishError as publish(), with the
    check as its `prepared`.
    """
    root = config.data_dir(root)
    geojson = Path(path).suffix.lower() in BOUNDARY_SUFFIXES
    if geojson and year is None:
        raise PublishError("publish.boundaries_year", file=Path(path).name)

    def check() -> Prepared:
        if geojson:
            return prepare_boundaries(path, root, year, label=label)
        return prepare(path, root, limits=limits, label=label)

    # Check before taking the lock: a rejected file leaves the data directory untouched, lock file included.
    prepared = check()
    if not prepared.ok:
        return prepared, None
    with publish_lock(root):
        target = prepared.target
        current = _file_sha256(target) if target.exists() else None
        if current != prepared.published_sha256:  # published by someone else meanwhile: compare again
            prepared = check()
            if not prepared.ok:
                return prepared, None
        try:
            return prepared, _publish_locked(prepared, user, replace, confirm_warnings)
        except PublishError as exc:
            exc.prepared = prepared  # the check behind the refusal: its warnings say what to confirm
            raise


# ------------------------------------------------------------------------------------------ history


def history(
    root: str | os.PathLike | None, kind: str, year: int | None = None, part: str | None = None
) -> pd.DataFrame:
    """Every stored version of a year's file (or of the unit list), oldest first, the current one last.

    Columns: version (1 = oldest), stored_at (UTC, when archived; empty for the current one),
    sha256 (first 12 hex digits), rows, current, published_at, published_by, action (from the
    audit log; empty for files published before it), path (relative to the data directory).
    Raises PublishError('publish.unknown_kind') for a kind other than those of PUBLISHABLE.
    """
    root = config.data_dir(root)
    if kind not in PUBLISHABLE:
        raise PublishError("publish.unknown_kind", kind=kind, kinds=", ".join(PUBLISHABLE))
    year = year if per_year(kind) else None
    folder = archive_dir(root, kind, year, part)
    files = sorted(folder.glob(f"*{suffix(kind)}")) if folder.is_dir() else []
    target = target_path(root, kind, year, part)
    entries = [(p, False) for p in files] + ([(target, True)] if target.exists() else [])
    audit = read_audit(root)
    records = []
    for number, (path, current) in enumerate(entries, start=1):
        data = path.read_bytes()
        sha = _sha256(data)
        stored = (
            ""
            if current
            else dt.datetime.strptime(path.stem.split("-")[0], "%Y%m%dT%H%M%S%fZ").strftime("%Y-%m-%d %H:%M:%S")
        )
        events = audit
        relative = path.relative_to(root).as_posix()
        if not current and len(audit):  # an archived copy: the publication before it was archived, not a later restore
            archiving = audit.index[audit["archived"] == relative]
            events = audit.loc[: archiving[0] - 1] if len(archiving) else audit
        events = events[(events["sha256"] == sha) & (events["kind"] == kind)] if len(events) else events
        event = events.iloc[-1] if len(events) else None
        records.append(
            {
                "version": number,
                "stored_at": stored,
                "sha256": sha[:12],
                "rows": _rows(kind, data),
                "current": current,
                "published_at": "" if event is None else event["at"],
                "published_by": "" if event is None else event["user"],
                "action": "" if event is None else event["action"],
                "path": path.relative_to(root).as_posix(),
            }
        )
    columns = ["version", "stored_at", "sha256", "rows", "current", "published_at", "published_by", "action", "path"]
    return pd.DataFrame(records, columns=columns)


def rollback(
    root: str | os.PathLike | None, kind: str, year: int | None, version: str | int, user: str, part: str | None = None
) -> Published:
    """Restore an earlier version (its number in history(), or a prefix of its sha256) byte for byte.

    The current file is archived first. The version is checked again against today's unit list.
    Raises PublishError: publish.unknown_version, publish.already_current; DataError when the
    version no longer passes validation.
    """
    root = config.data_dir(root)
    year = year if per_year(kind) else None
    with publish_lock(root):
        versions = history(root, kind, year, part)
        text = str(version).strip().lower()
        if text.isdigit() and len(text) < 6:
            chosen = versions[versions["version"] == int(text)]
        else:
            chosen = versions[versions["sha256"].str.startswith(text[:12])] if len(text) >= 6 else versions.iloc[0:0]
        chosen = chosen[~chosen["current"]] if len(chosen) > 1 else chosen
        if len(chosen) != 1:
            raise PublishError(
                "publish.unknown_version",
                version=version,
                versions=", ".join(str(v) for v in versions["version"]) or "–",
            )
        row = chosen.iloc[0]
        if row["current"] or (
            versions["current"].any() and row["sha256"] == versions[versions["current"]].iloc[0]["sha256"]
        ):
            raise PublishError("publish.already_current", version=version)
        source = root / row["path"]
        if kind == BOUNDARIES:
            check = prepare_boundaries(source, root, year, label=row["path"], bounded=False)
        else:
            check = prepare(source, root, limits=_NO_LIMITS, kind=kind, bounded=False)
        if not check.ok or check.year != year:
            raise DataError(
                [p for p in check.problems if p.severity == ERROR]
                or [Problem(row["path"], None, "year", "year_mismatch", {"value": check.year, "detail": year})]
            )
        return _write_version(
            root,
            kind,
            year,
            source.read_bytes(),
            {
                "action": "rollback",
                "user": user,
                "file": row["path"],
                "source_sha256": _file_sha256(source),
                "rows": check.rows,
                "version": int(row["version"]),
            },
            part,
        )
