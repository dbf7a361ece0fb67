"""Kế hoạch kiểm tra (Inspection planning): a reproducible draw of communes to inspect, its
weights explained, the inspection history and coverage, and the saved plans. Built from
analysis.planning; this module shapes them for a reader (translated reasons, dates as text).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis import planning
from cchc_metrics.analysis.lineage import MIXED, has_districts, unit_version
from cchc_metrics.analysis.profiles import unit_options
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.present.documents import Doc, Grid, Heading, Para, docx_bytes
from cchc_metrics.present.downloads import xlsx_bytes
from cchc_metrics.present.text import escape, tm
from cchc_metrics.views.model import Card, Choice, Editable, Fold, Note, Table, header, headers


def year_text(values, empty: str = "") -> list[str]:
    """Years (and other whole numbers such as seeds) as text, so tables never write them as 2.024;
    `empty` where missing."""
    return [empty if v is None or pd.isna(v) else str(int(v)) for v in values]


PLAN_COLUMNS = [
    "group_name",
    "unit_code",
    "unit_name",
    "unit_level",
    "reason",
    "weight",
    "index_pct",
    "last_inspected_year",
    "explanation",
    "status",
]
PLAIN_COLUMNS = [c for c in PLAN_COLUMNS if c not in ("weight", "explanation")]


def plan_years(ds: Dataset) -> list[int]:
    """Years a plan can be drawn for: every scored year and the year after the latest (the usual plan)."""
    years = ds.years()
    return sorted(set(years) | ({years[-1] + 1} if years else set()))


def shown_plan(ds: Dataset, plan: planning.Plan, lang: str = i18n.DEFAULT_LANG, part: str = "visits") -> pd.DataFrame:
    """The plan's visits (`part` "visits") or the units listed apart to follow up ("follow_up"),
    as the page shows and exports them.

    Columns: PLAN_COLUMNS for a weighted draw, PLAIN_COLUMNS for a plain one (every unit had the
    same chance: no weights shown); reason, level and status (done: the unit's findings of the
    year are imported) in `lang`; last_inspected_year as text, "never" in `lang`.
    """
    units = plan.visits() if part == "visits" else plan.units[plan.units["reason"] == "follow_up"]
    frame = units.reset_index(drop=True)
    frame["reason"] = [i18n.t(f"plan.reason.{r}", lang) for r in frame["reason"]]
    frame["unit_level"] = [i18n.t(f"level.{lv}", lang) for lv in frame["unit_level"]]
    frame["last_inspected_year"] = year_text(frame["last_inspected_year"], i18n.t("planpage.never", lang))
    done = planning.visits_done(ds, plan.year, frame["unit_code"])
    frame["status"] = [i18n.t("planpage.status.done" if d else "planpage.status.planned", lang) for d in done]
    columns = PLAN_COLUMNS if plan.options.get("weighted") else PLAIN_COLUMNS
    return frame[columns].reset_index(drop=True)


def explanation_lines(units: pd.DataFrame) -> list[str]:
    """One line per unit of `units` (Plan.units, or rows of shown_plan): "Name (code): why this
    weight", in their order."""
    return [f"{n} ({c}): {e}" for n, c, e in zip(units["unit_name"], units["unit_code"], units["explanation"])]


def history_table(ds: Dataset) -> pd.DataFrame:
    """Which units were inspected when (planning.inspection_history), newest first.

    Columns: year (text), unit_code, unit_name, inspected_on (yyyy-mm-dd or empty), strengths,
    weaknesses, recommendations.
    """
    frame = planning.inspection_history(ds)
    frame["inspected_on"] = [None if pd.isna(d) else pd.Timestamp(d).date().isoformat() for d in frame["inspected_on"]]
    frame = frame.sort_values(["year", "unit_code"], ascending=[False, True])
    frame["year"] = year_text(frame["year"])
    columns = ["year", "unit_code", "unit_name", "inspected_on", "strengths", "weaknesses", "recommendations"]
    return frame[columns].reset_index(drop=True)


