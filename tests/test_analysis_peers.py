"""Strengths and weaknesses against peers, and whom to learn from, on the planted fixture."""

import pandas as pd
import pytest
from analysis_fixture import records

from cchc_metrics.analysis import common
from cchc_metrics.analysis.common import NotAssessed
from cchc_metrics.analysis.lineage import UnknownUnit
from cchc_metrics.analysis.peers import DEFAULT_RULE, PeerRule, area_positions, learn_from, unit_profile, weaknesses
from cchc_metrics.engine.dataset import BUILT_PEER_RULE


def test_area_positions_2023_onestop_whole_table(ds):
    table = area_positions(ds, 2023, "commune")
    onestop = table[table["area_code"] == "ONESTOP"]
    cols = [
        "unit_code",
        "area_pct",
        "peers",
        "peer_q1",
        "peer_median",
        "peer_q3",
        "peer_best",
        "gap_to_median",
        "area_rank",
        "position",
        "district_peers",
        "district_median",
        "district_position",
    ]
    assert records(onestop, cols) == [
        ("10101", 25.0, 6, 85.0, 87.5, 93.75, 100.0, -62.5, 6, "weak", 3, 90.0, "weak"),
        ("10102", 90.0, 6, 85.0, 87.5, 93.75, 100.0, 2.5, 3, "typical", 3, 90.0, "typical"),
        ("10103", 95.0, 6, 85.0, 87.5, 93.75, 100.0, 7.5, 2, "strong", 3, 90.0, "strong"),
        ("10201", 100.0, 6, 85.0, 87.5, 93.75, 100.0, 12.5, 1, "strong", 3, 85.0, "strong"),
        ("10202", 85.0, 6, 85.0, 87.5, 93.75, 100.0, -2.5, 4, "typical", 3, 85.0, "typical"),
        ("10203", 85.0, 6, 85.0, 87.5, 93.75, 100.0, -2.5, 4, "typical", 3, 85.0, "typical"),
    ]


def test_the_built_positions_are_those_of_the_default_rule():
    assert DEFAULT_RULE.params() == BUILT_PEER_RULE


@pytest.mark.parametrize(
    "year, level",
    [(2023, "commune"), (2024, "commune"), (2023, None), (2023, "district"), (None, "commune"), (None, None)],
)
def test_positions_read_from_the_build_equal_positions_computed_now(ds, monkeypatch, year, level):
    built = area_positions(ds, year, level)
    monkeypatch.setattr(common, "BUILT_PEER_RULE", {})  # no rule is built: every call computes
    computed = area_positions(ds, year, level)
    assert len(built) > 0 or level == "district"  # the fixture scores no district
    pd.testing.assert_frame_equal(built, computed)


def test_absent_unit_is_absent_not_zero(ds):
    # Sáu (10203) exists until 2023: no rows in 2024, and the peers are the 5 others
    table = area_positions(ds, 2024, "commune")
    assert "10203" not in set(table["unit_code"])
    assert set(table["peers"]) == {5}


def test_weaknesses_2023_flag_onestop_and_name_the_best_peers_same_district_first(ds):
    table = weaknesses(ds, 2023, lang="en")
    assert list(table.columns) == [
        "year",
        "level",
        "unit_id",
        "unit_code",
        "unit_name",
        "parent_code",
        "area_code",
        "area_name",
        "area_pct",
        "peer_q1",
        "peer_median",
        "gap_to_median",
        "area_rank",
        "peers",
        "district_position",
        "learn_from",
    ]
    assert records(table.drop(columns=["unit_id"])) == [
        (
            2023,
            "commune",
            "10101",
            "Một",
            "101",
            "ONESTOP",
            "One-stop mechanism",
            25.0,
            85.0,
            87.5,
            -62.5,
            6,
            6,
            "weak",
            "Ba (95.00 %); Bốn (100.00 %)",
        ),
        (
            2023,
            "commune",
            "10202",
            "Năm",
            "102",
            "LEAD",
            "Direction and management of reform",
            60.0,
            90.0,
            90.0,
            -30.0,
            6,
            6,
            "weak",
            "Bốn (100.00 %)",
        ),
    ]


