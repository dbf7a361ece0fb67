"""A new version of the data is built from the one before it: only what changed is done again, and
the result is the same, table by table, as a full build of the same files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from cchc_metrics.engine import dataset
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.engine.validation import DataError

OWN_RECORD = ("cache_inputs", "cache_build")  # what a version was built from: differs by construction


def tables(ds) -> dict[str, pd.DataFrame]:
    """Every table and view of a built version but its own record, each sorted by all its columns."""
    names = ds.sql("select table_name from information_schema.tables order by table_name")["table_name"]
    found = {}
    for name in names:
        if name in OWN_RECORD:
            continue
        frame = ds.sql(f"select * from {name}")
        found[name] = frame.sort_values(list(frame.columns)).reset_index(drop=True) if len(frame) else frame
    return found


def assert_same_as_full_build(root: Path, updated, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "full"))
    full = open_dataset(root)
    assert full.build["kind"] == "full"
    mine, theirs = tables(updated), tables(full)
    assert sorted(mine) == sorted(theirs)
    for name in theirs:
        pd.testing.assert_frame_equal(mine[name], theirs[name], obj=name)
    assert updated.problems == full.problems  # in the same order
    assert [p.params for p in updated.problems] == [p.params for p in full.problems]


def rewrite_csv(path: Path, change) -> None:
    """Read a CSV file as rows of dicts, let `change(rows)` edit them in place, write it back."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def full_marks_for_the_first_unit(rows):
    first = rows[0]["unit_code"]
    for row in rows:
        if row["unit_code"] == first and row["score"]:
            row["score"] = row["max_points"]


def new_year(root: Path):
    """2027 as 2026 was: its communes' file and its departments' part."""
    for name in ("2026.csv", "2026-departments.csv"):
        text = (root / "inspections" / name).read_text(encoding="utf-8")
        (root / "inspections" / name.replace("2026", "2027")).write_text(
            text.replace("\n2026,", "\n2027,"), encoding="utf-8"
        )


def broken_year(root: Path):
    def over_max(rows):
        rows[3]["score"] = str(float(rows[3]["max_points"]) + 1)

    rewrite_csv(root / "inspections" / "2021.csv", over_max)


def findings(root: Path):
    def edit(rows):
        rows[0]["text"] = "Sổ theo dõi hồ sơ thiếu thông tin"
        rows.append({**rows[1], "kind": "recommendation", "text": "Kiểm tra lại vào quý IV"})

    rewrite_csv(root / "findings" / "2020.csv", edit)


def adjustments(root: Path):
    """A bonus changed, and one over the framework's cap (a warning, the file still loads)."""

    def edit(rows):
        rows[0].update(points="2")
        rows.append({**rows[1], "kind": "bonus", "points": "3", "reason": "Giải thưởng CCHC"})

    rewrite_csv(root / "adjustments" / "2025.csv", edit)


def departments_part(root: Path):
    """A part of a year: the departments of 2024, kept apart from its communes' file."""
    rewrite_csv(root / "inspections" / "2024-departments.csv", full_marks_for_the_first_unit)


def archive_part(root: Path):
    """A former province's archive of a year (Hậu Giang 2022), beside the other provinces' files."""
    rewrite_csv(root / "inspections" / "2022-hau-giang.csv", full_marks_for_the_first_unit)


def framework_nodes(root: Path):
    rewrite_csv(root / "framework_nodes.csv", lambda rows: rows[0].update(name_vi=rows[0]["name_vi"] + " (sửa)"))


def framework_versions(root: Path):
    """A lower bonus cap for the communes of 2026: their adjustments count less."""
    rewrite_csv(
        root / "framework_versions.csv",
        lambda rows: [r.update(bonus_cap="1") for r in rows if r["framework_id"] == "XA-2026"],
    )


def crosswalk(root: Path):
    rewrite_csv(root / "crosswalk.csv", lambda rows: rows.pop())


def publications(root: Path):
    rewrite_csv(root / "publications.csv", lambda rows: rows[-1].update(status="draft", decision="", decision_date=""))


def targets(root: Path):
    rewrite_csv(root / "targets.csv", lambda rows: rows[0].update(min_pct="75"))


