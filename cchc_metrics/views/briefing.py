"""The briefing: a fixed set of slide-ready charts for one year and one scope, with its narrative.

Scopes: the province (no unit), one district, one commune. Every chart is built by the app's own
chart builders in presentation mode (large type, thick lines) and sized as a 16:9 slide, so a
picture of it stands alone: title, year, unit, source line and demo-data note are inside it.

Slides per scope (a slide is left out when it has nothing to show, e.g. districts from 2025):
- province: district ranking, districts × areas, communes by district, top and bottom communes,
  level averages over the years;
- district: its index over the years, its areas against the districts, its communes ranked,
  its communes × areas;
- commune: its index over the years, its areas against its district and the city, the communes
  of its district ranked (this one in bold).

Each slide is the chart of the page that shows it (views.overview, views.profile), drawn in
presentation mode and laid out as a slide by `slide_figure`: a page chart and its slide come
from one function.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.lineage import UnknownUnit, has_districts, unit_version
from cchc_metrics.analysis.narrative import narrative
from cchc_metrics.analysis.overview import level_cards
from cchc_metrics.analysis.profiles import district_communes, unit_options
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.charts.common import ChartContext
from cchc_metrics.present.files import pdf_bytes, pptx_bytes, render_pngs, title_page, zip_bytes
from cchc_metrics.present.render import Renderer
from cchc_metrics.present.slides import Briefing, NoScores, Slide, TextSlide, slide_figure
from cchc_metrics.present.text import escape
from cchc_metrics.views import overview, profile
from cchc_metrics.views.common import context, unit_of
from cchc_metrics.views.model import Chart, Choice, Note

SCOPES = ("province", "district", "commune", "department")
TOP_N = 10
SLIDE_EXTREMES = 8  # a slide of districts draws the 8 best and the 8 worst: 16 rows are legible at 540 px


def briefing(
    ds: Dataset, year: int, unit_code: str | None = None, lang: str = i18n.DEFAULT_LANG, compact: bool = False
) -> Briefing:
    """The briefing of `year` for the province (`unit_code` None) or one district or commune;
    `compact`: its preview on a phone (the charts as a phone's pages draw them, not 16:9 slides).

    Raises NoScores when nothing (or not the unit) was scored that year, lineage.UnknownUnit
    when no unit with the code is valid that year.
    """
    year = int(year)
    if year not in ds.years():
        raise NoScores(year)
    ctx = context(ds, lang, presentation=not compact, compact=compact)
    if not ctx.region:  # about.json is optional: titles still need a place
        ctx = replace(ctx, region=ctx.t("briefing.region_default"))
    if unit_code is None:
        return _province(ds, year, ctx)
    unit = unit_version(ds, str(unit_code), year)
    scored = ds.query("unit_scores", year=year, level=unit["level"])
    if unit["unit_id"] not in set(scored["unit_id"]):
        raise NoScores(year, f"{unit['unit_name']} ({unit['unit_code']})")
    return _unit(ds, year, unit, ctx)


def _slide(key: str, made: Chart, ctx: ChartContext) -> Slide:
    """A view's chart as a slide: the figure (built for the briefing, not shared) laid out 16:9;
    for a phone's preview (ctx.compact) the chart as a phone's page draws it."""
    return Slide(key, made.title, made.subtitle, made.figure if ctx.compact else slide_figure(made.figure, made.kind))


def _province(ds: Dataset, year: int, ctx: ChartContext) -> Briefing:
    """The province's slides: the page charts of the overview, with the extremes a slide holds."""
    region = ctx.region
    cards = {c.level: c for c in level_cards(ds, year)}
    slides = []
    if "district" in cards and has_districts(ds, year):
        slides.append(_slide("district-ranking", overview.district_ranking(ds, year, ctx, SLIDE_EXTREMES), ctx))
        slides.append(_slide("district-areas", overview.district_areas(ds, year, ctx, SLIDE_EXTREMES), ctx))
    if "commune" in cards:
        if "spread" in overview.tabs(ds, year, ctx.lang):
            slides.append(_slide("commune-spread", overview.commune_spread(ds, year, ctx, SLIDE_EXTREMES)[0], ctx))
        slides.append(_slide("commune-top", overview.commune_ranking(ds, year, "top", ctx, TOP_N, numbered=True), ctx))
        if cards["commune"].units > TOP_N:  # else the top list already shows them all
            slides.append(
                _slide("commune-bottom", overview.commune_ranking(ds, year, "bottom", ctx, TOP_N, numbered=True), ctx)
            )
    slides.append(_slide("level-trend", overview.level_trend(ds, year, ctx), ctx))
    title = ctx.t("briefing.deck_title", name=region, year=year)
    subtitle = _deck_subtitle(ctx, ctx.t("briefing.scope.province", region=region))
    text = _province_text(cards, year, ctx)
    level = "district" if "district" in cards else next(iter(cards), "commune")
    return Briefing(
        year,
        "province",
        None,
        region,
        ctx.lang,
        title,
        subtitle,
        text,
        tuple(slides),
        status=data_status(ds, year, level, ctx.lang),
        opening=_key_messages(text, region, year, ctx.lang),
        closing=_province_closing(ds, year, region, ctx.lang),
    )


def _province_text(cards: dict, year: int, ctx: ChartContext) -> str:
    """The province's paragraph: each level's average, its change, its best and lowest unit."""
    sentences = []
    for level, card in cards.items():
        change = (
            ""
            if card.delta_mean_pct is None
            else ctx.t("briefing.text.change", delta=ctx.num(card.delta_mean_pct, signed=True), prev=year - 1)
        )
        sentences.append(
            ctx.t(
                "briefing.text.level",
                level=ctx.t(f"briefing.level_plural.{level}"),
                n=card.units,
                year=year,
                mean=ctx.num(card.mean_pct),
                change=change,
                best=card.best_name,
                best_pct=ctx.num(card.best_pct),
                worst=card.worst_name,
                worst_pct=ctx.num(card.worst_pct),
            )
        )
    return " ".join(sentences)


def _unit_text(ds: Dataset, year: int, code: str, lang: str) -> str:
    """The strengths-and-weaknesses paragraph of the unit, "" when it cannot be written."""
    try:
        return narrative(ds, year, code, lang)
    except (LookupError, ValueError):
        return ""


def _deck_subtitle(ctx: ChartContext, scope: str) -> str:
    parts = [scope]
    if ctx.source:
        parts.append(ctx.t("chart.source", source=ctx.source))
    if ctx.demo:
        parts.append(ctx.t("chart.demo_note"))
    return " · ".join(parts)


def _district_of(ds: Dataset, year: int, unit: dict) -> dict | None:
    """The district a commune belonged to in `year` (None from 2025, or when unknown)."""
    code = unit.get("parent_code")
    if not code or pd.isna(code):
        return None
    try:
        return unit_version(ds, code, year)
    except UnknownUnit:
        return None


def _unit(ds: Dataset, year: int, unit: dict, ctx: ChartContext) -> Briefing:
    """A district's or commune's slides: the charts of its page, up to `year`."""
    level = unit["level"]
    picked = unit_of(ds, year, level, unit["unit_code"], ctx.lang)
    district_name = picked["group_name"] or None
    slides = [
        _slide("index-trend", profile.trend(ds, level, picked, year, ctx, district_name, until=year), ctx),
        _slide("areas-radar", profile.radar(ds, level, picked, year, ctx, district_name), ctx),
    ]
    if level == "district":
        if not district_communes(ds, year, unit["unit_code"], ctx.lang).empty:
            slides.append(_slide("district-communes", profile.communes_ranked(ds, year, picked, ctx), ctx))
            slides.append(_slide("communes-areas", profile.communes_by_area(ds, year, picked, ctx), ctx))
    else:
        district = _district_of(ds, year, unit)
        if district is not None and not district_communes(ds, year, district["unit_code"], ctx.lang).empty:
            ranked = profile.communes_ranked(ds, year, district, ctx, highlight=unit["unit_code"])
            slides.append(_slide("district-communes", ranked, ctx))
    name = unit["unit_name"]
    title = ctx.t("briefing.deck_title", name=name, year=year)
    subtitle = _deck_subtitle(ctx, ctx.t(f"briefing.scope.{level}_of", unit=name, region=ctx.region))
    text = _unit_text(ds, year, unit["unit_code"], ctx.lang)
    return Briefing(
        year,
        level,
        unit["unit_code"],
        name,
        ctx.lang,
        title,
        subtitle,
        text,
        tuple(slides),
        status=data_status(ds, year, level, ctx.lang),
        opening=_key_messages(text, name, year, ctx.lang),
        closing=_unit_closing(ds, year, unit, ctx.lang),
    )


MAX_BULLETS = 6  # a column of a word slide: more would not be read in a meeting


def data_status(ds: Dataset, year: int, level: str, lang: str) -> str:
    """The title slide's line on the data: published (with the decision), or its draft stage."""
    found = ds.query("publication", year=int(year), level=level)
    if found.empty:
        return i18n.t("briefing.status.unlisted", lang, year=year)
    row = found.iloc[0]
    status = i18n.t(f"publication.status.{row['status']}", lang)
    decision = row["decision"] if isinstance(row["decision"], str) else ""
    if row["status"] == "published" and decision:
        return i18n.t("briefing.status.decision", lang, year=year, status=status, decision=decision)
    return i18n.t("briefing.status.plain", lang, year=year, status=status)


def _sentences(text: str) -> tuple[str, ...]:
    """A paragraph as its sentences (a full stop, then a space and a capital letter)."""
    import re

    return tuple(p.strip() for p in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-ỸĐ])", text) if p.strip())


