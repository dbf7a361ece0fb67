"""The data contract: every file, column, type, code and default the project reads.

This module is the single source of column names. SQL identifiers are built only from
the names declared here, never from user input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The levels a province scores: districts (until 30 June 2025), communes, and the province's own
# departments and agencies (sở, ban, ngành), which the Department of Home Affairs scores too.
LEVELS = ("district", "commune", "department")
UNIT_TYPES = {
    "quận": "district",
    "huyện": "district",
    "thị xã": "district",
    "thành phố": "district",
    "phường": "commune",
    "xã": "commune",
    "thị trấn": "commune",
    "đặc khu": "commune",
    "sở": "department",
    "ban": "department",
    "ngành": "department",
    "cơ quan": "department",
    "đơn vị sự nghiệp": "department",
}
PUBLICATION_STATUSES = ("draft", "appraised", "approved", "published")
METHODS = ("appraisal", "survey")
NODE_KINDS = ("area", "criterion", "sub-criterion")  # the depth of a framework node, top first
SURVEY_RULES = ("rescale", "zero")  # a unit without survey points: appraised points alone, or survey as 0
CROSSWALK_RELATIONS = ("same", "renamed", "merged", "split", "new", "dropped")
ADJUSTMENT_KINDS = ("bonus", "penalty")
FINDING_KINDS = ("strength", "weakness", "recommendation")

# The nine reform areas of domain.md, in report order. Labels live here and in areas.csv only.
DEFAULT_AREAS = (
    ("LEAD", "Công tác chỉ đạo, điều hành CCHC", "Direction and management of reform", 1),
    ("INST", "Cải cách thể chế", "Institutional reform", 2),
    ("PROC", "Cải cách thủ tục hành chính", "Administrative-procedure reform", 3),
    ("ORG", "Cải cách tổ chức bộ máy hành chính", "Organisational reform", 4),
    ("CIVIL", "Cải cách chế độ công vụ", "Civil-service reform", 5),
    ("ONESTOP", "Thực hiện cơ chế một cửa, một cửa liên thông", "One-stop mechanism", 6),
    ("FIN", "Cải cách tài chính công", "Public-finance reform", 7),
    ("MODERN", "Hiện đại hóa hành chính", "Modernisation, digital government", 8),
    ("IMPACT", "Tác động của CCHC đến người dân, tổ chức", "Impact on people and development", 9),
)
AREA_CODES = tuple(a[0] for a in DEFAULT_AREAS)

# Default classification: in force for every year unless bands.csv says otherwise.
DEFAULT_BANDS = (
    (1900, "Rất tốt", "Very good", 90.0),
    (1900, "Tốt", "Good", 80.0),
    (1900, "Khá", "Fair", 70.0),
    (1900, "Trung bình", "Average", 50.0),
    (1900, "Yếu", "Weak", 0.0),
)


@dataclass(frozen=True)
class Column:
    """One column of a data file.

    kind: text | code | int | number | date. `code` is text that must keep leading zeros.
    required: the column must be present in the file; nullable: a cell may be empty.
    allowed: the only accepted values (after trimming), where the set is closed.
    aliases: other header spellings accepted from analysts' files (Vietnamese first).
    """

    name: str
    kind: str
    required: bool = True
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    aliases: tuple[str, ...] = ()

    @property
    def sql_type(self) -> str:
        return {"text": "VARCHAR", "code": "VARCHAR", "int": "INTEGER", "number": "DOUBLE", "date": "DATE"}[self.kind]


@dataclass(frozen=True)
class Table:
    """One kind of data file: its columns and the columns that identify a row."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    optional_file: bool = False
    per_year: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