def about(root: Path):
    body = json.loads((root / "about.json").read_text(encoding="utf-8"))
    (root / "about.json").write_text(json.dumps({**body, "region_en": "Can Tho"}), encoding="utf-8")


def units(root: Path):
    rewrite_csv(root / "units.csv", lambda rows: rows[0].update(unit_name=rows[0]["unit_name"] + " mới"))


def areas(root: Path):
    rewrite_csv(root / "areas.csv", lambda rows: rows[0].update(name_en="Leadership"))


def bands(root: Path):
    rewrite_csv(root / "bands.csv", lambda rows: [r.update(min_pct="85") for r in rows if r["min_pct"] == "80"])


# the year's own tables; the unit scores of the year after it too (their change reads the year)
SAME_YEAR = ("area_scores", "criterion_scores", "area_positions")


def derived(year: int) -> dict[str, list[int]]:
    """The steps built again for a year whose inspections changed: that year's own tables, and
    the unit scores of the year after it too (their change and new units' baselines read it)."""
    return {s: [year] if s in SAME_YEAR else [year, year + 1] for s in DERIVED_STEPS}


DERIVED_STEPS = ("area_scores", "criterion_scores", "area_positions", "unit_scores", "district_communes")
DERIVED_2020 = derived(2020)
# a changed lineage: the tables read through lineage_links, every year (a baseline may be any year's)
LINEAGE_STEPS = dict.fromkeys(
    ("lineage_links", "lineage_ancestry", "commune_origins", "unit_scores", "district_communes")
)

CHANGES = {
    # name: (edit of the data directory, how the next version is built, steps built again)
    "a year's inspections": (
        lambda root: rewrite_csv(root / "inspections" / "2020.csv", full_marks_for_the_first_unit),
        "update",
        DERIVED_2020,
    ),
    "a new year": (
        new_year,
        "update",
        derived(2027),
    ),
    "a year removed": (
        lambda root: (root / "inspections" / "2014.csv").unlink(),  # the year's one file
        "update",
        derived(2014),
    ),
    "a year with an error": (
        broken_year,
        "update",
        derived(2021),
    ),
    "a year's findings": (findings, "update", {}),
    "the lineage": (
        lambda root: rewrite_csv(root / "lineage.csv", lambda rows: rows.pop()),
        "update",
        LINEAGE_STEPS,
    ),
    "a year's adjustments": (
        adjustments,
        "update",
        {"unit_adjustments": [2025], "unit_scores": [2025, 2026], "district_communes": [2025, 2026]},
    ),
    "a part of a year": (departments_part, "update", derived(2024)),
    "a former province's archive": (archive_part, "update", derived(2022)),
    "a part removed": (
        lambda root: (root / "inspections" / "2022-soc-trang.csv").unlink(),
        "update",
        derived(2022),
    ),
    "the publications": (publications, "update", {}),
    "the targets": (targets, "update", {}),
    "about.json": (about, "update", {}),
    "the units": (units, "full", None),
    "the areas": (areas, "full", None),
    "the bands": (bands, "full", None),
    "the framework's nodes": (framework_nodes, "full", None),
    "the framework's versions": (framework_versions, "full", None),
    "the crosswalk": (crosswalk, "full", None),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_changed_input_gives_the_tables_of_a_full_build(change, demo_copy, tmp_path, monkeypatch):
    edit, kind, steps = CHANGES[change]
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "versions"))
    before = open_dataset(demo_copy)
    edit(demo_copy)
    after = open_dataset(demo_copy)
    assert after.fingerprint != before.fingerprint
    assert after.build["kind"] == kind
    if steps is not None:
        assert after.build["steps"] == steps
    assert_same_as_full_build(demo_copy, after, tmp_path, monkeypatch)


def test_changes_one_after_another_stay_equal_to_a_full_build(demo_copy, tmp_path, monkeypatch):
    """Versions built from versions: every input kind changed in turn, each version checked."""
    for change in ("a year's inspections", "the lineage", "a part of a year", "a year's adjustments", "a new year"):
        monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "versions"))
        open_dataset(demo_copy)
        CHANGES[change][0](demo_copy)
        updated = open_dataset(demo_copy)
        assert updated.build["kind"] == "update"
        assert_same_as_full_build(demo_copy, updated, tmp_path / change, monkeypatch)


