"""What several pages share: the chart context, the year, level, unit and area choices, the index
cards of a unit, and a chart made from a builder and its words.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.lineage import has_districts
from cchc_metrics.analysis.overview import band_counts
from cchc_metrics.analysis.profiles import district_communes, level_years, unit_options
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.engine.schema import LEVELS
from cchc_metrics.present.charts.common import ChartContext
from cchc_metrics.present.labels import area_names, sort_key
from cchc_metrics.present.shortlist import show_choices
from cchc_metrics.present.text import tm
from cchc_metrics.views.model import Card, Chart, Choice, Link, Note, Opener


def context(ds: Dataset, lang: str, presentation: bool = False, compact: bool = False) -> ChartContext:
    """The chart context of the data directory (region, source, demo note) in `lang`; a dataset
    scoped to a former province (Dataset.scoped) is named after it. `compact`: for a phone."""
    ctx = ChartContext.from_about(ds.about, lang, presentation, compact)
    if ds.province is not None:
        ctx = replace(ctx, region=ctx.t("scope.region", province=ds.province))
    return ctx


def for_year(ds: Dataset, ctx: ChartContext, year: int, level: str) -> ChartContext:
    """`ctx` for the results of `year` and `level`: marked as a draft unless publications.csv says
    they were published (a year it does not list counts as published), naming the decision."""
    found = ds.query("publication", year=int(year), level=level)
    if found.empty:
        return ctx
    row = found.iloc[0]
    if row["status"] != "published":
        return replace(ctx, draft=True, decision="")
    decision = row["decision"] if isinstance(row["decision"], str) else ""
    if decision and not pd.isna(row["decision_date"]):
        decision = ctx.t(
            "chart.decision_dated", decision=decision, date=pd.Timestamp(row["decision_date"]).strftime("%d/%m/%Y")
        )
    return replace(ctx, draft=False, decision=decision)


def province_choice(ds: Dataset, year: int, lang: str) -> Choice | None:
    """Which former province to show, for a year whose units came from several (?province=);
    None for any other year."""
    provinces = sorted(ds.province_years().get(int(year), []), key=sort_key)
    if not provinces:
        return None
    return Choice(
        "province", i18n.t("scope.province", lang), tuple(provinces), help=i18n.t("scope.help", lang, year=year)
    )


def in_province(ds: Dataset, ctx: ChartContext, province: str | None) -> tuple[Dataset, ChartContext]:
    """`ds` and `ctx` as the former `province` saw its years (Dataset.scoped): its units only,
    and every title names it instead of the merged province. Unchanged for None."""
    if province is None:
        return ds, ctx
    scoped = ds.scoped(province)
    return scoped, context(scoped, ctx.lang, ctx.presentation, ctx.compact)


def province_note(year: int, province: str, lang: str) -> Note:
    """What a year of several former provinces means for its rankings."""
    return Note("info", tm("scope.note", lang, year=year, province=province), icon=":material/account_tree:")


def status_note(ds: Dataset, year: int, level: str, lang: str) -> Note | None:
    """On screen, what every chart of a draft year says in its image: these results are a draft."""
    found = ds.query("publication", year=int(year), level=level)
    if found.empty or found["status"].iloc[0] == "published":
        return None
    status = i18n.t(f"publication.status.{found['status'].iloc[0]}", lang)
    level_name = i18n.t(f"levels.{level}", lang)
    return Note("warning", i18n.t("publication.draft_note", lang, level=level_name, year=year, status=status))


def chart(build, *args, name: tuple, kind: str, title: str, subtitle: str = "", opens: tuple = (), **kwargs) -> Chart:
    """`build(*args, title=title, subtitle=subtitle, **kwargs)` as a Chart (every builder of
    present.charts takes its data and context, then `title` and `subtitle`). `opens`: what a
    click on a unit opens (Chart.opens)."""
    return Chart(build(*args, title=title, subtitle=subtitle, **kwargs), name, kind, title, subtitle, opens)


def opens_scorecard(level: str, year: int) -> Link:
    """Chart.opens for a ranking of `level` in `year`: a click on a unit opens its scorecard."""
    return Link("app_pages/scorecard.py", "unit", int(year), level)


def scorecard_button(level: str, year: int, code: str, lang: str) -> Opener:
    """The button of a unit's page that opens its scorecard of `year`."""
    return Opener(
        i18n.t("scorecard.open", lang), opens_scorecard(level, year), str(code), i18n.t("scorecard.open_help", lang)
    )


def span(years: list[int]) -> str:
    """ "2014–2025", or the one year."""
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def bands(ds: Dataset, year: int, level: str, lang: str) -> list[str]:
    """The band labels in force in `year`, best first."""
    return list(band_counts(ds, year, level, lang)["band"])


def year_choice(
    years: list[int], lang: str, key: str = "year", of_data: list[int] | None = None, why: str = "", instead: str = ""
) -> Choice:
    """A year, newest first (?year=): the page opens on the newest.

    `of_data`: every year of the data. A page without the newest of them (no districts from 2025,
    departments scored from 2022) says under the picker which years it has and `why`; and when a
    year it has not is asked for (the link, or the year picked on another page) it opens on its
    newest, saying so with the text of the key `instead` ({year}, {shown}; drawn by ui.state.choice)."""
    options = tuple(sorted(years, reverse=True))
    note, unavailable = None, {}
    if of_data and options and max(of_data) > options[0]:
        note = i18n.t("app.page_years", lang, years=span(sorted(years)), why=why)
    if of_data and options and instead:
        missing = sorted(set(of_data) - set(years))
        unavailable = {year: i18n.t(instead, lang, year=year, shown=options[0]) for year in missing}
    return Choice(key, i18n.t("app.year", lang), options, note=note, unavailable=unavailable)