UNITS = Table(
    "units",
    (
        Column("unit_code", "code", aliases=("Mã đơn vị", "Mã ĐVHC", "Mã")),
        Column("unit_name", "text", aliases=("Tên đơn vị", "Tên ĐVHC", "Tên")),
        Column("unit_type", "text", allowed=tuple(UNIT_TYPES), aliases=("Loại đơn vị", "Loại")),
        Column("level", "text", allowed=LEVELS, aliases=("Cấp",)),
        Column("parent_code", "code", nullable=True, aliases=("Mã đơn vị cấp trên", "Mã quận/huyện")),
        Column("valid_from_year", "int", nullable=True, aliases=("Hiệu lực từ năm", "Từ năm")),
        Column("valid_to_year", "int", nullable=True, aliases=("Hiệu lực đến năm", "Đến năm")),
        Column("note", "text", required=False, nullable=True, aliases=("Ghi chú",)),
        Column(
            "source_province",
            "text",
            required=False,
            nullable=True,
            aliases=("Tỉnh cũ", "Thuộc tỉnh", "Tỉnh, thành phố cũ"),
        ),
    ),
    key=("unit_code", "valid_from_year"),
)

AREAS = Table(
    "areas",
    (
        Column("area_code", "code", aliases=("Mã lĩnh vực",)),
        Column("name_vi", "text", aliases=("Tên lĩnh vực",)),
        Column("name_en", "text", aliases=("Tên tiếng Anh",)),
        Column("sort_order", "int", aliases=("Thứ tự",)),
    ),
    key=("area_code",),
    optional_file=True,
)

BANDS = Table(
    "bands",
    (
        Column("from_year", "int", aliases=("Áp dụng từ năm", "Từ năm")),
        Column("label_vi", "text", aliases=("Xếp loại",)),
        Column("label_en", "text", aliases=("Xếp loại (tiếng Anh)",)),
        Column("min_pct", "number", aliases=("Từ % trở lên", "Tỷ lệ tối thiểu")),
        Column("source_province", "text", required=False, nullable=True, aliases=("Tỉnh cũ",)),
    ),
    key=("from_year", "min_pct"),
    optional_file=True,
)

INSPECTIONS = Table(
    "inspections",
    (
        Column("year", "int", aliases=("Năm", "Năm đánh giá")),
        Column("unit_code", "code", aliases=("Mã đơn vị", "Mã ĐVHC")),
        Column("area_code", "code", aliases=("Mã lĩnh vực",)),
        Column("criterion_code", "code", aliases=("Mã tiêu chí",)),
        Column("criterion_name", "text", aliases=("Tên tiêu chí", "Tiêu chí")),
        Column("max_points", "number", aliases=("Điểm tối đa",)),
        Column(
            "self_score",
            "number",
            required=False,
            nullable=True,
            aliases=("Điểm tự chấm", "Điểm tự đánh giá", "Điểm tự ĐG"),
        ),
        Column("score", "number", nullable=True, aliases=("Điểm thẩm định", "Điểm đạt", "Điểm")),
        Column(
            "first_score",
            "number",
            required=False,
            nullable=True,
            aliases=("Điểm thẩm định lần 1", "Điểm thẩm định lần đầu", "Điểm thẩm định trước giải trình"),
        ),
        Column("unit_name", "text", required=False, nullable=True, aliases=("Tên đơn vị", "Tên ĐVHC")),
        Column("method", "text", required=False, nullable=True, allowed=METHODS, aliases=("Phương pháp",)),
        Column("note", "text", required=False, nullable=True, aliases=("Ghi chú",)),
        Column("source_province", "text", required=False, nullable=True, aliases=("Tỉnh cũ",)),
    ),
    key=("unit_code", "criterion_code"),
    per_year=True,
)

FINDINGS = Table(
    "findings",
    (
        Column("year", "int", aliases=("Năm",)),
        Column("unit_code", "code", aliases=("Mã đơn vị", "Mã ĐVHC")),
        Column("area_code", "code", required=False, nullable=True, aliases=("Mã lĩnh vực",)),
        Column("criterion_code", "code", required=False, nullable=True, aliases=("Mã tiêu chí",)),
        Column("kind", "text", allowed=FINDING_KINDS, aliases=("Loại", "Loại nhận xét")),
        Column("text", "text", aliases=("Nội dung", "Nhận xét")),
        Column("inspected_on", "date", required=False, nullable=True, aliases=("Ngày kiểm tra",)),
    ),
    per_year=True,
    optional_file=True,
)

