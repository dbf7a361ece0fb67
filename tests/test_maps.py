"""Maps: the tile layout (tiles.csv and the default), its validation, the boundary files' checks,
and the colour each unit gets on a tile map and on a boundary map.

Every polygon here is TEST GEOMETRY: squares made up around made-up points, not any real boundary.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from helpers import DEMO_DATA, write_dir

from cchc_metrics.analysis.maps import default_tiles, short_label, tile_layout
from cchc_metrics.engine import boundaries
from cchc_metrics.engine.dataset import open_dataset
from cchc_metrics.present.charts.common import band_colours
from cchc_metrics.present.charts.maps import NO_DATA_COLOUR
from cchc_metrics.views import maps
from cchc_metrics.views.common import context

UNITS = """unit_code,unit_name,unit_type,level,parent_code,valid_from_year,valid_to_year,note
101,Huyện A,huyện,district,,,2024,
102,Quận B,quận,district,,,2024,
10101,Một,xã,commune,101,,2024,
10102,Hai,phường,commune,101,,2024,
10201,Ba,xã,commune,102,,2024,
10101,Mới,xã,commune,,2025,,code reused
10201,Ba,phường,commune,,2025,,
"""
HEADER = "year,unit_code,area_code,criterion_code,criterion_name,max_points,self_score,score\n"


def rows(year: int, scores: dict[str, tuple[float, float]]) -> str:
    """One PROC and one ONESTOP criterion of 5 points per unit: {code: (PROC, ONESTOP)}."""
    lines = []
    for code, (proc, onestop) in scores.items():
        lines.append(f"{year},{code},PROC,P1,Thủ tục,5,,{proc}")
        lines.append(f"{year},{code},ONESTOP,O1,Một cửa,5,,{onestop}")
    return HEADER + "\n".join(lines) + "\n"


# 2024: 101 90 %, 102 70 %; 10101 85 % (PROC 90), 10102 60 % (PROC 40); 10201 not assessed.
# 2025: Mới (10101) 95 %, Ba (10201) 45 %.
Y2024 = rows(2024, {"101": (5, 4), "102": (3, 4), "10101": (4.5, 4), "10102": (2, 4)})
Y2025 = rows(2025, {"10101": (5, 4.5), "10201": (2, 2.5)})


def make_dir(root: Path, extra: dict[str, str] | None = None) -> Path:
    files = {"units.csv": UNITS, "inspections/2024.csv": Y2024, "inspections/2025.csv": Y2025}
    return write_dir(root, files | (extra or {}))


def layout(ds, year, level="commune") -> list[tuple]:
    frame = tile_layout(ds, year, level)
    return list(frame[["unit_code", "row", "col"]].itertuples(index=False, name=None))


# --- the layout -------------------------------------------------------------------------------


def test_without_tiles_csv_units_are_laid_out_by_district_and_keep_their_tile(tmp_path):
    ds = open_dataset(make_dir(tmp_path / "d"), use_cache=False)
    # 2024: district 101's two communes side by side, 102's one under them (a gap row between);
    # 2025's units below those of the years before, as they are never drawn together
    assert layout(ds, 2024) == [("10101", 0, 0), ("10102", 0, 1), ("10201", 2, 0)]
    assert layout(ds, 2023) == layout(ds, 2024)
    assert layout(ds, 2025) == [("10101", 4, 0), ("10201", 4, 1)]
    assert layout(ds, 2024, "district") == [("101", 0, 0), ("102", 0, 1)]


def test_default_tiles_do_not_depend_on_row_order():
    versions = pd.DataFrame(
        {
            "unit_id": ["a@", "b@", "c@", "d@2025"],
            "unit_code": ["a", "b", "c", "d"],
            "valid_from_year": [None, None, None, 2025],
            "source_province": [None, None, None, None],
            "group_code": ["1", "1", "2", None],
        }
    )
    first = default_tiles(versions).sort_values("unit_id").reset_index(drop=True)
    again = default_tiles(versions.iloc[::-1]).sort_values("unit_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(first, again)
    assert list(first.itertuples(index=False, name=None)) == [
        ("a@", 0, 0),
        ("b@", 0, 1),
        ("c@", 2, 0),
        ("d@2025", 4, 0),
    ]


def test_tiles_csv_places_each_version_of_a_reused_code(tmp_path):
    tiles = "unit_code,row,col,valid_from_year\n10101,0,0,\n10102,0,1,\n10201,1,1,\n10101,5,5,2025\n10201,5,6,2025\n"
    ds = open_dataset(make_dir(tmp_path / "d", {"tiles.csv": tiles}), use_cache=False)
    assert [p for p in ds.problems if p.file == "tiles.csv"] == []
    assert layout(ds, 2024) == [("10101", 0, 0), ("10102", 0, 1), ("10201", 1, 1)]
    assert layout(ds, 2025) == [("10101", 5, 5), ("10201", 5, 6)]
    # districts are not in the file: laid out by default
    assert layout(ds, 2024, "district") == [("101", 0, 0), ("102", 0, 1)]


FULL = "10101,0,0,\n10102,0,1,\n10201,1,1,\n10101,5,5,2025\n10201,5,6,2025\n"


@pytest.mark.parametrize(
    "body,expected",
    [
        (FULL.replace("10101,0,0,", "10101,-1,0,"), [(2, "row", "tile_range", "error")]),
        (FULL + "99999,9,9,\n", [(7, "unit_code", "unknown_unit", "error")]),
        (FULL + "10102,9,9,2023\n", [(7, "valid_from_year", "tile_version_unknown", "error")]),
        (FULL + "10102,9,9,\n", [(7, "unit_code", "tile_duplicate_unit", "error")]),
        (FULL.replace("10201,1,1,", "10201,0,1,"), [(4, "row", "tile_shared", "error")]),
        (FULL.replace("10102,0,1,\n", ""), [(None, "unit_code", "tile_missing_unit", "warning")]),
    ],
    ids=["range", "unknown_unit", "version_unknown", "duplicate", "shared", "missing"],
)
def test_each_tiles_rule_names_file_row_and_column(tmp_path, body, expected):
    tiles = "unit_code,row,col,valid_from_year\n" + body
    ds = open_dataset(make_dir(tmp_path / "d", {"tiles.csv": tiles}), use_cache=False)
    found = [(p.row, p.column, p.key, p.severity) for p in ds.problems if p.file == "tiles.csv"]
    assert found == expected
    if expected[0][3] == "error":  # left out whole: the default layout, and the rest of the data loaded
        assert layout(ds, 2024) == [("10101", 0, 0), ("10102", 0, 1), ("10201", 2, 0)]
        assert ds.years() == [2024, 2025]
        assert "tiles.csv" in ds.problems[0].describe("vi")
    else:  # a unit without a tile goes under the others (of every year)
        assert layout(ds, 2024) == [("10101", 0, 0), ("10201", 1, 1), ("10102", 7, 0)]


def test_a_changed_tiles_csv_is_a_new_data_version(tmp_path):
    root = make_dir(tmp_path / "d")
    assert layout(open_dataset(root), 2024)[0] == ("10101", 0, 0)
    (root / "tiles.csv").write_text("unit_code,row,col\n10101,3,3\n10102,3,4\n10201,4,4\n", encoding="utf-8")
    ds = open_dataset(root)
    assert ds.build["kind"] == "update"
    assert layout(ds, 2024) == [("10101", 3, 3), ("10102", 3, 4), ("10201", 4, 4)]


def test_demo_tiles_csv_places_every_unit_of_every_year_on_its_own_tile(demo_copy):
    ds = open_dataset(demo_copy)
    assert [p for p in ds.problems if p.file == "tiles.csv"] == []
    units = pd.read_csv(DEMO_DATA / "units.csv", dtype=str, keep_default_na=False)
    for year in range(2014, 2027):
        for level in ("district", "commune"):
            first = pd.to_numeric(units["valid_from_year"], errors="coerce").fillna(0)
            last = pd.to_numeric(units["valid_to_year"], errors="coerce").fillna(9999)
            valid = units[(units["level"] == level) & (first <= year) & (last >= year)]
            tiles = tile_layout(ds, year, level)
            assert sorted(tiles["unit_code"]) == sorted(valid["unit_code"]), (year, level)
            assert not tiles.duplicated(["row", "col"]).any(), (year, level)
    # the same unit keeps its tile from year to year
    assert layout(ds, 2016) == layout(ds, 2022)
    # the river side: Thốt Nốt north-west of Ô Môn, Ninh Kiều, then Cái Răng to the south-east
    tiles = tile_layout(ds, 2025, "commune").set_index("unit_name")
    assert tiles.loc["Thốt Nốt", "row"] < tiles.loc["Ô Môn", "row"] < tiles.loc["Ninh Kiều", "row"]
    assert tiles.loc["Ninh Kiều", "row"] < tiles.loc["Cái Răng", "row"]
    assert tiles.loc["Thốt Nốt", "col"] < tiles.loc["Ninh Kiều", "col"] <= tiles.loc["Cái Răng", "col"]
    assert tiles.loc["Vị Thanh", "row"] > tiles.loc["Phong Điền", "row"]  # Hậu Giang south
    assert tiles.loc["Sóc Trăng", "col"] > tiles.loc["Vị Thanh", "col"]  # Sóc Trăng south-east


def test_short_labels():
    assert short_label("Thới An Đông") == "Thới An\nĐông"  # at the space nearest the middle
    assert short_label("Ninh Kiều") == "Ninh\nKiều"
    assert short_label("Thới An Đông", compact=True) == "TAĐ"
    assert short_label("Phường 5", compact=True) == "P5"


# --- the figures ------------------------------------------------------------------------------


def colours_by_unit(figure) -> dict[str, tuple[str, str]]:
    """unit_code → (legend name, fill colour) of the filled trace drawn around the unit's point."""
    points = next(t for t in figure.data if t.customdata is not None)
    found = {}
    for trace in figure.data:
        if trace.fill != "toself":
            continue
        xs, ys = list(trace.x), list(trace.y)
        start = 0
        for i, x in enumerate(xs + [None]):
            if x is not None and x == x:  # None or NaN ends a ring
                continue
            ring_x, ring_y = xs[start:i], ys[start:i]
            start = i + 1
            if not ring_x:
                continue
            for code, px, py in zip(points.customdata, points.x, points.y):
                if min(ring_x) < px < max(ring_x) and min(ring_y) < py < max(ring_y):
                    found[code[0]] = (trace.name, trace.fillcolor)
    return found


