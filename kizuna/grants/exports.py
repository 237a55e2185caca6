"""The board's Excel workbook of a call: applications, amounts, scores and decisions."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kizuna.core.spreadsheets import safe_cell

from . import queries

HEADERS = ["ID", "申請者 Applicant", "事業名 Project", "状態 Status", "申請額 Requested (¥)",
           "交付決定額 Decided (¥)", "審査件数 Reviews", "加重平均点 Weighted score", "順位 Rank"]


def call_workbook(user, call) -> bytes:
    """The ranking as `user` may see it: the applicant's name only where `grants.view_applicant` allows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Applications"
    sheet.append([safe_cell(f"{call.scheme.name} — {call.title}")])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(["予算枠 Envelope (¥)", call.envelope])
    sheet.append([])
    sheet.append(HEADERS)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for rank, row in enumerate(queries.ranking(user, call), start=1):
        a = row.application
        applicant = _("(hidden: blind review)") if a.applicant_name is None else a.applicant_name
        sheet.append([safe_cell(v) for v in (
            a.pk, applicant, a.title, a.get_status_display(), a.requested_amount, a.decided_amount,
            row.reviews, row.score, rank if row.score is not None else None)])
    for column, width in enumerate([8, 28, 40, 18, 16, 16, 10, 14, 8], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A5"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
