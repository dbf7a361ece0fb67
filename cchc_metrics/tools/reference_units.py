"""Hand-run tool: reference units and lineage of the merged Cần Thơ city (from 1 July 2025).

Run: python -m cchc_metrics.tools.reference_units. It writes two files into reference/, next to
can_tho_units.csv and can_tho_lineage.csv (old Cần Thơ, with its 32 new units), and never repeats
what those hold:

- merged_units.csv: the districts and communes of the former Hậu Giang and Sóc Trăng provinces
  (valid up to 2024), then the 2025 units of the merged city not in can_tho_units.csv. Same columns
  as can_tho_units.csv plus source_province (empty for a 2025 unit: it belongs to the merged city).
- merged_lineage.csv: every old Hậu Giang / Sóc Trăng commune → the 2025 unit(s) it went into.

Sources: the legacy units and the 2025 converter data of the PyPI package `vietnamadminunits`, and
the official 2025 list of `vietnam-provinces` (read as cchc_metrics.publish.officiallist reads it),
which wins on the codes, names and types of the new units. Neither package is a dependency of the
project: both are imported inside the functions, and nothing in the project imports this module.

Name collisions in the converter data: its "divided" table lists some old communes under two new
units only because another old commune of the merged city has the same name (xã Phú Hữu of Châu
Thành, Hậu Giang and xã Phú Hữu of Long Phú, Sóc Trăng are both listed under Phú Hữu and Trường
Khánh). Such a pair is resolved, not split: each old commune goes wholly into the candidate whose
other predecessors lie in its own old district (else its own old province), and the pair must end
in different units. The same rule reproduces can_tho_lineage.csv for old Cần Thơ's two collisions;
main() prints that check. An old commune listed alone is a real division (split or merge_partial).
"""

from __future__ import annotations

import csv
import json
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

REFERENCE = Path(__file__).parent / "reference"
CT_UNITS = REFERENCE / "can_tho_units.csv"
CT_LINEAGE = REFERENCE / "can_tho_lineage.csv"
MERGED_UNITS = REFERENCE / "merged_units.csv"
MERGED_LINEAGE = REFERENCE / "merged_lineage.csv"

OLD_PROVINCES = {"Tỉnh Hậu Giang": "Hậu Giang", "Tỉnh Sóc Trăng": "Sóc Trăng"}
NEW_PROVINCE = "Thành phố Cần Thơ"
NEW_PROVINCE_CODE = "92"
NEW_PROVINCE_KEY = "thanhphocantho"  # the converter's key of the merged city
OLD_LAST_YEAR = 2024
NEW_FIRST_YEAR = 2025
EFFECTIVE_DATE = "2025-07-01"
NOTE_DISTRICT = "district level abolished 2025-07-01"
NOTE_COMMUNE = "reorganised 2025-07-01"
NOTE_NEW = "two-tier structure from 2025-07-01"
NOTE_REUSED = "; code reused from a predecessor"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _strip_type(name: str, unit_type: str) -> str:
    """The name without its type prefix ("Thị trấn Long Phú" → "Long Phú"), kept where the rest
    is only a number: "Phường 5" stays "Phường 5", as it is written and read."""
    name = _nfc(name).strip()
    prefix = _nfc(unit_type).strip() + " "
    rest = name[len(prefix) :] if name.casefold().startswith(prefix.casefold()) else name
    return name if rest.isdigit() else rest


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


def _read(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return frame.apply(lambda col: col.map(_nfc))


def _write(path: Path, frame: pd.DataFrame) -> int:
    """Write as the existing reference files are written: csv module defaults (CRLF), NFC text."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(frame.columns)
        writer.writerows([[_nfc(str(v)) for v in row] for row in frame.itertuples(index=False)])
    return len(frame)


# --- sources ----------------------------------------------------------------------------------


def package_data() -> tuple[Path, dict]:
    """(path of vietnamadminunits' dataset.db, its converter_2025.json as a dict)."""
    import vietnamadminunits

    data = Path(vietnamadminunits.__file__).parent / "data"
    return data / "dataset.db", json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))


