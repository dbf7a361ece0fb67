"""Inspection findings: filtered and searched with bound values, grouped into recurring themes.

Text search ignores case and Unicode composition (both sides NFC + lower-case); with
`loose=True` it also ignores diacritics ("so theo doi" finds "Sổ theo dõi"; đ counts as d).
Every filter value is a bound parameter, so a hostile search text is only ever a string.

Recurring themes: findings grouped by kind and a theme key, either the normalised text
(`by="text"`: accents, case, punctuation and spacing ignored) or the area (`by="area"`); a
theme recurs when it was written for at least `min_units` units or in at least `min_years` years.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.analysis.common import area_names, query
from cchc_metrics.engine.dataset import Dataset
from cchc_metrics.engine.schema import FINDING_KINDS

_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """NFC, lower-case, spacing collapsed: the strict form a search compares."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).lower()).strip()


def strip_marks(text: str) -> str:
    """`fold` without diacritics, đ as d: the loose form ("Sổ theo dõi" → "so theo doi")."""
    decomposed = unicodedata.normalize("NFD", fold(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare).replace("đ", "d")


def theme_key(text: str) -> str:
    """The loose form without punctuation: two wordings that differ only there share a theme."""
    return _SPACE.sub(" ", _PUNCT.sub(" ", strip_marks(text))).strip()


def search(
    ds: Dataset,
    year: int | None = None,
    district: str | None = None,
    unit: str | None = None,
    area: str | None = None,
    kind: str | None = None,
    text: str | None = None,
    loose: bool = False,
    lang: str = i18n.DEFAULT_LANG,
) -> pd.DataFrame:
    """Findings matching every given filter (None: no filter), each beside the unit's scores.

    `district` matches a commune's district or the district unit itself; `text` is a substring
    (see the module docstring; `loose` also ignores diacritics).
    Columns: year, unit_id, unit_code, unit_name, level, district_code, district_name,
    area_code, area_name, criterion_code, kind, text, inspected_on, index_pct, area_pct,
    criterion_pct (the unit's scores that year; missing where not assessed).
    Raises ValueError for an unknown kind.
    """
    if kind is not None and kind not in FINDING_KINDS:
        raise ValueError(f"kind must be one of {FINDING_KINDS}: {kind!r}")
    needle = fold(text) if text and text.strip() else None
    frame = query(
        ds,
        "findings",
        year=None if year is None else int(year),
        district=district,
        unit=unit,
        area=area,
        kind=kind,
        needle=needle,
        loose_needle=strip_marks(text) if needle and loose else None,
    )
    frame.insert(8, "area_name", frame["area_code"].map(area_names(ds, lang)))
    return frame


def recurring_themes(findings: pd.DataFrame, by: str = "text", min_units: int = 2, min_years: int = 2) -> pd.DataFrame:
    """Themes that recur across units or years among `findings` (a search() result).

    Columns: kind, theme_key, theme (the most frequent wording, the earliest on a tie; the area code with
    by="area"), area_codes (sorted, comma-separated), findings, units, years, first_year,
    last_year, unit_codes (sorted, comma-separated). Sorted by kind, units, findings (most
    first), theme key. Raises ValueError when `by` is not "text" or "area".
    """
    if by not in ("text", "area"):
        raise ValueError(f"by must be 'text' or 'area': {by!r}")
    frame = findings.copy()
    frame["theme_key"] = [theme_key(t) for t in frame["text"]] if by == "text" else frame["area_code"].fillna("")
    rows = []
    for (kind, key), group in frame.groupby(["kind", "theme_key"], sort=True):
        wording = group["text"].map(lambda s: unicodedata.normalize("NFC", s).strip())
        # the most frequent wording; ties go to the one written first (findings come by year)
        counts = wording.groupby(wording, sort=False).size()
        rows.append(
            {
                "kind": kind,
                "theme_key": key,
                "theme": counts.idxmax() if by == "text" else key,
                "area_codes": ", ".join(sorted(group["area_code"].dropna().unique())),
                "findings": len(group),
                "units": group["unit_id"].nunique(),
                "years": group["year"].nunique(),
                "first_year": int(group["year"].min()),
                "last_year": int(group["year"].max()),
                "unit_codes": ", ".join(sorted(group["unit_code"].unique())),
            }
        )
    columns = [
        "kind",
        "theme_key",
        "theme",
        "area_codes",
        "findings",
        "units",
        "years",
        "first_year",
        "last_year",
        "unit_codes",
    ]
    themes = pd.DataFrame(rows, columns=columns)
    themes = themes[(themes["units"] >= min_units) | (themes["years"] >= min_years)]
    themes = themes.sort_values(["kind", "units", "findings", "theme_key"], ascending=[True, False, False, True])
    return themes.reset_index(drop=True)
