"""Seeded generator of the demo data under data/ (dữ liệu minh họa).

Every score, self-score and inspection finding written here is SYNTHETIC: dữ liệu minh họa,
không phải kết quả thẩm định thật. Only the unit list (codes, names, valid years) is real and is
copied from reference/can_tho_units.csv. The scores are drawn so that the dashboard has something
realistic to show: units differ persistently, areas differ in difficulty, the city improves slowly,
a 2019 framework change moves points between areas, and a few patterns are planted for analyses
(a commune persistently weak in ONESTOP, a criterion most communes fail in some years, transient
lapses that are fixed the next year). Yearly averages are calibrated near the published Cần Thơ facts.

Running generate() twice with the same seed gives byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import unicodedata
from pathlib import Path

import numpy as np

from cchc_metrics.engine import schema
from cchc_metrics.tools import demo_province

FIRST_YEAR = 2014
LAST_YEAR = 2026  # old Cần Thơ to 2024 (here), the merged city 2025-2026 (demo_province.py)
OLD_CITY_LAST_YEAR = 2024
FRAMEWORK_CHANGE_YEAR = 2019
# From 1 July 2025: no district level, 32 merged communes whose codes reuse a predecessor's.
TWO_TIER_YEAR = 2025
FINDINGS_TWO_TIER = 6  # communes inspected in a year without districts

REFERENCE_UNITS = Path(__file__).parent / "reference" / "can_tho_units.csv"
REFERENCE_LINEAGE = Path(__file__).parent / "reference" / "can_tho_lineage.csv"
# the tile map's layout, made once from the units' centre points (tools/demo_tiles.py)
REFERENCE_TILES = Path(__file__).parent / "reference" / "demo_tiles.csv"

# Criteria catalogue: (level, area, code, name, max before 2019, max from 2019, method).
# None = the criterion does not exist in that framework. Each framework sums to 100 per level.
CRITERIA = (
    ("district", "LEAD", "H.LEAD.1", "Ban hành kế hoạch CCHC năm đúng thời hạn", 2, 2, "appraisal"),
    ("district", "LEAD", "H.LEAD.2", "Mức độ hoàn thành kế hoạch CCHC", 3, 2.5, "appraisal"),
    ("district", "LEAD", "H.LEAD.3", "Công tác tuyên truyền CCHC", 2, 2, "appraisal"),
    ("district", "LEAD", "H.LEAD.4", "Kiểm tra CCHC đối với đơn vị trực thuộc", 2, 1.5, "appraisal"),
    ("district", "LEAD", "H.LEAD.5", "Thực hiện chế độ báo cáo CCHC định kỳ", 1, 1, "appraisal"),
    ("district", "INST", "H.INST.1", "Ban hành văn bản QPPL theo thẩm quyền", 2.5, 2, "appraisal"),
    ("district", "INST", "H.INST.2", "Rà soát, hệ thống hóa văn bản QPPL", 2, 2, "appraisal"),
    ("district", "INST", "H.INST.3", "Kiểm tra, xử lý văn bản QPPL", 2, 1.5, "appraisal"),
    ("district", "INST", "H.INST.4", "Theo dõi tình hình thi hành pháp luật", 1.5, 1.5, "appraisal"),
    ("district", "PROC", "H.PROC.1", "Rà soát, đánh giá thủ tục hành chính", 2.5, 2, "appraisal"),
    ("district", "PROC", "H.PROC.2", "Công khai TTHC đầy đủ, đúng quy định", 3, 3, "appraisal"),
    ("district", "PROC", "H.PROC.3", "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn", 4.5, 4.5, "appraisal"),
    ("district", "PROC", "H.PROC.4", "Tiếp nhận, xử lý phản ánh, kiến nghị về TTHC", 2, 1.5, "appraisal"),
    ("district", "ORG", "H.ORG.1", "Tuân thủ quy định về tổ chức bộ máy", 2.5, 2.5, "appraisal"),
    ("district", "ORG", "H.ORG.2", "Rà soát chức năng, nhiệm vụ cơ quan chuyên môn", 2, 2, "appraisal"),
    ("district", "ORG", "H.ORG.3", "Thực hiện phân cấp quản lý", 2.5, 2.5, "appraisal"),
    ("district", "ORG", "H.ORG.4", "Kiểm tra tổ chức, hoạt động cơ quan chuyên môn", 2, None, "appraisal"),
    ("district", "CIVIL", "H.CIVIL.1", "Xác định cơ cấu ngạch công chức theo vị trí việc làm", 2.5, 2, "appraisal"),
    ("district", "CIVIL", "H.CIVIL.2", "Tuyển dụng, bổ nhiệm công chức đúng quy định", 2.5, 2, "appraisal"),
    ("district", "CIVIL", "H.CIVIL.3", "Đào tạo, bồi dưỡng CBCC", 2.5, 2.5, "appraisal"),
    ("district", "CIVIL", "H.CIVIL.4", "Chấp hành kỷ luật, kỷ cương hành chính", 2.5, 2.5, "appraisal"),
    ("district", "ONESTOP", "H.ONESTOP.1", "Trang thiết bị bộ phận một cửa", 2.5, 2, "appraisal"),
    ("district", "ONESTOP", "H.ONESTOP.2", "Sổ theo dõi hồ sơ, cập nhật phần mềm một cửa", 2.5, 2.5, "appraisal"),
    ("district", "ONESTOP", "H.ONESTOP.3", "Thực hiện cơ chế một cửa liên thông", 2.5, 2, "appraisal"),
    ("district", "ONESTOP", "H.ONESTOP.4", "Văn bản xin lỗi khi hồ sơ trễ hạn", 2.5, 2.5, "appraisal"),
    ("district", "FIN", "H.FIN.1", "Tự chủ tài chính tại cơ quan hành chính", 3, 2.5, "appraisal"),
    ("district", "FIN", "H.FIN.2", "Tự chủ tại đơn vị sự nghiệp công lập", 3, 2.5, "appraisal"),
    ("district", "FIN", "H.FIN.3", "Công khai tài chính, ngân sách", 2, 2, "appraisal"),
    ("district", "MODERN", "H.MODERN.1", "Ứng dụng CNTT trong hoạt động cơ quan", 3, 3, "appraisal"),
    ("district", "MODERN", "H.MODERN.2", "Cung cấp dịch vụ công trực tuyến mức độ 3, 4", 2, 3.5, "appraisal"),
    ("district", "MODERN", "H.MODERN.3", "Áp dụng hệ thống quản lý chất lượng ISO 9001", 3, 2.5, "appraisal"),
    ("district", "MODERN", "H.MODERN.4", "Tỷ lệ hồ sơ trực tuyến phát sinh", None, 2.5, "appraisal"),
    ("district", "MODERN", "H.MODERN.5", "Gửi, nhận văn bản điện tử có chữ ký số", None, 2.5, "appraisal"),
    ("district", "IMPACT", "H.IMPACT.1", "Mức độ hài lòng của người dân về TTHC", 8, 9, "survey"),
    ("district", "IMPACT", "H.IMPACT.2", "Hài lòng về thái độ phục vụ của công chức", 7, 7, "survey"),
    ("district", "IMPACT", "H.IMPACT.3", "Hài lòng về kết quả giải quyết TTHC", 5, 6, "survey"),
    ("district", "IMPACT", "H.IMPACT.4", "Tác động của CCHC đến phát triển KT-XH", 5, 5, "survey"),
    ("commune", "LEAD", "X.LEAD.1", "Ban hành kế hoạch CCHC năm đúng thời hạn", 2.5, 2.5, "appraisal"),
    ("commune", "LEAD", "X.LEAD.2", "Mức độ hoàn thành kế hoạch CCHC", 3, 2.5, "appraisal"),
    ("commune", "LEAD", "X.LEAD.3", "Công tác tuyên truyền CCHC", 2.5, 2, "appraisal"),
    ("commune", "LEAD", "X.LEAD.4", "Thực hiện chế độ báo cáo CCHC", 2, 2, "appraisal"),
    ("commune", "LEAD", "X.LEAD.5", "Sáng kiến, mô hình mới trong CCHC", 2, 2, "appraisal"),
    ("commune", "INST", "X.INST.1", "Ban hành văn bản đúng thẩm quyền, thể thức", 2, 1.5, "appraisal"),
    ("commune", "INST", "X.INST.2", "Rà soát văn bản QPPL", 2, 2, "appraisal"),
    ("commune", "INST", "X.INST.3", "Tổ chức thực hiện pháp luật, hòa giải ở cơ sở", 2, 1.5, "appraisal"),
    ("commune", "PROC", "X.PROC.1", "Công khai TTHC tại bộ phận một cửa", 3.5, 3.5, "appraisal"),
    ("commune", "PROC", "X.PROC.2", "Tỷ lệ hồ sơ giải quyết đúng hạn", 4.5, 4.5, "appraisal"),
    ("commune", "PROC", "X.PROC.3", "Tiếp nhận, xử lý phản ánh, kiến nghị", 2, 2, "appraisal"),
    ("commune", "PROC", "X.PROC.4", "Rà soát, đề xuất đơn giản hóa TTHC", 2, 2, "appraisal"),
    ("commune", "ORG", "X.ORG.1", "Thực hiện quy chế làm việc của UBND", 3, 4, "appraisal"),
    ("commune", "ORG", "X.ORG.2", "Phân công nhiệm vụ công chức rõ ràng", 3, None, "appraisal"),
    ("commune", "CIVIL", "X.CIVIL.1", "Bố trí công chức đúng chức danh, đạt chuẩn", 2.5, 2, "appraisal"),
    ("commune", "CIVIL", "X.CIVIL.2", "Đào tạo, bồi dưỡng CBCC cấp xã", 2.5, 2.5, "appraisal"),
    ("commune", "CIVIL", "X.CIVIL.3", "Chấp hành kỷ luật, kỷ cương hành chính", 2, 2, "appraisal"),
    ("commune", "CIVIL", "X.CIVIL.4", "Đánh giá, phân loại cán bộ, công chức", 2, 1.5, "appraisal"),
    ("commune", "ONESTOP", "X.ONESTOP.1", "Trang thiết bị bộ phận một cửa", 3, 2.5, "appraisal"),
    ("commune", "ONESTOP", "X.ONESTOP.2", "Sổ theo dõi hồ sơ ghi đầy đủ thông tin", 3, 2.5, "appraisal"),
    ("commune", "ONESTOP", "X.ONESTOP.3", "Lưu trữ hồ sơ khoa học", 2.5, 2, "appraisal"),
    ("commune", "ONESTOP", "X.ONESTOP.4", "Ủy quyền giải quyết TTHC khi lãnh đạo vắng mặt", 2.5, 2.5, "appraisal"),
    ("commune", "ONESTOP", "X.ONESTOP.5", "Văn bản xin lỗi khi hồ sơ trễ hạn", 3, 2.5, "appraisal"),
    ("commune", "FIN", "X.FIN.1", "Công khai dự toán, quyết toán ngân sách xã", 3, 2.5, "appraisal"),
    ("commune", "FIN", "X.FIN.2", "Quản lý các khoản đóng góp tự nguyện của nhân dân", 3, 2.5, "appraisal"),
    ("commune", "MODERN", "X.MODERN.1", "Ứng dụng phần mềm một cửa điện tử", 2.5, 3, "appraisal"),
    ("commune", "MODERN", "X.MODERN.2", "Tỷ lệ hồ sơ tiếp nhận qua dịch vụ công trực tuyến", 2.5, 3.5, "appraisal"),
    ("commune", "MODERN", "X.MODERN.3", "Gửi, nhận văn bản điện tử có chữ ký số", None, 3, "appraisal"),
    ("commune", "MODERN", "X.MODERN.4", "Số hóa hồ sơ, kết quả giải quyết TTHC", None, 3.5, "appraisal"),
    ("commune", "IMPACT", "X.IMPACT.1", "Mức độ hài lòng của người dân về TTHC", 10, 10, "survey"),
    ("commune", "IMPACT", "X.IMPACT.2", "Hài lòng về thái độ phục vụ của công chức một cửa", 10, 10, "survey"),
    ("commune", "IMPACT", "X.IMPACT.3", "Hài lòng về thời gian, kết quả giải quyết", 10, 10, "survey"),
)

# Finding texts: (kind, criterion code or None, text). Weaknesses and strengths point at a
# commune criterion so that a finding can be checked against the scores of that year.
FINDING_TEXTS = (
    ("strength", "X.LEAD.1", "Kế hoạch CCHC ban hành sớm ngay từ đầu năm"),
    ("strength", "X.LEAD.3", "Làm tốt công tác tuyên truyền CCHC đến người dân"),
    ("strength", "X.CIVIL.2", "Quan tâm đào tạo, bồi dưỡng cán bộ, công chức"),
    ("strength", "X.PROC.1", "Niêm yết công khai TTHC đầy đủ tại bộ phận một cửa"),
    ("strength", "X.PROC.2", "Hồ sơ TTHC được giải quyết đúng và trước hạn"),
    ("strength", "X.ONESTOP.1", "Bộ phận một cửa được bố trí khang trang, trang thiết bị đầy đủ"),
    ("strength", "X.MODERN.1", "Ứng dụng tốt phần mềm một cửa điện tử"),
    ("strength", "X.IMPACT.2", "Người dân đánh giá cao thái độ phục vụ của công chức một cửa"),
    ("weakness", "X.ONESTOP.3", "Hồ sơ lưu trữ chưa khoa học"),
    ("weakness", "X.ONESTOP.2", "Sổ theo dõi hồ sơ thiếu thông tin"),
    ("weakness", "X.ONESTOP.4", "Không giải quyết TTHC khi lãnh đạo vắng mặt, chưa ủy quyền"),
    ("weakness", "X.ONESTOP.5", "Hồ sơ trễ hạn chưa có văn bản xin lỗi"),
    ("weakness", "X.IMPACT.2", "Thái độ phục vụ của công chức một cửa chưa tốt"),
    ("weakness", "X.PROC.1", "Niêm yết công khai TTHC chưa đầy đủ, chưa cập nhật"),
    ("weakness", "X.PROC.2", "Còn hồ sơ TTHC giải quyết trễ hạn"),
    ("weakness", "X.LEAD.1", "Kế hoạch CCHC ban hành chậm"),
    ("weakness", "X.LEAD.3", "Công tác tuyên truyền CCHC chưa thường xuyên"),
    ("weakness", "X.CIVIL.1", "Một số công chức chưa đạt chuẩn theo chức danh"),
    ("weakness", "X.FIN.1", "Chưa công khai dự toán, quyết toán ngân sách đúng thời hạn"),
    ("weakness", "X.MODERN.1", "Phần mềm một cửa điện tử chưa được cập nhật đầy đủ"),
    ("weakness", "X.MODERN.2", "Tỷ lệ hồ sơ tiếp nhận trực tuyến còn thấp"),
    ("recommendation", None, "Khắc phục tồn tại trước ngày 30/6 và báo cáo kết quả về Sở Nội vụ"),
    ("recommendation", None, "Khẩn trương khắc phục khuyết điểm trong 30 ngày và báo cáo kết quả về Sở Nội vụ"),
    ("recommendation", None, "Nhân rộng ưu điểm; Đoàn kiểm tra sẽ kiểm tra lại việc khắc phục trong năm sau"),
)

BANDS = (
    (2014, "Xuất sắc", "Excellent", 90),
    (2014, "Tốt", "Good", 80),
    (2014, "Khá", "Fair", 70),
    (2014, "Trung bình", "Average", 50),
    (2014, "Yếu", "Weak", 0),
    (2017, "Rất tốt", "Very good", 90),
    (2017, "Tốt", "Good", 80),
    (2017, "Khá", "Fair", 70),
    (2017, "Trung bình", "Average", 50),
    (2017, "Yếu", "Weak", 0),
)

# Average index (%) per level and year that the calibration aims at. District values follow the
# published Cần Thơ facts (2016: 84.05, 2023: 93.93 = 2022 + 6.42); the dip in 2019 mimics the
# harder new framework. Commune values are invented but keep the city average near 75 -> 90 %.
TARGET_INDEX = {
    "district": (79.6, 81.9, 84.05, 85.0, 86.1, 84.6, 85.8, 86.7, 87.51, 93.93, 92.6, None),
    "commune": (73.5, 75.0, 76.4, 78.0, 79.5, 78.6, 80.8, 83.0, 85.2, 88.1, 89.6, 90.4),
}

# Logit-scale difficulty per area: positive = easier. MODERN and IMPACT are where units lose points.
AREA_EASE = {
    "LEAD": 0.7,
    "INST": 0.35,
    "PROC": 0.15,
    "ORG": 0.5,
    "CIVIL": 0.25,
    "ONESTOP": 0.0,
    "FIN": 0.35,
    "MODERN": -0.7,
    "IMPACT": -0.45,
}
# Unit-year nudges so the published 2015/2016 district ranks roughly reappear.
RANK_NUDGES = {
    ("917", 2015): -0.15,
    ("917", 2016): 0.7,
    ("927", 2015): -0.5,
    ("927", 2016): 0.35,
    ("923", 2015): 0.45,
    ("923", 2016): -0.3,
}
# Planted patterns: a commune weak in ONESTOP every year (Thới Đông, Cờ Đỏ), and criteria most
# communes failed in some years (a new requirement introduced before units were ready).
WEAK_ONESTOP_COMMUNE = "31276"
SYSTEMIC_FAILURES = {
    ("X.ONESTOP.5", 2016): 2.6,
    ("X.ONESTOP.5", 2017): 1.8,
    ("X.MODERN.2", 2019): 2.4,
    ("X.MODERN.2", 2020): 1.5,
}
# The 2014 Phong Điền inspection of domain.md drew Trường Long and Tân Thới.
FIXED_DRAWS = {2014: ("926", ("31309", "31306"))}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def _num(x: float | None) -> str:
    """Format a number without trailing zeros so files stay short and stable."""
    return "" if x is None else f"{x:g}"


def _write_csv(path: Path, header: tuple[str, ...], rows: list[list]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows([[_nfc(str(v)) if isinstance(v, str) else v for v in r] for r in rows])
    return len(rows)


def load_units() -> list[dict]:
    """Read the reference unit list (real Cần Thơ codes and valid years) as dicts of text."""
    with REFERENCE_UNITS.open(encoding="utf-8", newline="") as fh:
        return [{k: _nfc(v or "") for k, v in r.items()} for r in csv.DictReader(fh)]


def load_lineage() -> list[dict]:
    """Read the reference lineage (old unit version → new unit version, 2024 and 2025) as dicts of text."""
    with REFERENCE_LINEAGE.open(encoding="utf-8", newline="") as fh:
        return [{k: _nfc(v or "") for k, v in r.items()} for r in csv.DictReader(fh)]


def unit_key(u: dict) -> str:
    """The model's key of a unit version: its code before 2025, code@year after (codes are reused)."""
    start = int(u["valid_from_year"] or 0)
    return u["unit_code"] if start < TWO_TIER_YEAR else f"{u['unit_code']}@{start}"