# How an old unit version passed into a new one. Partial kinds: only part of the old unit went
# into the new one, so its scores describe the new unit only in part (flagged in trends).
LINEAGE_CHANGES = ("merge_full", "merge_partial", "split", "rename", "unchanged")
LINEAGE_PARTIAL = ("merge_partial", "split")
# How much a predecessor that went into a new unit only in part counts in the new unit's history
# and baseline, against 1 for a whole predecessor.
PARTIAL_WEIGHT = 0.5

LINEAGE = Table(
    "lineage",
    (
        Column("old_code", "code", aliases=("Mã đơn vị cũ", "Mã cũ")),
        Column("old_valid_to_year", "int", aliases=("Năm cuối của đơn vị cũ",)),
        Column("new_code", "code", aliases=("Mã đơn vị mới", "Mã mới")),
        Column("new_valid_from_year", "int", aliases=("Năm đầu của đơn vị mới",)),
        Column("change", "text", allowed=LINEAGE_CHANGES, aliases=("Hình thức sắp xếp", "Loại thay đổi")),
        Column("effective_date", "date", required=False, nullable=True, aliases=("Ngày hiệu lực",)),
    ),
    key=("old_code", "old_valid_to_year", "new_code", "new_valid_from_year"),
    optional_file=True,
)

# The framework: versions (which set of criteria scores which level in which years) and their
# trees of nodes. Optional: without them, the criteria of the yearly files are the framework.
FRAMEWORK_VERSIONS = Table(
    "framework_versions",
    (
        Column("framework_id", "code", aliases=("Mã bộ tiêu chí",)),
        Column("name", "text", aliases=("Tên bộ tiêu chí", "Văn bản ban hành")),
        Column("level", "text", allowed=LEVELS, aliases=("Cấp",)),
        Column("valid_from_year", "int", aliases=("Áp dụng từ năm", "Từ năm")),
        Column("valid_to_year", "int", nullable=True, aliases=("Áp dụng đến năm", "Đến năm")),
        Column(
            "survey_rule", "text", required=False, nullable=True, allowed=SURVEY_RULES, aliases=("Khi không điều tra",)
        ),
        Column("bonus_cap", "number", required=False, nullable=True, aliases=("Điểm thưởng tối đa",)),
        Column("penalty_cap", "number", required=False, nullable=True, aliases=("Điểm trừ tối đa",)),
    ),
    key=("framework_id",),
    optional_file=True,
)

FRAMEWORK_NODES = Table(
    "framework_nodes",
    (
        Column("framework_id", "code", aliases=("Mã bộ tiêu chí",)),
        Column("node_code", "code", aliases=("Mã", "STT", "Số thứ tự")),
        Column("parent_code", "code", nullable=True, aliases=("Mã cấp trên",)),
        Column("level_kind", "text", allowed=NODE_KINDS, aliases=("Loại",)),
        Column("area_code", "code", nullable=True, aliases=("Mã lĩnh vực",)),
        Column("name_vi", "text", aliases=("Tên", "Nội dung")),
        Column("name_en", "text", required=False, nullable=True, aliases=("Tên tiếng Anh",)),
        Column("max_points", "number", aliases=("Điểm tối đa",)),
        Column("source", "text", required=False, nullable=True, allowed=METHODS, aliases=("Nguồn điểm",)),
        Column("rubric", "text", required=False, nullable=True, aliases=("Hướng dẫn chấm",)),
        Column("sort_order", "int", required=False, nullable=True, aliases=("Thứ tự",)),
    ),
    key=("framework_id", "node_code"),
    optional_file=True,
)

CROSSWALK = Table(
    "crosswalk",
    (
        Column("from_framework", "code", aliases=("Bộ tiêu chí cũ",)),
        Column("from_node", "code", nullable=True, aliases=("Mã cũ",)),
        Column("to_framework", "code", aliases=("Bộ tiêu chí mới",)),
        Column("to_node", "code", nullable=True, aliases=("Mã mới",)),
        Column("relation", "text", allowed=CROSSWALK_RELATIONS, aliases=("Quan hệ",)),
    ),
    key=("from_framework", "from_node", "to_framework", "to_node"),
    optional_file=True,
)

