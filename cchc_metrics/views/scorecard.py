"""Hồ sơ đơn vị (Unit scorecard): one unit and year on one page and one printed A4 sheet.

The index, band and rank with their change; every area's %, rank, gaps to the level's median
and best unit and its trend (analysis.scorecard's rule, stated on the page); the three
strengths to replicate and three weaknesses to fix with whom to learn from; last year's
weaknesses and what became of them; the year's inspection findings. The page and the PDF are
built from the same document (present.scorecard_file.Scorecard).
"""

from __future__ import annotations

from functools import partial

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis import strengths as tables
from cchc_metrics.analysis.common import NotAssessed
from cchc_metrics.analysis.scorecard import MIN_CHANGE_POINTS, area_card
from cchc_metrics.analysis.targets import target_checks
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.charts.common import ChartContext, slug
from cchc_metrics.present.scorecard_file import (
    FontUnavailable,
    Scorecard,
    Section,
    pdf_bytes,
    scorecard_png,
    serif_font,
)
from cchc_metrics.present.text import escape, tm
from cchc_metrics.views import profile
from cchc_metrics.views.common import data_levels, for_year, index_cards, level_choice, status_note
from cchc_metrics.views.model import Card, Download, Note, Table

TOP = 3  # strengths and weaknesses on the page
ARROWS = {"up": "↑", "down": "↓", "steady": "→"}
PDF_MIME = "application/pdf"


def levels(ds: Dataset, lang: str):
    """The level choice (?level=): the levels with scores in any year."""
    return level_choice(data_levels(ds), lang)


def _h(key: str, lang: str) -> str:
    return i18n.t(f"scorecard.col.{key}", lang)


def _trend_word(trend: str | None, lang: str) -> str:
    if trend is None:
        return i18n.t("scorecard.trend.none", lang)
    return f"{ARROWS[trend]} {i18n.t(f'scorecard.trend.{trend}', lang)}"


def _unit_targets(ds: Dataset, year: int, level: str, unit: dict, lang: str) -> pd.DataFrame:
    """The unit's rows of targets.target_checks: its index and areas against their targets."""
    checks = target_checks(ds, year, level, lang)
    return checks[checks["unit_id"] == unit["unit_id"]].reset_index(drop=True)


def areas_section(ds: Dataset, year: int, level: str, unit: dict, ctx: ChartContext) -> Section:
    """Every area: %, rank among peers, gaps to the median and the best, change and trend, and
    its target when the province set one (the areas below it named under the title)."""
    card = area_card(ds, year, unit["unit_id"], ctx.lang)
    lang = ctx.lang
    targets = _unit_targets(ds, year, level, unit, lang)
    targets = targets[targets["area_code"].notna()]
    frame = pd.DataFrame(
        {
            _h("area", lang): card["area_name"],
            _h("pct", lang): card["pct"].astype(float),
            _h("rank", lang): [f"{int(r)}/{int(n)}" for r, n in zip(card["area_rank"], card["peers"])],
            _h("gap_to_median", lang): card["gap_to_median"].astype(float),
            _h("gap_to_best", lang): card["gap_to_best"].astype(float),
            _h("change", lang): card["change"].astype(float),
            _h("trend", lang): [_trend_word(t, lang) for t in card["trend"]],
        }
    )
    widths = (34, 10, 9, 12, 13, 11, 11)
    note = ctx.t("scorecard.rule", points=ctx.num(MIN_CHANGE_POINTS, 0))
    if not targets.empty:
        by_area = dict(zip(targets["area_code"], targets["min_pct"].astype(float)))
        frame[ctx.t("targets.col.min_pct")] = [by_area.get(c, float("nan")) for c in card["area_code"]]
        widths = (30, 9, 8, 11, 12, 11, 10, 9)
        low = targets[~targets["met"]]
        listed = "; ".join(
            ctx.t("targets.area_below", area=a, pct=ctx.num(p), target=ctx.num(m))
            for a, p, m in zip(low["area_name"], low["pct"], low["min_pct"])
        )
        if len(low) == len(targets) and len(low) > 2:  # every area: a count, not a list of them all
            listed = ctx.t("targets.areas_all_below", n=len(low), target=ctx.num(float(low["min_pct"].max())))
            note += " " + listed
        else:
            note += " " + (ctx.t("targets.areas_below", areas=listed) if listed else ctx.t("targets.areas_all_met"))
    signed = tuple(_h(c, lang) for c in ("gap_to_median", "gap_to_best", "change"))
    return Section(
        ctx.t("scorecard.areas_title", year=year),
        frame,
        ctx.t("scorecard.no_areas"),
        widths=widths,
        signed=signed,
        note=note,
    )


