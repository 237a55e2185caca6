"""Text out of the library's files: PDF (pypdf, page by page), Word (paragraphs and tables) and Excel (cell
text). A PDF whose pages hold (almost) no text is a scan: it is flagged, not indexed as empty words."""

import io
import logging
from dataclasses import dataclass

from .enums import Extraction, FileFormat

log = logging.getLogger(__name__)

# Fewer letters than this per page on average: the PDF is a scan (or images of text) and needs OCR.
SCAN_CHARS_PER_PAGE = 20
MAX_CHARS = 2_000_000  # the most text kept of one file (a 1,000-page report holds about this much)


@dataclass
class Extracted:
    status: str
    text: str = ""
    pages: int | None = None


def _pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader  # noqa: PLC0415 - loaded by the worker only, not by every page

    reader = PdfReader(io.BytesIO(data))
    pages = [(page.extract_text() or "").strip() for page in reader.pages]
    letters = sum(sum(ch.isalnum() for ch in text) for text in pages)
    if not pages or letters < SCAN_CHARS_PER_PAGE * len(pages):
        return Extracted(Extraction.NO_TEXT, "", len(pages))
    return Extracted(Extraction.DONE, "\n\n".join(pages)[:MAX_CHARS], len(pages))


def _docx(data: bytes) -> Extracted:
    from docx import Document  # noqa: PLC0415 - loaded by the worker only

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    text = "\n".join(parts)
    return Extracted(Extraction.DONE if text.strip() else Extraction.NO_TEXT, text[:MAX_CHARS])


def _xlsx(data: bytes) -> Extracted:
    from openpyxl import load_workbook  # noqa: PLC0415 - loaded by the worker only

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines = []
    for sheet in book.worksheets:
        lines.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            cells = [str(v) for v in row if v not in (None, "")]
            if cells:
                lines.append("\t".join(cells))
    book.close()
    text = "\n".join(lines)
    return Extracted(Extraction.DONE if text.strip() else Extraction.NO_TEXT, text[:MAX_CHARS], len(book.sheetnames))


READERS = {FileFormat.PDF: _pdf, FileFormat.DOCX: _docx, FileFormat.XLSX: _xlsx}


def extract(data: bytes, file_format: str) -> Extracted:
    """The file's text and page count, or the reason there is none (never raises for a bad file)."""
    try:
        return READERS[file_format](data)
    except Exception as error:  # noqa: BLE001 - a damaged file breaks its reader in any of its own ways
        log.warning("library: could not read a %s file: %s", file_format, error)
        return Extracted(Extraction.FAILED)