def test_learn_from_ties_at_the_top_still_name_someone_same_district_first(ds):
    # 2024 LEAD: nobody is above the third quartile (100), so the best (Bốn, Một) are named;
    # Năm is in district 102 with Bốn, so Bốn comes first
    mentors = learn_from(area_positions(ds, 2024, "commune"))
    assert records(mentors.drop(columns=["unit_id", "mentor_unit_id"])) == [
        (2024, "LEAD", 1, "10201", "Bốn", 100.0, True),
        (2024, "LEAD", 2, "10101", "Một", 100.0, False),
    ]
    vi = weaknesses(ds, 2024, "commune", lang="vi")
    assert list(vi["learn_from"]) == ["Bốn (100,00 %); Một (100,00 %)"]


def test_rule_thresholds_are_configurable(ds):
    # a stricter gap leaves only Một's ONESTOP; weak below the median adds nobody new here
    assert records(weaknesses(ds, 2023, rule=PeerRule(min_gap_pct=40)), ["unit_code", "area_code"]) == [
        ("10101", "ONESTOP")
    ]
    assert records(
        weaknesses(ds, 2023, rule=PeerRule(weak_below="median", min_gap_pct=2)), ["unit_code", "area_code"]
    ) == [("10101", "ONESTOP"), ("10202", "LEAD"), ("10202", "ONESTOP"), ("10203", "ONESTOP")]
    with pytest.raises(ValueError):
        area_positions(ds, 2023, rule=PeerRule(weak_below="q0"))


def test_unit_profile_areas_then_non_typical_criteria(ds):
    table = unit_profile(ds, 2023, "10101", lang="en")
    assert list(table.columns) == [
        "scope",
        "area_code",
        "area_name",
        "criterion_code",
        "criterion_name",
        "pct",
        "peer_q1",
        "peer_median",
        "peer_q3",
        "gap_to_median",
        "area_rank",
        "peers",
        "position",
        "district_median",
        "district_position",
        "learn_from",
    ]
    assert records(table) == [
        (
            "area",
            "LEAD",
            "Direction and management of reform",
            None,
            None,
            90.0,
            90.0,
            90.0,
            90.0,
            0.0,
            2,
            6,
            "typical",
            90.0,
            "typical",
            None,
        ),
        (
            "area",
            "PROC",
            "Administrative-procedure reform",
            None,
            None,
            100.0,
            80.0,
            80.0,
            80.0,
            20.0,
            1,
            6,
            "strong",
            80.0,
            "strong",
            None,
        ),
        (
            "area",
            "ONESTOP",
            "One-stop mechanism",
            None,
            None,
            25.0,
            85.0,
            87.5,
            93.75,
            -62.5,
            6,
            6,
            "weak",
            90.0,
            "weak",
            "Ba (95.00 %); Bốn (100.00 %)",
        ),
        (
            "criterion",
            "PROC",
            "Administrative-procedure reform",
            "X.PROC.1",
            "Công khai TTHC",
            100.0,
            80.0,
            80.0,
            80.0,
            20.0,
            None,
            6,
            "strong",
            None,
            None,
            None,
        ),
        (
            "criterion",
            "ONESTOP",
            "One-stop mechanism",
            "X.ONESTOP.2",
            "Sổ theo dõi hồ sơ",
            30.0,
            82.5,
            90.0,
            90.0,
            -60.0,
            None,
            6,
            "weak",
            None,
            None,
            None,
        ),
        (
            "criterion",
            "ONESTOP",
            "One-stop mechanism",
            "X.ONESTOP.1",
            "Bộ phận một cửa",
            20.0,
            82.5,
            90.0,
            97.5,
            -70.0,
            None,
            6,
            "weak",
            None,
            None,
            None,
        ),
    ]


def test_unit_profile_names_areas_in_vietnamese(ds):
    table = unit_profile(ds, 2023, "10101", lang="vi", criteria=False)
    assert list(table["area_name"]) == [
        "Công tác chỉ đạo, điều hành CCHC",
        "Cải cách thủ tục hành chính",
        "Thực hiện cơ chế một cửa, một cửa liên thông",
    ]
    assert list(table["learn_from"].fillna("")) == ["", "", "Ba (95,00 %); Bốn (100,00 %)"]


