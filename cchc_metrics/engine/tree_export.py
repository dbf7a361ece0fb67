"""Exports of the scoring software and the Department's own workbooks: the framework as numbered
rows, read into the flat inspections form.

Such a sheet has a few title rows (the province, "KẾT QUẢ CHẤM ĐIỂM CHỈ SỐ CCHC NĂM 2024", the
unit), a header with the columns "STT", "Nội dung", "Điểm tối đa", "Điểm tự đánh giá",
"Điểm thẩm định", and the tree as rows numbered 1, 1.1, 1.1.1 (or I, II for the areas, with
criteria numbered anew in each area). Parents are subtotals; the leaves are scored. Two layouts:
- one sheet per unit (the unit named in a title row "Đơn vị: Xã Trường Long", else by the sheet);
- one wide sheet with a column group per unit (the unit's name above its score columns).
Each subtotal is checked against its children, and never counted: only leaves become rows. The
area of a leaf is written as its area row's name, resolved to an area code where the data
directory is known (publishing.resolve_areas); units are resolved by name like any file's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc_metrics.engine.reading import CellIssue, fold

CODE = {"stt", "tt", "số tt", "số thứ tự", "mã", "mã số", "mã tiêu chí"}
NAME = {"nội dung", "tiêu chí", "tên tiêu chí", "nội dung đánh giá", "lĩnh vực, tiêu chí", "tiêu chí đánh giá"}
MAX = {"điểm tối đa", "điểm chuẩn", "thang điểm"}
SELF = {"điểm tự đánh giá", "điểm tự chấm", "tự đánh giá", "tự chấm", "điểm tự đg", "điểm tự đánh giá của đơn vị"}
FIRST = {"điểm thẩm định lần 1", "thẩm định lần 1", "điểm thẩm định lần đầu", "điểm thẩm định trước giải trình"}
SCORE = {"điểm thẩm định", "thẩm định", "điểm đạt", "điểm thẩm định lần 2", "điểm chốt", "điểm thẩm định cuối cùng"}
ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
    "xi": 11,
    "xii": 12,
}
YEAR = re.compile(r"năm\s+(\d{4})", re.IGNORECASE)
UNIT_LINE = re.compile(r"^\s*(?:tên\s+)?đơn\s*vị\s*(?:được\s+đánh\s+giá)?\s*[:：]\s*(.+?)\s*$", re.IGNORECASE)
FLAT = {"mã đơn vị", "mã đvhc", "unit_code", "mã lĩnh vực", "area_code", "năm", "year", "năm đánh giá"}
MIN_NUMBERED = 3  # numbered rows below the header that make a tree, not a flat list
FLAT_HEADER = ["year", "unit_name", "area_code", "criterion_code", "criterion_name", "max_points", "self_score"]
TOLERANCE = 0.005


@dataclass
class Sheet:
    """A sheet's non-empty rows as (row number, cells), and its name."""

    name: str
    rows: list[tuple[int, list[str]]]
    formulas: list[tuple[int, int, str]] = field(default_factory=list)  # row, column index, formula


@dataclass
class Columns:
    code: int
    name: int
    max: int
    units: list[tuple[str | None, dict[str, int]]] = field(default_factory=list)  # (unit name, {self, first, score})