def test_tile_map_colours_each_unit_by_its_band_and_no_data_as_no_data(tmp_path):
    ds = open_dataset(make_dir(tmp_path / "d"), use_cache=False)
    ctx = context(ds, "vi")
    [chart] = maps.unit_map(ds, 2024, "commune", "band", ctx)
    colours = band_colours(["Rất tốt", "Tốt", "Khá", "Trung bình", "Yếu"])
    assert colours_by_unit(chart.figure) == {
        "10101": ("Tốt", colours["Tốt"]),
        "10102": ("Trung bình", colours["Trung bình"]),
        "10201": ("Chưa có số liệu", NO_DATA_COLOUR),
    }
    assert chart.opens == maps.Link("app_pages/commune_profile.py", "commune", 2024)
    assert chart.subtitle.startswith("Sơ đồ ô, không theo tỷ lệ")
    no_data = next(t for t in chart.figure.data if t.name == "Chưa có số liệu")
    assert no_data.fillpattern.shape == "/"  # hatched, never the lowest class's colour


def test_tile_map_by_area_and_by_change(tmp_path):
    ds = open_dataset(make_dir(tmp_path / "d"), use_cache=False)
    ctx = context(ds, "en")
    [by_area] = maps.unit_map(ds, 2024, "commune", "PROC", ctx)
    classes = dict(maps.PERCENT_COLOURS and zip(maps._percent_classes(ctx), maps.PERCENT_COLOURS))
    assert colours_by_unit(by_area.figure) == {
        "10101": ("90 % or more", classes["90 % or more"]),
        "10102": ("Under 50 %", classes["Under 50 %"]),
        "10201": ("No data", NO_DATA_COLOUR),
    }
    [by_change] = maps.unit_map(ds, 2025, "commune", "delta", ctx)
    # Mới replaced Một (85 %) under the same code but is a new unit: no lineage, no comparison
    assert {code: name for code, (name, _) in colours_by_unit(by_change.figure).items()} == {
        "10101": "No previous year to compare",
        "10201": "No previous year to compare",
    }
    hover = next(t for t in by_area.figure.data if t.customdata is not None).hovertext
    assert hover[0].split("<br>") == [
        "<b>Một</b>",
        "Reform index: 85.00 %",
        "Band: Good",
        "Rank 1/2",
        "No previous year to compare",
        "Administrative-procedure reform: 90.00 %",
    ]


