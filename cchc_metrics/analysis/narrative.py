"""The paragraph an analyst pastes into the annual report, for one unit and year.

Built from facts (narrative_facts), worded from the `analysis.narrative.*` templates of the
locales, numbers written as the language writes them (i18n.fmt_num: 84,05 in Vietnamese).
It says: the index, band, rank and its change on the previous year; the strongest and the
weakest area against the peers (largest and smallest gap to the peer median, peers.PeerRule;
ties: the first area in report order is the strongest, the last the weakest);
whom to learn from for the weakest area when it is judged weak; and how last year's computed
weaknesses of the same unit version fared (remediation.followup).
"""

from __future__ import annotations

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.common import area_names, area_order, assessed_unit, query
from cchc_metrics.analysis.peers import DEFAULT_RULE, PeerRule, area_positions, learn_from
from cchc_metrics.analysis.remediation import DEFAULT_REMEDIATION, RemediationRule, followup
from cchc_metrics.engine.dataset import Dataset


def _value(v):
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v


def narrative_facts(
    ds: Dataset,
    year: int,
    unit_code: str,
    rule: PeerRule = DEFAULT_RULE,
    remediation_rule: RemediationRule = DEFAULT_REMEDIATION,
) -> dict:
    """The facts the paragraph states, as plain data (codes, numbers; no wording).

    Keys: year, unit_id, unit_code, unit_name, unit_type, level, index_pct, band_vi, band_en,
    rank, ranked_units, rank_change, delta_pct (None in a unit's first year), strongest and
    weakest ({area_code, area_pct, peer_median, gap_to_median, position}), mentors (list of
    {unit_code, unit_name, area_pct, same_district} for the weakest area when weak),
    previous ({year, weaknesses: [{area_code, status}]}, or None when the unit version was not
    assessed the year before). Raises lineage.UnknownUnit or common.NotAssessed.
    """
    unit = assessed_unit(ds, unit_code, year)
    scores = ds.query("unit_scores", year=int(year), level=unit["level"])
    row = scores[scores["unit_id"] == unit["unit_id"]].iloc[0]
    positions = area_positions(ds, year, unit["level"], rule)
    mine = positions[positions["unit_id"] == unit["unit_id"]].copy()
    mine["order"] = mine["area_code"].map(area_order(ds))
    # ties: the strongest is the first in report order, the weakest the last, so two areas
    # level with their medians are never named both strongest and weakest
    best = mine.sort_values(["gap_to_median", "order"], ascending=[False, True]).iloc[0]
    worst = mine.sort_values(["gap_to_median", "order"], ascending=[True, False]).iloc[0]

    def area_fact(r):
        return {k: _value(r[k]) for k in ("area_code", "area_pct", "peer_median", "gap_to_median", "position")}

    mentors = []
    if worst["position"] == "weak":
        found = learn_from(positions, rule)
        found = found[(found["unit_id"] == unit["unit_id"]) & (found["area_code"] == worst["area_code"])]
        mentors = [
            {"unit_code": c, "unit_name": n, "area_pct": float(p), "same_district": bool(s)}
            for c, n, p, s in zip(
                found["mentor_code"], found["mentor_name"], found["mentor_pct"], found["same_district"]
            )
        ]
    previous = None
    assessed_before = query(ds, "unit_assessed", unit_id=unit["unit_id"], year=int(year) - 1)
    if int(assessed_before["assessed"].iloc[0]) > 0:
        last = followup(ds, int(year) - 1, unit["level"], "computed", rule, remediation_rule)
        last = last[last["unit_id"] == unit["unit_id"]].copy()
        last["order"] = last["area_code"].map(area_order(ds))
        last = last.sort_values(["order", "area_code"])
        previous = {
            "year": int(year) - 1,
            "weaknesses": [{"area_code": a, "status": st} for a, st in zip(last["area_code"], last["status"])],
        }
    return {
        "year": int(year),
        "unit_id": unit["unit_id"],
        "unit_code": unit["unit_code"],
        "unit_name": unit["unit_name"],
        "unit_type": unit["unit_type"],
        "level": unit["level"],
        "index_pct": float(row["index_pct"]),
        "band_vi": _value(row["band_vi"]),
        "band_en": _value(row["band_en"]),
        "rank": int(row["rank"]),
        "ranked_units": int(row["ranked_units"]),
        "rank_change": None if _value(row["rank_change"]) is None else int(row["rank_change"]),
        "delta_pct": None if _value(row["delta_pct"]) is None else float(row["delta_pct"]),
        "strongest": area_fact(best),
        "weakest": area_fact(worst),
        "mentors": mentors,
        "previous": previous,
    }


