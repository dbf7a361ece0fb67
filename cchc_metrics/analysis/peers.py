"""Each unit's areas and criteria against its peers, and whom a weak unit should learn from.

Peers: the units of the same level assessed in the same year (the unit itself included, so the
quartiles describe the whole field); a commune is also placed within its district's communes.
Scores are compared as % of maximum, never as raw points.

The rule (PeerRule, every threshold configurable):
    weak     area % below the peer quantile `weak_below` (default the first quartile) AND at
             least `min_gap_pct` points below the peer median (default 5);
    strong   area % above the peer quantile `strong_above` (default the third quartile) AND at
             least `min_gap_pct` points above the peer median;
    typical  otherwise.
The gap condition keeps a tightly bunched field (everyone between 95 and 100 %) from producing
"weaknesses" that are a rounding difference. The same rule places criteria (criterion %) and a
commune within its district (district_position). It is the only weakness rule: inspection
planning's chronic weaknesses are province.territory_chronic_weaknesses, this rule read through
the lineage.

Whom to learn from: for a weak unit × area, the peers of the same level and year that are strong
in exactly that area, or have the best score in it (so a field where many tie at the top still
names someone); those in the same district come first, then by area % (best first), then code;
the first `mentors` of them (default 3).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from string import Formatter

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.common import area_names, area_order, assessed_unit, int_columns, query_over_positions
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.engine.sqlfiles import sql_text

QUANTILES = {"q1": 0.25, "median": 0.5, "q3": 0.75}
POSITIONS = ("strong", "typical", "weak")


@dataclass(frozen=True)
class PeerRule:
    """Thresholds of the strong/weak rule (see the module docstring)."""

    weak_below: str = "q1"
    strong_above: str = "q3"
    min_gap_pct: float = 5.0
    mentors: int = 3

    def params(self) -> dict:
        """The rule as bound SQL parameters. Raises ValueError for an unknown quantile name or a negative gap."""
        if self.weak_below not in QUANTILES or self.strong_above not in QUANTILES:
            raise ValueError(f"quantiles are {', '.join(QUANTILES)}: got {self.weak_below!r}, {self.strong_above!r}")
        if self.min_gap_pct < 0 or self.mentors < 0:
            raise ValueError("min_gap_pct and mentors must not be negative")
        return {
            "weak_q": QUANTILES[self.weak_below],
            "strong_q": QUANTILES[self.strong_above],
            "min_gap": float(self.min_gap_pct),
        }

    def as_dict(self) -> dict:
        return asdict(self)


DEFAULT_RULE = PeerRule()


def area_positions(
    ds: Dataset, year: int | None = None, level: str | None = None, rule: PeerRule = DEFAULT_RULE
) -> pd.DataFrame:
    """Every unit × area of `year` and `level` (None: all) placed against its peers.

    Columns: year, unit_id, unit_code, unit_name, level, parent_code, area_code, area_pct, points,
    max_points, peers, peer_q1, peer_median, peer_q3, peer_best, gap_to_median (area % − median),
    area_rank (1 = best of the level in the area), position (strong | typical | weak),
    district_peers, district_median, district_position (communes with a district only).
    Sorted by year, level, unit code, area code. Raises ValueError for a bad rule.
    """
    frame = query_over_positions(
        ds, "sorted_positions", {"year": None if year is None else int(year), "level": level, **rule.params()}
    )
    return int_columns(frame, "peers", "area_rank", "district_peers")


def criterion_positions(
    ds: Dataset,
    year: int | None = None,
    level: str | None = None,
    rule: PeerRule = DEFAULT_RULE,
    unit_id: str | None = None,
) -> pd.DataFrame:
    """Every unit × applicable criterion of `year` and `level` (None: all) placed against its peers
    (the units of its level and former province); with `unit_id`, that unit version's rows only.

    Columns: year, unit_id, unit_code, unit_name, level, parent_code, area_code, criterion_code,
    criterion_name, max_points, score, criterion_pct, peers, peer_q1, peer_median, peer_q3,
    gap_to_median, position (strong | typical | weak). Raises ValueError for a bad rule.

    The peers' spread is the same for every unit of the field: for one unit it is computed once
    per data version (Dataset.kept), and only the unit's own rows are read.
    """
    year = None if year is None else int(year)
    params = {"year": year, "level": level, **rule.params()}
    if unit_id is None:
        frame = _on_scored(ds, "criterion_positions", params, peers=None)
    else:
        spread = ds.kept(("criterion_peers", year, level, rule), lambda: _on_scored(ds, "criterion_peers", params))
        frame = _on_scored(ds, "criterion_positions", {**params, "unit_id": unit_id}, peers=spread)
    return int_columns(frame, "peers")


def _on_scored(ds: Dataset, name: str, params: dict, peers: pd.DataFrame | None = None) -> pd.DataFrame:
    """Run `sql/analysis/<name>.sql` over `scored` (criterion_scored.sql for `params`' year, level
    and unit_id) and, for criterion_positions, `criterion_peers`: the frame `peers` when given, else
    the spread of `scored` itself (criterion_peers.sql)."""
    ctes = ["scored as (" + sql_text("analysis/criterion_scored") + ")"]
    if name == "criterion_positions" and peers is None:
        ctes.append("criterion_peers as (" + sql_text("analysis/criterion_peers") + ")")
    text = "with " + ",\n".join(ctes) + "\n" + sql_text("analysis/" + name)
    bound = {"unit_id": None, **params}
    used = set(re.findall(r"\$(\w+)", text))
    cur = ds.cursor(text)
    try:
        if peers is not None:
            cur.register("criterion_peers", peers)
        return cur.execute(text, {k: v for k, v in bound.items() if k in used}).df()
    finally:
        cur.close()


def learn_from(positions: pd.DataFrame, rule: PeerRule = DEFAULT_RULE, unit_id: str | None = None) -> pd.DataFrame:
    """For each weak row of `positions` (from area_positions), the peers to learn from; with
    `unit_id`, for that unit's weak rows only (its mentors are the same).

    Columns: year, unit_id, area_code, mentor_order (1 = first), mentor_unit_id, mentor_code,
    mentor_name, mentor_pct, same_district (bool). At most `rule.mentors` rows per weakness.
    """
    columns = [
        "year",
        "unit_id",
        "area_code",
        "mentor_order",
        "mentor_unit_id",
        "mentor_code",
        "mentor_name",
        "mentor_pct",
        "same_district",
    ]
    key = ["year", "level", "area_code"]
    weak = positions if unit_id is None else positions[positions["unit_id"] == unit_id]
    weak = weak[weak["position"] == "weak"][["year", "level", "area_code", "unit_id", "parent_code"]]
    if weak.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    if unit_id is not None:  # one unit's few weak areas: the good peers of those areas only
        positions = positions.merge(weak[key].drop_duplicates(), on=key)
    good = positions[(positions["position"] == "strong") | (positions["area_pct"] >= positions["peer_best"])]
    good = good[["year", "level", "area_code", "unit_id", "unit_code", "unit_name", "parent_code", "area_pct"]].rename(
        columns={
            "unit_id": "mentor_unit_id",
            "unit_code": "mentor_code",
            "unit_name": "mentor_name",
            "parent_code": "mentor_parent",
            "area_pct": "mentor_pct",
        }
    )
    # Not every weak × good pair: at national scale that is tens of millions of rows. The mentors
    # are the good peers of the same district (few), then the best of the rest, which lie among the
    # field's best `mentors + D + 1` (D: most good peers in one district; +1: the unit itself).
    near = weak.dropna(subset=["parent_code"]).merge(
        good, left_on=key + ["parent_code"], right_on=key + ["mentor_parent"]
    )
    good = good.sort_values(key + ["mentor_pct", "mentor_code"], ascending=[True, True, True, False, True])
    crowd = good.groupby(key + ["mentor_parent"]).size().groupby(level=[0, 1, 2]).max().rename("crowd").reset_index()
    good = good.merge(crowd, on=key, how="left")
    good = good[good.groupby(key).cumcount() < rule.mentors + good["crowd"].fillna(0).astype(int) + 1]
    far = weak.merge(good.drop(columns="crowd"), on=key)
    far = far[~(far["parent_code"] == far["mentor_parent"]).fillna(False).astype(bool)]
    pairs = pd.concat([near, far], ignore_index=True)
    pairs = pairs[pairs["unit_id"] != pairs["mentor_unit_id"]].copy()
    if pairs.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    pairs["same_district"] = (pairs["parent_code"] == pairs["mentor_parent"]).fillna(False).astype(bool)
    pairs = pairs.sort_values(
        ["year", "unit_id", "area_code", "same_district", "mentor_pct", "mentor_code"],
        ascending=[True, True, True, False, False, True],
    )
    pairs["mentor_order"] = pairs.groupby(["year", "unit_id", "area_code"]).cumcount() + 1
    pairs = pairs[pairs["mentor_order"] <= rule.mentors]
    return pairs[columns].reset_index(drop=True)


def mentor_text(mentors: pd.DataFrame, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """One line per weakness naming its mentors: "Tân An (31186, 98,50 %); …".

    Columns: year, unit_id, area_code, learn_from.
    """
    if mentors.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ("year", "unit_id", "area_code", "learn_from")})
    text = [
        i18n.t("analysis.mentor", lang, name=n, code=c, pct=i18n.fmt_num(p, lang))
        for n, c, p in zip(mentors["mentor_name"], mentors["mentor_code"], mentors["mentor_pct"])
    ]
    grouped = mentors.assign(text=text).groupby(["year", "unit_id", "area_code"], sort=False)["text"]
    return grouped.agg("; ".join).rename("learn_from").reset_index()


def _with_mentors(positions: pd.DataFrame, rule: PeerRule, lang: str, unit_id: str | None = None) -> pd.DataFrame:
    """`positions` with learn_from (mentors as text); with `unit_id`, that unit's rows only."""
    lines = mentor_text(learn_from(positions, rule, unit_id), lang)
    shown = positions if unit_id is None else positions[positions["unit_id"] == unit_id]
    return shown.merge(lines, on=["year", "unit_id", "area_code"], how="left")


