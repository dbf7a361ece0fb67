"""Text from data on a chart: shown as text, never as markup.

Plotly draws titles, tick labels, legends, hovers and annotations through a subset of HTML
(`<a href>`, `<b>`, `<span style>`, `<br>`…), and reads `%{…}` in hover templates. A unit named
`<a href="http://…">x</a>`, a criterion code or a finding holding tags would become a link, bold
text or a styled span on every viewer's screen. The one rule: every text from data that reaches
a figure goes through `plain()` (or `plain_all()`), which writes `&`, `<` and `>` as the entities
plotly turns back into those characters, and a line break as `<br>` (plotly draws a newline as
a space). Text the project writes as markup on purpose is a `Markup` and passes unchanged; make
it with `bold()` or `Markup(...)` around text already made plain.
"""

from __future__ import annotations

from collections.abc import Iterable

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
