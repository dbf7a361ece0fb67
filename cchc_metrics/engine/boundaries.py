"""Boundary files: the units' own shapes, for a real map instead of the tile schematic.

An analyst puts a GeoJSON FeatureCollection of the units into the data directory as
`boundaries/<year>.geojson`; it draws the maps of that year and the years after it, until the
next file (a reorganisation brings a new file). Each feature is one unit: matched by its code
(property `unit_code` or `ma`), else by its exact name (`unit_name`, `ten` or `name`, with or
without the type: "Phường Ninh Kiều" or "Ninh Kiều"). Checked before use, each problem named with
the file, the feature's number and the property: the file must be a FeatureCollection within the
size limits (so that no file can exhaust the server), every geometry a Polygon or MultiPolygon of
closed rings of finite longitude/latitude pairs, no code unknown to units.csv, no unit twice, and
every unit of the level valid in the year matched. A file with a problem is not drawn: the tile
schematic is, with the problems above it. The shapes are simplified for the browser
(Douglas–Peucker) and projected to x = longitude × cos(mean latitude), y = latitude.
"""

from __future__ import annotations

import json
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cchc_metrics.engine import sqlfiles
from cchc_metrics.engine.validation import ERROR, Problem

FOLDER = "boundaries"
SUFFIX = ".geojson"
FILE_NAME = re.compile(r"^(\d{4})\.geojson$", re.IGNORECASE)
MAX_BYTES_ENV = "CCHC_MAX_BOUNDARY_BYTES"
MAX_BYTES = 30 * 1024 * 1024  # a province's communes at survey precision are a few MB
MAX_FEATURES = 20_000  # a national file of communes has about 3,300
MAX_POINTS = 3_000_000  # positions in all rings, before simplifying
SIMPLIFY = 1 / 1500  # the tolerance of simplifying, of the drawn extent: below a pixel of a page-wide map
CODE_KEYS = ("unit_code", "ma")
NAME_KEYS = ("unit_name", "ten", "name")
TYPE_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "xã", "tp.", "tp")


@dataclass
class Boundaries:
    """One file's shapes for one year and level: `shapes` unit_code → rings [(xs, ys)] (projected,
    simplified), `centres` unit_code → (x, y); `problems` when it cannot be drawn."""

    file: str
    features: int = 0
    matched: int = 0  # features matched to a unit of the level
    shapes: dict = field(default_factory=dict)
    centres: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def boundary_files(root: Path) -> dict[int, Path]:
    """The boundary files of a data directory by their first year."""
    folder = root / FOLDER
    if not folder.is_dir():
        return {}
    return {int(m.group(1)): p for p in folder.iterdir() if p.is_file() and (m := FILE_NAME.match(p.name))}


def file_for(root: Path, year: int) -> Path | None:
    """The file in force in `year`: the one of the latest first year not after it."""
    found = {y: p for y, p in boundary_files(root).items() if y <= int(year)}
    return found[max(found)] if found else None


def for_year(ds, year: int, level: str) -> Boundaries | None:
    """The boundaries of the units of `level` in `year` (ds: a Dataset), or None when no file is in
    force or the file holds none of the level's units (the map is then the tile schematic)."""
    path = file_for(ds.root, year)
    if path is None:
        return None
    key = ("boundaries", ds.province, str(path), int(year), level)
    return ds.kept(key, lambda: _for_year(ds, path, int(year), level))