def legacy_units(db: Path) -> pd.DataFrame:
    """The old communes of Hậu Giang and Sóc Trăng, one row each, with their district.

    Columns: source_province, district_code, district_type, district_name, ward_code, ward_type,
    ward_name, old_key (the converter's province_district_ward key). Names are without prefix.
    """
    query = (
        "select province, district, districtCode, districtType, ward, wardCode, wardType, "
        "provinceKey || '_' || districtKey || '_' || wardKey as old_key from admin_units_legacy "
        f"where province in ({', '.join('?' * len(OLD_PROVINCES))})"
    )
    with sqlite3.connect(db) as con:
        raw = pd.read_sql(query, con, params=list(OLD_PROVINCES))
    return pd.DataFrame(
        {
            "source_province": raw["province"].map(OLD_PROVINCES),
            "district_code": raw["districtCode"].str.zfill(3),
            "district_type": raw["districtType"].map(lambda t: _nfc(t).lower()),
            "district_name": [_strip_type(n, t) for n, t in zip(raw["district"], raw["districtType"])],
            "ward_code": raw["wardCode"].str.zfill(5),
            "ward_type": raw["wardType"].map(lambda t: _nfc(t).lower()),
            "ward_name": [_strip_type(n, t) for n, t in zip(raw["ward"], raw["wardType"])],
            "old_key": raw["old_key"],
        }
    ).sort_values(["source_province", "district_code", "ward_code"], ignore_index=True)


def legacy_keys(db: Path) -> dict[str, tuple[str, str]]:
    """Every old commune of the three merged provinces: converter key → (code, name without prefix)."""
    provinces = [*OLD_PROVINCES, NEW_PROVINCE]
    query = (
        "select provinceKey || '_' || districtKey || '_' || wardKey, wardCode, ward, wardType "
        f"from admin_units_legacy where province in ({', '.join('?' * len(provinces))})"
    )
    with sqlite3.connect(db) as con:
        rows = con.execute(query, provinces).fetchall()
    return {key: (code.zfill(5), _strip_type(name, kind)) for key, code, name, kind in rows}


def dataset_new_units(db: Path) -> pd.DataFrame:
    """vietnamadminunits' 2025 units of the merged city. Columns: new_key, code, name, unit_type."""
    query = "select wardKey, wardCode, wardShort, wardType from admin_units where provinceCode = ?"
    with sqlite3.connect(db) as con:
        raw = pd.read_sql(query, con, params=[NEW_PROVINCE_CODE])
    return pd.DataFrame(
        {
            "new_key": raw["wardKey"],
            "code": raw["wardCode"].str.zfill(5),
            "name": raw["wardShort"].map(_nfc),
            "unit_type": raw["wardType"].map(lambda t: _nfc(t).lower()),
        }
    )


def official_new_units() -> pd.DataFrame:
    """The official 2025 communes of the merged city (vietnam-provinces, province code 92).

    Columns: code, name (without prefix, stray spaces removed), unit_type, published (the name as
    published). Read by officiallist.official_units; raises officiallist.OfficialListUnavailable
    when the package cannot be used.
    """
    from vietnam_provinces import Province

    from cchc_metrics.publish.officiallist import OfficialListUnavailable, official_units

    found = [p for p in Province.iter_all() if _nfc(p.name) == NEW_PROVINCE]
    if len(found) != 1 or str(int(found[0].code)) != NEW_PROVINCE_CODE:
        raise OfficialListUnavailable(f"{NEW_PROVINCE} with code {NEW_PROVINCE_CODE} not found")
    frame = official_units(NEW_PROVINCE)
    return pd.DataFrame(
        {
            "code": frame["unit_code"].str.zfill(5),
            "name": [" ".join(n.split()) for n in frame["bare_name"]],
            "unit_type": frame["unit_type"],
            "published": frame["official_name"],
        }
    )


# --- the converter's mapping ------------------------------------------------------------------


def _prefix(old_key: str, parts: int) -> str:
    return "_".join(old_key.split("_")[:parts])


def _resolve_collision(old_key: str, candidates: list[str], whole: dict[str, list[str]]) -> str | None:
    """The candidate whose whole predecessors share old_key's district (else province); None if not one."""
    for parts in (2, 1):
        hits = [c for c in candidates if any(_prefix(p, parts) == _prefix(old_key, parts) for p in whole.get(c, []))]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            return None
    return None


