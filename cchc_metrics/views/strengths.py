"""Điểm mạnh – điểm yếu (Strengths and weaknesses): what to replicate and what to fix, for leaders
(the province's exemplars, weak units, points lost, lasting weaknesses, over-claimers, weaknesses
fixed), for one unit, and the inspection findings.
"""

from __future__ import annotations

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis import framework, narrative, province
from cchc_metrics.analysis import strengths as tables
from cchc_metrics.analysis.common import NotAssessed
from cchc_metrics.analysis.peers import DEFAULT_RULE
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.engine.schema import FINDING_KINDS
from cchc_metrics.present import paging, shortlist
from cchc_metrics.present.charts.analysis import gap_heatmap, pareto_chart
from cchc_metrics.present.charts.bars import value_bars
from cchc_metrics.present.charts.common import ChartContext
from cchc_metrics.present.labels import area_names
from cchc_metrics.present.paging import extreme_groups, extremes_note
from cchc_metrics.present.text import tm
from cchc_metrics.views.common import chart, for_year
from cchc_metrics.views.model import Choice, Fold, Note, Table, header, headers

GRID_N = 20
PARETO_N = 15
CLAIM_N = 10
VIEWS = ("leaders", "unit", "findings")
LEADER_TABS = ("exemplars", "weak", "map", "lost", "chronic", "claims", "fixed")
ALL = "all"
PREFIX = "strengths.col."
LONG_TEXT = {"text": "large", "theme": "large", "learn_from": "medium", "criterion_name": "medium"}
COMMON_SHARES = (10, 20, 30, 40, 50, 60, 70, 80)


def table(frame: pd.DataFrame, lang: str, *name, height: int | str = "auto", key: str | None = None, **params) -> Table:
    """A strengths table: headers from strengths.col.*, its long text columns wide, the unit
    first on a phone, downloads."""
    shown = headers(frame, lang, PREFIX, **params)
    text = {header(c, lang, PREFIX, **params): w for c, w in LONG_TEXT.items() if c in frame.columns}
    keys = tuple(header(c, lang, PREFIX, **params) for c in ("unit", "unit_name") if c in frame.columns)
    return Table(shown, name, key=key, text=text, height=height, keys=keys)


def view_choice(lang: str) -> Choice:
    labels = {v: i18n.t(f"strengths.view.{v}", lang) for v in VIEWS}
    return Choice("view", i18n.t("strengths.view", lang), VIEWS, labels, widget="radio", label_visibility="collapsed")


def rule(lang: str) -> str:
    """The peer rule in words (which units count as weak or strong in an area)."""
    return i18n.t(
        "strengths.rule",
        lang,
        q=DEFAULT_RULE.weak_below.upper(),
        gap=DEFAULT_RULE.min_gap_pct,
        q3=DEFAULT_RULE.strong_above.upper(),
    )


def levels(ds: Dataset, year: int) -> list[str]:
    return tables.levels_in(ds, year)


def level_note(ds: Dataset, year: int, lang: str) -> Note | None:
    """That a year without districts has communes only."""
    return None if "district" in levels(ds, year) else Note("info", i18n.t("strengths.no_districts", lang, year=year))


# --- for leaders ------------------------------------------------------------------------------


def _level_name(level: str, ctx: ChartContext) -> str:
    return ctx.t(f"levels.{level}")


def leaders_caption(year: int, level: str, ctx: ChartContext) -> Note:
    text = tm("strengths.leaders_caption", ctx.lang, level=_level_name(level, ctx), region=ctx.region, year=year)
    return Note("caption", text + " " + rule(ctx.lang))


def leader_tabs(lang: str) -> dict[str, str]:
    return {code: i18n.t(f"tab.strengths.{code}", lang) for code in LEADER_TABS}


def exemplars(ds: Dataset, year: int, level: str, ctx: ChartContext) -> list:
    """Per area, the units to hold up as models."""
    found = tables.exemplar_table(ds, year, level, lang=ctx.lang)
    title = Note(
        "subheader",
        tm("strengths.exemplars_title", ctx.lang, level=_level_name(level, ctx), region=ctx.region, year=year),
    )
    if found.empty:
        return [title, Note("info", ctx.t("strengths.no_exemplars"))]
    return [title, table(found, ctx.lang, "exemplars", level, year, height=420)]