def target_figure(ds: Dataset, year: int, level: str, unit: dict, ctx: ChartContext) -> Card | None:
    """The index's target and whether the unit met it; None without one."""
    found = _unit_targets(ds, year, level, unit, ctx.lang)
    found = found[found["area_code"].isna()]
    if found.empty:
        return None
    row = found.iloc[0]
    value = ctx.num(row["min_pct"]) + " %"
    if row["met"]:
        return Card(ctx.t("targets.card"), value, delta=ctx.t("targets.card_met"), delta_arrow="off")
    # red, pointing down: a shortfall (its words carry no sign for Streamlit to read)
    short = ctx.t("targets.card_not_met", gap=ctx.num(-row["gap"]))
    return Card(ctx.t("targets.card"), value, delta=short, delta_color="inverse", delta_arrow="down")


def _item(scope_rows: pd.DataFrame) -> list[str]:
    return [
        f"{a} – {c} {n}".strip() if code else a
        for a, c, n, code in zip(
            scope_rows["area_name"],
            scope_rows["criterion_code"],
            scope_rows["criterion_name"],
            scope_rows["criterion_code"],
        )
    ]


def _first(rows: pd.DataFrame, ascending: bool) -> pd.DataFrame:
    """The TOP rows to act on: areas first (a weak area names whom to learn from), then
    criteria, each by the size of the gap to the peers' median."""
    order = rows.assign(_criterion=rows["criterion_code"] != "", _gap=rows["gap_to_median"] * (1 if ascending else -1))
    return order.sort_values(["_criterion", "_gap"], kind="stable").head(TOP)


def strength_sections(ds: Dataset, year: int, unit: dict, ctx: ChartContext) -> tuple[Section, Section]:
    """The three largest strengths (areas or criteria above the peers' median) and the three
    largest weaknesses with whom to learn from (analysis.strengths.unit_strengths)."""
    lang = ctx.lang
    found = tables.unit_strengths(ds, year, unit["unit_code"], lang=lang)
    strong = _first(found["strengths"], ascending=False)
    weak = _first(found["weaknesses"], ascending=True)
    strong_frame = pd.DataFrame(
        {
            _h("item", lang): _item(strong),
            _h("pct", lang): strong["pct"].astype(float),
            _h("gap_to_median", lang): strong["gap_to_median"].astype(float),
        }
    )
    weak_frame = pd.DataFrame(
        {
            _h("item", lang): _item(weak),
            _h("pct", lang): weak["pct"].astype(float),
            _h("gap_to_median", lang): weak["gap_to_median"].astype(float),
            _h("learn_from", lang): weak["learn_from"].astype(str),
        }
    )
    signed = (_h("gap_to_median", lang),)
    name = unit["unit_name"]
    return (
        Section(
            ctx.t("scorecard.strengths_title"),
            strong_frame,
            ctx.t("scorecard.no_strengths", unit=name),
            widths=(62, 14, 24),
            signed=signed,
        ),
        Section(
            ctx.t("scorecard.weaknesses_title"),
            weak_frame,
            ctx.t("scorecard.no_weaknesses", unit=name),
            widths=(44, 10, 14, 32),
            signed=signed,
        ),
    )


def remediation_section(ds: Dataset, year: int, level: str, unit: dict, ctx: ChartContext) -> Section:
    """Last year's weaknesses of the unit and what became of them (analysis.remediation); without
    a last year, why (the data begin, a reorganisation formed it, or it is new)."""
    lang = ctx.lang
    followed = tables.unit_remediation(ds, year, unit["unit_code"], lang=lang)
    what = [
        " – ".join(p for p in (a, c, t) if isinstance(p, str) and p)
        for a, c, t in zip(followed["area_name"], followed["criterion_code"], followed["text"])
    ]
    frame = pd.DataFrame(
        {
            _h("weakness", lang): what,
            _h("source", lang): followed["source"].astype(str),
            _h("prev_pct", lang): followed["prev_pct"].astype(float),
            _h("pct", lang): followed["pct"].astype(float),
            _h("status", lang): followed["status"].astype(str),
        }
    )
    name = unit["unit_name"]
    if followed.attrs.get("assessed_before", True):
        empty = ctx.t("scorecard.no_remediation", unit=name, prev=year - 1)
    else:
        why = tables.why_not_before(ds, unit["unit_code"], year, level)
        empty = ctx.t(f"strengths.not_before_{why}", unit=name, prev=year - 1, first=year)
    return Section(
        ctx.t("scorecard.remediation_title", prev=year - 1, year=year),
        frame,
        empty,
        widths=(46, 14, 12, 10, 18),
    )


def findings_section(ds: Dataset, year: int, unit: dict, ctx: ChartContext) -> Section:
    """The inspection findings written at the unit in `year`, as written."""
    lang = ctx.lang
    found = tables.finding_table(ds, int(year), None, unit["unit_id"], lang=lang)
    frame = pd.DataFrame(
        {
            _h("kind", lang): found["kind"].astype(str),
            _h("area", lang): found["area_name"].astype(str),
            _h("text", lang): found["text"].astype(str),
        }
    )
    return Section(
        ctx.t("scorecard.findings_title", year=year),
        frame,
        ctx.t("scorecard.no_findings", unit=unit["unit_name"], year=year),
        widths=(16, 28, 56),
    )