def test_phone_tiles_carry_initials(tmp_path):
    ds = open_dataset(make_dir(tmp_path / "d"), use_cache=False)
    [chart] = maps.unit_map(ds, 2025, "commune", "band", replace(context(ds, "vi"), compact=True))
    points = next(t for t in chart.figure.data if t.customdata is not None)
    assert list(points.text) == ["M", "B"]


def test_a_level_of_thousands_is_not_mapped_and_the_map_opens_on_one_that_fits(tmp_path, monkeypatch):
    ds = open_dataset(make_dir(tmp_path / "d"), use_cache=False)
    monkeypatch.setattr(maps, "MAP_MAX_UNITS", 2)  # 2024: 3 communes, 2 districts
    ctx = context(ds, "en")
    [note] = maps.unit_map(ds, 2024, "commune", "band", ctx)
    assert (note.kind, note.text) == (
        "info",
        "A map draws at most 2 units, so that each can be found and read; communes in 2024: 3 units. "
        "The rankings have every unit.",
    )
    assert maps.level_choice(ds, 2024, "en").default == "district"
    [chart] = maps.unit_map(ds, 2024, "district", "band", ctx)
    assert chart.kind == "map"
    monkeypatch.setattr(maps, "MAP_MAX_UNITS", 3)
    assert maps.level_choice(ds, 2024, "en").default == "commune"


