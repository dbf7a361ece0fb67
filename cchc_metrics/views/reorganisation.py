"""Sắp xếp đơn vị (Reorganisation): a unit's history through its predecessors, an old unit's story
to where it merged, the lineage links, communes by former district, and the official-list check.
"""

from __future__ import annotations

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis import reorganisation
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.charts.common import ChartContext
from cchc_metrics.present.charts.lineage import lineage_history_line
from cchc_metrics.present.labels import sort_key
from cchc_metrics.present.text import escape, tm
from cchc_metrics.publish.officiallist import OfficialListUnavailable
from cchc_metrics.views.common import chart, group_labels
from cchc_metrics.views.model import Choice, Fold, Note, Table, headers

PREFIX = "reorg.col."
HISTORY_COLUMNS = ["year_label", "basis_text", "index_pct", "members", "partial_members", "member_names"]


def intro(ctx: ChartContext) -> Note:
    return Note("caption", tm("reorg.caption", ctx.lang, region=ctx.region))


# More unit versions than this (a ministry's: 11,300) are picked group first: the districts,
# the departments, then each district's communes (views.common.UNGROUPED_UNITS). Fewer are one
# list, searched by any name a unit ever had.
UNGROUPED_VERSIONS = 2000


def version_choice(ds: Dataset, lang: str) -> Choice:
    """Every unit version (?version=<unit_id>); a long list grouped (UNGROUPED_VERSIONS)."""
    choices = reorganisation.unit_choices(ds, lang)
    labels = dict(zip(choices["unit_id"], choices["label"]))
    label, help_text = i18n.t("reorg.pick", lang), i18n.t("reorg.pick_help", lang)
    if len(choices) <= UNGROUPED_VERSIONS:
        return Choice("version", label, tuple(labels), labels, help=help_text)
    # the levels' own groups first (districts, departments), then the communes' districts by name
    level_names = {level: i18n.t(f"level.{level}", lang) for level in choices["level"].unique()}
    groups = pd.Series(group_labels(choices["group_name"], choices["district_code"]), index=choices.index)
    groups = groups.fillna(choices["level"].map(level_names))
    order = groups.map({g: (g not in level_names.values(), sort_key(g)) for g in groups.unique()})  # per group, once
    ordered = choices.assign(_group=groups, _order=order).sort_values("_order", kind="stable")
    return Choice(
        "version",
        label,
        tuple(ordered["unit_id"]),
        labels,
        default=choices["unit_id"].iloc[0],  # a unit that changed, as the one list opens on
        help=help_text,
        groups=dict(zip(ordered["unit_id"], ordered["_group"])),
        group_label=i18n.t("reorg.pick_group", lang),
    )


def _unit(ds: Dataset, unit_id: str, lang: str) -> dict:
    choices = reorganisation.unit_choices(ds, lang)
    return choices[choices["unit_id"] == unit_id].iloc[0].to_dict()


def history(ds: Dataset, unit_id: str, ctx: ChartContext) -> list:
    """The unit's index over the years, through its predecessors before it existed, with what
    that means, and the table behind the chart."""
    unit = _unit(ds, unit_id, ctx.lang)
    code, year, name = unit["unit_code"], int(unit["year"]), unit["unit_name"]
    table = reorganisation.history_table(ds, code, year, ctx.lang)
    inherited = table[table["basis"] == "predecessors"]
    lines = reorganisation.history_lines(ds, code, year, ctx.lang)
    years = f"{lines['year'].min()}–{lines['year'].max()}" if len(lines) else ""
    names = {k: ctx.t(f"reorg.series.{k}") for k in ("own", "predecessors", "partial", "successor")}
    blocks = [
        chart(
            lineage_history_line,
            lines,
            ctx,
            names=names,
            y_title=ctx.t("reorg.index_axis"),
            name=(ctx.t("reorg.file.history"), code, unit["years_text"]),
            kind="lines",
            title=ctx.t("reorg.history_title", unit=unit["title"], region=ctx.region, years=years),
            subtitle=ctx.t("reorg.history_sub"),
        )
    ]
    if len(inherited):
        first, last = int(inherited["year"].min()), int(inherited["year"].max())
        blocks.append(
            Note("info", tm("reorg.through_note", ctx.lang, name=name, first=first, last=last), ":material/history:")
        )
        partial_years = inherited[inherited["partial"].fillna(False).astype(bool)]["year"].tolist()
        if partial_years:
            partial = ctx.t("reorg.partial_note", years=reorganisation.year_ranges(partial_years))
            blocks.append(Note("warning", partial, ":material/call_split:"))
    if unit["level"] == "district" and unit["ended"]:
        blocks.append(
            Note("info", tm("reorg.district_abolished", ctx.lang, name=name, last=int(unit["valid_to_year"])))
        )
    shown = headers(table[HISTORY_COLUMNS], ctx.lang, PREFIX)
    table = Table(shown, (ctx.t("reorg.file.history"), code, year))
    return blocks + [Fold(ctx.t("reorg.history_table"), (table,), ":material/table:")]


