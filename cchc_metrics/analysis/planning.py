"""Inspection planning as the Department does it: choose the scope, then draw N communes in each
of its groups, reproducibly, plainly or weighted by risk; give each visit a date and a team; mark
a visit done when that unit's findings of the year are imported.

Scope: the groups chosen (districts before 2025, with the district itself in the plan, reason
"scope"; from 2025 the former districts, or one group of all communes, or the departments), or
every group. The number asked is the number drawn in each group: chronic units are drawn first
within that number ("quota"; a group with more chronic units than the number draws that many of
them, by weight when weighted), or listed apart as "must follow up" ("apart": not drawn, not
counted in the number, shown with their count before the draw), or not looked at ("off").

The same inputs (data, year, N, seed, scope, options) always give the same list: the draw uses
numpy's Generator seeded with `seed`, over candidates in a fixed order (group, then unit code),
groups taken in order. Only communes valid in the year are candidates, so a unit that does not
exist that year can never be drawn.

Groups: the commune's district; in a year without districts (from 2025) the district its whole
territory came from, else "mixed" (see lineage.former_district_groups); or one group for all
("none"); or any mapping {unit_code: group} the caller gives.

Risk weight (weighted draws), each component between 0 and 1:
    weight = 1 + low_index + gap + weaknesses + years_since
    low_index   = (best index - unit's index) / (best - worst) among the year's candidates
    gap         = self-assessment gap (self % - appraised %, points) / GAP_FULL, capped at 1
    weaknesses  = weakness findings of earlier years whose criterion is still below FIXED_PCT %
                  of its maximum in the basis year, / WEAKNESSES_FULL, capped at 1
    years_since = years since the last inspection / YEARS_FULL, capped at 1 (1 if never)
Scores are those of the basis year (default: the latest scored year before the plan's year);
a new unit is read through its predecessors (lineage), a missing fact counts 0.

Chronic weakness: the one rule of the analyses (analysis.peers.PeerRule: area % below the
peers' first quartile and at least 5 points below their median), weak in the same area in
CHRONIC_YEARS or more consecutive years up to and including the basis year, read through the
lineage (analysis.province.territory_chronic_weaknesses).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.lineage import PARTIAL_WEIGHT, former_district_groups, has_districts
from cchc_metrics.analysis.peers import DEFAULT_RULE
from cchc_metrics.analysis.province import territory_chronic_weaknesses
from cchc_metrics.engine.dataset import Dataset

GAP_FULL = 10.0
FIXED_PCT = 80.0
WEAKNESSES_FULL = 3
YEARS_FULL = 5
CHRONIC_YEARS = 2
CHRONIC_RULES = ("quota", "apart", "off")
REASONS = ("scope", "chronic", "drawn", "follow_up")
COMPONENTS = ("low_index", "gap", "weaknesses", "years_since")
PLANS_DIR = "plans"


class UnknownScope(ValueError):
    """A scope names groups (districts) the year does not have; `codes` lists them."""

    def __init__(self, year: int, codes: list[str]):
        super().__init__(f"no such group in {year}: {', '.join(codes)}")
        self.year, self.codes = year, codes


@dataclass
class Plan:
    """A drawn plan: its inputs (year, seed, options) and the drawn units (see draw())."""

    year: int
    seed: int
    options: dict
    units: pd.DataFrame
    candidates: pd.DataFrame = field(repr=False)

    @property
    def scope(self) -> tuple[str, ...]:
        """The groups the plan covers (district codes before 2025), in order."""
        return tuple(self.options.get("scope") or ())

    def visits(self) -> pd.DataFrame:
        """The units to visit: the plan's units without those listed apart to follow up."""
        return self.units[self.units["reason"] != "follow_up"].reset_index(drop=True)


def basis_year(ds: Dataset, year: int) -> int | None:
    """The latest scored year before `year` (else `year` itself if scored, else None)."""
    years = ds.years()
    before = [y for y in years if y < year]
    return before[-1] if before else (year if year in years else None)


