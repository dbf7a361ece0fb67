"""Tables shaped for the strengths-and-weaknesses page (and its downloads), built on the analyses.

Each function returns the rows a reader sees: units named "Name (district)" as in the unit
pickers (profiles.unit_options), coded values (position, status, source, kind) translated with
common.label(), and only the columns worth showing. The page renames the columns and draws.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.common import area_order, assessed_unit, label, query, query_over_positions
from cchc_metrics.analysis.findings import search
from cchc_metrics.analysis.peers import DEFAULT_RULE, PeerRule, unit_profile, weaknesses
from cchc_metrics.analysis.profiles import level_years, unit_options
from cchc_metrics.analysis.province import chronic_weaknesses, exemplars
from cchc_metrics.analysis.remediation import DEFAULT_REMEDIATION, RemediationRule, followup, share_fixed_by_district
from cchc_metrics.analysis.selfgap import over_claimers
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.engine.schema import LEVELS
from cchc_metrics.present.labels import distinct_labels, sort_key


def levels_in(ds: Dataset, year: int) -> list[str]:
    """The levels scored in `year`, districts first (from 2025: communes and departments)."""
    return [level for level in LEVELS if int(year) in level_years(ds, level)]


def _unit_labels(ds: Dataset, year: int, level: str, lang: str) -> dict[str, str]:
    """{unit_id: "Name (district)"}, read only. Four tables of the strengths page label the same
    units (0.1 s each time at national scale): computed once per data version (Dataset.kept)."""

    def labels() -> dict[str, str]:
        options = unit_options(ds, year, level, lang)
        return dict(zip(options["unit_id"], options["label"]))

    return ds.kept(("unit_labels", int(year), level, lang), labels)


def _labelled(frame: pd.DataFrame, kind: str, column: str, lang: str) -> pd.Series:
    return pd.Series([label(kind, v, lang) for v in frame[column]], index=frame.index, dtype=object)


def weakness_grid(
    ds: Dataset,
    year: int,
    level: str,
    rule: PeerRule = DEFAULT_RULE,
    lang: str = i18n.DEFAULT_LANG,
    top: int | None = None,
) -> pd.DataFrame:
    """Every unit of `year` and `level` with its gap to the peer median in each area, weakest first.

    Columns: unit_id, label ("Name (district)"), weak_areas (areas judged weak, PeerRule),
    gap_below (sum of the gaps below the median, ≤ 0), then one column per area code in report
    order: area % − peer median, in points (empty where no criterion of the area applied).
    Sorted by weak_areas (most first), gap_below (lowest first), label.
    `top`: only the first `top` rows (the same rows as the whole grid's head); attrs["units"] is
    the number of units either way. Ordering ten thousand labels is most of the work.
    """
    cells = query_over_positions(ds, "weakness_cells", {"year": int(year), "level": level, **rule.params()})
    # the cells come ordered by unit_id (weakness_cells.sql): the units are where the id changes,
    # as np.unique would give them without sorting 95,400 strings again
    ids = cells["unit_id"].to_numpy(dtype=object)
    starts = np.ones(len(ids), dtype=bool)
    starts[1:] = ids[1:] != ids[:-1]
    units, row = ids[starts], np.cumsum(starts) - 1
    gap = cells["gap_to_median"].to_numpy(dtype=float)
    weak = np.bincount(row, weights=cells["weak"].to_numpy(dtype=float), minlength=len(units)).astype(int)
    below = np.bincount(row, weights=np.nan_to_num(np.where(gap < 0, gap, 0.0)), minlength=len(units))
    keep = np.arange(len(units))
    if top is not None and top < len(units):
        # the rows that can be among the first `top`: up to the top-th by the numbers, with its ties
        by_numbers = np.lexsort((below, -weak))
        last = by_numbers[top - 1]
        keep = np.flatnonzero((weak > weak[last]) | ((weak == weak[last]) & (below <= below[last])))
    codes = list(area_order(ds))
    present = sorted(set(cells["area"].astype(int)))
    gaps = np.full((len(units), len(codes)), np.nan)
    gaps[row, cells["area"].to_numpy(dtype=np.int64)] = gap
    frame = pd.DataFrame(
        {"unit_id": pd.Series(units[keep], dtype="str"), "weak_areas": weak[keep], "gap_below": below[keep]}
    )
    frame.insert(1, "label", frame["unit_id"].map(_unit_labels(ds, year, level, lang)))
    frame = pd.concat([frame, pd.DataFrame(gaps[keep][:, present], columns=[codes[i] for i in present])], axis=1)
    frame["_key"] = frame["label"].map(sort_key)
    frame = frame.sort_values(["weak_areas", "gap_below", "_key"], ascending=[False, True, True])
    frame = frame.drop(columns="_key").reset_index(drop=True)
    frame = frame if top is None else frame.head(top)
    frame.attrs["units"] = len(units)
    return frame


def exemplar_table(
    ds: Dataset, year: int, level: str, rule: PeerRule = DEFAULT_RULE, top: int = 3, lang: str = i18n.DEFAULT_LANG
) -> pd.DataFrame:
    """Per area, the units to hold up as models in `year` (province.exemplars), best first.

    Columns: area_name, area_rank, unit (label), area_pct, peer_median, gap_to_median.
    """
    frame = exemplars(ds, year, level, rule, top, lang)
    units = frame["unit_id"].map(_unit_labels(ds, year, level, lang))
    table = frame.assign(unit=units)[["area_name", "area_rank", "unit", "area_pct", "peer_median", "gap_to_median"]]
    return table.reset_index(drop=True)


def weakness_list(
    ds: Dataset, year: int, level: str, rule: PeerRule = DEFAULT_RULE, lang: str = i18n.DEFAULT_LANG
) -> pd.DataFrame:
    """Every weak unit × area of `year` (peers.weaknesses), the largest gap first, ranked.

    Columns: order (1 = largest gap), unit (label), area_name, gap_to_median, learn_from,
    area_pct, peer_median, area_rank, peers.
    """
    frame = weaknesses(ds, year, level, rule, lang)
    frame = frame.assign(unit=frame["unit_id"].map(_unit_labels(ds, year, level, lang)))
    frame.insert(0, "order", range(1, len(frame) + 1))
    columns = [
        "order",
        "unit",
        "area_name",
        "gap_to_median",
        "learn_from",
        "area_pct",
        "peer_median",
        "area_rank",
        "peers",
    ]
    table = frame[columns].reset_index(drop=True)
    table["learn_from"] = table["learn_from"].fillna("")
    return table


def still_chronic(
    ds: Dataset, year: int, level: str, rule: PeerRule = DEFAULT_RULE, min_years: int = 2, lang: str = i18n.DEFAULT_LANG
) -> pd.DataFrame:
    """Chronic weaknesses still open in `year`: runs of at least `min_years` weak years ending in `year`.

    Columns: unit (label), area_name, weak_since (first year of the run), years, area_pct (in
    `year`), peer_median.
    Sorted by years (longest first), then as province.chronic_weaknesses.
    """
    runs = chronic_weaknesses(ds, level, rule, min_years, until_year=int(year), lang=lang, open_only=True)
    runs = runs.assign(unit=runs["unit_id"].map(_unit_labels(ds, year, level, lang)))
    runs = runs.sort_values("years", ascending=False, kind="stable")
    table = runs[["unit", "area_name", "first_year", "years", "last_area_pct", "last_peer_median"]]
    table = table.rename(
        columns={"first_year": "weak_since", "last_area_pct": "area_pct", "last_peer_median": "peer_median"}
    )
    return table.reset_index(drop=True)


def over_claimer_table(
    ds: Dataset, year: int, level: str, top: int | None = 10, lang: str = i18n.DEFAULT_LANG
) -> pd.DataFrame:
    """Units scoring themselves above the appraisal in `year` (selfgap.over_claimers), largest gap first.

    Columns: gap_rank, unit (label), gap_points, gap_pct, top_area_name, top_area_gap_pct.
    """
    frame = over_claimers(ds, year, level, top, lang)
    frame = frame.assign(unit=frame["unit_id"].map(_unit_labels(ds, year, level, lang)))
    return frame[["gap_rank", "unit", "gap_points", "gap_pct", "top_area_name", "top_area_gap_pct"]].reset_index(
        drop=True
    )


def criterion_labels(frame: pd.DataFrame, width: int = 34) -> pd.Series:
    """Axis labels for criteria: the name cut to `width` characters (…), the code added where two labels meet.

    `frame` needs criterion_code and criterion_name (a lost_points frame).
    """
    names = frame["criterion_name"].fillna(frame["criterion_code"]).astype(str).str.strip()
    cut = names.map(lambda n: n if len(n) <= width else n[: width - 1].rstrip() + "…")
    repeated = cut.duplicated(keep=False)
    return cut.where(~repeated, cut + " (" + frame["criterion_code"].astype(str) + ")")


def fixed_by_district(
    ds: Dataset, year: int, level: str, peer_rule: PeerRule = DEFAULT_RULE, rule: RemediationRule = DEFAULT_REMEDIATION
) -> pd.DataFrame:
    """How the weaknesses of `year` − 1 fared in `year`, per district (remediation.share_fixed_by_district).

    Columns: those of share_fixed_by_district; units without a district are left out, unless no
    unit has one (`year` − 1 from 2025, without districts): then one row of them all, its
    district_code "". Empty when `year` − 1 was not scored at that level.
    """
    frame = share_fixed_by_district(ds, int(year) - 1, level, None, peer_rule, rule)
    grouped = frame[frame["district_code"] != ""]
    return (grouped if not grouped.empty else frame).reset_index(drop=True)


def unit_strengths(
    ds: Dataset, year: int, unit_code: str, rule: PeerRule = DEFAULT_RULE, lang: str = i18n.DEFAULT_LANG
) -> dict[str, pd.DataFrame]:
    """One unit's areas against its peers, its strengths and its weaknesses (peers.unit_profile).

    Returns {"areas": area_code, area_name, pct, peer_median, gap_to_median, area_rank, peers,
    position (label), district_median, district_position (label) — every area in report order;
    "strengths" and "weaknesses": scope (label), area_name, criterion_name, gap_to_median, then for
    weaknesses learn_from, then pct, peer_median, criterion_code — areas first, then criteria}.
    Raises lineage.UnknownUnit / common.NotAssessed.
    """
    profile = unit_profile(ds, year, unit_code, rule, lang)
    areas = profile[profile["scope"] == "area"].copy()
    areas["position"] = _labelled(areas, "position", "position", lang)
    areas["district_position"] = _labelled(areas, "position", "district_position", lang)
    areas = areas[
        [
            "area_code",
            "area_name",
            "pct",
            "peer_median",
            "gap_to_median",
            "area_rank",
            "peers",
            "position",
            "district_median",
            "district_position",
        ]
    ].reset_index(drop=True)
    parts = {}
    for name, position in (("strengths", "strong"), ("weaknesses", "weak")):
        part = profile[profile["position"] == position].copy()
        part["scope"] = _labelled(part, "scope", "scope", lang)
        part["criterion_code"] = part["criterion_code"].fillna("")
        part["criterion_name"] = part["criterion_name"].fillna("")
        keep = (
            ["scope", "area_name", "criterion_name", "gap_to_median"]
            + (["learn_from"] if position == "weak" else [])
            + ["pct", "peer_median", "criterion_code"]
        )
        if position == "weak":
            part["learn_from"] = part["learn_from"].fillna("")
        parts[name] = part[keep].reset_index(drop=True)
    return {"areas": areas, **parts}


def unit_remediation(
    ds: Dataset,
    year: int,
    unit_code: str,
    peer_rule: PeerRule = DEFAULT_RULE,
    rule: RemediationRule = DEFAULT_REMEDIATION,
    lang: str = i18n.DEFAULT_LANG,
) -> pd.DataFrame:
    """The weaknesses this unit version had in `year` − 1 (computed and from findings), followed into `year`.

    Columns: area_name, status (label), prev_pct (in `year` − 1), pct (in `year`), change,
    source (label), criterion_code, text (the finding, empty for computed ones).
    `attrs["assessed_before"]` says whether the version was scored in `year` − 1 (a unit formed
    by a merger was not: it has no last year to follow). Raises lineage.UnknownUnit / common.NotAssessed.
    """
    unit = assessed_unit(ds, unit_code, year)
    before = int(query(ds, "unit_assessed", unit_id=unit["unit_id"], year=int(year) - 1)["assessed"].iloc[0]) > 0
    columns = ["area_name", "status", "prev_pct", "pct", "change", "source", "criterion_code", "text"]
    if before:
        frame = followup(ds, int(year) - 1, unit["level"], None, peer_rule, rule, lang)
        frame = frame[frame["unit_id"] == unit["unit_id"]].rename(columns={"pct": "prev_pct", "next_pct": "pct"})
    else:
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in ["unit_id", *columns]})
    frame["source"] = _labelled(frame, "source", "source", lang)
    frame["status"] = _labelled(frame, "status", "status", lang)
    frame["criterion_code"] = frame["criterion_code"].fillna("")
    frame["text"] = frame["text"].fillna("")
    table = frame[columns].reset_index(drop=True)
    table.attrs["assessed_before"] = before
    return table


def why_not_before(ds: Dataset, unit_code: str, year: int, level: str) -> str:
    """Why a unit has no results the year before `year`, of three cases told apart: "data" (the
    level's data begin with `year`), "reorganised" (formed that year from other units, as
    lineage.csv says) or "new" (neither: a unit not assessed the year before)."""
    if not [y for y in level_years(ds, level) if y < int(year)]:
        return "data"
    formed = ds.query("formed_units", code=str(unit_code), year=int(year))
    return "reorganised" if int(formed["formed"].iloc[0]) else "new"


def finding_choices(ds: Dataset, year: int | None, lang: str = i18n.DEFAULT_LANG) -> dict:
    """What the findings browser offers for `year` (None: every year).

    Returns {"districts": {district_code: name} of the districts with findings (empty from 2025,
    when there are no districts), "units": {unit_id: label} of the units with findings, labelled
    "Name (district)" (with the code where two share a name), sorted by district then name}.
    """
    found = search(ds, year=year, lang=lang)
    districts = found.dropna(subset=["district_code"]).drop_duplicates("district_code")
    districts = districts.sort_values("district_name", key=lambda s: s.map(sort_key))
    units = found.drop_duplicates("unit_id").copy()
    units["label"] = _finding_unit_labels(units)
    units["_key"] = [sort_key(d or "") + "|" + sort_key(n) for d, n in zip(units["district_name"], units["unit_name"])]
    units = units.sort_values("_key")
    return {
        "districts": dict(zip(districts["district_code"], districts["district_name"])),
        "units": dict(zip(units["unit_id"], units["label"])),
    }


def _finding_unit_labels(frame: pd.DataFrame) -> pd.Series:
    # "Name (district)"; a label still repeated gets the code, and where the code is the same
    # (a code reused after a reorganisation) the first year of the unit version
    units = frame.drop_duplicates("unit_id")
    district = units["district_name"]
    with_district = district.notna() & (units["level"] != "district")
    labels = (units["unit_name"] + " (" + district.fillna("").astype(str) + ")").where(
        with_district, units["unit_name"]
    )
    labels = distinct_labels(labels, units["unit_code"])
    since = units["unit_id"].str.split("@").str[1]
    repeated = labels.duplicated(keep=False) & (since != "")
    labels = labels.where(~repeated, labels + " · " + since + "–")
    return frame["unit_id"].map(dict(zip(units["unit_id"], labels)))


def finding_table(
    ds: Dataset,
    year: int | None = None,
    district: str | None = None,
    unit_id: str | None = None,
    area: str | None = None,
    kind: str | None = None,
    text: str | None = None,
    loose: bool = True,
    lang: str = i18n.DEFAULT_LANG,
) -> pd.DataFrame:
    """Findings matching every filter (findings.search; `unit_id` picks one unit version), beside the scores.

    Columns: year, unit (label), kind (label), area_name, area_pct, criterion_code,
    criterion_pct, text, index_pct, inspected_on; plus unit_id, area_code and the coded kind as
    kind_code for recurring_themes(). In search() order (year, district, unit, kind).
    """
    code = None if unit_id is None else unit_id.rsplit("@", 1)[0]  # the version's code (unit_id: code@since)
    found = search(ds, year=year, district=district, unit=code, area=area, kind=kind, text=text, loose=loose, lang=lang)
    if unit_id is not None:
        found = found[found["unit_id"] == unit_id]
    found = found.assign(
        unit=_finding_unit_labels(found) if len(found) else pd.Series(dtype=object),
        kind_code=found["kind"],
        kind=_labelled(found, "kind", "kind", lang),
        criterion_code=found["criterion_code"].fillna(""),
        area_name=found["area_name"].fillna(""),
    )
    columns = [
        "year",
        "unit",
        "kind",
        "area_name",
        "area_pct",
        "criterion_code",
        "criterion_pct",
        "text",
        "index_pct",
        "inspected_on",
    ]
    return found[columns + ["unit_id", "unit_code", "area_code", "kind_code"]].reset_index(drop=True)


def theme_table(findings: pd.DataFrame, by: str = "text", lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """Recurring themes among `findings` (a finding_table result) in reading form.

    Columns: kind (label), theme (the wording; the area name with by="area"), findings, units,
    years, first_year, last_year. Sorted as findings.recurring_themes.
    """
    from cchc_metrics.analysis.findings import recurring_themes

    raw = findings.drop(columns="kind").rename(columns={"kind_code": "kind"})
    themes = recurring_themes(raw[["year", "unit_id", "unit_code", "area_code", "kind", "text"]], by=by)
    if by == "area":
        names = dict(zip(findings["area_code"], findings["area_name"]))
        themes["theme"] = themes["theme"].map(lambda c: names.get(c) or "–")
    themes["kind"] = _labelled(themes, "kind", "kind", lang)
    return themes[["kind", "theme", "findings", "units", "years", "first_year", "last_year"]].reset_index(drop=True)
