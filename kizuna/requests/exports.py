"""The yearly list of completed research, as Excel, for every branch."""

from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _l
from openpyxl import Workbook
from openpyxl.styles import Font

from kizuna.core.countries import country_name
from kizuna.core.spreadsheets import safe_cell

from . import queries

COLUMNS = (_l("No."), _l("Title"), _l("Requester"), _l("Country"), _l("Theme"), _l("Office"), _l("Filed"),
           _l("Answered"), _l("Published"))


def completed_research_xlsx(year: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"FY{year}"
    sheet.append([str(c) for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in queries.completed_research(year):
        sheet.append([safe_cell(v) for v in (
            r.pk, r.title, r.requester.name, country_name(r.country), r.theme, r.office.name if r.office else "",
            r.submitted_at.date(), r.answered_at.date(), _("yes") if r.is_public else _("no"))])
    sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# Written with gettext_lazy itself: makemessages does not know the `_l` alias.
REPORT_COLUMNS = (gettext_lazy("Office or kind"), gettext_lazy("Requests"), gettext_lazy("Answered"),
                  (gettext_lazy("First response in time"), " (%)"), (gettext_lazy("Resolution in time"), " (%)"),
                  gettext_lazy("First response, median (working hours)"),
                  gettext_lazy("First response, mean (working hours)"),
                  gettext_lazy("Resolution, median (working hours)"), gettext_lazy("Resolution, mean (working hours)"),
                  gettext_lazy("Ratings"), gettext_lazy("Mean rating"), (gettext_lazy("Satisfied"), " (%)"),
                  gettext_lazy("Time spent (hours)"))
MONTH_COLUMNS = (gettext_lazy("Month"), gettext_lazy("Ratings"), gettext_lazy("Mean rating"),
                 (gettext_lazy("Satisfied"), " (%)"))


def _heading(column) -> str:
    return "".join(str(part) for part in column) if isinstance(column, tuple) else str(column)


def _figures_row(f) -> list:
    return [safe_cell(f.label), f.volume, f.answered, f.first_pct, f.resolution_pct, f.first_median, f.first_mean,
            f.resolution_median, f.resolution_mean, len(f.ratings), f.rating_mean, f.satisfied_pct, f.hours_spent]


def _sheet(book, title: str, header, rows, first: bool = False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title[:31]
    sheet.append([_heading(c) for c in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    return sheet


def report_xlsx(report) -> bytes:
    """The report's three tables, one sheet each: by office (with the total), by kind, satisfaction by month."""
    book = Workbook()
    _sheet(book, _("By office"), REPORT_COLUMNS,
           [_figures_row(f) for f in (*report.by_office, report.total)], first=True)
    _sheet(book, _("By kind"), REPORT_COLUMNS, [_figures_row(f) for f in (*report.by_kind, report.total)])
    _sheet(book, _("Satisfaction by month"), MONTH_COLUMNS,
           [[m.month.strftime("%Y-%m"), m.rated, m.rating_mean, m.satisfied_pct] for m in report.months])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
