"""Tables and chart of the reorganisation and planning pages on the lineage fixture.

tests/fixtures/lineage: Cư (10103) went into An in 2024; in 2025 Bình + part of Đông became
Mới Một (code 10101, An's old code), An became Mới Hai (10102, Bình's old code), Giang + part
of Đông became Mới Ba (10202). LEAD is the only area; 2023–2025 scores per unit:
An 60/50, Bình 80/90, Cư 30, Đông 50/60, Giang 90/100; Mới Một 80, Mới Hai 50, Mới Ba 90 (2025).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from cchc_metrics.analysis import planning, reorganisation
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.present.charts.common import ChartContext
from cchc_metrics.present.charts.lineage import lineage_history_line
from cchc_metrics.publish import officiallist
from cchc_metrics.views import planning as plan_tables

FIXTURE = Path(__file__).parent / "fixtures" / "lineage"


@pytest.fixture(scope="module")
def ds():
    dataset = open_dataset(FIXTURE, use_cache=False)
    yield dataset
    dataset.close()


def rows(frame: pd.DataFrame) -> list[tuple]:
    return [
        tuple(None if (not isinstance(v, str) and pd.isna(v)) else v for v in r) for r in frame.itertuples(index=False)
    ]


def test_unit_choices_label_every_version_with_its_years(ds):
    got = reorganisation.unit_choices(ds, "en")
    assert rows(got[["unit_id", "year", "label", "changed", "ended"]]) == [
        ("10202@2025", 2025, "Xã Mới Ba (10202), from 2025", True, False),
        ("10102@2025", 2025, "Xã Mới Hai (10102), from 2025", True, False),
        ("10101@2025", 2025, "Xã Mới Một (10101), from 2025", True, False),
        ("10101@", 2024, "Xã An (10101), until 2024", True, True),
        ("10102@", 2024, "Xã Bình (10102), until 2024", True, True),
        ("10103@", 2023, "Xã Cư (10103), until 2023", True, True),
        ("10201@", 2024, "Xã Đông (10201), until 2024", True, True),
        ("10202@", 2024, "Xã Giang (10202), until 2024", True, True),
        ("101@", 2024, "Huyện A (101), until 2024", False, True),  # the name already carries its type
        ("102@", 2024, "Huyện B (102), until 2024", False, True),
    ]


def test_the_reorganisation_page_labels_the_versions_once(monkeypatch):
    """The page's picker, history and story all read the labelled versions: they are made once
    per data version and language, and each caller gets a frame of its own."""
    from cchc_metrics.views import reorganisation as page

    made = []
    real = reorganisation._unit_choices
    monkeypatch.setattr(reorganisation, "_unit_choices", lambda ds, lang: made.append(lang) or real(ds, lang))
    fresh = open_dataset(FIXTURE, use_cache=False)
    try:
        ctx = ChartContext(lang="en")
        unit_id = page.version_choice(fresh, "en").first_shown()
        page.history(fresh, unit_id, ctx)
        page.story(fresh, unit_id, ctx)
        assert made == ["en"]
        mine = reorganisation.unit_choices(fresh, "en")
        mine["label"] = "changed by its caller"
        assert reorganisation.unit_choices(fresh, "en")["label"].tolist() == real(fresh, "en")["label"].tolist()
        reorganisation.unit_choices(fresh, "vi")
        assert made == ["en", "vi"]
    finally:
        fresh.close()


def test_history_through_predecessors_flags_partial_years(ds):
    got = reorganisation.history_table(ds, "10101", 2025, "vi")
    # 2023: (Bình 80 + ½ Đông 50) / 1.5 = 70; 2024: (90 + ½ × 60) / 1.5 = 80; 2025 own 80
    assert rows(got[["year_label", "basis", "index_pct", "partial", "basis_text"]]) == [
        ("2023", "predecessors", 70.0, True, "qua các đơn vị tiền thân (có đơn vị chỉ nhập một phần)"),
        ("2024", "predecessors", 80.0, True, "qua các đơn vị tiền thân (có đơn vị chỉ nhập một phần)"),
        ("2025", "own", 80.0, False, "điểm của chính đơn vị"),
    ]


def test_an_old_unit_story_ends_in_its_successors(ds):
    got = reorganisation.story_table(ds, "10201", 2024, "en")
    assert rows(got[["year", "role", "unit_code", "unit_name", "index_pct", "change", "partial"]]) == [
        ("2023", "itself", "10201", "Đông", 50.0, "", False),
        ("2024", "itself", "10201", "Đông", 60.0, "", False),
        ("2025", "successor", "10101", "Mới Một", 80.0, "part merged", True),
        ("2025", "successor", "10202", "Mới Ba", 90.0, "part merged", True),
    ]
    assert reorganisation.ending_text(ds, "10201", 2024, "en") == (
        "Đông (10201) has results until 2024, then part merged into Mới Một (10101) from 2025; "
        "part merged into Mới Ba (10202) from 2025."
    )
    assert reorganisation.ending_text(ds, "10101", 2025, "en") is None  # Mới Một has not ended


def test_reused_code_links_the_right_versions(ds):
    got = reorganisation.links_table(ds, "en")
    assert rows(got) == [
        ("10103", "Cư", "2023", "10101", "An", "2024", "merged whole", False, "2024-11-01"),
        ("10102", "Bình", "2024", "10101", "Mới Một", "2025", "merged whole", False, "2025-07-01"),
        ("10201", "Đông", "2024", "10101", "Mới Một", "2025", "part merged", True, "2025-07-01"),
        ("10101", "An", "2024", "10102", "Mới Hai", "2025", "merged whole", False, "2025-07-01"),
        ("10201", "Đông", "2024", "10202", "Mới Ba", "2025", "part merged", True, "2025-07-01"),
        ("10202", "Giang", "2024", "10202", "Mới Ba", "2025", "merged whole", False, "2025-07-01"),
    ]
    near = reorganisation.neighbours_table(ds, "10101", 2025, "en")
    assert rows(near[["direction", "unit_code", "unit_name", "valid_years", "change", "partial"]]) == [
        ("predecessor", "10102", "Bình", "until 2024", "merged whole", False),
        ("predecessor", "10201", "Đông", "until 2024", "part merged", True),
    ]


def test_communes_without_districts_grouped_by_former_district(ds):
    assert reorganisation.first_year_without_districts(ds) == 2025
    assert rows(reorganisation.former_district_table(ds, 2025, "vi")) == [
        ("10102", "Mới Hai", "Huyện A", "101"),
        ("10202", "Mới Ba", "Huyện B", "102"),
        ("10101", "Mới Một", "nhiều huyện cũ", "101, 102"),
    ]


def test_official_check_on_the_data_and_when_unavailable(ds, monkeypatch):
    official = pd.DataFrame(
        {
            "unit_code": ["10101", "10102"],
            "official_name": ["Xã Mới Một", "Xã Mới Hai Mươi"],
            "unit_type": ["xã", "xã"],
            "bare_name": ["Mới Một", "Mới Hai Mươi"],
        }
    )
    monkeypatch.setattr(officiallist, "official_units", lambda province: official)
    got = reorganisation.official_check(ds, 2025, "en")
    assert rows(got[["unit_code", "unit_name", "official_name", "issue"]]) == [
        ("10102", "Mới Hai", "Xã Mới Hai Mươi", "name_differs"),
        ("10202", "Mới Ba", "", "unknown_code"),
    ]

    def unavailable(province):
        raise officiallist.OfficialListUnavailable("no package")

    monkeypatch.setattr(officiallist, "official_units", unavailable)
    with pytest.raises(officiallist.OfficialListUnavailable):
        reorganisation.official_check(ds, 2025, "en")


def test_year_ranges():
    assert reorganisation.year_ranges([2016, 2014, 2015, 2020, 2022, 2023]) == "2014–2016, 2020, 2022–2023"
    assert reorganisation.year_ranges([]) == ""


def test_history_chart_dashes_predecessor_years_and_rings_partial_ones(ds):
    lines = reorganisation.history_lines(ds, "10101", 2025, "en")
    assert rows(lines[["year", "kind", "index_pct", "partial"]]) == [
        (2025, "own", 80.0, False),
        (2023, "predecessors", 70.0, True),
        (2024, "predecessors", 80.0, True),
    ]
    names = {"own": "Own", "predecessors": "Through predecessors", "partial": "Partial", "successor": "Successor"}
    fig = lineage_history_line(lines, ChartContext(lang="en"), "T", "S", names)
    assert [(d.name, d.line.dash if d.mode != "markers" else None) for d in fig.data] == [
        ("Through predecessors", "dash"),
        ("Own", None),
        ("Partial", None),
    ]
    # the dashed part runs 2023–2024 and joins the first own year; the solid part is 2025 alone
    assert list(fig.data[0].y) == [70.0, 80.0, 80.0]
    assert [None if pd.isna(v) else v for v in fig.data[1].y] == [None, None, 80.0]
    assert list(fig.data[2].x) == [2023, 2024]


def test_an_old_unit_chart_ends_at_its_successors(ds):
    lines = reorganisation.history_lines(ds, "10201", 2024, "en")  # Đông, split in 2025
    assert rows(lines[["year", "kind", "index_pct", "note"]]) == [
        (2023, "own", 50.0, "own score"),
        (2024, "own", 60.0, "own score"),
        (2025, "successor", 80.0, "Mới Một (10101): part merged"),
        (2025, "successor", 90.0, "Mới Ba (10202): part merged"),
    ]
    names = {"own": "Own", "predecessors": "Through predecessors", "partial": "Partial", "successor": "Successor"}
    fig = lineage_history_line(lines, ChartContext(lang="en"), "T", "S", names)
    assert [d.name for d in fig.data if d.showlegend is not False] == ["Own", "Successor"]
    links = [d for d in fig.data if d.showlegend is False]
    assert [(list(d.x), list(d.y)) for d in links] == [([2024, 2025], [60.0, 80.0]), ([2024, 2025], [60.0, 90.0])]


def test_plan_tables_show_and_keep_the_plan(ds, tmp_path):
    plan = planning.draw(ds, 2025, 1, seed=3, group_by="none", chronic="off", weighted=True)
    shown = plan_tables.shown_plan(ds, plan, "en")
    assert list(shown.columns) == plan_tables.PLAN_COLUMNS
    assert rows(shown[["unit_code", "reason", "last_inspected_year", "status"]]) == [
        (plan.units["unit_code"].iloc[0], "drawn", "never", "planned")
    ]  # no findings in this fixture
    plain = planning.draw(ds, 2025, 1, seed=3, group_by="none", chronic="off")
    assert list(plan_tables.shown_plan(ds, plain, "en").columns) == plan_tables.PLAIN_COLUMNS  # no weights
    assert plan_tables.explanation_lines(plan.units) == [
        f"{plan.units['unit_name'].iloc[0]} ({plan.units['unit_code'].iloc[0]}): {plan.units['explanation'].iloc[0]}"
    ]
    root = shutil.copytree(FIXTURE, tmp_path / "data")
    assert plan_tables.saved_plans_table(root).empty
    planning.save_plan(plan, root, "Plan A", "lan", now=dt.datetime(2026, 1, 2, 3, 4, 5))
    kept = plan_tables.saved_plans_table(root, ds, "en")
    code = plan.units["unit_code"].iloc[0]
    assert rows(kept) == [
        ("2025-20260102T030405Z.json", "Plan A", "lan", "2025", "3", "", 1, True, "not considered", 1, 0, code)
    ]
    assert json.loads((root / "plans" / "2025-20260102T030405Z.json").read_text(encoding="utf-8"))["seed"] == 3
    assert plan_tables.plan_years(ds) == [2023, 2024, 2025, 2026]
