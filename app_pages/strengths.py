"""Điểm mạnh – điểm yếu (Strengths and weaknesses): what to replicate, what to fix, per unit, and the findings."""

from functools import partial

import streamlit as st

from cchc_metrics import i18n
from cchc_metrics.analysis.common import NotAssessed
from cchc_metrics.analysis.peers import DEFAULT_RULE
from cchc_metrics.analysis.profiles import unit_options
from cchc_metrics.analysis.strengths import criterion_labels, theme_table
from cchc_metrics.engine.schema import FINDING_KINDS
from cchc_metrics.present.charts.analysis import gap_heatmap, pareto_chart
from cchc_metrics.present.charts.bars import value_bars
from cchc_metrics.present.labels import area_names
from cchc_metrics.present.paging import MAX_GROUPS, extreme_groups, extremes_note
from cchc_metrics.present.shortlist import ALL_AT_MOST
from ui.common import (
    bound,
    chart,
    chart_context,
    current_lang,
    data_years,
    level_picker,
    load_dataset,
    paged,
    show_chart,
    t,
    tabbed,
    tm,
    year_picker,
)
from ui.common import (
    cached as cached_result,
)
from ui.pickers import unit_picker
from ui.strengths import bound_text, cached, show_table

GRID_N = 20
PARETO_N = 15
CLAIM_N = 10
VIEWS = ["leaders", "unit", "findings"]
LEADER_TABS = ["exemplars", "weak", "lost", "chronic", "claims", "fixed"]
ALL = "all"

ds = load_dataset()
lang = current_lang()
# labels of choices are worded now: AppTest formats them after the run, outside the session
tr = partial(i18n.t, lang=lang)
ctx = chart_context(ds)
st.title(t("strengths.title"))
view = bound(
    st.radio,
    t("strengths.view"),
    VIEWS,
    "view",
    horizontal=True,
    label_visibility="collapsed",
    format_func=lambda v: tr(f"strengths.view.{v}"),
)
names = cached_result(area_names, ds, lang)
short = cached_result(area_names, ds, lang, short=True)
rule = t(
    "strengths.rule",
    q=DEFAULT_RULE.weak_below.upper(),
    gap=DEFAULT_RULE.min_gap_pct,
    q3=DEFAULT_RULE.strong_above.upper(),
)


if view in ("leaders", "unit"):
    year = year_picker(data_years(ds), container=st.sidebar)
    levels = cached("levels_in", ds, year)
    level = level_picker(levels, container=st.sidebar)
    level_name = t(f"levels.{level}")
    if "district" not in levels:
        st.info(t("strengths.no_districts", year=year))