def weaknesses(
    ds: Dataset, year: int, level: str | None = None, rule: PeerRule = DEFAULT_RULE, lang: str = i18n.DEFAULT_LANG
) -> pd.DataFrame:
    """Every weak unit × area of `year` (and `level`), worst gap first, with whom to learn from.

    Columns: year, level, unit_id, unit_code, unit_name, parent_code, area_code, area_name,
    area_pct, peer_q1, peer_median, gap_to_median, area_rank, peers, district_position,
    learn_from (mentors as text in `lang`; empty when no peer qualifies).
    """
    decimal, thousands = i18n.plotly_separators(lang)  # the marks fmt_num writes
    table = query_over_positions(
        ds,
        "weaknesses",
        {"year": int(year), "level": level, **rule.params()},
        mentors=int(rule.mentors),
        mentor_format=_sql_format(i18n.t("analysis.mentor", lang), ("name", "code", "pct")),
        number_marks=thousands + decimal,
    )
    table["area_name"] = table["area_code"].map(area_names(ds, lang))
    if table.empty and _nothing_assessed(ds, year, level):
        table["year"] = table["year"].astype(object)  # untyped, as the table of no unit has always been
    columns = [
        "year",
        "level",
        "unit_id",
        "unit_code",
        "unit_name",
        "parent_code",
        "area_code",
        "area_name",
        "area_pct",
        "peer_q1",
        "peer_median",
        "gap_to_median",
        "area_rank",
        "peers",
        "district_position",
        "learn_from",
    ]
    return int_columns(table[columns], "peers", "area_rank")


