"""A unit's scorecard as one printed A4 page (PDF, real text) and as a picture of that page (PNG).

The document is data (`Scorecard`): every text is final (translated) and every table has its
headers; the view (views.scorecard) builds it, the page shows the same sections on screen.
The PDF is set in a serif font with Vietnamese glyphs: Liberation Serif (the metrics of Times
New Roman, the font of official documents) where installed, else Noto Serif, else DejaVu
Serif; DejaVu fills in the glyphs the first lacks (arrows, the minus sign). It always fits one
page: the type is set smaller step by step, then the longest sections are cut with a line
saying how many rows were left out (the page on screen has them all).
The PNG is the PDF's page drawn by PDFium, so the picture and the print are the same page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace

from cchc_metrics import i18n

FONT_DIRS = (Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
# (family, regular file, bold file), best first
SERIF_FONTS = (
    ("LiberationSerif", "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
    ("NotoSerif", "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf"),
    ("DejaVuSerif", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
)
FALLBACK = ("DejaVuSerif", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf")
MARGIN_MM = 12
SCALES = (1.0, 0.92, 0.85, 0.78, 0.72)  # the type's size, tried in turn until the page holds it all
PNG_DPI = 150
HEAD_FILL = (226, 234, 243)
ACCENT = (31, 78, 121)
DRAFT_RED = (192, 57, 43)


class FontUnavailable(RuntimeError):
    """No serif font with Vietnamese glyphs is installed: the PDF cannot be set."""

    def message(self, lang: str = i18n.DEFAULT_LANG) -> str:
        return i18n.t("scorecard.no_font", lang)


@dataclass(frozen=True)
class Section:
    """A titled table of the scorecard. `frame`: headers as read, numbers as numbers (written
    with the language's marks; `signed`: the headers whose numbers carry their sign).
    `empty`: the sentence shown instead when the frame has no row. `widths`: relative column
    widths. `note`: a line under the title (a rule, a source)."""

    title: str
    frame: pd.DataFrame = field(compare=False)
    empty: str = ""
    widths: tuple[float, ...] = ()
    signed: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Scorecard:
    """One unit and year on a page: the heading lines, the key figures, the sections, the source."""

    lang: str
    region: str
    title: str
    subtitle: str
    status: str
    draft: bool
    figures: tuple[tuple[str, str, str], ...]  # (label, value, change or "")
    sections: tuple[Section, ...]
    source: str
    file_name: str


def find_font(names: tuple[str, str, str], dirs=FONT_DIRS) -> tuple[str, Path, Path] | None:
    """(family, regular path, bold path) of the first of `names`' files found under `dirs`."""
    family, regular, bold = names
    for root in dirs:
        if not root.is_dir():
            continue
        found = {p.name: p for p in root.rglob("*.ttf") if p.name in (regular, bold)}
        if regular in found:
            return family, found[regular], found.get(bold, found[regular])
    return None


def serif_font(dirs=FONT_DIRS) -> tuple[str, Path, Path]:
    """The serif the scorecard is set in (see the module docstring). Raises FontUnavailable."""
    for names in SERIF_FONTS:
        found = find_font(names, dirs)
        if found:
            return found
    raise FontUnavailable("no serif font with Vietnamese glyphs")


def _cell(value, lang: str, signed: bool) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return i18n.MISSING
    if isinstance(value, float):
        return i18n.fmt_num(value, lang, 2, signed)
    return str(value)


class _Page(FPDF):
    def __init__(self, family: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.family = family
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, MARGIN_MM)


def _setup(card: Scorecard) -> _Page:
    family, regular, bold = serif_font()
    pdf = _Page(family)
    pdf.add_font(family, "", str(regular))
    pdf.add_font(family, "B", str(bold))
    fallback = find_font(FALLBACK)
    if fallback and fallback[0] != family:
        pdf.add_font(fallback[0], "", str(fallback[1]))
        pdf.add_font(fallback[0], "B", str(fallback[2]))
        pdf.set_fallback_fonts([fallback[0]], exact_match=False)
    pdf.set_title(f"{card.title} – {card.subtitle}")
    pdf.set_lang(card.lang)
    pdf.set_creator("CCHC Metrics")
    return pdf


def _write(card: Scorecard, scale: float, limit: int | None) -> FPDF:
    pdf = _setup(card)
    pdf.add_page()
    f = pdf.family
    width = pdf.epw
    pdf.set_font(f, "B", 10 * scale)
    pdf.set_text_color(*ACCENT)
    pdf.cell(width * 0.6, 5 * scale, card.region.upper(), new_x="RIGHT", new_y="TOP")
    pdf.set_font(f, "B" if card.draft else "", 9 * scale)
    pdf.set_text_color(*(DRAFT_RED if card.draft else (80, 80, 80)))
    pdf.multi_cell(width * 0.4, 4.2 * scale, card.status, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1.5 * scale)
    pdf.set_font(f, "B", 15 * scale)
    pdf.multi_cell(width, 7 * scale, card.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(f, "", 10 * scale)
    pdf.multi_cell(width, 5 * scale, card.subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2 * scale)
    _figures(pdf, card, scale)
    for section in card.sections:
        _section(pdf, section, card.lang, scale, limit)
    pdf.ln(1.5 * scale)
    pdf.set_font(f, "", 7.5 * scale)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(width, 3.5 * scale, card.source, align="L", new_x="LMARGIN", new_y="NEXT")
    return pdf


def _figures(pdf: FPDF, card: Scorecard, scale: float) -> None:
    """The key figures as boxes side by side: label, value, change."""
    n = max(1, len(card.figures))
    box = pdf.epw / n
    top = pdf.get_y()
    f = pdf.family
    pdf.set_draw_color(*ACCENT)
    for i, (label, value, change) in enumerate(card.figures):
        x = pdf.l_margin + i * box
        pdf.rect(x + 0.8, top, box - 1.6, 17 * scale)
        pdf.set_xy(x + 1.5, top + 1)
        pdf.set_font(f, "", 8 * scale)
        pdf.set_text_color(80, 80, 80)
        pdf.cell(box - 3, 4 * scale, label, align="C")
        pdf.set_xy(x + 1.5, top + 1 + 4.5 * scale)
        pdf.set_font(f, "B", 13 * scale)
        pdf.set_text_color(0, 0, 0)
        pdf.cell(box - 3, 6 * scale, value, align="C")
        pdf.set_xy(x + 1.5, top + 1 + 11 * scale)
        pdf.set_font(f, "", 8 * scale)
        pdf.set_text_color(80, 80, 80)
        pdf.cell(box - 3, 4 * scale, change, align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(pdf.l_margin, top + 19 * scale)


def _section(pdf: FPDF, section: Section, lang: str, scale: float, limit: int | None) -> None:
    f = pdf.family
    pdf.ln(1.5 * scale)
    pdf.set_font(f, "B", 10.5 * scale)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(pdf.epw, 5 * scale, section.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    if section.note:
        pdf.set_font(f, "", 7.5 * scale)
        pdf.set_text_color(80, 80, 80)
        pdf.multi_cell(pdf.epw, 3.5 * scale, section.note, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    frame = section.frame
    if frame.empty:
        pdf.set_font(f, "", 8.5 * scale)
        pdf.multi_cell(pdf.epw, 4.2 * scale, section.empty, new_x="LMARGIN", new_y="NEXT")
        return
    left_out = 0
    if limit is not None and len(frame) > limit:
        left_out = len(frame) - limit
        frame = frame.head(limit)
    pdf.set_font(f, "", 8 * scale)
    widths = section.widths or tuple(1 for _ in frame.columns)
    signed = set(section.signed)
    with pdf.table(
        col_widths=widths,
        width=pdf.epw,
        line_height=3.8 * scale,
        padding=(0.6 * scale, 1),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
        borders_layout="HORIZONTAL_LINES",
        text_align="LEFT",
        v_align="TOP",
    ) as table:
        head = table.row()
        for column in frame.columns:
            head.cell(str(column))
        for values in frame.itertuples(index=False):
            row = table.row()
            for column, value in zip(frame.columns, values):
                row.cell(_cell(value, lang, column in signed))
    if left_out:
        pdf.set_font(f, "", 7.5 * scale)
        pdf.multi_cell(pdf.epw, 3.5 * scale, i18n.t("scorecard.more_rows", lang, n=left_out), new_x="LMARGIN")
        pdf.ln(0.5)


def pdf_bytes(card: Scorecard) -> bytes:
    """The scorecard as a one-page A4 PDF (see the module docstring). Raises FontUnavailable."""
    longest = max((len(s.frame) for s in card.sections), default=0)
    limits = [None] + [n for n in (8, 6, 4, 3, 2, 1) if n < longest]
    for limit in limits:
        for scale in SCALES:
            pdf = _write(card, scale, limit)
            if pdf.pages_count == 1:
                return bytes(pdf.output())
    return bytes(pdf.output())  # nothing shorter exists: the last, smallest try


def png_bytes(pdf: bytes, dpi: int = PNG_DPI) -> bytes:
    """The first page of `pdf` drawn as a PNG at `dpi` (PDFium)."""
    import io

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def scorecard_png(card: Scorecard) -> bytes:
    """The scorecard's page as a PNG."""
    return png_bytes(pdf_bytes(card))
