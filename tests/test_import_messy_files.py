"""Messy but valid files (encodings, separators, headers, title rows, unit names, xlsx) score like their clean twin."""

import pandas as pd
import pytest
from import_helpers import MESSY, TEST_LIMITS, copy_import_data

from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.publish.publishing import import_file

VARIANTS = sorted(p.name for p in MESSY.iterdir() if p.name != "clean.csv")

# Hand-computed from tests/fixtures/make_bad_files.py: appraised points / applicable maximum × 100.
EXPECTED_INDEX = {"31117": 87.5, "31120": 82.5, "31153": 90.0, "31157": 100 * 4.75 / 5.5, "31165": 57.5}


def publish_and_score(tmp_path, name):
    root = copy_import_data(tmp_path / name)
    prepared, published = import_file(MESSY / name, root, user="test", limits=TEST_LIMITS)
    assert [p.describe("en") for p in prepared.problems] == []
    assert published is not None and published.year == 2025 and published.rows == 15
    ds = open_dataset(root, use_cache=False)
    try:
        units = ds.sql("select * from unit_scores where year = 2025 order by unit_code")
        areas = ds.sql("select * from area_scores where year = 2025 order by unit_id, area_code")
    finally:
        ds.close()
    return prepared, units, areas


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return publish_and_score(tmp_path_factory.mktemp("clean"), "clean.csv")


def test_variant_list():
    assert VARIANTS == [
        "bom.csv",
        "nfd.csv",
        "plain.xlsx",
        "semicolon_decimal_comma.csv",
        "title_and_empty_rows.csv",
        "titled_vietnamese.xlsx",
        "unit_names_in_code_column.csv",
        "unit_names_only.csv",
        "utf16.csv",
        "vietnamese_headers.csv",
        "windows1258.csv",
    ]


def test_clean_twin_scores_by_hand(clean):
    _prepared, units, _areas = clean
    assert dict(zip(units["unit_code"], units["index_pct"].round(6))) == {
        k: round(v, 6) for k, v in EXPECTED_INDEX.items()
    }


@pytest.mark.parametrize("name", VARIANTS)
def test_messy_variant_gives_the_same_scores(tmp_path, clean, name):
    clean_prepared, clean_units, clean_areas = clean
    prepared, units, areas = publish_and_score(tmp_path, name)
    pd.testing.assert_frame_equal(units, clean_units)
    pd.testing.assert_frame_equal(areas, clean_areas)
    # The published file itself is the same, but for unit names a file without them cannot give.
    if name != "unit_names_in_code_column.csv":
        assert prepared.canonical == clean_prepared.canonical