def _header(rows: list[tuple[int, list[str]]]) -> tuple[int, Columns] | None:
    """The header row of a tree sheet (index in `rows`) and where its columns are; None if it has none."""
    for index, (_number, cells) in enumerate(rows[:30]):
        folded = [" ".join(fold(c).split()) for c in cells]
        if not any(c in MAX for c in folded) or not any(c in CODE for c in folded) or any(c in FLAT for c in folded):
            continue  # a flat file names its units and areas in columns of their own
        code = next(i for i, c in enumerate(folded) if c in CODE)
        numbered = sum(1 for _n, row in rows[index + 1 :] if code < len(row) and _code(row[code]) is not None)
        if numbered < MIN_NUMBERED:
            continue
        name = next((i for i, c in enumerate(folded) if c in NAME), code + 1)
        maximum = next(i for i, c in enumerate(folded) if c in MAX)
        groups: list[dict[str, int]] = []
        for i, c in enumerate(folded):
            kind = "self" if c in SELF else "first" if c in FIRST else "score" if c in SCORE else None
            if kind is None:
                continue
            if not groups or kind in groups[-1] or (kind == "self" and groups[-1]):
                groups.append({})
            groups[-1][kind] = i
        groups = [g for g in groups if "score" in g]
        if not groups:
            continue
        above = rows[index - 1][1] if index else []
        units = [(_unit_above(above, g) if len(groups) > 1 else None, g) for g in groups]
        return index, Columns(code, name, maximum, units)
    return None


def _unit_above(cells: list[str], group: dict[str, int]) -> str | None:
    """The unit named above a column group of a wide sheet (a merged cell holds it in its first column)."""
    first = min(group.values())
    for i in range(first, -1, -1):
        if i < len(cells) and cells[i].strip():
            return cells[i].strip()
    return None


def is_tree_export(sheets: list[Sheet]) -> bool:
    """Whether any sheet is a numbered tree with a maximum and score columns (and no unit code column)."""
    return any(_header(s.rows) is not None for s in sheets)


def _number(text: str) -> float | None:
    text = text.strip().replace(" ", "")
    if not text:
        return None
    if re.fullmatch(r"[+-]?\d+,\d+", text):
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _code(text: str) -> tuple[str, bool] | None:
    """A row's number as dotted digits, and whether it was a Roman numeral (an area); None if it is none."""
    text = text.strip().rstrip(".").strip()
    if fold(text) in ROMAN:
        return str(ROMAN[fold(text)]), True
    if re.fullmatch(r"\d+(\.\d+)*", text):
        return text, False
    return None


@dataclass
class Node:
    sheet: str
    row: int
    code: str
    name: str
    max: float | None
    values: dict[tuple[int, str], float | None]  # (unit group, self | first | score) → points
    children: list[str] = field(default_factory=list)


def _tree(sheet: Sheet, index: int, cols: Columns, issues: list[CellIssue]) -> dict[str, Node]:
    """The numbered rows of a sheet as nodes by full code (Roman areas prefixed to their criteria)."""
    nodes: dict[str, Node] = {}
    area = None
    roman_areas = False
    for number, cells in sheet.rows[index + 1 :]:
        cell = cells[cols.code] if cols.code < len(cells) else ""
        parsed = _code(cell)
        if parsed is None:
            continue  # a blank, note or total row: totals are checked by the areas they add up
        code, roman = parsed
        if roman:
            roman_areas, area = True, code
        elif roman_areas and area is not None:
            code = f"{area}.{code}"
        elif "." not in code:
            area = code
        name = cells[cols.name].strip() if cols.name < len(cells) else ""
        values = {}
        for g, (_unit, group) in enumerate(cols.units):
            for kind, i in group.items():
                values[(g, kind)] = _number(cells[i]) if i < len(cells) else None
        maximum = _number(cells[cols.max]) if cols.max < len(cells) else None
        if code in nodes:
            issues.append(CellIssue(number, "STT", "tree_duplicate_code", {"sheet": sheet.name, "value": code}))
            continue
        nodes[code] = Node(sheet.name, number, code, name, maximum, values)
        parent = code.rpartition(".")[0]
        if parent and parent in nodes:
            nodes[parent].children.append(code)
    return nodes


