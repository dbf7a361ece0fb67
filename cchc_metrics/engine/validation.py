"""Validation of a staged file: one implementation for the loader, the CLI and the upload page.

A file is first checked column by column from the schema (missing values, types, closed value
sets), then by the rules in `sql/checks/<table>/<rule>.sql`. Each rule is a query over the typed
view `checked` (plus the reference tables `units` and `areas`) returning the offending rows as
`_row, column_name, value, detail`; its message is the translation key `check.<rule>`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cchc_metrics import i18n
from cchc_metrics.engine import sqlfiles
from cchc_metrics.engine.reading import ROW, Staged
from cchc_metrics.engine.schema import Table, quote_ident

MAX_PER_RULE = 200  # a systemic error in a million-row file should not list a million lines

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (file, row, column), what (a message key) and how bad.

    row is the spreadsheet row (header = 1), or None for a whole-file problem.
    """

    file: str
    row: int | None
    column: str | None
    key: str
    params: dict = field(default_factory=dict, hash=False, compare=False)
    severity: str = ERROR

    def message(self, lang: str = i18n.DEFAULT_LANG) -> str:
        return i18n.t(f"check.{self.key}", lang, **self.params)

    def hint(self, lang: str = i18n.DEFAULT_LANG) -> str:
        key = f"fix.{self.key}"
        return i18n.t(key, lang, **self.params) if i18n.has(key, lang) else ""

    def describe(self, lang: str = i18n.DEFAULT_LANG) -> str:
        """The problem as one line: file, row, column, message and what to do."""
        where = [self.file]
        if self.row is not None:
            where.append(i18n.t("where.row", lang, row=self.row))
        if self.column:
            where.append(i18n.t("where.column", lang, column=self.column))
        hint = self.hint(lang)
        return ", ".join(where) + ": " + self.message(lang) + (f" {hint}" if hint else "")


