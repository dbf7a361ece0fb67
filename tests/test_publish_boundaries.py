"""Publishing a year's boundary file (GeoJSON) and tiles.csv: check, publish, archive, audit,
history, rollback, and the map drawn from what was published.

Every polygon here is TEST GEOMETRY: squares made up around made-up points, not any real boundary.
"""

from __future__ import annotations

import json

import pytest
from import_helpers import tree_hash
from test_maps import collection, colours_by_unit, feature, make_dir, square

from cchc_metrics.cli.main import main
from cchc_metrics.engine import boundaries
from cchc_metrics.engine.budget import Budget
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.present.charts.common import band_colours
from cchc_metrics.present.charts.maps import NO_DATA_COLOUR
from cchc_metrics.publish import publishing
from cchc_metrics.publish.publishing import (
    history,
    prepare,
    prepare_boundaries,
    publish,
    read_audit,
    rollback,
)
from cchc_metrics.views import maps
from cchc_metrics.views.common import context

# the communes valid in 2024 in test_maps' directory: Một 10101, Hai 10102, Ba 10201
GOOD = collection(
    feature({"unit_code": "10101"}, square(105.70, 10.0)),
    feature({"ma": "10102"}, square(105.73, 10.0)),
    feature({"ten": "Xã Ba"}, square(105.76, 10.0)),
)
# the same units, drawn in a column instead of a row
MOVED = collection(
    feature({"unit_code": "10101"}, square(105.70, 10.00)),
    feature({"unit_code": "10102"}, square(105.70, 10.03)),
    feature({"unit_code": "10201"}, square(105.70, 10.06)),
)


