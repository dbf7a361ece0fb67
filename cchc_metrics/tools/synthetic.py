"""Large synthetic data sets in the data contract, for measuring the engine and the app at scale.

Separate from demo.py (the Cần Thơ demo data): here nothing is real, not even the unit list.
Sizes: a large province (30 districts, 600 communes) and the whole country (700 districts,
10,600 communes), each with 100 criteria per level and 10 years: about 11 million score rows
at national scale. The arrays are drawn with numpy and written by Arrow's CSV writer, so the
national set takes seconds, not minutes.

The scores have the structure real files have: units differ persistently, a district's communes
share part of its level, reform areas and criteria differ in difficulty, each unit is stronger in
some areas than others, everyone improves slowly over the years, the self-assessed score is
almost always at or above the appraised one, and about 1 % of criteria do not apply to a unit
(both scores empty). The same seed gives the same files.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from cchc_metrics.engine import schema

STEP = 0.25  # points are given in quarter points
NOT_APPLICABLE_SHARE = 0.01
UNDER_CLAIM_SHARE = 0.03  # units that self-score a criterion below the appraisal
FINDINGS_SHARE = 0.02  # units inspected on site each year (findings written)
DONE_MARK = ".complete"  # written last: a folder without it is an interrupted generation
SCALED_LEVELS = ("district", "commune")  # a synthetic set holds districts and communes


@dataclass(frozen=True)
class Scale:
    """How big a synthetic data set is: units per level, criteria per level, years."""

    name: str
    districts: int
    communes: int
    criteria: int
    years: int
    first_year: int = 2015

    @property
    def last_year(self) -> int:
        return self.first_year + self.years - 1

    @property
    def score_rows(self) -> int:
        return (self.districts + self.communes) * self.criteria * self.years


SCALES = {
    "province": Scale("province", 30, 600, 100, 10),
    "national": Scale("national", 700, 10_600, 100, 10),
}

# Syllables of place names (NFC). Pairs give 48 × 47 distinct names: districts are unique,
# communes repeat across the country as real commune names do, but not within a district.
SYLLABLES = (
    "An",
    "Bình",
    "Châu",
    "Đông",
    "Gia",
    "Hòa",
    "Hưng",
    "Khánh",
    "Long",
    "Minh",
    "Mỹ",
    "Nam",
    "Nhơn",
    "Phong",
    "Phú",
    "Phước",
    "Quang",
    "Tân",
    "Thạnh",
    "Thành",
    "Thới",
    "Thuận",
    "Tiên",
    "Trung",
    "Vĩnh",
    "Xuân",
    "Yên",
    "Điền",
    "Lộc",
    "Lợi",
    "Hiệp",
    "Hội",
    "Sơn",
    "Thủy",
    "Hải",
    "Lâm",
    "Định",
    "Đức",
    "Hậu",
    "Tây",
    "Bắc",
    "Lạc",
    "Nghĩa",
    "Phát",
    "Thịnh",
    "Trường",
    "Vân",
    "Kiều",
)
DISTRICT_TYPES = (("huyện", 0.70), ("quận", 0.15), ("thị xã", 0.10), ("thành phố", 0.05))
COMMUNE_TYPES = (("xã", 0.75), ("phường", 0.20), ("thị trấn", 0.05))
# Share of a level's criteria in each area (IMPACT carries the survey), and how hard each area is
# (logit shift: negative = harder).
AREA_SHARE = {
    "LEAD": 10,
    "INST": 9,
    "PROC": 13,
    "ORG": 8,
    "CIVIL": 10,
    "ONESTOP": 12,
    "FIN": 8,
    "MODERN": 12,
    "IMPACT": 18,
}
AREA_EASE = {
    "LEAD": 0.6,
    "INST": 0.3,
    "PROC": 0.1,
    "ORG": 0.5,
    "CIVIL": 0.2,
    "ONESTOP": -0.1,
    "FIN": 0.2,
    "MODERN": -0.4,
    "IMPACT": -0.2,
}
STEMS = {
    "LEAD": ("Kế hoạch CCHC năm", "Hoàn thành kế hoạch CCHC", "Tuyên truyền CCHC", "Kiểm tra CCHC", "Báo cáo CCHC"),
    "INST": ("Ban hành văn bản QPPL", "Rà soát văn bản QPPL", "Theo dõi thi hành pháp luật"),
    "PROC": ("Công khai TTHC", "Hồ sơ giải quyết đúng hạn", "Rà soát TTHC", "Xử lý phản ánh về TTHC"),
    "ORG": ("Tổ chức bộ máy", "Phân cấp quản lý", "Vị trí việc làm"),
    "CIVIL": ("Tuyển dụng công chức", "Đào tạo và bồi dưỡng", "Kỷ luật và kỷ cương"),
    "ONESTOP": ("Trang thiết bị một cửa", "Sổ theo dõi hồ sơ", "Một cửa liên thông", "Văn bản xin lỗi"),
    "FIN": ("Tự chủ tài chính", "Công khai ngân sách", "Quản lý tài sản công"),
    "MODERN": ("Ứng dụng CNTT", "Dịch vụ công trực tuyến", "ISO 9001", "Chữ ký số"),
    "IMPACT": ("Hài lòng về TTHC", "Thái độ phục vụ", "Kết quả giải quyết", "Tác động KT-XH"),
}
LEVEL_PREFIX = {"district": "H", "commune": "X"}
LEVEL_BASE = {"district": 1.55, "commune": 1.25}  # logit of the first year's typical share of points
YEARLY_GAIN = 0.09  # logit gained per year by the typical unit
INSPECTIONS_COLUMNS = (
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
)
# No quotes: Arrow would quote every text cell, a third more bytes to read. Safe because no
# generated text holds a comma, a quote or a line break (checked in _plain).
CSV_OPTIONS = pacsv.WriteOptions(include_header=True, quoting_style="none")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _plain(texts: list[str]) -> pa.Array:
    """Text cells for the unquoted CSV writer; refuses a cell that would need quotes."""
    bad = [t for t in texts if any(ch in t for ch in ',"\n\r')]
    if bad:
        raise ValueError(f"text needs CSV quoting: {bad[0]!r}")
    return pa.array(texts)


@dataclass(frozen=True)
class _Units:
    """Units of both levels, districts first; arrays indexed by unit position."""

    codes: list[str]
    names: list[str]
    types: list[str]
    levels: list[str]
    parents: list[str]
    district_of: np.ndarray  # district position of each unit (itself for a district)

    def of_level(self, level: str) -> np.ndarray:
        return np.array([i for i, lv in enumerate(self.levels) if lv == level])


def _draw_units(scale: Scale, rng: np.random.Generator) -> _Units:
    # National-statistics-like codes: districts 3 digits, communes 5, numbered along the tree so
    # that a district's communes are contiguous. More than 999 districts get a 4th digit.
    dw = max(3, len(str(scale.districts)))
    cw = max(dw + 2, len(str(scale.communes)))
    pairs = [f"{a} {b}" for a in SYLLABLES for b in SYLLABLES if a != b]
    order = rng.permutation(len(pairs))
    # Every district gets at least one commune; the rest go where gamma weights say (uneven sizes).
    weights = rng.gamma(2.0, 1.0, scale.districts)
    extra = rng.multinomial(scale.communes - scale.districts, weights / weights.sum())
    per_district = 1 + extra
    commune_district = np.repeat(np.arange(scale.districts), per_district)
    dtypes = rng.choice([t for t, _ in DISTRICT_TYPES], scale.districts, p=[p for _, p in DISTRICT_TYPES])
    ctypes = rng.choice([t for t, _ in COMMUNE_TYPES], scale.communes, p=[p for _, p in COMMUNE_TYPES])
    dcodes = [f"{i + 1:0{dw}d}" for i in range(scale.districts)]
    codes = dcodes + [f"{j + 1:0{cw}d}" for j in range(scale.communes)]
    names = [pairs[order[i % len(pairs)]] for i in range(scale.districts)]
    names += [pairs[order[(j * 7 + 3) % len(pairs)]] for j in range(scale.communes)]
    return _Units(
        codes=codes,
        names=[_nfc(n) for n in names],
        types=[str(t) for t in dtypes] + [str(t) for t in ctypes],
        levels=["district"] * scale.districts + ["commune"] * scale.communes,
        parents=[""] * scale.districts + [dcodes[d] for d in commune_district],
        district_of=np.concatenate([np.arange(scale.districts), commune_district]),
    )


@dataclass(frozen=True)
class _Criteria:
    """One level's criteria: codes, names, areas, maximum points (summing to 100), method."""

    codes: list[str]
    names: list[str]
    areas: list[str]
    area_index: np.ndarray
    max_points: np.ndarray
    methods: list[str]


