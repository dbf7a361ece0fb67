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
_UNKNOWN: tuple[None, list] = (None, [])  # shared by the many names of a hostile file, never changed
_REPORTED = object()  # a name already reported (or counted) as unknown
NAMES_AT_ONCE = 20_000  # names keyed in one pass (name_keys)
MAX_NAME_ISSUES = 50  # unknown names reported one by one (with suggestions); the rest are counted
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


_SPELLINGS = sorted(_PREFIXES, key=len, reverse=True)  # longest first: "tt." before "tt"
_TONE_CLASS = "[" + "".join(sorted(_TONES)) + "]"
# A tone mark and the rest of its syllable: swapped, the mark goes to the syllable's end.
_TONE_THEN_LETTERS = re.compile(f"({_TONE_CLASS}+)([^\\s{''.join(sorted(_TONES))}]+)")
_SPACES = re.compile(r"[^\S\n]+")
_TONES_ASIDE = {ord(t): 0xE000 + ord(t) - 0x0300 for t in _TONES}
_TONES_BACK = {v: k for k, v in _TONES_ASIDE.items()}


def name_keys(names: list[str]) -> list[tuple[str | None, str]]:
    """name_key of many names at once: each step runs once on all the names joined, so a file of
    100,000 unknown names is keyed in a fraction of a second."""
    joined = _SPACES.sub(" ", "\n".join(str(n).replace("\n", " ") for n in names))
    lines = unicodedata.normalize("NFC", joined).casefold().split("\n")
    prefixes, rests = [], []
    for text in lines:
        text = text.strip()
        prefix = None
        for spelling in _SPELLINGS:
            if text.startswith(spelling) and (text[len(spelling) : len(spelling) + 1] == " " or spelling.endswith(".")):
                prefix, text = _PREFIXES[spelling], text[len(spelling) :].strip()
                break
        prefixes.append(prefix)
        rests.append(text)
    # The tone mark moved to the end of its syllable, where it stays a separate mark (held out of
    # NFC's way as a private-use character): the same key wherever it was placed (Thuỷ, Thủy).
    moved = _TONE_THEN_LETTERS.sub(r"\2\1", unicodedata.normalize("NFD", "\n".join(rests)))
    keys = unicodedata.normalize("NFC", moved.translate(_TONES_ASIDE)).translate(_TONES_BACK)
    return list(zip(prefixes, keys.split("\n")))


def name_key(name: str) -> tuple[str | None, str]:
    """(unit type given as a prefix or None, matching key) of a unit name as written in a file.

    The key ignores case, Unicode form, spacing and where the tone mark sits in a syllable.
    """
    return name_keys([name])[0]


def units_in_year(con: duckdb.DuckDBPyConnection, year: int | None) -> list[Unit]:
    """The unit versions valid in `year` (all versions when None), from the `units` table on `con`."""
    rows = sqlfiles.run(con, "publishing/units_in_year", {"year": year})
    return [Unit(*r) for r in rows.itertuples(index=False)]


def name_index(units: list[Unit]) -> dict[str, list[Unit]]:
    """Units by the matching key of their name (see name_key)."""
    index: dict[str, list[Unit]] = {}
    for unit, (_prefix, key) in zip(units, name_keys([u.name for u in units])):
        index.setdefault(key, []).append(unit)
    return index


def match_name(
    name: str,
    units: list[Unit],
    index: dict[str, list[Unit]] | None = None,
    suggest: bool = True,
    keyed: tuple[str | None, str] | None = None,
) -> tuple[Unit | None, list[Unit]]:
    """The unit a name means, or (None, candidates): several candidates when ambiguous, close ones when unknown.

    `index`: name_index(units), and `keyed`: name_key(name), from a caller matching many names.
    `suggest` False leaves out the close names of an unknown one (a comparison with every unit).
    """
    prefix, key = keyed or name_key(name)
    index = index if index is not None else name_index(units)
    found = index.get(key, [])
    if prefix:
        found = [u for u in found if fold(u.unit_type) == prefix]
    if len(found) == 1:
        return found[0], []
    if found:
        return None, found
    if not suggest:
        return _UNKNOWN
    close = difflib.get_close_matches(key, list(index), n=3, cutoff=0.6)
    return None, [u for k in close for u in index[k]]


