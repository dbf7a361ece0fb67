"""Units given by name instead of code, matched against the units valid in the file's year.

Real files spell names many ways: "Xã Trường Long", "TRƯỜNG LONG", decomposed Unicode, the tone
mark placed on another vowel (Thuỷ / Thủy, Hoà / Hòa), stray spaces. A name is reduced to a key
that ignores all of these; a type prefix ("Xã", "Thị trấn") is kept apart to tell a township from
the district of the same name. Unknown or ambiguous names are reported with suggestions, never guessed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from cchc_metrics.engine import sqlfiles
from cchc_metrics.engine.reading import ROW, UNIT_NAME_COLUMN, CellIssue, Staged, fold
from cchc_metrics.engine.schema import UNIT_TYPES

# Combining tone marks (grave, acute, tilde, hook above, dot below); the vowel marks (circumflex,
# breve, horn) are part of the letter and stay.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_PREFIXES = {**{t: t for t in UNIT_TYPES}, "tp": "thành phố", "tp.": "thành phố", "tt": "thị trấn", "tt.": "thị trấn"}


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    unit_type: str
    level: str

    @property
    def label(self) -> str:
        return f"{self.unit_type.capitalize()} {self.name} ({self.code})"


def _word_key(word: str) -> str:
    """A syllable without its tone mark, the tone appended: the same wherever the tone was placed."""
    parts = unicodedata.normalize("NFD", word)
    tones = "".join(c for c in parts if c in _TONES)
    return unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)) + tones


def name_key(name: str) -> tuple[str | None, str]:
    """(unit type given as a prefix or None, matching key) of a unit name as written in a file."""
    text = fold(re.sub(r"[\s\u00a0]+", " ", str(name)))
    prefix = None
    for spelling in sorted(_PREFIXES, key=len, reverse=True):
        if text.startswith(spelling + " ") or (spelling.endswith(".") and text.startswith(spelling)):
            prefix, text = _PREFIXES[spelling], text[len(spelling) :].strip()
            break
    return prefix, " ".join(_word_key(w) for w in text.split(" ") if w)


def units_in_year(con: duckdb.DuckDBPyConnection, year: int | None) -> list[Unit]:
    """The unit versions valid in `year` (all versions when None), from the `units` table on `con`."""
    rows = sqlfiles.run(con, "publishing/units_in_year", {"year": year})
    return [Unit(*r) for r in rows.itertuples(index=False)]


def match_name(name: str, units: list[Unit]) -> tuple[Unit | None, list[Unit]]:
    """The unit a name means, or (None, candidates): several candidates when ambiguous, close ones when unknown."""
    prefix, key = name_key(name)
    index: dict[str, list[Unit]] = {}
    for unit in units:
        index.setdefault(name_key(unit.name)[1], []).append(unit)
    found = index.get(key, [])
    if prefix:
        found = [u for u in found if fold(u.unit_type) == prefix]
    if len(found) == 1:
        return found[0], []
    if found:
        return None, found
    close = difflib.get_close_matches(key, list(index), n=3, cutoff=0.6)
    return None, [u for k in close for u in index[k]]


def resolve_unit_names(
    con: duckdb.DuckDBPyConnection, staged: Staged, year: int | None
) -> tuple[Staged, list[CellIssue]]:
    """Replace unit names by codes (in unit_code, or from a unit-name column) using the units valid in `year`.

    A unit_code cell of digits is a code and stays. Returns the new Staged (with unit_code filled
    and the official unit_name where the file has that column) and one issue per unknown or
    ambiguous name, at its first row: unit_name_unknown / unit_name_ambiguous with suggestions.
    """
    table = staged.table
    cols = table.column_names
    codes = table.column("unit_code").to_pylist() if "unit_code" in cols else None
    source = "unit_name" if "unit_name" in cols else UNIT_NAME_COLUMN if UNIT_NAME_COLUMN in cols else None
    names = table.column(source).to_pylist() if source else None
    if codes is None and names is None:
        return staged, []
    units = units_in_year(con, year)
    rows = table.column(ROW).to_pylist()
    n = table.num_rows
    new_codes = list(codes) if codes is not None else [""] * n
    new_names = list(names) if names is not None else None
    resolved: dict[str, tuple[Unit | None, list[Unit]]] = {}
    issues: list[CellIssue] = []
    reported: set[str] = set()
    for i in range(n):
        code = (new_codes[i] or "").strip()
        if code and code.isdigit():
            continue
        if code:  # a name written in the code column
            text, column = code, "unit_code"
        elif names is not None and (names[i] or "").strip():
            text, column = names[i].strip(), "unit_code" if codes is not None else source
        else:
            continue  # an empty code: the missing-value rule reports it
        if column == UNIT_NAME_COLUMN:
            column = "unit_name"
        if text not in resolved:
            resolved[text] = match_name(text, units)
        unit, candidates = resolved[text]
        if unit is not None:
            new_codes[i] = unit.code
            if new_names is not None and source == "unit_name":
                new_names[i] = unit.name
            continue
        new_codes[i] = text
        if text in reported:
            continue
        reported.add(text)
        key = (
            "unit_name_ambiguous"
            if candidates and all(name_key(c.name)[1] == name_key(text)[1] for c in candidates)
            else "unit_name_unknown"
        )
        issues.append(
            CellIssue(
                rows[i],
                column,
                key,
                {
                    "value": text,
                    "year": year if year is not None else "",
                    "suggestions": "; ".join(c.label for c in candidates) or "–",
                },
            )
        )
    # Unresolved rows keep the name as their code: the caller drops the rules' echo of these issues.
    out = table
    if codes is not None:
        out = out.set_column(out.column_names.index("unit_code"), "unit_code", pa.array(new_codes, type=pa.string()))
    else:
        out = out.append_column("unit_code", pa.array(new_codes, type=pa.string()))
    if source == "unit_name":
        out = out.set_column(out.column_names.index("unit_name"), "unit_name", pa.array(new_names, type=pa.string()))
    if UNIT_NAME_COLUMN in out.column_names:
        out = out.drop_columns([UNIT_NAME_COLUMN])
    missing = [m for m in staged.missing if m != "unit_code"]
    return Staged(staged.path, out, staged.unknown, missing, staged.duplicated, staged.header_row), issues


def _area_key(text: str) -> str:
    """An area's name as a matching key: no numbering ("I.", "1."), case, tone placement or spacing."""
    text = re.sub(r"^\s*(?:[ivx]+|\d+)\s*[.)\-:]\s*", "", fold(str(text)))
    return " ".join(_word_key(w) for w in re.split(r"[\s,;]+", text) if w)


