"""The demo data of the merged Cần Thơ (dữ liệu minh họa): what demo.py adds to old Cần Thơ's
2014–2024.

Every score, bonus, penalty and finding here is SYNTHETIC. The units are real (reference/
can_tho_units.csv, merged_units.csv with its lineage; the departments as the city lists them).
Written by generate(), called from demo.generate with its own random stream, so old Cần Thơ's
files stay byte for byte what they were:
- the archives of the two provinces merged into Cần Thơ on 1 July 2025, Hậu Giang and Sóc Trăng,
  2020–2024: districts and communes under each province's own criteria and band schemes, one
  file per year and province (inspections/<year>-hau-giang.csv), ranked within the province,
  Sóc Trăng's in its own layout (Vietnamese headers, its own column order);
- the 103 communes and wards of the merged city in 2025 and 2026, under a framework of three
  levels (8 areas, 38 criteria, 86 sub-criteria, a sociological survey of 30 points) reissued in
  2026 (renumbered, a criterion merged, one split; crosswalk.csv), with their first appraisal and
  a few bonus and penalty points; 2025 a break year with scores spread as real commune indices
  are (about 50 to 90 %), compared with their predecessors';
- 18 departments and agencies (sở, ban, ngành) under their own framework, reissued in 2024
  (renumbered, merged, split), with bonus, penalty and rounds: the old city's 2022–2024, then the
  merged city's 2025–2026, each formed from the old city's department of its code;
- publications.csv: every year published by its decision, 2026 still a draft;
- targets.csv: illustrative targets (chỉ tiêu minh họa), set by no real decision: every commune
  at least 80 % of the index and no area below 70 %, every district or department at least 85 %,
  in some years; one ward's own 90 % in 2024.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

from cchc_metrics.engine import schema

REFERENCE = Path(__file__).parent / "reference"
ARCHIVE_YEARS = range(2020, 2025)
NEW_YEARS = (2025, 2026)
DEPARTMENT_YEARS = range(2022, 2027)
PROVINCES = {"Hậu Giang": "hau-giang", "Sóc Trăng": "soc-trang"}
AREA_NAMES = {a[0]: a[1] for a in schema.DEFAULT_AREAS}

MERGER_YEAR = 2025  # the first year scored by the merged city
MERGED_NOTE = "merged city's department from 2025-07-01, formed from the former provinces'"
# The departments and agencies the Department of Home Affairs scores (code, name, type).
DEPARTMENTS = (
    ("SNV", "Nội vụ", "sở"),
    ("STC", "Tài chính", "sở"),
    ("STP", "Tư pháp", "sở"),
    ("SXD", "Xây dựng", "sở"),
    ("SCT", "Công Thương", "sở"),
    ("SGDDT", "Giáo dục và Đào tạo", "sở"),
    ("SYT", "Y tế", "sở"),
    ("SNNMT", "Nông nghiệp và Môi trường", "sở"),
    ("SKHCN", "Khoa học và Công nghệ", "sở"),
    ("SVHTTDL", "Văn hóa, Thể thao và Du lịch", "sở"),
    ("SDTTG", "Dân tộc và Tôn giáo", "sở"),
    ("SNGV", "Ngoại vụ", "sở"),
    ("TTTP", "Thanh tra thành phố", "cơ quan"),
    ("VPUB", "Văn phòng UBND thành phố", "cơ quan"),
    ("BQLKCN", "Quản lý các khu chế xuất và công nghiệp", "ban"),
    ("BQLDA", "Quản lý dự án đầu tư xây dựng", "ban"),
    ("DPTTH", "Đài Phát thanh và Truyền hình", "đơn vị sự nghiệp"),
    ("TTPVHCC", "Trung tâm Phục vụ hành chính công", "đơn vị sự nghiệp"),
)

# The commune framework: area → criteria, each with its sub-criteria (name, maximum). Survey
# criteria (IMPACT) are scored by the sociological survey. 70 appraisal + 30 survey points.
COMMUNE_TREE = (
    (
        "LEAD",
        8,
        (
            (
                "Kế hoạch CCHC năm",
                (("Ban hành kế hoạch đúng thời hạn", 1), ("Hoàn thành các nhiệm vụ của kế hoạch", 1.5)),
            ),
            ("Tuyên truyền CCHC", (("Có kế hoạch tuyên truyền", 0.5), ("Đa dạng hình thức tuyên truyền", 0.5))),
            ("Kiểm tra CCHC", (("Tự kiểm tra các bộ phận", 1), ("Khắc phục tồn tại sau kiểm tra", 1))),
            ("Báo cáo CCHC", (("Báo cáo đúng hạn", 0.5), ("Báo cáo đủ nội dung, số liệu", 0.5))),
            ("Sáng kiến CCHC", (("Có sáng kiến, mô hình mới", 1), ("Nhân rộng mô hình hiệu quả", 0.5))),
        ),
    ),
    (
        "INST",
        6,
        (
            ("Ban hành văn bản", (("Văn bản đúng thẩm quyền, thể thức", 1), ("Lấy ý kiến trước khi ban hành", 0.5))),
            ("Rà soát văn bản", (("Rà soát định kỳ", 1), ("Xử lý văn bản sau rà soát", 0.5))),
            ("Thi hành pháp luật", (("Theo dõi thi hành pháp luật", 1), ("Hòa giải ở cơ sở", 1), ("Tiếp công dân", 1))),
        ),
    ),
    (
        "PROC",
        12,
        (
            ("Công khai TTHC", (("Niêm yết đầy đủ tại bộ phận một cửa", 1.5), ("Công khai trên cổng thông tin", 1))),
            (
                "Giải quyết hồ sơ",
                (("Tỷ lệ hồ sơ đúng hạn", 2), ("Xin lỗi khi hồ sơ trễ hạn", 1), ("Không yêu cầu thêm giấy tờ", 1)),
            ),
            (
                "Phản ánh, kiến nghị",
                (("Tiếp nhận phản ánh, kiến nghị", 0.5), ("Xử lý đúng thời hạn", 1), ("Công khai kết quả xử lý", 0.5)),
            ),
            ("Đơn giản hóa TTHC", (("Rà soát, đề xuất đơn giản hóa", 1), ("Cắt giảm thời gian giải quyết", 1))),
            (
                "Liên thông TTHC",
                (("Liên thông khai sinh, thường trú, bảo hiểm y tế", 1), ("Liên thông khai tử, xóa thường trú", 0.5)),
            ),
        ),
    ),
    (
        "ORG",
        6,
        (
            ("Tổ chức bộ máy", (("Quy chế làm việc của UBND", 1), ("Phân công nhiệm vụ rõ ràng", 1))),
            ("Vị trí việc làm", (("Xác định vị trí việc làm", 1), ("Bố trí đúng vị trí", 1))),
            ("Thực hiện phân cấp", (("Thực hiện nhiệm vụ được phân cấp", 1), ("Báo cáo kết quả phân cấp", 1))),
        ),
    ),
    (
        "CIVIL",
        10,
        (
            ("Tuyển dụng, sử dụng", (("Tuyển dụng đúng quy định", 1), ("Bố trí công chức đạt chuẩn", 1))),
            ("Đào tạo, bồi dưỡng", (("Kế hoạch đào tạo, bồi dưỡng", 1), ("Tỷ lệ công chức được bồi dưỡng", 1))),
            ("Kỷ luật, kỷ cương", (("Chấp hành giờ giấc, nội quy", 1), ("Không có công chức bị kỷ luật", 1))),
            ("Đánh giá công chức", (("Đánh giá, xếp loại đúng quy định", 1), ("Công khai kết quả đánh giá", 1))),
            ("Thái độ phục vụ", (("Ứng xử đúng quy tắc", 0.5), ("Không bị phản ánh về thái độ", 0.5))),
            ("Văn hóa công vụ", (("Thực hiện văn hóa công sở", 0.5), ("Đeo thẻ công chức khi làm việc", 0.5))),
        ),
    ),
    (
        "ONESTOP",
        12,
        (
            ("Cơ sở vật chất một cửa", (("Diện tích, trang thiết bị đạt chuẩn", 1.5), ("Khu vực chờ, tra cứu", 0.5))),
            ("Sổ theo dõi và lưu trữ", (("Sổ theo dõi ghi đầy đủ thông tin", 1.5), ("Lưu trữ hồ sơ khoa học", 1.5))),
            ("Ủy quyền giải quyết", (("Ủy quyền khi lãnh đạo vắng mặt", 1), ("Không gián đoạn giải quyết hồ sơ", 1))),
            ("Trả kết quả", (("Trả kết quả đúng hẹn", 2), ("Trả kết quả qua bưu chính", 1))),
            ("Thông tin, hướng dẫn", (("Đường dây nóng, hộp thư góp ý", 1), ("Hướng dẫn một lần, đầy đủ", 1))),
        ),
    ),
    (
        "MODERN",
        16,
        (
            (
                "Phần mềm một cửa điện tử",
                (("Cập nhật hồ sơ trên phần mềm", 1.5), ("Tra cứu trạng thái hồ sơ", 1), ("Đánh giá điện tử", 0.5)),
            ),
            (
                "Dịch vụ công trực tuyến",
                (
                    ("Tỷ lệ hồ sơ trực tuyến toàn trình", 2),
                    ("Thanh toán trực tuyến", 1),
                    ("Hỗ trợ người dân nộp trực tuyến", 1),
                ),
            ),
            ("Văn bản điện tử", (("Gửi, nhận văn bản điện tử", 1), ("Ký số văn bản", 1), ("Lưu trữ điện tử", 0.5))),
            ("Số hóa hồ sơ", (("Số hóa kết quả giải quyết", 1.5), ("Tái sử dụng dữ liệu số hóa", 2))),
            (
                "Chuyển đổi số",
                (("Hạ tầng công nghệ thông tin", 1), ("Kỹ năng số của công chức", 1), ("An toàn thông tin", 1)),
            ),
        ),
    ),
    (
        "IMPACT",
        30,
        (
            ("Hài lòng về tiếp cận dịch vụ", (("Dễ tìm thông tin TTHC", 3), ("Thuận tiện khi nộp hồ sơ", 3))),
            ("Hài lòng về TTHC", (("TTHC đơn giản, dễ hiểu", 3), ("Phí, lệ phí hợp lý", 2))),
            ("Hài lòng về công chức", (("Thái độ lịch sự, tận tình", 3), ("Hướng dẫn đầy đủ, dễ hiểu", 3))),
            ("Hài lòng về kết quả", (("Kết quả đúng quy định", 3), ("Nhận kết quả đúng hẹn", 3))),
            ("Tiếp nhận góp ý", (("Có kênh góp ý thuận tiện", 3), ("Góp ý được phản hồi", 4))),
        ),
    ),
)

# The department framework: fewer criteria, their own areas weight (a 20-point survey).
DEPARTMENT_TREE = (
    (
        "LEAD",
        10,
        (
            ("Kế hoạch CCHC của sở", (("Ban hành kế hoạch đúng thời hạn", 2), ("Hoàn thành nhiệm vụ kế hoạch", 3))),
            (
                "Kiểm tra và báo cáo",
                (("Kiểm tra đơn vị trực thuộc", 2), ("Báo cáo đúng hạn", 1), ("Tuyên truyền CCHC", 2)),
            ),
        ),
    ),
    (
        "INST",
        10,
        (
            ("Tham mưu văn bản QPPL", (("Đúng kế hoạch xây dựng văn bản", 3), ("Chất lượng dự thảo", 2))),
            ("Rà soát, kiểm tra văn bản", (("Rà soát văn bản thuộc lĩnh vực", 3), ("Xử lý văn bản trái pháp luật", 2))),
        ),
    ),
    (
        "PROC",
        14,
        (
            ("Công bố, công khai TTHC", (("Công bố TTHC đúng hạn", 3), ("Công khai trên cơ sở dữ liệu quốc gia", 2))),
            (
                "Giải quyết TTHC",
                (("Tỷ lệ hồ sơ đúng hạn", 4), ("Xin lỗi khi trễ hạn", 2), ("Phân cấp, ủy quyền giải quyết", 3)),
            ),
        ),
    ),
    (
        "ORG",
        10,
        (
            ("Tổ chức bộ máy", (("Quy định chức năng, nhiệm vụ", 3), ("Sắp xếp đơn vị trực thuộc", 3))),
            ("Biên chế", (("Sử dụng biên chế đúng quy định", 2), ("Tinh giản biên chế", 2))),
        ),
    ),
    (
        "CIVIL",
        12,
        (
            (
                "Vị trí việc làm và tuyển dụng",
                (("Vị trí việc làm được phê duyệt", 3), ("Tuyển dụng, bổ nhiệm đúng quy định", 3)),
            ),
            ("Đào tạo và kỷ cương", (("Bồi dưỡng công chức", 3), ("Kỷ luật, kỷ cương hành chính", 3))),
        ),
    ),
    (
        "FIN",
        10,
        (
            (
                "Tài chính công",
                (("Tự chủ tại đơn vị sự nghiệp", 4), ("Công khai ngân sách", 3), ("Quản lý tài sản công", 3)),
            ),
        ),
    ),
    (
        "MODERN",
        14,
        (
            ("Chính quyền số", (("Dịch vụ công trực tuyến toàn trình", 4), ("Văn bản điện tử, chữ ký số", 3))),
            ("Số hóa và dữ liệu", (("Số hóa hồ sơ TTHC", 4), ("Kết nối cơ sở dữ liệu", 3))),
        ),
    ),
    (
        "IMPACT",
        20,
        (
            ("Hài lòng của người dân, doanh nghiệp", (("Hài lòng về TTHC", 6), ("Hài lòng về công chức", 6))),
            ("Tác động đến quản lý ngành", (("Chất lượng tham mưu chính sách", 4), ("Chỉ số PCI thành phần", 4))),
        ),
    ),
)

# Archives: the criteria each former province scored its districts and communes by, flat (one
# level), and its own band scheme. (area, criterion name, maximum); survey in IMPACT.
ARCHIVE_CRITERIA = {
    "Hậu Giang": (
        ("LEAD", "Kế hoạch và kiểm tra CCHC", 8),
        ("LEAD", "Tuyên truyền CCHC", 4),
        ("INST", "Văn bản quy phạm pháp luật", 8),
        ("PROC", "Công khai và giải quyết TTHC", 14),
        ("ORG", "Tổ chức bộ máy", 8),
        ("CIVIL", "Đội ngũ cán bộ, công chức", 10),
        ("ONESTOP", "Cơ chế một cửa, một cửa liên thông", 10),
        ("FIN", "Tài chính công", 6),
        ("MODERN", "Hiện đại hóa hành chính", 12),
        ("IMPACT", "Sự hài lòng của người dân", 20),
    ),
    "Sóc Trăng": (
        ("LEAD", "Công tác chỉ đạo, điều hành CCHC", 10),
        ("INST", "Xây dựng và thực hiện văn bản", 8),
        ("PROC", "Cải cách thủ tục hành chính", 12),
        ("ONESTOP", "Bộ phận tiếp nhận và trả kết quả", 10),
        ("ORG", "Cải cách tổ chức bộ máy", 8),
        ("CIVIL", "Chế độ công vụ", 10),
        ("FIN", "Cải cách tài chính công", 7),
        ("MODERN", "Ứng dụng công nghệ thông tin", 10),
        ("IMPACT", "Khảo sát mức độ hài lòng", 25),
    ),
}
ARCHIVE_BANDS = {
    "Hậu Giang": (
        (2020, "Xuất sắc", "Excellent", 90),
        (2020, "Tốt", "Good", 80),
        (2020, "Khá", "Fair", 65),
        (2020, "Trung bình", "Average", 50),
        (2020, "Yếu", "Weak", 0),
    ),
    "Sóc Trăng": (
        (2020, "Tốt", "Good", 85),
        (2020, "Khá", "Fair", 70),
        (2020, "Trung bình", "Average", 50),
        (2020, "Yếu", "Weak", 0),
    ),
}
ARCHIVE_TARGET = {"Hậu Giang": 82.0, "Sóc Trăng": 79.0}  # archive averages, rising by a point a year
DECISIONS = {  # (level, year) → the decision that published it; province archives by their own
    "commune": {2025: ("Quyết định số 512/QĐ-UBND", "2026-03-20")},
    "department": {y: (f"Quyết định số {300 + y % 100}/QĐ-UBND", f"{y + 1}-03-25") for y in range(2022, 2026)},
}
WEAKNESS_TEXTS = (
    "Hồ sơ lưu trữ chưa khoa học",
    "Sổ theo dõi hồ sơ thiếu thông tin",
    "Không giải quyết TTHC khi lãnh đạo vắng mặt, chưa ủy quyền",
    "Hồ sơ trễ hạn chưa có văn bản xin lỗi",
    "Thái độ phục vụ của công chức một cửa chưa tốt",
    "Tỷ lệ hồ sơ trực tuyến toàn trình còn thấp",
)
STRENGTH_TEXTS = (
    "Kế hoạch CCHC ban hành sớm ngay từ đầu năm",
    "Niêm yết công khai TTHC đầy đủ tại bộ phận một cửa",
    "Quan tâm đào tạo, bồi dưỡng cán bộ, công chức",
    "Ứng dụng tốt phần mềm một cửa điện tử",
)
RECOMMENDATION = "Khắc phục tồn tại trong 30 ngày và báo cáo kết quả về Sở Nội vụ"


def _read(name: str) -> list[dict]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(fh)]


def _num(x: float | None) -> str:
    return "" if x is None or (isinstance(x, float) and np.isnan(x)) else f"{x:g}"


def _write(path: Path, header, rows) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return len(rows)


# --- frameworks --------------------------------------------------------------------------------


def _nodes(framework_id: str, tree, renumber: dict | None = None) -> list[dict]:
    """The nodes of a tree: areas numbered 1.., criteria a.b, sub-criteria a.b.c (`renumber` maps
    an area code to another area number in a reissued version)."""
    nodes, order = [], 0
    for a, (area, _points, criteria) in enumerate(tree, start=1):
        number = str((renumber or {}).get(area, a))
        area_max = sum(m for _c, subs in criteria for _s, m in subs)
        order += 1
        nodes.append(dict(framework_id=framework_id, node_code=number, parent_code="", level_kind="area",
                          area_code=area, name_vi=AREA_NAMES[area], max_points=area_max,
                          source="survey" if area == "IMPACT" else "", sort_order=order))  # fmt: skip
        for c, (name, subs) in enumerate(criteria, start=1):
            code = f"{number}.{c}"
            order += 1
            nodes.append(dict(framework_id=framework_id, node_code=code, parent_code=number, level_kind="criterion",
                              area_code="", name_vi=name, max_points=sum(m for _s, m in subs), source="",
                              sort_order=order))  # fmt: skip
            for s, (sub, points) in enumerate(subs, start=1):
                order += 1
                nodes.append(dict(framework_id=framework_id, node_code=f"{code}.{s}", parent_code=code,
                                  level_kind="sub-criterion", area_code="", name_vi=sub, max_points=points,
                                  source="", sort_order=order))  # fmt: skip
    return nodes


def _reissued(tree, merge: tuple[str, int], split: tuple[str, int]):
    """A framework reissued: in area `merge[0]` the first two sub-criteria of criterion merge[1]
    become one (their maxima summed); in area `split[0]` the first sub-criterion of criterion
    split[1] becomes two, of half the maximum each."""
    out = []
    for area, points, criteria in tree:
        criteria = list(criteria)
        if area == merge[0]:
            name, subs = criteria[merge[1] - 1]
            (a, ma), (b, mb), *rest = subs
            criteria[merge[1] - 1] = (name, ((f"{a} và {b[0].lower() + b[1:]}", ma + mb), *rest))
        if area == split[0]:
            name, subs = criteria[split[1] - 1]
            (a, ma), *rest = subs
            criteria[split[1] - 1] = (name, ((f"{a}: kế hoạch", ma / 2), (f"{a}: kết quả", ma / 2), *rest))
        out.append((area, points, tuple(criteria)))
    return tuple(out)


def _crosswalk(old_id: str, old_nodes: list[dict], new_id: str, new_nodes: list[dict]) -> list[list]:
    """Each scored leaf of the old version to the leaf or leaves of the new one it became: the same
    (its number may have changed: renamed), merged into one, or split into two."""

    def leaves(nodes):
        parents = {n["parent_code"] for n in nodes}
        return [n for n in nodes if n["level_kind"] != "area" and n["node_code"] not in parents]

    new = leaves(new_nodes)
    rows = []
    for n in leaves(old_nodes):
        same = [m for m in new if m["name_vi"] == n["name_vi"]]
        merged = [
            m
            for m in new
            if m["name_vi"].startswith(n["name_vi"] + " và ")
            or m["name_vi"].endswith(" và " + n["name_vi"][0].lower() + n["name_vi"][1:])
        ]
        split = [m for m in new if m["name_vi"].startswith(n["name_vi"] + ": ")]
        if same:
            rows.append(
                [
                    old_id,
                    n["node_code"],
                    new_id,
                    same[0]["node_code"],
                    "same" if same[0]["node_code"] == n["node_code"] else "renamed",
                ]
            )
        elif merged:
            rows.append([old_id, n["node_code"], new_id, merged[0]["node_code"], "merged"])
        else:
            rows += [[old_id, n["node_code"], new_id, m["node_code"], "split"] for m in split]
    return rows


def frameworks() -> tuple[list[list], list[dict], list[list]]:
    """(framework_versions rows, framework_nodes, crosswalk rows) of the communes (2025, 2026)
    and the departments (2022–2023, 2024–)."""
    versions, nodes, crosswalk = [], [], []
    specs = (
        ("commune", COMMUNE_TREE, ("XA-2025", 2025, 2025, "rescale"), ("XA-2026", 2026, None, "zero"),
         ("PROC", 2), ("MODERN", 2), {"MODERN": 6, "ONESTOP": 7}, "Bộ chỉ số CCHC cấp xã"),
        ("department", DEPARTMENT_TREE, ("SO-2022", 2022, 2023, "zero"), ("SO-2024", 2024, None, "zero"),
         ("LEAD", 2), ("PROC", 2), {"MODERN": 6, "FIN": 7}, "Bộ chỉ số CCHC sở, ban, ngành"),
    )  # fmt: skip
    for level, tree, first, second, merge, split, renumber, title in specs:
        old_nodes = _nodes(first[0], tree)
        new_tree = _reissued(tree, merge, split)
        new_nodes = _nodes(second[0], new_tree, renumber)
        for framework_id, start, end, rule in (first, second):
            name = f"{title} {start}" + (" (thay thế bộ trước)" if framework_id == second[0] else "")
            versions.append([framework_id, name, level, start, "" if end is None else end, rule, 2, 3])
        nodes += old_nodes + new_nodes
        crosswalk += _crosswalk(first[0], old_nodes, second[0], new_nodes)
    return versions, nodes, crosswalk


# --- scores ------------------------------------------------------------------------------------


def _leaves(nodes: list[dict], framework_id: str) -> list[dict]:
    parents = {n["parent_code"] for n in nodes if n["framework_id"] == framework_id}
    area_of = {}
    for n in nodes:
        if n["framework_id"] == framework_id and n["level_kind"] == "area":
            area_of[n["node_code"]] = n["area_code"]
    return [
        {
            **n,
            "area_code": area_of[n["node_code"].split(".")[0]],
            "survey": area_of[n["node_code"].split(".")[0]] == "IMPACT",
        }
        for n in nodes
        if n["framework_id"] == framework_id and n["node_code"] not in parents and n["level_kind"] != "area"
    ]


def _draw_scores(leaves: list[dict], ability: float, rng: np.random.Generator, survey_run: bool, rounds: bool):
    """One unit's rows: (leaf, self score, first appraisal, final score) with quarter points."""
    rows = []
    for leaf in leaves:
        m = float(leaf["max_points"])
        if leaf["survey"] and not survey_run:
            rows.append((leaf, None, None, None))
            continue
        p = 1 / (1 + np.exp(-(ability + rng.normal(0, 0.9))))
        score = round(m * p * 4) / 4
        self_score = None if leaf["survey"] else min(m, round((score + m * rng.uniform(0, 0.25)) * 4) / 4)
        first = None
        if rounds:
            first = score if leaf["survey"] else max(0.0, score - round(m * rng.uniform(0, 0.2) * 4) / 4)
        rows.append((leaf, self_score, first, score))
    return rows


