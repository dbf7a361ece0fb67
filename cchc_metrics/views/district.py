"""Quận/huyện (District profile): one district's years, areas and communes."""

from __future__ import annotations

from cchc_metrics import i18n
from cchc_metrics.analysis.profiles import district_communes, level_years, unit_years
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.charts.common import ChartContext
from cchc_metrics.present.labels import area_names
from cchc_metrics.present.text import tm
from cchc_metrics.views import model, profile
from cchc_metrics.views.common import index_cards, scorecard_button, status_note
from cchc_metrics.views.common import year_choice as common_year_choice
from cchc_metrics.views.model import Card, Choice, Note, Table, headers


def year_choice(ds: Dataset, lang: str) -> Choice | Note:
    """The years with districts, newest first (the page opens on the last year with districts,
    and says so when the data go on without them); a note when no year had any."""
    years = level_years(ds, "district")
    if not years:
        return Note("info", i18n.t("district.no_district_data", lang))
    why = i18n.t("district.years_why", lang)
    return common_year_choice(years, lang, of_data=ds.years(), why=why, instead="district.no_districts")


def header(ds: Dataset, year: int, unit: dict, ctx: ChartContext) -> list:
    """The caption, and the cards: index, rank, band, the districts' average."""
    rows = unit_years(ds, "district", unit["unit_id"], ctx.lang)
    this = rows[rows["year"] == year].iloc[0]
    cards = (
        *index_cards(this, ctx),
        Card(ctx.t("col.band"), str(this["band"])),
        Card(ctx.t("district.mean_of_level"), ctx.num(this["level_mean_pct"]) + " %"),
    )
    return [
        Note("caption", tm("district.caption", ctx.lang, unit=unit["unit_name"], region=ctx.region, year=year)),
        status_note(ds, year, "district", ctx.lang),
        cards,
        scorecard_button("district", year, unit["unit_code"], ctx.lang),
    ]


def tabs(ds: Dataset, year: int, unit: dict, lang: str) -> dict[str, str]:
    """The district's charts by tab code; the communes' only when it has communes that year."""
    codes = {"index": "tab.index_years", "rank": "tab.rank_years", "areas": "tab.by_area"}
    if not district_communes(ds, year, unit["unit_code"], lang).empty:
        codes |= {"communes": "tab.communes_ranked", "communes_areas": "tab.communes_by_area"}
    codes["criterion"] = "tab.criterion_years"
    return {code: i18n.t(key, lang) for code, key in codes.items()}


def tab(ds: Dataset, year: int, unit: dict, code: str, ctx: ChartContext):
    """The chart of one tab."""
    if code == "index":
        return profile.trend(ds, "district", unit, year, ctx)
    if code == "rank":
        return profile.rank_trend(ds, unit, ctx)
    if code == "areas":
        return [profile.radar(ds, "district", unit, year, ctx), *profile.area_ranks(ds, year, unit, ctx)]
    if code == "communes":
        return profile.communes_ranked(ds, year, unit, ctx)
    return profile.communes_by_area(ds, year, unit, ctx)


def criteria(ds: Dataset, year: int, unit: dict, ctx: ChartContext) -> list:
    """How the district's own index is made, and its points down the framework."""
    return [
        *profile.index_parts(ds, year, "district", unit, ctx),
        *profile.criteria_tree(ds, year, "district", unit, ctx),
    ]


def communes_table(ds: Dataset, year: int, unit: dict, ctx: ChartContext) -> list:
    """The district's communes with their ranks, index, band, changes and area %."""
    communes = district_communes(ds, year, unit["unit_code"], ctx.lang)
    if communes.empty:
        return [Note("info", tm("district.no_communes", ctx.lang, unit=unit["unit_name"], year=year))]
    shown = headers(communes.drop(columns=["unit_code", "label"]).rename(columns=area_names(ds, ctx.lang)), ctx.lang)
    return [
        Note("subheader", tm("district.table_title", ctx.lang, unit=unit["unit_name"], year=year)),
        Table(shown, ("communes", unit["unit_name"], year), keys=(model.header("unit_name", ctx.lang),)),
    ]