def converter_links(converter: dict) -> tuple[list[tuple[str, str, str]], list[dict]]:
    """Links (old key, new key, how) of the merged city, how = whole | divided, and the collisions.

    A collision (old communes of one name listed under the same new units) is resolved to one whole
    link per old commune when _resolve_collision finds different units for all of them; otherwise its
    communes keep the package's divided links. Each collision is returned as a dict: name, members
    {old key: resolved new key or None}, candidates, default (the package's isDefaultNewWard pick).
    """
    whole = converter["DICT_PROVINCE_WARD_NO_DIVIDED"][NEW_PROVINCE_KEY]
    divided = converter["DICT_PROVINCE_WARD_DIVIDED"].get(NEW_PROVINCE_KEY, {})
    links = [(old, new, "whole") for new, olds in whole.items() for old in olds]
    groups: dict[tuple, list[str]] = defaultdict(list)
    for old, parts in divided.items():
        groups[(old.rsplit("_", 1)[-1], tuple(sorted(p["newWardKey"] for p in parts)))].append(old)
    collisions = []
    for (name, candidates), olds in sorted(groups.items()):
        if len(olds) == 1:
            links += [(olds[0], new, "divided") for new in candidates]
            continue
        members = {old: _resolve_collision(old, list(candidates), whole) for old in olds}
        picked = list(members.values())
        if None in picked or len(set(picked)) != len(picked):
            members = dict.fromkeys(olds)
            links += [(old, new, "divided") for old in olds for new in candidates]
        else:
            links += [(old, new, "whole") for old, new in members.items()]
        default = {old: next((p["newWardKey"] for p in divided[old] if p["isDefaultNewWard"]), None) for old in olds}
        collisions.append({"name": name, "members": members, "candidates": candidates, "default": default})
    return links, collisions


def lineage_rows(links: list[tuple[str, str, str]], old: dict[str, tuple], new: dict[str, tuple]) -> pd.DataFrame:
    """One row per (old key, new key) link with codes and the change kind; old and new map a key to
    (code, name).

    merge_full: the whole old commune went into one unit; unchanged: ... and it is that unit's only
    predecessor, with the same code and name (as can_tho_lineage.csv marks such units), rename: the
    same with another name; split: the old commune was divided among two or more new units;
    merge_partial: divided, with one part in the merged city.
    """
    targets = Counter(o for o, _, _ in links)
    sources = Counter(n for _, n, _ in links)
    rows = []
    for old_key, new_key, how in links:
        (oc, on), (nc, nn) = old.get(old_key, (None, None)), new.get(new_key, (None, None))
        if how == "divided":
            change = "split" if targets[old_key] > 1 else "merge_partial"
        elif sources[new_key] == 1 and oc == nc:
            change = "unchanged" if on == nn else "rename"
        else:
            change = "merge_full"
        rows.append((old_key, new_key, oc, nc, change))
    return pd.DataFrame(rows, columns=["old_key", "new_key", "old_code", "new_code", "change"])


# --- the two files ----------------------------------------------------------------------------


