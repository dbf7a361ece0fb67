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
# Arial: in PowerPoint and Google Slides, and in LibreOffice as Liberation Sans (same metrics;
# Debian package fonts-liberation), with every Vietnamese letter in all three
DECK_FONT = "Arial"


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


def title_lines(b: Briefing) -> list[str]:
    """The title page's lines under the title: the scope, the source and demo note, the data status."""
    lines = clean(b.subtitle).split(" · ")
    return [*lines, clean(b.status)] if b.status else lines


def _font(run, size: int, colour=TITLE_COLOUR, bold: bool = False) -> None:
    """Every run names its font for Latin, East Asian and complex scripts (a:latin, a:ea, a:cs):
    PowerPoint, LibreOffice (Liberation Sans, of Arial's metrics) and Google Slides then draw the
    same letters, never a theme font that lacks the Vietnamese ones."""
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    run.font.name = DECK_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = RGBColor(*colour)
    props = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):
        found = props.find(qn(tag))
        if found is None:
            found = props.makeelement(qn(tag), {})
            props.append(found)
        found.set("typeface", DECK_FONT)


def _fill(frame, lines: list[tuple[str, int, bool, tuple]], bullets: bool = False) -> None:
    """Write `lines` (text, size, bold, colour) into a text frame, one paragraph each."""
    from pptx.util import Pt

    frame.clear()
    frame.word_wrap = True
    for i, (text, size, bold, colour) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(6)
        run = paragraph.add_run()
        run.text = clean(text)
        _font(run, size, colour, bold)


def pptx_bytes(b: Briefing, pictures: list[bytes]) -> bytes:
    """A 16:9 deck: a title slide (title, scope, source, data status), the opening word slides
    (key messages), one slide per chart with its title and picture (untitled PNGs from
    render_pngs(..., titled=False)), then the closing word slides; the narrative in the notes.
    Every run's font is named (DECK_FONT)."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    deck.core_properties.title = clean(b.title)
    deck.core_properties.subject = clean(b.subtitle)
    deck.core_properties.language = "vi-VN" if b.lang == "vi" else "en-GB"
    margin = Inches(0.5)
    width = deck.slide_width - 2 * margin
    grey = (0x33, 0x33, 0x33)

    # the default template's placeholders are laid out for 4:3: place them for 16:9 here
    first = deck.slides.add_slide(deck.slide_layouts[0])
    title, subtitle = first.shapes.title, first.placeholders[1]
    title.left, title.top, title.width, title.height = margin, Inches(1.8), width, Inches(1.9)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = margin, Inches(3.9), width, Inches(2.4)
    _fill(title.text_frame, [(b.title, 40, True, TITLE_COLOUR)])
    _fill(subtitle.text_frame, [(line, 20, False, (0x55, 0x55, 0x55)) for line in title_lines(b)])
    first.notes_slide.notes_text_frame.text = notes_text(b)

    title_h = Inches(1.0)

    def titled(text: str):
        slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only"
        head = slide.shapes.title
        head.left, head.top, head.width, head.height = margin, Inches(0.2), width, title_h - Inches(0.1)
        _fill(head.text_frame, [(text, 26, True, TITLE_COLOUR)])  # one line for titles of ~60 characters
        return slide

    def words(text_slide) -> None:
        slide = titled(text_slide.title)
        n = len(text_slide.columns)
        gap = Inches(0.3)
        col_w = int((width - gap * (n - 1)) / n)
        for j, (heading, bullets) in enumerate(text_slide.columns):
            box = slide.shapes.add_textbox(
                margin + j * (col_w + gap), title_h + Inches(0.1), col_w, deck.slide_height - title_h - Inches(0.5)
            )
            lines = [(heading, 20, True, TITLE_COLOUR)] if heading else []
            size = {1: 18, 2: 16}.get(n, 14)
            lines += [(f"• {bullet}", size, False, grey) for bullet in bullets]
            _fill(box.text_frame, lines)
        slide.notes_slide.notes_text_frame.text = notes_text(b)

    for text_slide in b.opening:
        words(text_slide)
    room_h = deck.slide_height - title_h - Inches(0.35)
    pic_h = min(room_h, int(width * 9 / 16))
    pic_w = int(pic_h * 16 / 9)
    for i, (slide_def, png) in enumerate(zip(b.slides, pictures)):
        slide = titled(slide_def.title)
        slide.shapes.add_picture(
            io.BytesIO(png), int((deck.slide_width - pic_w) / 2), title_h + Inches(0.1), pic_w, pic_h
        )
        slide.notes_slide.notes_text_frame.text = notes_text(b, i)
    for text_slide in b.closing:
        words(text_slide)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def title_page(b: Briefing, renderer: Renderer) -> bytes:
    """The PDF's title page as a PNG of the slides' size: the title, the scope, source and data
    status, drawn by the same browser as the charts (so in the same fonts)."""
    import plotly.graph_objects as go

    from cchc_metrics.present.render import SLIDE_HEIGHT, SLIDE_WIDTH

    fig = go.Figure()
    fig.update_layout(
        width=SLIDE_WIDTH,
        height=SLIDE_HEIGHT,
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis={"visible": False},
        yaxis={"visible": False},
        margin={"l": 40, "r": 40, "t": 40, "b": 40},
    )
    colour = "#" + "".join(f"{c:02x}" for c in TITLE_COLOUR)
    fig.add_annotation(
        text=f"<b>{_html(b.title)}</b>",
        x=0.5,
        y=0.62,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 34, "color": colour},
    )
    for k, line in enumerate(title_lines(b)):
        fig.add_annotation(
            text=_html(line),
            x=0.5,
            y=0.45 - 0.07 * k,
            xref="paper",
            yref="paper",
            showarrow=False,
            font={"size": 18, "color": "#555555"},
        )
    return renderer.png(fig)


def _html(text: str) -> str:
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
    return zip_bytes(b, pngs) if fmt == ".zip" else pdf_bytes(b, [title_page(b, renderer), *pngs])


def write_briefing(b: Briefing, renderer: Renderer, path: str | Path) -> Path:
    """Write the briefing to `path`; its suffix (.pptx, .zip, .pdf) chooses the format."""
    path = Path(path)
    data = briefing_bytes(b, renderer, path.suffix)
    path.write_bytes(data)
    return path
