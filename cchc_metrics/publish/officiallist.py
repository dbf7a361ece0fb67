"""Checking a unit list against the official list of the `vietnam-provinces` package.

The package (PyPI `vietnam-provinces`, 2025.x line) carries the current two-tier structure:
provinces and their communes (phường, xã, đặc khu) with national codes. Our unit list is
compared code by code: codes the official list does not know, and names that differ, with the
kind of difference named (Unicode form, spaces, type prefix, tone placement, or another name).
When the package is missing or unusable, `OfficialListUnavailable` says why, so callers skip.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from cchc_metrics import i18n

PREFIXES = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "quận", "huyện", "xã")
# Old-style tone placement (hoà, thuỷ) → new style (hòa, thủy), only where the syllable ends:
# in "hoàn" the mark sits on a in both styles.
_TONES = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_TONES.update({k.capitalize(): v.capitalize() for k, v in list(_TONES.items())})
_TONE_RE = re.compile("(" + "|".join(_TONES) + r")(?!\w)")


class OfficialListUnavailable(RuntimeError):
    """The vietnam-provinces package cannot be used here; `reason` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    def message(self, lang: str = i18n.DEFAULT_LANG) -> str:
        return i18n.t("officiallist.unavailable", lang, reason=self.reason)


def strip_prefix(name: str) -> str:
    """A name without its type prefix ("Xã Trường Long" → "Trường Long")."""
    folded = name.casefold()
    for prefix in PREFIXES:
        if folded.startswith(prefix + " "):
            return name[len(prefix) + 1 :]
    return name


def new_tone_style(name: str) -> str:
    """The name with tone marks placed in the new style (Thuỷ → Thủy, Hoà → Hòa)."""
    return _TONE_RE.sub(lambda m: _TONES[m.group(1)], name)


def official_units(province: str) -> pd.DataFrame:
    """The official communes of the province whose name contains `province` (e.g. "Cần Thơ").

    Columns: unit_code (text), official_name (as published, with its type prefix), unit_type,
    bare_name (without the prefix, spaces as written once). Raises OfficialListUnavailable when the package is missing,
    its API differs from the one read here, or no province matches.
    """
    try:
        from vietnam_provinces import Province, Ward
    except ImportError as exc:
        raise OfficialListUnavailable(f"import vietnam_provinces: {exc}") from exc
    try:
        wanted = unicodedata.normalize("NFC", province).casefold()
        provinces = [p for p in Province.iter_all() if wanted in unicodedata.normalize("NFC", p.name).casefold()]
        if len(provinces) != 1:
            raise OfficialListUnavailable(f"{len(provinces)} provinces match {province!r}")
        wards = sorted(Ward.iter_by_province(provinces[0].code), key=lambda w: int(w.code))
        rows = [(str(int(w.code)), unicodedata.normalize("NFC", w.name), str(w.division_type.value)) for w in wards]
    except AttributeError as exc:  # another API generation (the 0.6.x line has districts)
        raise OfficialListUnavailable(f"unexpected API: {exc}") from exc
    frame = pd.DataFrame(rows, columns=["unit_code", "official_name", "unit_type"])
    # the published list has stray spaces ("Xã  Phú Hữu"): a unit is not wrong for leaving them out
    frame["bare_name"] = [strip_prefix(re.sub(r"\s+", " ", n).strip()) for n in frame["official_name"]]
    return frame


def name_difference(ours: str, official: str) -> str | None:
    """How our name differs from the official bare name: None (same), unicode_form, spacing,
    type_prefix, tone_placement or name_differs (the first that explains the difference)."""
    if ours == official:
        return None
    steps = (
        ("unicode_form", lambda s: unicodedata.normalize("NFC", s)),
        ("spacing", lambda s: re.sub(r"\s+", " ", s).strip()),
        ("type_prefix", strip_prefix),
        ("tone_placement", new_tone_style),
    )
    current, target = ours, new_tone_style(official)
    for kind, step in steps:
        current = step(current)
        if current == official or (kind == "tone_placement" and current == target):
            return kind
    return "name_differs"


def check_unit_list(units: pd.DataFrame, official: pd.DataFrame, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """Compare a unit list (columns unit_code, unit_name) with official_units(); one row per issue.

    Columns: unit_code, unit_name, official_name (empty for an unknown code), issue
    (unknown_code | unicode_form | spacing | type_prefix | tone_placement | name_differs),
    message (the issue in `lang`). Units whose code and name match do not appear.
    """
    known = dict(zip(official["unit_code"], zip(official["official_name"], official["bare_name"])))
    rows = []
    for code, name in zip(units["unit_code"].astype(str), units["unit_name"].astype(str)):
        if code not in known:
            rows.append((code, name, None, "unknown_code"))
            continue
        full, bare = known[code]
        issue = name_difference(name, bare)
        if issue:
            rows.append((code, name, full, issue))
    frame = pd.DataFrame(rows, columns=["unit_code", "unit_name", "official_name", "issue"])
    frame["message"] = [i18n.t(f"officiallist.{i}", lang) for i in frame["issue"]]
    return frame
