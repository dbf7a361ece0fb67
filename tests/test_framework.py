"""The framework as run, on a hand-computed fixture (tests/fixtures/framework): a three-level tree
with a not-applicable sub-criterion and a survey criterion, a unit without survey points under
each survey rule (2023 rescale, 2024 zero), bonus and penalty points at and over the caps (+2,
−3), two versions with a crosswalk (a merged and a split criterion), and the rounds of 2024.

Hand computation (points / applicable maximum, then bonus − penalty, held to 0–100 %):
2023 (X23, rescale): Một LEAD 5/6 (1.2 does not apply), PROC 5+3 = 8/10 → 13/16 = 81.25 %;
  Hai LEAD 9/10, PROC 6/6 (no survey: rescaled) → 15/16 = 93.75 %; Ba 6/10 + 5/10 → 55 %.
2024 (X24, zero): Một LEAD 8/10, PROC 4/10 (no survey: 0 of 4) → 12/20, bonus 1.5 + 1 = 2.5
  held to 2, penalty 3 → 11/20 = 55 %; Hai 20/20 + 2 = 110 % held to 100 %; Ba 10/20,
  penalty 4 held to 3 → 7/20 = 35 %.
"""

import shutil

import pandas as pd
import pytest
from helpers import PROJECT

from cchc_metrics.analysis import framework
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.publish.publishing import validate_file

FIXTURE = PROJECT / "tests" / "fixtures" / "framework"


@pytest.fixture(scope="module")
def fw():
    ds = open_dataset(FIXTURE, use_cache=False)
    yield ds
    ds.close()


def rows(frame: pd.DataFrame) -> list[tuple]:
    return [
        tuple(None if pd.isna(v) else (round(v, 4) if isinstance(v, float) else v) for v in r)
        for r in frame.itertuples(index=False)
    ]


def test_index_with_survey_rules_bonus_and_penalty_caps(fw):
    scores = fw.sql(
        "select year, unit_code, appraised_points, survey_points, bonus_points, penalty_points, max_points, "
        "index_pct, rank, band_vi from unit_scores order by year, rank"
    )
    assert rows(scores) == [
        (2023, "10102", 15.0, 0.0, 0.0, 0.0, 16.0, 93.75, 1, "Rất tốt"),
        (2023, "10101", 10.0, 3.0, 0.0, 0.0, 16.0, 81.25, 2, "Tốt"),
        (2023, "10103", 9.0, 2.0, 0.0, 0.0, 20.0, 55.0, 3, "Trung bình"),
        (2024, "10102", 16.0, 4.0, 2.0, 0.0, 20.0, 100.0, 1, "Rất tốt"),
        (2024, "10101", 12.0, 0.0, 2.0, 3.0, 20.0, 55.0, 2, "Trung bình"),
        (2024, "10103", 8.0, 2.0, 0.0, 3.0, 20.0, 35.0, 3, "Yếu"),
    ]
    # the caps are said, as warnings naming the file, row and column of the first line over it
    assert sorted((p.file, p.row, p.column, p.key, p.severity) for p in fw.problems) == [
        ("adjustments/2024.csv", 2, "points", "adjustment_over_cap", "warning"),
        ("adjustments/2024.csv", 6, "points", "adjustment_over_cap", "warning"),
    ]


def test_area_parts_keep_survey_points_apart(fw):
    areas = fw.sql(
        "select year, unit_code, area_code, points, max_points, survey_points, survey_max_points, area_pct "
        "from area_scores where unit_code = '10101' order by year, area_code"
    )
    assert rows(areas) == [
        (2023, "10101", "LEAD", 5.0, 6.0, None, 0.0, 83.3333),
        (2023, "10101", "PROC", 8.0, 10.0, 3.0, 4.0, 80.0),
        (2024, "10101", "LEAD", 8.0, 10.0, None, 0.0, 80.0),
        (2024, "10101", "PROC", 4.0, 10.0, 0.0, 4.0, 40.0),
    ]


