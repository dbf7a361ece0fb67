"""Sắp xếp đơn vị (Reorganisation): a unit's history through its predecessors, an old unit's story
to where it merged, the lineage links, communes by former district, and the official-list check."""

import streamlit as st

from cchc_metrics.views import reorganisation as view
from cchc_metrics.views.common import context
from ui.cache import view as cached
from ui.draw import draw, load_dataset
from ui.state import choice, compact, current_lang, presentation, t

ds = load_dataset()
lang = current_lang()
ctx = context(ds, lang, presentation(), compact())
st.title(t("reorg.title"))
draw(view.intro(ctx))
unit_id = choice(cached(view.version_choice, ds, lang))
draw(
    cached(view.history, ds, unit_id, ctx),
    cached(view.story, ds, unit_id, ctx),
    cached(view.former_districts, ds, lang),
    cached(view.links, ds, lang),
)
# not cached: the official list is a package of its own, which can be missing or updated
draw(view.official(ds, lang))
