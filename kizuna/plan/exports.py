"""The dashboard as an Excel workbook: a row per KPI, names in both languages, Q1–Q4, year, progress."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kizuna.core.spreadsheets import safe_cell

from .queries import MEASURED, NO_FIGURE, NOT_BROKEN_DOWN, NOT_MEASURED, QUARTERS, Dashboard, Figure

WIDTHS = {"name": 40, "code": 12, "number": 11}


def status_label(status: str) -> str:
    return {
        MEASURED: _("Measured"),
        NOT_MEASURED: _("Not yet measured"),
        NO_FIGURE: _("No figure yet"),
        NOT_BROKEN_DOWN: _("Not broken down by office"),
    }[status]


def _headers() -> list[tuple[str, str]]:
    return [
        (_("Area"), "number"), (_("Area (Japanese)"), "name"), (_("Area (English)"), "name"),
        (_("Programme code"), "code"), (_("Programme (Japanese)"), "name"),
        (_("Programme (English)"), "name"),
        (_("Division"), "code"), (_("KPI code"), "code"), (_("KPI (Japanese)"), "name"),
        (_("KPI (English)"), "name"), (_("Unit"), "number"), (_("Target"), "number"),
        (_("Target set by"), "code"), *[(f"Q{q}", "number") for q in QUARTERS], (_("Year"), "number"),
        (_("Progress (%)"), "number"), (_("Status"), "code"),
    ]


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _value(fig: Figure):
    """An actual for a cell: a number, or empty — never 0 for a KPI that is not measured."""
    return _number(fig.value) if fig.measured else None


def _rows(board: Dashboard):
    for area_row in board.areas:
        area = area_row.area
        for programme_row in area_row.programmes:
            p = programme_row.programme
            for row in programme_row.kpis:
                kpi = row.kpi
                yield [
                    area.number, area.name, area.name_en, p.code, p.name, p.name_en, p.display_division,
                    kpi.code, kpi.name, kpi.name_en, kpi.display_unit, _number(kpi.target),
                    kpi.get_target_basis_display() if kpi.target is not None else None,
                    *[_value(row.quarters[q]) for q in QUARTERS], _value(row.figure),
                    float(row.progress) if row.progress is not None else None,
                    status_label(row.figure.status),
                ]


def _notes(wb: Workbook, board: Dashboard) -> None:
    sheet = wb.create_sheet(_("About"))
    org = board.organisation
    for line in [
        (_("Plan"), str(board.fiscal_year.label)),
        (_("Figures for"), org.display_name if org else _("All of CLAIR")),
        (_("Exported at"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        (_("Empty actual"), _("Not yet measured, or no figure yet: see the Status column. Never zero.")),
        (_("Targets"), _("Most targets are demo values set by Kizuna, not by CLAIR: see the column "
                         "“Target set by”.")),
    ]:
        sheet.append([safe_cell(v) for v in line])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 90


def dashboard_workbook(board: Dashboard) -> bytes:
    """`board` must be computed with quarters (queries.dashboard(..., with_quarters=True))."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = f"FY{board.fiscal_year.year}"
    headers = _headers()
    sheet.append([label for label, _kind in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF9")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in _rows(board):
        sheet.append([safe_cell(v) for v in row])
    for i, (_label, kind) in enumerate(headers, 1):
        sheet.column_dimensions[get_column_letter(i)].width = WIDTHS[kind]
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    _notes(wb, board)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