def geojson(tmp_path, body, name: str = "ranh giới.geojson"):
    path = tmp_path / name
    path.write_text(body if isinstance(body, str) else json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    return make_dir(tmp_path / "d")


BAD_FILES = {
    "not_json": ("{not json", 2024, [("boundary_not_json", None, "")]),
    "deeply_nested": ("[" * 200_000 + "]" * 200_000, 2024, [("boundary_not_json", None, "")]),
    "not_collection": ({"type": "Feature"}, 2024, [("boundary_not_collection", None, "")]),
    "unknown_code": (
        collection(*GOOD["features"], feature({"unit_code": "99999"})),
        2024,
        [("boundary_unknown_code", 4, "unit_code")],
    ),
    "unmatched_name": (
        collection(*GOOD["features"][:2], feature({"unit_name": "Ba Mươi"}, square(105.76, 10.0))),
        2024,
        [("boundary_unmatched_name", 3, "unit_name"), ("boundary_unit_missing", None, "")],
    ),
    "duplicate": (
        collection(*GOOD["features"], feature({"ma": "10101"}, square(105.8, 10.0))),
        2024,
        [("boundary_duplicate_unit", 4, "ma")],
    ),
    "point": (
        collection(
            *GOOD["features"][:2],
            {
                "type": "Feature",
                "properties": {"unit_code": "10201"},
                "geometry": {"type": "Point", "coordinates": [1, 2]},
            },
        ),
        2024,
        [("boundary_geometry_type", 3, "geometry"), ("boundary_unit_missing", None, "")],
    ),
    "open_ring": (
        collection(*GOOD["features"][:2], feature({"unit_code": "10201"}, square(105.76, 10.0)[:4] + [[1.0, 1.0]])),
        2024,
        [("boundary_ring_open", 3, "geometry"), ("boundary_unit_missing", None, "")],
    ),
    "missing_unit": (collection(*GOOD["features"][:2]), 2024, [("boundary_unit_missing", None, "")]),
    "no_unit_of_the_year": (
        collection(feature({"unit_code": "101"}, square(105.7, 10.0)), feature({"unit_code": "102"})),
        2025,
        [("boundary_no_units", None, "")],
    ),
    "year_out_of_range": (GOOD, 1990, [("boundary_year_range", None, "")]),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_prepare_refuses_each_bad_boundary_file_with_its_message_and_writes_nothing(root, tmp_path, case):
    body, year, expected = BAD_FILES[case]
    path = geojson(tmp_path, body)
    before = tree_hash(root)
    prepared = prepare_boundaries(path, root, year)
    assert [(p.key, p.params.get("feature"), p.params.get("prop")) for p in prepared.problems] == expected
    assert not prepared.ok and prepared.canonical is None and prepared.maps == {}
    assert prepared.kind == "boundaries" and prepared.year == year
    for problem in prepared.problems:  # named by the uploaded file, in both languages
        assert problem.describe("vi").startswith("ranh giới.geojson: ")
        assert problem.describe("en").startswith("ranh giới.geojson: ")
    assert tree_hash(root) == before
    with pytest.raises(publishing.DataError):
        publish(prepared, "lan")
    assert not (root / "boundaries").exists() and read_audit(root).empty


def test_a_problem_names_the_feature_and_its_property_in_the_users_language(root, tmp_path):
    prepared = prepare_boundaries(geojson(tmp_path, BAD_FILES["unknown_code"][0]), root, 2024)
    [problem] = prepared.problems
    assert problem.describe("vi") == (
        "ranh giới.geojson: đối tượng thứ 4, thuộc tính unit_code: mã “99999” không có trong danh sách đơn vị. "
        "Dùng mã thống kê của đơn vị như trong units.csv."
    )
    assert problem.describe("en") == (
        "ranh giới.geojson: feature 4, property unit_code: the code “99999” is not in the unit list. "
        "Use the unit's statistics code as units.csv has it."
    )


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(root, tmp_path, monkeypatch):
    path = geojson(tmp_path, GOOD)
    monkeypatch.setenv(boundaries.MAX_BYTES_ENV, str(path.stat().st_size - 1))

    def never(*_args, **_kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(boundaries.json, "loads", never)
    prepared = prepare_boundaries(path, root, 2024, bounded=False)
    assert [p.key for p in prepared.problems] == ["boundary_too_large"]


def test_a_huge_json_within_the_size_limit_is_stopped_by_the_check_budget(root, tmp_path):
    # 28 MB of numbers (under the 30 MB limit) become millions of objects: the check's child
    # process is stopped at its memory budget and says so; the server's process never parses it
    budget = Budget(seconds=120, memory_mb=250)
    path = tmp_path / "huge.geojson"
    path.write_bytes(b'{"type": "FeatureCollection", "features": [' + b"0.5," * 7_000_000 + b"0]}")
    prepared = prepare_boundaries(path, root, 2024, budget=budget)
    assert [p.key for p in prepared.problems] == ["budget.too_much_memory"]
    assert not prepared.ok
    assert prepare_boundaries(geojson(tmp_path, GOOD), root, 2024, budget=budget).ok  # the budget fits a real file


def test_publish_writes_archives_logs_and_the_map_then_draws_the_boundaries(root, tmp_path):
    ds = open_dataset(root)
    [tiles] = maps.unit_map(ds, 2024, "commune", "band", context(ds, "en"))
    assert tiles.subtitle.startswith("Tile schematic, not to scale")

    first = prepare_boundaries(geojson(tmp_path, GOOD), root, 2024)
    assert first.ok and first.rows == 3 and first.diff.is_new and sorted(first.maps) == ["commune"]
    written = publish(first, "lan")
    target = root / "boundaries" / "2024.geojson"
    assert written.path == target and written.archived is None
    assert target.read_bytes() == geojson(tmp_path, GOOD).read_bytes()  # as the analyst made it

    ds = open_dataset(root)  # a new data version: the overview's map is the real one
    [chart] = maps.unit_map(ds, 2024, "commune", "band", context(ds, "en"))
    colours = band_colours(["Very good", "Good", "Fair", "Average", "Poor"])
    assert colours_by_unit(chart.figure) == {
        "10101": ("Good", colours["Good"]),
        "10102": ("Average", colours["Average"]),
        "10201": ("No data", NO_DATA_COLOUR),
    }
    assert chart.subtitle.startswith("Boundaries from boundaries/2024.geojson")

    second = prepare_boundaries(geojson(tmp_path, MOVED, "cột.geojson"), root, 2024)
    assert second.ok and not second.diff.is_new
    assert (second.diff.published_rows, second.diff.new_rows) == (3, 3)
    with pytest.raises(publishing.PublishError) as refused:
        publish(second, "lan")
    assert refused.value.key == "publish.needs_replace"
    replaced = publish(second, "minh", replace=True)
    assert replaced.archived.parent == root / "archive" / "boundaries" / "2024"
    assert replaced.archived.suffix == ".geojson"
    assert replaced.archived.read_bytes() == geojson(tmp_path, GOOD).read_bytes()  # never deleted
    assert read_audit(root)[["user", "action", "kind", "year", "file", "rows"]].to_dict("records") == [
        {
            "user": "lan",
            "action": "publish",
            "kind": "boundaries",
            "year": 2024,
            "file": "ranh giới.geojson",
            "rows": 3,
        },
        {"user": "minh", "action": "replace", "kind": "boundaries", "year": 2024, "file": "cột.geojson", "rows": 3},
    ]
    ds = open_dataset(root)
    [chart] = maps.unit_map(ds, 2024, "commune", "band", context(ds, "en"))
    points = next(t for t in chart.figure.data if t.customdata is not None)
    assert len({round(x, 6) for x in points.x}) == 1 and len(set(points.y)) == 3  # the units in a column now

    versions = history(root, "boundaries", 2024)
    assert versions[["version", "rows", "current", "published_by", "action"]].to_dict("records") == [
        {"version": 1, "rows": 3, "current": False, "published_by": "lan", "action": "publish"},
        {"version": 2, "rows": 3, "current": True, "published_by": "minh", "action": "replace"},
    ]
    restored = rollback(root, "boundaries", 2024, 1, "lan")
    assert target.read_bytes() == geojson(tmp_path, GOOD).read_bytes()
    assert restored.archived.read_bytes() == geojson(tmp_path, MOVED, "cột.geojson").read_bytes()
    assert read_audit(root)["action"].tolist() == ["publish", "replace", "rollback"]
    ds = open_dataset(root)
    [chart] = maps.unit_map(ds, 2024, "commune", "band", context(ds, "en"))
    points = next(t for t in chart.figure.data if t.customdata is not None)
    assert len({round(x, 6) for x in points.x}) == 3  # a row again


def test_the_preview_draws_the_uploaded_shapes_before_anything_is_written(root, tmp_path):
    from cchc_metrics.views import upload as view

    before = tree_hash(root)
    prepared = view.prepare_boundary_upload(geojson(tmp_path, GOOD).read_bytes(), "../x/ranh giới.geojson", root, 2024)
    ds = open_dataset(root)
    header, chart = view.boundary_preview(ds, prepared, context(ds, "vi"))
    assert header.text == "Xem trước bản đồ"
    assert chart.subtitle.startswith("Ranh giới theo tệp boundaries/2024.geojson · Xem trước, chưa công bố")
    colours = band_colours(["Rất tốt", "Tốt", "Khá", "Trung bình", "Yếu"])
    assert colours_by_unit(chart.figure) == {
        "10101": ("Tốt", colours["Tốt"]),
        "10102": ("Trung bình", colours["Trung bình"]),
        "10201": ("Chưa có số liệu", NO_DATA_COLOUR),
    }
    assert prepared.source == "ranh giới.geojson"
    assert tree_hash(root) == before


def test_tiles_csv_is_published_checked_and_rolled_back(root, tmp_path):
    layout = "unit_code,row,col\n10101,3,3\n10102,3,4\n10201,4,4\n"
    path = tmp_path / "vị trí.csv"
    path.write_text(layout, encoding="utf-8")
    prepared = prepare(path, root)
    assert (prepared.kind, prepared.ok, prepared.diff.is_new) == ("tiles", True, True)
    publish(prepared, "lan")
    assert (root / "tiles.csv").read_text(encoding="utf-8") == (
        "unit_code,row,col,valid_from_year\n10101,3,3,\n10102,3,4,\n10201,4,4,\n"
    )
    ds = open_dataset(root)
    assert [p for p in ds.problems if p.file == "tiles.csv"] == []
    from cchc_metrics.analysis.maps import tile_layout

    assert list(tile_layout(ds, 2024, "commune")[["unit_code", "row", "col"]].itertuples(index=False, name=None)) == [
        ("10101", 3, 3),
        ("10102", 3, 4),
        ("10201", 4, 4),
    ]
    # two units on one tile: refused with the row and column, nothing written
    path.write_text("unit_code,row,col\n10101,0,0\n10102,0,0\n10201,1,1\n", encoding="utf-8")
    before = tree_hash(root)
    bad = prepare(path, root)
    assert [(p.row, p.column, p.key) for p in bad.problems] == [(3, "row", "tile_shared")]
    assert not bad.ok and tree_hash(root) == before
    # a second layout replaces the first, which rollback restores
    path.write_text("unit_code,row,col\n10101,0,0\n10102,0,1\n10201,0,2\n", encoding="utf-8")
    publish(prepare(path, root), "lan", replace=True)
    rollback(root, "tiles", None, 1, "lan")
    assert list(history(root, "tiles")["current"]) == [False, False, True]
    assert (root / "tiles.csv").read_text(encoding="utf-8").splitlines()[1] == "10101,3,3,"


def test_cli_import_of_a_geojson_needs_its_year(root, tmp_path, capsys):
    path = geojson(tmp_path, GOOD)
    assert main(["import", str(path), "--data-dir", str(root), "--user", "lan", "--lang", "en"]) == 1
    assert "ranh giới.geojson is a boundary file (GeoJSON): give the first year" in capsys.readouterr().err
    assert not (root / "boundaries").exists()
    assert main(["import", str(path), "--data-dir", str(root), "--user", "lan", "--year", "2024"]) == 0
    assert (root / "boundaries" / "2024.geojson").is_file()
    assert main(["history", "--kind", "boundaries", "--year", "2024", "--data-dir", str(root), "--format", "csv"]) == 0
    assert read_audit(root)["kind"].tolist() == ["boundaries"]