def grid_choice(ds: Dataset, year: int, level: str, lang: str) -> Choice | None:
    """The weakest GRID_N units or all of them on the gap heatmap: a choice only between more
    units than GRID_N and few enough for a heatmap of them all to be read."""
    units = tables.weakness_grid(ds, year, level, lang=lang, top=GRID_N).attrs["units"]
    if not GRID_N < units <= shortlist.ALL_AT_MOST:
        return None
    labels = {v: i18n.t(f"strengths.grid_show.{v}", lang, n=GRID_N, total=units) for v in ("weakest", ALL)}
    return Choice("grid_show", i18n.t("pages.show", lang), ("weakest", ALL), labels, widget="radio")


def weak(ds: Dataset, year: int, level: str, show: str, ctx: ChartContext) -> list:
    """The weakest units × areas (gap to the peer median), and every weak unit × area."""
    ctx = for_year(ds, ctx, year, level)
    weakest = tables.weakness_grid(ds, year, level, lang=ctx.lang, top=GRID_N)
    units = weakest.attrs["units"]
    shown = tables.weakness_grid(ds, year, level, lang=ctx.lang) if show == ALL else weakest
    names, short = area_names(ds, ctx.lang), area_names(ds, ctx.lang, short=True)
    wide = shown.set_index("label")[[c for c in names if c in shown.columns]].rename(columns=short)
    sub_key = "strengths.grid_sub_all" if show == ALL or units <= GRID_N else "strengths.grid_sub"
    level_name = _level_name(level, ctx)
    grid = chart(
        gap_heatmap,
        wide,
        ctx,
        colour_title=ctx.t("strengths.gap_short"),
        name=("weakest-units-areas", level, year),
        kind="heatmap",
        title=ctx.t("strengths.grid_title", level=level_name, region=ctx.region, year=year),
        subtitle=ctx.t(sub_key, n=len(shown), total=units),
    )
    blocks = [
        grid,
        Note("subheader", tm("strengths.weaknesses_title", ctx.lang, level=level_name, region=ctx.region, year=year)),
    ]
    found = tables.weakness_list(ds, year, level, lang=ctx.lang)
    if found.empty:
        return blocks + [Note("info", ctx.t("strengths.no_weaknesses"))]
    return blocks + [table(found, ctx.lang, "weaknesses", level, year, height=400, key=f"weaknesses:{level}")]


def pareto_choice(ds: Dataset, year: int, level: str, lang: str) -> Choice:
    total = len(province.lost_points(ds, year, level, lang=lang))
    labels = {v: i18n.t(f"strengths.pareto_show.{v}", lang, n=PARETO_N, total=total) for v in ("top", ALL)}
    return Choice("pareto_show", i18n.t("pages.show", lang), ("top", ALL), labels, widget="radio")


def lost(ds: Dataset, year: int, level: str, show: str, ctx: ChartContext) -> list:
    """The criteria losing the most points across the level (a Pareto chart) and their table."""
    ctx = for_year(ds, ctx, year, level)
    points = province.lost_points(ds, year, level, lang=ctx.lang)
    bars = points if show == ALL else points.head(PARETO_N)
    bars = bars.assign(label=tables.criterion_labels(bars))
    top_share = float(bars["cumulative_pct"].iloc[-1]) if len(bars) else 0.0
    level_name = _level_name(level, ctx)
    pareto = chart(
        pareto_chart,
        bars,
        ctx,
        bar_axis=ctx.t("strengths.pareto_bar"),
        cumulative_axis=ctx.t("strengths.pareto_cumulative"),
        name=("points-lost-pareto", level, year),
        kind="bars",
        title=ctx.t("strengths.pareto_title", level=level_name, region=ctx.region, year=year),
        subtitle=ctx.t("strengths.pareto_sub", n=len(bars), total=len(points), share=ctx.num(top_share, 1)),
    )
    columns = [
        "loss_rank",
        "criterion_code",
        "criterion_name",
        "area_name",
        "units",
        "points_lost",
        "share_lost_pct",
        "cumulative_pct",
        "criterion_pct",
        "below_half_pct",
    ]
    folded = Fold(
        ctx.t("strengths.pareto_table", level=level_name, year=year),
        (table(points[columns], ctx.lang, "points-lost", level, year),),
    )
    title = Note("subheader", tm("strengths.common_title", ctx.lang, level=level_name, region=ctx.region, year=year))
    return [pareto, folded, title]


def share_choice(lang: str) -> Choice:
    """The share of units below half the points that makes a weakness common (?common_pct=)."""
    labels = {v: f"{v} %" for v in COMMON_SHARES}
    return Choice(
        "common_pct", i18n.t("strengths.common_share", lang), COMMON_SHARES, labels, default=50, widget="select_slider"
    )


