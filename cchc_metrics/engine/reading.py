"""Reading data files into a staging frame of text cells, before any type is trusted.

Every cell is kept as text (codes keep their leading zeros, nothing is guessed), header names
are matched to the schema's columns and their aliases regardless of case, spacing and Unicode
form, and each row carries `_row`: its row number as a spreadsheet shows it (header = row 1).
"""

from __future__ import annotations

import csv
import io
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from cchc_metrics.engine.schema import Table
from cchc_metrics.engine.workbook import MAX_CELL_CHARS, Shared, WorkbookRefused, column_letter, read_sheets

ROW = "_row"


# How long Arrow's allocator keeps freed memory before it gives it back (milliseconds).
FREED_MEMORY_DECAY_MS = 100


def _release_freed_memory() -> None:
    """Arrow's default allocator (mimalloc) keeps freed memory for reuse, so loading ten national
    files two at a time peaked 100-150 MB higher than the files need. jemalloc gives freed pages
    back after FREED_MEMORY_DECAY_MS: at once (0) cost the national cold start a second of
    paging (each file's buffers were paged in afresh), a tenth of a second keeps the buffers of
    one file for the next at about the same peak. Where pyarrow has no jemalloc, the default stays."""
    try:
        pool = pa.jemalloc_memory_pool()
        pa.jemalloc_set_decay_ms(FREED_MEMORY_DECAY_MS)
    except NotImplementedError:
        return
    pa.set_memory_pool(pool)


_release_freed_memory()


def fold(text: str) -> str:
    """A header or name folded for matching: NFC, case-folded, inner spaces collapsed."""
    text = unicodedata.normalize("NFC", str(text)).casefold()
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Staged:
    """A file read as text: `table` has one column per recognised schema column plus `_row`.

    `unknown` lists header cells that match no column; `missing` the required columns absent;
    `duplicated` the columns that appear twice; `header_row` is the header's spreadsheet row.
    """

    path: str
    table: pa.Table
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    header_row: int = 1

    @property
    def rows(self) -> int:
        return self.table.num_rows


