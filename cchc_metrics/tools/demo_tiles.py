"""Hand-run tool: the demo data's tile map layout, reference/demo_tiles.csv (the demo generator,
tools/demo.py, copies it to data/tiles.csv).

Run: python -m cchc_metrics.tools.demo_tiles [DATA_DIR] (the units read from DATA_DIR, data/ by
default). Each unit of data/units.csv (districts,
the communes before 2025, the communes from 2025) is put on the grid square nearest its place, so
that the tile map reads like the city: the Hậu river along the north-east side (Thốt Nốt furthest
north-west, then Ô Môn, Bình Thủy, Ninh Kiều, Cái Răng), Phong Điền south-west of Ninh Kiều, Vĩnh
Thạnh, Cờ Đỏ and Thới Lai inland to the west; the former Hậu Giang south of old Cần Thơ, the
former Sóc Trăng south-east of it.

Places: the centre points (latitude, longitude) of the units in the PyPI package
`vietnamadminunits` (its 2025 units and its legacy districts and communes), read as
reference_units.py reads it; a unit it does not list (five Ninh Kiều wards merged in 2024) takes
the point of the unit it went into, a little apart. The package is not a dependency of the
project: it is imported inside the functions, and nothing in the project imports this module.

Each set of units drawn together (the districts; the communes up to 2024, all three former
provinces; the communes from 2025) gets a grid of about GRID_FILL tiles per unit over its extent,
and the units are assigned to squares with the least total squared distance (scipy's
linear_sum_assignment, also imported here only). A code reused after 2025 gets a row per version.
"""

from __future__ import annotations

import csv
import math
import sqlite3
import sys
from pathlib import Path

import numpy as np
import pandas as pd

GRID_FILL = 1.8  # grid squares per unit within the extent of a set: room to keep shapes, few holes
NEW_FIRST_YEAR = 2025
NUDGE = 0.004  # degrees between a merged ward's point and that of the unit it went into


def _points() -> tuple[dict, dict, dict]:
    """(2025 communes by code, legacy communes by code, legacy districts by code) → (lat, lon)."""
    import vietnamadminunits

    db = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"
    con = sqlite3.connect(db)
    try:
        new = {c: (la, lo) for c, la, lo in con.execute("select wardCode, wardLat, wardLon from admin_units")}
        legacy_rows = con.execute(
            "select wardCode, wardLat, wardLon, districtCode, districtLat, districtLon from admin_units_legacy"
        ).fetchall()
    finally:
        con.close()
    old = {r[0]: (r[1], r[2]) for r in legacy_rows}
    districts = {r[3]: (r[4], r[5]) for r in legacy_rows}
    return new, old, districts


def grid_positions(points: np.ndarray) -> np.ndarray:
    """Each point (lat, lon) on its own square of a grid over their extent: (row, col), row 0 north."""
    from scipy.optimize import linear_sum_assignment

    lat0 = float(np.mean(points[:, 0]))
    x = points[:, 1] * math.cos(math.radians(lat0))
    y = points[:, 0]
    width, height = max(np.ptp(x), 1e-6), max(np.ptp(y), 1e-6)
    size = math.sqrt(width * height / (GRID_FILL * len(points)))
    cols = (x - x.min()) / size
    rows = (y.max() - y) / size
    n_cols, n_rows = int(math.ceil(cols.max())) + 2, int(math.ceil(rows.max())) + 2
    cell_r, cell_c = np.divmod(np.arange(n_rows * n_cols), n_cols)
    cost = (rows[:, None] - cell_r[None, :]) ** 2 + (cols[:, None] - cell_c[None, :]) ** 2
    units, cells = linear_sum_assignment(cost)
    placed = np.zeros((len(points), 2), dtype=int)
    placed[units, 0], placed[units, 1] = cell_r[cells], cell_c[cells]
    placed -= placed.min(axis=0)
    return placed


def demo_tiles(data_dir: Path) -> pd.DataFrame:
    """The tiles of every district and commune version of `data_dir`/units.csv (see the module)."""
    units = pd.read_csv(data_dir / "units.csv", dtype=str, keep_default_na=False)
    lineage = pd.read_csv(data_dir / "lineage.csv", dtype=str, keep_default_na=False)
    new, old, districts = _points()
    later = dict(zip(lineage["old_code"], lineage["new_code"]))
    frames = []
    sets = (
        units[units["level"] == "district"],
        units[(units["level"] == "commune") & (units["valid_from_year"] == "")],
        units[(units["level"] == "commune") & (units["valid_from_year"] != "")],
    )
    for part in sets:
        points = []
        for code, first in zip(part["unit_code"], part["valid_from_year"]):
            if part is sets[0]:
                point = districts.get(code)
            elif first and int(first) >= NEW_FIRST_YEAR:
                point = new.get(code)
            else:
                point = old.get(code)
                if point is None and later.get(code) in old:  # merged away before 2025: beside its successor
                    lat, lon = old[later[code]]
                    point = (lat + NUDGE, lon - NUDGE)
            if point is None:
                raise SystemExit(f"no place known for unit {code}")
            points.append(point)
        placed = grid_positions(np.array(points, dtype=float))
        frames.append(
            pd.DataFrame(
                {
                    "unit_code": part["unit_code"].to_numpy(),
                    "row": placed[:, 0],
                    "col": placed[:, 1],
                    "valid_from_year": part["valid_from_year"].to_numpy(),
                }
            )
        )
    tiles = pd.concat(frames, ignore_index=True)
    # an unchanged code needs no year; a reused one names each version's first year
    reused = tiles["unit_code"].duplicated(keep=False)
    tiles.loc[~reused, "valid_from_year"] = ""
    return tiles.sort_values(["valid_from_year", "unit_code"]).reset_index(drop=True)


def main(argv: list[str]) -> None:
    data_dir = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "data"
    tiles = demo_tiles(data_dir)
    target = Path(__file__).parent / "reference" / "demo_tiles.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        tiles.to_csv(handle, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    print(f"{len(tiles)} tiles written to {target}; run the demo generator to copy them to data/")


if __name__ == "__main__":
    main(sys.argv[1:])