if view == "leaders":
    st.caption(tm("strengths.leaders_caption", level=level_name, region=ctx.region, year=year) + " " + rule)

    def draw_tab(tab: str) -> None:
        if tab == "exemplars":
            exemplars = cached("exemplar_table", ds, year, level, lang=lang)
            st.subheader(tm("strengths.exemplars_title", level=level_name, region=ctx.region, year=year))
            if exemplars.empty:
                st.info(t("strengths.no_exemplars"))
            else:
                show_table(exemplars, "exemplars", level, year, height=420)
        elif tab == "weak":
            weakest = cached("weakness_grid", ds, year, level, lang=lang, top=GRID_N)
            units = weakest.attrs["units"]
            # a choice only while there is one: more units than the weakest GRID_N, and few enough
            # for a heatmap of them all to be read (10,600 rows at national scale); the subtitle says which
            if GRID_N < units <= ALL_AT_MOST:
                grid_show = bound(
                    st.radio,
                    t("pages.show"),
                    ["weakest", ALL],
                    "grid_show",
                    horizontal=True,
                    format_func=lambda v: tr(f"strengths.grid_show.{v}", n=GRID_N, total=units),
                )
            else:
                grid_show = "weakest"
            shown = cached("weakness_grid", ds, year, level, lang=lang) if grid_show == ALL else weakest
            wide = shown.set_index("label")[[c for c in names if c in shown.columns]].rename(columns=short)
            sub = t(
                "strengths.grid_sub_all" if grid_show == ALL or units <= GRID_N else "strengths.grid_sub",
                n=len(shown),
                total=units,
            )
            show_chart(
                chart(
                    gap_heatmap,
                    wide,
                    ctx,
                    t("strengths.grid_title", level=level_name, region=ctx.region, year=year),
                    sub,
                    t("strengths.gap_short"),
                ),
                "weakest-units-areas",
                level,
                year,
            )

            st.subheader(tm("strengths.weaknesses_title", level=level_name, region=ctx.region, year=year))
            weak = cached("weakness_list", ds, year, level, lang=lang)
            if weak.empty:
                st.info(t("strengths.no_weaknesses"))
            else:
                found, visible = paged(weak, f"weaknesses:{level}")
                show_table(visible, "weaknesses", level, year, height=400, every_row=found)
        elif tab == "lost":
            lost = cached("lost_points", ds, year, level, lang=lang)
            pareto_show = bound(
                st.radio,
                t("pages.show"),
                ["top", ALL],
                "pareto_show",
                horizontal=True,
                format_func=lambda v: tr(f"strengths.pareto_show.{v}", n=PARETO_N, total=len(lost)),
            )
            bars = lost if pareto_show == ALL else lost.head(PARETO_N)
            bars = bars.assign(label=criterion_labels(bars))
            top_share = float(bars["cumulative_pct"].iloc[-1]) if len(bars) else 0.0
            show_chart(
                chart(
                    pareto_chart,
                    bars,
                    ctx,
                    t("strengths.pareto_title", level=level_name, region=ctx.region, year=year),
                    t("strengths.pareto_sub", n=len(bars), total=len(lost), share=ctx.num(top_share, 1)),
                    t("strengths.pareto_bar"),
                    t("strengths.pareto_cumulative"),
                ),
                "points-lost-pareto",
                level,
                year,
            )
            with st.expander(t("strengths.pareto_table", level=level_name, year=year)):
                show_table(
                    lost[
                        [
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
                    ],
                    "points-lost",
                    level,
                    year,
                )

            st.subheader(tm("strengths.common_title", level=level_name, region=ctx.region, year=year))
            share = bound(
                st.select_slider,
                t("strengths.common_share"),
                [10, 20, 30, 40, 50, 60, 70, 80],
                "common_pct",
                default=50,
                format_func=lambda v: f"{v} %",
            )
            common = cached("common_weaknesses", ds, year, level, float(share), lang=lang)
            if common.empty:
                st.info(t("strengths.no_common", share=share))
            else:
                show_table(
                    common[
                        [
                            "criterion_code",
                            "criterion_name",
                            "area_name",
                            "below_half_pct",
                            "criterion_pct",
                            "points_lost",
                        ]
                    ],
                    "common-weaknesses",
                    level,
                    year,
                )
        elif tab == "chronic":
            st.subheader(tm("strengths.chronic_title", level=level_name, region=ctx.region, year=year))
            chronic = cached("still_chronic", ds, year, level, lang=lang)
            if chronic.empty:
                st.info(t("strengths.no_chronic", year=year))
            else:
                st.caption(t("strengths.chronic_caption"))
                found, visible = paged(chronic, f"chronic:{level}")
                show_table(visible, "chronic-weaknesses", level, year, height=400, every_row=found)
        elif tab == "claims":
            st.subheader(t("strengths.claim_header"))
            claims = cached("over_claimer_table", ds, year, level, None, lang=lang)
            claim_show = bound(
                st.radio,
                t("pages.show"),
                ["top", ALL],
                "claim_show",
                horizontal=True,
                format_func=lambda v: tr(f"strengths.claim_show.{v}", n=CLAIM_N, total=len(claims)),
            )
            claimed = claims if claim_show == ALL else claims.head(CLAIM_N)
            drawn = claimed.head(
                MAX_GROUPS
            )  # "all" at national scale is ten thousand units: the largest gaps are drawn
            show_chart(
                chart(
                    value_bars,
                    drawn,
                    "unit",
                    "gap_pct",
                    ctx,
                    t("strengths.claim_title", level=level_name, region=ctx.region, year=year),
                    t("strengths.claim_sub", n=len(drawn), total=len(claims)),
                    t("strengths.claim_axis"),
                ),
                "self-assessment-gap",
                level,
                year,
            )
            if len(drawn) < len(claimed):
                st.caption(t("paging.first_bars", shown=len(drawn), total=len(claimed)))
            found, visible = paged(claimed, f"claimed:{level}")
            show_table(visible, "over-claimers", level, year, every_row=found)
        elif tab == "fixed":
            st.subheader(tm("strengths.fixed_title", level=level_name, region=ctx.region, prev=year - 1, year=year))
            fixed = cached("fixed_by_district", ds, year, level).drop(columns=["district_code"])
            if fixed.empty:
                st.info(t("strengths.no_previous", prev=year - 1, level=level_name))
            else:
                followed = fixed.dropna(subset=["share_fixed_pct"])
                if followed.empty:
                    st.info(t("strengths.none_followed", prev=year - 1, year=year))
                else:
                    # one bar per district would be 700 at national scale: the best and the worst are drawn
                    # (of equal shares, the districts with more weaknesses followed: 100 % of 5 before 100 % of 1)
                    drawn, districts = extreme_groups(
                        followed.reset_index(), "index", "share_fixed_pct", evidence="followed"
                    )
                    show_chart(
                        chart(
                            value_bars,
                            drawn.drop(columns="index"),
                            "district_name",
                            "share_fixed_pct",
                            ctx,
                            t("strengths.fixed_chart", level=level_name, region=ctx.region, prev=year - 1, year=year),
                            t("strengths.fixed_sub") + extremes_note(len(drawn), districts, lang),
                            t("strengths.fixed_axis"),
                            suffix=" %",
                            notes=[f"({k}/{n})" for k, n in zip(drawn["fixed"], drawn["followed"])],
                        ),
                        "weaknesses-fixed",
                        level,
                        year,
                    )
                found, visible = paged(fixed, f"fixed:{level}")
                show_table(visible, "weaknesses-fixed", level, year - 1, year, every_row=found)

    tabbed({code: t(f"tab.strengths.{code}") for code in LEADER_TABS}, "strengths", draw_tab)

elif view == "unit":
    options = cached_result(unit_options, ds, year, level, lang)
    code = unit_picker(options, t("strengths.pick_unit"), key="unit", container=st.sidebar)
    unit = options[options["unit_code"] == code].iloc[0]
    name = unit["unit_name"]
    st.caption(tm("strengths.unit_caption", unit=unit["label"], region=ctx.region, year=year) + " " + rule)
    try:
        profile = cached("unit_strengths", ds, year, code, lang=lang)
    except NotAssessed as exc:
        st.info(exc.message(lang))
        st.stop()

    st.subheader(t("strengths.narrative_header"))
    paragraph = cached("narrative", ds, year, code, lang=lang)
    with st.container(border=True):
        st.text(paragraph)
    # no key: the box belongs to this paragraph, so another unit, year or language gets a fresh one
    st.text_area(t("strengths.narrative_copy"), paragraph, height=140)

    areas = profile["areas"]
    gaps = areas.assign(label=areas["area_name"])
    show_chart(
        chart(
            value_bars,
            gaps,
            "label",
            "gap_to_median",
            ctx,
            t("strengths.unit_gap_title", unit=name, region=ctx.region, year=year),
            t("strengths.unit_gap_sub", level=level_name),
            t("strengths.gap_axis"),
            diverging=True,
        ),
        "unit-areas-vs-peers",
        name,
        year,
    )
    with st.expander(tm("strengths.unit_areas_table", unit=name, year=year)):
        show_table(areas.drop(columns=["area_code"]), "unit-areas", name, year)

    st.subheader(tm("strengths.unit_strengths", unit=name, year=year))
    if profile["strengths"].empty:
        st.info(tm("strengths.no_unit_strengths", unit=name))
    else:
        show_table(profile["strengths"], "strengths", name, year)

    st.subheader(tm("strengths.unit_weaknesses", unit=name, year=year))
    if profile["weaknesses"].empty:
        st.info(tm("strengths.no_unit_weaknesses", unit=name))
    else:
        show_table(profile["weaknesses"], "weaknesses", name, year)

    st.subheader(tm("strengths.unit_remediation", unit=name, prev=year - 1, year=year))
    followed = cached("unit_remediation", ds, year, code, lang=lang)
    if not followed.attrs.get("assessed_before", True):
        st.info(tm("strengths.not_assessed_before", unit=name, prev=year - 1))
    elif followed.empty:
        st.info(tm("strengths.no_previous_weakness", unit=name, prev=year - 1))
    else:
        show_table(followed, "remediation", name, year - 1, year)

    st.subheader(tm("strengths.unit_findings", unit=name))
    found = cached("finding_table", ds, None, None, unit["unit_id"], lang=lang)
    if found.empty:
        st.info(tm("strengths.no_unit_findings", unit=name))
    else:
        st.caption(t("strengths.findings_scores_note"))
        show_table(found.drop(columns=["unit", "unit_id", "unit_code", "area_code", "kind_code"]), "findings", name)

else:
    st.caption(tm("strengths.findings_caption", region=ctx.region))
    years = sorted({int(y) for y in data_years(ds)}, reverse=True)
    row = st.columns(3)
    fyear = bound(
        row[0].selectbox,
        t("strengths.f_year"),
        [ALL, *years],
        "fyear",
        format_func=lambda v: tr("strengths.all_years") if v == ALL else str(v),
    )
    year_arg = None if fyear == ALL else int(fyear)
    choices = cached("finding_choices", ds, year_arg, lang=lang)
    districts = choices["districts"]
    if districts:
        fdistrict = bound(
            row[1].selectbox,
            t("strengths.f_district"),
            [ALL, *districts],
            "fdistrict",
            format_func=lambda v: tr("strengths.all_districts") if v == ALL else districts[v],
        )
    else:
        fdistrict = ALL
        row[1].selectbox(
            t("strengths.f_district"),
            [t("strengths.no_districts_short", year=fyear)],
            disabled=True,
            key="fdistrict_none",
            help=t("strengths.no_districts", year=fyear),
        )
    units = choices["units"]
    funit = bound(
        row[2].selectbox,
        t("strengths.f_unit"),
        [ALL, *units],
        "funit",
        format_func=lambda v: tr("strengths.all_units") if v == ALL else units[v],
        help=t("pages.search_help"),
    )
    row = st.columns(3)
    farea = bound(
        row[0].selectbox,
        t("strengths.f_area"),
        [ALL, *names],
        "farea",
        format_func=lambda v: tr("strengths.all_areas") if v == ALL else names[v],
    )
    fkind = bound(
        row[1].selectbox,
        t("strengths.f_kind"),
        [ALL, *FINDING_KINDS],
        "fkind",
        format_func=lambda v: tr("strengths.all_kinds") if v == ALL else tr(f"analysis.kind.{v}"),
    )
    query_text = bound_text(t("strengths.f_text"), "q", container=row[2], help=t("strengths.f_text_help"))
    found = cached(
        "finding_table",
        ds,
        year_arg,
        None if fdistrict == ALL else fdistrict,
        None if funit == ALL else funit,
        None if farea == ALL else farea,
        None if fkind == ALL else fkind,
        query_text or None,
        lang=lang,
    )
    where = t("strengths.every_year") if fyear == ALL else str(fyear)
    st.subheader(tm("strengths.findings_title", n=len(found), region=ctx.region, years=where))
    if found.empty:
        st.info(t("strengths.no_findings"))
    else:
        show_table(
            found.drop(columns=["unit_id", "unit_code", "area_code", "kind_code"]), "findings", where, height=420
        )

    st.subheader(tm("strengths.themes_title", region=ctx.region, years=where))
    by = bound(
        st.radio,
        t("strengths.themes_by"),
        ["text", "area"],
        "themes_by",
        horizontal=True,
        format_func=lambda v: tr(f"strengths.themes_by.{v}"),
    )
    themes = theme_table(found, by, lang)
    if themes.empty:
        st.info(t("strengths.no_themes"))
    else:
        st.caption(t("strengths.themes_caption"))
        show_table(themes, "recurring-themes", by, where, height=400)
