"""Constants and small builders shared by the tests (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEMO_DATA = PROJECT / "data"

TINY_UNITS = """unit_code,unit_name,unit_type,level,parent_code,valid_from_year,valid_to_year,note
101,Huyện A,huyện,district,,,,
102,Quận B,quận,district,,,,
10101,Xã Một,xã,commune,101,,,
10102,Phường Hai,phường,commune,101,,,
10201,Xã Ba,xã,commune,102,,,
"""

HEADER = "year,unit_code,area_code,criterion_code,criterion_name,max_points,self_score,score\n"

# Hand-computed in tests/test_scores.py. D.PROC.2 does not apply to Quận B in 2023 (empty score).
TINY_2023 = (
    HEADER
    + """2023,101,LEAD,D.LEAD.1,Kế hoạch CCHC,10,9,8
2023,101,PROC,D.PROC.1,Công khai TTHC,20,15,15
2023,101,PROC,D.PROC.2,Hồ sơ đúng hạn,10,6,6
2023,102,LEAD,D.LEAD.1,Kế hoạch CCHC,10,9,9
2023,102,PROC,D.PROC.1,Công khai TTHC,20,18,18
2023,102,PROC,D.PROC.2,Hồ sơ đúng hạn,10,,
2023,10101,LEAD,X.LEAD.1,Kế hoạch CCHC,10,8,5
2023,10101,ONESTOP,X.ONESTOP.1,Bộ phận một cửa,10,7,5
2023,10102,LEAD,X.LEAD.1,Kế hoạch CCHC,10,10,10
2023,10102,ONESTOP,X.ONESTOP.1,Bộ phận một cửa,10,6,6
2023,10201,LEAD,X.LEAD.1,Kế hoạch CCHC,10,7,7
2023,10201,ONESTOP,X.ONESTOP.1,Bộ phận một cửa,10,9,9
"""
)

TINY_2024 = (
    HEADER
    + """2024,101,LEAD,D.LEAD.1,Kế hoạch CCHC,10,10,10
2024,101,PROC,D.PROC.1,Công khai TTHC,20,18,18
2024,101,PROC,D.PROC.2,Hồ sơ đúng hạn,10,8,8
2024,102,LEAD,D.LEAD.1,Kế hoạch CCHC,10,9,9
2024,102,PROC,D.PROC.1,Công khai TTHC,20,18,18
2024,102,PROC,D.PROC.2,Hồ sơ đúng hạn,10,9,9
2024,10101,LEAD,X.LEAD.1,Kế hoạch CCHC,10,9,9
2024,10101,ONESTOP,X.ONESTOP.1,Bộ phận một cửa,10,9,9
2024,10102,LEAD,X.LEAD.1,Kế hoạch CCHC,10,10,10
2024,10102,ONESTOP,X.ONESTOP.1,Bộ phận một cửa,10,8,8
2024,10201,LEAD,X.LEAD.1,Kế hoạch CCHC,10,6,6
2024,10201,ONESTOP,X.ONESTOP.1,Bộ phận một cửa,10,4,4
"""
)


def write_dir(root: Path, files: dict[str, str]) -> Path:
    """Write a data directory from {relative path: text}; returns root."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
