"""The inspection report: a draft "Báo cáo kết quả kiểm tra công tác cải cách hành chính" of one
unit and year, and the province's summary of the year's inspections, as Word documents in the
administrative layout (present.documents).

A draft for an inspector to edit: every number comes from the data and every sentence is a
template (locales: report.*) filled with it. What a unit's report says, and from where:
- results by area: the unit's area % against the level's average and median in the province,
  its rank in each area (analysis.strengths.unit_strengths, analysis.profiles.area_comparison);
- strengths to replicate: the inspection's strength findings of the year, then the areas and
  criteria clearly above the peers (analysis.peers' rule);
- weaknesses to fix, with recommendations: the weakness findings, then the weak areas with the
  units to learn from, and the weak criteria with the largest gaps;
- follow-up of last year's weaknesses (analysis.strengths.unit_remediation);
- the findings recorded for the visit (findings/<year>.csv), recommendations included.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis import findings as finding_search
from cchc_metrics.analysis.common import NotAssessed, assessed_unit
from cchc_metrics.analysis.lineage import unit_version
from cchc_metrics.analysis.narrative import narrative_facts
from cchc_metrics.analysis.planning import inspection_history
from cchc_metrics.analysis.profiles import area_comparison
from cchc_metrics.analysis.province import common_weaknesses
from cchc_metrics.analysis.strengths import unit_remediation, unit_strengths, why_not_before
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.documents import MIME_DOCX, Doc, Grid, Heading, Para, docx_bytes
from cchc_metrics.present.text import slug
from cchc_metrics.views.model import Download
from cchc_metrics.views.planning import official_doc

MAX_CRITERIA = 8  # weak or strong criteria listed: the largest gaps first, the rest stay in the app


def _pct(value, lang: str) -> str:
    return "–" if value is None or pd.isna(value) else f"{i18n.fmt_num(float(value), lang)} %"


def _pts(value, lang: str) -> str:
    return "–" if value is None or pd.isna(value) else i18n.fmt_num(float(value), lang, signed=True)


def _date(value, lang: str) -> str:
    if value is None or pd.isna(value):
        return ""
    day = pd.Timestamp(value)
    return i18n.t("doc.date", lang, d=f"{day.day:02d}", m=f"{day.month:02d}", y=day.year)


def _region(ds: Dataset, lang: str) -> str:
    return ds.about.get(f"region_{lang}") or i18n.t("briefing.region_default", lang)


def unit_label(unit: dict) -> str:
    """ "xã Tân Thới": the unit's type, lower case, then its name."""
    kind = (unit.get("unit_type") or "").strip()
    return f"{kind} {unit['unit_name']}".strip()


def unit_report(ds: Dataset, year: int, unit_code: str, lang: str = i18n.DEFAULT_LANG) -> Doc:
    """The draft inspection report of unit `unit_code` in `year`.

    Raises lineage.UnknownUnit when no unit has the code that year, common.NotAssessed when the
    unit was not scored that year.
    """
    year = int(year)
    unit = unit_version(ds, str(unit_code), year)
    facts = narrative_facts(ds, year, str(unit_code))
    parts = unit_strengths(ds, year, str(unit_code), lang=lang)
    areas = parts["areas"].merge(
        area_comparison(ds, year, unit["level"], unit["unit_id"], lang)[["area_code", "level_mean"]],
        on="area_code",
        how="left",
    )
    label = unit_label(unit)
    level_name = i18n.t(f"report.level_plural.{unit['level']}", lang)
    found = finding_search.search(ds, year=year, unit=str(unit_code), lang=lang)
    found = found[found["unit_id"] == unit["unit_id"]]
    blocks: list = [Heading(i18n.t("report.h_results", lang))]
    band = facts.get(f"band_{lang}") or facts.get("band_vi") or ""
    blocks.append(
        Para(
            i18n.t(
                "report.index",
                lang,
                unit=label,
                year=year,
                index=_pct(facts["index_pct"], lang),
                band=band.lower() if lang == "vi" else band,
                rank=facts["rank"],
                total=facts["ranked_units"],
                level=level_name,
                region=_region(ds, lang),
            )
        )
    )
    if facts.get("delta_pct") is not None:
        blocks.append(Para(i18n.t("report.delta", lang, previous=year - 1, delta=_pts(facts["delta_pct"], lang))))
    blocks.append(Para(i18n.t("report.areas_intro", lang, level=level_name, region=_region(ds, lang))))
    blocks.append(
        Grid(
            tuple(i18n.t(f"report.col.{c}", lang) for c in ("no", "area", "unit", "mean", "median", "gap", "rank")),
            tuple(
                (
                    str(i),
                    str(r.area_name),
                    _pct(r.pct, lang),
                    _pct(r.level_mean, lang),
                    _pct(r.peer_median, lang),
                    _pts(r.gap_to_median, lang),
                    f"{int(r.area_rank)}/{int(r.peers)}" if not pd.isna(r.area_rank) else "–",
                )
                for i, r in enumerate(areas.itertuples(index=False), start=1)
            ),
            (1.1, 5.4, 2.0, 2.0, 2.0, 2.2, 1.8),
        )
    )

    sections = inspection_sections(ds, year, str(unit_code), lang, parts=parts, found=found)
    for key, heading in (
        ("strengths", i18n.t("report.h_strengths", lang)),
        ("weaknesses", i18n.t("report.h_weaknesses", lang)),
        ("followup", i18n.t("report.h_followup", lang, previous=year - 1)),
        ("findings", i18n.t("report.h_findings", lang)),
    ):
        blocks.append(Heading(heading))
        for line in sections[key]:
            blocks.append(Para(line.text, bullet=line.bullet, italic=line.italic))
        if key == "weaknesses" and sections["recommendations"]:
            blocks.append(Para(i18n.t("report.recommendations_intro", lang), italic=True))
            blocks += [Para(line.text, bullet=True) for line in sections["recommendations"]]

    return official_doc(
        ds,
        lang,
        kind=i18n.t("report.kind", lang),
        title=i18n.t("report.title", lang, year=year, unit=label),
        number=i18n.t("report.number", lang),
        blocks=tuple(blocks),
        recipients=(i18n.t("report.to_unit", lang, unit=label), i18n.t("doc.archive", lang)),
    )


