"""One former province's view of a merged province's data.

Before a merger each province scored, ranked and banded its own units: a year of the merged
province's history may hold several former provinces' results (units.csv `source_province`), and
its rankings, averages, bands and peer positions mean something only within one of them. A
scoped dataset answers every query as if the data held that former province only: on each of its
cursors, temporary views of the same names shadow the tables of units and their results, keeping
the former province's units and the units of no former province (the merged province's own,
its departments). Lineage is not scoped: a new unit's history runs back into every former
province its predecessors were in.
"""

from __future__ import annotations

import re

# a row of a unit's year kept when the unit is (the scoped `units`)
_UNIT_OF_YEAR = (
    "exists (select 1 from units as u where u.unit_code = t.unit_code "
    "and valid_in(t.year, u.valid_from_year, u.valid_to_year))"
)
# table → the rows a scope keeps; the former province is the cursor's variable `cchc_scope`, bound
# as a parameter (scope_cursor). The later views read the earlier ones (a temporary view shadows
# the table of its name), so their order matters.
_KEPT = {
    "units": "source_province is null or source_province = getvariable('cchc_scope')",
    "unit_scores": "source_province is null or source_province = getvariable('cchc_scope')",
    "criterion_scores": "source_province is null or source_province = getvariable('cchc_scope')",
    "bands": "source_province is null or source_province = getvariable('cchc_scope')",
    "publications": "source_province is null or source_province = getvariable('cchc_scope')",
    "area_scores": "unit_id in (select unit_id from units)",
    "area_positions": "unit_id in (select unit_id from units)",
    "unit_adjustments": "unit_id in (select unit_id from units)",
    "commune_origins": "unit_id in (select unit_id from units)",
    "district_communes": "district_code in (select unit_code from units where level = 'district')",
    "inspections": _UNIT_OF_YEAR,
    "findings": _UNIT_OF_YEAR,
    "adjustments": _UNIT_OF_YEAR,
}


# the base tables are read through the variable `cchc_base` (the database's own name, quoted),
# never through a name pasted into the text: a temporary view named like its table would read itself
_VIEWS = {
    table: f"create or replace temp view {table} as select * from query_table(getvariable('cchc_base') || '{table}') "
    f"as t where {keep}"
    for table, keep in _KEPT.items()
}
_WORDS = re.compile(r"[a-z_]+")


def scope_cursor(cur, province: str, text: str | None = None) -> None:
    """Scope the cursor `cur` to the former `province`: its tables of units and their results are
    shadowed by views keeping that province's rows and the rows of no former province. With the
    `text` of the one query the cursor will run, only the tables it names (and `units`, which the
    others read) are shadowed."""
    cur.execute("""set variable cchc_base = '"' || current_database() || '".main.'""")
    cur.execute("set variable cchc_scope = $province", {"province": province})
    named = set(_WORDS.findall(text.lower())) | {"units"} if text is not None else set(_VIEWS)
    cur.execute(";\n".join(statement for table, statement in _VIEWS.items() if table in named))
