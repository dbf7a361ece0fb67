"""Every visible string, in Vietnamese and English, and number formatting per language.

Catalogues are JSON files under `locales/<lang>/`, one file per feature, merged at first use.
A test checks that every language has the same keys.
"""

from __future__ import annotations

import json
import math
from functools import cache
from numbers import Integral
from pathlib import Path

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
_LOCALES = Path(__file__).parent / "locales"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All keys of one language, merged from its JSON files."""
    if lang not in LANGS:
        raise ValueError(f"unknown language: {lang!r}")
    merged: dict[str, str] = {}
    for path in sorted((_LOCALES / lang).glob("*.json")):
        entries = json.loads(path.read_text(encoding="utf-8"))
        clash = merged.keys() & entries.keys()
        if clash:
            raise ValueError(f"{path.name} repeats keys: {sorted(clash)}")
        merged.update(entries)
    return merged


COUNT_MARKED_FROM = 10_000  # whole numbers from here on are counts (10.600 xã), never years
PLAIN_PARAMS = frozenset({"seed", "row"})  # numbers a reader types back or looks up as written


def t(key: str, lang: str = DEFAULT_LANG, **params) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `params`.

    A whole number of COUNT_MARKED_FROM or more is written with the language's thousands mark
    ("10.600 xã, phường", "10,600 communes"), except the PLAIN_PARAMS; smaller ones and years stay
    plain. Raises KeyError for an unknown key, so a missing translation fails loudly in tests.
    """
    text = catalogue(lang)[key]
    if not params:
        return text
    for name, value in params.items():
        if (
            isinstance(value, Integral)
            and not isinstance(value, bool)
            and abs(value) >= COUNT_MARKED_FROM
            and name not in PLAIN_PARAMS
        ):
            params[name] = fmt_num(value, lang, 0)
    return text.format(**params)


def has(key: str, lang: str = DEFAULT_LANG) -> bool:
    return key in catalogue(lang)


_VI_MARKS = str.maketrans({",": ".", ".": ","})  # 1,234.5 → 1.234,5


MISSING = "–"  # a missing number, in texts and tables


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_num(value, lang: str = DEFAULT_LANG, digits: int = 2, signed: bool = False) -> str:
    """A number as the reader writes it: `84,05` in Vietnamese, `84.05` in English; `–` when missing."""
    if _missing(value):
        return MISSING
    text = f"{value:+,.{digits}f}" if signed else f"{value:,.{digits}f}"
    return text.translate(_VI_MARKS) if lang == "vi" else text


def fmt_column(values, lang: str = DEFAULT_LANG, digits: int = 2) -> list[str]:
    """fmt_num of every value, as a list: the marks of a whole column swapped at once."""
    texts = [MISSING if _missing(v) else f"{v:,.{digits}f}" for v in values]
    return "\n".join(texts).translate(_VI_MARKS).split("\n") if lang == "vi" and texts else texts


def plotly_separators(lang: str) -> str:
    """Plotly's `layout.separators`: decimal then thousands mark."""
    return ",." if lang == "vi" else ".,"
