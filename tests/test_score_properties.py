"""Properties of the scores on generated data: order-free, bounded, index = max-weighted mean of areas."""

import random

import duckdb
from helpers import HEADER, TINY_UNITS, write_dir
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_metrics.engine.dataset import build

AREAS = ("LEAD", "PROC", "ONESTOP")
UNITS = ("10101", "10102", "10201")


@st.composite
def inspections(draw):
    """A year of commune rows: random maxima per criterion, random scores, some not applicable."""
    criteria = [(f"X.{a}.{i}", a, draw(st.integers(1, 20)) / 2) for a in AREAS for i in range(draw(st.integers(1, 3)))]
    rows = []
    for unit in UNITS:
        for code, area, mx in criteria:
            applies = draw(st.booleans()) or code.endswith(".0")
            score = draw(st.integers(0, int(mx * 4))) / 4 if applies else None
            rows.append((unit, area, code, mx, score))
    seed = draw(st.integers(0, 10_000))
    return rows, seed


def scored(tmp_path, rows):
    lines = [f"2024,{u},{a},{c},Tiêu chí {c},{m},,{'' if s is None else s}" for u, a, c, m, s in rows]
    root = write_dir(
        tmp_path / f"p{random.random()}",
        {"units.csv": TINY_UNITS, "inspections/2024.csv": HEADER + "\n".join(lines) + "\n"},
    )
    con = duckdb.connect()
    assert build(con, root) == []
    units = con.execute("select unit_id, index_pct, rank from unit_scores order by unit_id").fetchall()
    areas = con.execute(
        "select unit_id, area_code, area_pct, max_points from area_scores order by unit_id, area_code"
    ).fetchall()
    return units, areas


@settings(max_examples=25, deadline=None)
@given(inspections())
def test_row_order_does_not_matter(tmp_path_factory, data):
    rows, seed = data
    tmp = tmp_path_factory.mktemp("order")
    shuffled = rows[:]
    random.Random(seed).shuffle(shuffled)
    assert scored(tmp, rows) == scored(tmp, shuffled)


@settings(max_examples=25, deadline=None)
@given(inspections())
def test_percentages_bounded_and_index_is_weighted_mean_of_areas(tmp_path_factory, data):
    rows, _seed = data
    units, areas = scored(tmp_path_factory.mktemp("bounds"), rows)
    for _unit, _area, pct, _mx in areas:
        assert 0 <= pct <= 100
    for unit_id, index_pct, _rank in units:
        assert 0 <= index_pct <= 100
        mine = [(pct, mx) for u, _a, pct, mx in areas if u == unit_id]
        weighted = sum(p * m for p, m in mine) / sum(m for _p, m in mine)
        assert abs(weighted - index_pct) < 1e-9