class DataError(Exception):
    """Raised when input cannot be used; `problems` says every reason."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s), first: {problems[0].key if problems else '-'}")
        self.problems = problems

    def __reduce__(self):  # the problems survive a trip between processes (budget.run_bounded)
        return (DataError, (self.problems,))


def problems_frame(problems: list[Problem], lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """Problems as a table: file, row, column, severity, message, hint (for display and download)."""
    return pd.DataFrame(
        {
            "file": [p.file for p in problems],
            "row": pd.array([p.row for p in problems], dtype="Int64"),
            "column": [p.column or "" for p in problems],
            "severity": [p.severity for p in problems],
            "message": [p.message(lang) for p in problems],
            "hint": [p.hint(lang) for p in problems],
        }
    )


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


MAX_REPORTED = 100  # report lines shown one by one; a file with thousands of problems gets a summary after


def summarised(problems: list[Problem]) -> list[Problem]:
    """The first MAX_REPORTED problems, then one line counting the others by message (more_problems).

    The summary is an error when any problem it counts is one, so has_errors() is unchanged.
    """
    if len(problems) <= MAX_REPORTED:
        return problems
    rest = problems[MAX_REPORTED:]
    by_key = Counter(p.key for p in rest)
    return problems[:MAX_REPORTED] + [
        Problem(
            rest[0].file,
            None,
            None,
            "more_problems",
            {"count": len(rest), "keys": ", ".join(f"{k} ({n})" for k, n in by_key.most_common())},
            ERROR if has_errors(rest) else WARNING,
        )
    ]


# Rule name → severity; the order is the order of the report. Files live in sql/checks/<table>/.
RULES: dict[str, dict[str, str]] = {
    "units": {
        "unit_code_format": ERROR,
        "unit_level_type": ERROR,
        "unit_years_order": ERROR,
        "unit_overlap": ERROR,
        "unit_parent_unknown": ERROR,
    },
    "areas": {"duplicate_area": ERROR},
    "bands": {"band_range": ERROR, "band_no_floor": ERROR, "duplicate_band": ERROR},
    "inspections": {
        "year_mismatch": ERROR,
        "max_points_positive": ERROR,
        "max_points_too_large": ERROR,
        "score_range": ERROR,
        "self_score_range": ERROR,
        "duplicate_criterion": ERROR,
        "unknown_area": ERROR,
        "unknown_unit": ERROR,
        "unit_not_valid": ERROR,
        "max_points_inconsistent": ERROR,
        "criterion_area_inconsistent": ERROR,
        # against the framework in force, when framework files declare one (checked_nodes)
        "criterion_not_in_framework": ERROR,
        "criterion_is_subtotal": ERROR,
        "max_points_framework": ERROR,
        "area_framework": ERROR,
        "survey_self_score": ERROR,
        "leaf_missing": ERROR,
    },
    "findings": {"year_mismatch": ERROR, "unknown_area": ERROR, "unknown_unit": ERROR, "unit_not_valid": ERROR},
    "adjustments": {
        "year_mismatch": ERROR,
        "unknown_unit": ERROR,
        "unit_not_valid": ERROR,
        "adjustment_points_positive": ERROR,
        "adjustment_over_cap": WARNING,
    },
    "framework_versions": {
        "duplicate_framework": ERROR,
        "framework_years_order": ERROR,
        "framework_overlap": ERROR,
        "cap_negative": ERROR,
    },
    "framework_nodes": {
        "node_unknown_framework": ERROR,
        "duplicate_node": ERROR,
        "node_parent_unknown": ERROR,
        "node_kind_depth": ERROR,
        "node_area_unknown": ERROR,
        "node_max_positive": ERROR,
        "node_children_sum": ERROR,
    },
    "crosswalk": {"crosswalk_node_unknown": ERROR},
    "tiles": {
        "tile_range": ERROR,
        "unknown_unit": ERROR,
        "tile_version_unknown": ERROR,
        "tile_duplicate_unit": ERROR,
        "tile_shared": ERROR,
        "tile_missing_unit": WARNING,
    },
    "targets": {
        "target_range": ERROR,
        "target_area_unknown": ERROR,
        "unknown_unit": ERROR,
        "target_unit_level": ERROR,
        "duplicate_target": ERROR,
    },
    "lineage": {
        "lineage_years_order": ERROR,
        "lineage_old_unknown": ERROR,
        "lineage_new_unknown": ERROR,
        "duplicate_lineage": ERROR,
        "lineage_whole_and_more": ERROR,
        "lineage_old_not_ended": WARNING,
        "lineage_date_year": WARNING,
    },
}


def _rule_sql(table: str, rule: str) -> str:
    """The rule's query: the table's own file, else the one shared by inspections and findings."""
    own = f"checks/{table}/{rule}"
    return sqlfiles.sql_text(own if (sqlfiles.SQL_DIR / f"{own}.sql").exists() else f"checks/common/{rule}")


def _has_framework(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the reference tables on `con` declare a framework (framework_versions.csv)."""
    return con.execute("select count(*) from framework_versions").fetchall()[0][0] > 0


def with_sources(con: duckdb.DuckDBPyConnection, typed: pa.Table) -> pa.Table:
    """Checked inspection rows with `method` taken from the framework where the file leaves it
    empty: whether a criterion's points come from the survey is the framework's to say."""
    if not _has_framework(con) or "method" not in typed.column_names:
        return typed
    con.register("checked", typed)
    con.execute(sqlfiles.sql_text("staging/checked_nodes")).fetchall()
    sourced = con.sql(
        "select c.* replace (coalesce(c.method, n.source) as method) from checked as c "
        "left join checked_nodes as n using (_row) order by c._row"
    ).to_arrow_table()
    return sourced


def _cell_sql(col) -> str:
    """Staged text cell: NFC, trimmed, empty → NULL."""
    return f"nullif(trim(nfc_normalize({quote_ident(col.name)})), '')"


INT_PATTERN = "[+-]?[0-9]+"
# A decimal number as people and spreadsheets write it (an exponent is how Excel writes very
# small values). DuckDB would also read `1_5` as 15, `inf`, and `1e-400` as 0: none is a score.
NUMBER_PATTERN = "[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?"
# The digits before the exponent include one that is not 0: the value cannot be 0 (no underflow).
NONZERO_MANTISSA = "^[+-]?[0-9.]*[1-9]"


def _cast_sql(col) -> str:
    """Typed value of a staged cell, NULL when it is not exactly of the type (2023.5 is no year,
    1_5 and 1e-400 are no numbers)."""
    cell = _cell_sql(col)
    if col.kind == "int":
        return f"case when regexp_full_match({cell}, '{INT_PATTERN}') then try_cast({cell} as INTEGER) end"
    if col.kind == "number":
        value = f"try_cast({cell} as DOUBLE)"
        return (
            f"case when regexp_full_match({cell}, '{NUMBER_PATTERN}') and isfinite({value})"
            f" and not ({value} = 0 and regexp_matches({cell}, '{NONZERO_MANTISSA}')) then {value} end"
        )
    if col.kind == "date":
        return f"try_cast({cell} as DATE)"
    return cell