def _inspection_rows(year: int, unit: dict, drawn, note: str = "", province: str = "") -> list[list]:
    return [
        [year, unit["unit_code"], unit["unit_name"], leaf["area_code"], leaf["node_code"], leaf["name_vi"],
         _num(float(leaf["max_points"])), _num(self_score), _num(score), _num(first),
         "survey" if leaf["survey"] else "appraisal", note, province]
        for leaf, self_score, first, score in drawn
    ]  # fmt: skip


INSPECTION_HEADER = (
    "year", "unit_code", "unit_name", "area_code", "criterion_code", "criterion_name", "max_points",
    "self_score", "score", "first_score", "method", "note", "source_province",
)  # fmt: skip


# Sóc Trăng's archive keeps its own layout: Vietnamese headers, its own column order, no rounds
# (read by the headers' aliases in the contract, engine/schema.py)
ARCHIVE_LAYOUT = {
    "Sóc Trăng": (
        ("Năm", "year"), ("Mã ĐVHC", "unit_code"), ("Tên ĐVHC", "unit_name"), ("Tỉnh cũ", "source_province"),
        ("Mã lĩnh vực", "area_code"), ("Mã tiêu chí", "criterion_code"), ("Tiêu chí", "criterion_name"),
        ("Điểm tối đa", "max_points"), ("Điểm tự ĐG", "self_score"), ("Điểm thẩm định", "score"),
        ("Phương pháp", "method"), ("Ghi chú", "note"),
    ),
}  # fmt: skip


