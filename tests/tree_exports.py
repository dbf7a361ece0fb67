"""Workbooks shaped like the scoring software's exports, made from the framework fixture's flat
files (tests/fixtures/framework): the same scores, written as a tree of numbered rows.

Layouts: one sheet per unit with Arabic numbers (1, 1.1, 1.1.1), one wide sheet with a column
group per unit and Roman numerals for the areas (criteria numbered anew in each area), and one
sheet per unit with the first appraisal beside the final one. Title rows, merged cells, subtotal
rows and a grand total as such files have them.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

FIXTURE = Path(__file__).parent / "fixtures" / "framework"
NAMES = {"10101": "Xã Một", "10102": "Xã Hai", "10103": "Phường Ba"}
ROMAN = {1: "I", 2: "II", 3: "III"}


def _nodes(framework_id: str) -> list[dict]:
    with open(FIXTURE / "framework_nodes.csv", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["framework_id"] == framework_id]


def _scores(year: int) -> dict[tuple[str, str], dict]:
    with open(FIXTURE / "inspections" / f"{year}.csv", encoding="utf-8") as f:
        return {(r["unit_code"], r["criterion_code"]): r for r in csv.DictReader(f)}


def _num(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


def _totals(nodes: list[dict], scores: dict, unit: str, column: str) -> dict[str, float | None]:
    """Every node's points for one unit (leaves as written, parents as sums of applicable leaves)."""
    children: dict[str, list[str]] = {}
    for n in nodes:
        children.setdefault(n["parent_code"], []).append(n["node_code"])

    def total(code: str):
        kids = children.get(code, [])
        if not kids:
            row = scores.get((unit, code))
            return _num(row.get(column, "")) if row else None
        values = [total(k) for k in kids]
        given = [v for v in values if v is not None]
        return sum(given) if given else None

    return {n["node_code"]: total(n["node_code"]) for n in nodes}


def _label(code: str, roman: bool) -> str:
    """How the sheet numbers a node: 1 / 1.1 / 1.1.1, or with Roman areas I / 1 / 1.1."""
    if not roman:
        return code
    parts = code.split(".")
    return ROMAN[int(parts[0])] if len(parts) == 1 else ".".join(parts[1:])


def _title(sheet, year: int, unit: str | None, width: int) -> int:
    sheet.append(["UBND TỈNH THỬ"])
    sheet.append([f"KẾT QUẢ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    if unit:
        sheet.append([f"Đơn vị: {unit}"])
    sheet.append([])
    return sheet.max_row


def per_unit_workbook(path: Path, year: int, framework_id: str, roman: bool = False, first: bool = False) -> Path:
    """One sheet per unit: STT, Nội dung, Điểm tối đa, Điểm tự đánh giá, [Điểm thẩm định lần 1],
    Điểm thẩm định; subtotals on the parent rows; a grand total."""
    nodes, scores = _nodes(framework_id), _scores(year)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for unit, name in NAMES.items():
        sheet = book.create_sheet(name)
        header = ["STT", "Nội dung", "Điểm tối đa", "Điểm tự đánh giá"]
        header += ["Điểm thẩm định lần 1"] if first else []
        header += ["Điểm thẩm định", "Ghi chú"]
        _title(sheet, year, name, len(header))
        sheet.append(header)
        columns = ["self_score"] + (["first_score"] if first else []) + ["score"]
        totals = {c: _totals(nodes, scores, unit, c) for c in columns}
        for n in nodes:
            values = [totals[c][n["node_code"]] for c in columns]
            sheet.append([_label(n["node_code"], roman), n["name_vi"], float(n["max_points"]), *values, ""])
        areas = [n for n in nodes if n["level_kind"] == "area"]
        grand = [sum(totals[c][a["node_code"]] or 0 for a in areas) for c in columns]
        sheet.append(["", "Tổng cộng", sum(float(a["max_points"]) for a in areas), *grand, ""])
    book.save(path)
    return path


def wide_workbook(path: Path, year: int, framework_id: str, roman: bool = True) -> Path:
    """One sheet, a column group per unit (its name merged over Điểm tự đánh giá, Điểm thẩm định)."""
    nodes, scores = _nodes(framework_id), _scores(year)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    width = 3 + 2 * len(NAMES)
    start = _title(sheet, year, None, width) + 1
    top = ["STT", "Nội dung", "Điểm tối đa"]
    below = ["", "", ""]
    for name in NAMES.values():
        top += [name, ""]
        below += ["Điểm tự đánh giá", "Điểm thẩm định"]
    sheet.append(top)
    sheet.append(["STT", "Nội dung", "Điểm tối đa", *below[3:]])
    for i in range(len(NAMES)):
        column = 4 + 2 * i
        sheet.merge_cells(start_row=start, start_column=column, end_row=start, end_column=column + 1)
    totals = {(u, c): _totals(nodes, scores, u, c) for u in NAMES for c in ("self_score", "score")}
    for n in nodes:
        row = [_label(n["node_code"], roman), n["name_vi"], float(n["max_points"])]
        for unit in NAMES:
            row += [totals[(unit, "self_score")][n["node_code"]], totals[(unit, "score")][n["node_code"]]]
        sheet.append(row)
    book.save(path)
    return path