def candidates(
    ds: Dataset,
    year: int,
    basis: int | None = None,
    group_by="district",
    partial_weight: float = PARTIAL_WEIGHT,
    lang: str = i18n.DEFAULT_LANG,
    level: str = "commune",
) -> pd.DataFrame:
    """Every commune (or unit of `level`: departments) valid in `year` with its group, risk
    facts, weight components and weight.

    Columns: group_code, group_name, unit_id, unit_code, unit_name, index_pct, gap_pct,
    unfixed_weaknesses, unfixed_criteria, last_inspected_year, last_inspected_on, chronic_areas,
    chronic (bool), low_index, gap, weaknesses, years_since, weight. Sorted by group, unit code.
    `group_by`: "district", "none", "self" (each unit its own group: districts), or a dict
    {unit_code: group code}.
    Raises ValueError for an unknown grouping or a unit missing from a grouping dict.
    """
    basis = basis_year(ds, year) if basis is None else basis
    facts = ds.query(
        "planning_candidates",
        year=int(year),
        basis_year=int(basis if basis is not None else -1),
        partial_weight=float(partial_weight),
        fixed_pct=FIXED_PCT,
        level=level,
    )
    facts = facts.merge(_chronic_areas(ds, year, basis, partial_weight, level), on="unit_id", how="left")
    facts = facts.merge(_groups(ds, year, group_by, facts, lang, level), on="unit_id", how="left")
    facts["chronic"] = facts["chronic_areas"].notna()
    index = facts["index_pct"].astype(float)
    spread = index.max() - index.min()
    facts["low_index"] = ((index.max() - index) / spread if spread > 0 else index * 0.0).fillna(0.0)
    facts["gap"] = (facts["gap_pct"].astype(float).clip(lower=0) / GAP_FULL).clip(upper=1).fillna(0.0)
    facts["weaknesses"] = (facts["unfixed_weaknesses"].astype(float) / WEAKNESSES_FULL).clip(upper=1)
    since = year - facts["last_inspected_year"].astype(float)
    facts["years_since"] = (since / YEARS_FULL).clip(upper=1).fillna(1.0)
    facts["weight"] = 1 + facts[list(COMPONENTS)].sum(axis=1)
    facts["last_inspected_year"] = facts["last_inspected_year"].astype("Int64")
    facts["unfixed_weaknesses"] = facts["unfixed_weaknesses"].astype(int)
    first = ["group_code", "group_name"]
    facts = facts[first + [c for c in facts.columns if c not in first]]
    return facts.sort_values(["group_code", "unit_code"], na_position="last").reset_index(drop=True)


def _chronic_areas(ds: Dataset, year: int, basis: int | None, partial_weight: float, level: str) -> pd.DataFrame:
    """unit_id and chronic_areas ("LEAD, ONESTOP"): runs still weak in the basis year."""
    if basis is None:
        return pd.DataFrame({"unit_id": pd.Series(dtype=str), "chronic_areas": pd.Series(dtype=str)})
    # which units and areas, not since when: the years before the last CHRONIC_YEARS are not read
    runs = territory_chronic_weaknesses(
        ds,
        year,
        level,
        DEFAULT_RULE,
        min_years=CHRONIC_YEARS,
        until_year=basis,
        partial_weight=partial_weight,
        open_only=True,
        since_year=basis - CHRONIC_YEARS + 1,
    )
    runs = runs.sort_values(["unit_id", "area_code"])  # open only: every run ends in the basis year
    # joined in a loop over the sorted pairs: a groupby of ", ".join calls Python once per unit
    joined: dict[str, list[str]] = {}
    for unit_id, area_code in zip(runs["unit_id"].to_numpy(dtype=object), runs["area_code"].to_numpy(dtype=object)):
        joined.setdefault(unit_id, []).append(area_code)
    return pd.DataFrame(
        {
            "unit_id": pd.Series(list(joined), dtype=str),
            "chronic_areas": pd.Series([", ".join(codes) for codes in joined.values()], dtype=str),
        }
    )