def units_valid_in(units: list[dict], year: int) -> list[dict]:
    """Units valid in `year`, districts first, then by code: the fixed iteration order."""
    valid = [
        u
        for u in units
        if (not u["valid_from_year"] or int(u["valid_from_year"]) <= year)
        and (not u["valid_to_year"] or int(u["valid_to_year"]) >= year)
    ]
    return sorted(valid, key=lambda u: (schema.LEVELS.index(u["level"]), u["unit_code"]))


def criteria_for(level: str, year: int) -> list[tuple[str, str, str, float, str]]:
    """(area, code, name, max_points, method) of one level's framework in force in `year`."""
    col = 5 if year >= FRAMEWORK_CHANGE_YEAR else 4
    return [(c[1], c[2], c[3], float(c[col]), c[6]) for c in CRITERIA if c[0] == level and c[col] is not None]


def _round_step(x: np.ndarray, step: np.ndarray) -> np.ndarray:
    return np.round(x / step) * step


class _Model:
    """Persistent latent effects (logit scale) shared by all years, drawn once in a fixed order."""

    def __init__(self, units: list[dict], rng: np.random.Generator):
        # Only unit versions scored in the demo years; 2025 versions reuse old codes for new units.
        codes = sorted({u["unit_code"] for u in units if int(u["valid_from_year"] or 0) < TWO_TIER_YEAR})
        # Districts are bigger and more alike than communes: a narrower spread of ability.
        spread = {u["unit_code"]: 0.28 if u["level"] == "district" else 0.45 for u in units}
        self.ability = {c: rng.normal(0, 1.0) * spread[c] for c in codes}
        self.unit_area = {(c, a): rng.normal(0, 0.3) for c in codes for a in schema.AREA_CODES}
        self.unit_area[(WEAK_ONESTOP_COMMUNE, "ONESTOP")] = -2.2
        # Most units over-claim a little; about one in twelve over-claims a lot.
        self.overclaim = {c: (rng.uniform(0.15, 0.3) if rng.random() < 0.08 else rng.uniform(0.0, 0.08)) for c in codes}
        self.crit = {c[2]: rng.normal(0, 0.25) for c in CRITERIA}
        # FIN.2 (voluntary contributions) is not levied in some urban wards: not applicable.
        self.fin_exempt = {u["unit_code"] for u in units if u["unit_type"] == "phường"} & {
            c for c in codes if rng.random() < 0.45
        }

    def add_successors(self, units: list[dict], lineage: list[dict], rng: np.random.Generator) -> None:
        """Effects of the 2025 communes: the weighted mean of their predecessors' (a part counts half).

        Drawn after the earlier years so that adding 2025 leaves the 2014-2024 files unchanged.
        """
        for u in sorted((u for u in units if int(u["valid_from_year"] or 0) >= TWO_TIER_YEAR), key=unit_key):
            key = unit_key(u)
            links = [
                (r["old_code"], 0.5 if r["change"] in schema.LINEAGE_PARTIAL else 1.0)
                for r in lineage
                if r["new_code"] == u["unit_code"] and r["new_valid_from_year"] == u["valid_from_year"]
            ]
            total = sum(w for _, w in links)
            self.ability[key] = sum(self.ability[c] * w for c, w in links) / total + rng.normal(0, 0.1)
            for a in schema.AREA_CODES:
                self.unit_area[(key, a)] = sum(self.unit_area[(c, a)] * w for c, w in links) / total
            self.overclaim[key] = sum(self.overclaim[c] * w for c, w in links) / total
            if u["unit_type"] == "phường" and sum(w for c, w in links if c in self.fin_exempt) >= total / 2:
                self.fin_exempt.add(key)