def test_a_level_too_wide_for_the_screen_gets_smaller_tiles_without_names(tmp_path, monkeypatch):
    from cchc_metrics.present.charts import maps as drawn

    ds = open_dataset(make_dir(tmp_path / "d"), use_cache=False)
    ctx = context(ds, "vi")
    [wide] = maps.unit_map(ds, 2024, "commune", "band", ctx)
    points = next(t for t in wide.figure.data if t.customdata is not None)
    assert points.mode == "markers+text" and len(points.text) == 3
    monkeypatch.setattr(drawn, "WIDE_MAP_PX", 60)  # a level of hundreds of tiles side by side
    [narrow] = maps.unit_map(ds, 2024, "commune", "band", ctx)
    points = next(t for t in narrow.figure.data if t.customdata is not None)
    assert points.mode == "markers" and points.text is None
    assert narrow.figure.layout.height < wide.figure.layout.height
    # the same colours: only the size changed
    assert colours_by_unit(narrow.figure) == colours_by_unit(wide.figure)


def test_the_overview_opens_on_the_map_only_where_it_names_its_units(tmp_path, monkeypatch):
    from cchc_metrics.present.charts import maps as drawn
    from cchc_metrics.views import overview

    ds = open_dataset(make_dir(tmp_path / "d"), use_cache=False)
    assert list(overview.tabs(ds, 2024, "en")) == ["map", "districts", "communes", "spread"]
    monkeypatch.setattr(maps, "LABELLED_UNITS", 2)  # 3 communes in 2024: a map without names
    monkeypatch.setattr(drawn, "LABELLED_UNITS", 2)
    assert list(overview.tabs(ds, 2024, "en")) == ["districts", "communes", "spread", "map"]
    [chart] = maps.unit_map(ds, 2024, "commune", "band", context(ds, "en"))
    points = next(t for t in chart.figure.data if t.customdata is not None)
    assert points.mode == "markers" and points.text is None