def test_the_units_of_a_level_are_placed_from_one_read_of_its_field(analysis_dir, monkeypatch):
    """Each unit's profile reads the same field of its level: once per data version, and each
    unit still gets its own rows, those of a dataset that had read nothing before."""
    from cchc_metrics.analysis import peers
    from cchc_metrics.engine.dataset import open_dataset

    reads = []
    real = peers.area_positions
    monkeypatch.setattr(peers, "area_positions", lambda *a, **k: reads.append(a[1:3]) or real(*a, **k))
    shared, alone = open_dataset(analysis_dir, use_cache=False), open_dataset(analysis_dir, use_cache=False)
    try:
        first = unit_profile(shared, 2023, "10101", lang="vi")
        second = unit_profile(shared, 2023, "10102", lang="vi")
        assert reads == [(2023, "commune")]
        pd.testing.assert_frame_equal(second, unit_profile(alone, 2023, "10102", lang="vi"))
        assert list(first["pct"]) != list(second["pct"])
        unit_profile(shared, 2024, "10101", lang="vi")  # another year: its own field
        assert reads == [(2023, "commune"), (2023, "commune"), (2024, "commune")]
    finally:
        shared.close()
        alone.close()


def test_the_criteria_of_a_level_are_placed_from_one_spread_of_its_field(analysis_dir, monkeypatch):
    """The peers' spread per criterion is the same for every unit of a level: a unit's criteria
    are placed against a spread computed once per data version, and each unit's rows are those
    of the whole field's table."""
    from cchc_metrics.analysis import peers
    from cchc_metrics.engine.dataset import open_dataset

    spreads = []
    real = peers._on_scored
    monkeypatch.setattr(
        peers,
        "_on_scored",
        lambda ds, name, params, **k: (
            (spreads.append((params["year"], params["level"])) if name == "criterion_peers" else None)
            or real(ds, name, params, **k)
        ),
    )
    ds = open_dataset(analysis_dir, use_cache=False)
    try:
        field = peers.criterion_positions(ds, 2023, "commune")
        assert spreads == []  # the whole field's table computes its spread in the same query
        units = sorted(field["unit_id"].unique())
        assert len(units) == 6
        for unit_id in units:
            one = peers.criterion_positions(ds, 2023, "commune", unit_id=unit_id)
            pd.testing.assert_frame_equal(one, field[field["unit_id"] == unit_id].reset_index(drop=True))
        assert spreads == [(2023, "commune")]
        peers.criterion_positions(ds, 2024, "commune", unit_id=units[0])  # another year: its own spread
        other = PeerRule(weak_below="median")  # another rule: its own lines
        one = peers.criterion_positions(ds, 2023, "commune", other, unit_id=units[0])
        whole = peers.criterion_positions(ds, 2023, "commune", other)
        pd.testing.assert_frame_equal(one, whole[whole["unit_id"] == units[0]].reset_index(drop=True))
        assert spreads == [(2023, "commune"), (2024, "commune"), (2023, "commune")]
    finally:
        ds.close()


def test_unit_profile_unknown_or_absent_unit(ds):
    with pytest.raises(UnknownUnit):
        unit_profile(ds, 2024, "10203")  # merged away after 2023
    with pytest.raises(NotAssessed):
        unit_profile(ds, 2024, "101")  # a district without scores


def test_the_peer_rule_is_one_macro_for_areas_and_criteria():
    """peer_position (staging/macros.sql) places a value against its peers' lines as the area
    and criterion positions both do: weak below the weak line and at least the gap under the
    median, strong above the strong line and at least the gap over it, else typical."""
    from cchc_metrics.engine import sqlfiles

    con = sqlfiles.connect()
    # (value, weak line, median, strong line, gap) → position
    cases = [
        ((50.0, 60.0, 70.0, 80.0, 5.0), "weak"),
        ((58.0, 60.0, 62.0, 80.0, 5.0), "typical"),  # below the weak line, but 4 points under the median
        ((57.0, 60.0, 62.0, 80.0, 5.0), "weak"),  # exactly the gap
        ((60.0, 60.0, 70.0, 80.0, 5.0), "typical"),  # on the weak line
        ((90.0, 60.0, 70.0, 80.0, 5.0), "strong"),
        ((82.0, 60.0, 79.0, 80.0, 5.0), "typical"),  # above the strong line, 3 points over the median
        ((80.0, 60.0, 70.0, 80.0, 5.0), "typical"),  # on the strong line
        ((50.0, 60.0, 70.0, 80.0, 0.0), "weak"),
        ((None, 60.0, 70.0, 80.0, 5.0), "typical"),  # no value
        ((50.0, None, 70.0, 80.0, 5.0), "typical"),  # no line
    ]
    got = [con.execute("select peer_position(?, ?, ?, ?, ?)", list(args)).fetchall()[0][0] for args, _ in cases]
    assert got == [expected for _, expected in cases]
    for name in ("build/area_positions", "analysis/criterion_positions"):
        assert "peer_position(" in sqlfiles.sql_text(name) and "'weak'" not in sqlfiles.sql_text(name)
