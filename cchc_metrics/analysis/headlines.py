"""The overview's opening sentences: what changed in a year, as facts (no wording).

Up to five facts for one level and year, each naming the chart that shows it:
    riser, faller   the unit whose index rose (fell) most on the year before (unit_scores.delta_pct);
    areas           the area whose average rose most and the one that fell most across the
                    level (only changes of more than MIN_AREA_CHANGE points are said);
    targets         how many units missed at least one target (targets.csv), when any is set;
    fixed           of last year's weaknesses followed into this year, how many were fixed
                    (remediation.followup, computed weaknesses).
"""

from __future__ import annotations

from cchc_metrics.analysis.common import area_names
from cchc_metrics.analysis.remediation import followup
from cchc_metrics.analysis.targets import units_meeting
from cchc_metrics.engine.dataset import Dataset

MIN_AREA_CHANGE = 2.0


def headline_facts(ds: Dataset, year: int, level: str, lang: str = "vi") -> list[dict]:
    """The facts of the overview's opening sentences, in order: each a dict with `kind` (riser,
    faller, areas, targets, fixed), its numbers and names, and `link` (page, {query}) of the
    chart that shows it."""
    year = int(year)
    facts: list[dict] = []
    scores = ds.query("unit_scores", year=year, level=level)
    moved = scores.dropna(subset=["delta_pct"]).sort_values(["delta_pct", "unit_code"])
    trend_link = ("trends", {"level": level, "tab": "movers", "to": year})
    if not moved.empty and moved["delta_pct"].iloc[-1] > 0:
        top = moved[moved["delta_pct"] == moved["delta_pct"].max()].iloc[0]
        facts.append({"kind": "riser", "unit": top["unit_name"], "change": float(top["delta_pct"]), "link": trend_link})
    if not moved.empty and moved["delta_pct"].iloc[0] < 0:
        low = moved.iloc[0]
        facts.append(
            {"kind": "faller", "unit": low["unit_name"], "change": float(low["delta_pct"]), "link": trend_link}
        )
    means = ds.query("area_means_two_years", year=year, level=level).dropna()
    if not means.empty:
        means = means.assign(change=means["mean_pct"] - means["prev_mean_pct"])
        names = area_names(ds, lang)
        best = means.sort_values(["change", "area_code"], ascending=[False, True]).iloc[0]
        worst = means.sort_values(["change", "area_code"]).iloc[0]
        up = best["change"] > MIN_AREA_CHANGE
        down = worst["change"] < -MIN_AREA_CHANGE
        if up or down:
            facts.append(
                {
                    "kind": "areas",
                    "improving": (names.get(best["area_code"], best["area_code"]), float(best["change"]))
                    if up
                    else None,
                    "declining": (names.get(worst["area_code"], worst["area_code"]), float(worst["change"]))
                    if down
                    else None,
                    "link": (
                        "reform_area",
                        {"level": level, "tab": "years", "area": worst["area_code"] if down else best["area_code"]},
                    ),
                }
            )
    met = units_meeting(ds, year, level)
    if met is not None:
        facts.append({"kind": "targets", "below": met[1] - met[0], "units": met[1], "link": ("", {"tab": f"{level}s"})})
    if year - 1 in ds.years():
        followed = followup(ds, year - 1, level, "computed")
        followed = followed[followed["status"] != "not_assessed"]
        if len(followed):
            fixed = int((followed["status"] == "fixed").sum())
            facts.append(
                {
                    "kind": "fixed",
                    "fixed": fixed,
                    "followed": len(followed),
                    "share": 100.0 * fixed / len(followed),
                    "link": ("strengths", {"view": "leaders", "level": level, "tab": "fixed"}),
                }
            )
    return facts
