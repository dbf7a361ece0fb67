"""Word documents in the Vietnamese administrative layout (Decree 30/2020/NĐ-CP): the issuing
body and the national motto side by side at the top, the number and the place-and-date line, the
document's kind and title centred, numbered sections, tables, and the recipients and signature
block at the end. Times New Roman throughout (13 pt body, 12–14 pt headings, as official
documents use), A4 with the decree's margins.

A document is described as data (`Doc`: header texts and a list of blocks) by the views and
written here: nothing in this module words anything, every text arrives finished.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"
BODY_PT = 13
SMALL_PT = 12
TITLE_PT = 14
MIME_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Heading:
    """A section heading (level 1: "I. …" bold upper case as given; level 2: bold)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    """A paragraph; `bullet`: written after a dash, as administrative lists are."""

    text: str
    bullet: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Grid:
    """A table: header row and rows of cell texts (already formatted)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_cm: tuple[float, ...] = ()


@dataclass(frozen=True)
class Doc:
    """An administrative document: issuer lines (the body above, the issuing office below),
    the national name and motto, number and place-date lines, kind ("KẾ HOẠCH", "BÁO CÁO") and
    title, the blocks, the recipients list and the signature block (title, and the signer's
    name placeholder)."""

    issuer_parent: str
    issuer: str
    nation: str
    motto: str
    number: str
    place_date: str
    kind: str
    title: str
    blocks: tuple = field(default=())
    recipients_label: str = ""
    recipients: tuple[str, ...] = ()
    signer_title: str = ""
    signer_name: str = ""
    draft_mark: str = ""


def _font(run, size: float = BODY_PT, bold: bool = False, italic: bool = False) -> None:
    """Every run names its font for Latin, East Asian and complex scripts: Word, LibreOffice and
    Google Docs then all draw Times New Roman, never a fallback for the Vietnamese letters."""
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _para(box, text: str, size: float = BODY_PT, bold=False, italic=False, align=None, after: float = 3):
    p = box.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    for i, line in enumerate(str(text).split("\n")):
        run = p.add_run(line)
        _font(run, size, bold, italic)
        if i < len(str(text).split("\n")) - 1:
            run.add_break()
    return p


def _cell(cell, text: str, size: float = SMALL_PT, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    first = True
    for line in str(text).split("\n"):
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        _font(p.add_run(line), size, bold, italic)


def _widths(table, widths_cm) -> None:
    """Fixed column widths (the grid and every cell): Word and LibreOffice then lay the table
    out alike, instead of fitting columns to their contents."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def _tight(table) -> None:
    """Cells without side padding: the national name keeps to one line in its column."""
    from docx.oxml import OxmlElement

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.append(margins)


def _no_borders(table) -> None:
    borders = table._tbl.tblPr.first_child_found_in("w:tblBorders")
    if borders is not None:
        table._tbl.tblPr.remove(borders)


def document(doc: Doc):
    """The python-docx Document of `doc`."""
    out = Document()
    section = out.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    style = out.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    head = out.add_table(rows=2, cols=2)
    _no_borders(head)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    _tight(head)
    _widths(head, (7.4, 9.1))
    _cell(head.cell(0, 0), f"{doc.issuer_parent}\n{doc.issuer}", SMALL_PT, bold=False)
    issuer = head.cell(0, 0).paragraphs[-1]
    for run in issuer.runs:
        run.font.bold = True
    _cell(head.cell(0, 1), doc.nation, SMALL_PT, bold=True)
    motto = head.cell(0, 1).add_paragraph()
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(motto.add_run(doc.motto), BODY_PT, bold=True)
    _cell(head.cell(1, 0), doc.number, BODY_PT)
    _cell(head.cell(1, 1), doc.place_date, BODY_PT, italic=True)

    if doc.draft_mark:
        _para(out, doc.draft_mark, SMALL_PT, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT, after=0)
    _para(
        out, doc.kind, TITLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0
    ).paragraph_format.space_before = Pt(12)
    _para(out, doc.title, TITLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)

    for block in doc.blocks:
        if isinstance(block, Heading):
            p = _para(out, block.text, BODY_PT, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=3)
            p.paragraph_format.space_before = Pt(6)
        elif isinstance(block, Para):
            text = f"- {block.text}" if block.bullet else block.text
            p = _para(out, text, BODY_PT, italic=block.italic, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            p.paragraph_format.first_line_indent = Cm(1.0)
        elif isinstance(block, Grid):
            _grid(out, block)
        else:
            raise TypeError(f"cannot write {type(block).__name__}")

    foot = out.add_table(rows=1, cols=2)
    _no_borders(foot)
    _widths(foot, (8.0, 8.5))
    left, right = foot.cell(0, 0), foot.cell(0, 1)
    _cell(left, doc.recipients_label, SMALL_PT, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in doc.recipients:
        p = left.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        _font(p.add_run(f"- {line}"), 11)
    _cell(right, doc.signer_title, BODY_PT, bold=True)
    for _ in range(3):
        right.add_paragraph()
    name = right.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(name.add_run(doc.signer_name), BODY_PT, bold=True)
    return out


def _grid(out, grid: Grid) -> None:
    table = out.add_table(rows=1 + len(grid.rows), cols=len(grid.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for j, title in enumerate(grid.columns):
        _cell(table.cell(0, j), title, SMALL_PT, bold=True)
    for i, row in enumerate(grid.rows, start=1):
        for j, value in enumerate(row):
            align = WD_ALIGN_PARAGRAPH.LEFT if j and not _numeric(value) else WD_ALIGN_PARAGRAPH.CENTER
            _cell(table.cell(i, j), value, SMALL_PT, align=align)
    if grid.widths_cm:
        _widths(table, grid.widths_cm)
    _para(out, "", SMALL_PT, after=3)


def _numeric(value: str) -> bool:
    text = str(value).replace(" ", "").replace("%", "").replace(",", "").replace(".", "").lstrip("+-−")
    return text.isdigit()


def docx_bytes(doc: Doc) -> bytes:
    """The .docx file of `doc`."""
    buffer = io.BytesIO()
    document(doc).save(buffer)
    return buffer.getvalue()


def doc_text(data: bytes) -> list[str]:
    """Every paragraph's text of a .docx, the tables' cells included (row by row, cells joined by
    " | "), in document order: what a test or a reader checks."""
    from docx import Document as Open

    opened = Open(io.BytesIO(data))
    out = []
    body = opened.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            out.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                cells = []
                for cell in row.iter(qn("w:tc")):
                    paras = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in cell.iter(qn("w:p"))]
                    cells.append("\n".join(paras).strip())
                out.append(" | ".join(cells))
    return out