def build() -> dict:
    """Both tables and everything main() reports; writes nothing."""
    db, converter = package_data()
    legacy = legacy_units(db)
    dataset_new = dataset_new_units(db)
    official = official_new_units()
    ct_units = _read(CT_UNITS)
    ct_new = ct_units[ct_units["valid_from_year"] == str(NEW_FIRST_YEAR)]

    # 2025 units: the official list, less those can_tho_units.csv has (by code, else by name)
    ct_codes, ct_names = set(ct_new["unit_code"]), dict(zip(ct_new["unit_name"], ct_new["unit_code"]))
    in_ct = official["code"].isin(ct_codes) | official["name"].isin(ct_names)
    code_conflicts = [
        (r.code, r.name, ct_names[r.name])
        for r in official[official["name"].isin(ct_names)].itertuples()
        if ct_names[r.name] != r.code
    ]
    added = official[~in_ct].sort_values("code", ignore_index=True)

    # the packages compared on the 2025 units, by code
    both = dataset_new.merge(official, on="code", how="outer", suffixes=("_vau", "_official"), indicator="found")
    both = both.fillna({c: "(absent)" for c in ("name_vau", "unit_type_vau", "name_official", "unit_type_official")})
    disagreements = [
        (r.code, r.name_vau, r.unit_type_vau, r.name_official, r.unit_type_official)
        for r in both.itertuples()
        if r.found != "both" or r.unit_type_vau != r.unit_type_official or r.name_vau != r.name_official
    ]
    spacing = [(c, p) for c, p in zip(official["code"], official["published"]) if " ".join(p.split()) != p]

    links, collisions = converter_links(converter)
    official_name = dict(zip(official["code"], official["name"]))
    new_units = {
        k: (c, official_name.get(c, n))
        for k, c, n in zip(dataset_new["new_key"], dataset_new["code"], dataset_new["name"])
    }
    links_all = lineage_rows(links, legacy_keys(db), new_units)
    hg_st = links_all[links_all["old_key"].isin(set(legacy["old_key"]))]

    lineage = pd.DataFrame(
        {
            "old_code": hg_st["old_code"],
            "old_valid_to_year": OLD_LAST_YEAR,
            "new_code": hg_st["new_code"],
            "new_valid_from_year": NEW_FIRST_YEAR,
            "change": hg_st["change"],
            "effective_date": EFFECTIVE_DATE,
        }
    ).sort_values(["old_code", "new_code"], ignore_index=True)
    lineage = lineage[_header(CT_LINEAGE)]

    predecessors = defaultdict(set)
    for r in links_all.itertuples():
        predecessors[r.new_code].add(r.old_code)
    units = _units_table(legacy, added, predecessors)

    valid_2025 = set(ct_codes) | set(added["code"])
    return {
        "units": units,
        "lineage": lineage,
        "legacy": legacy,
        "added": added,
        "official": official,
        "code_conflicts": code_conflicts,
        "disagreements": disagreements,
        "spacing": spacing,
        "collisions": collisions,
        "links_all": links_all,
        "unmatched_old": sorted(set(legacy["ward_code"]) - set(lineage["old_code"])),
        "unknown_old_keys": sorted(k for k in links_all.loc[links_all["old_code"].isna(), "old_key"]),
        "unknown_new": sorted(set(lineage["new_code"].dropna()) - valid_2025),
        "unknown_new_keys": sorted(set(links_all.loc[links_all["new_code"].isna(), "new_key"])),
        "added_without_predecessor": sorted(set(added["code"]) - set(lineage["new_code"])),
    }


def _units_table(legacy: pd.DataFrame, added: pd.DataFrame, predecessors: dict[str, set]) -> pd.DataFrame:
    districts = legacy.drop_duplicates("district_code")
    old_districts = pd.DataFrame(
        {
            "unit_code": districts["district_code"],
            "unit_name": districts["district_name"],
            "unit_type": districts["district_type"],
            "level": "district",
            "parent_code": "",
            "valid_from_year": "",
            "valid_to_year": OLD_LAST_YEAR,
            "note": NOTE_DISTRICT,
            "source_province": districts["source_province"],
        }
    )
    old_communes = pd.DataFrame(
        {
            "unit_code": legacy["ward_code"],
            "unit_name": legacy["ward_name"],
            "unit_type": legacy["ward_type"],
            "level": "commune",
            "parent_code": legacy["district_code"],
            "valid_from_year": "",
            "valid_to_year": OLD_LAST_YEAR,
            "note": NOTE_COMMUNE,
            "source_province": legacy["source_province"],
        }
    )
    new_units = pd.DataFrame(
        {
            "unit_code": added["code"],
            "unit_name": added["name"],
            "unit_type": added["unit_type"],
            "level": "commune",
            "parent_code": "",
            "valid_from_year": NEW_FIRST_YEAR,
            "valid_to_year": "",
            "note": [NOTE_NEW + (NOTE_REUSED if c in predecessors.get(c, ()) else "") for c in added["code"]],
            "source_province": "",
        }
    )
    frame = pd.concat([old_districts, old_communes, new_units], ignore_index=True)
    return frame[[*_header(CT_UNITS), "source_province"]]


# --- the check --------------------------------------------------------------------------------


