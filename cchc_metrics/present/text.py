"""Text from data shown as the text it is, wherever it lands in Markdown.

Captions, subheaders, notes, metric cards and widget labels render Markdown, so a unit named
`**Phường 1**` or `[x](javascript:…)` would come out bold or as a link. The views fill every
Markdown text with `tm` (a translation with its data escaped: the translation's own Markdown
still renders) or `escape`; ui.draw renders what they return as it is.
"""

from __future__ import annotations

import re
import unicodedata

from cchc_metrics import i18n

# CommonMark lets a backslash escape any ASCII punctuation. Escaped anywhere: the characters that
# make emphasis, code, links, images, HTML, strikethrough, tables, entities, Streamlit's directives
# (:red[…]) and LaTeX ($…$). Escaped at a line's start only: headings, quotes, lists, rules, so a
# plain "Phường 1 (cũ)." stays readable in the page source and in tests.
_INLINE = re.compile(r"([\\`*_\[\]<>~$|&])")
_LINE_START = re.compile(r"^(\s*)(?:([#>+\-=])|(\d+)([.)]))", re.MULTILINE)


def escape(text: str) -> str:
    """`text` as literal Markdown: its special characters backslash-escaped (line breaks kept)."""
    inline = _INLINE.sub(r"\\\1", str(text))
    return _LINE_START.sub(
        lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)), inline
    )


def tm(key: str, lang: str, **params) -> str:
    """The translation of `key` for a Markdown element, its text parameters escaped (numbers as they are).

    A line break inside a parameter (a name) becomes a space: it would end a heading or caption.
    """
    return i18n.t(
        key, lang, **{k: escape(" ".join(v.splitlines())) if isinstance(v, str) else v for k, v in params.items()}
    )


def slug(text: str) -> str:
    """ASCII file-name part: diacritics removed (Đ → D), spaces to dashes."""
    text = str(text).replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "chart"