class ReadError(Exception):
    """A file that cannot be read at all; `key` names the message, `params` fill it."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params

    def __reduce__(self):  # the params survive a trip between processes (budget.run_bounded)
        return (_read_error, (self.key, self.params))


def _read_error(key: str, params: dict) -> ReadError:
    return ReadError(key, **params)


def header_map(table: Table) -> dict[str, str]:
    """Folded header spelling → schema column name, for names and aliases."""
    mapping: dict[str, str] = {}
    for col in table.columns:
        for spelling in (col.name, *col.aliases):
            mapping.setdefault(fold(spelling), col.name)
    return mapping


def match_header(headers: list[str], table: Table) -> tuple[dict[int, str], list[str], list[str], list[str]]:
    """Map header positions to schema columns; also return unknown, missing and duplicated names."""
    mapping = header_map(table)
    positions: dict[int, str] = {}
    unknown: list[str] = []
    duplicated: list[str] = []
    for i, raw in enumerate(headers):
        name = mapping.get(fold(raw)) if raw is not None else None
        if name is None:
            if raw is not None and str(raw).strip():
                unknown.append(str(raw))
            continue
        if name in positions.values():
            duplicated.append(name)
            continue
        positions[i] = name
    missing = [c for c in table.required_names if c not in positions.values()]
    return positions, unknown, missing, duplicated


def stage_columns(headers: list[str], columns: list[pa.Array], table: Table, path: str, header_row: int) -> Staged:
    """Build a Staged file from header cells and one text array per header cell."""
    positions, unknown, missing, duplicated = match_header(headers, table)
    n = len(columns[0]) if columns else 0
    arrays = [pa.array(np.arange(header_row + 1, header_row + 1 + n, dtype=np.int64))]
    names = [ROW]
    for i, name in positions.items():
        column = columns[i]
        # A dictionary-encoded text column (read_csv_raw's) stays encoded.
        is_text_dictionary = pa.types.is_dictionary(column.type) and pa.types.is_string(column.type.value_type)
        arrays.append(column if is_text_dictionary else column.cast(pa.string()))
        names.append(name)
    return Staged(path, pa.Table.from_arrays(arrays, names=names), unknown, missing, duplicated, header_row)


# Bytes parsed at a time. Small blocks keep the parser's buffers small, which costs less memory
# paging than 16 MB blocks; a row must fit in a block, and the longest row Excel can write (a few
# columns of 32,767 characters of up to 3 UTF-8 bytes) does.
PARSE_BLOCK_BYTES = 4 << 20
SCAN_BYTES = 1 << 20  # bytes read at a time to find the header line and quotes before the parse


def read_csv_raw(path: Path, threads: bool = True) -> tuple[list[str], list[pa.Array]]:
    """Read a UTF-8 CSV file (with or without a byte-order mark): header cells and one text array each.

    Each column comes dictionary-encoded (distinct texts + indices), built while parsing: a
    yearly file of a million rows holds a few thousand distinct codes and a few dozen distinct
    scores, and validation then works once per distinct text. `threads`: parse the
    blocks on several threads; a loader reading several files at once spends a third less CPU
    with one thread per file.

    Raises ReadError('read.empty') for a file with no header, ('read.encoding') for bytes that
    are not UTF-8, ('read.malformed', detail=...) for a file the CSV parser rejects.
    """
    with path.open("rb", buffering=0) as handle:
        first, quoted = _scan(handle)
        handle.seek(0)
        return _parse_csv(pa.PythonFile(_ArrowReads(handle), mode="r"), first, quoted, threads)


class _ArrowReads(io.RawIOBase):
    """An open file whose reads land in memory from Arrow's allocator (jemalloc, set above, which
    gives it back soon after), not Python's: the parser's blocks, read one after another,
    reuse the same memory instead of growing the process (100 MB more at the national cold start)."""

    def __init__(self, handle):
        super().__init__()
        self._handle = handle

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1):
        """`size` bytes, fewer only at the end of the file: the parser takes a shorter block for the
        end (a system read may return less, and a row then straddles two blocks)."""
        if size is None or size < 0:
            return self._handle.read()
        block = pa.allocate_buffer(size)
        view, got = memoryview(block), 0
        while got < size and (more := self._handle.readinto(view[got:])):
            got += more
        return block.slice(0, got) if got else b""


def _scan(handle) -> tuple[bytes, bool]:
    """One pass over an open file in SCAN_BYTES pieces: its first line (to the first line break:
    \n, \r\n, or a lone \r as Excel on a Mac writes), and whether a quote follows that line.
    Raises ReadError('read.empty') for a file of nothing but white space.

    The file is then parsed from the same handle: reading it whole into memory first paged in a
    hundred fresh megabytes per national file (a twentieth of the cold start)."""
    buffer = bytearray(SCAN_BYTES)
    first = bytearray()
    in_first, quoted, blank = True, False, True
    while not (quoted and not blank) and (size := handle.readinto(buffer)):
        start = 0
        if in_first:
            ends = [i for i in (buffer.find(b"\n", 0, size), buffer.find(b"\r", 0, size)) if i >= 0]
            start = min(ends) if ends else size
            first += buffer[:start]
            in_first = not ends
        blank = blank and (buffer if size == len(buffer) else buffer[:size]).isspace()
        quoted = quoted or (not in_first and buffer.find(b'"', start, size) >= 0)
    if blank:
        raise ReadError("read.empty")
    return bytes(first), quoted


def _parse_csv(source: pa.NativeFile, first: bytes, quoted: bool, threads: bool) -> tuple[list[str], list[pa.Array]]:
    """read_csv_raw's parse of an open file whose first line and quotes _scan found."""
    if b"\x00" in first:  # UTF-16 text read as UTF-8
        raise ReadError("read.encoding")
    try:
        first_line = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError("read.encoding") from exc
    try:
        headers = next(csv.reader([first_line]))
    except csv.Error as exc:  # a header cell over the csv module's 128 KB limit, a stray quote
        raise ReadError("read.malformed", detail=str(exc)[:200]) from exc
    text = pa.dictionary(pa.int32(), pa.string())
    opts = pacsv.ConvertOptions(
        column_types={h: text for h in headers},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
        check_utf8=False,  # checked once per distinct text, below
    )
    try:
        data = pacsv.read_csv(
            source,
            read_options=pacsv.ReadOptions(use_threads=threads, block_size=PARSE_BLOCK_BYTES),
            # Only a quoted value can hold a line break; parsing for them is 2-3x slower, so do
            # it only when a data row has a quote at all.
            parse_options=pacsv.ParseOptions(newlines_in_values=quoted),
            convert_options=opts,
        )
    except pa.ArrowInvalid as exc:
        message = str(exc)
        if "utf8" in message.lower():
            raise ReadError("read.encoding") from exc
        raise ReadError("read.malformed", detail=message.splitlines()[0][:200]) from exc
    data = data.unify_dictionaries()  # one dictionary per column across the parsed blocks
    columns = [data.column(i).combine_chunks() for i in range(data.num_columns)]
    try:
        for column in columns:
            column.dictionary.validate(full=True)  # each distinct text is UTF-8
    except pa.ArrowInvalid as exc:
        raise ReadError("read.encoding") from exc
    return list(data.column_names), columns