def _key_messages(text: str, name: str, year: int, lang: str) -> tuple[TextSlide, ...]:
    """The narrative as bullets on a slide of its own (the key messages), none without one."""
    if not text:
        return ()
    title = i18n.t("briefing.slide.messages", lang, name=name, year=year)
    return (TextSlide("key-messages", title, (("", _sentences(text)),)),)


def _capped(lines, lang: str) -> tuple[str, ...]:
    """Bullets of a slide column: at most MAX_BULLETS, then how many more the report holds."""
    texts = [line.text for line in lines if not line.text.endswith(":")]  # lead-ins say what a slide title says
    if len(texts) <= MAX_BULLETS:
        return tuple(texts)
    return (*texts[: MAX_BULLETS - 1], i18n.t("briefing.slide.more", lang, n=len(texts) - MAX_BULLETS + 1))


def _unit_closing(ds: Dataset, year: int, unit: dict, lang: str) -> tuple[TextSlide, ...]:
    """A unit's word slides after its charts: strengths and weaknesses with whom to learn from,
    last year's weaknesses and what became of them, the visit's findings, the recommendations
    (views.report.inspection_sections: the report's own sentences)."""
    from cchc_metrics.views.report import inspection_sections

    try:
        sections = inspection_sections(ds, year, unit["unit_code"], lang, max_criteria=3)
    except LookupError:
        return ()
    name = unit["unit_name"]

    def t(key: str, **params) -> str:
        return i18n.t(key, lang, name=name, year=year, **params)

    weak, learn = sections["weaknesses"], sections["learn_from"]
    visit = sections["visit"]
    # the visit's findings by kind, side by side; the date (or that none are recorded) alone
    kinds = [(i18n.t(f"report.kind.{kind}", lang).rstrip(":"), _capped(lines, lang)) for kind, lines in visit.items()]
    findings = tuple(k for k in kinds if k[1]) or (("", _capped(sections["findings"], lang)),)
    # what the unit is asked to do: the remedy, then what the team recommended
    advice = [line for line in sections["recommendations"] if line not in learn] + visit["recommendation"]
    return (
        TextSlide(
            "strengths-weaknesses",
            t("briefing.slide.strengths_weaknesses"),
            (
                (t("briefing.slide.strengths"), _capped(sections["strengths"], lang)),
                (t("briefing.slide.weaknesses"), _capped(weak, lang)),
            ),
        ),
        TextSlide(
            "learn-from", t("briefing.slide.learn_from"), (("", _capped(learn, lang) or (t("briefing.slide.none"),)),)
        ),
        TextSlide(
            "follow-up", t("briefing.slide.followup", previous=year - 1), (("", _capped(sections["followup"], lang)),)
        ),
        TextSlide("findings", t("briefing.slide.findings"), findings),
        TextSlide("recommendations", t("briefing.slide.recommendations"), (("", _capped(advice, lang)),)),
    )


