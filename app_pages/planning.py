"""Kế hoạch kiểm tra (Inspection planning): a reproducible draw of communes to inspect, its weights
explained, inspection history and coverage, export and saved plans."""

import secrets

import streamlit as st

from cchc_metrics import i18n
from cchc_metrics.analysis import planning
from cchc_metrics.analysis.lineage import has_districts
from cchc_metrics.views import planning as plan_tables
from ui.auth import is_analyst
from ui.common import bound, cached, current_lang, download_buttons, load_dataset, number_table, paged, t, tabbed, tm
from ui.inputs import bound_number, bound_toggle, set_bound
from ui.markdown import escape

SEED_MAX = 999_999
GROUPINGS = ["district", "none"]
METHODS = ["plain", "weighted"]

ds = load_dataset()
lang = current_lang()
st.title(t("planpage.title"))
st.caption(t("planpage.caption"))

top = st.columns([1, 2, 1, 2])
year = bound(
    top[0].selectbox, t("planpage.year"), sorted(cached(plan_tables.plan_years, ds), reverse=True), "plan_year"
)
group_by = bound(
    top[1].radio,
    t("planpage.group_by"),
    GROUPINGS,
    "group",
    horizontal=True,
    format_func=lambda v: i18n.t(f"planpage.group.{v}", lang),
)
per_group = bound(top[2].selectbox, t(f"planpage.per_group.{group_by}"), list(range(1, 11)), "n", default=2)
method = bound(
    top[3].radio,
    t("planpage.method"),
    METHODS,
    "method",
    horizontal=True,
    format_func=lambda v: i18n.t(f"planpage.method.{v}", lang),
    help=t("planpage.method_help"),
)

row = st.columns([1, 1, 2], vertical_alignment="bottom")
row[1].button(
    t("planpage.new_seed"),
    icon=":material/casino:",
    on_click=set_bound,
    args=("seed", secrets.randbelow(SEED_MAX + 1)),
    help=t("planpage.new_seed_help"),
)
seed = bound_number(t("planpage.seed"), "seed", secrets.randbelow(SEED_MAX + 1), 0, SEED_MAX, container=row[0])
include_chronic = bound_toggle(
    t("planpage.chronic"), "chronic", True, container=row[2], help=t("planpage.chronic_help")
)

# the candidates do not depend on the seed: a new draw (a new visitor's seed) only draws
basis = cached(planning.basis_year, ds, year)
pool = planning.kept_candidates(ds, year, group_by, lang)  # the coverage below reads the same
if group_by == "district" and not cached(has_districts, ds, year):
    st.info(t("planpage.no_districts", year=year))


def draw_tab(tab: str) -> None:
    if tab == "plan":
        plan = planning.draw(
            ds,
            year,
            per_group,
            seed,
            weighted=method == "weighted",
            include_chronic=include_chronic,
            group_by=group_by,
            basis=basis,
            lang=lang,
            pool=pool,
        )
        if plan.units.empty:
            st.warning(t("plan.no_units", year=year))
        else:
            st.info(
                t(
                    "planpage.seed_line",
                    seed=seed,
                    year=year,
                    n=per_group,
                    method=t(f"planpage.method.{method}").lower(),
                ),
                icon=":material/key:",
            )
            used = plan.options["basis_year"]
            st.caption(t("planpage.basis", basis=used) if used is not None else t("planpage.no_basis"))
            chronic_count = int((plan.units["reason"] == "chronic").sum())
            cards = st.columns(3)
            cards[0].metric(t("planpage.drawn_units"), len(plan.units))
            cards[1].metric(t("planpage.chronic_units"), chronic_count)
            cards[2].metric(t("planpage.candidates"), len(plan.candidates))
            shown = plan_tables.shown_plan(plan, lang)
            headers = {c: t(f"planpage.col.{c}") for c in shown.columns}
            # two communes per district is 1,400 rows at national scale: searched and paged, downloaded whole
            found, visible = paged(shown, f"plan:{year}:{seed}", ["unit_name", "unit_code", "group_name"])
            number_table(
                visible.rename(columns=headers),
                width="stretch",
                column_config={t("planpage.col.explanation"): st.column_config.TextColumn(width="large")},
            )
            if method == "plain":
                st.caption(t("planpage.plain_weights"))
            with st.expander(t("planpage.explain_all"), icon=":material/help:"):
                st.markdown("\n".join(f"- {escape(line)}" for line in plan_tables.explanation_lines(visible)))
            download_buttons(found.rename(columns=headers), t("planpage.file.plan"), year, f"seed-{seed}")

            can_save = is_analyst()
            if st.button(
                t("planpage.save"),
                icon=":material/save:",
                disabled=not can_save,
                help=None if can_save else t("planpage.save_analysts_only"),
            ):
                try:
                    path = planning.save_plan(plan, ds.root)
                except OSError as exc:
                    st.error(tm("planpage.save_failed", error=str(exc)))
                else:
                    st.success(tm("plan.saved", path=path.name))
            if not can_save:
                st.caption(t("planpage.save_analysts_only"))

    elif tab == "coverage":
        last_years = bound(
            st.columns(4)[0].selectbox, t("planpage.coverage_years"), list(range(1, 11)), "cover", default=3
        )
        stale = cached(plan_tables.coverage_table, ds, year, last_years, group_by=group_by, lang=lang)
        st.caption(t("planpage.coverage_caption", n=len(stale), total=len(pool), years=last_years, year=year))
        if not stale.empty:
            cover = stale.rename(columns={c: t(f"planpage.col.{c}") for c in stale.columns})
            found, visible = paged(cover, f"cover:{year}:{last_years}")
            number_table(visible, width="stretch")
            download_buttons(found, t("planpage.file.coverage"), year, f"{last_years}y")

    elif tab == "history":
        history = cached(plan_tables.history_table, ds)
        if history.empty:
            st.info(t("planpage.no_history"))
        else:
            st.caption(t("planpage.history_caption", n=len(history)))
            inspected = history.rename(columns={c: t(f"planpage.col.{c}") for c in history.columns})
            found, visible = paged(inspected, "history")
            number_table(visible, width="stretch", height=320)
            download_buttons(found, t("planpage.file.history"))

    else:
        kept = plan_tables.saved_plans_table(ds.root)
        if kept.empty:
            st.info(t("planpage.no_saved"))
        else:
            number_table(kept.rename(columns={c: t(f"planpage.col.{c}") for c in kept.columns}), width="stretch")


# the sections one at a time: each is a table of up to a hundred rows, which the server formats
# (decimal commas) and the browser draws, so four at once were slow to open
tabbed(
    {
        "plan": t("planpage.plan_header", year=year),
        "coverage": t("planpage.coverage_header"),
        "history": t("planpage.history_header"),
        "saved": t("planpage.saved_header"),
    },
    "planning",
    draw_tab,
)