def read_csv_text(path: Path, table: Table, threads: bool = True) -> Staged:
    """Read a data-directory CSV file as dictionary-encoded text cells of `table`'s columns (see read_csv_raw)."""
    headers, columns = read_csv_raw(path, threads=threads)
    return stage_columns(headers, columns, table, path.name, header_row=1)


# ---------------------------------------------------------------------------------------------
# Files as analysts have them (upload page and `import`): CSV or .xlsx, any encoding Excel
# writes, `,` or `;`, decimal commas, title rows above the header, empty rows, Vietnamese headers.
# The result is the same Staged as above, so the same validation runs on it.

MAX_BYTES_ENV = "CCHC_MAX_UPLOAD_BYTES"
MAX_ROWS_ENV = "CCHC_MAX_UPLOAD_ROWS"
HEADER_SEARCH_ROWS = 30  # title rows an analyst may put above the header
SEPARATORS = (",", ";", "\t")
# Row-number columns that Vietnamese spreadsheets carry (số thứ tự): not data, never an error.
IGNORED_HEADERS = ("stt", "tt", "số tt", "số thứ tự", "no", "no.", "#")
UNIT_NAME_COLUMN = "_unit_name"  # a unit-name column in a file whose kind has none (findings)
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^<>]*>")
# Control characters other than tab, line feed, carriage return (and NUL, which validation
# refuses): Word's line break (vertical tab) and page break (form feed) pasted into a cell become
# line breaks, the others spaces; a spreadsheet cannot even hold them.
_CONTROLS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_AS = {"\x0b": "\n", "\x0c": "\n"}
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