def _score_level_year(
    model: _Model, units: list[dict], level: str, year: int, rng: np.random.Generator
) -> tuple[list, np.ndarray, np.ndarray, np.ndarray]:
    """Draw and calibrate one level-year: returns criteria, max, score and self-score matrices."""
    crits = criteria_for(level, year)
    codes = [unit_key(u) for u in units]
    n, k = len(codes), len(crits)
    mx = np.array([c[3] for c in crits])
    survey = np.array([c[4] == "survey" for c in crits])
    step = np.where(survey, 0.5, 0.25)
    z = np.zeros((n, k))
    for i, code in enumerate(codes):
        unit_year = rng.normal(0, 0.2) + RANK_NUDGES.get((code, year), 0.0)
        for j, (area, ccode, _, _, _) in enumerate(crits):
            z[i, j] = (
                model.ability[code] + AREA_EASE[area] + model.unit_area[(code, area)] + model.crit[ccode] + unit_year
            )
            if level == "commune" and (ccode, year) in SYSTEMIC_FAILURES and rng.random() < 0.8:
                z[i, j] -= SYSTEMIC_FAILURES[(ccode, year)]
    z += rng.normal(0, 0.5, (n, k))
    # Transient lapses: a criterion collapses one year and usually recovers the next.
    z -= np.where(rng.random((n, k)) < 0.03, rng.uniform(1.5, 3.0, (n, k)), 0.0)
    na = np.zeros((n, k), dtype=bool)
    for j, c in enumerate(crits):
        if c[1] == "X.FIN.2":
            na[:, j] = [code in model.fin_exempt for code in codes]
    na |= (rng.random((n, k)) < 0.002) & ~survey
    gap_frac = np.array([model.overclaim[c] for c in codes])[:, None] + np.abs(rng.normal(0, 0.04, (n, k)))
    under = rng.random((n, k)) < 0.015

    def scores(offset: float) -> np.ndarray:
        return _round_step(mx / (1 + np.exp(-(z + offset))), step)

    def mean_index(offset: float) -> float:
        s = np.where(na, 0.0, scores(offset))
        return float(np.mean(s.sum(1) / np.where(na, 0.0, mx).sum(1) * 100))

    # Bisection on a common offset: the index is monotone in it, so the level average lands on target.
    lo, hi = -4.0, 8.0
    target = TARGET_INDEX[level][year - FIRST_YEAR]
    for _ in range(50):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if mean_index(mid) < target else (lo, mid)
    score = scores((lo + hi) / 2)
    self_score = np.minimum(mx, score + _round_step(gap_frac * mx, step))
    self_score = np.where(survey, score, self_score)  # survey points come from citizens, not the unit
    self_score = np.where(under & ~survey, np.maximum(0.0, score - step), self_score)
    score = np.where(na, np.nan, score)
    self_score = np.where(na, np.nan, self_score)
    return crits, mx, score, self_score