def coverage_table(
    ds: Dataset,
    year: int,
    last_years: int,
    group_by: str = "district",
    lang: str = i18n.DEFAULT_LANG,
    level: str = "commune",
) -> pd.DataFrame:
    """Communes of `year` not inspected in the `last_years` years before it (planning.coverage).

    Columns: group_name, unit_code, unit_name, last_inspected_year (text; "never" in `lang`, as far
    as the data go).
    """
    frame = planning.coverage(ds, year, last_years, group_by=group_by, lang=lang, level=level)
    frame["last_inspected_year"] = year_text(frame["last_inspected_year"], i18n.t("planpage.never", lang))
    return frame[["group_name", "unit_code", "unit_name", "last_inspected_year"]]


def saved_plans_table(root: Path, ds: Dataset | None = None, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """The plans kept under <data dir>/plans/, newest first, one row each.

    Columns: file, name, saved_by, year, seed (text), scope (group codes, comma-separated; empty:
    every group), per_group, weighted, chronic (the rule, in `lang`), units (visits planned),
    done (visits whose findings are imported, with `ds`; else empty), unit_codes (in plan order).
    """
    rows = []
    for plan in saved_plans(root):
        options = plan.get("options", {})
        units = [u for u in plan.get("units", []) if u.get("reason") != "follow_up"]
        codes = [str(u.get("unit_code")) for u in units]
        done = sum(planning.visits_done(ds, plan.get("year"), codes)) if ds is not None and codes else None
        rule = options.get("chronic")
        rows.append(
            {
                "file": plan["file"],
                "name": plan.get("name") or "",
                "saved_by": plan.get("saved_by") or "",
                "year": year_text([plan.get("year")])[0],
                "seed": year_text([plan.get("seed")])[0],
                "scope": ", ".join(map(str, options.get("scope") or [])),
                "per_group": options.get("per_group"),
                "weighted": options.get("weighted"),
                "chronic": i18n.t(f"planpage.chronic.{rule}", lang) if rule in planning.CHRONIC_RULES else "",
                "units": len(units),
                "done": done,
                "unit_codes": ", ".join(codes),
            }
        )
    columns = [
        "file",
        "name",
        "saved_by",
        "year",
        "seed",
        "scope",
        "per_group",
        "weighted",
        "chronic",
        "units",
        "done",
        "unit_codes",
    ]
    return pd.DataFrame(rows[::-1], columns=columns)


def saved_plans(root: Path) -> list[dict]:
    """planning.saved_plans, read again on every call (plans are small and written while the app runs)."""
    return planning.saved_plans(Path(root))


# --- the page ----------------------------------------------------------------------------------

GROUPINGS = ("district", "none")
PLAN_LEVELS = ("commune", "department")  # departments are drawn as one group, by no district
METHODS = ("plain", "weighted")
PREFIX = "planpage.col."


def plan_year_options(ds: Dataset) -> list[int]:
    """The plan years, newest first."""
    return sorted(plan_years(ds), reverse=True)


def level_choice(ds: Dataset, year: int, lang: str) -> Choice | None:
    """Whom to draw: communes or departments, when the year has departments (?plan_level=)."""
    levels = [lv for lv in PLAN_LEVELS if not unit_options(ds, int(year), lv, lang).empty]
    if len(levels) < 2:
        return None
    labels = {lv: i18n.t(f"level.{lv}", lang) for lv in levels}
    return Choice("plan_level", i18n.t("planpage.level", lang), tuple(levels), labels, widget="radio")


def grouping_choice(lang: str) -> Choice:
    labels = {v: i18n.t(f"planpage.group.{v}", lang) for v in GROUPINGS}
    return Choice("group", i18n.t("planpage.group_by", lang), GROUPINGS, labels, widget="radio")


def method_choice(lang: str) -> Choice:
    labels = {v: i18n.t(f"planpage.method.{v}", lang) for v in METHODS}
    return Choice(
        "method",
        i18n.t("planpage.method", lang),
        METHODS,
        labels,
        widget="radio",
        help=i18n.t("planpage.method_help", lang),
    )


def grouping_note(ds: Dataset, year: int, group_by: str, lang: str) -> Note | None:
    """That a year without districts groups communes by their former district."""
    if group_by == "district" and not has_districts(ds, year):
        return Note("info", i18n.t("planpage.no_districts", lang, year=year))
    return None


def scope_choice(ds: Dataset, year: int, group_by: str, lang: str, level: str = "commune") -> Choice | None:
    """The scope of the plan (?scope=926,916): districts before 2025, former districts after;
    none chosen: every group. None when the units are one group (no choice to make)."""
    if level != "commune" or group_by != "district":
        return None
    options = planning.scope_options(ds, year, group_by, lang, level)
    key = "planpage.scope" if has_districts(ds, year) else "planpage.scope_former"
    return Choice(
        "scope",
        i18n.t(key, lang),
        tuple(options),
        options,
        default=[],
        widget="multiselect",
        help=i18n.t(f"{key}_help", lang),
    )


def chronic_choice(lang: str) -> Choice:
    """What becomes of units with a chronic weakness (?chronic=quota|apart|off)."""
    labels = {v: i18n.t(f"planpage.chronic.{v}", lang) for v in planning.CHRONIC_RULES}
    return Choice(
        "chronic",
        i18n.t("planpage.chronic", lang),
        planning.CHRONIC_RULES,
        labels,
        widget="radio",
        help=i18n.t("planpage.chronic_help", lang),
    )


def default_seed(year: int) -> int:
    """The draw code a plan opens with when its link names none: the plan year. Opening the page
    never draws another list; "draw again" gives a new random code, kept in the link."""
    return int(year)


def tabs(year: int, lang: str) -> dict[str, str]:
    return {
        "plan": i18n.t("planpage.plan_header", lang, year=year),
        "map": i18n.t("tab.map", lang),
        "coverage": i18n.t("planpage.coverage_header", lang),
        "history": i18n.t("planpage.history_header", lang),
        "saved": i18n.t("planpage.saved_header", lang),
    }


def drawn_codes(plan) -> tuple[str, ...]:
    """The codes of the units a plan drew (for its map)."""
    return tuple(plan.units["unit_code"]) if not plan.units.empty else ()


def _scope_text(ds: Dataset, plan: planning.Plan, lang: str) -> str:
    """The plan's scope in words: its districts ("huyện Phong Điền"), its former districts
    ("huyện cũ Phong Điền"), or every unit of the level."""
    level = plan.options["level"]
    heads = plan.units[plan.units["reason"] == "scope"]
    if not plan.scope:
        key = "commune" if len(heads) or level != "commune" else "commune_former"
        return i18n.t(f"planpage.scope_all.{key if level == 'commune' else level}", lang)
    if len(heads):
        if lang != "vi":
            return ", ".join(heads["unit_name"])
        return ", ".join(  # named with their kind, "huyện Phong Điền"
            f"{unit_version(ds, code, plan.year)['unit_type']} {name}"
            for code, name in zip(heads["unit_code"], heads["unit_name"])
        )
    names = dict(zip(plan.candidates["group_code"], plan.candidates["group_name"]))
    item = i18n.t("planpage.scope_former_item", lang, name="{name}")
    return ", ".join(names[c] if c == MIXED else item.format(name=names.get(c, c)) for c in plan.scope)


def drawn(
    ds: Dataset,
    year: int,
    per_group: int,
    seed: int,
    method: str,
    chronic: str,
    group_by: str,
    lang: str,
    level: str = "commune",
    scope: tuple = (),
):
    """The draw (planning.draw) of communes or departments (`level`) in the scope and the blocks
    that show it: the draw code to keep, the rule, the counts (the units to follow up apart counted
    before the list), the visits (paged at national scale, downloaded whole) and the units listed
    apart."""
    pool = planning.kept_candidates(ds, year, group_by, lang, level)
    plan = planning.draw(
        ds,
        year,
        per_group,
        seed,
        weighted=method == "weighted",
        chronic=chronic,
        group_by=group_by,
        lang=lang,
        pool=pool,
        level=level,
        scope=tuple(scope),
    )
    if plan.units.empty:
        return plan, [Note("warning", i18n.t("plan.no_units", lang, year=year))]
    method_name = i18n.t(f"planpage.method.{method}", lang).lower()
    weighted = method == "weighted"
    used = plan.options["basis_year"]
    reasons = plan.units["reason"]
    follow = int((reasons == "follow_up").sum())
    cards = (
        Card(i18n.t("planpage.visits", lang), str(len(plan.visits()))),
        Card(i18n.t(f"planpage.drawn_units.{level}", lang), str(int(reasons.isin(["drawn", "chronic"]).sum()))),
        Card(i18n.t("planpage.chronic_units", lang), str(int((reasons == "chronic").sum()))),
        Card(i18n.t("planpage.follow_up_units", lang), str(follow)) if chronic == "apart" else None,
        Card(i18n.t(f"planpage.candidates.{level}", lang), str(len(plan.candidates))),
    )
    shown = headers(shown_plan(ds, plan, lang), lang, PREFIX)
    search = tuple(header(c, lang, PREFIX) for c in ("unit_name", "unit_code", "group_name"))
    table = Table(
        shown,
        (i18n.t("planpage.file.plan", lang), *_level_part(level), year, f"seed-{seed}"),
        key=f"plan:{level}:{year}:{seed}",
        search=search,
        text={header("explanation", lang, PREFIX): "large"} if weighted else {},
        keys=search[:1],
    )
    blocks = [
        Note(
            "info",
            i18n.t(
                "planpage.seed_line",
                lang,
                seed=seed,
                year=year,
                n=per_group,
                method=method_name,
                scope=escape(_scope_text(ds, plan, lang)),
            ),
            ":material/key:",
        ),
        Note(
            "caption",
            i18n.t("planpage.basis" if weighted else "planpage.basis_plain", lang, basis=used)
            if used is not None
            else i18n.t("planpage.no_basis", lang),
        ),
        tuple(c for c in cards if c is not None),
    ]
    if chronic == "apart" and follow:
        apart = headers(shown_plan(ds, plan, lang, "follow_up"), lang, PREFIX)
        blocks.append(Note("warning", i18n.t("planpage.follow_up_line", lang, n=follow)))
        blocks.append(Table(apart, (i18n.t("planpage.file.follow_up", lang), *_level_part(level), year)))
        blocks.append(Note("subheader", i18n.t("planpage.visits_header", lang)))
    blocks.append(table)  # last: the page explains the rows it shows
    return plan, blocks


def _level_part(level: str) -> tuple[str, ...]:
    """The level in a download's file name: communes' files keep their names, departments' say so."""
    return () if level == "commune" else (level,)


def explained(rows: pd.DataFrame, lang: str) -> Fold | None:
    """Why each shown unit weighs what it weighs (rows of the drawn list as shown); None for a
    plain draw, which shows no weights."""
    if header("explanation", lang, PREFIX) not in rows.columns:
        return None
    names = {header(c, lang, PREFIX): c for c in ("unit_name", "unit_code", "explanation")}
    plain = rows[list(names)].rename(columns=names)
    lines = "\n".join(f"- {escape(line)}" for line in explanation_lines(plain))
    return Fold(i18n.t("planpage.explain_all", lang), (Note("markdown", lines),), ":material/help:")


def coverage_view(ds: Dataset, year: int, last_years: int, group_by: str, lang: str, level: str = "commune") -> list:
    """The communes (or departments) of `year` not inspected in the `last_years` years before it."""
    stale = coverage_table(ds, year, last_years, group_by=group_by, lang=lang, level=level)
    total = len(planning.kept_candidates(ds, year, group_by, lang, level))
    caption = Note(
        "caption", i18n.t("planpage.coverage_caption", lang, n=len(stale), total=total, years=last_years, year=year)
    )
    if stale.empty:
        return [caption]
    name = (i18n.t("planpage.file.coverage", lang), *_level_part(level), year, f"{last_years}y")
    return [caption, Table(headers(stale, lang, PREFIX), name, key=f"cover:{level}:{year}:{last_years}")]


def history_view(ds: Dataset, lang: str) -> list:
    """Which units were inspected when."""
    history = history_table(ds)
    if history.empty:
        return [Note("info", i18n.t("planpage.no_history", lang))]
    return [
        Note("caption", i18n.t("planpage.history_caption", lang, n=len(history))),
        Table(headers(history, lang, PREFIX), (i18n.t("planpage.file.history", lang),), key="history", height=320),
    ]


def saved_view(ds: Dataset, root: Path, lang: str) -> Note | Table:
    """The plans saved in the data directory (read afresh: the app writes them), with how many
    of their visits are done."""
    kept = saved_plans_table(root, ds, lang)
    if kept.empty:
        return Note("info", i18n.t("planpage.no_saved", lang))
    return Table(headers(kept, lang, PREFIX))


# --- the schedule and the plan as a document ------------------------------------------------------

SCHEDULE_COLUMNS = ("unit_code", "unit_name", "date", "team")


def schedule_frame(plan: planning.Plan, lang: str) -> pd.DataFrame:
    """The visits of `plan` as the schedule editor shows them: code and name (read only), the
    visit date (dd/mm/yyyy, as typed) and the team, empty until given. Headers in `lang`."""
    visits = plan.visits()
    frame = pd.DataFrame(
        {
            "unit_code": visits["unit_code"].astype(str),
            "unit_name": visits["unit_name"].astype(str),
            "date": pd.Series([""] * len(visits), dtype="str"),
            "team": pd.Series([""] * len(visits), dtype="str"),
        }
    )
    return headers(frame, lang, PREFIX)


def schedule_editor(plan: planning.Plan, lang: str) -> Editable:
    """The schedule of `plan`'s visits to fill in: a date and a team per visit."""
    return Editable(
        schedule_frame(plan, lang),
        key=f"schedule:{plan.year}:{plan.seed}:{','.join(plan.visits()['unit_code'])}",
        label=i18n.t("planpage.schedule", lang),
        texts=(header("date", lang, PREFIX), header("team", lang, PREFIX)),
        help=i18n.t("planpage.schedule_help", lang),
    )


class BadDate(ValueError):
    """A visit date that is not day/month/year: `unit` and `value` say which."""

    def __init__(self, unit: str, value: str):
        super().__init__(f"{unit}: {value!r}")
        self.unit, self.value = unit, value

    def message(self, lang: str) -> str:
        """The message for a Markdown element: what was typed shown as text."""
        return tm("planpage.schedule_bad", lang, unit=self.unit, value=self.value)


def schedule_of(edited: pd.DataFrame, lang: str) -> dict:
    """The schedule the reader typed ({unit_code: {"date": "yyyy-mm-dd", "team": text}}) from the
    editor's frame (schedule_frame's headers); a date is day/month/year ("9/5/2014" too).
    Raises BadDate naming the unit and what was typed."""
    names = {header(c, lang, PREFIX): c for c in SCHEDULE_COLUMNS}
    plain = edited.rename(columns=names)
    out = {}
    for code, name, date, team in zip(plain["unit_code"], plain["unit_name"], plain["date"], plain["team"]):
        date = None if date is None or pd.isna(date) or not str(date).strip() else str(date).strip()
        if date is not None:
            try:
                date = dt.datetime.strptime(date, "%d/%m/%Y").date().isoformat()
            except ValueError:
                raise BadDate(f"{name} ({code})", date) from None
        team = None if team is None or pd.isna(team) or not str(team).strip() else str(team).strip()
        if date or team:
            out[str(code)] = {"date": date, "team": team}
    return out


def _date_text(iso: str | None, lang: str) -> str:
    if not iso:
        return ""
    day = pd.Timestamp(iso)
    return i18n.t("doc.date", lang, d=f"{day.day:02d}", m=f"{day.month:02d}", y=day.year)


def schedule_table(ds: Dataset, plan: planning.Plan, schedule: dict, lang: str) -> pd.DataFrame:
    """The plan with its schedule, as the Excel file holds it: no (1, 2, …), unit_name, unit_code,
    unit_level, group_name, reason, date (dd/mm/yyyy or empty), team, status. Headers in `lang`."""
    visits = plan.visits()
    schedule = planning.clean_schedule(schedule, visits["unit_code"])
    done = planning.visits_done(ds, plan.year, visits["unit_code"])
    frame = pd.DataFrame(
        {
            "no": range(1, len(visits) + 1),
            "unit_name": visits["unit_name"].astype(str),
            "unit_code": visits["unit_code"].astype(str),
            "unit_level": [i18n.t(f"level.{lv}", lang) for lv in visits["unit_level"]],
            "group_name": visits["group_name"].astype(str),
            "reason": [i18n.t(f"plan.reason.{r}", lang) for r in visits["reason"]],
            "date": [_date_text(schedule.get(c, {}).get("date"), lang) for c in visits["unit_code"]],
            "team": [schedule.get(c, {}).get("team") or "" for c in visits["unit_code"]],
            "status": [i18n.t("planpage.status.done" if d else "planpage.status.planned", lang) for d in done],
        }
    )
    return headers(frame, lang, PREFIX)


def plan_title(plan: planning.Plan, lang: str) -> str:
    """ "Kế hoạch kiểm tra công tác CCHC năm …": the document's name and its files' stem."""
    return i18n.t("plandoc.file_title", lang, year=plan.year)


def plan_document(ds: Dataset, plan: planning.Plan, schedule: dict, lang: str) -> Doc:
    """The plan as the Department's document "Kế hoạch kiểm tra công tác CCHC năm …": its
    scope, the rule of the draw (method, number, draw code, chronic units), the visits with date
    and team, the units listed apart to follow up, and the areas checked. Every sentence is a
    template filled from the plan."""
    from cchc_metrics.present.labels import area_names

    level = plan.options["level"]
    method = i18n.t("planpage.method." + ("weighted" if plan.options["weighted"] else "plain"), lang).lower()
    rule = plan.options["chronic"]
    blocks = [
        Heading(i18n.t("plandoc.h_scope", lang)),
        Para(i18n.t("plandoc.scope", lang, scope=_scope_text(ds, plan, lang), year=plan.year)),
        Para(
            i18n.t(
                f"plandoc.rule.{level}",
                lang,
                n=plan.options["per_group"],
                method=method,
                seed=plan.seed,
            )
        ),
        Para(i18n.t(f"plandoc.chronic.{rule}", lang)),
    ]
    if plan.options["basis_year"] is not None:
        blocks.append(Para(i18n.t("plandoc.basis", lang, basis=plan.options["basis_year"])))
    if districts_here(plan):
        blocks.append(Para(i18n.t("plandoc.districts_in_plan", lang)))
    table = schedule_table(ds, plan, schedule, lang)
    keep = ["no", "unit_name", "unit_level", "reason", "date", "team"]
    shown = table[[header(c, lang, PREFIX) for c in keep]]
    blocks += [
        Heading(i18n.t("plandoc.h_list", lang)),
        Para(i18n.t("plandoc.list", lang, n=len(shown))),
        Grid(
            tuple(shown.columns),
            tuple(tuple(str(v) for v in row) for row in shown.itertuples(index=False)),
            (1.2, 4.8, 1.8, 3.0, 2.6, 3.1),
        ),
    ]
    follow = plan.units[plan.units["reason"] == "follow_up"]
    if len(follow):
        blocks += [
            Heading(i18n.t("plandoc.h_follow_up", lang)),
            Para(i18n.t("plandoc.follow_up", lang, n=len(follow))),
            Grid(
                (header("no", lang, PREFIX), header("unit_name", lang, PREFIX), header("chronic_areas", lang, PREFIX)),
                tuple(
                    (str(i), str(name), _area_list(areas, ds, lang))
                    for i, (name, areas) in enumerate(zip(follow["unit_name"], follow["chronic_areas"]), start=1)
                ),
                (1.2, 6.0, 9.3),
            ),
        ]
    names = area_names(ds, lang)
    areas = "; ".join(names.values())
    blocks += [
        Heading(i18n.t("plandoc.h_content", lang, n="IV" if len(follow) else "III")),
        Para(i18n.t("plandoc.content", lang, areas=areas)),
    ]
    return official_doc(
        ds,
        lang,
        kind=i18n.t("plandoc.kind", lang),
        title=i18n.t("plandoc.title", lang, year=plan.year),
        number=i18n.t("plandoc.number", lang),
        blocks=tuple(blocks),
        recipients=(i18n.t("plandoc.to_units", lang), i18n.t("doc.archive", lang)),
    )


def districts_here(plan: planning.Plan) -> bool:
    return bool((plan.units["reason"] == "scope").any())


def _area_list(codes, ds: Dataset, lang: str) -> str:
    from cchc_metrics.present.labels import area_names

    if not isinstance(codes, str):
        return ""
    names = area_names(ds, lang)
    return "; ".join(names.get(c.strip(), c.strip()) for c in codes.split(","))


def official_doc(ds: Dataset, lang: str, *, kind: str, title: str, number: str, blocks: tuple, recipients) -> Doc:
    """An administrative document of the Department of the data's region (about.json), with the
    number and date left for the office to fill in."""
    region = ds.about.get(f"region_{lang}") or i18n.t("briefing.region_default", lang)
    return Doc(
        issuer_parent=i18n.t("doc.issuer_parent", lang, region=region).upper(),
        issuer=i18n.t("doc.issuer", lang),
        nation=i18n.t("doc.nation", lang),
        motto=i18n.t("doc.motto", lang),
        number=number,
        place_date=i18n.t("doc.place_date", lang, place=place_name(region)),
        kind=kind,
        title=title,
        blocks=blocks,
        recipients_label=i18n.t("doc.recipients", lang),
        recipients=tuple(recipients),
        signer_title=i18n.t("doc.signer", lang),
        signer_name=i18n.t("doc.signer_name", lang),
        draft_mark=i18n.t("doc.draft", lang),
    )


def place_name(region: str) -> str:
    """The place in a document's date line: the region without "TP." or "Tỉnh" ("Cần Thơ")."""
    for prefix in ("TP. ", "Thành phố ", "Tỉnh ", "City of ", "Province of "):
        if region.startswith(prefix):
            region = region[len(prefix) :]
    for suffix in (" City", " Province"):
        if region.endswith(suffix):
            region = region[: -len(suffix)]
    return region


def plan_file(ds: Dataset, plan: planning.Plan, schedule: dict, lang: str, ext: str) -> bytes:
    """The plan with its schedule as a file: ".docx" the document, ".xlsx" the table."""
    if ext == ".docx":
        return docx_bytes(plan_document(ds, plan, schedule, lang))
    return xlsx_bytes(
        schedule_table(ds, plan, schedule, lang),
        sheet=i18n.t("plandoc.sheet", lang),
        text_columns=(header("unit_code", lang, PREFIX),),
        freeze_header=True,
    )