def test_a_session_on_the_old_version_keeps_reading_it(demo_copy, tmp_path, monkeypatch):
    """The new version is renamed into place beside the old one: an open reader sees the old data
    whole (its scores and its inspections' parts), a new reader the new data whole."""
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "versions"))
    old = open_dataset(demo_copy)
    query = "select sum(score) as points from inspections where year = 2020"
    old_points = old.sql(query)["points"][0]
    old_scores = tables(old)["unit_scores"]
    rewrite_csv(demo_copy / "inspections" / "2020.csv", full_marks_for_the_first_unit)
    new = open_dataset(demo_copy)
    assert new.sql(query)["points"][0] > old_points
    assert old.sql(query)["points"][0] == old_points
    pd.testing.assert_frame_equal(tables(old)["unit_scores"], old_scores)
    assert not tables(new)["unit_scores"].equals(old_scores)


def test_a_failed_update_leaves_the_old_version_as_it_was(demo_copy, tmp_path, monkeypatch):
    cache = tmp_path / "versions"
    monkeypatch.setenv("CCHC_CACHE_DIR", str(cache))
    old = open_dataset(demo_copy)
    old.close()
    files = sorted(p.name for p in cache.rglob("*") if p.is_file())
    rewrite_csv(demo_copy / "inspections" / "2020.csv", full_marks_for_the_first_unit)

    def fail(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(dataset, "_run_steps", fail)
    with pytest.raises(OSError):
        open_dataset(demo_copy)
    new_parts = [p for p in (cache / "cchc-parts").glob("*.parquet") if p.name not in files]
    assert [p.name for p in cache.glob("cchc-*.duckdb")] == [f"cchc-{old.fingerprint}.duckdb"]
    assert not list(cache.glob(".building-*"))
    assert len(new_parts) == 1  # written, never read: the grace period removes it
    monkeypatch.undo()
    monkeypatch.setenv("CCHC_CACHE_DIR", str(cache))
    assert open_dataset(demo_copy).build["kind"] == "update"


def test_a_lineage_with_an_error_stops_the_update_as_it_stops_a_full_build(demo_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "versions"))
    open_dataset(demo_copy)
    rewrite_csv(demo_copy / "lineage.csv", lambda rows: rows[0].update(old_code="99999"))
    with pytest.raises(DataError) as updating:
        open_dataset(demo_copy)
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "full"))
    with pytest.raises(DataError) as building:
        open_dataset(demo_copy)
    assert updating.value.problems == building.value.problems
    assert [p.key for p in building.value.problems] == ["lineage_old_unknown"]


def test_another_code_version_builds_everything(demo_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "versions"))
    open_dataset(demo_copy)
    monkeypatch.setattr(dataset, "code_version", lambda: "another")
    rewrite_csv(demo_copy / "inspections" / "2020.csv", full_marks_for_the_first_unit)
    assert open_dataset(demo_copy).build["kind"] == "full"


def test_a_version_without_its_record_is_not_a_base(demo_copy, tmp_path, monkeypatch):
    """A database of an older layout (no cache_inputs) is built over, never updated."""
    cache = tmp_path / "versions"
    monkeypatch.setenv("CCHC_CACHE_DIR", str(cache))
    first = open_dataset(demo_copy)
    first.close()
    con = dataset.sqlfiles.connect(str(cache / f"cchc-{first.fingerprint}.duckdb"))
    con.execute("drop table cache_inputs")
    con.close()
    about(demo_copy)
    assert open_dataset(demo_copy).build["kind"] == "full"


def test_a_changed_part_of_a_year_leaves_the_other_parts_as_they_were(demo_copy, tmp_path, monkeypatch):
    """A year in parts: a new departments' file is read again alone, the communes' part of its
    year (and every other part) is the same file as before."""
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "versions"))
    query = "select path, part from cache_inputs where part is not null"
    before = dict(open_dataset(demo_copy).sql(query).itertuples(index=False))
    departments_part(demo_copy)
    after = dict(open_dataset(demo_copy).sql(query).itertuples(index=False))
    assert sorted(after) == sorted(before)
    assert [name for name in after if after[name] != before[name]] == ["inspections/2024-departments.csv"]
