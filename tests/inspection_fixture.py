"""A tiny inspected province: the lineage fixture (tests/fixtures/lineage) with one area (LEAD,
10 points) scored by hand in 2023 and 2024 and the findings of three visits. What each number
in the report and the deck comes to is worked out in tests/test_report.py's docstring."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "lineage"
HEADER = "year,unit_code,area_code,criterion_code,criterion_name,max_points,self_score,score\n"


def _rows(year: int, scores: dict[str, int]) -> str:
    lines = [
        f"{year},{code},LEAD,{'D' if len(code) == 3 else 'X'}.LEAD.1,Kế hoạch CCHC,10,{s},{s}"
        for code, s in scores.items()
    ]
    return HEADER + "\n".join(lines) + "\n"


def inspected_fixture(parent: Path) -> Path:
    """The data directory, written under `parent`."""
    root = shutil.copytree(FIXTURE, parent / "data")
    (root / "inspections" / "2023.csv").write_text(
        _rows(2023, {"101": 7, "102": 8, "10101": 6, "10102": 8, "10103": 3, "10201": 5, "10202": 9}),
        encoding="utf-8",
    )
    (root / "inspections" / "2024.csv").write_text(
        _rows(2024, {"101": 8, "102": 9, "10101": 5, "10102": 9, "10201": 6, "10202": 10}), encoding="utf-8"
    )
    (root / "findings").mkdir()
    (root / "findings" / "2023.csv").write_text(
        "year,unit_code,area_code,criterion_code,kind,text,inspected_on\n"
        "2023,10101,LEAD,X.LEAD.1,weakness,Sổ theo dõi thiếu thông tin,2023-05-01\n",
        encoding="utf-8",
    )
    (root / "findings" / "2024.csv").write_text(
        "year,unit_code,area_code,criterion_code,kind,text,inspected_on\n"
        "2024,10101,LEAD,X.LEAD.1,strength,Kế hoạch CCHC ban hành sớm,2024-04-10\n"
        "2024,10101,LEAD,X.LEAD.1,weakness,Hồ sơ lưu trữ chưa khoa học,2024-04-10\n"
        "2024,10101,,,recommendation,Khắc phục trong 30 ngày và báo cáo về Sở Nội vụ,2024-04-10\n"
        "2024,10202,LEAD,X.LEAD.1,weakness,Hồ sơ lưu trữ chưa khoa học,2024-04-12\n",
        encoding="utf-8",
    )
    return root