def common(ds: Dataset, year: int, level: str, share: int, ctx: ChartContext) -> Note | Table:
    """The criteria at least `share` % of the units score below half the points on."""
    found = province.common_weaknesses(ds, year, level, float(share), lang=ctx.lang)
    if found.empty:
        return Note("info", ctx.t("strengths.no_common", share=share))
    columns = ["criterion_code", "criterion_name", "area_name", "below_half_pct", "criterion_pct", "points_lost"]
    return table(found[columns], ctx.lang, "common-weaknesses", level, year)


def chronic(ds: Dataset, year: int, level: str, ctx: ChartContext) -> list:
    """Weaknesses of two years or more that are still open."""
    title = Note(
        "subheader",
        tm("strengths.chronic_title", ctx.lang, level=_level_name(level, ctx), region=ctx.region, year=year),
    )
    found = tables.still_chronic(ds, year, level, lang=ctx.lang)
    if found.empty:
        return [title, Note("info", ctx.t("strengths.no_chronic", year=year))]
    return [
        title,
        Note("caption", ctx.t("strengths.chronic_caption")),
        table(found, ctx.lang, "chronic-weaknesses", level, year, height=400, key=f"chronic:{level}"),
    ]


def claims_title(lang: str) -> Note:
    return Note("subheader", i18n.t("strengths.claim_header", lang))


def claim_choice(ds: Dataset, year: int, level: str, lang: str) -> Choice:
    total = len(tables.over_claimer_table(ds, year, level, None, lang=lang))
    labels = {v: i18n.t(f"strengths.claim_show.{v}", lang, n=CLAIM_N, total=total) for v in ("top", ALL)}
    return Choice("claim_show", i18n.t("pages.show", lang), ("top", ALL), labels, widget="radio")


def claims(ds: Dataset, year: int, level: str, show: str, ctx: ChartContext) -> list:
    """The units scoring themselves above the appraisal, the largest gaps first."""
    ctx = for_year(ds, ctx, year, level)
    found = tables.over_claimer_table(ds, year, level, None, lang=ctx.lang)
    claimed = found if show == ALL else found.head(CLAIM_N)
    drawn = claimed.head(paging.MAX_GROUPS)  # "all" at national scale is ten thousand units: the largest gaps are drawn
    bars = chart(
        value_bars,
        drawn,
        "unit",
        "gap_pct",
        ctx,
        x_title=ctx.t("strengths.claim_axis"),
        name=("self-assessment-gap", level, year),
        kind="bars",
        title=ctx.t("strengths.claim_title", level=_level_name(level, ctx), region=ctx.region, year=year),
        subtitle=ctx.t("strengths.claim_sub", n=len(drawn), total=len(found)),
    )
    cut = (
        Note("caption", ctx.t("paging.first_bars", shown=len(drawn), total=len(claimed)))
        if len(drawn) < len(claimed)
        else None
    )
    return [
        bars,
        cut,
        table(claimed, ctx.lang, "over-claimers", level, year, key=f"claimed:{level}"),
        *_rounds(ds, year, level, ctx),
    ]


def _rounds(ds: Dataset, year: int, level: str, ctx: ChartContext) -> list:
    """Self score → first appraisal → final, per unit and area, where the year records the rounds."""
    found = framework.rounds(ds, year, level, ctx.lang)
    if found.empty:
        return []
    return [
        Note("subheader", ctx.t("strengths.rounds_title", level=_level_name(level, ctx), year=year)),
        Note("caption", ctx.t("strengths.rounds_caption")),
        Table(headers(found, ctx.lang, "rounds.col."), ("rounds", level, year), key=f"rounds:{level}"),
    ]


