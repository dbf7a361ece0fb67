"""The briefing page's Streamlit side: one chart renderer per server, the files cached per choice."""

from __future__ import annotations

import streamlit as st

from cchc_metrics.present.files import pdf_bytes, pptx_bytes, render_pngs, zip_bytes
from cchc_metrics.present.render import Renderer
from cchc_metrics.views.briefing import Briefing


@st.cache_resource(show_spinner=False)
def renderer() -> Renderer:
    """The server's one headless Chromium, shared by every session (Renderer is thread-safe)."""
    return Renderer()


@st.cache_data(max_entries=16, show_spinner=False)
def briefing_files(fingerprint: str, year: int, code: str | None, lang: str, _b: Briefing) -> dict[str, bytes]:
    """{".pptx", ".zip", ".pdf": bytes} of the briefing `_b`; cached per data version and choice.

    Raises render.RenderUnavailable (not cached: the next click tries again).
    """
    pngs = render_pngs(_b, renderer())
    pictures = render_pngs(_b, renderer(), titled=False)
    return {".pptx": pptx_bytes(_b, pictures), ".zip": zip_bytes(_b, pngs), ".pdf": pdf_bytes(_b, pngs)}