@dataclass(frozen=True)
class Line:
    """A sentence of a report or slide section: a bullet, or a lead-in line (`bullet` False)."""

    text: str
    bullet: bool = True
    italic: bool = False


def inspection_sections(
    ds: Dataset,
    year: int,
    unit_code: str,
    lang: str = i18n.DEFAULT_LANG,
    parts: dict | None = None,
    found: pd.DataFrame | None = None,
    max_criteria: int = MAX_CRITERIA,
) -> dict[str, list[Line]]:
    """What the report and the briefing say of an inspected unit, section by section, as filled
    templates: {"strengths", "weaknesses", "recommendations", "followup", "findings": [Line]}.

    Strengths: the visit's strength findings, then the areas and criteria clearly above the
    peers; weaknesses: the weakness findings, the weak areas, the `max_criteria` weak criteria
    with the largest gaps; recommendations: whom to learn from per weak area, the remedy, the
    visit's recommendations; followup: last year's weaknesses and what became of them; findings:
    the visit's date and findings by kind. Raises what unit_strengths raises.
    """
    year = int(year)
    unit = unit_version(ds, str(unit_code), year)
    level_name = i18n.t(f"report.level_plural.{unit['level']}", lang)
    parts = parts if parts is not None else unit_strengths(ds, year, str(unit_code), lang=lang)
    if found is None:
        found = finding_search.search(ds, year=year, unit=str(unit_code), lang=lang)
        found = found[found["unit_id"] == unit["unit_id"]]
    out: dict[str, list[Line]] = {}

    strong_found = found[found["kind"] == "strength"]
    lines = [Line(i18n.t("report.found_strength", lang, text=text)) for text in strong_found["text"]]
    lines += [Line(_position_line(r, "strength", lang)) for r in parts["strengths"].head(max_criteria).itertuples()]
    out["strengths"] = lines or [Line(i18n.t("report.no_strengths", lang, level=level_name), bullet=False)]

    weak_found = found[found["kind"] == "weakness"]
    weaknesses = parts["weaknesses"]
    weak_areas = weaknesses[weaknesses["criterion_code"] == ""]
    weak_criteria = weaknesses[weaknesses["criterion_code"] != ""].sort_values("gap_to_median", kind="stable")
    lines = [Line(i18n.t("report.found_weakness", lang, text=text)) for text in weak_found["text"]]
    lines += [Line(_position_line(r, "weakness", lang)) for r in weak_areas.itertuples(index=False)]
    lines += [Line(_position_line(r, "weakness", lang)) for r in weak_criteria.head(max_criteria).itertuples()]
    if len(weak_criteria) > max_criteria:
        lines.append(Line(i18n.t("report.more_criteria", lang, n=len(weak_criteria) - max_criteria), bullet=False))
    out["weaknesses"] = lines or [Line(i18n.t("report.no_weaknesses", lang, level=level_name), bullet=False)]

    lines = [
        Line(i18n.t("report.learn_from", lang, area=r.area_name, units=r.learn_from))
        for r in weak_areas.itertuples(index=False)
        if r.learn_from
    ]
    out["learn_from"] = list(lines)
    if len(weak_areas) or len(weak_found):
        lines.append(Line(i18n.t("report.remedy", lang, year=year + 1)))
    out["recommendations"] = lines

    out["followup"] = _followup(ds, year, unit, lang)

    out["visit"] = {}
    for kind in ("strength", "weakness", "recommendation"):
        rows = found[found["kind"] == kind]
        out["visit"][kind] = [
            Line(text if area is None or pd.isna(area) else f"{text} ({area})")
            for area, text in zip(rows["area_name"], rows["text"])
        ]
    label = unit_label(unit)
    if found.empty:
        out["findings"] = [Line(i18n.t("report.no_findings", lang, unit=label, year=year), bullet=False)]
    else:
        lines = []
        days = sorted({_date(d, lang) for d in found["inspected_on"] if not pd.isna(d)})
        if days:
            lines.append(Line(i18n.t("report.visit_date", lang, dates=", ".join(days)), bullet=False))
        for kind in ("strength", "weakness", "recommendation"):
            texts = found.loc[found["kind"] == kind]
            if texts.empty:
                continue
            lines.append(Line(i18n.t(f"report.kind.{kind}", lang), bullet=False, italic=True))
            for area, text in zip(texts["area_name"], texts["text"]):
                where = "" if area is None or pd.isna(area) else f" ({area})"
                lines.append(Line(f"{text}{where}"))
        out["findings"] = lines
    return out