# --- boundary files (TEST GEOMETRY) -----------------------------------------------------------


def square(lon: float, lat: float, half: float = 0.01) -> list:
    """A closed test square around (lon, lat): TEST GEOMETRY."""
    return [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half],
            [lon - half, lat - half]]  # fmt: skip


def feature(props: dict, ring=None, kind="Polygon") -> dict:
    coords = [ring or square(105.7, 10.0)]
    return {"type": "Feature", "properties": props, "geometry": {"type": kind, "coordinates": coords}}


def collection(*features) -> dict:
    return {"type": "FeatureCollection", "name": "TEST GEOMETRY, not real boundaries", "features": list(features)}


UNITS_2024 = pd.DataFrame({"unit_code": ["10101", "10102"], "unit_name": ["Một", "Hai"]})
OTHERS_2024 = pd.DataFrame({"unit_code": ["101"], "unit_name": ["Huyện A"]})
GOOD = [feature({"unit_code": "10101"}, square(105.70, 10.0)), feature({"ma": 10102}, square(105.72, 10.0))]


def check(tmp_path, body) -> boundaries.Boundaries | None:
    path = tmp_path / "2024.geojson"
    path.write_text(body if isinstance(body, str) else json.dumps(body), encoding="utf-8")
    return boundaries.read(path, "boundaries/2024.geojson", UNITS_2024, OTHERS_2024, {"10101", "10102", "101", "102"})


def keys(found) -> list[tuple]:
    return [(p.key, p.params.get("feature")) for p in found.problems]


def test_a_good_boundary_file_passes_matched_by_code_ma_or_name(tmp_path):
    found = check(tmp_path, collection(*GOOD, feature({"unit_code": "101"}, square(105.8, 10.0))))
    assert found.problems == [] and sorted(found.shapes) == ["10101", "10102"]
    by_name = check(tmp_path, collection(feature({"ten": "Xã Một"}), feature({"name": " Hai "}, square(105.8, 10))))
    assert by_name.problems == [] and sorted(by_name.centres) == ["10101", "10102"]
    # a file of another level only: no map of this level from it, and nothing wrong
    assert check(tmp_path, collection(feature({"unit_code": "101"}))) is None


@pytest.mark.parametrize(
    "body,expected",
    [
        ("{not json", [("boundary_not_json", None)]),
        ({"type": "Feature"}, [("boundary_not_collection", None)]),
        (collection(*GOOD, feature({"unit_code": "99999"})), [("boundary_unknown_code", 3)]),
        (collection(*GOOD, feature({"other": "x"})), [("boundary_no_code", 3)]),
        (collection(GOOD[0], feature({"unit_name": "Hai Mươi"})), [("boundary_unmatched_name", 2),
                                                                     ("boundary_unit_missing", None)]),
        (collection(*GOOD, feature({"unit_code": "10101"})), [("boundary_duplicate_unit", 3)]),
        (collection(GOOD[0], {"type": "Feature", "properties": {"ma": "10102"},
                              "geometry": {"type": "Point", "coordinates": [105.7, 10.0]}}),
         [("boundary_geometry_type", 2), ("boundary_unit_missing", None)]),
        (collection(GOOD[0], feature({"ma": "10102"}, square(105.7, 10.0)[:3])),
         [("boundary_ring_short", 2), ("boundary_unit_missing", None)]),
        (collection(GOOD[0], feature({"ma": "10102"}, square(105.7, 10.0)[:4] + [[105.0, 10.0]])),
         [("boundary_ring_open", 2), ("boundary_unit_missing", None)]),
        (collection(GOOD[0], feature({"ma": "10102"}, square(190.0, 10.0))),
         [("boundary_coordinates", 2), ("boundary_unit_missing", None)]),
        (collection(GOOD[0]), [("boundary_unit_missing", None)]),
        ({"type": "FeatureCollection", "features": [1, *GOOD]}, [("boundary_feature_invalid", 1)]),
    ],
    ids=["not_json", "not_collection", "unknown_code", "no_code", "unmatched_name", "duplicate", "geometry_type",
         "ring_short", "ring_open", "coordinates", "unit_missing", "feature_invalid"],
)  # fmt: skip
def test_each_boundary_rule_fails_with_its_message(tmp_path, body, expected):
    found = check(tmp_path, body)
    assert keys(found) == expected
    assert found.shapes == {}  # a file with a problem is never drawn
    for problem in found.problems:
        assert problem.describe("vi").startswith("boundaries/2024.geojson: ")
        assert problem.describe("en").startswith("boundaries/2024.geojson: ")


