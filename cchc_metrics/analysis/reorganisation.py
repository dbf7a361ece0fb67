"""Tables for the reorganisation page: unit versions to pick, a unit's history and story in words,
the lineage links, communes by former district, and the official-list check.

Every table is built from lineage.py and officiallist.py; this module only shapes them for a
reader (labels, translated kinds) so the page stays thin. Codes stay in their own columns.
"""

from __future__ import annotations

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis import lineage
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.charts.common import slug
from cchc_metrics.publish import officiallist
from cchc_metrics.views.planning import year_text


def _years_text(first, last, lang: str) -> str:
    first = None if first is None or pd.isna(first) else int(first)
    last = None if last is None or pd.isna(last) else int(last)
    if first is None and last is None:
        return i18n.t("reorg.years.always", lang)
    if first is None:
        return i18n.t("reorg.years.until", lang, last=last)
    if last is None:
        return i18n.t("reorg.years.since", lang, first=first)
    return str(first) if first == last else f"{first}–{last}"


def year_ranges(years) -> str:
    """Years as short ranges: [2014, 2015, 2016, 2020] → "2014–2016, 2020"."""
    runs: list[list[int]] = []
    for year in sorted({int(y) for y in years}):
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def _a_valid_year(first, last, years: list[int]) -> int:
    """A year the version is valid in: its last year, else the latest data year (or its first year if later)."""
    if not pd.isna(last):
        return int(last)
    latest = years[-1] if years else 0
    return max(int(first), latest) if not pd.isna(first) else latest