def _draw_criteria(level: str, n: int, rng: np.random.Generator) -> _Criteria:
    shares = np.array([AREA_SHARE[a] for a in schema.AREA_CODES], dtype=float)
    counts = np.maximum(1, np.floor(n * shares / shares.sum()).astype(int)) if n >= len(shares) else None
    if counts is None:  # fewer criteria than areas: the first n areas get one each
        counts = np.array([1] * n + [0] * (len(shares) - n))
    counts[np.argmax(shares)] += n - counts.sum()
    area_index = np.repeat(np.arange(len(shares)), counts)
    # 100 points in quarter points: each criterion at least half a point, the rest spread unevenly.
    quarters = 100 / STEP
    base = 2 * n
    if base > quarters:
        raise ValueError(f"too many criteria for 100 points: {n}")
    spread = rng.multinomial(int(quarters - base), rng.dirichlet(np.full(n, 3.0)))
    max_points = (2 + spread) * STEP
    codes, names, areas, methods = [], [], [], []
    for area_pos, count in enumerate(counts):
        area = schema.AREA_CODES[area_pos]
        stems = STEMS[area]
        for k in range(count):
            codes.append(f"{LEVEL_PREFIX[level]}.{area}.{k + 1}")
            stem = stems[k % len(stems)]
            names.append(_nfc(stem if k < len(stems) else f"{stem} ({k // len(stems) + 1})"))
            areas.append(area)
            methods.append("survey" if area == "IMPACT" else "appraisal")
    return _Criteria(codes, names, areas, area_index, max_points, methods)