def fixed(ds: Dataset, year: int, level: str, ctx: ChartContext) -> list:
    """How last year's weaknesses fared, per district: the share fixed and its table."""
    ctx = for_year(ds, ctx, year, level)
    level_name = _level_name(level, ctx)
    title = tm("strengths.fixed_title", ctx.lang, level=level_name, region=ctx.region, prev=year - 1, year=year)
    blocks = [Note("subheader", title)]
    found = tables.fixed_by_district(ds, year, level)
    if not found.empty and (found["district_code"] == "").all():  # no districts: the level as a whole
        found = found.assign(district_name=ctx.t("strengths.fixed_all", level=level_name, region=ctx.region))
    found = found.drop(columns=["district_code"])
    if found.empty:
        return blocks + [Note("info", ctx.t("strengths.no_previous", prev=year - 1, level=level_name))]
    followed = found.dropna(subset=["share_fixed_pct"])
    if followed.empty:
        blocks.append(Note("info", ctx.t("strengths.none_followed", prev=year - 1, year=year)))
    else:
        # one bar per district would be 700 at national scale: the best and the worst are drawn
        # (of equal shares, the districts with more weaknesses followed: 100 % of 5 before 100 % of 1)
        drawn, districts = extreme_groups(followed.reset_index(), "index", "share_fixed_pct", evidence="followed")
        subtitle = ctx.t("strengths.fixed_sub") + extremes_note(len(drawn), districts, ctx.lang)
        blocks.append(
            chart(
                value_bars,
                drawn.drop(columns="index"),
                "district_name",
                "share_fixed_pct",
                ctx,
                x_title=ctx.t("strengths.fixed_axis"),
                suffix=" %",
                notes=[f"({k}/{n})" for k, n in zip(drawn["fixed"], drawn["followed"])],
                name=("weaknesses-fixed", level, year),
                kind="bars",
                title=ctx.t("strengths.fixed_chart", level=level_name, region=ctx.region, prev=year - 1, year=year),
                subtitle=subtitle,
            )
        )
    return blocks + [table(found, ctx.lang, "weaknesses-fixed", level, year - 1, year, key=f"fixed:{level}")]


# --- one unit ---------------------------------------------------------------------------------


def unit_view(ds: Dataset, year: int, level: str, unit: dict, ctx: ChartContext) -> list:
    """One unit: the report paragraph, its areas against its peers, its strengths and weaknesses
    with whom to learn from, last year's weaknesses followed up, and its inspection findings."""
    ctx = for_year(ds, ctx, year, level)
    name = unit["unit_name"]
    caption = Note(
        "caption",
        tm("strengths.unit_caption", ctx.lang, unit=unit["label"], region=ctx.region, year=year) + " " + rule(ctx.lang),
    )
    try:
        profile = tables.unit_strengths(ds, year, unit["unit_code"], lang=ctx.lang)
    except NotAssessed as exc:
        return [caption, Note("info", exc.message(ctx.lang))]
    paragraph = narrative.narrative(ds, year, unit["unit_code"], lang=ctx.lang)
    areas = profile["areas"]
    gaps = chart(
        value_bars,
        areas.assign(label=areas["area_name"]),
        "label",
        "gap_to_median",
        ctx,
        x_title=ctx.t("strengths.gap_axis"),
        diverging=True,
        name=("unit-areas-vs-peers", name, year),
        kind="bars",
        title=ctx.t("strengths.unit_gap_title", unit=name, region=ctx.region, year=year),
        subtitle=ctx.t("strengths.unit_gap_sub", level=_level_name(level, ctx)),
    )
    blocks = [
        caption,
        Note("subheader", ctx.t("strengths.narrative_header")),
        Note("text", paragraph),
        Note("copy", paragraph),
        gaps,
        Fold(
            tm("strengths.unit_areas_table", ctx.lang, unit=name, year=year),
            (table(areas.drop(columns=["area_code"]), ctx.lang, "unit-areas", name, year),),
        ),
    ]
    for part, empty in (("strengths", "no_unit_strengths"), ("weaknesses", "no_unit_weaknesses")):
        blocks.append(Note("subheader", tm(f"strengths.unit_{part}", ctx.lang, unit=name, year=year)))
        found = profile[part]
        blocks.append(
            Note("info", tm(f"strengths.{empty}", ctx.lang, unit=name))
            if found.empty
            else table(found, ctx.lang, part, name, year)
        )
    blocks.append(Note("subheader", tm("strengths.unit_remediation", ctx.lang, unit=name, prev=year - 1, year=year)))
    followed = tables.unit_remediation(ds, year, unit["unit_code"], lang=ctx.lang)
    if not followed.attrs.get("assessed_before", True):
        why = tables.why_not_before(ds, unit["unit_code"], year, level)
        blocks.append(Note("info", tm(f"strengths.not_before_{why}", ctx.lang, unit=name, prev=year - 1, first=year)))
    elif followed.empty:
        blocks.append(Note("info", tm("strengths.no_previous_weakness", ctx.lang, unit=name, prev=year - 1)))
    else:
        blocks.append(table(followed, ctx.lang, "remediation", name, year - 1, year))
    blocks.append(Note("subheader", tm("strengths.unit_findings", ctx.lang, unit=name)))
    found = tables.finding_table(ds, None, None, unit["unit_id"], lang=ctx.lang)
    if found.empty:
        return blocks + [Note("info", tm("strengths.no_unit_findings", ctx.lang, unit=name))]
    shown = _text_early(found.drop(columns=["unit", "unit_id", "unit_code", "area_code", "kind_code"]))
    return blocks + [Note("caption", ctx.t("strengths.findings_scores_note")), table(shown, ctx.lang, "findings", name)]