def unit_choices(ds: Dataset, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """Every unit version, labelled with its type, code and valid years, for a picker.

    Columns: unit_id, unit_code, unit_name, level, valid_from_year, valid_to_year, year (a year
    the version is valid in, for lineage functions), title ("Phường Tân An"), years_text ("until
    2024"), label ("Phường Tân An (31135), until 2024"), changed (it has a predecessor or a
    successor), ended (it has a last year), group_name (a commune's district or former district,
    "mixed" in `lang` for several; empty for the other levels), district_code (that district's
    code, empty for several). Sorted: versions that went through a reorganisation first (newest
    structure first), then by name and years.

    Made once per data version and language (Dataset.kept: 11,300 versions at national scale take
    a quarter of a second, and the reorganisation page reads them three times); each caller gets
    its own frame.
    """
    return ds.kept(("unit_choices", lang), lambda: _unit_choices(ds, lang)).copy()


def _unit_choices(ds: Dataset, lang: str) -> pd.DataFrame:
    frame = ds.query("unit_versions")
    years = ds.years()  # once: asking per version is one query per unit version (11,300 at national scale)
    # plain lists: iterating Arrow-backed columns costs more than the work done on each value
    first, last = frame["valid_from_year"].tolist(), frame["valid_to_year"].tolist()
    names, codes = frame["unit_name"].tolist(), frame["unit_code"].tolist()
    frame["year"] = [_a_valid_year(fr, to, years) for fr, to in zip(first, last)]
    titles = [
        n if n.casefold().startswith(str(ty).casefold() + " ") else f"{str(ty).capitalize()} {n}"
        for ty, n in zip(frame["unit_type"].tolist(), names)
    ]
    spans = [_years_text(fr, to, lang) for fr, to in zip(first, last)]
    frame["title"], frame["years_text"] = titles, spans
    frame["label"] = [
        i18n.t("reorg.unit_label", lang, title=ti, code=c, years=y) for ti, c, y in zip(titles, codes, spans)
    ]
    mixed = i18n.t("lineage.group.mixed", lang)
    frame["group_name"] = [
        None if level != "commune" or n == 0 else (name if n == 1 else mixed)
        for level, name, n in zip(frame["level"].tolist(), frame["district_name"].tolist(), frame["districts"].tolist())
    ]
    frame["ended"] = frame["valid_to_year"].notna()
    frame["newest"] = ~frame["ended"]
    frame["sort_name"] = [slug(n) for n in names]  # Đông sorts between Cư and Giang
    frame = frame.sort_values(
        ["changed", "newest", "level", "sort_name", "valid_from_year"],
        ascending=[False, False, False, True, True],
        na_position="first",
    )
    columns = [
        "unit_id",
        "unit_code",
        "unit_name",
        "level",
        "valid_from_year",
        "valid_to_year",
        "year",
        "title",
        "years_text",
        "label",
        "changed",
        "ended",
        "group_name",
        "district_code",
    ]
    return frame[columns].reset_index(drop=True)


def history_table(ds: Dataset, code: str, year: int, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """A unit's index per year through its predecessors, with the basis in words.

    Columns: year, basis (own | predecessors), partial, index_pct, members, partial_members,
    member_names, basis_text (in `lang`, partial predecessors named as such), year_label (the year
    as text, for tables). Raises lineage.UnknownUnit.
    """
    frame = lineage.history(ds, code, year)
    frame["basis_text"] = [
        i18n.t(
            "lineage.basis.own"
            if b == "own"
            else ("lineage.basis.predecessors_partial" if p else "lineage.basis.predecessors"),
            lang,
        )
        for b, p in zip(frame["basis"], frame["partial"])
    ]
    frame["year_label"] = year_text(frame["year"])
    return frame


def history_lines(ds: Dataset, code: str, year: int, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """What the history chart draws: the version's own scores, its territory through predecessors,
    and where its story ends (successors' first scores).

    Columns: year, kind (own | predecessors | successor), index_pct, partial, note (hover text
    in `lang`), label (the successor's "name (code)", empty on other rows). Rows of kind predecessors
    are the years history() reads through predecessors.
    Raises lineage.UnknownUnit.
    """
    history = history_table(ds, code, year, lang)
    story = lineage.story(ds, code, year)
    own = story[story["role"] == "self"]
    nexts = story[(story["role"] == "successor") & story["index_pct"].notna()]
    inherited = history[history["basis"] == "predecessors"]
    parts = [
        pd.DataFrame(
            {
                "year": own["year"].astype(int),
                "kind": "own",
                "index_pct": own["index_pct"],
                "partial": False,
                "note": i18n.t("lineage.basis.own", lang),
            }
        ),
        pd.DataFrame(
            {
                "year": inherited["year"].astype(int),
                "kind": "predecessors",
                "index_pct": inherited["index_pct"],
                "partial": inherited["partial"].astype(bool),
                "note": [f"{b}: {m}" for b, m in zip(inherited["basis_text"], inherited["member_names"])],
            }
        ),
        pd.DataFrame(
            {
                "year": nexts["year"].astype(int),
                "kind": "successor",
                "index_pct": nexts["index_pct"],
                "partial": nexts["partial"].astype(bool),
                "note": [
                    f"{n} ({c}): {lineage.change_label(ch, lang)}"
                    for n, c, ch in zip(nexts["unit_name"], nexts["unit_code"], nexts["change"])
                ],
                "label": [f"{n} ({c})" for n, c in zip(nexts["unit_name"], nexts["unit_code"])],
            }
        ),
    ]
    frame = pd.concat([f for f in parts if len(f)], ignore_index=True) if any(len(f) for f in parts) else parts[0]
    frame["label"] = frame["label"].fillna("") if "label" in frame.columns else ""
    return frame.sort_values(["kind", "year"]).reset_index(drop=True)


def story_table(ds: Dataset, code: str, year: int, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """An old unit's own years, ending with its successors (lineage.story), kinds in words.

    Columns: year (text), role (in `lang`), unit_code, unit_name, index_pct, rank, ranked_units,
    change (in `lang`; empty on the unit's own years), partial, effective_date (empty on own
    years). Raises lineage.UnknownUnit.
    """
    frame = lineage.story(ds, code, year)
    frame["role"] = [i18n.t(f"reorg.role.{r}", lang) for r in frame["role"]]
    frame["change"] = ["" if c is None or pd.isna(c) else lineage.change_label(c, lang) for c in frame["change"]]
    frame["effective_date"] = frame["effective_date"].fillna("")
    frame["year"] = year_text(frame["year"])
    return frame


def successors(ds: Dataset, code: str, year: int) -> pd.DataFrame:
    """The direct successors of a unit version.

    Columns: unit_code, unit_name, valid_from_year, change, partial, effective_date.
    """
    frame = lineage.neighbours(ds, code, year)
    frame = frame[(frame["direction"] == "successor") & (frame["depth"] == 1)]
    return frame[["unit_code", "unit_name", "valid_from_year", "change", "partial", "effective_date"]].reset_index(
        drop=True
    )


def ending_text(ds: Dataset, code: str, year: int, lang: str = i18n.DEFAULT_LANG) -> str | None:
    """How an old unit's story ends, in words ("… ended in 2024: merged whole into Ninh Kiều (31135)
    from 2025"); None if it did not end in a reorganisation."""
    unit = lineage.unit_version(ds, code, year)
    nexts = successors(ds, code, year)
    if nexts.empty:
        return None
    parts = [
        i18n.t(
            "reorg.into",
            lang,
            name=n,
            code=c,
            change=lineage.change_label(ch, lang),
            first=int(f) if f is not None and not pd.isna(f) else "",
        )
        for n, c, ch, f in zip(nexts["unit_name"], nexts["unit_code"], nexts["change"], nexts["valid_from_year"])
    ]
    return i18n.t(
        "reorg.ended",
        lang,
        name=unit["unit_name"],
        code=unit["unit_code"],
        last=unit["valid_to_year"],
        into="; ".join(parts),
    )


def neighbours_table(ds: Dataset, code: str, year: int, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """A unit version's predecessors and successors (lineage.neighbours), kinds in words.

    Columns: direction, depth, unit_code, unit_name, valid_years, change, partial, effective_date.
    Raises lineage.UnknownUnit.
    """
    frame = lineage.neighbours(ds, code, year)
    frame["direction"] = [i18n.t(f"lineage.direction.{d}", lang) for d in frame["direction"]]
    frame["change"] = [lineage.change_label(c, lang) for c in frame["change"]]
    frame["valid_years"] = [_years_text(f, t, lang) for f, t in zip(frame["valid_from_year"], frame["valid_to_year"])]
    return frame[["direction", "depth", "unit_code", "unit_name", "valid_years", "change", "partial", "effective_date"]]


def links_table(ds: Dataset, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """Every resolved lineage link, old → new, oldest change first.

    Columns: old_code, old_name, old_valid_to_year, new_code, new_name, new_valid_from_year (years as text),
    change (in `lang`), partial, effective_date (yyyy-mm-dd).
    """
    frame = ds.query("lineage_link_list")
    frame["change"] = [lineage.change_label(c, lang) for c in frame["change"]]
    frame["effective_date"] = [
        None if pd.isna(d) else pd.Timestamp(d).date().isoformat() for d in frame["effective_date"]
    ]
    for col in ("old_valid_to_year", "new_valid_from_year"):
        frame[col] = year_text(frame[col])
    return frame


def first_year_without_districts(ds: Dataset) -> int | None:
    """The first data year (or year a unit list reaches) with communes but no district level; None if
    every year has districts."""
    units = ds.query("unit_versions")
    starts = {int(v) for v in units["valid_from_year"].dropna()}
    candidates = sorted(set(ds.years()) | starts)
    return next((y for y in candidates if not lineage.has_districts(ds, y)), None)


def former_district_table(ds: Dataset, year: int, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """The communes of a year without districts, each with the former district it came from.

    Columns: unit_code, unit_name, group_name (the former district where the whole commune came
    from one; "mixed" in `lang` otherwise; empty when nothing is known), former_district_codes.
    Sorted by group, then code.
    """
    frame = lineage.former_district_groups(ds, year, lang)
    frame = frame.sort_values(["group_code", "unit_code"], na_position="last")
    return frame[["unit_code", "unit_name", "group_name", "former_district_codes"]].reset_index(drop=True)


def official_check(ds: Dataset, year: int, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """The communes of `year` against the official list (officiallist.check_unit_list).

    Columns: unit_code, unit_name, official_name (empty for an unknown code), issue, message. The province is the data's
    region (about.json). Raises officiallist.OfficialListUnavailable when the package is unusable.
    """
    province = ds.about.get("region_vi", "").replace("TP. ", "")
    official = officiallist.official_units(province)
    frame = officiallist.check_unit_list(ds.query("unit_list", year=int(year)), official, lang)
    frame["official_name"] = frame["official_name"].fillna("")
    return frame