def _findings_for_year(year: int, units: list[dict], pct: dict, rng: np.random.Generator) -> list[list]:
    """Draw 2-4 districts and 2 communes of each, and write findings grounded in that year's scores.

    In a year without districts (from 2025), draw FINDINGS_TWO_TIER communes of the whole city.
    """
    districts = [u["unit_code"] for u in units if u["level"] == "district"]
    rows = []
    if districts:
        drawn = list(rng.choice(districts, size=int(rng.integers(2, 5)), replace=False))
        fixed = FIXED_DRAWS.get(year)
        if fixed and fixed[0] not in drawn:
            drawn[0] = fixed[0]
        day = dt.date(year, 3, 15) + dt.timedelta(days=int(rng.integers(0, 60)))

        def groups():
            # Lazy, so each district's draw comes right before its communes' (the seeded order).
            for d in sorted(drawn):
                communes = sorted(u["unit_code"] for u in units if u["parent_code"] == d)
                yield fixed[1] if fixed and fixed[0] == d else rng.choice(communes, size=2, replace=False)
    else:
        day = dt.date(year, 3, 15) + dt.timedelta(days=int(rng.integers(0, 60)))
        communes = sorted(u["unit_code"] for u in units if u["level"] == "commune")

        def groups():
            yield rng.choice(communes, size=FINDINGS_TWO_TIER, replace=False)

    for picks in groups():
        for c in sorted(picks):
            day += dt.timedelta(days=int(rng.integers(1, 20)))
            p = pct[c]
            usable = [(k, cc, t) for k, cc, t in FINDING_TEXTS if cc is None or cc in p]
            strengths = sorted((t for t in usable if t[0] == "strength"), key=lambda t: -p[t[1]])
            weaknesses = sorted((t for t in usable if t[0] == "weakness"), key=lambda t: p[t[1]])
            # Pick among the best (worst) few so that texts vary while still matching the scores;
            # a commune good everywhere still gets its single worst criterion named.
            good = [t for t in strengths[:3] if p[t[1]] >= 0.85] or strengths[:1]
            bad = [t for t in weaknesses[:3] if p[t[1]] < 0.8] or weaknesses[:1]
            chosen = []
            for pool in (good, bad):
                n = min(len(pool), int(rng.integers(1, 3)))
                chosen += [pool[i] for i in sorted(rng.choice(len(pool), size=n, replace=False))]
            if rng.random() < 0.8:
                recs = [t for t in usable if t[0] == "recommendation"]
                # The 30/6 deadline only makes sense for inspections before June.
                recs = recs if day.month < 6 else recs[1:]
                chosen.append(recs[int(rng.integers(0, len(recs)))])
            for kind, ccode, text in chosen:
                area = ccode.split(".")[1] if ccode else ""
                rows.append([year, c, area, ccode or "", kind, text, day.isoformat()])
    return rows