def _archive_layout(province: str, rows: list[list]) -> tuple[tuple, list[list]]:
    """The header and rows of a former province's archived year, in its own layout if it had one."""
    layout = ARCHIVE_LAYOUT.get(province)
    if layout is None:
        return INSPECTION_HEADER, rows
    at = [INSPECTION_HEADER.index(column) for _header, column in layout]
    return tuple(header for header, _column in layout), [[row[i] for i in at] for row in rows]


def _archive_leaves(province: str) -> list[dict]:
    slug_ = PROVINCES[province].split("-")
    prefix = "".join(s[0] for s in slug_).upper()
    return [
        {
            "node_code": f"{prefix}.{area}.{i}",
            "name_vi": name,
            "max_points": m,
            "area_code": area,
            "survey": area == "IMPACT",
        }
        for i, (area, name, m) in enumerate(ARCHIVE_CRITERIA[province], start=1)
    ]


def _index_of(drawn) -> float:
    got = [(s, float(leaf["max_points"])) for leaf, _self, _first, s in drawn if s is not None]
    return 100 * sum(s for s, _m in got) / sum(m for _s, m in got)


def _findings(year: int, unit: dict, drawn, rng: np.random.Generator) -> list[list]:
    """Two or three findings grounded in the unit's scores: its best criterion a strength, its worst a weakness."""
    scored = [
        (score / float(leaf["max_points"]), leaf)
        for leaf, _s, _f, score in drawn
        if score is not None and not leaf["survey"]
    ]
    scored.sort(key=lambda x: x[0])
    day = dt.date(year, 4, 1) + dt.timedelta(days=int(rng.integers(0, 120)))
    worst, best = scored[0][1], scored[-1][1]
    rows = [
        [year, unit["unit_code"], worst["area_code"], worst["node_code"], "weakness",
         WEAKNESS_TEXTS[int(rng.integers(0, len(WEAKNESS_TEXTS)))], day.isoformat()],
        [year, unit["unit_code"], best["area_code"], best["node_code"], "strength",
         STRENGTH_TEXTS[int(rng.integers(0, len(STRENGTH_TEXTS)))], day.isoformat()],
    ]  # fmt: skip
    if rng.random() < 0.7:
        rows.append([year, unit["unit_code"], "", "", "recommendation", RECOMMENDATION, day.isoformat()])
    return rows