def _for_year(ds, path: Path, year: int, level: str) -> Boundaries | None:
    """The file's features are matched to the units valid in the file's own year (the
    reorganisation it was drawn for), never to a later unit that reuses a code; a unit of `year`
    that is not one of those has no boundary in it."""
    first = int(FILE_NAME.match(path.name).group(1))
    drawn_for = ds.query("units_valid", year=first, level=level)
    others = pd.concat(
        [ds.query("units_valid", year=first, level=lv) for lv in ("district", "commune", "department") if lv != level]
    )
    known = set(ds.query("unit_versions")["unit_code"])
    found = read(path, f"{FOLDER}/{path.name}", drawn_for, others, known)
    if found is None or found.problems or first == year:
        return found
    ids = dict(zip(drawn_for["unit_code"], drawn_for["unit_id"]))
    now = ds.query("units_valid", year=year, level=level)
    kept = {code for code in found.shapes if ids.get(code) in set(now["unit_id"])}
    for code, name, unit_id in zip(now["unit_code"], now["unit_name"], now["unit_id"]):
        if unit_id not in {ids[c] for c in kept}:
            found.problems.append(
                Problem(
                    found.file,
                    None,
                    None,
                    "boundary_unit_missing",
                    {"feature": None, "prop": "", "value": f"{name} ({code})"},
                )
            )
    if found.problems:
        found.shapes, found.centres = {}, {}
        return found
    found.shapes = {c: found.shapes[c] for c in kept}
    found.centres = {c: found.centres[c] for c in kept}
    return found


def max_bytes() -> int:
    """The size limit of a boundary file ($CCHC_MAX_BOUNDARY_BYTES, else 30 MB)."""
    try:
        return int(os.environ.get(MAX_BYTES_ENV, MAX_BYTES))
    except ValueError:
        return MAX_BYTES


def _norm(text) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold()


def _bare(name: str) -> str:
    """A normalised name without its type word ("phường ninh kiều" → "ninh kiều")."""
    for word in TYPE_WORDS:
        if name.startswith(word + " "):
            return name[len(word) + 1 :]
    return name


def read(
    path: Path,
    shown: str,
    units: pd.DataFrame,
    others: pd.DataFrame | None = None,
    known_codes: set | None = None,
) -> Boundaries | None:
    """Read and check the boundary file `path` (named `shown` in problems) against `units` (unit_code,
    unit_name: the units of the level valid in the year). `others`: the units of other levels that
    year (a feature of one of them is left aside); `known_codes`: every code of units.csv (default:
    those of `units` and `others`). Returns None when the file holds no unit of `units` and no
    problem; else the shapes, or the problems."""
    others = others if others is not None else units.iloc[0:0]
    known_codes = known_codes if known_codes is not None else set(units["unit_code"]) | set(others["unit_code"])
    result = Boundaries(shown)

    def problem(key: str, feature: int | None = None, column: str | None = None, **params) -> None:
        # a feature is no spreadsheet row: its number and property are said in the message
        params = {"feature": feature, "prop": column or "", **params}
        result.problems.append(Problem(shown, None, None, f"boundary_{key}", params, ERROR))

    try:
        size = path.stat().st_size
    except OSError as exc:
        problem("unreadable", detail=exc.strerror or type(exc).__name__)
        return result
    if size > max_bytes():
        problem("too_large", size=round(size / 1_048_576, 1), limit=round(max_bytes() / 1_048_576))
        return result
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        problem("not_json", detail=type(exc).__name__)
        return result
    except OSError as exc:
        problem("unreadable", detail=exc.strerror or type(exc).__name__)
        return result
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(features, list):
        problem("not_collection")
        return result
    result.features = len(features)
    if len(features) > MAX_FEATURES:
        problem("too_many_features", n=len(features), limit=MAX_FEATURES)
        return result

    by_code = dict(zip(units["unit_code"], units["unit_name"]))
    names: dict[str, list[str]] = {}
    for code, name in zip(units["unit_code"], units["unit_name"]):
        names.setdefault(_norm(name), []).append(code)
    other_names = {_norm(n) for n in others["unit_name"]}
    other_codes = set(others["unit_code"])
    matched: dict[str, int] = {}
    rings_of: dict[str, list[np.ndarray]] = {}
    points = 0
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties") or {}, dict):
            problem("feature_invalid", number)
            continue
        props = feature.get("properties") or {}
        code = next((str(props[k]).strip() for k in CODE_KEYS if props.get(k) not in (None, "")), None)
        if code is not None:
            column = next(k for k in CODE_KEYS if props.get(k) not in (None, ""))
            if code not in known_codes:
                problem("unknown_code", number, column, value=code)
                continue
            if code not in by_code:
                continue  # a unit of another level or year: not drawn on this map
        else:
            column = next((k for k in NAME_KEYS if props.get(k) not in (None, "")), None)
            if column is None:
                problem("no_code", number, None)
                continue
            name = _norm(props[column])
            found = names.get(name) or names.get(_bare(name)) or []
            if len(found) > 1:
                problem("ambiguous_name", number, column, value=str(props[column]))
                continue
            if not found:
                if name in other_names or _bare(name) in other_names:
                    continue
                problem("unmatched_name", number, column, value=str(props[column]))
                continue
            code = found[0]
        if code in other_codes and code not in by_code:
            continue
        if code in matched:
            problem("duplicate_unit", number, column, value=code, other=matched[code])
            continue
        rings = _rings(feature.get("geometry"), number, problem)
        if rings is None:
            continue
        points += sum(len(r) for r in rings)
        if points > MAX_POINTS:
            problem("too_many_points", number, "geometry", limit=MAX_POINTS)
            return result
        matched[code] = number
        rings_of[code] = rings
    result.matched = len(matched)
    if not matched and not result.problems:
        return None
    for code, name in by_code.items():
        if code not in matched:
            problem("unit_missing", None, None, value=f"{name} ({code})")
    if result.problems:
        return result
    result.shapes, result.centres = _projected(rings_of)
    return result


