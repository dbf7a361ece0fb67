"""Sở, ban, ngành (Department profile): one department's years, areas and criteria. Departments
are scored by the Department of Home Affairs under their own framework and ranked among
departments only."""

from __future__ import annotations

from cchc_metrics import i18n
from cchc_metrics.analysis.profiles import level_years, unit_years
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.charts.common import ChartContext
from cchc_metrics.present.text import tm
from cchc_metrics.views import profile
from cchc_metrics.views.common import index_cards, scorecard_button, status_note
from cchc_metrics.views.common import year_choice as common_year_choice
from cchc_metrics.views.model import Card, Choice, Note

LEVEL = "department"


def year_choice(ds: Dataset, lang: str) -> Choice | Note:
    """The years departments were scored, newest first (a year asked for without them opens the
    newest, saying so); a note when no year had any."""
    years = level_years(ds, LEVEL)
    if not years:
        return Note("info", i18n.t("department.no_data", lang))
    why = i18n.t("department.years_why", lang, first=years[0])
    return common_year_choice(years, lang, of_data=ds.years(), why=why, instead="department.not_in_year")


def header(ds: Dataset, year: int, unit: dict, ctx: ChartContext) -> list:
    """The caption, and the cards: index, rank among departments, band, their average."""
    rows = unit_years(ds, LEVEL, unit["unit_id"], ctx.lang)
    this = rows[rows["year"] == year].iloc[0]
    cards = (
        *index_cards(this, ctx),
        Card(ctx.t("col.band"), str(this["band"])),
        Card(ctx.t("department.mean_of_level"), ctx.num(this["level_mean_pct"]) + " %"),
    )
    caption = tm("department.caption", ctx.lang, unit=unit["unit_name"], region=ctx.region, year=year)
    opener = scorecard_button(LEVEL, year, unit["unit_code"], ctx.lang)
    return [Note("caption", caption), status_note(ds, year, LEVEL, ctx.lang), cards, opener]


def tabs(lang: str) -> dict[str, str]:
    keys = {
        "index": "tab.index_years",
        "rank": "tab.rank_years",
        "areas": "tab.by_area",
        "criterion": "tab.criterion_years",
    }
    return {code: i18n.t(key, lang) for code, key in keys.items()}


def tab(ds: Dataset, year: int, unit: dict, code: str, ctx: ChartContext):
    if code == "index":
        return [profile.trend(ds, LEVEL, unit, year, ctx), profile.predecessors_note(ds, LEVEL, unit, year, ctx.lang)]
    if code == "rank":
        return profile.rank_trend(ds, unit, ctx, LEVEL)
    return [profile.radar(ds, LEVEL, unit, year, ctx), *profile.area_ranks(ds, year, unit, ctx)]


def criteria(ds: Dataset, year: int, unit: dict, ctx: ChartContext) -> list:
    """How the department's index is made, and its points down its framework."""
    return [*profile.index_parts(ds, year, LEVEL, unit, ctx), *profile.criteria_tree(ds, year, LEVEL, unit, ctx)]