def _check_subtotals(nodes: dict[str, Node], cols: Columns, issues: list[CellIssue], headers: list[str]) -> None:
    """Every parent's maximum and points against the sum of its children's: a mismatch names the row."""

    def total(code: str, key) -> float | None:
        node = nodes[code]
        if not node.children:
            return node.max if key == "max" else node.values.get(key)
        parts = [total(c, key) for c in node.children]
        given = [p for p in parts if p is not None]
        return sum(given) if given else None

    for node in nodes.values():
        if not node.children:
            continue
        checks = [("max", cols.max, node.max)] + [
            ((g, kind), i, node.values.get((g, kind)))
            for g, (_u, group) in enumerate(cols.units)
            for kind, i in group.items()
        ]
        for key, column, written in checks:
            expected = total(node.code, key)
            if written is None or expected is None or abs(written - expected) <= TOLERANCE:
                continue
            issues.append(
                CellIssue(
                    node.row,
                    headers[column] if column < len(headers) else None,
                    "tree_subtotal",
                    {"sheet": node.sheet, "value": _fmt(written), "code": node.code, "sum": _fmt(expected)},
                )
            )


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(round(value, 4))


def _year(sheets: list[Sheet]) -> int | None:
    for sheet in sheets:
        for _number, cells in sheet.rows[:12]:
            for cell in cells:
                found = YEAR.search(cell or "")
                if found:
                    return int(found.group(1))
    return None


def _unit_line(sheet: Sheet, index: int) -> str | None:
    for _number, cells in sheet.rows[:index]:
        for cell in cells:
            found = UNIT_LINE.match(cell or "")
            if found:
                return found.group(1)
    return None


def flatten(sheets: list[Sheet], year: int | None = None) -> tuple[list[tuple[int, list[str]]], list[CellIssue]]:
    """The leaves of every tree sheet as flat inspections rows (header first), and the issues found.

    A row's number is its row in its sheet; the `note` column names the sheet. Issues:
    tree_subtotal (a parent differs from its children's sum), tree_duplicate_code, tree_no_year,
    tree_no_unit.
    """
    issues: list[CellIssue] = []
    year = year or _year(sheets)
    if year is None:
        issues.append(CellIssue(None, None, "tree_no_year", {}))
    with_first = False
    out: list[tuple[int, list[str]]] = []
    for sheet in sheets:
        found = _header(sheet.rows)
        if found is None:
            continue
        index, cols = found
        headers = sheet.rows[index][1]
        nodes = _tree(sheet, index, cols, issues)
        _check_subtotals(nodes, cols, issues, headers)
        with_first = with_first or any("first" in g for _u, g in cols.units)
        areas = {code: node.name for code, node in nodes.items() if "." not in code}
        leaves = {node.row for node in nodes.values() if not node.children and "." in node.code}
        scored = {i for _u, group in cols.units for i in group.values()} | {cols.max}
        for row, column, formula in sheet.formulas:
            # a subtotal may be a formula (it is checked, not read); a leaf's points must be written
            if row in leaves and column in scored:
                header = headers[column] if column < len(headers) else None
                issues.append(CellIssue(row, header, "formula_cell", {"value": formula[:80], "sheet": sheet.name}))
        for g, (unit, _group) in enumerate(cols.units):
            unit = unit or _unit_line(sheet, index) or sheet.name
            if not unit:
                issues.append(CellIssue(sheet.rows[index][0], None, "tree_no_unit", {"sheet": sheet.name}))
                continue
            for node in nodes.values():
                if node.children or "." not in node.code:
                    continue  # subtotals and areas are sums, never rows
                area = areas.get(node.code.split(".")[0], node.code.split(".")[0])
                cells = [
                    str(year or ""),
                    unit,
                    area,
                    node.code,
                    node.name,
                    "" if node.max is None else _fmt(node.max),
                    _cell(node.values.get((g, "self"))),
                    _cell(node.values.get((g, "first"))),
                    _cell(node.values.get((g, "score"))),
                    f"sheet {sheet.name}",
                ]
                out.append((node.row, cells))
    header = [*FLAT_HEADER, "first_score", "score", "note"]
    if not with_first:
        header.remove("first_score")
        out = [(n, c[:7] + c[8:]) for n, c in out]
    return [(0, header), *out], issues


def _cell(value: float | None) -> str:
    return "" if value is None else _fmt(value)
