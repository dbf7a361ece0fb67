"""Tables of the upload page: the validation report, the versions of a year, the audit log.

Plain pandas over publishing's results, shaped for display and download; the page only renames
columns and draws them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from cchc_metrics import config, i18n
from cchc_metrics.engine.loading import year_files
from cchc_metrics.engine.reading import Limits
from cchc_metrics.publish.publishing import ARCHIVE_DIR, KINDS, Prepared, history, prepare, read_audit
from cchc_metrics.publish.templates import write_template

UPLOAD_TYPES = ("csv", "xlsx")
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


def _when(stamp) -> str:
    """An audit timestamp (ISO, UTC) written as the archive's names are: `2026-11-28 13:51:59`."""
    text = "" if stamp is None or (isinstance(stamp, float) and stamp != stamp) else str(stamp)
    return text[:19].replace("T", " ")


def report_table(prepared: Prepared, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """The validation report with severities in words: file, row, column, severity, message, hint."""
    frame = prepared.report(lang)
    frame["severity"] = [i18n.t(f"uploadpage.severity.{s}", lang) for s in frame["severity"]]
    return frame


def published_years(root: str | os.PathLike | None, kind: str) -> list[int]:
    """The years of a kind with a published file or an archived version, newest first (empty for units)."""
    if kind == "units":
        return []
    root = config.data_dir(root)
    folder = config.inspections_dir(root) if kind == "inspections" else config.findings_dir(root)
    years = {y for y, _ in year_files(folder) if y is not None}
    archived = root / ARCHIVE_DIR / kind
    if archived.is_dir():
        years |= {int(p.name) for p in archived.iterdir() if p.is_dir() and p.name.isdigit()}
    return sorted(years, reverse=True)


def versions_table(root: str | os.PathLike | None, kind: str, year: int | None) -> pd.DataFrame:
    """history() for display, newest first: version, current, published_at, published_by, action,
    rows, sha256, stored_at (empty cells for versions published before the audit log)."""
    frame = history(root, kind, year)
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
    frame["kind"] = [i18n.t(f"uploadpage.kind.{k}", lang) if k in KINDS else str(k) for k in frame["kind"]]
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