# --- findings -------------------------------------------------------------------------------


def finding_years(ds: Dataset, lang: str) -> Choice:
    years = tuple(sorted({int(y) for y in ds.years()}, reverse=True))
    labels = {ALL: i18n.t("strengths.all_years", lang)}
    return Choice("fyear", i18n.t("strengths.f_year", lang), (ALL, *years), labels)


def finding_filters(ds: Dataset, year: int | None, lang: str) -> dict[str, Choice]:
    """The filters of the findings browser for `year` (None: every year): district (a disabled
    box and its reason in a year without districts), unit, area, kind."""
    choices = tables.finding_choices(ds, year, lang=lang)
    districts, units, names = choices["districts"], choices["units"], area_names(ds, lang)
    found = {}
    if districts:
        labels = {ALL: i18n.t("strengths.all_districts", lang), **districts}
        found["district"] = Choice("fdistrict", i18n.t("strengths.f_district", lang), (ALL, *districts), labels)
    else:
        shown = year if year is not None else ALL
        found["district"] = Choice(
            "fdistrict_none",
            i18n.t("strengths.f_district", lang),
            (i18n.t("strengths.no_districts_short", lang, year=shown),),
            help=i18n.t("strengths.no_districts", lang, year=shown),
            disabled=True,
        )
    unit_labels = {ALL: i18n.t("strengths.all_units", lang), **units}
    found["unit"] = Choice(
        "funit", i18n.t("strengths.f_unit", lang), (ALL, *units), unit_labels, help=i18n.t("pages.search_help", lang)
    )
    found["area"] = Choice(
        "farea", i18n.t("strengths.f_area", lang), (ALL, *names), {ALL: i18n.t("strengths.all_areas", lang), **names}
    )
    kinds = {ALL: i18n.t("strengths.all_kinds", lang), **{k: i18n.t(f"analysis.kind.{k}", lang) for k in FINDING_KINDS}}
    found["kind"] = Choice("fkind", i18n.t("strengths.f_kind", lang), (ALL, *FINDING_KINDS), kinds)
    return found


def _found(ds, year, district, unit, area, kind, text, lang) -> pd.DataFrame:
    return tables.finding_table(ds, year, district, unit, area, kind, text or None, lang=lang)


def findings(ds: Dataset, filters: tuple, ctx: ChartContext) -> list:
    """The findings matching `filters` (year, district, unit, area, kind, text; None: any)."""
    found = _found(ds, *filters, ctx.lang)
    where = ctx.t("strengths.every_year") if filters[0] is None else str(filters[0])
    blocks = [Note("subheader", tm("strengths.findings_title", ctx.lang, n=len(found), region=ctx.region, years=where))]
    if found.empty:
        return blocks + [Note("info", ctx.t("strengths.no_findings"))]
    shown = _text_early(found.drop(columns=["unit_id", "unit_code", "area_code", "kind_code"]))
    return blocks + [table(shown, ctx.lang, "findings", where, height=420)]


def _text_early(found: pd.DataFrame) -> pd.DataFrame:
    """A findings table with the finding's text right after its kind: the column a reader looks
    for, in view on a phone before the scores."""
    columns = [c for c in found.columns if c != "text"]
    at = columns.index("kind") + 1 if "kind" in columns else 0
    return found[columns[:at] + ["text"] + columns[at:]]


def themes_choice(year: int | None, ctx: ChartContext) -> tuple[Note, Choice]:
    where = ctx.t("strengths.every_year") if year is None else str(year)
    labels = {v: ctx.t(f"strengths.themes_by.{v}") for v in ("text", "area")}
    title = Note("subheader", tm("strengths.themes_title", ctx.lang, region=ctx.region, years=where))
    return title, Choice("themes_by", ctx.t("strengths.themes_by"), ("text", "area"), labels, widget="radio")


def themes(ds: Dataset, filters: tuple, by: str, ctx: ChartContext) -> list:
    """The recurring themes among the findings matching `filters`."""
    found = tables.theme_table(_found(ds, *filters, ctx.lang), by, ctx.lang)
    if found.empty:
        return [Note("info", ctx.t("strengths.no_themes"))]
    where = ctx.t("strengths.every_year") if filters[0] is None else str(filters[0])
    return [
        Note("caption", ctx.t("strengths.themes_caption")),
        table(found, ctx.lang, "recurring-themes", by, where, height=400),
    ]


def findings_caption(ctx: ChartContext) -> Note:
    return Note("caption", tm("strengths.findings_caption", ctx.lang, region=ctx.region))