def test_drill_down_through_the_tree_with_points_lost(fw):
    tree = framework.unit_tree(fw, "10101@", 2023, "commune", "vi")
    assert rows(tree) == [
        (0, "1", "area", "Chỉ đạo điều hành", 6.0, 6.0, 5.0, 1.0, 83.3333),
        (1, "1.1", "criterion", "Kế hoạch CCHC", 6.0, 6.0, 5.0, 1.0, 83.3333),
        (2, "1.1.1", "sub-criterion", "Ban hành kế hoạch đúng hạn", 4.0, 4.0, 3.0, 1.0, 75.0),
        (2, "1.1.2", "sub-criterion", "Hoàn thành kế hoạch", 2.0, 2.0, 2.0, 0.0, 100.0),
        (1, "1.2", "criterion", "Tuyên truyền", None, None, None, None, None),  # does not apply
        (0, "2", "area", "Thủ tục hành chính", 10.0, 6.0, 8.0, 2.0, 80.0),
        (1, "2.1", "criterion", "Công khai TTHC", 6.0, 6.0, 5.0, 1.0, 83.3333),
        (1, "2.2", "criterion", "Hài lòng của người dân", 4.0, None, 3.0, 1.0, 75.0),  # survey: no self score
    ]
    # 2024 counts the missing survey as 0 of 4 (rule "zero"), as the index does
    zero = framework.unit_tree(fw, "10101@", 2024, "commune", "en")
    assert rows(zero)[4:] == [
        (0, "2", "area", "Procedures", 10.0, 6.0, 4.0, 6.0, 40.0),
        (1, "2.1", "criterion", "Procedures posted", 6.0, 6.0, 4.0, 2.0, 66.6667),
        (1, "2.2", "criterion", "Citizen satisfaction", 4.0, None, 0.0, 4.0, 0.0),
    ]


def test_a_year_without_framework_files_is_a_two_level_tree(tiny_dir):
    ds = open_dataset(tiny_dir, use_cache=False)
    tree = framework.unit_tree(ds, "10101@", 2023, "commune", "en")
    assert list(tree["level_kind"].unique()) == ["area", "criterion"]
    assert tree.loc[tree["depth"] == 0, "score"].sum() == tree.loc[tree["depth"] == 1, "score"].sum()
    assert framework.versions(ds).empty and framework.in_force(ds, 2023, "commune") is None


def test_versions_and_the_crosswalk(fw):
    assert rows(framework.versions(fw)) == [
        ("X23", "Bộ chỉ số cấp xã 2023", "commune", 2023, 2023, "rescale", 2.0, 3.0, 2, 4, 2, 16.0, 4.0),
        ("X24", "Bộ chỉ số cấp xã 2024", "commune", 2024, None, "zero", 2.0, 3.0, 2, 5, 0, 16.0, 4.0),
    ]
    assert (framework.in_force(fw, 2023, "commune"), framework.in_force(fw, 2030, "commune")) == ("X23", "X24")
    assert framework.in_force(fw, 2023, "district") is None
    assert rows(framework.crosswalk(fw, "en"))[:3] == [
        ("X23", "1.1.1", "Plan issued on time", "merged into", "X24", "1.1", "Reform plan"),
        ("X23", "1.1.2", "Plan completed", "merged into", "X24", "1.1", "Reform plan"),
        ("X23", "1.2", "Communication", "split into", "X24", "1.2", "Direct communication"),
    ]


def test_a_criterion_trend_crosses_the_framework_change_through_the_crosswalk(fw):
    merged = framework.criterion_trend(fw, "10101@", 2024, "commune", "1.1", "en")
    assert rows(merged) == [
        (2023, "X23", "1.1.1, 1.1.2", "merged", 83.3333, False),  # (3 + 2) / (4 + 2)
        (2024, "X24", "1.1", "", 83.3333, True),  # the year the framework changed is marked
    ]
    split = framework.criterion_trend(fw, "10102@", 2024, "commune", "1.3", "en")
    assert rows(split) == [(2023, "X23", "1.2", "split", 100.0, False), (2024, "X24", "1.3", "", 100.0, True)]
    # the old criterion did not apply to Một: no value, not 0
    assert rows(framework.criterion_trend(fw, "10101@", 2024, "commune", "1.3", "en"))[0][4] is None


def test_rounds_self_first_appraisal_and_final(fw):
    assert rows(framework.rounds(fw, 2024, "commune", "en")) == [
        ("10101", "Một", "Direction", 100.0, 70.0, 80.0, 10.0),
        ("10101", "Một", "Procedures", 100.0, 40.0, 40.0, 0.0),
        ("10102", "Hai", "Direction", 100.0, 100.0, 100.0, 0.0),
        ("10102", "Hai", "Procedures", 100.0, 90.0, 100.0, 10.0),
        ("10103", "Ba", "Direction", 90.0, 50.0, 50.0, 0.0),
        ("10103", "Ba", "Procedures", 83.3333, 50.0, 50.0, 0.0),
    ]
    assert framework.rounds(fw, 2023, "commune", "en").empty  # no first appraisal recorded


def test_the_survey_source_comes_from_the_framework_when_the_file_leaves_it_out(fw):
    methods = fw.sql("select distinct criterion_code, method from inspections where year = 2023 order by 1")
    assert rows(methods) == [
        ("1.1.1", "appraisal"),
        ("1.1.2", "appraisal"),
        ("1.2", "appraisal"),
        ("2.1", "appraisal"),
        ("2.2", "survey"),
    ]