def resolve_area_names(
    con: duckdb.DuckDBPyConnection, staged: Staged, year: int | None
) -> tuple[Staged, list[CellIssue]]:
    """Replace area names (a scoring-software export writes the area's row, not its code) by codes.

    A value that is an area code stays. Else the framework in force for the row's unit and year
    gives its criterion's area; else the name is matched with the areas' Vietnamese and English
    names (numbering, case and tone placement aside). An area matched by neither is reported once,
    at its first row (area_name_unknown, with the areas' names), never guessed.
    """
    table = staged.table
    if "area_code" not in table.column_names:
        return staged, []
    areas = con.execute("select area_code, name_vi, name_en from areas").fetchall()
    codes = {a[0] for a in areas}
    values = table.column("area_code").to_pylist()
    if all((v or "").strip() in codes or not (v or "").strip() for v in values):
        return staged, []
    by_name = {_area_key(n): code for code, vi, en in areas for n in (vi, en) if n}
    from_framework = _framework_areas(con, table, year)
    rows = table.column(ROW).to_pylist()
    criteria = (
        table.column("criterion_code").to_pylist() if "criterion_code" in table.column_names else [None] * len(rows)
    )
    units = table.column("unit_code").to_pylist() if "unit_code" in table.column_names else [None] * len(rows)
    out, issues, reported = list(values), [], set()
    for i, value in enumerate(values):
        text = (value or "").strip()
        if not text or text in codes or not _looks_like_name(text):
            continue  # a code that is no area code: the unknown_area rule says so
        code = from_framework.get((units[i], criteria[i])) or by_name.get(_area_key(text))
        if code:
            out[i] = code
        elif text not in reported:
            reported.add(text)
            names = "; ".join(f"{c} ({vi})" for c, vi, _en in areas)
            issues.append(CellIssue(rows[i], "area_code", "area_name_unknown", {"value": text, "areas": names}))
    table = table.set_column(table.column_names.index("area_code"), "area_code", pa.array(out, type=pa.string()))
    return Staged(staged.path, table, staged.unknown, staged.missing, staged.duplicated, staged.header_row), issues


def _looks_like_name(text: str) -> bool:
    """An area written as words (a space, or a letter beyond ASCII), not as a code like LEAD."""
    return " " in text or any(ord(c) > 127 for c in text)


def _framework_areas(con: duckdb.DuckDBPyConnection, table: pa.Table, year: int | None) -> dict:
    """{(unit_code, criterion_code): area_code} from the framework in force for each unit's level."""
    if year is None or "criterion_code" not in table.column_names or "unit_code" not in table.column_names:
        return {}
    con.register("named_rows", table.select(["unit_code", "criterion_code"]))
    try:
        found = con.execute(sqlfiles.sql_text("publishing/framework_areas"), {"year": year}).fetchall()
    finally:
        con.unregister("named_rows")
    return {(u, c): a for u, c, a in found}
