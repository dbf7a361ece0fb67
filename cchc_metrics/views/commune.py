"""Xã/phường (Commune profile): one commune's years, areas, criteria and inspection findings."""

from __future__ import annotations

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.profiles import findings_table
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.charts.common import ChartContext
from cchc_metrics.present.text import tm
from cchc_metrics.views import profile
from cchc_metrics.views.common import index_cards, scorecard_button, status_note
from cchc_metrics.views.model import Card, Note, Table, header, headers

TABS = ("index", "areas")


def header_blocks(ds: Dataset, year: int, unit: dict, ctx: ChartContext) -> list:
    """The caption, and the cards: index, rank, rank in its district, band."""
    rows = profile.record(ds, "commune", unit["unit_id"], unit["unit_code"], year, ctx.lang)
    this = rows[rows["year"] == year].iloc[0]
    in_district = ctx.t("commune.rank_in_district")
    if pd.notna(this["district_units"]):
        district = Card(in_district, ctx.t("pages.rank_of", rank=this["district_rank"], n=this["district_units"]))
    else:
        district = Card(in_district, "–", help=ctx.t("commune.no_district", year=year))
    cards = (*index_cards(this, ctx), district, Card(ctx.t("col.band"), str(this["band"])))
    caption = Note("caption", tm("commune.caption", ctx.lang, unit=unit["label"], region=ctx.region, year=year))
    opener = scorecard_button("commune", year, unit["unit_code"], ctx.lang)
    return [caption, status_note(ds, year, "commune", ctx.lang), cards, opener]


def tabs(lang: str) -> dict[str, str]:
    keys = {"index": "tab.index_years", "areas": "tab.by_area", "criterion": "tab.criterion_years"}
    return {code: i18n.t(key, lang) for code, key in keys.items()}


def tab(ds: Dataset, year: int, unit: dict, code: str, ctx: ChartContext) -> list:
    """The chart of one tab (the trend says how its predecessors' line is made, when it has one)."""
    district = unit["group_name"] or None
    if code == "areas":
        return [profile.radar(ds, "commune", unit, year, ctx, district), *profile.area_ranks(ds, year, unit, ctx)]
    note = profile.predecessors_note(ds, "commune", unit, year, ctx.lang)
    return [profile.trend(ds, "commune", unit, year, ctx, district), note]


def criteria(ds: Dataset, year: int, unit: dict, ctx: ChartContext) -> list:
    """How the commune's index is made, and its points down the framework with the points lost."""
    return [
        *profile.index_parts(ds, year, "commune", unit, ctx),
        *profile.criteria_tree(ds, year, "commune", unit, ctx),
    ]


def findings(ds: Dataset, unit: dict, ctx: ChartContext) -> list:
    """The inspection findings at the commune, newest first, as plain text."""
    found = findings_table(ds, unit["unit_id"], ctx.lang)
    title = Note("subheader", tm("commune.findings_title", ctx.lang, unit=unit["unit_name"]))
    if found.empty:
        return [title, Note("info", tm("commune.no_findings", ctx.lang, unit=unit["unit_name"]))]
    text = header("text", ctx.lang)
    table = Table(headers(found, ctx.lang), ("findings", unit["unit_name"]), text={text: "large"}, keys=(text,))
    return [title, table]
