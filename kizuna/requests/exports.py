"""The yearly list of completed research, as Excel, for every branch."""

from io import BytesIO

from django.utils.translation import gettext as _
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