def _rank_move(change: int | None, lang: str) -> str:
    if change is None:
        return ""
    if change > 0:
        return i18n.t("analysis.narrative.rank_up", lang, n=change)
    if change < 0:
        return i18n.t("analysis.narrative.rank_down", lang, n=-change)
    return i18n.t("analysis.narrative.rank_same", lang)


def narrative_text(facts: dict, names: dict[str, str], lang: str = i18n.DEFAULT_LANG) -> str:
    """The paragraph of `facts` (from narrative_facts) in `lang`; `names` maps area codes to names."""
    num = lambda v: i18n.fmt_num(v, lang)  # noqa: E731 - one spelling for every number below
    unit = i18n.t(
        "analysis.narrative.unit",
        lang,
        name=facts["unit_name"],
        type=i18n.t(f"analysis.type.{facts['unit_type']}", lang),
    )
    sentences = [
        i18n.t(
            "analysis.narrative.index",
            lang,
            year=facts["year"],
            unit=unit,
            index=num(facts["index_pct"]),
            band=facts["band_vi" if lang == "vi" else "band_en"] or "–",
            rank=facts["rank"],
            units=facts["ranked_units"],
            level=i18n.t(f"analysis.level.{facts['level']}", lang),
        )
    ]
    if facts["delta_pct"] is not None:
        sentences.append(
            i18n.t(
                "analysis.narrative.change",
                lang,
                prev=facts["year"] - 1,
                delta=i18n.fmt_num(facts["delta_pct"], lang, signed=True),
                move=_rank_move(facts["rank_change"], lang),
            )
        )
    best, worst = facts["strongest"], facts["weakest"]
    if best["area_code"] == worst["area_code"]:
        sentences.append(
            i18n.t(
                "analysis.narrative.one_area",
                lang,
                area=names[best["area_code"]],
                pct=num(best["area_pct"]),
                median=num(best["peer_median"]),
            )
        )
    else:
        # "strongest" only when above the peer median, "weakest" only when below it
        key = "strongest" if best["gap_to_median"] > 0 else "strongest_below"
        sentences.append(
            i18n.t(
                f"analysis.narrative.{key}",
                lang,
                area=names[best["area_code"]],
                pct=num(best["area_pct"]),
                median=num(best["peer_median"]),
            )
        )
        key = "weakest" if worst["gap_to_median"] < 0 else "weakest_above"
        sentences.append(
            i18n.t(
                f"analysis.narrative.{key}",
                lang,
                area=names[worst["area_code"]],
                pct=num(worst["area_pct"]),
                median=num(worst["peer_median"]),
            )
        )
    if worst["position"] == "weak":
        if facts["mentors"]:
            mentors = ", ".join(
                i18n.t("analysis.mentor", lang, name=m["unit_name"], code=m["unit_code"], pct=num(m["area_pct"]))
                for m in facts["mentors"]
            )
            sentences.append(
                i18n.t("analysis.narrative.learn_from", lang, area=names[worst["area_code"]], mentors=mentors)
            )
    elif worst["gap_to_median"] < 0:  # below the median, but not by enough to count as weak
        sentences.append(i18n.t("analysis.narrative.no_weak", lang))
    previous = facts["previous"]
    if previous is not None:
        weak = previous["weaknesses"]
        if not weak:
            sentences.append(i18n.t("analysis.narrative.prev_none", lang, prev=previous["year"]))
        else:
            fixed = [names[w["area_code"]] for w in weak if w["status"] == "fixed"]
            still = [names[w["area_code"]] for w in weak if w["status"] != "fixed"]
            sentences.append(
                i18n.t("analysis.narrative.prev_fixed", lang, prev=previous["year"], total=len(weak), fixed=len(fixed))
            )
            if fixed:
                sentences.append(i18n.t("analysis.narrative.prev_fixed_list", lang, areas="; ".join(fixed)))
            if still:
                sentences.append(i18n.t("analysis.narrative.prev_open_list", lang, areas="; ".join(still)))
    return " ".join(sentences)


def narrative(
    ds: Dataset,
    year: int,
    unit_code: str,
    lang: str = i18n.DEFAULT_LANG,
    rule: PeerRule = DEFAULT_RULE,
    remediation_rule: RemediationRule = DEFAULT_REMEDIATION,
) -> str:
    """The report paragraph for unit `unit_code` in `year`, in `lang` (see the module docstring).

    Raises lineage.UnknownUnit or common.NotAssessed when the unit has no scores that year.
    """
    facts = narrative_facts(ds, year, unit_code, rule, remediation_rule)
    return narrative_text(facts, area_names(ds, lang), lang)