def _province_closing(ds: Dataset, year: int, region: str, lang: str) -> tuple[TextSlide, ...]:
    """The province's word slides after its charts: the year's inspections, their common
    weaknesses and recommendations (views.report.summary_sections)."""
    from cchc_metrics.views.report import summary_sections

    sections = summary_sections(ds, year, lang)

    def t(key: str) -> str:
        return i18n.t(key, lang, name=region, year=year)

    return (
        TextSlide(
            "common-weaknesses", t("briefing.slide.common_weaknesses"), (("", _capped(sections["weaknesses"], lang)),)
        ),
        TextSlide(
            "recommendations", t("briefing.slide.recommendations"), (("", _capped(sections["recommendations"], lang)),)
        ),
    )


def files(ds: Dataset, year: int, unit_code: str | None, lang: str, renderer: Renderer) -> dict[str, bytes]:
    """{".pptx", ".zip", ".pdf": bytes} of the briefing of `year` and scope, drawn by `renderer`.

    Raises render.RenderUnavailable, and what `briefing` raises.
    """
    b = briefing(ds, year, unit_code, lang)
    pngs = render_pngs(b, renderer)
    pictures = render_pngs(b, renderer, titled=False)
    cover = title_page(b, renderer)
    return {".pptx": pptx_bytes(b, pictures), ".zip": zip_bytes(b, pngs), ".pdf": pdf_bytes(b, [cover, *pngs])}


