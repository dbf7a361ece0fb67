"""Findings: filters and text search with bound values, scores beside them, recurring themes."""

import pytest
from analysis_fixture import records

from cchc_metrics.analysis.findings import fold, recurring_themes, search, strip_marks, theme_key


def test_normal_forms():
    assert fold("  SỔ THEO\u00a0 DÕI ") == "sổ theo dõi"
    assert fold("So\u0302\u0309") == "sổ"  # decomposed marks compose
    assert strip_marks("Đường Sổ theo dõi") == "duong so theo doi"
    assert theme_key("Sổ theo dõi  hồ sơ, thiếu thông tin.") == "so theo doi ho so thieu thong tin"


def test_every_finding_beside_the_units_scores(ds):
    table = search(ds, year=2023, lang="en")
    assert list(table.columns) == [
        "year",
        "unit_id",
        "unit_code",
        "unit_name",
        "level",
        "district_code",
        "district_name",
        "area_code",
        "area_name",
        "criterion_code",
        "kind",
        "text",
        "inspected_on",
        "index_pct",
        "area_pct",
        "criterion_pct",
    ]
    assert records(
        table,
        ["unit_code", "district_name", "area_code", "criterion_code", "kind", "index_pct", "area_pct", "criterion_pct"],
    ) == [
        ("10101", "A", "ONESTOP", "X.ONESTOP.1", "weakness", 60.0, 25.0, 20.0),
        ("10103", "A", "ONESTOP", None, "strength", 90.0, 95.0, None),
        ("10202", "B", "LEAD", "X.LEAD.1", "weakness", 77.5, 60.0, 60.0),
        ("10203", "B", "PROC", "X.PROC.1", "weakness", 85.0, 80.0, 80.0),
    ]


def test_filters(ds):
    assert records(search(ds, district="102"), ["year", "unit_code"]) == [
        (2023, "10202"),
        (2023, "10203"),
        (2024, "10202"),
    ]
    assert records(search(ds, kind="strength"), ["unit_code"]) == [("10103",)]
    assert records(search(ds, area="ONESTOP", year=2024), ["unit_code", "criterion_code"]) == [("10202", "X.ONESTOP.2")]
    assert records(search(ds, unit="10101"), ["year", "kind"]) == [(2023, "weakness"), (2024, "recommendation")]
    with pytest.raises(ValueError):
        search(ds, kind="praise")


def test_text_search_case_composition_and_optional_accents(ds):
    strict = search(ds, text="SỔ THEO DÕI hồ sơ")
    assert records(strict, ["year", "unit_code"]) == [(2023, "10101"), (2023, "10203"), (2024, "10202")]
    decomposed = "so\u0302\u0309 theo do\u0303i"
    assert len(search(ds, text=decomposed)) == 3
    assert search(ds, text="so theo doi").empty
    assert len(search(ds, text="so theo doi", loose=True)) == 3
    assert records(search(ds, text="ban hanh cham", loose=True), ["unit_code"]) == [("10202",)]


def test_hostile_search_text_is_only_a_string(ds):
    assert search(ds, text="'; drop table findings; --").empty
    assert search(ds, text="%", loose=True).empty  # no LIKE wildcards either
    assert len(search(ds)) == 6


def test_recurring_themes_group_wordings_across_units_and_years(ds):
    themes = recurring_themes(search(ds))
    assert records(themes) == [
        (
            "weakness",
            "so theo doi ho so thieu thong tin",
            "Sổ theo dõi hồ sơ thiếu thông tin",
            "ONESTOP, PROC",
            3,
            3,
            2,
            2023,
            2024,
            "10101, 10202, 10203",
        ),
    ]
    by_area = recurring_themes(search(ds), by="area")
    assert records(by_area, ["kind", "theme", "findings", "units", "years"]) == [("weakness", "ONESTOP", 2, 2, 2)]
