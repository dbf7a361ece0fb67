"""Reading data files into a staging frame of text cells, before any type is trusted.

Every cell is kept as text (codes keep their leading zeros, nothing is guessed), header names
are matched to the schema's columns and their aliases regardless of case, spacing and Unicode
form, and each row carries `_row`: its row number as a spreadsheet shows it (header = row 1).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from .schema import Table

ROW = "_row"


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
    arrays = [pa.array(range(header_row + 1, header_row + 1 + n), type=pa.int64())]
    names = [ROW]
    for i, name in positions.items():
        arrays.append(columns[i].cast(pa.string()))
        names.append(name)
    return Staged(path, pa.Table.from_arrays(arrays, names=names), unknown, missing, duplicated, header_row)


def read_csv_raw(path: Path) -> tuple[list[str], list[pa.Array]]:
    """Read a UTF-8 CSV file (with or without a byte-order mark): header cells and one text array each.

    Raises ReadError('read.empty') for a file with no header, ('read.encoding') for bytes that
    are not UTF-8, ('read.malformed', detail=...) for a file the CSV parser rejects.
    """
    raw = path.read_bytes()
    if not raw.strip():
        raise ReadError("read.empty")
    first = raw.split(b"\n", 1)[0]
    if b"\x00" in first:  # UTF-16 text read as UTF-8
        raise ReadError("read.encoding")
    try:
        first_line = first.decode("utf-8-sig").rstrip("\r")
    except UnicodeDecodeError as exc:
        raise ReadError("read.encoding") from exc
    headers = next(csv.reader([first_line]))
    opts = pacsv.ConvertOptions(
        column_types={h: pa.string() for h in headers},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    try:
        data = pacsv.read_csv(
            pa.BufferReader(raw),
            read_options=pacsv.ReadOptions(use_threads=True, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=opts,
        )
    except pa.ArrowInvalid as exc:
        message = str(exc)
        if "utf8" in message.lower():
            raise ReadError("read.encoding") from exc
        raise ReadError("read.malformed", detail=message.splitlines()[0][:200]) from exc
    return list(data.column_names), [data.column(i).combine_chunks() for i in range(data.num_columns)]


def read_csv_text(path: Path, table: Table) -> Staged:
    """Read a data-directory CSV file as text cells of `table`'s columns (see read_csv_raw)."""
    headers, columns = read_csv_raw(path)
    return stage_columns(headers, columns, table, path.name, header_row=1)


def detect_table(headers: list[str], tables: list[Table]) -> Table | None:
    """The kind of file a header row belongs to: all required columns present, most columns matched."""
    best, best_score = None, -1
    for table in tables:
        positions, _unknown, missing, _dup = match_header(headers, table)
        if not missing and len(positions) > best_score:
            best, best_score = table, len(positions)
    return best
