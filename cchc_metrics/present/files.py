"""The briefing as files: a PowerPoint deck, a ZIP of PNGs, a PDF; one chart per slide or page.

The deck's pictures leave the chart title out (the slide title carries it, as text a reader can
search and edit) and put the narrative in the speaker notes; the PNGs and the PDF pages keep the
title inside the image, so each stands alone. The PDF is assembled by Pillow from the PNGs, so it
needs no other library and looks exactly like them. Texts go in cleaned of the control characters
a deck cannot hold (present.downloads.clean): a name with Word's line break never fails an export.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from cchc_metrics import i18n
from cchc_metrics.present.downloads import clean
from cchc_metrics.present.render import SLIDE_SCALE, Renderer
from cchc_metrics.present.slides import Briefing, without_title

FORMATS = (".pptx", ".zip", ".pdf")
MIME = {
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".zip": "application/zip",
    ".pdf": "application/pdf",
}
# A 13.33 × 7.5 inch slide (PowerPoint's 16:9); the PDF pages get the same size.
SLIDE_W_IN = 13.333
SLIDE_H_IN = 7.5
PDF_DPI = 144.0  # 1920 px / 144 = 13.33 in
TITLE_COLOUR = (0x1F, 0x4E, 0x79)


def render_pngs(b: Briefing, renderer: Renderer, titled: bool = True) -> list[bytes]:
    """One PNG per slide (1920×1080); `titled` False leaves the chart title out (for the deck).

    Raises render.RenderUnavailable.
    """
    figures = [s.figure if titled else without_title(s) for s in b.slides]
    return [renderer.png(fig) for fig in figures]


def zip_bytes(b: Briefing, pngs: list[bytes]) -> bytes:
    """A ZIP of the titled PNGs, named number_chart_unit_year.png."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # PNGs are compressed already
        for i, png in enumerate(pngs):
            archive.writestr(b.file_name(i), png)
    return buffer.getvalue()


def pdf_bytes(b: Briefing, pngs: list[bytes]) -> bytes:
    """A PDF with one 16:9 page per titled PNG, titled with the briefing's title."""
    from PIL import Image

    pages = [Image.open(io.BytesIO(png)).convert("RGB") for png in pngs]
    buffer = io.BytesIO()
    pages[0].save(
        buffer,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=PDF_DPI * SLIDE_SCALE / 2,
        title=clean(b.title),
        author=clean(b.subtitle),
        producer="CCHC Metrics",
    )
    return buffer.getvalue()


def notes_text(b: Briefing, i: int | None = None) -> str:
    """The speaker notes of slide `i` (None: the title slide): how to read the chart, then the narrative."""
    parts = []
    if i is not None and b.slides[i].subtitle:
        parts.append(i18n.t("briefing.notes.read", b.lang, sub=b.slides[i].subtitle))
    if b.narrative:
        parts.append(b.narrative)
    return clean("\n\n".join(parts))


def pptx_bytes(b: Briefing, pictures: list[bytes]) -> bytes:
    """A 16:9 deck: a title slide, then one slide per chart with its title, the picture (untitled
    PNGs from render_pngs(..., titled=False)) and the narrative in the notes."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    deck.core_properties.title = clean(b.title)
    deck.core_properties.subject = clean(b.subtitle)
    deck.core_properties.language = "vi-VN" if b.lang == "vi" else "en-GB"
    margin = Inches(0.5)
    width = deck.slide_width - 2 * margin

    def style(frame, size: int, colour=TITLE_COLOUR, bold: bool = False):
        for paragraph in frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(size)
                run.font.bold = bold
                run.font.color.rgb = RGBColor(*colour)

    # the default template's placeholders are laid out for 4:3: place them for 16:9 here
    first = deck.slides.add_slide(deck.slide_layouts[0])
    title, subtitle = first.shapes.title, first.placeholders[1]
    title.left, title.top, title.width, title.height = margin, Inches(2.3), width, Inches(1.8)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = margin, Inches(4.3), width, Inches(1.2)
    title.text = clean(b.title)
    subtitle.text = clean(b.subtitle).replace(" · ", "\n", 1)  # the scope on its own line, then source and note
    style(title.text_frame, 40, bold=True)
    style(subtitle.text_frame, 20, colour=(0x55, 0x55, 0x55))
    first.notes_slide.notes_text_frame.text = notes_text(b)

    title_h = Inches(1.0)
    room_h = deck.slide_height - title_h - Inches(0.35)
    pic_h = min(room_h, int(width * 9 / 16))
    pic_w = int(pic_h * 16 / 9)
    for i, (slide_def, png) in enumerate(zip(b.slides, pictures)):
        slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only"
        title = slide.shapes.title
        title.left, title.top, title.width, title.height = margin, Inches(0.2), width, title_h - Inches(0.1)
        title.text = clean(slide_def.title)
        title.text_frame.word_wrap = True
        style(title.text_frame, 26, bold=True)  # one line for titles of ~60 characters
        slide.shapes.add_picture(
            io.BytesIO(png), int((deck.slide_width - pic_w) / 2), title_h + Inches(0.1), pic_w, pic_h
        )
        slide.notes_slide.notes_text_frame.text = notes_text(b, i)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def briefing_bytes(b: Briefing, renderer: Renderer, fmt: str) -> bytes:
    """The briefing as one file of format `fmt` (.pptx, .zip or .pdf).

    Raises ValueError for another format, render.RenderUnavailable when charts cannot be drawn.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}: {fmt!r}")
    if fmt == ".pptx":
        return pptx_bytes(b, render_pngs(b, renderer, titled=False))
    pngs = render_pngs(b, renderer)
    return zip_bytes(b, pngs) if fmt == ".zip" else pdf_bytes(b, pngs)


def write_briefing(b: Briefing, renderer: Renderer, path: str | Path) -> Path:
    """Write the briefing to `path`; its suffix (.pptx, .zip, .pdf) chooses the format."""
    path = Path(path)
    data = briefing_bytes(b, renderer, path.suffix)
    path.write_bytes(data)
    return path