def _status(ds: Dataset, year: int, level: str, ctx: ChartContext) -> tuple[str, bool]:
    """The data's status line (publications.csv) and whether it is a draft."""
    found = ds.query("publication", year=int(year), level=level)
    status = "published" if found.empty else str(found["status"].iloc[0])
    line = ctx.t("scorecard.status", status=ctx.t(f"publication.status.{status}"))
    if ctx.decision:
        line += " · " + ctx.decision
    return line, status != "published"


def document(ds: Dataset, year: int, level: str, unit: dict, ctx: ChartContext) -> Scorecard:
    """The scorecard of `unit` (views.common.unit_of) in `year`. Raises NotAssessed when the
    unit has no scores that year."""
    ctx = for_year(ds, ctx, year, level)
    rows = profile.record(ds, level, unit["unit_id"], unit["unit_code"], year, ctx.lang)
    this = rows[rows["year"] == int(year)]
    if this.empty or pd.isna(this["index_pct"].iloc[0]):
        raise NotAssessed(unit["unit_code"], int(year))
    index, rank = index_cards(this.iloc[0], ctx)
    band = Card(ctx.t("col.band"), str(this["band"].iloc[0]))
    target = target_figure(ds, year, level, unit, ctx)
    shown = (index, band, rank) + ((target,) if target else ())
    figures = tuple((c.label, c.value, c.delta or "") for c in shown)
    status, draft = _status(ds, year, level, ctx)
    parts = [
        ctx.t("chart.source", source=ctx.source) if ctx.source else "",
        ctx.t("chart.demo_note") if ctx.demo else "",
    ]
    sections = (
        areas_section(ds, year, level, unit, ctx),
        *strength_sections(ds, year, unit, ctx),
        remediation_section(ds, year, level, unit, ctx),
        findings_section(ds, year, unit, ctx),
    )
    return Scorecard(
        lang=ctx.lang,
        region=ctx.region,
        title=ctx.t("scorecard.heading", unit=unit["unit_name"], year=year),
        subtitle=ctx.t("scorecard.subheading", unit=unit["label"], level=ctx.t(f"level.{level}"), region=ctx.region),
        status=status,
        draft=draft,
        figures=figures,
        sections=sections,
        source=" · ".join(p for p in parts if p),
        file_name="_".join(slug(p) for p in ("scorecard", unit["unit_name"], unit["unit_code"], str(year))),
    )


def _table(section: Section, ctx: ChartContext, name: str, year: int) -> Table:
    text = {c: "large" for c in section.frame.columns if section.frame[c].dtype == object and len(section.widths)}
    wide = {c: w for c, w in text.items() if c != section.frame.columns[0] or len(section.frame.columns) > 3}
    return Table(section.frame, (slug(section.title)[:40], name, year), plain=False, text=wide)


def downloads(card: Scorecard, lang: str) -> tuple | Note:
    """The PDF and PNG buttons (each file written when clicked), or why there is no PDF."""
    try:
        serif_font()
    except FontUnavailable as exc:
        return Note("warning", exc.message(lang))
    name = card.file_name
    return (
        Download(i18n.t("scorecard.download_pdf", lang), name + ".pdf", PDF_MIME, partial(pdf_bytes, card)),
        Download(i18n.t("scorecard.download_png", lang), name + ".png", "image/png", partial(scorecard_png, card)),
    )


def page(ds: Dataset, year: int, level: str, unit: dict, ctx: ChartContext) -> list:
    """The scorecard on screen: heading, key figures, the downloads, then each section."""
    try:
        card = document(ds, year, level, unit, ctx)
    except NotAssessed as exc:
        return [Note("info", exc.message(ctx.lang))]
    ctx = for_year(ds, ctx, year, level)
    rows = profile.record(ds, level, unit["unit_id"], unit["unit_code"], year, ctx.lang)
    this = rows[rows["year"] == int(year)].iloc[0]
    index, rank = index_cards(this, ctx)
    band = Card(ctx.t("col.band"), escape(str(this["band"])))
    blocks: list = [
        Note("caption", tm("scorecard.caption", ctx.lang, unit=unit["label"], region=ctx.region, year=year)),
        status_note(ds, year, level, ctx.lang),
        tuple(c for c in (index, band, rank, target_figure(ds, year, level, unit, ctx)) if c),
        downloads(card, ctx.lang),
    ]
    for section in card.sections:
        blocks.append(Note("subheader", escape(section.title)))
        if section.note:
            blocks.append(Note("caption", escape(section.note)))
        blocks.append(
            Note("info", escape(section.empty))
            if section.frame.empty
            else _table(section, ctx, unit["unit_name"], year)
        )
    return blocks