def _nothing_assessed(ds: Dataset, year: int, level: str | None) -> bool:
    found = ds.sql(
        "select count(*) as n from unit_scores where year = $year and ($level is null or level = $level)",
        {"year": int(year), "level": level},
    )
    return int(found["n"].iloc[0]) == 0


def _sql_format(template: str, fields: tuple[str, ...]) -> str:
    """A `{name}` text template as a DuckDB format() string taking `fields` in that order."""
    parts = []
    for literal, field, spec, conversion in Formatter().parse(template):
        parts.append(literal.replace("{", "{{").replace("}", "}}"))
        if field is not None:
            if spec or conversion:
                raise ValueError(f"{template!r}: only plain {{name}} fields")
            parts.append("{" + str(fields.index(field)) + "}")
    return "".join(parts)


def unit_profile(
    ds: Dataset,
    year: int,
    unit_code: str,
    rule: PeerRule = DEFAULT_RULE,
    lang: str = i18n.DEFAULT_LANG,
    criteria: bool = True,
) -> pd.DataFrame:
    """One unit's strengths and weaknesses in `year`: every area, then its non-typical criteria.

    Columns: scope (area | criterion), area_code, area_name, criterion_code, criterion_name, pct,
    peer_q1, peer_median, peer_q3, gap_to_median, area_rank, peers, position, district_median,
    district_position, learn_from. Areas come in report order; criteria (only those judged strong
    or weak) by gap to the median, best first. Raises lineage.UnknownUnit / common.NotAssessed.
    """
    unit = assessed_unit(ds, unit_code, year)
    # the level's field, once per data version (Dataset.kept): every unit's page places it the same
    positions = ds.kept(
        ("area_positions", int(year), unit["level"], rule), lambda: area_positions(ds, year, unit["level"], rule)
    )
    areas = _with_mentors(positions, rule, lang, unit["unit_id"])
    areas = areas[areas["unit_id"] == unit["unit_id"]].copy()
    areas["order"] = areas["area_code"].map(area_order(ds))
    areas = areas.sort_values(["order", "area_code"]).rename(columns={"area_pct": "pct"})
    areas["scope"] = "area"
    names = area_names(ds, lang)
    areas["area_name"] = areas["area_code"].map(names)
    columns = [
        "scope",
        "area_code",
        "area_name",
        "criterion_code",
        "criterion_name",
        "pct",
        "peer_q1",
        "peer_median",
        "peer_q3",
        "gap_to_median",
        "area_rank",
        "peers",
        "position",
        "district_median",
        "district_position",
        "learn_from",
    ]
    parts = [areas.assign(criterion_code=None, criterion_name=None)[columns]]
    if criteria:
        crit = criterion_positions(ds, year, unit["level"], rule, unit_id=unit["unit_id"])
        crit = crit[crit["position"] != "typical"].copy()
        crit = crit.sort_values(["gap_to_median", "criterion_code"], ascending=[False, True])
        crit = crit.rename(columns={"criterion_pct": "pct"}).assign(
            scope="criterion",
            area_name=lambda f: f["area_code"].map(names),
            area_rank=pd.NA,
            district_median=float("nan"),
            district_position=None,
            learn_from=None,
        )
        parts.append(crit[columns])
    filled = [p for p in parts if not p.empty]
    table = pd.concat(filled, ignore_index=True) if filled else parts[0]
    return int_columns(table, "area_rank", "peers")