def story(ds: Dataset, unit_id: str, ctx: ChartContext) -> list:
    """How an old unit's story ends (where it merged), and its links to other units."""
    unit = _unit(ds, unit_id, ctx.lang)
    code, year, name = unit["unit_code"], int(unit["year"]), unit["unit_name"]
    blocks = []
    ending = reorganisation.ending_text(ds, code, year, ctx.lang)
    if ending:
        table = headers(reorganisation.story_table(ds, code, year, ctx.lang), ctx.lang, PREFIX)
        blocks += [
            Note("subheader", tm("reorg.story_header", ctx.lang, name=name)),
            Note("info", escape(ending), ":material/merge:"),
            Table(table, (ctx.t("reorg.file.story"), code, year)),
        ]
    blocks.append(Note("subheader", tm("reorg.neighbours_header", ctx.lang, name=name)))
    near = reorganisation.neighbours_table(ds, code, year, ctx.lang)
    if near.empty:
        blocks.append(Note("info", tm("lineage.none", ctx.lang, unit=f"{name} ({code})", year=year)))
    else:
        blocks.append(Table(headers(near, ctx.lang, PREFIX)))
    return blocks


def former_districts(ds: Dataset, lang: str) -> list:
    """The communes of the first year without districts, grouped by the district they came from."""
    first = reorganisation.first_year_without_districts(ds)
    if first is None:
        return []
    groups = headers(reorganisation.former_district_table(ds, first, lang), lang, PREFIX)
    return [
        Note("subheader", i18n.t("reorg.former_header", lang, year=first)),
        Note("info", i18n.t("lineage.no_districts", lang, year=first), ":material/info:"),
        Table(groups, (i18n.t("reorg.file.former", lang), first)),
    ]


def links(ds: Dataset, lang: str) -> list:
    """Every lineage link (old unit version → new)."""
    table = reorganisation.links_table(ds, lang)
    blocks = [Note("subheader", i18n.t("reorg.links_header", lang))]
    if table.empty:
        return blocks + [Note("info", i18n.t("reorg.no_links", lang))]
    return blocks + [Table(headers(table, lang, PREFIX), (i18n.t("reorg.file.links", lang),), height=360)]


def official(ds: Dataset, lang: str) -> list:
    """The unit list of the first year without districts (else the last year) against the
    official list of units."""
    first = reorganisation.first_year_without_districts(ds)
    year = first if first is not None else max(ds.years())
    blocks = [
        Note("subheader", i18n.t("reorg.official_header", lang, year=year)),
        Note("caption", i18n.t("reorg.official_caption", lang)),
    ]
    try:
        issues = reorganisation.official_check(ds, year, lang)
    except OfficialListUnavailable as exc:
        return blocks + [Note("warning", exc.message(lang), ":material/cloud_off:")]
    if issues.empty:
        return blocks + [Note("success", i18n.t("reorg.official_ok", lang, year=year))]
    shown = headers(issues.drop(columns=["issue"]), lang, PREFIX)
    return blocks + [Table(shown, (i18n.t("reorg.file.official", lang), year))]