def scope_choice(lang: str) -> Choice:
    """The province, a district or a commune (?scope=)."""
    labels = {v: i18n.t(f"briefing.scope_option.{v}", lang) for v in SCOPES}
    return Choice("scope", i18n.t("briefing.scope", lang), SCOPES, labels, widget="radio", horizontal=False)


def no_units(ds: Dataset, year: int, scope: str, lang: str) -> Note | None:
    """That no unit of the scope's level was scored in `year` (no district from 2025)."""
    if scope == "province" or not unit_options(ds, year, scope, lang).empty:
        return None
    return Note(
        "info", i18n.t("briefing.no_units", lang, year=year, level=i18n.t(f"briefing.level_plural.{scope}", lang))
    )


def words(b: Briefing, lang: str) -> list[Note]:
    """The briefing's title, subtitle and narrative as the page shows them."""
    narrative_note = (
        Note("markdown", escape(b.narrative)) if b.narrative else Note("info", i18n.t("briefing.no_narrative", lang))
    )
    return [
        Note("subheader", escape(b.title)),
        Note("caption", escape(b.subtitle)),
        Note("markdown", f"**{i18n.t('briefing.narrative', lang)}**"),
        narrative_note,
    ]


def slide_tabs(b: Briefing) -> dict[str, str]:
    """One tab per chart and per word slide after them, numbered as in the deck: its number and
    the first part of its title. The title and key-message slides are the words above the tabs."""
    first = 2 + len(b.opening)
    slides = [*b.slides, *b.closing]
    return {slide.key: f"{i}. " + escape(slide.title.split(" – ")[0]) for i, slide in enumerate(slides, first)}


def slide_blocks(b: Briefing, key: str) -> list:
    """A slide as the page shows it: a chart (slide_chart), or a word slide's title and its
    columns as bulleted lists (text from data escaped)."""
    words = next((s for s in (*b.opening, *b.closing) if s.key == key), None)
    if words is None:
        return [slide_chart(b, key)]
    blocks = [Note("subheader", escape(words.title))]
    for heading, bullets in words.columns:
        if heading:
            blocks.append(Note("markdown", f"**{escape(heading)}**"))
        blocks.append(Note("markdown", "\n".join(f"- {escape(line)}" for line in bullets)))
    return blocks


def slide_chart(b: Briefing, key: str) -> Chart:
    """A slide as a Chart to draw on the page (file name: the slide, the unit, the year)."""
    slide = next(s for s in b.slides if s.key == key)
    return Chart(slide.figure, (slide.key, b.name, b.year), "", slide.title, slide.subtitle)
