"""Text from data shown as the text it is, on a page and on a chart: the one escaping rule.

On a page: captions, subheaders, notes, metric cards and widget labels render Markdown, so a unit
named `**Phường 1**` or `[x](javascript:…)` would come out bold or as a link. The views fill every
Markdown text with `tm` (a translation with its data escaped: the translation's own Markdown still
renders) or `escape`; ui.draw renders what they return as it is.

On a chart: plotly draws titles, tick labels, legends, hovers and annotations through a subset of
HTML (`<a href>`, `<b>`, `<span style>`, `<br>`…), and reads `%{…}` in hover templates. Every text
from data that reaches a figure goes through `plain()` (or `plain_all()`), which writes `&`, `<`
and `>` as the entities plotly turns back into those characters, and a line break as `<br>`. Text
the project writes as markup on purpose is a `Markup` and passes unchanged; make it with `bold()`
or `Markup(...)` around text already made plain.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from cchc_metrics import i18n

# CommonMark lets a backslash escape any ASCII punctuation. Escaped anywhere: the characters that
# make emphasis, code, links, images, HTML, strikethrough, tables, entities, Streamlit's directives
# (:red[…]) and LaTeX ($…$). Escaped at a line's start only: headings, quotes, lists, rules, so a
# plain "Phường 1 (cũ)." stays readable in the page source and in tests.
_INLINE = re.compile(r"([\\`*_\[\]<>~$|&])")
_LINE_START = re.compile(r"^(\s*)(?:([#>+\-=])|(\d+)([.)]))", re.MULTILINE)
# What GitHub-flavoured Markdown (Streamlit's) turns into a link with no Markdown at all: a web
# address (http://…, www.…) or an e-mail address, found in the text after the Markdown is read (so
# neither a backslash nor a character reference stops it). A word joiner (U+2060, invisible, no
# line break) before the pattern's ":", "." or "@" breaks it: the address reads as it is, unlinked.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=https)(:)(?=//)|(?<=http)(:)(?=//)|(?<=ftp)(:)(?=//)|(?<=\bwww)(\.)|(@)")


def escape(text: str) -> str:
    """`text` as literal Markdown: its special characters backslash-escaped (line breaks kept),
    and a web or e-mail address written so that it is not made a link (see _AUTOLINK)."""
    inline = _AUTOLINK.sub(lambda m: WORD_JOINER + m.group(), _INLINE.sub(r"\\\1", str(text)))
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


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "<br>", "\r": ""})
_SPECIAL = frozenset("&<>\n\r")


class Markup(str):
    """Text that is markup on purpose (made by the project, with any text from data inside made plain)."""

    __slots__ = ()


def plain(text):
    """`text` as plotly shows it literally: entities for &, <, >, a `<br>` for a line break.

    A Markup is returned as it is, and so is what is not text (a number, a year, a missing value).
    """
    if isinstance(text, Markup) or not isinstance(text, str):
        return text
    return text.translate(_ESCAPES) if not _SPECIAL.isdisjoint(text) else text


def plain_all(texts: Iterable) -> list:
    """plain() of every value, as a list (a frame's column, an index, a list of labels)."""
    return [plain(t) for t in texts]


def bold(text) -> Markup:
    """`text` in bold on a chart, its own characters shown as they are."""
    return Markup(f"<b>{plain(text)}</b>")
