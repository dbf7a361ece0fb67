"""Lineage: validation of lineage.csv, and trends across a merge, a partial split and reused codes.

Fixture tests/fixtures/lineage: in 2024 Cư merges into An; in 2025 the code 10101 (An until 2024)
is reused by Mới Một (Bình + part of Đông), and 10102 (Bình until 2024) by Mới Hai (An, with Cư),
while Đông is split between Mới Một and Mới Ba. One criterion of 10 points per unit, so an index
is ten times the score.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from cchc_metrics.analysis import lineage
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.engine.validation import DataError
from cchc_metrics.publish.publishing import validate_file

FIXTURE = Path(__file__).parent / "fixtures" / "lineage"


@pytest.fixture(scope="module")
def ds():
    dataset = open_dataset(FIXTURE, use_cache=False)
    yield dataset
    dataset.close()


def _records(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    return [
        tuple(None if (not isinstance(v, str) and pd.isna(v)) else v for v in row)
        for row in frame[columns].itertuples(index=False)
    ]


def test_lineage_loads_resolved_to_unit_versions(ds):
    links = ds.sql("select old_unit_id, new_unit_id, change, partial from lineage_links order by all")
    assert _records(links, list(links.columns)) == [
        ("10101@", "10102@2025", "merge_full", False),
        ("10102@", "10101@2025", "merge_full", False),
        ("10103@", "10101@", "merge_full", False),
        ("10201@", "10101@2025", "merge_partial", True),
        ("10201@", "10202@2025", "merge_partial", True),
        ("10202@", "10202@2025", "merge_full", False),
    ]


def test_reused_code_history_goes_through_the_right_predecessors(ds):
    # 10101 in 2025 is Mới Một: its past is Bình and half of Đông, never old An's 60 %.
    got = lineage.history(ds, "10101", 2025)
    assert _records(got, ["year", "basis", "index_pct", "members", "partial_members", "partial", "member_names"]) == [
        (2023, "predecessors", pytest.approx(70.0), 2, 1, True, "Bình (10102), Đông (10201)"),
        (2024, "predecessors", pytest.approx(80.0), 2, 1, True, "Bình (10102), Đông (10201)"),
        (2025, "own", pytest.approx(80.0), 1, 0, False, "Mới Một (10101)"),
    ]


def test_history_follows_two_reorganisations(ds):
    # Mới Hai (10102 from 2025) ← An ← Cư (merged 2024): 2023 is An and Cư together.
    got = lineage.history(ds, "10102", 2025)
    assert _records(got, ["year", "basis", "index_pct", "members", "partial", "member_names"]) == [
        (2023, "predecessors", pytest.approx(50.0), 2, False, "An (10101), Cư (10103)"),
        (2024, "predecessors", pytest.approx(70.0), 1, False, "An (10101)"),
        (2025, "own", pytest.approx(70.0), 1, False, "Mới Hai (10102)"),
    ]


def test_partial_weight_is_a_parameter(ds):
    got = lineage.history(ds, "10101", 2025, partial_weight=1.0)
    assert list(got["index_pct"].round(6)) == [65.0, 75.0, 80.0]


def test_listed_predecessors_are_marked_with_their_own_ranks(ds):
    got = lineage.predecessor_scores(ds, "10101", 2025)
    assert _records(
        got, ["year", "role", "unit_id", "unit_name", "depth", "partial", "weight", "index_pct", "rank", "ranked_units"]
    ) == [
        (2023, "predecessor", "10102@", "Bình", 1, False, 1.0, 80.0, 2, 5),
        (2023, "predecessor", "10201@", "Đông", 1, True, 0.5, 50.0, 4, 5),
        (2024, "predecessor", "10102@", "Bình", 1, False, 1.0, 90.0, 2, 4),
        (2024, "predecessor", "10201@", "Đông", 1, True, 0.5, 60.0, 4, 4),
        (2025, "self", "10101@2025", "Mới Một", 0, False, 1.0, 80.0, 2, 3),
    ]


def test_old_unit_story_ends_where_it_merged(ds):
    got = lineage.story(ds, "10103", 2023)
    assert _records(
        got, ["year", "role", "unit_code", "unit_name", "index_pct", "change", "partial", "effective_date"]
    ) == [
        (2023, "self", "10103", "Cư", 40.0, None, False, None),
        (2024, "successor", "10101", "An", 70.0, "merge_full", False, "2024-11-01"),
    ]
    split = lineage.story(ds, "10201", 2024)
    assert _records(split, ["year", "role", "unit_name", "index_pct", "change", "partial"]) == [
        (2023, "self", "Đông", 50.0, None, False),
        (2024, "self", "Đông", 60.0, None, False),
        (2025, "successor", "Mới Một", 80.0, "merge_partial", True),
        (2025, "successor", "Mới Ba", 90.0, "merge_partial", True),
    ]


def test_neighbours_both_ways(ds):
    got = lineage.neighbours(ds, "10101", 2024)  # old An
    assert _records(got, ["direction", "depth", "unit_id", "unit_name", "change", "partial", "effective_date"]) == [
        ("predecessor", 1, "10103@", "Cư", "merge_full", False, "2024-11-01"),
        ("successor", 1, "10102@2025", "Mới Hai", "merge_full", False, "2025-07-01"),
    ]
    with pytest.raises(lineage.UnknownUnit):
        lineage.neighbours(ds, "10103", 2025)


def test_rankings_never_mix_unit_versions(ds):
    """No rank change across a reorganisation; the change of a new unit is against its
    predecessors' 2024 index, weighted 1 whole and 0.5 in part, and says so:
    10101@2025 ← 10102 (90, whole) + 10201 (60, part): (90 + 30) / 1.5 = 80 → +0;
    10202@2025 ← 10201 (60, part) + 10202 (100, whole): (30 + 100) / 1.5 = 86.67 → +3.33;
    10102@2025 ← 10101 (70, whole) → +0."""
    got = ds.query("unit_scores", year=2025, level="commune")
    got["delta_pct"] = got["delta_pct"].round(4)
    assert _records(got, ["unit_id", "rank", "delta_pct", "delta_basis", "rank_change"]) == [
        ("10202@2025", 1, 3.3333, "predecessors", None),
        ("10101@2025", 2, 0.0, "predecessors", None),
        ("10102@2025", 3, 0.0, "predecessors", None),
    ]
    before = ds.query("unit_scores", year=2024, level="commune")
    assert set(before["delta_basis"]) == {"unit"}


def test_former_district_groups(ds):
    assert not lineage.has_districts(ds, 2025) and lineage.has_districts(ds, 2024)
    got = lineage.former_district_groups(ds, 2025, lang="en")
    assert _records(got, ["unit_id", "former_district_codes", "group_code", "group_name"]) == [
        ("10102@2025", "101", "101", "Huyện A"),
        ("10202@2025", "102", "102", "Huyện B"),
        ("10101@2025", "101, 102", "mixed", "mixed"),
    ]
    before = lineage.former_district_groups(ds, 2024)
    assert _records(before, ["unit_id", "group_code"]) == [
        ("10101@", "101"),
        ("10102@", "101"),
        ("10201@", "102"),
        ("10202@", "102"),
    ]


def test_absent_lineage_file_means_no_links(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "d")
    (tmp_path / "d" / "lineage.csv").unlink()
    dataset = open_dataset(tmp_path / "d", use_cache=False)
    try:
        assert dataset.sql("select count(*) as n from lineage")["n"].tolist() == [0]
        got = lineage.history(dataset, "10101", 2025)
        assert _records(got, ["year", "basis", "index_pct"]) == [(2025, "own", 80.0)]
    finally:
        dataset.close()


BAD_LINEAGE = """old_code,old_valid_to_year,new_code,new_valid_from_year,change,effective_date
10103,2023,10101,2024,merge_full,2024-11-01
10199,2024,10101,2025,merge_full,2025-07-01
10102,2024,10109,2025,merge_full,2025-07-01
10202,2025,10202,2025,merge_full,2025-07-01
10101,2024,10102,2025,merge_full,2025-07-01
10101,2024,10202,2025,merge_full,2025-07-01
10103,2023,10101,2024,merge_full,2024-11-01
10201,2024,10202,2025,merge_partial,2024-07-01
10201,2024,10101,2025,merge_partial,2025-07-01
"""


def test_lineage_rules(tmp_path):
    path = tmp_path / "lineage.csv"
    path.write_text(BAD_LINEAGE, encoding="utf-8")
    table, rows, problems = validate_file(path, FIXTURE)
    assert (table.name, rows) == ("lineage", 9)
    assert sorted((p.row, p.column, p.key, p.severity) for p in problems) == [
        (3, "old_code", "lineage_old_unknown", "error"),
        (4, "new_code", "lineage_new_unknown", "error"),
        (5, "new_valid_from_year", "lineage_years_order", "error"),
        (5, "old_valid_to_year", "lineage_old_not_ended", "warning"),  # 10202 in 2025 is Mới Ba, still valid
        (6, "change", "lineage_whole_and_more", "error"),
        (7, "change", "lineage_whole_and_more", "error"),
        (8, "new_code", "duplicate_lineage", "error"),
        (9, "effective_date", "lineage_date_year", "warning"),
    ]
    assert (
        problems[0]
        .describe("en")
        .startswith("lineage.csv, row 3, column old_code: no unit with code “10199” is valid in 2024.")
    )


def test_a_wrong_lineage_stops_the_load(tmp_path):
    root = shutil.copytree(FIXTURE, tmp_path / "d")
    (root / "lineage.csv").write_text(BAD_LINEAGE, encoding="utf-8")
    with pytest.raises(DataError) as err:
        open_dataset(root, use_cache=False)
    assert {p.key for p in err.value.problems} >= {"lineage_old_unknown", "duplicate_lineage"}


# --- the official list (vietnam-provinces) -------------------------------------------------

from cchc_metrics.publish import officiallist  # noqa: E402

OFFICIAL = pd.DataFrame(
    {
        "unit_code": ["31168", "31309", "31120", "31207", "31153"],
        "official_name": ["Phường Bình Thủy", "Xã Trường Long", "Phường Cái Khế", "Phường Thuận Hưng", "Phường Ô Môn"],
    }
)
OFFICIAL["bare_name"] = [officiallist.strip_prefix(n) for n in OFFICIAL["official_name"]]


def test_spelling_differences_are_named():
    import unicodedata

    ours = pd.DataFrame(
        {
            "unit_code": ["31168", "31309", "31120", "31207", "31153", "31228"],
            "unit_name": [
                "Bình Thuỷ",
                "Xã Trường Long",
                "Cái  Khế",
                "Thốt Nốt",
                unicodedata.normalize("NFD", "Ô Môn"),
                "Thuận Hưng",
            ],
        }
    )
    got = officiallist.check_unit_list(ours, OFFICIAL, lang="en")
    assert _records(got, ["unit_code", "official_name", "issue", "message"]) == [
        ("31168", "Phường Bình Thủy", "tone_placement", "tone mark placed differently"),
        ("31309", "Xã Trường Long", "type_prefix", "type prefix differs"),
        ("31120", "Phường Cái Khế", "spacing", "spaces differ"),
        ("31207", "Phường Thuận Hưng", "name_differs", "name differs from the official list"),
        ("31153", "Phường Ô Môn", "unicode_form", "Unicode form differs (NFC/NFD)"),
        ("31228", None, "unknown_code", "code not in the official list"),
    ]
    assert officiallist.new_tone_style("Hoà Hoàn Thuỷ") == "Hòa Hoàn Thủy"


def test_official_list_missing_package_skips_with_a_message(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_package(name, *args, **kwargs):
        if name == "vietnam_provinces":
            raise ImportError("No module named 'vietnam_provinces'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_package)
    with pytest.raises(officiallist.OfficialListUnavailable) as err:
        officiallist.official_units("Cần Thơ")
    assert err.value.message("en") == (
        "The official list cannot be checked: it is not available on this server "
        "(import vietnam_provinces: No module named 'vietnam_provinces')."
    )


def test_demo_2025_list_against_the_installed_package():
    pytest.importorskip("vietnam_provinces", reason="vietnam-provinces is not installed: official check skipped")
    official = officiallist.official_units("Cần Thơ")
    assert len(official) == 103  # Cần Thơ merged with Sóc Trăng and Hậu Giang
    demo = open_dataset(Path(__file__).resolve().parents[1] / "data")
    got = officiallist.check_unit_list(demo.query("unit_list", year=2025), official, lang="en")
    # Our reference gives 31207 to Thốt Nốt and 31228 to Thuận Hưng; the official list has
    # 31207 Phường Thuận Hưng and 31212 Phường Thốt Nốt (see the report of issue 9).
    assert _records(got, ["unit_code", "unit_name", "official_name", "issue"]) == [
        ("31207", "Thốt Nốt", "Phường Thuận Hưng", "name_differs"),
        ("31228", "Thuận Hưng", None, "unknown_code"),
    ]