@dataclass(frozen=True)
class Limits:
    """Upload limits: file size in bytes and data rows. `from_env` reads CCHC_MAX_UPLOAD_BYTES/_ROWS.

    A workbook's own limits follow from these (a legitimate file at the limits passes them):
    the unpacked size of its sheets, shared strings and other XML parts, its row elements
    (data rows, header search and some empty rows) and cells. `seconds`: reading in this
    process stops with read.too_slow after this long.
    """

    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 200_000
    seconds: float = 120.0

    @property
    def header_rows(self) -> int:
        return HEADER_SEARCH_ROWS

    @property
    def xlsx_rows(self) -> int:
        return self.max_rows + HEADER_SEARCH_ROWS + max(1000, self.max_rows // 4)

    @property
    def xlsx_cells(self) -> int:
        return (self.max_rows + HEADER_SEARCH_ROWS) * 24

    @property
    def xlsx_sheet_bytes(self) -> int:
        return max(16 * 2**20, 16 * self.max_bytes)

    @property
    def xlsx_strings_bytes(self) -> int:
        return max(4 * 2**20, 2 * self.max_bytes)

    @property
    def xlsx_part_bytes(self) -> int:
        return max(4 * 2**20, self.max_bytes)

    @classmethod
    def from_env(cls, max_bytes: int | None = None, max_rows: int | None = None) -> Limits:
        """Limits from the arguments, else the environment, else the defaults."""
        import os

        def pick(value, env, default):
            if value is not None:
                return int(value)
            return int(os.environ[env]) if os.environ.get(env, "").strip() else default

        return cls(pick(max_bytes, MAX_BYTES_ENV, cls.max_bytes), pick(max_rows, MAX_ROWS_ENV, cls.max_rows))


@dataclass(frozen=True)
class CellIssue:
    """A problem found while reading (before validation): spreadsheet row, column, message key, severity."""

    row: int | None
    column: str | None
    key: str
    params: dict = field(default_factory=dict, hash=False, compare=False)
    severity: str = "error"


@dataclass
class Grid:
    """A file's non-empty rows as text cells with their spreadsheet row numbers, before the header is known."""

    rows: list[tuple[int, list[str]]]
    encoding: str
    separator: str | None = None
    formulas: list[tuple[int, int, str]] = field(default_factory=list)  # row, column index, formula
    name: str = ""  # the sheet's name (a workbook)
    sheets: list = field(default_factory=list)  # every sheet of a workbook, this one among them


@dataclass
class Upload:
    """An analyst's file read: `staged` cells of the recognised kind `table`, with reading issues."""

    staged: Staged
    table: Table
    issues: list[CellIssue]
    encoding: str
    separator: str | None


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Text of a CSV file in UTF-8 (with or without BOM), UTF-16 (with BOM) or Windows-1258, as NFC.

    Returns (text, encoding). Raises ReadError('read.mixed_encoding', row=...) for a UTF-8 file
    with bytes of another encoding, ('read.encoding_unknown') when no supported encoding fits.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif raw[:4096].count(0) > len(raw[:4096]) // 10:  # UTF-16 without a byte-order mark, or not text at all
        raise ReadError("read.encoding_unknown")
    else:
        try:
            return _nfc(raw.decode("utf-8")), "utf-8"
        except UnicodeDecodeError as exc:
            if any(b >= 0x80 for b in raw[: exc.start]):
                # Vietnamese letters already read as UTF-8, then a byte that is not: two encodings mixed.
                raise ReadError("read.mixed_encoding", row=raw[: exc.start].count(b"\n") + 1) from exc
        encoding = "cp1258"  # Excel's "CSV" on a Vietnamese Windows; letters decode to combining marks
    try:
        return _nfc(raw.decode(encoding)), encoding
    except UnicodeDecodeError as exc:
        raise ReadError("read.encoding_unknown") from exc


def tree_sheet(rows: list[tuple[int, list[str]]]) -> bool:
    """Whether a sheet holds the framework as numbered rows (tree_export): read every sheet then."""
    from cchc_metrics.engine import tree_export  # it reads cells with this module's helpers

    return tree_export.is_tree_export([tree_export.Sheet("", rows)])


def _xlsx_grid(path: Path, limits: Limits) -> Grid:
    """The first sheet holding a known header, read as text; formulas are listed, never evaluated.

    The workbook is checked before it is read and read within limits (see workbook.py).
    """
    try:
        # a tree export (one sheet per unit) is read whole: its sheets are not a flat header's
        sheets = read_sheets(path, limits, lambda rows: find_header(rows)[1] >= 2 and not tree_sheet(rows))
    except WorkbookRefused as exc:
        raise ReadError(exc.key, **exc.params) from exc
    if not sheets:
        raise ReadError("read.empty")
    grids = [Grid(rows, "xlsx", formulas=formulas, name=name) for rows, formulas, name in sheets]
    chosen = grids[-1] if find_header(grids[-1].rows)[1] >= 2 else grids[0]
    chosen.sheets = grids
    return chosen


def _nfc(text: str) -> str:
    """`text` in NFC, without a copy when it is already (as almost every file is)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lines(text: str):
    """The lines of `text` with their endings (\\r\\n, \\n or a lone \\r, as Excel on a Mac writes),
    one at a time: a StringIO would copy the whole text at four bytes a character."""
    for match in _LINE.finditer(text):
        yield match.group()


def _csv_records(text: str, separator: str, limit: int | None = None):
    reader = csv.reader(_lines(text), delimiter=separator)
    for number, cells in enumerate(reader, start=1):
        if limit is not None and number > limit:
            return
        yield number, cells


def _csv_grid(raw: bytes, limits: Limits) -> Grid:
    """A CSV file's rows; the separator is the one under which a known header row appears."""
    deadline = time.monotonic() + limits.seconds
    text, encoding = decode_bytes(raw)
    best, best_score = ",", 0
    for separator in SEPARATORS:
        try:
            head = [
                (n, c) for n, c in _csv_records(text, separator, HEADER_SEARCH_ROWS * 3) if any(x.strip() for x in c)
            ]
        except csv.Error:
            continue
        score = find_header(head)[1]
        if score > best_score:
            best, best_score = separator, score
    grid = Grid([], encoding, best)
    number = 0
    shared = Shared()
    try:
        for number, cells in _csv_records(text, best):
            if number % 4096 == 0 and time.monotonic() > deadline:
                raise ReadError("read.too_slow", seconds=limits.seconds)
            if any(c.strip() for c in cells):
                grid.rows.append((number, [shared(c) for c in cells]))
                if len(grid.rows) > limits.max_rows + HEADER_SEARCH_ROWS:
                    raise ReadError("read.too_many_rows", limit=limits.max_rows)
    except csv.Error as exc:
        if "field limit" in str(exc):  # a cell of more than 131,072 characters
            raise ReadError("read.cell_too_long", row=number + 1, limit=MAX_CELL_CHARS) from exc
        raise ReadError("read.malformed", detail=str(exc)[:200]) from exc
    return grid


def read_grid(path: Path, limits: Limits | None = None) -> Grid:
    """Any analyst's file (CSV in any supported encoding, or .xlsx, told apart by content) as a Grid.

    Raises ReadError: read.too_large, read.empty, read.xls_old (the pre-2007 format),
    read.xlsx_broken, read.encoding_unknown, read.mixed_encoding, read.malformed, read.too_many_rows.
    """
    limits = limits or Limits.from_env()
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise ReadError("read.too_large", size_mb=round(size / 2**20, 1), limit_mb=round(limits.max_bytes / 2**20, 1))
    raw = path.read_bytes()
    if not raw.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ReadError("read.empty")
    if raw.startswith(b"PK\x03\x04"):
        return _xlsx_grid(path, limits)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("read.xls_old")
    return _csv_grid(raw, limits)


def _known_spellings(tables: list[Table] | None = None) -> set[str]:
    from cchc_metrics.engine.schema import FINDINGS, INSPECTIONS, UNITS

    spellings = set(IGNORED_HEADERS)
    for table in tables or (UNITS, INSPECTIONS, FINDINGS):
        spellings |= set(header_map(table))
    return spellings


def find_header(rows: list[tuple[int, list[str]]], tables: list[Table] | None = None) -> tuple[int, int]:
    """The header among the first rows: (index in `rows`, number of cells that are known column names)."""
    known = _known_spellings(tables)
    best, best_score = 0, 0
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = sum(fold(c) in known for c in cells if c)
        if score > best_score:
            best, best_score = index, score
    return best, best_score


def _name_positions(headers: list[str], table: Table) -> list[int]:
    """Positions of a unit-name header in a kind of file that has no unit-name column (findings)."""
    from cchc_metrics.engine.schema import UNITS

    if "unit_name" in table.names:
        return []
    spellings = {fold(s) for s in (UNITS.column("unit_name").name, *UNITS.column("unit_name").aliases)}
    return [i for i, h in enumerate(headers) if h and fold(h) in spellings]


def recognise_kind(headers: list[str], tables: list[Table]) -> Table | None:
    """The kind of file a header row belongs to; unit names may stand in for unit codes."""
    best, best_score = None, -1
    for table in tables:
        positions, _unknown, missing, _dup = match_header(headers, table)
        names = set(positions.values())
        has_names = "unit_name" in names or bool(_name_positions(headers, table))
        if table.per_year and has_names:
            missing = [m for m in missing if m != "unit_code"]
        if not missing and len(positions) > best_score:
            best, best_score = table, len(positions)
    if best is None:
        # No kind is complete: take the closest one (three columns or more in common), so that the
        # report names the missing columns instead of saying the file is of no known kind.
        scored = [(len(match_header(headers, t)[0]), -i, t) for i, t in enumerate(tables)]
        count, _i, table = max(scored, key=lambda s: s[:2])
        best = table if count >= 3 else None
    return best


def _number_cell(value: str, separator: str | None) -> tuple[str, bool]:
    """A number cell with a decimal comma turned into a point; True when the comma is ambiguous.

    With `;` (Vietnamese Excel) or in .xlsx text, `2,5` is 2.5. With `,` as separator a quoted
    `2,5` is a decimal comma too, but `1,500` could be a thousands mark: that is reported, not guessed.
    """
    text = value.strip()
    if not _DECIMAL_COMMA.fullmatch(text):
        return value, False
    if separator == "," and len(text.split(",")[1]) == 3:
        return value, True
    return text.replace(",", "."), False


def _checked_column(
    values: list[str], numbers: list[int], name: str, kind: str, separator: str | None
) -> tuple[list[str], list[CellIssue]]:
    """One column's cells as staged, and its reading issues: control characters replaced (one
    warning for the column), decimal commas read, HTML (in texts and codes: a criterion code is shown
    on charts too) and formulas reported cell by cell."""
    issues: list[CellIssue] = []
    joined = "\n".join(values)
    if _CONTROLS.search(joined):
        changed = [j for j, v in enumerate(values) if _CONTROLS.search(v)]
        for j in changed:
            values[j] = _CONTROLS.sub(lambda m: _CONTROL_AS.get(m.group(), " "), values[j])
        issues.append(
            CellIssue(numbers[changed[0]], name, "control_characters", {"count": len(changed)}, severity="warning")
        )
        joined = "\n".join(values)
    if kind == "number" and "," in joined:
        for j, value in enumerate(values):
            values[j], ambiguous = _number_cell(value, separator)
            if ambiguous:
                issues.append(CellIssue(numbers[j], name, "ambiguous_decimal", {"value": values[j]}))
    html = kind in ("text", "code") and _HTML.search(joined) is not None
    formula = "=" in joined
    if html or formula:
        for j, value in enumerate(values):
            if html and _HTML.search(value):
                issues.append(CellIssue(numbers[j], name, "html_in_text", {"value": value[:80]}))
            if formula and value.lstrip().startswith("="):
                issues.append(CellIssue(numbers[j], name, "formula_cell", {"value": value.strip()[:80]}))
    return values, issues


def stage_upload(grid: Grid, path_label: str, tables: list[Table]) -> Upload:
    """Find the header, recognise the kind and stage the cells; list reading issues by row and column.

    Raises ReadError('read.unknown_kind', kinds=...) when no header row of a known kind is found.
    """
    index, score = find_header(grid.rows, tables)
    headers = [str(h) for h in grid.rows[index][1]] if grid.rows else []
    table = recognise_kind(headers, tables) if score >= 2 else None
    if table is None:
        raise ReadError("read.unknown_kind", kinds=", ".join(t.name for t in tables))
    header_row = grid.rows[index][0]
    ignored = {i for i, h in enumerate(headers) if h and fold(h) in IGNORED_HEADERS}
    name_positions = _name_positions(headers, table)
    visible = [None if (i in ignored or i in name_positions) else h for i, h in enumerate(headers)]
    positions, unknown, missing, duplicated = match_header(visible, table)
    if "unit_code" in missing and ("unit_name" in positions.values() or name_positions):
        missing.remove("unit_code")
    data = grid.rows[index + 1 :]
    numbers = [n for n, _ in data]
    issues: list[CellIssue] = []
    width = len(headers)
    for number, cells in data:
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            issues.append(CellIssue(number, None, "ragged_row", {"cells": len(cells), "header": width}))
    # Column by column, each check first run on the whole column at once: a file of 100,000
    # rows is checked in a second, and only the cells a check finds are visited one by one.
    arrays = [pa.array(numbers, type=pa.int64())]
    labels = [ROW]
    for i, name in positions.items():
        values = [cells[i] if i < len(cells) else "" for _, cells in data]
        values, found = _checked_column(values, numbers, name, table.column(name).kind, grid.separator)
        issues += found
        arrays.append(pa.array(values, type=pa.string()))
        labels.append(name)
    if name_positions:
        p = name_positions[0]
        arrays.append(pa.array([cells[p] if p < len(cells) else "" for _, cells in data], type=pa.string()))
        labels.append(UNIT_NAME_COLUMN)
    for row, col, formula in grid.formulas:
        if row > header_row:
            issues.append(
                CellIssue(row, positions.get(col) or column_letter(col), "formula_cell", {"value": formula[:80]})
            )
    staged = Staged(path_label, pa.Table.from_arrays(arrays, names=labels), unknown, missing, duplicated, header_row)
    return Upload(staged, table, sorted(issues, key=lambda i: i.row or 0), grid.encoding, grid.separator)


def read_upload(path: Path, tables: list[Table], limits: Limits | None = None, label: str | None = None) -> Upload:
    """Read an analyst's file of one of `tables`' kinds: see read_grid and stage_upload.

    Raises ReadError (file unreadable, too large, too many rows, or of no known kind).
    """
    from cchc_metrics.engine import tree_export

    limits = limits or Limits.from_env()
    grid = read_grid(path, limits)
    sheets = [tree_export.Sheet(g.name, g.rows, g.formulas) for g in (grid.sheets or [grid])]
    tree_issues: list[CellIssue] = []
    if tree_export.is_tree_export(sheets):
        # a framework as numbered rows (the scoring software's export): its leaves as flat rows
        rows, tree_issues = tree_export.flatten(sheets)
        grid = Grid(rows, grid.encoding)
    upload = stage_upload(grid, label or path.name, tables)
    upload.issues = tree_issues + upload.issues
    if upload.staged.rows > limits.max_rows:
        raise ReadError("read.too_many_rows", limit=limits.max_rows)
    return upload
