"""Excel workbooks (.xlsx) read with limits checked before the work.

An .xlsx is a zip of XML parts. A small file can unpack to gigabytes (one 1.5 GB cell in a
1.5 MB file), declare a sheet of A1:XFD1048576 that openpyxl would pad row by row (17 billion
cells for three rows), or carry twenty million shared strings. So, before openpyxl reads anything:

1. the archive: its members are counted, and the unpacked size each one declares is checked
   (Python's zipfile never unpacks a member beyond its declared size: a lying archive fails
   its checksum instead of growing);
2. the XML parts openpyxl parses (sheets, shared strings) are unpacked as a stream and scanned
   without parsing: no DTD or entity (an .xlsx has none; they are how "billion laughs" expand),
   no text between two tags longer than a cell can hold, and the real number of rows, cells and
   shared strings (the `<dimension>` a sheet declares is never trusted);
3. the sheets are then read with their declared dimensions dropped, so only rows that exist are
   visited, with a cap on columns and on characters per cell, and a deadline.

Every refusal is a ReadError naming the part, the row or the cell, with what to do.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import zipfile
from pathlib import Path

MAX_MEMBERS = 1000  # a workbook of ours has about a dozen parts; thousands are no spreadsheet
MAX_COLUMNS = 256  # a value further right is a careless paste: no file of ours is that wide
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
# Text between two tags: a cell at its limit with every character escaped (&quot; is 6 bytes)
# stays under this. Checked per aligned block of this size: any block without a tag is refused.
TEXT_BLOCK = 1 << 18
SCAN_CHUNK = 1 << 20
DEADLINE_EVERY = 512  # rows read between two looks at the clock

_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
_STRINGS = re.compile(r"^xl/sharedStrings\.xml$", re.IGNORECASE)
_PREFIX = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?(?:worksheet|sst)\b")


class WorkbookRefused(Exception):
    """A workbook refused before or while reading; `key` is a read.* message key, `params` fill it."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


def _mb(size: int) -> float:
    return round(size / 2**20, 1)


def check_archive(path: Path, limits) -> dict[str, int]:
    """Check the zip and the XML it holds, unpacking as a stream; return the counts found.

    Counts: rows, cells, string_cells (cells that point into the shared strings), strings.
    Raises WorkbookRefused: read.xlsx_broken, read.xlsx_members, read.xlsx_part_too_large,
    read.xlsx_unsafe, read.xlsx_too_many_rows, read.xlsx_too_many_cells, read.xlsx_too_many_strings,
    read.cell_too_long, read.too_slow.
    """
    deadline = time.monotonic() + limits.seconds
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookRefused("read.xlsx_broken", detail=type(exc).__name__) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise WorkbookRefused("read.xlsx_members", count=len(members), limit=MAX_MEMBERS)
        for info in members:
            limit = _part_limit(info.filename, limits)
            if limit is not None and info.file_size > limit:
                raise WorkbookRefused(
                    "read.xlsx_part_too_large", part=info.filename, size_mb=_mb(info.file_size), limit_mb=_mb(limit)
                )
        counts = {"rows": 0, "cells": 0, "string_cells": 0, "strings": 0}
        for info in members:
            if _SHEET.match(info.filename):
                found = _scan(archive, info, (b"row", b"c"), (b't="s"', b"t='s'"), deadline, limits.seconds)
                counts["rows"] += found[b"row"]
                counts["cells"] += found[b"c"]
                counts["string_cells"] += found[b't="s"'] + found[b"t='s'"]
            elif _STRINGS.match(info.filename):
                counts["strings"] += _scan(archive, info, (b"si",), (), deadline, limits.seconds)[b"si"]
            elif info.filename.lower().endswith((".xml", ".rels")):
                _scan(archive, info, (), (), deadline, limits.seconds)
    if counts["rows"] > limits.xlsx_rows:
        raise WorkbookRefused("read.xlsx_too_many_rows", count=counts["rows"], limit=limits.xlsx_rows)
    if counts["cells"] > limits.xlsx_cells:
        raise WorkbookRefused("read.xlsx_too_many_cells", count=counts["cells"], limit=limits.xlsx_cells)
    # A shared string is there to be pointed at: a table far larger than the cells that use it is no workbook.
    if counts["strings"] > counts["string_cells"] + 1000:
        raise WorkbookRefused("read.xlsx_too_many_strings", count=counts["strings"], cells=counts["string_cells"])
    return counts


def _part_limit(name: str, limits) -> int | None:
    """The largest unpacked size accepted for a part that openpyxl parses (None: a part never read)."""
    if _SHEET.match(name):
        return limits.xlsx_sheet_bytes
    if _STRINGS.match(name):
        return limits.xlsx_strings_bytes
    if name.lower().endswith((".xml", ".rels")):
        return limits.xlsx_part_bytes
    return None