def typed_select(table: Table, present: list[str]) -> str:
    """SELECT list casting the staged text cells to the schema's types (absent columns are NULL)."""
    parts = [ROW]
    for col in table.columns:
        if col.name in present:
            parts.append(f"{_cast_sql(col)} as {quote_ident(col.name)}")
        else:
            parts.append(f"cast(null as {col.sql_type}) as {quote_ident(col.name)}")
    return ", ".join(parts)


def _column_tests(col) -> list[tuple[str, str]]:
    """(message key, SQL condition on the cell) of the schema's checks on one column."""
    cell = _cell_sql(col)
    tests = []
    if not col.nullable:
        tests.append(("missing_value", f"{cell} is null"))
    if col.kind in ("int", "number", "date"):
        tests.append((f"not_{col.kind}", f"{cell} is not null and {_cast_sql(col)} is null"))
    if col.allowed:
        allowed = ", ".join("'" + v.replace("'", "''") + "'" for v in col.allowed)
        tests.append(("not_allowed", f"{cell} is not null and lower({cell}) not in ({allowed})"))
    if col.kind in ("text", "code"):
        # on the raw cell: nfc_normalize cuts a non-ASCII text at its NUL (silently, before this check)
        tests.append(("nul_character", f"contains({quote_ident(col.name)}, chr(0))"))
    return tests


ARROW_TYPES = {"text": pa.string(), "code": pa.string(), "int": pa.int32(), "number": pa.float64(), "date": pa.date32()}


def _typed_columns(
    con, table: Table, staged: pa.Table, present: list[str], file: str
) -> tuple[pa.Table, list[Problem]]:
    """The staged file typed as `typed_select` types it, and its missing, mistyped and disallowed cells.

    Each column is cleaned, cast and tested once per distinct cell text rather than once per row:
    a million-row yearly file has a few thousand distinct codes and a few hundred distinct scores,
    so this costs at most a dictionary encoding per column (none when the reader encoded it)
    instead of Unicode normalisation and parsing of every cell (seconds per file at national
    scale). The typed columns are dictionary arrays over the typed distinct values.
    """
    rows = staged.column(ROW).combine_chunks()
    arrays, problems = [rows], []
    for col in table.columns:
        if col.name not in present:
            arrays.append(pa.nulls(len(rows), ARROW_TYPES[col.kind]))
            continue
        encoded = staged.column(col.name).combine_chunks()
        if not pa.types.is_dictionary(encoded.type) or encoded.null_count:
            # null_encoding="encode": a null cell (from a spreadsheet) becomes one distinct value too
            encoded = pc.dictionary_encode(encoded.cast(pa.string()), null_encoding="encode")
        con.register(
            "staged_values",
            pa.table({"_i": pa.array(range(len(encoded.dictionary)), pa.int64()), col.name: encoded.dictionary}),
        )
        tests = _column_tests(col)
        flags = "".join(f", coalesce({condition}, false) as flag_{i}" for i, (_key, condition) in enumerate(tests))
        values = con.sql(
            f"select {_cell_sql(col)} as cell, {_cast_sql(col)} as typed{flags} from staged_values order by _i"
        ).to_arrow_table()
        con.unregister("staged_values")
        # Kept encoded (typed distinct values + the indices): no per-row copy; DuckDB reads it as
        # plain columns. One typed value per distinct text, in order: every index is in range
        # (safe=False: not checked again row by row).
        arrays.append(
            pa.DictionaryArray.from_arrays(
                encoded.indices, values.column("typed").combine_chunks().cast(ARROW_TYPES[col.kind]), safe=False
            )
        )
        for i, (key, _condition) in enumerate(tests):
            flagged = values.column(f"flag_{i}").combine_chunks()
            if not pc.any(flagged).as_py():
                continue
            hit = flagged.take(encoded.indices)
            found = pa.table(
                {
                    ROW: rows.filter(hit),
                    "value": values.column("cell").combine_chunks().take(encoded.indices).filter(hit),
                }
            )
            total = found.num_rows
            first = found.sort_by(ROW).slice(0, MAX_PER_RULE)
            problems += [
                Problem(
                    file,
                    row,
                    col.name,
                    key,
                    {"value": value or "", "allowed": ", ".join(col.allowed or ()), "total": total},
                )
                for row, value in zip(first.column(ROW).to_pylist(), first.column("value").to_pylist())
            ]
    return pa.Table.from_arrays(arrays, names=[ROW, *table.names]), problems


