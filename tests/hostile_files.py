"""Hostile spreadsheets, generated in the tests (the big ones are never committed).

Each builder writes one .xlsx into a folder and returns its path. They start from a small valid
workbook written by openpyxl (the header of an inspections file and one row of 2025) and replace
its sheet or its shared strings with what an attacker or a broken exporter would put there.
The XML is streamed into the archive, so a file whose sheet unpacks to 1.5 GB is written without
holding 1.5 GB anywhere.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

import openpyxl

HEADER = ["year", "unit_code", "area_code", "criterion_code", "criterion_name", "max_points", "self_score", "score"]
ROW = [2025, "31117", "LEAD", "X.LEAD.1", "Ban hành kế hoạch CCHC", 2.5, 2.5, 2.25]
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _skeleton(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(ROW)
    book.save(path)
    return path


def _cell(ref: str, value) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def _row(number: int, values: list) -> str:
    cells = "".join(_cell(f"{openpyxl.utils.get_column_letter(i + 1)}{number}", v) for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def _replace(path: Path, parts: dict[str, Iterable[bytes]]) -> Path:
    """Rewrite the workbook at `path` with the members of `parts` (streamed chunks) in place of its own."""
    source = path.with_suffix(".skeleton")
    path.rename(source)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as new:
        for info in old.infolist():
            if info.filename in parts:
                continue
            new.writestr(info, old.read(info))
        for name, chunks in parts.items():
            with new.open(name, "w", force_zip64=True) as handle:
                for chunk in chunks:
                    handle.write(chunk)
    source.unlink()
    return path


def _sheet(rows: Iterable[str], dimension: str = "A1:H2") -> Iterable[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><dimension ref="{dimension}"/><sheetData>'.encode()
    for row in rows:
        yield row.encode()
    yield b"</sheetData></worksheet>"


def dimension_bomb(folder: Path) -> Path:
    """A sheet that declares A1:XFD1048576 and holds rows 1, 2 and 1,048,576 (about 2 KB)."""
    path = _skeleton(folder / "dimension_bomb.xlsx")
    rows = [_row(1, HEADER), _row(2, ROW), _row(1_048_576, ["cuối"])]
    return _replace(path, {SHEET: _sheet(rows, "A1:XFD1048576")})


def inline_string_bomb(folder: Path, size: int = 1_500_000_000) -> Path:
    """One inline-string cell of `size` characters (1.5 GB unpacked, about 1.5 MB packed)."""
    path = _skeleton(folder / "inline_string_bomb.xlsx")

    def rows():
        yield _row(1, HEADER)
        yield '<row r="2"><c r="A2" t="inlineStr"><is><t>'
        block = "A" * (1 << 20)
        for _ in range(size // len(block)):
            yield block
        yield "</t></is></c></row>"

    return _replace(path, {SHEET: _sheet(rows())})


def shared_strings_bomb(folder: Path, count: int = 20_000_000) -> Path:
    """A shared-string table of `count` one-letter strings (340 MB unpacked, under 1 MB packed)."""
    path = _skeleton(folder / "shared_strings_bomb.xlsx")

    def strings():
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="{count}" uniqueCount="{count}">'.encode()
        block = b"<si><t>x</t></si>" * 100_000
        for _ in range(count // 100_000):
            yield block
        yield b"</sst>"

    return _replace(path, {STRINGS: strings()})


def shared_strings_many(folder: Path, count: int = 1_500_000) -> Path:
    """A shared-string table of `count` distinct short strings, small enough to pass a size limit (25 MB)."""
    path = _skeleton(folder / "shared_strings_many.xlsx")

    def strings():
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="{count}" uniqueCount="{count}">'.encode()
        for start in range(0, count, 100_000):
            yield "".join(f"<si><t>{n:x}</t></si>" for n in range(start, min(count, start + 100_000))).encode()
        yield b"</sst>"

    return _replace(path, {STRINGS: strings()})


def million_empty_rows(folder: Path, rows: int = 1_000_000) -> Path:
    """A header, one data row, then `rows` rows holding only empty, formatted cells."""
    path = _skeleton(folder / "million_empty_rows.xlsx")

    def body():
        yield _row(1, HEADER)
        yield _row(2, ROW)
        for n in range(3, rows + 3):
            yield f'<row r="{n}"><c r="A{n}" s="0"/><c r="B{n}" s="0"/></row>'

    return _replace(path, {SHEET: _sheet(body(), f"A1:H{rows + 2}")})


def far_column(folder: Path) -> Path:
    """A data row with a value in column XFD (16,384), as a careless paste leaves."""
    path = _skeleton(folder / "far_column.xlsx")
    rows = [_row(1, HEADER), _row(2, ROW).replace("</row>", '<c r="XFD2"><v>1</v></c></row>')]
    return _replace(path, {SHEET: _sheet(rows, "A1:XFD2")})


def long_cell(folder: Path, size: int = 40_000) -> Path:
    """A criterion name longer than a spreadsheet cell can hold (Excel's limit: 32,767 characters)."""
    path = _skeleton(folder / "long_cell.xlsx")
    row = list(ROW)
    row[4] = "Tiêu chí " + "x" * size
    return _replace(path, {SHEET: _sheet([_row(1, HEADER), _row(2, row)])})


def entity_expansion(folder: Path) -> Path:
    """Shared strings with an internal DTD whose entities expand a billion times ("billion laughs")."""
    path = _skeleton(folder / "entity_expansion.xlsx")
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE sst [{entities}]>'
        f'<sst {NS} count="1" uniqueCount="1"><si><t>&a9;</t></si></sst>'
    )
    return _replace(path, {STRINGS: [xml.encode()]})


def many_members(folder: Path, count: int = 20_000) -> Path:
    """A workbook carrying `count` extra (empty) archive members."""
    path = _skeleton(folder / "many_members.xlsx")
    with zipfile.ZipFile(path, "a") as archive:
        for n in range(count):
            archive.writestr(f"xl/extra/{n}.xml", b"")
    return path


BUILDERS = {
    "dimension_bomb": dimension_bomb,
    "inline_string_bomb": inline_string_bomb,
    "shared_strings_bomb": shared_strings_bomb,
    "shared_strings_many": shared_strings_many,
    "million_empty_rows": million_empty_rows,
    "far_column": far_column,
    "long_cell": long_cell,
    "entity_expansion": entity_expansion,
    "many_members": many_members,
}


def unknown_names_csv(folder: Path, count: int = 130_000) -> Path:
    """An inspections file of 2025 whose `count` rows each name a different unit that does not exist."""
    path = folder / "unknown_names.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("year,unit_name,area_code,criterion_code,criterion_name,max_points,self_score,score\n")
        for n in range(count):
            handle.write(f"2025,Xã Không Có {n},LEAD,X.LEAD.1,Ban hành kế hoạch CCHC,2.5,2,2\n")
    return path