def test_two_units_of_one_name_need_a_code(tmp_path):
    units = pd.DataFrame({"unit_code": ["1", "2"], "unit_name": ["Thạnh An", "Thạnh An"]})
    path = tmp_path / "2024.geojson"
    path.write_text(json.dumps(collection(feature({"unit_name": "Thạnh An"}))), encoding="utf-8")
    found = boundaries.read(path, "b", units)
    assert keys(found)[0] == ("boundary_ambiguous_name", 1)


def test_size_limits_stop_a_hostile_file(tmp_path, monkeypatch):
    monkeypatch.setenv(boundaries.MAX_BYTES_ENV, "100")
    assert keys(check(tmp_path, collection(*GOOD))) == [("boundary_too_large", None)]
    monkeypatch.delenv(boundaries.MAX_BYTES_ENV)
    monkeypatch.setattr(boundaries, "MAX_FEATURES", 1)
    assert keys(check(tmp_path, collection(*GOOD))) == [("boundary_too_many_features", None)]
    monkeypatch.setattr(boundaries, "MAX_FEATURES", 100)
    monkeypatch.setattr(boundaries, "MAX_POINTS", 6)
    assert keys(check(tmp_path, collection(*GOOD))) == [("boundary_too_many_points", 2)]
    deep = "[" * 100_000 + "]" * 100_000
    monkeypatch.setattr(boundaries, "MAX_POINTS", 10**6)
    assert keys(check(tmp_path, deep)) == [("boundary_not_json", None)]


def test_simplify_keeps_the_shape_within_tolerance():
    import numpy as np

    t = np.linspace(0, 2 * np.pi, 2001)
    ring = np.column_stack([np.cos(t), np.sin(t)])
    ring[-1] = ring[0]
    kept = boundaries.simplify(ring, 0.001)
    assert 20 < len(kept) < 200
    assert np.array_equal(kept[0], kept[-1])


def test_boundary_map_colours_each_unit_within_its_boundary(tmp_path):
    geo = collection(
        feature({"unit_code": "10101"}, square(105.70, 10.0)),
        feature({"unit_code": "10102"}, square(105.73, 10.0)),
        feature({"unit_name": "Ba"}, square(105.76, 10.0)),
    )
    root = make_dir(tmp_path / "d", {"boundaries/2024.geojson": json.dumps(geo)})
    ds = open_dataset(root, use_cache=False)
    [chart] = maps.unit_map(ds, 2024, "commune", "band", context(ds, "en"))
    colours = band_colours(["Very good", "Good", "Fair", "Average", "Poor"])
    assert colours_by_unit(chart.figure) == {
        "10101": ("Good", colours["Good"]),
        "10102": ("Average", colours["Average"]),
        "10201": ("No data", NO_DATA_COLOUR),
    }
    assert chart.subtitle.startswith("Boundaries from boundaries/2024.geojson")
    # 2025 has units the 2024 file was not drawn for (Mới reuses the code of Một): the tiles, and
    # every problem named above them
    blocks = maps.unit_map(ds, 2025, "commune", "band", context(ds, "en"))
    assert blocks[0].kind == "warning" and "boundaries/2024.geojson" in blocks[0].text
    assert blocks[-1].subtitle.startswith("Tile schematic, not to scale")
