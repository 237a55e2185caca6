"""The board's Excel workbook of a call: applications, amounts, scores and decisions."""

from io import BytesIO

from django.db.models import Sum
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kizuna.core.spreadsheets import safe_cell

from . import queries
from .models import CostLine, IncomeLine

HEADERS = ["ID", "申請者 Applicant", "事業名 Project", "状態 Status", "申請額 Requested (¥)",
           "交付決定額 Decided (¥)", "総事業費 Total cost (¥)", "補助対象経費 Eligible cost (¥)",
           "その他の収入 Other income (¥)", "審査件数 Reviews", "加重平均点 Weighted score", "順位 Rank"]


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
    costs, eligible, income = _budget_totals(call)
    for rank, row in enumerate(queries.ranking(user, call), start=1):
        a = row.application
        applicant = _("(hidden: blind review)") if a.applicant_name is None else a.applicant_name
        sheet.append([safe_cell(v) for v in (
            a.pk, applicant, a.title, a.get_status_display(), a.requested_amount, a.decided_amount,
            costs.get(a.pk, 0), eligible.get(a.pk, 0), income.get(a.pk, 0),
            row.reviews, row.score, rank if row.score is not None else None)])
    for column, width in enumerate([8, 28, 40, 18, 16, 16, 16, 16, 16, 10, 14, 8], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A5"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _budget_totals(call) -> tuple[dict, dict, dict]:
    """Per application of the call: its total cost, eligible cost and income besides the grant (three queries,
    however many applications)."""
    lines = CostLine.objects.filter(application__call=call).values("application_id")
    costs = dict(lines.annotate(total=Sum("amount")).values_list("application_id", "total"))
    eligible = dict(lines.filter(eligible=True).annotate(total=Sum("amount")).values_list("application_id", "total"))
    income = dict(IncomeLine.objects.filter(application__call=call).values("application_id")
                  .annotate(total=Sum("amount")).values_list("application_id", "total"))
    return costs, eligible, income