def _groups(ds: Dataset, year: int, group_by, facts: pd.DataFrame, lang: str, level: str) -> pd.DataFrame:
    if isinstance(group_by, dict):
        missing = sorted(set(facts["unit_code"]) - set(group_by))
        if missing:
            raise ValueError(f"no group for: {', '.join(missing)}")
        codes = [str(group_by[c]) for c in facts["unit_code"]]
        return pd.DataFrame({"unit_id": facts["unit_id"], "group_code": codes, "group_name": codes})
    if group_by == "none":
        return pd.DataFrame(
            {
                "unit_id": facts["unit_id"],
                "group_code": "all",
                "group_name": i18n.t("plan.group_all" if level == "commune" else f"plan.group_all_{level}", lang),
            }
        )
    if group_by == "self":
        return facts[["unit_id", "unit_code", "unit_name"]].set_axis(["unit_id", "group_code", "group_name"], axis=1)
    if group_by == "district":
        groups = former_district_groups(ds, year, lang)[["unit_id", "group_code", "group_name"]]
        groups["group_code"] = groups["group_code"].fillna("?")
        return groups
    raise ValueError(f"unknown grouping: {group_by!r}")


def scope_options(ds: Dataset, year: int, group_by="district", lang: str = i18n.DEFAULT_LANG, level: str = "commune"):
    """The groups a plan of `year` can cover, as {group_code: group_name}, in group order: the
    districts before 2025, the former districts (and "mixed") from 2025, one group otherwise."""
    pool = kept_candidates(ds, year, group_by, lang, level)
    groups = pool[["group_code", "group_name"]].drop_duplicates("group_code").sort_values("group_code")
    return dict(zip(groups["group_code"], groups["group_name"]))


def districts_in_plan(ds: Dataset, year: int, group_by, level: str) -> bool:
    """Whether the districts of the scope are themselves inspected: communes grouped by their
    district in a year that has districts."""
    return level == "commune" and group_by == "district" and has_districts(ds, year)