# --- every framework rule: a failing case naming file, row and column; the fixture passes ------------

HEADER = "year,unit_code,area_code,criterion_code,criterion_name,max_points,self_score,score\n"
CLEAN_2023 = (FIXTURE / "inspections" / "2023.csv").read_text(encoding="utf-8")


def _check(root, name, text):
    path = root / "incoming" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    table, _rows, problems = validate_file(path, root)
    return [(p.key, p.row, p.column, p.severity) for p in problems]


@pytest.fixture
def fw_dir(tmp_path):
    return shutil.copytree(FIXTURE, tmp_path / "fw")


def test_the_fixture_files_pass(fw_dir):
    for name in ("framework_versions.csv", "framework_nodes.csv", "crosswalk.csv"):
        assert _check(fw_dir, name, (FIXTURE / name).read_text(encoding="utf-8")) == [], name
    assert _check(fw_dir, "2023.csv", CLEAN_2023) == []


def _without(text: str, needle: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if needle not in line)


INSPECTION_CASES = [
    ("criterion_not_in_framework", CLEAN_2023.replace(",1.2,Tuyên truyền,4,4,4", ",1.9,Tuyên truyền,4,4,4"), 9),
    (
        "criterion_is_subtotal",
        _without(_without(CLEAN_2023, "10102,LEAD,1.1.2"), "10102,LEAD,1.1.1")
        + "2023,10102,LEAD,1.1,Kế hoạch CCHC,6,6,5\n",
        15,
    ),
    (
        "max_points_framework",
        CLEAN_2023.replace("2023,10103,LEAD,1.2,Tuyên truyền,4,3,2", "2023,10103,LEAD,1.2,Tuyên truyền,5,3,2"),
        14,
    ),
    ("area_framework", CLEAN_2023.replace("2023,10103,PROC,2.1,", "2023,10103,LEAD,2.1,"), 15),
    (
        "survey_self_score",
        CLEAN_2023.replace(
            "2023,10103,PROC,2.2,Hài lòng của người dân,4,,2", "2023,10103,PROC,2.2,Hài lòng của người dân,4,3,2"
        ),
        16,
    ),
    ("leaf_missing", _without(CLEAN_2023, "10103,LEAD,1.1.2"), None),
]
COLUMNS = {
    "criterion_not_in_framework": "criterion_code",
    "criterion_is_subtotal": "criterion_code",
    "max_points_framework": "max_points",
    "area_framework": "area_code",
    "survey_self_score": "self_score",
    "leaf_missing": "criterion_code",
}


@pytest.mark.parametrize("rule,text,row", INSPECTION_CASES, ids=[c[0] for c in INSPECTION_CASES])
def test_inspection_rules_against_the_framework(fw_dir, rule, text, row):
    found = _check(fw_dir, "2023.csv", text)
    assert (rule, row, COLUMNS[rule], "error") in found, found


NODES = (FIXTURE / "framework_nodes.csv").read_text(encoding="utf-8")
NODE_CASES = [
    ("node_unknown_framework", NODES.replace("X24,2.2,2,", "X99,2.2,2,"), 16, "framework_id"),
    ("duplicate_node", NODES + "X24,2.2,2,criterion,,Lặp,Repeat,4,survey,,8\n", 17, "node_code"),
    ("node_parent_unknown", NODES.replace("X23,1.2,1,", "X23,1.2,7,"), 6, "parent_code"),
    ("node_kind_depth", NODES.replace("X23,1.2,1,criterion", "X23,1.2,1,sub-criterion"), 6, "level_kind"),
    ("node_area_unknown", NODES.replace("X23,2,,area,PROC", "X23,2,,area,NOPE"), 7, "area_code"),
    (
        "node_max_positive",
        NODES.replace(
            "X24,1.3,1,criterion,,Tuyên truyền trên mạng,Online communication,2,",
            "X24,1.3,1,criterion,,Tuyên truyền trên mạng,Online communication,0,",
        ),
        13,
        "max_points",
    ),
    (
        "node_children_sum",
        NODES.replace(
            "X23,1.1,1,criterion,,Kế hoạch CCHC,Reform plan,6,", "X23,1.1,1,criterion,,Kế hoạch CCHC,Reform plan,7,"
        ),
        3,
        "max_points",
    ),
]


@pytest.mark.parametrize("rule,text,row,column", NODE_CASES, ids=[c[0] for c in NODE_CASES])
def test_node_rules(fw_dir, rule, text, row, column):
    assert (rule, row, column, "error") in _check(fw_dir, "framework_nodes.csv", text)


