"""Sắp xếp đơn vị (Reorganisation): a unit's history through its predecessors, an old unit's story
to where it merged, the lineage links, communes by former district, and the official-list check."""

import streamlit as st

from cchc_metrics.analysis import reorganisation
from cchc_metrics.present.charts.lineage import lineage_history_line
from cchc_metrics.publish.officiallist import OfficialListUnavailable
from ui.common import (
    bound,
    cached,
    chart,
    chart_context,
    current_lang,
    download_buttons,
    load_dataset,
    number_table,
    show_chart,
    t,
    tm,
)
from ui.markdown import escape

ds = load_dataset()
lang = current_lang()
ctx = chart_context(ds)
st.title(t("reorg.title"))
st.caption(tm("reorg.caption", region=ctx.region))

choices = cached(reorganisation.unit_choices, ds, lang)
labels = dict(zip(choices["unit_id"], choices["label"]))
unit_id = bound(
    st.selectbox, t("reorg.pick"), list(labels), "version", format_func=labels.get, help=t("reorg.pick_help")
)
unit = choices[choices["unit_id"] == unit_id].iloc[0]
code, year, name = unit["unit_code"], int(unit["year"]), unit["unit_name"]

# --- history through predecessors
history = cached(reorganisation.history_table, ds, code, year, lang)
inherited = history[history["basis"] == "predecessors"]
lines = cached(reorganisation.history_lines, ds, code, year, lang)
span = f"{lines['year'].min()}–{lines['year'].max()}" if len(lines) else ""
names = {k: t(f"reorg.series.{k}") for k in ("own", "predecessors", "partial", "successor")}
fig = chart(
    lineage_history_line,
    lines,
    ctx,
    t("reorg.history_title", unit=unit["title"], region=ctx.region, years=span),
    t("reorg.history_sub"),
    names,
    y_title=t("reorg.index_axis"),
)
show_chart(fig, t("reorg.file.history"), code, unit["years_text"])
if len(inherited):
    st.info(
        tm("reorg.through_note", name=name, first=int(inherited["year"].min()), last=int(inherited["year"].max())),
        icon=":material/history:",
    )
    partial_years = inherited[inherited["partial"] == True]["year"].tolist()  # noqa: E712 (nullable column)
    if partial_years:
        st.warning(
            t("reorg.partial_note", years=reorganisation.year_ranges(partial_years)), icon=":material/call_split:"
        )
if unit["level"] == "district" and unit["ended"]:
    st.info(tm("reorg.district_abolished", name=name, last=int(unit["valid_to_year"])))

shown = history[["year_label", "basis_text", "index_pct", "members", "partial_members", "member_names"]]
shown = shown.rename(columns={c: t(f"reorg.col.{c}") for c in shown.columns})
with st.expander(t("reorg.history_table"), icon=":material/table:"):
    number_table(shown, width="stretch")
    download_buttons(shown, t("reorg.file.history"), code, year)

# --- an old unit's story: where it ended
ending = cached(reorganisation.ending_text, ds, code, year, lang)
if ending:
    st.subheader(tm("reorg.story_header", name=name))
    st.info(escape(ending), icon=":material/merge:")
    story = cached(reorganisation.story_table, ds, code, year, lang)
    story = story.rename(columns={c: t(f"reorg.col.{c}") for c in story.columns})
    number_table(story, width="stretch")
    download_buttons(story, t("reorg.file.story"), code, year)

# --- direct and further links of the chosen unit
st.subheader(tm("reorg.neighbours_header", name=name))
near = cached(reorganisation.neighbours_table, ds, code, year, lang)
if near.empty:
    st.info(tm("lineage.none", unit=f"{name} ({code})", year=year))
else:
    number_table(near.rename(columns={c: t(f"reorg.col.{c}") for c in near.columns}), width="stretch")

# --- communes by former district, in years without districts
first_flat = cached(reorganisation.first_year_without_districts, ds)
if first_flat is not None:
    st.subheader(t("reorg.former_header", year=first_flat))
    st.info(t("lineage.no_districts", year=first_flat), icon=":material/info:")
    groups = cached(reorganisation.former_district_table, ds, first_flat, lang)
    groups = groups.rename(columns={c: t(f"reorg.col.{c}") for c in groups.columns})
    number_table(groups, width="stretch")
    download_buttons(groups, t("reorg.file.former"), first_flat)

# --- every lineage link
st.subheader(t("reorg.links_header"))
links = cached(reorganisation.links_table, ds, lang)
if links.empty:
    st.info(t("reorg.no_links"))
else:
    links = links.rename(columns={c: t(f"reorg.col.{c}") for c in links.columns})
    number_table(links, width="stretch", height=360)
    download_buttons(links, t("reorg.file.links"))

# --- the official list
check_year = first_flat if first_flat is not None else max(ds.years())
st.subheader(t("reorg.official_header", year=check_year))
st.caption(t("reorg.official_caption"))
try:
    issues = reorganisation.official_check(ds, check_year, lang)
except OfficialListUnavailable as exc:
    st.warning(exc.message(lang), icon=":material/cloud_off:")
else:
    if issues.empty:
        st.success(t("reorg.official_ok", year=check_year))
    else:
        issues = issues.drop(columns=["issue"])
        issues = issues.rename(columns={c: t(f"reorg.col.{c}") for c in issues.columns})
        number_table(issues, width="stretch")
        download_buttons(issues, t("reorg.file.official"), check_year)