def generate(out_dir: Path, seed: int, old_index: dict[str, float]) -> tuple[dict, list[dict], list[dict]]:
    """Write the merged province's files into `out_dir`; returns the rows written per file, and
    the units and lineage rows to add to demo.py's. `old_index`: old Cần Thơ's 2024 index per unit
    code, the base of the new communes made from them."""
    rng = np.random.default_rng([seed, 2025])
    out_dir = Path(out_dir)
    counts: dict[str, int] = {}
    merged = _read("merged_units.csv")
    lineage = _read("merged_lineage.csv")
    # the old city's departments until the merger, then the merged city's, formed from them
    departments = [
        dict(unit_code=c, unit_name=n, unit_type=t, level="department", parent_code="", valid_from_year=start,
             valid_to_year=end, note=note, source_province=province)
        for c, n, t in DEPARTMENTS
        for start, end, note, province in (("2022", "2024", "", "Cần Thơ"), ("2025", "", MERGED_NOTE, ""))
    ]  # fmt: skip
    lineage = lineage + [
        dict(old_code=c, old_valid_to_year="2024", new_code=c, new_valid_from_year="2025", change="merge_full",
             effective_date="2025-07-01")
        for c, _n, _t in DEPARTMENTS
    ]  # fmt: skip
    versions, nodes, crosswalk = frameworks()
    header = (
        "framework_id",
        "name",
        "level",
        "valid_from_year",
        "valid_to_year",
        "survey_rule",
        "bonus_cap",
        "penalty_cap",
    )
    counts["framework_versions.csv"] = _write(out_dir / "framework_versions.csv", header, versions)
    node_columns = (
        "framework_id",
        "node_code",
        "parent_code",
        "level_kind",
        "area_code",
        "name_vi",
        "max_points",
        "source",
        "sort_order",
    )
    counts["framework_nodes.csv"] = _write(
        out_dir / "framework_nodes.csv",
        node_columns,
        [[n[c] if c != "max_points" else _num(n[c]) for c in node_columns] for n in nodes],
    )
    counts["crosswalk.csv"] = _write(out_dir / "crosswalk.csv", schema.CROSSWALK.names, crosswalk)

    # the archives of Hậu Giang and Sóc Trăng, 2020–2024: each unit's ability persists
    index_2024: dict[str, float] = dict(old_index)
    for province, slug_ in PROVINCES.items():
        units = [u for u in merged if u["source_province"] == province]
        leaves = _archive_leaves(province)
        ability = {u["unit_code"]: rng.normal(0, 0.45 if u["level"] == "commune" else 0.3) for u in units}
        for year in ARCHIVE_YEARS:
            shift = np.log(ARCHIVE_TARGET[province] / (100 - ARCHIVE_TARGET[province])) + 0.05 * (year - 2020)
            rows, found = [], []
            for u in sorted(units, key=lambda u: (u["level"] != "district", u["unit_code"])):
                drawn = _draw_scores(leaves, shift + ability[u["unit_code"]], rng, True, False)
                rows += _inspection_rows(year, u, drawn, province=province)
                if year == 2024:
                    index_2024[u["unit_code"]] = _index_of(drawn)
                if u["level"] == "commune" and rng.random() < 0.04:
                    found += _findings(year, u, drawn, rng)
            name = f"{year}-{slug_}.csv"
            counts[f"inspections/{name}"] = _write(out_dir / "inspections" / name, *_archive_layout(province, rows))
            if found:
                counts[f"findings/{name}"] = _write(out_dir / "findings" / name, schema.FINDINGS.names, found)

    # the 103 units of 2025-2026: their ability from their predecessors' 2024 index, a harder framework
    links = _read("can_tho_lineage.csv") + lineage
    new_units = [u for u in _read("can_tho_units.csv") + merged if u["valid_from_year"] == "2025"]
    ability = {}
    for u in sorted(new_units, key=lambda u: u["unit_code"]):
        before = [
            (index_2024[r["old_code"]], 0.5 if r["change"] in schema.LINEAGE_PARTIAL else 1.0)
            for r in links
            if r["new_code"] == u["unit_code"] and r["new_valid_from_year"] == "2025" and r["old_code"] in index_2024
        ]
        base = sum(i * w for i, w in before) / sum(w for _i, w in before) if before else 80.0
        ability[u["unit_code"]] = 0.8 * (np.log(base / (100 - base)) - np.log(82 / 18)) + rng.normal(0, 0.3)
    adjustments: dict[int, list[list]] = {}
    for year, framework_id, survey_run in ((2025, "XA-2025", False), (2026, "XA-2026", True)):
        leaves = _leaves(nodes, framework_id)
        rows, found = [], []
        for u in sorted(new_units, key=lambda u: u["unit_code"]):
            a = ability[u["unit_code"]] + (0.25 if year == 2026 else 0.0) + rng.normal(0, 0.15)
            drawn = _draw_scores(leaves, 1.0 + a, rng, survey_run, True)
            rows += _inspection_rows(year, u, drawn)
            if rng.random() < 0.1:
                found += _findings(year, u, drawn, rng)
            if rng.random() < 0.06:
                adjustments.setdefault(year, []).append(
                    [year, u["unit_code"], "bonus", _num(float(rng.choice([0.5, 1, 1.5, 2]))),
                     "Sáng kiến CCHC được công nhận", f"QĐ {int(rng.integers(10, 99))}/QĐ-UBND"])  # fmt: skip
            elif rng.random() < 0.05:
                adjustments.setdefault(year, []).append(
                    [year, u["unit_code"], "penalty", _num(float(rng.choice([1, 2, 3]))),
                     "Chậm báo cáo CCHC theo quy định", f"CV {int(rng.integers(100, 999))}/SNV"])  # fmt: skip
        counts[f"inspections/{year}.csv"] = _write(out_dir / "inspections" / f"{year}.csv", INSPECTION_HEADER, rows)
        counts[f"findings/{year}.csv"] = _write(out_dir / "findings" / f"{year}.csv", schema.FINDINGS.names, found)

    # the departments, 2022-2026
    dept_ability = {c: rng.normal(0, 0.6) for c, _n, _t in DEPARTMENTS}
    for year in DEPARTMENT_YEARS:
        framework_id = "SO-2022" if year < 2024 else "SO-2024"
        leaves = _leaves(nodes, framework_id)
        rows, found = [], []
        for u in [u for u in departments if (year < MERGER_YEAR) == (u["source_province"] == "Cần Thơ")]:
            drawn = _draw_scores(
                leaves, 1.2 + 0.1 * (year - 2022) + dept_ability[u["unit_code"]], rng, True, year >= 2025
            )
            rows += _inspection_rows(year, u, drawn, province=u["source_province"])
            if rng.random() < 0.25:
                found += _findings(year, u, drawn, rng)
            if rng.random() < 0.12:
                kind, points = ("bonus", 1.5) if rng.random() < 0.6 else ("penalty", 2.0)
                adjustments.setdefault(year, []).append(
                    [year, u["unit_code"], kind, _num(points), "Kết quả thực hiện nhiệm vụ CCHC trọng tâm",
                     f"QĐ {int(rng.integers(10, 99))}/QĐ-SNV"])  # fmt: skip
        name = f"{year}-departments.csv"
        counts[f"inspections/{name}"] = _write(out_dir / "inspections" / name, INSPECTION_HEADER, rows)
        if found:
            counts[f"findings/{name}"] = _write(out_dir / "findings" / name, schema.FINDINGS.names, found)
    for year, rows in sorted(adjustments.items()):
        counts[f"adjustments/{year}.csv"] = _write(
            out_dir / "adjustments" / f"{year}.csv", schema.ADJUSTMENTS.names, rows
        )

    publications = [[y, "department", "published", d, date, ""] for y, (d, date) in DECISIONS["department"].items()]
    publications += [[2025, "commune", "published", *DECISIONS["commune"][2025], ""]]
    publications += [[2026, level, "draft", "", "", ""] for level in ("commune", "department")]
    publications += [
        [y, level, "published", f"Quyết định số {200 + y % 100}/QĐ-UBND tỉnh {p}", f"{y + 1}-03-15", p]
        for p in PROVINCES
        for y in ARCHIVE_YEARS
        for level in ("district", "commune")
    ]
    counts["publications.csv"] = _write(out_dir / "publications.csv", schema.PUBLICATIONS.names, publications)
    counts["targets.csv"] = _write(out_dir / "targets.csv", schema.TARGETS.names, _targets())
    return counts, merged + departments, lineage


def _targets() -> list[list]:
    """The demo's targets (illustrative: no real decision set them)."""
    every = "Chỉ tiêu minh họa: mọi {level} đạt từ {pct} % chỉ số"
    areas = "Chỉ tiêu minh họa: không lĩnh vực nào dưới 70 %"
    names = {"commune": "xã, phường", "district": "quận, huyện", "department": "sở, ban, ngành"}
    rows = []
    for year, levels in ((2014, ("commune", "district")), (2015, ("commune", "district")), (2023, ("commune",)),
                         (2024, ("commune", "district")), (2025, ("commune", "department")),
                         (2026, ("commune", "department"))):  # fmt: skip
        for level in levels:
            pct = 80 if level == "commune" else 85
            rows.append([year, level, "", "", pct, every.format(level=names[level], pct=pct)])
            if level == "commune":
                rows.append([year, level, "", schema.EVERY_AREA, 70, areas])
        if year == 2024:
            rows.append([year, "commune", "31117", "", 90, "Chỉ tiêu minh họa riêng của phường Cái Khế"])
    return rows