def draw(
    ds: Dataset,
    year: int,
    per_group: int,
    seed: int,
    weighted: bool = False,
    chronic: str = "quota",
    group_by="district",
    basis: int | None = None,
    lang: str = i18n.DEFAULT_LANG,
    pool: pd.DataFrame | None = None,
    level: str = "commune",
    scope=None,
) -> Plan:
    """Draw `per_group` communes (or units of `level`) in each group of the scope for inspection
    in `year`, reproducibly.

    `scope`: group codes (district codes before 2025), or None for every group. Before 2025,
    grouped by district, each district of the scope is itself in the plan (reason "scope"),
    first in its group. `chronic`: "quota" (chronic units drawn first within `per_group`),
    "apart" (chronic units not drawn, listed after the plan with reason "follow_up") or "off".
    A group smaller than `per_group` is taken whole.

    Plan.units columns: year, group_code, group_name, unit_code, unit_name, unit_level, reason
    (scope | chronic | drawn | follow_up), weight, low_index, gap, weaknesses, years_since,
    index_pct, gap_pct, unfixed_weaknesses, last_inspected_year, chronic_areas, explanation
    (why this weight, in `lang`). `pool`: candidates(ds, year, basis, group_by, lang=lang) when
    the caller has it already (it does not depend on the seed, and takes most of the time).
    Raises ValueError for per_group < 1 or an unknown chronic rule, UnknownScope (a ValueError)
    for a scope code that is no group of the year.
    """
    if per_group < 1:
        raise ValueError("per_group must be at least 1")
    if chronic not in CHRONIC_RULES:
        raise ValueError(f"unknown chronic rule: {chronic!r}")
    basis = basis_year(ds, year) if basis is None else basis
    if pool is None:
        pool = candidates(ds, year, basis, group_by, lang=lang, level=level)
    known = set(pool["group_code"])
    if scope:
        scope = tuple(dict.fromkeys(str(code) for code in scope))
        unknown = [code for code in scope if code not in known]
        if unknown:
            raise UnknownScope(int(year), unknown)
        pool_in = pool[pool["group_code"].isin(scope)]
    else:
        scope = ()
        pool_in = pool
    rng = np.random.default_rng(seed)
    is_chronic = pool["chronic"].to_numpy(dtype=bool) if chronic != "off" else np.zeros(len(pool), dtype=bool)
    weights = pool["weight"].to_numpy(dtype=float)
    heads = None
    if districts_in_plan(ds, year, group_by, level):
        heads = (
            kept_candidates(ds, year, "self", lang, "district")
            if basis == basis_year(ds, year)
            else candidates(ds, year, basis, "self", lang=lang, level="district")
        )
        heads = heads[heads["unit_code"].isin(set(pool_in["group_code"]))]
    # positions in the pool, group by group in group order (700 districts at national scale:
    # plain arrays here, one take at the end); the generator is called in group order. Each row's
    # place: a group's district first (2g), its chronic and drawn units next (2g + 1), the
    # follow-ups after every group; rows of one place keep the order they were taken in.
    groups = pool.groupby("group_code", sort=True).indices
    in_plan = [code for code in sorted(groups) if not scope or code in scope]
    taken, reasons, places, follow = [], [], [], []
    for g, code in enumerate(in_plan):
        members = groups[code]
        first, rest = members[is_chronic[members]], members[~is_chronic[members]]
        if chronic == "apart":
            follow.append(first)
            first = first[:0]
        if len(first) > per_group:  # more chronic units than the number asked: drawn among them
            first = first[_pick(rng, len(first), per_group, weights[first] if weighted else None)]
        k = min(max(per_group - len(first), 0), len(rest))
        rest = rest[_pick(rng, len(rest), k, weights[rest] if weighted else None)] if k else rest[:0]
        for chosen, reason in ((first, "chronic"), (rest, "drawn")):
            taken.append(chosen)
            reasons += [reason] * len(chosen)
            places += [2 * g + 1] * len(chosen)
    for chosen in follow:
        taken.append(chosen)
        reasons += ["follow_up"] * len(chosen)
        places += [2 * len(in_plan)] * len(chosen)
    order = np.concatenate(taken) if taken else np.array([], dtype=np.intp)
    units = pool.iloc[order].assign(reason=reasons, _place=places)
    if heads is not None:
        group_of = {code: g for g, code in enumerate(in_plan)}
        heads = heads[heads["unit_code"].isin(group_of.keys())]
        own = heads.assign(reason="scope", unit_level="district", _place=2 * heads["unit_code"].map(group_of))
        units = pd.concat([own, units], ignore_index=True)
    units = units.sort_values("_place", kind="stable").drop(columns="_place").reset_index(drop=True)
    units["reason"] = units["reason"].astype("str")
    if "unit_level" not in units.columns:
        units["unit_level"] = level
    units["unit_level"] = units["unit_level"].fillna(level).astype("str")
    units.insert(0, "year", int(year))
    # the columns as plain lists (iterating Arrow strings is slow)
    units["explanation"] = explanations({c: units[c].to_numpy(dtype=object) for c in EXPLAIN_FIELDS}, lang)
    options = {
        "per_group": int(per_group),
        "weighted": bool(weighted),
        "chronic": chronic,
        "group_by": group_by,
        "scope": list(scope),
        "level": level,
        "basis_year": basis,
        "partial_weight": PARTIAL_WEIGHT,
        "rule": {
            "gap_full": GAP_FULL,
            "fixed_pct": FIXED_PCT,
            "weaknesses_full": WEAKNESSES_FULL,
            "years_full": YEARS_FULL,
            "chronic_years": CHRONIC_YEARS,
            "chronic_rule": DEFAULT_RULE.as_dict(),
        },
    }
    return Plan(int(year), int(seed), options, units[PLAN_UNIT_COLUMNS].reset_index(drop=True), pool_in)