def report(built: dict) -> list[str]:
    """The check printed by main(): counts against the expected ones, and every mismatch found."""
    units, lineage, legacy, added = built["units"], built["lineage"], built["legacy"], built["added"]
    ct_units = _read(CT_UNITS)
    ct_new = ct_units[ct_units["valid_from_year"] == str(NEW_FIRST_YEAR)]
    types_2025 = Counter(ct_new["unit_type"]) + Counter(added["unit_type"])
    lines = [
        f"2025 units: {len(ct_new)} in can_tho_units.csv + {len(added)} added = {len(ct_new) + len(added)}"
        f" (expected 103; official list {len(built['official'])}): "
        + ", ".join(f"{t} {n}" for t, n in sorted(types_2025.items()))
        + " (expected phường 31, xã 72)",
    ]
    for province in OLD_PROVINCES.values():
        part = legacy[legacy["source_province"] == province]
        lines.append(f"old {province}: {part['district_code'].nunique()} districts, {len(part)} communes")
    lines.append(f"merged_units.csv rows: {len(units)}; merged_lineage.csv rows: {len(lineage)}")
    lines.append("lineage by change: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(lineage["change"]).items())))
    many = lineage.groupby("old_code").size()
    lines.append(f"old communes in lineage: {many.size}, of which in two or more new units: {(many > 1).sum()}")
    for label, found in (
        ("old HG/ST communes without a lineage row", built["unmatched_old"]),
        ("converter old keys without a legacy unit", built["unknown_old_keys"]),
        ("converter new keys without a 2025 unit", built["unknown_new_keys"]),
        ("lineage new codes not valid in 2025", built["unknown_new"]),
        ("added 2025 units without an HG/ST predecessor", built["added_without_predecessor"]),
    ):
        lines.append(f"{label}: {', '.join(found) if found else 'none'}")
    for code, name, ct_code in built["code_conflicts"]:
        lines.append(f"code conflict: official {code} {name} is {ct_code} in can_tho_units.csv (not added again)")
    for code, vau_name, vau_type, off_name, off_type in built["disagreements"]:
        lines.append(
            f"packages disagree on {code}: vietnamadminunits {vau_type} {vau_name} / vietnam-provinces "
            f"{off_type} {off_name} (the official list is used)"
        )
    for code, published in built["spacing"]:
        lines.append(f"official list spacing: {code} published as {published!r} (spaces removed)")
    into_ct = sorted(set(lineage["new_code"]) - set(added["code"]))
    lines.append(f"HG/ST communes into can_tho_units.csv's 2025 units: {', '.join(into_ct) if into_ct else 'none'}")
    lines += _collision_lines(built)
    return lines


def _collision_lines(built: dict) -> list[str]:
    links_all = built["links_all"]
    code_of_old = dict(zip(links_all["old_key"], links_all["old_code"]))
    code_of_new = dict(zip(links_all["new_key"], links_all["new_code"]))
    ct_lineage = _read(CT_LINEAGE)
    ct_2025 = ct_lineage[ct_lineage["new_valid_from_year"] == str(NEW_FIRST_YEAR)]
    ct_links = set(zip(ct_2025["old_code"], ct_2025["new_code"]))
    lines = [f"name collisions in the converter's divided table: {len(built['collisions'])}"]
    for c in built["collisions"]:
        for old, new in c["members"].items():
            oc = code_of_old.get(old)
            where = "old Cần Thơ" if old.startswith(NEW_PROVINCE_KEY + "_") else "HG/ST"
            if new is None:
                lines.append(f"  {oc} ({old}): unresolved, kept as divided among {', '.join(c['candidates'])}")
                continue
            agrees = ""
            if where != "HG/ST":
                agrees = "; can_tho_lineage.csv " + ("agrees" if (oc, code_of_new.get(new)) in ct_links else "DIFFERS")
            default = "" if c["default"][old] == new else f"; the package's default pick {c['default'][old]} overruled"
            lines.append(f"  {where} {oc} ({old}) → {code_of_new.get(new)} ({new}){agrees}{default}")
    return lines


def main() -> None:
    built = build()
    print(f"{MERGED_UNITS.name}: {_write(MERGED_UNITS, built['units'])} rows")
    print(f"{MERGED_LINEAGE.name}: {_write(MERGED_LINEAGE, built['lineage'])} rows")
    for line in report(built):
        print(line)


if __name__ == "__main__":
    main()
