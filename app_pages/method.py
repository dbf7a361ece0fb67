"""Phương pháp & dữ liệu (Method and data): how scores are computed and what the data hold."""

import streamlit as st

from cchc_metrics.analysis.method import band_table, coverage, coverage_grid, framework, framework_year, is_synthetic
from cchc_metrics.present.charts.years import year_lines
from cchc_metrics.present.labels import area_names
from ui.common import (
    cached,
    chart,
    chart_context,
    current_lang,
    data_years,
    download_buttons,
    level_picker,
    load_dataset,
    number_table,
    show_chart,
    t,
    tabbed,
    tm,
    year_picker,
)

ds = load_dataset()
lang = current_lang()
ctx = chart_context(ds)
st.title(t("method.title"))
if cached(is_synthetic, ds):
    st.warning(tm("method.synthetic", region=ctx.region), icon=":material/science:")
else:
    st.success(tm("method.real", region=ctx.region, source=ctx.source))

level = level_picker(container=st.sidebar)
level_name = t(f"levels.{level}")
names = cached(area_names, ds, lang)
table = cached(framework, ds, level, lang).rename(columns=names)
table = table.rename(columns={c: t(f"col.{c}") for c in ("year", "criteria", "max_points")})
years = sorted(int(y) for y in table[t("col.year")])
year = year_picker(years, container=st.sidebar)


def draw_tab(tab: str) -> None:
    if tab == "how":
        st.markdown(t("method.how_text"))
    elif tab == "framework":
        st.caption(t("method.framework_caption", level=t(f"level.{level}")))
        number_table(table)
        download_buttons(table, "framework", level)
        one = cached(framework_year, ds, year, level, lang)
        one = one.rename(columns={c: t(f"col.{c}") for c in one.columns})
        st.markdown("**" + t("method.framework_year", level=level_name, year=year) + "**")
        number_table(one)
        download_buttons(one, "framework", level, year)
    elif tab == "bands":
        bands = cached(band_table, ds, lang)
        bands = bands.rename(columns={c: t(f"col.{c}") for c in bands.columns})
        number_table(bands)
        download_buttons(bands, "bands")
    else:
        cover = cached(coverage, ds)
        lines = cover.assign(series=cover["level"].map(lambda v: t(f"level.{v}")), value=cover["units_scored"])
        all_years = data_years(ds)
        span = f"{all_years[0]}–{all_years[-1]}"
        show_chart(
            chart(
                year_lines,
                lines[["year", "series", "value"]],
                ctx,
                t("method.coverage_title", region=ctx.region, years=span),
                t("method.coverage_sub"),
                t("method.units_axis"),
                percent=False,
                years=all_years,
                height=420,
            ),
            "coverage",
            span,
        )
        shown = cover.assign(level=cover["level"].map(lambda v: t(f"level.{v}")))
        shown = shown.rename(columns={c: t(f"col.{c}") for c in shown.columns})
        number_table(shown)
        download_buttons(shown, "coverage")

        st.markdown("**" + t("method.grid_title", level=level_name) + "**")
        st.caption(t("method.grid_caption"))
        grid = cached(coverage_grid, ds, level)
        grid.columns = [str(c) for c in grid.columns]
        grid = grid.reset_index().rename(columns={"unit": t("col.unit_name")})
        number_table(grid)
        download_buttons(grid, "units-by-year", level)


# one section at a time: each is a few tables the server formats and the browser draws
tabbed(
    {
        "how": t("method.how_header"),
        "framework": t("method.framework_header"),
        "bands": t("method.bands_header"),
        "coverage": t("method.coverage_header"),
    },
    "method",
    draw_tab,
)