PLACE_LEVELS = ("district", "commune")  # the levels a map draws (departments are not places)


def check_for_year(path: Path, shown: str, con, year: int) -> tuple[int, list[Problem], dict[str, Boundaries]]:
    """Check the boundary file `path` (named `shown`) as the file of `year`: read() against the
    units of each level of places valid in that year, on `con` (a connection holding units.csv:
    loading.reference_connection). The file must draw every unit of at least one level whole.

    Returns (features in the file, every problem once, level → Boundaries of each level it
    draws); the problems name the feature's number and the property. Writes nothing.
    """
    valid = {
        level: con.execute(sqlfiles.sql_text("queries/units_valid"), {"year": int(year), "level": level}).df()
        for level in (*PLACE_LEVELS, "department")
    }
    known = {row[0] for row in con.execute("select distinct unit_code from units").fetchall()}
    problems: list[Problem] = []
    drawn: dict[str, Boundaries] = {}
    features = 0
    for level in PLACE_LEVELS:
        if valid[level].empty:
            continue
        others = pd.concat([frame for lv, frame in valid.items() if lv != level])
        found = read(path, shown, valid[level], others, known)
        if found is None:
            continue
        features = max(features, found.features)
        seen = {_identity(p) for p in problems}
        # a level none of whose units the file holds is not drawn from it: its units are not missing
        own = [p for p in found.problems if found.matched or p.key != "boundary_unit_missing"]
        problems += [p for p in own if _identity(p) not in seen]
        if not found.problems:
            drawn[level] = found
        if any(p.key in STOPPING for p in found.problems):
            break  # the file itself is unusable: reading it again says the same
    if not problems and not drawn:
        problems.append(
            Problem(shown, None, None, "boundary_no_units", {"feature": None, "prop": "", "year": int(year)}, ERROR)
        )
    return features, problems, ({} if problems else drawn)


def _identity(problem: Problem) -> tuple:
    """What tells two problems apart (Problem's own equality leaves its params out)."""
    return problem.key, problem.params.get("feature"), problem.params.get("prop"), problem.params.get("value")


# problems of the whole file, found before any feature is matched
STOPPING = {f"boundary_{k}" for k in ("unreadable", "too_large", "not_json", "not_collection", "too_many_features")}