def data_levels(ds: Dataset) -> list[str]:
    """The levels with scores in any year, in the contract's order."""
    return [level for level in LEVELS if level_years(ds, level)]


def level_choice(levels: list[str], lang: str, key: str = "level") -> Choice:
    """District, commune or department, of those given (?level=)."""
    options = tuple(levels or ("district", "commune"))
    return Choice(
        key, i18n.t("app.level", lang), options, {v: i18n.t(f"level.{v}", lang) for v in options}, widget="radio"
    )


# A longer list of units is picked in two steps, the district first: a list sent whole to the
# browser costs its size at every rerun (10,600 communes: 420 KB), and nobody scrolls it.
UNGROUPED_UNITS = 400


def group_labels(names: pd.Series, codes: pd.Series) -> list:
    """Group names, each with its code where one name stands for several groups (two former
    districts named Châu Thành): a picker never merges two districts into one."""
    known = pd.DataFrame({"name": names, "code": codes}).dropna()
    counts = known.groupby("name")["code"].nunique()
    shared = set(counts[counts > 1].index)
    return [f"{n} ({c})" if n in shared and pd.notna(c) else n for n, c in zip(names, codes)]


def unit_choice(options: pd.DataFrame, label: str, key: str, lang: str, group_label: str = "") -> Choice:
    """A searchable list of units (profiles.unit_options), kept in the link by unit code.

    More than UNGROUPED_UNITS units, each in a group (a commune's district or former district),
    are picked group first, under `group_label`."""
    labels = dict(zip(options["unit_code"], options["label"]))
    grouped = group_label and len(options) > UNGROUPED_UNITS and options["group_name"].notna().all()
    groups = (
        dict(zip(options["unit_code"], group_labels(options["group_name"], options["group_code"]))) if grouped else {}
    )
    return Choice(
        key,
        label,
        tuple(labels),
        labels,
        help=i18n.t("pages.search_help", lang),
        groups=groups,
        group_label=group_label if grouped else "",
    )


def level_units(
    ds: Dataset, year: int, level: str, lang: str, label_key: str, key: str, within: str | None = None
) -> Choice:
    """The units of `level` valid in `year` as a Choice (see unit_choice; communes are grouped by
    district, or by former district in a year without districts). `within`: the code of the
    district the reader chose (on the district page): the list opens on its best commune.

    The list itself is made once per data version (Dataset.kept): 10,600 communes take a tenth of
    a second, and every district chosen would otherwise make it again."""
    choice = ds.kept(
        ("level_units", int(year), level, lang, label_key, key),
        lambda: _level_list(ds, year, level, lang, label_key, key),
    )
    if within and level == "commune":
        of_district = district_communes(ds, year, str(within), lang)["unit_code"].tolist()  # best first
        if of_district and of_district[0] in choice.options:
            choice = replace(choice, default=of_district[0])
    return choice


def _level_list(ds: Dataset, year: int, level: str, lang: str, label_key: str, key: str) -> Choice:
    group_label = ""
    if level == "commune":
        districts = has_districts(ds, year)
        group_label = i18n.t("pages.pick_district" if districts else "pages.pick_former_district", lang)
    return unit_choice(unit_options(ds, year, level, lang), i18n.t(label_key, lang), key, lang, group_label)


def unit_of(ds: Dataset, year: int, level: str, code: str, lang: str) -> dict:
    """The picked unit's row of profiles.unit_options (unit_id, unit_code, unit_name, group_name,
    label). Raises KeyError when no unit of that code is valid in `year`."""
    options = unit_options(ds, year, level, lang)
    rows = options[options["unit_code"] == code]
    if rows.empty:
        raise KeyError(code)
    return rows.iloc[0].to_dict()


def area_choice(ds: Dataset, lang: str, key: str = "area") -> Choice:
    """A reform area (?area=<code>)."""
    names = area_names(ds, lang)
    return Choice(key, i18n.t("pages.area", lang), tuple(names), names)


def show_choice(key: str, n: int, total: int, lang: str) -> Choice | None:
    """Top N, bottom N or all of a ranking (shortlist.show_choices); None when all fit."""
    options = show_choices(total, n)
    if options == ["all"]:
        return None
    labels = {v: i18n.t(f"pages.show_{v}", lang, n=n, total=total) for v in options}
    return Choice(key, i18n.t("pages.show", lang), tuple(options), labels, widget="radio")


def data_years(ds: Dataset) -> list[int]:
    """The years with scores, oldest first."""
    return ds.years()


def years_of(ds: Dataset, level: str) -> list[int]:
    """The years units of `level` were scored, oldest first."""
    return level_years(ds, level)


def index_cards(row: pd.Series | dict, ctx: ChartContext) -> tuple[Card, Card]:
    """The index with its change and the rank with its change, from a profiles.unit_years row."""
    delta = row["delta_pct"]
    change = row["rank_change"]
    # a unit formed that year is compared with its predecessors, and says so
    basis = " " + ctx.t("unit.vs_predecessors") if row.get("delta_basis") == "predecessors" else ""
    index = Card(
        ctx.t("pages.index"),
        ctx.num(row["index_pct"]) + " %",
        delta=None if pd.isna(delta) else ctx.num(delta, signed=True) + " " + ctx.t("unit.points_pct") + basis,
        help=ctx.t("unit.delta_predecessors") if basis else None,
    )
    rank = Card(
        ctx.t("pages.rank"),
        ctx.t("pages.rank_of", rank=row["rank"], n=row["ranked_units"]),
        delta=None if pd.isna(change) else ctx.t("pages.rank_change", n=int(change)),
    )
    return index, rank
