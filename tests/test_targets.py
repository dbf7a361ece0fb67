"""Targets (chỉ tiêu): the checks against every unit's index and areas on the hand-computed
fixture, the rule that the most specific target holds, the counts the overview gives, the line
on the rankings, and a bad targets file named by file, row and column."""

from __future__ import annotations

import shutil

import pytest
from analysis_fixture import FIXTURE, records

from cchc_metrics.analysis.targets import below_target, level_target, target_checks, units_meeting
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.engine.validation import DataError
from cchc_metrics.views import overview
from cchc_metrics.views.common import context

# 2024 (LEAD.1, ONESTOP.1, ONESTOP.2, PROC.1 of 10): Một 10 9 9 5 (index 82.5), Hai 9 9 9 5 (80),
# Ba 9 10 9 5 (82.5), Bốn 10 10 10 5 (87.5), Năm 6 9 9 5 (72.5)
TARGETS = """year,level,unit_code,area_code,min_pct,note
2024,commune,,,80,every commune
2024,commune,,*,70,no area below 70
2024,commune,10202,LEAD,50,Năm's own LEAD target
2024,commune,10101,,90,Một's own index target
2023,commune,,,80,
"""


@pytest.fixture(scope="module")
def targeted(tmp_path_factory):
    root = tmp_path_factory.mktemp("targets") / "data"
    shutil.copytree(FIXTURE, root)
    (root / "targets.csv").write_text(TARGETS, encoding="utf-8")
    dataset = open_dataset(root, use_cache=False)
    assert dataset.problems == []
    yield dataset
    dataset.close()


def test_every_unit_is_checked_against_the_most_specific_target(targeted):
    found = target_checks(targeted, 2024, "commune", "en")
    columns = ["unit_code", "rank", "area_code", "pct", "min_pct", "met", "gap"]
    assert records(found, columns) == [
        ("10201", 1, None, 87.5, 80.0, True, 7.5),
        ("10201", 1, "LEAD", 100.0, 70.0, True, 30.0),
        ("10201", 1, "PROC", 50.0, 70.0, False, -20.0),
        ("10201", 1, "ONESTOP", 100.0, 70.0, True, 30.0),
        ("10101", 2, None, 82.5, 90.0, False, -7.5),  # its own 90 before the level's 80
        ("10101", 2, "LEAD", 100.0, 70.0, True, 30.0),
        ("10101", 2, "PROC", 50.0, 70.0, False, -20.0),
        ("10101", 2, "ONESTOP", 90.0, 70.0, True, 20.0),
        ("10103", 2, None, 82.5, 80.0, True, 2.5),
        ("10103", 2, "LEAD", 90.0, 70.0, True, 20.0),
        ("10103", 2, "PROC", 50.0, 70.0, False, -20.0),
        ("10103", 2, "ONESTOP", 95.0, 70.0, True, 25.0),
        ("10102", 4, None, 80.0, 80.0, True, 0.0),  # exactly the target is met
        ("10102", 4, "LEAD", 90.0, 70.0, True, 20.0),
        ("10102", 4, "PROC", 50.0, 70.0, False, -20.0),
        ("10102", 4, "ONESTOP", 90.0, 70.0, True, 20.0),
        ("10202", 5, None, 72.5, 80.0, False, -7.5),
        ("10202", 5, "LEAD", 60.0, 50.0, True, 10.0),  # its own LEAD 50 before every area's 70
        ("10202", 5, "PROC", 50.0, 70.0, False, -20.0),
        ("10202", 5, "ONESTOP", 90.0, 70.0, True, 20.0),
    ]
    assert list(found["area_name"][:2]) == [None, "Direction and management of reform"]


def test_below_target_and_the_units_meeting_every_target(targeted):
    below = below_target(targeted, 2024, "commune", "en")
    assert records(below, ["unit_name", "area_code", "gap"]) == [
        ("Bốn", "PROC", -20.0),
        ("Một", None, -7.5),
        ("Một", "PROC", -20.0),
        ("Ba", "PROC", -20.0),
        ("Hai", "PROC", -20.0),
        ("Năm", None, -7.5),
        ("Năm", "PROC", -20.0),
    ]
    # everyone lost half of PROC in 2024: nobody met every target; in 2023 only the index had
    # one (80): Hai 87.5, Ba 90, Bốn 95, Sáu 85 met it, Một 60 and Năm 77.5 did not
    assert units_meeting(targeted, 2024, "commune") == (0, 5)
    assert units_meeting(targeted, 2023, "commune") == (4, 6)
    assert units_meeting(targeted, 2024, "district") is None