VERSIONS = (FIXTURE / "framework_versions.csv").read_text(encoding="utf-8")
VERSION_CASES = [
    ("framework_years_order", VERSIONS.replace(",commune,2023,2023,", ",commune,2023,2022,"), 2, "valid_to_year"),
    ("framework_overlap", VERSIONS.replace(",commune,2024,,", ",commune,2023,,"), 3, "valid_from_year"),
    ("duplicate_framework", VERSIONS + "X24,Lặp,district,2030,,,,\n", 4, "framework_id"),
    ("cap_negative", VERSIONS.replace("zero,2,3", "zero,-1,3"), 3, "bonus_cap"),
]


@pytest.mark.parametrize("rule,text,row,column", VERSION_CASES, ids=[c[0] for c in VERSION_CASES])
def test_version_rules(fw_dir, rule, text, row, column):
    assert (rule, row, column, "error") in _check(fw_dir, "framework_versions.csv", text)


def test_crosswalk_and_adjustment_rules(fw_dir):
    crosswalk = (FIXTURE / "crosswalk.csv").read_text(encoding="utf-8") + "X23,9.9,X24,1.1,merged\n"
    assert ("crosswalk_node_unknown", 8, "from_node", "error") in _check(fw_dir, "crosswalk.csv", crosswalk)
    lines = "year,unit_code,kind,points,reason\n2024,10101,bonus,-1,Sai dấu\n2024,10102,penalty,3,Đúng mức\n"
    assert _check(fw_dir, "2024.csv", lines) == [("adjustment_points_positive", 2, "points", "error")]
    over = "year,unit_code,kind,points,reason\n2024,10102,penalty,3.5,Quá mức\n"
    assert _check(fw_dir, "2024.csv", over) == [("adjustment_over_cap", 2, "points", "warning")]


# --- the analyst's real file: the framework as numbered rows ----------------------------------------

SCORE_COLUMNS = (
    "select year, unit_code, index_pct, rank, appraised_points, survey_points from unit_scores order by year, rank"
)
AREA_COLUMNS = "select year, unit_code, area_code, points, max_points, self_points from area_scores order by 1, 2, 3"


def _import_tree(tmp_path, workbook, year: int):
    from cchc_metrics.publish.publishing import import_file

    root = shutil.copytree(FIXTURE, tmp_path / "data")
    (root / "inspections" / f"{year}.csv").unlink()
    prepared, done = import_file(workbook, root, user="test", confirm_warnings=True)
    return root, prepared, done


@pytest.mark.parametrize(
    "layout,year",
    [
        ("per_unit", 2023),
        ("per_unit_roman", 2023),
        ("wide_roman", 2023),
        ("wide_arabic", 2023),
        ("per_unit_first", 2024),
    ],
)
def test_every_layout_of_the_export_imports_to_the_scores_of_its_flat_twin(tmp_path, fw, layout, year):
    import tree_exports

    framework_id = "X23" if year == 2023 else "X24"
    book = tmp_path / f"{layout}.xlsx"
    if layout.startswith("wide"):
        tree_exports.wide_workbook(book, year, framework_id, roman=layout.endswith("roman"))
    else:
        tree_exports.per_unit_workbook(
            book, year, framework_id, roman=layout.endswith("roman"), first=layout.endswith("first")
        )
    root, prepared, done = _import_tree(tmp_path, book, year)
    assert [p.describe("en") for p in prepared.problems if p.severity == "error"] == []
    assert done is not None and prepared.rows == 15  # 3 units × 5 sub-criteria: no subtotal, no total
    imported = open_dataset(root, use_cache=False)
    assert rows(imported.sql(SCORE_COLUMNS)) == rows(fw.sql(SCORE_COLUMNS))
    assert rows(imported.sql(AREA_COLUMNS)) == rows(fw.sql(AREA_COLUMNS))
    if year == 2024:
        first = "select unit_code, first_points from unit_scores where year = 2024 order by 1"
        assert rows(imported.sql(first)) == rows(fw.sql(first)) == [("10101", 11.0), ("10102", 19.0), ("10103", 10.0)]


def test_a_subtotal_that_differs_from_its_children_is_an_error_naming_the_row(tmp_path):
    import openpyxl
    import tree_exports

    book = tree_exports.per_unit_workbook(tmp_path / "export.xlsx", 2023, "X23")
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Xã Hai"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "1.1")
    sheet.cell(row, 5).value = 6  # the criterion's appraised subtotal: its sub-criteria give 5
    workbook.save(book)
    _root, prepared, done = _import_tree(tmp_path, book, 2023)
    assert done is None
    problems = [(p.row, p.column, p.key) for p in prepared.problems]
    assert (row, "Điểm thẩm định", "tree_subtotal") in problems
    message = next(p for p in prepared.problems if p.key == "tree_subtotal").describe("vi")
    assert "Xã Hai" in message and "1.1" in message and "(5)" in message
