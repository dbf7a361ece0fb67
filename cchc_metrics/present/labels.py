"""Names as readers see them: reform areas (full and short), units told apart, sorting as in Vietnamese.

Area names come from the areas table (areas.csv or the defaults); short names for narrow chart
axes come from the `area_short.<code>` texts when there is one, else the full name.
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from cchc_metrics import i18n
from cchc_metrics.engine.dataset import Dataset


def area_names(ds: Dataset, lang: str, short: bool = False) -> dict[str, str]:
    """{area_code: name} in report order; `short` gives the axis label where one is defined."""
    areas = ds.areas()
    column = "name_vi" if lang == "vi" else "name_en"
    names = {}
    for code, name in zip(areas["area_code"], areas[column]):
        key = f"area_short.{code}"
        names[code] = i18n.t(key, lang) if short and i18n.has(key, lang) else name
    return names


def sort_key(text: str) -> str:
    """A key that sorts Vietnamese names as readers expect (Ô Môn beside O, Đ beside D)."""
    text = str(text).replace("Đ", "D").replace("đ", "d")
    base = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return base.casefold() + "\x00" + text


def distinct_labels(names: pd.Series, codes: pd.Series, types: pd.Series | None = None) -> pd.Series:
    """Unit names, told apart where two units in the list share a name (Thạnh An): by their type
    ("Thạnh An (thị trấn)") when that tells them apart, else by their code."""
    repeated = names.duplicated(keep=False)
    if not repeated.any():
        return names
    if types is not None:
        typed = names + " (" + types.fillna("").astype(str) + ")"
        if not typed[repeated].duplicated(keep=False).any() and types[repeated].notna().all():
            return names.where(~repeated, typed)
    return names.where(~repeated, names + " (" + codes.astype(str) + ")")


def kind_label(kind: str, lang: str) -> str:
    """The words for a finding kind (strength, weakness, recommendation)."""
    return i18n.t(f"finding.{kind}", lang)