def _position_line(r, kind: str, lang: str) -> str:
    """One strong or weak area or criterion against the median of the level."""
    what = r.area_name if not r.criterion_code else f"{r.criterion_name} ({r.area_name})"
    return i18n.t(
        f"report.{kind}_line",
        lang,
        what=what,
        pct=_pct(r.pct, lang),
        median=_pct(r.peer_median, lang),
        gap=i18n.fmt_num(abs(float(r.gap_to_median)), lang),
    )


def _followup(ds: Dataset, year: int, unit: dict, lang: str) -> list[Line]:
    table = unit_remediation(ds, year, unit["unit_code"], lang=lang)
    if not table.attrs.get("assessed_before"):
        # the data begin this year, the unit was formed by a reorganisation, or it is new
        why = why_not_before(ds, unit["unit_code"], year, unit["level"])
        return [Line(i18n.t(f"report.not_before_{why}", lang, previous=year - 1, first=year), bullet=False)]
    if table.empty:
        return [Line(i18n.t("report.no_previous_weakness", lang, previous=year - 1), bullet=False)]
    out = [Line(i18n.t("report.followup_intro", lang, n=len(table), previous=year - 1, year=year), bullet=False)]
    for r in table.itertuples(index=False):
        what = f"{r.area_name}: {r.text}" if r.text else r.area_name
        out.append(
            Line(
                i18n.t(
                    "report.followup_line",
                    lang,
                    what=what,
                    source=r.source,
                    previous=year - 1,
                    year=year,
                    before=_pct(r.prev_pct, lang),
                    after=_pct(r.pct, lang),
                    status=r.status,
                )
            )
        )
    return out


def unit_report_docx(ds: Dataset, year: int, unit_code: str, lang: str = i18n.DEFAULT_LANG) -> bytes:
    """unit_report as a .docx file."""
    return docx_bytes(unit_report(ds, year, unit_code, lang))


def report_file_name(ds: Dataset, year: int, unit_code: str, lang: str) -> str:
    """The report's file name: "bao-cao-kiem-tra_2014_tan-thoi.docx"."""
    unit = unit_version(ds, str(unit_code), int(year))
    return f"{i18n.t('report.file', lang)}_{year}_{slug(unit['unit_name'])}.docx"


def can_report(ds: Dataset, year: int, unit_code: str) -> bool:
    """Whether a report of the unit in `year` can be written: the unit was scored that year. The
    report's facts (its level's positions among them) are read when its file is written."""
    try:
        assessed_unit(ds, str(unit_code), int(year))
    except NotAssessed:
        return False
    return True


# --- the province's summary ---------------------------------------------------------------------