@dataclass(frozen=True)
class _Effects:
    """Persistent effects on the logit of the share of points a unit gets."""

    unit: np.ndarray  # per unit
    unit_area: np.ndarray  # per unit × area
    unit_trend: np.ndarray  # per unit: faster or slower improvers
    criterion: dict[str, np.ndarray]  # per level: per criterion


def _draw_effects(units: _Units, criteria: dict[str, _Criteria], rng: np.random.Generator) -> _Effects:
    n = len(units.codes)
    district_effect = rng.normal(0, 0.35, int(units.district_of.max()) + 1)
    unit = rng.normal(0, 0.35, n) + district_effect[units.district_of] * np.where(
        np.array(units.levels) == "commune", 0.8, 1.0
    )
    return _Effects(
        unit=unit,
        unit_area=rng.normal(0, 0.3, (n, len(schema.AREA_CODES))),
        unit_trend=rng.normal(0, 0.04, n),
        criterion={level: rng.normal(0, 0.4, len(c.codes)) for level, c in criteria.items()},
    )


def _year_table(
    year: int, t: int, units: _Units, criteria: dict[str, _Criteria], fx: _Effects, rng: np.random.Generator
) -> tuple[pa.Table, list[tuple]]:
    """One year's inspections (unit-major, criteria in catalogue order) and its findings rows."""
    parts = []
    findings = []
    code_arr = _plain(units.codes)
    name_arr = _plain(units.names)
    for level in SCALED_LEVELS:
        crit = criteria[level]
        idx = units.of_level(level)
        nu, nc = len(idx), len(crit.codes)
        if nu == 0:
            continue
        area_ease = np.array([AREA_EASE[a] for a in schema.AREA_CODES])[crit.area_index]
        logit = (
            LEVEL_BASE[level]
            + (YEARLY_GAIN + fx.unit_trend[idx])[:, None] * t
            + fx.unit[idx][:, None]
            + fx.unit_area[idx][:, crit.area_index]
            + (area_ease + fx.criterion[level])[None, :]
            + rng.normal(0, 0.7, (nu, nc))
        )
        share = 1 / (1 + np.exp(-logit))
        maxp = np.broadcast_to(crit.max_points, (nu, nc))
        # Stochastic rounding to quarter points keeps the mean and gives the lumpy values real files have.
        score = np.clip(np.floor(share * maxp / STEP + rng.random((nu, nc))) * STEP, 0, maxp)
        claim = np.maximum(0, rng.normal(0.06, 0.08, (nu, nc))) * maxp
        self_score = np.clip(score + np.round(claim / STEP) * STEP, 0, maxp)
        under = rng.random((nu, nc)) < UNDER_CLAIM_SHARE
        self_score = np.where(under, np.maximum(0, score - STEP), self_score)
        not_applicable = rng.random((nu, nc)) < NOT_APPLICABLE_SHARE
        findings += _findings(year, level, idx, units, crit, score / maxp, not_applicable, rng)
        unit_pos = np.repeat(idx, nc)
        crit_pos = np.tile(np.arange(nc), nu)
        na = not_applicable.ravel()
        parts.append(
            pa.table(
                {
                    "year": pa.array(np.full(nu * nc, year, dtype=np.int32)),
                    "unit_code": code_arr.take(unit_pos),
                    "unit_name": name_arr.take(unit_pos),
                    "area_code": _plain(crit.areas).take(crit_pos),
                    "criterion_code": _plain(crit.codes).take(crit_pos),
                    "criterion_name": _plain(crit.names).take(crit_pos),
                    "max_points": pa.array(maxp.ravel()),
                    "self_score": pa.array(self_score.ravel(), mask=na),
                    "score": pa.array(score.ravel(), mask=na),
                    "method": _plain(crit.methods).take(crit_pos),
                }
            )
        )
    return pa.concat_tables(parts), findings


FINDING_TEXTS = {
    "strength": "Làm tốt: {name}",
    "weakness": "Còn hạn chế: {name}",
    "recommendation": "Khắc phục tồn tại trong 30 ngày và báo cáo kết quả về Sở Nội vụ",
}


