"""The committed reference files of the merged Cần Thơ (written by tools/reference_units.py).

Read with pandas only: the packages the tool reads them from are not installed in CI.
"""

import pandas as pd
import pytest
from helpers import PROJECT

REFERENCE = PROJECT / "cchc_metrics" / "tools" / "reference"
OLD_YEAR, NEW_YEAR = 2024, 2025


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / name, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def ct_units():
    return read("can_tho_units.csv")


@pytest.fixture(scope="module")
def merged_units():
    return read("merged_units.csv")


@pytest.fixture(scope="module")
def units(ct_units, merged_units):
    return pd.concat([ct_units, merged_units.drop(columns="source_province")], ignore_index=True)


@pytest.fixture(scope="module")
def lineage():
    return read("merged_lineage.csv")


def valid(units: pd.DataFrame, year: int) -> pd.DataFrame:
    start = pd.to_numeric(units["valid_from_year"].replace("", None))
    end = pd.to_numeric(units["valid_to_year"].replace("", None))
    return units[(start.isna() | (start <= year)) & (end.isna() | (end >= year))]


def test_columns_follow_the_can_tho_files(ct_units, merged_units, lineage):
    assert list(merged_units.columns) == [*ct_units.columns, "source_province"]
    assert list(lineage.columns) == list(read("can_tho_lineage.csv").columns)
    assert set(merged_units["source_province"]) == {"Hậu Giang", "Sóc Trăng", ""}
    assert set(lineage["change"]) <= {"merge_full", "merge_partial", "split", "rename", "unchanged"}


def test_a_unit_is_listed_once(units):
    assert not units.duplicated(["unit_code", "valid_from_year"]).any()


def test_old_units_of_hau_giang_and_soc_trang(merged_units):
    old = merged_units[merged_units["source_province"] != ""]
    assert (old["valid_from_year"] == "").all() and (old["valid_to_year"] == str(OLD_YEAR)).all()
    counts = old.groupby(["source_province", "level"]).size().to_dict()
    assert counts == {
        ("Hậu Giang", "district"): 8,
        ("Hậu Giang", "commune"): 75,
        ("Sóc Trăng", "district"): 11,
        ("Sóc Trăng", "commune"): 108,
    }
    districts = old[old["level"] == "district"]
    communes = old[old["level"] == "commune"]
    assert districts["unit_code"].str.fullmatch(r"\d{3}").all() and (districts["parent_code"] == "").all()
    assert communes["unit_code"].str.fullmatch(r"\d{5}").all()
    assert communes["parent_code"].isin(set(districts["unit_code"])).all()
    assert set(districts["unit_type"]) <= {"quận", "huyện", "thị xã", "thành phố"}
    assert set(communes["unit_type"]) <= {"phường", "xã", "thị trấn"}


def test_the_merged_city_has_103_units_in_2025(units):
    in_2025 = valid(units, NEW_YEAR)
    assert len(in_2025) == 103
    assert in_2025["unit_type"].value_counts().to_dict() == {"xã": 72, "phường": 31}
    assert (in_2025["level"] == "commune").all() and (in_2025["parent_code"] == "").all()
    assert not in_2025["unit_code"].duplicated().any()


def test_lineage_links_a_2024_unit_to_a_2025_unit(units, lineage):
    assert (lineage["old_valid_to_year"] == str(OLD_YEAR)).all()
    assert (lineage["new_valid_from_year"] == str(NEW_YEAR)).all()
    assert (lineage["effective_date"] == "2025-07-01").all()
    assert not lineage.duplicated(["old_code", "new_code"]).any()
    assert set(lineage["old_code"]) <= set(valid(units, OLD_YEAR)["unit_code"])
    assert set(lineage["new_code"]) <= set(valid(units, NEW_YEAR)["unit_code"])


def test_every_old_commune_has_a_successor_and_every_new_unit_a_predecessor(merged_units, lineage):
    old = merged_units[(merged_units["source_province"] != "") & (merged_units["level"] == "commune")]
    assert set(old["unit_code"]) == set(lineage["old_code"])
    new = merged_units[merged_units["valid_from_year"] == str(NEW_YEAR)]
    assert set(new["unit_code"]) == set(lineage["new_code"])


def test_a_whole_old_commune_goes_into_one_unit(lineage):
    whole = lineage.loc[lineage["change"].isin(["merge_full", "rename", "unchanged"]), "old_code"]
    assert lineage.loc[lineage["old_code"].isin(whole), "old_code"].is_unique
