"""Signs and boards as Word files (.docx, python-docx), for people who edit them locally before printing: the
same texts, review marks (*) and notes as the PDF, in the Noto family of each language. Pictograms and the QR
code are left to the PDF."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .enums import LANGUAGES, Orientation, PageSize

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _page(document, size: str, orientation: str) -> None:
    short, long = (297, 420) if size == PageSize.A3 else (210, 297)
    section = document.sections[0]
    landscape = orientation == Orientation.LANDSCAPE
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(long), Mm(short)) if landscape else (Mm(short), Mm(long))
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))


def _run(paragraph, text: str, language, points: float, bold: bool = False):
    """A run in the font of its language's script (East Asian text needs the eastAsia font set too)."""
    run = paragraph.add_run(text)
    run.font.size = Pt(points)
    run.font.bold = bold
    run.font.name = language.font
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), language.font)
    return run


def _line(container, line, points: float, bold: bool = False):
    paragraph = container.add_paragraph()
    _run(paragraph, marked(line), line.language, points, bold)
    return paragraph


def _notes(container, notes) -> None:
    paragraph = container.add_paragraph()
    for n, (language, reviewed, text) in enumerate(notes):
        _run(paragraph, ("" if reviewed else "* ") + text + (" · " if n + 1 < len(notes) else ""), language, 8)


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sign_docx(sign, online_url: str = "") -> bytes:
    """One page per message, its texts in the size the PDF starts from, then the local details and the notes."""
    document = Document()
    _page(document, sign.spec.size, sign.spec.orientation)
    japanese = LANGUAGES["ja"]
    for n, block in enumerate(sign.blocks):
        for i, line in enumerate(block.lines):
            _line(document, line, block.points * (1.3 if i == 0 else 1.0), bold=i == 0)
        for value in sign.spec.details.values():
            _run(document.add_paragraph(), value, japanese, 16, bold=True)
        _notes(document, block.notes)
        if online_url:
            _run(document.add_paragraph(), online_url, LANGUAGES["en"], 8)
        if n + 1 < len(sign.blocks):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return _bytes(document)


def board_docx(title_items, cells, notes, *, size: str, orientation: str, columns: int = 2) -> bytes:
    """A pointing board, the language board or the registration card: its title in each language, a table of
    cells (each a list of (language, text), the first in bold), the notes."""
    document = Document()
    _page(document, size, orientation)
    heading = document.add_paragraph()
    for n, (language, text) in enumerate(title_items):
        _run(heading, text + (" / " if n + 1 < len(title_items) else ""), language, 16, bold=True)
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    for start in range(0, len(cells), columns):
        row = table.add_row().cells
        for cell, texts in zip(row, cells[start:start + columns], strict=False):
            for i, (language, text) in enumerate(texts):
                paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                _run(paragraph, text, language, 14 if i == 0 else 11, bold=i == 0)
    _notes(document, notes)
    return _bytes(document)


def marked(line) -> str:
    return line.text + (" *" if line.marked else "")


def block_cells(sign) -> list[list[tuple]]:
    """The cells of a board: each message with its texts in the sign's languages."""
    return [[(line.language, marked(line)) for line in block.lines] for block in sign.blocks]
