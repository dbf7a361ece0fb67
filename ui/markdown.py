"""Data inside Streamlit's Markdown: unit names, file names and regions shown as the text they are.

st.caption, st.subheader, st.info, st.metric and widget labels render Markdown, so a unit named
`**Phường 1**` or `[x](javascript:…)` would come out bold or as a link. `tm` fills a translation
with its data escaped; the translation's own Markdown (bold words in a template) still renders.
"""

from __future__ import annotations

import re

from cchc_metrics import i18n

# CommonMark lets a backslash escape any ASCII punctuation; these are the ones Markdown, Streamlit's
# directives (:red[…], :material/…:) and its LaTeX ($…$) give a meaning to.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def escape(text: str) -> str:
    """`text` as literal Markdown: every special character backslash-escaped, line breaks as spaces."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).splitlines()))


def tm(key: str, lang: str, **params) -> str:
    """The translation of `key` for a Markdown element, its text parameters escaped (numbers as they are)."""
    return i18n.t(key, lang, **{k: escape(v) if isinstance(v, str) else v for k, v in params.items()})