def _findings(year, level, idx, units, crit, share, not_applicable, rng) -> list[tuple]:
    """A few units inspected on site: their best criterion, their worst, and a recommendation."""
    n = max(1, int(round(len(idx) * FINDINGS_SHARE)))
    drawn = np.sort(rng.choice(len(idx), n, replace=False))
    masked = np.where(not_applicable, np.nan, share)
    best = np.nanargmax(masked[drawn], axis=1)
    worst = np.nanargmin(masked[drawn], axis=1)
    days = rng.integers(60, 330, n)
    rows = []
    for k, u in enumerate(drawn):
        code = units.codes[idx[u]]
        date = (np.datetime64(f"{year}-01-01") + int(days[k])).astype(str)
        for kind, c in (("strength", best[k]), ("weakness", worst[k])):
            rows.append(
                (year, code, crit.areas[c], crit.codes[c], kind, FINDING_TEXTS[kind].format(name=crit.names[c]), date)
            )
        rows.append((year, code, "", "", "recommendation", FINDING_TEXTS["recommendation"], date))
    return rows


def _write_rows(path: Path, header: tuple[str, ...], rows) -> int:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return len(rows)


def generate(out_dir: str | os.PathLike, scale: Scale | str, seed: int = 7) -> dict[str, int]:
    """Write a synthetic data directory of `scale` into `out_dir` (created, or replaced when complete).

    Writes units.csv, areas.csv, bands.csv, about.json (synthetic: true), inspections/<year>.csv
    and findings/<year>.csv; builds in a sibling folder and renames it into place, so an
    interrupted run never leaves a half data set. Returns the data rows per file (relative path → rows).
    Raises KeyError for an unknown scale name, ValueError for more than 200 criteria per level.
    """
    scale = SCALES[scale] if isinstance(scale, str) else scale
    out = Path(out_dir)
    tmp = out.with_name(out.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "inspections").mkdir(parents=True)
    (tmp / "findings").mkdir()
    rng = np.random.default_rng([seed, 0])
    units = _draw_units(scale, rng)
    criteria = {level: _draw_criteria(level, scale.criteria, rng) for level in SCALED_LEVELS}
    effects = _draw_effects(units, criteria, rng)
    counts = {
        "units.csv": _write_rows(
            tmp / "units.csv",
            schema.UNITS.names[:8],
            [
                (c, n, ty, lv, p, "", "", "")
                for c, n, ty, lv, p in zip(units.codes, units.names, units.types, units.levels, units.parents)
            ],
        ),
        "areas.csv": _write_rows(tmp / "areas.csv", schema.AREAS.names, schema.DEFAULT_AREAS),
        "bands.csv": _write_rows(
            tmp / "bands.csv",
            schema.BANDS.names[:4],
            [(scale.first_year, vi, en, f"{pct:g}") for _y, vi, en, pct in schema.DEFAULT_BANDS],
        ),
    }
    for t, year in enumerate(range(scale.first_year, scale.last_year + 1)):
        # One generator per year: a year's file depends only on the seed and the year.
        table, findings = _year_table(year, t, units, criteria, effects, np.random.default_rng([seed, year]))
        pacsv.write_csv(table, tmp / "inspections" / f"{year}.csv", CSV_OPTIONS)
        counts[f"inspections/{year}.csv"] = table.num_rows
        counts[f"findings/{year}.csv"] = _write_rows(tmp / "findings" / f"{year}.csv", schema.FINDINGS.names, findings)
    about = {
        "region_vi": f"Dữ liệu tổng hợp quy mô {'toàn quốc' if scale.name == 'national' else 'tỉnh lớn'}",
        "region_en": f"Synthetic {scale.name}-scale data",
        "synthetic": True,
        "source_vi": "Dữ liệu tổng hợp (không phải kết quả thật)",
        "source_en": "Synthetic data (not real results)",
        "scale": scale.name,
        "seed": seed,
    }
    (tmp / "about.json").write_text(json.dumps(about, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (tmp / DONE_MARK).write_text(json.dumps(counts) + "\n", encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)
    os.replace(tmp, out)
    return counts


def is_complete(out_dir: str | os.PathLike, scale: Scale | str) -> bool:
    """Whether `out_dir` holds a finished synthetic data set of `scale`."""
    scale = SCALES[scale] if isinstance(scale, str) else scale
    out = Path(out_dir)
    try:
        about = json.loads((out / "about.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (out / DONE_MARK).exists() and about.get("scale") == scale.name


def ensure(out_dir: str | os.PathLike, scale: Scale | str, seed: int = 7) -> bool:
    """Generate the data set into `out_dir` unless a complete one is there; True if generated now."""
    if is_complete(out_dir, scale):
        return False
    generate(out_dir, scale, seed)
    return True