PLAN_UNIT_COLUMNS = [
    "year",
    "group_code",
    "group_name",
    "unit_code",
    "unit_name",
    "unit_level",
    "reason",
    "weight",
    *COMPONENTS,
    "index_pct",
    "gap_pct",
    "unfixed_weaknesses",
    "last_inspected_year",
    "chronic_areas",
    "explanation",
]


def _pick(rng: np.random.Generator, n: int, k: int, weights: np.ndarray | None) -> list[int]:
    """k of n positions, in ascending order: uniformly, or with chances in proportion to `weights`."""
    p = None if weights is None else weights / weights.sum()
    return sorted(rng.choice(n, size=k, replace=False, p=p))


EXPLAIN_FIELDS = (
    "index_pct",
    "low_index",
    "gap_pct",
    "gap",
    "weaknesses",
    "unfixed_weaknesses",
    "last_inspected_year",
    "years_since",
    "weight",
    "chronic_areas",
)


def explain(row, lang: str = i18n.DEFAULT_LANG) -> str:
    """One unit's weight as its components, in words: why it weighs what it weighs."""
    return explanations({name: [getattr(row, name)] for name in EXPLAIN_FIELDS}, lang)[0]


NUMBER_FIELDS = ("index_pct", "low_index", "gap_pct", "gap", "weaknesses", "years_since", "weight")


def explanations(columns: dict, lang: str = i18n.DEFAULT_LANG) -> list[str]:
    """explain() for many units at once: `columns` maps each of EXPLAIN_FIELDS to a sequence of
    values. A draw explains every unit it draws (4,600 at national scale): the texts are looked up
    once and each column's numbers written at once (i18n.fmt_column), so per unit only the
    sentence is put together."""
    text = {
        key: i18n.t(f"plan.explain.{key}", lang)
        for key in ("base", "low_index", "gap", "weaknesses", "never", "years_since", "total", "chronic")
    }
    num = {name: i18n.fmt_column(columns[name], lang) for name in NUMBER_FIELDS}
    out = []
    for i, (index, gap, last, n, areas) in enumerate(
        zip(
            columns["index_pct"],
            columns["gap_pct"],
            columns["last_inspected_year"],
            columns["unfixed_weaknesses"],
            columns["chronic_areas"],
        )
    ):
        parts = [text["base"]]
        if not _missing(index):
            parts.append(text["low_index"].format(value=num["low_index"][i], index=num["index_pct"][i]))
        if not _missing(gap):
            parts.append(text["gap"].format(value=num["gap"][i], gap=num["gap_pct"][i]))
        parts.append(text["weaknesses"].format(value=num["weaknesses"][i], n=n))
        if _missing(last):
            parts.append(text["never"].format(value=num["years_since"][i]))
        else:
            parts.append(text["years_since"].format(value=num["years_since"][i], last=int(last)))
        line = text["total"].format(weight=num["weight"][i], parts=" + ".join(parts))
        out.append(line + " " + text["chronic"].format(areas=areas) if isinstance(areas, str) else line)
    return out


