"""Reading the spreadsheets people upload (CSV from Excel or any tool, or .xlsx) into rows, for imports that are
all or nothing: every row is checked first, and a report says what each row would do or why it is refused.

    table = read_table(upload.read(), upload.name, columns=COLUMNS)   # raises ValidationError for the file
    for row in table.rows: ...                                         # row.line, row["jet_number"], ...
    report = ImportReport(); report.add(row.line, key, "error", message) ...

`columns` maps each field to the headers people write for it (English and Japanese, any case or width).
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import pycountry
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .codes import normalise_code

MAX_ROWS = 10_000
MAX_BYTES = 10 * 1024 * 1024


def _header(text) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).strip().lstrip("\ufeff").lower().replace("_", " ")


@dataclass
class Row:
    line: int  # as the spreadsheet numbers it: the header is line 1
    values: dict

    def __getitem__(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass
class Table:
    rows: list
    missing: list  # required columns not found
    found: bool = True  # False when the workbook has no sheet of the names asked for


@dataclass
class ImportReport:
    """What an import did or would do, row by row: (line, key, outcome, message); outcome is "ok", "skipped" or
    "error". `saved` is True only when every row passed and the whole file was written."""

    saved: bool = False
    rows: list = field(default_factory=list)

    def add(self, line: int, key: str, outcome: str, message: str) -> None:
        self.rows.append((line, key, outcome, message))

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r[2] == "error")

    @property
    def ok(self) -> int:
        return sum(1 for r in self.rows if r[2] == "ok")


def _csv_rows(content: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp932"):  # Excel in Japan saves CSV as Shift_JIS (cp932)
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("The file is neither UTF-8 nor Shift_JIS text. Save it as CSV (UTF-8) or .xlsx."),
                              code="encoding")
    return list(csv.reader(io.StringIO(text)))


def _xlsx_rows(content: bytes, names: tuple[str, ...] = ()) -> list[list[str]] | None:
    """The first worksheet's rows, or those of the first sheet called one of `names` (None if there is none)."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise ValidationError(_("The file could not be read as an Excel workbook (.xlsx)."), code="xlsx") from error
    if names:
        wanted = {_header(name) for name in names}
        sheet = next((s for s in book.worksheets if _header(s.title) in wanted), None)
        if sheet is None:
            book.close()
            return None
    else:
        sheet = book.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append(["" if v is None else (v.isoformat()[:10] if hasattr(v, "isoformat") else str(v)).strip()
                     for v in values])
    book.close()
    return rows


def read_table(content: bytes, filename: str, *, columns: dict[str, tuple[str, ...]],
               required: tuple[str, ...] = (), max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES,
               sheet: tuple[str, ...] = ()) -> Table:
    """The rows of an uploaded CSV or .xlsx file, each a dict of the `columns` found in its header row. An
    import of a whole register (80,000 alumni) raises `max_rows` and `max_bytes`. A workbook of several tables
    names the one to read by `sheet` (its names in any language); without that sheet, `found` is False."""
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(content) > max_bytes:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)},
                              code="too_large")
    name = (filename or "").lower()
    if name.endswith(".xlsx") or content[:2] == b"PK":
        raw = _xlsx_rows(content, sheet)
        if raw is None:
            return Table(rows=[], missing=[], found=False)
    elif name.endswith((".csv", ".txt")) or not name:
        raw = _csv_rows(content)
    else:
        raise ValidationError(_("Upload a CSV or an Excel (.xlsx) file."), code="file_type")
    numbered = [(line, r) for line, r in enumerate(raw, start=1) if any(str(c).strip() for c in r)]
    if not numbered:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(numbered) - 1 > max_rows:
        raise ValidationError(_("The file has more than %(n)s rows; split it.") % {"n": f"{max_rows:,}"},
                              code="too_many_rows")
    names = {_header(alias): key for key, aliases in columns.items() for alias in (key, *aliases)}
    positions = {}
    for i, cell in enumerate(numbered[0][1]):
        key = names.get(_header(cell))
        if key and key not in positions:
            positions[key] = i
    missing = [key for key in required if key not in positions]
    rows = [Row(line, {key: (str(values[i]).strip() if i < len(values) else "") for key, i in positions.items()})
            for line, values in numbered[1:]]
    return Table(rows=rows, missing=missing)


def cell_country(value: str) -> str | None:
    """A country as people write it in a sheet (US, USA, United States) → its alpha-2 code, or None."""
    text = value.strip()
    if not text:
        return None
    try:
        found = pycountry.countries.lookup(text)
    except LookupError:
        return None
    return found.alpha_2


def cell_date(value: str) -> date | None:
    """A date as people write it in a sheet (2026-04-01, 2026/4/1, full-width digits) or None."""
    text = normalise_code(value).replace("/", "-").replace(".", "-")
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not match:
        return parse_date(text) if text else None
    try:
        return date(*map(int, match.groups()))
    except (ValueError, TypeError):
        return None
