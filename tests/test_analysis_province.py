"""Points lost (Pareto), common and chronic weaknesses, exemplars and the self-assessment gap."""

import pandas as pd
import pytest
from analysis_fixture import records
from helpers import DEMO_DATA

from cchc_metrics.analysis.province import (
    chronic_weaknesses,
    common_weaknesses,
    exemplars,
    lost_points,
    territory_chronic_weaknesses,
)
from cchc_metrics.analysis.selfgap import over_claimers, self_gap
from cchc_metrics.engine.dataset import open_dataset


def test_criterion_every_commune_loses_half_of_tops_the_pareto(ds):
    table = lost_points(ds, 2024, "commune", lang="en")
    assert list(table.columns) == [
        "year",
        "level",
        "loss_rank",
        "area_code",
        "area_name",
        "criterion_code",
        "criterion_name",
        "max_points",
        "units",
        "points_lost",
        "share_lost_pct",
        "cumulative_pct",
        "criterion_pct",
        "below_half_pct",
    ]
    assert records(table) == [
        (
            2024,
            "commune",
            1,
            "PROC",
            "Administrative-procedure reform",
            "X.PROC.1",
            "Công khai TTHC",
            10.0,
            5,
            25.0,
            65.79,
            65.79,
            50.0,
            0.0,
        ),
        (
            2024,
            "commune",
            2,
            "LEAD",
            "Direction and management of reform",
            "X.LEAD.1",
            "Kế hoạch CCHC",
            10.0,
            5,
            6.0,
            15.79,
            81.58,
            88.0,
            0.0,
        ),
        (
            2024,
            "commune",
            3,
            "ONESTOP",
            "One-stop mechanism",
            "X.ONESTOP.2",
            "Sổ theo dõi hồ sơ",
            10.0,
            5,
            4.0,
            10.53,
            92.11,
            92.0,
            0.0,
        ),
        (
            2024,
            "commune",
            4,
            "ONESTOP",
            "One-stop mechanism",
            "X.ONESTOP.1",
            "Bộ phận một cửa",
            10.0,
            5,
            3.0,
            7.89,
            100.0,
            94.0,
            0.0,
        ),
    ]
    # the districts have no scores: they are absent, not zero
    assert lost_points(ds, 2024, "district").empty


def test_common_weaknesses_need_many_units_below_half(ds):
    # exactly half is not below half: nothing is common at 50 %, X.ONESTOP.1 in 2023 at 1 unit of 6
    assert common_weaknesses(ds, 2024).empty
    table = common_weaknesses(ds, 2023, min_share_pct=15)
    assert records(table, ["criterion_code", "units", "below_half_pct"]) == [
        ("X.ONESTOP.1", 6, 16.67),
        ("X.ONESTOP.2", 6, 16.67),
    ]


def test_chronic_weakness_two_consecutive_years_on_the_same_unit(ds):
    table = chronic_weaknesses(ds, "commune", lang="vi")
    assert records(table.drop(columns=["unit_id"])) == [
        ("10202", "Năm", "commune", "102", "LEAD", "Công tác chỉ đạo, điều hành CCHC", 2023, 2024, 2, 60.0, 90.0),
    ]
    assert chronic_weaknesses(ds, "commune", until_year=2023).empty
    assert chronic_weaknesses(ds, "commune", min_years=3).empty


def test_exemplars_are_the_strong_units_best_first(ds):
    table = exemplars(ds, 2023, "commune", lang="en")
    assert records(table, ["area_code", "area_rank", "unit_code", "area_pct", "peer_median", "gap_to_median"]) == [
        ("LEAD", 1, "10201", 100.0, 90.0, 10.0),
        ("PROC", 1, "10101", 100.0, 80.0, 20.0),
        ("ONESTOP", 1, "10201", 100.0, 87.5, 12.5),
        ("ONESTOP", 2, "10103", 95.0, 87.5, 7.5),
    ]
    assert records(exemplars(ds, 2023, "commune", top=1), ["area_code", "unit_code"]) == [
        ("LEAD", "10201"),
        ("PROC", "10101"),
        ("ONESTOP", "10201"),
    ]


def test_self_gap_by_unit_and_area(ds):
    table = self_gap(ds, 2023, "commune", lang="en")
    gaps = table[table["gap_points"] != 0]
    assert records(gaps.drop(columns=["unit_id"])) == [
        (2023, "10101", "Một", "commune", "101", "ONESTOP", "One-stop mechanism", 80.0, 25.0, 11.0, 55.0),
        (2023, "10102", "Hai", "commune", "101", "LEAD", "Direction and management of reform", 100.0, 90.0, 1.0, 10.0),
    ]
    assert len(table) == 18  # 6 communes × 3 areas, every criterion self-assessed


def test_over_claimers_largest_gap_first_with_the_area(ds):
    table = over_claimers(ds, 2023, lang="vi")
    assert records(table.drop(columns=["unit_id"])) == [
        (
            2023,
            "commune",
            1,
            "10101",
            "Một",
            "101",
            11.0,
            27.5,
            "ONESTOP",
            "Thực hiện cơ chế một cửa, một cửa liên thông",
            55.0,
        ),
        (2023, "commune", 2, "10102", "Hai", "101", 1.0, 2.5, "LEAD", "Công tác chỉ đạo, điều hành CCHC", 10.0),
    ]
    assert over_claimers(ds, 2024).empty


@pytest.mark.parametrize("level,until", [("commune", 2024), ("district", 2020), ("commune", 2018)])
def test_open_only_keeps_exactly_the_runs_still_weak_in_the_year(level, until):
    """On the demo data: the runs that end in `until`, none of the earlier runs of the same unit and area."""
    demo = open_dataset(DEMO_DATA)
    whole = chronic_weaknesses(demo, level, until_year=until)
    still = chronic_weaknesses(demo, level, until_year=until, open_only=True)
    assert (whole["last_year"] < until).any() and len(still) > 0  # the demo has both kinds
    pd.testing.assert_frame_equal(still, whole[whole["last_year"] == until].reset_index(drop=True))


@pytest.mark.parametrize(
    "level,year,until,min_years", [("commune", 2025, 2024, 2), ("commune", 2024, 2023, 3), ("district", 2024, 2020, 2)]
)
def test_since_year_cuts_the_runs_but_finds_the_same_units_and_areas(level, year, until, min_years):
    """On the demo data (runs of 2 to 11 years, some read through the lineage): reading only the
    last `min_years` years finds the same open runs, each cut to exactly those years."""
    demo = open_dataset(DEMO_DATA)
    whole = territory_chronic_weaknesses(demo, year, level, min_years=min_years, until_year=until, open_only=True)
    since = until - min_years + 1
    cut = territory_chronic_weaknesses(
        demo, year, level, min_years=min_years, until_year=until, open_only=True, since_year=since
    )
    assert (whole["first_year"] < since).any() and len(cut) > 0  # some runs are longer than the window
    key = ["unit_id", "area_code"]
    pd.testing.assert_frame_equal(
        cut[key].sort_values(key, ignore_index=True), whole[key].sort_values(key, ignore_index=True)
    )
    assert (
        (cut["first_year"] == since).all() and (cut["years"] == min_years).all() and (cut["last_year"] == until).all()
    )
    # the rest of a run's row is its last year's, the same in both
    same = ["unit_code", "level", "last_area_pct", "last_peer_median"]
    pd.testing.assert_frame_equal(
        cut.sort_values(key, ignore_index=True)[same], whole.sort_values(key, ignore_index=True)[same]
    )
