"""Last year's weaknesses followed into the next year, and the share fixed per district."""

import pytest
from analysis_fixture import records

from cchc_metrics.analysis.remediation import RemediationRule, followup, share_fixed_by_district


def test_weakness_fixed_next_year_is_reported_fixed(ds):
    table = followup(ds, 2023, lang="en")
    assert list(table.columns) == [
        "year",
        "next_year",
        "source",
        "unit_id",
        "unit_code",
        "unit_name",
        "level",
        "district_code",
        "area_code",
        "area_name",
        "criterion_code",
        "text",
        "pct",
        "next_pct",
        "change",
        "status",
    ]
    assert records(table.drop(columns=["unit_id", "area_name"])) == [
        (2023, 2024, "computed", "10101", "Một", "commune", "101", "ONESTOP", None, None, 25.0, 90.0, 65.0, "fixed"),
        (2023, 2024, "computed", "10202", "Năm", "commune", "102", "LEAD", None, None, 60.0, 60.0, 0.0, "unchanged"),
        (
            2023,
            2024,
            "finding",
            "10101",
            "Một",
            "commune",
            "101",
            "ONESTOP",
            "X.ONESTOP.1",
            "Sổ theo dõi hồ sơ thiếu thông tin",
            20.0,
            90.0,
            70.0,
            "fixed",
        ),
        (
            2023,
            2024,
            "finding",
            "10202",
            "Năm",
            "commune",
            "102",
            "LEAD",
            "X.LEAD.1",
            "Kế hoạch CCHC ban hành chậm",
            60.0,
            60.0,
            0.0,
            "unchanged",
        ),
        # Sáu was merged away after 2023: not assessed, never "fixed" nor zero
        (
            2023,
            2024,
            "finding",
            "10203",
            "Sáu",
            "commune",
            "102",
            "PROC",
            "X.PROC.1",
            "Sổ theo dõi  hồ sơ thiếu thông tin.",
            80.0,
            None,
            None,
            "not_assessed",
        ),
    ]


def test_thresholds_decide_improved_and_fixed(ds):
    # with a fixed bar above 90 %, Một's finding only improved (+70 points)
    strict = followup(ds, 2023, source="finding", rule=RemediationRule(fixed_pct=95))
    assert records(strict, ["unit_code", "status"]) == [
        ("10101", "improved"),
        ("10202", "unchanged"),
        ("10203", "not_assessed"),
    ]
    with pytest.raises(ValueError):
        followup(ds, 2023, source="rumour")


def test_share_fixed_per_district(ds):
    table = share_fixed_by_district(ds, 2023)
    assert list(table.columns) == [
        "district_code",
        "district_name",
        "weaknesses",
        "fixed",
        "improved",
        "unchanged",
        "worse",
        "not_assessed",
        "followed",
        "share_fixed_pct",
    ]
    assert records(table) == [
        ("101", "A", 2, 2, 0, 0, 0, 0, 2, 100.0),
        ("102", "B", 3, 0, 0, 2, 0, 1, 2, 0.0),  # one of three was not assessed: 0 of the 2 followed
    ]


def test_last_year_without_a_next_year_is_not_assessed(ds):
    assert set(followup(ds, 2024)["status"]) == {"not_assessed"}