def resolve_unit_names(
    con: duckdb.DuckDBPyConnection, staged: Staged, year: int | None
) -> tuple[Staged, list[CellIssue]]:
    """Replace unit names by codes (in unit_code, or from a unit-name column) using the units valid in `year`.

    A unit_code cell of digits, or one that is the code of a unit of the year (departments have
    codes of letters: SNV), is a code and stays. Returns the new Staged (with unit_code filled
    and the official unit_name where the file has that column) and one issue per unknown or
    ambiguous name, at its first row: unit_name_unknown / unit_name_ambiguous with suggestions.
    After MAX_NAME_ISSUES such names, the others are counted in one unit_name_more issue.
    Unresolved rows keep the name as their code.
    """
    table = staged.table
    cols = table.column_names
    codes = table.column("unit_code").to_pylist() if "unit_code" in cols else None
    source = "unit_name" if "unit_name" in cols else UNIT_NAME_COLUMN if UNIT_NAME_COLUMN in cols else None
    names = table.column(source).to_pylist() if source else None
    if codes is None and names is None:
        return staged, []
    units = units_in_year(con, year)
    index = name_index(units)
    known_codes = {u.code for u in units}
    rows = table.column(ROW).to_pylist()
    n = table.num_rows
    new_codes = list(codes) if codes is not None else [""] * n
    new_names = list(names) if names is not None else None

    def name_at(i: int) -> tuple[str, str] | None:
        """The name written in row i and the column to report it in; None for a code or an empty cell."""
        code = (codes[i] or "").strip() if codes is not None else ""
        if code and (code.isdigit() or code in known_codes):
            return None
        if code:  # a name written in the code column
            return code, "unit_code"
        if names is not None and (names[i] or "").strip():
            column = "unit_code" if codes is not None else source
            return names[i].strip(), "unit_name" if column == UNIT_NAME_COLUMN else column
        return None  # an empty code: the missing-value rule reports it

    # Each distinct name is keyed and matched once, a chunk of names at a time (name_keys), so a
    # file of 100,000 names that match nothing is resolved in a second, in little memory.
    distinct: dict = dict.fromkeys(found[0] for found in map(name_at, range(n)) if found is not None)
    texts = list(distinct)
    for start in range(0, len(texts), NAMES_AT_ONCE):
        chunk = texts[start : start + NAMES_AT_ONCE]
        for text, keyed in zip(chunk, name_keys(chunk)):
            distinct[text] = match_name(text, units, index, suggest=False, keyed=keyed)
    del texts
    issues: list[CellIssue] = []
    unknown = 0
    more: list[int] = []  # first row of each unresolved name beyond MAX_NAME_ISSUES
    for i in range(n):
        found = name_at(i)
        if found is None:
            continue
        text, column = found
        result = distinct[text]
        if result is _REPORTED:
            new_codes[i] = text
            continue
        unit, candidates = result
        if unit is not None:
            new_codes[i] = unit.code
            if new_names is not None and source == "unit_name":
                new_names[i] = unit.name
            continue
        new_codes[i] = text
        distinct[text] = _REPORTED
        unknown += 1
        if unknown > MAX_NAME_ISSUES:
            more.append(rows[i])
            continue
        if not candidates:  # the close names, looked for only for the names reported one by one
            candidates = match_name(text, units, index)[1]
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
    if more:
        issues.append(CellIssue(more[0], "unit_code", "unit_name_more", {"count": len(more)}))
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
    return name_keys([" ".join(w for w in re.split(r"[\s,;]+", text) if w)])[0][1]


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