def test_the_line_drawn_on_a_ranking_is_the_level_wide_target(targeted):
    assert level_target(targeted, 2024, "commune") == 80.0
    assert level_target(targeted, 2024, "commune", "PROC") == 70.0  # every area's
    assert level_target(targeted, 2023, "commune", "PROC") is None
    assert level_target(targeted, 2024, "district") is None


def test_overview_says_how_many_met_the_target_this_year_and_last(targeted):
    vi, en = context(targeted, "vi"), context(targeted, "en")
    assert overview.target_note(targeted, 2024, "commune", vi).text == (
        "**Chỉ tiêu năm 2024:** 0/5 xã, phường đạt mọi chỉ tiêu áp dụng cho mình (năm 2023: 4/6)."
    )
    assert overview.target_note(targeted, 2024, "commune", en).text == (
        "**Targets of 2024:** 0 of 5 communes met every target that applies to them (2023: 4 of 6)."
    )
    assert overview.target_note(targeted, 2023, "district", en) is None


def test_a_ranking_draws_the_target_line_named_in_the_legend(targeted):
    ctx = context(targeted, "en")
    figure = overview.commune_ranking(targeted, 2024, "all", ctx).figure
    lines = [s for s in figure.layout.shapes if s.line.dash == "dot"]
    assert [(s.x0, s.x1) for s in lines] == [(80.0, 80.0)]
    assert "Target 80.00 %" in [t.name for t in figure.data]


@pytest.mark.parametrize(
    "line,column,key",
    [
        ("2024,commune,,LEAD,120,", "min_pct", "target_range"),
        ("2024,commune,,XYZ,70,", "area_code", "target_area_unknown"),
        ("2024,commune,99999,,70,", "unit_code", "unknown_unit"),
        ("2024,district,10101,,70,", "unit_code", "target_unit_level"),
        ("2024,commune,,,75,", "min_pct", "duplicate_target"),
    ],
)
def test_a_bad_targets_file_is_refused_naming_file_row_and_column(tmp_path, line, column, key):
    root = tmp_path / "data"
    shutil.copytree(FIXTURE, root)
    (root / "targets.csv").write_text("year,level,unit_code,area_code,min_pct,note\n2024,commune,,,80,\n" + line + "\n")
    with pytest.raises(DataError) as raised:
        open_dataset(root, use_cache=False)
    [problem] = raised.value.problems
    assert (problem.file, problem.row, problem.column, problem.key) == ("targets.csv", 3, column, key)
    assert problem.describe("vi").startswith("targets.csv, dòng 3, cột")


def test_targets_are_uploaded_and_published_like_the_other_files(tmp_path):
    """The upload path recognises a targets file by its columns, checks it against the data
    directory's units and areas, and publishes it as targets.csv; a bad one is refused."""
    from import_helpers import TEST_LIMITS, copy_import_data

    from cchc_metrics.publish.publishing import prepare, publish

    root = copy_import_data(tmp_path)
    upload = tmp_path / "chi-tieu.csv"
    upload.write_text("Năm,Cấp,Mã đơn vị,Mã lĩnh vực,Chỉ tiêu (%)\n2024,commune,,,80\n2024,commune,,*,70\n")
    prepared = prepare(upload, root, limits=TEST_LIMITS)
    assert (prepared.kind, prepared.rows, prepared.ok) == ("targets", 2, True)
    publish(prepared, "an")
    assert (root / "targets.csv").read_text(encoding="utf-8").splitlines() == [
        "year,level,unit_code,area_code,min_pct,note",
        "2024,commune,,,80,",
        "2024,commune,,*,70,",
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("year,level,unit_code,area_code,min_pct\n2024,commune,,NOPE,70\n")
    refused = prepare(bad, root, limits=TEST_LIMITS, kind="targets")
    assert not refused.ok
    assert [(p.row, p.column, p.key) for p in refused.problems] == [(2, "area_code", "target_area_unknown")]
