"""Cells of every spreadsheet and CSV file Kizuna writes, safe to open in Excel.

Text that people typed (an application's title, an event's description) is written as text, never as a
formula: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula by
Excel or LibreOffice (`=HYPERLINK(...)` sends the reader away; DDE formulas run commands), so it gets a leading
`'`, as OWASP's CSV-injection guidance says. Numbers, dates and empty cells are left as they are, so that they
stay numbers and dates.
"""

import csv
import io
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value` as it should go into a cell: text that a spreadsheet would read as a formula is prefixed with `'`;
    anything that is not text (numbers, dates, None) is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header: list, rows) -> bytes:
    """A CSV file that Excel opens with its Japanese intact (UTF-8 with a BOM, CRLF lines), every cell safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(v) for v in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class _Line:
    """A file-like object whose `write` returns what it was given (csv.writer writes one line at a time)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list, rows):
    """The lines of the same CSV file as `csv_bytes`, one by one (for a StreamingHttpResponse): a file of
    thousands of rows is never held whole in memory."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield ("\ufeff" + writer.writerow([safe_cell(v) for v in header])).encode("utf-8")
    for row in rows:
        yield writer.writerow([safe_cell(v) for v in row]).encode("utf-8")