# Where each year's results of a level stand: a draft is marked as such on every chart and slide,
# a published year's source line names its decision.
PUBLICATIONS = Table(
    "publications",
    (
        Column("year", "int", aliases=("Năm",)),
        Column("level", "text", allowed=LEVELS, aliases=("Cấp",)),
        Column("status", "text", allowed=PUBLICATION_STATUSES, aliases=("Tình trạng",)),
        Column("decision", "text", required=False, nullable=True, aliases=("Quyết định", "Số quyết định")),
        Column("decision_date", "date", required=False, nullable=True, aliases=("Ngày quyết định", "Ngày ban hành")),
        Column("source_province", "text", required=False, nullable=True, aliases=("Tỉnh cũ",)),
    ),
    key=("year", "level", "source_province"),
    optional_file=True,
)

# Bonus and penalty points of a unit in a year, kept apart from the criteria (per_year).
ADJUSTMENTS = Table(
    "adjustments",
    (
        Column("year", "int", aliases=("Năm",)),
        Column("unit_code", "code", aliases=("Mã đơn vị", "Mã ĐVHC")),
        Column("kind", "text", allowed=ADJUSTMENT_KINDS, aliases=("Loại",)),
        Column("points", "number", aliases=("Điểm",)),
        Column("reason", "text", aliases=("Lý do",)),
        Column("source_document", "text", required=False, nullable=True, aliases=("Văn bản", "Căn cứ")),
    ),
    per_year=True,
    optional_file=True,
)

# Where each unit sits on the tile map (sơ đồ ô): one equal square per unit of a level, placed to
# keep neighbours near. Optional: without it the map lays the units out by former district.
TILES = Table(
    "tiles",
    (
        Column("unit_code", "code", aliases=("Mã đơn vị", "Mã ĐVHC", "Mã")),
        Column("row", "int", aliases=("Hàng", "Dòng")),
        Column("col", "int", aliases=("Cột",)),
        Column("valid_from_year", "int", required=False, nullable=True, aliases=("Hiệu lực từ năm", "Từ năm")),
    ),
    key=("unit_code", "valid_from_year"),
    optional_file=True,
)

# The province's targets (chỉ tiêu) per year and level: a minimum % of the index (area_code empty)
# or of an area (its code, or EVERY_AREA for each area), for every unit (unit_code empty) or one.
EVERY_AREA = "*"
TARGETS = Table(
    "targets",
    (
        Column("year", "int", aliases=("Năm",)),
        Column("level", "text", allowed=LEVELS, aliases=("Cấp",)),
        Column("unit_code", "code", required=False, nullable=True, aliases=("Mã đơn vị", "Mã ĐVHC")),
        Column("area_code", "code", required=False, nullable=True, aliases=("Mã lĩnh vực",)),
        Column("min_pct", "number", aliases=("Chỉ tiêu tối thiểu (%)", "Chỉ tiêu (%)", "Chỉ tiêu")),
        Column("note", "text", required=False, nullable=True, aliases=("Ghi chú", "Căn cứ")),
    ),
    key=("year", "level", "unit_code", "area_code"),
    optional_file=True,
)

TABLES = {
    t.name: t
    for t in (
        UNITS,
        AREAS,
        BANDS,
        INSPECTIONS,
        FINDINGS,
        LINEAGE,
        FRAMEWORK_VERSIONS,
        FRAMEWORK_NODES,
        CROSSWALK,
        ADJUSTMENTS,
        PUBLICATIONS,
        TILES,
        TARGETS,
    )
}


def quote_ident(name: str) -> str:
    """Quote a column name declared in this module for use in SQL; refuse anything else."""
    known = {c.name for t in TABLES.values() for c in t.columns}
    if name not in known:
        raise ValueError(f"not a schema column: {name!r}")
    return '"' + name + '"'


def quote_literals(texts) -> str:
    """Strings as an SQL list of literals (quotes doubled), where no parameter can go (a view)."""
    return "[" + ", ".join("'" + str(t).replace("'", "''") + "'" for t in texts) + "]"
