"""Where the units are: their tiles on a tile map (sơ đồ ô), and the classes a map colours them by.

A tile map draws every unit of a level as one equal square, placed to keep neighbours near each
other: it needs no boundaries. The tiles come from tiles.csv in the data directory (validated on
load, see DATA.md); a unit it does not place, or every unit when there is no such file, is laid
out here, by former district, from the whole unit list of the level: a unit keeps its tile in
every year it is valid, and the layout of one year never depends on another year's scores.
"""

from __future__ import annotations

import math

import pandas as pd

from cchc_metrics.engine.dataset import Dataset

MAP_LEVELS = ("district", "commune")  # the levels that are places (departments are not)
LAYOUT_COLUMNS = ["unit_id", "unit_code", "unit_name", "unit_type", "source_province", "group_code", "row", "col"]
BLOCK_GAP = 1  # empty tiles between two districts' blocks


def default_tiles(versions: pd.DataFrame) -> pd.DataFrame:
    """Tiles for unit versions that tiles.csv does not place: one block per group, blocks side by side.

    `versions`: unit_id, unit_code, valid_from_year, source_province, group_code (every version of
    the level, as the query map_units returns them). A group is the units of one first year, one
    former province and one district (or former district): the communes of 2025 get blocks of
    their own, as they are never drawn with the communes before them. Blocks are filled row by row
    in code order, as square as the largest block; each first year starts below the one before.
    Returns unit_id, row, col: a unit has the same tile whatever year is drawn.
    """
    if versions.empty:
        return pd.DataFrame({"unit_id": pd.Series(dtype="str"), "row": [], "col": []}).astype({"row": int, "col": int})
    data = versions.assign(
        _era=versions["valid_from_year"].fillna(-1).astype(int),
        _province=versions["source_province"].fillna("").astype(str),
        _group=versions["group_code"].fillna("").astype(str),
    ).sort_values(["_era", "_province", "_group", "unit_code", "unit_id"])
    rows, cols, ids = [], [], []
    top = 0
    for _era, era in data.groupby("_era", sort=True):
        groups = [part for _, part in era.groupby(["_province", "_group"], sort=True)]
        width = max(1, math.ceil(math.sqrt(max(len(g) for g in groups))))
        per_line = max(1, round(math.sqrt(len(groups))))
        line_top, line_height = top, 0
        for i, group in enumerate(groups):
            if i and i % per_line == 0:
                line_top += line_height + BLOCK_GAP
                line_height = 0
            left = (i % per_line) * (width + BLOCK_GAP)
            height = math.ceil(len(group) / width)
            line_height = max(line_height, height)
            for k, unit_id in enumerate(group["unit_id"]):
                ids.append(unit_id)
                rows.append(line_top + k // width)
                cols.append(left + k % width)
        top = line_top + line_height + BLOCK_GAP
    return pd.DataFrame({"unit_id": ids, "row": rows, "col": cols})


def tile_layout(ds: Dataset, year: int, level: str) -> pd.DataFrame:
    """The tiles of the units of `level` valid in `year`.

    Columns: unit_id, unit_code, unit_name, unit_type, source_province, group_code, row, col (row 0 at the top,
    the north; col 0 at the left, the west). From tiles.csv where it places the level's units; a
    unit it leaves out goes under the others (the load warned of it); without tiles.csv for the
    level, default_tiles lays out every version of the level. No two units share a tile.
    """
    key = ("tile_layout", ds.province, int(year), level)
    return ds.kept(key, lambda: _layout(ds, int(year), level))


def _layout(ds: Dataset, year: int, level: str) -> pd.DataFrame:
    versions = ds.query("map_units", year=year, level=level)
    placed = versions["tile_row"].notna()
    if not placed.any():
        tiles = default_tiles(versions)
        frame = versions.merge(tiles, on="unit_id")
    else:
        frame = versions.assign(row=versions["tile_row"], col=versions["tile_col"])
        missing = frame[~placed & frame["in_year"]]
        if not missing.empty:  # under the layout, in code order
            below = int(frame.loc[placed, "row"].max()) + 2
            width = max(1, int(frame.loc[placed, "col"].max()) + 1)
            order = range(len(missing))
            frame.loc[missing.index, "row"] = [below + i // width for i in order]
            frame.loc[missing.index, "col"] = [i % width for i in order]
    frame = frame[frame["in_year"].astype(bool)].dropna(subset=["row", "col"])
    frame = frame.astype({"row": int, "col": int})
    return frame[LAYOUT_COLUMNS].sort_values(["row", "col"]).reset_index(drop=True)


def short_label(name: str, compact: bool = False) -> str:
    """A unit's name as its tile writes it: on two lines at the space nearest the middle; on a
    phone's smaller tiles the first letter of each word ("Thới An Đông" → "TAĐ"), a number kept
    whole ("Phường 5" → "P5")."""
    words = str(name).split()
    if not words:
        return ""
    if compact:
        return "".join(w if w.isdigit() else w[0].upper() for w in words)
    if len(words) == 1:
        return words[0]
    middle = len(name) / 2
    spaces = [i for i, ch in enumerate(name) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return name[:cut] + "\n" + name[cut + 1 :]


# --- what colours a map ---------------------------------------------------------------------------

# An index or area % in classes: the app's heat scale sampled at each class (views.maps), best first.
PERCENT_CLASSES = (90.0, 80.0, 70.0, 60.0, 50.0, 0.0)
# A change in points of %: risen clearly, risen, about the same, fallen, fallen clearly.
DELTA_CLASSES = (5.0, 1.0, -1.0, -5.0)


def percent_class(value) -> int | None:
    """The class of an index or area % (0 = ≥ 90 %, …, 5 = under 50 %); None without a value."""
    if value is None or pd.isna(value):
        return None
    return next(i for i, low in enumerate(PERCENT_CLASSES) if float(value) >= low or low == 0.0)


def delta_class(value) -> int | None:
    """The class of a change (0 = +5 points or more, 1 = +1 to +5, 2 = within ±1, 3 = −1 to −5,
    4 = −5 or less); None without a comparison."""
    if value is None or pd.isna(value):
        return None
    value = float(value)
    if value >= DELTA_CLASSES[0]:
        return 0
    if value >= DELTA_CLASSES[1]:
        return 1
    if value > DELTA_CLASSES[2]:
        return 2
    if value > DELTA_CLASSES[3]:
        return 3
    return 4
