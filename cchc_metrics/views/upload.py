"""Cập nhật dữ liệu (Upload data): the check of an uploaded file, what publishing it changes, the
versions of a year and the audit log, shaped for display and download. The page keeps the steps
(upload, confirm, publish, roll back); this module words and shapes what they show.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from cchc_metrics import config, i18n
from cchc_metrics.engine import boundaries
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.engine.loading import YEAR_FILE, year_files
from cchc_metrics.engine.reading import Limits
from cchc_metrics.present.charts.common import ChartContext
from cchc_metrics.present.text import tm
from cchc_metrics.publish.publishing import (
    ARCHIVE_DIR,
    BOUNDARIES,
    BOUNDARY_SUFFIXES,
    PUBLISHABLE,
    Prepared,
    history,
    per_year,
    prepare,
    prepare_boundaries,
    read_audit,
)
from cchc_metrics.publish.templates import template_frame, write_template
from cchc_metrics.views import maps
from cchc_metrics.views.model import WRAP_ROW_PX, Card, Choice, Note, Table, header, headers

UPLOAD_TYPES = ("csv", "xlsx")
BOUNDARY_TYPES = tuple(s.lstrip(".") for s in BOUNDARY_SUFFIXES)
UPLOAD_KINDS = ("table", BOUNDARIES)  # what the upload section takes: a table (kind from its columns), or boundaries
SHA_SHOWN = 12


def prepare_upload(
    data: bytes, name: str, root: str | os.PathLike | None = None, limits: Limits | None = None
) -> Prepared:
    """Check uploaded bytes as prepare() does a file; the upload's name is only a label.

    The bytes go to a temporary file with a generated name (the uploaded name never becomes a
    path); only its extension, when it is one of UPLOAD_TYPES, is kept so the reader knows an
    Excel file. The temporary file is removed before returning.
    """
    suffix = Path(name).suffix.lower()
    suffix = suffix if suffix.lstrip(".") in UPLOAD_TYPES else ".upload"
    fd, tmp = tempfile.mkstemp(prefix="cchc-upload-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return prepare(tmp, root, limits=limits, label=Path(name).name or "upload")
    finally:
        os.unlink(tmp)


def prepare_boundary_upload(data: bytes, name: str, root: str | os.PathLike | None, year: int) -> Prepared:
    """Check uploaded bytes as the boundary file of `year` (prepare_boundaries); like
    prepare_upload, the upload's name is only a label and the temporary file is removed."""
    fd, tmp = tempfile.mkstemp(prefix="cchc-upload-", suffix=boundaries.SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return prepare_boundaries(tmp, root, year, label=Path(name).name or "upload")
    finally:
        os.unlink(tmp)


def _when(stamp) -> str:
    """An audit timestamp (ISO, UTC) written as the archive's names are: `2026-11-28 13:51:59`."""
    text = "" if stamp is None or (isinstance(stamp, float) and stamp != stamp) else str(stamp)
    return text[:19].replace("T", " ")


def report_table(prepared: Prepared, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """The validation report with severities in words: file, row, column, severity, message, hint;
    for a boundary file: file, feature, prop (its number and property), severity, message, hint."""
    frame = prepared.report(lang)
    frame["severity"] = [i18n.t(f"uploadpage.severity.{s}", lang) for s in frame["severity"]]
    if prepared.kind == BOUNDARIES:  # a feature is no row: its number and property instead
        frame["row"] = pd.array([p.params.get("feature") for p in prepared.problems], dtype="Int64")
        frame["column"] = [p.params.get("prop") or "" for p in prepared.problems]
        frame.columns = ["file", "feature", "prop", *frame.columns[3:]]
    return frame


def published_years(root: str | os.PathLike | None, kind: str) -> list[int]:
    """The years of a kind with a published file or an archived version, newest first (empty for
    the files without a year)."""
    return sorted({int(key.split("-")[0]) for key in published_files(root, kind)}, reverse=True)


def published_files(root: str | os.PathLike | None, kind: str) -> list[str]:
    """The yearly files of a kind with a published or archived version, by file key (2025,
    2025-departments, 2022-hau-giang), newest first; empty for the files without a year."""
    if not per_year(kind):
        return []
    root = config.data_dir(root)
    if kind == BOUNDARIES:
        keys = {str(year) for year in boundaries.boundary_files(root)}
    else:
        keys = {path.stem for year, path in year_files(root / kind) if year is not None}
    archived = root / ARCHIVE_DIR / kind
    if archived.is_dir():
        keys |= {p.name for p in archived.iterdir() if p.is_dir() and YEAR_FILE.match(p.name + ".csv")}
    return sorted(keys, key=lambda k: (-int(k.split("-")[0]), k))


def split_key(key: str | int | None) -> tuple[int | None, str | None]:
    """(year, part) of a file key."""
    if key is None:
        return None, None
    year, _, part = str(key).partition("-")
    return int(year), part or None


def versions_table(root: str | os.PathLike | None, kind: str, key: str | int | None) -> pd.DataFrame:
    """history() for display, newest first: version, current, published_at, published_by, action,
    rows, sha256, stored_at (empty cells for versions published before the audit log)."""
    frame = history(root, kind, *split_key(key))
    frame["published_at"] = [_when(v) for v in frame["published_at"]]
    columns = ["version", "current", "published_at", "published_by", "action", "rows", "sha256", "stored_at"]
    return frame[columns].iloc[::-1].reset_index(drop=True)


def audit_table(root: str | os.PathLike | None = None, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """The audit log newest first: at, user, action (in words), kind, year, file, sha256 (first 12), rows, archived."""
    frame = read_audit(root)
    columns = ["at", "user", "action", "kind", "year", "file", "sha256", "rows", "archived"]
    frame = frame[columns].iloc[::-1].reset_index(drop=True)
    frame["action"] = [
        i18n.t(f"uploadpage.action.{a}", lang) if i18n.has(f"uploadpage.action.{a}", lang) else str(a)
        for a in frame["action"]
    ]
    frame["kind"] = [i18n.t(f"uploadpage.kind.{k}", lang) if k in PUBLISHABLE else str(k) for k in frame["kind"]]
    frame["sha256"] = [str(s)[:SHA_SHOWN] if s else "" for s in frame["sha256"]]
    frame["at"] = [_when(v) for v in frame["at"]]
    frame["year"] = [str(int(y)) if pd.notna(y) else "" for y in frame["year"]]
    frame["archived"] = frame["archived"].fillna("")
    return frame


def diff_table(frame: pd.DataFrame, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """A Diff frame (units, criteria or scores) with its `change` column in words (added, removed, changed)."""
    frame = frame.copy()
    if "change" in frame.columns:
        frame["change"] = [i18n.t(f"uploadpage.change.{c}", lang) for c in frame["change"]]
    return frame


def template_bytes(frame: pd.DataFrame, fmt: str, vietnamese: bool = False) -> bytes:
    """A template frame (templates.template_frame) as .xlsx or .csv bytes; ValueError for another format."""
    if fmt not in UPLOAD_TYPES:
        raise ValueError(f"unknown template format: {fmt!r}")
    with tempfile.TemporaryDirectory(prefix="cchc-template-") as tmp:
        return write_template(frame, Path(tmp) / f"template.{fmt}", vietnamese=vietnamese).read_bytes()


# --- the page ----------------------------------------------------------------------------------

COLUMN_PREFIX = "uploadpage.col."


def check(data: bytes, name: str, root: str, limits: Limits) -> Prepared:
    """The check of an upload (prepare_upload), once per file content, data version and limits:
    the page keeps its Prepared in the session, so a rerun does not check the file again."""
    return prepare_upload(data, name, root, limits)


def template(root: str, stamp: str, year: int, level: str) -> tuple[pd.DataFrame, int]:
    """templates.template_frame of the data directory's version `stamp` (the cache key)."""
    return template_frame(root, year, level)


def check_boundary(data: bytes, name: str, root: str, year: int) -> Prepared:
    """The check of a boundary upload (prepare_boundary_upload), kept in the session like check()."""
    return prepare_boundary_upload(data, name, root, year)


def upload_kind_choice(lang: str) -> Choice:
    """What is uploaded (?upload_kind=): a table (results, findings, unit list, …) or the units' boundaries."""
    labels = {k: i18n.t(f"uploadpage.upload_kind.{k}", lang) for k in UPLOAD_KINDS}
    return Choice("upload_kind", i18n.t("uploadpage.upload_kind", lang), UPLOAD_KINDS, labels, widget="radio")


def boundary_year(ds: Dataset) -> int:
    """The year a boundary upload opens on: the first year of the newest unit list of places (the
    latest reorganisation), as a boundary file serves from its year until the next file."""
    units = ds.query("unit_versions")
    places = units[units["level"].isin(boundaries.PLACE_LEVELS)]
    first = places["valid_from_year"].dropna()
    return int(first.max()) if len(first) else (ds.years()[-1] if ds.years() else 2025)


def boundary_intro(root: Path, year: int, lang: str) -> list:
    """What a boundary file of `year` does, and the boundary files already published."""
    files = boundaries.boundary_files(root)
    blocks = [Note("caption", i18n.t("uploadpage.boundary_caption", lang, year=year))]
    if files:
        shown = ", ".join(f"{y} ({p.relative_to(root).as_posix()})" for y, p in sorted(files.items()))
        blocks.append(Note("caption", tm("uploadpage.boundary_published", lang, files=shown)))
    return blocks


def boundary_limits(limits: Limits, lang: str) -> tuple[int, str]:
    """The boundary uploader's size limit in whole MB (the boundary files' limit, within the
    server's upload limit `limits`) and its help text."""
    limit = min(boundaries.max_bytes(), limits.max_bytes)
    return max(1, -(-limit // (1024 * 1024))), i18n.t(
        "uploadpage.boundary_uploader_help", lang, mb=round(limit / 1024 / 1024, 1)
    )


def boundary_preview(ds: Dataset, prepared: Prepared, ctx: ChartContext) -> list:
    """The map each level the checked file draws would show, coloured by band, before publishing
    (scores of the file's year; units not scored that year shown as no data)."""
    blocks = [Note("subheader", ctx.t("uploadpage.preview_header"))]
    for level in sorted(prepared.maps, key=lambda lv: lv != "commune"):
        blocks += maps.unit_map(
            ds,
            prepared.year,
            level,
            "band",
            ctx,
            subtitle=ctx.t("uploadpage.preview_subtitle"),
            name="preview-map",
            drawn=prepared.maps[level],
        )
    return blocks


def upload_limits(limits: Limits, lang: str) -> tuple[int, str]:
    """The uploader's size limit in whole MB (Streamlit's unit, rounded up) and its help text."""
    mb = round(limits.max_bytes / 1024 / 1024, 1)
    return max(1, -(-limits.max_bytes // (1024 * 1024))), i18n.t(
        "uploadpage.uploader_help", lang, mb=mb, rows=f"{limits.max_rows:,}"
    )


def kind_name(prepared: Prepared, lang: str) -> str:
    return i18n.t(f"uploadpage.kind.{prepared.kind}" if prepared.kind else "uploadpage.kind.unknown", lang)


def report(prepared: Prepared, file_stem: str, lang: str) -> list:
    """What the check found: kind, year, rows and problems as cards, the verdict, and the report
    table (every problem with its row, column, message and what to do)."""
    errors = sum(p.severity == "error" for p in prepared.problems)
    warnings = len(prepared.warnings)
    cards = (
        Card(i18n.t("uploadpage.fact.kind", lang), kind_name(prepared, lang)),
        Card(i18n.t("uploadpage.fact.year", lang), str(prepared.year) if prepared.year is not None else "–"),
        Card(
            i18n.t("uploadpage.fact.features" if prepared.kind == BOUNDARIES else "uploadpage.fact.rows", lang),
            f"{prepared.rows:,}".replace(",", "." if lang == "vi" else ","),
        ),
        Card(
            i18n.t("uploadpage.fact.problems", lang),
            i18n.t("uploadpage.fact.problems_value", lang, errors=errors, warnings=warnings),
        ),
    )
    blocks = [Note("subheader", i18n.t("uploadpage.report_header", lang)), cards]
    if errors:
        key = "uploadpage.has_errors_boundaries" if prepared.kind == BOUNDARIES else "uploadpage.has_errors"
        blocks.append(Note("error", i18n.t(key, lang, errors=errors), ":material/block:"))
    elif prepared.ok:
        verdict = "uploadpage.no_errors" if not warnings else "uploadpage.only_warnings"
        blocks.append(Note("success", i18n.t(verdict, lang, warnings=warnings)))
    if prepared.problems:
        # one file at a time: its name is in the uploader above, not repeated on every row
        table = headers(report_table(prepared, lang).drop(columns="file"), lang, "problems.")
        wide = {header(c, lang, "problems."): "large" for c in ("message", "hint")}
        name = (i18n.t("uploadpage.file.report", lang), file_stem)
        blocks.append(Table(table, name, text=wide, plain=True, row_height=WRAP_ROW_PX))
    return blocks


def difference(prepared: Prepared, root: Path, lang: str) -> list:
    """What publishing the file changes: a new file, or the units, criteria and scores that differ."""
    diff = prepared.diff
    kind = kind_name(prepared, lang)
    target = prepared.target.relative_to(root).as_posix()
    blocks = [Note("subheader", i18n.t("uploadpage.diff_header", lang))]
    if diff.is_new:
        new = tm("uploadpage.diff_new", lang, kind=kind, year=prepared.year or "", path=target)
        return blocks + [Note("info", new, ":material/fiber_new:")]
    replace = tm(
        "uploadpage.diff_replace_boundaries" if prepared.kind == BOUNDARIES else "uploadpage.diff_replace",
        lang,
        kind=kind,
        year=prepared.year or "",
        path=target,
        old_rows=diff.published_rows,
        new_rows=diff.new_rows,
    )
    blocks.append(Note("warning", replace, ":material/swap_horiz:"))
    if prepared.kind == BOUNDARIES:  # shapes, not rows: the preview below shows what changes
        return blocks
    parts = [
        (part, table)
        for part, table in (("units", diff.units), ("criteria", diff.criteria), ("scores", diff.scores))
        if len(table)
    ]
    for part, table in parts:
        blocks.append(Note("markdown", f"**{i18n.t(f'uploadpage.diff.{part}', lang)}**"))
        blocks.append(Table(headers(diff_table(table, lang), lang, COLUMN_PREFIX)))
    return blocks if parts else blocks + [Note("caption", i18n.t("uploadpage.diff_none", lang))]


def published_message(written, prepared: Prepared, root: Path, lang: str) -> str:
    """What was published where, and what was archived."""
    message = i18n.t(
        "uploadpage.published_boundaries" if prepared.kind == BOUNDARIES else "uploadpage.published",
        lang,
        kind=kind_name(prepared, lang),
        year=prepared.year or "",
        rows=written.rows,
        sha=written.sha256[:12],
        path=written.path.relative_to(root).as_posix(),
    )
    if written.archived:
        message += " " + i18n.t("uploadpage.archived", lang, archived=written.archived.relative_to(root).as_posix())
    return message


def kind_choice(lang: str) -> Choice:
    labels = {k: i18n.t(f"uploadpage.kind.{k}", lang) for k in PUBLISHABLE}
    return Choice("hist_kind", i18n.t("uploadpage.kind", lang), PUBLISHABLE, labels)


def versions(root: Path, kind: str, year: int | None, lang: str) -> tuple[list, tuple[int, ...], dict[int, str]]:
    """The versions of a kind and year (newest first), the earlier versions a rollback can
    restore (not one with the published content), and their labels."""
    if per_year(kind) and year is None:
        return [Note("info", i18n.t("uploadpage.no_versions", lang))], (), {}
    frame = versions_table(root, kind, year)
    if frame.empty:
        return [Note("info", i18n.t("uploadpage.no_versions", lang))], (), {}
    shown = frame.assign(
        current=[i18n.t("uploadpage.current", lang) if c else "" for c in frame["current"]],
        action=[i18n.t(f"uploadpage.action.{a}", lang) if a else "" for a in frame["action"]],
    )
    current = set(frame.loc[frame["current"], "sha256"])
    earlier = tuple(
        int(v) for v, c, sha in zip(frame["version"], frame["current"], frame["sha256"]) if not c and sha not in current
    )
    labels = {
        int(v): i18n.t("uploadpage.version_label", lang, version=int(v), sha=sha)
        for v, sha in zip(frame["version"], frame["sha256"])
    }
    blocks = [Table(headers(shown, lang, COLUMN_PREFIX), plain=True)]
    if not earlier:
        blocks.append(Note("caption", i18n.t("uploadpage.only_one_version", lang)))
    return blocks, earlier, labels


def rolled_back_message(restored, version: int, kind: str, year: int | None, root: Path, lang: str) -> str:
    archived = restored.archived.relative_to(root).as_posix() if restored.archived else "–"
    kind_text = i18n.t(f"uploadpage.kind.{kind}", lang)
    return i18n.t(
        "uploadpage.rolled_back",
        lang,
        version=version,
        kind=kind_text,
        year=year or "",
        sha=restored.sha256[:12],
        archived=archived,
    )


def audit(root: Path, lang: str) -> list:
    """The audit log, newest first."""
    log = audit_table(root, lang)
    if log.empty:
        return [Note("info", i18n.t("uploadpage.no_audit", lang))]
    shown = headers(log, lang, COLUMN_PREFIX)
    return [
        Note("caption", i18n.t("uploadpage.audit_caption", lang, n=len(log))),
        Table(shown, (i18n.t("uploadpage.file.audit", lang),), plain=True),
    ]