PAIR = ("unit_code", "criterion_code")
PAIR_ROWS = "_pair_rows"
# Small relations registered beside `checked`, from the columns' dictionaries, so that the rules
# look up each distinct code once and go back to the rows only for the codes they find wrong:
UNIT_YEARS = "checked_unit_years"  # each distinct (unit_code, year) of the file (year null included)
CRITERIA = "checked_criteria"  # each criterion_code with its number of distinct areas and maxima


def _distinct_numbers(column: pa.Array | pa.ChunkedArray, nulls: bool = False) -> tuple[pa.Array, pa.Array]:
    """Each row's value as the number of its distinct typed value, and those values.

    A typed column is a dictionary over the typed distinct cell texts, where two texts can give
    one value (" 001" and "001"): the dictionary is encoded once more, and the rows look it up.
    An empty value stays null (its row has no number), or with `nulls` is a value of its own.
    """
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column, null_encoding="encode" if nulls else "mask")
    values = pc.dictionary_encode(column.dictionary, null_encoding="encode" if nulls else "mask")
    return pc.take(values.indices, column.indices), values.dictionary


class _Numbered:
    """The columns of a typed file numbered by distinct value (_distinct_numbers), each once."""

    def __init__(self, typed: pa.Table):
        self.typed = typed
        self._done: dict[tuple[str, bool], tuple[pa.Array, pa.Array]] = {}

    def __call__(self, name: str, nulls: bool = False) -> tuple[pa.Array, pa.Array]:
        if (name, nulls) not in self._done:
            self._done[name, nulls] = _distinct_numbers(self.typed.column(name), nulls)
        return self._done[name, nulls]


def _pair_numbers(first: pa.Array, second: pa.Array) -> tuple[np.ndarray, np.ndarray, int]:
    """One number per row for the pair of its numbers in two columns (_distinct_numbers): the
    numbers of the rows where both are present, that mask of rows, and the second's width."""
    present = np.asarray(pc.and_(first.is_valid(), second.is_valid()))
    width = int(pc.max(second).as_py() or 0) + 1
    keys = first.fill_null(0).to_numpy().astype(np.int64) * width + second.fill_null(0).to_numpy()
    return keys[present], present, width


def _dense(keys: np.ndarray) -> bool:
    """Whether keys span a range small enough to count by position (else they are sorted)."""
    return bool(len(keys)) and keys.max() <= 8 * len(keys)


def _with_pair_rows(typed: pa.Table, numbered: _Numbered | None = None) -> pa.Table:
    """`typed` with PAIR_ROWS: how many rows of the file have the row's (unit_code, criterion_code)
    pair (null where either is empty), counted on the columns' dictionaries in numpy: the duplicate
    rule then looks at the repeated rows only, not at a million pairs of texts."""
    numbered = numbered or _Numbered(typed)
    keys, present, _width = _pair_numbers(numbered(PAIR[0])[0], numbered(PAIR[1])[0])
    if _dense(keys):
        counts = np.bincount(keys)[keys]
    else:
        _, where, totals = np.unique(keys, return_inverse=True, return_counts=True)
        counts = totals[where]
    rows = np.zeros(len(present), dtype=np.int64)
    rows[present] = counts
    return typed.append_column(PAIR_ROWS, pa.array(rows, mask=~present))


def _distinct_keys(keys: np.ndarray) -> np.ndarray:
    """The distinct pair numbers, in order."""
    return np.flatnonzero(np.bincount(keys)) if _dense(keys) else np.unique(keys)