def _missing(value) -> bool:
    """None, NaN or pd.NA: what pd.isna says of a scalar, without its cost per call."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def plan_record(plan: Plan, name: str = "", saved_by: str | None = None, schedule: dict | None = None) -> dict:
    """The plan as plain data, as it is saved: name, who saved it, year, seed, options (the
    scope and the rule among them), units, and the schedule {unit_code: {"date", "team"}}."""
    units = plan.units.astype(object).where(plan.units.notna(), None)
    return {
        "name": name,
        "saved_by": saved_by,
        "year": plan.year,
        "seed": plan.seed,
        "options": plan.options,
        "units": units.to_dict(orient="records"),
        "schedule": clean_schedule(schedule, plan.units["unit_code"]),
    }


def clean_schedule(schedule: dict | None, codes) -> dict:
    """The schedule kept for the plan's units only: {unit_code: {"date": "yyyy-mm-dd" or None,
    "team": text or None}}, entries with neither left out. Raises ValueError for a date that is
    not a calendar date."""
    out = {}
    for code in codes:
        entry = (schedule or {}).get(str(code)) or {}
        date, team = entry.get("date"), entry.get("team")
        date = None if date in (None, "") or _missing(date) else dt.date.fromisoformat(str(date)[:10]).isoformat()
        team = None if team is None or _missing(team) or not str(team).strip() else str(team).strip()
        if date or team:
            out[str(code)] = {"date": date, "team": team}
    return out


def save_plan(
    plan: Plan,
    root: Path,
    name: str,
    saved_by: str | None,
    schedule: dict | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Keep a drawn plan as `<data dir>/plans/<year>-<UTC timestamp>.json`; return its path.

    The record (plan_record) carries the plan's `name`, who saved it, the seed, the scope, the
    rule and the schedule. Raises ValueError for an empty name, OSError when the data directory
    cannot be written.
    """
    name = (name or "").strip()
    if not name:
        raise ValueError("a saved plan needs a name")
    now = now or dt.datetime.now(dt.UTC)
    record = plan_record(plan, name, saved_by, schedule)
    record["saved_at"] = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    folder = Path(root) / PLANS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{plan.year}-{now.strftime('%Y%m%dT%H%M%SZ')}.json"
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    return path


def saved_plans(root: Path) -> list[dict]:
    """Every plan kept under `<data dir>/plans/`, oldest first, each with its file name under "file"."""
    folder = Path(root) / PLANS_DIR
    if not folder.is_dir():
        return []
    return [{"file": p.name, **json.loads(p.read_text(encoding="utf-8"))} for p in sorted(folder.glob("*.json"))]


def visits_done(ds: Dataset, year: int, unit_codes) -> list[bool]:
    """For each of `unit_codes`, whether its visit of `year` is done: findings of that unit
    (the version valid in `year`) are imported for `year`."""
    history = inspection_history(ds)
    found = set(history.loc[history["year"] == int(year), "unit_code"].astype(str))
    return [str(code) in found for code in unit_codes]


def inspection_history(ds: Dataset) -> pd.DataFrame:
    """Which unit versions were inspected when, from the findings files.

    Columns: year, unit_id, unit_code, unit_name, level, inspected_on (first date that year),
    strengths, weaknesses, recommendations (counts of findings).
    """
    return ds.query("inspection_history")


def coverage(
    ds: Dataset,
    year: int,
    last_years: int,
    group_by="district",
    lang: str = i18n.DEFAULT_LANG,
    level: str = "commune",
) -> pd.DataFrame:
    """Communes (or units of `level`) valid in `year` not inspected in the `last_years` years before it.

    A new unit counts as inspected when one of its predecessors was. Columns: group_code,
    group_name, unit_code, unit_name, last_inspected_year (empty: never, as far as the data go).
    """
    pool = kept_candidates(ds, year, group_by, lang, level)
    stale = pool["last_inspected_year"].isna() | (pool["last_inspected_year"] < year - last_years)
    columns = ["group_code", "group_name", "unit_code", "unit_name", "last_inspected_year"]
    return pool.loc[stale, columns].reset_index(drop=True)


def kept_candidates(
    ds: Dataset, year: int, group_by="district", lang: str = i18n.DEFAULT_LANG, level: str = "commune"
) -> pd.DataFrame:
    """candidates(ds, year, group_by=group_by, lang=lang, level=level) (basis: the year before), computed once
    per data version (Dataset.kept): the planning page's draws and its coverage table read the same
    candidates (0.2 s at national scale). Read only. A grouping dict is not kept."""
    if isinstance(group_by, dict):
        return candidates(ds, year, group_by=group_by, lang=lang, level=level)
    return ds.kept(
        ("planning_candidates", int(year), group_by, lang, level),
        lambda: candidates(ds, year, group_by=group_by, lang=lang, level=level),
    )