# Shown by the app and written on every chart: where the data are from, and that they are synthetic.
ABOUT = {
    "region_vi": "TP. Cần Thơ",
    "region_en": "Can Tho City",
    "synthetic": True,
    "source_vi": "Sở Nội vụ TP. Cần Thơ",
    "source_en": "Can Tho Department of Home Affairs",
}


def generate(out_dir: Path, seed: int = 2014) -> dict:
    """Write units, areas, bands, inspections/<year>.csv and findings/<year>.csv into `out_dir`.

    Returns the number of data rows written per file (relative path -> rows). The same seed
    always gives byte-identical files.
    """
    out_dir = Path(out_dir)
    rng = np.random.default_rng(seed)
    units = load_units()
    counts = {}
    counts["areas.csv"] = _write_csv(out_dir / "areas.csv", schema.AREAS.names, [list(a) for a in schema.DEFAULT_AREAS])
    model = _Model(units, rng)
    header = (
        "year",
        "unit_code",
        "unit_name",
        "area_code",
        "criterion_code",
        "criterion_name",
        "max_points",
        "self_score",
        "score",
        "method",
        "note",
    )
    index_2024: dict[str, float] = {}
    for year in range(FIRST_YEAR, OLD_CITY_LAST_YEAR + 1):
        valid = units_valid_in(units, year)
        rows, pct = [], {}
        for level in schema.LEVELS:
            lu = [u for u in valid if u["level"] == level]
            if not lu:  # no district level from 2025
                continue
            crits, mx, score, self_score = _score_level_year(model, lu, level, year, rng)
            for i, u in enumerate(lu):
                applies = ~np.isnan(score[i])
                index_2024[u["unit_code"]] = float(100 * np.nansum(score[i]) / mx[applies].sum())
                pct[u["unit_code"]] = {
                    c[1]: score[i, j] / mx[j] for j, c in enumerate(crits) if not np.isnan(score[i, j])
                }
                for j, (area, ccode, cname, m, method) in enumerate(crits):
                    s, ss = score[i, j], self_score[i, j]
                    rows.append(
                        [
                            year,
                            u["unit_code"],
                            u["unit_name"],
                            area,
                            ccode,
                            cname,
                            _num(m),
                            "" if np.isnan(ss) else _num(ss),
                            "" if np.isnan(s) else _num(s),
                            method,
                            "",
                        ]
                    )
        counts[f"inspections/{year}.csv"] = _write_csv(out_dir / "inspections" / f"{year}.csv", header, rows)
        counts[f"findings/{year}.csv"] = _write_csv(
            out_dir / "findings" / f"{year}.csv", schema.FINDINGS.names, _findings_for_year(year, valid, pct, rng)
        )
    # the merged city (2025-2026), the two provinces' archives and the departments: their own stream
    province, more_units, more_lineage = demo_province.generate(out_dir, seed, index_2024)
    counts |= province
    for u in units:  # old Cần Thơ's units until the merger; the merged city's own units have none
        u["source_province"] = "Cần Thơ" if u["valid_to_year"] and int(u["valid_to_year"]) < TWO_TIER_YEAR else ""
    every = sorted(
        units + more_units, key=lambda u: (schema.LEVELS.index(u["level"]), u["unit_code"], u["valid_from_year"])
    )
    counts["units.csv"] = _write_csv(
        out_dir / "units.csv", schema.UNITS.names, [[u.get(c, "") for c in schema.UNITS.names] for u in every]
    )
    bands = [[*b, ""] for b in BANDS] + [[*b, p] for p, scheme in demo_province.ARCHIVE_BANDS.items() for b in scheme]
    counts["bands.csv"] = _write_csv(out_dir / "bands.csv", schema.BANDS.names, bands)
    links = load_lineage() + more_lineage
    counts["lineage.csv"] = _write_csv(
        out_dir / "lineage.csv", schema.LINEAGE.names, [[r[c] for c in schema.LINEAGE.names] for r in links]
    )
    (out_dir / "about.json").write_text(json.dumps(ABOUT, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    shutil.copyfile(REFERENCE_TILES, out_dir / "tiles.csv")
    counts["tiles.csv"] = len(REFERENCE_TILES.read_text(encoding="utf-8").splitlines()) - 1
    counts["about.json"] = 1
    return counts