def _unit_years(typed: pa.Table, numbered: _Numbered | None = None) -> pa.Table:
    """UNIT_YEARS: the distinct (unit_code, year) pairs of the file's rows with a unit code (the
    year null where it is empty or the file has no year column)."""
    numbered = numbered or _Numbered(typed)
    units, unit_values = numbered("unit_code")
    if "year" in typed.column_names:
        years, year_values = numbered("year", nulls=True)
    else:
        years, year_values = _distinct_numbers(pa.nulls(typed.num_rows, pa.int32()), nulls=True)
    keys, _present, width = _pair_numbers(units, years)
    found = _distinct_keys(keys)
    return pa.table({"unit_code": unit_values.take(found // width), "year": year_values.take(found % width)})


def _criteria(typed: pa.Table, numbered: _Numbered | None = None) -> pa.Table:
    """CRITERIA: each criterion_code of the file with how many distinct area codes (`areas`) and
    maxima (`maxima`) its rows give, empty cells left out."""
    numbered = numbered or _Numbered(typed)
    criteria, values = numbered("criterion_code")
    counts = {}
    for name, other in (("areas", "area_code"), ("maxima", "max_points")):
        keys, _present, width = _pair_numbers(criteria, numbered(other)[0])
        counts[name] = np.bincount(_distinct_keys(keys) // width, minlength=len(values))
    return pa.table({"criterion_code": values, **counts})


def _register_checked(con: duckdb.DuckDBPyConnection, table: Table, typed: pa.Table) -> None:
    """Register the typed rows as `checked`, with the relations the rules of `table` read beside it."""
    numbered = _Numbered(typed)
    con.execute("drop view if exists checked").fetchall()
    con.register("checked", _with_pair_rows(typed, numbered) if all(name in table.names for name in PAIR) else typed)
    if "unit_code" in table.names:
        con.register(UNIT_YEARS, _unit_years(typed, numbered))
    if all(name in table.names for name in ("criterion_code", "area_code", "max_points")):
        con.register(CRITERIA, _criteria(typed, numbered))


def validate_staged(
    con: duckdb.DuckDBPyConnection,
    staged: Staged,
    table: Table,
    file_year: int | None = None,
) -> list[Problem]:
    """Every problem of one staged file, checked against the reference tables already on `con`.

    `con` must hold `units` and `areas` (typed) for inspections and findings. Leaves the typed
    view `checked` on `con` for the caller to insert from when no error was found.
    """
    return check_staged(con, staged, table, file_year)[1]


def check_staged(
    con: duckdb.DuckDBPyConnection,
    staged: Staged,
    table: Table,
    file_year: int | None = None,
    on_typed: Callable[[pa.Table], None] | None = None,
) -> tuple[pa.Table | None, list[Problem]]:
    """validate_staged, also returning the typed rows (None when the header is unusable).

    The typed rows are what `checked` shows: a caller checking files on several cursors at once
    registers them on its own connection to insert. `on_typed(typed)` is called as soon as the
    rows are typed, before the rules run (the loader starts writing them meanwhile).
    """
    file = staged.path
    problems: list[Problem] = []
    problems += [Problem(file, staged.header_row, name, "unknown_column", {"name": name}) for name in staged.unknown]
    problems += [Problem(file, staged.header_row, name, "missing_column", {"name": name}) for name in staged.missing]
    problems += [
        Problem(file, staged.header_row, name, "duplicate_column", {"name": name}) for name in staged.duplicated
    ]
    if staged.rows == 0:
        problems.append(Problem(file, None, None, "empty_file"))
    if problems:
        return None, problems
    present = [n for n in staged.table.column_names if n != ROW]
    typed, found = _typed_columns(con, table, staged.table, present, file)
    problems += found
    if on_typed is not None:
        on_typed(typed)
    # the same rows and types as `select {typed_select(table, present)} from staged`, cast once
    _register_checked(con, table, typed)
    # the rules against a framework run only where framework files declare one
    framed = table.name == "inspections" and _has_framework(con)
    if framed:
        con.execute(sqlfiles.sql_text("staging/checked_nodes")).fetchall()
    for rule, severity in RULES.get(table.name, {}).items():
        sql = _rule_sql(table.name, rule)
        params = {"file_year": file_year} if "$file_year" in sql else {}
        if ("$file_year" in sql and file_year is None) or ("checked_nodes" in sql and not framed):
            continue
        rows = con.execute(
            f"with found as ({sql}) select *, count(*) over () as total from found order by _row limit {MAX_PER_RULE}",
            params,
        ).fetchall()
        problems += [
            Problem(
                file,
                row,
                column,
                rule,
                {"value": "" if value is None else value, "detail": detail or "", "total": total},
                severity,
            )
            for row, column, value, detail, total in rows
        ]
    return typed, sorted(problems, key=lambda p: (p.row is not None, p.row or 0))