def summary_report(ds: Dataset, year: int, lang: str = i18n.DEFAULT_LANG) -> Doc:
    """The summary of `year`'s inspections: every inspected unit (findings file of the year) with
    its index and the counts of its findings, the weaknesses found at several units, the criteria
    where the level lost most points, and the recommendations made."""
    year = int(year)
    history = inspection_history(ds)
    visited = history[history["year"] == year].sort_values(["level", "unit_code"], kind="stable")
    found = finding_search.search(ds, year=year, lang=lang)
    blocks: list = [Heading(i18n.t("summary.h_units", lang))]
    if visited.empty:
        blocks.append(Para(i18n.t("summary.no_units", lang, year=year)))
    else:
        index = found.drop_duplicates("unit_id").set_index("unit_id")["index_pct"]
        blocks.append(Para(i18n.t("summary.units", lang, year=year, n=len(visited))))
        blocks.append(
            Grid(
                tuple(
                    i18n.t(f"summary.col.{c}", lang)
                    for c in ("no", "unit", "level", "date", "index", "strengths", "weaknesses", "recommendations")
                ),
                tuple(
                    (
                        str(i),
                        str(r.unit_name),
                        i18n.t(f"level.{r.level}", lang),
                        _date(r.inspected_on, lang),
                        _pct(index.get(r.unit_id), lang),
                        str(int(r.strengths)),
                        str(int(r.weaknesses)),
                        str(int(r.recommendations)),
                    )
                    for i, r in enumerate(visited.itertuples(index=False), start=1)
                ),
                (1.0, 3.8, 2.0, 2.6, 2.0, 1.7, 1.7, 1.7),
            )
        )
    sections = summary_sections(ds, year, lang, found)
    for key in ("weaknesses", "recommendations"):
        blocks.append(Heading(i18n.t(f"summary.h_{key}", lang)))
        blocks += [Para(line.text, bullet=line.bullet, italic=line.italic) for line in sections[key]]
    return official_doc(
        ds,
        lang,
        kind=i18n.t("report.kind", lang),
        title=i18n.t("summary.title", lang, year=year),
        number=i18n.t("report.number", lang),
        blocks=tuple(blocks),
        recipients=(i18n.t("summary.to", lang, region=_region(ds, lang)), i18n.t("doc.archive", lang)),
    )


def summary_sections(ds: Dataset, year: int, lang: str, found: pd.DataFrame | None = None) -> dict[str, list[Line]]:
    """What the summary and the province's briefing say of the year's inspections:
    {"weaknesses": the weaknesses found at two or more units, then the criteria where at least
    half the units score below half the maximum; "recommendations": the recommendations made,
    with how many units got each}."""
    year = int(year)
    found = finding_search.search(ds, year=year, lang=lang) if found is None else found
    weak = found[found["kind"] == "weakness"]
    shared = (
        weak.groupby("text", sort=False)["unit_id"].nunique().sort_values(ascending=False, kind="stable")
        if len(weak)
        else pd.Series(dtype=int)
    )
    shared = shared[shared >= 2]
    lines = [Line(i18n.t("summary.shared_intro", lang), bullet=False)] if len(shared) else []
    lines += [Line(i18n.t("summary.shared_line", lang, text=text, n=int(n))) for text, n in shared.items()]
    if not lines:
        lines.append(Line(i18n.t("summary.no_shared", lang), bullet=False))
    lost = common_weaknesses(ds, year, lang=lang) if year in ds.years() else pd.DataFrame()
    if len(lost):
        lines.append(Line(i18n.t("summary.lost_intro", lang), bullet=False, italic=True))
        lines += [
            Line(
                i18n.t(
                    "summary.lost_line",
                    lang,
                    criterion=r.criterion_name,
                    area=r.area_name,
                    level=i18n.t(f"report.level_plural.{r.level}", lang),
                    share=_pct(r.below_half_pct, lang),
                )
            )
            for r in lost.head(5).itertuples(index=False)
        ]
    advice = found[found["kind"] == "recommendation"]
    if advice.empty:
        advice_lines = [Line(i18n.t("summary.no_recommendations", lang), bullet=False)]
    else:
        counted = advice.groupby("text", sort=False)["unit_id"].nunique().sort_values(ascending=False, kind="stable")
        advice_lines = [
            Line(i18n.t("summary.recommendation_line", lang, text=text, n=int(n))) for text, n in counted.items()
        ]
    return {"weaknesses": lines, "recommendations": advice_lines}


def summary_report_docx(ds: Dataset, year: int, lang: str = i18n.DEFAULT_LANG) -> bytes:
    """summary_report as a .docx file."""
    return docx_bytes(summary_report(ds, year, lang))


def report_download(ds: Dataset, year: int, unit: dict, lang: str) -> Download | None:
    """The button that downloads the unit's draft inspection report of `year` (`unit`: a row of
    profiles.unit_options); None when the unit was not scored that year."""
    code = str(unit["unit_code"])
    if not can_report(ds, year, code):
        return None
    return Download(
        i18n.t("report.download", lang, year=year),
        report_file_name(ds, year, code, lang),
        MIME_DOCX,
        partial(unit_report_docx, ds, int(year), code, lang),
        i18n.t("report.download_help", lang),
    )


def summary_download(ds: Dataset, year: int, lang: str) -> Download:
    """The button that downloads the summary of `year`'s inspections."""
    return Download(
        i18n.t("summary.download", lang, year=year),
        f"{i18n.t('summary.file', lang)}_{int(year)}.docx",
        MIME_DOCX,
        partial(summary_report_docx, ds, int(year), lang),
        i18n.t("report.download_help", lang),
    )