def _rings(geometry, number: int, problem) -> list[np.ndarray] | None:
    """The outer rings of a Polygon or MultiPolygon as (n, 2) arrays of lon, lat; None (and the
    problem said) when the geometry is not one. Holes are checked, not drawn."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in ("Polygon", "MultiPolygon"):
        problem("geometry_type", number, "geometry", value=str(kind))
        return None
    polygons = geometry.get("coordinates")
    polygons = [polygons] if kind == "Polygon" else polygons
    if not isinstance(polygons, list) or not polygons:
        problem("ring_short", number, "geometry")
        return None
    outer = []
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            problem("ring_short", number, "geometry")
            return None
        for i, ring in enumerate(polygon):
            try:
                array = np.array(ring, dtype=float)
            except (TypeError, ValueError):
                problem("coordinates", number, "geometry")
                return None
            if array.ndim != 2 or array.shape[1] < 2 or len(array) < 4:
                problem("ring_short", number, "geometry")
                return None
            array = array[:, :2]
            if not np.isfinite(array).all() or (np.abs(array[:, 0]) > 180).any() or (np.abs(array[:, 1]) > 90).any():
                problem("coordinates", number, "geometry")
                return None
            if not np.array_equal(array[0], array[-1]):
                problem("ring_open", number, "geometry")
                return None
            if i == 0:
                outer.append(array)
    return outer


def simplify(ring: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas–Peucker: the ring's points that keep it within `tolerance` of its drawn line (at
    least 4, the ring stays closed)."""
    if len(ring) <= 4:
        return ring
    keep = np.zeros(len(ring), dtype=bool)
    keep[0] = keep[-1] = True
    # a closed ring's ends coincide: split it at the point farthest from its first point
    far = int(np.argmax(((ring - ring[0]) ** 2).sum(axis=1)))
    keep[far] = True
    stack = [(0, far), (far, len(ring) - 1)]
    while stack:
        start, end = stack.pop()
        if end - start < 2:
            continue
        a, b = ring[start], ring[end]
        seg = b - a
        pts = ring[start + 1 : end]
        length = math.hypot(*seg)
        if length == 0:
            dist = np.hypot(*(pts - a).T)
        else:
            dist = np.abs(seg[0] * (pts[:, 1] - a[1]) - seg[1] * (pts[:, 0] - a[0])) / length
        i = int(np.argmax(dist))
        if dist[i] > tolerance:
            mid = start + 1 + i
            keep[mid] = True
            stack += [(start, mid), (mid, end)]
    kept = ring[keep]
    return kept if len(kept) >= 4 else ring


def _centre(ring: np.ndarray) -> tuple[float, float]:
    """The area centroid of a ring (its mean point when it has no area)."""
    x, y = ring[:, 0], ring[:, 1]
    cross = x[:-1] * y[1:] - x[1:] * y[:-1]
    area = cross.sum() / 2
    if abs(area) < 1e-15:
        return float(x.mean()), float(y.mean())
    return float(((x[:-1] + x[1:]) * cross).sum() / (6 * area)), float(((y[:-1] + y[1:]) * cross).sum() / (6 * area))


def _area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return abs((x[:-1] * y[1:] - x[1:] * y[:-1]).sum() / 2)


def _projected(rings_of: dict[str, list[np.ndarray]]) -> tuple[dict, dict]:
    """Every unit's rings projected (x = lon × cos(mean lat), y = lat) and simplified, and its
    centre (of its largest ring)."""
    every = np.vstack([r for rings in rings_of.values() for r in rings])
    factor = math.cos(math.radians(float(every[:, 1].mean())))
    extent = max(np.ptp(every[:, 0]) * factor, np.ptp(every[:, 1]), 1e-9)
    shapes, centres = {}, {}
    for code, rings in rings_of.items():
        drawn = []
        for ring in rings:
            xy = np.column_stack([ring[:, 0] * factor, ring[:, 1]])
            drawn.append(simplify(xy, extent * SIMPLIFY))
        shapes[code] = [(r[:, 0].round(6).tolist(), r[:, 1].round(6).tolist()) for r in drawn]
        centres[code] = _centre(max(drawn, key=_area))
    return shapes, centres