def _scan(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    tags: tuple[bytes, ...],
    extra: tuple[bytes, ...],
    deadline: float,
    seconds: float,
) -> dict[bytes, int]:
    """Unpack one XML part as a stream and count its elements `tags` and the byte strings `extra`,
    refusing a DTD, a text run longer than a cell can hold, and a scan past the deadline."""
    counts = dict.fromkeys((*tags, *extra), 0)
    patterns: dict[bytes, list[bytes]] = {}
    carry = b""
    first = True
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(SCAN_CHUNK)
                if not chunk:
                    break
                if first:
                    head = chunk[:65536]
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise WorkbookRefused("read.xlsx_unsafe", part=info.filename)
                    match = _PREFIX.search(head)
                    prefix = (match.group(1) + b":") if match and match.group(1) else b""
                    patterns = {t: [b"<" + prefix + t + end for end in (b" ", b">", b"/")] for t in tags}
                    first = False
                for start in range(0, len(chunk), TEXT_BLOCK):
                    block = chunk[start : start + TEXT_BLOCK]
                    if len(block) == TEXT_BLOCK and block.find(b"<") < 0 and block.find(b">") < 0:
                        raise WorkbookRefused("read.cell_too_long", part=info.filename, limit=MAX_CELL_CHARS)
                # occurrences ending in this chunk: counted in carry+chunk, less those wholly in carry
                window = carry + chunk
                for tag, forms in patterns.items():
                    counts[tag] += sum(window.count(f) - carry.count(f) for f in forms)
                for text in extra:
                    counts[text] += window.count(text) - carry.count(text)
                carry = chunk[-16:]
                if time.monotonic() > deadline:
                    raise WorkbookRefused("read.too_slow", seconds=seconds)
    except WorkbookRefused:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError) as exc:
        # a member that does not unpack to its declared size fails its checksum here
        raise WorkbookRefused("read.xlsx_broken", detail=type(exc).__name__) from exc
    return counts


class Shared:
    """One object per distinct cell text: a year's file repeats its year, codes, criterion names
    and scores on every row, and a grid of 100,000 rows then holds each of them once."""

    MAX_ENTRIES = 65_536  # distinct texts kept; past it (unique notes, names) texts stay as they are

    def __init__(self):
        self._texts: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        found = self._texts.get(text)
        if found is not None:
            return found
        if len(self._texts) < self.MAX_ENTRIES:
            self._texts[text] = text
        return text


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(cell) -> str:
    """An .xlsx cell value as the spreadsheet shows it (numbers without a trailing .0, zero-padded codes kept)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        text = str(int(value)) if float(value).is_integer() else repr(float(value))
        fmt = getattr(cell, "number_format", "") or ""
        if re.fullmatch(r"0+", fmt):  # a code typed as a number with a "00000" format
            text = text.zfill(len(fmt))
        return text
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_sheets(path: Path, limits, accept):
    """Each sheet's non-empty rows as (row number, texts) with its formulas, after check_archive.

    `accept(rows)` is called per sheet with what was read; reading stops at the first sheet it
    accepts (returns True). Returns (rows, formulas, sheet name) per sheet read. Raises WorkbookRefused:
    read.xlsx_broken, read.too_many_columns, read.cell_too_long, read.too_many_rows, read.too_slow.
    """
    import openpyxl

    check_archive(path, limits)
    deadline = time.monotonic() + limits.seconds
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file; all mean the same
        raise WorkbookRefused("read.xlsx_broken", detail=type(exc).__name__) from exc
    sheets = []
    shared = Shared()
    try:
        for sheet in book.worksheets:
            # never trust <dimension>: without it openpyxl visits only the rows that exist
            sheet.reset_dimensions()
            rows, formulas = [], []
            try:
                for count, cells in enumerate(sheet.iter_rows(), start=1):
                    if count % DEADLINE_EVERY == 0 and time.monotonic() > deadline:
                        raise WorkbookRefused("read.too_slow", seconds=limits.seconds)
                    if not cells:
                        continue
                    number = next((c.row for c in cells if getattr(c, "row", None)), None)
                    texts = []
                    for index, cell in enumerate(cells):
                        if cell.value is None:
                            texts.append("")
                            continue
                        if index >= MAX_COLUMNS:
                            raise WorkbookRefused(
                                "read.too_many_columns", row=number, column=column_letter(index), limit=MAX_COLUMNS
                            )
                        if getattr(cell, "data_type", None) == "f" or hasattr(cell.value, "text"):
                            formula = cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", "")
                            formulas.append((number, index, str(formula)))
                            texts.append("")
                            continue
                        text = cell_text(cell)
                        if len(text) > MAX_CELL_CHARS:
                            raise WorkbookRefused(
                                "read.cell_too_long", row=number, column=column_letter(index), limit=MAX_CELL_CHARS
                            )
                        texts.append(shared(text))
                    while texts and not texts[-1]:
                        texts.pop()
                    if any(t.strip() for t in texts):
                        rows.append((number, texts))
                        if len(rows) > limits.max_rows + limits.header_rows:
                            raise WorkbookRefused("read.too_many_rows", limit=limits.max_rows)
            except WorkbookRefused:
                raise
            except Exception as exc:
                raise WorkbookRefused("read.xlsx_broken", detail=type(exc).__name__) from exc
            sheets.append((rows, formulas, sheet.title))
            if accept(rows):
                break
    finally:
        book.close()
    return sheets
